//! Where each value of a course was written: the course path a rule reports
//! (`labs[1].deployment.readinessProbe.successThreshold`) -> the file, line and column of
//! the value, and the path it was written at (`defaults.deployment.readinessProbe...` when
//! the lab inherited it). Filled in by the course file reader (`course::source`); read by
//! validation to locate its violations. Below both, so that neither imports the other.

use std::collections::BTreeMap;

/// Where a value was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The course file, as named to the parser.
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
    /// The path it was written at: `defaults.deployment.image` for a value a lab inherits.
    pub path: String,
}

/// Course path -> where its value was written. Empty for a course built in code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    file: String,
    /// Line, column and, when it differs from the course path, the path written at.
    values: BTreeMap<String, (usize, usize, Option<String>)>,
}

impl SourceMap {
    pub(crate) fn new(file: &str) -> Self {
        SourceMap {
            file: file.to_owned(),
            values: BTreeMap::new(),
        }
    }

    /// Records that the value at course path `path` was written at `line`, `column` and,
    /// when it differs from `path`, at path `written`. The first record of a path wins.
    pub(crate) fn insert(
        &mut self,
        path: &str,
        line: usize,
        column: usize,
        written: Option<String>,
    ) {
        self.values
            .entry(path.to_owned())
            .or_insert((line, column, written));
    }

    /// Where the value at `path` was written, if it was.
    pub fn written(&self, path: &str) -> Option<Written> {
        self.values
            .get(path)
            .map(|(line, column, written)| Written {
                file: self.file.clone(),
                line: *line,
                column: *column,
                path: written.clone().unwrap_or_else(|| path.to_owned()),
            })
    }

    /// Where `path` was written, or else its nearest ancestor that was (with `path` kept):
    /// a rule about a value the author left unset points at the section they wrote.
    pub fn nearest(&self, path: &str) -> Option<Written> {
        if let Some(w) = self.written(path) {
            return Some(w);
        }
        let mut p = path;
        while let Some(cut) = p.rfind(['.', '[']) {
            p = &p[..cut];
            if let Some(mut w) = self.written(p) {
                w.path = path.to_owned();
                return Some(w);
            }
        }
        None
    }
}

/// The lab index of a course path and the rest of it (`labs[2].service.type` is 2 and
/// `service.type`); none for a path outside the labs.
pub(crate) fn lab_path(path: &str) -> Option<(usize, &str)> {
    let (index, rest) = path.strip_prefix("labs[")?.split_once("].")?;
    Some((index.parse().ok()?, rest))
}

/// A course read from its file, and where each of its values was written there.
///
/// It reads as the [`Course`](crate::spec::Course) it holds (`parsed.labs`), and
/// [`crate::generate`] takes it as it takes a course built in Rust: validation then locates
/// each problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parsed {
    /// The course.
    pub course: crate::spec::Course,
    /// Where each value was written.
    pub source: SourceMap,
}

impl std::ops::Deref for Parsed {
    type Target = crate::spec::Course;

    fn deref(&self) -> &crate::spec::Course {
        &self.course
    }
}

impl std::ops::DerefMut for Parsed {
    fn deref_mut(&mut self) -> &mut crate::spec::Course {
        &mut self.course
    }
}

/// What [`crate::generate`] and [`crate::Resolved::new`] take: a course built in Rust, or one
/// read from its file with where each value was written.
pub trait CourseInput {
    /// The course.
    fn course(&self) -> &crate::spec::Course;
    /// Where its values were written; none for a course built in code.
    fn source(&self) -> Option<&SourceMap> {
        None
    }
}

impl CourseInput for crate::spec::Course {
    fn course(&self) -> &crate::spec::Course {
        self
    }
}

impl CourseInput for Parsed {
    fn course(&self) -> &crate::spec::Course {
        &self.course
    }

    fn source(&self) -> Option<&SourceMap> {
        Some(&self.source)
    }
}
