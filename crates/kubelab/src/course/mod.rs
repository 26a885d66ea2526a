//! The course file: a whole course as YAML, for authors who do not write Rust.
//!
//! Reading a course file is one path: YAML -> nodes that remember their line and column
//! (`yaml.rs`) -> each lab merged over `defaults` (`merge.rs`) -> required fields checked
//! (`required.rs`) -> the spec types, read by serde (`de.rs`) -> [`Course`]. Every problem
//! is reported at once, each with file, line, column, field path and rule; a problem in a
//! value a lab inherits is reported once, at its `defaults` path.
//!
//! ```
//! let text = r#"
//! course: { title: Demo, studentDir: "~/demo" }
//! defaults:
//!   deployment: { image: "nginx:1.27", ports: [{ containerPort: 80 }] }
//! labs:
//! - id: one
//!   title: One replica
//!   output: one/app.yaml
//!   deployment: { name: web }
//!   service: { name: web, type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }
//! "#;
//! let course = kubelab::course::parse(text, "demo.yaml")?;
//! assert_eq!(course.labs[0].deployment.image, "nginx:1.27");
//! # Ok::<(), kubelab::course::CourseError>(())
//! ```

mod de;
mod error;
mod merge;
mod required;
mod schema;
mod source;
mod yaml;

pub use crate::source::{CourseInput, Parsed, SourceMap, Written};
use error::Problem;
pub use error::{CourseError, did_you_mean};

use crate::spec::{Course, Defaults, Lab};
use serde_path_to_error::Segment;
use std::path::Path;
use yaml::{Node, Paths, Value};

/// The largest course file kubelab reads: a real one is a few kilobytes.
pub const MAX_COURSE_BYTES: usize = 4 * 1024 * 1024;

/// Parses a course file's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Parsed, CourseError> {
    let invalid = |problems: Vec<Problem>| CourseError::Invalid {
        file: file.to_owned(),
        problems: problems
            .into_iter()
            .map(|p| p.into_violation(file))
            .collect(),
    };
    if text.len() > MAX_COURSE_BYTES {
        return Err(invalid(vec![error::too_large(
            format!(
                "is {} bytes; kubelab reads course files of at most {MAX_COURSE_BYTES} bytes \
                 (4 MiB)",
                text.len()
            ),
            None,
        )]));
    }
    let root = yaml::load(text).map_err(|e| invalid(vec![error::from_syntax(e)]))?;
    // Only values in `defaults` are read elsewhere than where they were written.
    let paths = root
        .get("defaults")
        .map_or_else(yaml::Paths::default, |d| d.paths("defaults"));
    let mut problems = Vec::new();
    let defaults = root.get("defaults").filter(|d| !d.is_null());
    let mut left_out = Vec::new();
    if let Some(d) = defaults {
        let read = read_all::<Defaults>(d, "defaults.", &paths);
        left_out.extend(read.left_out);
        read.problems
            .into_iter()
            .for_each(|p| report(&mut problems, p));
    }
    let mut labs = Vec::new();
    let mut all_labs = true;
    let mut source = SourceMap::new(file);
    if let Some(labs_node) = root.get("labs")
        && let Value::Seq(items) = &labs_node.value
    {
        // Every lab gets a copy of `defaults`: bound what the merge makes before making it.
        let inherited = defaults.map_or(0, yaml::Node::size);
        let merged = items
            .iter()
            .map(|lab| lab.size().saturating_add(inherited))
            .fold(0usize, usize::saturating_add);
        if merged > yaml::MAX_NODES {
            let at = Some((labs_node.at.line, labs_node.at.column));
            return Err(invalid(vec![error::too_large(
                format!(
                    "expands to {merged} values once `defaults` are merged into its {} labs; \
                     kubelab reads at most {}",
                    items.len(),
                    yaml::MAX_NODES
                ),
                at,
            )]));
        }
        for (i, lab) in items.iter().enumerate() {
            let merged = match defaults {
                Some(d) => merge::lab_over_defaults(lab, d),
                None => lab.clone(),
            };
            // The course-wide profile, namespace and load test are not copied here: both
            // doors resolve them alike (`Course::resolved`).
            source::record(&mut source, &format!("labs[{i}]"), &merged, &paths);
            match read_lab(i, &merged, &paths) {
                Ok(read) => {
                    left_out.extend(read.left_out);
                    read.problems
                        .into_iter()
                        .for_each(|p| report(&mut problems, p));
                    // A lab that could not be read at all leaves the course unreadable.
                    all_labs &= read.value.is_some();
                    labs.extend(read.value);
                }
                Err(found) => {
                    all_labs = false;
                    found.into_iter().for_each(|p| report(&mut problems, p));
                }
            }
        }
    }
    let rest = without_labs(&root);
    source::record(&mut source, "", &rest, &paths);
    let read = read_all::<Course>(&rest, "", &paths);
    left_out.extend(read.left_out);
    read.problems
        .into_iter()
        .for_each(|p| report(&mut problems, p));
    let Some(mut course) = read.value else {
        return Err(invalid(problems));
    };
    course.labs = labs;
    let parsed = Parsed { course, source };
    if problems.is_empty() {
        return Ok(parsed);
    }
    // Every part read, some values left out: the errors of the rest too, in one run.
    let semantic = match all_labs {
        true => semantic_problems(&parsed, &left_out),
        false => Vec::new(),
    };
    let problems = problems
        .into_iter()
        .map(|p| p.into_violation(file))
        .chain(semantic)
        .collect();
    Err(CourseError::Invalid {
        file: file.to_owned(),
        problems,
    })
}

/// At most this many type and schema problems are reported for one part of the course
/// (the course, `defaults`, a lab).
const MAX_PROBLEMS: usize = 50;

/// A part of the course as far as it could be read: the value with every value at fault
/// left out (when the rest reads), the problems, and the paths left out.
struct Read<T> {
    value: Option<T>,
    problems: Vec<Problem>,
    left_out: Vec<String>,
}

/// Reads a `T` from `node`, reporting every type and schema problem in it, not only the
/// first: after each, the value at fault is left out and the rest read again. A missing
/// field that only follows from a value left out is not reported (its cause is).
fn read_all<T: serde::de::DeserializeOwned>(node: &Node, prefix: &str, paths: &Paths) -> Read<T> {
    let mut node = node.clone();
    let mut read = Read {
        value: None,
        problems: Vec::new(),
        left_out: Vec::new(),
    };
    for _ in 0..MAX_PROBLEMS {
        let e = match de::from_node::<T>(&node) {
            Ok(value) => {
                read.value = Some(value);
                return read;
            }
            Err(e) => e,
        };
        let problem = error::from_serde(&e, prefix);
        let problem_rule = problem.rule;
        let missing = problem.rule == crate::Rule::SchemaMissingField;
        let path = match error::backticked(&problem.message).first() {
            Some(field) if missing => format!("{}.{field}", problem.path),
            _ => problem.path.clone(),
        };
        if !(missing && read.left_out.contains(&path)) {
            let problem = belongs_under(problem, prefix);
            read.problems.push(located(problem, &e, &node, paths));
        }
        // A field the schema does not know was never read: leaving it out changes nothing.
        if problem_rule != crate::Rule::SchemaUnknownField {
            read.left_out.push(path);
        }
        match without(&node, e.path()) {
            Some(rest) if !missing => node = rest,
            _ => break,
        }
    }
    read
}

/// The errors validation finds in a course read only in part (values at fault left out),
/// as problems: what the author would meet on the next run. A section with a value left
/// out (a lab's `service`, `defaults.deployment` for every lab's, `cluster`) is not
/// checked: its errors may only follow from leaving the value out (a Service `type` left
/// out reads as ClusterIP, which refuses the node port beside it), nor a rule across a
/// lab's objects in a lab with a value left out (a container port left out is not declared).
fn semantic_problems(course: &Parsed, left_out: &[String]) -> Vec<crate::validate::Violation> {
    let sections: Vec<(Option<usize>, &str)> = left_out.iter().map(|p| section(p)).collect();
    let affected = |v: &crate::validate::Violation| {
        let (lab, part) = section(&v.path);
        // A rule across a lab's objects reads the other sections too.
        let across = crate::validate::CROSS_OBJECT_RULES.contains(&v.rule);
        sections
            .iter()
            .any(|(l, p)| (across || *p == part) && (l.is_none() || lab.is_none() || *l == lab))
    };
    crate::validate::course(&crate::Resolved::new(course))
        .errors()
        .filter(|v| !affected(v))
        .cloned()
        .collect()
}

/// The lab (`labs[2]`; none for `defaults`, which every lab reads, or the course) and the
/// section (`service`, `cluster`) a course path is in.
fn section(path: &str) -> (Option<usize>, &str) {
    fn first(p: &str) -> &str {
        p.split(['.', '[']).next().unwrap_or_default()
    }
    if let Some((index, rest)) = crate::source::lab_path(path) {
        return (Some(index), first(rest));
    }
    let rest = path.strip_prefix("defaults.").unwrap_or(path);
    (None, first(rest))
}

/// An unknown field of a lab or of the course that is a field of one of its sections (a
/// lab's `resources`, indented one level too little, is `deployment`'s): the help says so.
fn belongs_under(mut problem: Problem, prefix: &str) -> Problem {
    if problem.rule != crate::Rule::SchemaUnknownField
        || matches!(problem.hint, Some(error::Hint::DidYouMean(_)))
    {
        return problem;
    }
    let (parent, field) = match problem.path.strip_prefix(prefix) {
        Some(field) if prefix.starts_with("labs[") => ("LabFile", field),
        Some(field) if prefix.is_empty() => ("CourseFile", field),
        _ => return problem,
    };
    if field.contains(['.', '[']) {
        return problem;
    }
    if let Some(section) = schema::section_with_field(schema::derived(), parent, field) {
        problem.hint = Some(error::Hint::Fix(format!(
            "`{field}` is a field of `{section}`: indent it (and what is under it) under \
             `{section}:`, as deep as the fields already there"
        )));
    }
    problem
}

/// `node` without the value at serde's `path` (a map entry or a list item), when it can be
/// followed; the value is then read as if it were not there.
fn without(node: &Node, path: &serde_path_to_error::Path) -> Option<Node> {
    let segments: Vec<&Segment> = path.iter().collect();
    let (last, parents) = segments.split_last()?;
    let mut out = node.clone();
    let mut target = &mut out;
    for segment in parents {
        target = match (segment, &mut target.value) {
            (Segment::Map { key }, Value::Map(entries)) => entries
                .iter_mut()
                .find(|(k, _)| k.text() == Some(key.as_str()))
                .map(|(_, v)| v)?,
            (Segment::Seq { index }, Value::Seq(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    let removed = match (last, &mut target.value) {
        (Segment::Map { key }, Value::Map(entries)) => {
            let before = entries.len();
            entries.retain(|(k, _)| k.text() != Some(key.as_str()));
            entries.len() < before
        }
        (Segment::Seq { index }, Value::Seq(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    };
    removed.then_some(out)
}

/// Adds `problem` unless it is there already (a value every lab inherits from `defaults`
/// is wrong once, not once a lab).
fn report(problems: &mut Vec<Problem>, problem: Problem) {
    if !problems.contains(&problem) {
        problems.push(problem);
    }
}

/// Lab `i`, merged over the defaults: its required fields (an error when one is missing),
/// then its types.
fn read_lab(i: usize, merged: &Node, paths: &Paths) -> Result<Read<Lab>, Vec<Problem>> {
    let schema = schema::derived();
    let empty = Node {
        value: Value::Map(Vec::new()),
        at: merged.at,
    };
    let missing: Vec<Problem> = inheritable_sections(schema)
        .flat_map(|section| {
            let node = merged
                .get(section)
                .filter(|n| !n.is_null())
                .unwrap_or(&empty);
            required::missing(schema, section, node)
                .into_iter()
                .map(move |field| error::required(i, section, &field))
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(read_all::<Lab>(merged, &format!("labs[{i}]."), paths))
}

/// The sections `defaults` may hold (`deployment`, `service`), from the schema.
fn inheritable_sections(schema: &serde_json::Value) -> impl Iterator<Item = &str> {
    schema["$defs"]["Defaults"]["properties"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.keys().map(String::as_str))
}

/// The problem located at the node `err` is about, found by following serde's path from
/// `node` (what was deserialized): its line and column, and the path where it was written
/// (a value a lab inherited is reported at its `defaults` path).
fn located(
    mut problem: Problem,
    err: &serde_path_to_error::Error<de::Error>,
    node: &Node,
    paths: &Paths,
) -> Problem {
    let (mut target, mut key) = (node, None);
    for segment in err.path().iter() {
        let next = match (segment, &target.value) {
            (Segment::Map { key: name }, Value::Map(entries)) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(name.as_str()))
                .map(|(k, v)| (v, Some(k))),
            (Segment::Seq { index }, Value::Seq(items)) => items.get(*index).map(|v| (v, None)),
            _ => None,
        };
        match next {
            Some((value, k)) => (target, key) = (value, k),
            None => break,
        }
    }
    let (at, index) = match key {
        Some(k) if problem.rule == crate::Rule::SchemaUnknownField => (k.at, &paths.keys),
        _ => (target.at, &paths.nodes),
    };
    problem.location = Some((at.line, at.column));
    if let Some(written) = index.get(&at).filter(|p| !p.is_empty()) {
        problem.path.clone_from(written);
    }
    problem
}

/// The root with an empty `labs` list (labs are read one by one, merged).
fn without_labs(root: &Node) -> Node {
    let Value::Map(entries) = &root.value else {
        return root.clone();
    };
    let entries = entries
        .iter()
        .map(|(k, v)| match (&v.value, k.text()) {
            (Value::Seq(_), Some("labs")) => (
                k.clone(),
                Node {
                    value: Value::Seq(Vec::new()),
                    at: v.at,
                },
            ),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    Node {
        value: Value::Map(entries),
        at: root.at,
    }
}

/// Reads and parses a course file; `course.templates` is resolved against its folder.
pub fn load(path: &Path) -> Result<Parsed, CourseError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| CourseError::Io {
        file: file.clone(),
        source,
    })?;
    parse_file(&text(bytes, &file)?, path)
}

/// Parses `text`, the contents of the course file at `path` (named so in errors);
/// `course.templates` is resolved against the file's folder. [`load`] without the read,
/// for a caller that keeps the text (to show the source lines of problems).
pub fn parse_file(text: &str, path: &Path) -> Result<Parsed, CourseError> {
    let mut course = parse(text, &path.display().to_string())?;
    if let (Some(templates), Some(dir)) = (&course.info.templates, path.parent()) {
        course.info.templates = Some(dir.join(templates));
    }
    Ok(course)
}

/// A course file's bytes as text: an error at the first byte that is not UTF-8.
pub fn text(bytes: Vec<u8>, file: &str) -> Result<String, CourseError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        CourseError::Invalid {
            file: file.to_owned(),
            problems: vec![error::not_utf8(e.as_bytes(), valid_up_to).into_violation(file)],
        }
    })
}

/// The JSON Schema of the course file, for editors (`yaml-language-server`) and checks.
pub fn schema() -> serde_json::Value {
    schema::file_schema()
}

/// [`schema`] as pretty JSON with sorted keys, as `generated/course.schema.json` holds it.
pub fn schema_json() -> String {
    let mut value = schema();
    crate::manifest::sort(&mut value);
    crate::manifest::pretty_json(&value)
}
