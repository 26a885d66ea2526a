//! `cargo xtask man`: the `kubelab` command's man pages (`kubelab.1` and one a subcommand,
//! `kubelab-render.1`, ...), from the same clap definition as the command, into
//! `<target>/man/` (`target/man/` unless cargo's target folder is elsewhere).

use crate::Failure;
use std::path::{Path, PathBuf};

/// Arguments of `man`.
#[derive(clap::Args, Default)]
pub struct ManArgs {
    /// Folder to write into [default: `man` in cargo's target folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn write(dir: &Path, name: &str, command: clap::Command) -> Result<PathBuf, Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .title(name)
        .render(&mut page)
        .map_err(|e| Failure::Failed(format!("cannot render the man page {name}: {e}")))?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, page)
        .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Writes the man pages; returns their paths.
pub fn pages(args: &ManArgs) -> Result<Vec<PathBuf>, Failure> {
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| crate::target_dir().join("man"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", dir.display())))?;
    let command = kubelab_cli::cli::command();
    let mut written = vec![write(&dir, "kubelab", command.clone())?];
    for sub in command.get_subcommands() {
        let name = format!("kubelab-{}", sub.get_name());
        written.push(write(&dir, &name, sub.clone())?);
    }
    Ok(written)
}

/// `cargo xtask man`.
pub fn run(args: &ManArgs) -> Result<(), Failure> {
    for path in pages(args)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
