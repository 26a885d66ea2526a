//! One render of a folder at a time: an exclusive lock on the output folder, held for the
//! whole of a write (recovery of an interrupted commit, staging, journal, apply, removal of
//! orphans) and of a check.
//!
//! The lock is the operating system's advisory file lock (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`), taken on the output folder itself where the
//! system allows it: nothing is created for it, so a check on a read-only checkout can lock
//! too. The system releases it when the process ends, however it ends: a render killed
//! while holding it never blocks the next one. Where a folder cannot be opened for locking
//! (Windows), a `.kubelab-lock` file inside it is locked instead.

use super::CodegenError;
use std::fs::{File, TryLockError};
use std::path::Path;

/// What a second render of a folder does while another holds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Wait {
    /// Wait for the other render to finish (as cargo does for its build folder).
    #[default]
    Block,
    /// Fail at once with [`CodegenError::Busy`].
    Fail,
}

/// The folder's lock, held until dropped.
#[derive(Debug)]
pub(super) struct FolderLock {
    // Closing the file releases the lock.
    _file: File,
}

/// Takes the exclusive lock on `root` (which exists). When another process or thread
/// holds it: with [`Wait::Block`], calls `on_wait` once, then waits; with [`Wait::Fail`],
/// returns [`CodegenError::Busy`].
pub(super) fn lock(
    root: &Path,
    wait: Wait,
    on_wait: Option<fn(&Path)>,
) -> Result<FolderLock, CodegenError> {
    let file = open(root)?;
    match file.try_lock() {
        Ok(()) => Ok(FolderLock { _file: file }),
        Err(TryLockError::WouldBlock) => match wait {
            Wait::Fail => Err(CodegenError::Busy(root.to_path_buf())),
            Wait::Block => {
                if let Some(notify) = on_wait {
                    notify(root);
                }
                file.lock().map_err(|source| CodegenError::Io {
                    action: "lock",
                    path: root.to_path_buf(),
                    source,
                })?;
                Ok(FolderLock { _file: file })
            }
        },
        Err(TryLockError::Error(source)) => Err(CodegenError::Io {
            action: "lock",
            path: root.to_path_buf(),
            source,
        }),
    }
}

/// The file whose lock stands for the folder's: the folder itself on Unix.
#[cfg(unix)]
fn open(root: &Path) -> Result<File, CodegenError> {
    File::open(root).map_err(|source| CodegenError::Io {
        action: "open for locking",
        path: root.to_path_buf(),
        source,
    })
}

/// The file whose lock stands for the folder's: `.kubelab-lock` inside it, where a folder
/// cannot be opened as a file.
#[cfg(not(unix))]
fn open(root: &Path) -> Result<File, CodegenError> {
    let path = root.join(".kubelab-lock");
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| CodegenError::Io {
            action: "open for locking",
            path,
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_waits_or_fails_and_the_first_release_frees_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path(), Wait::Fail, None).expect("the first lock");
        // A second open file description, as a second process would have.
        let second = lock(dir.path(), Wait::Fail, None);
        assert!(matches!(second, Err(CodegenError::Busy(_))), "{second:?}");
        let other = tempfile::tempdir().expect("tempdir");
        lock(other.path(), Wait::Fail, None).expect("another folder is free");
        drop(first);
        lock(dir.path(), Wait::Fail, None).expect("free once the first is dropped");
    }

    #[test]
    fn a_waiting_lock_says_so_once_and_gets_the_folder_when_it_is_released() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NOTES: AtomicUsize = AtomicUsize::new(0);
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path(), Wait::Fail, None).expect("the first lock");
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            lock(
                &path,
                Wait::Block,
                Some(|_| {
                    NOTES.fetch_add(1, Ordering::SeqCst);
                }),
            )
            .map(|_| ())
        });
        while NOTES.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        assert!(
            !waiter.is_finished(),
            "it waits while the first holds the lock"
        );
        drop(first);
        waiter.join().expect("joins").expect("locks once released");
        assert_eq!(NOTES.load(Ordering::SeqCst), 1);
    }
}
