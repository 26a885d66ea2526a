//! A student's copy of the course: what its pages say must be what the student's own
//! manifests hold (their namespace, their node ports), read back from those manifests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::{Options, generate};
use serde::Deserialize;

const COURSE: &str = r#"
course: { title: T, studentDir: "~/t", namespace: ml-course }
students: 2
defaults:
  deployment:
    image: "nginx:1.27@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    ports: [{ containerPort: 8080 }]
    readinessProbe: { path: /ready, port: 8080 }
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { cpu: 200m, memory: 256Mi }
labs:
  - id: plain
    title: Plain
    output: plain/app.yaml
    deployment: { name: web }
    service: { name: web, type: NodePort, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }
  - id: hardened
    title: Hardened
    profile: hardened
    output: hardened/app.yaml
    deployment: { name: web-hardened }
    service: { name: web-hardened, type: NodePort, ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }] }
"#;

fn file<'a>(generated: &'a kubelab::Generated, path: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path} among the generated files"))
}

/// The Service's nodePort in a manifest, read as YAML.
fn node_port(manifest: &str) -> i64 {
    serde_yaml::Deserializer::from_str(manifest)
        .map(|d| serde_yaml::Value::deserialize(d).unwrap())
        .find(|v| v["kind"] == "Service")
        .and_then(|v| v["spec"]["ports"][0]["nodePort"].as_i64())
        .expect("a Service with a nodePort")
}

#[test]
fn a_students_page_states_the_changes_between_their_own_manifests() {
    let course = kubelab::course::parse(COURSE, "t.yaml").unwrap();
    let generated = generate(&course, &Options::default()).unwrap();
    let student = "students/student-01";
    let before = node_port(file(&generated, &format!("{student}/plain/app.yaml")));
    let after = node_port(file(&generated, &format!("{student}/hardened/app.yaml")));
    assert_ne!(
        (before, after),
        (30080, 30081),
        "the student's ports are their own"
    );
    let page = file(&generated, &format!("{student}/hardened/index.md"));
    let line = format!("- Service spec.ports[0].nodePort: {before} -> {after}");
    assert!(page.contains(&line), "expected `{line}` on:\n{page}");
    assert!(
        !page.contains("ml-course"),
        "the course's namespace is not the student's:\n{page}"
    );
}

#[test]
fn a_hardened_lab_in_a_students_namespace_does_not_claim_enforcement() {
    let course = kubelab::course::parse(COURSE, "t.yaml").unwrap();
    let generated = generate(&course, &Options::default()).unwrap();
    let namespace = file(&generated, "students/student-01/namespace.yaml");
    assert!(
        !namespace.contains("pod-security.kubernetes.io/enforce"),
        "{namespace}"
    );
    let page = file(&generated, "students/student-01/hardened/index.md");
    assert!(!page.contains("enforces that level"), "{page}");
    assert!(page.contains("does not enforce that level"), "{page}");
    // The course's own copy runs in a namespace that does enforce it.
    let labels = file(&generated, "namespaces/ml-course.yaml");
    assert!(
        labels.contains("pod-security.kubernetes.io/enforce: restricted"),
        "{labels}"
    );
    let page = file(&generated, "hardened/index.md");
    assert!(page.contains("`ml-course` enforces that level"), "{page}");
}

#[test]
fn every_object_of_a_students_copy_is_in_their_namespace() {
    let course = kubelab::course::parse(COURSE, "t.yaml").unwrap();
    let generated = generate(&course, &Options::default()).unwrap();
    for student in ["student-01", "student-02"] {
        let mut kinds = Vec::new();
        for lab in ["plain", "hardened"] {
            let manifest = file(&generated, &format!("students/{student}/{lab}/app.yaml"));
            for doc in serde_yaml::Deserializer::from_str(manifest) {
                let doc = serde_yaml::Value::deserialize(doc).unwrap();
                let kind = doc["kind"].as_str().unwrap_or_default().to_owned();
                assert_eq!(
                    doc["metadata"]["namespace"].as_str(),
                    Some(student),
                    "{lab}: {kind} of {student}"
                );
                kinds.push(kind);
            }
        }
        assert!(kinds.iter().any(|k| k == "NetworkPolicy"), "{kinds:?}");
    }
}
