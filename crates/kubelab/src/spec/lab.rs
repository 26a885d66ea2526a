//! One lab: a Deployment, its Service and perhaps an autoscaler, written to one manifest.

use crate::spec::{Autoscaler, Deployment, Service, Sweep};
use schemars::JsonSchema;
use serde::Deserialize;

/// One lab.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "LabFile")]
pub struct Lab {
    /// Short id, used on the command line (`single`).
    #[builder(into)]
    pub id: String,
    /// Title shown on pages.
    #[builder(into)]
    pub title: String,
    /// Output manifest, relative to the output directory (`deploy_k8s/deployment_k8s.yaml`).
    #[builder(into)]
    pub output: String,
    /// The app's Deployment; merged over `defaults.deployment`.
    pub deployment: Deployment,
    /// The Service; merged over `defaults.service`.
    pub service: Service,
    /// A HorizontalPodAutoscaler on CPU; `deployment.replicas` is then the starting count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler: Option<Autoscaler>,
    /// Values to sweep for the challenge: one manifest per combination, and a summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
}

impl Lab {
    /// The Deployment's `replicas`: as set, else the autoscaler's `minReplicas`, else 1.
    pub fn initial_replicas(&self) -> i32 {
        self.deployment
            .replicas
            .or(self.autoscaler.as_ref().map(|a| a.min_replicas))
            .unwrap_or(1)
    }
}
