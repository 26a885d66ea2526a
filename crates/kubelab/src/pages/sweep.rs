//! The summary page of a lab's sweep: one row per combination.

use super::context::SweepRow;
use crate::fit;
use crate::objects::LabObjects;
use crate::spec::Cluster;
use crate::sweep::Variant;

/// A total in human units: cores for cpu, binary units for byte resources.
fn format_total(resource: &str, nanos: i128) -> String {
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

/// Builds one row from the variant, its objects, the link to its manifest relative to the
/// summary page (none when it was not written) and the validation errors that kept it from
/// being written (`problems`).
pub(crate) fn row(
    variant: &Variant,
    objects: &LabObjects,
    cluster: &Cluster,
    manifest: Option<String>,
    problems: Vec<String>,
) -> SweepRow {
    let lab = &variant.lab;
    let requests = fit::pod_requests(objects);
    let replicas = lab
        .autoscaler
        .as_ref()
        .map_or(lab.initial_replicas(), |a| a.max_replicas);
    let fit = fit::fit_nanos(&requests, cluster);
    let total_requests = requests
        .iter()
        .map(|(r, nanos)| format!("{r} {}", format_total(r, nanos * i128::from(replicas))))
        .collect::<Vec<_>>()
        .join(", ");
    SweepRow {
        number: variant.number,
        settings: variant.settings.join(", "),
        manifest,
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
