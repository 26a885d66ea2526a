//! Spec -> k8s-openapi objects. The only place that knows how a lab maps to Kubernetes.

use crate::spec::{
    Autoscaler, ContainerPort, Course, Deployment, HttpProbe, Lab, PortRef, Resources, Service,
};
pub(crate) mod harden;
mod origin;
mod patch;
mod pod;

pub use origin::Origins;

pub(crate) use harden::writable_index;
pub use patch::{Applied as PatchApplied, Failed as PatchFailed};
pub(crate) use patch::{NotTyped, retyped};

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::autoscaling::v2 as autoscaling;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

/// The Kubernetes objects of one lab, in file order. Callers may post-process them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LabObjects {
    /// The Service.
    pub service: core::Service,
    /// The Deployment.
    pub deployment: apps::Deployment,
    /// The autoscaler, when the lab scales automatically.
    pub autoscaler: Option<autoscaling::HorizontalPodAutoscaler>,
    /// The NetworkPolicy of a hardened lab: traffic to the app's ports only.
    pub network_policy: Option<k8s_openapi::api::networking::v1::NetworkPolicy>,
    /// True for a hardened lab: validation holds the pod to the restricted standard.
    pub hardened: bool,
    /// What each of the lab's `patches` changed, in patch order.
    pub patches: Vec<PatchApplied>,
    /// The patches that could not be applied; validation reports each.
    pub patch_failures: Vec<PatchFailed>,
    /// The lab field behind each field the builder set, for validation to report a broken
    /// rule where the author wrote the value.
    pub origins: Origins,
}

/// The `kind` of each object a lab has, as [`Origins`] keys them.
pub(crate) const SERVICE: &str = <core::Service as k8s_openapi::Resource>::KIND;
pub(crate) const DEPLOYMENT: &str = <apps::Deployment as k8s_openapi::Resource>::KIND;
pub(crate) const AUTOSCALER: &str =
    <autoscaling::HorizontalPodAutoscaler as k8s_openapi::Resource>::KIND;
pub(crate) const NETWORK_POLICY: &str =
    <k8s_openapi::api::networking::v1::NetworkPolicy as k8s_openapi::Resource>::KIND;

/// The Namespace `name`, with `labels` (a hardened lab's Pod Security labels; none for a
/// student's namespace).
pub(crate) fn namespace(name: &str, labels: Option<BTreeMap<String, String>>) -> core::Namespace {
    core::Namespace {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            labels,
            ..ObjectMeta::default()
        },
        spec: None,
        status: None,
    }
}

/// A course as it runs: every lab resolved ([`Course::resolved`]: the course's profile,
/// namespace and load test applied) and turned into its objects, once. Validation reads
/// this, and generation writes it; a tool may post-process `objects` before validating.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Resolved {
    /// The course, each lab resolved.
    pub course: Course,
    /// Each lab's objects, in lab order.
    pub objects: Vec<LabObjects>,
    /// Where each value of the course was written; empty for a course built in code.
    pub source: crate::source::SourceMap,
}

impl Resolved {
    /// Resolves `course` (built in Rust, or [`Parsed`](crate::course::Parsed) from its
    /// file) and builds each lab's objects.
    pub fn new<C: crate::source::CourseInput + ?Sized>(input: &C) -> Self {
        let mut course = input.course().clone();
        let mut objects = Vec::with_capacity(course.labs.len());
        for lab in &mut course.labs {
            let (resolved, taken) = lab.resolve(&course.info);
            let mut built = resolved.objects();
            for (field, from) in &taken {
                built.origins.inherit(field, from);
            }
            *lab = resolved;
            objects.push(built);
        }
        let source = input.source().cloned().unwrap_or_default();
        Resolved {
            course,
            objects,
            source,
        }
    }

    /// Each lab with its objects, in lab order.
    pub fn labs(&self) -> impl Iterator<Item = (&Lab, &LabObjects)> {
        self.course.labs.iter().zip(&self.objects)
    }
}

impl LabObjects {
    /// Puts every object of the lab in `namespace` (`None`: the namespace kubectl is in).
    pub(crate) fn set_namespace(&mut self, namespace: Option<&str>) {
        let metas = [
            Some(&mut self.service.metadata),
            Some(&mut self.deployment.metadata),
            self.autoscaler.as_mut().map(|o| &mut o.metadata),
            self.network_policy.as_mut().map(|o| &mut o.metadata),
        ];
        for meta in metas.into_iter().flatten() {
            meta.namespace = namespace.map(str::to_owned);
        }
    }

    /// The autoscaler's CPU target, in percent of the CPU request (its first resource
    /// metric with an average utilization).
    pub fn cpu_target(&self) -> Option<i32> {
        crate::k8s::autoscaler_spec(self.autoscaler.as_ref()?)?
            .metrics
            .iter()
            .flatten()
            .find_map(|m| m.resource.as_ref()?.target.average_utilization)
    }

    /// The readiness probe of the pod's first container, the app's.
    pub fn readiness_probe(&self) -> Option<&core::Probe> {
        self.containers().first()?.readiness_probe.as_ref()
    }

    /// The containers of the Deployment's pod template (none when the spec is missing).
    pub fn containers(&self) -> &[core::Container] {
        crate::k8s::deployment_spec(&self.deployment)
            .and_then(|s| s.template.spec.as_ref())
            .map(|s| s.containers.as_slice())
            .unwrap_or_default()
    }
}

impl LabObjects {
    /// The Deployment's `replicas`, 1 when unset (the API server's default).
    pub fn replicas(&self) -> i32 {
        crate::k8s::deployment_spec(&self.deployment)
            .and_then(|s| s.replicas)
            .unwrap_or(crate::api_defaults::REPLICAS)
    }

    /// The node ports the Service fixes, in port order.
    pub fn node_ports(&self) -> impl Iterator<Item = i32> + '_ {
        self.service
            .spec
            .iter()
            .flat_map(|s| s.ports.iter().flatten())
            .filter_map(|p| p.node_port)
    }
}

/// A Service's type, `ClusterIP` when unset (the API server's default).
pub(crate) fn service_type(svc: &core::Service) -> &str {
    svc.spec
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or(crate::api_defaults::SERVICE_TYPE)
}

impl Lab {
    /// Builds the lab's Kubernetes objects (hardened, for a hardened lab), then applies its
    /// `patches`.
    pub fn objects(&self) -> LabObjects {
        let labels = self.deployment.pod_labels();
        let mut origins = Origins::default();
        let (replicas, replicas_from) = self.initial_replicas_from();
        origins.set(DEPLOYMENT, "spec.replicas", replicas_from);
        let mut objects = LabObjects {
            service: service(&self.service, &labels, &mut origins),
            deployment: deployment(&self.deployment, replicas, labels, &mut origins),
            autoscaler: self
                .autoscaler
                .as_ref()
                .map(|a| horizontal_pod_autoscaler(a, &self.deployment.name, &mut origins)),
            network_policy: None,
            hardened: false,
            patches: Vec::new(),
            patch_failures: Vec::new(),
            origins,
        };
        if self.hardened() {
            harden::harden(&mut objects, self);
        }
        patch::apply(&mut objects, &self.patches);
        objects
    }
}

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        ..ObjectMeta::default()
    }
}

/// `map` as an object's map field: unset when empty.
fn non_empty(map: &BTreeMap<String, String>) -> Option<BTreeMap<String, String>> {
    (!map.is_empty()).then(|| map.clone())
}

fn service(
    svc: &Service,
    selector: &BTreeMap<String, String>,
    origins: &mut Origins,
) -> core::Service {
    origins.set_each(
        SERVICE,
        &[
            ("", "service"),
            ("metadata.name", "service.name"),
            ("metadata.annotations", "service.annotations"),
            ("spec.type", "service.type"),
            ("spec.selector", "deployment.labels"),
            ("spec.ports", "service.ports"),
        ],
    );
    // An unset targetPort takes the port (the API server's default); a rule it breaks is
    // reported at `targetPort`, the field to set.
    core::Service {
        metadata: ObjectMeta {
            annotations: non_empty(&svc.annotations),
            ..meta(&svc.name)
        },
        spec: Some(core::ServiceSpec {
            type_: Some(svc.service_type.as_str().to_owned()),
            selector: Some(selector.clone()),
            ports: Some(
                svc.ports
                    .iter()
                    .map(|p| {
                        crate::api_defaults::service_port(core::ServicePort {
                            name: p.name.clone(),
                            port: p.port,
                            target_port: p.target_port.as_ref().map(PortRef::to_int_or_string),
                            node_port: p.node_port,
                            protocol: p.protocol.map(|p| p.as_str().to_owned()),
                            ..core::ServicePort::default()
                        })
                    })
                    .collect(),
            ),
            ..core::ServiceSpec::default()
        }),
        status: None,
    }
}

fn deployment(
    app: &Deployment,
    replicas: i32,
    labels: BTreeMap<String, String>,
    origins: &mut Origins,
) -> apps::Deployment {
    origins.set_each(
        DEPLOYMENT,
        &[
            ("", "deployment"),
            ("metadata.name", "deployment.name"),
            ("metadata.annotations", "deployment.annotations"),
            ("spec.selector.matchLabels", "deployment.labels"),
            ("spec.template.metadata.labels", "deployment.labels"),
            (
                "spec.template.metadata.annotations",
                "deployment.podAnnotations",
            ),
            (
                "spec.template.spec.imagePullSecrets",
                "deployment.imagePullSecrets",
            ),
            ("spec.template.spec.nodeSelector", "deployment.nodeSelector"),
            ("spec.template.spec.volumes", "deployment.volumes"),
        ],
    );
    apps::Deployment {
        metadata: ObjectMeta {
            annotations: non_empty(&app.annotations),
            ..meta(&app.name)
        },
        spec: crate::k8s::deployment_spec_field(apps::DeploymentSpec {
            replicas: Some(replicas),
            selector: LabelSelector {
                match_labels: Some(labels.clone()),
                match_expressions: None,
            },
            template: core::PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels),
                    annotations: non_empty(&app.pod_annotations),
                    ..ObjectMeta::default()
                }),
                spec: Some(core::PodSpec {
                    containers: vec![container(app, origins)],
                    image_pull_secrets: (!app.image_pull_secrets.is_empty()).then(|| {
                        app.image_pull_secrets
                            .iter()
                            .map(|s| core::LocalObjectReference {
                                name: s.name.clone(),
                            })
                            .collect()
                    }),
                    node_selector: non_empty(&app.node_selector),
                    volumes: (!app.volumes.is_empty())
                        .then(|| app.volumes.iter().map(pod::volume).collect()),
                    ..core::PodSpec::default()
                }),
            },
            ..apps::DeploymentSpec::default()
        }),
        status: None,
    }
}

/// The container's path in the Deployment.
pub(crate) const CONTAINER: &str = "spec.template.spec.containers[0]";

fn container(app: &Deployment, origins: &mut Origins) -> core::Container {
    // The course file's `deployment` holds the container's fields beside the pod's.
    origins.set(DEPLOYMENT, CONTAINER, "deployment");
    origins.set(
        DEPLOYMENT,
        format_args!("{CONTAINER}.name"),
        "deployment.containerName",
    );
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        // A course file's probe holds `path` and `port` beside the timing.
        origins.set(
            DEPLOYMENT,
            format_args!("{CONTAINER}.{probe}.httpGet"),
            &format!("deployment.{probe}"),
        );
    }
    core::Container {
        name: app.container_name().to_owned(),
        image: Some(app.image.clone()),
        image_pull_policy: app.image_pull_policy.map(|p| p.as_str().to_owned()),
        command: (!app.command.is_empty()).then(|| app.command.clone()),
        args: (!app.args.is_empty()).then(|| app.args.clone()),
        ports: Some(app.ports.iter().map(container_port).collect()),
        env: (!app.env.is_empty()).then(|| app.env.iter().map(pod::env_var).collect()),
        volume_mounts: (!app.volume_mounts.is_empty())
            .then(|| app.volume_mounts.iter().map(pod::volume_mount).collect()),
        readiness_probe: app.readiness_probe.as_ref().map(probe),
        liveness_probe: app.liveness_probe.as_ref().map(probe),
        startup_probe: app.startup_probe.as_ref().map(probe),
        resources: (!app.resources.is_empty()).then(|| resources(&app.resources)),
        ..core::Container::default()
    }
}

fn container_port(p: &ContainerPort) -> core::ContainerPort {
    core::ContainerPort {
        container_port: p.container_port,
        name: p.name.clone(),
        protocol: p.protocol.map(|p| p.as_str().to_owned()),
        ..core::ContainerPort::default()
    }
}

fn probe(p: &HttpProbe) -> core::Probe {
    core::Probe {
        http_get: Some(core::HTTPGetAction {
            path: Some(p.path.clone()),
            port: p.port.to_int_or_string(),
            ..core::HTTPGetAction::default()
        }),
        initial_delay_seconds: p.initial_delay_seconds,
        period_seconds: p.period_seconds,
        timeout_seconds: p.timeout_seconds,
        success_threshold: p.success_threshold,
        failure_threshold: p.failure_threshold,
        ..core::Probe::default()
    }
}

fn quantities(map: &BTreeMap<String, String>) -> Option<BTreeMap<String, Quantity>> {
    (!map.is_empty()).then(|| {
        map.iter()
            .map(|(k, v)| (k.clone(), Quantity(v.clone())))
            .collect()
    })
}

fn resources(r: &Resources) -> core::ResourceRequirements {
    core::ResourceRequirements {
        requests: quantities(&r.requests),
        limits: quantities(&r.limits),
        ..core::ResourceRequirements::default()
    }
}

fn horizontal_pod_autoscaler(
    a: &Autoscaler,
    deployment: &str,
    origins: &mut Origins,
) -> autoscaling::HorizontalPodAutoscaler {
    origins.set_each(
        AUTOSCALER,
        &[
            ("", "autoscaler"),
            // Unnamed, the autoscaler takes the Deployment's name.
            (
                "metadata.name",
                if a.name.is_some() {
                    "autoscaler.name"
                } else {
                    "deployment.name"
                },
            ),
            ("spec.minReplicas", "autoscaler.minReplicas"),
            ("spec.maxReplicas", "autoscaler.maxReplicas"),
            ("spec.scaleTargetRef.name", "deployment.name"),
            (
                "spec.metrics[0].resource.target.averageUtilization",
                "autoscaler.targetCPUUtilizationPercentage",
            ),
        ],
    );
    autoscaling::HorizontalPodAutoscaler {
        metadata: meta(a.name.as_deref().unwrap_or(deployment)),
        spec: crate::k8s::autoscaler_spec_field(autoscaling::HorizontalPodAutoscalerSpec {
            min_replicas: Some(a.min_replicas),
            max_replicas: a.max_replicas,
            scale_target_ref: autoscaling::CrossVersionObjectReference {
                api_version: Some("apps/v1".to_owned()),
                kind: "Deployment".to_owned(),
                name: deployment.to_owned(),
            },
            metrics: Some(vec![autoscaling::MetricSpec {
                type_: "Resource".to_owned(),
                resource: Some(autoscaling::ResourceMetricSource {
                    name: "cpu".to_owned(),
                    target: autoscaling::MetricTarget {
                        type_: "Utilization".to_owned(),
                        average_utilization: Some(a.target_cpu_utilization_percentage),
                        ..autoscaling::MetricTarget::default()
                    },
                }),
                ..autoscaling::MetricSpec::default()
            }]),
            behavior: None,
        }),
        status: None,
    }
}
