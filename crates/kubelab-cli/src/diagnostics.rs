//! Problems in a course file (each a [`Violation`], the one diagnostic type, whether the
//! reader or validation found it) shown the way rustc shows compile errors: a title with the rule,
//! the source line with a caret under the value, and the fix. Rendered by annotate-snippets,
//! in colour on a terminal and plain otherwise.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use kubelab::Severity;
use kubelab::course::CourseError;
use kubelab::validate::{Report, Violation};
use std::path::Path;

/// One problem to show.
struct Item<'a> {
    severity: Severity,
    rule: &'a str,
    title: String,
    /// Line and column, 1-based.
    at: Option<(usize, usize)>,
    label: String,
    help: Option<String>,
}

/// Renders problems found in the text of one course file.
pub struct Diagnostics<'a> {
    file: &'a str,
    text: &'a str,
    renderer: Renderer,
}

impl<'a> Diagnostics<'a> {
    /// Diagnostics for the course file named `file` (as shown) with contents `text`.
    pub fn new(file: &'a str, text: &'a str, color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Diagnostics {
            file,
            text,
            renderer,
        }
    }

    /// Every problem of a course file that cannot be read, each with its source line.
    pub fn course_error(&self, error: &CourseError) -> String {
        match error {
            CourseError::Invalid { problems, .. } => {
                let items: Vec<Item<'_>> = problems.iter().map(violation_item).collect();
                let mut out = self.render_all(&items);
                out.push_str(&format!(
                    "{} error(s); nothing was written\n",
                    problems.len()
                ));
                out
            }
            _ => format!("error: {error}\n"),
        }
    }

    /// Every violation of a validation report, then the count.
    pub fn report(&self, report: &Report) -> String {
        let items: Vec<Item<'_>> = report.violations.iter().map(violation_item).collect();
        let mut out = self.render_all(&items);
        out.push_str(&format!(
            "{} error(s), {} warning(s); nothing was written\n",
            report.errors().count(),
            report.warnings().count()
        ));
        out
    }

    /// Warnings of a course that was generated all the same.
    pub fn warnings(&self, warnings: &[Violation]) -> String {
        let items: Vec<Item<'_>> = warnings.iter().map(violation_item).collect();
        self.render_all(&items)
    }

    fn render_all(&self, items: &[Item<'_>]) -> String {
        let mut out = String::new();
        for item in items {
            out.push_str(&self.render(item));
            out.push_str("\n\n");
        }
        out
    }

    fn render(&self, item: &Item<'_>) -> String {
        let level = match item.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(item.title.as_str()).id(item.rule));
        let mut located = None;
        // A syntax error is often caused by the line before it (its indentation, an
        // unclosed bracket): show that line too.
        let before = usize::from(item.rule == kubelab::Rule::YamlSyntax.id());
        if let Some((line, column)) = item.at
            && let Some((source, span, first)) = lines_span(self.text, line, column, before)
        {
            located = Some(
                Snippet::source(source)
                    .line_start(first)
                    .fold(false)
                    .path(self.file)
                    .annotation(
                        AnnotationKind::Primary
                            .span(span)
                            .label(item.label.as_str()),
                    ),
            );
        }
        if let Some(snippet) = located {
            group = group.element(snippet);
        } else {
            group = group.element(Level::NOTE.message(format!("in {}", self.file)));
        }
        if let Some(help) = &item.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        self.renderer.render(&[group])
    }
}

fn violation_item(v: &Violation) -> Item<'_> {
    let object = match (v.object.is_empty(), v.field.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!(" ({})", v.object),
        (false, false) => format!(" ({} {})", v.object, v.field),
    };
    Item {
        severity: v.severity,
        rule: v.rule.id(),
        title: format!("{}: {}{object}", v.path, v.message),
        at: v.location.as_ref().map(|w| (w.line, w.column)),
        // A problem of the file's form (a misspelt key, a word for a number) has no value
        // to name: the caret is on it.
        label: match v.value.is_empty() {
            true => String::new(),
            false => format!("Invalid value: {}", v.value),
        },
        help: match (&v.suggestion, v.hint.is_empty()) {
            (Some(word), _) => Some(format!("did you mean `{word}`?")),
            (None, false) => Some(format!("{} (`kubelab explain {}`)", v.hint, v.rule)),
            (None, true) => None,
        },
    }
}

/// The text of line `line` (1-based) and the byte span, within it, of the value that
/// starts at `column` (1-based, in characters): a quoted scalar to its closing quote, a
/// plain one to the end of its token.
fn line_span(text: &str, line: usize, column: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let start = source
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(source.len(), |(i, _)| i);
    let rest = &source[start..];
    let len = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..]
            .char_indices()
            .find(|(i, c)| *c == q && (q == '\'' || !rest[1..][..*i].ends_with('\\')))
            .map_or(rest.len(), |(i, _)| i + 2),
        Some(_) => {
            // A plain scalar ends at a flow indicator, a comment, or `: ` after a key.
            let end = [
                rest.find([',', '}', ']', '\t']),
                rest.find(" #"),
                rest.find(": "),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
            rest[..end].trim_end().len().max(1)
        }
        None => 0,
    };
    Some((source, start..start + len.min(rest.len())))
}

/// [`line_span`] with up to `before` lines before it in the snippet: the source from the
/// first line shown, the span within it, and that first line's number.
fn lines_span(
    text: &str,
    line: usize,
    column: usize,
    before: usize,
) -> Option<(&str, std::ops::Range<usize>, usize)> {
    let (source, span) = line_span(text, line, column)?;
    let first = line.saturating_sub(before).max(1);
    // Byte offsets: where `first` starts and where `line` starts in `text`.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let (from, at) = (*starts.get(first - 1)?, *starts.get(line - 1)?);
    let end = at + source.len();
    let shift = at - from;
    Some((
        &text[from..end],
        span.start + shift..span.end + shift,
        first,
    ))
}

/// The course file's name as shown in messages: as given on the command line.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_value_written() {
        let text = "a: 1\nports: [{ port: 80, nodePort: 40000 }]\nname: \"x, y\"\nimage: web # c\n";
        let (line, span) = line_span(text, 2, 21).unwrap_or_default();
        assert_eq!(&line[span], "nodePort", "a key ends at its colon");
        let (line, span) = line_span(text, 2, 31).unwrap_or_default();
        assert_eq!(&line[span], "40000");
        let (line, span) = line_span(text, 3, 7).unwrap_or_default();
        assert_eq!(&line[span], "\"x, y\"");
        let (line, span) = line_span(text, 4, 8).unwrap_or_default();
        assert_eq!(&line[span], "web");
        assert!(line_span(text, 9, 1).is_none());
    }
}
