//! The library half of `cargo xtask`, so that tests can call what the commands do.

pub mod bench;
pub mod checkov;
pub mod diff;
pub mod external;
pub mod fuzz;
pub mod man;
pub mod package;
pub mod render;
pub mod sample;
pub mod test;
pub mod yaml11;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository README's Rust examples compile and run as doc tests, as a reader pastes
/// them.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// How a command ended.
pub enum Failure {
    /// Stale output or a failed check: exit 1.
    Failed(String),
    /// Invalid input: exit 2; the message (each line prefixed with `error: `) on stderr.
    Invalid(String),
    /// What the `kubelab` command's code returned, with its own exit code.
    Cli(kubelab_cli::Failure),
}

impl From<kubelab_cli::Failure> for Failure {
    fn from(f: kubelab_cli::Failure) -> Self {
        Failure::Cli(f)
    }
}

/// The workspace root (the parent of `xtask/`), found when the command runs: `cargo run`
/// (and so `cargo xtask`) sets `CARGO_MANIFEST_DIR` to `xtask/`; a copy of the binary run
/// elsewhere falls back to where it was built.
pub fn workspace_root() -> PathBuf {
    let xtask = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("Cargo.toml").is_file() && dir.ends_with("xtask"))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    xtask
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs `cmd` to its end; a failure to start it or a non-zero exit is a [`Failure`] naming
/// the command.
pub fn run(cmd: &mut Command) -> Result<(), Failure> {
    let status = cmd
        .status()
        .map_err(|e| Failure::Failed(format!("cannot run {cmd:?}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::Failed(format!("{cmd:?} failed ({status})")))
    }
}

/// Runs `cargo <args>` in the workspace (the cargo that runs xtask), echoing the command.
pub fn cargo(args: &[&str]) -> Result<(), Failure> {
    cargo_with(args, &[])
}

/// [`cargo`] with environment variables set (an empty value removes the variable).
pub fn cargo_with(args: &[&str], env: &[(&str, &str)]) -> Result<(), Failure> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let shown: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    println!("==> {}cargo {}", shown.concat(), args.join(" "));
    let mut command = Command::new(&cargo);
    for (key, value) in env {
        if value.is_empty() {
            command.env_remove(key);
        } else {
            command.env(key, value);
        }
    }
    run(command.args(args).current_dir(workspace_root()))
}

/// Cargo's target folder for this workspace, as `cargo metadata` reports it: `target/`,
/// or wherever `CARGO_TARGET_DIR` (or a `build.target-dir` setting) puts it. Asked once;
/// `target/` under the workspace when cargo cannot be asked.
pub fn target_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(workspace_root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
            .and_then(|v| v["target_directory"].as_str().map(PathBuf::from))
            .unwrap_or_else(|| workspace_root().join("target"))
    })
    .clone()
}

/// Every `.rs` file under `dir`, sorted (for the tests that read the sources: the module
/// graph and the architecture invariants).
pub fn rust_sources(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
