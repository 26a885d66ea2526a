//! What differs between the Kubernetes versions k8s-openapi can be built for: kubelab does
//! not choose the version (the final binary does), so it compiles against each. From
//! k8s-openapi's 1.36 a HorizontalPodAutoscaler's `spec` is required, from 1.37 a
//! Deployment's; before, both are optional. Everything else reads the objects through
//! these functions.

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::autoscaling::v2 as autoscaling;

k8s_openapi::k8s_if_le_1_36! {
    /// The Deployment's spec, when it has one.
    pub(crate) fn deployment_spec(d: &apps::Deployment) -> Option<&apps::DeploymentSpec> {
        d.spec.as_ref()
    }


    /// The Deployment's spec, to change, when it has one.
    pub(crate) fn deployment_spec_mut(d: &mut apps::Deployment) -> Option<&mut apps::DeploymentSpec> {
        d.spec.as_mut()
    }

    /// `spec` as a Deployment's `spec` field.
    pub(crate) fn deployment_spec_field(spec: apps::DeploymentSpec) -> Option<apps::DeploymentSpec> {
        Some(spec)
    }
}

k8s_openapi::k8s_if_ge_1_37! {
    /// The Deployment's spec, when it has one.
    pub(crate) fn deployment_spec(d: &apps::Deployment) -> Option<&apps::DeploymentSpec> {
        Some(&d.spec)
    }


    /// The Deployment's spec, to change, when it has one.
    pub(crate) fn deployment_spec_mut(d: &mut apps::Deployment) -> Option<&mut apps::DeploymentSpec> {
        Some(&mut d.spec)
    }

    /// `spec` as a Deployment's `spec` field.
    pub(crate) fn deployment_spec_field(spec: apps::DeploymentSpec) -> apps::DeploymentSpec {
        spec
    }
}

k8s_openapi::k8s_if_le_1_35! {
    /// The autoscaler's spec, when it has one.
    pub(crate) fn autoscaler_spec(
        h: &autoscaling::HorizontalPodAutoscaler,
    ) -> Option<&autoscaling::HorizontalPodAutoscalerSpec> {
        h.spec.as_ref()
    }


    /// `spec` as an autoscaler's `spec` field.
    pub(crate) fn autoscaler_spec_field(
        spec: autoscaling::HorizontalPodAutoscalerSpec,
    ) -> Option<autoscaling::HorizontalPodAutoscalerSpec> {
        Some(spec)
    }
}

k8s_openapi::k8s_if_ge_1_36! {
    /// The autoscaler's spec, when it has one.
    pub(crate) fn autoscaler_spec(
        h: &autoscaling::HorizontalPodAutoscaler,
    ) -> Option<&autoscaling::HorizontalPodAutoscalerSpec> {
        Some(&h.spec)
    }


    /// `spec` as an autoscaler's `spec` field.
    pub(crate) fn autoscaler_spec_field(
        spec: autoscaling::HorizontalPodAutoscalerSpec,
    ) -> autoscaling::HorizontalPodAutoscalerSpec {
        spec
    }
}
