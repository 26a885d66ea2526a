//! HTTP probes (readiness, liveness, startup). Unset numbers take the Kubernetes defaults
//! (initial delay 0 s, period 10 s, timeout 1 s, success threshold 1, failure threshold 3)
//! and are left out of the manifest.

use crate::spec::PortRef;
use schemars::JsonSchema;
use serde::Deserialize;

/// An HTTP GET probe; every field may come from the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ProbePatch")]
pub struct HttpProbe {
    /// Path to GET (required).
    #[builder(into)]
    pub path: String,
    /// Container port, by number or name (required).
    #[builder(into)]
    pub port: PortRef,
    /// Seconds before the first probe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub period_seconds: Option<i32>,
    /// Seconds before a probe times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub timeout_seconds: Option<i32>,
    /// Successes in a row to pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub success_threshold: Option<i32>,
    /// Failures in a row to fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub failure_threshold: Option<i32>,
}
