//! What a hardened lab's page says about the hardened profile: every fact read from the
//! objects as they are rendered, so the page cannot claim a setting the manifest lacks.

use crate::objects::LabObjects;
use crate::spec::Lab;
use crate::timing::ProbeTiming;
use k8s_openapi::api::core::v1 as core;
use serde::Serialize;

/// The hardened profile's settings on one lab, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct HardeningFacts {
    /// The namespace the objects are in.
    pub namespace: String,
    /// True when that namespace is the lab's own, whose labels make Pod Security Admission
    /// enforce the restricted standard; false in a student's copy, whose namespace holds
    /// plain labs too and enforces nothing.
    pub enforced: bool,
    /// The Kubernetes version the namespace's labels name (`v1.26`).
    pub enforce_version: String,
    /// The user and group the container runs as.
    pub user: i64,
    /// See `user`.
    pub group: i64,
    /// Folders the app may write to (emptyDirs); everything else is read-only.
    pub writable_paths: Vec<String>,
    /// True when kubelab derived the liveness probe from the readiness probe.
    pub liveness_derived: bool,
    /// The liveness probe's period and failures before a restart.
    pub liveness_period: i32,
    /// See `liveness_period`.
    pub liveness_failures: i32,
    /// Ephemeral storage requested and allowed.
    pub ephemeral_request: String,
    /// See `ephemeral_request`.
    pub ephemeral_limit: String,
    /// The NetworkPolicy's name and the ports it admits (`5000/TCP`).
    pub network_policy: String,
    /// See `network_policy`.
    pub admitted_ports: Vec<String>,
    /// True when the image is pinned by digest.
    pub digest: bool,
}

/// The facts of `objects`, when `lab` is hardened; `enforced` when they are in the lab's
/// own namespace (not a student's).
pub(crate) fn facts(
    lab: &Lab,
    objects: &LabObjects,
    version: &str,
    enforced: bool,
) -> Option<HardeningFacts> {
    if !objects.hardened {
        return None;
    }
    let container = objects.containers().first()?;
    let sc = container.security_context.as_ref();
    let liveness = container.liveness_probe.as_ref();
    // A hardened container always has one; the API server's defaults fill in its timing.
    let liveness_timing = ProbeTiming::of(liveness.unwrap_or(&core::Probe::default()));
    let quantity = |kind: &str| {
        let map = container.resources.as_ref().and_then(|r| match kind {
            "requests" => r.requests.as_ref(),
            _ => r.limits.as_ref(),
        });
        map.and_then(|m| m.get("ephemeral-storage"))
            .map(|q| q.0.clone())
            .unwrap_or_default()
    };
    let policy = objects.network_policy.as_ref();
    Some(HardeningFacts {
        namespace: objects
            .deployment
            .metadata
            .namespace
            .clone()
            .unwrap_or_default(),
        enforced,
        enforce_version: format!("v{version}"),
        user: sc.and_then(|s| s.run_as_user).unwrap_or_default(),
        group: sc.and_then(|s| s.run_as_group).unwrap_or_default(),
        writable_paths: container
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| m.mount_path.clone())
            .collect(),
        liveness_derived: lab.deployment.liveness_probe.is_none() && liveness.is_some(),
        liveness_period: liveness_timing.period_seconds,
        liveness_failures: liveness_timing.failures,
        ephemeral_request: quantity("requests"),
        ephemeral_limit: quantity("limits"),
        network_policy: policy
            .and_then(|p| p.metadata.name.clone())
            .unwrap_or_default(),
        admitted_ports: policy
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.ingress.as_ref())
            .into_iter()
            .flatten()
            .flat_map(|rule| rule.ports.iter().flatten())
            .map(|p| {
                let port = match &p.port {
                    Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n)) => {
                        n.to_string()
                    }
                    Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s)) => {
                        s.clone()
                    }
                    None => "any".to_owned(),
                };
                format!(
                    "{port}/{}",
                    p.protocol
                        .as_deref()
                        .unwrap_or(crate::api_defaults::PROTOCOL)
                )
            })
            .collect(),
        digest: container
            .image
            .as_deref()
            .is_some_and(crate::image_ref::pinned_by_digest),
    })
}
