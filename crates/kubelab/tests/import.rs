//! `kubelab::import`: manifests -> a course file -> the same objects. The comparison is
//! against the manifests themselves (the course's originals in `tests/fixtures/k8s-ml/`, and
//! `tests/fixtures/import/shop/app.yaml`), never against another run of kubelab.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::import::{ImportError, ImportOptions, import};
use kubelab::spec::{KubernetesVersion, PatchKind};
use kubelab::{Options, course, generate};
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use support::{by_kind, documents, read, upgrade_hpa};

const LABS: [&str; 3] = [
    "deploy_k8s/deployment_k8s.yaml",
    "deploy_lb/deployment_lb.yaml",
    "deploy_hpa/deployment_hpa.yaml",
];

/// Imports `files` (paths under `tests/fixtures/<root>/`, as the author would name them).
fn imported(root: &str, files: &[&str], options: &ImportOptions) -> kubelab::import::Imported {
    let inputs: Vec<(String, String)> = files
        .iter()
        .map(|f| ((*f).to_owned(), read(&format!("fixtures/{root}/{f}"))))
        .collect();
    import(&inputs, options).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// The course renders without a warning: import notes each one it would get.
fn assert_no_warning(result: &kubelab::import::Imported) {
    let warned: Vec<&String> = result
        .notes
        .iter()
        .filter(|n| n.starts_with("kubelab warns"))
        .collect();
    assert!(warned.is_empty(), "{warned:?}");
}

/// The manifests a course file renders to, by output path.
fn rendered(course_text: &str) -> BTreeMap<String, String> {
    let course = course::parse(course_text, "course.yaml")
        .unwrap_or_else(|e| panic!("the imported course does not read back: {e}\n{course_text}"));
    generate(&course, &Options::default())
        .unwrap_or_else(|e| panic!("the imported course does not render: {e}\n{course_text}"))
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

#[test]
fn the_courses_own_manifests_import_and_render_back_to_the_originals() {
    let options = ImportOptions::for_version(KubernetesVersion::new(26));
    let result = imported("k8s-ml", &LABS, &options);
    assert_eq!(result.labs, 3);
    assert_eq!(
        result.patches, 0,
        "every field of the originals is a kubelab field"
    );
    assert_no_warning(&result);
    let files = rendered(&result.course);
    for output in LABS {
        let original = documents(&read(&format!("fixtures/k8s-ml/{output}")));
        let original = by_kind(original.into_iter().map(upgrade_hpa).collect());
        assert_eq!(by_kind(documents(&files[output])), original, "{output}");
    }
    // What the labs share is written once, in `defaults`; what differs stays in the labs.
    let course = course::parse(&result.course, "course.yaml").unwrap();
    assert_eq!(
        course.cluster.kubernetes_version,
        KubernetesVersion::new(26)
    );
    let ids: Vec<&str> = course.labs.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["deploy_k8s", "deploy_lb", "deploy_hpa"]);
    assert_eq!(
        result
            .course
            .matches("image: node-0:5000/ml-app:0.0.1")
            .count(),
        1
    );
    assert_eq!(result.course.matches("replicas: 5").count(), 1);
}

#[test]
fn every_new_field_becomes_a_field_and_the_rest_a_patch_and_it_round_trips() {
    let result = imported("import", &["shop/app.yaml"], &ImportOptions::default());
    assert_no_warning(&result);
    let files = rendered(&result.course);
    let input = by_kind(documents(&read("fixtures/import/shop/app.yaml")));
    assert_eq!(by_kind(documents(&files["shop/app.yaml"])), input);

    let course = course::parse(&result.course, "course.yaml").unwrap();
    let lab = &course.labs[0];
    let d = &lab.deployment;
    assert_eq!(d.command, ["gunicorn"]);
    assert_eq!(
        d.args,
        ["--bind", "0.0.0.0:8080", "--workers", "2", "app:app"]
    );
    assert_eq!(d.image_pull_secrets[0].name, "registry-credentials");
    assert_eq!(d.annotations["example.com/owner"], "payments-team");
    assert_eq!(d.pod_annotations["prometheus.io/scrape"], "true");
    assert_eq!(d.node_selector["disktype"], "ssd");
    assert_eq!(
        d.env[0].value, "on",
        "a YAML 1.1 boolean word stays a string"
    );
    let secret = d.env[1]
        .value_from
        .as_ref()
        .unwrap()
        .secret_key_ref
        .as_ref();
    assert_eq!(
        secret.map(|r| (r.name.as_str(), r.key.as_str())),
        Some(("shop-db", "password"))
    );
    let config = d.env[2]
        .value_from
        .as_ref()
        .unwrap()
        .config_map_key_ref
        .as_ref();
    assert_eq!(config.and_then(|r| r.optional), Some(true));
    let volumes: Vec<&str> = d.volumes.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(volumes, ["config", "tls", "cache"]);
    assert_eq!(
        d.volumes[2]
            .empty_dir
            .as_ref()
            .unwrap()
            .size_limit
            .as_deref(),
        Some("512Mi")
    );
    assert_eq!(d.volume_mounts[2].sub_path.as_deref(), Some("v1"));
    assert_eq!(lab.service.annotations.len(), 1);

    // What no field says, and only that, is patched: one patch per object that needs one.
    let patched: Vec<(PatchKind, Vec<String>)> = lab
        .patches
        .iter()
        .map(|p| {
            let ops = serde_json::to_value(p.json_patch.as_ref().unwrap()).unwrap();
            let paths = ops
                .as_array()
                .unwrap()
                .iter()
                .map(|op| {
                    format!(
                        "{} {}",
                        op["op"].as_str().unwrap(),
                        op["path"].as_str().unwrap()
                    )
                })
                .collect();
            (p.kind, paths)
        })
        .collect();
    let expect = |paths: &[&str]| paths.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        patched,
        vec![
            (PatchKind::Service, expect(&["add /spec/sessionAffinity"])),
            (
                PatchKind::Deployment,
                expect(&[
                    "add /metadata/labels",
                    "add /spec/strategy",
                    "add /spec/template/spec/containers/0/env/3",
                    "add /spec/template/spec/containers/0/livenessProbe",
                    "add /spec/template/spec/tolerations",
                    "add /spec/template/spec/volumes/3",
                ])
            ),
            (
                PatchKind::HorizontalPodAutoscaler,
                expect(&["add /spec/behavior"])
            ),
        ]
    );
    assert_eq!(result.patches, 3);
    // The page lists what the patches changed and the objects the pods need.
    let page = &files["shop/index.md"];
    for fact in [
        "`add /spec/template/spec/tolerations`",
        "Secret `shop-db`, for the variable `DB_PASSWORD`",
        "Secret `shop-tls`, for the volume `tls` (optional: the pods start without it)",
        "ConfigMap `shop-config`",
        "Secret `registry-credentials`, for pulling the image",
    ] {
        assert!(page.contains(fact), "the page lacks {fact}");
    }
}

fn import_error(files: &[(&str, &str)]) -> ImportError {
    let inputs: Vec<(String, String)> = files
        .iter()
        .map(|(f, t)| ((*f).to_owned(), (*t).to_owned()))
        .collect();
    match import(&inputs, &ImportOptions::default()) {
        Ok(i) => panic!("imported:\n{}", i.course),
        Err(e) => e,
    }
}

const APP: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27, ports: [{ containerPort: 80 }] }] }
";

const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
";

#[test]
fn kinds_kubelab_does_not_model_are_listed_with_their_files() {
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web }\n";
    let config = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n";
    let e = import_error(&[
        ("a/app.yaml", &format!("{SERVICE}---\n{APP}---\n{ingress}")),
        ("b/app.yaml", &format!("{SERVICE}---\n{APP}---\n{config}")),
    ]);
    let message = e.to_string();
    assert!(
        matches!(e, ImportError::Unsupported { ref found } if found.len() == 2),
        "{message}"
    );
    assert!(
        message.contains("a/app.yaml: networking.k8s.io/v1 Ingress `web`"),
        "{message}"
    );
    assert!(
        message.contains("b/app.yaml: v1 ConfigMap `settings`"),
        "{message}"
    );
}

#[test]
fn a_file_that_is_not_kubernetes_is_refused_with_its_document() {
    let e = import_error(&[("ci.yaml", "jobs:\n  test: { runs-on: ubuntu-latest }\n")]);
    assert_eq!(
        e.to_string().lines().next().unwrap(),
        "ci.yaml: document 1 is not a Kubernetes object: it has no `apiVersion` and `kind` \
         (import reads manifests such as `kubectl apply -f` takes)"
    );
    let e = import_error(&[("bad.yaml", "a: [1, 2\n")]);
    assert!(matches!(e, ImportError::Read { .. }), "{e}");
}

#[test]
fn a_deployment_without_its_service_is_refused_saying_so() {
    let e = import_error(&[("web/app.yaml", APP)]);
    assert!(
        e.to_string()
            .starts_with("web/app.yaml: has no Service for Deployment `web`"),
        "{e}"
    );
}

#[test]
fn a_field_kubernetes_does_not_have_is_refused_not_dropped() {
    let typo = APP.replace(
        "image: nginx:1.27",
        "image: nginx:1.27, imagePulPolicy: Always",
    );
    let e = import_error(&[("web/app.yaml", &format!("{SERVICE}---\n{typo}"))]);
    assert!(
        e.to_string().contains(
            "`/spec/template/spec/containers/0/imagePulPolicy` is not a field of a Deployment"
        ),
        "{e}"
    );
}

#[test]
fn a_json_list_imports_as_its_objects_with_the_api_servers_defaults_written_out() {
    let list = json!({ "apiVersion": "v1", "kind": "List", "items": [
        documents(SERVICE)[0], documents(APP)[0]
    ]});
    let text = serde_json::to_string(&list).unwrap();
    let result = import(
        &[("web/app.json".to_owned(), text)],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(result.patches, 0);
    assert!(
        result.notes.iter().any(|n| n.contains("`web/app.yaml`")),
        "{:?}",
        result.notes
    );
    let files = rendered(&result.course);
    let ours: Vec<Value> = documents(&files["web/app.yaml"]);
    let kinds: Vec<&str> = ours.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, ["Service", "Deployment"]);
    // SetDefaults_Service and SetDefaults_ServicePort: what the input left out.
    let port = &ours[0]["spec"]["ports"][0];
    assert_eq!(
        (port["protocol"].clone(), port["targetPort"].clone()),
        (json!("TCP"), json!(80))
    );
    assert_eq!(ours[0]["spec"]["type"], "ClusterIP");
    assert_eq!(ours[1]["spec"]["replicas"], 1);
}

#[test]
fn a_target_port_of_zero_or_empty_imports_as_the_port_as_the_api_server_defaults_it() {
    // pkg/apis/core/v1/defaults.go SetDefaults_Service: an unset, zero or empty
    // targetPort is the port.
    for target in ["0", "\"\""] {
        let service = SERVICE.replace(
            "ports: [{ port: 80 }]",
            &format!("ports: [{{ port: 80, targetPort: {target} }}]"),
        );
        let result = import(
            &[("web/app.yaml".to_owned(), format!("{service}---\n{APP}"))],
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("targetPort {target}: {e}"));
        assert_eq!(result.patches, 0, "targetPort {target}");
        let files = rendered(&result.course);
        let ours = documents(&files["web/app.yaml"]);
        assert_eq!(
            ours[0]["spec"]["ports"][0]["targetPort"],
            json!(80),
            "targetPort {target}"
        );
    }
}
