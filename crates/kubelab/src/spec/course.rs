//! A course: labs rendered together, and the cluster they run on.

use crate::spec::{Deployment, Lab, Service};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

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

/// The cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ClusterFile")]
pub struct Cluster {
    /// The apiserver's node port range; 30000-32767 when unset.
    #[serde(default)]
    pub node_port_range: NodePortRange,
    /// The nodes, by shape; fit analysis runs when set.
    #[serde(default)]
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

/// About the course.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseInfo {
    /// Course title.
    #[builder(into)]
    pub title: String,
    /// Where students clone the course, as they would type it (`~/k8s-ml`).
    #[builder(into)]
    pub student_dir: String,
    /// The templates folder for the lab pages, relative to this file; the generator's
    /// default (`templates/` of the kubelab repository) when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<PathBuf>,
    /// The load test on lab pages; `{ concurrent: 10, time: 30S }` when unset.
    #[serde(default)]
    #[builder(default)]
    pub load_test: LoadTest,
}

/// A whole course: what it is, the cluster it runs on, shared defaults and its labs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "CourseFile")]
pub struct Course {
    /// About the course.
    #[serde(rename = "course")]
    pub info: CourseInfo,
    /// The cluster the labs run on.
    #[serde(default)]
    #[builder(default)]
    pub cluster: Cluster,
    /// Values every lab inherits unless it sets them itself.
    // A course file's `defaults` are merged into its labs when it is read; nothing of them
    // is kept here.
    #[serde(default)]
    #[builder(skip)]
    defaults: Defaults,
    /// The labs, in teaching order.
    pub labs: Vec<Lab>,
    /// Render this many per-student copies under `students/`, each in its own namespace
    /// with its own node ports.
    #[serde(default)]
    #[builder(default)]
    pub students: u32,
}

/// Shared defaults for the app and the service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Defaults {
    /// Defaults for each lab's `deployment`.
    #[serde(default)]
    #[schemars(with = "Deployment")]
    deployment: Section,
    /// Defaults for each lab's `service`.
    #[serde(default)]
    #[schemars(with = "Service")]
    service: Section,
}

/// A section of `defaults`: its fields are merged into each lab before the lab is read
/// (`course::merge`), so here it is only a known key. It serializes as `{}`, the default
/// the schema shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Section;

impl Serialize for Section {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::ser::SerializeMap::end(serializer.serialize_map(Some(0))?)
    }
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Section)
    }
}
