//! Cluster fit: pods that can never be scheduled (an error: they would stay Pending),
//! autoscaler maxima that can never be reached and fits that cannot be judged (warnings).
//! The scheduler counts requests (a limit alone is the request), never limits.

use super::Checker;
use crate::fit::{self, Fit};
use crate::objects::LabObjects;
use crate::quantity::show;
use crate::rules::Rule;

const CONTAINER: &str = "spec.template.spec.containers[0].resources";

pub(super) fn check(objects: &LabObjects, c: &mut Checker) {
    // A node quantity kubelab cannot read is reported once (cluster-node-quantity); a fit
    // judged without it would only follow from that mistake.
    let unreadable = c.cluster.nodes.iter().any(|g| {
        g.allocatable
            .values()
            .chain(g.system_requests.values())
            .any(|q| crate::quantity::Quantity::parse(q).is_err())
    });
    if unreadable {
        return;
    }
    let requests = fit::pod_requests(objects);
    let Some(fit) = fit::fit_nanos(&requests, c.cluster) else {
        return;
    };
    c.on(&objects.deployment);
    if fit.requests_nothing_counted() {
        not_judged(&fit, c);
    }
    let limit: &[String] = &fit.exhausted;
    let most = fit.max_replicas;
    let replicas = objects.replicas();
    let pending = u64::try_from(replicas).map_or(0, |r| r.saturating_sub(most));
    if pending > 0 && most == 0 {
        none_fits(objects, &fit, &requests, c);
    } else if pending > 0 {
        let nodes = fit.nodes;
        c.flag(Rule::ClusterFitReplicas, "spec.replicas", replicas)
            .says(format!(
                "only {most} replicas of this pod fit on the {} ({}); the other {pending} \
                 would stay Pending",
                taking_pods(nodes),
                runs_out(limit)
            ))
            .fix(format!("use at most {most} replicas{}", or_lower(limit)));
    }
    let Some(hpa) = &objects.autoscaler else {
        return;
    };
    c.on(hpa);
    let max = crate::k8s::autoscaler_spec(hpa)
        .map(|s| s.max_replicas)
        .unwrap_or_default();
    if most > 0 && u64::try_from(max).is_ok_and(|m| m > most) {
        c.flag(Rule::ClusterFitAutoscaler, "spec.maxReplicas", max)
            .says(format!(
                "can never be reached: at most {most} replicas of this pod fit on the \
                 cluster ({})",
                runs_out(limit)
            ))
            .fix(format!("lower maxReplicas to {most}{}", or_lower(limit)));
    }
}

/// The resources that run out, without the node's pod slots.
fn requested(exhausted: &[String]) -> Vec<&str> {
    exhausted
        .iter()
        .map(String::as_str)
        .filter(|r| *r != "pods")
        .collect()
}

/// Why no more replicas fit: the requests that use up the nodes (all of them on a tie), or
/// the nodes' pod limit.
fn runs_out(exhausted: &[String]) -> String {
    match requested(exhausted).as_slice() {
        [] => "each node takes a limited number of pods".to_owned(),
        [one] => format!("{one} requests use up the nodes first"),
        several => format!(
            "{} requests use up the nodes at the same count",
            several.join(" and ")
        ),
    }
}

/// The requests to lower: every one that runs out, or lowering one would not help.
fn or_lower(exhausted: &[String]) -> String {
    let names: Vec<String> = requested(exhausted)
        .iter()
        .map(|r| format!("resources.requests.{r}"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(", or lower {}", names.join(" and "))
    }
}

/// Where the container asks for `resource`: its request, or the limit that stands for it.
fn request_field(objects: &LabObjects, resource: &str) -> String {
    let from_request = objects
        .containers()
        .first()
        .and_then(|k| k.resources.as_ref()?.requests.as_ref())
        .is_some_and(|r| r.contains_key(resource));
    let kind = if from_request { "requests" } else { "limits" };
    format!("{CONTAINER}.{kind}.{resource}")
}

/// Not one replica fits: say what a node offers against what the pod asks.
fn none_fits(
    objects: &LabObjects,
    fit: &Fit,
    requests: &std::collections::BTreeMap<String, i128>,
    c: &mut Checker,
) {
    let resource = fit.limiting.as_deref().unwrap_or("pods");
    if fit.nodes == 0 || resource == "pods" {
        let replicas = objects.replicas();
        c.flag(Rule::ClusterFitReplicas, "spec.replicas", replicas)
            .says(format!(
                "no node takes this pod ({} nodes take pods, {} take none), so {} would stay \
                 Pending",
                fit.nodes,
                fit.unschedulable_nodes,
                pending(replicas)
            ))
            .fix(
                "describe the worker nodes in cluster.nodes (schedulable unless they take no pods)",
            );
        return;
    }
    let binary = resource != "cpu";
    let asked = show(requests.get(resource).copied().unwrap_or(0), binary);
    let field = request_field(objects, resource);
    let offered = fit::most_offered(resource, c.cluster);
    let replicas = objects.replicas();
    let v = c.flag(Rule::ClusterFitReplicas, field, &asked);
    match offered {
        Some(most) => {
            let most = show(most.max(0), binary);
            v.says(format!(
                "no replica of this pod fits: a node offers at most {most} {resource} to pods \
                 (allocatable less system requests), so {} would stay Pending",
                pending(replicas)
            ))
            .fix(format!(
                "lower resources.requests.{resource} to {most} or less, or describe bigger nodes"
            ));
        }
        None => {
            v.says(format!(
                "no replica of this pod fits: no node that takes pods offers {resource}, so \
                 {} would stay Pending",
                pending(replicas)
            ))
            .fix(format!(
                "add {resource} to the allocatable of the nodes that have it, or drop the request"
            ));
        }
    }
}

/// The pod requests nothing the nodes list: only the pod count bounds it.
fn not_judged(fit: &Fit, c: &mut Checker) {
    let listed: std::collections::BTreeSet<&str> = c
        .cluster
        .nodes
        .iter()
        .flat_map(|g| g.allocatable.keys().map(String::as_str))
        .filter(|r| *r != "pods")
        .collect();
    let listed: Vec<&str> = listed.into_iter().collect();
    let unknown = if fit.unknown.is_empty() {
        String::new()
    } else {
        format!(
            " (it requests {}, which no node lists)",
            fit.unknown.join(", ")
        )
    };
    c.flag(
        Rule::ClusterFitJudged,
        CONTAINER.to_owned() + ".requests",
        "none",
    )
    .says(format!(
        "the pod requests none of the resources the nodes list ({}){unknown}: the \
             scheduler would put as many on a node as its pod count allows ({} by \
             default), so kubelab cannot tell how many replicas really fit",
        listed.join(", "),
        fit::DEFAULT_MAX_PODS
    ))
    .fix("request what the app needs, e.g. `requests: { cpu: 500m, memory: 1Gi }`");
}

/// "its pod" or "all 3 pods".
fn pending(replicas: i32) -> String {
    if replicas == 1 {
        "its pod".to_owned()
    } else {
        format!("all {replicas} pods")
    }
}

/// "1 node that takes pods" or "3 nodes that take pods".
fn taking_pods(nodes: u64) -> String {
    if nodes == 1 {
        "1 node that takes pods".to_owned()
    } else {
        format!("{nodes} nodes that take pods")
    }
}
