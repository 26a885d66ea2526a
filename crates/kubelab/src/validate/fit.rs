//! Cluster fit: pods that can never be scheduled (an error: they would stay Pending) and
//! autoscaler maxima that can never be reached (a warning).

use super::Checker;
use crate::fit;
use crate::objects::LabObjects;
use crate::rules::Rule;

pub(super) fn check(objects: &LabObjects, c: &mut Checker) {
    let Some(fit) = fit::fit_nanos(&fit::pod_requests(objects), c.cluster) else {
        return;
    };
    let limit = fit.limiting.as_deref().unwrap_or("nothing");
    let most = fit.max_replicas;
    let replicas = objects.replicas();
    c.on(&objects.deployment);
    let pending = u64::try_from(replicas).map_or(0, |r| r.saturating_sub(most));
    if pending > 0 {
        let nodes = fit.nodes;
        c.flag(Rule::ClusterFitReplicas, "spec.replicas", replicas)
            .says(format!(
                "only {most} replicas of this pod fit on the cluster's {nodes} nodes \
                 ({limit} is the limit); the other {pending} would stay Pending"
            ))
            .fix(format!(
                "use at most {most} replicas, or lower the pod's {limit} request"
            ));
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
    if u64::try_from(max).is_ok_and(|m| m > most) {
        c.flag(Rule::ClusterFitAutoscaler, "spec.maxReplicas", max)
            .says(format!(
                "can never be reached: at most {most} replicas of this pod fit on the \
                 cluster ({limit} is the limit)"
            ))
            .fix(format!(
                "lower maxReplicas to {most} or the pod's {limit} request"
            ));
    }
}
