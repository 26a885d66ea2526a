//! `kubelab import FILE... [-o COURSE]`: a course file from existing Kubernetes manifests,
//! one lab a file. Written only when the import reproduces every object; never over an
//! existing file without `--force`.

use crate::{Exit, Failure, Output, Verbosity};
use kubelab::import::{ImportError, ImportOptions};
use kubelab::spec::KubernetesVersion;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The manifests, one lab each (YAML, several documents or a `List`, or JSON).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The course file to write; `-` prints it to stdout.
    #[arg(short, long, value_name = "COURSE", default_value = "course.yaml")]
    pub output: PathBuf,
    /// Overwrite the course file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The Kubernetes version the course's clusters run (`1.26`); the newest kubelab
    /// knows when unset.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub kubernetes_version: Option<KubernetesVersion>,
}

fn parse_version(text: &str) -> Result<KubernetesVersion, String> {
    KubernetesVersion::parse(text)
        .ok_or_else(|| format!("`{text}` is not a Kubernetes version such as `1.26`"))
}

/// Imports the manifests and writes the course file (or prints it).
pub fn run(args: &ImportArgs, out: Output) -> Result<(), Failure> {
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout && !args.force && args.output.exists() {
        return Err(Failure::error(
            Exit::Io,
            format!(
                "`{}` exists; kubelab import writes nothing over a file\nhelp: choose another \
                 with `-o`, or pass `--force` to replace it",
                args.output.display()
            ),
        ));
    }
    let mut files = Vec::new();
    for path in &args.files {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::error(Exit::Io, format!("cannot read `{}`: {e}", path.display()))
        })?;
        files.push((path.display().to_string(), text));
    }
    let options = match args.kubernetes_version {
        Some(v) => ImportOptions::for_version(v),
        None => ImportOptions::default(),
    };
    let imported = kubelab::import::import(&files, &options).map_err(|e| {
        let help = match &e {
            ImportError::Unsupported { .. } => "\nhelp: no course file was written",
            _ => "\nhelp: no course file was written; fix the manifest and import again",
        };
        Failure::error(Exit::Invalid, format!("{e}{help}"))
    })?;
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(imported.course.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| Failure::error(Exit::Io, format!("cannot write to stdout: {e}")))?;
    } else {
        write(&args.output, &imported.course, args.force)?;
    }
    if out.verbosity != Verbosity::Quiet {
        for note in &imported.notes {
            eprintln!("note: {note}");
        }
        if !to_stdout {
            eprintln!(
                "import: wrote {} ({} lab(s), {} patch(es) for what kubelab's fields do not \
                 cover)\nnext: `kubelab render {}`",
                args.output.display(),
                imported.labs,
                imported.patches,
                args.output.display()
            );
        }
    }
    Ok(())
}

/// Writes `text` to `path` whole or not at all: a file beside it, then renamed over it (or,
/// without `force`, linked in place only if `path` still does not exist).
fn write(path: &Path, text: &str, force: bool) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| Failure::cannot_write(path, &e);
    let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    if force {
        file.persist(path).map_err(|e| fail(e.error))?;
    } else {
        file.persist_noclobber(path).map_err(|e| fail(e.error))?;
    }
    Ok(())
}
