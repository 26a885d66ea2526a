//! A course: labs rendered together, and the cluster they run on.

use crate::spec::Lab;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Nodes that share a shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeGroup {
    /// How many nodes have this shape.
    pub count: u32,
    /// What each node offers to pods (`kubectl describe node`, Allocatable), as quantities:
    /// `{ cpu: "4", memory: 8Gi }`; `pods` defaults to 110.
    pub allocatable: BTreeMap<String, String>,
    /// What system pods (kube-proxy, CNI, DNS, ...) already request on each node.
    #[serde(default)]
    pub system_requests: BTreeMap<String, String>,
}

/// What kubelab knows of the cluster the labs run on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    /// The apiserver's `--service-node-port-range`.
    pub node_port_range: NodePortRange,
    /// The nodes; empty means unknown, and fit analysis is skipped.
    pub nodes: Vec<NodeGroup>,
}

/// The load test shown on lab pages: `siege -c <concurrent> -t <time> <url>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadTest {
    /// Concurrent simulated users (`siege -c`).
    pub concurrent: u32,
    /// Duration in siege's format, e.g. `30S`, `2M` (`siege -t`).
    pub time: String,
}

impl Default for LoadTest {
    /// 10 users for 30 seconds.
    fn default() -> Self {
        Self {
            concurrent: 10,
            time: "30S".to_owned(),
        }
    }
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
    /// The load test on lab pages.
    pub load_test: LoadTest,
    /// Per-student copies to render (0 for none), each in its own namespace.
    pub students: u32,
    /// The templates folder the course file names, resolved against the file's folder;
    /// `None` lets the caller choose.
    pub templates: Option<std::path::PathBuf>,
}
