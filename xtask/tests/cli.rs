//! The `cargo xtask render` command line: exit codes, `--check` diffs, `--out`, `--format`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn out_arg(dir: &Path) -> String {
    dir.display().to_string()
}

#[test]
fn render_then_check_passes_and_a_hand_edit_fails_with_a_diff() {
    let dir = tempdir();
    let out = out_arg(dir.path());
    let first = xtask(&["render", "--out", &out]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let again = xtask(&["render", "--out", &out, "--check"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));

    let file = dir.path().join("deploy_lb/deployment_lb.yaml");
    let original = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(&file, original.replace("replicas: 5", "replicas: 4")).ok();
    let stale = xtask(&["render", "--out", &out, "--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    let msg = text(&stale);
    assert!(msg.contains("-  replicas: 4\n+  replicas: 5"), "{msg}");
    assert!(msg.contains("deploy_lb/deployment_lb.yaml"), "{msg}");
    // --check wrote nothing.
    assert!(
        std::fs::read_to_string(&file)
            .unwrap_or_default()
            .contains("replicas: 4")
    );
}

#[test]
fn check_of_an_empty_directory_reports_every_file_missing() {
    let dir = tempdir();
    let o = xtask(&["render", "--out", &out_arg(dir.path()), "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("3 of 3 files"), "{}", text(&o));
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(1),
        0
    );
}

#[test]
fn json_format_writes_kubectl_lists() {
    let dir = tempdir();
    let o = xtask(&["render", "--out", &out_arg(dir.path()), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let json = std::fs::read_to_string(dir.path().join("deploy_hpa/deployment_hpa.json"))
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["kind"], "List");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(3));
}
