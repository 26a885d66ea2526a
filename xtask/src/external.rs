//! Independent checks with real Kubernetes tooling: kubernetes-validate (the official
//! OpenAPI schemas) in strict mode, installed into a virtualenv under `target/`.

use crate::{Failure, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pinned so that a CI run is reproducible.
const KUBERNETES_VALIDATE: &str = "kubernetes-validate==1.37.0";
/// The oldest and newest Kubernetes versions kubelab supports: random labs must pass both,
/// so that nothing newer than the oldest is ever emitted.
pub const OLDEST_AND_NEWEST: &[&str] = &["1.25.0", "1.37.0"];

/// The versions a course is checked for: its declared version and the newest.
pub fn course_versions(course: &kubelab::spec::Course) -> Vec<String> {
    let declared = format!("{}.0", course.cluster.kubernetes_version);
    let newest = format!("{}.0", kubelab::spec::KubernetesVersion::NEWEST);
    let mut versions = vec![declared, newest];
    versions.dedup();
    versions
}

fn failed(msg: impl Into<String>) -> Failure {
    Failure::Failed(msg.into())
}

/// The venv's `kubernetes-validate`, installing it first when missing.
pub fn validator() -> Result<PathBuf, Failure> {
    python_tool(
        "kubernetes-validate-venv",
        KUBERNETES_VALIDATE,
        "kubernetes-validate",
    )
}

/// The command `exe` of the pip package `spec` (pinned), installed into
/// `target/<venv>` on first use.
pub fn python_tool(venv: &str, spec: &str, exe: &str) -> Result<PathBuf, Failure> {
    let venv = crate::target_dir().join(venv);
    let exe = venv.join("bin").join(exe);
    let stamp = venv.join("installed.txt");
    if exe.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(spec) {
        return Ok(exe);
    }
    println!("==> installing {spec} into {}", venv.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run(Command::new(&python).arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        spec,
    ]))?;
    std::fs::write(&stamp, spec)
        .map_err(|e| failed(format!("cannot write {}: {e}", stamp.display())))?;
    Ok(exe)
}

/// Every `.yaml` file under `dir`, sorted.
pub fn manifests(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let files = kubelab::codegen::files_under(dir).map_err(|e| failed(e.to_string()))?;
    Ok(files
        .into_iter()
        .filter(|f| f.ends_with(".yaml"))
        .map(|f| dir.join(f))
        .collect())
}

fn is_pass(line: &str) -> bool {
    line.starts_with("INFO") && line.contains(" passed ")
}

/// Validates `files` strictly for each of `versions`. Any line that is not a plain
/// "passed" (a failure, a warning, "no schema for kind") is a finding and fails the check.
pub fn validate_files(files: &[PathBuf], versions: &[String]) -> Result<usize, Failure> {
    let exe = validator()?;
    let mut checked = 0;
    for version in versions {
        for chunk in files.chunks(200) {
            let output = Command::new(&exe)
                .args(["--strict", "-k", version])
                .args(chunk)
                .output()
                .map_err(|e| failed(format!("cannot run kubernetes-validate: {e}")))?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let findings: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !is_pass(l))
                .collect();
            checked += text.lines().filter(|l| is_pass(l)).count();
            if !output.status.success() || !findings.is_empty() {
                return Err(failed(format!(
                    "kubernetes-validate --strict -k {version} reported:\n{}",
                    findings.join("\n")
                )));
            }
        }
    }
    Ok(checked)
}

/// Validates every manifest under `dir` for each of `versions`.
pub fn kubernetes_validate(dir: &Path, versions: &[String]) -> Result<(), Failure> {
    let files = manifests(dir)?;
    if files.is_empty() {
        return Err(failed(format!("no manifests under {}", dir.display())));
    }
    println!(
        "==> kubernetes-validate --strict on {} files for Kubernetes {}",
        files.len(),
        versions.join(", ")
    );
    let passed = validate_files(&files, versions)?;
    println!("kubernetes-validate: {passed} objects passed, 0 findings");
    Ok(())
}

/// Reads every YAML file in `pairs` with PyYAML (a YAML 1.1 reader, as kubectl's is) and
/// compares the documents with the JSON `List` rendered from the same objects.
pub fn yaml11_roundtrip(pairs: &[(PathBuf, PathBuf)]) -> Result<(), Failure> {
    let exe = validator()?;
    let python = exe.with_file_name("python");
    let script = r#"
import json, sys, yaml
bad = 0
for i in range(1, len(sys.argv), 2):
    docs = [d for d in yaml.safe_load_all(open(sys.argv[i])) if d is not None]
    items = json.load(open(sys.argv[i + 1]))["items"]
    if docs != items:
        bad += 1
        print("YAML 1.1 reads", sys.argv[i], "differently from its JSON")
sys.exit(1 if bad else 0)
"#;
    let mut cmd = Command::new(python);
    cmd.arg("-c").arg(script);
    for (yaml, json) in pairs {
        cmd.arg(yaml).arg(json);
    }
    run(&mut cmd)
}
