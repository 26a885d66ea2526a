//! A course: labs rendered together, and the cluster they run on.

use crate::spec::Lab;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The inclusive range the cluster allocates node ports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodePortRange {
    /// Lowest node port.
    pub min: i32,
    /// Highest node port.
    pub max: i32,
}

impl Default for NodePortRange {
    /// The Kubernetes default, 30000-32767.
    fn default() -> Self {
        Self {
            min: 30000,
            max: 32767,
        }
    }
}

/// What kubelab knows of the cluster the labs run on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    /// The apiserver's `--service-node-port-range`.
    pub node_port_range: NodePortRange,
}

/// A whole course: labs in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// Course title.
    pub title: String,
    /// Where students clone the course, as they type it (`~/k8s-ml`).
    pub student_dir: String,
    /// The cluster.
    pub cluster: Cluster,
    /// The labs, in teaching order.
    pub labs: Vec<Lab>,
}
