//! Rules a course file cannot break (its types rule them out) but a tool builder's
//! post-processed objects can: each gets a failing case here, with its rule and path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use k8s_openapi::api::core::v1 as core;
use kubelab::LabObjects;
use kubelab::spec::Cluster;
use kubelab::validate::{self, OBJECT_ONLY_RULES, Severity};

fn hpa_lab() -> LabObjects {
    kubelab::presets::autoscaled().objects()
}

fn pod_spec(o: &mut LabObjects) -> &mut core::PodSpec {
    o.deployment
        .spec
        .as_mut()
        .unwrap()
        .template
        .spec
        .as_mut()
        .unwrap()
}

fn container(o: &mut LabObjects) -> &mut core::Container {
    &mut pod_spec(o).containers[0]
}

/// Asserts `objects` break `rule` at `path` (lab-relative course path).
fn assert_breaks(objects: &LabObjects, rule: &str, path: &str) {
    let found = validate::objects(objects, &Cluster::default());
    assert!(
        found
            .iter()
            .any(|v| v.rule == rule && v.path == path && v.severity == Severity::Error),
        "expected {rule} at {path}, found:\n{}",
        found
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn untouched_objects_are_clean() {
    assert_eq!(validate::objects(&hpa_lab(), &Cluster::default()), vec![]);
}

#[test]
fn service_ports_required() {
    let mut o = hpa_lab();
    o.service.spec.as_mut().unwrap().ports = Some(vec![]);
    assert_breaks(&o, "service-ports-required", "service.ports");
}

#[test]
fn service_type_enum() {
    let mut o = hpa_lab();
    o.service.spec.as_mut().unwrap().type_ = Some("ExternalName".into());
    assert_breaks(&o, "service-type-enum", "service.type");
}

#[test]
fn protocol_enum() {
    let mut o = hpa_lab();
    o.service.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].protocol = Some("HTTP".into());
    assert_breaks(&o, "protocol-enum", "service.ports[0].protocol");
}

#[test]
fn pull_policy_enum() {
    let mut o = hpa_lab();
    container(&mut o).image_pull_policy = Some("Sometimes".into());
    assert_breaks(&o, "pull-policy-enum", "deployment.imagePullPolicy");
}

#[test]
fn containers_required() {
    let mut o = hpa_lab();
    pod_spec(&mut o).containers.clear();
    assert_breaks(
        &o,
        "containers-required",
        "deployment.spec.template.spec.containers",
    );
}

#[test]
fn probe_one_handler() {
    let mut o = hpa_lab();
    container(&mut o)
        .readiness_probe
        .as_mut()
        .unwrap()
        .tcp_socket = Some(core::TCPSocketAction {
        port: k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(5000),
        host: None,
    });
    assert_breaks(&o, "probe-one-handler", "deployment.readinessProbe");
    container(&mut o).readiness_probe.as_mut().unwrap().http_get = None;
    container(&mut o)
        .readiness_probe
        .as_mut()
        .unwrap()
        .tcp_socket = None;
    assert_breaks(&o, "probe-one-handler", "deployment.readinessProbe");
}

#[test]
fn deployment_selector_required_and_matching() {
    let mut o = hpa_lab();
    o.deployment.spec.as_mut().unwrap().selector.match_labels = Some(Default::default());
    assert_breaks(&o, "deployment-selector-required", "deployment.labels");
    let mut o = hpa_lab();
    o.deployment.spec.as_mut().unwrap().selector.match_labels =
        Some([("app".to_owned(), "other".to_owned())].into());
    assert_breaks(
        &o,
        "deployment-selector-matches-template",
        "deployment.labels",
    );
}

#[test]
fn service_selects_pods() {
    let mut o = hpa_lab();
    o.service.spec.as_mut().unwrap().selector =
        Some([("app".to_owned(), "ml-kube-app".to_owned())].into());
    assert_breaks(&o, "service-selects-pods", "deployment.labels");
}

#[test]
fn autoscaler_targets_lab_deployment() {
    let mut o = hpa_lab();
    o.autoscaler
        .as_mut()
        .unwrap()
        .spec
        .as_mut()
        .unwrap()
        .scale_target_ref
        .name = "ml-kube-app".into();
    assert_breaks(
        &o,
        "autoscaler-targets-lab-deployment",
        "autoscaler.scaleTargetRef",
    );
}

#[test]
fn every_object_only_rule_has_a_test_here() {
    let source: String = include_str!("validate_objects.rs")
        .split_whitespace()
        .collect();
    for rule in OBJECT_ONLY_RULES {
        let call = format!("assert_breaks(&o,\"{rule}\"");
        assert!(source.contains(&call), "no test for {rule}");
    }
}
