//! A lab's challenge sweep: lists of values to try, one manifest per combination.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Values to sweep; every combination becomes a variant of the lab.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sweep {
    /// Replica counts (the starting count when the lab autoscales).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub replicas: Vec<i32>,
    /// Requests per resource, e.g. `{ cpu: ["500m", "1"] }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    #[schemars(schema_with = "crate::spec::formats::quantity_lists")]
    pub requests: BTreeMap<String, Vec<String>>,
    /// Limits per resource.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    #[schemars(schema_with = "crate::spec::formats::quantity_lists")]
    pub limits: BTreeMap<String, Vec<String>>,
    /// Autoscaler minReplicas values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub min_replicas: Vec<i32>,
    /// Autoscaler maxReplicas values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub max_replicas: Vec<i32>,
    /// Autoscaler target CPU utilisation values.
    #[serde(
        default,
        rename = "targetCPUUtilizationPercentage",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[builder(default)]
    pub target_cpu_utilization_percentage: Vec<i32>,
    /// The most variants this sweep may expand to (default 256).
    #[serde(default = "default_limit")]
    #[builder(default = default_limit())]
    pub limit: usize,
}

fn default_limit() -> usize {
    256
}

impl Default for Sweep {
    fn default() -> Self {
        Sweep {
            replicas: Vec::new(),
            requests: BTreeMap::new(),
            limits: BTreeMap::new(),
            min_replicas: Vec::new(),
            max_replicas: Vec::new(),
            target_cpu_utilization_percentage: Vec::new(),
            limit: default_limit(),
        }
    }
}
