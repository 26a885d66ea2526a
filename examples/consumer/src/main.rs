//! Renders a course with kubelab from a tool that also uses kube: the objects kubelab builds
//! are the k8s-openapi types kube works with. Writes manifests and pages into the folder
//! given as the first argument.

use kube::ResourceExt as _;

const COURSE: &str = r#"
course: { title: Consumer demo, studentDir: "~/demo" }
cluster: { kubernetesVersion: "1.37" }
labs:
  - id: web
    title: One replica
    output: web/app.yaml
    deployment: { name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
    service: { name: web, type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .ok_or("usage: kubelab-consumer-example OUTPUT_DIR")?;
    let course = kubelab::course::parse(COURSE, "consumer.yaml")?;
    // kube's extension traits work on kubelab's objects: one k8s-openapi in the build.
    let objects = course.labs[0].objects();
    println!("deployment {}", objects.deployment.name_any());
    let generated = kubelab::generate(&course, &kubelab::Options::default())?;
    let report = kubelab::codegen::write(&out, &generated.files)?;
    for path in report.written {
        println!("wrote {path}");
    }
    Ok(())
}
