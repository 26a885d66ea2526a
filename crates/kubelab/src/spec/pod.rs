//! What a real app's pod needs beyond its image and ports: secrets to pull the image with,
//! environment values from a Secret or ConfigMap, volumes and where they are mounted.
//! Kubernetes field names and shapes, so a manifest's section can be copied in as it is.

use schemars::JsonSchema;
use serde::Deserialize;

/// A Secret the kubelet pulls the image with (`imagePullSecrets[].name`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PullSecret {
    /// The Secret's name, in the lab's namespace.
    #[schemars(length(max = 253), regex(pattern = crate::spec::formats::DNS1123_SUBDOMAIN))]
    pub name: String,
}

impl<S: Into<String>> From<S> for PullSecret {
    fn from(name: S) -> Self {
        PullSecret { name: name.into() }
    }
}

/// One key of a Secret or ConfigMap (`secretKeyRef`, `configMapKeyRef`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyRef {
    /// The Secret's or ConfigMap's name.
    pub name: String,
    /// The key whose value the variable takes.
    pub key: String,
    /// True: the pod starts even when the object or the key is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

impl KeyToPath {
    /// The key `key` of the Secret or ConfigMap, as the file `path` of the volume.
    pub fn new(key: impl Into<String>, path: impl Into<String>) -> Self {
        KeyToPath {
            key: key.into(),
            path: path.into(),
        }
    }
}

impl KeyRef {
    /// Key `key` of object `name`.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        KeyRef {
            name: name.into(),
            key: key.into(),
            optional: None,
        }
    }
}

/// Where an environment variable's value comes from (`valueFrom`): exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct EnvSource {
    /// A key of a Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key_ref: Option<KeyRef>,
    /// A key of a ConfigMap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_key_ref: Option<KeyRef>,
}

/// A file a ConfigMap or Secret volume projects one key to (`items[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyToPath {
    /// The key.
    pub key: String,
    /// The file's path inside the volume (relative, without `..`).
    pub path: String,
}

/// A volume of a ConfigMap's keys (`configMap`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ConfigMapVolume {
    /// The ConfigMap's name.
    pub name: String,
    /// The keys to project, each to a file; every key, each to a file of its name, when unset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<KeyToPath>,
    /// True: the pod starts even when the ConfigMap is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// A volume of a Secret's keys (`secret`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SecretVolume {
    /// The Secret's name.
    pub secret_name: String,
    /// The keys to project, each to a file; every key when unset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<KeyToPath>,
    /// True: the pod starts even when the Secret is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// An empty folder that lives as long as the pod (`emptyDir`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct EmptyDirVolume {
    /// `Memory` for a tmpfs; the node's disk when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// The most it may hold, as a quantity (`1Gi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_limit: Option<String>,
}

/// A volume of the pod: exactly one of `configMap`, `secret` and `emptyDir`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Volume {
    /// The volume's name (a DNS-1123 label), which `volumeMounts` refer to.
    pub name: String,
    /// A ConfigMap's keys as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Option<ConfigMapVolume>,
    /// A Secret's keys as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretVolume>,
    /// An empty folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<EmptyDirVolume>,
}

impl Volume {
    /// A volume `name` of ConfigMap `config_map`'s keys.
    pub fn config_map(name: impl Into<String>, config_map: impl Into<String>) -> Self {
        Volume {
            config_map: Some(ConfigMapVolume {
                name: config_map.into(),
                items: Vec::new(),
                optional: None,
            }),
            ..Volume::named(name)
        }
    }

    /// A volume `name` of Secret `secret`'s keys.
    pub fn secret(name: impl Into<String>, secret: impl Into<String>) -> Self {
        Volume {
            secret: Some(SecretVolume {
                secret_name: secret.into(),
                items: Vec::new(),
                optional: None,
            }),
            ..Volume::named(name)
        }
    }

    /// An empty folder `name`.
    pub fn empty_dir(name: impl Into<String>) -> Self {
        Volume {
            empty_dir: Some(EmptyDirVolume::default()),
            ..Volume::named(name)
        }
    }

    fn named(name: impl Into<String>) -> Self {
        Volume {
            name: name.into(),
            config_map: None,
            secret: None,
            empty_dir: None,
        }
    }
}

/// Where the container sees a volume (`volumeMounts[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct VolumeMount {
    /// The volume's name, one of `volumes`.
    pub name: String,
    /// The folder in the container (absolute).
    pub mount_path: String,
    /// True: the container cannot write to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// A path inside the volume to mount instead of its top (relative, without `..`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
}

impl VolumeMount {
    /// Volume `name` at `mount_path`.
    pub fn new(name: impl Into<String>, mount_path: impl Into<String>) -> Self {
        VolumeMount {
            name: name.into(),
            mount_path: mount_path.into(),
            read_only: None,
            sub_path: None,
        }
    }
}
