//! Where every generated file goes, relative to the output root. The one place that knows
//! the output layout: lab manifests, pages, sweep variants and their summary, student
//! copies, the overview and the schema.
//!
//! ```text
//! README.md                        overview of the course
//! course.schema.json               the course file's JSON Schema
//! <lab output>                     e.g. deploy_lb/deployment_lb.yaml (.json with --format json)
//! <lab dir>/index.md               the lab's page
//! <lab dir>/sweep/<n>-<settings>.yaml
//! <lab dir>/sweep.md               the sweep's summary page
//! students/<namespace>/README.md   the student's overview
//! students/<namespace>/namespace.yaml
//! students/<namespace>/<lab output>
//! students/<namespace>/<lab dir>/index.md
//! ```

use crate::spec::Lab;

/// The most files one render may generate: enough for a course of many labs, sweeps and
/// student copies; a typo that asks for millions is refused before anything is generated.
pub const MAX_FILES: u128 = 20_000;

/// The most bytes one render may generate (held in memory until written).
pub const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// How many files `labs` (with `students` copies) generate at most: manifests, pages,
/// the overview and the schema, sweep variants and summaries, student copies.
pub(crate) fn file_count(labs: &[Lab], sweep_variants: &[u128], students: u32) -> u128 {
    let labs_n = labs.len() as u128;
    let sweeps: u128 = sweep_variants
        .iter()
        .fold(0u128, |a, n| a.saturating_add(n.saturating_add(1)));
    // Each lab: its manifest, page, topology and (autoscaled) timeline.
    let per_student = labs_n.saturating_mul(4).saturating_add(2);
    labs_n
        .saturating_mul(4)
        .saturating_add(2)
        .saturating_add(sweeps)
        .saturating_add(per_student.saturating_mul(u128::from(students)))
}

/// The course overview page.
pub(crate) const OVERVIEW: &str = "README.md";

/// The course file's JSON Schema.
pub const SCHEMA: &str = "course.schema.json";

/// Manifest format, which decides the manifest files' extension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Multi-document YAML, safe for kubectl's YAML 1.1 reader.
    #[default]
    Yaml,
    /// A kubectl `List` in JSON; file names end in `.json` instead of `.yaml`.
    Json,
}

/// The path of `name` in the folder of the lab's output (`deploy_lb/index.md`).
pub(crate) fn in_lab_dir(lab: &Lab, name: &str) -> String {
    beside(&lab.output, name)
}

/// The path of `name` in the folder of the generated file `path`.
fn beside(path: &str, name: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_owned(),
    }
}

/// A manifest's path in `format`: `output` itself for YAML, `.json` in place of
/// `.yaml`/`.yml` for JSON.
pub(crate) fn manifest(output: &str, format: Format) -> String {
    match format {
        Format::Yaml => output.to_owned(),
        Format::Json => match output
            .strip_suffix(".yaml")
            .or_else(|| output.strip_suffix(".yml"))
        {
            Some(stem) => format!("{stem}.json"),
            None => format!("{output}.json"),
        },
    }
}

/// A lab's page: `index.md` in the manifest's folder.
pub(crate) fn page(lab: &Lab) -> String {
    in_lab_dir(lab, "index.md")
}

/// A picture beside a page (`deploy_lb/topology.svg` beside `deploy_lb/index.md`).
pub(crate) fn picture(page: &str, name: &str) -> String {
    beside(page, name)
}

/// A lab's topology picture's file name.
pub(crate) const TOPOLOGY: &str = "topology.svg";
/// An autoscaled lab's load-test timeline's file name.
pub(crate) const TIMELINE: &str = "timeline.svg";

/// The relative link from the file at `from` to the file at `to` (both generated paths).
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').rev().skip(1).collect::<Vec<_>>();
    let from_dirs: Vec<&str> = from_dirs.into_iter().rev().collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The summary page of a lab's sweep.
pub(crate) fn sweep_summary(lab: &Lab) -> String {
    in_lab_dir(lab, "sweep.md")
}

/// A sweep variant's file, relative to the lab's folder:
/// `sweep/<number>-<settings>.yaml`, the number zero-padded to `width` digits.
pub(crate) fn sweep_variant(number: usize, width: usize, settings: &[String]) -> String {
    let part: String = settings
        .join("_")
        .replace('%', "pct")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("sweep/{number:0width$}-{part}.yaml")
}

/// A student's copy of a lab's manifest.
pub(crate) fn student_manifest(namespace: &str, output: &str) -> String {
    format!("students/{namespace}/{output}")
}

/// A student's Namespace manifest.
pub(crate) fn student_namespace(namespace: &str) -> String {
    format!("students/{namespace}/namespace.yaml")
}

/// A student's overview page.
pub(crate) fn student_overview(namespace: &str) -> String {
    format!("students/{namespace}/{OVERVIEW}")
}

/// A student's copy of a lab's page.
pub(crate) fn student_page(namespace: &str, lab: &Lab) -> String {
    format!("students/{namespace}/{}", page(lab))
}

/// The Namespace a hardened lab runs in, applied once before its first lab.
pub(crate) fn namespace_file(namespace: &str) -> String {
    format!("namespaces/{namespace}.yaml")
}

/// Why a lab's `output` cannot be a path in the output root, if it cannot: what
/// [`crate::codegen`] refuses for any generated path, then the names kubelab keeps.
pub(crate) fn output_problem(output: &str) -> Option<&'static str> {
    if output.is_empty() || output.starts_with('/') {
        return Some("must be a relative path inside the output directory ending in .yaml");
    }
    if let Some(problem) = crate::codegen::path_problem(output) {
        return Some(problem);
    }
    let first = output.split('/').next().unwrap_or_default();
    if first.starts_with(".kubelab") || first == "students" {
        return Some("is a name kubelab keeps for itself (`.kubelab*`, `students/`)");
    }
    let yaml = output.ends_with(".yaml") || output.ends_with(".yml");
    (!yaml).then_some("must be a relative path inside the output directory ending in .yaml")
}

/// Every path a course may generate, each with the lab it belongs to (`None` for the
/// course's own files), to find a file and a folder of the same name before anything is
/// written. A sweep's folder stands for all its variants.
pub(crate) fn planned(labs: &[Lab]) -> Vec<(String, Option<usize>)> {
    let mut out = vec![(OVERVIEW.to_owned(), None), (SCHEMA.to_owned(), None)];
    for (i, lab) in labs.iter().enumerate() {
        out.push((lab.output.clone(), Some(i)));
        out.push((page(lab), Some(i)));
        out.push((picture(&page(lab), TOPOLOGY), Some(i)));
        if lab.autoscaler.is_some() {
            out.push((picture(&page(lab), TIMELINE), Some(i)));
        }
        if let Some(ns) = lab.namespace.as_deref().filter(|_| lab.hardened()) {
            out.push((namespace_file(ns), Some(i)));
        }
        if lab.sweep.is_some() {
            out.push((sweep_summary(lab), Some(i)));
            out.push((in_lab_dir(lab, "sweep/variant.yaml"), Some(i)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_layout() {
        assert_eq!(manifest("a/b.yaml", Format::Json), "a/b.json");
        assert_eq!(manifest("a/b.yml", Format::Json), "a/b.json");
        assert_eq!(manifest("a/b.yaml", Format::Yaml), "a/b.yaml");
        // A page's link to its copy's overview.
        assert_eq!(relative("deploy_lb/index.md", OVERVIEW), "../README.md");
        assert_eq!(relative("index.md", OVERVIEW), "README.md");
        assert_eq!(
            relative(
                "students/student-01/deploy_lb/index.md",
                &student_overview("student-01")
            ),
            "../README.md"
        );
        assert_eq!(relative("README.md", "a/b.yaml"), "a/b.yaml");
        assert_eq!(
            relative("students/s1/README.md", "students/s1/a/index.md"),
            "a/index.md"
        );
        assert_eq!(relative("a/index.md", "b/x.yaml"), "../b/x.yaml");
        assert_eq!(relative("a/index.md", "a/x.yaml"), "x.yaml");
        assert_eq!(
            sweep_variant(3, 2, &["replicas=2".into(), "targetCPU=40%".into()]),
            "sweep/03-replicas-2_targetCPU-40pct.yaml"
        );
        assert_eq!(
            student_manifest("student-01", "a/b.yaml"),
            "students/student-01/a/b.yaml"
        );
        assert_eq!(output_problem("a/b.yaml"), None);
        for bad in ["", "/a.yaml", "../a.yaml", "a.txt"] {
            assert!(output_problem(bad).is_some(), "{bad}");
        }
    }
}
