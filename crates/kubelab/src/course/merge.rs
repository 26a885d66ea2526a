//! Field-by-field merge of a lab over the course defaults: a field the lab sets wins;
//! probes merge per field; resources merge per resource; lists and labels replace whole.

use crate::course::file::{DeploymentPatch, ProbePatch, ServicePatch};
use crate::spec::Resources;

fn or<T: Clone>(lab: Option<T>, default: &Option<T>) -> Option<T> {
    lab.or_else(|| default.clone())
}

impl ProbePatch {
    /// `self` over `base`.
    pub fn over(self, base: &ProbePatch) -> ProbePatch {
        ProbePatch {
            path: or(self.path, &base.path),
            port: or(self.port, &base.port),
            initial_delay_seconds: or(self.initial_delay_seconds, &base.initial_delay_seconds),
            period_seconds: or(self.period_seconds, &base.period_seconds),
            timeout_seconds: or(self.timeout_seconds, &base.timeout_seconds),
            success_threshold: or(self.success_threshold, &base.success_threshold),
            failure_threshold: or(self.failure_threshold, &base.failure_threshold),
        }
    }
}

fn probe(lab: Option<ProbePatch>, base: &Option<ProbePatch>) -> Option<ProbePatch> {
    match (lab, base) {
        (Some(lab), Some(base)) => Some(lab.over(base)),
        (lab, base) => or(lab, base),
    }
}

fn resources(lab: Option<Resources>, base: &Option<Resources>) -> Option<Resources> {
    match (lab, base) {
        (Some(lab), Some(base)) => {
            let mut merged = base.clone();
            merged.requests.extend(lab.requests);
            merged.limits.extend(lab.limits);
            Some(merged)
        }
        (lab, base) => or(lab, base),
    }
}

impl DeploymentPatch {
    /// `self` (a lab's section) over `base` (the defaults).
    pub fn over(self, base: &DeploymentPatch) -> DeploymentPatch {
        DeploymentPatch {
            name: or(self.name, &base.name),
            container_name: or(self.container_name, &base.container_name),
            image: or(self.image, &base.image),
            image_pull_policy: or(self.image_pull_policy, &base.image_pull_policy),
            replicas: or(self.replicas, &base.replicas),
            ports: or(self.ports, &base.ports),
            env: or(self.env, &base.env),
            readiness_probe: probe(self.readiness_probe, &base.readiness_probe),
            liveness_probe: probe(self.liveness_probe, &base.liveness_probe),
            startup_probe: probe(self.startup_probe, &base.startup_probe),
            resources: resources(self.resources, &base.resources),
            labels: or(self.labels, &base.labels),
        }
    }
}

impl ServicePatch {
    /// `self` (a lab's section) over `base` (the defaults).
    pub fn over(self, base: &ServicePatch) -> ServicePatch {
        ServicePatch {
            name: or(self.name, &base.name),
            service_type: or(self.service_type, &base.service_type),
            ports: or(self.ports, &base.ports),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn lab_fields_win_and_probes_merge_per_field() {
        let base = DeploymentPatch {
            image: Some("a:1".into()),
            replicas: Some(1),
            readiness_probe: Some(ProbePatch {
                path: Some("/test".into()),
                period_seconds: Some(5),
                success_threshold: Some(3),
                ..ProbePatch::default()
            }),
            resources: Some(Resources::new().request("cpu", "1").limit("cpu", "2")),
            ..DeploymentPatch::default()
        };
        let lab = DeploymentPatch {
            replicas: Some(5),
            readiness_probe: Some(ProbePatch {
                success_threshold: Some(1),
                ..ProbePatch::default()
            }),
            resources: Some(Resources::new().request("cpu", "2")),
            ..DeploymentPatch::default()
        };
        let merged = lab.over(&base);
        assert_eq!(merged.image.as_deref(), Some("a:1"));
        assert_eq!(merged.replicas, Some(5));
        let probe = merged.readiness_probe.unwrap_or_default();
        assert_eq!(
            (probe.path.as_deref(), probe.period_seconds),
            (Some("/test"), Some(5))
        );
        assert_eq!(probe.success_threshold, Some(1));
        assert_eq!(
            merged.resources,
            Some(Resources::new().request("cpu", "2").limit("cpu", "2"))
        );
    }
}
