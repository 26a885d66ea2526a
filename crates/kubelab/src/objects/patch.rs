//! A lab's `patches` applied to its generated objects: JSON Patch (RFC 6902) and merge
//! patch (RFC 7386), both through the `json-patch` crate. Each patch is applied to the
//! object as JSON and the result read back as the typed object, so a patch that adds a
//! field Kubernetes does not have, or gives a field the wrong type, is refused rather than
//! silently dropped. What each patch touched is recorded: validation reports a broken rule
//! in a patched field at the patch, and the pages list what the patches changed.

use super::LabObjects;
use crate::spec::{Patch, PatchKind};
use json_patch::PatchOperation;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What one patch of a lab changed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The patch's index in the lab's `patches`.
    pub patch: usize,
    /// The object it changed (`Deployment/ml-app`).
    pub object: String,
    /// Each change, in words a student can check against the manifest
    /// (`add /spec/template/spec/tolerations`).
    pub changes: Vec<String>,
}

/// A patch that could not be applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failed {
    /// The patch's index in the lab's `patches`.
    pub patch: usize,
    /// The object it was for (`Deployment/ml-app`), or its kind when the lab has none.
    pub object: String,
    /// The part of the patch at fault (`jsonPatch[2]`), empty for the patch as a whole.
    pub part: String,
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Fields a patch may not change: the pages, the other objects and the commands students
/// type name the objects by these, which the course's own fields set.
const FIXED: &[(&str, &str)] = &[
    ("/apiVersion", "kubelab writes the API version"),
    (
        "/kind",
        "a patch changes an object, it does not make another kind",
    ),
    (
        "/metadata/name",
        "set the name with the lab's field (`deployment.name`, `service.name`, `autoscaler.name`)",
    ),
    (
        "/metadata/namespace",
        "set the namespace with the lab's or the course's `namespace`",
    ),
];

/// Applies `patches` to `objects` in order, recording what each changed or why it failed.
pub(super) fn apply(objects: &mut LabObjects, patches: &[Patch]) {
    for (i, patch) in patches.iter().enumerate() {
        let result = match patch.kind {
            PatchKind::Service => apply_to(&mut objects.service, patch, i),
            PatchKind::Deployment => apply_to(&mut objects.deployment, patch, i),
            PatchKind::HorizontalPodAutoscaler => match objects.autoscaler.as_mut() {
                Some(hpa) => apply_to(hpa, patch, i),
                None => Err(Failed {
                    patch: i,
                    object: "HorizontalPodAutoscaler".to_owned(),
                    part: String::new(),
                    message: "the lab has no autoscaler to patch".to_owned(),
                    hint: "give the lab an `autoscaler`, or remove the patch".to_owned(),
                }),
            },
        };
        match result {
            Ok((applied, fields)) => {
                // A rule broken in a field the patch set is reported at the patch.
                for (field, part) in fields {
                    let part = format!("patches[{i}].{part}");
                    objects.origins.patched(patch.kind.as_str(), field, part);
                }
                objects.patches.push(applied);
            }
            Err(failed) => objects.patch_failures.push(failed),
        }
    }
}

/// Applies `patch` to `object`: what it changed, and the object paths it set (each with
/// the part of the patch that set it: `jsonPatch[0]`, `mergePatch.spec.replicas`).
fn apply_to<T>(
    object: &mut T,
    patch: &Patch,
    index: usize,
) -> Result<(Applied, Vec<(String, String)>), Failed>
where
    T: Serialize + DeserializeOwned + k8s_openapi::Resource,
    T: k8s_openapi::Metadata<Ty = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
{
    let name = object.metadata().name.clone().unwrap_or_default();
    let id = format!("{}/{name}", T::KIND);
    let fail = |message: String, hint: &str| Failed {
        patch: index,
        object: id.clone(),
        part: String::new(),
        message,
        hint: hint.to_owned(),
    };
    if let Some(wanted) = &patch.name
        && *wanted != name
    {
        return Err(fail(
            format!("names {} `{wanted}`, but the lab's is `{name}`", T::KIND),
            "use the object's name, or leave `name` unset for the lab's one object of that kind",
        ));
    }
    let mut value = serde_json::to_value(&*object).map_err(|e| {
        fail(
            format!("{id} cannot be written as JSON: {e}"),
            "report this",
        )
    })?;
    let before = value.clone();
    let (changes, fields) = match (&patch.json_patch, &patch.merge_patch) {
        (Some(ops), None) => {
            json_patch::patch(&mut value, ops).map_err(|e| {
                let op = ops.0.get(e.operation).map(describe).unwrap_or_default();
                let failed = fail(
                    format!("`{op}` does not apply to {id}: {}", e.kind),
                    "check the path against the generated object (`kubelab render -o -` prints it); \
                     `add` creates a key, `replace` and `remove` need one that exists",
                );
                Failed {
                    part: format!("jsonPatch[{}]", e.operation),
                    ..failed
                }
            })?;
            (
                ops.0.iter().map(describe).collect(),
                ops.0
                    .iter()
                    .enumerate()
                    .map(|(k, op)| (object_path(op.path().as_str()), format!("jsonPatch[{k}]")))
                    .collect(),
            )
        }
        (None, Some(merge)) => {
            json_patch::merge(&mut value, merge);
            let mut leaves = Vec::new();
            merge_leaves(merge, &mut String::new(), &mut leaves);
            (
                leaves
                    .iter()
                    .map(|p| match merge.pointer(p) {
                        Some(Value::Null) => format!("remove {p}"),
                        _ => format!("set {p}"),
                    })
                    .collect(),
                leaves
                    .iter()
                    .map(|p| {
                        let path = object_path(p);
                        let set = format!("mergePatch.{path}");
                        (path, set)
                    })
                    .collect(),
            )
        }
        (Some(_), Some(_)) => {
            return Err(fail(
                "has both `jsonPatch` and `mergePatch`".to_owned(),
                "split it into two patches, one of each",
            ));
        }
        (None, None) => {
            return Err(fail(
                "has neither `jsonPatch` nor `mergePatch`".to_owned(),
                "add the operations (`jsonPatch: [{ op: add, path: ..., value: ... }]`) or a merge patch",
            ));
        }
    };
    for (pointer, why) in FIXED {
        if before.pointer(pointer) != value.pointer(pointer) {
            return Err(fail(format!("changes `{pointer}` of {id}"), why));
        }
    }
    let (typed, _) = retyped::<T>(&value).map_err(|e| match e {
        NotTyped::Invalid(e) => fail(
            format!("makes {id} something that is not a {}: {e}", T::KIND),
            "give each field the type Kubernetes gives it (`kubectl explain` shows it)",
        ),
        NotTyped::Unknown(field) => fail(
            format!("sets `{field}`, which a {} does not have", T::KIND),
            &format!(
                "check the field's spelling and place (`kubectl explain {}` lists them); the \
                 API server would drop or refuse it",
                T::KIND.to_lowercase()
            ),
        ),
    })?;
    *object = typed;
    let applied = Applied {
        patch: index,
        object: id,
        changes,
    };
    Ok((applied, fields))
}

/// Why a JSON value is not the typed object it says it is.
#[derive(Debug)]
pub(crate) enum NotTyped {
    /// A value of the wrong type, or no valid object at all (serde's message).
    Invalid(String),
    /// A field the type does not have (its JSON pointer): k8s-openapi would silently drop
    /// it, and the API server would refuse or drop it.
    Unknown(String),
}

/// `value` read as a `T`, and `T` written back as JSON: refused when a field would be lost
/// on the way (one `T` does not have) or a value has the wrong type. Patches and `import`
/// both hold their JSON to this.
pub(crate) fn retyped<T: Serialize + DeserializeOwned>(
    value: &Value,
) -> Result<(T, Value), NotTyped> {
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| NotTyped::Invalid(e.to_string()))?;
    let back = serde_json::to_value(&typed).map_err(|e| NotTyped::Invalid(e.to_string()))?;
    match json_patch::diff(value, &back).0.first() {
        Some(lost) => Err(NotTyped::Unknown(lost.path().to_string())),
        None => Ok((typed, back)),
    }
}

/// One operation as a student reads it: `replace /spec/replicas`.
fn describe(op: &PatchOperation) -> String {
    match op {
        PatchOperation::Add(o) => format!("add {}", o.path),
        PatchOperation::Remove(o) => format!("remove {}", o.path),
        PatchOperation::Replace(o) => format!("replace {}", o.path),
        PatchOperation::Move(o) => format!("move {} to {}", o.from, o.path),
        PatchOperation::Copy(o) => format!("copy {} to {}", o.from, o.path),
        PatchOperation::Test(o) => format!("test {}", o.path),
    }
}

/// The JSON pointers of a merge patch's leaves (a value that is not a map, or `null`).
fn merge_leaves(patch: &Value, at: &mut String, out: &mut Vec<String>) {
    match patch {
        Value::Object(map) if !map.is_empty() => {
            for (key, value) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                merge_leaves(value, at, out);
                at.truncate(len);
            }
        }
        _ => out.push(at.clone()),
    }
}

/// A JSON pointer as an object path (`/spec/ports/0/port` -> `spec.ports[0].port`): the
/// form validation names fields in. An index token becomes `[n]`; `-` (the end of a list)
/// names the list.
pub(crate) fn object_path(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token == "-" {
            continue;
        }
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_object_paths() {
        assert_eq!(object_path("/spec/ports/0/port"), "spec.ports[0].port");
        assert_eq!(
            object_path("/spec/template/spec/tolerations/-"),
            "spec.template.spec.tolerations"
        );
        assert_eq!(
            object_path("/metadata/annotations/example.com~1x"),
            "metadata.annotations.example.com/x"
        );
        assert_eq!(object_path(""), "");
    }

    #[test]
    fn merge_leaves_are_the_values_it_sets() {
        let mut out = Vec::new();
        merge_leaves(
            &serde_json::json!({ "spec": { "replicas": 2, "paused": null, "x": [1] } }),
            &mut String::new(),
            &mut out,
        );
        assert_eq!(out, ["/spec/paused", "/spec/replicas", "/spec/x"]);
    }
}
