//! The `kubelab` command: what each subcommand does, as functions that `main.rs` (and the
//! repository's `cargo xtask`) call. Every function returns its outcome; only `main.rs`
//! prints the final error and chooses the exit code ([`Exit`]).
#![deny(missing_docs)]

pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod explain;
pub mod import;
pub mod init;
pub mod render;
pub mod schema;

use std::fmt;

/// Exit codes, as documented in `kubelab --help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Ok = 0,
    /// 1: `--check` found stale, missing or orphaned files (a diff is printed), or
    /// `diff --exit-code` found changes.
    Stale = 1,
    /// 2: the course file is invalid; nothing was written.
    Invalid = 2,
    /// 3: a file could not be read or written (or would be overwritten by `init`).
    Io = 3,
    /// 64: the command line itself is wrong (sysexits `EX_USAGE`).
    Usage = 64,
}

/// Why a command stopped: the exit code and what to print on stderr.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// The message, ready to print (lines already prefixed as needed).
    pub message: String,
}

impl Failure {
    /// A failure with exit code `exit`.
    pub fn new(exit: Exit, message: impl fmt::Display) -> Failure {
        Failure {
            exit,
            message: message.to_string(),
        }
    }
}

impl Failure {
    /// A failure with one error to print: `error: <message>` and a final newline (a
    /// message may go on with `help:` lines).
    pub fn error(exit: Exit, message: impl fmt::Display) -> Failure {
        Failure::new(exit, format!("error: {message}\n"))
    }

    /// A file that could not be written.
    pub fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Failure {
        Failure::error(Exit::Io, format!("cannot write `{}`: {e}", path.display()))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How much to print besides errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only (`-q`).
    Quiet,
    /// Errors, warnings and a one-line summary.
    #[default]
    Normal,
    /// Also every file written or removed (`-v`).
    Verbose,
}

/// Where the diagnostics go, and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    /// How much to print.
    pub verbosity: Verbosity,
    /// Colour on stderr.
    pub color: bool,
}

impl Output {
    /// Whether colour is on when left to kubelab (`--color auto`): stderr is a terminal and
    /// `NO_COLOR` is unset or empty (no-color.org).
    pub fn auto_color() -> bool {
        use std::io::IsTerminal as _;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        !no_color && std::io::stderr().is_terminal()
    }
}
