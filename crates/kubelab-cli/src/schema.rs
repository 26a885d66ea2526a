//! `kubelab schema`: the course file's JSON Schema.

use crate::{Exit, Failure};
use std::io::Write as _;
use std::path::PathBuf;

/// Arguments of `schema`.
#[derive(Debug, Clone, clap::Args)]
pub struct SchemaArgs {
    /// Write it to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Prints (or writes) the schema.
pub fn run(args: &SchemaArgs) -> Result<(), Failure> {
    let text = kubelab::course::schema_json();
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::write(path, text).map_err(|e| Failure::cannot_write(path, &e))
        }
        _ => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::error(Exit::Io, format!("cannot write to stdout: {e}"))),
    }
}
