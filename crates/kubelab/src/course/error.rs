//! Errors in a course file: where (file, line, column, field path), what rule, how to fix.

use super::de;
use super::yaml::{Pos, SyntaxError};
use crate::rules::Rule;
use crate::validate::Violation;
use std::fmt;

/// How to fix a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hint {
    /// What to do.
    Fix(String),
    /// A misspelt field or value: the allowed one it is closest to.
    DidYouMean(String),
}

/// One problem the reader found, as it finds it (a line and column, without the file):
/// it becomes a [`Violation`], the one diagnostic type, once the file is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Line and column (1-based), when known.
    pub(crate) location: Option<(usize, usize)>,
    /// Field path in the course file (`labs[1].deployment.replicas`).
    pub(crate) path: String,
    /// The rule it breaks.
    pub(crate) rule: Rule,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) hint: Option<Hint>,
}

impl Problem {
    /// The problem as a [`Violation`] of the course file `file`.
    pub(crate) fn into_violation(self, file: &str) -> Violation {
        let mut v = Violation::new(self.rule, self.path, "");
        v.message = self.message;
        match self.hint {
            Some(Hint::Fix(fix)) => v.hint = fix,
            Some(Hint::DidYouMean(word)) => v.suggestion = Some(word),
            None => {}
        }
        v.location = self.location.map(|(line, column)| crate::source::Written {
            file: file.to_owned(),
            line,
            column,
            path: v.path.clone(),
        });
        v
    }
}

const SCHEMA_RULE: &str = "only fields and values of the course schema are allowed";
/// Where an author finds the schema: a command that always works, not a file that may not
/// exist yet.
const SCHEMA_FILE: &str = "`kubelab schema` prints the schema";

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::Fix(fix) => write!(f, "fix: {fix}"),
            Hint::DidYouMean(word) => {
                write!(
                    f,
                    "did you mean `{word}`? (rule: {SCHEMA_RULE}; {SCHEMA_FILE})"
                )
            }
        }
    }
}

/// A problem of a course file that cannot be read, on one line: `line:column: path:
/// message [rule id]; fix: ...` (the file is written before it).
fn line(v: &Violation) -> String {
    let mut out = String::new();
    if let Some(at) = &v.location {
        out.push_str(&format!("{}:{}: ", at.line, at.column));
    }
    out.push_str(&format!("{}: {}", v.path, v.message));
    if !v.object.is_empty() {
        out.push_str(&format!(" ({} {})", v.object, v.field));
    }
    out.push_str(&format!(" [rule {}]", v.rule));
    match (&v.suggestion, v.hint.is_empty()) {
        (Some(word), _) => out.push_str(&format!("; {}", Hint::DidYouMean(word.clone()))),
        (None, false) => out.push_str(&format!("; {}", Hint::Fix(v.hint.clone()))),
        (None, true) => {}
    }
    out
}

/// A course file that cannot be read or is not a course.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CourseError {
    /// The file cannot be read.
    #[error("cannot read course file `{file}`: {source}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Syntax, type or unknown-field errors, or required fields missing.
    #[error("{}", render(file, problems))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found, each a broken rule with where it was written.
        problems: Vec<Violation>,
    },
}

fn render(file: &str, problems: &[Violation]) -> String {
    problems
        .iter()
        .map(|v| match v.location {
            Some(_) => format!("{file}:{}", line(v)),
            None => format!("{file}: {}", line(v)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The closest of `candidates` to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The words serde quotes in backticks: for "unknown field `replica`, expected one of
/// `name`, `replicas`", the unknown field first and then the allowed ones.
pub(super) fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

fn location(at: Pos) -> Option<(usize, usize)> {
    Some((at.line, at.column))
}

/// A file that is not well-formed YAML, or not one shallow document.
/// What the YAML parser's message means for a course author: what YAML saw, and what to
/// do. Messages of saphyr-parser (src/scanner.rs, src/parser.rs); others are kept.
fn syntax_in_words(message: &str) -> Option<(&'static str, &'static str)> {
    let known: [(&str, &str, &str); 5] = [
        (
            "mapping values are not allowed in this context",
            "YAML saw a `key:` where a value goes: this line continues the value of the line \
             before it, because it is indented more than the keys beside it (or the value \
             before it holds a `: `)",
            "indent the key exactly as the keys of its mapping (spaces, not tabs), or quote a \
             value that holds `: `",
        ),
        (
            "did not find expected key",
            "YAML expected another `key:` of the mapping above, at its indentation: this line \
             is indented less than the keys of that mapping but more than its parent's",
            "indent the line as the keys of the mapping it belongs to",
        ),
        (
            "did not find expected '-' indicator",
            "YAML expected another `- ` item of the list above: this line is indented as its \
             items but is not one",
            "start the line with `- `, or indent it under the item it belongs to",
        ),
        (
            "tabs disallowed",
            "YAML saw a tab where it reads indentation: YAML indents with spaces only",
            "replace the tab with spaces",
        ),
        (
            "did not find expected ',' or ']'",
            "YAML expected `,` or `]` in the list in brackets: it is not closed",
            "close the list with `]` on the line it starts, or write it as `- ` lines",
        ),
    ];
    known
        .into_iter()
        .find(|(k, _, _)| message.contains(k))
        .map(|(_, said, fix)| (said, fix))
}

pub(crate) fn from_syntax(e: SyntaxError) -> Problem {
    if !e.too_large
        && let Some((said, fix)) = syntax_in_words(&e.message)
    {
        return Problem {
            location: location(e.at),
            path: if e.path.is_empty() {
                "(top level)".to_owned()
            } else {
                e.path
            },
            rule: Rule::YamlSyntax,
            message: format!("{said} (the YAML parser: {})", e.message),
            hint: Some(Hint::Fix(fix.to_owned())),
        };
    }
    Problem {
        location: location(e.at),
        path: if e.path.is_empty() {
            "(top level)".to_owned()
        } else {
            e.path
        },
        rule: if e.too_large {
            Rule::CourseSize
        } else {
            Rule::YamlSyntax
        },
        hint: Some(Hint::Fix(if e.too_large {
            "a course file is small and shallow: split it, or use fewer aliases".into()
        } else {
            "check the indentation, quotes and brackets at and just before that line".into()
        })),
        message: e.message,
    }
}

/// A course file larger than kubelab reads.
pub(crate) fn too_large(message: String, location: Option<(usize, usize)>) -> Problem {
    Problem {
        location,
        path: "(top level)".to_owned(),
        rule: Rule::CourseSize,
        message,
        hint: Some(Hint::Fix(
            "a course file is small: split it, or use fewer aliases and `defaults` entries".into(),
        )),
    }
}

/// Text that is not UTF-8: where the first bad byte is.
pub(crate) fn not_utf8(bytes: &[u8], valid_up_to: usize) -> Problem {
    let before = &bytes[..valid_up_to.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    Problem {
        location: Some((line, column)),
        path: "(top level)".to_owned(),
        rule: Rule::YamlSyntax,
        message: format!("is not valid UTF-8: byte 0x{byte:02X} at line {line}, column {column}"),
        hint: Some(Hint::Fix(
            "save the file as UTF-8 (editors call it \"UTF-8\", without a byte-order mark)".into(),
        )),
    }
}

/// A required field that neither the lab nor `defaults` sets.
pub(crate) fn required(lab: usize, section: &str, field: &str) -> Problem {
    Problem {
        location: None,
        path: format!("labs[{lab}].{section}.{field}"),
        rule: Rule::RequiredField,
        message: "required, but set neither here nor in the defaults".to_owned(),
        hint: Some(Hint::Fix(format!(
            "set `{field}` in this lab or in `defaults.{section}.{field}`"
        ))),
    }
}

/// A value of the wrong type, an unknown field or value, or a missing field: `prefix`
/// (`labs[1].`) is prepended to the path serde tracked.
pub(crate) fn from_serde(err: &serde_path_to_error::Error<de::Error>, prefix: &str) -> Problem {
    let inner = err.inner();
    let mut message = inner.message.clone();
    let path = match err.path().to_string() {
        p if p == "." || p == "?" => prefix.trim_end_matches('.').to_owned(),
        p => format!("{prefix}{}", p.trim_end_matches(".?")),
    };
    let path = if path.is_empty() {
        "(top level)".to_owned()
    } else {
        path
    };
    let rule = match inner.kind {
        de::Kind::UnknownField => Rule::SchemaUnknownField,
        de::Kind::UnknownVariant => Rule::SchemaUnknownVariant,
        de::Kind::MissingField => Rule::SchemaMissingField,
        de::Kind::InvalidType | de::Kind::Other => Rule::SchemaType,
    };
    let hint = match rule {
        Rule::SchemaUnknownField | Rule::SchemaUnknownVariant => {
            let words = backticked(&message);
            words.split_first().map(|(unknown, allowed)| {
                match did_you_mean(unknown, allowed.iter().copied()) {
                    Some(best) => Hint::DidYouMean(best.to_owned()),
                    None => Hint::Fix(format!(
                        "remove it or use one of those listed ({SCHEMA_RULE}; {SCHEMA_FILE})"
                    )),
                }
            })
        }
        Rule::SchemaMissingField => Some(Hint::Fix("add the field".to_owned())),
        _ => {
            message = plain_words(&message);
            Some(Hint::Fix(format!(
                "give a value of the expected kind ({SCHEMA_FILE})"
            )))
        }
    };
    Problem {
        location: inner.at.and_then(location),
        path,
        rule,
        message,
        hint,
    }
}

/// serde's "invalid type: string \"two\", expected i32" in an author's words: "is the text
/// \"two\", where a whole number goes". Messages of another shape are kept.
fn plain_words(message: &str) -> String {
    let Some((got, expected)) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|rest| rest.split_once(", expected "))
    else {
        return message.to_owned();
    };
    let got = match (got.split_once(' '), got) {
        (Some(("string", text)), _) => format!("the text {text}"),
        (Some(("integer" | "floating", number)), _) => {
            format!(
                "the number {}",
                number.trim_start_matches("point ").trim_matches('`')
            )
        }
        (Some(("boolean", value)), _) => format!("`{}`", value.trim_matches('`')),
        (_, "map") => "a mapping (`key: value` lines)".to_owned(),
        (_, "sequence") => "a list".to_owned(),
        _ => return message.to_owned(),
    };
    let expected = match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "f32" | "f64" => "a number",
        "a boolean" => "`true` or `false`",
        "a sequence" => "a list",
        "a string" => "text",
        "a map" => "a mapping (`key: value` lines)",
        "a port number or a port name" => {
            "a port number (`5000`) or a container port's name (`http`)"
        }
        other if other.starts_with("struct ") => "a mapping (`key: value` lines)",
        _ => return message.to_owned(),
    };
    format!("is {got}, where {expected} goes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_name_kinds_of_values_not_rust_types() {
        assert_eq!(
            plain_words("invalid type: string \"two\", expected i32"),
            "is the text \"two\", where a whole number goes"
        );
        assert_eq!(
            plain_words("invalid value: integer `-5`, expected u32"),
            "is the number -5, where a whole number, 0 or more goes"
        );
        assert_eq!(
            plain_words("invalid type: sequence, expected a string"),
            "is a list, where text goes"
        );
        assert_eq!(plain_words("something else"), "something else");
    }

    #[test]
    fn suggestions_are_close_words_only() {
        let allowed = ["name", "replicas", "ports", "readinessProbe"];
        assert_eq!(did_you_mean("replica", allowed), Some("replicas"));
        assert_eq!(
            did_you_mean("readinesProbe", allowed),
            Some("readinessProbe")
        );
        assert_eq!(did_you_mean("colour", allowed), None);
    }

    #[test]
    fn backticks() {
        assert_eq!(
            backticked("unknown field `replica`, expected one of `name`, `replicas`"),
            ["replica", "name", "replicas"]
        );
    }
}
