//! The hardened profile: a lab's plain objects made to meet the Pod Security Standards'
//! restricted profile and the usual scanner checks. Each setting names the control it
//! serves; `validate/restricted.rs` checks the result against the standard itself.
//!
//! Sources: the Pod Security Standards (kubernetes.io/docs/concepts/security/
//! pod-security-standards) as pod-security-admission implements them
//! (k8s.io/pod-security-admission policy/check_*.go); checkov's Kubernetes checks
//! (CKV_K8S_8, 20-23, 28-31, 37, 38, 40, CKV2_K8S_6).

use super::{AUTOSCALER, CONTAINER, DEPLOYMENT, LabObjects, NETWORK_POLICY, Origins, SERVICE};
use crate::spec::Lab;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as networking;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// The resource a hardened container requests ephemeral storage under.
const EPHEMERAL: &str = "ephemeral-storage";

/// The user and group a hardened container runs as when the course does not say: above
/// the IDs a node's own users and system accounts take (checkov CKV_K8S_40 asks > 10000).
pub(crate) const DEFAULT_ID: i64 = 10001;

/// Ephemeral storage a hardened container requests and may use, when the course does not
/// say: its writable folders are emptyDirs, which count against it.
pub(crate) const EPHEMERAL_REQUEST: &str = "256Mi";
/// See [`EPHEMERAL_REQUEST`].
pub(crate) const EPHEMERAL_LIMIT: &str = "1Gi";

/// The liveness probe's period and failure threshold, at least: a liveness probe restarts
/// the container, so it fails only after 30 seconds of failures, where a readiness probe
/// may react in seconds.
const LIVENESS_PERIOD: i32 = 10;
const LIVENESS_FAILURES: i32 = 3;

/// The name of the emptyDir volume for writable folder `i`.
pub(crate) fn volume_name(i: usize) -> String {
    format!("{WRITABLE}{i}")
}

const WRITABLE: &str = "writable-";

/// The writable folder a volume of [`volume_name`] is for.
pub(crate) fn writable_index(volume: &str) -> Option<usize> {
    volume.strip_prefix(WRITABLE)?.parse().ok()
}

/// The NetworkPolicy's name.
pub(crate) fn network_policy_name(deployment: &str) -> String {
    format!("{deployment}-ingress")
}

/// The Namespace hardened labs run in: Pod Security Admission enforces the restricted
/// standard there, at the course's Kubernetes version, and warns and audits by it.
///
/// Source: k8s.io/pod-security-admission api/constants.go (the label keys
/// `pod-security.kubernetes.io/<mode>` and `<mode>-version`, the level `restricted`).
pub(crate) fn namespace_object(
    namespace: &str,
    version: crate::spec::KubernetesVersion,
) -> core::Namespace {
    let mut labels = std::collections::BTreeMap::new();
    for mode in ["enforce", "warn", "audit"] {
        labels.insert(
            format!("pod-security.kubernetes.io/{mode}"),
            "restricted".to_owned(),
        );
        labels.insert(
            format!("pod-security.kubernetes.io/{mode}-version"),
            format!("v{version}"),
        );
    }
    super::namespace(namespace, Some(labels))
}

/// Hardens `o`, the plain objects of `lab`.
pub(crate) fn harden(o: &mut LabObjects, lab: &Lab) {
    let namespace = lab.namespace.clone();
    o.set_namespace(namespace.as_deref());
    record(&mut o.origins, lab, o.autoscaler.is_some());
    let user = lab.deployment.run_as_user.unwrap_or(DEFAULT_ID);
    let group = lab.deployment.run_as_group.unwrap_or(DEFAULT_ID);
    let labels = lab.deployment.pod_labels();
    let mut ports = Vec::new();
    if let Some(spec) = crate::k8s::deployment_spec_mut(&mut o.deployment)
        && let Some(pod) = &mut spec.template.spec
    {
        // Running as Non-root, Running as Non-root user, Seccomp (restricted).
        pod.security_context = Some(core::PodSecurityContext {
            run_as_non_root: Some(true),
            run_as_user: Some(user),
            run_as_group: Some(group),
            fs_group: Some(group),
            seccomp_profile: Some(runtime_default()),
            ..core::PodSecurityContext::default()
        });
        // No API credentials in a pod that does not call the API (CKV_K8S_38).
        pod.automount_service_account_token = Some(false);
        // Volume Types (restricted): emptyDir only.
        let volumes: Vec<core::Volume> = lab
            .deployment
            .writable_paths
            .iter()
            .enumerate()
            .map(|(i, _)| core::Volume {
                name: volume_name(i),
                empty_dir: Some(core::EmptyDirVolumeSource::default()),
                ..core::Volume::default()
            })
            .collect();
        if !volumes.is_empty() {
            let first = pod.volumes.as_ref().map_or(0, Vec::len);
            for i in 0..volumes.len() {
                o.origins.set_all(
                    DEPLOYMENT,
                    format_args!("spec.template.spec.volumes[{}]", first + i),
                    &format!("deployment.writablePaths[{i}]"),
                );
            }
            pod.volumes.get_or_insert_with(Vec::new).extend(volumes);
        }
        for container in &mut pod.containers {
            harden_container(container, lab, user, group, &mut o.origins);
            for p in container.ports.iter().flatten() {
                ports.push((p.container_port, p.protocol.clone()));
            }
        }
    }
    o.network_policy = Some(network_policy(
        &lab.deployment.name,
        namespace,
        labels,
        &ports,
    ));
    o.hardened = true;
}

fn runtime_default() -> core::SeccompProfile {
    core::SeccompProfile {
        type_: "RuntimeDefault".to_owned(),
        localhost_profile: None,
    }
}

/// Records where the hardened settings come from: the lab's `profile` (or the course's),
/// except the IDs and the namespace the lab sets.
fn record(origins: &mut Origins, lab: &Lab, autoscaled: bool) {
    let mut kinds = vec![SERVICE, DEPLOYMENT, NETWORK_POLICY];
    if autoscaled {
        kinds.push(AUTOSCALER);
    }
    for kind in kinds {
        origins.set(kind, "metadata.namespace", "namespace");
    }
    origins.set_all(NETWORK_POLICY, "", "profile");
    let d = &lab.deployment;
    let user = if d.run_as_user.is_some() {
        "deployment.runAsUser"
    } else {
        "profile"
    };
    let group = if d.run_as_group.is_some() {
        "deployment.runAsGroup"
    } else {
        "profile"
    };
    for (field, from) in [
        ("spec.template.spec.securityContext", "profile"),
        ("spec.template.spec.securityContext.runAsUser", user),
        ("spec.template.spec.securityContext.runAsGroup", group),
        ("spec.template.spec.securityContext.fsGroup", group),
        ("spec.template.spec.automountServiceAccountToken", "profile"),
    ] {
        origins.set_all(DEPLOYMENT, field, from);
    }
    for (field, from) in [
        ("securityContext", "profile"),
        ("securityContext.runAsUser", user),
        ("securityContext.runAsGroup", group),
    ] {
        origins.set_all(DEPLOYMENT, format_args!("{CONTAINER}.{field}"), from);
    }
}

fn harden_container(
    k: &mut core::Container,
    lab: &Lab,
    user: i64,
    group: i64,
    origins: &mut Origins,
) {
    // Privilege Escalation, Capabilities, Running as Non-root (user), Seccomp (restricted);
    // a read-only root filesystem (CKV_K8S_22).
    k.security_context = Some(core::SecurityContext {
        allow_privilege_escalation: Some(false),
        capabilities: Some(core::Capabilities {
            drop: Some(vec!["ALL".to_owned()]),
            add: None,
        }),
        read_only_root_filesystem: Some(true),
        run_as_non_root: Some(true),
        run_as_user: Some(user),
        run_as_group: Some(group),
        seccomp_profile: Some(runtime_default()),
        ..core::SecurityContext::default()
    });
    let mounts: Vec<core::VolumeMount> = lab
        .deployment
        .writable_paths
        .iter()
        .enumerate()
        .map(|(i, path)| core::VolumeMount {
            name: volume_name(i),
            mount_path: path.clone(),
            ..core::VolumeMount::default()
        })
        .collect();
    if !mounts.is_empty() {
        // After the author's own mounts, as the volumes follow the author's.
        let first = k.volume_mounts.as_ref().map_or(0, Vec::len);
        for i in 0..mounts.len() {
            origins.set_all(
                DEPLOYMENT,
                format_args!("{CONTAINER}.volumeMounts[{}]", first + i),
                &format!("deployment.writablePaths[{i}]"),
            );
        }
        k.volume_mounts.get_or_insert_with(Vec::new).extend(mounts);
    }
    if k.image_pull_policy.is_none() {
        // The image is checked against the registry on every start (CKV_K8S_15).
        k.image_pull_policy = Some("Always".to_owned());
        origins.set_all(
            DEPLOYMENT,
            format_args!("{CONTAINER}.imagePullPolicy"),
            "profile",
        );
    }
    if k.liveness_probe.is_none() && k.readiness_probe.is_some() {
        k.liveness_probe = k.readiness_probe.as_ref().map(liveness_from);
        // The readiness probe's check, slower to give up.
        for field in ["livenessProbe", "livenessProbe.httpGet"] {
            origins.set(
                DEPLOYMENT,
                format_args!("{CONTAINER}.{field}"),
                "deployment.readinessProbe",
            );
        }
    }
    let resources = k
        .resources
        .get_or_insert_with(core::ResourceRequirements::default);
    for (map, value, name) in [
        (&mut resources.requests, EPHEMERAL_REQUEST, "requests"),
        (&mut resources.limits, EPHEMERAL_LIMIT, "limits"),
    ] {
        let map = map.get_or_insert_with(Default::default);
        if !map.contains_key(EPHEMERAL) {
            map.insert(EPHEMERAL.to_owned(), Quantity(value.to_owned()));
            origins.set_all(
                DEPLOYMENT,
                format_args!("{CONTAINER}.resources.{name}.{EPHEMERAL}"),
                "profile",
            );
        }
    }
}

/// A liveness probe from a readiness probe: the same check, slower to give up.
pub(crate) fn liveness_from(readiness: &core::Probe) -> core::Probe {
    let timing = crate::timing::ProbeTiming::of(readiness);
    core::Probe {
        period_seconds: Some(timing.period_seconds.max(LIVENESS_PERIOD)),
        failure_threshold: Some(timing.failures.max(LIVENESS_FAILURES)),
        success_threshold: None,
        ..readiness.clone()
    }
}

fn network_policy(
    deployment: &str,
    namespace: Option<String>,
    labels: std::collections::BTreeMap<String, String>,
    ports: &[(i32, Option<String>)],
) -> networking::NetworkPolicy {
    networking::NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(network_policy_name(deployment)),
            namespace,
            ..ObjectMeta::default()
        },
        spec: Some(networking::NetworkPolicySpec {
            pod_selector: Some(LabelSelector {
                match_labels: Some(labels),
                match_expressions: None,
            }),
            policy_types: Some(vec!["Ingress".to_owned()]),
            ingress: Some(vec![networking::NetworkPolicyIngressRule {
                from: None,
                ports: Some(
                    ports
                        .iter()
                        .map(|(port, protocol)| networking::NetworkPolicyPort {
                            port: Some(IntOrString::Int(*port)),
                            protocol: Some(
                                protocol
                                    .clone()
                                    .unwrap_or_else(|| crate::api_defaults::PROTOCOL.to_owned()),
                            ),
                            end_port: None,
                        })
                        .collect(),
                ),
            }]),
            ..networking::NetworkPolicySpec::default()
        }),
    }
}
