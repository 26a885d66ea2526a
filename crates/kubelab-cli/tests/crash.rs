//! Kills `kubelab render` at every step of its commit (the `KUBELAB_TEST_ABORT_AFTER_STEPS`
//! hook aborts the process as `kill -9` would), then runs `kubelab render --check`, which
//! must report the interrupted render (exit 1) and write nothing, then `kubelab render`,
//! which must first complete the interrupted commit (or clean up a staging folder) and say
//! so: recovery alone leaves exactly the old set of files or exactly the new one, and the
//! render then leaves the new one, with no temporary file left.

//!
//! The hook exists only in a build with the test-only `fault-injection` feature:
//! `cargo xtask test` runs `cargo test -p kubelab-cli --features fault-injection --test crash`.

#![cfg(feature = "fault-injection")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn kubelab(dir: &Path, args: &[&str], abort_after: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubelab"));
    cmd.args(args).current_dir(dir);
    match abort_after {
        Some(n) => cmd.env("KUBELAB_TEST_ABORT_AFTER_STEPS", n.to_string()),
        None => cmd.env_remove("KUBELAB_TEST_ABORT_AFTER_STEPS"),
    };
    cmd.output().unwrap()
}

/// Every entry under `root`, hidden ones included: files with their bytes, folders.
fn everything(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if entry.file_type().unwrap().is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(path);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn copy(from: &Path, to: &Path) {
    for (rel, bytes) in everything(from) {
        let dest = to.join(&rel);
        if rel.ends_with('/') {
            std::fs::create_dir_all(dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, bytes).unwrap();
        }
    }
}

#[test]
fn a_render_killed_at_any_step_leaves_the_old_set_or_the_new_one_after_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert_eq!(kubelab(root, &["init", "-q"], None).status.code(), Some(0));
    let old_course = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    // The new course changes a file, moves one (an orphan to remove) and adds a page.
    let new_course = old_course
        .replace("replicas: 1 }", "replicas: 2 }")
        .replace("output: autoscaled/app.yaml", "output: hpa/app.yaml");
    std::fs::write(root.join("old.yaml"), &old_course).unwrap();
    std::fs::write(root.join("new.yaml"), &new_course).unwrap();
    let old_dir = root.join("old");
    let new_dir = root.join("new");
    assert_eq!(
        kubelab(root, &["render", "old.yaml", "-q", "-o", "old"], None)
            .status
            .code(),
        Some(0)
    );
    copy(&old_dir, &new_dir);
    assert_eq!(
        kubelab(root, &["render", "new.yaml", "-q", "-o", "new"], None)
            .status
            .code(),
        Some(0)
    );
    let (old, new) = (everything(&old_dir), everything(&new_dir));
    assert_ne!(old, new);

    let (mut saw_old, mut saw_new, mut points) = (0, 0, 0);
    for n in 1.. {
        let work = root.join(format!("work-{n}"));
        copy(&old_dir, &work);
        let killed = kubelab(
            root,
            &["render", "new.yaml", "-q", "-o", &work.to_string_lossy()],
            Some(n),
        );
        if killed.status.success() {
            // Past the commit's last step: nothing was killed.
            assert_eq!(everything(&work), new);
            break;
        }
        assert_eq!(killed.status.code(), None, "step {n}: aborted by a signal");
        points += 1;
        let killed_state = everything(&work);
        let journal = killed_state.contains_key(".kubelab-commit");
        // A check reports the interrupted render and writes nothing. The killed render held
        // the folder's lock: `--no-wait` shows the system released it (exit 3 if not).
        let check = kubelab(
            root,
            &[
                "render",
                "new.yaml",
                "--check",
                "--no-wait",
                "-o",
                &work.to_string_lossy(),
            ],
            None,
        );
        let said = String::from_utf8_lossy(&check.stderr).into_owned();
        assert_eq!(check.status.code(), Some(1), "step {n}: {said}");
        assert!(
            said.contains("was interrupted; run `kubelab render` to complete it"),
            "step {n}: {said}"
        );
        assert_eq!(everything(&work), killed_state, "step {n}: the check wrote");
        // The next render first recovers, under the lock, then renders.
        let next = kubelab(
            root,
            &["render", "new.yaml", "-o", &work.to_string_lossy()],
            None,
        );
        let note = String::from_utf8_lossy(&next.stderr).into_owned();
        let report = String::from_utf8_lossy(&next.stdout).into_owned();
        assert_eq!(next.status.code(), Some(0), "step {n}: {note}");
        if journal {
            // The journal was in place: recovery alone made the new set, so the render
            // that follows it finds nothing to write.
            saw_new += 1;
            assert!(
                note.contains("note: completed a render that was interrupted"),
                "step {n}: {note}"
            );
            assert!(
                report.starts_with("render: wrote 0 files"),
                "step {n}: {report}"
            );
        } else {
            // Killed while staging: the old set, and a staging folder to remove.
            saw_old += 1;
            let mut without_stage = killed_state.clone();
            without_stage.retain(|k, _| !k.starts_with(".kubelab-stage-"));
            assert_eq!(
                without_stage, old,
                "step {n}: neither the old set nor the new one"
            );
            assert!(
                note.contains("note: removed 1 staging folder"),
                "step {n}: {note}"
            );
        }
        let state = everything(&work);
        assert_eq!(state, new, "step {n}");
        assert!(
            !state
                .keys()
                .any(|k| k.contains(".kubelab-stage-") || k.contains(".kubelab-commit")),
            "step {n}: temporary files outlived the next run"
        );
        assert!(n < 100, "the commit never ends");
    }
    // Killed while staging: the old set; killed once the journal is in place: the new one.
    assert!(saw_old >= 1 && saw_new >= 1, "old {saw_old}, new {saw_new}");
    assert_eq!(points, saw_old + saw_new);
    println!("{points} kill points: {saw_old} left the old set, {saw_new} the new set");
}
