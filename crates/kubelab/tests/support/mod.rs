//! Helpers shared by the integration tests (each test file includes this module).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubelab::spec::Lab;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A file of this crate's `tests/` folder.
pub(crate) fn test_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(path)
}

/// The text of a file of this crate's `tests/` folder.
pub(crate) fn read(path: &str) -> String {
    let file = test_file(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The course that reproduces the course's original manifests
/// (`tests/fixtures/k8s-ml/course.yaml`).
pub(crate) fn fixture_course() -> kubelab::course::Parsed {
    kubelab::course::load(&test_file("fixtures/k8s-ml/course.yaml")).unwrap()
}

/// Lab `id` of the fixture course (`single`, `lb`, `hpa`).
pub(crate) fn fixture_lab(id: &str) -> Lab {
    fixture_course()
        .course
        .labs
        .into_iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no lab {id}"))
}

/// The YAML documents of a multi-document stream, as JSON values, nulls dropped.
pub(crate) fn documents(yaml: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(yaml)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .filter(|v: &Value| !v.is_null())
        .collect()
}

/// The course schema's validator.
pub(crate) fn course_schema() -> jsonschema::Validator {
    jsonschema::validator_for(&kubelab::course::schema()).unwrap()
}

/// Every error the schema finds in `instance`, each with the path it is at.
pub(crate) fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The one intended difference: autoscaling/v1's `targetCPUUtilizationPercentage` becomes
/// an autoscaling/v2 resource metric.
pub(crate) fn upgrade_hpa(mut doc: Value) -> Value {
    if doc["apiVersion"] == "autoscaling/v1" {
        doc["apiVersion"] = json!("autoscaling/v2");
        let spec = doc["spec"].as_object_mut().unwrap();
        let target = spec.remove("targetCPUUtilizationPercentage").unwrap();
        spec.insert(
            "metrics".into(),
            json!([{ "type": "Resource", "resource": {
                "name": "cpu",
                "target": { "type": "Utilization", "averageUtilization": target }
            }}]),
        );
    }
    doc
}

/// Documents by `Kind/name` (kind and name as JSON text).
pub(crate) fn by_kind(docs: Vec<Value>) -> BTreeMap<String, Value> {
    docs.into_iter()
        .map(|d| (format!("{}/{}", d["kind"], d["metadata"]["name"]), d))
        .collect()
}
