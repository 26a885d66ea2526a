//! The API server's defaults that kubelab writes out, reads objects by, or fills in when it
//! imports a manifest: one statement of each, with its source, for the builder, validation,
//! the pages and import alike.
//!
//! Sources: kubernetes pkg/apis/core/v1/defaults.go (`SetDefaults_Service`,
//! `SetDefaults_ServicePort`, `SetDefaults_ContainerPort`), pkg/apis/apps/v1/defaults.go
//! (`SetDefaults_Deployment`), pkg/apis/autoscaling/v2/defaults.go
//! (`SetDefaults_HorizontalPodAutoscaler`).

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// A Service's `type` when unset.
pub(crate) const SERVICE_TYPE: &str = "ClusterIP";

/// A Service port's and a container port's `protocol` when unset.
pub(crate) const PROTOCOL: &str = "TCP";

/// A Deployment's `replicas`, and an autoscaler's `minReplicas`, when unset.
pub(crate) const REPLICAS: i32 = 1;

/// A Service port's target: `port` when `targetPort` is unset, 0 or empty.
pub(crate) fn target_port(port: i32, target: Option<&IntOrString>) -> IntOrString {
    match target {
        None | Some(IntOrString::Int(0)) => IntOrString::Int(port),
        Some(IntOrString::String(s)) if s.is_empty() => IntOrString::Int(port),
        Some(target) => target.clone(),
    }
}

/// `p` with what the API server fills in stated: its `targetPort` and `protocol`.
pub(crate) fn service_port(mut p: core::ServicePort) -> core::ServicePort {
    p.target_port = Some(target_port(p.port, p.target_port.as_ref()));
    p.protocol.get_or_insert_with(|| PROTOCOL.to_owned());
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unset_zero_or_empty_target_is_the_port() {
        for target in [
            None,
            Some(IntOrString::Int(0)),
            Some(IntOrString::String(String::new())),
        ] {
            assert_eq!(target_port(80, target.as_ref()), IntOrString::Int(80));
        }
        let named = IntOrString::String("http".into());
        assert_eq!(target_port(80, Some(&named)), named);
        assert_eq!(
            target_port(80, Some(&IntOrString::Int(8080))),
            IntOrString::Int(8080)
        );
    }
}
