//! "What changed since the previous lab": a structural diff of two labs' objects.

use crate::objects::LabObjects;
use serde_json::{Map, Value};
use std::fmt::{self, Write as _};

/// One difference between two labs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "camelCase")]
pub enum Change {
    /// An object only the second lab has.
    Added {
        /// Kind, e.g. `HorizontalPodAutoscaler`.
        kind: String,
        /// Its name.
        name: String,
        /// A one-line summary (`min 1, max 5, CPU 40%`).
        summary: String,
    },
    /// An object only the first lab has.
    Removed {
        /// Kind.
        kind: String,
        /// Its name.
        name: String,
    },
    /// A field whose value differs (objects are matched by kind).
    Changed {
        /// Kind.
        kind: String,
        /// Field path in the object, e.g. `spec.type`.
        path: String,
        /// Old value (`-` when absent).
        old: String,
        /// New value (`-` when absent).
        new: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added {
                kind,
                name,
                summary,
            } if summary.is_empty() => write!(f, "added {kind} {name}"),
            Change::Added {
                kind,
                name,
                summary,
            } => write!(f, "added {kind} {name}, {summary}"),
            Change::Removed { kind, name } => write!(f, "removed {kind} {name}"),
            Change::Changed {
                kind,
                path,
                old,
                new,
            } => write!(f, "{kind} {}: {old} -> {new}", friendly(path)),
        }
    }
}

/// Short names for the fields students care about.
fn friendly(path: &str) -> &str {
    match path {
        "spec.type" => "type",
        "spec.replicas" => "replicas",
        "metadata.name" => "name",
        "spec.minReplicas" => "minReplicas",
        "spec.maxReplicas" => "maxReplicas",
        p => p,
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Compares `a` and `b` below `path` (a buffer that is restored before returning).
/// Calls `f` with every key of either map once, in name order. serde_json keeps keys
/// sorted (unless its `preserve_order` feature is on, when they are sorted here first), so
/// this is a merge of two sorted lists.
fn each_key(x: &Map<String, Value>, y: &Map<String, Value>, mut f: impl FnMut(&str)) {
    if !(x.keys().is_sorted() && y.keys().is_sorted()) {
        let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
        keys.into_iter().for_each(|k| f(k));
        return;
    }
    let (mut a, mut b) = (x.keys().peekable(), y.keys().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(ka), Some(kb)) => match ka.cmp(kb) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    b.next();
                    a.next()
                }
            },
            _ => a.next().or_else(|| b.next()),
        };
        match next {
            Some(k) => f(k),
            None => break,
        }
    }
}

fn walk(
    kind: &str,
    path: &mut String,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<Change>,
) {
    let len = path.len();
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            each_key(x, y, |k| {
                if x.get(k) == y.get(k) {
                    return;
                }
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(kind, path, x.get(k), y.get(k), out);
                path.truncate(len);
            });
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (xa, ya)) in x.iter().zip(y).enumerate().filter(|(_, (xa, ya))| xa != ya) {
                // Writing to a String cannot fail.
                let _ = write!(path, "[{i}]");
                walk(kind, path, Some(xa), Some(ya), out);
                path.truncate(len);
            }
        }
        (a, b) if a != b => out.push(Change::Changed {
            kind: kind.to_owned(),
            path: path.clone(),
            old: show(a),
            new: show(b),
        }),
        _ => {}
    }
}

fn summary(kind: &str, doc: &Value) -> String {
    if kind != "HorizontalPodAutoscaler" {
        return String::new();
    }
    let spec = &doc["spec"];
    let mut parts = vec![
        format!("min {}", show(spec.get("minReplicas"))),
        format!("max {}", show(spec.get("maxReplicas"))),
    ];
    for m in spec["metrics"].as_array().into_iter().flatten() {
        let r = &m["resource"];
        if let Some(u) = r["target"]["averageUtilization"].as_i64() {
            parts.push(format!(
                "{} {u}%",
                r["name"].as_str().unwrap_or_default().to_uppercase()
            ));
        }
    }
    parts.join(", ")
}

/// The differences from lab `a` to lab `b`, objects matched by kind, in file order.
pub fn diff(a: &LabObjects, b: &LabObjects) -> Result<Vec<Change>, crate::manifest::Unwritable> {
    Ok(diff_documents(&a.documents()?, &b.documents()?))
}

/// [`diff`] on documents already rendered with [`LabObjects::documents`].
pub(crate) fn diff_documents(da: &[Value], db: &[Value]) -> Vec<Change> {
    fn kind(d: &Value) -> &str {
        d["kind"].as_str().unwrap_or_default()
    }
    let mut out = Vec::new();
    for x in da {
        match db.iter().find(|y| kind(y) == kind(x)) {
            Some(y) => walk(kind(x), &mut String::new(), Some(x), Some(y), &mut out),
            None => out.push(Change::Removed {
                kind: kind(x).to_owned(),
                name: show(x["metadata"].get("name")),
            }),
        }
    }
    for y in db {
        if !da.iter().any(|x| kind(x) == kind(y)) {
            out.push(Change::Added {
                kind: kind(y).to_owned(),
                name: show(y["metadata"].get("name")),
                summary: summary(kind(y), y),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::lab;
    use pretty_assertions::assert_eq;

    fn lines(a: &crate::spec::Lab, b: &crate::spec::Lab) -> Vec<String> {
        diff(&a.objects(), &b.objects())
            .expect("objects serialize")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn single_to_load_balanced() {
        assert_eq!(
            lines(&lab("single"), &lab("lb")),
            [
                "Service type: NodePort -> LoadBalancer",
                "Deployment replicas: 1 -> 5"
            ]
        );
    }

    #[test]
    fn load_balanced_to_autoscaled_adds_the_hpa() {
        let l = lines(&lab("lb"), &lab("hpa"));
        assert_eq!(
            l.last().map(String::as_str),
            Some("added HorizontalPodAutoscaler ml-app-hpa, min 1, max 5, CPU 40%")
        );
        assert!(
            l.contains(&"Service name: ml-kube-service -> ml-service-lb".to_owned()),
            "{l:?}"
        );
        assert!(
            l.contains(&"Deployment replicas: 5 -> 1".to_owned()),
            "{l:?}"
        );
    }

    #[test]
    fn a_lab_against_itself_has_no_changes_and_removal_is_reported() {
        assert!(lines(&lab("hpa"), &lab("hpa")).is_empty());
        assert_eq!(
            lines(&lab("hpa"), &lab("single"))
                .last()
                .map(String::as_str),
            Some("removed HorizontalPodAutoscaler ml-app-hpa")
        );
    }

    #[test]
    fn keys_of_both_maps_come_once_in_order() {
        let (x, y) = (
            serde_json::json!({ "a": 1, "c": 2, "e": 3 }),
            serde_json::json!({ "b": 1, "c": 2, "f": 3 }),
        );
        let (Value::Object(x), Value::Object(y)) = (x, y) else {
            unreachable!("json! objects")
        };
        let mut seen = Vec::new();
        each_key(&x, &y, |k| seen.push(k.to_owned()));
        assert_eq!(seen, ["a", "b", "c", "e", "f"]);
        seen.clear();
        each_key(&x, &Map::new(), |k| seen.push(k.to_owned()));
        assert_eq!(seen, ["a", "c", "e"]);
    }

    #[test]
    fn changed_list_items_are_named_by_index() {
        let a = serde_json::json!([{ "kind": "Service", "spec": { "ports": [{ "port": 1 }, { "port": 2 }] } }]);
        let b = serde_json::json!([{ "kind": "Service", "spec": { "ports": [{ "port": 1 }, { "port": 3 }] } }]);
        let (Value::Array(a), Value::Array(b)) = (a, b) else {
            unreachable!("json! arrays")
        };
        let changes: Vec<String> = diff_documents(&a, &b)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(changes, ["Service spec.ports[1].port: 2 -> 3"]);
    }
}
