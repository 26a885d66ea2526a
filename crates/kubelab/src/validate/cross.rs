//! Rules across the objects of one lab, which no single object shows.

use super::Checker;
use crate::objects::LabObjects;
use crate::rules::Rule;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

const CONTAINER: &str = "spec.template.spec.containers";

/// The rules here: each reads one section of a lab (the Deployment's ports) and is
/// reported in another (the Service's `targetPort`).
pub(crate) const RULES: &[Rule] = &[
    Rule::AutoscaledReplicasPinned,
    Rule::AutoscaledReplicasZero,
    Rule::AutoscalerNeedsCpuRequest,
    Rule::AutoscalerTargetReachable,
    Rule::AutoscalerTargetsLabDeployment,
    Rule::ProbePortDeclared,
    Rule::ServiceSelectsPods,
    Rule::ServiceTargetPortDeclared,
];

fn declares(containers: &[core::Container], port: &IntOrString) -> bool {
    containers
        .iter()
        .flat_map(|k| k.ports.iter().flatten())
        .any(|p| match port {
            IntOrString::Int(n) => p.container_port == *n,
            IntOrString::String(s) => p.name.as_deref() == Some(s),
        })
}

/// A port reference the API server accepts on its own (1-65535, or an IANA_SVC_NAME): only
/// such a reference can be looked for among the container ports. One it refuses is reported
/// by its own rule; "not declared" would only follow from it.
fn well_formed(port: &IntOrString) -> bool {
    match port {
        IntOrString::Int(n) => (1..=65535).contains(n),
        IntOrString::String(s) => crate::names::iana_svc_name(s).is_none(),
    }
}

/// True when every container port is one the API server accepts: a port missing from an
/// invalid list is the invalid port's error, not the reference's.
fn ports_well_formed(containers: &[core::Container]) -> bool {
    containers
        .iter()
        .flat_map(|k| k.ports.iter().flatten())
        .all(|p| {
            well_formed(&IntOrString::Int(p.container_port))
                && p.name
                    .as_deref()
                    .is_none_or(|n| crate::names::iana_svc_name(n).is_none())
        })
}

fn show(port: &IntOrString) -> String {
    match port {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

pub(crate) fn check(objects: &LabObjects, c: &mut Checker) {
    let containers = objects.containers();
    let deployment = objects
        .deployment
        .metadata
        .name
        .as_deref()
        .unwrap_or_default();
    let spec = crate::k8s::deployment_spec(&objects.deployment);
    let none = std::collections::BTreeMap::new();
    let pod_labels = spec
        .and_then(|s| s.template.metadata.as_ref())
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&none);

    let ports_ok = ports_well_formed(containers);
    let svc = &objects.service;
    c.on(svc);
    if let Some(svc_spec) = &svc.spec {
        let selector = svc_spec.selector.as_ref().unwrap_or(&none);
        if selector.is_empty() || selector.iter().any(|(k, v)| pod_labels.get(k) != Some(v)) {
            c.flag(
                Rule::ServiceSelectsPods,
                "spec.selector",
                format!("{selector:?}"),
            )
            .says(format!(
                "does not select the pods of Deployment/{deployment} (labels \
                     {pod_labels:?}); the Service would have no endpoints"
            ))
            .fix("make the Service selector a subset of the pod labels");
        }
        for (i, p) in svc_spec.ports.iter().flatten().enumerate() {
            let target = super::service::effective_target(p);
            if well_formed(&target) && ports_ok && !declares(containers, &target) {
                let field = format!("spec.ports[{i}].targetPort");
                c.flag(Rule::ServiceTargetPortDeclared, field, show(&target))
                    .says(format!(
                        "is not a port of the containers of Deployment/{deployment}; \
                         traffic would go nowhere"
                    ))
                    .fix("set targetPort to one of the container ports (by number or name)");
            }
        }
    }

    c.on(&objects.deployment);
    for (i, k) in containers.iter().enumerate() {
        for (field, probe) in [
            ("readinessProbe", &k.readiness_probe),
            ("livenessProbe", &k.liveness_probe),
            ("startupProbe", &k.startup_probe),
        ] {
            if let Some(port) = probe
                .as_ref()
                .and_then(|p| p.http_get.as_ref())
                .map(|h| &h.port)
                && well_formed(port)
                && ports_ok
                && !declares(containers, port)
            {
                c.flag(
                    Rule::ProbePortDeclared,
                    format!("{CONTAINER}[{i}].{field}.httpGet.port"),
                    show(port),
                )
                .says("is not a port of the container; the probe would never pass")
                .fix("probe one of the container ports (by number or name)");
            }
        }
    }

    let Some(hpa) = &objects.autoscaler else {
        return;
    };
    c.on(hpa);
    let Some(hpa_spec) = crate::k8s::autoscaler_spec(hpa) else {
        return;
    };
    let target = &hpa_spec.scale_target_ref;
    if target.kind != "Deployment"
        || target.name != deployment
        || target.api_version.as_deref() != Some("apps/v1")
    {
        c.flag(
            Rule::AutoscalerTargetsLabDeployment,
            "spec.scaleTargetRef",
            format!("{}/{}", target.kind, target.name),
        )
        .says(format!(
            "does not target this lab's Deployment/{deployment} (apps/v1)"
        ))
        .fix("point scaleTargetRef at the lab's Deployment");
    }
    // The CPU utilisation target, a percentage of the pods' CPU requests.
    let cpu_target = hpa_spec.metrics.iter().flatten().find_map(|m| {
        m.resource
            .as_ref()
            .filter(|r| r.name == "cpu")
            .and_then(|r| r.target.average_utilization)
    });
    if let Some(target) = cpu_target {
        for (i, k) in containers.iter().enumerate() {
            // A limit alone becomes the request when the pod is created (SetDefaults_Pod).
            let has_request = crate::fit::container_requests(k).contains_key("cpu");
            if !has_request {
                c.on(&objects.deployment);
                let field = format!("{CONTAINER}[{i}].resources.requests.cpu");
                c.flag(Rule::AutoscalerNeedsCpuRequest, field, "unset")
                    .says(
                        "missing request for cpu: a CPU utilisation target is a percentage \
                         of the request, so the autoscaler would never scale",
                    )
                    .fix("set a cpu request (or a cpu limit, which becomes the request)");
                c.on(hpa);
            }
        }
        target_reachable(containers, target, c);
    }
    let min = hpa_spec
        .min_replicas
        .unwrap_or(crate::api_defaults::REPLICAS);
    if spec.and_then(|s| s.replicas) == Some(0) && min != 0 {
        c.on(&objects.deployment);
        c.flag(Rule::AutoscaledReplicasZero, "spec.replicas", 0)
            .says(
                "turns the autoscaler off: it reads a Deployment at 0 replicas as \"scaling is \
                 disabled since the replica count of the target is zero\" and never adds a pod",
            )
            .fix("leave replicas unset (it starts at minReplicas) or set it to 1 or more");
    }
    if let Some(r) = spec.and_then(|s| s.replicas).filter(|r| *r > min) {
        c.on(&objects.deployment);
        c.flag(Rule::AutoscaledReplicasPinned, "spec.replicas", r)
            .says(format!(
                "is above the autoscaler's minReplicas {min}; the autoscaler overrides it, \
                 and every re-apply resets the count to {r}"
            ))
            .fix("leave replicas unset (it starts at minReplicas) or lower it");
    }
}

/// The HPA's tolerance: it scales only when usage is more than 10% off the target
/// (kubernetes pkg/controller/podautoscaler/config/v1alpha1/defaults.go,
/// `HorizontalPodAutoscalerTolerance`).
const TOLERANCE_PERCENT: i128 = 10;

/// A CPU target the pods can exceed by more than the tolerance. Usage cannot pass the
/// limit, and the utilisation is `usage * 100 / request` summed over the containers
/// (pkg/controller/podautoscaler/metrics/utilization.go, `GetResourceUtilizationRatio`);
/// the HPA adds pods only when `utilisation / target > 1 + tolerance`
/// (replica_calculator.go, `GetResourceReplicas`).
fn target_reachable(containers: &[core::Container], target: i32, c: &mut Checker) {
    let (mut requests, mut limits) = (0i128, 0i128);
    for k in containers {
        let request = crate::fit::container_requests(k).get("cpu").copied();
        let limit = k
            .resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .and_then(|l| l.get("cpu"))
            .and_then(|q| crate::quantity::Quantity::parse(&q.0).ok())
            .map(|q| q.nanos);
        let (Some(request), Some(limit)) = (request, limit) else {
            // No limit: usage is bounded by the node only. No request: flagged above.
            return;
        };
        requests += request;
        limits += limit;
    }
    if requests <= 0 {
        return;
    }
    let most = limits * 100 / requests;
    let target = i128::from(target);
    if most * 100 <= target * (100 + TOLERANCE_PERCENT) {
        let best = (most * 100 - 1) / (100 + TOLERANCE_PERCENT);
        c.flag(
            Rule::AutoscalerTargetReachable,
            "spec.metrics[0].resource.target.averageUtilization",
            target,
        )
        .says(format!(
            "can never trigger a scale-up: the pods' CPU limit caps their usage at {most}% of \
             their request, and the autoscaler adds pods only above {}% ({target}% plus its \
             10% tolerance)",
            target * (100 + TOLERANCE_PERCENT) / 100
        ))
        .fix(if best >= 1 {
            format!("lower the target to {best}% or less, or raise the CPU limit above the request")
        } else {
            "raise the CPU limit above the request".to_owned()
        });
    }
}

#[cfg(test)]
mod rules_listed {
    /// Every rule this file flags is in [`super::RULES`] (the reader skips them in a lab
    /// with a value left out): read from the file's own source, not from the list.
    #[test]
    fn every_rule_flagged_here_is_listed() {
        let source = include_str!("cross.rs");
        let code = source.split("mod rules_listed").next().unwrap_or_default();
        let mut flagged: Vec<&str> = code
            .split("Rule::")
            .skip(1)
            .map(|s| {
                s.split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or_default()
            })
            .collect();
        flagged.sort_unstable();
        flagged.dedup();
        let mut listed: Vec<String> = super::RULES.iter().map(|r| format!("{r:?}")).collect();
        listed.sort_unstable();
        assert_eq!(flagged, listed);
    }
}
