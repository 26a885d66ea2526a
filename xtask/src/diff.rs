//! `cargo xtask diff LAB_A LAB_B`: what changes between two labs of the course (the
//! `kubelab diff` command, on this repository's course by default).

use crate::{Failure, render::default_config};
use std::path::PathBuf;

/// Arguments of `diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// Id of the earlier lab (e.g. `single`).
    pub from: String,
    /// Id of the later lab (e.g. `lb`).
    pub to: String,
    /// The course file (default: `course.yaml` in the workspace).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with 1 when the labs differ, as `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
}

/// Prints one change a line.
pub fn run(args: &DiffArgs) -> Result<(), Failure> {
    let cli = kubelab_cli::diff::DiffArgs {
        from: args.from.clone(),
        to: args.to.clone(),
        course: args.config.clone(),
        exit_code: args.exit_code,
    };
    Ok(kubelab_cli::diff::run(
        &cli,
        &default_config(),
        crate::render::output(false),
    )?)
}
