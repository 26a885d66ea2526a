//! Required fields of the sections a lab may inherit from `defaults`, all reported at once.
//!
//! Which fields are required comes from the course schema, derived from the spec types:
//! a field is required when its type has no default. A required list (`ports`) needs at
//! least one entry.

use super::yaml::{Node, Value};
use serde_json::Value as Json;

/// The path of every required field missing below `node` (a lab's merged `section`),
/// relative to the section (`image`, `readinessProbe.path`).
pub(crate) fn missing(schema: &Json, section: &str, node: &Node) -> Vec<String> {
    let Some(sub) = property(schema, schema_of(schema, "LabFile"), section) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(schema, sub, node, String::new(), &mut out);
    out
}

/// The definition named `name` in the schema's `$defs`.
fn schema_of<'a>(schema: &'a Json, name: &str) -> &'a Json {
    &schema["$defs"][name]
}

/// The object schema behind `s`: through a `$ref`, or the non-null branch of an `anyOf`.
fn resolve<'a>(root: &'a Json, s: &'a Json) -> &'a Json {
    if let Some(reference) = s.get("$ref").and_then(Json::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return resolve(root, schema_of(root, name));
    }
    if let Some(branches) = s.get("anyOf").and_then(Json::as_array)
        && let Some(branch) = branches
            .iter()
            .find(|b| b.get("type") != Some(&"null".into()))
    {
        return resolve(root, branch);
    }
    s
}

fn property<'a>(root: &'a Json, object: &'a Json, name: &str) -> Option<&'a Json> {
    resolve(root, object).get("properties")?.get(name)
}

fn absent(node: Option<&Node>) -> bool {
    match node {
        None => true,
        Some(n) if n.is_null() => true,
        Some(Node {
            value: Value::Seq(items),
            ..
        }) => items.is_empty(),
        Some(_) => false,
    }
}

fn walk(root: &Json, schema: &Json, node: &Node, path: String, out: &mut Vec<String>) {
    let object = resolve(root, schema);
    let join = |field: &str| {
        if path.is_empty() {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    for field in object
        .get("required")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
    {
        if absent(node.get(field)) {
            out.push(join(field));
        }
    }
    // Fields merged field by field are objects; lists are replaced whole, so their
    // entries are complete or wrong as written (serde says which).
    let Value::Map(entries) = &node.value else {
        return;
    };
    for (key, value) in entries {
        let name = key.text().unwrap_or_default();
        let Some(sub) = property(root, object, name) else {
            continue;
        };
        if matches!(value.value, Value::Map(_)) && resolve(root, sub).get("properties").is_some() {
            walk(root, sub, value, join(name), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::yaml::load;

    #[test]
    fn finds_every_missing_required_field_of_a_section() {
        let schema = crate::course::schema::derived();
        let node = load("name: web\nports: []\nreadinessProbe: { port: 80 }\n").expect("YAML");
        assert_eq!(
            missing(schema, "deployment", &node),
            ["image", "ports", "readinessProbe.path"]
        );
        let node = load("type: NodePort\n").expect("YAML");
        assert_eq!(missing(schema, "service", &node), ["name", "ports"]);
    }
}
