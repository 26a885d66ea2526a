//! `kubelab`: render a course file into Kubernetes manifests and lab pages.

use clap::{Parser, Subcommand};
use kubelab_cli::render::Defaults;
use kubelab_cli::{Exit, Output, Verbosity, diff, explain, init, render, schema};
use std::process::ExitCode;

const EXIT_CODES: &str = "Exit codes: 0 done; 1 `--check` found stale files (or `diff \
                          --exit-code` found changes); 2 the course file is invalid (nothing \
                          was written); 3 a file could not be read or written, or another \
                          render holds the folder with `--no-wait`; 64 the command line is \
                          wrong.";

/// Render a course file into Kubernetes manifests and lab pages.
#[derive(Parser)]
#[command(name = "kubelab", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Colour in messages: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Render a course: manifests, pages and the schema into a folder, or the manifests to
    /// stdout with `-o -`.
    Render(render::RenderArgs),
    /// Start a course: a working course.yaml and its schema.
    Init(init::InitArgs),
    /// Print the course file's JSON Schema.
    Schema(schema::SchemaArgs),
    /// Print what changes from one lab to another.
    Diff(diff::DiffArgs),
    /// Explain a rule (what it checks, why the cluster cares, how to fix it) or a course-file
    /// field (its type, values and description).
    Explain(explain::ExplainArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and --version go to stdout and succeed; anything else is a usage error.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(Exit::Usage as u8)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // `-v` means something only where files are written: `render`.
    let verbose = matches!(&cli.command, Command::Render(args) if args.verbose);
    let out = Output {
        verbosity: if cli.quiet {
            Verbosity::Quiet
        } else if verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        },
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => Output::auto_color(),
        },
    };
    #[cfg_attr(not(feature = "fault-injection"), allow(unused_mut))]
    let mut defaults = Defaults::default();
    // The crash tests' hook (crates/kubelab-cli/tests/crash.rs): abort mid-commit. Only in
    // a build with the test-only `fault-injection` feature.
    #[cfg(feature = "fault-injection")]
    {
        defaults.write.abort_after_steps = std::env::var("KUBELAB_TEST_ABORT_AFTER_STEPS")
            .ok()
            .and_then(|n| n.parse().ok());
    }
    let result = match &cli.command {
        Command::Render(args) => render::run(args, &defaults, out),
        Command::Init(args) => init::run(args, out),
        Command::Schema(args) => schema::run(args),
        Command::Diff(args) => diff::run(args, &defaults.course, out),
        Command::Explain(args) => explain::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}
