//! `cargo xtask diff LAB_A LAB_B`: what changes between two labs of the course.

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
}

/// Prints one change a line.
pub fn run(args: &DiffArgs) -> Result<(), Failure> {
    let config = args.config.clone().unwrap_or_else(default_config);
    let course = kubelab::course::load(&config).map_err(crate::render::invalid)?;
    let find = |id: &str| {
        course.labs.iter().find(|l| l.id == id).ok_or_else(|| {
            let ids: Vec<&str> = course.labs.iter().map(|l| l.id.as_str()).collect();
            let hint = kubelab::course::did_you_mean(id, ids.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            crate::render::invalid(format!(
                "no lab with id `{id}` (labs: {}){hint}",
                ids.join(", ")
            ))
        })
    };
    let (a, b) = (find(&args.from)?, find(&args.to)?);
    let changes = kubelab::diff::diff(&a.objects(), &b.objects())
        .map_err(|e| Failure::Failed(e.to_string()))?;
    if changes.is_empty() {
        println!("no changes from `{}` to `{}`", a.id, b.id);
    }
    for change in changes {
        println!("{change}");
    }
    Ok(())
}
