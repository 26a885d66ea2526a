//! `cargo xtask render` and `cargo xtask schema`: the `kubelab` command's render, with this
//! repository's defaults (its `course.yaml`, `generated/`, `templates/`).

use crate::{Failure, workspace_root};
use kubelab::codegen::GeneratedFile;
use kubelab::layout::SCHEMA;
use kubelab_cli::render::{Defaults, load};
use kubelab_cli::{Output, Verbosity};
use std::path::{Path, PathBuf};

pub use kubelab_cli::render::FormatArg;

/// Arguments of `render`.
#[derive(clap::Args, Default)]
pub struct RenderArgs {
    /// The course file (default: `course.yaml` in the workspace).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check that the output is current instead of writing it; exit 1 with a diff if not.
    #[arg(long)]
    pub check: bool,
    /// Output directory (default: `generated/` in the workspace), `-` for the manifests
    /// alone on stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Manifest format.
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: FormatArg,
    /// Treat validation warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also write the author's report (every warning with its rule, Markdown) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also list every file written or removed.
    #[arg(short, long)]
    pub verbose: bool,
    /// Fail at once (exit 3) when another render of the output folder is under way.
    #[arg(long)]
    pub no_wait: bool,
}

/// The repository's course file.
pub fn default_config() -> PathBuf {
    workspace_root().join("course.yaml")
}

/// The repository's render defaults: its course, `generated/`, `templates/`.
pub fn defaults() -> Defaults {
    Defaults {
        course: default_config(),
        output: Some(workspace_root().join("generated")),
        pages: kubelab::Pages::Folder(workspace_root().join("templates")),
        generator: "`cargo xtask render`".to_owned(),
        write: kubelab::codegen::WriteOptions::default(),
    }
}

/// Colour as `kubelab --color auto` decides it.
pub fn output(verbose: bool) -> Output {
    Output {
        verbosity: if verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        },
        color: Output::auto_color(),
    }
}

/// An invalid course: every problem on its own line, each prefixed once with `error: `.
pub fn invalid(e: impl std::fmt::Display) -> Failure {
    let lines: Vec<String> = e
        .to_string()
        .lines()
        .map(|l| format!("error: {l}"))
        .collect();
    Failure::Invalid(lines.join("\n"))
}

fn cli_args(args: &RenderArgs) -> kubelab_cli::render::RenderArgs {
    kubelab_cli::render::RenderArgs {
        course: args.config.clone(),
        output: args.out.clone(),
        check: args.check,
        format: Some(args.format),
        deny_warnings: args.deny_warnings,
        report: args.report.clone(),
        lab: Vec::new(),
        no_wait: args.no_wait,
        verbose: args.verbose,
    }
}

/// Every file `render` produces for the course file `config`, relative to the output
/// directory: manifests, pages and the course file's JSON Schema.
pub fn course_files(config: &Path, format: FormatArg) -> Result<Vec<GeneratedFile>, Failure> {
    let args = RenderArgs {
        config: Some(config.to_path_buf()),
        format,
        ..RenderArgs::default()
    };
    let out = output(false);
    let loaded = load(config, out)?;
    Ok(kubelab_cli::render::files(
        &loaded,
        &cli_args(&args),
        &defaults(),
        true,
        out,
    )?)
}

/// Renders (or checks) a course.
pub fn run(args: &RenderArgs) -> Result<(), Failure> {
    Ok(kubelab_cli::render::run(
        &cli_args(args),
        &defaults(),
        output(args.verbose),
    )?)
}

/// Arguments of `schema`.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// Output directory (default: `generated/` in the workspace).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Check instead of writing.
    #[arg(long)]
    pub check: bool,
}

/// Writes (or checks) only the course file's JSON Schema. It does not keep a list of
/// generated files: `render` does that for the whole folder.
pub fn schema(args: &SchemaArgs) -> Result<(), Failure> {
    let text = kubelab::course::schema_json();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("generated"));
    let path = out.join(SCHEMA);
    if args.check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == text {
            println!("schema --check: {} is current", path.display());
            return Ok(());
        }
        return Err(Failure::Failed(format!(
            "schema --check: {} is stale; run `cargo xtask schema`",
            path.display()
        )));
    }
    kubelab::codegen::write(&out, &[GeneratedFile::new(SCHEMA, text)])
        .map_err(|e| Failure::Failed(e.to_string()))?;
    println!("schema: wrote {}", path.display());
    Ok(())
}
