//! Service rules.

use super::Checker;
use super::at::At;
use crate::names;
use crate::rules::Rule;
use crate::spec::KubernetesVersion;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeSet;

pub(crate) const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";
pub(crate) const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// Port number 1-65535.
pub(crate) fn port_number(c: &mut Checker, field: At<'_>, rule: Rule, port: i32) {
    if !(1..=65535).contains(&port) {
        c.flag(rule, field, port)
            .says(PORT_RANGE)
            .fix("use a port between 1 and 65535");
    }
}

/// A port given by number (1-65535) or by IANA_SVC_NAME.
pub(crate) fn int_or_name(c: &mut Checker, field: At<'_>, rule: Rule, port: &IntOrString) {
    match port {
        IntOrString::Int(n) => port_number(c, field, rule, *n),
        IntOrString::String(s) => {
            if let Some(m) = names::iana_svc_name(s) {
                c.flag(rule, field, s)
                    .says(m)
                    .fix("use a port number or the name of a container port");
            }
        }
    }
}

/// A port name not used before in `seen`.
pub(crate) fn port_name<'n>(
    c: &mut Checker,
    field: At<'_>,
    name: &'n str,
    seen: &mut BTreeSet<&'n str>,
    duplicate_rule: Rule,
) {
    if !seen.insert(name) {
        c.flag(duplicate_rule, field, name)
            .says("Duplicate value")
            .fix("give each port its own name");
    }
}

pub(crate) fn protocol(c: &mut Checker, field: At<'_>, value: Option<&String>) {
    if let Some(p) = value
        && !PROTOCOLS.contains(&p.as_str())
    {
        c.flag(Rule::ProtocolEnum, field, p)
            .says("Unsupported value: supported values: \"SCTP\", \"TCP\", \"UDP\"")
            .fix("use TCP, UDP or SCTP");
    }
}

pub(crate) fn labels(
    c: &mut Checker,
    field: At<'_>,
    labels: &std::collections::BTreeMap<String, String>,
) {
    for (key, value) in labels {
        if let Some(m) = names::qualified_name(key) {
            c.flag(Rule::LabelKey, field, key)
                .says(m)
                .fix("use a key like `app` or `app.kubernetes.io/name`");
        }
        if let Some(m) = names::label_value(value) {
            c.flag(Rule::LabelValue, field.field(key), value)
                .says(m)
                .fix("use at most 63 letters, digits, '-', '_' or '.'");
        }
    }
}

/// The port the kubelet's API listens on; a LoadBalancer Service may not expose it before
/// 1.33 (kubernetes pkg/apis/core/validation `ValidateService`, removed by
/// kubernetes/kubernetes#129174 in v1.33.0).
const KUBELET_PORT: i32 = 10250;

/// The first version that lets a LoadBalancer Service expose [`KUBELET_PORT`].
const KUBELET_PORT_ALLOWED: KubernetesVersion = KubernetesVersion::new(33);

/// A Service port's target after the API server's defaulting.
pub(crate) fn effective_target(p: &core::ServicePort) -> IntOrString {
    crate::api_defaults::target_port(p.port, p.target_port.as_ref())
}

pub(crate) fn check(svc: &core::Service, c: &mut Checker) {
    c.on_named(
        svc,
        names::dns1035_label,
        Rule::ServiceNameDns1035,
        "use a lower-case name that starts with a letter, e.g. `ml-service`",
    );
    let Some(spec) = &svc.spec else { return };
    let service_type = crate::objects::service_type(svc);
    if !["ClusterIP", "NodePort", "LoadBalancer"].contains(&service_type) {
        c.flag(Rule::ServiceTypeEnum, "spec.type", service_type)
            .says(r#"Unsupported value: supported values: "ClusterIP", "LoadBalancer", "NodePort""#)
            .fix("use ClusterIP, NodePort or LoadBalancer");
    }
    let has_node_ports = matches!(service_type, "NodePort" | "LoadBalancer");
    let ports = spec.ports.as_deref().unwrap_or_default();
    if ports.is_empty() {
        c.flag(Rule::ServicePortsRequired, "spec.ports", "[]")
            .says("Required value")
            .fix("give the Service at least one port");
    }
    let range = c.cluster.node_port_range;
    let (mut seen_ports, mut seen_names, mut seen_node_ports) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let ports_at = At::new("spec.ports");
    for (i, p) in ports.iter().enumerate() {
        let port_at = ports_at.index(i);
        let at = |f| port_at.field(f);
        port_number(c, at("port"), Rule::ServicePortRange, p.port);
        if p.target_port.is_some() {
            let target = effective_target(p);
            int_or_name(c, at("targetPort"), Rule::ServiceTargetPort, &target);
        }
        if service_type == "LoadBalancer"
            && p.port == KUBELET_PORT
            && c.cluster.kubernetes_version < KUBELET_PORT_ALLOWED
        {
            let version = c.cluster.kubernetes_version;
            c.flag(Rule::LoadBalancerKubeletPort, at("port"), p.port)
                .says(format!(
                    "may not expose port {KUBELET_PORT} externally since it is used by \
                     kubelet (Kubernetes {version}; allowed from 1.33)"
                ))
                .fix("use another port for the Service, e.g. 8080; targetPort may stay 10250");
        }
        protocol(c, at("protocol"), p.protocol.as_ref());
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports.len() > 1 => {
                c.flag(Rule::ServicePortNameRequired, at("name"), "\"\"")
                    .says("Required value: a Service with several ports must name each")
                    .fix("give every port a name such as `http`");
            }
            Some(n) => {
                // validateServicePort: a DNS-1123 label, unlike a container port's name.
                if let Some(m) = names::dns1123_label(n) {
                    c.flag(Rule::ServicePortNameDns1123, at("name"), n)
                        .says(m)
                        .fix("use lower-case letters, digits and inner dashes, such as `http`");
                }
                port_name(
                    c,
                    at("name"),
                    n,
                    &mut seen_names,
                    Rule::ServicePortNameDuplicate,
                );
            }
            None => {}
        }
        let protocol = p
            .protocol
            .as_deref()
            .unwrap_or(crate::api_defaults::PROTOCOL);
        if !seen_ports.insert((p.port, protocol)) {
            c.flag(
                Rule::ServicePortDuplicate,
                at("port"),
                format!("{}/{protocol}", p.port),
            )
            .says("Duplicate value")
            .fix("give each port its own number");
        }
        if let Some(np) = p.node_port {
            if !has_node_ports {
                c.flag(Rule::ServiceNodePortType, at("nodePort"), np)
                    .says(format!("may not be used when `type` is '{service_type}'"))
                    .fix("remove nodePort, or set the Service type to NodePort or LoadBalancer");
            } else if range.is_valid() && !(range.min..=range.max).contains(&np) {
                // An invalid range is reported once, as the range's error.
                let (min, max) = (range.min, range.max);
                c.flag(Rule::ServiceNodePortRange, at("nodePort"), np)
                    .says(format!(
                        "provided port is not in the valid range. The range of valid ports \
                         is {min}-{max}"
                    ))
                    .fix(format!(
                        "choose a nodePort in {min}-{max} (cluster.nodePortRange) or leave \
                         it unset"
                    ));
            }
            if !seen_node_ports.insert((np, protocol)) {
                c.flag(Rule::ServiceNodePortDuplicate, at("nodePort"), np)
                    .says("Duplicate value")
                    .fix("give each port its own nodePort");
            }
        }
    }
    if let Some(selector) = &spec.selector {
        labels(c, At::new("spec.selector"), selector);
    }
}
