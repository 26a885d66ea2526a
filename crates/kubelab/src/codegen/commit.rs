//! The commit: how a set of files replaces the old set in an output folder so that a reader
//! sees the old set or the new one, never a mix, whatever fails.
//!
//! 1. **Stage.** Every changed file is written into a fresh staging folder inside the output
//!    folder (`.kubelab-stage-<random>`, created exclusively, so nothing planted there can
//!    redirect a write); then one `syncfs` (Linux; elsewhere one `fsync` a file) makes the
//!    staged files durable.
//! 2. **Journal.** `.kubelab-commit` names the staging folder and every step of the commit:
//!    each file to put in place, each orphan to remove, the new list of generated files. It
//!    is written in the staging folder, synced, and renamed into place: from that instant the
//!    commit will complete.
//! 3. **Apply.** Each step is a rename. A file that is replaced, and an orphan, is first moved
//!    into the staging folder, so that every step can be undone.
//! 4. **Finish.** One more sync, the journal is removed, the staging folder with it.
//!
//! A failure while applying (a file that cannot be replaced) undoes the steps done, in
//! reverse, and removes the folders the commit created: the old set stays. A process killed
//! while applying leaves the journal: the next write or check of the folder completes the
//! commit first ([`recover`]) and says so. A process killed before the journal is in place
//! leaves only a staging folder, which the next run removes. Every step counts for
//! [`WriteOptions::abort_after_steps`], the crash tests' hook.

use super::{CodegenError, GeneratedFile, LIST, WriteReport, list};
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The journal's file name, at the output root.
pub const JOURNAL: &str = ".kubelab-commit";
pub(super) const STAGE_PREFIX: &str = ".kubelab-stage-";
const MAGIC: &str = "kubelab commit 1";

/// How to write (and check).
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// What to do while another process writes the same folder: wait (the default) or
    /// fail with [`CodegenError::Busy`](super::CodegenError::Busy).
    pub wait: super::Wait,
    /// Called once, with the folder, when the write or check starts to wait for another
    /// (the command line says so on stderr).
    pub on_wait: Option<fn(&Path)>,
    /// Crash-test hook: abort the process (as `kill -9` would end it) after this many steps
    /// of the commit (a file staged, the journal placed, a rename). Only with the
    /// `fault-injection` feature, which no release build enables.
    #[cfg(feature = "fault-injection")]
    pub abort_after_steps: Option<usize>,
    /// Fault-test hook: fail (as a file that cannot be replaced would) at this step of
    /// applying the commit. Only in kubelab's own tests and with `fault-injection`.
    #[cfg(any(test, feature = "fault-injection"))]
    pub fail_at_step: Option<usize>,
}

/// What a write found of an interrupted one, and did about it first ([`WriteReport::recovered`](super::WriteReport::recovered)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// An interrupted commit was completed: these files were put in place.
    Completed(Vec<String>),
    /// Staging folders of runs killed before their commit began were removed.
    Cleaned(usize),
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovery::Completed(files) => write!(
                f,
                "completed a render that was interrupted while it replaced files ({} file(s) \
                 put in place)",
                files.len()
            ),
            Recovery::Cleaned(n) => write!(
                f,
                "removed {n} staging folder(s) of a render interrupted before it changed anything"
            ),
        }
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> CodegenError {
    let path = path.to_path_buf();
    move |source| CodegenError::Io {
        action,
        path,
        source,
    }
}

/// Counts commit steps for the test hooks.
struct Steps {
    done: usize,
    abort_after: Option<usize>,
    fail_at: Option<usize>,
}

impl Steps {
    fn step(&mut self) {
        self.done += 1;
        if self.abort_after.is_some_and(|n| self.done >= n) {
            // The crash tests' stand-in for `kill -9`: no destructor, no cleanup.
            std::process::abort();
        }
    }

    /// The fault tests' stand-in for a rename the file system refuses.
    fn fault(&self, path: &Path) -> Result<(), CodegenError> {
        if self.fail_at.is_some_and(|n| self.done + 1 >= n) {
            return Err(CodegenError::Io {
                action: "rename into place",
                path: path.to_path_buf(),
                source: std::io::Error::other("refused by the fault-test hook"),
            });
        }
        Ok(())
    }
}

/// Staged files per folder of the staging folder: file systems slow down on creating files
/// in one large folder (4,000 files in one folder took three times as long here).
const SLOTS_PER_FOLDER: usize = 128;

/// Where the `kind` (`new`, `old` or `gone`) file of step `n` stays in the staging folder.
fn slot(stage: &Path, kind: &str, n: usize) -> PathBuf {
    stage
        .join(format!("{}", n / SLOTS_PER_FOLDER))
        .join(format!("{kind}-{n}"))
}

/// One step of a journal.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// `stage/<n>` becomes `path`; the old `path`, if any, goes to `stage/old-<n>`.
    Put(usize, String),
    /// `path` goes to `stage/gone-<n>` (removed with the staging folder).
    Remove(usize, String),
    /// `stage/list` becomes the list of generated files.
    List,
}

fn journal_text(stage: &str, steps: &[Step]) -> String {
    let mut out = format!("{MAGIC}\nstage {stage}\n");
    for step in steps {
        match step {
            Step::Put(n, path) => out.push_str(&format!("put {n} {path}\n")),
            Step::Remove(n, path) => out.push_str(&format!("remove {n} {path}\n")),
            Step::List => out.push_str("list\n"),
        }
    }
    out
}

/// The staging folder's name and the steps of a journal; `None` when it is not one (a
/// journal names only plain paths inside the folder, or it is refused).
fn parse_journal(text: &str) -> Option<(String, Vec<Step>)> {
    let mut lines = text.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    let stage = lines.next()?.strip_prefix("stage ")?.to_owned();
    if !stage.starts_with(STAGE_PREFIX) || !list::is_plain(&stage) || stage.contains('/') {
        return None;
    }
    let mut steps = Vec::new();
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let step = match (parts.next()?, parts.next(), parts.next()) {
            ("put", Some(n), Some(path)) if list::is_plain(path) => {
                Step::Put(n.parse().ok()?, path.to_owned())
            }
            ("remove", Some(n), Some(path)) if list::is_plain(path) => {
                Step::Remove(n.parse().ok()?, path.to_owned())
            }
            ("list", None, None) => Step::List,
            _ => return None,
        };
        steps.push(step);
    }
    Some((stage, steps))
}

/// Makes everything written under `dir`'s file system durable: one `syncfs` on Linux.
fn sync_all_under(dir: &Path, files: &[PathBuf]) -> Result<(), CodegenError> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let handle = File::open(dir).map_err(io("open", dir))?;
        rustix::fs::syncfs(&handle)
            .map_err(|e| io("sync", dir)(std::io::Error::from_raw_os_error(e.raw_os_error())))
    }
    #[cfg(not(target_os = "linux"))]
    {
        for file in files {
            File::open(file)
                .and_then(|f| f.sync_all())
                .map_err(io("sync", file))?;
        }
        File::open(dir).and_then(|d| d.sync_all()).ok();
        Ok(())
    }
}

/// Refuses a path whose folders inside `root` include a symbolic link (a write would land
/// outside the output folder) or a file (nothing can be created under it).
pub(super) fn check_inside(root: &Path, path: &str) -> Result<(), CodegenError> {
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&dir).unwrap_or_default();
                return Err(CodegenError::Symlink { path: dir, target });
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(CodegenError::NotAFolder(dir));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(CodegenError::Io {
                    action: "inspect",
                    path: dir,
                    source,
                });
            }
        }
    }
    Ok(())
}

/// Creates the folders of `path` under `root` that are missing; returns them, outermost
/// first, so that a failed commit can remove them again.
fn create_parents(root: &Path, path: &str, created: &mut Vec<PathBuf>) -> Result<(), CodegenError> {
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        if fs::symlink_metadata(&dir).is_err() {
            fs::create_dir(&dir).map_err(io("create folder", &dir))?;
            created.push(dir.clone());
        }
    }
    Ok(())
}

/// What an interrupted commit left in `root`: its journal and staging folders, by name.
pub(super) fn interrupted(root: &Path) -> Result<Vec<String>, CodegenError> {
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(CodegenError::Io {
                action: "list",
                path: root.to_path_buf(),
                source,
            });
        }
    };
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name == JOURNAL || name.starts_with(STAGE_PREFIX))
        .collect();
    found.sort();
    Ok(found)
}

/// Completes (or cleans up after) a commit that was interrupted in `root`, before anything
/// else touches the folder; the caller holds the folder's lock. `None` when there was
/// nothing to do.
pub(super) fn recover(root: &Path) -> Result<Option<Recovery>, CodegenError> {
    let journal_path = root.join(JOURNAL);
    match fs::read_to_string(&journal_path) {
        Ok(text) => {
            let Some((stage, steps)) = parse_journal(&text) else {
                return Err(CodegenError::BadJournal(journal_path));
            };
            let stage_dir = root.join(&stage);
            let mut created = Vec::new();
            let mut put = Vec::new();
            for step in &steps {
                match step {
                    Step::Put(n, path) => {
                        let staged = slot(&stage_dir, "new", *n);
                        if fs::symlink_metadata(&staged).is_err() {
                            continue; // put in place before the interruption
                        }
                        check_inside(root, path)?;
                        let target = root.join(path);
                        let backup = slot(&stage_dir, "old", *n);
                        if fs::symlink_metadata(&target).is_ok()
                            && fs::symlink_metadata(&backup).is_err()
                        {
                            fs::rename(&target, &backup).map_err(io("move aside", &target))?;
                        }
                        create_parents(root, path, &mut created)?;
                        fs::rename(&staged, &target).map_err(io("rename into place", &target))?;
                        put.push(path.clone());
                    }
                    Step::Remove(_, path) => {
                        check_inside(root, path)?;
                        list::remove(root, path)?;
                    }
                    Step::List => {
                        let staged = stage_dir.join("list");
                        if fs::symlink_metadata(&staged).is_ok() {
                            fs::rename(&staged, root.join(LIST))
                                .map_err(io("rename into place", &root.join(LIST)))?;
                        }
                    }
                }
            }
            sync_all_under(root, &[])?;
            fs::remove_file(&journal_path).map_err(io("remove", &journal_path))?;
            remove_stage(&stage_dir)?;
            cleanup_stages(root)?;
            Ok(Some(Recovery::Completed(put)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let n = cleanup_stages(root)?;
            Ok((n > 0).then_some(Recovery::Cleaned(n)))
        }
        Err(source) => Err(CodegenError::Io {
            action: "read",
            path: journal_path,
            source,
        }),
    }
}

/// Removes a staging folder (a real folder, never what a link points to).
fn remove_stage(dir: &Path) -> Result<(), CodegenError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(dir).map_err(io("remove", dir)),
        _ => Ok(()),
    }
}

/// Removes the staging folders left in `root`; how many.
fn cleanup_stages(root: &Path) -> Result<usize, CodegenError> {
    let entries = match fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(source) => {
            return Err(CodegenError::Io {
                action: "list",
                path: root.to_path_buf(),
                source,
            });
        }
    };
    let mut n = 0;
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGE_PREFIX)
        {
            remove_stage(&entry.path())?;
            n += 1;
        }
    }
    Ok(n)
}

/// Writes `files` (the changed ones) and removes `orphans` in `root`, as one commit;
/// `list` is the new list of generated files.
pub(super) fn commit(
    root: &Path,
    changed: &[&GeneratedFile],
    orphans: &[String],
    list_text: &str,
    options: &WriteOptions,
    report: &mut WriteReport,
) -> Result<(), CodegenError> {
    #[cfg(feature = "fault-injection")]
    let abort_after = options.abort_after_steps;
    #[cfg(not(feature = "fault-injection"))]
    let abort_after = None;
    #[cfg(any(test, feature = "fault-injection"))]
    let fail_at = options.fail_at_step;
    #[cfg(not(any(test, feature = "fault-injection")))]
    let fail_at = None;
    let _ = options;
    let mut steps = Steps {
        done: 0,
        abort_after,
        fail_at,
    };
    let stage = tempfile::Builder::new()
        .prefix(STAGE_PREFIX)
        .tempdir_in(root)
        .map_err(io("create a staging folder in", root))?;
    let stage_dir = stage.path().to_path_buf();
    let stage_name = stage_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // 1. Stage.
    let mut journal = Vec::new();
    let mut staged = Vec::new();
    for (n, f) in changed.iter().enumerate() {
        let path = slot(&stage_dir, "new", n);
        if n % SLOTS_PER_FOLDER == 0 {
            fs::create_dir_all(path.parent().unwrap_or(&stage_dir))
                .map_err(io("create folder", &stage_dir))?;
        }
        File::create_new(&path)
            .and_then(|mut file| file.write_all(f.contents.as_bytes()))
            .map_err(io("write", &path))?;
        staged.push(path);
        journal.push(Step::Put(n, f.path.clone()));
        steps.step();
    }
    for (n, orphan) in orphans.iter().enumerate() {
        journal.push(Step::Remove(n, orphan.clone()));
    }
    let list_path = stage_dir.join("list");
    File::create_new(&list_path)
        .and_then(|mut file| file.write_all(list_text.as_bytes()))
        .map_err(io("write", &list_path))?;
    staged.push(list_path);
    journal.push(Step::List);
    sync_all_under(&stage_dir, &staged)?;
    // 2. Journal.
    let journal_staged = stage_dir.join("journal");
    File::create_new(&journal_staged)
        .and_then(|mut file| {
            file.write_all(journal_text(&stage_name, &journal).as_bytes())?;
            file.sync_all()
        })
        .map_err(io("write", &journal_staged))?;
    let journal_path = root.join(JOURNAL);
    fs::rename(&journal_staged, &journal_path).map_err(io("rename into place", &journal_path))?;
    File::open(root).and_then(|d| d.sync_all()).ok();
    steps.step();
    // 3. Apply, undoably.
    let mut done: Vec<&Step> = Vec::new();
    let mut created = Vec::new();
    let applied = apply(
        root,
        &stage_dir,
        &journal,
        &mut done,
        &mut created,
        &mut steps,
    );
    if let Err(e) = applied {
        undo(root, &stage_dir, &done, &created);
        fs::remove_file(&journal_path).ok();
        return Err(e);
    }
    // 4. Finish.
    sync_all_under(root, &[])?;
    fs::remove_file(&journal_path).map_err(io("remove", &journal_path))?;
    drop(stage);
    for step in &journal {
        match step {
            Step::Put(_, path) => report.written.push(path.clone()),
            Step::Remove(_, path) => {
                list::remove_empty_parents(root, path);
                report.removed.push(path.clone());
            }
            Step::List => {}
        }
    }
    Ok(())
}

fn apply<'j>(
    root: &Path,
    stage: &Path,
    journal: &'j [Step],
    done: &mut Vec<&'j Step>,
    created: &mut Vec<PathBuf>,
    steps: &mut Steps,
) -> Result<(), CodegenError> {
    for step in journal {
        match step {
            Step::Put(n, path) => {
                let target = root.join(path);
                steps.fault(&target)?;
                if fs::symlink_metadata(&target).is_ok() {
                    let backup = slot(stage, "old", *n);
                    fs::rename(&target, &backup).map_err(io("move aside", &target))?;
                }
                done.push(step);
                create_parents(root, path, created)?;
                fs::rename(slot(stage, "new", *n), &target)
                    .map_err(io("rename into place", &target))?;
            }
            Step::Remove(n, path) => {
                let target = root.join(path);
                steps.fault(&target)?;
                let gone = slot(stage, "gone", *n);
                if let Some(folder) = gone.parent() {
                    fs::create_dir_all(folder).map_err(io("create folder", folder))?;
                }
                fs::rename(&target, gone).map_err(io("remove", &target))?;
                done.push(step);
            }
            Step::List => {
                let target = root.join(LIST);
                if fs::symlink_metadata(&target).is_ok() {
                    fs::rename(&target, stage.join("old-list"))
                        .map_err(io("move aside", &target))?;
                }
                done.push(step);
                fs::rename(stage.join("list"), &target)
                    .map_err(io("rename into place", &target))?;
            }
        }
        steps.step();
    }
    Ok(())
}

/// Undoes `done` in reverse: the new files go back to the staging folder, the old ones
/// return, the folders the commit created go. Best effort: what cannot be undone is left
/// for the journal-less folder to show.
fn undo(root: &Path, stage: &Path, done: &[&Step], created: &[PathBuf]) {
    for step in done.iter().rev() {
        match step {
            Step::Put(n, path) => {
                let target = root.join(path);
                let backup = slot(stage, "old", *n);
                if fs::symlink_metadata(slot(stage, "new", *n)).is_err() {
                    fs::rename(&target, slot(stage, "new", *n)).ok();
                }
                if fs::symlink_metadata(&backup).is_ok() {
                    fs::rename(&backup, &target).ok();
                }
            }
            Step::Remove(n, path) => {
                fs::rename(slot(stage, "gone", *n), root.join(path)).ok();
            }
            Step::List => {
                let target = root.join(LIST);
                if fs::symlink_metadata(stage.join("list")).is_err() {
                    fs::rename(&target, stage.join("list")).ok();
                }
                fs::rename(stage.join("old-list"), &target).ok();
            }
        }
    }
    for dir in created.iter().rev() {
        fs::remove_dir(dir).ok();
    }
}
