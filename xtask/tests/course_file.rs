//! The repository's own course file: it validates against the committed schema, it still
//! generates the course's original manifests, and the README's course works when copied.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use pretty_assertions::assert_eq;
use serde_json::Value;
use std::collections::BTreeMap;
use xtask::render::default_config;
use xtask::workspace_root;

fn read(path: &str) -> String {
    let file = workspace_root().join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn the_course_file_validates_against_the_committed_schema() {
    let schema: Value = serde_json::from_str(&read("generated/course.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = read("course.yaml");
    let instance: Value = serde_yaml::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert!(text.starts_with("# yaml-language-server: $schema=generated/course.schema.json\n"));
}

fn by_kind(yaml: &str) -> BTreeMap<String, Value> {
    serde_yaml::Deserializer::from_str(yaml)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .filter(|v: &Value| !v.is_null())
        .map(|d: Value| (format!("{}/{}", d["kind"], d["metadata"]["name"]), d))
        .collect()
}

/// The course's manifests must stay what the course's originals are (the brief's
/// requirement for this course); the engine itself is checked against them in
/// `crates/kubelab/tests/reference.rs`.
#[test]
fn the_course_still_generates_manifests_equal_to_the_originals() {
    let course = kubelab::course::load(&default_config()).unwrap();
    let generated = kubelab::generate(&course, &kubelab::Options::default()).unwrap();
    let originals = workspace_root().join("crates/kubelab/tests/fixtures/k8s-ml");
    for lab in &course.labs {
        let ours = &generated
            .files
            .iter()
            .find(|f| f.path == lab.output)
            .unwrap()
            .contents;
        let original = std::fs::read_to_string(originals.join(&lab.output)).unwrap();
        let mut expected = by_kind(&original);
        for doc in expected.values_mut() {
            if doc["apiVersion"] == "autoscaling/v1" {
                // The one intended difference: autoscaling/v2.
                let target = doc["spec"]
                    .as_object_mut()
                    .unwrap()
                    .remove("targetCPUUtilizationPercentage")
                    .unwrap();
                doc["apiVersion"] = "autoscaling/v2".into();
                doc["spec"]["metrics"] = serde_json::json!([{ "type": "Resource", "resource": {
                    "name": "cpu",
                    "target": { "type": "Utilization", "averageUtilization": target }
                }}]);
            }
        }
        assert_eq!(by_kind(ours), expected, "{}", lab.output);
    }
}

#[test]
fn the_readme_course_works_when_copied() {
    let readme = read("README.md");
    let section = readme
        .split("## Write your own course")
        .nth(1)
        .expect("README section");
    let yaml = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .unwrap();
    let course = kubelab::course::parse(yaml, "README.md").unwrap();
    assert!(!course.labs.is_empty());
    let generated = kubelab::generate(&course, &kubelab::Options::default()).unwrap();
    // Each lab's manifest, page and topology, the autoscaled lab's timeline, the overview,
    // from the built-in templates, and the course file's schema.
    let autoscaled = course
        .labs
        .iter()
        .filter(|l| l.autoscaler.is_some())
        .count();
    assert_eq!(
        generated.files.len(),
        3 * course.labs.len() + autoscaled + 2
    );
}
