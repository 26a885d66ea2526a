//! `kubelab diff A B`: what changes from one lab of a course to another.

use crate::render::load;
use crate::{Exit, Failure, Output};
use std::path::PathBuf;

/// Arguments of `diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// Id of the earlier lab (e.g. `single`).
    pub from: String,
    /// Id of the later lab (e.g. `lb`).
    pub to: String,
    /// The course file [default: ./course.yaml].
    #[arg(value_name = "COURSE")]
    pub course: Option<PathBuf>,
}

/// Prints one change a line.
pub fn run(args: &DiffArgs, default_course: &std::path::Path, out: Output) -> Result<(), Failure> {
    let path = args
        .course
        .clone()
        .unwrap_or_else(|| default_course.to_path_buf());
    let loaded = load(&path, out)?;
    // Each lab as it runs: the course's profile, namespace and load test applied.
    let info = &loaded.course.info;
    let a = loaded.lab(&args.from)?.resolved_in(info);
    let b = loaded.lab(&args.to)?.resolved_in(info);
    let changes =
        kubelab::diff::diff(&a.objects(), &b.objects()).map_err(|e| Failure::error(Exit::Io, e))?;
    if changes.is_empty() {
        println!("no changes from `{}` to `{}`", a.id, b.id);
    }
    for change in changes {
        println!("{change}");
    }
    Ok(())
}
