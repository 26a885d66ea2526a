//! `kubelab`: render a course file into Kubernetes manifests and lab pages.

use clap::Parser;
use kubelab_cli::cli::{Cli, Color, Command};
use kubelab_cli::render::Defaults;
use kubelab_cli::{Exit, Output, Verbosity, diff, explain, import, init, render, schema};
use std::process::ExitCode;

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
        Command::Import(args) => import::run(args, out),
        Command::Schema(args) => schema::run(args),
        Command::Diff(args) => diff::run(args, &defaults.course, out),
        Command::Explain(args) => explain::run(args),
        Command::Completion { shell } => kubelab_cli::cli::completion(*shell),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}
