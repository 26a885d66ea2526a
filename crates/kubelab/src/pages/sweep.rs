//! The summary page of a lab's sweep: one row per combination.

use crate::fit;
use crate::objects::LabObjects;
use crate::spec::{Cluster, Lab};
use crate::sweep::Variant;
use crate::validate::{self, Severity};
use serde::Serialize;

/// One combination.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRow {
    /// 1-based number.
    pub number: usize,
    /// The settings, comma-separated.
    pub settings: String,
    /// The manifest, relative to the summary page (none when invalid).
    pub manifest: Option<String>,
    /// `yes`, `no` or `unknown` (no nodes described).
    pub fits: String,
    /// Most replicas of this pod that fit on the cluster.
    pub most_replicas: Option<u64>,
    /// The replicas the combination asks for (maxReplicas when autoscaled).
    pub replicas: i32,
    /// Total requests at that many replicas, e.g. `cpu 5, memory 10Gi`.
    pub total_requests: String,
    /// Validation errors other than fit, which keep the combination from being rendered.
    pub problems: Vec<String>,
}

/// The summary page.
#[derive(Debug, Clone, Serialize)]
pub struct SweepPage {
    /// Lab title.
    pub title: String,
    /// Lab id.
    pub id: String,
    /// The combinations.
    pub rows: Vec<SweepRow>,
}

/// A total in human units: cores for cpu, binary units for byte resources.
pub fn format_total(resource: &str, nanos: i128) -> String {
    let value = nanos as f64 / 1e9;
    let trim = |v: f64| {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    if resource == "cpu" || resource == "pods" {
        return trim(value);
    }
    let units = [
        ("Ti", 2f64.powi(40)),
        ("Gi", 2f64.powi(30)),
        ("Mi", 2f64.powi(20)),
        ("Ki", 1024.0),
    ];
    match units.iter().find(|(_, size)| value >= *size) {
        Some((unit, size)) => format!("{}{unit}", trim(value / size)),
        None => trim(value),
    }
}

/// Whether a violation is about cluster fit (reported in the table, not refused).
pub fn is_fit_rule(rule: &str) -> bool {
    rule.starts_with("cluster-fit-")
}

/// Builds one row from the variant and its objects.
pub fn row(variant: &Variant, objects: &LabObjects, cluster: &Cluster) -> SweepRow {
    let lab: &Lab = &variant.lab;
    let problems: Vec<String> = validate::objects(objects, cluster)
        .into_iter()
        .filter(|v| v.severity == Severity::Error && !is_fit_rule(v.rule))
        .map(|v| v.to_string())
        .collect();
    let requests = validate::pod_request_nanos(objects);
    let replicas = lab
        .scaling
        .autoscaler()
        .map_or(lab.scaling.initial_replicas(), |a| a.max_replicas);
    let fit = fit::fit_nanos(&requests, cluster);
    let total_requests = requests
        .iter()
        .map(|(r, nanos)| format!("{r} {}", format_total(r, nanos * i128::from(replicas))))
        .collect::<Vec<_>>()
        .join(", ");
    SweepRow {
        number: variant.number,
        settings: variant.settings.join(", "),
        manifest: problems.is_empty().then(|| variant.file.clone()),
        fits: match &fit {
            None => "unknown".to_owned(),
            Some(f) if u64::try_from(replicas).is_ok_and(|r| r <= f.max_replicas) => {
                "yes".to_owned()
            }
            Some(_) => "no".to_owned(),
        },
        most_replicas: fit.map(|f| f.max_replicas),
        replicas,
        total_requests,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_read_like_kubernetes() {
        assert_eq!(format_total("cpu", 5_000_000_000), "5");
        assert_eq!(format_total("cpu", 2_500_000_000), "2.5");
        assert_eq!(
            format_total("memory", 10 * (1 << 30) * 1_000_000_000),
            "10Gi"
        );
        assert_eq!(
            format_total("memory", 1536 * (1 << 20) * 1_000_000_000),
            "1.5Gi"
        );
    }
}
