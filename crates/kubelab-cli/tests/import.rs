//! `kubelab import` as an author runs it: in a folder with their manifests, then `render`.
//! Every refusal exits 2 and writes nothing; an existing course file is never overwritten
//! without `--force`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::path::Path;
use std::process::{Command, Output};

fn kubelab(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The course's original manifests, copied into `dir` under their folders.
fn originals(dir: &Path) -> Vec<&'static str> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kubelab/tests/fixtures/k8s-ml");
    let files = vec![
        "deploy_k8s/deployment_k8s.yaml",
        "deploy_lb/deployment_lb.yaml",
        "deploy_hpa/deployment_hpa.yaml",
    ];
    for f in &files {
        std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(f), dir.join(f)).unwrap();
    }
    files
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn import_then_render_gives_the_manifests_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut args = vec!["import"];
    args.extend(originals(root));
    args.extend(["--kubernetes-version", "1.26"]);
    let import = kubelab(root, &args);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(
        stderr(&import).contains("import: wrote course.yaml (3 lab(s), 0 patch(es)"),
        "{}",
        stderr(&import)
    );
    assert!(stderr(&import).contains("note: comments in the manifests are not carried over"));
    let render = kubelab(root, &["render", "course.yaml", "-o", "out"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(!stderr(&render).contains("warning"), "{}", stderr(&render));
    assert!(root.join("out/deploy_hpa/deployment_hpa.yaml").is_file());

    // Once written, the course file is not overwritten without --force.
    let before = std::fs::read(root.join("course.yaml")).unwrap();
    let again = kubelab(root, &["import", "deploy_k8s/deployment_k8s.yaml"]);
    assert_eq!(again.status.code(), Some(3), "{}", stderr(&again));
    assert_eq!(
        stderr(&again).lines().next().unwrap(),
        "error: `course.yaml` exists; kubelab import writes nothing over a file"
    );
    assert_eq!(std::fs::read(root.join("course.yaml")).unwrap(), before);
    let forced = kubelab(
        root,
        &["import", "deploy_k8s/deployment_k8s.yaml", "--force", "-q"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(std::fs::read(root.join("course.yaml")).unwrap(), before);
}

#[test]
fn stdout_with_dash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = originals(root);
    let import = kubelab(root, &["import", files[0], "-o", "-", "-q"]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let text = String::from_utf8(import.stdout).unwrap();
    assert!(
        text.contains("output: deploy_k8s/deployment_k8s.yaml"),
        "{text}"
    );
    assert!(!root.join("course.yaml").exists());
}

/// Each refusal: exit 2, its first line, and nothing written.
#[test]
fn refusals_exit_2_and_write_nothing() {
    let cases: [(&str, &str, &str); 3] = [
        (
            "ingress.yaml",
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web }\n",
            "error: kubelab models a Deployment, its Service and its HorizontalPodAutoscaler; \
             it leaves these to the author (apply them with kubectl beside the course's \
             manifests, and import the files without them):",
        ),
        (
            "compose.yaml",
            "services:\n  web: { image: nginx }\n",
            "error: compose.yaml: document 1 is not a Kubernetes object: it has no \
             `apiVersion` and `kind` (import reads manifests such as `kubectl apply -f` takes)",
        ),
        (
            "broken.yaml",
            "kind: [Service\n",
            "error: broken.yaml: not readable as YAML or JSON:",
        ),
    ];
    for (file, text, first_line) in cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(file), text).unwrap();
        let out = kubelab(root, &["import", file]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).lines().next().unwrap().starts_with(first_line),
            "{file}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("help: no course file was written"),
            "{file}"
        );
        assert_eq!(listing(root), [file], "{file}: something was written");
    }
}
