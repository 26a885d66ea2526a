//! Expanding a lab's [`Sweep`] into variants: every combination of the listed values, in a
//! deterministic order with deterministic names.

use crate::layout;
use crate::spec::{Lab, Sweep};

/// One value to set on a lab.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Setting {
    Replicas(i32),
    Request(String, String),
    Limit(String, String),
    MinReplicas(i32),
    MaxReplicas(i32),
    TargetCpu(i32),
}

impl Setting {
    fn label(&self) -> String {
        match self {
            Setting::Replicas(n) => format!("replicas={n}"),
            Setting::Request(r, q) => format!("requests.{r}={q}"),
            Setting::Limit(r, q) => format!("limits.{r}={q}"),
            Setting::MinReplicas(n) => format!("minReplicas={n}"),
            Setting::MaxReplicas(n) => format!("maxReplicas={n}"),
            Setting::TargetCpu(n) => format!("targetCPU={n}%"),
        }
    }

    fn apply(&self, lab: &mut Lab) {
        let resources = &mut lab.deployment.resources;
        match (self, &mut lab.autoscaler) {
            (Setting::Replicas(n), _) => lab.deployment.replicas = Some(*n),
            (Setting::Request(r, q), _) => {
                resources.requests.insert(r.clone(), q.clone());
            }
            (Setting::Limit(r, q), _) => {
                resources.limits.insert(r.clone(), q.clone());
            }
            (Setting::MinReplicas(n), Some(autoscaler)) => autoscaler.min_replicas = *n,
            (Setting::MaxReplicas(n), Some(autoscaler)) => autoscaler.max_replicas = *n,
            (Setting::TargetCpu(n), Some(autoscaler)) => {
                autoscaler.target_cpu_utilization_percentage = *n
            }
            // Autoscaler settings on a lab without an autoscaler: refused by `axes`.
            (Setting::MinReplicas(_) | Setting::MaxReplicas(_) | Setting::TargetCpu(_), None) => {}
        }
    }
}

/// One combination of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// 1-based position in the expansion.
    pub number: usize,
    /// The settings, e.g. `["replicas=2", "requests.cpu=500m"]`.
    pub settings: Vec<String>,
    /// Output path: `sweep/<number>-<settings>.yaml` in the lab's folder.
    pub output: String,
    /// The lab with the settings applied.
    pub lab: Lab,
}

/// Why a sweep cannot expand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SweepError {
    /// More combinations than the sweep's limit.
    TooLarge {
        /// Combinations.
        count: u128,
        /// The limit.
        limit: usize,
    },
    /// Autoscaler values on a lab without an autoscaler.
    NoAutoscaler,
}

fn axes(sweep: &Sweep, lab: &Lab) -> Result<Vec<Vec<Setting>>, SweepError> {
    let mut axes: Vec<Vec<Setting>> = Vec::new();
    let mut push = |values: Vec<Setting>| {
        if !values.is_empty() {
            axes.push(values);
        }
    };
    push(
        sweep
            .replicas
            .iter()
            .copied()
            .map(Setting::Replicas)
            .collect(),
    );
    for (r, qs) in &sweep.requests {
        push(
            qs.iter()
                .map(|q| Setting::Request(r.clone(), q.clone()))
                .collect(),
        );
    }
    for (r, qs) in &sweep.limits {
        push(
            qs.iter()
                .map(|q| Setting::Limit(r.clone(), q.clone()))
                .collect(),
        );
    }
    let autoscaling = [
        &sweep.min_replicas,
        &sweep.max_replicas,
        &sweep.target_cpu_utilization_percentage,
    ];
    if autoscaling.iter().any(|v| !v.is_empty()) && lab.autoscaler.is_none() {
        return Err(SweepError::NoAutoscaler);
    }
    push(
        sweep
            .min_replicas
            .iter()
            .copied()
            .map(Setting::MinReplicas)
            .collect(),
    );
    push(
        sweep
            .max_replicas
            .iter()
            .copied()
            .map(Setting::MaxReplicas)
            .collect(),
    );
    push(
        sweep
            .target_cpu_utilization_percentage
            .iter()
            .copied()
            .map(Setting::TargetCpu)
            .collect(),
    );
    Ok(axes)
}

/// How many variants `sweep` expands to on `lab`.
pub(crate) fn count(sweep: &Sweep, lab: &Lab) -> Result<u128, SweepError> {
    // Checked: many long lists multiply past any integer; that many is "too many".
    Ok(axes(sweep, lab)?
        .iter()
        .try_fold(1u128, |total, axis| total.checked_mul(axis.len() as u128))
        .unwrap_or(u128::MAX))
}

/// Every variant of `lab` under `sweep`, the last axis varying fastest.
pub(crate) fn expand(sweep: &Sweep, lab: &Lab) -> Result<Vec<Variant>, SweepError> {
    let axes = axes(sweep, lab)?;
    let total = count(sweep, lab)?;
    if total > sweep.limit as u128 {
        return Err(SweepError::TooLarge {
            count: total,
            limit: sweep.limit,
        });
    }
    let width = total.to_string().len();
    let mut variants = Vec::new();
    for n in 0..total as usize {
        let (mut rest, mut picked) = (n, Vec::new());
        for axis in axes.iter().rev() {
            picked.push(&axis[rest % axis.len()]);
            rest /= axis.len();
        }
        picked.reverse();
        let mut variant_lab = lab.clone();
        for setting in &picked {
            setting.apply(&mut variant_lab);
        }
        let settings: Vec<String> = picked.iter().map(|s| s.label()).collect();
        let output = layout::in_lab_dir(lab, &layout::sweep_variant(n + 1, width, &settings));
        variant_lab.output = output.clone();
        variants.push(Variant {
            number: n + 1,
            settings,
            output,
            lab: variant_lab,
        });
    }
    Ok(variants)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::lab;

    #[test]
    fn expands_the_product_in_order_with_stable_names() {
        let sweep = Sweep {
            replicas: vec![1, 5],
            requests: [(
                "cpu".to_owned(),
                vec!["500m".to_owned(), "1".to_owned(), "2".to_owned()],
            )]
            .into(),
            ..Sweep::default()
        };
        let variants = expand(&sweep, &lab("lb")).expect("expands");
        assert_eq!(variants.len(), 6);
        assert_eq!(
            variants[0].output,
            "deploy_lb/sweep/1-replicas-1_requests.cpu-500m.yaml"
        );
        assert_eq!(variants[5].settings, ["replicas=5", "requests.cpu=2"]);
        assert_eq!(variants[5].lab.initial_replicas(), 5);
        assert_eq!(variants[5].lab.deployment.resources.requests["cpu"], "2");
    }

    #[test]
    fn refuses_past_the_limit_and_autoscaler_values_without_an_autoscaler() {
        let big = Sweep {
            replicas: (1..=20).collect(),
            max_replicas: (1..=20).collect(),
            limit: 100,
            ..Sweep::default()
        };
        assert_eq!(
            expand(&big, &lab("hpa")),
            Err(SweepError::TooLarge {
                count: 400,
                limit: 100
            })
        );
        assert_eq!(expand(&big, &lab("lb")), Err(SweepError::NoAutoscaler));
    }
}
