//! The pod's parts beyond the container's image, ports and probes: environment values from
//! Secrets and ConfigMaps, volumes and their mounts.

use crate::spec::{EnvVar, KeyRef, KeyToPath, Volume, VolumeMount};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

pub(super) fn env_var(e: &EnvVar) -> core::EnvVar {
    let from = e.value_from.as_ref();
    core::EnvVar {
        name: e.name.clone(),
        // Kubernetes reads a missing value as empty (its `value` is `omitempty`): a variable
        // taken from a Secret or ConfigMap writes none.
        value: (from.is_none() || !e.value.is_empty()).then(|| e.value.clone()),
        value_from: from.map(|f| core::EnvVarSource {
            secret_key_ref: f.secret_key_ref.as_ref().map(|r| core::SecretKeySelector {
                name: r.name.clone(),
                key: r.key.clone(),
                optional: r.optional,
            }),
            config_map_key_ref: f.config_map_key_ref.as_ref().map(|r: &KeyRef| {
                core::ConfigMapKeySelector {
                    name: r.name.clone(),
                    key: r.key.clone(),
                    optional: r.optional,
                }
            }),
            ..core::EnvVarSource::default()
        }),
    }
}

fn items(items: &[KeyToPath]) -> Option<Vec<core::KeyToPath>> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(|i| core::KeyToPath {
                key: i.key.clone(),
                path: i.path.clone(),
                ..core::KeyToPath::default()
            })
            .collect()
    })
}

pub(super) fn volume(v: &Volume) -> core::Volume {
    core::Volume {
        name: v.name.clone(),
        config_map: v.config_map.as_ref().map(|c| core::ConfigMapVolumeSource {
            name: c.name.clone(),
            items: items(&c.items),
            optional: c.optional,
            ..core::ConfigMapVolumeSource::default()
        }),
        secret: v.secret.as_ref().map(|s| core::SecretVolumeSource {
            secret_name: Some(s.secret_name.clone()),
            items: items(&s.items),
            optional: s.optional,
            ..core::SecretVolumeSource::default()
        }),
        empty_dir: v.empty_dir.as_ref().map(|e| {
            // Field by field: newer Kubernetes versions give the source more fields.
            let mut source = core::EmptyDirVolumeSource::default();
            source.medium.clone_from(&e.medium);
            source.size_limit = e.size_limit.clone().map(Quantity);
            source
        }),
        ..core::Volume::default()
    }
}

pub(super) fn volume_mount(m: &VolumeMount) -> core::VolumeMount {
    core::VolumeMount {
        name: m.name.clone(),
        mount_path: m.mount_path.clone(),
        read_only: m.read_only,
        sub_path: m.sub_path.clone(),
        ..core::VolumeMount::default()
    }
}
