//! The files under `generated/` are committed; this fails when they are stale (the
//! rust-analyzer codegen pattern). Fix: run `cargo xtask render` and commit the result.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use pretty_assertions::assert_eq;
use xtask::render::{FormatArg, course_files, default_config};
use xtask::workspace_root;

#[test]
fn generated_files_are_current() {
    let files = match course_files(&default_config(), FormatArg::Yaml) {
        Ok(files) => files,
        Err(xtask::Failure::Failed(e) | xtask::Failure::Invalid(e)) => panic!("render failed: {e}"),
        Err(xtask::Failure::Cli(e)) => panic!("render failed: {e}"),
    };
    assert!(!files.is_empty());
    for file in files {
        let path = workspace_root().join("generated").join(&file.path);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk,
            file.contents,
            "{} is stale: run `cargo xtask render` and commit generated/",
            path.display()
        );
    }
    // Nothing in generated/ that the render no longer produces (a renamed lab's old file).
    let stale = kubelab::codegen::check(
        &workspace_root().join("generated"),
        &course_files(&default_config(), FormatArg::Yaml)
            .ok()
            .unwrap_or_default(),
    )
    .unwrap();
    let orphans: Vec<&str> = stale
        .iter()
        .filter(|s| s.orphan)
        .map(|s| s.path.as_str())
        .collect();
    assert_eq!(
        orphans,
        Vec::<&str>::new(),
        "run `cargo xtask render` and commit generated/"
    );
}
