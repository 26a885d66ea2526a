//! Rules a course file cannot break (its types rule them out) but a tool builder's
//! post-processed objects can: each gets a failing case here, with its rule and path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kubelab::spec::Cluster;
use kubelab::{LabObjects, Reach, Rule, Severity, validate};

fn hpa_lab() -> LabObjects {
    support::fixture_lab("hpa").objects()
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

/// A rule, the lab-relative course path it is broken at, and the post-processing that
/// breaks it.
type Case = (Rule, &'static str, fn(&mut LabObjects));

/// One post-processing per rule (two ways for some).
fn cases() -> Vec<Case> {
    vec![
        (Rule::ServicePortsRequired, "service.ports", |o| {
            o.service.spec.as_mut().unwrap().ports = Some(vec![]);
        }),
        (Rule::ServiceTypeEnum, "service.type", |o| {
            o.service.spec.as_mut().unwrap().type_ = Some("ExternalName".into());
        }),
        (Rule::ProtocolEnum, "service.ports[0].protocol", |o| {
            o.service.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].protocol =
                Some("HTTP".into());
        }),
        (Rule::PullPolicyEnum, "deployment.imagePullPolicy", |o| {
            container(o).image_pull_policy = Some("Sometimes".into());
        }),
        (
            Rule::ContainersRequired,
            "deployment.spec.template.spec.containers",
            |o| pod_spec(o).containers.clear(),
        ),
        (Rule::ProbeOneHandler, "deployment.readinessProbe", |o| {
            container(o).readiness_probe.as_mut().unwrap().tcp_socket =
                Some(core::TCPSocketAction {
                    port: IntOrString::Int(5000),
                    host: None,
                });
        }),
        (Rule::ProbeOneHandler, "deployment.readinessProbe", |o| {
            container(o).readiness_probe.as_mut().unwrap().http_get = None;
        }),
        (Rule::DeploymentSelectorRequired, "deployment.labels", |o| {
            o.deployment.spec.as_mut().unwrap().selector.match_labels = Some(Default::default());
        }),
        (
            Rule::DeploymentSelectorMatchesTemplate,
            "deployment.labels",
            |o| {
                o.deployment.spec.as_mut().unwrap().selector.match_labels =
                    Some([("app".to_owned(), "other".to_owned())].into());
            },
        ),
        (Rule::ServiceSelectsPods, "deployment.labels", |o| {
            o.service.spec.as_mut().unwrap().selector =
                Some([("app".to_owned(), "ml-kube-app".to_owned())].into());
        }),
        (
            Rule::AutoscalerTargetsLabDeployment,
            "autoscaler.scaleTargetRef",
            |o| {
                let spec = o.autoscaler.as_mut().unwrap().spec.as_mut().unwrap();
                spec.scale_target_ref.name = "ml-kube-app".into();
            },
        ),
    ]
}

#[test]
fn untouched_objects_are_clean() {
    assert_eq!(validate::objects(&hpa_lab(), &Cluster::default()), vec![]);
}

#[test]
fn each_post_processing_breaks_its_rule_at_its_path() {
    for (rule, path, edit) in cases() {
        let mut o = hpa_lab();
        edit(&mut o);
        let found = validate::objects(&o, &Cluster::default());
        assert!(
            found
                .iter()
                .any(|v| v.rule == rule && v.path == path && v.severity == Severity::Error),
            "expected {rule} at {path}, found:\n{}",
            found
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_rule_only_objects_can_break_has_a_case_here() {
    let covered: Vec<Rule> = cases().into_iter().map(|(rule, _, _)| rule).collect();
    for rule in Rule::ALL {
        if rule.reach() == Reach::ObjectsOnly {
            assert!(covered.contains(rule), "no case for {rule}");
        }
    }
}
