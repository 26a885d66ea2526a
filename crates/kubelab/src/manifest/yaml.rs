//! A small block-style YAML emitter that is safe for YAML 1.1 readers.
//!
//! serde_yaml emits for YAML 1.2 and leaves `yes`, `on`, `y`, `1:20`, `1_000` or
//! `2001-12-14` unquoted; kubectl reads YAML 1.1 and turns those into booleans, numbers or
//! dates. Scalars here are written plain only when a conservative rule says every YAML
//! reader sees a string; everything else is double-quoted.

use serde_json::Value;
use std::fmt::Write as _;

/// Words YAML 1.1 resolves to booleans or null (compared case-insensitively, which also
/// covers every capitalisation the spec lists).
const RESERVED_WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// True when `s` can be written as a plain scalar and still reads back as the same string
/// in YAML 1.1 and 1.2: it starts with a letter, `/` or `_`, uses only letters, digits and
/// `-_./:@`, does not end in `:` and is not a reserved word. Anything that starts with a
/// digit, sign or dot (numbers, octals, sexagesimals, dates, `.inf`) is quoted.
pub(crate) fn is_plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '/' || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_./:@".contains(c))
        && !s.ends_with(':')
        && !RESERVED_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// YAML's `c-printable` (YAML 1.1 section 5.1, 1.2 section 5.1).
fn is_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn push_scalar_str(s: &str, out: &mut String) {
    if is_plain_safe(s) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Outside YAML's printable set (YAML 1.1 and 1.2, `c-printable`: tab, line
            // feed, carriage return, 0x20-0x7E, 0x85, 0xA0-0xD7FF, 0xE000-0xFFFD and above
            // 0xFFFF), or a line break or BOM a reader might take literally: escaped.
            c if !is_printable(c)
                || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                // Writing to a String cannot fail.
                let _ = if (c as u32) <= 0xFFFF {
                    write!(out, "\\u{:04x}", c as u32)
                } else {
                    write!(out, "\\U{:08x}", c as u32)
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_scalar(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_scalar_str(s, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => false,
    }
}

fn indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes a block node whose first line continues the current line (after `- `) when
/// `inline_first`, otherwise starts on a fresh line at `col`.
fn push_block(v: &Value, col: usize, inline_first: bool, out: &mut String) {
    match v {
        Value::Object(map) => {
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 || !inline_first {
                    indent(col, out);
                }
                push_scalar_str(key, out);
                out.push(':');
                match value {
                    Value::Object(_) if is_block(value) => {
                        out.push('\n');
                        push_block(value, col + 2, false, out);
                    }
                    // kubectl's style: a sequence under a key is not indented further.
                    Value::Array(_) if is_block(value) => {
                        out.push('\n');
                        push_block(value, col, false, out);
                    }
                    scalar => {
                        out.push(' ');
                        push_scalar(scalar, out);
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 || !inline_first {
                    indent(col, out);
                }
                out.push_str("- ");
                if is_block(item) {
                    push_block(item, col + 2, true, out);
                } else {
                    push_scalar(item, out);
                    out.push('\n');
                }
            }
        }
        scalar => {
            push_scalar(scalar, out);
            out.push('\n');
        }
    }
}

/// One YAML document for `value`, ending in a newline, without `---` (for the tests).
#[cfg(test)]
fn to_yaml_document(value: &Value) -> String {
    let mut out = String::new();
    push_document(value, &mut out);
    out
}

/// `value` as a block starting on a fresh line at column `col`, appended to `out` (for a
/// document made of several parts, such as the course file `kubelab import` writes).
pub(crate) fn push_at(value: &Value, col: usize, out: &mut String) {
    push_block(value, col, false, out);
}

/// A scalar as YAML writes it (quoted wherever YAML 1.1 would misread it).
pub(crate) fn scalar(value: &Value) -> String {
    let mut out = String::new();
    push_scalar(value, &mut out);
    out
}

/// [`to_yaml_document`], appended to `out`.
pub(crate) fn push_document(value: &Value, out: &mut String) {
    push_block(value, 0, false, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn tricky_strings_are_quoted_and_round_trip() {
        // A few of each kind; `xtask/src/yaml11.rs` holds the whole list, read back by
        // PyYAML (a YAML 1.1 reader, like kubectl's) in `cargo xtask test`.
        let tricky = [
            "yes",
            "on",
            "no",
            "Off",
            "y",
            "~",
            "null",
            "0755",
            "0x1F",
            "1e3",
            "1_000",
            "1:20",
            ".inf",
            "2001-12-14",
            "- a",
            "a: b",
            "#x",
            "",
        ];
        for s in tricky {
            let doc = to_yaml_document(&json!({ "k": s }));
            assert!(doc.starts_with("k: \""), "{s:?} not quoted: {doc}");
            let back: serde_json::Value = serde_yaml::from_str(&doc).unwrap_or_default();
            assert_eq!(back, json!({ "k": s }), "round trip of {s:?}");
        }
    }

    #[test]
    fn no_character_outside_yamls_printable_set_is_written_raw() {
        let every: String = (0u32..0x3000)
            .chain(0xD000..0x10000)
            .chain([0x1F600, 0x10FFFF])
            .filter_map(char::from_u32)
            .collect();
        let doc = to_yaml_document(&json!({ "k": every }));
        assert!(
            doc.chars()
                .all(|c| c == '\n' || (is_printable(c) && c != '\u{85}')),
            "raw non-printable"
        );
        let back: serde_json::Value = serde_yaml::from_str(&doc).unwrap_or_default();
        assert_eq!(back, json!({ "k": every }));
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        for s in [
            "ml-kube-app",
            "/test",
            "node-0:5000/ml-app:0.0.1",
            "app.kubernetes.io/name",
        ] {
            assert!(is_plain_safe(s), "{s}");
        }
    }

    #[test]
    fn block_layout_matches_kubectl_style() {
        let v = json!({
            "a": {"b": 1, "c": [ {"d": "x", "e": [1, 2]}, "z" ], "f": {}, "g": []},
            "h": null, "i": true
        });
        assert_eq!(
            to_yaml_document(&v),
            "a:\n  b: 1\n  c:\n  - d: x\n    e:\n    - 1\n    - 2\n  - z\n  f: {}\n  g: []\nh: null\ni: true\n"
        );
    }

    #[test]
    fn nested_sequences() {
        let v = json!({"a": [[1, 2], [{"b": 3, "c": 4}]]});
        let doc = to_yaml_document(&v);
        assert_eq!(doc, "a:\n- - 1\n  - 2\n- - b: 3\n    c: 4\n");
        let back: serde_json::Value = serde_yaml::from_str(&doc).unwrap_or_default();
        assert_eq!(back, v);
    }
}
