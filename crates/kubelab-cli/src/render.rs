//! `kubelab render`: a course file -> manifests, pages and the schema in an output folder
//! (or checked against it), or the manifests alone on stdout.

use crate::diagnostics::Diagnostics;
use crate::{Exit, Failure, Output, Verbosity};
use kubelab::codegen::{self, GeneratedFile};
use kubelab::layout::SCHEMA;
use kubelab::{Format, Options, Pages};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Output format on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Multi-document YAML.
    #[default]
    Yaml,
    /// A kubectl List in JSON.
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Json => Format::Json,
        }
    }
}

/// Arguments of `render`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RenderArgs {
    /// The course file [default: ./course.yaml]; `-` reads it from stdin (paths in it are
    /// then relative to the current folder).
    #[arg(value_name = "COURSE")]
    pub course: Option<PathBuf>,
    /// Output folder, or `-` for the manifests alone on stdout, one stream for
    /// `kubectl apply -f -` [default: `generated` beside the course file].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Check that the output folder is current instead of writing it; exit 1 with a diff if
    /// not.
    #[arg(long, conflicts_with = "lab")]
    pub check: bool,
    /// Manifest format [default: the one the output folder was rendered in, else yaml].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Treat validation warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also write the author's report (every warning with its rule, Markdown) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Only these labs (by id, repeated or comma-separated: `--lab a,b`), in course order:
    /// with `-o -` their manifests; with a folder, a course of these labs alone (validated
    /// with the whole course) [default: every lab].
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub lab: Vec<String>,
    /// Also list every file written or removed.
    #[arg(short, long)]
    pub verbose: bool,
    /// Fail at once (exit 3) when another render of the output folder is under way,
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

/// What a caller fixes about a render: the repository's `cargo xtask` renders its own
/// course with its own templates; `kubelab` renders relative to the working directory.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The course file when none is given.
    pub course: PathBuf,
    /// The output folder when none is given; `generated` beside the course file if `None`.
    pub output: Option<PathBuf>,
    /// Which templates the pages come from.
    pub pages: Pages,
    /// The command named in the "do not edit" header of every file.
    pub generator: String,
    /// How files are written (the crash tests' hooks).
    pub write: codegen::WriteOptions,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            course: PathBuf::from("course.yaml"),
            output: None,
            pages: Pages::BuiltIn,
            generator: "`kubelab render`".to_owned(),
            write: codegen::WriteOptions::default(),
        }
    }
}

/// The course file to read and the folder to write, from the arguments and the defaults.
pub fn paths(args: &RenderArgs, defaults: &Defaults) -> (PathBuf, PathBuf) {
    let course = args
        .course
        .clone()
        .unwrap_or_else(|| defaults.course.clone());
    let output = args
        .output
        .clone()
        .or_else(|| defaults.output.clone())
        .unwrap_or_else(|| beside(&course, "generated"));
    (course, output)
}

/// `name` in the folder of `file` (`generated` for `course.yaml` is `./generated`).
fn beside(file: &Path, name: &str) -> PathBuf {
    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// A loaded course and its text, for diagnostics.
pub struct Loaded {
    /// The course.
    pub course: kubelab::course::Parsed,
    /// The course file's text.
    pub text: String,
    /// The file as named in messages.
    pub shown: String,
}

impl Loaded {
    /// The lab with id `id`; a usage error naming the course's labs (and the closest id)
    /// when there is none.
    pub fn lab(&self, id: &str) -> Result<&kubelab::spec::Lab, Failure> {
        let labs = &self.course.labs;
        labs.iter().find(|l| l.id == id).ok_or_else(|| {
            let ids: Vec<&str> = labs.iter().map(|l| l.id.as_str()).collect();
            let hint = kubelab::course::did_you_mean(id, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Failure::error(
                Exit::Usage,
                format!(
                    "no lab with id `{id}` in {}\nhelp: {hint}use one of {}",
                    self.shown,
                    ids.join(", ")
                ),
            )
        })
    }
}

/// Reads and parses the course file; problems come back rendered with their source lines.
pub fn load(path: &Path, out: Output) -> Result<Loaded, Failure> {
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        "<stdin>".to_owned()
    } else {
        crate::diagnostics::shown(path)
    };
    let read = |path: &Path| {
        if stdin {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map(|_| bytes)
        } else {
            std::fs::read(path)
        }
    };
    let bytes = read(path).map_err(|e| {
        Failure::error(
            Exit::Io,
            format!(
                "cannot read the course file `{shown}`: {e}\nhelp: give the course file \
                 (`kubelab render path/to/course.yaml`), or create one with `kubelab init`"
            ),
        )
    })?;
    let text = kubelab::course::text(bytes, &shown).map_err(|e| {
        Failure::new(
            Exit::Invalid,
            Diagnostics::new(&shown, "", out.color).course_error(&e),
        )
    })?;
    // From stdin, `course.templates` is relative to the current folder.
    let relative_to = if stdin {
        Path::new("course.yaml")
    } else {
        path
    };
    let course = kubelab::course::parse_file(&text, relative_to).map_err(|e| {
        Failure::new(
            Exit::Invalid,
            Diagnostics::new(&shown, &text, out.color).course_error(&e),
        )
    })?;
    Ok(Loaded {
        course,
        text,
        shown,
    })
}

/// Every file a render produces for `loaded` (manifests, pages, the schema), its warnings
/// printed to stderr unless quiet.
pub fn files(
    loaded: &Loaded,
    args: &RenderArgs,
    defaults: &Defaults,
    pages: bool,
    out: Output,
) -> Result<Vec<GeneratedFile>, Failure> {
    let diagnostics = Diagnostics::new(&loaded.shown, &loaded.text, out.color);
    let source = Path::new(&loaded.shown).file_name().map_or_else(
        || loaded.shown.clone(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = Options::builder()
        .format(args.format.unwrap_or_default().into())
        .header(kubelab::manifest::header(&defaults.generator, &source))
        .deny_warnings(args.deny_warnings)
        .pages(if pages {
            defaults.pages.clone()
        } else {
            Pages::None
        })
        .build();
    let generated = kubelab::generate(&loaded.course, &options).map_err(|e| match e {
        kubelab::Error::Invalid(report) => Failure::new(Exit::Invalid, diagnostics.report(&report)),
        kubelab::Error::Template(e) => Failure::error(Exit::Invalid, e),
        e => Failure::error(Exit::Io, e),
    })?;
    if out.verbosity != Verbosity::Quiet && !generated.warnings.is_empty() {
        eprint!("{}", diagnostics.warnings(&generated.warnings));
    }
    if let Some(report) = &args.report {
        std::fs::write(report, generated.author_report(&loaded.course)).map_err(|e| {
            let shown = report.display();
            Failure::error(Exit::Io, format!("cannot write the report `{shown}`: {e}"))
        })?;
    }
    Ok(generated.files)
}

/// Renders (or checks) a course.
pub fn run(args: &RenderArgs, defaults: &Defaults, out: Output) -> Result<(), Failure> {
    let (course_path, output) = paths(args, defaults);
    if output.as_os_str() == "-" && args.check {
        return Err(Failure::error(
            Exit::Usage,
            "`--check` compares an output folder, and `-o -` writes to stdout: they do not go \
             together\nhelp: drop `--check` to print the manifests, or `-o -` to check a folder",
        ));
    }
    // kubectl's `-o json` chooses a format; here `-o` is a folder.
    if let Some(name) = output
        .to_str()
        .filter(|n| matches!(*n, "json" | "yaml" | "yml"))
        && out.verbosity != Verbosity::Quiet
        && !output.is_dir()
    {
        eprintln!(
            "note: `-o {name}` renders into a folder named `{name}`; `--format json` chooses JSON \
             manifests, `-o -` prints them"
        );
    }
    let loaded = load(&course_path, out)?;
    if output.as_os_str() == "-" {
        return to_stdout(&loaded, args, defaults, out);
    }
    // The folder keeps the format it was rendered in: a later `--check` (or render) without
    // `--format` reads JSON manifests as JSON.
    let detected;
    let args = match args.format {
        Some(_) => args,
        None => {
            let json = kubelab::codegen::listed(&output)
                .unwrap_or_default()
                .iter()
                .any(|f| f.ends_with(".json") && f != SCHEMA);
            if json && out.verbosity != Verbosity::Quiet {
                eprintln!(
                    "note: {} holds JSON manifests (rendered with --format json): {} them as \
                     JSON",
                    output.display(),
                    if args.check { "checking" } else { "writing" }
                );
            }
            detected = RenderArgs {
                format: Some(if json {
                    FormatArg::Json
                } else {
                    FormatArg::Yaml
                }),
                ..args.clone()
            };
            &detected
        }
    };
    let files = if args.lab.is_empty() {
        files(&loaded, args, defaults, true, out)?
    } else {
        chosen_labs(&loaded, args, defaults, out, &output)?
    };
    sync(
        &output,
        &files,
        args.check,
        args.no_wait,
        &defaults.write,
        out,
    )
}

/// The files of a course made of the labs `--lab` chose (each validated with the whole
/// course first, so that a rule across labs still applies), said on stderr: the folder
/// then holds no other lab's files.
fn chosen_labs(
    loaded: &Loaded,
    args: &RenderArgs,
    defaults: &Defaults,
    out: Output,
    output: &Path,
) -> Result<Vec<GeneratedFile>, Failure> {
    for id in &args.lab {
        loaded.lab(id)?;
    }
    files(loaded, args, defaults, false, out)?;
    let mut course = loaded.course.clone();
    course.labs.retain(|l| args.lab.contains(&l.id));
    for lab in &mut course.labs {
        lab.runs_with.retain(|id| args.lab.contains(id));
    }
    let chosen: Vec<&str> = course.labs.iter().map(|l| l.id.as_str()).collect();
    if out.verbosity != Verbosity::Quiet {
        eprintln!(
            "note: rendering lab(s) {} alone into {}: it holds no other lab's files (render \
             without --lab for the whole course)",
            chosen.join(", "),
            output.display()
        );
    }
    let subset = Loaded {
        course,
        text: loaded.text.clone(),
        shown: loaded.shown.clone(),
    };
    // Warnings were printed for the whole course.
    let quiet = Output {
        verbosity: Verbosity::Quiet,
        ..out
    };
    files(&subset, args, defaults, true, quiet)
}

/// The manifests alone, as one stream, on stdout.
fn to_stdout(
    loaded: &Loaded,
    args: &RenderArgs,
    defaults: &Defaults,
    out: Output,
) -> Result<(), Failure> {
    // Validates the whole course (and prints its warnings); the files are not needed.
    files(loaded, args, defaults, false, out)?;
    let course = loaded.course.resolved();
    let labs = &course.labs;
    for id in &args.lab {
        loaded.lab(id)?;
    }
    let chosen: Vec<&kubelab::spec::Lab> = labs
        .iter()
        .filter(|l| args.lab.is_empty() || args.lab.contains(&l.id))
        .collect();
    let objects: Vec<_> = chosen.iter().map(|l| l.objects()).collect();
    if let Some(clash) = clash(&chosen, &objects) {
        return Err(Failure::error(Exit::Usage, clash));
    }
    let header = kubelab::manifest::header(&defaults.generator, &loaded.shown);
    let text = kubelab::manifest::stream(&objects, args.format.unwrap_or_default().into(), &header)
        .map_err(|e| Failure::error(Exit::Io, e))?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::error(Exit::Io, format!("cannot write to stdout: {e}")))
}

/// Why the chosen labs cannot be applied as one stream, if they cannot: two labs define
/// the same object (labs meant to run one after another: the later would be applied over
/// the earlier), or two Services of different names ask for one node port (the API server
/// refuses the second with `provided port is already allocated`).
fn clash(labs: &[&kubelab::spec::Lab], objects: &[kubelab::LabObjects]) -> Option<String> {
    let mut seen: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut ports: std::collections::BTreeMap<i32, (&str, Option<&String>)> =
        std::collections::BTreeMap::new();
    let refuse = |first: &str, second: &str, what: String| {
        Some(format!(
            "labs `{first}` and `{second}` cannot go to `kubectl apply` as one stream: {what}\n\
             help: print the labs that run together, one at a time: `--lab {first}`, then \
             `--lab {second}` (several with `--lab a,b`)"
        ))
    };
    for (lab, o) in labs.iter().zip(objects) {
        for doc in o.documents().ok()? {
            let key = format!(
                "{}/{}",
                doc["kind"].as_str()?,
                doc["metadata"]["name"].as_str()?
            );
            let namespaced = format!("{key} {}", doc["metadata"]["namespace"]);
            if let Some(first) = seen.insert(namespaced, lab.id.as_str()) {
                return refuse(
                    first,
                    &lab.id,
                    format!("both define {key}, so one would be applied over the other"),
                );
            }
        }
        for port in o.node_ports() {
            let name = o.service.metadata.name.as_ref();
            match ports.insert(port, (lab.id.as_str(), name)) {
                Some((first, other)) if other != name => {
                    return refuse(
                        first,
                        &lab.id,
                        format!(
                            "their Services both ask for node port {port}, and the API server refuses the second (`provided port is already allocated`)"
                        ),
                    );
                }
                _ => {}
            }
        }
    }
    None
}

/// Writes `files` to `output`, or with `check` reports what is stale.
pub fn sync(
    output: &Path,
    files: &[GeneratedFile],
    check: bool,
    no_wait: bool,
    write: &codegen::WriteOptions,
    out: Output,
) -> Result<(), Failure> {
    let shown = output.display();
    let io = |e: codegen::CodegenError| Failure::error(Exit::Io, e);
    let mut write = write.clone();
    if no_wait {
        write.wait = codegen::Wait::Fail;
    }
    if out.verbosity != Verbosity::Quiet {
        write.on_wait = Some(|folder| {
            eprintln!(
                "note: waiting for another kubelab render of {} to finish",
                folder.display()
            );
        });
    }
    if check {
        let stale = codegen::check_with(output, files, &write).map_err(io)?;
        if stale.is_empty() {
            if out.verbosity != Verbosity::Quiet {
                // Counted as a render counts them: the generated files, not the list of
                // them that kubelab keeps beside them.
                println!(
                    "render --check: {} files in {shown} are current",
                    files.len()
                );
            }
            return Ok(());
        }
        let mut msg: String = stale.iter().map(|s| s.diff.as_str()).collect();
        if stale.iter().any(|s| s.interrupted) {
            msg.push_str(&format!(
                "render --check: a render of {shown} was interrupted; run `kubelab render` to \
                 complete it (a check writes nothing)\n"
            ));
        }
        // Generated files, counted as a render counts them; the list kubelab keeps and
        // what an interrupted render left are said apart.
        let counted = stale
            .iter()
            .filter(|s| s.path != codegen::LIST && !s.interrupted)
            .count();
        let list = if stale.iter().any(|s| s.path == codegen::LIST) {
            format!(" (and the list of them, {})", codegen::LIST)
        } else {
            String::new()
        };
        msg.push_str(&format!(
            "render --check: {counted} of {} files in {shown} are stale, missing or no longer \
             generated{list}; render again to update them\n",
            files.len()
        ));
        return Err(Failure::new(Exit::Stale, msg));
    }
    let report = codegen::write_with(output, files, &write).map_err(io)?;
    // A render killed midway left this folder to complete: done first, under the lock.
    if let Some(recovery) = &report.recovered
        && out.verbosity != Verbosity::Quiet
    {
        eprintln!("note: {recovery} in {shown}");
    }
    if out.verbosity != Verbosity::Quiet {
        println!(
            "render: wrote {} files, {} unchanged, {} removed, in {shown}",
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        );
    }
    if out.verbosity == Verbosity::Verbose {
        for path in &report.written {
            println!("  wrote {path}");
        }
        for path in &report.removed {
            println!("  removed {path} (no longer generated)");
        }
    }
    Ok(())
}
