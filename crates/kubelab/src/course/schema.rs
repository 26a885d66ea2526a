//! The course file's JSON Schema, derived from the spec types (schemars), then adjusted for
//! what `defaults` allows: the sections a lab may inherit (those `defaults` lists) may
//! leave out any field and write `null` for "unset", in `defaults` and in each lab alike;
//! required fields are checked once the lab is merged (`required.rs`). A text field also
//! takes a number or a boolean, as the parser does (it reads `name: 123` as the text
//! `123`; see `de.rs`).

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The schema as schemars derives it from [`crate::spec::Course`], cached.
pub(crate) fn derived() -> &'static Value {
    static DERIVED: OnceLock<Value> = OnceLock::new();
    DERIVED.get_or_init(|| schemars::schema_for!(crate::spec::Course).to_value())
}

/// The course file's schema.
pub(crate) fn file_schema() -> Value {
    let mut schema = derived().clone();
    let partial = partial_types(&schema);
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        for name in &partial {
            if let Some(def) = defs.get_mut(name) {
                make_partial(def);
            }
        }
        for def in defs.values_mut() {
            optional_sections(def, &partial);
        }
    }
    optional_sections(&mut schema, &partial);
    widen_text(&mut schema);
    schema
}

/// Every text field (not an enumeration) also takes a number or a boolean, which the
/// parser reads as their text.
fn widen_text(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let text = match object.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(types)) => types == &[json!("string"), json!("null")],
                _ => false,
            };
            if text && !object.contains_key("enum") && !object.contains_key("const") {
                let nullable = matches!(object.get("type"), Some(Value::Array(_)));
                let mut types = vec![json!("string"), json!("number"), json!("boolean")];
                if nullable {
                    types.push(json!("null"));
                }
                object.insert("type".into(), Value::Array(types));
            }
            object.values_mut().for_each(widen_text);
        }
        Value::Array(items) => items.iter_mut().for_each(widen_text),
        _ => {}
    }
}

/// The section of definition `parent` (`LabFile`, `CourseFile`) whose own fields include
/// `field`: where a field written one level too far out belongs (`resources` of a lab is
/// `deployment`'s).
pub(crate) fn section_with_field<'s>(
    schema: &'s Value,
    parent: &str,
    field: &str,
) -> Option<&'s str> {
    let defs = &schema["$defs"];
    defs[parent]["properties"]
        .as_object()?
        .iter()
        .find(|(_, property)| {
            reference(property).is_some_and(|def| defs[def]["properties"].get(field).is_some())
        })
        .map(|(name, _)| name.as_str())
}

/// The name of the definition a property refers to, directly or as `T | null`.
fn reference(property: &Value) -> Option<&str> {
    let direct = property.get("$ref").and_then(Value::as_str);
    let nullable = || {
        property
            .get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|b| b.get("$ref")?.as_str())
    };
    direct
        .or_else(nullable)
        .map(|r| r.trim_start_matches("#/$defs/"))
}

/// The sections `defaults` lists, and the types with required fields nested in them
/// field by field (a probe): each may be written in part.
fn partial_types(schema: &Value) -> BTreeSet<String> {
    let defs = &schema["$defs"];
    let mut todo: Vec<String> = defs["Defaults"]["properties"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
        .filter_map(reference)
        .map(str::to_owned)
        .collect();
    let mut partial = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !partial.insert(name.clone()) {
            continue;
        }
        for property in defs[&name]["properties"].as_object().into_iter().flatten() {
            if let Some(nested) = reference(property.1)
                && defs[nested].get("required").is_some()
            {
                todo.push(nested.to_owned());
            }
        }
    }
    partial
}

/// Every field optional and nullable, no defaults: the fields a lab does not set come
/// from `defaults`.
fn make_partial(def: &mut Value) {
    if let Some(object) = def.as_object_mut() {
        object.remove("required");
    }
    let Some(properties) = def.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for property in properties.values_mut() {
        let Some(p) = property.as_object_mut() else {
            continue;
        };
        p.remove("default");
        if let Some(target) = p.remove("$ref") {
            p.insert(
                "anyOf".into(),
                json!([{ "$ref": target }, { "type": "null" }]),
            );
        } else if let Some(t) = p.get_mut("type") {
            match t {
                Value::String(s) if s != "null" => *t = json!([s.clone(), "null"]),
                Value::Array(types) if !types.contains(&json!("null")) => types.push(json!("null")),
                _ => {}
            }
        }
    }
}

/// A property whose type is a section a lab may inherit is not required, and defaults to
/// `{}`.
fn optional_sections(def: &mut Value, partial: &BTreeSet<String>) {
    let Some(properties) = def.get("properties").and_then(Value::as_object) else {
        return;
    };
    let sections: Vec<String> = properties
        .iter()
        .filter(|(_, p)| {
            p.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| partial.contains(r.trim_start_matches("#/$defs/")))
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in &sections {
        if let Some(p) = def["properties"][name].as_object_mut() {
            p.entry("default").or_insert(json!({}));
        }
    }
    if let Some(required) = def.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| !r.as_str().is_some_and(|r| sections.iter().any(|s| s == r)));
    }
}
