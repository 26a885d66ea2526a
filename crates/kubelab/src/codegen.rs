//! Writes generated files, or checks that they are current (the rust-analyzer codegen
//! pattern), for `cargo xtask render` and for any tool's `build.rs`.
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

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

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
pub struct Stale {
    /// Relative path.
    pub path: String,
    /// True when the file does not exist at all.
    pub missing: bool,
    /// Unified diff from the file on disk to what would be generated.
    pub diff: String,
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files that already had the right contents (left untouched).
    pub unchanged: Vec<String>,
}

fn checked_paths(files: &[GeneratedFile]) -> Result<(), CodegenError> {
    let mut seen = BTreeSet::new();
    for f in files {
        let bad = |reason| CodegenError::BadPath {
            path: f.path.clone(),
            reason,
        };
        let p = Path::new(&f.path);
        if f.path.is_empty() {
            return Err(bad("is empty"));
        }
        if p.is_absolute() || p.has_root() {
            return Err(bad("is absolute"));
        }
        if p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(bad("contains `..` or `.`"));
        }
        if !seen.insert(p.to_path_buf()) {
            return Err(CodegenError::Duplicate(f.path.clone()));
        }
    }
    Ok(())
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

/// Reports every file under `root` that is missing or differs, with a unified diff.
/// Writes nothing.
pub fn check(root: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, CodegenError> {
    checked_paths(files)?;
    let mut stale = Vec::new();
    for f in files {
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
            diff,
        });
    }
    Ok(stale)
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.kubelab-{}.tmp", std::process::id()))
}

fn stage(target: &Path, contents: &str) -> Result<PathBuf, CodegenError> {
    let io = |action, path: &Path| {
        let path = path.to_path_buf();
        move |source| CodegenError::Io {
            action,
            path,
            source,
        }
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io("create directory", parent))?;
    }
    let tmp = temp_path(target);
    let result = std::fs::File::create(&tmp)
        .and_then(|mut file| {
            file.write_all(contents.as_bytes())?;
            file.sync_all()
        })
        .map_err(io("write", &tmp));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| tmp)
}

/// Writes `files` under `root`, leaving files with the right contents untouched.
///
/// All-or-nothing as far as the file system allows: every changed file is first written to
/// a temporary file beside its target; only when all of them are written are they renamed
/// over their targets. A failure before that point removes the temporary files and leaves
/// `root` as it was.
pub fn write(root: &Path, files: &[GeneratedFile]) -> Result<WriteReport, CodegenError> {
    checked_paths(files)?;
    let mut report = WriteReport::default();
    let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    for f in files {
        let target = root.join(&f.path);
        let existing = read_existing(&target);
        if matches!(&existing, Ok(Some(old)) if *old == f.contents) {
            report.unchanged.push(f.path.clone());
            continue;
        }
        match existing.and_then(|_| stage(&target, &f.contents)) {
            Ok(tmp) => staged.push((tmp, target, &f.path)),
            Err(e) => {
                for (tmp, _, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (tmp, target, path) in staged {
        std::fs::rename(&tmp, &target).map_err(|source| CodegenError::Io {
            action: "rename into place",
            path: target.clone(),
            source,
        })?;
        report.written.push(path.to_owned());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
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
        assert!(matches!(write(root, &fs), Err(CodegenError::Io { .. })));
        assert_eq!(listing(root), before);
    }
}
