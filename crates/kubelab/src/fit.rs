//! Will it schedule? The scheduler's resource filter, on the cluster the course file
//! describes: a pod fits a node when, for every resource it requests, the node's
//! allocatable minus what is already requested there covers the request.

use crate::objects::LabObjects;
use crate::quantity::{NANOS, Quantity};
use crate::spec::Cluster;
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

/// Pods per node when a node does not state `pods` (the kubelet's default).
pub(crate) const DEFAULT_MAX_PODS: i128 = 110;

/// How many replicas of one pod the cluster holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Fit {
    /// The most replicas that can be scheduled at once.
    pub(crate) max_replicas: u64,
    /// The resource that runs out first (`cpu`, `memory`, `pods`), if any bounds it.
    pub(crate) limiting: Option<String>,
    /// Every resource that runs out at `max_replicas` (more than one on a tie), in
    /// resource-name order.
    pub(crate) exhausted: Vec<String>,
    /// Replicas per node of each group of nodes that takes pods, in group order: (nodes in
    /// the group, replicas on each). One entry a group, however many nodes it has.
    pub(crate) per_node: Vec<(u64, u64)>,
    /// Number of nodes that take pods.
    pub(crate) nodes: u64,
    /// Nodes that take no pods (`schedulable: false`, a control-plane-only node).
    pub(crate) unschedulable_nodes: u64,
    /// The requested resources the fit counted (those some node lists), in name order.
    pub(crate) counted: Vec<String>,
    /// Requested resources no node lists in `allocatable`: the fit cannot judge them.
    pub(crate) unknown: Vec<String>,
}

impl Fit {
    /// True when the pod requests no resource the nodes list, so only the count of pods a
    /// node takes bounds it: the fit says nothing about CPU or memory.
    pub(crate) fn requests_nothing_counted(&self) -> bool {
        self.counted.is_empty()
    }
}

/// The fit of a pod with `requests` on `cluster`; `None` when the cluster has no nodes.
/// Quantities that do not parse count as zero here (validation reports them). The tests'
/// way in, with quantities as text; the code passes nano-units to [`fit_nanos`].
#[cfg(test)]
pub(crate) fn fit(requests: &BTreeMap<String, String>, cluster: &Cluster) -> Option<Fit> {
    let nanos = requests
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), Quantity::parse(v).ok()?.nanos)))
        .collect();
    fit_nanos(&nanos, cluster)
}

/// A container's requests as the scheduler sees them, in nano-units: a resource with a
/// limit and no request requests its limit (kubernetes pkg/apis/core/v1/defaults.go,
/// `SetDefaults_Pod`). Quantities that do not parse are left out (validation reports
/// them).
pub(crate) fn container_requests(k: &core::Container) -> BTreeMap<String, i128> {
    let Some(r) = &k.resources else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for map in [&r.limits, &r.requests].into_iter().flatten() {
        for (name, q) in map {
            if let Ok(v) = Quantity::parse(&q.0) {
                // Requests come second and replace the limit's value.
                out.insert(name.clone(), v.nanos);
            }
        }
    }
    out
}

/// The summed requests of the pod's containers (see [`container_requests`]).
pub(crate) fn pod_requests(objects: &LabObjects) -> BTreeMap<String, i128> {
    let mut nanos: BTreeMap<String, i128> = BTreeMap::new();
    for k in objects.containers() {
        for (name, v) in container_requests(k) {
            let total = nanos.entry(name).or_default();
            *total = total.saturating_add(v);
        }
    }
    nanos
}

/// [`fit`] with requests already parsed, in nano-units.
pub(crate) fn fit_nanos(requests: &BTreeMap<String, i128>, cluster: &Cluster) -> Option<Fit> {
    if cluster.nodes.is_empty() {
        return None;
    }
    let quantity = |map: &BTreeMap<String, String>, resource: &str| {
        map.get(resource)
            .and_then(|q| Quantity::parse(q).ok())
            .map(|q| q.nanos)
    };
    // A resource no node lists is one kubelab knows nothing about (the scheduler would
    // know): leave it out rather than call it zero.
    let listed = |resource: &str| {
        cluster
            .nodes
            .iter()
            .any(|g| g.allocatable.contains_key(resource))
    };
    let (mut counted, mut unknown) = (Vec::new(), Vec::new());
    // What one replica takes: its positive requests and one of the node's pod slots, in
    // resource-name order, so that a tie names the first resource in that order.
    let mut wanted: Vec<(&str, i128)> = Vec::new();
    for (name, v) in requests.iter().filter(|(k, v)| **v > 0 && *k != "pods") {
        if listed(name) {
            counted.push(name.clone());
            wanted.push((name.as_str(), *v));
        } else {
            unknown.push(name.clone());
        }
    }
    let at = wanted.partition_point(|(k, _)| *k < "pods");
    wanted.insert(at, ("pods", NANOS));
    let mut totals = vec![0u64; wanted.len()];
    let (mut per_node, mut unschedulable_nodes) = (Vec::new(), 0u64);
    for group in &cluster.nodes {
        if !group.schedulable {
            unschedulable_nodes = unschedulable_nodes.saturating_add(u64::from(group.count));
            continue;
        }
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
            *total = total.saturating_add(n.saturating_mul(u64::from(group.count)));
            fits = fits.min(n);
        }
        per_node.push((u64::from(group.count), fits));
    }
    let fewest = totals.iter().min().copied();
    // Every resource that runs out at that count: a tie names them all.
    let exhausted: Vec<String> = wanted
        .iter()
        .zip(&totals)
        .filter(|(_, n)| Some(**n) == fewest)
        .map(|((r, _), _)| (*r).to_owned())
        .collect();
    let limiting = exhausted.first().cloned();
    Some(Fit {
        max_replicas: per_node.iter().fold(0u64, |a, (count, n)| {
            a.saturating_add(count.saturating_mul(*n))
        }),
        limiting,
        exhausted,
        nodes: per_node
            .iter()
            .fold(0u64, |a, (count, _)| a.saturating_add(*count)),
        per_node,
        unschedulable_nodes,
        counted,
        unknown,
    })
}

/// The most of `resource` one node offers to pods: its allocatable less what system pods
/// request, over the nodes that take pods; `None` when no such node lists it.
pub(crate) fn most_offered(resource: &str, cluster: &Cluster) -> Option<i128> {
    cluster
        .nodes
        .iter()
        .filter(|g| g.schedulable && g.count > 0)
        .filter_map(|g| {
            let get = |map: &BTreeMap<String, String>| {
                map.get(resource)
                    .and_then(|q| Quantity::parse(q).ok())
                    .map(|q| q.nanos)
            };
            Some(get(&g.allocatable)? - get(&g.system_requests).unwrap_or(0))
        })
        .max()
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
                ..NodeGroup::default()
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
        assert_eq!(f.per_node, vec![(3, 3)]);
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
    fn no_requests_are_bounded_by_the_pod_count_and_say_nothing_was_counted() {
        let f = fit(&BTreeMap::new(), &course_cluster()).unwrap();
        assert_eq!((f.max_replicas, f.limiting.as_deref()), (330, Some("pods")));
        assert!(f.requests_nothing_counted());
    }

    #[test]
    fn a_resource_no_node_lists_is_unknown_not_zero() {
        let mut requests = req("1", "2Gi");
        requests.insert("ephemeral-storage".into(), "1Gi".into());
        let f = fit(&requests, &course_cluster()).unwrap();
        assert_eq!(f.max_replicas, 9);
        assert_eq!(f.unknown, vec!["ephemeral-storage".to_owned()]);
        assert_eq!(f.counted, vec!["cpu".to_owned(), "memory".to_owned()]);
        assert_eq!(fit(&requests, &Cluster::default()), None);
    }

    #[test]
    fn a_resource_one_group_lists_is_zero_on_the_others() {
        let mut cluster = course_cluster();
        cluster.nodes.push(NodeGroup {
            count: 1,
            allocatable: [
                ("cpu".into(), "8".into()),
                ("memory".into(), "32Gi".into()),
                ("nvidia.com/gpu".into(), "2".into()),
            ]
            .into(),
            ..NodeGroup::default()
        });
        let gpu: BTreeMap<String, String> = [("nvidia.com/gpu".into(), "1".into())].into();
        let f = fit(&gpu, &cluster).unwrap();
        assert_eq!(f.per_node, vec![(3, 0), (1, 2)]);
        assert_eq!(f.limiting.as_deref(), Some("nvidia.com/gpu"));
    }

    #[test]
    fn nodes_that_take_no_pods_hold_none() {
        let mut cluster = course_cluster();
        cluster.nodes.insert(
            0,
            NodeGroup {
                count: 1,
                allocatable: [("cpu".into(), "16".into())].into(),
                schedulable: false,
                ..NodeGroup::default()
            },
        );
        let f = fit(&req("1", "2Gi"), &cluster).unwrap();
        assert_eq!((f.max_replicas, f.nodes, f.unschedulable_nodes), (9, 3, 1));
        assert_eq!(most_offered("cpu", &cluster), Some(3_750_000_000));
    }

    #[test]
    fn a_huge_node_count_costs_nothing_and_saturates() {
        let mut cluster = course_cluster();
        cluster.nodes[0].count = u32::MAX;
        let f = fit(&req("1", "2Gi"), &cluster).unwrap();
        assert_eq!(f.per_node, vec![(u64::from(u32::MAX), 3)]);
        assert_eq!(f.max_replicas, 3 * u64::from(u32::MAX));
    }

    #[test]
    fn limits_alone_are_requests() {
        let k = core::Container {
            resources: Some(core::ResourceRequirements {
                limits: Some(
                    [
                        (
                            "cpu".to_owned(),
                            k8s_openapi::apimachinery::pkg::api::resource::Quantity("2".into()),
                        ),
                        (
                            "memory".to_owned(),
                            k8s_openapi::apimachinery::pkg::api::resource::Quantity("4Gi".into()),
                        ),
                    ]
                    .into(),
                ),
                requests: Some(
                    [(
                        "cpu".to_owned(),
                        k8s_openapi::apimachinery::pkg::api::resource::Quantity("1".into()),
                    )]
                    .into(),
                ),
                ..Default::default()
            }),
            ..Default::default()
        };
        let r = container_requests(&k);
        assert_eq!(r.get("cpu"), Some(&NANOS));
        assert_eq!(r.get("memory"), Some(&(4 * (1 << 30) * NANOS)));
    }
}
