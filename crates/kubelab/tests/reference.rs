//! Golden tests against the course's original hand-written manifests (copied into
//! `tests/fixtures/k8s-ml/`): the fixture course renders to objects semantically equal to
//! them (key order and quoting may differ; the autoscaler is upgraded from autoscaling/v1
//! to autoscaling/v2; nothing else), and to the exact bytes kept in
//! `tests/fixtures/k8s-ml/golden/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::{Format, Options, generate};
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::collections::BTreeMap;
use support::{by_kind, documents, fixture_course, read, upgrade_hpa};

/// The original manifest of a lab, upgraded, by kind and name.
fn original(output: &str) -> BTreeMap<String, Value> {
    let docs = documents(&read(&format!("fixtures/k8s-ml/{output}")));
    assert!(!docs.is_empty(), "no documents in the original {output}");
    by_kind(docs.into_iter().map(upgrade_hpa).collect())
}

fn generated(format: Format) -> BTreeMap<String, String> {
    let options = Options::builder()
        .format(format)
        .header(kubelab::manifest::header(
            "the reference test",
            "course.yaml",
        ))
        .build();
    generate(&fixture_course(), &options)
        .unwrap()
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

const LABS: [&str; 3] = [
    "deploy_k8s/deployment_k8s.yaml",
    "deploy_lb/deployment_lb.yaml",
    "deploy_hpa/deployment_hpa.yaml",
];

#[test]
fn every_lab_equals_its_original() {
    let files = generated(Format::Yaml);
    for output in LABS {
        let ours = documents(&files[output]);
        let kinds: Vec<&str> = ours.iter().filter_map(|d| d["kind"].as_str()).collect();
        assert_eq!(
            kinds,
            ["Service", "Deployment", "HorizontalPodAutoscaler"][..kinds.len()].to_vec(),
            "document order in {output}"
        );
        assert_eq!(by_kind(ours), original(output), "{output}");
    }
}

#[test]
fn every_lab_is_byte_for_byte_its_golden_file() {
    let files = generated(Format::Yaml);
    for output in LABS {
        let golden = read(&format!("fixtures/k8s-ml/golden/{output}"));
        assert_eq!(files[output], golden, "{output}");
    }
}

#[test]
fn json_output_is_a_kubectl_list_of_the_original_objects() {
    let files = generated(Format::Json);
    for output in LABS {
        let json = output.replace(".yaml", ".json");
        let list: Value = serde_json::from_str(&files[&json]).unwrap();
        assert_eq!(list["kind"], "List");
        let items = list["items"].as_array().unwrap().clone();
        assert_eq!(by_kind(items), original(output), "{json}");
    }
}
