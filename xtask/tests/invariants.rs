//! ARCHITECTURE.md's invariants, each checked against the sources (the module graph's own
//! are in `module_graph.rs`, the pages' in `pages.rs`, the corpus's in the kubelab crate's
//! `tests/corpus.rs`). Each check reads the code as text, so it fails on the line that
//! breaks the invariant.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::Path;
use xtask::workspace_root;

/// Every `.rs` file under `dir` (relative path, code before any `#[cfg(test)]`).
fn sources(dir: &Path) -> Vec<(String, String)> {
    let files = xtask::rust_sources(dir).unwrap();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_owned();
            let rel = f
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, code)
        })
        .collect()
}

fn library() -> Vec<(String, String)> {
    sources(&workspace_root().join("crates/kubelab/src"))
}

/// `file:line: line` of every line of `files` that `hit` matches, outside comments.
fn lines(files: &[(String, String)], hit: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (file, code) in files {
        for (i, line) in code.lines().enumerate() {
            if hit(line.split("//").next().unwrap_or_default()) {
                found.push(format!("{file}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_core_does_no_io() {
    // course::load, the template loader and codegen touch the disk; nothing else.
    let allowed = |file: &str| {
        file.starts_with("codegen/") || file == "course/mod.rs" || file == "pages/templates.rs"
    };
    let files: Vec<(String, String)> = library().into_iter().filter(|(f, _)| !allowed(f)).collect();
    let io = lines(&files, |l| {
        [
            "std::fs::",
            "OpenOptions",
            "std::io::stdin",
            "std::process::Command",
            "std::env::var",
        ]
        .iter()
        .any(|p| l.contains(p))
    });
    assert!(
        io.is_empty(),
        "IO outside its three places:\n{}",
        io.join("\n")
    );
}

#[test]
fn the_library_picks_no_kubernetes_version() {
    let manifest =
        std::fs::read_to_string(workspace_root().join("crates/kubelab/Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|d| d.split("\n[").next())
        .unwrap();
    let k8s: Vec<&str> = dependencies
        .lines()
        .filter(|l| l.starts_with("k8s-openapi"))
        .collect();
    assert_eq!(k8s, ["k8s-openapi.workspace = true"]);
    let workspace = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let line = workspace
        .lines()
        .find(|l| l.starts_with("k8s-openapi ="))
        .unwrap();
    assert!(!line.contains("v1_") && !line.contains("latest"), "{line}");
}

#[test]
fn only_objects_builds_the_kubernetes_objects() {
    let files: Vec<(String, String)> = library()
        .into_iter()
        .filter(|(f, _)| !f.starts_with("objects/"))
        .collect();
    let built = lines(&files, |l| {
        [
            "apps::Deployment {",
            "core::Service {",
            "::HorizontalPodAutoscaler {",
            "core::Namespace {",
            "::NetworkPolicy {",
            "core::PodSpec {",
            "core::Container {",
        ]
        .iter()
        .any(|p| l.contains(p))
    });
    assert!(
        built.is_empty(),
        "objects built outside objects/:\n{}",
        built.join("\n")
    );
}

#[test]
fn no_rule_id_is_written_outside_its_declaration() {
    let mut files = library();
    files.retain(|(f, _)| !f.starts_with("rules/"));
    files.extend(sources(&workspace_root().join("crates/kubelab-cli/src")));
    let mut found = Vec::new();
    for rule in kubelab::Rule::ALL {
        let quoted = format!("\"{}\"", rule.id());
        found.extend(lines(&files, |l| l.contains(&quoted)));
    }
    assert!(
        found.is_empty(),
        "rule ids as strings:\n{}",
        found.join("\n")
    );
}

#[test]
fn library_messages_never_start_with_error() {
    // The command line adds the severity; what kubectl itself prints (quoted on the pages
    // from pages/kubectl.rs) is kubectl's.
    let files: Vec<(String, String)> = library()
        .into_iter()
        .filter(|(f, _)| f != "pages/kubectl.rs")
        .collect();
    let found: Vec<String> = lines(&files, |l| l.contains("\"error:") || l.contains("\"Error:"));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The string literals of `line` that name a file by its ending (`index.md`, `.yaml`).
fn file_names(line: &str) -> Vec<&str> {
    line.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            [".md", ".yaml", ".yml", ".json", ".svg"]
                .iter()
                .any(|e| s.ends_with(e))
        })
        .collect()
}

#[test]
fn only_layout_knows_where_a_generated_file_goes() {
    // Not places of generated files: the name a course text is parsed under, an imported
    // lab's `output` (a course value, placed by layout when the course renders) and a
    // look at the ending of a path layout chose.
    let allowed = [
        ("import/mod.rs", "course.yaml"),
        ("import/mod.rs", ".yaml"),
        ("import/mod.rs", "app.yaml"),
        ("pages/context.rs", ".json"),
    ];
    let files: Vec<(String, String)> = library()
        .into_iter()
        .filter(|(f, _)| f != "layout.rs")
        .collect();
    let mut found = Vec::new();
    for (file, code) in &files {
        for (i, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            if line.contains("include_str!") {
                continue;
            }
            for name in file_names(line) {
                if !allowed.contains(&(file.as_str(), name)) {
                    found.push(format!("{file}:{}: \"{name}\"", i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "file names outside layout.rs:\n{}",
        found.join("\n")
    );
    assert_eq!(
        file_names(r#"format!("{dir}/index.md"), "a", ".yaml", "x.svg""#),
        ["{dir}/index.md", ".yaml", "x.svg"]
    );
}
