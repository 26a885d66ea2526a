//! How much a lab's objects are hardened.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The objects' security profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The objects as the course writes them, and nothing more: what the course's
    /// original manifests hold.
    #[default]
    Plain,
    /// The objects meet the Pod Security Standards' *restricted* profile and the usual
    /// scanner checks: a non-root user, no privilege escalation, no capabilities, the
    /// RuntimeDefault seccomp profile, a read-only root filesystem (with `writablePaths`),
    /// no service-account token, a liveness probe, ephemeral-storage requests and limits,
    /// the course's `namespace`, and a NetworkPolicy that admits traffic to the app's
    /// ports only.
    Hardened,
}

impl Profile {
    /// `plain` or `hardened`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Plain => "plain",
            Profile::Hardened => "hardened",
        }
    }
}
