//! What a `build.rs` or tool does with kubelab: render a lab into a directory, atomically,
//! and check it later. In a real `build.rs`, pass `std::env::var("OUT_DIR")`.
//!
//! Run with `cargo run -p kubelab --example build_script [DIR]`.

use kubelab::codegen::{self, GeneratedFile};
use std::path::{Path, PathBuf};

/// The course this example renders: one load-balanced lab.
const COURSE: &str = r#"
course: { title: Build script demo, studentDir: "~/demo" }
labs:
  - id: lb
    title: Load balancing across replicas
    output: deploy_lb/deployment_lb.yaml
    deployment:
      name: ml-kube-app
      image: node-0:5000/ml-app:0.0.1
      replicas: 5
      ports: [{ containerPort: 5000 }]
      readinessProbe: { path: /test, port: 5000, periodSeconds: 5 }
    service:
      name: ml-kube-service
      type: LoadBalancer
      ports: [{ port: 6000, targetPort: 5000, nodePort: 32000 }]
"#;

/// Renders the course into `out_dir`; returns the files written.
fn generate(out_dir: &Path) -> Result<Vec<String>, kubelab::Error> {
    let course = kubelab::course::parse(COURSE, "examples/build_script.rs")?;
    let options = kubelab::Options::builder()
        .header(kubelab::manifest::header(
            "kubelab",
            "examples/build_script.rs",
        ))
        .build();
    let files: Vec<GeneratedFile> = kubelab::generate(&course, &options)?.files;
    let report = codegen::write(out_dir, &files)?;
    // The same files, checked: nothing is stale right after writing.
    assert!(codegen::check(out_dir, &files)?.is_empty());
    Ok(report.written)
}

fn main() -> Result<(), kubelab::Error> {
    let out_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("kubelab-build-script-{}", std::process::id()))
        });
    let written = generate(&out_dir)?;
    println!(
        "wrote {} file(s) under {}: {written:?}",
        written.len(),
        out_dir.display()
    );
    Ok(())
}
