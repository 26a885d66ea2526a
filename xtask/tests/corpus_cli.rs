//! Every file of the bad-input corpus, rendered by `cargo xtask render` (the `kubelab`
//! command's code), exits 2 with its rule and field path on stderr, and leaves the output directory (a copy of `generated/`)
//! byte for byte as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use xtask::workspace_root;

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    kubelab::codegen::files_under(root)
        .unwrap()
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

fn copy_generated(to: &Path) {
    for (rel, bytes) in snapshot(&workspace_root().join("generated")) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

#[test]
fn every_bad_input_exits_2_and_writes_nothing() {
    let dir = workspace_root().join("crates/kubelab/tests/corpus/invalid");
    let out = tempfile::tempdir().unwrap();
    copy_generated(out.path());
    let before = snapshot(out.path());
    assert!(!before.is_empty());
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        let rule = text
            .lines()
            .find_map(|l| l.strip_prefix("# rule: "))
            .unwrap();
        let path = text
            .lines()
            .find_map(|l| l.strip_prefix("# path: "))
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
        cmd.args(["render", "--config"])
            .arg(&file)
            .arg("--out")
            .arg(out.path());
        if text.contains("# deny-warnings: true") {
            cmd.arg("--deny-warnings");
        }
        let o = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {stderr}", file.display());
        // rustc style: `error[rule-id]: path: message`, then the source line.
        assert!(
            stderr.contains(&format!("[{rule}]: ")),
            "{}: {stderr}",
            file.display()
        );
        assert!(
            stderr.contains(&format!("{path}: ")),
            "{}: {stderr}",
            file.display()
        );
        assert_eq!(
            snapshot(out.path()),
            before,
            "{} changed the output",
            file.display()
        );
        count += 1;
    }
    assert!(count >= 50, "{count} cases");
}
