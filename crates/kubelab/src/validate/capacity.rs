//! Cluster fit: pods that can never be scheduled (an error: they would stay Pending) and
//! autoscaler maxima that can never be reached (a warning).

use super::Checker;
use crate::fit;
use crate::objects::LabObjects;
use std::collections::BTreeMap;

/// The summed requests of the pod's containers, in nano-units.
pub fn pod_request_nanos(objects: &LabObjects) -> BTreeMap<String, i128> {
    let mut nanos: BTreeMap<String, i128> = BTreeMap::new();
    for (name, q) in objects
        .containers()
        .iter()
        .filter_map(|c| c.resources.as_ref()?.requests.as_ref())
        .flatten()
    {
        if let Ok(v) = super::quantity::Quantity::parse(&q.0) {
            *nanos.entry(name.clone()).or_default() += v.nanos;
        }
    }
    nanos
}

pub(crate) fn check(objects: &LabObjects, c: &mut Checker) {
    let Some(fit) = fit::fit_nanos(&pod_request_nanos(objects), c.cluster) else {
        return;
    };
    let limit = fit.limiting.clone().unwrap_or_else(|| "nothing".to_owned());
    let replicas = objects
        .deployment
        .spec
        .as_ref()
        .and_then(|s| s.replicas)
        .unwrap_or(1);
    c.on(&objects.deployment);
    if u64::try_from(replicas).is_ok_and(|r| r > fit.max_replicas) {
        c.error("spec.replicas", "cluster-fit-replicas", replicas, format!("only {} replicas of this pod fit on the cluster's {} nodes ({limit} is the limit); the other {} would stay Pending", fit.max_replicas, fit.nodes, replicas as u64 - fit.max_replicas), format!("use at most {} replicas, or lower the pod's {limit} request", fit.max_replicas));
    }
    let Some(hpa) = &objects.autoscaler else {
        return;
    };
    c.on(hpa);
    let max = hpa
        .spec
        .as_ref()
        .map(|s| s.max_replicas)
        .unwrap_or_default();
    if u64::try_from(max).is_ok_and(|m| m > fit.max_replicas) {
        c.warn("spec.maxReplicas", "cluster-fit-autoscaler", max, format!("can never be reached: at most {} replicas of this pod fit on the cluster ({limit} is the limit)", fit.max_replicas), format!("lower maxReplicas to {} or the pod's {limit} request", fit.max_replicas));
    }
}
