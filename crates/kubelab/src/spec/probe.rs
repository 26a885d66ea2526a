//! HTTP probes (readiness, liveness, startup).

use crate::spec::PortRef;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An HTTP GET probe with every threshold Kubernetes knows.
///
/// Unset numbers take the Kubernetes defaults (initial delay 0 s, period 10 s, timeout 1 s,
/// success threshold 1, failure threshold 3) and are left out of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpProbe {
    /// The path to GET, e.g. `/test`.
    #[builder(into)]
    pub path: String,
    /// The container port to probe, by number or name.
    #[builder(into)]
    pub port: PortRef,
    /// Seconds after the container starts before the first probe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    /// Seconds after which a probe times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Consecutive successes needed to count as passing (must be 1 for liveness and startup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i32>,
    /// Consecutive failures needed to count as failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
}
