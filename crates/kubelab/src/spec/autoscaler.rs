//! The HorizontalPodAutoscaler of a lab.

use schemars::JsonSchema;
use serde::Deserialize;

/// A HorizontalPodAutoscaler on CPU utilisation (emitted as `autoscaling/v2`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Autoscaler {
    /// HPA name; the Deployment's name when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    #[schemars(length(max = 253), regex(pattern = crate::spec::formats::DNS1123_SUBDOMAIN))]
    pub name: Option<String>,
    /// Fewest replicas (at least 1).
    #[schemars(range(min = 1))]
    pub min_replicas: i32,
    /// Most replicas (at least `minReplicas`).
    #[schemars(range(min = 1))]
    pub max_replicas: i32,
    /// Target average CPU utilisation, in percent of the CPU request.
    #[serde(rename = "targetCPUUtilizationPercentage")]
    #[schemars(range(min = 1))]
    pub target_cpu_utilization_percentage: i32,
}
