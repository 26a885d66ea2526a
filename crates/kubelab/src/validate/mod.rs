//! Validation: refuse before writing what the cluster would refuse.
//!
//! Rules run on the Kubernetes objects themselves (so post-processed objects are checked
//! too), worded like the API server, plus cross-object rules no single object shows. Every
//! violation is returned, each with the course-file path of the offending field
//! (`labs[1].service.ports[0].nodePort`), the object path, the [`Rule`], the value and a
//! fix.
//!
//! ```
//! use kubelab::Rule;
//! use kubelab::spec::{Cluster, Deployment, Lab, Service, ServicePort, ServiceType};
//!
//! let lab = Lab::builder()
//!     .id("web")
//!     .title("Web")
//!     .output("web/app.yaml")
//!     .deployment(Deployment::builder().name("web").image("nginx:1.27").ports([80]).build())
//!     .service(
//!         Service::builder()
//!             .name("web")
//!             .service_type(ServiceType::NodePort)
//!             .ports([ServicePort::builder(80).node_port(40000).build()])
//!             .build(),
//!     )
//!     .build();
//! let found = kubelab::validate::lab(&lab, &Cluster::default());
//! assert_eq!(found[0].path, "service.ports[0].nodePort");
//! assert_eq!(found[0].rule, Rule::ServiceNodePortRange);
//! ```

mod at;
mod autoscaler;
mod course;
mod cross;
mod fit;
mod ids;
mod pod;
mod resources;
mod restricted;
mod service;
mod size;
mod workload;

pub use course::course;
pub(crate) use cross::RULES as CROSS_OBJECT_RULES;

use crate::objects::{LabObjects, Origins};
use crate::rules::{Rule, Severity};
use crate::spec::{Cluster, Lab};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::fmt;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Error or warning (the rule's severity, unless warnings are denied).
    pub severity: Severity,
    /// The rule.
    pub rule: Rule,
    /// Path of the field in the course file (or in the `Lab` for builder input).
    pub path: String,
    /// The object (`Service/ml-kube-service`), empty for course-level rules.
    pub object: String,
    /// Path of the field in that object (`spec.ports[0].nodePort`).
    pub field: String,
    /// The offending value as written.
    pub value: String,
    /// What is wrong, worded like the API server where it has wording.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// For a misspelt field or value: the allowed one it is closest to.
    pub suggestion: Option<String>,
    /// Where the value was written in the course file (its file, line and column), when
    /// the course came from one.
    pub location: Option<crate::source::Written>,
}

impl Violation {
    /// A violation of `rule` at `path` (a course path) with `value`; [`Violation::says`]
    /// and [`Violation::fix`] complete it.
    pub(crate) fn new(rule: Rule, path: String, value: impl fmt::Display) -> Violation {
        Violation {
            severity: rule.severity(),
            rule,
            path,
            object: String::new(),
            field: String::new(),
            value: value.to_string(),
            message: String::new(),
            hint: String::new(),
            suggestion: None,
            location: None,
        }
    }

    /// What is wrong.
    pub(crate) fn says(&mut self, message: impl Into<String>) -> &mut Self {
        self.message = message.into();
        self
    }

    /// How to fix it.
    pub(crate) fn fix(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = hint.into();
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.location {
            write!(f, "{}:{}:{}: ", at.file, at.line, at.column)?;
        }
        write!(
            f,
            "{}: Invalid value: {}: {} [rule {}",
            self.path, self.value, self.message, self.rule
        )?;
        match (self.object.is_empty(), self.field.is_empty()) {
            (true, _) => {}
            (false, true) => write!(f, "; {}", self.object)?,
            (false, false) => write!(f, "; {} {}", self.object, self.field)?,
        }
        write!(f, "]; fix: {}", self.hint)
    }
}

/// Every violation found in a course, errors first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
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

/// One violation a line, warnings marked as such, then the count.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.violations {
            match v.severity {
                Severity::Error => writeln!(f, "{v}")?,
                Severity::Warning => writeln!(f, "warning: {v}")?,
            }
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.errors().count(),
            self.warnings().count()
        )
    }
}

impl std::error::Error for Report {}

/// Collects violations: the one collector, for course rules (`course.rs`, whose paths are
/// course paths) and, inside [`Checker`], for the rules on a lab's objects.
#[derive(Default)]
struct Found(Vec<Violation>);

impl Found {
    /// `rule` is broken at course path `path` by `value`; returns the violation for
    /// [`Violation::says`] and [`Violation::fix`].
    fn flag(&mut self, rule: Rule, path: String, value: impl fmt::Display) -> &mut Violation {
        self.push(Violation::new(rule, path, value))
    }

    /// Adds `v` and returns it, to complete.
    fn push(&mut self, v: Violation) -> &mut Violation {
        self.0.push(v);
        let last = self.0.len() - 1;
        &mut self.0[last]
    }
}

/// Collects violations for the objects of one lab.
struct Checker<'a> {
    cluster: &'a Cluster,
    out: Found,
    /// The current object's kind (`Service`) and `kind/name`.
    kind: &'static str,
    object: String,
    /// Where each field of the lab's objects came from: a patch, or the lab field the
    /// builder took it from.
    origins: &'a Origins,
}

impl<'a> Checker<'a> {
    fn new(cluster: &'a Cluster, origins: &'a Origins) -> Self {
        Checker {
            cluster,
            out: Found::default(),
            kind: "",
            object: String::new(),
            origins,
        }
    }

    /// Subsequent violations concern `object` (`Service/ml-kube-service`).
    fn on<R>(&mut self, object: &R)
    where
        R: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
    {
        self.kind = R::KIND;
        let name = object.metadata().name.as_deref().unwrap_or_default();
        self.object = format!("{}/{name}", R::KIND);
    }

    /// Starts on `object` (as [`Checker::on`]) and checks its `metadata.name` with
    /// `format`, one of the [`crate::names`] rules: `rule` is broken, with `hint`, when it
    /// fails.
    fn on_named<R>(
        &mut self,
        object: &R,
        format: fn(&str) -> Option<String>,
        rule: Rule,
        hint: &str,
    ) where
        R: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
    {
        self.on(object);
        let name = object.metadata().name.as_deref().unwrap_or_default();
        if let Some(m) = format(name) {
            self.flag(rule, "metadata.name", name).says(m).fix(hint);
        }
    }

    /// `rule` is broken at `field` (a path in the current object) by `value`; returns the
    /// violation for [`Violation::says`] and [`Violation::fix`].
    fn flag(
        &mut self,
        rule: Rule,
        field: impl fmt::Display,
        value: impl fmt::Display,
    ) -> &mut Violation {
        let field = field.to_string();
        let path = self
            .origins
            .lab_field(self.kind, &field)
            .unwrap_or_else(|| field.clone());
        let object = self.object.clone();
        let v = self.out.flag(rule, path, value);
        v.object = object;
        v.field = field;
        v
    }
}

/// Validates a lab's objects (possibly post-processed); paths are relative to the lab.
pub fn objects(objects: &LabObjects, cluster: &Cluster) -> Vec<Violation> {
    let mut c = Checker::new(cluster, &objects.origins);
    for failed in &objects.patch_failures {
        let at = match failed.part.as_str() {
            "" => format!("patches[{}]", failed.patch),
            part => format!("patches[{}].{part}", failed.patch),
        };
        let v = c.out.flag(Rule::PatchApplies, at, &failed.object);
        v.object.clone_from(&failed.object);
        v.says(failed.message.clone()).fix(failed.hint.clone());
    }
    service::check(&objects.service, &mut c);
    pod::annotations(
        &mut c,
        "metadata.annotations",
        objects.service.metadata.annotations.as_ref(),
    );
    workload::check(&objects.deployment, &mut c);
    c.on(&objects.deployment);
    pod::annotations(
        &mut c,
        "metadata.annotations",
        objects.deployment.metadata.annotations.as_ref(),
    );
    if let Some(spec) = crate::k8s::deployment_spec(&objects.deployment) {
        pod::annotations(
            &mut c,
            "spec.template.metadata.annotations",
            spec.template
                .metadata
                .as_ref()
                .and_then(|m| m.annotations.as_ref()),
        );
        if let Some(pod) = &spec.template.spec {
            pod::check(pod, &mut c);
        }
    }
    if let Some(hpa) = &objects.autoscaler {
        autoscaler::check(hpa, &mut c);
        pod::annotations(
            &mut c,
            "metadata.annotations",
            hpa.metadata.annotations.as_ref(),
        );
    }
    cross::check(objects, &mut c);
    fit::check(objects, &mut c);
    if let Some(pod) =
        crate::k8s::deployment_spec(&objects.deployment).and_then(|s| s.template.spec.as_ref())
    {
        c.on(&objects.deployment);
        ids::check(pod, objects.hardened, &mut c);
    }
    if objects.hardened {
        hardened(objects, &mut c);
    }
    size::check(&objects.service, &mut c);
    size::check(&objects.deployment, &mut c);
    if let Some(hpa) = &objects.autoscaler {
        size::check(hpa, &mut c);
    }
    c.out.0
}

/// What a hardened lab's objects must be beyond the plain rules: the restricted standard,
/// a namespace, writable folders that can be mounted, and the scanner checks kubelab can
/// only warn about (a digest, resources).
fn hardened(objects: &LabObjects, c: &mut Checker) {
    c.on(&objects.deployment);
    if let Some(spec) = crate::k8s::deployment_spec(&objects.deployment) {
        restricted::check(&spec.template, c);
    }
    match objects.deployment.metadata.namespace.as_deref() {
        None => {
            c.flag(Rule::HardenedNamespace, "metadata.namespace", "unset")
                .says("a hardened lab runs in a namespace of its own, where the restricted standard is enforced")
                .fix("set `course.namespace` (or the lab's `namespace`), e.g. `ml-course`");
        }
        Some(ns) => {
            if let Some(m) = crate::names::dns1123_label(ns) {
                c.flag(Rule::NamespaceName, "metadata.namespace", ns)
                    .says(m)
                    .fix("use lower-case letters, digits and dashes, e.g. `ml-course`");
            }
        }
    }
    for (i, k) in objects.containers().iter().enumerate() {
        let at = format!("spec.template.spec.containers[{i}]");
        let image = k.image.as_deref().unwrap_or_default();
        if !crate::image_ref::pinned_by_digest(image) {
            c.flag(Rule::ImageDigest, format!("{at}.image"), image)
                .says(
                    "is not pinned by digest: the tag can be moved to another image, so the \
                     hardened lab may run an image nobody reviewed (checkov CKV_K8S_43)",
                )
                .fix("append the image's digest: `registry/name:tag@sha256:<digest>` (`docker buildx imagetools inspect` prints it)");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (j, m) in k.volume_mounts.iter().flatten().enumerate() {
            let path = &m.mount_path;
            // The writable folders' mounts; the author's own are checked as any mount.
            let Some(i) = crate::objects::writable_index(&m.name) else {
                seen.insert(path.trim_end_matches('/'));
                continue;
            };
            let problem = if !path.starts_with('/') {
                Some("must be an absolute path")
            } else if path == "/" || path.split('/').any(|p| p == "..") {
                Some("must be a folder below `/`, without `..`")
            } else if !seen.insert(path.trim_end_matches('/')) {
                Some("must be unique")
            } else {
                None
            };
            if let Some(problem) = problem {
                let v = c
                    .flag(Rule::WritablePath, format!("{at}.volumeMounts[{j}]"), path)
                    .says(problem)
                    .fix("list absolute folders the app writes to, each once, such as `/app/uploads`");
                v.path = format!("deployment.writablePaths[{i}]");
            }
        }
        let resources = k.resources.as_ref();
        for (kind, map) in [
            ("requests", resources.and_then(|r| r.requests.as_ref())),
            ("limits", resources.and_then(|r| r.limits.as_ref())),
        ] {
            for name in ["cpu", "memory"] {
                if !map.is_some_and(|m| m.contains_key(name)) {
                    c.flag(
                        Rule::HardenedResources,
                        format!("{at}.resources.{kind}.{name}"),
                        "unset",
                    )
                    .says(format!(
                        "a hardened lab states its {name} {kind} (checkov CKV_K8S_10 to 13): \
                             a pod without them can starve its neighbours"
                    ))
                    .fix(format!("set `resources.{kind}.{name}`"));
                }
            }
        }
    }
}

/// Validates one lab; paths are relative to the lab (`service.ports[0].nodePort`).
pub fn lab(lab: &Lab, cluster: &Cluster) -> Vec<Violation> {
    objects(&lab.objects(), cluster)
}
