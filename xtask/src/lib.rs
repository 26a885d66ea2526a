//! The library half of `cargo xtask`, so that tests can call what the commands do.

pub mod bench;
pub mod diff;
pub mod external;
pub mod render;
pub mod sample;
pub mod test;
pub mod yaml11;

use std::path::{Path, PathBuf};

/// How a command ended.
pub enum Failure {
    /// Stale output or a failed check: exit 1.
    Failed(String),
    /// Invalid input: exit 2; the message (each line prefixed with `error: `) on stderr.
    Invalid(String),
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
