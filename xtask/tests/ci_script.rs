//! `.ci/run` is a valid bash script whose test command is the README's: a broken CI script
//! would otherwise be found only by CI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::process::Command;
use xtask::workspace_root;

#[test]
fn the_ci_script_parses_and_runs_the_readmes_test_command() {
    let script = workspace_root().join(".ci/run");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let text = std::fs::read_to_string(&script).unwrap();
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    // The README's second command, the one that runs every test.
    let test_command = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.lines().nth(1))
        .and_then(|line| line.split('#').next())
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(test_command, "cargo xtask test");
    let commands: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.starts_with("cargo "))
        .collect();
    assert_eq!(commands, [test_command.as_str()], "{text}");
}
