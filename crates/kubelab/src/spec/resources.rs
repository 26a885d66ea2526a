//! Resource requests and limits.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Requests and limits per resource (`cpu`, `memory`, `ephemeral-storage`, ...), as
/// Kubernetes quantity strings (`"1"`, `"500m"`, `"2Gi"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resources {
    /// What the scheduler reserves for the container.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "crate::spec::formats::quantities")]
    pub requests: BTreeMap<String, String>,
    /// The most the container may use.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "crate::spec::formats::quantities")]
    pub limits: BTreeMap<String, String>,
}

impl Resources {
    /// No requests and no limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a request.
    pub fn request(mut self, resource: impl Into<String>, quantity: impl Into<String>) -> Self {
        self.requests.insert(resource.into(), quantity.into());
        self
    }

    /// Adds (or replaces) a limit.
    pub fn limit(mut self, resource: impl Into<String>, quantity: impl Into<String>) -> Self {
        self.limits.insert(resource.into(), quantity.into());
        self
    }

    /// True when neither requests nor limits are set.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty() && self.limits.is_empty()
    }
}
