//! Service rules.

use super::Checker;
use super::at::At;
use super::names;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeSet;

pub(crate) const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";
pub(crate) const PROTOCOLS: [&str; 3] = ["TCP", "UDP", "SCTP"];

/// Port number 1-65535.
pub(crate) fn port_number(c: &mut Checker, field: At<'_>, rule: &'static str, port: i32) {
    if !(1..=65535).contains(&port) {
        c.error(
            field,
            rule,
            port,
            PORT_RANGE,
            "use a port between 1 and 65535",
        );
    }
}

/// A port given by number (1-65535) or by IANA_SVC_NAME.
pub(crate) fn int_or_name(c: &mut Checker, field: At<'_>, rule: &'static str, port: &IntOrString) {
    match port {
        IntOrString::Int(n) => port_number(c, field, rule, *n),
        IntOrString::String(s) => {
            if let Some(m) = names::iana_svc_name(s) {
                c.error(
                    field,
                    rule,
                    s,
                    m,
                    "use a port number or the name of a container port",
                );
            }
        }
    }
}

/// A port name: IANA_SVC_NAME, and not used before in `seen`.
pub(crate) fn port_name<'n>(
    c: &mut Checker,
    field: At<'_>,
    name: &'n str,
    seen: &mut BTreeSet<&'n str>,
    duplicate_rule: &'static str,
) {
    if let Some(m) = names::iana_svc_name(name) {
        c.error(
            field,
            "port-name-iana",
            name,
            m,
            "use a short lower-case name such as `http`",
        );
    }
    if !seen.insert(name) {
        c.error(
            field,
            duplicate_rule,
            name,
            "Duplicate value",
            "give each port its own name",
        );
    }
}

pub(crate) fn protocol(c: &mut Checker, field: At<'_>, value: Option<&String>) {
    if let Some(p) = value
        && !PROTOCOLS.contains(&p.as_str())
    {
        c.error(
            field,
            "protocol-enum",
            p,
            "Unsupported value: supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "use TCP, UDP or SCTP",
        );
    }
}

pub(crate) fn labels(
    c: &mut Checker,
    field: At<'_>,
    labels: &std::collections::BTreeMap<String, String>,
) {
    for (key, value) in labels {
        if let Some(m) = names::qualified_name(key) {
            c.error(
                field,
                "label-key",
                key,
                m,
                "use a key like `app` or `app.kubernetes.io/name`",
            );
        }
        if let Some(m) = names::label_value(value) {
            c.error(
                field.field(key),
                "label-value",
                value,
                m,
                "use at most 63 letters, digits, '-', '_' or '.'",
            );
        }
    }
}

pub(crate) fn check(svc: &core::Service, c: &mut Checker) {
    c.on_named(
        svc,
        names::dns1035_label,
        "service-name-dns1035",
        "use a lower-case name that starts with a letter, e.g. `ml-service`",
    );
    let Some(spec) = &svc.spec else { return };
    let service_type = crate::objects::service_type(svc);
    if !["ClusterIP", "NodePort", "LoadBalancer"].contains(&service_type) {
        c.error(
            "spec.type",
            "service-type-enum",
            service_type,
            "Unsupported value: supported values: \"ClusterIP\", \"LoadBalancer\", \"NodePort\"",
            "use ClusterIP, NodePort or LoadBalancer",
        );
    }
    let has_node_ports = matches!(service_type, "NodePort" | "LoadBalancer");
    let ports = spec.ports.as_deref().unwrap_or_default();
    if ports.is_empty() {
        c.error(
            "spec.ports",
            "service-ports-required",
            "[]",
            "Required value",
            "give the Service at least one port",
        );
    }
    let range = c.cluster.node_port_range;
    let (mut seen_ports, mut seen_names, mut seen_node_ports) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let ports_at = At::new("spec.ports");
    for (i, p) in ports.iter().enumerate() {
        let port_at = ports_at.index(i);
        let at = |f| port_at.field(f);
        port_number(c, at("port"), "service-port-range", p.port);
        if let Some(target) = &p.target_port {
            int_or_name(c, at("targetPort"), "service-target-port", target);
        }
        protocol(c, at("protocol"), p.protocol.as_ref());
        match &p.name {
            None if ports.len() > 1 => c.error(
                at("name"),
                "service-port-name-required",
                "\"\"",
                "Required value: a Service with several ports must name each",
                "give every port a name such as `http`",
            ),
            Some(n) => port_name(
                c,
                at("name"),
                n,
                &mut seen_names,
                "service-port-name-duplicate",
            ),
            None => {}
        }
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        if !seen_ports.insert((p.port, protocol)) {
            c.error(
                at("port"),
                "service-port-duplicate",
                format!("{}/{protocol}", p.port),
                "Duplicate value",
                "give each port its own number",
            );
        }
        if let Some(np) = p.node_port {
            if !has_node_ports {
                c.error(
                    at("nodePort"),
                    "service-node-port-type",
                    np,
                    format!("may not be used when `type` is '{service_type}'"),
                    "remove nodePort, or set the Service type to NodePort or LoadBalancer",
                );
            } else if !(range.min..=range.max).contains(&np) {
                c.error(at("nodePort"), "service-node-port-range", np, format!("provided port is not in the valid range. The range of valid ports is {}-{}", range.min, range.max), format!("choose a nodePort in {}-{} (cluster.nodePortRange) or leave it unset", range.min, range.max));
            }
            if !seen_node_ports.insert((np, protocol)) {
                c.error(
                    at("nodePort"),
                    "service-node-port-duplicate",
                    np,
                    "Duplicate value",
                    "give each port its own nodePort",
                );
            }
        }
    }
    if let Some(selector) = &spec.selector {
        labels(c, At::new("spec.selector"), selector);
    }
}
