//! The command line's grammar: the `kubelab` command, its global options and its
//! subcommands, for `main.rs`, for shell completions and for the man page
//! (`cargo xtask man`).

use crate::{diff, explain, import, init, render, schema};
use clap::{Parser, Subcommand};

/// The exit codes, shown after the help.
pub const EXIT_CODES: &str = "Exit codes: 0 done; 1 `--check` found stale files (or `diff \
                          --exit-code` found changes); 2 the course file (for `import`, a \
                          manifest) is invalid (nothing was written); 3 a file could not be \
                          read or written (or exists, for `init` and `import`), or another \
                          render holds the folder with `--no-wait`; 64 the command line is \
                          wrong.";

/// Render a course file into Kubernetes manifests and lab pages.
#[derive(Parser)]
#[command(name = "kubelab", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    /// What to do.
    pub command: Command,
    /// Print errors only.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Colour in messages: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: Color,
}

#[derive(Clone, Copy, clap::ValueEnum)]
/// When to colour messages.
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Subcommand)]
/// The subcommands.
pub enum Command {
    /// Render a course: manifests, pages and the schema into a folder, or the manifests to
    /// stdout with `-o -`.
    Render(render::RenderArgs),
    /// Start a course: a working course.yaml and its schema.
    Init(init::InitArgs),
    /// Start a course from existing manifests: one lab a file, patches for what kubelab's
    /// fields do not cover.
    Import(import::ImportArgs),
    /// Print the course file's JSON Schema.
    Schema(schema::SchemaArgs),
    /// Print what changes from one lab to another.
    Diff(diff::DiffArgs),
    /// Explain a rule (what it checks, why the cluster cares, how to fix it) or a course-file
    /// field (its type, values and description).
    Explain(explain::ExplainArgs),
    /// Print a shell's completion script for kubelab (`kubelab completion bash >
    /// ~/.local/share/bash-completion/completions/kubelab`).
    Completion {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The `kubelab` command's clap definition, for completions and the man page.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Prints `shell`'s completion script for kubelab.
pub fn completion(shell: clap_complete::Shell) -> Result<(), crate::Failure> {
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "kubelab", &mut script);
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, &script)
        .and_then(|()| std::io::Write::flush(&mut stdout))
        .map_err(|e| crate::Failure::error(crate::Exit::Io, format!("cannot write to stdout: {e}")))
}
