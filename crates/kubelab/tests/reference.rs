//! Golden test: the generated labs are semantically equal to the course's original
//! hand-written manifests (copied into `tests/fixtures/k8s-ml/`). Key order and quoting may
//! differ, and the autoscaler is upgraded from autoscaling/v1 to autoscaling/v2; nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::presets;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

fn docs(yaml: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(yaml)
        .map(|d| serde::Deserialize::deserialize(d).unwrap_or(Value::Null))
        .filter(|v: &Value| !v.is_null())
        .collect()
}

/// The one intended difference: autoscaling/v1's `targetCPUUtilizationPercentage` becomes
/// an autoscaling/v2 resource metric.
fn upgrade_hpa(mut doc: Value) -> Value {
    if doc["apiVersion"] == "autoscaling/v1" {
        doc["apiVersion"] = json!("autoscaling/v2");
        let spec = doc["spec"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut spec: serde_json::Map<String, Value> = spec;
        if let Some(target) = spec.remove("targetCPUUtilizationPercentage") {
            spec.insert(
                "metrics".into(),
                json!([{ "type": "Resource", "resource": {
                    "name": "cpu",
                    "target": { "type": "Utilization", "averageUtilization": target }
                }}]),
            );
        }
        doc["spec"] = Value::Object(spec);
    }
    doc
}

fn by_kind(docs: Vec<Value>) -> BTreeMap<String, Value> {
    docs.into_iter()
        .map(|d| (format!("{}/{}", d["kind"], d["metadata"]["name"]), d))
        .collect()
}

fn check(lab: kubelab::spec::Lab, fixture: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/k8s-ml")
        .join(fixture);
    let original = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!original.is_empty(), "missing fixture {}", path.display());
    let expected = by_kind(docs(&original).into_iter().map(upgrade_hpa).collect());
    let generated = lab.objects().to_yaml("test").unwrap_or_default();
    let ours = docs(&generated);
    let kinds: Vec<&str> = ours.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["Service", "Deployment", "HorizontalPodAutoscaler"][..kinds.len()].to_vec(),
        "document order"
    );
    assert_eq!(by_kind(ours), expected);
}

#[test]
fn single_replica_matches_the_original() {
    check(presets::single_replica(), "deploy_k8s/deployment_k8s.yaml");
}

#[test]
fn load_balanced_matches_the_original() {
    check(presets::load_balanced(), "deploy_lb/deployment_lb.yaml");
}

#[test]
fn autoscaled_matches_the_original() {
    check(presets::autoscaled(), "deploy_hpa/deployment_hpa.yaml");
}

#[test]
fn rendering_is_byte_identical_across_runs() {
    for lab in presets::course().labs {
        let first = lab.objects().to_yaml("x").unwrap_or_default();
        let again = lab.clone().objects().to_yaml("x").unwrap_or_default();
        assert_eq!(first, again);
        assert!(!first.is_empty());
        assert_eq!(lab.objects().to_json().ok(), lab.objects().to_json().ok());
    }
}

#[test]
fn json_output_is_a_kubectl_list_of_the_same_objects() {
    let lab = presets::autoscaled();
    let list: Value =
        serde_json::from_str(&lab.objects().to_json().unwrap_or_default()).unwrap_or_default();
    assert_eq!(list["kind"], "List");
    assert_eq!(
        list["items"].as_array().cloned().unwrap_or_default(),
        docs(&lab.objects().to_yaml("x").unwrap_or_default())
    );
}
