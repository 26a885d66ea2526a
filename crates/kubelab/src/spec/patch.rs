//! Patches: the way around kubelab's fields. A patch changes one of a lab's generated
//! objects before validation, so validation still covers the result.
//!
//! ```
//! use kubelab::spec::{Patch, PatchKind};
//! let patch = Patch::merge(
//!     PatchKind::Deployment,
//!     serde_json::json!({ "spec": { "revisionHistoryLimit": 3 } }),
//! );
//! assert_eq!(patch.kind, PatchKind::Deployment);
//! ```

use schemars::JsonSchema;
use serde::Deserialize;

/// RFC 6902 operations, as the `json-patch` crate reads and applies them (a list of
/// `{ op, path, value, from }`; `serde_json::from_value` builds one).
pub use json_patch::Patch as JsonPatch;

/// The kind of object a patch changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum PatchKind {
    /// The lab's Service.
    Service,
    /// The lab's Deployment.
    Deployment,
    /// The lab's autoscaler.
    HorizontalPodAutoscaler,
}

impl PatchKind {
    /// The Kubernetes spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchKind::Service => "Service",
            PatchKind::Deployment => "Deployment",
            PatchKind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
        }
    }
}

/// A change to one generated object: a JSON Patch (RFC 6902) or a JSON merge patch
/// (RFC 7386), exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Patch {
    /// The object's kind: `Service`, `Deployment` or `HorizontalPodAutoscaler`.
    pub kind: PatchKind,
    /// The object's name; the lab's one object of `kind` when unset. When set, it must be
    /// that object's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// RFC 6902 operations (`op`, `path`, `value`, `from`), applied in order; one that
    /// fails (a missing path, a `test` that does not match) stops the render.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_patch: Option<JsonPatch>,
    /// An RFC 7386 merge patch: its maps merge into the object's, `null` removes a key, a
    /// list replaces the object's list whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_patch: Option<serde_json::Value>,
}

impl Patch {
    /// A JSON Patch on the lab's object of `kind`.
    pub fn json(kind: PatchKind, operations: JsonPatch) -> Self {
        Patch {
            kind,
            name: None,
            json_patch: Some(operations),
            merge_patch: None,
        }
    }

    /// A merge patch on the lab's object of `kind`.
    pub fn merge(kind: PatchKind, merge: serde_json::Value) -> Self {
        Patch {
            kind,
            name: None,
            json_patch: None,
            merge_patch: Some(merge),
        }
    }
}
