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
    /// Exit with 1 when the labs differ (0 when they do not), as `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
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
    let differ = !changes.is_empty();
    for change in changes {
        println!("{change}");
    }
    if args.exit_code && differ {
        // The changes are printed; the exit code says that there were some.
        return Err(Failure::new(Exit::Stale, String::new()));
    }
    Ok(())
}
