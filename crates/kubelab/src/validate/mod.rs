//! Validation: refuse before writing what the cluster would refuse.
//!
//! Rules run on the Kubernetes objects themselves (so post-processed objects are checked
//! too), worded like the API server, plus cross-object rules no single object shows. Every
//! violation is returned, each with the course-file path of the offending field
//! (`labs[1].service.ports[0].nodePort`), the object path, the rule, the value and a fix.
//!
//! ```
//! use kubelab::spec::Cluster;
//! let mut lab = kubelab::presets::single_replica();
//! lab.service.port.node_port = Some(40000);
//! let found = kubelab::validate::lab(&lab, &Cluster::default());
//! assert_eq!(found[0].path, "service.ports[0].nodePort");
//! assert_eq!(found[0].rule, "service-node-port-range");
//! ```

mod at;
mod autoscaler;
mod capacity;
mod course;
mod cross;
pub mod names;
mod paths;
pub mod quantity;
mod service;
mod workload;

pub use capacity::pod_request_nanos;
pub use course::{course, course_with_objects};

use crate::objects::LabObjects;
use crate::spec::{Cluster, Lab};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::fmt;

/// Every rule: id and what it checks. Ids appear in messages as `[rule <id>]`.
pub const RULES: &[(&str, &str)] = &[
    ("service-name-dns1035", "Service name is a DNS-1035 label"),
    (
        "deployment-name-dns1123",
        "Deployment name is a DNS-1123 subdomain",
    ),
    (
        "autoscaler-name-dns1123",
        "HorizontalPodAutoscaler name is a DNS-1123 subdomain",
    ),
    (
        "container-name-dns1123",
        "container name is a DNS-1123 label",
    ),
    (
        "port-name-iana",
        "port names are IANA_SVC_NAMEs (at most 15 characters)",
    ),
    ("label-key", "label keys are qualified names"),
    (
        "label-value",
        "label values are at most 63 valid characters",
    ),
    ("service-port-range", "Service ports are 1-65535"),
    ("container-port-range", "container ports are 1-65535"),
    (
        "service-target-port",
        "targetPort is 1-65535 or an IANA_SVC_NAME",
    ),
    (
        "service-node-port-type",
        "nodePort only for NodePort and LoadBalancer Services",
    ),
    (
        "service-node-port-range",
        "nodePort inside the cluster's node port range",
    ),
    (
        "service-port-duplicate",
        "no two Service ports with the same number and protocol",
    ),
    (
        "service-port-name-duplicate",
        "no two Service ports with the same name",
    ),
    (
        "service-node-port-duplicate",
        "no two ports with the same nodePort in a lab",
    ),
    (
        "service-port-name-required",
        "every port of a multi-port Service is named",
    ),
    ("service-ports-required", "a Service has at least one port"),
    (
        "service-type-enum",
        "Service type is ClusterIP, NodePort or LoadBalancer",
    ),
    (
        "container-port-duplicate",
        "no two container ports with the same number and protocol",
    ),
    (
        "container-port-name-duplicate",
        "no two container ports with the same name",
    ),
    ("protocol-enum", "protocol is TCP, UDP or SCTP"),
    (
        "pull-policy-enum",
        "imagePullPolicy is Always, IfNotPresent or Never",
    ),
    ("image-required", "the container has an image"),
    ("containers-required", "the pod has a container"),
    ("env-name", "environment variable names are valid"),
    (
        "env-name-duplicate",
        "environment variables are set once (warning)",
    ),
    ("probe-one-handler", "a probe has exactly one handler"),
    ("probe-port", "a probe port is 1-65535 or an IANA_SVC_NAME"),
    ("probe-path", "an HTTP probe path is absolute"),
    ("probe-non-negative", "probe numbers are not negative"),
    (
        "probe-success-threshold-one",
        "liveness and startup successThreshold is 1",
    ),
    (
        "resource-name",
        "resources are cpu, memory, ephemeral-storage, hugepages-* or qualified",
    ),
    (
        "quantity-syntax",
        "quantities are valid Kubernetes quantities",
    ),
    ("quantity-non-negative", "quantities are not negative"),
    ("request-within-limit", "each request is at most its limit"),
    ("replicas-non-negative", "replicas is 0 or more"),
    (
        "deployment-selector-required",
        "the Deployment selector is not empty",
    ),
    (
        "deployment-selector-matches-template",
        "the Deployment selector matches the pod labels",
    ),
    ("autoscaler-min-replicas", "minReplicas is 1 or more"),
    (
        "autoscaler-max-replicas",
        "maxReplicas is at least minReplicas",
    ),
    (
        "autoscaler-utilization-positive",
        "target CPU utilisation is above 0",
    ),
    (
        "service-selects-pods",
        "the Service selector selects the pod labels",
    ),
    (
        "service-target-port-declared",
        "the Service targetPort is a container port",
    ),
    (
        "probe-port-declared",
        "every probe port is a container port",
    ),
    (
        "autoscaler-targets-lab-deployment",
        "the autoscaler targets the lab's Deployment",
    ),
    (
        "autoscaler-needs-cpu-request",
        "a CPU utilisation target needs a CPU request on every container",
    ),
    (
        "autoscaled-replicas-pinned",
        "an autoscaled Deployment does not pin replicas above minReplicas (warning)",
    ),
    ("lab-output-unique", "no two labs write the same file"),
    (
        "lab-dir-unique",
        "each lab has its own folder (its page is <folder>/index.md)",
    ),
    (
        "lab-output-path",
        "a lab's output is a relative .yaml path inside the output directory",
    ),
    ("lab-id-unique", "lab ids are unique"),
    ("lab-id-format", "lab ids are short words"),
    (
        "node-port-range-valid",
        "the cluster's node port range is a valid range",
    ),
    (
        "cluster-node-quantity",
        "node allocatable and system requests are valid quantities",
    ),
    (
        "cluster-fit-replicas",
        "every fixed or initial replica can be scheduled on the cluster",
    ),
    (
        "cluster-fit-autoscaler",
        "the autoscaler's maxReplicas can be reached on the cluster (warning)",
    ),
    (
        "sweep-limit",
        "a sweep expands to at most its limit of variants",
    ),
    (
        "sweep-autoscaler",
        "autoscaler values are swept only on labs with an autoscaler",
    ),
    (
        "students-node-ports",
        "the node port range holds every student's node ports",
    ),
];

/// Rules that course files cannot break (their types rule it out) but post-processed
/// objects can; their failing cases are unit tests on objects (`tests/validate_objects.rs`).
pub const OBJECT_ONLY_RULES: &[&str] = &[
    "service-ports-required",
    "service-type-enum",
    "protocol-enum",
    "pull-policy-enum",
    "containers-required",
    "probe-one-handler",
    "deployment-selector-required",
    "deployment-selector-matches-template",
    "service-selects-pods",
    "autoscaler-targets-lab-deployment",
];

/// Whether a violation stops the render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the render.
    Error,
    /// Printed and shown on the lab's page; `--deny-warnings` makes it an error.
    Warning,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Error or warning.
    pub severity: Severity,
    /// Path of the field in the course file (or in the `Lab` for builder input).
    pub path: String,
    /// The object (`Service/ml-kube-service`), empty for course-level rules.
    pub object: String,
    /// Path of the field in that object (`spec.ports[0].nodePort`).
    pub field: String,
    /// Rule id, stable and greppable (`service-node-port-range`).
    pub rule: &'static str,
    /// The offending value as written.
    pub value: String,
    /// What is wrong, worded like the API server where it has wording.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity}: {}: Invalid value: {}: {} [rule {}",
            self.path, self.value, self.message, self.rule
        )?;
        if !self.object.is_empty() {
            write!(f, "; {} {}", self.object, self.field)?;
        }
        write!(f, "]; fix: {}", self.hint)
    }
}

/// Every violation found in a course, errors first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The violations, errors first, then in lab and rule order.
    pub violations: Vec<Violation>,
}

impl Report {
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Warning)
    }

    /// True when there is no error.
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Turns every warning into an error (`--deny-warnings`).
    pub fn deny_warnings(mut self) -> Report {
        for v in &mut self.violations {
            v.severity = Severity::Error;
        }
        self
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.violations {
            writeln!(f, "{v}")?;
        }
        let errors = self.errors().count();
        write!(
            f,
            "{errors} error(s), {} warning(s); nothing was written",
            self.warnings().count()
        )
    }
}

impl std::error::Error for Report {}

/// Which object a rule looked at, for path mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Service,
    Deployment,
    Autoscaler,
}

/// Collects violations for one object.
pub(crate) struct Checker<'a> {
    pub cluster: &'a Cluster,
    pub out: Vec<Violation>,
    kind: Kind,
    object: String,
}

impl<'a> Checker<'a> {
    pub fn new(cluster: &'a Cluster) -> Self {
        Checker {
            cluster,
            out: Vec::new(),
            kind: Kind::Service,
            object: String::new(),
        }
    }

    /// Subsequent violations concern `object` (`Service/ml-kube-service`).
    pub fn on<R>(&mut self, object: &R)
    where
        R: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
    {
        self.kind = match R::KIND {
            "Service" => Kind::Service,
            "HorizontalPodAutoscaler" => Kind::Autoscaler,
            _ => Kind::Deployment,
        };
        let name = object.metadata().name.as_deref().unwrap_or_default();
        // Reuses the buffer: most objects break no rule, so this is all they cost.
        self.object.clear();
        self.object.extend([R::KIND, "/", name]);
    }

    /// Starts on `object` (as [`Checker::on`]) and checks its `metadata.name` with
    /// `format`, one of the [`names`] rules: an error `rule` with `hint` when it fails.
    pub fn on_named<R>(
        &mut self,
        object: &R,
        format: fn(&str) -> Option<String>,
        rule: &'static str,
        hint: &str,
    ) where
        R: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
    {
        self.on(object);
        let name = object.metadata().name.as_deref().unwrap_or_default();
        if let Some(m) = format(name) {
            self.error("metadata.name", rule, name, m, hint);
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        field: impl fmt::Display,
        rule: &'static str,
        value: impl fmt::Display,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let field = field.to_string();
        self.out.push(Violation {
            severity,
            path: paths::course_path(self.kind, &field),
            object: self.object.clone(),
            field,
            rule,
            value: value.to_string(),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// An error at `field` (object path).
    pub fn error(
        &mut self,
        field: impl fmt::Display,
        rule: &'static str,
        value: impl fmt::Display,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, field, rule, value, message, hint);
    }

    /// A warning at `field` (object path).
    pub fn warn(
        &mut self,
        field: impl fmt::Display,
        rule: &'static str,
        value: impl fmt::Display,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Warning, field, rule, value, message, hint);
    }
}

/// Validates a lab's objects (possibly post-processed); paths are relative to the lab.
pub fn objects(objects: &LabObjects, cluster: &Cluster) -> Vec<Violation> {
    let mut c = Checker::new(cluster);
    service::check(&objects.service, &mut c);
    workload::check(&objects.deployment, &mut c);
    if let Some(hpa) = &objects.autoscaler {
        autoscaler::check(hpa, &mut c);
    }
    cross::check(objects, &mut c);
    capacity::check(objects, &mut c);
    c.out
}

/// Validates one lab; paths are relative to the lab (`service.ports[0].nodePort`).
pub fn lab(lab: &Lab, cluster: &Cluster) -> Vec<Violation> {
    objects(&lab.objects(), cluster)
}
