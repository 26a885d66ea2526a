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

/// The violations found, one a line, for a failing assertion's message.
fn listing(found: &[kubelab::validate::Violation]) -> String {
    found
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
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
            "autoscaler.spec.scaleTargetRef",
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
            listing(&found)
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

/// The fixture's autoscaled lab, hardened, in a namespace, its image pinned.
fn hardened_lab() -> LabObjects {
    let mut lab = support::fixture_lab("hpa");
    lab.profile = Some(kubelab::spec::Profile::Hardened);
    lab.namespace = Some("ml-course".into());
    lab.deployment.image = format!("{}@sha256:{}", lab.deployment.image, "0".repeat(64));
    lab.deployment.writable_paths = vec!["/tmp".into()];
    lab.objects()
}

fn template_annotations(o: &mut LabObjects) -> &mut std::collections::BTreeMap<String, String> {
    let template = &mut o.deployment.spec.as_mut().unwrap().template;
    template
        .metadata
        .get_or_insert_with(Default::default)
        .annotations
        .get_or_insert_with(Default::default)
}

fn security(o: &mut LabObjects) -> &mut core::SecurityContext {
    container(o).security_context.as_mut().unwrap()
}

fn pod_security(o: &mut LabObjects) -> &mut core::PodSecurityContext {
    pod_spec(o).security_context.as_mut().unwrap()
}

/// A control of the restricted standard broken by post-processing, and the object field
/// that breaks it.
type Control = (&'static str, fn(&mut LabObjects));

fn controls() -> Vec<Control> {
    vec![
        ("spec.template.spec.hostNetwork", |o| {
            pod_spec(o).host_network = Some(true)
        }),
        ("spec.template.spec.hostPID", |o| {
            pod_spec(o).host_pid = Some(true)
        }),
        ("spec.template.spec.volumes[1]", |o| {
            pod_spec(o).volumes.as_mut().unwrap().push(core::Volume {
                name: "host".into(),
                host_path: Some(core::HostPathVolumeSource {
                    path: "/".into(),
                    type_: None,
                }),
                ..Default::default()
            });
        }),
        (
            "spec.template.spec.containers[0].securityContext.privileged",
            |o| {
                security(o).privileged = Some(true);
            },
        ),
        (
            "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
            |o| {
                security(o).allow_privilege_escalation = None;
            },
        ),
        (
            "spec.template.spec.containers[0].securityContext.runAsNonRoot",
            |o| {
                security(o).run_as_non_root = Some(false);
            },
        ),
        ("spec.template.spec.securityContext.runAsUser", |o| {
            pod_security(o).run_as_user = Some(0);
        }),
        (
            "spec.template.spec.containers[0].securityContext.seccompProfile.type",
            |o| {
                security(o).seccomp_profile = Some(core::SeccompProfile {
                    type_: "Unconfined".into(),
                    localhost_profile: None,
                });
            },
        ),
        (
            "spec.template.spec.containers[0].securityContext.capabilities.drop",
            |o| {
                security(o).capabilities = None;
            },
        ),
        (
            "spec.template.spec.containers[0].securityContext.capabilities.add[0]",
            |o| {
                security(o).capabilities.as_mut().unwrap().add = Some(vec!["NET_ADMIN".into()]);
            },
        ),
        ("spec.template.spec.containers[0].ports[0].hostPort", |o| {
            container(o).ports.as_mut().unwrap()[0].host_port = Some(5000);
        }),
        (
            "spec.template.spec.containers[0].securityContext.procMount",
            |o| {
                security(o).proc_mount = Some("Unmasked".into());
            },
        ),
        ("spec.template.spec.securityContext.sysctls[0].name", |o| {
            pod_security(o).sysctls = Some(vec![core::Sysctl {
                name: "kernel.msgmax".into(),
                value: "1".into(),
            }]);
        }),
        (
            "spec.template.spec.containers[0].securityContext.seLinuxOptions.user",
            |o| {
                security(o).se_linux_options = Some(core::SELinuxOptions {
                    user: Some("root".into()),
                    ..Default::default()
                });
            },
        ),
        (
            "spec.template.spec.securityContext.windowsOptions.hostProcess",
            |o| {
                pod_security(o).windows_options = Some(core::WindowsSecurityContextOptions {
                    host_process: Some(true),
                    ..Default::default()
                });
            },
        ),
        (
            "spec.template.spec.initContainers[0].securityContext.privileged",
            |o| {
                let mut init = container(o).clone();
                init.security_context.as_mut().unwrap().privileged = Some(true);
                pod_spec(o).init_containers = Some(vec![init]);
            },
        ),
        (
            "spec.template.spec.containers[0].securityContext.appArmorProfile.type",
            |o| {
                security(o).app_armor_profile = Some(core::AppArmorProfile {
                    type_: "Unconfined".into(),
                    localhost_profile: None,
                });
            },
        ),
        (
            "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]",
            |o| {
                template_annotations(o).insert(
                    "container.apparmor.security.beta.kubernetes.io/app".into(),
                    "unconfined".into(),
                );
            },
        ),
        (
            "spec.template.spec.containers[0].readinessProbe.httpGet.host",
            |o| {
                let probe = container(o).readiness_probe.as_mut().unwrap();
                probe.http_get.as_mut().unwrap().host = Some("10.0.0.1".into());
            },
        ),
        (
            "spec.template.spec.containers[0].lifecycle.preStop.tcpSocket.host",
            |o| {
                container(o).lifecycle = Some(core::Lifecycle {
                    pre_stop: Some(core::LifecycleHandler {
                        tcp_socket: Some(core::TCPSocketAction {
                            host: Some("10.0.0.1".into()),
                            port: IntOrString::Int(5000),
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
            },
        ),
    ]
}

#[test]
fn a_hardened_lab_meets_the_restricted_standard_and_each_broken_control_is_refused() {
    let clean = validate::objects(&hardened_lab(), &Cluster::default());
    assert_eq!(clean, vec![], "the hardened profile breaks nothing");
    for (field, edit) in controls() {
        let mut o = hardened_lab();
        edit(&mut o);
        let found = validate::objects(&o, &Cluster::default());
        assert!(
            found.iter().any(|v| v.rule == Rule::PodSecurityRestricted
                && v.field == field
                && v.severity == Severity::Error),
            "expected pod-security-restricted at {field}, found:\n{}",
            listing(&found)
        );
    }
}

/// What the standard allows stays allowed: the version gate of the host-probe control
/// (`check_hostProbesAndhostLifecycle.go`, 1.34), the `image` volume and the allowed
/// AppArmor profiles (`check_restrictedVolumes.go`, `check_appArmorProfile.go`).
#[test]
fn what_the_restricted_standard_allows_is_not_refused() {
    let on = |minor| Cluster {
        kubernetes_version: kubelab::spec::KubernetesVersion::new(minor),
        ..Cluster::default()
    };
    let mut o = hardened_lab();
    let probe = container(&mut o).readiness_probe.as_mut().unwrap();
    probe.http_get.as_mut().unwrap().host = Some("10.0.0.1".into());
    let restricted = |o: &LabObjects, minor| {
        validate::objects(o, &on(minor))
            .into_iter()
            .filter(|v| v.rule == Rule::PodSecurityRestricted)
            .count()
    };
    assert_eq!(restricted(&o, 33), 0, "host probes are allowed before 1.34");
    assert_eq!(restricted(&o, 34), 1, "and refused from 1.34");

    let mut o = hardened_lab();
    pod_spec(&mut o)
        .volumes
        .as_mut()
        .unwrap()
        .push(core::Volume {
            name: "model".into(),
            image: Some(core::ImageVolumeSource {
                reference: Some("registry.example/model:1".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
    security(&mut o).app_armor_profile = Some(core::AppArmorProfile {
        type_: "RuntimeDefault".into(),
        localhost_profile: None,
    });
    template_annotations(&mut o).insert(
        "container.apparmor.security.beta.kubernetes.io/app".into(),
        "localhost/ml-app".into(),
    );
    assert_eq!(restricted(&o, 37), 0);
}

#[test]
fn a_plain_lab_is_not_held_to_the_restricted_standard() {
    let mut o = hpa_lab();
    pod_spec(&mut o).host_network = Some(true);
    assert!(
        !validate::objects(&o, &Cluster::default())
            .iter()
            .any(|v| v.rule == Rule::PodSecurityRestricted)
    );
}
