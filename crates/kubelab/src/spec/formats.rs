//! What the schema tells an editor about a value's form: name patterns, port ranges,
//! quantities. The checks themselves are in validation ([`crate::names`],
//! [`crate::quantity`]); these patterns only let an editor flag a typo early, and never
//! refuse what kubelab accepts (`tests/course_file.rs` holds them to that).

use schemars::{Schema, SchemaGenerator, json_schema};

/// DNS-1123 label (container names, Service port names).
pub(crate) const DNS1123_LABEL: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/// DNS-1123 label, or empty (a Service port's optional name).
pub(crate) const DNS1123_LABEL_OR_EMPTY: &str = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$";
/// DNS-1123 subdomain (Deployment and autoscaler names).
pub(crate) const DNS1123_SUBDOMAIN: &str =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// DNS-1035 label (Service names).
pub(crate) const DNS1035_LABEL: &str = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
/// IANA_SVC_NAME (container port names): a letter somewhere, no `--`; or empty.
pub(crate) const IANA_SVC_NAME_OR_EMPTY: &str =
    "^((?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$";
/// An environment variable name under the relaxed rule (printable ASCII but `=`), the
/// most any supported version takes.
pub(crate) const ENV_NAME: &str = "^[ -<>-~]+$";
/// A label value.
pub(crate) const LABEL_VALUE: &str = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
/// A lab id.
pub(crate) const LAB_ID: &str = "^[A-Za-z0-9_-]+$";
/// A quantity as `parseQuantityString` reads it, without a minus sign (validation refuses
/// negative ones).
const QUANTITY: &str =
    "^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]*)?([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$";

fn quantity() -> serde_json::Value {
    serde_json::json!({
        "type": ["string", "number"],
        "minLength": 1,
        "pattern": QUANTITY,
        "minimum": 0
    })
}

/// A map of resource names to quantities (`{ cpu: 500m, memory: 1Gi }`).
pub(crate) fn quantities(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "object", "additionalProperties": quantity() })
}

/// A map of resource names to lists of quantities (a sweep).
pub(crate) fn quantity_lists(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "additionalProperties": { "type": "array", "items": quantity() }
    })
}

/// Pod labels: label values.
pub(crate) fn labels(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "additionalProperties": { "type": "string", "maxLength": 63, "pattern": LABEL_VALUE }
    })
}
