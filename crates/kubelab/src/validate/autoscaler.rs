//! HorizontalPodAutoscaler rules.

use super::Checker;
use crate::names;
use crate::rules::Rule;
use k8s_openapi::api::autoscaling::v2 as autoscaling;

pub(crate) fn check(hpa: &autoscaling::HorizontalPodAutoscaler, c: &mut Checker) {
    c.on_named(
        hpa,
        names::dns1123_subdomain,
        Rule::AutoscalerNameDns1123,
        "use a lower-case name such as `ml-app-hpa`",
    );
    let Some(spec) = crate::k8s::autoscaler_spec(hpa) else {
        return;
    };
    let min = spec.min_replicas.unwrap_or(crate::api_defaults::REPLICAS);
    if min < 1 {
        c.flag(Rule::AutoscalerMinReplicas, "spec.minReplicas", min)
            .says("must be greater than or equal to 1")
            .fix("use minReplicas 1 or more");
    }
    if spec.max_replicas < min {
        c.flag(
            Rule::AutoscalerMaxReplicas,
            "spec.maxReplicas",
            spec.max_replicas,
        )
        .says("must be greater than or equal to `minReplicas`")
        .fix(format!("use maxReplicas {min} or more"));
    }
    for (i, m) in spec.metrics.iter().flatten().enumerate() {
        if let Some(u) = m
            .resource
            .as_ref()
            .and_then(|r| r.target.average_utilization)
            && u <= 0
        {
            c.flag(
                Rule::AutoscalerUtilizationPositive,
                format!("spec.metrics[{i}].resource.target.averageUtilization"),
                u,
            )
            .says("must be greater than 0")
            .fix("use a target between 1 and 100 percent of the CPU request");
        }
    }
}
