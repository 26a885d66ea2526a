//! Will it schedule? The scheduler's resource filter, on the cluster the course file
//! describes: a pod fits a node when, for every resource it requests, the node's
//! allocatable minus what is already requested there covers the request.
//!
//! ```
//! use kubelab::spec::{Cluster, NodeGroup};
//! let cluster = Cluster {
//!     nodes: vec![NodeGroup {
//!         count: 3,
//!         allocatable: [("cpu".into(), "4".into()), ("memory".into(), "8Gi".into())].into(),
//!         system_requests: [("cpu".into(), "250m".into())].into(),
//!     }],
//!     ..Cluster::default()
//! };
//! let fit = kubelab::fit::fit(&[("cpu".into(), "2".into())].into(), &cluster).unwrap();
//! assert_eq!((fit.max_replicas, fit.limiting.as_deref()), (3, Some("cpu")));
//! ```

use crate::objects::LabObjects;
use crate::quantity::Quantity;
use crate::spec::Cluster;
use std::collections::BTreeMap;

/// Pods per node when a node does not state `pods` (the kubelet's default).
pub(crate) const DEFAULT_MAX_PODS: i128 = 110;

/// One unit (one CPU, one byte, one pod) in nano-units.
const NANOS: i128 = 1_000_000_000;

/// How many replicas of one pod the cluster holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fit {
    /// The most replicas that can be scheduled at once.
    pub max_replicas: u64,
    /// The resource that runs out first (`cpu`, `memory`, `pods`), if any bounds it.
    pub limiting: Option<String>,
    /// Replicas per node, in node order.
    pub per_node: Vec<u64>,
    /// Number of nodes.
    pub nodes: u64,
}

/// The fit of a pod with `requests` on `cluster`; `None` when the cluster has no nodes.
/// Quantities that do not parse count as zero here (validation reports them).
pub fn fit(requests: &BTreeMap<String, String>, cluster: &Cluster) -> Option<Fit> {
    let nanos = requests
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), Quantity::parse(v).ok()?.nanos)))
        .collect();
    fit_nanos(&nanos, cluster)
}

/// The summed requests of the pod's containers, in nano-units; requests that do not parse
/// are left out (validation reports them).
pub(crate) fn pod_requests(objects: &LabObjects) -> BTreeMap<String, i128> {
    let mut nanos: BTreeMap<String, i128> = BTreeMap::new();
    for (name, q) in objects
        .containers()
        .iter()
        .filter_map(|c| c.resources.as_ref()?.requests.as_ref())
        .flatten()
    {
        if let Ok(v) = Quantity::parse(&q.0) {
            *nanos.entry(name.clone()).or_default() += v.nanos;
        }
    }
    nanos
}

/// [`fit`] with requests already parsed, in nano-units.
pub(crate) fn fit_nanos(requests: &BTreeMap<String, i128>, cluster: &Cluster) -> Option<Fit> {
    if cluster.nodes.is_empty() {
        return None;
    }
    // What one replica takes: its positive requests and one of the node's pod slots, in
    // resource-name order, so that a tie names the first resource in that order.
    let mut wanted: Vec<(&str, i128)> = requests
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    match wanted.binary_search_by(|(k, _)| (*k).cmp("pods")) {
        Ok(i) => wanted[i].1 = NANOS,
        Err(i) => wanted.insert(i, ("pods", NANOS)),
    }
    let mut totals = vec![0u64; wanted.len()];
    let mut per_node = Vec::new();
    for group in &cluster.nodes {
        let quantity = |map: &BTreeMap<String, String>, resource: &str| {
            map.get(resource)
                .and_then(|q| Quantity::parse(q).ok())
                .map(|q| q.nanos)
        };
        let mut fits = u64::MAX;
        for ((resource, request), total) in wanted.iter().zip(&mut totals) {
            let default = if *resource == "pods" {
                DEFAULT_MAX_PODS * NANOS
            } else {
                0
            };
            let free = quantity(&group.allocatable, resource).unwrap_or(default)
                - quantity(&group.system_requests, resource).unwrap_or(0);
            let n = u64::try_from((free / request).max(0)).unwrap_or(u64::MAX);
            *total += n * u64::from(group.count);
            fits = fits.min(n);
        }
        per_node.extend(std::iter::repeat_n(fits, group.count as usize));
    }
    let limiting = wanted
        .iter()
        .zip(&totals)
        .min_by_key(|(_, n)| **n)
        .map(|((r, _), _)| (*r).to_owned());
    Some(Fit {
        max_replicas: per_node.iter().sum(),
        limiting,
        nodes: per_node.len() as u64,
        per_node,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::NodeGroup;

    fn course_cluster() -> Cluster {
        Cluster {
            nodes: vec![NodeGroup {
                count: 3,
                allocatable: [("cpu".into(), "4".into()), ("memory".into(), "8Gi".into())].into(),
                system_requests: [
                    ("cpu".into(), "250m".into()),
                    ("memory".into(), "512Mi".into()),
                ]
                .into(),
            }],
            ..Cluster::default()
        }
    }

    fn req(cpu: &str, memory: &str) -> BTreeMap<String, String> {
        [("cpu".into(), cpu.into()), ("memory".into(), memory.into())].into()
    }

    #[test]
    fn the_course_pod_fits_three_per_node() {
        let f = fit(&req("1", "2Gi"), &course_cluster()).unwrap();
        assert_eq!(f.per_node, vec![3, 3, 3]);
        assert_eq!(f.max_replicas, 9);
    }

    #[test]
    fn the_scarcest_resource_limits() {
        let f = fit(&req("2", "1Gi"), &course_cluster()).unwrap();
        assert_eq!((f.max_replicas, f.limiting.as_deref()), (3, Some("cpu")));
        let f = fit(&req("100m", "3Gi"), &course_cluster()).unwrap();
        assert_eq!((f.max_replicas, f.limiting.as_deref()), (6, Some("memory")));
    }

    #[test]
    fn a_request_that_does_not_parse_counts_as_zero_alone() {
        let f = fit(&req("2", "lots"), &course_cluster()).unwrap();
        assert_eq!((f.max_replicas, f.limiting.as_deref()), (3, Some("cpu")));
    }

    #[test]
    fn no_requests_are_bounded_by_the_pod_count() {
        let f = fit(&BTreeMap::new(), &course_cluster()).unwrap();
        assert_eq!((f.max_replicas, f.limiting.as_deref()), (330, Some("pods")));
    }

    #[test]
    fn a_resource_nodes_lack_fits_nowhere_and_unknown_clusters_say_nothing() {
        let gpu: BTreeMap<String, String> = [("nvidia.com/gpu".into(), "1".into())].into();
        assert_eq!(
            fit(&gpu, &course_cluster()).map(|f| f.max_replicas),
            Some(0)
        );
        assert_eq!(fit(&gpu, &Cluster::default()), None);
    }
}
