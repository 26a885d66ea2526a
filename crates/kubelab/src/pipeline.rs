//! The driver: a course -> validated objects -> the files it generates (manifests, pages,
//! sweep variants and their summary, student copies), in memory. Nothing is written here:
//! hand the files to [`crate::codegen::write`] or [`crate::codegen::check`].

use crate::Error;
use crate::codegen::GeneratedFile;
use crate::layout::{self, Format};
use crate::objects::LabObjects;
use crate::pages::{self, Templates};
use crate::rules::Severity;
use crate::source::CourseInput;
use crate::spec::{Course, Lab, Sweep};
use crate::validate::{self, Violation};
use crate::{manifest, students, sweep};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How to generate. Built with [`Options::builder`] (or [`Options::default`]); it will
/// grow, so it cannot be written as a struct literal outside kubelab.
///
/// ```
/// let options = kubelab::Options::builder()
///     .format(kubelab::Format::Json)
///     .deny_warnings(true)
///     .build();
/// assert_eq!(options.pages, kubelab::Pages::BuiltIn);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, bon::Builder)]
#[non_exhaustive]
pub struct Options {
    /// Manifest format.
    #[builder(default)]
    pub format: Format,
    /// The "do not edit" comment heading each YAML file (see [`crate::manifest::header`]).
    #[builder(into, default)]
    pub header: String,
    /// Treat validation warnings as errors.
    #[builder(default)]
    pub deny_warnings: bool,
    /// Which templates the pages come from; the built-in ones by default.
    #[builder(default)]
    pub pages: Pages,
}

/// Which templates the pages come from: the one place that chooses them. A course's own
/// folder (`course.templates`) wins over [`Pages::Folder`], and both lay their templates over
/// the built-in ones; [`Pages::Loaded`] holds templates chosen once (by
/// [`Pages::templates`]) for a tool that generates many times.
#[derive(Debug, Clone, Default)]
pub enum Pages {
    /// The templates built into kubelab, or the course's own folder (`course.templates`)
    /// over them.
    #[default]
    BuiltIn,
    /// A folder's templates over the built-in ones (`course.templates` wins over it).
    Folder(std::path::PathBuf),
    /// Templates already chosen and loaded, used as they are.
    Loaded(std::sync::Arc<Templates>),
    /// Manifests only, no pages.
    None,
}

/// Two `Loaded` are equal when they hold the same loaded templates.
impl PartialEq for Pages {
    fn eq(&self, other: &Pages) -> bool {
        match (self, other) {
            (Pages::BuiltIn, Pages::BuiltIn) | (Pages::None, Pages::None) => true,
            (Pages::Folder(a), Pages::Folder(b)) => a == b,
            (Pages::Loaded(a), Pages::Loaded(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Pages {}

impl Pages {
    /// The templates these pages of `course` come from (none for [`Pages::None`]), loaded.
    pub fn templates(&self, course: &Course) -> Result<Option<std::sync::Arc<Templates>>, Error> {
        let folder = match self {
            Pages::None => return Ok(None),
            Pages::Loaded(templates) => return Ok(Some(templates.clone())),
            Pages::Folder(dir) => Some(dir),
            Pages::BuiltIn => None,
        };
        let templates = match (&course.info.templates, folder) {
            // The course names its own folder: an error there is about `course.templates`.
            (Some(dir), _) => Templates::load(dir).map_err(|mut e| {
                if e.file == *dir {
                    e.message = format!("course.templates: {}", e.message);
                }
                e
            })?,
            (None, Some(dir)) => Templates::load(dir)?,
            (None, None) => Templates::built_in()?,
        };
        Ok(Some(std::sync::Arc::new(templates)))
    }
}

/// What a course generates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Generated {
    /// The files, relative to the output root.
    pub files: Vec<GeneratedFile>,
    /// Validation warnings (the course was generated all the same).
    pub warnings: Vec<Violation>,
}

impl Generated {
    /// The author's report, in Markdown: every warning with its rule, course path and fix.
    /// Students' pages never show these; write the report where the author reads it.
    pub fn author_report(&self, course: &Course) -> String {
        let mut out = format!("# Author report: {}\n\n", course.info.title);
        if self.warnings.is_empty() {
            out.push_str("No warnings: every rule kubelab checks holds.\n");
            return out;
        }
        out.push_str("The course was generated; these rules warn:\n\n");
        for v in &self.warnings {
            out.push_str(&format!(
                "- `{}` ({}): {} is `{}`: {}. Fix: {}.\n",
                v.path,
                v.rule,
                v.rule.description(),
                v.value,
                v.message,
                v.hint
            ));
        }
        out
    }
}

/// Validates `course`, then generates every lab's manifest and, with templates, its pages
/// and the course file's schema (`course.schema.json`): the files `kubelab render` writes.
/// Any validation error (or warning, with `deny_warnings`) returns [`Error::Invalid`] with
/// every violation.
///
/// ```
/// let course = kubelab::course::parse(
///     r#"
/// course: { title: Demo, studentDir: "~/demo" }
/// labs:
/// - id: one
///   title: One replica
///   output: one/app.yaml
///   deployment: { name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
///   service: { name: web, type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }
/// "#,
///     "demo.yaml",
/// )?;
/// // Manifests and pages, from the built-in templates.
/// let generated = kubelab::generate(&course, &kubelab::Options::default())?;
/// let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
/// assert_eq!(
///     paths,
///     ["one/app.yaml", "README.md", "one/index.md", "one/topology.svg", "course.schema.json"]
/// );
/// # Ok::<(), kubelab::Error>(())
/// ```
pub fn generate<C: CourseInput + ?Sized>(input: &C, options: &Options) -> Result<Generated, Error> {
    let templates = options.pages.templates(input.course())?;
    generate_with(input, options, templates.as_deref())
}

/// [`generate`] with the templates chosen (none for manifests only).
fn generate_with<C: CourseInput + ?Sized>(
    input: &C,
    options: &Options,
    templates: Option<&Templates>,
) -> Result<Generated, Error> {
    // Everything below reads each lab as it runs, whichever door the course came in by.
    let resolved = crate::Resolved::new(input);
    let mut report = validate::course(&resolved);
    let crate::Resolved {
        course, objects, ..
    } = &resolved;
    if options.deny_warnings {
        report = report.deny_warnings();
    }
    if !report.is_ok() {
        return Err(Error::Invalid(report));
    }
    let labs = resolved.labs().map(|(l, o)| (o, l.output.as_str()));
    let (mut files, changes) = lab_manifests(labs, options)?;
    // The namespaces of hardened labs, each created once from its own file.
    let namespace_files = hardened_namespaces(course, options)?;
    if let Some(templates) = templates {
        let written = |ns: &str| namespace_files.get(ns).map(|f| f.path.clone());
        let labs = course
            .labs
            .iter()
            .zip(objects)
            .zip(changes)
            .zip(&files)
            .map(|(((l, objects), changes), manifest)| pages::CopyLab {
                objects,
                changes,
                namespace: l
                    .namespace
                    .as_deref()
                    .filter(|_| l.hardened())
                    .and_then(|ns| Some((ns, written(ns)?))),
                page: layout::page(l),
                manifest: manifest.path.clone(),
                manifest_text: manifest.contents.clone(),
            })
            .collect();
        let copy = pages::CopyPages {
            labs,
            student: None,
            overview: layout::OVERVIEW.to_owned(),
        };
        files.extend(pages::copy_pages(course, copy, templates)?);
    }
    files.extend(namespace_files.into_values());
    for lab in &course.labs {
        if let Some(sweep) = &lab.sweep {
            files.extend(sweep_files(course, lab, sweep, options, templates)?);
        }
    }
    files.extend(student_files(course, objects, options, templates)?);
    if templates.is_some() {
        // The course file's schema beside the pages, as `kubelab render` writes it.
        files.push(GeneratedFile::new(
            layout::SCHEMA,
            crate::course::schema_json(),
        ));
    }
    Ok(Generated {
        files,
        warnings: report.violations,
    })
}

/// The manifest of each lab (or each lab of a copy) at its output, and what changed in each
/// since the one before. Each lab is serialized once, for its manifest and the diff; only
/// the previous lab's documents are kept, so memory does not grow with them.
fn lab_manifests<'a>(
    labs: impl Iterator<Item = (&'a LabObjects, &'a str)>,
    options: &Options,
) -> Result<(Vec<GeneratedFile>, Vec<pages::context::Changes>), Error> {
    let (mut files, mut changes) = (Vec::new(), Vec::new());
    let mut previous: Option<Vec<Value>> = None;
    for (objects, output) in labs {
        let docs = objects.documents()?;
        files.push(manifest_file(&docs, output, options));
        changes.push(pages::change(previous.as_deref(), &docs));
        previous = Some(docs);
    }
    Ok((files, changes))
}

/// The Namespace manifest of each hardened lab's namespace, by namespace.
fn hardened_namespaces(
    course: &Course,
    options: &Options,
) -> Result<BTreeMap<String, GeneratedFile>, Error> {
    let namespaces: BTreeSet<&str> = course
        .labs
        .iter()
        .filter(|l| l.hardened())
        .filter_map(|l| l.namespace.as_deref())
        .collect();
    namespaces
        .into_iter()
        .map(|ns| {
            let object =
                crate::objects::harden::namespace_object(ns, course.cluster.kubernetes_version);
            let document = manifest::to_sorted_value(&object)?;
            let file = manifest_file(&[document], &layout::namespace_file(ns), options);
            Ok((ns.to_owned(), file))
        })
        .collect()
}

/// The manifest of one lab (or variant, or copy) at `output`, in the chosen format.
fn manifest_file(documents: &[Value], output: &str, options: &Options) -> GeneratedFile {
    let path = layout::manifest(output, options.format);
    match options.format {
        Format::Yaml => {
            GeneratedFile::new(path, manifest::yaml_manifest(documents, &options.header))
        }
        Format::Json => GeneratedFile::new(path, manifest::json_list(documents.to_vec())),
    }
}

/// One manifest per valid combination of `lab`'s sweep, and (with templates) the summary
/// page. Each variant is validated here; only errors other than cluster fit keep it from
/// being written (the summary page reports fit).
fn sweep_files(
    course: &Course,
    lab: &Lab,
    sweep: &Sweep,
    options: &Options,
    templates: Option<&Templates>,
) -> Result<Vec<GeneratedFile>, Error> {
    // Validation has already refused sweeps that cannot expand.
    let variants = sweep::expand(sweep, lab).unwrap_or_default();
    let mut files = Vec::new();
    let mut rows = Vec::new();
    let summary = layout::sweep_summary(lab);
    for variant in &variants {
        let objects = variant.lab.objects();
        let problems: Vec<String> = validate::objects(&objects, &course.cluster)
            .into_iter()
            .filter(|v| v.severity == Severity::Error && !is_fit_rule(v))
            .map(|v| format!("{}: {}", v.path, v.message))
            .collect();
        // The summary page links the file as written (`.json` in that format).
        let mut link = None;
        if problems.is_empty() {
            let file = manifest_file(&objects.documents()?, &variant.output, options);
            link = Some(layout::relative(&summary, &file.path));
            files.push(file);
        }
        rows.push(pages::sweep::row(
            variant,
            &objects,
            &course.cluster,
            link,
            problems,
        ));
    }
    if let Some(templates) = templates {
        files.push(pages::sweep_page(lab, rows, templates)?);
    }
    Ok(files)
}

/// Whether a violation is about cluster fit, which a sweep reports instead of refusing.
fn is_fit_rule(v: &Violation) -> bool {
    matches!(
        v.rule,
        crate::Rule::ClusterFitReplicas | crate::Rule::ClusterFitAutoscaler
    )
}

/// Each student's copy of every lab, their Namespace and, with templates, their pages.
fn student_files(
    course: &Course,
    objects: &[LabObjects],
    options: &Options,
    templates: Option<&Templates>,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    // Validation has already refused a range too small for the students.
    let copies = students::copies(course, objects).unwrap_or_default();
    for student in copies.chunks(course.labs.len().max(1)) {
        let Some(namespace) = student.first().map(|c| c.namespace.as_str()) else {
            continue;
        };
        let namespace_file = layout::student_namespace(namespace);
        let object = students::namespace_object(namespace);
        let yaml = manifest::yaml_manifest(&[manifest::to_sorted_value(&object)?], &options.header);
        files.push(GeneratedFile::new(namespace_file.clone(), yaml));
        // The changes a student sees are between their own objects (their namespace,
        // their node ports), not the course's.
        let copies = student.iter().map(|c| (&c.objects, c.output.as_str()));
        let (manifests, changes) = lab_manifests(copies, options)?;
        let mut page_files = Vec::new();
        if let Some(templates) = templates {
            let labs = course
                .labs
                .iter()
                .zip(student)
                .zip(changes)
                .zip(&manifests)
                .map(|(((l, copy), changes), manifest)| pages::CopyLab {
                    objects: &copy.objects,
                    changes,
                    namespace: Some((namespace, namespace_file.clone())),
                    page: layout::student_page(namespace, l),
                    manifest: manifest.path.clone(),
                    manifest_text: manifest.contents.clone(),
                })
                .collect();
            let copy = pages::CopyPages {
                labs,
                student: Some(namespace),
                overview: layout::student_overview(namespace),
            };
            page_files = pages::copy_pages(course, copy, templates)?;
        }
        files.extend(manifests);
        files.extend(page_files);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output plan validation checks (`layout::planned`, `layout::file_count`) is the
    /// plan the pipeline follows: every planned file is generated, and the count bounds the
    /// files generated.
    #[test]
    fn the_pipeline_generates_the_planned_files() {
        let mut course = crate::testing::course();
        course.students = 2;
        course.info.namespace = Some("ml-course".to_owned());
        course.labs[0].profile = Some(crate::spec::Profile::Hardened);
        let generated = generate(&course, &Options::default()).expect("generates");
        let paths: BTreeSet<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
        for (planned, _) in layout::planned(&course.resolved().labs) {
            assert!(
                paths.contains(planned.as_str()),
                "planned {planned}, not generated"
            );
        }
        let bound = layout::file_count(&course.labs, &[], course.students);
        assert!(
            generated.files.len() as u128 <= bound,
            "{} files, {bound} planned at most",
            generated.files.len()
        );
    }
}
