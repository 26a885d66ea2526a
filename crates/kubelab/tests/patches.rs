//! Patches through both doors, and pages that tell the truth about a patched object.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::spec::{
    Course, CourseInfo, Deployment, EnvVar, JsonPatch, Lab, Patch, PatchKind, Service, ServicePort,
    ServiceType, Volume, VolumeMount,
};
use kubelab::{Options, course, generate};
use pretty_assertions::assert_eq;
use std::collections::BTreeMap;

const COURSE_FILE: &str = r#"
course: { title: Patched, studentDir: ~/patched }
labs:
  - id: web
    title: Web
    output: web/app.yaml
    deployment:
      name: web
      image: nginx:1.27
      command: [nginx, -g, daemon off;]
      ports: [{ containerPort: 8080 }]
      env:
        - name: TOKEN
          valueFrom: { secretKeyRef: { name: api, key: token } }
      volumes: [{ name: cache, emptyDir: {} }]
      volumeMounts: [{ name: cache, mountPath: /var/cache/nginx }]
    service:
      name: web
      type: NodePort
      ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }]
    patches:
      - kind: Deployment
        jsonPatch:
          - { op: replace, path: /spec/replicas, value: 3 }
          - { op: add, path: /spec/template/spec/terminationGracePeriodSeconds, value: 5 }
      - kind: Service
        name: web
        mergePatch: { spec: { sessionAffinity: ClientIP } }
"#;

fn built() -> Course {
    let deployment = Deployment::builder()
        .name("web")
        .image("nginx:1.27")
        .command(["nginx", "-g", "daemon off;"])
        .ports([8080])
        .env(vec![EnvVar::from_secret("TOKEN", "api", "token")])
        .volumes(vec![Volume::empty_dir("cache")])
        .volume_mounts(vec![VolumeMount::new("cache", "/var/cache/nginx")])
        .build();
    let service = Service::builder()
        .name("web")
        .service_type(ServiceType::NodePort)
        .ports([ServicePort::builder(80)
            .target_port(8080)
            .node_port(30080)
            .build()])
        .build();
    let operations: JsonPatch = serde_json::from_value(serde_json::json!([
        { "op": "replace", "path": "/spec/replicas", "value": 3 },
        { "op": "add", "path": "/spec/template/spec/terminationGracePeriodSeconds", "value": 5 }
    ]))
    .unwrap();
    let mut service_patch = Patch::merge(
        PatchKind::Service,
        serde_json::json!({ "spec": { "sessionAffinity": "ClientIP" } }),
    );
    service_patch.name = Some("web".to_owned());
    let lab = Lab::builder()
        .id("web")
        .title("Web")
        .output("web/app.yaml")
        .deployment(deployment)
        .service(service)
        .patches(vec![
            Patch::json(PatchKind::Deployment, operations),
            service_patch,
        ])
        .build();
    Course::builder()
        .info(
            CourseInfo::builder()
                .title("Patched")
                .student_dir("~/patched")
                .build(),
        )
        .labs(vec![lab])
        .build()
}

fn files(course: &Course) -> BTreeMap<String, String> {
    generate(course, &Options::default())
        .unwrap()
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

#[test]
fn a_patched_course_gives_the_same_bytes_from_its_file_and_from_rust() {
    let from_file = files(&course::parse(COURSE_FILE, "course.yaml").unwrap());
    assert_eq!(files(&built()), from_file);
}

#[test]
fn the_page_describes_the_patched_objects() {
    let files = files(&built());
    let manifest = &files["web/app.yaml"];
    assert!(manifest.contains("replicas: 3"), "{manifest}");
    assert!(
        manifest.contains("terminationGracePeriodSeconds: 5"),
        "{manifest}"
    );
    assert!(manifest.contains("sessionAffinity: ClientIP"), "{manifest}");
    let page = &files["web/index.md"];
    // The count the page states is the patched one, not the field's default of 1.
    assert!(page.contains("It keeps 3 pods running"), "{page}");
    assert!(!page.contains("It keeps 1 pod running"), "{page}");
    for change in [
        "- `Deployment/web`: `replace /spec/replicas`, `add /spec/template/spec/terminationGracePeriodSeconds`.",
        "- `Service/web`: `set /spec/sessionAffinity`.",
        "- Secret `api`, for the variable `TOKEN`.",
        "kubectl get secret/api",
    ] {
        assert!(page.contains(change), "the page lacks {change}\n{page}");
    }
}
