//! `kubelab --help` and each subcommand's `--help`, held against committed snapshots
//! (`tests/snapshots/`), so that a change to what users read is a reviewed change. After
//! an intended change, `KUBELAB_UPDATE_SNAPSHOTS=1 cargo test -p kubelab-cli --test help`
//! rewrites them; review the diff before committing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_help_text_is_the_reviewed_one() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("KUBELAB_UPDATE_SNAPSHOTS").is_some();
    let mut changed = Vec::new();
    for command in ["", "render", "init", "import", "schema", "diff", "explain"] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubelab"));
        if !command.is_empty() {
            cmd.arg(command);
        }
        let out = cmd.arg("--help").env_remove("COLUMNS").output().unwrap();
        assert!(out.status.success(), "{command} --help");
        let text = String::from_utf8(out.stdout).unwrap();
        let name = if command.is_empty() {
            "kubelab"
        } else {
            command
        };
        let file = dir.join(format!("{name}.help.txt"));
        if update {
            std::fs::write(&file, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&file).unwrap_or_default();
        if expected != text {
            changed.push(format!(
                "{}:\n{}",
                file.display(),
                similar_diff(&expected, &text)
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "help changed (KUBELAB_UPDATE_SNAPSHOTS=1 rewrites the snapshots):\n{}",
        changed.join("\n")
    );
}

/// The lines only one side has, marked `-` (snapshot) and `+` (now).
fn similar_diff(old: &str, new: &str) -> String {
    let mut out = String::new();
    for line in old.lines().filter(|l| !new.lines().any(|n| n == *l)) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in new.lines().filter(|l| !old.lines().any(|o| o == *l)) {
        out.push_str(&format!("+ {line}\n"));
    }
    out
}
