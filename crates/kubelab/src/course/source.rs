//! Fills a [`SourceMap`] from the merged lab nodes, which keep their positions.

use super::yaml::{Node, Paths};
use crate::source::SourceMap;

/// Records `node` and everything under it, `node` being at course path `path`.
pub(super) fn record(map: &mut SourceMap, path: &str, node: &Node, paths: &Paths) {
    node.walk(path, &mut |path, node, is_key| {
        if is_key {
            return;
        }
        let written = paths
            .nodes
            .get(&node.at)
            .filter(|p| !p.is_empty() && p.as_str() != path)
            .cloned();
        map.insert(path, node.at.line, node.at.column, written);
    });
}
