//! Errors in a course file: where (file, line, column, field path), what rule, how to fix.

use std::fmt;

/// One problem in a course file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line and column (1-based), when known.
    pub location: Option<(usize, usize)>,
    /// Field path in the course file (`labs[1].deployment.replicas`).
    pub path: String,
    /// Rule id (`schema-unknown-field`, `schema-type`, `required-field`, ...).
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.location {
            write!(f, "{line}:{column}: ")?;
        }
        write!(f, "{}: {} [rule {}]", self.path, self.message, self.rule)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// A course file that cannot be read or is not a course.
#[derive(Debug, thiserror::Error)]
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
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn render(file: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| match p.location {
            Some(_) => format!("{file}:{p}"),
            None => format!("{file}: {p}"),
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
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// Turns a serde_yaml error (with the path serde_path_to_error tracked) into a [`Problem`].
pub fn from_serde(err: &serde_path_to_error::Error<serde_yaml::Error>) -> Problem {
    let inner = err.inner();
    let mut message = inner.to_string();
    // serde_yaml repeats the location and the path in its message; we report them apart.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    if let Some((head, tail)) = message.split_once(": ")
        && !head.contains(' ')
    {
        message = tail.to_owned();
    }
    let path = match err.path().to_string() {
        p if p == "." || p == "?" => "(top level)".to_owned(),
        p => p.trim_end_matches(".?").to_owned(),
    };
    let rule = if message.starts_with("unknown field") {
        "schema-unknown-field"
    } else if message.starts_with("unknown variant") {
        "schema-unknown-variant"
    } else if message.starts_with("missing field") {
        "schema-missing-field"
    } else if message.starts_with("invalid") || message.contains("did not match any variant") {
        "schema-type"
    } else {
        "yaml-syntax"
    };
    let hint = if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let words = backticked(&message);
        words.split_first().map(|(unknown, allowed)| {
            match did_you_mean(unknown, allowed.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? (rule: only fields and values of the course schema are allowed, see generated/course.schema.json)"
                ),
                None => "rule: only fields and values of the course schema are allowed; fix: remove it or use one of those listed (see generated/course.schema.json)".to_owned(),
            }
        })
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        Some("fix: give a value of the expected type (see generated/course.schema.json)".to_owned())
    } else if message.starts_with("missing field") {
        Some("fix: add the field".to_owned())
    } else if message.contains("untagged enum PortRef") {
        message = "expected a port number or a port name".to_owned();
        Some("fix: write e.g. `5000` or `http`".to_owned())
    } else if rule == "yaml-syntax" {
        Some(
            "fix: check the indentation, quotes and brackets at and just before that line"
                .to_owned(),
        )
    } else {
        None
    };
    Problem {
        location: inner.location().map(|l| (l.line(), l.column())),
        path,
        rule,
        message,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
