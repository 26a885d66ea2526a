//! Values in a page's shell blocks, quoted so that bash and zsh see each as exactly one
//! argument: a test path with `&` or `?`, a course folder with a space, a URL built around
//! a shell expression (`$(curl -s ifconfig.me/ip)`), with `~` still expanded.
//!
//! Rules (bash(1) QUOTING and Tilde Expansion; zsh's are the same for these): a word of
//! only `A-Za-z0-9` and `_ @ % + = : , . / -` needs no quotes (not starting with `=`,
//! which zsh expands); inside double quotes only `$`, `` ` ``, `\`, `"` and, in an
//! interactive bash, `!` are special; inside single quotes nothing is. A tilde prefix is
//! expanded only when it is unquoted and ends at an unquoted `/`.

/// A piece of a shell word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// Text that must arrive as it is.
    Literal(&'a str),
    /// A shell expression the author wrote to be evaluated (`$(curl -s ifconfig.me/ip)`):
    /// kept as it is, inside double quotes when the word is quoted.
    Expression(&'a str),
}

fn plain_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c))
}

fn double_quote_safe(text: &str) -> bool {
    !text.contains(['$', '`', '\\', '"', '!'])
}

/// `text` in single quotes, a `'` in it written as `'\''`.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// One shell word made of `parts`: as it is when no literal needs quoting, else in double
/// quotes when they can hold every literal, else literals in single quotes and
/// expressions in double quotes, side by side.
pub(crate) fn word(parts: &[Part<'_>]) -> String {
    let literals = || {
        parts.iter().filter_map(|p| match p {
            Part::Literal(t) => Some(*t),
            Part::Expression(_) => None,
        })
    };
    fn text<'a>(p: &Part<'a>) -> &'a str {
        match p {
            Part::Literal(t) | Part::Expression(t) => t,
        }
    }
    let starts_with_equals = parts.first().is_some_and(|p| text(p).starts_with('='));
    if literals().all(plain_safe) && !starts_with_equals {
        return parts.iter().map(text).collect();
    }
    if literals().all(double_quote_safe) {
        return format!("\"{}\"", parts.iter().map(text).collect::<String>());
    }
    parts
        .iter()
        .filter(|p| !text(p).is_empty())
        .map(|p| match p {
            Part::Literal(t) => single_quoted(t),
            Part::Expression(e) => format!("\"{e}\""),
        })
        .collect()
}

/// A literal value as one shell word.
pub(crate) fn literal(text: &str) -> String {
    word(&[Part::Literal(text)])
}

/// `path` under the folder `dir` as students type it (`~/k8s-ml`, `~/ml course`,
/// `/srv/course`): one word, whose leading `~` or `~user` stays unquoted so that the
/// shell still expands it.
pub(crate) fn path(dir: &str, path: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let joined = format!("{dir}/{path}");
    let tilde_end = joined.find('/').unwrap_or(joined.len());
    let (prefix, rest) = joined.split_at(tilde_end);
    let is_tilde = prefix.starts_with('~')
        && prefix[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if is_tilde && !rest.is_empty() {
        format!("{prefix}/{}", literal(&rest[1..]))
    } else {
        literal(&joined)
    }
}

/// A folder as students type it (`~/k8s-ml`, `~/ml course`): one word, its leading `~`
/// unquoted.
pub(crate) fn folder(dir: &str) -> String {
    let dir = dir.trim_end_matches('/');
    match dir.split_once('/') {
        Some((prefix, rest)) if prefix.starts_with('~') => path(prefix, rest),
        _ if dir.starts_with('~') && !dir.contains(['/', ' ']) => dir.to_owned(),
        _ => literal(dir),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_stay_as_they_are() {
        assert_eq!(
            path("~/k8s-ml", "deploy_k8s/deployment_k8s.yaml"),
            "~/k8s-ml/deploy_k8s/deployment_k8s.yaml"
        );
        let url = word(&[
            Part::Literal("http://"),
            Part::Expression("$(curl -s ifconfig.me/ip)"),
            Part::Literal(":32000/test"),
        ]);
        assert_eq!(url, "http://$(curl -s ifconfig.me/ip):32000/test");
    }

    #[test]
    fn a_space_or_an_ampersand_is_quoted_and_the_tilde_is_not() {
        assert_eq!(path("~/ml course", "a/b.yaml"), "~/\"ml course/a/b.yaml\"");
        assert_eq!(path("~bob/x y", "a.yaml"), "~bob/\"x y/a.yaml\"");
        assert_eq!(path("/srv/x y", "a.yaml"), "\"/srv/x y/a.yaml\"");
        let url = word(&[
            Part::Literal("http://"),
            Part::Expression("$(curl -s ifconfig.me/ip)"),
            Part::Literal(":32000/predict?text=great&lang=en"),
        ]);
        assert_eq!(
            url,
            "\"http://$(curl -s ifconfig.me/ip):32000/predict?text=great&lang=en\""
        );
    }

    #[test]
    fn a_folder_keeps_its_tilde() {
        assert_eq!(folder("~/k8s-ml"), "~/k8s-ml");
        assert_eq!(folder("~/ml course/"), "~/\"ml course\"");
        assert_eq!(folder("/srv/a b"), "\"/srv/a b\"");
    }

    #[test]
    fn a_dollar_a_quote_or_a_bang_goes_in_single_quotes() {
        assert_eq!(literal("/a$b"), "'/a$b'");
        assert_eq!(literal("it's!"), r"'it'\''s!'");
        let url = word(&[
            Part::Literal("http://"),
            Part::Expression("$(x)"),
            Part::Literal(":1/$HOME"),
        ]);
        assert_eq!(url, "'http://'\"$(x)\"':1/$HOME'");
        assert_eq!(literal("=cmd"), "\"=cmd\"");
    }
}
