//! The course file `kubelab import` writes: a comment on what to fill in, then the course,
//! its cluster, `defaults` and the labs, each lab's id, title and output first.

use crate::manifest::yaml::{push_at, scalar};
use crate::spec::KubernetesVersion;
use serde_json::{Map, Value, json};

/// A course being imported.
pub(super) struct Course {
    /// The input files, as given.
    pub(super) files: Vec<String>,
    /// The clusters' Kubernetes version, when given.
    pub(super) version: Option<KubernetesVersion>,
    /// `defaults`.
    pub(super) defaults: Map<String, Value>,
    /// The labs.
    pub(super) labs: Vec<Map<String, Value>>,
}

impl Course {
    /// The course file's text.
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        out.push_str("# Imported by `kubelab import` from ");
        out.push_str(&self.files.join(", "));
        out.push_str(
            ".\n# Render it with `kubelab render`. Comments in the manifests are not carried \
             over.\n# Set the course's title and studentDir and each lab's title (placeholders \
             now);\n# describe the nodes under `cluster.nodes` for kubelab to judge whether \
             the labs fit.\n",
        );
        push_at(
            &json!({ "course": { "title": "Imported course", "studentDir": "~/course" } }),
            0,
            &mut out,
        );
        if let Some(v) = self.version {
            push_at(
                &json!({ "cluster": { "kubernetesVersion": v.to_string() } }),
                0,
                &mut out,
            );
        }
        if !self.defaults.is_empty() {
            push_at(&json!({ "defaults": self.defaults }), 0, &mut out);
        }
        out.push_str("labs:\n");
        for lab in &self.labs {
            for (i, key) in ["id", "title", "output"].into_iter().enumerate() {
                out.push_str(if i == 0 { "- " } else { "  " });
                out.push_str(key);
                out.push_str(": ");
                out.push_str(&scalar(&lab[key]));
                out.push('\n');
            }
            for key in ["deployment", "service", "autoscaler", "loadTest", "patches"] {
                if let Some(value) = lab.get(key) {
                    push_at(&json!({ key: value }), 2, &mut out);
                }
            }
        }
        out
    }
}
