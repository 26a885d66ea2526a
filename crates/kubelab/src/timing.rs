//! How long things take on a cluster: the defaults of the components that decide when an
//! autoscaler adds a pod and when that pod can serve. Pages state these times; validation
//! warns when a load test ends before an added pod could help.

use k8s_openapi::api::core::v1 as core;

/// How often the autoscaler looks at the pods' metrics, in seconds.
///
/// Source: kubernetes pkg/controller/podautoscaler/config/v1alpha1/defaults.go,
/// `HorizontalPodAutoscalerSyncPeriod` 15 s.
pub(crate) const AUTOSCALER_SYNC_SECONDS: u64 = 15;

/// How long the autoscaler waits after the load falls before it removes pods, in minutes.
///
/// Source: the same file, `HorizontalPodAutoscalerDownscaleStabilizationWindow` 5 min.
pub(crate) const DOWNSCALE_WINDOW_MINUTES: u64 = 5;

/// How often metrics-server measures the pods, in seconds: its `--metric-resolution` in
/// the upstream manifests (kubernetes-sigs/metrics-server, and kubernetes/kubernetes#117121
/// aligned the cluster add-on with it).
pub(crate) const METRICS_RESOLUTION_SECONDS: u64 = 15;

/// A probe's timing as the API server stores it: `SetDefaults_Probe` (kubernetes
/// pkg/apis/core/v1/defaults.go) turns an unset or 0 period into 10 s, timeout into 1 s,
/// success threshold into 1 and failure threshold into 3; the initial delay stays 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProbeTiming {
    pub(crate) initial_delay_seconds: i32,
    pub(crate) period_seconds: i32,
    pub(crate) timeout_seconds: i32,
    pub(crate) successes: i32,
    pub(crate) failures: i32,
}

impl ProbeTiming {
    /// `probe`'s timing, defaults filled in.
    pub(crate) fn of(probe: &core::Probe) -> ProbeTiming {
        let or = |v: Option<i32>, default: i32| v.filter(|v| *v != 0).unwrap_or(default);
        ProbeTiming {
            initial_delay_seconds: probe.initial_delay_seconds.unwrap_or(0),
            period_seconds: or(probe.period_seconds, 10),
            timeout_seconds: or(probe.timeout_seconds, 1),
            successes: or(probe.success_threshold, 1),
            failures: or(probe.failure_threshold, 3),
        }
    }

    /// Seconds from a container's start to its pod being ready, at the earliest: the
    /// first probe after the initial delay, then one period per further success needed.
    pub(crate) fn ready_after_seconds(self) -> u64 {
        let delay = u64::try_from(self.initial_delay_seconds).unwrap_or(0);
        let period = u64::try_from(self.period_seconds).unwrap_or(0);
        let more = u64::try_from(self.successes - 1).unwrap_or(0);
        delay.saturating_add(period.saturating_mul(more))
    }
}

/// Seconds from the start of a load until the first pod an autoscaler adds can serve, at
/// the earliest: one measurement, one autoscaler sync, then the readiness probe (image
/// pulls and the app's own start come on top).
/// `readiness` is the pod's readiness probe ([`LabObjects::readiness_probe`]).
///
/// [`LabObjects::readiness_probe`]: crate::LabObjects::readiness_probe
pub(crate) fn first_added_pod_ready_seconds(readiness: Option<&core::Probe>) -> u64 {
    let ready = readiness.map_or(0, |p| ProbeTiming::of(p).ready_after_seconds());
    METRICS_RESOLUTION_SECONDS + AUTOSCALER_SYNC_SECONDS + ready
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_autoscaler_adds_a_ready_pod_after_45_seconds_at_the_earliest() {
        let o = crate::testing::lab("hpa").objects();
        let probe = o.readiness_probe().expect("a readiness probe");
        assert_eq!(ProbeTiming::of(probe).ready_after_seconds(), 15);
        assert_eq!(first_added_pod_ready_seconds(Some(probe)), 45);
    }

    #[test]
    fn unset_and_zero_timings_take_the_api_servers_defaults() {
        // SetDefaults_Probe: period 10, timeout 1, success threshold 1, failure threshold 3.
        let defaults = ProbeTiming {
            initial_delay_seconds: 0,
            period_seconds: 10,
            timeout_seconds: 1,
            successes: 1,
            failures: 3,
        };
        assert_eq!(ProbeTiming::of(&core::Probe::default()), defaults);
        let zeros = core::Probe {
            initial_delay_seconds: Some(0),
            period_seconds: Some(0),
            timeout_seconds: Some(0),
            success_threshold: Some(0),
            failure_threshold: Some(0),
            ..core::Probe::default()
        };
        assert_eq!(ProbeTiming::of(&zeros), defaults);
        let set = core::Probe {
            period_seconds: Some(5),
            success_threshold: Some(3),
            ..zeros
        };
        assert_eq!(ProbeTiming::of(&set).ready_after_seconds(), 10);
    }
}
