//! Every string a YAML 1.1 reader would misread comes out quoted, as env and label values.
//!
//! What these tests can catch: a value left plain (the first test), and a document that
//! does not read back whole (escapes, non-printable characters, layout). They read back
//! with serde_yaml, a YAML 1.2 reader, so they cannot see a 1.1 misreading of a plain
//! value: that is `cargo xtask test`'s PyYAML read-back (`xtask::yaml11::run`), PyYAML
//! being a YAML 1.1 reader like kubectl's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use pretty_assertions::assert_eq;
use xtask::yaml11::{YAML11_AMBIGUOUS, tricky_lab};

#[test]
fn ambiguous_env_and_label_values_are_quoted() {
    let yaml = tricky_lab().objects().to_yaml("test").unwrap();
    for (i, v) in YAML11_AMBIGUOUS.iter().enumerate() {
        let label = format!("l{i}: \"");
        assert!(yaml.contains(&label), "label value {v:?} not quoted");
        let env = format!("- name: V{i}\n          value: \"");
        assert!(yaml.contains(&env), "env value {v:?} not quoted");
    }
}

#[test]
fn ambiguous_values_read_back_unchanged() {
    let objects = tricky_lab().objects();
    let yaml = objects.to_yaml("test").unwrap();
    let back: Vec<serde_json::Value> = serde_yaml::Deserializer::from_str(&yaml)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    assert_eq!(back, objects.documents().unwrap());
}
