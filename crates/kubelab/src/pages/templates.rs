//! The page templates: the ones built into the crate (the repository's `templates/`
//! folder, embedded when the crate is compiled), and a folder's that override them by name.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in templates, by name.
const BUILT_IN: [(&str, &str); 3] = [
    ("lab.md.j2", include_str!("../../templates/lab.md.j2")),
    (
        "overview.md.j2",
        include_str!("../../templates/overview.md.j2"),
    ),
    ("sweep.md.j2", include_str!("../../templates/sweep.md.j2")),
];

/// Where a built-in template says it comes from in errors.
const BUILT_IN_ORIGIN: &str = "<kubelab built-in templates>";

/// A template that cannot be read, parsed or rendered.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct TemplateError {
    /// The template file (`<kubelab built-in templates>/lab.md.j2` for a built-in one).
    pub file: PathBuf,
    /// The line, when known.
    pub line: Option<usize>,
    /// What went wrong, and how to fix it.
    pub message: String,
}

/// Page templates, ready to render.
///
/// ```
/// let built_in = kubelab::pages::Templates::built_in()?;
/// assert!(built_in.names().any(|n| n == "lab.md.j2"));
/// # Ok::<(), kubelab::pages::TemplateError>(())
/// ```
pub struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for errors.
    origins: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origins", &self.origins)
            .finish_non_exhaustive()
    }
}

impl Templates {
    fn environment() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env
    }

    /// The templates built into kubelab. This crate's tests parse them, so an error here
    /// is kubelab's own, reported like any template's (file and line).
    pub fn built_in() -> Result<Templates, TemplateError> {
        let mut templates = Templates {
            env: Self::environment(),
            origins: BTreeMap::new(),
        };
        for (name, source) in BUILT_IN {
            templates
                .origins
                .insert(name.to_owned(), Path::new(BUILT_IN_ORIGIN).join(name));
            templates
                .env
                .add_template(name, source)
                .map_err(|e| templates.error(&e))?;
        }
        Ok(templates)
    }

    /// The built-in templates, with every `*.j2` file of `dir` added, replacing a built-in
    /// one of the same name: a course may override `lab.md.j2` alone.
    pub fn load(dir: &Path) -> Result<Templates, TemplateError> {
        let io = |e: std::io::Error| TemplateError {
            file: dir.to_path_buf(),
            line: None,
            message: format!(
                "cannot read the templates folder: {e}; fix: create it or set `course.templates`"
            ),
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "j2"))
            .collect();
        entries.sort();
        let mut templates = Templates::built_in()?;
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                file: path.clone(),
                line: None,
                message: e.to_string(),
            })?;
            templates.origins.insert(name.clone(), path);
            templates
                .env
                .add_template_owned(name, source)
                .map_err(|e| templates.error(&e))?;
        }
        Ok(templates)
    }

    /// The names of the templates.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.origins.keys().map(String::as_str)
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    fn error(&self, e: &minijinja::Error) -> TemplateError {
        let name = e.name().unwrap_or("?");
        let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
        TemplateError {
            file: self.origin(name),
            line: e.line(),
            message: format!("{}{detail}", e.kind()),
        }
    }

    /// Renders template `name` with `context`.
    pub(crate) fn render(
        &self,
        name: &str,
        context: impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        let template = self.env.get_template(name).map_err(|e| TemplateError {
            file: self.origin(name),
            line: None,
            message: format!("{}; fix: add {name} to the templates folder", e.kind()),
        })?;
        template.render(context).map_err(|e| self.error(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_parses() {
        let templates = Templates::built_in().expect("the built-in templates parse");
        let names: Vec<&str> = templates.names().collect();
        assert_eq!(names, ["lab.md.j2", "overview.md.j2", "sweep.md.j2"]);
    }

    #[test]
    fn a_folder_overrides_one_template_and_keeps_the_others() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("lab.md.j2"), "# {{ title }}\n").expect("written");
        let templates = Templates::load(dir.path()).expect("loads");
        assert_eq!(templates.origin("lab.md.j2"), dir.path().join("lab.md.j2"));
        assert_eq!(
            templates.origin("overview.md.j2"),
            Path::new(BUILT_IN_ORIGIN).join("overview.md.j2")
        );
    }
}
