//! What a `build.rs` or tool does with kubelab: render a lab into a directory, atomically,
//! and check it later. In a real `build.rs`, pass `std::env::var("OUT_DIR")`.
//!
//! Run with `cargo run -p kubelab --example build_script [DIR]`.

use kubelab::codegen::{self, GeneratedFile};
use std::path::{Path, PathBuf};

/// Renders the load-balanced lab into `out_dir`; returns the files written.
fn generate(out_dir: &Path) -> Result<Vec<String>, kubelab::Error> {
    let lab = kubelab::presets::load_balanced();
    let files = vec![GeneratedFile::new(
        &lab.output,
        lab.objects().to_yaml(&kubelab::render::header(
            "kubelab",
            "examples/build_script.rs",
        ))?,
    )];
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
