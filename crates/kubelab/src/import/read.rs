//! Reading Kubernetes manifests: every document of every file (YAML, JSON, a `List`), each
//! object stripped of what a cluster adds when it is read back (`status`, `uid`, ...),
//! given the API server's defaults that kubelab writes out, and checked to be the object
//! its kind says (no field Kubernetes does not have, every value of its type).

use super::ImportError;
use k8s_openapi::api::core::v1 as core;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// One object of an input file.
#[derive(Debug, Clone)]
pub(super) struct Object {
    /// `Deployment`, `Service`, ...
    pub(super) kind: String,
    /// `metadata.name`.
    pub(super) name: String,
    /// The object as kubelab would write it: defaults filled in, typed and back.
    pub(super) value: Value,
}

/// What a cluster adds to `metadata` when an object is read back with `kubectl get -o yaml`.
const SERVER_METADATA: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
];

/// Annotations kubectl and the Deployment controller write.
const SERVER_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
];

/// The kinds a lab holds, with the apiVersions kubelab reads.
const KNOWN: &[(&str, &[&str])] = &[
    ("Service", &["v1"]),
    ("Deployment", &["apps/v1"]),
    (
        "HorizontalPodAutoscaler",
        &["autoscaling/v1", "autoscaling/v2"],
    ),
];

/// Every document of `text` (the file `file`), `List`s flattened. A document that is not a
/// Kubernetes object (no `apiVersion` and `kind`) is an error; objects of other kinds are
/// returned as `(kind, name)` in `other`.
pub(super) fn documents(
    file: &str,
    text: &str,
    notes: &mut Vec<String>,
    other: &mut Vec<(String, String, String)>,
) -> Result<Vec<Object>, ImportError> {
    let mut objects = Vec::new();
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let value = <Value as serde::Deserialize>::deserialize(document).map_err(|e| {
            ImportError::Read {
                file: file.to_owned(),
                message: e.to_string(),
            }
        })?;
        if value.is_null() {
            continue; // an empty document, as between two `---`
        }
        let mut items = vec![value];
        while let Some(value) = items.pop() {
            let (api_version, kind) = match (value["apiVersion"].as_str(), value["kind"].as_str()) {
                (Some(a), Some(k)) => (a.to_owned(), k.to_owned()),
                _ => {
                    return Err(ImportError::NotKubernetes {
                        file: file.to_owned(),
                        document: index + 1,
                    });
                }
            };
            if kind == "List" {
                let list = value["items"].as_array().cloned().unwrap_or_default();
                items.extend(list.into_iter().rev());
                continue;
            }
            let name = value["metadata"]["name"].as_str().unwrap_or("").to_owned();
            let known = KNOWN
                .iter()
                .any(|(k, versions)| *k == kind && versions.contains(&api_version.as_str()));
            if !known {
                other.push((file.to_owned(), format!("{api_version} {kind}"), name));
                continue;
            }
            let value = canonical(file, &kind, &name, value, notes)?;
            objects.push(Object { kind, name, value });
        }
    }
    Ok(objects)
}

/// The object as kubelab writes one: what the cluster added removed, the defaults kubelab
/// writes out filled in, read as its typed object and written back.
fn canonical(
    file: &str,
    kind: &str,
    name: &str,
    mut value: Value,
    notes: &mut Vec<String>,
) -> Result<Value, ImportError> {
    strip(file, kind, name, &mut value, notes);
    drop_nulls(&mut value);
    defaults(kind, &mut value);
    match kind {
        "Service" => typed::<k8s_openapi::api::core::v1::Service>(file, kind, name, value),
        "Deployment" => typed::<k8s_openapi::api::apps::v1::Deployment>(file, kind, name, value),
        _ => typed::<k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler>(
            file, kind, name, value,
        ),
    }
}

fn strip(file: &str, kind: &str, name: &str, value: &mut Value, notes: &mut Vec<String>) {
    if let Some(object) = value.as_object_mut() {
        object.remove("status");
    }
    let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    for key in SERVER_METADATA {
        meta.remove(*key);
    }
    if let Some(ns) = meta.remove("namespace") {
        notes.push(format!(
            "{file}: {kind}/{name} names the namespace {ns}, which is not carried over: a \
             plain lab runs in the namespace of the kubectl context (`kubectl apply -n` \
             chooses it), a hardened one in the course's `namespace`"
        ));
    }
    if let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
        for key in SERVER_ANNOTATIONS {
            annotations.remove(*key);
        }
        if annotations.is_empty() {
            meta.remove("annotations");
        }
    }
}

/// `null` is an unset field to Kubernetes: removed, so that it is not mistaken for one
/// Kubernetes does not have.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The API server's defaults that kubelab writes out (kubernetes pkg/apis/core/v1/defaults.go
/// `SetDefaults_Service`, `SetDefaults_ServicePort`; pkg/apis/apps/v1/defaults.go
/// `SetDefaults_Deployment`; pkg/apis/autoscaling/v1 and v2 defaults.go), so that a manifest
/// that leaves them out and kubelab's that states them are the same objects. An
/// autoscaling/v1 autoscaler becomes autoscaling/v2, as the API server converts it.
fn defaults(kind: &str, value: &mut Value) {
    // `pointer_mut`, not indexing: indexing a missing key would add it as `null`.
    match kind {
        "Service" => {
            let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
                return;
            };
            spec.entry("type")
                .or_insert(json!(crate::api_defaults::SERVICE_TYPE));
            let ports = spec.get_mut("ports").and_then(Value::as_array_mut);
            for port in ports.into_iter().flatten() {
                // Typed, to fill in what the API server does; a port that does not read
                // as one is left as it is, for the typed read to refuse.
                let Ok(typed) = serde_json::from_value::<core::ServicePort>(port.clone()) else {
                    continue;
                };
                let typed = crate::api_defaults::service_port(typed);
                if let Some(map) = port.as_object_mut() {
                    map.insert("protocol".into(), json!(typed.protocol));
                    map.insert("targetPort".into(), json!(typed.target_port));
                }
            }
        }
        "Deployment" => {
            if let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) {
                spec.entry("replicas")
                    .or_insert(json!(crate::api_defaults::REPLICAS));
            }
            // A quantity written as a number (`cpu: 1`) is the same quantity as text.
            for list in ["containers", "initContainers"] {
                let pointer = format!("/spec/template/spec/{list}");
                let containers = value.pointer_mut(&pointer).and_then(Value::as_array_mut);
                for container in containers.into_iter().flatten() {
                    for section in ["requests", "limits"] {
                        let map = container
                            .pointer_mut(&format!("/resources/{section}"))
                            .and_then(Value::as_object_mut);
                        for q in map.into_iter().flat_map(|m| m.values_mut()) {
                            if q.is_number() {
                                *q = json!(q.to_string());
                            }
                        }
                    }
                }
            }
        }
        _ => {
            let v1 = value["apiVersion"] == "autoscaling/v1";
            let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) else {
                return;
            };
            if v1 {
                // autoscaling/v1 SetDefaults_HorizontalPodAutoscaler: 80 % when unset.
                let target = spec
                    .remove("targetCPUUtilizationPercentage")
                    .unwrap_or(json!(80));
                spec.insert(
                    "metrics".into(),
                    json!([{ "type": "Resource", "resource": {
                        "name": "cpu",
                        "target": { "type": "Utilization", "averageUtilization": target }
                    }}]),
                );
            }
            spec.entry("minReplicas").or_insert(json!(1));
            if v1 {
                value["apiVersion"] = json!("autoscaling/v2");
            }
        }
    }
}

/// `value` read as a `T` and written back; a field `T` does not have, or a value of the
/// wrong type, is an error naming it.
fn typed<T: Serialize + DeserializeOwned>(
    file: &str,
    kind: &str,
    name: &str,
    value: Value,
) -> Result<Value, ImportError> {
    let invalid = |message: String| ImportError::Invalid {
        file: file.to_owned(),
        object: format!("{kind}/{name}"),
        message,
    };
    match crate::objects::retyped::<T>(&value) {
        Ok((_, back)) => Ok(back),
        Err(crate::objects::NotTyped::Invalid(message)) => Err(invalid(message)),
        Err(crate::objects::NotTyped::Unknown(field)) => Err(invalid(format!(
            "`{field}` is not a field of a {kind} (`kubectl explain {}` lists them); kubectl \
             would refuse it",
            kind.to_lowercase()
        ))),
    }
}
