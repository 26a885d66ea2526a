//! The Service in front of the app.

use crate::spec::{PortRef, Protocol};
use schemars::JsonSchema;
use serde::Deserialize;

/// How the Service is exposed (Kubernetes `spec.type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ServiceType {
    /// Reachable inside the cluster only.
    #[default]
    ClusterIP,
    /// Also on a port of every node.
    NodePort,
    /// Also through an external load balancer (and a node port).
    LoadBalancer,
}

impl ServiceType {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
        }
    }
}

/// One port of the Service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePort {
    /// The port the Service listens on.
    #[builder(start_fn)]
    #[schemars(range(min = 1, max = 65535))]
    pub port: i32,
    /// Port name; required by Kubernetes when a Service has several ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    #[schemars(length(max = 63), regex(pattern = crate::spec::formats::DNS1123_LABEL_OR_EMPTY))]
    pub name: Option<String>,
    /// The container port traffic goes to, by number or name; defaults to `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub target_port: Option<PortRef>,
    /// Fixed node port (NodePort and LoadBalancer only); unset lets the cluster choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub node_port: Option<i32>,
    /// Protocol; written out as TCP when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
}

impl ServicePort {
    /// The protocol, TCP when unset.
    pub fn protocol(&self) -> Protocol {
        self.protocol.unwrap_or(Protocol::Tcp)
    }

    /// The target port: `port` when unset, 0 or empty, as the API server defaults it
    /// (kubernetes pkg/apis/core/v1/defaults.go, `SetDefaults_Service`).
    pub fn target(&self) -> PortRef {
        let target = self.target_port.as_ref().map(PortRef::to_int_or_string);
        PortRef::from(crate::api_defaults::target_port(self.port, target.as_ref()))
    }
}

impl From<i32> for ServicePort {
    fn from(port: i32) -> Self {
        ServicePort::builder(port).build()
    }
}

/// The Service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ServicePatch")]
pub struct Service {
    /// Service name (required).
    #[builder(into)]
    #[schemars(length(max = 63), regex(pattern = crate::spec::formats::DNS1035_LABEL))]
    pub name: String,
    /// `ClusterIP` (when unset), `NodePort` or `LoadBalancer`.
    #[serde(default, rename = "type")]
    #[builder(default)]
    pub service_type: ServiceType,
    /// Ports (at least one).
    #[builder(with = |ports: impl IntoIterator<Item = impl Into<ServicePort>>| {
        ports.into_iter().map(Into::into).collect()
    })]
    pub ports: Vec<ServicePort>,
    /// Annotations on the Service (a cloud load balancer's settings, for instance).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[builder(default)]
    pub annotations: std::collections::BTreeMap<String, String>,
}
