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
    let mut s =
        serde_json::to_string_pretty(&crate::render::to_sorted_value(&crate::course::schema())?)?;
    s.push('\n');
    Ok(s)
}

/// Validates `course`, then renders every lab to its manifest. Any validation error (or
/// warning, with `deny_warnings`) returns [`Error::Invalid`] with every violation. Nothing
/// is written: pass the files to [`crate::codegen::write`] or [`crate::codegen::check`].
pub fn render_course(course: &Course, options: &RenderOptions) -> Result<Rendered, Error> {
    let mut report = crate::validate::course(course);
    if options.deny_warnings {
        report = report.deny_warnings();
    }
    if !report.is_ok() {
        return Err(Error::Invalid(report));
    }
    let objects: Vec<_> = course.labs.iter().map(Lab::objects).collect();
    let mut files = course
        .labs
        .iter()
        .zip(&objects)
        .map(|(lab, objects)| {
            Ok(match options.format {
                Format::Yaml => GeneratedFile::new(&lab.output, objects.to_yaml(&options.header)?),
                Format::Json => GeneratedFile::new(json_path(&lab.output), objects.to_json()?),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    if let Some(dir) = course.templates.as_ref().or(options.templates.as_ref()) {
        let templates = crate::pages::Templates::load(dir)?;
        files.extend(crate::pages::render(course, &objects, &report, &templates)?);
    }
    Ok(Rendered {
        files,
        warnings: report.violations,
    })
}
