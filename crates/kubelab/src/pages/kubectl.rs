//! What kubectl prints for a lab's objects, computed from the objects and the course's
//! Kubernetes version, never typed by hand. Each function names the source it follows;
//! tables are laid out like kubectl's tabwriter.

use crate::objects::LabObjects;
use crate::spec::KubernetesVersion;
use k8s_openapi::Resource;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::{apps::v1::Deployment, core::v1 as core};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// `kubectl <rest>`, with `-n <namespace>` on a student's copy.
pub(super) fn command(rest: &str, namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("kubectl {rest} -n {ns}"),
        None => format!("kubectl {rest}"),
    }
}

/// kubectl's name for an object's type: `service`, `deployment.apps`,
/// `horizontalpodautoscaler.autoscaling`.
///
/// Source: k8s.io/cli-runtime pkg/printers/name.go `printObj` (lower-case kind, then
/// `.group` unless the group is core), the same in release-1.25 to release-1.36 and master.
fn kind_string<R: Resource>() -> String {
    let kind = R::KIND.to_ascii_lowercase();
    if R::GROUP.is_empty() {
        kind
    } else {
        format!("{kind}.{}", R::GROUP)
    }
}

fn name(meta: &ObjectMeta) -> &str {
    meta.name.as_deref().unwrap_or_default()
}

/// Every object of a lab with kubectl's name for its type, in file order.
fn named(o: &LabObjects) -> Vec<(String, &str)> {
    let mut out = vec![
        (kind_string::<core::Service>(), name(&o.service.metadata)),
        (kind_string::<Deployment>(), name(&o.deployment.metadata)),
    ];
    if let Some(h) = &o.autoscaler {
        out.push((kind_string::<HorizontalPodAutoscaler>(), name(&h.metadata)));
    }
    if let Some(p) = &o.network_policy {
        out.push((
            kind_string::<k8s_openapi::api::networking::v1::NetworkPolicy>(),
            name(&p.metadata),
        ));
    }
    out
}

/// The lines `kubectl apply -f` prints on first apply, in file order:
/// `service/ml-kube-service created`.
///
/// Source: k8s.io/cli-runtime pkg/printers/name.go `printObj` (`%s/%s%s`, operation
/// `created` from kubectl pkg/cmd/apply/apply.go `o.ToPrinter("created")`); unchanged from
/// 1.25 to 1.37.
pub(crate) fn apply_lines(o: &LabObjects) -> Vec<String> {
    named(o)
        .into_iter()
        .map(|(kind, name)| format!("{kind}/{name} created"))
        .collect()
}

/// The line `kubectl apply -f` prints for a Namespace it creates.
pub(crate) fn namespace_created(namespace: &str) -> String {
    format!("{}/{namespace} created", kind_string::<core::Namespace>())
}

/// The lines `kubectl delete -f` prints, in file order, for objects in `namespace`:
/// `service "ml-kube-service" deleted`, and from kubectl 1.34 on
/// `service "ml-kube-service" deleted from default namespace`.
///
/// Source: kubectl pkg/cmd/delete/delete.go `(*DeleteOptions).PrintObj`: `%s "%s" %s` with
/// operation `deleted`; release-1.34 added `operation = fmt.Sprintf("%s from %s namespace",
/// ...)` for namespaced objects (absent in release-1.25 to release-1.33).
pub(crate) fn delete_lines(
    o: &LabObjects,
    namespace: &str,
    version: KubernetesVersion,
) -> Vec<String> {
    let operation = if version.minor() >= 34 {
        format!("deleted from {namespace} namespace")
    } else {
        "deleted".to_owned()
    };
    named(o)
        .into_iter()
        .map(|(kind, name)| format!("{kind} \"{name}\" {operation}"))
        .collect()
}

/// What `kubectl get` prints when nothing is left in `namespace`.
///
/// Source: kubectl pkg/cmd/get/get.go, `"No resources found in %s namespace.\n"` (to
/// stderr), release-1.25 to release-1.36.
pub(crate) fn no_resources(namespace: &str) -> String {
    format!("No resources found in {namespace} namespace.")
}

/// What `kubectl top` prints when the cluster has no metrics server.
///
/// Source: kubectl pkg/cmd/top/top_pod.go `errors.New("Metrics API not available")`,
/// printed by cmdutil.CheckErr with `error: `; release-1.25 to master.
pub(crate) const NO_METRICS: &str = "error: Metrics API not available";

/// What `kubectl top pod` prints for a pod the metrics server has not measured yet, while
/// the pod is younger than `metricsCreationDelay` (2 minutes); kubectl prefixes `error: `.
///
/// Source: kubectl pkg/cmd/top/top_pod.go `checkPodMetricsAvailability`
/// (`errors.New("metrics not available yet")`, `metricsCreationDelay = 2 * time.Minute`),
/// the same in release-1.26 (v0.26.0) and master.
pub(crate) const METRICS_NOT_YET: &str = "error: metrics not available yet";

/// An age as kubectl's AGE column prints it: seconds below two minutes (`75s`), then
/// minutes and seconds below ten minutes (`2m`, `3m10s`), minutes below three hours, hours
/// and minutes below eight hours, then hours, days and years.
///
/// Source: k8s.io/apimachinery pkg/util/duration/duration.go `HumanDuration`, which the
/// API server's table printer uses for AGE (kubernetes pkg/printers/internalversion
/// `translateTimestampSince`); unchanged from 1.25 to master.
pub(crate) fn human_duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    let hours = seconds / 3600;
    let days = hours / 24;
    if seconds < 120 {
        format!("{seconds}s")
    } else if minutes < 10 {
        match seconds % 60 {
            0 => format!("{minutes}m"),
            s => format!("{minutes}m{s}s"),
        }
    } else if minutes < 3 * 60 {
        format!("{minutes}m")
    } else if hours < 8 {
        match minutes % 60 {
            0 => format!("{hours}h"),
            m => format!("{hours}h{m}m"),
        }
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        match hours % 24 {
            0 => format!("{days}d"),
            h => format!("{days}d{h}h"),
        }
    } else if hours < 24 * 365 * 2 {
        format!("{days}d")
    } else if hours < 24 * 365 * 8 {
        match days % 365 {
            0 => format!("{}y", days / 365),
            d => format!("{}y{d}d", days / 365),
        }
    } else {
        format!("{}y", days / 365)
    }
}

/// The ages the pages show, in seconds after `kubectl apply`: each table is printed at a
/// step of the page, and its AGE column is what [`human_duration`] prints then.
pub(crate) mod ages {
    /// `kubectl get svc`, the step after `apply`.
    pub(crate) const SERVICE_LISTED: u64 = 10;
    /// The first `kubectl get pods`, while the image is pulled.
    pub(crate) const PODS_STARTING: u64 = 5;
    /// `kubectl get pods` once every pod is ready: after the image pull and the readiness
    /// probe's successes.
    pub(crate) const PODS_READY: u64 = 90;
    /// `kubectl get hpa --watch`, started before the load test: after the pods are ready,
    /// `kubectl top` and reaching the app, a few minutes after `apply`.
    pub(crate) const HPA_WATCHED: u64 = 5 * 60;
}

/// A table laid out like kubectl's: cells padded to the widest of their column plus three
/// spaces, at least six wide, the last column unpadded.
///
/// Source: k8s.io/cli-runtime pkg/printers/tabwriter.go (`tabwriterMinWidth = 6`,
/// `tabwriterPadding = 3`), the same in release-1.25 to master.
pub(crate) fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0);
            (widest + 3).max(6)
        })
        .collect();
    let mut text = String::new();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        for (c, cell) in row.iter().enumerate() {
            text.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count();
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
    }
    text
}

fn cells(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// The `PORT(S)` cell of a Service: `6000:32000/TCP`.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go `makePortString`
/// (`%d:%d/%s` with a node port, `%d/%s` without).
pub(crate) fn service_ports(svc: &core::Service) -> String {
    let ports = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default();
    let node_ported = matches!(
        crate::objects::service_type(svc),
        "NodePort" | "LoadBalancer"
    );
    ports
        .iter()
        .map(|p| {
            let proto = p
                .protocol
                .as_deref()
                .unwrap_or(crate::api_defaults::PROTOCOL);
            match (p.node_port, node_ported) {
                (Some(np), _) => format!("{}:{np}/{proto}", p.port),
                (None, true) => format!("{}:<node port>/{proto}", p.port),
                (None, false) => format!("{}/{proto}", p.port),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The `EXTERNAL-IP` cell: `<pending>` for a LoadBalancer no controller has served,
/// `<none>` otherwise.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go `getServiceExternalIP`.
pub(crate) fn service_external_ip(svc: &core::Service) -> &'static str {
    if crate::objects::service_type(svc) == "LoadBalancer" {
        "<pending>"
    } else {
        "<none>"
    }
}

/// The `SELECTOR` cell: `app=ml-kube-app`.
pub(crate) fn service_selector(svc: &core::Service) -> String {
    svc.spec
        .as_ref()
        .and_then(|s| s.selector.as_ref())
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `kubectl get svc -o wide` for one Service, header and row; CLUSTER-IP and AGE are
/// shown as `10.x.x.x` and `10s`, which differ on every cluster.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go `serviceColumnDefinitions`
/// (Name, Type, Cluster-IP, External-IP, Port(s), Age; Selector with `-o wide`), the same
/// in 1.25 to 1.37.
pub(crate) fn svc_table(svc: &core::Service) -> String {
    let ports = service_ports(svc);
    let selector = service_selector(svc);
    table(&[
        cells(&[
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE",
            "SELECTOR",
        ]),
        cells(&[
            name(&svc.metadata),
            crate::objects::service_type(svc),
            "10.x.x.x",
            service_external_ip(svc),
            &ports,
            &human_duration(ages::SERVICE_LISTED),
            &selector,
        ]),
    ])
}

/// Whether the pods of a `kubectl get pods -o wide` listing have just started or are
/// ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PodPhase {
    /// Pulling the image: `0/1`, `ContainerCreating`, no IP yet.
    Starting,
    /// Running and passing the readiness probe: `1/1`, `Running`.
    Ready,
}

/// `kubectl get pods -o wide` for the Deployment's first `replicas` pods: one row a
/// replica, named `<deployment>-<hash>-<suffix>` (the ReplicaSet's pod-template hash, then
/// five random characters), READY counting the pod's containers. Values that differ on
/// every run are shown as `<hash>`, `<suffix>`, `<node>` and `<pod IP>`.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go `podColumnDefinitions`
/// (Name, Ready, Status, Restarts, Age; IP, Node, Nominated Node, Readiness Gates with
/// `-o wide`) and `printPod` (`%d/%d` ready of total containers; the waiting reason,
/// `ContainerCreating`, as status), the same in 1.25 to 1.37.
pub(crate) fn pods_table(o: &LabObjects, replicas: usize, phase: PodPhase) -> String {
    let deployment = name(&o.deployment.metadata);
    let total = o.containers().len();
    let (ready, status, ip, age) = match phase {
        PodPhase::Starting => (0, "ContainerCreating", "<none>", ages::PODS_STARTING),
        PodPhase::Ready => (total, "Running", "<pod IP>", ages::PODS_READY),
    };
    let age = human_duration(age);
    let ready = format!("{ready}/{total}");
    let mut rows = vec![cells(&[
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
        "NOMINATED NODE",
        "READINESS GATES",
    ])];
    for _ in 0..replicas {
        let pod = format!("{deployment}-<hash>-<suffix>");
        rows.push(cells(&[
            &pod, &ready, status, "0", &age, ip, "<node>", "<none>", "<none>",
        ]));
    }
    table(&rows)
}

/// `kubectl top pod` once the metrics server has measured the pods: one row a pod, CPU in
/// millicores (`<cpu>m`) and memory in MiB (`<memory>Mi`), the numbers differing on every
/// run. (With no pods at all it prints nothing; it never prints the header alone.)
///
/// Source: kubectl pkg/metricsutil/metrics_printer.go, pod columns `NAME`, `CPU(cores)`,
/// `MEMORY(bytes)` and `printSingleResourceUsage` (`%vm` of `MilliValue`, `%vMi` of
/// `Value()/(1024*1024)`), the same in v0.26.0 and master.
pub(crate) fn top_pod_rows(o: &LabObjects, replicas: usize) -> String {
    let pod = format!("{}-<hash>-<suffix>", name(&o.deployment.metadata));
    let mut rows = vec![cells(&["NAME", "CPU(cores)", "MEMORY(bytes)"])];
    for _ in 0..replicas {
        rows.push(cells(&[&pod, "<cpu>m", "<memory>Mi"]));
    }
    table(&rows)
}

/// The `TARGETS` cell of `kubectl get hpa` for the autoscaler's CPU target, with `current`
/// the measured value (`<unknown>` before any measurement): `<unknown>/40%`, and from
/// Kubernetes 1.30 on `cpu: <unknown>/40%`.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go `formatHPAMetrics`: the
/// resource name prefix came with kubernetes/kubernetes#122804, released in v1.30.0.
pub(crate) fn hpa_targets(
    hpa: &HorizontalPodAutoscaler,
    version: KubernetesVersion,
    current: &str,
) -> String {
    let metrics = crate::k8s::autoscaler_spec(hpa)
        .and_then(|s| s.metrics.as_deref())
        .unwrap_or_default();
    let list: Vec<String> = metrics
        .iter()
        .filter_map(|m| m.resource.as_ref())
        .map(|r| {
            let target = r
                .target
                .average_utilization
                .map_or("<auto>".to_owned(), |u| format!("{u}%"));
            if version.minor() >= 30 {
                format!("{}: {current}/{target}", r.name)
            } else {
                format!("{current}/{target}")
            }
        })
        .collect();
    if list.is_empty() {
        "<none>".to_owned()
    } else {
        list.join(", ")
    }
}

/// `kubectl get hpa --watch` where the page starts it, a few minutes after `apply`
/// ([`ages::HPA_WATCHED`]): the pods measured (`<cpu>%` of their request, a few percent
/// while idle) and the autoscaler keeping `replicas` pods.
///
/// Source: kubernetes pkg/printers/internalversion/printers.go
/// `horizontalPodAutoscalerColumnDefinitions` (Name, Reference, Targets, MinPods, MaxPods,
/// Replicas, Age) and `printHorizontalPodAutoscaler` (REFERENCE is `Kind/name`, REPLICAS is
/// `status.currentReplicas`).
pub(crate) fn hpa_table(
    hpa: &HorizontalPodAutoscaler,
    version: KubernetesVersion,
    replicas: i32,
) -> String {
    let spec = crate::k8s::autoscaler_spec(hpa);
    let reference = spec
        .map(|s| format!("{}/{}", s.scale_target_ref.kind, s.scale_target_ref.name))
        .unwrap_or_default();
    let min = spec
        .and_then(|s| s.min_replicas)
        .map_or("<unset>".to_owned(), |m| m.to_string());
    let max = spec.map(|s| s.max_replicas.to_string()).unwrap_or_default();
    table(&[
        cells(&[
            "NAME",
            "REFERENCE",
            "TARGETS",
            "MINPODS",
            "MAXPODS",
            "REPLICAS",
            "AGE",
        ]),
        cells(&[
            name(&hpa.metadata),
            &reference,
            &hpa_targets(hpa, version, "<cpu>%"),
            &min,
            &max,
            &replicas.to_string(),
            &human_duration(ages::HPA_WATCHED),
        ]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn version(minor: u32) -> KubernetesVersion {
        KubernetesVersion::new(minor)
    }

    #[test]
    fn apply_and_delete_lines_follow_file_order_and_the_version() {
        let o = crate::testing::lab("hpa").objects();
        assert_eq!(
            apply_lines(&o),
            [
                "service/ml-service-lb created",
                "deployment.apps/ml-app-hpa created",
                "horizontalpodautoscaler.autoscaling/ml-app-hpa created"
            ]
        );
        assert_eq!(
            delete_lines(&o, "default", version(26))[1],
            "deployment.apps \"ml-app-hpa\" deleted"
        );
        assert_eq!(
            delete_lines(&o, "default", version(33))[0],
            "service \"ml-service-lb\" deleted"
        );
        assert_eq!(
            delete_lines(&o, "student-01", version(34))[2],
            "horizontalpodautoscaler.autoscaling \"ml-app-hpa\" deleted from student-01 namespace"
        );
    }

    #[test]
    fn svc_rows() {
        let svc = crate::testing::lab("single").objects().service;
        assert_eq!(service_ports(&svc), "6000:32000/TCP");
        assert_eq!(service_external_ip(&svc), "<none>");
        assert_eq!(service_selector(&svc), "app=ml-kube-app");
        assert_eq!(
            svc_table(&svc),
            "NAME              TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE   SELECTOR\n\
             ml-kube-service   NodePort   10.x.x.x     <none>        6000:32000/TCP   10s   app=ml-kube-app"
        );
        let lb = crate::testing::lab("lb").objects().service;
        assert_eq!(service_external_ip(&lb), "<pending>");
    }

    #[test]
    fn pod_rows_one_per_replica() {
        let o = crate::testing::lab("lb").objects();
        let starting = pods_table(&o, 5, PodPhase::Starting);
        assert_eq!(starting.lines().count(), 6);
        assert!(starting.lines().nth(1).unwrap_or_default().starts_with(
            "ml-kube-app-<hash>-<suffix>   0/1     ContainerCreating   0          5s    <none>"
        ));
        let ready = pods_table(&o, 1, PodPhase::Ready);
        assert!(ready.contains("1/1     Running"), "{ready}");
    }

    #[test]
    fn hpa_targets_name_the_metric_from_1_30() {
        let o = crate::testing::lab("hpa").objects();
        let hpa = o.autoscaler.expect("an autoscaler");
        assert_eq!(hpa_targets(&hpa, version(29), "<unknown>"), "<unknown>/40%");
        assert_eq!(
            hpa_targets(&hpa, version(30), "<unknown>"),
            "cpu: <unknown>/40%"
        );
        assert_eq!(
            hpa_table(&hpa, version(26), 1),
            "NAME         REFERENCE               TARGETS      MINPODS   MAXPODS   REPLICAS   AGE\n\
             ml-app-hpa   Deployment/ml-app-hpa   <cpu>%/40%   1         5         1          5m"
        );
    }

    /// The cases of apimachinery's own tests (pkg/util/duration/duration_test.go,
    /// `TestHumanDuration` and `TestHumanDurationBoundaries`), in whole seconds.
    #[test]
    fn ages_print_as_the_api_servers_duration_printer_prints_them() {
        let (m, h, d) = (60, 3600, 86400);
        for (seconds, want) in [
            (0, "0s"),
            (1, "1s"),
            (70, "70s"),
            (119, "119s"),
            (2 * m, "2m"),
            (2 * m + 1, "2m1s"),
            (190, "3m10s"),
            (10 * m - 1, "9m59s"),
            (10 * m, "10m"),
            (10 * m + 1, "10m"),
            (70 * m, "70m"),
            (3 * h - 1, "179m"),
            (3 * h, "3h"),
            (3 * h + m, "3h1m"),
            (8 * h - 1, "7h59m"),
            (8 * h, "8h"),
            (8 * h + 59 * m, "8h"),
            (47 * h, "47h"),
            (2 * d - 1, "47h"),
            (2 * d, "2d"),
            (49 * h, "2d1h"),
            (8 * d - 1, "7d23h"),
            (8 * d, "8d"),
            ((8 * 24 + 2) * h, "8d"),
            (367 * d, "367d"),
            ((365 * 2 * 24 + 25) * h, "2y1d"),
            ((365 * 8 * 24 + 2) * h, "8y"),
        ] {
            assert_eq!(human_duration(seconds), want, "{seconds} s");
        }
    }

    #[test]
    fn tables_keep_kubectl_minimum_width() {
        assert_eq!(
            table(&[cells(&["A", "B"]), cells(&["x", "y"])]),
            "A     B\nx     y"
        );
    }
}
