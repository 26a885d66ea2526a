//! `cargo xtask`: render the course, check it is current, and run everything CI runs.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use xtask::{Failure, bench, diff, render, test};

/// Project automation for kubelab.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every lab of the course into `generated/` (or check that it is current).
    Render(render::RenderArgs),
    /// Write the course file's JSON Schema into `generated/` (also done by `render`).
    Schema(render::SchemaArgs),
    /// Print what changes from one lab to another (`cargo xtask diff single lb`).
    Diff(diff::DiffArgs),
    /// Measure render speed and memory against a serde baseline (release build).
    Bench(bench::BenchArgs),
    /// Internal: one benchmark scenario in its own process.
    #[command(hide = true)]
    BenchWorker(bench::WorkerArgs),
    /// Run everything CI runs: fmt, clippy, tests, examples, render --check, schema check.
    Test(test::TestArgs),
    /// Parse, validate and render mutated course files; no case may panic.
    Fuzz(xtask::fuzz::FuzzArgs),
    /// Write the `kubelab` command's man pages into `target/man/`.
    Man(xtask::man::ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render::run(&args),
        Command::Schema(args) => render::schema(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Fuzz(args) => xtask::fuzz::run(&args),
        Command::Man(args) => xtask::man::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::BenchWorker(args) => bench::worker(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Failed(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(1)
        }
        Err(Failure::Invalid(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
        Err(Failure::Cli(failure)) => {
            eprint!("{}", failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}
