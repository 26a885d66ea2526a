//! Deployment, container, probe and resource rules.

use super::Checker;
use super::at::At;
use super::service::{int_or_name, labels, port_name, port_number, protocol};
use crate::rules::Rule;
use crate::spec::KubernetesVersion;
use crate::{image_ref, names};
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use std::collections::{BTreeMap, BTreeSet};

/// The first version whose API server takes any printable name but `=` for an environment
/// variable: the `RelaxedEnvironmentVariableValidation` gate is beta and on by default
/// from 1.32 (kubernetes pkg/features/kube_features.go).
const RELAXED_ENV_NAMES: KubernetesVersion = KubernetesVersion::new(32);

pub(crate) fn check(d: &apps::Deployment, c: &mut Checker) {
    c.on_named(
        d,
        names::dns1123_subdomain,
        Rule::DeploymentNameDns1123,
        "use a lower-case name such as `ml-app`",
    );
    let Some(spec) = crate::k8s::deployment_spec(d) else {
        return;
    };
    if let Some(r) = spec.replicas
        && r < 0
    {
        c.flag(Rule::ReplicasNonNegative, "spec.replicas", r)
            .says("must be greater than or equal to 0")
            .fix("use 0 or more replicas");
    }
    let none = BTreeMap::new();
    let template_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&none);
    labels(c, At::new("spec.template.metadata.labels"), template_labels);
    let selector = spec.selector.match_labels.as_ref().unwrap_or(&none);
    if selector.is_empty() {
        c.flag(
            Rule::DeploymentSelectorRequired,
            "spec.selector.matchLabels",
            "{}",
        )
        .says("Required value: empty selector is invalid for deployment")
        .fix("give the pods at least one label");
    }
    if selector
        .iter()
        .any(|(k, v)| template_labels.get(k) != Some(v))
    {
        c.flag(
            Rule::DeploymentSelectorMatchesTemplate,
            "spec.template.metadata.labels",
            format!("{template_labels:?}"),
        )
        .says("`selector` does not match template `labels`")
        .fix("use the same labels for the selector and the pod template");
    }
    let containers = spec
        .template
        .spec
        .as_ref()
        .map(|s| s.containers.as_slice())
        .unwrap_or_default();
    if containers.is_empty() {
        c.flag(
            Rule::ContainersRequired,
            "spec.template.spec.containers",
            "[]",
        )
        .says("Required value")
        .fix("give the pod a container");
    }
    let containers_at = At::new("spec.template.spec.containers");
    // A container named after a Deployment whose name is refused: the name's one error is
    // the Deployment's (a course file's container takes its name unless `containerName`).
    let name = d.metadata.name.as_deref().unwrap_or_default();
    let bad_name = names::dns1123_subdomain(name).is_some().then_some(name);
    for (i, container) in containers.iter().enumerate() {
        check_container(container, containers_at.index(i), bad_name, c);
    }
}

fn check_container(k: &core::Container, at: At<'_>, bad_name: Option<&str>, c: &mut Checker) {
    let f = |field| at.field(field);
    if bad_name != Some(k.name.as_str())
        && let Some(m) = names::dns1123_label(&k.name)
    {
        c.flag(Rule::ContainerNameDns1123, f("name"), &k.name)
            .says(m)
            .fix("set `containerName` to a lower-case name such as `ml-app`");
    }
    // validateContainerCommon: only an empty image is refused in a pod template.
    let image = k.image.as_deref().unwrap_or_default();
    if image.is_empty() {
        c.flag(Rule::ImageRequired, f("image"), "\"\"")
            .says("Required value")
            .fix("name the container image");
    } else if image_ref::whitespace(image) {
        c.flag(Rule::ImageReference, f("image"), format!("{image:?}"))
            .says(
                "must not have leading or trailing whitespace: the API server takes the \
                 Deployment but refuses every pod it creates",
            )
            .fix("remove the spaces around the image name");
    } else if let Some(m) = image_ref::problem(image) {
        c.flag(Rule::ImageReference, f("image"), format!("{image:?}"))
            .says(format!(
                "{m}: the kubelet cannot pull it, so the pods would wait in \
                 InvalidImageName"
            ))
            .fix("write the image like `registry:5000/name:tag`, the repository in lower case");
    }
    if let Some(p) = &k.image_pull_policy
        && !["Always", "IfNotPresent", "Never"].contains(&p.as_str())
    {
        c.flag(Rule::PullPolicyEnum, f("imagePullPolicy"), p)
            .says("Unsupported value: supported values: \"Always\", \"IfNotPresent\", \"Never\"")
            .fix("use Always, IfNotPresent or Never");
    }
    let (mut numbers, mut port_names) = (BTreeMap::new(), BTreeSet::new());
    let ports_at = f("ports");
    for (i, p) in k.ports.as_deref().unwrap_or_default().iter().enumerate() {
        let port_at = ports_at.index(i);
        let pf = |field| port_at.field(field);
        port_number(
            c,
            pf("containerPort"),
            Rule::ContainerPortRange,
            p.container_port,
        );
        protocol(c, pf("protocol"), p.protocol.as_ref());
        let proto = p
            .protocol
            .as_deref()
            .unwrap_or(crate::api_defaults::PROTOCOL);
        // pkg/api/pod/warnings.go: a warning, not an error.
        if let Some(first) = numbers.insert((p.container_port, proto), i) {
            c.flag(
                Rule::ContainerPortDuplicate,
                pf("containerPort"),
                format!("{}/{proto}", p.container_port),
            )
            .says(format!("duplicate port definition with ports[{first}]"))
            .fix("list each container port once");
        }
        if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
            if let Some(m) = names::iana_svc_name(n) {
                c.flag(Rule::PortNameIana, pf("name"), n).says(m).fix(
                    "use at most 15 lower-case letters, digits and inner dashes, such as `http`",
                );
            }
            port_name(
                c,
                pf("name"),
                n,
                &mut port_names,
                Rule::ContainerPortNameDuplicate,
            );
        }
    }
    let mut env_names = BTreeSet::new();
    let env_at = f("env");
    let version = c.cluster.kubernetes_version;
    let relaxed = version >= RELAXED_ENV_NAMES;
    for (i, e) in k.env.as_deref().unwrap_or_default().iter().enumerate() {
        let var_at = env_at.index(i);
        let problem = if relaxed {
            names::relaxed_env_var_name(&e.name)
        } else {
            names::env_var_name(&e.name)
        };
        if let Some(m) = problem {
            let fix = if relaxed {
                "use a name like `MODEL_PATH`".to_owned()
            } else {
                format!(
                    "use a name like `MODEL_PATH`: Kubernetes {version} takes letters, digits, \
                     '_', '-' and '.' (any printable character but '=' from 1.32)"
                )
            };
            c.flag(Rule::EnvName, var_at.field("name"), &e.name)
                .says(m)
                .fix(fix);
        }
        if !env_names.insert(e.name.as_str()) {
            c.flag(Rule::EnvNameDuplicate, var_at.field("name"), &e.name)
                .says("hides an earlier environment variable with the same name")
                .fix("set each variable once");
        }
    }
    for (field, probe, liveness_like) in [
        ("readinessProbe", &k.readiness_probe, false),
        ("livenessProbe", &k.liveness_probe, true),
        ("startupProbe", &k.startup_probe, true),
    ] {
        if let Some(p) = probe {
            check_probe(p, f(field), liveness_like, c);
        }
    }
    if let Some(r) = &k.resources {
        super::resources::check(r, f("resources"), c);
    }
}

fn check_probe(p: &core::Probe, at: At<'_>, liveness_like: bool, c: &mut Checker) {
    let handlers = usize::from(p.http_get.is_some())
        + usize::from(p.tcp_socket.is_some())
        + usize::from(p.exec.is_some())
        + usize::from(p.grpc.is_some());
    if handlers != 1 {
        let message = if handlers == 0 {
            "must specify a handler type"
        } else {
            "may not specify more than 1 handler type"
        };
        c.flag(Rule::ProbeOneHandler, at, handlers)
            .says(message)
            .fix("give the probe exactly one of httpGet, tcpSocket, exec or grpc");
    }
    if let Some(h) = &p.http_get {
        let http_at = at.field("httpGet");
        // The path is not checked: an empty one is defaulted to `/` (SetDefaults_HTTPGetAction)
        // and the kubelet puts a `/` before a relative one (pkg/probe/http `formatURL`).
        int_or_name(c, http_at.field("port"), Rule::ProbePort, &h.port);
    }
    for (field, value) in [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("periodSeconds", p.period_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            c.flag(Rule::ProbeNonNegative, at.field(field), v)
                .says("must be greater than or equal to 0")
                .fix("use 0 or more (unset takes the Kubernetes default)");
        }
    }
    // SetDefaults_Probe turns 0 into 1 before validateProbe sees it.
    if liveness_like && let Some(v) = p.success_threshold.filter(|v| *v > 1) {
        c.flag(
            Rule::ProbeSuccessThresholdOne,
            at.field("successThreshold"),
            v,
        )
        .says("must be 1")
        .fix("liveness and startup probes need successThreshold 1 (0 or unset mean 1)");
    }
}
