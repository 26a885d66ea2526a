//! HorizontalPodAutoscaler rules.

use super::Checker;
use super::names;
use k8s_openapi::api::autoscaling::v2 as autoscaling;

pub(crate) fn check(hpa: &autoscaling::HorizontalPodAutoscaler, c: &mut Checker) {
    c.on_named(
        hpa,
        names::dns1123_subdomain,
        "autoscaler-name-dns1123",
        "use a lower-case name such as `ml-app-hpa`",
    );
    let Some(spec) = &hpa.spec else { return };
    let min = spec.min_replicas.unwrap_or(1);
    if min < 1 {
        c.error(
            "spec.minReplicas",
            "autoscaler-min-replicas",
            min,
            "must be greater than or equal to 1",
            "use minReplicas 1 or more",
        );
    }
    if spec.max_replicas < min {
        c.error(
            "spec.maxReplicas",
            "autoscaler-max-replicas",
            spec.max_replicas,
            "must be greater than or equal to `minReplicas`",
            format!("use maxReplicas {min} or more"),
        );
    }
    for (i, m) in spec.metrics.iter().flatten().enumerate() {
        if let Some(u) = m
            .resource
            .as_ref()
            .and_then(|r| r.target.average_utilization)
            && u <= 0
        {
            c.error(
                format!("spec.metrics[{i}].resource.target.averageUtilization"),
                "autoscaler-utilization-positive",
                u,
                "must be greater than 0",
                "use a target between 1 and 100 percent of the CPU request",
            );
        }
    }
}
