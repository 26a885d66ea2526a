//! `cargo xtask render`.

use crate::{Failure, workspace_root};
use kubelab::codegen;
use kubelab::{Format, RenderOptions};
use std::path::PathBuf;

/// Output format on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    /// Multi-document YAML.
    Yaml,
    /// A kubectl List in JSON.
    Json,
}

/// Arguments of `render`.
#[derive(clap::Args)]
pub struct RenderArgs {
    /// Check that the output is current instead of writing it; exit 1 with a diff if not.
    #[arg(long)]
    pub check: bool,
    /// Output directory (default: `generated/` in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Manifest format.
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: FormatArg,
}

/// Every file `cargo xtask render` produces for this repository, relative to the output
/// directory.
pub fn repo_files(format: FormatArg) -> Result<Vec<codegen::GeneratedFile>, Failure> {
    let course = kubelab::presets::course();
    let options = RenderOptions {
        format: match format {
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Json => Format::Json,
        },
        header: kubelab::render::header("`cargo xtask render`", "the kubelab presets"),
    };
    kubelab::render_course(&course, &options).map_err(|e| Failure::Invalid(e.to_string()))
}

/// Renders (or checks) the course.
pub fn run(args: &RenderArgs) -> Result<(), Failure> {
    let files = repo_files(args.format)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("generated"));
    let io = |e: codegen::CodegenError| Failure::Invalid(e.to_string());
    if args.check {
        let stale = codegen::check(&out, &files).map_err(io)?;
        if stale.is_empty() {
            println!(
                "render --check: {} files in {} are current",
                files.len(),
                out.display()
            );
            return Ok(());
        }
        let mut msg = String::new();
        for s in &stale {
            msg.push_str(&s.diff);
        }
        msg.push_str(&format!(
            "render --check: {} of {} files in {} are stale or missing; run `cargo xtask render`",
            stale.len(),
            files.len(),
            out.display()
        ));
        return Err(Failure::Failed(msg));
    }
    let report = codegen::write(&out, &files).map_err(io)?;
    println!(
        "render: wrote {} files, {} unchanged, in {}",
        report.written.len(),
        report.unchanged.len(),
        out.display()
    );
    for path in &report.written {
        println!("  wrote {path}");
    }
    Ok(())
}
