//! `defaults` merged into each lab, on the YAML nodes, before any of it is read: a field
//! the lab sets wins; maps (a probe, `resources`, `requests`) merge key by key; lists
//! (`ports`, `env`) and the fields in [`REPLACED_WHOLE`] are replaced whole; `null` means
//! unset. Merged nodes keep the position they were written at, so an error in a value a
//! lab inherited points at `defaults`.

use super::yaml::{Node, Value};

/// Maps a lab replaces whole instead of merging key by key: pod labels (a lab that sets
/// its own labels means exactly those).
const REPLACED_WHOLE: &[&str] = &["labels"];

/// `over` (a lab's section) merged over `base` (the defaults).
pub(crate) fn merge(base: &Node, over: &Node) -> Node {
    match (&base.value, &over.value) {
        _ if over.is_null() => base.clone(),
        (Value::Map(base_entries), Value::Map(over_entries)) => {
            let mut entries: Vec<(Node, Node)> = Vec::with_capacity(base_entries.len());
            for (key, value) in base_entries {
                let name = key.text().unwrap_or_default();
                let merged = match over.get(name) {
                    Some(mine) if REPLACED_WHOLE.contains(&name) && !mine.is_null() => {
                        (key.clone(), mine.clone())
                    }
                    Some(mine) => {
                        let own_key = over_entries
                            .iter()
                            .find(|(k, _)| k.text() == Some(name))
                            .map_or(key, |(k, _)| k);
                        (own_key.clone(), merge(value, mine))
                    }
                    None => (key.clone(), value.clone()),
                };
                entries.push(merged);
            }
            for (key, value) in over_entries {
                if base.get(key.text().unwrap_or_default()).is_none() {
                    entries.push((key.clone(), value.clone()));
                }
            }
            Node {
                value: Value::Map(entries),
                at: over.at,
            }
        }
        _ => over.clone(),
    }
}

/// Lab `lab` with every section of `defaults` merged in.
pub(crate) fn lab_over_defaults(lab: &Node, defaults: &Node) -> Node {
    let (Value::Map(sections), Value::Map(lab_entries)) = (&defaults.value, &lab.value) else {
        return lab.clone();
    };
    let mut entries = lab_entries.clone();
    for (key, section) in sections {
        let name = key.text().unwrap_or_default();
        match entries.iter_mut().find(|(k, _)| k.text() == Some(name)) {
            Some((_, own)) => *own = merge(section, own),
            None => entries.push((key.clone(), section.clone())),
        }
    }
    Node {
        value: Value::Map(entries),
        at: lab.at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::yaml::load;

    fn merged(defaults: &str, lab: &str) -> Node {
        let d = load(defaults).expect("defaults");
        let l = load(lab).expect("lab");
        lab_over_defaults(&l, &d)
    }

    fn text<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
        path.iter().try_fold(node, |n, k| n.get(k))?.text()
    }

    #[test]
    fn lab_fields_win_maps_merge_per_key_lists_and_labels_replace() {
        let defaults = "deployment:
  image: a:1
  replicas: 1
  readinessProbe: { path: /test, periodSeconds: 5, successThreshold: 3 }
  resources: { requests: { cpu: '1', memory: 2Gi }, limits: { cpu: '2' } }
  ports: [{ containerPort: 5000 }, { containerPort: 5001 }]
  labels: { app: web, tier: ml }
";
        let lab = "deployment:
  replicas: 5
  readinessProbe: { successThreshold: 1 }
  resources: { requests: { cpu: '2' } }
  ports: [{ containerPort: 8080 }]
  labels: { app: mine }
";
        let m = merged(defaults, lab);
        let d = m.get("deployment").expect("deployment");
        assert_eq!(text(d, &["image"]), Some("a:1"));
        assert_eq!(text(d, &["replicas"]), Some("5"));
        assert_eq!(text(d, &["readinessProbe", "path"]), Some("/test"));
        assert_eq!(text(d, &["readinessProbe", "successThreshold"]), Some("1"));
        assert_eq!(text(d, &["resources", "requests", "cpu"]), Some("2"));
        assert_eq!(text(d, &["resources", "requests", "memory"]), Some("2Gi"));
        assert_eq!(text(d, &["resources", "limits", "cpu"]), Some("2"));
        assert!(matches!(&d.get("ports").expect("ports").value, Value::Seq(p) if p.len() == 1));
        assert_eq!(text(d, &["labels", "app"]), Some("mine"));
        assert_eq!(text(d, &["labels", "tier"]), None);
    }

    #[test]
    fn null_means_unset_and_inherited_values_keep_their_position() {
        let m = merged(
            "deployment: { image: a:1 }\n",
            "deployment: { image: ~ }\nservice: x\n",
        );
        let image = m
            .get("deployment")
            .and_then(|d| d.get("image"))
            .expect("image");
        assert_eq!(image.text(), Some("a:1"));
        assert_eq!((image.at.line, image.at.column), (1, 22));
    }
}
