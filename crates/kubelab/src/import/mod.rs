//! Kubernetes manifests -> a course file (`kubelab import`).
//!
//! One lab per input file: its Deployment, the Service that selects its pods and an
//! autoscaler that targets it. What kubelab's fields can say goes into them (values every
//! lab shares into `defaults`); everything else becomes a JSON Patch on the lab, computed as
//! the difference between what the fields generate and the input. The course file is then
//! read back, validated and rendered, and its objects compared with the input's: an import
//! either reproduces every object exactly (API-server defaults aside) or fails.
//!
//! ```
//! let manifest = "\
//! apiVersion: v1
//! kind: Service
//! metadata: { name: web }
//! spec:
//!   selector: { app: web }
//!   ports: [{ port: 80, targetPort: 8080 }]
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata: { name: web }
//! spec:
//!   selector: { matchLabels: { app: web } }
//!   template:
//!     metadata: { labels: { app: web } }
//!     spec:
//!       containers:
//!         - name: web
//!           image: nginx:1.27
//!           ports: [{ containerPort: 8080 }]
//!           terminationMessagePolicy: FallbackToLogsOnError
//! ";
//! let files = [("web/app.yaml".to_owned(), manifest.to_owned())];
//! let imported = kubelab::import::import(&files, &Default::default()).unwrap();
//! assert!(imported.course.contains("output: web/app.yaml"));
//! // The field kubelab has no field for became a patch.
//! assert!(imported.course.contains("terminationMessagePolicy"));
//! ```

mod defaults;
mod fields;
mod read;
mod write;

use crate::objects::{LabObjects, Resolved};
use crate::spec::KubernetesVersion;
use read::Object;
use serde_json::{Map, Value, json};

/// How to import.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The Kubernetes version the course's clusters run; the newest kubelab knows when
    /// unset.
    pub kubernetes_version: Option<KubernetesVersion>,
}

impl ImportOptions {
    /// Options for clusters of `version`.
    pub fn for_version(version: KubernetesVersion) -> Self {
        ImportOptions {
            kubernetes_version: Some(version),
        }
    }
}

/// A course file made from manifests.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Imported {
    /// The course file's text.
    pub course: String,
    /// What the author should know: what was not carried over, what to fill in.
    pub notes: Vec<String>,
    /// How many labs it holds.
    pub labs: usize,
    /// How many patches it holds: what kubelab's fields could not say.
    pub patches: usize,
}

/// Why manifests could not be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// An input is not readable YAML or JSON.
    #[error("{file}: not readable as YAML or JSON: {message}")]
    Read {
        /// The input file.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A document is not a Kubernetes object.
    #[error(
        "{file}: document {document} is not a Kubernetes object: it has no `apiVersion` and \
         `kind` (import reads manifests such as `kubectl apply -f` takes)"
    )]
    NotKubernetes {
        /// The input file.
        file: String,
        /// The document's position in the file, from 1.
        document: usize,
    },
    /// Objects of kinds kubelab does not model.
    #[error(
        "kubelab models a Deployment, its Service and its HorizontalPodAutoscaler; it leaves \
         these to the author (apply them with kubectl beside the course's manifests, and \
         import the files without them):\n{}",
        .found.iter().map(|(f, k, n)| format!("  {f}: {k} `{n}`")).collect::<Vec<_>>().join("\n")
    )]
    Unsupported {
        /// (file, apiVersion and kind, name) of each.
        found: Vec<(String, String, String)>,
    },
    /// A file does not make one lab.
    #[error("{file}: {message}")]
    Lab {
        /// The input file.
        file: String,
        /// What is missing or too much, and what to do.
        message: String,
    },
    /// An object is not what its kind says.
    #[error("{file}: {object}: {message}")]
    Invalid {
        /// The input file.
        file: String,
        /// `Kind/name`.
        object: String,
        /// What is wrong.
        message: String,
    },
    /// The objects break rules the API server applies.
    #[error(
        "the manifests break rules the API server applies, so kubelab would refuse the \
         course; fix them and import again:\n{}",
        .0.join("\n")
    )]
    Refused(Vec<String>),
    /// The course file does not reproduce the input (a kubelab bug).
    #[error(
        "kubelab could not reproduce {0} exactly; please report this with the manifest \
         (no course file was written)"
    )]
    NotReproduced(String),
}

/// The load test of an autoscaled lab: several times the 30 s at least that a pod the
/// autoscaler adds takes to be ready (`timing::first_added_pod_ready_seconds`).
const AUTOSCALED_LOAD_TEST: &str = "6M";

/// One lab's objects, from one file.
struct Parts {
    file: String,
    deployment: Object,
    service: Object,
    autoscaler: Option<Object>,
}

/// Imports `files` (each a path, as the author gave it, and its text), one lab a file.
pub fn import(
    files: &[(String, String)],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut notes =
        vec!["comments in the manifests are not carried over into the course file".to_owned()];
    let mut other = Vec::new();
    let mut read = Vec::new();
    for (file, text) in files {
        read.push((
            file.clone(),
            read::documents(file, text, &mut notes, &mut other)?,
        ));
    }
    if !other.is_empty() {
        return Err(ImportError::Unsupported { found: other });
    }
    let parts = read
        .into_iter()
        .map(|(file, objects)| parts(file, objects))
        .collect::<Result<Vec<_>, _>>()?;
    let mut labs: Vec<Map<String, Value>> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        labs.push(lab(p, i, &labs, &mut notes));
    }
    let defaults = defaults::hoist(&mut labs);
    let mut course = write::Course {
        files: files.iter().map(|(f, _)| f.clone()).collect(),
        version: options.kubernetes_version,
        defaults,
        labs,
    };
    // What the fields generate, against the input: the difference becomes patches.
    let resolved = build(&course)?;
    let mut patches = 0;
    for ((lab, objects), p) in course.labs.iter_mut().zip(&resolved.objects).zip(&parts) {
        let lab_patches = differences(objects, p)?;
        patches += lab_patches.len();
        if !lab_patches.is_empty() {
            lab.insert("patches".into(), Value::Array(lab_patches));
        }
    }
    let resolved = build(&course)?;
    let report = crate::validate::course(&resolved);
    let errors: Vec<String> = report
        .errors()
        .map(|v| {
            let file = crate::source::lab_path(&v.path)
                .map(|(i, _)| i)
                .and_then(|i| parts.get(i))
                .map_or("", |p| p.file.as_str());
            format!(
                "  {file}: {} {}: {} (rule {}; {})",
                v.object, v.field, v.message, v.rule, v.hint
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(ImportError::Refused(errors));
    }
    for v in report.warnings() {
        notes.push(format!(
            "kubelab warns: {}: {} ({})",
            v.path, v.message, v.hint
        ));
    }
    for (objects, p) in resolved.objects.iter().zip(&parts) {
        if let Some(first) = differences(objects, p)?.first() {
            return Err(ImportError::NotReproduced(format!("{} ({first})", p.file)));
        }
    }
    if course.version.is_none() {
        notes.push(format!(
            "the course targets Kubernetes {} (the newest kubelab knows): set \
             `cluster.kubernetesVersion` (or import with --kubernetes-version) to the version \
             your clusters run",
            KubernetesVersion::default()
        ));
    }
    notes.push(
        "no cluster is declared, so kubelab does not judge whether the labs fit: describe \
         the nodes under `cluster.nodes`"
            .to_owned(),
    );
    notes.push(
        "set the course's `title` and `studentDir` and each lab's `title`: import fills in \
         placeholders"
            .to_owned(),
    );
    Ok(Imported {
        labs: course.labs.len(),
        course: course.text(),
        notes,
        patches,
    })
}

/// The course file's text, read back and resolved with its objects.
fn build(course: &write::Course) -> Result<Resolved, ImportError> {
    let parsed = crate::course::parse(&course.text(), "course.yaml")
        .map_err(|e| ImportError::NotReproduced(format!("the course file it wrote ({e})")))?;
    Ok(Resolved::new(&parsed))
}

/// Each object's difference from the input's, as a patch of the lab.
fn differences(objects: &LabObjects, p: &Parts) -> Result<Vec<Value>, ImportError> {
    let generated = [
        ("Service", to_value(&objects.service)?, Some(&p.service)),
        (
            "Deployment",
            to_value(&objects.deployment)?,
            Some(&p.deployment),
        ),
        (
            "HorizontalPodAutoscaler",
            objects
                .autoscaler
                .as_ref()
                .map(to_value)
                .transpose()?
                .unwrap_or(Value::Null),
            p.autoscaler.as_ref(),
        ),
    ];
    let mut patches = Vec::new();
    for (kind, ours, theirs) in generated {
        let Some(theirs) = theirs else {
            continue;
        };
        let ops = json_patch::diff(&ours, &theirs.value);
        if !ops.0.is_empty() {
            patches.push(json!({ "kind": kind, "jsonPatch": ops }));
        }
    }
    Ok(patches)
}

fn to_value<T: serde::Serialize>(object: &T) -> Result<Value, ImportError> {
    serde_json::to_value(object).map_err(|e| ImportError::NotReproduced(e.to_string()))
}

/// The lab's objects: one Deployment, the one Service that selects its pods, at most one
/// autoscaler that targets it.
fn parts(file: String, objects: Vec<Object>) -> Result<Parts, ImportError> {
    let lab_error = |message: String| ImportError::Lab {
        file: file.clone(),
        message,
    };
    let of = |kind: &str| -> Vec<&Object> { objects.iter().filter(|o| o.kind == kind).collect() };
    let deployment = match of("Deployment").as_slice() {
        [d] => (*d).clone(),
        [] => {
            return Err(lab_error(
                "has no Deployment: a lab is built around one (import one file a lab)".into(),
            ));
        }
        many => {
            return Err(lab_error(format!(
                "has {} Deployments: a lab has one; put each in a file of its own, one lab a file",
                many.len()
            )));
        }
    };
    let container = &deployment.value["spec"]["template"]["spec"]["containers"][0];
    if container.is_null() {
        return Err(lab_error(format!(
            "Deployment `{}` has no container: the API server refuses it",
            deployment.name
        )));
    }
    if container["ports"].as_array().is_none_or(Vec::is_empty) {
        return Err(lab_error(format!(
            "Deployment `{}`'s container `{}` declares no port: a kubelab lab serves the app \
             on its container's port; add `ports: [{{ containerPort: <port> }}]` to it",
            deployment.name,
            container["name"].as_str().unwrap_or_default()
        )));
    }
    let pod_labels = deployment.value["spec"]["template"]["metadata"]["labels"].clone();
    let services = of("Service");
    let (selecting, others): (Vec<&Object>, Vec<&Object>) = services
        .into_iter()
        .partition(|s| selects(&s.value, &pod_labels));
    if let Some(o) = others.first() {
        return Err(lab_error(format!(
            "Service `{}` selects none of Deployment `{}`'s pods: a lab's Service is the one in \
             front of its Deployment; move the other to a file of its own with its Deployment",
            o.name, deployment.name
        )));
    }
    let service = match selecting.as_slice() {
        [s] => (*s).clone(),
        [] => {
            return Err(lab_error(format!(
                "has no Service for Deployment `{}`: a kubelab lab has one (students reach the \
                 app through it); add the Service that selects its pods to this file",
                deployment.name
            )));
        }
        many => {
            return Err(lab_error(format!(
                "has {} Services in front of Deployment `{}`: a lab has one",
                many.len(),
                deployment.name
            )));
        }
    };
    let autoscalers = of("HorizontalPodAutoscaler");
    let autoscaler = match autoscalers.as_slice() {
        [] => None,
        [h] if h.value["spec"]["scaleTargetRef"]["kind"] == "Deployment"
            && h.value["spec"]["scaleTargetRef"]["name"] == json!(deployment.name) =>
        {
            Some((*h).clone())
        }
        [h] => {
            return Err(lab_error(format!(
                "HorizontalPodAutoscaler `{}` does not target Deployment `{}`",
                h.name, deployment.name
            )));
        }
        many => {
            return Err(lab_error(format!(
                "has {} HorizontalPodAutoscalers: a lab has at most one",
                many.len()
            )));
        }
    };
    Ok(Parts {
        file,
        deployment,
        service,
        autoscaler,
    })
}

/// True when Service `svc` selects pods with `labels` (a selector that is part of them).
fn selects(svc: &Value, labels: &Value) -> bool {
    match svc["spec"]["selector"].as_object() {
        Some(selector) if !selector.is_empty() => {
            selector.iter().all(|(k, v)| labels.get(k) == Some(v))
        }
        _ => false,
    }
}

/// The lab for `p`: id, title and output from its file, and its objects' fields.
fn lab(
    p: &Parts,
    index: usize,
    before: &[Map<String, Value>],
    notes: &mut Vec<String>,
) -> Map<String, Value> {
    let path = std::path::Path::new(&p.file);
    let folder = path
        .parent()
        .and_then(|f| f.file_name())
        .and_then(|f| f.to_str());
    let stem = path.file_stem().and_then(|f| f.to_str()).unwrap_or("lab");
    let mut id: String = folder
        .unwrap_or(stem)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() || before.iter().any(|l| l["id"] == json!(id)) {
        id = format!("{id}-{}", index + 1);
    }
    let relative = !p.file.starts_with('/')
        && !p.file.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    let output = if relative && p.file.ends_with(".yaml") {
        p.file.clone()
    } else if relative {
        // kubelab names manifests `.yaml` and writes JSON with `render --format json`.
        let output = path.with_extension("yaml").to_string_lossy().into_owned();
        notes.push(format!(
            "{}: the lab's output is `{output}` (`kubelab render --format json` writes it as \
             JSON)",
            p.file
        ));
        output
    } else {
        let name = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or("app.yaml");
        let output = format!("{id}/{name}");
        notes.push(format!(
            "{}: the lab's output is `{output}`, relative to the folder `kubelab render` writes \
             (the path given is not one)",
            p.file
        ));
        output
    };
    let mut lab = Map::new();
    lab.insert("id".into(), json!(id));
    lab.insert("title".into(), json!(id));
    lab.insert("output".into(), json!(output));
    lab.insert("deployment".into(), fields::deployment(&p.deployment.value));
    lab.insert("service".into(), fields::service(&p.service.value));
    if let Some(h) = &p.autoscaler {
        lab.insert(
            "autoscaler".into(),
            fields::autoscaler(&h.value, &p.deployment.name),
        );
        // Long enough to watch the autoscaler add pods (the course's default 30 s is not).
        lab.insert("loadTest".into(), json!({ "time": AUTOSCALED_LOAD_TEST }));
        notes.push(format!(
            "{}: the page's load test runs {AUTOSCALED_LOAD_TEST} (`loadTest.time`), so that \
             students see the autoscaler add pods",
            p.file
        ));
    }
    lab
}
