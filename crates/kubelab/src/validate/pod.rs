//! The pod's volumes and their mounts, environment values from Secrets and ConfigMaps, the
//! node selector, and every object's annotations: the API server's rules for each (kubernetes
//! pkg/apis/core/validation/validation.go, named beside each check).

use super::Checker;
use super::at::At;
use crate::names;
use crate::quantity::Quantity;
use crate::rules::Rule;
use k8s_openapi::api::core::v1 as core;
use std::collections::{BTreeMap, BTreeSet};

/// `TotalAnnotationSizeLimitB`: 256 KiB for all of an object's annotations, keys and values
/// (k8s.io/apimachinery pkg/api/validation/objectmeta.go).
const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

/// An object's annotations (`ValidateAnnotations`): each key a qualified name, checked
/// lower-cased; all of them at most 256 KiB.
pub(crate) fn annotations(c: &mut Checker, field: &str, map: Option<&BTreeMap<String, String>>) {
    let Some(map) = map else {
        return;
    };
    let mut total = 0;
    for (key, value) in map {
        total += key.len() + value.len();
        if let Some(m) = names::qualified_name(&key.to_lowercase()) {
            c.flag(Rule::AnnotationKey, format!("{field}.{key}"), key)
                .says(m)
                .fix("use a key like `prometheus.io/scrape` or `example.com/owner`");
        }
    }
    if total > ANNOTATIONS_MAX_BYTES {
        c.flag(Rule::AnnotationKey, field, format!("{total} bytes"))
            .says(format!(
                "Too long: must have at most {ANNOTATIONS_MAX_BYTES} bytes"
            ))
            .fix("keep large data in a ConfigMap and mount it as a volume");
    }
}

/// A pod's volumes, node selector, and each container's env sources and mounts.
pub(crate) fn check(pod: &core::PodSpec, c: &mut Checker) {
    let at = At::new("spec.template.spec");
    if let Some(selector) = &pod.node_selector {
        super::service::labels(c, at.field("nodeSelector"), selector);
    }
    let volumes = volumes(pod.volumes.as_deref().unwrap_or_default(), c);
    let containers = at.field("containers");
    for (i, k) in pod.containers.iter().enumerate() {
        let container = containers.index(i);
        for (j, e) in k.env.iter().flatten().enumerate() {
            let env = container.field("env");
            let var = env.index(j);
            if let Some(from) = &e.value_from {
                value_from(c, var.field("valueFrom"), e, from);
            }
        }
        mounts(
            c,
            container.field("volumeMounts"),
            k.volume_mounts.as_deref().unwrap_or_default(),
            &volumes,
        );
    }
}

/// `ValidateVolumes`: each name a DNS-1123 label, used once; each source valid. Returns the
/// names a mount may refer to.
fn volumes<'a>(volumes: &'a [core::Volume], c: &mut Checker) -> BTreeSet<&'a str> {
    let list = At::new("spec.template.spec.volumes");
    let mut names = BTreeSet::new();
    for (i, v) in volumes.iter().enumerate() {
        let at = list.index(i);
        let problem = if v.name.is_empty() {
            Some("Required value".to_owned())
        } else if let Some(m) = names::dns1123_label(&v.name) {
            Some(m)
        } else if names.contains(v.name.as_str()) {
            Some("Duplicate value".to_owned())
        } else {
            None
        };
        match problem {
            Some(m) => {
                c.flag(Rule::VolumeName, at.field("name"), &v.name)
                    .says(m)
                    .fix("name each volume once, with lower-case letters, digits and inner dashes (`config`)");
            }
            None => {
                names.insert(v.name.as_str());
            }
        }
        source(c, at, v);
    }
    names
}

/// `validateVolumeSource` for the types a course file writes (a patch may add others,
/// which count as a type each).
fn source(c: &mut Checker, at: At<'_>, v: &core::Volume) {
    let value = serde_json::to_value(v).unwrap_or_default();
    let types = value
        .as_object()
        .map(|o| o.keys().filter(|k| *k != "name").count())
        .unwrap_or_default();
    if types != 1 {
        let says = if types == 0 {
            "Required value: must specify a volume type"
        } else {
            "Forbidden: may not specify more than 1 volume type"
        };
        c.flag(Rule::VolumeSource, at, &v.name)
            .says(says)
            .fix("give the volume exactly one of `configMap`, `secret` and `emptyDir`");
    }
    if let Some(cm) = &v.config_map {
        let cm_at = at.field("configMap");
        if cm.name.is_empty() {
            c.flag(Rule::VolumeSource, cm_at.field("name"), "\"\"")
                .says("Required value")
                .fix("name the ConfigMap");
        }
        items(c, cm_at, cm.items.as_deref().unwrap_or_default());
    }
    if let Some(secret) = &v.secret {
        let s_at = at.field("secret");
        if secret.secret_name.as_deref().unwrap_or_default().is_empty() {
            c.flag(Rule::VolumeSource, s_at.field("secretName"), "\"\"")
                .says("Required value")
                .fix("name the Secret in `secretName`");
        }
        items(c, s_at, secret.items.as_deref().unwrap_or_default());
    }
    if let Some(limit) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
        let bad = match Quantity::parse(&limit.0) {
            Ok(q) => (q.nanos < 0).then_some("must be greater than or equal to 0"),
            Err(_) => Some("must be a quantity such as `1Gi`"),
        };
        if let Some(m) = bad {
            c.flag(
                Rule::VolumeSource,
                at.field("emptyDir").field("sizeLimit"),
                &limit.0,
            )
            .says(m)
            .fix("write the size as a quantity, such as `512Mi` or `1Gi`");
        }
    }
}

/// `validateKeyToPath`: a key and a relative path without `..`.
fn items(c: &mut Checker, at: At<'_>, items: &[core::KeyToPath]) {
    let list = at.field("items");
    for (i, item) in items.iter().enumerate() {
        let item_at = list.index(i);
        if item.key.is_empty() {
            c.flag(Rule::VolumeSource, item_at.field("key"), "\"\"")
                .says("Required value")
                .fix("name the key to project");
        }
        let problem = if item.path.is_empty() {
            Some("Required value")
        } else {
            local_path(&item.path).or_else(|| {
                item.path
                    .starts_with("..")
                    .then_some("must not start with '..'")
            })
        };
        if let Some(m) = problem {
            c.flag(Rule::VolumeSource, item_at.field("path"), &item.path)
                .says(m)
                .fix("give a relative file name inside the volume, such as `config.yaml`");
        }
    }
}

/// `validateLocalDescendingPath`: relative, and no `..` element.
fn local_path(path: &str) -> Option<&'static str> {
    if path.starts_with('/') {
        Some("must be a relative path")
    } else if path.split('/').any(|p| p == "..") {
        Some("must not contain '..'")
    } else {
        None
    }
}

/// `ValidateVolumeMounts`: a volume of the pod, a mount path of its own, a relative subPath.
fn mounts(c: &mut Checker, at: At<'_>, mounts: &[core::VolumeMount], volumes: &BTreeSet<&str>) {
    let mut paths = BTreeSet::new();
    for (i, m) in mounts.iter().enumerate() {
        let m_at = at.index(i);
        if !volumes.contains(m.name.as_str()) {
            let known: Vec<&str> = volumes.iter().copied().collect();
            c.flag(Rule::VolumeMount, m_at.field("name"), &m.name)
                .says("Not found: the pod has no volume of this name")
                .fix(if known.is_empty() {
                    "add the volume to `volumes`".to_owned()
                } else {
                    format!("use one of the pod's volumes: {}", known.join(", "))
                });
        }
        let problem = if m.mount_path.is_empty() {
            Some("Required value")
        } else if !paths.insert(m.mount_path.as_str()) {
            Some("must be unique")
        } else {
            None
        };
        if let Some(says) = problem {
            c.flag(Rule::VolumeMount, m_at.field("mountPath"), &m.mount_path)
                .says(says)
                .fix("mount each volume at a folder of its own, such as `/etc/app`");
        }
        if let Some(says) = m.sub_path.as_deref().and_then(local_path) {
            c.flag(
                Rule::VolumeMount,
                m_at.field("subPath"),
                m.sub_path.as_deref().unwrap_or_default(),
            )
            .says(says)
            .fix("give a path inside the volume, relative and without `..`");
        }
    }
}

/// `validateEnvVarValueFrom`: exactly one source, no `value` beside it; each key selector
/// with a name and a valid key (`validateSecretKeySelector`, `validateConfigMapKeySelector`).
fn value_from(c: &mut Checker, at: At<'_>, e: &core::EnvVar, from: &core::EnvVarSource) {
    let sources = [
        from.field_ref.is_some(),
        from.resource_field_ref.is_some(),
        from.config_map_key_ref.is_some(),
        from.secret_key_ref.is_some(),
    ]
    .into_iter()
    .filter(|s| *s)
    .count();
    let problem = match sources {
        0 => Some(
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
        1 if e.value.as_deref().is_some_and(|v| !v.is_empty()) => {
            Some("may not be specified when `value` is not empty")
        }
        1 => None,
        _ => Some("may not have more than one field specified at a time"),
    };
    if let Some(says) = problem {
        c.flag(Rule::EnvValueFrom, at, &e.name).says(says).fix(
            "give `valueFrom` one of `secretKeyRef` and `configMapKeyRef`, and remove `value`",
        );
    }
    let selectors = [
        (
            "secretKeyRef",
            from.secret_key_ref.as_ref().map(|s| (&s.name, &s.key)),
        ),
        (
            "configMapKeyRef",
            from.config_map_key_ref.as_ref().map(|s| (&s.name, &s.key)),
        ),
    ];
    for (field, selector) in selectors {
        let Some((name, key)) = selector else {
            continue;
        };
        let s_at = at.field(field);
        if name.is_empty() {
            c.flag(Rule::EnvValueFrom, s_at.field("name"), "\"\"")
                .says("Required value")
                .fix("name the Secret or ConfigMap");
        }
        let problem = if key.is_empty() {
            Some("Required value".to_owned())
        } else {
            config_map_key(key)
        };
        if let Some(says) = problem {
            c.flag(Rule::EnvValueFrom, s_at.field("key"), key)
                .says(says)
                .fix("use the key as the object lists it: letters, digits, `-`, `_` and `.`");
        }
    }
}

/// apimachinery `IsConfigMapKey`: at most 253 of `[-._a-zA-Z0-9]`, not `.`, not starting
/// with `..`.
fn config_map_key(key: &str) -> Option<String> {
    if key.len() > 253 {
        return Some("must be no more than 253 characters".to_owned());
    }
    if !key
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        return Some(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' \
             (e.g. 'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is \
             '[-._a-zA-Z0-9]+')"
                .to_owned(),
        );
    }
    match key {
        "." => Some("must not be '.'".to_owned()),
        ".." => Some("must not be '..'".to_owned()),
        _ if key.starts_with("..") => Some("must not start with '..'".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_map_keys_as_apimachinery_reads_them() {
        for good in ["key", "KEY_NAME", "key.name", "a-b", ".hidden"] {
            assert_eq!(config_map_key(good), None, "{good}");
        }
        for bad in [".", "..", "..x", "a/b", "a b", &"k".repeat(254)] {
            assert!(config_map_key(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn local_paths_are_relative_and_do_not_climb() {
        assert_eq!(local_path("conf/app.yaml"), None);
        assert!(local_path("/etc/x").is_some());
        assert!(local_path("a/../../x").is_some());
    }
}
