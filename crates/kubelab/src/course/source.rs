//! Where each value of a course was written: the course path a rule reports
//! (`labs[1].deployment.readinessProbe.successThreshold`) -> the file, line and column of
//! the value, and the path it was written at (`defaults.deployment.readinessProbe...` when
//! the lab inherited it). Built from the merged lab nodes, which keep their positions.

use super::yaml::{Node, Paths};
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
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    file: String,
    /// Line, column and, when it differs from the course path, the path written at.
    values: BTreeMap<String, (usize, usize, Option<String>)>,
}

/// Where a course was written is not part of what it says: two courses with the same
/// content are equal wherever they came from.
impl PartialEq for SourceMap {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SourceMap {}

impl SourceMap {
    pub(super) fn new(file: &str) -> Self {
        SourceMap {
            file: file.to_owned(),
            values: BTreeMap::new(),
        }
    }

    /// Records `node` and everything under it, `node` being at course path `path`.
    pub(super) fn record(&mut self, path: &str, node: &Node, paths: &Paths) {
        node.walk(path, &mut |path, node, is_key| {
            if is_key {
                return;
            }
            let written = paths
                .nodes
                .get(&node.at)
                .filter(|p| !p.is_empty() && p.as_str() != path)
                .cloned();
            self.values
                .entry(path.to_owned())
                .or_insert_with(|| (node.at.line, node.at.column, written));
        });
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
