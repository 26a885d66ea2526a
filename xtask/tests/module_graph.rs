//! No two modules import each other, directly or in a loop, in any crate of the workspace.
//!
//! A module is a file or folder directly under a crate's `src/` (`objects/` with its files
//! is one module); an import is a `crate::module` path anywhere in its files, or a name the
//! crate root re-exports (`crate::Error` is `error`). Files inside one module may use each
//! other (`super::`); modules may not loop. ARCHITECTURE.md states the graph in words.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The text with comments left out (doc comments name modules without importing them).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module a `crate::` path in `code` names: `crate::a::b`, `crate::{a, b::{C, D}}`,
/// `crate::Name` through the root's re-exports.
fn imports(code: &str, reexports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
            // The top-level names of a group, nested groups skipped.
            let (mut depth, mut name, mut names) = (0, String::new(), Vec::new());
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => names.push(std::mem::take(&mut name)),
                    _ if depth == 0 => name.push(c),
                    _ => {}
                }
            }
            names.push(name);
            names
        } else {
            vec![rest.to_owned()]
        };
        for name in names {
            let ident: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            match reexports.get(&ident) {
                Some(module) => found.insert(module.clone()),
                None => found.insert(ident),
            };
        }
    }
    found
}

/// Names the crate root re-exports (`pub use objects::{LabObjects, Resolved};`), by module.
fn reexports(root_file: &Path) -> BTreeMap<String, String> {
    let text = code(&std::fs::read_to_string(root_file).unwrap());
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let Some((module, names)) = path.split_once("::") else {
            continue;
        };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.trim().rsplit("::").next().unwrap_or_default();
            map.insert(name.to_owned(), module.to_owned());
        }
    }
    map
}

/// The module graph of the crate whose sources are in `src`.
fn graph(src: &Path) -> Graph {
    let root_file = ["lib.rs", "main.rs"]
        .iter()
        .map(|f| src.join(f))
        .find(|p| p.is_file())
        .unwrap();
    let reexports = reexports(&root_file);
    let files = xtask::rust_sources(src).unwrap();
    let modules: BTreeSet<String> = files
        .iter()
        .filter(|f| f.parent() == Some(src) || f.parent().and_then(Path::parent) == Some(src))
        .filter_map(|f| {
            let rel = f.strip_prefix(src).ok()?;
            let first = rel.components().next()?.as_os_str().to_str()?;
            Some(first.trim_end_matches(".rs").to_owned())
        })
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut graph = Graph::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if !modules.contains(&module) {
            continue;
        }
        let text = code(&std::fs::read_to_string(&file).unwrap());
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(
            imports(&text, &reexports)
                .into_iter()
                .filter(|m| *m != module && modules.contains(m)),
        );
    }
    graph
}

/// A loop of modules, if there is one.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_of_any_crate_imports_itself_through_others() {
    for krate in ["crates/kubelab/src", "crates/kubelab-cli/src", "xtask/src"] {
        let graph = graph(&root().join(krate));
        assert!(
            graph.len() > 3,
            "{krate}: only {} modules found",
            graph.len()
        );
        if let Some(found) = cycle(&graph) {
            panic!("{krate}: modules import each other: {}", found.join(" -> "));
        }
    }
}

/// ARCHITECTURE.md: the flow goes one way. `validate/` and `pages/` never import each
/// other, `fit.rs` does not import `validate/`, and nothing below the pipeline imports it.
#[test]
fn the_flow_goes_one_way() {
    let graph = graph(&root().join("crates/kubelab/src"));
    let imports = |a: &str, b: &str| graph.get(a).is_some_and(|e| e.contains(b));
    assert!(!imports("validate", "pages"), "validate imports pages");
    assert!(!imports("pages", "validate"), "pages imports validate");
    assert!(!imports("fit", "validate"), "fit imports validate");
    let above: Vec<&String> = graph
        .iter()
        .filter(|(_, edges)| edges.contains("pipeline"))
        .map(|(m, _)| m)
        .collect();
    assert!(above.is_empty(), "modules import the pipeline: {above:?}");
}

#[test]
fn the_check_sees_a_loop_and_the_imports_a_module_makes() {
    let reexports = BTreeMap::from([("Error".to_owned(), "error".to_owned())]);
    let found = imports(
        "use crate::{manifest, pages::{self, T}, Error};\nfn f() { crate::fit::fit(); }",
        &reexports,
    );
    let expected: BTreeSet<String> = ["error", "fit", "manifest", "pages"]
        .map(str::to_owned)
        .into();
    assert_eq!(found, expected);
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
