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
    let labs = &loaded.course.labs;
    let find = |id: &str| {
        labs.iter().find(|l| l.id == id).ok_or_else(|| {
            let ids: Vec<&str> = labs.iter().map(|l| l.id.as_str()).collect();
            let hint = kubelab::course::did_you_mean(id, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Failure::new(
                Exit::Usage,
                format!(
                    "error: no lab with id `{id}` in {}\nhelp: {hint}the labs are {}\n",
                    loaded.shown,
                    ids.join(", ")
                ),
            )
        })
    };
    let (a, b) = (find(&args.from)?, find(&args.to)?);
    let changes = kubelab::diff::diff(&a.objects(), &b.objects())
        .map_err(|e| Failure::new(Exit::Io, format!("error: {e}\n")))?;
    if changes.is_empty() {
        println!("no changes from `{}` to `{}`", a.id, b.id);
    }
    for change in changes {
        println!("{change}");
    }
    Ok(())
}
