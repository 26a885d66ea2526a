//! Lab pages from the same objects as the manifests: minijinja templates (built into the
//! crate, or a folder's that override them: [`Templates`]) rendered with a typed context
//! ([`context`]).
//!
//! Templates: `lab.md.j2` (one page per lab, `<lab dir>/index.md`) and `overview.md.j2`
//! (`README.md`, the labs in order), `sweep.md.j2` for challenge sweeps; every other `.j2`
//! file in a folder is loaded too, so a course's templates may import shared macros from
//! one. `lab.md.j2` writes each command and each output block with a macro (`sh`, `text`);
//! `cargo xtask bench` renders the course with those blocks written out instead, turn
//! about, and prints the ratio (a few percent of a render of well under a millisecond).

pub mod context;
pub mod hardening;
mod kubectl;
pub mod needs;
mod picture;
mod shell;
mod siege;
mod svg;
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
    /// One for each lab of the course, in lab order.
    pub(crate) labs: Vec<CopyLab<'a>>,
    pub(crate) student: Option<&'a str>,
    pub(crate) overview: String,
}

/// One lab of a copy of the course: its objects and the files its page names.
pub(crate) struct CopyLab<'a> {
    pub(crate) objects: &'a LabObjects,
    /// What changed since the lab before.
    pub(crate) changes: context::Changes,
    /// Its namespace and the file that creates it, when it has one.
    pub(crate) namespace: Option<(&'a str, String)>,
    pub(crate) page: String,
    pub(crate) manifest: String,
    /// The manifest's text, shown on the page.
    pub(crate) manifest_text: String,
}

/// What changed from the previous lab's documents (none for the first lab) to `documents`:
/// what a student should notice first, and the names with what follows from them.
pub(crate) fn change(
    previous: Option<&[serde_json::Value]>,
    documents: &[serde_json::Value],
) -> context::Changes {
    let mut changes = context::Changes::default();
    let Some(previous) = previous else {
        return changes;
    };
    for change in crate::diff::diff_documents(previous, documents) {
        let follows_names = matches!(&change, crate::diff::Change::Changed { path, .. }
            if path == "metadata.name" || follows_a_name(path));
        match follows_names {
            true => changes.names.push(change.to_string()),
            false => changes.main.push(change.to_string()),
        }
    }
    // Objects added or removed lead: they change what the lab is.
    changes
        .main
        .sort_by_key(|c| !(c.starts_with("added ") || c.starts_with("removed ")));
    changes
}

/// Fields kubelab fills from an object's name: the selector and pod labels (from the
/// Deployment's name, unless the course sets labels) and the container's name.
fn follows_a_name(path: &str) -> bool {
    path.starts_with("spec.selector")
        || path.starts_with("spec.template.metadata.labels")
        || (path.starts_with("spec.template.spec.containers[") && path.ends_with("].name"))
}

/// Renders the overview and every lab page of one copy of the course.
pub(crate) fn copy_pages(
    course: &Course,
    copy: CopyPages<'_>,
    templates: &Templates,
) -> Result<Vec<GeneratedFile>, TemplateError> {
    let relative = |from: &str, to: &str| layout::relative(from, to);
    // The labs whose pages run a load test (those with a node port), with its length.
    let tests: Vec<(usize, Option<u64>)> = course
        .labs
        .iter()
        .zip(&copy.labs)
        .enumerate()
        .filter(|(_, (_, c))| c.objects.node_ports().next().is_some())
        .map(|(j, (l, _))| (j, context::load_test(course, l).seconds()))
        .collect();
    // Each lab's pictures, beside its page; the overview shows the topologies side by side.
    let address = context::picture_address(course);
    let mut picture_files = Vec::new();
    let mut lab_pictures = Vec::new();
    for (i, (lab, this)) in course.labs.iter().zip(&copy.labs).enumerate() {
        let (objects, page) = (this.objects, &this.page);
        let title = format!("Lab {}: {}", i + 1, lab.title);
        let namespace = this.namespace.as_ref().map(|(ns, _)| *ns);
        let topology = picture::topology(&picture::Scene {
            title: &title,
            objects,
            cluster: &course.cluster,
            address: &address,
            namespace,
        });
        let mut pictures = context::Pictures {
            topology: Some(context::Image {
                link: layout::TOPOLOGY.to_owned(),
                alt: topology.alt,
            }),
            timeline: None,
        };
        picture_files.push(GeneratedFile::new(
            layout::picture(page, layout::TOPOLOGY),
            topology.svg,
        ));
        // A timeline where the page runs a load test on an autoscaler.
        let seconds = tests.iter().find(|(j, _)| *j == i).and_then(|(_, s)| *s);
        if let Some(timeline) = seconds.and_then(|s| picture::timeline(&title, objects, s)) {
            pictures.timeline = Some(context::Image {
                link: layout::TIMELINE.to_owned(),
                alt: timeline.alt,
            });
            picture_files.push(GeneratedFile::new(
                layout::picture(page, layout::TIMELINE),
                timeline.svg,
            ));
        }
        lab_pictures.push(pictures);
    }
    let overview_pictures: Vec<Option<context::Image>> = lab_pictures
        .iter()
        .zip(&copy.labs)
        .map(|(p, lab)| {
            p.topology.as_ref().map(|t| context::Image {
                link: relative(
                    &copy.overview,
                    &layout::picture(&lab.page, layout::TOPOLOGY),
                ),
                alt: t.alt.clone(),
            })
        })
        .collect();
    let overview = context::overview(
        course,
        copy.student,
        &copy
            .labs
            .iter()
            .map(|l| relative(&copy.overview, &l.page))
            .collect::<Vec<_>>(),
        &copy
            .labs
            .iter()
            .map(|l| relative(&copy.overview, &l.manifest))
            .collect::<Vec<_>>(),
        &overview_pictures,
    );
    let mut files = vec![GeneratedFile::new(
        copy.overview.clone(),
        templates.render("overview.md.j2", overview)?,
    )];
    let first_load_test = tests.first().map(|(j, _)| *j);
    let namespace_of = |p: usize| copy.labs.get(p).and_then(|l| l.namespace.clone());
    let objects_of = |p: usize| copy.labs.get(p).map(|l| l.objects);
    // The first page that needs each concept explains it; later ones link there.
    let first_with =
        |needs: &dyn Fn(&LabObjects) -> bool| copy.labs.iter().position(|l| needs(l.objects));
    let setup = Some(0);
    let readiness = first_with(&|o| o.readiness_probe().is_some());
    let resources = first_with(&|o| {
        o.containers()
            .first()
            .and_then(|c| c.resources.as_ref())
            .is_some_and(|r| r.requests.is_some() || r.limits.is_some())
    });
    let siege_report = first_load_test;
    let hardening = first_with(&|o| o.hardened);
    let uncounted = first_with(&|o| {
        crate::fit::fit_nanos(&crate::fit::pod_requests(o), &course.cluster)
            .is_some_and(|f| !f.unknown.is_empty())
    });
    let load_balancer = first_with(&|o| crate::objects::service_type(&o.service) == "LoadBalancer");

    let mut namespaces_seen = std::collections::BTreeSet::new();
    for (i, (lab, this)) in course.labs.iter().zip(&copy.labs).enumerate() {
        let objects = this.objects;
        let namespace = this.namespace.clone();
        let ns = namespace.as_ref().map(|(ns, _)| *ns);
        let first_in_namespace = ns.is_some_and(|ns| namespaces_seen.insert(ns.to_owned()));
        let shares = |other: Option<&LabObjects>| {
            other.is_some_and(|o| o.node_ports().any(|p| objects.node_ports().any(|q| p == q)))
        };
        let delete = |p: usize| {
            let manifest = copy
                .labs
                .get(p)
                .map(|l| l.manifest.as_str())
                .unwrap_or_default();
            let manifest = context::student_path_word(course, manifest);
            let version = course.cluster.kubernetes_version;
            let their_ns = namespace_of(p).map(|(ns, _)| ns);
            context::Shell {
                command: kubectl::command(&format!("delete -f {manifest}"), their_ns),
                output: objects_of(p)
                    .map(|o| kubectl::delete_lines(o, their_ns.unwrap_or("default"), version))
                    .unwrap_or_default()
                    .join("\n"),
            }
        };
        let previous = i.checked_sub(1).filter(|p| shares(objects_of(*p)));
        let previous_cleanup = previous.map(delete);
        let previous_same_service = previous
            .and_then(objects_of)
            .is_some_and(|o| o.service.metadata.name == objects.service.metadata.name);
        // The next lab is refused while this one holds its node port only when its Service
        // has another name; one of the same name is changed in place (`configured`).
        let next = objects_of(i + 1);
        let next_shares_node_port = (shares(next)
            && next.is_some_and(|o| o.service.metadata.name != objects.service.metadata.name))
        .then(|| course.labs.get(i + 1).map(|l| l.title.clone()))
        .flatten();
        let other_load_tests = tests.iter().filter(|(j, _)| *j != i).count();
        let longest_before = tests
            .iter()
            .filter(|(j, _)| *j < i)
            .filter_map(|(_, s)| *s)
            .max();
        let runs_with = course
            .runs_with(i)
            .filter_map(|(_, earlier)| earlier)
            .filter_map(|p| Some((course.labs.get(p)?.title.clone(), delete(p))))
            .collect();
        let kept_for = course.labs[i + 1..]
            .iter()
            .find(|l| l.runs_with.contains(&lab.id))
            .map(|l| l.title.clone());
        let page_ref = |first: Option<usize>| {
            first.filter(|f| *f < i).map(|f| context::PageRef {
                number: f + 1,
                title: course.labs[f].title.clone(),
                link: relative(&this.page, copy.labs.get(f).map_or("", |l| l.page.as_str())),
            })
        };
        let explained = context::Explained {
            setup: page_ref(setup),
            readiness: page_ref(readiness),
            resources: page_ref(resources),
            pods: page_ref(setup),
            top: page_ref(setup),
            siege_report: page_ref(siege_report),
            load_balancer: page_ref(load_balancer),
            uncounted: page_ref(uncounted),
            hardening: page_ref(hardening),
        };
        let page = context::lab_page(
            course,
            context::LabInput {
                index: i,
                lab,
                objects,
                overview_link: relative(&this.page, &copy.overview),
                manifest: this.manifest.clone(),
                manifest_text: this.manifest_text.clone(),
                manifest_link: relative(&this.page, &this.manifest),
                namespace,
                first_in_namespace,
                student_copy: copy.student.is_some(),
                changes: this.changes.clone(),
                first_load_test: first_load_test == Some(i),
                other_load_tests,
                longest_before,
                next_shares_node_port,
                previous_cleanup,
                previous_same_service,
                runs_with,
                kept_for,
                explained,
                pictures: lab_pictures.get(i).cloned().unwrap_or_default(),
            },
        );
        files.push(GeneratedFile::new(
            this.page.clone(),
            templates.render("lab.md.j2", page)?,
        ));
    }
    files.extend(picture_files);
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
