//! `kubelab init [DIR]`: a working course file and its schema, to start a course in its
//! own repository.

use crate::{Exit, Failure, Output, Verbosity};
use std::path::PathBuf;

/// The course file `init` writes: two labs that render without a warning.
pub const STARTER: &str = include_str!("starter.course.yaml");

/// Arguments of `init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder to start the course in (created if missing) [default: .].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Writes `course.yaml` and `course.schema.json` into the folder; refuses to overwrite.
pub fn run(args: &InitArgs, out: Output) -> Result<(), Failure> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let files = [
        (dir.join("course.yaml"), STARTER.to_owned()),
        (
            dir.join(kubelab::layout::SCHEMA),
            kubelab::course::schema_json(),
        ),
    ];
    if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(Failure::error(
            Exit::Io,
            format!(
                "`{}` exists; kubelab init writes nothing over a file\nhelp: run it in an \
                 empty folder (`kubelab init my-course`), or delete the file",
                path.display()
            ),
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Failure::cannot_write(&dir, &e))?;
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| Failure::cannot_write(path, &e))?;
    }
    if out.verbosity != Verbosity::Quiet {
        let course = files[0].0.display();
        println!(
            "init: wrote {course} and {}\nnext: edit {course}, then `kubelab render{}`",
            files[1].0.display(),
            if args.dir.is_some() {
                format!(" {course}")
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
