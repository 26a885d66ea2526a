//! Ports and port references shared by containers, probes and services.

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::Deserialize;

/// Transport protocol of a port (Kubernetes `protocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Protocol {
    /// TCP, the Kubernetes default.
    #[serde(rename = "TCP")]
    Tcp,
    /// UDP.
    #[serde(rename = "UDP")]
    Udp,
    /// SCTP.
    #[serde(rename = "SCTP")]
    Sctp,
}

impl Protocol {
    /// The Kubernetes spelling (`TCP`, `UDP`, `SCTP`).
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// A port given by number or by the name of a container port (Kubernetes `IntOrString`).
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum PortRef {
    /// A port number, 1-65535.
    Number(#[schemars(range(min = 0, max = 65535))] i32),
    /// The name of a container port (IANA service name).
    Name(String),
}

/// A number is a port number, text a port name; anything else is an "invalid type" error
/// that says so (serde's untagged enums only say that no variant matched).
impl<'de> Deserialize<'de> for PortRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Port;
        impl serde::de::Visitor<'_> for Port {
            type Value = PortRef;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a port number or a port name")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<PortRef, E> {
                i32::try_from(n)
                    .map(PortRef::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<PortRef, E> {
                i32::try_from(n)
                    .map(PortRef::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PortRef, E> {
                Ok(PortRef::Name(s.to_owned()))
            }
        }
        deserializer.deserialize_any(Port)
    }
}

impl From<i32> for PortRef {
    fn from(n: i32) -> Self {
        PortRef::Number(n)
    }
}

impl From<&str> for PortRef {
    fn from(name: &str) -> Self {
        PortRef::Name(name.to_owned())
    }
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(s) => f.write_str(s),
        }
    }
}

/// A port the container listens on (Kubernetes `ContainerPort`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerPort {
    /// The port number, 1-65535.
    #[builder(start_fn)]
    #[schemars(range(min = 1, max = 65535))]
    pub container_port: i32,
    /// Optional name (IANA service name, at most 15 characters) that probes and
    /// services may refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    #[schemars(length(max = 15), regex(pattern = crate::spec::formats::IANA_SVC_NAME_OR_EMPTY))]
    pub name: Option<String>,
    /// Protocol; Kubernetes defaults to TCP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
}

impl From<i32> for ContainerPort {
    fn from(container_port: i32) -> Self {
        ContainerPort::builder(container_port).build()
    }
}

impl PortRef {
    /// The port as Kubernetes writes it.
    pub(crate) fn to_int_or_string(&self) -> IntOrString {
        match self {
            PortRef::Number(n) => IntOrString::Int(*n),
            PortRef::Name(s) => IntOrString::String(s.clone()),
        }
    }
}

impl From<IntOrString> for PortRef {
    fn from(port: IntOrString) -> Self {
        match port {
            IntOrString::Int(n) => PortRef::Number(n),
            IntOrString::String(s) => PortRef::Name(s),
        }
    }
}
