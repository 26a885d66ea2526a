//! Values every lab gives the same move into `defaults`, as the course file merges them
//! back (`course::merge`): maps key by key, lists and `labels` whole. A value moves only
//! when every lab has it, equal, so each lab reads exactly what it had.

use serde_json::{Map, Value};

/// The sections of a lab that `defaults` holds.
const SECTIONS: &[&str] = &["deployment", "service"];

/// Maps a lab replaces whole (`course::merge::REPLACED_WHOLE`).
const WHOLE: &[&str] = &["labels"];

/// Moves what every lab of `labs` shares into the `defaults` it returns; with fewer than
/// two labs, nothing (a default of one lab says nothing).
pub(super) fn hoist(labs: &mut [Map<String, Value>]) -> Map<String, Value> {
    let mut defaults = Map::new();
    if labs.len() < 2 {
        return defaults;
    }
    for section in SECTIONS {
        let mut maps: Vec<&mut Map<String, Value>> = labs
            .iter_mut()
            .filter_map(|l| l.get_mut(*section)?.as_object_mut())
            .collect();
        let shared = common(&mut maps);
        if !shared.is_empty() {
            defaults.insert((*section).to_owned(), Value::Object(shared));
        }
    }
    defaults
}

/// The keys every map has with one value (maps that differ: their shared keys), removed
/// from each map.
fn common(maps: &mut [&mut Map<String, Value>]) -> Map<String, Value> {
    let mut shared = Map::new();
    let Some(first) = maps.first() else {
        return shared;
    };
    let keys: Vec<String> = first.keys().cloned().collect();
    for key in keys {
        let values: Vec<&Value> = maps.iter().filter_map(|m| m.get(&key)).collect();
        if values.len() != maps.len() {
            continue;
        }
        let Some(&one) = values.first() else {
            continue;
        };
        if values.iter().all(|v| *v == one) {
            shared.insert(key.clone(), one.clone());
            for m in maps.iter_mut() {
                m.remove(&key);
            }
        } else if values.iter().all(|v| v.is_object()) && !WHOLE.contains(&key.as_str()) {
            let mut inner: Vec<&mut Map<String, Value>> = maps
                .iter_mut()
                .filter_map(|m| m.get_mut(&key)?.as_object_mut())
                .collect();
            let sub = common(&mut inner);
            if !sub.is_empty() {
                shared.insert(key.clone(), Value::Object(sub));
                for m in maps.iter_mut() {
                    if m.get(&key)
                        .and_then(Value::as_object)
                        .is_some_and(Map::is_empty)
                    {
                        m.remove(&key);
                    }
                }
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn moves_what_every_lab_shares_and_keeps_what_differs() {
        let mut labs = vec![
            map(
                json!({ "deployment": { "name": "a", "image": "x", "resources": { "requests": { "cpu": "1" }, "limits": { "cpu": "2" } }, "labels": { "app": "a", "t": "1" } } }),
            ),
            map(
                json!({ "deployment": { "name": "b", "image": "x", "resources": { "requests": { "cpu": "1" }, "limits": { "cpu": "3" } }, "labels": { "app": "b", "t": "1" } } }),
            ),
        ];
        let defaults = hoist(&mut labs);
        assert_eq!(
            Value::Object(defaults),
            json!({ "deployment": { "image": "x", "resources": { "requests": { "cpu": "1" } } } })
        );
        assert_eq!(
            labs[1]["deployment"],
            json!({ "name": "b", "resources": { "limits": { "cpu": "3" } }, "labels": { "app": "b", "t": "1" } })
        );
    }

    #[test]
    fn one_lab_keeps_everything() {
        let mut labs = vec![map(json!({ "deployment": { "name": "a" } }))];
        assert!(hoist(&mut labs).is_empty());
        assert_eq!(labs[0]["deployment"]["name"], "a");
    }
}
