//! The Kubernetes version a course's clusters run.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Kubernetes minor version, written `"1.26"` (a patch, `"1.26.5"`, is allowed and
/// ignored). What kubelab checks and what the pages say kubectl prints follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubernetesVersion {
    minor: u32,
}

impl KubernetesVersion {
    /// The oldest version kubelab knows the rules and the kubectl output of.
    pub const OLDEST: KubernetesVersion = KubernetesVersion { minor: 25 };
    /// The newest version kubelab knows the rules and the kubectl output of; also the
    /// default when a course does not say.
    pub const NEWEST: KubernetesVersion = KubernetesVersion { minor: 37 };

    /// Version 1.`minor`.
    pub const fn new(minor: u32) -> Self {
        KubernetesVersion { minor }
    }

    /// The minor version (26 for 1.26).
    pub const fn minor(self) -> u32 {
        self.minor
    }

    /// True for 1.25 to 1.37.
    pub fn is_supported(self) -> bool {
        (Self::OLDEST..=Self::NEWEST).contains(&self)
    }

    /// Parses `1.26` or `1.26.5`.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.trim_start_matches('v').strip_prefix("1.")?;
        let minor = rest.split('.').next()?;
        let patch_ok = rest
            .split('.')
            .skip(1)
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            && rest.split('.').count() <= 2;
        if minor.is_empty() || !minor.chars().all(|c| c.is_ascii_digit()) || !patch_ok {
            return None;
        }
        minor.parse().ok().map(Self::new)
    }
}

impl Default for KubernetesVersion {
    fn default() -> Self {
        Self::NEWEST
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

impl Serialize for KubernetesVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KubernetesVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        KubernetesVersion::parse(&text).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"a Kubernetes version such as \"1.26\"",
            )
        })
    }
}

impl JsonSchema for KubernetesVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "KubernetesVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A Kubernetes version such as \"1.26\" (1.25 to 1.37).",
            "type": "string",
            "pattern": "^v?1\\.[0-9]+(\\.[0-9]+)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_minor_and_patch_versions() {
        assert_eq!(
            KubernetesVersion::parse("1.26"),
            Some(KubernetesVersion::new(26))
        );
        assert_eq!(
            KubernetesVersion::parse("1.26.5"),
            Some(KubernetesVersion::new(26))
        );
        assert_eq!(
            KubernetesVersion::parse("v1.30"),
            Some(KubernetesVersion::new(30))
        );
        for bad in ["", "1", "2.1", "1.", "1.x", "1.26.", "1.26.5.1", "one"] {
            assert_eq!(KubernetesVersion::parse(bad), None, "{bad}");
        }
        assert!(KubernetesVersion::new(26).is_supported());
        assert!(!KubernetesVersion::new(24).is_supported());
        assert_eq!(KubernetesVersion::new(26).to_string(), "1.26");
    }
}
