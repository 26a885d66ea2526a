//! The course file as written by course authors: every defaultable field optional, so that
//! `defaults` and each lab can be merged field by field. The JSON Schema is derived from
//! these types.

use crate::spec::{
    Autoscaler, ContainerPort, EnvVar, LoadTest, NodeGroup, NodePortRange, PortRef, PullPolicy,
    Resources, ServicePort, ServiceType, Sweep,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole course: what it is, the cluster it runs on, shared defaults and its labs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseFile {
    /// About the course.
    pub course: CourseInfo,
    /// The cluster the labs run on.
    #[serde(default)]
    pub cluster: ClusterFile,
    /// Values every lab inherits unless it sets them itself.
    #[serde(default)]
    pub defaults: Defaults,
    /// The labs, in teaching order.
    pub labs: Vec<LabFile>,
    /// Render this many per-student copies under `students/`, each in its own namespace
    /// with its own node ports.
    #[serde(default)]
    pub students: u32,
}

/// About the course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseInfo {
    /// Course title.
    pub title: String,
    /// Where students clone the course, as they would type it (`~/k8s-ml`).
    pub student_dir: String,
    /// The templates folder for the lab pages, relative to this file; the generator's
    /// default (`templates/` of the kubelab repository) when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<String>,
    /// The load test on lab pages; `{ concurrent: 10, time: 30S }` when unset.
    #[serde(default)]
    pub load_test: LoadTest,
}

/// The cluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClusterFile {
    /// The apiserver's node port range; 30000-32767 when unset.
    #[serde(default)]
    pub node_port_range: NodePortRange,
    /// The nodes, by shape; fit analysis runs when set.
    #[serde(default)]
    pub nodes: Vec<NodeGroup>,
}

/// Shared defaults for the app and the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Defaults {
    /// Defaults for each lab's `deployment`.
    #[serde(default)]
    pub deployment: DeploymentPatch,
    /// Defaults for each lab's `service`.
    #[serde(default)]
    pub service: ServicePatch,
}

/// One lab.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabFile {
    /// Short id, used on the command line (`single`).
    pub id: String,
    /// Title shown on pages.
    pub title: String,
    /// Output manifest, relative to the output directory (`deploy_k8s/deployment_k8s.yaml`).
    pub output: String,
    /// The app's Deployment; merged over `defaults.deployment`.
    #[serde(default)]
    pub deployment: DeploymentPatch,
    /// The Service; merged over `defaults.service`.
    #[serde(default)]
    pub service: ServicePatch,
    /// A HorizontalPodAutoscaler on CPU; `deployment.replicas` is then the starting count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler: Option<Autoscaler>,
    /// Values to sweep for the challenge: one manifest per combination, and a summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
}

/// The app's Deployment (one container). Kubernetes field names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentPatch {
    /// Deployment name (required); also the default container name and `app` label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Container name when it differs from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// Container image (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `Always`, `IfNotPresent` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<PullPolicy>,
    /// Replica count (1 when unset); with an autoscaler, the count at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Container ports, the serving port first (at least one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<ContainerPort>>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<EnvVar>>,
    /// Readiness probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<ProbePatch>,
    /// Liveness probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<ProbePatch>,
    /// Startup probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<ProbePatch>,
    /// Requests and limits, merged per resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Pod labels (also the Service selector); `app: <name>` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
}

/// An HTTP GET probe; every field may come from the defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbePatch {
    /// Path to GET (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Container port, by number or name (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<PortRef>,
    /// Seconds before the first probe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    /// Seconds before a probe times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    /// Successes in a row to pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i32>,
    /// Failures in a row to fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
}

/// The Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePatch {
    /// Service name (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `ClusterIP` (when unset), `NodePort` or `LoadBalancer`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// Ports (at least one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<ServicePort>>,
}
