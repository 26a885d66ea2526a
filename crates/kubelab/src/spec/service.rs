//! The Service in front of the app.

use crate::spec::{PortRef, Protocol};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the Service is exposed (Kubernetes `spec.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ServiceType {
    /// Reachable inside the cluster only.
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

    /// True for the types that open a node port.
    pub fn has_node_ports(self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

/// One port of the Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePort {
    /// The port the Service listens on.
    #[builder(start_fn)]
    pub port: i32,
    /// Port name; required by Kubernetes when a Service has several ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub name: Option<String>,
    /// The container port traffic goes to, by number or name; defaults to `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub target_port: Option<PortRef>,
    /// Fixed node port (NodePort and LoadBalancer only); unset lets the cluster choose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

    /// The target port, `port` when unset.
    pub fn target(&self) -> PortRef {
        self.target_port
            .clone()
            .unwrap_or(PortRef::Number(self.port))
    }
}

/// The Service that routes to the app's pods. Its selector is the app's pod labels.
///
/// ```
/// use kubelab::spec::{Service, ServicePort, ServiceType};
///
/// let svc = Service::builder()
///     .name("ml-kube-service")
///     .service_type(ServiceType::NodePort)
///     .port(ServicePort::builder(6000).target_port(5000).node_port(32000).build())
///     .build();
/// assert_eq!(svc.ports().count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, bon::Builder)]
pub struct Service {
    /// Service name (a DNS-1035 label).
    #[builder(into)]
    pub name: String,
    /// How it is exposed; ClusterIP when unset.
    #[builder(default = ServiceType::ClusterIP)]
    pub service_type: ServiceType,
    /// The first (main) port.
    pub port: ServicePort,
    /// Further ports.
    #[builder(default)]
    pub extra_ports: Vec<ServicePort>,
}

impl Service {
    /// All ports, the main one first.
    pub fn ports(&self) -> impl Iterator<Item = &ServicePort> {
        std::iter::once(&self.port).chain(&self.extra_ports)
    }
}
