//! `cargo xtask bench --instructions`: instructions per run of a scenario, counted by
//! valgrind's callgrind. Counts barely move between runs or machines, so their ratio is
//! the steady one where wall-clock medians of sub-millisecond work drift.
//!
//! A worker process also starts up, loads the course and warms up; that fixed cost is
//! removed by running the scenario `2n` and `n` times and taking the difference over `n`.

use super::failed;
use crate::Failure;
use std::path::Path;
use std::process::Command;

/// Instructions one run of the worker took (all of the process, start to exit).
fn collected(exe: &Path, scenario: &str, runs: usize) -> Result<u64, Failure> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["bench-worker", scenario, "0", "--runs", &runs.to_string()])
        .output()
        .map_err(|e| {
            failed(format!(
                "cannot run valgrind ({e}); fix: install it (`apt-get install valgrind`) or \
                 leave out --instructions"
            ))
        })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(failed(format!("valgrind failed: {stderr}")));
    }
    stderr
        .lines()
        .find_map(|l| l.split_once("Collected : ")?.1.trim().parse().ok())
        .ok_or_else(|| {
            failed(format!(
                "no instruction count in valgrind's output: {stderr}"
            ))
        })
}

/// Instructions per run of `scenario`, fixed process costs removed.
pub(crate) fn per_run(exe: &Path, scenario: &str, runs: usize) -> Result<u64, Failure> {
    let once = collected(exe, scenario, runs)?;
    let twice = collected(exe, scenario, 2 * runs)?;
    Ok(twice.saturating_sub(once) / runs as u64)
}
