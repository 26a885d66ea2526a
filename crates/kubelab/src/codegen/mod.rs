//! Writes generated files, or checks that they are current (the rust-analyzer codegen
//! pattern), for `cargo xtask render` and for any tool's `build.rs`. The output folder keeps
//! a list of what was generated there ([`LIST`]): a later write removes the files it no
//! longer generates (and only those), and a check reports them as stale.
//!
//! ```
//! use kubelab::codegen::{self, GeneratedFile};
//!
//! let dir = std::env::temp_dir().join(format!("kubelab-doc-{}", std::process::id()));
//! let files = vec![GeneratedFile::new("lab/app.yaml", "kind: Service\n")];
//! codegen::write(&dir, &files)?;
//! assert!(codegen::check(&dir, &files)?.is_empty());
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), kubelab::codegen::CodegenError>(())
//! ```

mod commit;
mod list;
mod lock;

pub use commit::{JOURNAL, Recovery, WriteOptions};
pub use list::LIST;
pub use lock::Wait;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One file to generate: a path relative to the output root, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative path, `/`-separated (`deploy_k8s/deployment_k8s.yaml`).
    pub path: String,
    /// Full contents.
    pub contents: String,
}

impl GeneratedFile {
    /// A file at `path` (relative to the output root) with `contents`.
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// What can go wrong while generating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// A path that is empty, absolute or leaves the output root.
    #[error(
        "output path `{path}` {reason}; rule: generated files stay inside the output directory; fix: use a relative path such as `deploy_k8s/deployment_k8s.yaml`"
    )]
    BadPath {
        /// The offending path.
        path: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// Two files would be written to the same path.
    #[error(
        "output path `{0}` is produced twice; rule: every generated file has its own path; fix: give each lab its own output"
    )]
    Duplicate(String),
    /// One generated path is a folder of another generated file.
    #[error(
        "output path `{file}` is a file, but `{inner}` needs it to be a folder; rule: a generated file and a generated folder cannot share a name; fix: rename one of the outputs"
    )]
    Clash {
        /// The file.
        file: String,
        /// The file inside the folder of the same name.
        inner: String,
    },
    /// A folder inside the output folder is a symbolic link: writing through it would land
    /// outside the output folder.
    #[error(
        "`{path}` is a symbolic link (to `{target}`); rule: kubelab writes only inside the output folder, never through a link; fix: remove the link, or render into the folder it points to", path = path.display(), target = target.display()
    )]
    Symlink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// A file stands where a generated file needs a folder.
    #[error(
        "`{}` is a file where a folder is needed; fix: move it away, or render into another folder", .0.display()
    )]
    NotAFolder(PathBuf),
    /// A folder stands where a generated file goes.
    #[error(
        "`{}` is a folder where a generated file goes; fix: move it away, or rename the output", .0.display()
    )]
    NotAFile(PathBuf),
    /// A commit journal that kubelab did not write.
    #[error(
        "`{}` is not a commit journal kubelab can complete; fix: look at it, remove it, and render again", .0.display()
    )]
    BadJournal(PathBuf),
    /// Another process holds the output folder's lock, and the write or check was told not
    /// to wait ([`Wait::Fail`]).
    #[error(
        "`{}` is being rendered by another process, which holds the folder's lock; rule: one render of a folder at a time; fix: wait for it to finish, then render again", .0.display()
    )]
    Busy(PathBuf),
    /// The file system refused.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A generated file that differs from what is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stale {
    /// Relative path.
    pub path: String,
    /// True when the file does not exist at all.
    pub missing: bool,
    /// True when it was generated before and is no more: a write removes it.
    pub orphan: bool,
    /// True when it is what an interrupted write left (its journal or a staging folder):
    /// the next write completes or removes it; a check only reports it.
    pub interrupted: bool,
    /// Unified diff from the file on disk to what would be generated.
    pub diff: String,
}

/// What [`write()`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteReport {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files that already had the right contents (left untouched).
    pub unchanged: Vec<String>,
    /// Files generated by an earlier write and no more, removed.
    pub removed: Vec<String>,
    /// What an interrupted earlier write left, and what was done about it first.
    pub recovered: Option<Recovery>,
}

/// The longest file or folder name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// Why `path` cannot name a file inside an output folder, if it cannot: it must be
/// relative, free of NUL bytes, made of plain parts (none empty, `.` or `..`), none longer
/// than file systems take. Validation holds a course's lab outputs to the same, so a
/// course file meets this refusal with its field path before anything is generated.
pub(crate) fn path_problem(path: &str) -> Option<&'static str> {
    let p = Path::new(path);
    if path.is_empty() {
        return Some("is empty");
    }
    if p.is_absolute() || p.has_root() {
        return Some("is absolute");
    }
    if path.contains('\0') {
        return Some("contains a NUL byte");
    }
    if path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Some("contains an empty, `.` or `..` part (`a//b`, `a/./b`, `../b`)");
    }
    if !list::is_plain(path) {
        return Some("is not a plain relative path");
    }
    if path.split('/').any(|part| part.len() > NAME_MAX) {
        return Some("has a part longer than 255 bytes, more than file systems take");
    }
    None
}

fn checked_paths(files: &[GeneratedFile]) -> Result<(), CodegenError> {
    let mut seen = BTreeSet::new();
    for f in files {
        let bad = |reason| CodegenError::BadPath {
            path: f.path.clone(),
            reason,
        };
        if let Some(reason) = path_problem(&f.path) {
            return Err(bad(reason));
        }
        if f.path == LIST {
            return Err(bad("is the list of generated files kubelab keeps"));
        }
        if !seen.insert(f.path.as_str()) {
            return Err(CodegenError::Duplicate(f.path.clone()));
        }
    }
    // A file and a folder of the same name: `a/b` and `a/b/c`.
    for f in files {
        if let Some(folder) = folders(&f.path).find(|d| seen.contains(d)) {
            return Err(CodegenError::Clash {
                file: folder.to_owned(),
                inner: f.path.clone(),
            });
        }
    }
    Ok(())
}

/// The folders a relative `/`-separated path is in, outermost first: `a/b/c.yaml` is in
/// `a` and `a/b`. A file of one of these names and this path cannot both be written.
pub(crate) fn folders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn read_existing(path: &Path) -> Result<Option<String>, CodegenError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CodegenError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Every file under `root`, as sorted `/`-separated paths relative to it (the form
/// [`GeneratedFile::path`] takes); nothing when `root` does not exist. Symbolic links are
/// listed, not followed.
pub fn files_under(root: &Path) -> Result<Vec<String>, CodegenError> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && rel.as_os_str().is_empty() => {
                return Ok(out);
            }
            Err(source) => {
                return Err(CodegenError::Io {
                    action: "list",
                    path: dir,
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| CodegenError::Io {
                action: "list",
                path: dir.clone(),
                source,
            })?;
            let path = rel.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                let parts: Vec<String> = path
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `files` and the list of them that goes beside them.
fn with_list(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let mut all = files.to_vec();
    all.push(GeneratedFile::new(LIST, list::contents(files)));
    all
}

/// Reports every file under `root` that is missing or differs, with a unified diff, and
/// every file generated there before that `files` no longer holds, and what an interrupted
/// write left there. Writes nothing, waiting for a write of the folder that is under way.
pub fn check(root: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, CodegenError> {
    check_with(root, files, &WriteOptions::default())
}

/// [`check`] with options: whether to wait for another process's write of the folder.
pub fn check_with(
    root: &Path,
    files: &[GeneratedFile],
    options: &WriteOptions,
) -> Result<Vec<Stale>, CodegenError> {
    checked_paths(files)?;
    // A folder that does not exist is being written by nobody: every file is missing.
    let _lock = match std::fs::symlink_metadata(root) {
        Ok(_) => Some(lock::lock(root, options.wait, options.on_wait)?),
        Err(_) => None,
    };
    // A commit a killed run left is reported, not completed: a check never writes.
    let mut stale: Vec<Stale> = commit::interrupted(root)?
        .into_iter()
        .map(|path| Stale {
            diff: format!(
                "{path}: left by a write that was interrupted; the next write completes the \
                 commit or removes what it left\n"
            ),
            path,
            missing: false,
            orphan: false,
            interrupted: true,
        })
        .collect();
    for orphan in list::orphans(root, files)? {
        let old = read_existing(&root.join(&orphan))?.unwrap_or_default();
        let diff = similar::TextDiff::from_lines(old.as_str(), "")
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("a/{orphan} (on disk)"),
                &format!("b/{orphan} (no longer generated: removed)"),
            )
            .to_string();
        stale.push(Stale {
            path: orphan,
            missing: false,
            orphan: true,
            interrupted: false,
            diff,
        });
    }
    for f in &with_list(files) {
        let existing = read_existing(&root.join(&f.path))?;
        if existing.as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        let old = existing.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(old, &f.contents)
            .unified_diff()
            .context_radius(3)
            .header(
                &format!("a/{} (on disk)", f.path),
                &format!("b/{} (generated)", f.path),
            )
            .to_string();
        stale.push(Stale {
            path: f.path.clone(),
            missing: existing.is_none(),
            orphan: false,
            interrupted: false,
            diff,
        });
    }
    Ok(stale)
}

/// Writes `files` under `root`, leaving files with the right contents untouched, and
/// removes the files an earlier write generated there that `files` no longer holds.
///
/// One commit: a reader sees the old set of files or the new one. A failure undoes what was
/// done and leaves `root` as it was (folders it created removed); a process killed midway
/// leaves a journal that the next [`write()`] or [`check`] completes first. See
/// `ARCHITECTURE.md` and the `commit` module for the design.
pub fn write(root: &Path, files: &[GeneratedFile]) -> Result<WriteReport, CodegenError> {
    write_with(root, files, &WriteOptions::default())
}

/// The files the last render or check of `root` generated (its list, `.kubelab-files`):
/// plain relative paths only; none for a folder kubelab never rendered.
pub fn listed(root: &Path) -> Result<std::collections::BTreeSet<String>, CodegenError> {
    list::previous(root)
}

/// [`write()`] with options (the crash tests' hook).
pub fn write_with(
    root: &Path,
    files: &[GeneratedFile],
    options: &WriteOptions,
) -> Result<WriteReport, CodegenError> {
    checked_paths(files)?;
    let created_root = missing_ancestors(root);
    let result = write_in(root, files, options);
    if result.is_err() {
        for dir in created_root.iter().rev() {
            std::fs::remove_dir(dir).ok();
        }
    }
    result
}

/// The folders of `path` that do not exist, outermost first.
fn missing_ancestors(path: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = path
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}

fn write_in(
    root: &Path,
    files: &[GeneratedFile],
    options: &WriteOptions,
) -> Result<WriteReport, CodegenError> {
    std::fs::create_dir_all(root).map_err(|source| CodegenError::Io {
        action: "create folder",
        path: root.to_path_buf(),
        source,
    })?;
    // Held to the end of the write: recovery, staging, journal, apply, orphans.
    let _lock = lock::lock(root, options.wait, options.on_wait)?;
    let mut report = WriteReport {
        recovered: commit::recover(root)?,
        ..WriteReport::default()
    };
    let orphans = list::orphans(root, files)?;
    for orphan in &orphans {
        commit::check_inside(root, orphan)?;
    }
    let mut changed = Vec::new();
    for f in files {
        commit::check_inside(root, &f.path)?;
        let target = root.join(&f.path);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(CodegenError::NotAFile(target));
        }
        let regular = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        if regular && read_existing(&target)?.as_deref() == Some(f.contents.as_str()) {
            report.unchanged.push(f.path.clone());
        } else {
            changed.push(f);
        }
    }
    let list_text = list::contents(files);
    let list_current = read_existing(&root.join(LIST))?.as_deref() == Some(list_text.as_str());
    if changed.is_empty() && orphans.is_empty() && list_current {
        return Ok(report);
    }
    commit::commit(root, &changed, &orphans, &list_text, options, &mut report)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_is_in_each_of_its_folders() {
        assert_eq!(folders("a/b/c.yaml").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(folders("README.md").count(), 0);
    }

    use super::*;
    use pretty_assertions::assert_eq;

    fn files() -> Vec<GeneratedFile> {
        vec![
            GeneratedFile::new("a/one.yaml", "one\n"),
            GeneratedFile::new("b/two.yaml", "two\n"),
        ]
    }

    fn listing(root: &Path) -> Vec<String> {
        files_under(root)
            .expect("lists")
            .into_iter()
            .filter(|rel| rel != LIST)
            .map(|rel| {
                let body = std::fs::read_to_string(root.join(&rel)).expect("reads");
                format!("{rel}={body}")
            })
            .collect()
    }

    #[test]
    fn write_then_check_is_clean_and_second_write_changes_nothing() -> Result<(), CodegenError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = write(dir.path(), &files())?;
        assert_eq!(first.written, vec!["a/one.yaml", "b/two.yaml"]);
        assert!(check(dir.path(), &files())?.is_empty());
        let second = write(dir.path(), &files())?;
        assert!(second.written.is_empty());
        assert_eq!(second.unchanged.len(), 2);
        Ok(())
    }

    #[test]
    fn a_file_no_longer_generated_is_stale_then_removed_and_others_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, &files()).expect("writes");
        std::fs::write(root.join("a/mine.txt"), "not generated\n").expect("writes");
        let fewer = vec![GeneratedFile::new("a/one.yaml", "one\n")];
        let stale = check(root, &fewer).expect("checks");
        let orphans: Vec<&str> = stale
            .iter()
            .filter(|s| s.orphan)
            .map(|s| s.path.as_str())
            .collect();
        assert_eq!(orphans, ["b/two.yaml"]);
        let report = write(root, &fewer).expect("writes");
        assert_eq!(report.removed, ["b/two.yaml"]);
        assert!(!root.join("b").exists(), "the emptied folder goes too");
        assert!(
            root.join("a/mine.txt").exists(),
            "a file kubelab did not write stays"
        );
        assert!(check(root, &fewer).expect("checks").is_empty());
    }

    #[test]
    fn a_hostile_list_names_nothing_outside_the_folder() {
        let outer = tempfile::tempdir().expect("tempdir");
        let root = outer.path().join("out");
        std::fs::create_dir(&root).expect("creates");
        std::fs::write(outer.path().join("precious"), "keep\n").expect("writes");
        std::fs::write(
            root.join(LIST),
            "../precious\n/etc/passwd\n./x\n\n.kubelab-files\n",
        )
        .expect("writes");
        let report = write(&root, &files()).expect("writes");
        assert!(report.removed.is_empty());
        assert!(outer.path().join("precious").exists());
        assert!(matches!(
            write(&root, &[GeneratedFile::new(LIST, "x")]),
            Err(CodegenError::BadPath { .. })
        ));
    }

    #[test]
    fn check_reports_edits_and_missing_files_with_a_diff_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, &files()).expect("writes");
        std::fs::write(root.join("a/one.yaml"), "edited by hand\n").expect("edits");
        std::fs::remove_file(root.join("b/two.yaml")).expect("removes");
        let before = listing(root);
        let stale = check(root, &files()).expect("checks");
        assert_eq!(listing(root), before);
        assert_eq!(stale.len(), 2);
        assert!(!stale[0].missing);
        assert!(
            stale[0].diff.contains("-edited by hand\n+one\n"),
            "{}",
            stale[0].diff
        );
        assert!(stale[1].missing);
        assert!(stale[1].diff.contains("+two\n"));
    }

    #[test]
    fn escaping_paths_are_rejected_before_anything_is_written() {
        for bad in ["../x.yaml", "/etc/x.yaml", "a/../../x.yaml", "", "./x.yaml"] {
            let dir = tempfile::tempdir().expect("tempdir");
            let root = dir.path();
            let mut fs = files();
            fs.push(GeneratedFile::new(bad, "x"));
            let err = write(root, &fs);
            assert!(
                matches!(err, Err(CodegenError::BadPath { .. })),
                "{bad}: {err:?}"
            );
            assert!(check(root, &fs).is_err());
            assert_eq!(listing(root), Vec::<String>::new(), "{bad}");
        }
    }

    #[test]
    fn duplicate_paths_are_rejected() {
        let fs = vec![GeneratedFile::new("x", "1"), GeneratedFile::new("x", "2")];
        assert!(matches!(
            write(Path::new("/nonexistent"), &fs),
            Err(CodegenError::Duplicate(_))
        ));
    }

    #[test]
    fn a_failure_midway_leaves_the_old_files_and_no_temporaries() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, &files()).expect("writes");
        // `b/two.yaml/x` cannot be created: `b/two.yaml` is a file.
        let fs = vec![
            GeneratedFile::new("a/one.yaml", "NEW\n"),
            GeneratedFile::new("b/two.yaml/x", "NEW\n"),
        ];
        let before = listing(root);
        assert!(matches!(write(root, &fs), Err(CodegenError::NotAFolder(_))));
        assert_eq!(listing(root), before);
    }

    #[test]
    fn a_failure_while_applying_undoes_every_step_and_leaves_no_folder_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, &files()).expect("writes");
        let before = everything(root);
        let new = vec![
            GeneratedFile::new("a/one.yaml", "ONE\n"),
            GeneratedFile::new("c/d/three.yaml", "three\n"),
        ];
        // The steps of this commit: 2 files staged, the journal, 2 files put, 1 orphan
        // removed, the list replaced. The hook fails the first rename at or after its
        // step: 1 to 4 fail the first put, 5 the second, 6 the orphan's removal; past
        // that the commit goes through.
        const STEPS: usize = 6;
        for fail_at in 1..=STEPS + 1 {
            // With the `fault-injection` feature the options have one more field.
            #[allow(clippy::needless_update)]
            let options = WriteOptions {
                fail_at_step: Some(fail_at),
                ..WriteOptions::default()
            };
            let result = write_with(root, &new, &options);
            if fail_at > STEPS {
                assert!(result.is_ok(), "{result:?}");
                break;
            }
            assert!(result.is_err(), "step {fail_at} of {STEPS} did not fail");
            assert_eq!(everything(root), before, "failing at step {fail_at}");
        }
    }

    /// Every entry under `root` (files with contents, folders, links), hidden ones too.
    fn everything(root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("lists").flatten() {
                let path = entry.path();
                let rel = path
                    .strip_prefix(root)
                    .expect("inside")
                    .display()
                    .to_string();
                let meta = std::fs::symlink_metadata(&path).expect("stats");
                if meta.is_dir() {
                    out.push(format!("{rel}/"));
                    stack.push(path);
                } else {
                    let body = std::fs::read_to_string(&path).unwrap_or_default();
                    out.push(format!("{rel}={body}"));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn nothing_is_written_through_a_link_to_another_folder() {
        let outside = tempfile::tempdir().expect("tempdir");
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), root.join("a")).expect("links");
        #[cfg(unix)]
        {
            let err = write(root, &files()).expect_err("refused");
            assert!(matches!(err, CodegenError::Symlink { .. }), "{err}");
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert_eq!(std::fs::read_dir(outside.path()).expect("lists").count(), 0);
            assert!(
                !root.join("b").exists(),
                "nothing written before the refusal"
            );
        }
    }

    /// The names the commit itself uses in the output folder, planted in advance as links
    /// to a folder and a file outside it: a staging folder left by a killed run (which
    /// recovery removes) and the journal (which recovery reads and completes). Neither
    /// removes, reads through or writes anything outside.
    #[cfg(unix)]
    #[test]
    fn links_planted_at_the_commits_own_names_reach_nothing_outside() {
        let outside = tempfile::tempdir().expect("tempdir");
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "precious\n").expect("writes");
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let stage = root.join(format!("{}planted", commit::STAGE_PREFIX));
        std::os::unix::fs::symlink(outside.path(), &stage).expect("links");
        std::os::unix::fs::symlink(&victim, root.join(commit::JOURNAL)).expect("links");
        let result = write(root, &files());
        assert_eq!(
            std::fs::read_to_string(&victim).expect("the file outside is still there"),
            "precious\n",
            "{result:?}"
        );
        assert_eq!(
            std::fs::read_dir(outside.path()).expect("lists").count(),
            1,
            "nothing added to or removed from the folder outside"
        );
    }

    #[test]
    fn a_folder_where_a_file_goes_is_refused_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/two.yaml")).expect("creates");
        std::fs::write(root.join("b/two.yaml/mine"), "mine\n").expect("writes");
        let err = write(root, &files()).expect_err("refused");
        assert!(matches!(err, CodegenError::NotAFile(_)), "{err}");
        assert!(root.join("b/two.yaml/mine").exists());
        assert!(!root.join("a").exists(), "nothing written");
    }

    #[test]
    fn paths_that_no_file_system_takes_are_refused() {
        let long = format!("a/{}.yaml", "x".repeat(251));
        for bad in ["a//b.yaml", "a/./b.yaml", "a/b\0.yaml", long.as_str()] {
            let fs = vec![GeneratedFile::new(bad, "x")];
            assert!(
                matches!(
                    write(Path::new("/nonexistent"), &fs),
                    Err(CodegenError::BadPath { .. })
                ),
                "{bad:?}"
            );
        }
        let clash = vec![
            GeneratedFile::new("a/b.yaml", "x"),
            GeneratedFile::new("a/b.yaml/c.yaml", "y"),
        ];
        assert!(matches!(
            write(Path::new("/nonexistent"), &clash),
            Err(CodegenError::Clash { .. })
        ));
    }
}
