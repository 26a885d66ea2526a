//! Lab pages from the same objects as the manifests: minijinja templates (built into the
//! crate, or a folder's that override them: [`Templates`]) rendered with a typed context
//! ([`context`]).
//!
//! Templates: `lab.md.j2` (one page per lab, `<lab dir>/index.md`) and `overview.md.j2`
//! (`README.md`, the labs in order), `sweep.md.j2` for challenge sweeps; every other `.j2`
//! file in a folder is loaded too, so a course's templates may import shared macros from
//! one. The built-in templates write their code fences out instead: a minijinja macro
//! call costs about as much as the rest of a page's section.

pub mod context;
pub mod hardening;
mod kubectl;
pub(crate) mod sweep;
mod templates;

pub use templates::{TemplateError, Templates};

use crate::codegen::GeneratedFile;
use crate::layout;
use crate::objects::LabObjects;
use crate::spec::{Course, Lab};

/// The overview and the lab pages of one copy of the course: the course itself
/// (`student` none) or a student's copy in their namespace. `objects` are each lab's
/// objects, `changes` each lab's changes since the one before, `namespaces` each lab's
/// namespace with the Namespace manifest written for it (a student's on their copy, a
/// hardened lab's own on the course's), `overview`, `pages` and `manifests` the paths
/// written.
pub(crate) struct CopyPages<'a> {
    pub(crate) objects: Vec<&'a LabObjects>,
    pub(crate) changes: &'a [Vec<String>],
    pub(crate) student: Option<&'a str>,
    pub(crate) namespaces: Vec<Option<(&'a str, String)>>,
    pub(crate) overview: String,
    pub(crate) pages: Vec<String>,
    pub(crate) manifests: Vec<String>,
}

/// What changed from the previous lab's documents (none for the first lab) to `documents`.
pub(crate) fn change(
    previous: Option<&[serde_json::Value]>,
    documents: &[serde_json::Value],
) -> Vec<String> {
    match previous {
        Some(previous) => crate::diff::diff_documents(previous, documents)
            .iter()
            .map(ToString::to_string)
            .collect(),
        None => Vec::new(),
    }
}

/// Renders the overview and every lab page of one copy of the course.
pub(crate) fn copy_pages(
    course: &Course,
    copy: CopyPages<'_>,
    templates: &Templates,
) -> Result<Vec<GeneratedFile>, TemplateError> {
    let relative = |from: &str, to: &str| layout::relative(from, to);
    let overview = context::overview(
        course,
        copy.student,
        &copy
            .pages
            .iter()
            .map(|p| relative(&copy.overview, p))
            .collect::<Vec<_>>(),
        &copy
            .manifests
            .iter()
            .map(|m| relative(&copy.overview, m))
            .collect::<Vec<_>>(),
    );
    let mut files = vec![GeneratedFile::new(
        copy.overview.clone(),
        templates.render("overview.md.j2", overview)?,
    )];
    let first_load_test = copy
        .objects
        .iter()
        .position(|o| o.node_ports().next().is_some());
    let namespace_of = |p: usize| copy.namespaces.get(p).cloned().flatten();
    let mut namespaces_seen = std::collections::BTreeSet::new();
    for (i, (lab, objects)) in course.labs.iter().zip(&copy.objects).enumerate() {
        let namespace = namespace_of(i);
        let ns = namespace.as_ref().map(|(ns, _)| *ns);
        let first_in_namespace = ns.is_some_and(|ns| namespaces_seen.insert(ns.to_owned()));
        let shares = |other: Option<&&LabObjects>| {
            other.is_some_and(|o| o.node_ports().any(|p| objects.node_ports().any(|q| p == q)))
        };
        let delete = |p: usize| {
            let manifest = context::student_path(course, &copy.manifests[p]);
            let version = course.cluster.kubernetes_version;
            let their_ns = namespace_of(p).map(|(ns, _)| ns);
            context::Shell {
                command: context::kubectl(&format!("delete -f {manifest}"), their_ns),
                output: copy
                    .objects
                    .get(p)
                    .map(|o| kubectl::delete_lines(o, their_ns.unwrap_or("default"), version))
                    .unwrap_or_default()
                    .join("\n"),
            }
        };
        let previous = i.checked_sub(1).filter(|p| shares(copy.objects.get(*p)));
        let previous_cleanup = previous.map(delete);
        let previous_same_service = previous
            .and_then(|p| copy.objects.get(p))
            .is_some_and(|o| o.service.metadata.name == objects.service.metadata.name);
        let next_shares_node_port = shares(copy.objects.get(i + 1))
            .then(|| course.labs.get(i + 1).map(|l| l.title.clone()))
            .flatten();
        let runs_with = lab
            .runs_with
            .iter()
            .filter_map(|id| course.labs[..i].iter().position(|l| &l.id == id))
            .map(|p| (course.labs[p].title.clone(), delete(p)))
            .collect();
        let kept_for = course.labs[i + 1..]
            .iter()
            .find(|l| l.runs_with.contains(&lab.id))
            .map(|l| l.title.clone());
        let page = context::lab_page(
            course,
            context::LabInput {
                index: i,
                lab,
                objects,
                overview_link: relative(&copy.pages[i], &copy.overview),
                manifest: copy.manifests[i].clone(),
                namespace,
                first_in_namespace,
                student_copy: copy.student.is_some(),
                changes: copy.changes.get(i).cloned().unwrap_or_default(),
                first_load_test: first_load_test == Some(i),
                next_shares_node_port,
                previous_cleanup,
                previous_same_service,
                runs_with,
                kept_for,
            },
        );
        files.push(GeneratedFile::new(
            copy.pages[i].clone(),
            templates.render("lab.md.j2", page)?,
        ));
    }
    Ok(files)
}

/// The summary page of a lab's sweep, one row a combination.
pub(crate) fn sweep_page(
    lab: &Lab,
    rows: Vec<context::SweepRow>,
    templates: &Templates,
) -> Result<GeneratedFile, TemplateError> {
    let page = context::SweepPage {
        title: lab.title.clone(),
        id: lab.id.clone(),
        rows,
    };
    Ok(GeneratedFile::new(
        layout::sweep_summary(lab),
        templates.render("sweep.md.j2", page)?,
    ))
}
