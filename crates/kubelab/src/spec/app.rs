//! The application: one container, run by a Deployment.

use crate::spec::{ContainerPort, HttpProbe, Resources};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// When the kubelet pulls the image (Kubernetes `imagePullPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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

/// An environment variable with a literal value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvVar {
    /// Variable name.
    pub name: String,
    /// Its value, always a string (kubelab quotes it wherever YAML 1.1 would misread it).
    pub value: String,
}

impl EnvVar {
    /// A `name=value` variable.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// The serving application: the `deployment` section of a lab.
///
/// `name`, `image` and `port` are required by the builder at compile time:
///
/// ```
/// use kubelab::spec::{App, HttpProbe, PullPolicy, Resources};
///
/// let app = App::builder()
///     .name("ml-kube-app")
///     .image("node-0:5000/ml-app:0.0.1")
///     .port(5000)
///     .image_pull_policy(PullPolicy::Always)
///     .readiness_probe(HttpProbe::builder().path("/test").port(5000).period_seconds(5).build())
///     .resources(Resources::new().request("cpu", "1").limit("cpu", "2"))
///     .build();
/// assert_eq!(app.pod_labels()["app"], "ml-kube-app");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, bon::Builder)]
pub struct App {
    /// Deployment name; also the default container name and `app` label.
    #[builder(into)]
    pub name: String,
    /// Container image reference.
    #[builder(into)]
    pub image: String,
    /// The port the app serves on (the first container port).
    #[builder(into)]
    pub port: ContainerPort,
    /// Further container ports.
    #[builder(default)]
    pub extra_ports: Vec<ContainerPort>,
    /// Container name, when it differs from `name`.
    #[builder(into)]
    pub container_name: Option<String>,
    /// When to pull the image.
    pub image_pull_policy: Option<PullPolicy>,
    /// Environment variables, in order.
    #[builder(default)]
    pub env: Vec<EnvVar>,
    /// Gate for traffic: the pod gets Service traffic only while this passes.
    pub readiness_probe: Option<HttpProbe>,
    /// Restarts the container when it fails.
    pub liveness_probe: Option<HttpProbe>,
    /// Holds back the other probes until the app has started.
    pub startup_probe: Option<HttpProbe>,
    /// Requests and limits.
    #[builder(default)]
    pub resources: Resources,
    /// Pod labels; empty means `app: <name>`. The Service selector and the Deployment's
    /// `matchLabels` are these same labels, so they cannot disagree.
    #[builder(default)]
    pub labels: BTreeMap<String, String>,
}

impl App {
    /// The container's name.
    pub fn container_name(&self) -> &str {
        self.container_name.as_deref().unwrap_or(&self.name)
    }

    /// All container ports, the serving port first.
    pub fn ports(&self) -> impl Iterator<Item = &ContainerPort> {
        std::iter::once(&self.port).chain(&self.extra_ports)
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
