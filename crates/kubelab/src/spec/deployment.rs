//! The app's Deployment: one container, its image, ports, probes and resources.

use crate::spec::{
    ContainerPort, EnvSource, HttpProbe, KeyRef, PullSecret, Resources, Volume, VolumeMount,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// When the kubelet pulls the image (Kubernetes `imagePullPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum PullPolicy {
    /// Pull on every start.
    Always,
    /// Pull only when the node lacks the image.
    IfNotPresent,
    /// Never pull.
    Never,
}

impl PullPolicy {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }
}

/// An environment variable: a literal `value`, or one from a Secret's or ConfigMap's key
/// (`valueFrom`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct EnvVar {
    /// Variable name.
    #[schemars(regex(pattern = crate::spec::formats::ENV_NAME))]
    pub name: String,
    /// Its value, always a string (kubelab quotes it wherever YAML 1.1 would misread it);
    /// empty when unset, as Kubernetes reads a missing value.
    #[serde(default)]
    pub value: String,
    /// Where the value comes from instead: a key of a Secret or of a ConfigMap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<EnvSource>,
}

impl EnvVar {
    /// A `name=value` variable.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            value_from: None,
        }
    }

    /// A variable set to key `key` of Secret `secret`.
    pub fn from_secret(
        name: impl Into<String>,
        secret: impl Into<String>,
        key: impl Into<String>,
    ) -> Self {
        Self {
            value_from: Some(EnvSource {
                secret_key_ref: Some(KeyRef::new(secret, key)),
                config_map_key_ref: None,
            }),
            ..EnvVar::new(name, "")
        }
    }

    /// A variable set to key `key` of ConfigMap `config_map`.
    pub fn from_config_map(
        name: impl Into<String>,
        config_map: impl Into<String>,
        key: impl Into<String>,
    ) -> Self {
        Self {
            value_from: Some(EnvSource {
                secret_key_ref: None,
                config_map_key_ref: Some(KeyRef::new(config_map, key)),
            }),
            ..EnvVar::new(name, "")
        }
    }
}

/// The app's Deployment (one container). Kubernetes field names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "DeploymentPatch")]
pub struct Deployment {
    /// Deployment name (required); also the default container name and `app` label.
    #[builder(into)]
    #[schemars(length(max = 253), regex(pattern = crate::spec::formats::DNS1123_SUBDOMAIN))]
    pub name: String,
    /// Container name when it differs from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    #[schemars(length(max = 63), regex(pattern = crate::spec::formats::DNS1123_LABEL))]
    pub container_name: Option<String>,
    /// Container image (required).
    #[builder(into)]
    #[schemars(length(min = 1))]
    pub image: String,
    /// `Always`, `IfNotPresent` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<PullPolicy>,
    /// Replica count (1 when unset); with an autoscaler, the count at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub replicas: Option<i32>,
    /// The container's entrypoint, replacing the image's `ENTRYPOINT`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, with = |items: impl IntoIterator<Item = impl Into<String>>| {
        items.into_iter().map(Into::into).collect()
    })]
    pub command: Vec<String>,
    /// Arguments to the entrypoint, replacing the image's `CMD`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, with = |items: impl IntoIterator<Item = impl Into<String>>| {
        items.into_iter().map(Into::into).collect()
    })]
    pub args: Vec<String>,
    /// Secrets the kubelet pulls the image with, for a private registry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, with = |items: impl IntoIterator<Item = impl Into<PullSecret>>| {
        items.into_iter().map(Into::into).collect()
    })]
    pub image_pull_secrets: Vec<PullSecret>,
    /// Container ports, the serving port first (at least one).
    #[builder(with = |ports: impl IntoIterator<Item = impl Into<ContainerPort>>| {
        ports.into_iter().map(Into::into).collect()
    })]
    pub ports: Vec<ContainerPort>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub env: Vec<EnvVar>,
    /// Readiness probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<HttpProbe>,
    /// Liveness probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<HttpProbe>,
    /// Startup probe (HTTP GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<HttpProbe>,
    /// Requests and limits, merged per resource.
    #[serde(default)]
    #[builder(default)]
    pub resources: Resources,
    /// Folders the app writes to, as absolute paths (`/app/uploads`, `/tmp`): a hardened
    /// lab's root filesystem is read-only, and each of these is a writable `emptyDir`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub writable_paths: Vec<String>,
    /// The user a hardened lab's container runs as; 10001 when unset (above the UIDs a
    /// node's own users have). Never 0: the restricted standard forbids root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_user: Option<i64>,
    /// The group a hardened lab's container runs as (and owns its writable folders); 10001
    /// when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as_group: Option<i64>,
    /// Annotations on the Deployment itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    pub annotations: BTreeMap<String, String>,
    /// Annotations on each pod (the pod template's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    pub pod_annotations: BTreeMap<String, String>,
    /// Node labels a node must have to run the pods (`disktype: ssd`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    #[schemars(schema_with = "crate::spec::formats::labels")]
    pub node_selector: BTreeMap<String, String>,
    /// The pod's volumes: ConfigMaps, Secrets and empty folders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub volumes: Vec<Volume>,
    /// Where the container mounts them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub volume_mounts: Vec<VolumeMount>,
    /// Pod labels (also the Service selector); `app: <name>` when unset.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[builder(default)]
    #[schemars(schema_with = "crate::spec::formats::labels")]
    pub labels: BTreeMap<String, String>,
}

impl Deployment {
    /// The container's name.
    pub fn container_name(&self) -> &str {
        self.container_name.as_deref().unwrap_or(&self.name)
    }

    /// The pod labels, which are also the Service selector.
    pub fn pod_labels(&self) -> BTreeMap<String, String> {
        if self.labels.is_empty() {
            BTreeMap::from([("app".to_owned(), self.name.clone())])
        } else {
            self.labels.clone()
        }
    }
}
