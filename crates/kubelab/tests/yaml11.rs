//! Every string a YAML 1.1 reader would misread comes out quoted, as env values and as
//! label values, and reads back as the same string.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::render::YAML11_AMBIGUOUS;
use kubelab::spec::{App, EnvVar, Lab, Service, ServicePort};
use pretty_assertions::assert_eq;
use std::collections::BTreeMap;

fn tricky_lab() -> Lab {
    let env = YAML11_AMBIGUOUS
        .iter()
        .enumerate()
        .map(|(i, v)| EnvVar::new(format!("V{i}"), *v))
        .collect();
    let labels: BTreeMap<String, String> = YAML11_AMBIGUOUS
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("l{i}"), (*v).to_owned()))
        .collect();
    Lab::builder()
        .id("tricky")
        .title("tricky")
        .output("t.yaml")
        .app(
            App::builder()
                .name("tricky")
                .image("nginx")
                .port(80)
                .env(env)
                .labels(labels)
                .build(),
        )
        .service(
            Service::builder()
                .name("tricky")
                .port(ServicePort::builder(80).build())
                .build(),
        )
        .build()
}

#[test]
fn ambiguous_env_and_label_values_are_quoted() {
    let yaml = tricky_lab().objects().to_yaml("test").unwrap_or_default();
    for (i, v) in YAML11_AMBIGUOUS.iter().enumerate() {
        let label = format!("l{i}: \"");
        assert!(yaml.contains(&label), "label value {v:?} not quoted");
        let env = format!("- name: V{i}\n          value: \"");
        assert!(yaml.contains(&env), "env value {v:?} not quoted");
    }
}

#[test]
fn ambiguous_values_read_back_unchanged() {
    let lab = tricky_lab();
    let objects = lab.objects();
    let yaml = objects.to_yaml("test").unwrap_or_default();
    let back: Vec<serde_json::Value> = serde_yaml::Deserializer::from_str(&yaml)
        .map(|d| serde::Deserialize::deserialize(d).unwrap_or_default())
        .collect();
    assert_eq!(back, objects.documents().unwrap_or_default());
}
