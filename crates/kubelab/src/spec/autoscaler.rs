//! Fixed replicas or a HorizontalPodAutoscaler.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A HorizontalPodAutoscaler on CPU utilisation (emitted as `autoscaling/v2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Autoscaler {
    /// HPA name; the Deployment's name when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub name: Option<String>,
    /// Fewest replicas (at least 1).
    pub min_replicas: i32,
    /// Most replicas (at least `minReplicas`).
    pub max_replicas: i32,
    /// Target average CPU utilisation, in percent of the CPU request.
    #[serde(rename = "targetCPUUtilizationPercentage")]
    pub target_cpu_utilization: i32,
}

/// How many pods run: a fixed count, or an autoscaler's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scaling {
    /// A fixed replica count.
    Replicas(i32),
    /// An autoscaler; the Deployment starts with `initial_replicas` pods (`minReplicas` when
    /// unset).
    Autoscaled {
        /// The autoscaler.
        autoscaler: Autoscaler,
        /// The Deployment's `replicas` at creation.
        initial_replicas: Option<i32>,
    },
}

impl Scaling {
    /// The Deployment's `replicas`.
    pub fn initial_replicas(&self) -> i32 {
        match self {
            Scaling::Replicas(n) => *n,
            Scaling::Autoscaled {
                autoscaler,
                initial_replicas,
            } => initial_replicas.unwrap_or(autoscaler.min_replicas),
        }
    }

    /// The autoscaler, if any.
    pub fn autoscaler(&self) -> Option<&Autoscaler> {
        match self {
            Scaling::Replicas(_) => None,
            Scaling::Autoscaled { autoscaler, .. } => Some(autoscaler),
        }
    }
}

impl From<Autoscaler> for Scaling {
    fn from(autoscaler: Autoscaler) -> Self {
        Scaling::Autoscaled {
            autoscaler,
            initial_replicas: None,
        }
    }
}
