//! The list of files kubelab generated in an output folder (`.kubelab-files`), so that a
//! later render removes the ones it no longer generates, and never a file it did not.
//!
//! The list is read from a folder that may hold anything: an entry that is not a plain
//! relative path (`..`, absolute, empty) is ignored, so nothing outside the folder can be
//! named for removal.

use super::{CodegenError, GeneratedFile};
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The list's file name, at the output root.
pub const LIST: &str = ".kubelab-files";

const HEADER: &str = "# Files kubelab generated in this folder; a render removes those it no \
                      longer generates. Do not edit.\n";

/// True for a relative path of plain components, `/`-separated.
pub(super) fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !Path::new(path).has_root()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The list of `files`, as written to [`LIST`].
pub(super) fn contents(files: &[GeneratedFile]) -> String {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut out = HEADER.to_owned();
    for path in paths {
        out.push_str(path);
        out.push('\n');
    }
    out
}

/// The plain paths the list in `root` names; none when there is no list.
pub(super) fn previous(root: &Path) -> Result<BTreeSet<String>, CodegenError> {
    let path = root.join(LIST);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(source) => {
            return Err(CodegenError::Io {
                action: "read",
                path,
                source,
            });
        }
    };
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && is_plain(l) && *l != LIST)
        .map(str::to_owned)
        .collect())
}

/// The files the list in `root` names that `files` no longer holds and that still exist
/// (as a file or a link, never a folder).
pub(super) fn orphans(root: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, CodegenError> {
    let current: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    Ok(previous(root)?
        .into_iter()
        .filter(|p| !current.contains(p.as_str()))
        .filter(|p| std::fs::symlink_metadata(root.join(p)).is_ok_and(|m| !m.is_dir()))
        .collect())
}

/// Removes orphan `path` (relative to `root`), then its parent folders up to `root` while
/// they are empty.
pub(super) fn remove(root: &Path, path: &str) -> Result<(), CodegenError> {
    let target = root.join(path);
    match std::fs::remove_file(&target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(CodegenError::Io {
                action: "remove",
                path: target,
                source,
            });
        }
    }
    remove_empty_parents(root, path);
    Ok(())
}

/// Removes the folders of `path` (relative to `root`) that are empty, innermost first.
pub(super) fn remove_empty_parents(root: &Path, path: &str) {
    let target = root.join(path);
    let mut dir = target.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        // Fails (and stops) at the first folder that still holds something.
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
