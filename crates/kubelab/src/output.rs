//! A course -> the files it renders to.

use crate::Error;
use crate::codegen::GeneratedFile;
use crate::spec::{Course, Lab};
use crate::validate::Violation;

/// Manifest format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Multi-document YAML, safe for kubectl's YAML 1.1 reader.
    #[default]
    Yaml,
    /// A kubectl `List` in JSON; file names end in `.json` instead of `.yaml`.
    Json,
}

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Manifest format.
    pub format: Format,
    /// The "do not edit" comment heading each YAML file (see [`crate::render::header`]).
    pub header: String,
    /// Treat validation warnings as errors.
    pub deny_warnings: bool,
    /// Templates folder for the lab pages; no pages when `None`. A course that names its
    /// own folder (`course.templates`) overrides this.
    pub templates: Option<std::path::PathBuf>,
}

/// What a course renders to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The files, relative to the output root.
    pub files: Vec<GeneratedFile>,
    /// Validation warnings (the render went ahead).
    pub warnings: Vec<Violation>,
}

fn manifest(
    objects: &crate::LabObjects,
    output: &str,
    options: &RenderOptions,
) -> Result<GeneratedFile, Error> {
    Ok(manifest_of(&objects.documents()?, output, options)?)
}

fn manifest_of(
    documents: &[serde_json::Value],
    output: &str,
    options: &RenderOptions,
) -> Result<GeneratedFile, serde_json::Error> {
    Ok(match options.format {
        Format::Yaml => GeneratedFile::new(
            output,
            crate::render::yaml_manifest(documents, &options.header),
        ),
        Format::Json => GeneratedFile::new(
            json_path(output),
            crate::render::json_list(documents.to_vec())?,
        ),
    })
}

/// One manifest per valid combination of `lab`'s sweep, and (with templates) the summary
/// page `<lab dir>/sweep.md`.
fn sweep_files(
    course: &Course,
    lab: &Lab,
    sweep: &crate::spec::Sweep,
    options: &RenderOptions,
    templates: Option<&crate::pages::Templates>,
) -> Result<Vec<GeneratedFile>, Error> {
    // Validation has already refused sweeps that cannot expand.
    let variants = crate::sweep::expand(sweep, lab).unwrap_or_default();
    let mut files = Vec::new();
    let mut rows = Vec::new();
    for v in &variants {
        let objects = v.lab.objects();
        let row = crate::pages::sweep::row(v, &objects, &course.cluster);
        if row.manifest.is_some() {
            files.push(manifest(&objects, &v.output, options)?);
        }
        rows.push(row);
    }
    if let Some(templates) = templates {
        let page = crate::pages::sweep::SweepPage {
            title: lab.title.clone(),
            id: lab.id.clone(),
            rows,
        };
        files.push(GeneratedFile::new(
            lab.in_dir("sweep.md"),
            templates.render("sweep.md.j2", page)?,
        ));
    }
    Ok(files)
}

/// Each student's copy of every lab, and their Namespace.
fn student_files(
    course: &Course,
    objects: &[crate::LabObjects],
    options: &RenderOptions,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    // Validation has already refused a range too small for the students.
    let copies = crate::students::copies(course, objects).unwrap_or_default();
    // Copies come student by student: a namespace file before each student's first copy.
    let mut previous: Option<&str> = None;
    for copy in &copies {
        if previous != Some(copy.namespace.as_str()) {
            files.push(GeneratedFile::new(
                format!("students/{}/namespace.yaml", copy.namespace),
                crate::students::namespace_yaml(&copy.namespace, &options.header)?,
            ));
            previous = Some(&copy.namespace);
        }
        files.push(manifest(&copy.objects, &copy.output, options)?);
    }
    Ok(files)
}

fn json_path(path: &str) -> String {
    match path
        .strip_suffix(".yaml")
        .or_else(|| path.strip_suffix(".yml"))
    {
        Some(stem) => format!("{stem}.json"),
        None => format!("{path}.json"),
    }
}

/// Where the course file's JSON Schema is written, relative to the output root.
pub const SCHEMA_FILE: &str = "course.schema.json";

/// The course file's JSON Schema as pretty JSON with sorted keys.
pub fn schema_json() -> Result<String, Error> {
    // The schema already is a JSON value: sorted in place, not serialized into a copy.
    let mut value = crate::course::schema().to_value();
    crate::render::sort(&mut value);
    let mut s = serde_json::to_string_pretty(&value)?;
    s.push('\n');
    Ok(s)
}

/// Validates `course`, then renders every lab to its manifest. Any validation error (or
/// warning, with `deny_warnings`) returns [`Error::Invalid`] with every violation. Nothing
/// is written: pass the files to [`crate::codegen::write`] or [`crate::codegen::check`].
pub fn render_course(course: &Course, options: &RenderOptions) -> Result<Rendered, Error> {
    let templates = match course.templates.as_ref().or(options.templates.as_ref()) {
        Some(dir) => Some(crate::pages::Templates::load(dir)?),
        None => None,
    };
    render_course_with(course, options, templates.as_ref())
}

/// [`render_course`] with templates already loaded (for tools that render many times);
/// `options.templates` and `course.templates` are ignored.
pub fn render_course_with(
    course: &Course,
    options: &RenderOptions,
    templates: Option<&crate::pages::Templates>,
) -> Result<Rendered, Error> {
    let objects: Vec<_> = course.labs.iter().map(Lab::objects).collect();
    let mut report = crate::validate::course_with_objects(course, &objects);
    if options.deny_warnings {
        report = report.deny_warnings();
    }
    if !report.is_ok() {
        return Err(Error::Invalid(report));
    }
    // Serialized once per lab: for the manifest and for the pages' diffs.
    let documents = objects
        .iter()
        .map(crate::LabObjects::documents)
        .collect::<Result<Vec<_>, _>>()?;
    let mut files = course
        .labs
        .iter()
        .zip(&documents)
        .map(|(lab, docs)| manifest_of(docs, &lab.output, options))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(templates) = templates {
        files.extend(crate::pages::render(
            course, &objects, &documents, &report, templates,
        )?);
    }
    for lab in &course.labs {
        if let Some(sweep) = &lab.sweep {
            files.extend(sweep_files(course, lab, sweep, options, templates)?);
        }
    }
    files.extend(student_files(course, &objects, options)?);
    Ok(Rendered {
        files,
        warnings: report.violations,
    })
}
