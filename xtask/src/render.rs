//! `cargo xtask render` and `cargo xtask schema`.

use crate::{Failure, workspace_root};
use kubelab::codegen::{self, GeneratedFile};
use kubelab::layout::SCHEMA;
use kubelab::{Format, Options, Severity};
use std::path::{Path, PathBuf};

/// Output format on the command line.
#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// Multi-document YAML.
    #[default]
    Yaml,
    /// A kubectl List in JSON.
    Json,
}

/// Arguments of `render`.
#[derive(clap::Args, Default)]
pub struct RenderArgs {
    /// The course file (default: `course.yaml` in the workspace).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check that the output is current instead of writing it; exit 1 with a diff if not.
    #[arg(long)]
    pub check: bool,
    /// Output directory (default: `generated/` in the workspace).
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
}

/// The repository's course file.
pub fn default_config() -> PathBuf {
    workspace_root().join("course.yaml")
}

/// An invalid course: every problem on its own line, each prefixed once with its
/// severity; a validation report ends with the count and "nothing was written".
pub fn invalid(e: impl std::fmt::Display) -> Failure {
    let lines: Vec<String> = e
        .to_string()
        .lines()
        .map(|l| format!("error: {l}"))
        .collect();
    Failure::Invalid(lines.join("\n"))
}

fn invalid_report(report: &kubelab::validate::Report) -> Failure {
    let mut lines: Vec<String> = report
        .violations
        .iter()
        .map(|v| match v.severity {
            Severity::Error => format!("error: {v}"),
            Severity::Warning => format!("warning: {v}"),
        })
        .collect();
    lines.push(format!(
        "{} error(s), {} warning(s); nothing was written",
        report.errors().count(),
        report.warnings().count()
    ));
    Failure::Invalid(lines.join("\n"))
}

/// Every file `render` produces for the course file `config`, relative to the output
/// directory: one manifest per lab and the course file's JSON Schema.
pub fn course_files(config: &Path, format: FormatArg) -> Result<Vec<GeneratedFile>, Failure> {
    render_files(config, format, false, None)
}

/// [`course_files`], printing validation warnings to stderr; `deny_warnings` makes them
/// errors.
pub fn render_files(
    config: &Path,
    format: FormatArg,
    deny_warnings: bool,
    report: Option<&Path>,
) -> Result<Vec<GeneratedFile>, Failure> {
    let course = kubelab::course::load(config).map_err(invalid)?;
    let source = config
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| config.display().to_string());
    let options = Options {
        format: match format {
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Json => Format::Json,
        },
        header: kubelab::manifest::header("`cargo xtask render`", &source),
        deny_warnings,
        templates: Some(workspace_root().join("templates")),
    };
    let generated = kubelab::generate(&course, &options).map_err(|e| match e {
        kubelab::Error::Invalid(report) => invalid_report(&report),
        kubelab::Error::Codegen(_) | kubelab::Error::Serialize(_) => Failure::Failed(e.to_string()),
        _ => invalid(e),
    })?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(report) = report {
        std::fs::write(report, generated.author_report(&course)).map_err(|e| {
            Failure::Failed(format!("cannot write the report {}: {e}", report.display()))
        })?;
    }
    let mut files = generated.files;
    files.push(GeneratedFile::new(SCHEMA, schema_json()?));
    Ok(files)
}

/// Writes `files` to `out`, or with `check` reports what is stale.
pub fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<(), Failure> {
    if check {
        let stale = codegen::check(out, files).map_err(invalid)?;
        if stale.is_empty() {
            println!(
                "render --check: {} files in {} are current",
                files.len(),
                out.display()
            );
            return Ok(());
        }
        let mut msg: String = stale.iter().map(|s| s.diff.as_str()).collect();
        msg.push_str(&format!(
            "render --check: {} of {} files in {} are stale or missing; run `cargo xtask render`",
            stale.len(),
            files.len(),
            out.display()
        ));
        return Err(Failure::Failed(msg));
    }
    let report = codegen::write(out, files).map_err(invalid)?;
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

/// Renders (or checks) a course.
pub fn run(args: &RenderArgs) -> Result<(), Failure> {
    let config = args.config.clone().unwrap_or_else(default_config);
    let files = render_files(
        &config,
        args.format,
        args.deny_warnings,
        args.report.as_deref(),
    )?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("generated"));
    sync(&out, &files, args.check)
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

/// Writes (or checks) only the course file's JSON Schema.
pub fn schema(args: &SchemaArgs) -> Result<(), Failure> {
    let files = vec![GeneratedFile::new(SCHEMA, schema_json()?)];
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("generated"));
    sync(&out, &files, args.check)
}

/// The course file's JSON Schema, as the render writes it.
fn schema_json() -> Result<String, Failure> {
    kubelab::course::schema_json().map_err(|e| Failure::Failed(e.to_string()))
}
