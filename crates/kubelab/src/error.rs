//! The library's error type.

use crate::codegen::CodegenError;

/// Anything that stops a render. Each variant's message names the field, the rule and the
/// fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing or checking generated files failed.
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    /// An object could not be serialized (not expected for well-formed objects).
    #[error("cannot serialize a Kubernetes object: {0}")]
    Serialize(#[from] serde_json::Error),
}
