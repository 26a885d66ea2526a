//! The checks that kubelab works for others: the packaged crate builds and passes its tests
//! and doctests on its own, its docs build without a warning, a consumer that picks
//! k8s-openapi's `latest` (with kube) builds and writes pages, and `kubelab render -o -`
//! is one stream that the Kubernetes schemas (and kubectl's reader, when kubectl is
//! installed) take.

use crate::{Failure, external, workspace_root};
use crate::{cargo, cargo_with};
use std::path::Path;
use std::process::Command;

/// The Kubernetes version a command that builds the library alone (no dev-dependencies)
/// gives k8s-openapi, as its build script asks of libraries.
const LIBRARY_ALONE: (&str, &str) = ("K8S_OPENAPI_ENABLED_VERSION", "1.33");

/// `cargo package`, then the packaged crate's own tests and doctests.
pub fn packaged_crate() -> Result<(), Failure> {
    // A fresh package folder: cargo would verify against stale unpacked sources.
    let _ = std::fs::remove_dir_all(crate::target_dir().join("package"));
    // kubelab-cli is not packaged here: cargo verifies a crate against its dependencies as
    // a registry would serve them, and caches that unpacked copy of unpublished kubelab
    // under CARGO_HOME across runs, stale after the first.
    cargo_with(
        &["package", "-p", "kubelab", "--allow-dirty"],
        &[LIBRARY_ALONE],
    )?;
    let packaged = crate::target_dir().join("package");
    let version = env!("CARGO_PKG_VERSION");
    let crate_file = packaged.join(format!("kubelab-{version}.crate"));
    // Outside the workspace (a crate under it would be taken for a member), and not
    // target/package/kubelab-<version>, where cargo verifies.
    let tested = std::env::temp_dir().join("kubelab-package-test");
    let unpacked = tested.join(format!("kubelab-{version}"));
    let _ = std::fs::remove_dir_all(&tested);
    std::fs::create_dir_all(&tested).map_err(|e| Failure::Failed(e.to_string()))?;
    // `m`: files get the time of extraction, not the packaged (fixed) one, so that cargo
    // sees them as newer than the last run's build of the previous package.
    crate::run(
        Command::new("tar")
            .arg("xzmf")
            .arg(&crate_file)
            .current_dir(&tested),
    )?;
    for required in [
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "templates/lab.md.j2",
    ] {
        if !unpacked.join(required).is_file() {
            return Err(Failure::Failed(format!(
                "the packaged crate has no {required}"
            )));
        }
    }
    let manifest = unpacked.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    // The workspace's target folder: the packaged crate's dependencies are built already.
    cargo_with(
        &["test", "--manifest-path", &manifest],
        &[("CARGO_TARGET_DIR", &crate::target_dir().to_string_lossy())],
    )
}

/// `cargo doc` of the two crates with rustdoc warnings denied.
pub fn docs() -> Result<(), Failure> {
    cargo_with(
        &["doc", "--no-deps", "-p", "kubelab", "-p", "kubelab-cli"],
        &[("RUSTDOCFLAGS", "-D warnings"), LIBRARY_ALONE],
    )
}

/// Builds and runs `examples/consumer` (kubelab with kube and k8s-openapi `latest`, its own
/// workspace) and checks the pages it writes.
pub fn consumer() -> Result<(), Failure> {
    let root = workspace_root();
    let out = crate::target_dir().join("consumer-out");
    let _ = std::fs::remove_dir_all(&out);
    let manifest = root.join("examples/consumer/Cargo.toml");
    cargo_with(
        &[
            "run",
            "--quiet",
            "--manifest-path",
            &manifest.to_string_lossy(),
            "--",
            &out.to_string_lossy(),
        ],
        // Its own choice of version only; a separate target folder for its other features.
        &[
            ("K8S_OPENAPI_ENABLED_VERSION", ""),
            (
                "CARGO_TARGET_DIR",
                &crate::target_dir().join("consumer").to_string_lossy(),
            ),
        ],
    )?;
    for page in ["README.md", "web/index.md", "web/app.yaml"] {
        if !out.join(page).is_file() {
            return Err(Failure::Failed(format!(
                "the consumer example wrote no {page}"
            )));
        }
    }
    Ok(())
}

/// `kubelab render -o -` of the repository's course: one stream, read by kubernetes-validate
/// for the course's versions; each lab's stream (`--lab ID`) also by kubectl's own reader
/// (`kubectl kustomize`, which refuses one object twice, as sequential labs have) when
/// kubectl is installed.
pub fn stdout_stream(versions: &[String], labs: &[String]) -> Result<(), Failure> {
    cargo(&["build", "--quiet", "-p", "kubelab-cli"])?;
    let dir = crate::target_dir().join("stdout-stream");
    let _ = std::fs::remove_dir_all(&dir);
    // The course's labs run one after another on one node port: as one stream they are
    // refused; each lab's own stream is checked.
    refused_whole_stream()?;
    let mut streams = Vec::new();
    for lab in labs {
        let stream = render_stream(&["--lab", lab])?;
        let lab_dir = dir.join(format!("lab-{lab}"));
        write(&lab_dir.join("all.yaml"), &stream)?;
        streams.push((lab, lab_dir, stream));
    }
    // The streams alone (before kustomize's own files join them).
    external::kubernetes_validate(&dir, versions)?;
    for (lab, lab_dir, stream) in &streams {
        kustomize(lab_dir, stream, lab)?;
    }
    Ok(())
}

/// The whole course as one stream is refused (exit 64) with the labs that clash.
fn refused_whole_stream() -> Result<(), Failure> {
    let exe = crate::target_dir().join("debug/kubelab");
    let output = Command::new(&exe)
        .args(["render", "-q", "-o", "-"])
        .arg(workspace_root().join("course.yaml"))
        .output()
        .map_err(|e| Failure::Failed(format!("cannot run {}: {e}", exe.display())))?;
    let said = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(64) || !output.stdout.is_empty() || !said.contains("--lab") {
        return Err(Failure::Failed(format!(
            "kubelab render -o - of the whole course must be refused with --lab as the fix: \
             exit {:?}: {said}",
            output.status.code()
        )));
    }
    Ok(())
}

/// `kubelab render -o - course.yaml` with `extra` arguments: its stdout.
fn render_stream(extra: &[&str]) -> Result<String, Failure> {
    let root = workspace_root();
    let exe = crate::target_dir().join("debug/kubelab");
    let output = Command::new(&exe)
        .args(["render", "-q", "-o", "-"])
        .args(extra)
        .arg(root.join("course.yaml"))
        .output()
        .map_err(|e| Failure::Failed(format!("cannot run {}: {e}", exe.display())))?;
    if !output.status.success() || !output.stderr.is_empty() {
        return Err(Failure::Failed(format!(
            "kubelab render -o - {}: {}",
            extra.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Failure::Failed(e.to_string()))?;
    }
    std::fs::write(path, text).map_err(|e| Failure::Failed(e.to_string()))
}

/// `kubectl kustomize` over a stream: kubectl's YAML reader must see every document.
fn kustomize(dir: &Path, stream: &str, lab: &str) -> Result<(), Failure> {
    let documents = stream.matches("\nkind: ").count();
    write(&dir.join("kustomization.yaml"), "resources:\n- all.yaml\n")?;
    let output = match Command::new("kubectl").arg("kustomize").arg(dir).output() {
        Ok(output) => output,
        Err(_) => {
            println!("kubectl is not installed: kubectl's reader not checked");
            return Ok(());
        }
    };
    let read = String::from_utf8_lossy(&output.stdout);
    let objects = read.matches("\nkind: ").count() + usize::from(read.starts_with("kind: "));
    if !output.status.success() || objects != documents {
        return Err(Failure::Failed(format!(
            "kubectl kustomize read {objects} of {documents} objects of `kubelab render -o -`: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    println!("kubectl kustomize reads the {objects} objects of `kubelab render -o - --lab {lab}`");
    Ok(())
}
