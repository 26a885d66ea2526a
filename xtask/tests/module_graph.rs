//! No two modules import each other, directly or in a loop, in any crate of the workspace;
//! nor do two files of one module.
//!
//! A module is a file or folder directly under a crate's `src/` (`objects/` with its files
//! is one module); an import is a `crate::module` path anywhere in its files, or a name the
//! crate root re-exports (`crate::Error` is `error`). Inside a folder, a file imports a
//! sibling file by `super::sibling` (`mod.rs`, which declares them, is their parent, not a
//! sibling). ARCHITECTURE.md states the graph in words.

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
    names_after(code, "crate::", reexports)
}

/// The first name of every path in `code` that starts with `prefix` (`crate::`,
/// `super::`), a group's names each, mapped through `reexports`.
fn names_after(code: &str, prefix: &str, reexports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut from = 0;
    while let Some(at) = code[from..].find(prefix).map(|i| from + i) {
        // `crate::` inside `pub(crate)` or `super::` inside `super::super::` start no path.
        let before = code[..at].chars().next_back();
        from = at + prefix.len();
        let rest = &code[from..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
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

/// The files of each folder under `src` (`mod.rs` left out) and the siblings each imports.
fn sibling_graphs(src: &Path) -> Vec<(PathBuf, Graph)> {
    let files = xtask::rust_sources(src).unwrap();
    let mut folders: BTreeMap<PathBuf, Graph> = BTreeMap::new();
    for file in &files {
        let (Some(dir), Some(stem)) = (file.parent(), file.file_stem()) else {
            continue;
        };
        let stem = stem.to_string_lossy().into_owned();
        if dir == src || stem == "mod" {
            continue;
        }
        folders
            .entry(dir.to_path_buf())
            .or_default()
            .entry(stem)
            .or_default();
    }
    for (dir, graph) in &mut folders {
        let siblings: BTreeSet<String> = graph.keys().cloned().collect();
        for sibling in &siblings {
            let text = code(&std::fs::read_to_string(dir.join(format!("{sibling}.rs"))).unwrap());
            let edges = names_after(&text, "super::", &BTreeMap::new())
                .into_iter()
                .filter(|m| m != sibling && siblings.contains(m));
            graph.entry(sibling.clone()).or_default().extend(edges);
        }
    }
    folders.into_iter().collect()
}

#[test]
fn no_two_files_of_a_module_import_each_other() {
    let mut folders = 0;
    for krate in ["crates/kubelab/src", "crates/kubelab-cli/src", "xtask/src"] {
        for (dir, graph) in sibling_graphs(&root().join(krate)) {
            folders += 1;
            if let Some(found) = cycle(&graph) {
                panic!(
                    "{}: files import each other: {}",
                    dir.display(),
                    found.join(" -> ")
                );
            }
        }
    }
    assert!(folders > 5, "only {folders} module folders found");
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
    let siblings = names_after(
        "pub(crate) use super::kubectl::{self, P};\nfn f() { super::super::x(); super::shell::w(); }",
        "super::",
        &BTreeMap::new(),
    );
    let expected: BTreeSet<String> = ["kubectl", "shell", "super"].map(str::to_owned).into();
    assert_eq!(
        siblings, expected,
        "`super::super::x` names `super`, no sibling"
    );
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

/// ARCHITECTURE.md lists each module of `crates/kubelab` with what it imports, one line a
/// module (`  - `objects`: api_defaults, k8s, spec`): the list is the code's graph.
#[test]
fn architecture_md_states_the_graph_of_the_code() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut stated = Graph::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("  - `") else {
            continue;
        };
        let Some((module, imports)) = rest.split_once("`: ") else {
            continue;
        };
        let imports = match imports {
            "nothing of the crate" => BTreeSet::new(),
            list => list.split(", ").map(str::to_owned).collect(),
        };
        stated.insert(module.to_owned(), imports);
    }
    let code = graph(&root().join("crates/kubelab/src"));
    let as_lines = |g: &Graph| -> Vec<String> {
        g.iter()
            .map(|(m, e)| format!("{m}: {}", e.iter().cloned().collect::<Vec<_>>().join(", ")))
            .collect()
    };
    pretty_assertions::assert_eq!(
        as_lines(&stated),
        as_lines(&code),
        "ARCHITECTURE.md's module list (left) against the code (right)"
    );
}
