//! The `cargo xtask render` command line: exit codes, `--check` diffs, `--out`, `--format`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use pretty_assertions::assert_eq;
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
    // Counted as a render counts them (12 files written), the list said apart.
    assert!(
        text(&o).contains("12 of 12 files")
            && text(&o).contains("(and the list of them, .kubelab-files)"),
        "{}",
        text(&o)
    );
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

/// An edit of the repo's course file.
type Edit = fn(&str) -> String;

fn bad_config(dir: &Path, edit: impl Fn(&str) -> String) -> String {
    let text = std::fs::read_to_string(xtask::render::default_config()).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    let path = dir.join("course.yaml");
    std::fs::write(&path, edited).unwrap();
    path.display().to_string()
}

#[test]
fn invalid_course_files_exit_2_with_location_and_path_and_write_nothing() {
    let cases: [(&str, Edit, &str); 3] = [
        (
            "unknown key",
            |t| t.replace("  - id: lb\n", "  - id: lb\n    colour: blue\n"),
            "labs[1].colour: unknown field `colour`",
        ),
        (
            "wrong type",
            |t| t.replace("replicas: 5", "replicas: five"),
            "labs[1].deployment.replicas: is the text \"five\", where a whole number goes",
        ),
        (
            "misspelt field",
            |t| t.replace("    successThreshold: 3", "    sucessThreshold: 3"),
            "did you mean `successThreshold`?",
        ),
    ];
    for (name, edit, expected) in cases {
        let src = tempdir();
        let out = tempdir();
        let config = bad_config(src.path(), edit);
        let o = xtask(&["render", "--config", &config, "--out", &out_arg(out.path())]);
        let msg = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(msg.contains(expected), "{name}: {msg}");
        assert!(
            msg.contains("course.yaml:"),
            "{name}: no file:line:column in {msg}"
        );
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            0,
            "{name}: wrote files"
        );
    }
}

#[test]
fn changing_replicas_in_the_course_file_changes_exactly_that_line() {
    let src = tempdir();
    let (before, after) = (tempdir(), tempdir());
    let original = src.path().join("original.yaml");
    std::fs::copy(xtask::render::default_config(), &original).unwrap();
    let edited = bad_config(src.path(), |t| t.replace("replicas: 5", "replicas: 3"));
    for (config, out) in [(original.display().to_string(), &before), (edited, &after)] {
        let o = xtask(&["render", "--config", &config, "--out", &out_arg(out.path())]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    for lab in [
        "deploy_k8s/deployment_k8s.yaml",
        "deploy_lb/deployment_lb.yaml",
        "deploy_hpa/deployment_hpa.yaml",
    ] {
        let a = std::fs::read_to_string(before.path().join(lab)).unwrap();
        let b = std::fs::read_to_string(after.path().join(lab)).unwrap();
        let changed: Vec<(usize, &str, &str)> = a
            .lines()
            .zip(b.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| (i, x, y))
            .collect();
        let changed: Vec<(&str, &str)> = changed
            .iter()
            .filter(|(i, _, _)| *i > 0) // the header names the source file
            .map(|(_, x, y)| (*x, *y))
            .collect();
        let expected = if lab.starts_with("deploy_lb") {
            vec![("  replicas: 5", "  replicas: 3")]
        } else {
            vec![]
        };
        assert_eq!(changed, expected, "{lab}");
        assert_eq!(a.lines().count(), b.lines().count());
    }
}

#[test]
fn the_bench_worker_runs_every_scenario() {
    // Not a timing test: the benchmark's code paths work and report sane figures.
    for (scenario, n) in [
        ("course", "0"),
        ("render", "0"),
        ("course-serde", "0"),
        ("variants", "20"),
        ("variants-serde", "20"),
    ] {
        let o = xtask(&["bench-worker", scenario, n, "--runs", "1"]);
        assert_eq!(o.status.code(), Some(0), "{scenario}: {}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        let fields: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(fields.len(), 5, "{out}");
        assert!(
            fields[4].parse::<usize>().unwrap() > 0,
            "{scenario} produced no output"
        );
    }
}

#[test]
fn man_pages_are_written_for_the_command_and_each_subcommand() {
    let dir = tempdir();
    let o = xtask(&["man", "--out", &out_arg(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for name in [
        "kubelab",
        "kubelab-render",
        "kubelab-explain",
        "kubelab-completion",
    ] {
        let page = std::fs::read_to_string(dir.path().join(format!("{name}.1"))).unwrap();
        assert!(page.contains(&format!(".TH {name} 1")), "{name}:\n{page}");
    }
}
