//! A course file as a tree of YAML nodes that remember where they stand in the file.
//!
//! Scalars keep their text: whether `yes`, `0755` or `1e3` is a string, a number or a
//! boolean is decided by the field that reads it (see `de.rs`), never by YAML 1.1 or 1.2
//! resolution rules, so a course file cannot fall into those traps. Built from
//! saphyr-parser's events; the tree is bounded in depth and in nodes (aliases included), so
//! a hostile file is refused early instead of exhausting memory.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The deepest nesting a course file may have. The deepest field of a course
/// (`labs[0].sweep.requests.cpu[0]`) is six levels down.
pub(crate) const MAX_DEPTH: usize = 32;

/// The most nodes a course file may expand to, aliases included.
pub(crate) const MAX_NODES: usize = 1_000_000;

/// A position in the file, 1-based like editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A node and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) at: Pos,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// A scalar's text; `plain` when it was written without quotes (and without `!!str`),
    /// so that it may be read as a number, a boolean or null.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    /// Entries in file order; keys are scalars.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// True for a plain `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// How many nodes this one holds, itself included.
    pub(crate) fn size(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(items) => items.iter().map(Node::size).fold(1, usize::saturating_add),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| k.size().saturating_add(v.size()))
                .fold(1, usize::saturating_add),
        }
    }

    /// The text of a scalar node.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value under `key`, for a map node.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The course path of every node and every key under this one (which is at `path`), by
    /// position. This is how a value merged from `defaults` into a lab is traced back to
    /// where it was written; a position it does not hold was written where it is read.
    pub(crate) fn paths(&self, path: &str) -> Paths {
        let mut out = Paths::default();
        self.walk(path, &mut |path, node, is_key| {
            // A block map starts where its first key does: keys and nodes are indexed apart.
            let index = if is_key {
                &mut out.keys
            } else {
                &mut out.nodes
            };
            index.insert(node.at, path.to_owned());
        });
        out
    }

    /// Calls `f(path, node, is_key)` for this node (at course path `path`), every node under
    /// it and every map key (with the path of its value): children before their parent.
    pub(crate) fn walk(&self, path: &str, f: &mut impl FnMut(&str, &Node, bool)) {
        match &self.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.walk(&format!("{path}[{i}]"), f);
                }
            }
            Value::Map(entries) => {
                for (key, value) in entries {
                    let text = key.text().unwrap_or_default();
                    let child = if path.is_empty() {
                        text.to_owned()
                    } else {
                        format!("{path}.{text}")
                    };
                    f(&child, key, true);
                    value.walk(&child, f);
                }
            }
        }
        f(path, self, false);
    }
}

/// Course paths by position in the file: of nodes (values, maps, lists) and of keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paths {
    pub(crate) nodes: BTreeMap<Pos, String>,
    pub(crate) keys: BTreeMap<Pos, String>,
}

/// Why a file is not a course's YAML: the message, where, and the path of the innermost
/// node open at that point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) at: Pos,
    pub(crate) path: String,
    /// True when the file is well-formed but larger or deeper than a course file may be.
    pub(crate) too_large: bool,
}

/// A node being built.
enum Frame {
    Seq {
        at: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        at: Pos,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        keys: BTreeSet<String>,
        key: Option<Node>,
    },
}

struct Loader {
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, Node>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Loader {
    /// The course path of the innermost open node, for error messages.
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Seq { items, .. } => path.push_str(&format!("[{}]", items.len())),
                Frame::Map { key: Some(k), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k.text().unwrap_or_default());
                }
                Frame::Map { key: None, .. } => {}
            }
        }
        path
    }

    fn error(&self, message: impl Into<String>, at: Pos) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            at,
            path: self.path(),
            too_large: false,
        }
    }

    fn count(&mut self, n: usize, at: Pos) -> Result<(), SyntaxError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            let mut e = self.error(
                format!(
                    "the course file expands to more than {MAX_NODES} YAML values (aliases \
                     counted each time they are used)"
                ),
                at,
            );
            e.too_large = true;
            return Err(e);
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, at: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            let mut e = self.error(
                format!("nested more than {MAX_DEPTH} levels deep; a course file is shallow"),
                at,
            );
            e.too_large = true;
            return Err(e);
        }
        self.count(1, at)?;
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a finished node to the node that holds it (or makes it the document).
    fn deliver(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let at = node.at;
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                entries, keys, key, ..
            }) => match key.take() {
                Some(k) => {
                    entries.push((k, node));
                    Ok(())
                }
                None => {
                    let Some(text) = node.text() else {
                        return Err(self.error("a mapping key must be a plain word", at));
                    };
                    if !keys.insert(text.to_owned()) {
                        let message = format!("duplicate key `{text}`");
                        return Err(self.error(message, at));
                    }
                    *key = Some(node);
                    Ok(())
                }
            },
        }
    }

    fn close(&mut self) -> Result<(), SyntaxError> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::Seq { at, anchor, items }) => (
                Node {
                    value: Value::Seq(items),
                    at,
                },
                anchor,
            ),
            Some(Frame::Map {
                at,
                anchor,
                entries,
                ..
            }) => (
                Node {
                    value: Value::Map(entries),
                    at,
                },
                anchor,
            ),
            None => return Ok(()),
        };
        self.deliver(node, anchor)
    }

    fn event(&mut self, event: Event<'_>, at: Pos) -> Result<bool, SyntaxError> {
        match event {
            Event::StreamEnd => return Ok(false),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(
                        "holds more than one YAML document (`---`); a course file is one \
                         document",
                        at,
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let mut plain = style == ScalarStyle::Plain;
                if let Some(tag) = tag {
                    match (tag.is_yaml_core_schema(), tag.suffix.as_str()) {
                        (true, "str") => plain = false,
                        (true, "null" | "bool" | "int" | "float") => {}
                        _ => return Err(self.error(format!("unsupported tag `{tag}`"), at)),
                    }
                }
                self.count(1, at)?;
                let node = Node {
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    },
                    at,
                };
                self.deliver(node, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                let frame = Frame::Seq {
                    at,
                    anchor,
                    items: Vec::new(),
                };
                self.open(frame, at)?;
            }
            Event::MappingStart(anchor, _) => {
                let frame = Frame::Map {
                    at,
                    anchor,
                    entries: Vec::new(),
                    keys: BTreeSet::new(),
                    key: None,
                };
                self.open(frame, at)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(self.error("an alias to an unknown anchor", at));
                };
                self.count(node.size(), at)?;
                self.deliver(node, 0)?;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        Ok(true)
    }
}

/// Reads one YAML document.
pub(crate) fn load(text: &str) -> Result<Node, SyntaxError> {
    let mut loader = Loader {
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if !loader.event(event, Pos::of(&span))? {
                    break;
                }
            }
            Err(e) => {
                let at = Pos {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                };
                // The parser's own guard against deep nesting trips before ours on flow
                // collections (`[[[[...`): it is the same refusal.
                if e.info().contains("recursion limit") {
                    let mut e = loader.error(
                        format!(
                            "nested more than {MAX_DEPTH} levels deep; a course file is shallow"
                        ),
                        at,
                    );
                    e.too_large = true;
                    return Err(e);
                }
                return Err(loader.error(e.info().to_owned(), at));
            }
        }
    }
    match loader.root.take() {
        Some(root) => Ok(root),
        None => Err(loader.error("holds no YAML document", Pos { line: 1, column: 1 })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> (&str, bool) {
        match &node.value {
            Value::Scalar { text, plain } => (text, *plain),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_text_and_quoting() {
        let root = load("a: yes\nb: '0755'\nc: !!str 1e3\nd:\n").expect("loads");
        assert_eq!(scalar(root.get("a").expect("a")), ("yes", true));
        assert_eq!(scalar(root.get("b").expect("b")), ("0755", false));
        assert_eq!(scalar(root.get("c").expect("c")), ("1e3", false));
        assert!(root.get("d").expect("d").is_null());
    }

    #[test]
    fn positions_are_one_based_and_paths_trace_back() {
        let root = load("labs:\n  - id: one\n    title: T\n").expect("loads");
        let id = root.get("labs").and_then(|l| match &l.value {
            Value::Seq(items) => items[0].get("id"),
            _ => None,
        });
        let at = id.expect("id").at;
        assert_eq!(at, Pos { line: 2, column: 9 });
        let paths = root.paths("");
        assert_eq!(paths.nodes.get(&at).map(String::as_str), Some("labs[0].id"));
        let key = Pos { line: 2, column: 5 };
        assert_eq!(paths.keys.get(&key).map(String::as_str), Some("labs[0].id"));
        assert_eq!(paths.nodes.get(&key).map(String::as_str), Some("labs[0]"));
    }

    #[test]
    fn refuses_what_a_course_file_never_needs() {
        let deep = format!("a: {}{}", "[".repeat(40), "]".repeat(40));
        let err = load(&deep).expect_err("too deep");
        assert!(err.message.contains("nested more than 32"), "{err:?}");
        let err = load("a: 1\na: 2\n").expect_err("duplicate");
        assert_eq!(err.message, "duplicate key `a`");
        let err = load("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert!(
            err.message.contains("more than one YAML document"),
            "{err:?}"
        );
        assert!(load("").is_err());
        assert!(load("a: !custom x\n").is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n".to_owned()
            + &(1..8)
                .map(|i| format!("b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                    p = if i == 1 { "a".to_owned() } else { format!("b{}", i - 1) }))
                .collect::<String>();
        let err = load(&bomb).expect_err("alias bomb");
        assert!(
            err.message.contains("more than 1000000 YAML values"),
            "{err:?}"
        );
        assert!(err.too_large);
        // Far deeper than the parser's own guard: refused with the same message.
        let err = load(&format!("a: {}", "[".repeat(100_000))).expect_err("too deep");
        assert!(err.message.contains("nested more than 32"), "{err:?}");
        assert!(err.too_large);
    }

    #[test]
    fn a_syntax_error_names_the_innermost_open_node() {
        let err = load("labs:\n  - id: a\n    deployment:\n      name: web\n     image: [\n")
            .expect_err("bad indentation");
        assert_eq!(err.path, "labs[0]");
        assert_eq!(err.at.line, 5);
    }
}
