//! Object field paths (`spec.template.spec.containers[0].ports[1].name`) that become text
//! only when a rule is broken: a valid lab, the common case, formats none of them.

use std::fmt;

/// A field path: a parent path, then a field name and/or an index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    field: &'a str,
    index: Option<usize>,
}

impl<'a> At<'a> {
    /// A path from the object's root, such as `spec.ports`.
    pub(crate) fn new(path: &'a str) -> Self {
        At {
            parent: None,
            field: path,
            index: None,
        }
    }

    /// This path, then `.field`.
    pub(crate) fn field(&'a self, field: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            field,
            index: None,
        }
    }

    /// This path, then `[index]`.
    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            field: "",
            index: Some(index),
        }
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
            if !self.field.is_empty() {
                f.write_str(".")?;
            }
        }
        f.write_str(self.field)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_indices_join_like_the_api_server_writes_them() {
        let containers = At::new("spec.template.spec.containers");
        let first = containers.index(0);
        let ports = first.field("ports");
        let second = ports.index(1);
        assert_eq!(
            second.field("name").to_string(),
            "spec.template.spec.containers[0].ports[1].name"
        );
        assert_eq!(At::new("metadata.name").to_string(), "metadata.name");
    }
}
