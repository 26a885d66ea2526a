//! A course: labs rendered together, and the cluster they run on.
//!
//! The cluster, built in Rust:
//!
//! ```
//! use kubelab::spec::{Cluster, KubernetesVersion, NodeGroup};
//! let cluster = Cluster::builder()
//!     .kubernetes_version(KubernetesVersion::new(26))
//!     .controller("node-0")
//!     .nodes(vec![
//!         NodeGroup::builder()
//!             .count(3)
//!             .allocatable([("cpu", "4"), ("memory", "8Gi")])
//!             .system_requests([("cpu", "250m")])
//!             .build(),
//!     ])
//!     .build();
//! assert!(cluster.nodes[0].schedulable);
//! assert_eq!(cluster.node_port_range.min, 30000);
//! ```

use crate::spec::{App, Deployment, KubernetesVersion, Lab, Service};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The inclusive range the cluster allocates node ports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodePortRange {
    /// Lowest node port.
    #[schemars(range(min = 1, max = 65535))]
    pub min: i32,
    /// Highest node port.
    #[schemars(range(min = 1, max = 65535))]
    pub max: i32,
}

impl NodePortRange {
    /// True for a range the apiserver takes: within 1-65535, `min` at most `max`.
    pub fn is_valid(&self) -> bool {
        1 <= self.min && self.max <= 65535 && self.min <= self.max
    }
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeGroup {
    /// How many nodes have this shape.
    pub count: u32,
    /// The nodes' names, as students see them in `kubectl get nodes` (`node-0`), for the
    /// pictures; numbered when unset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default, with = |names: impl IntoIterator<Item = impl Into<String>>| {
        names.into_iter().map(Into::into).collect()
    })]
    pub names: Vec<String>,
    /// What each node offers to pods (`kubectl describe node`, Allocatable), as quantities:
    /// `{ cpu: "4", memory: 8Gi }`; `pods` defaults to 110.
    #[schemars(schema_with = "crate::spec::formats::quantities")]
    #[builder(with = |q: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>| {
        q.into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    })]
    pub allocatable: BTreeMap<String, String>,
    /// What system pods (kube-proxy, CNI, DNS, ...) already request on each node.
    #[serde(default)]
    #[schemars(schema_with = "crate::spec::formats::quantities")]
    #[builder(default, with = |q: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>| {
        q.into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    })]
    pub system_requests: BTreeMap<String, String>,
    /// Whether the app's pods may run on these nodes; `false` for nodes that take none,
    /// such as a control-plane node with the `node-role.kubernetes.io/control-plane:
    /// NoSchedule` taint. `true` when unset.
    #[serde(default = "NodeGroup::default_schedulable")]
    #[builder(default = true)]
    pub schedulable: bool,
}

impl NodeGroup {
    fn default_schedulable() -> bool {
        true
    }
}

impl Default for NodeGroup {
    /// No nodes, schedulable.
    fn default() -> Self {
        Self {
            count: 0,
            names: Vec::new(),
            allocatable: BTreeMap::new(),
            system_requests: BTreeMap::new(),
            schedulable: true,
        }
    }
}

/// The cluster.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ClusterFile")]
pub struct Cluster {
    /// The Kubernetes version the clusters run (`"1.26"`); the newest kubelab knows (1.37)
    /// when unset. Validation and the kubectl output on the pages follow it.
    #[serde(default)]
    #[builder(default)]
    pub kubernetes_version: KubernetesVersion,
    /// The node students log in to and run every command on (`node-0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub controller: Option<String>,
    /// How students reach the cluster from outside: a host name or address, or a shell
    /// expression that prints one (`$(curl -s ifconfig.me/ip)`). Unset: the first node's
    /// internal address, asked of kubectl, which works from inside the cluster's network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub public_address: Option<String>,
    /// The apiserver's node port range; 30000-32767 when unset.
    #[serde(default)]
    #[builder(default)]
    pub node_port_range: NodePortRange,
    /// The nodes, by shape; fit analysis runs when set.
    #[serde(default)]
    #[builder(default)]
    pub nodes: Vec<NodeGroup>,
}

/// The load test shown on lab pages: `siege -c <concurrent> -t <time> <url>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadTest {
    /// Concurrent simulated users (`siege -c`).
    #[serde(default = "LoadTest::default_concurrent")]
    #[builder(default = LoadTest::default_concurrent())]
    pub concurrent: u32,
    /// Duration in siege's format: a number and `S`, `M` or `H` (`30s`, `2M`; `siege -t`).
    #[serde(default = "LoadTest::default_time")]
    #[builder(into, default = LoadTest::default_time())]
    pub time: String,
    /// The command that installs siege on the controller node, shown before its first use.
    #[serde(default = "LoadTest::default_install")]
    #[builder(into, default = LoadTest::default_install())]
    pub install: String,
    /// The siege version `install` installs (`4.0.7`, what Debian 12 and Ubuntu 22.04 and
    /// 24.04 install): the pages describe the report that version prints (JSON from 4.0.5
    /// to 4.0.8, text otherwise).
    #[serde(default = "LoadTest::default_siege_version")]
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+\.[0-9]+$"))]
    #[builder(into, default = LoadTest::default_siege_version())]
    pub siege_version: String,
}

impl LoadTest {
    fn default_concurrent() -> u32 {
        10
    }

    fn default_time() -> String {
        "30S".to_owned()
    }

    fn default_install() -> String {
        "sudo apt-get update; sudo apt-get -y install siege".to_owned()
    }

    /// What `apt-get install siege` installs on Debian 12 and Ubuntu 22.04 and 24.04.
    fn default_siege_version() -> String {
        "4.0.7".to_owned()
    }

    /// `siege_version` as (major, minor, patch), when it is three numbers.
    pub fn siege_version(&self) -> Option<(u32, u32, u32)> {
        let mut parts = self.siege_version.split('.').map(|p| p.parse::<u32>().ok());
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(a)), Some(Some(b)), Some(Some(c)), None) => Some((a, b, c)),
            _ => None,
        }
    }

    /// The duration in seconds, when `time` is a number and a unit siege knows.
    ///
    /// siege reads `-t` as digits then `S`, `M` or `H` in any case, minutes when the unit
    /// is missing (JoeDog/siege src/util.c `parse_time`); kubelab asks for the unit.
    pub fn seconds(&self) -> Option<u64> {
        let digits_end = self
            .time
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.time.len());
        let (number, unit) = self.time.split_at(digits_end);
        let n: u64 = number.parse().ok()?;
        let factor = match unit {
            "s" | "S" => 1,
            "m" | "M" => 60,
            "h" | "H" => 3600,
            _ => return None,
        };
        n.checked_mul(factor)
    }
}

impl LoadTest {
    /// This load test with each field `own` sets in its place: a lab's load test over the
    /// course's.
    pub fn overridden_by(&self, own: Option<&LoadTestOverride>) -> LoadTest {
        self.overridden_noting(own).0
    }

    /// [`LoadTest::overridden_by`], with the names of the fields taken from `self` (the
    /// course's), as the course file spells them.
    pub(crate) fn overridden_noting(
        &self,
        own: Option<&LoadTestOverride>,
    ) -> (LoadTest, Vec<&'static str>) {
        /// `own`, else the course's value, noted as taken by its `name`.
        fn pick<T: Clone>(
            own: Option<T>,
            course: &T,
            name: &'static str,
            taken: &mut Vec<&'static str>,
        ) -> T {
            own.unwrap_or_else(|| {
                taken.push(name);
                course.clone()
            })
        }
        let own = own.cloned().unwrap_or_default();
        let t = &mut Vec::new();
        let test = LoadTest {
            concurrent: pick(own.concurrent, &self.concurrent, "concurrent", t),
            time: pick(own.time, &self.time, "time", t),
            install: pick(own.install, &self.install, "install", t),
            siege_version: pick(own.siege_version, &self.siege_version, "siegeVersion", t),
        };
        (test, std::mem::take(t))
    }
}

/// A lab's own load test: each field it sets overrides the course's `loadTest`, the others
/// come from it. The same fields as [`LoadTest`], each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadTestOverride {
    /// Concurrent simulated users (`siege -c`).
    pub concurrent: Option<u32>,
    /// Duration in siege's format (`30s`, `2M`; `siege -t`).
    #[builder(into)]
    pub time: Option<String>,
    /// The command that installs siege on the controller node.
    #[builder(into)]
    pub install: Option<String>,
    /// The siege version `install` installs.
    #[builder(into)]
    pub siege_version: Option<String>,
}

impl From<LoadTest> for LoadTestOverride {
    /// Every field set: the lab's test replaces the course's whole.
    fn from(test: LoadTest) -> Self {
        LoadTestOverride {
            concurrent: Some(test.concurrent),
            time: Some(test.time),
            install: Some(test.install),
            siege_version: Some(test.siege_version),
        }
    }
}

impl Default for LoadTest {
    /// 10 users for 30 seconds; siege from Debian's or Ubuntu's packages.
    fn default() -> Self {
        Self::builder().build()
    }
}

/// The course's repository, as students clone it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repository {
    /// The URL `git clone` takes (`https://github.com/you/ml-course.git`).
    #[builder(into)]
    pub url: String,
    /// The folder of the repository that holds the rendered files (`generated`, where
    /// `kubelab render` writes them beside the course file); its top when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub folder: Option<String>,
}

impl Repository {
    /// Where `generated` (a path relative to the output folder) is in the repository.
    pub fn path_of(&self, generated: &str) -> String {
        match self.folder.as_deref().map(|f| f.trim_matches('/')) {
            Some(folder) if !folder.is_empty() => format!("{folder}/{generated}"),
            _ => generated.to_owned(),
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
    /// The load test on lab pages; `{ concurrent: 10, time: 30S }` when unset. A lab's
    /// `loadTest` overrides it field by field.
    #[serde(default)]
    #[builder(default)]
    pub load_test: LoadTest,
    /// The author's introduction to the course (Markdown), on the overview page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub intro: Option<String>,
    /// The security profile of every lab that does not choose its own: `plain` (the
    /// default, the objects as written) or `hardened`.
    #[serde(default)]
    #[builder(default)]
    pub profile: crate::spec::Profile,
    /// The course's repository, where students get the rendered files from: the first
    /// page says how to clone it into `studentDir`, and every path on the pages is where the
    /// file is after that clone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Repository>,
    /// The namespace hardened labs run in (a DNS-1123 label such as `ml-course`); required
    /// when a lab is hardened. Plain labs stay in the namespace of the kubectl context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 63), regex(pattern = crate::spec::formats::DNS1123_LABEL))]
    #[builder(into)]
    pub namespace: Option<String>,
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
    /// Defaults for each lab's `app`.
    #[serde(default)]
    #[schemars(with = "App")]
    app: Section,
    /// Patches for each lab that has none of its own (a lab's `patches` replace these whole).
    #[serde(default)]
    #[schemars(with = "Vec<crate::spec::Patch>")]
    patches: Section,
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

#[cfg(test)]
mod tests {
    use super::{LoadTest, LoadTestOverride};

    #[test]
    fn an_override_notes_each_field_it_leaves_to_the_course() {
        let course = LoadTest::builder().time("1M").build();
        let own = LoadTestOverride::builder().time("5M").build();
        let (test, taken) = course.overridden_noting(Some(&own));
        assert_eq!((test.time.as_str(), test.concurrent), ("5M", 10));
        assert_eq!(taken, ["concurrent", "install", "siegeVersion"]);
        let (_, taken) = course.overridden_noting(None);
        assert_eq!(taken, ["concurrent", "time", "install", "siegeVersion"]);
    }

    /// A course file's empty `loadTest` and `LoadTest::default()` (the builder's defaults)
    /// are one load test, as stated in the docs: 10 users, 30 seconds, siege 4.0.7.
    #[test]
    fn an_empty_load_test_in_a_file_is_the_default_one() {
        let read: LoadTest = serde_yaml::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read, LoadTest::default());
        assert_eq!(
            (
                read.concurrent,
                read.time.as_str(),
                read.siege_version.as_str()
            ),
            (10, "30S", "4.0.7")
        );
    }
}
