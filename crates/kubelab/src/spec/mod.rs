//! The typed description of a course: what a course author writes in a course file, and
//! what a tool builder builds in Rust. One declaration serves both.
//!
//! Field names follow their Kubernetes spelling (`imagePullPolicy`, `successThreshold`,
//! `nodePort`), so that a path reported by validation reads the same in Rust, in the course
//! file and in the generated YAML. These types are also the course file's schema
//! ([`crate::course::schema`]): adding a field here adds it to the course file. Their doc
//! comments are the schema's descriptions, so they stay one paragraph; and a field whose
//! default is not worth showing in the schema says `skip_serializing_if` (schemars reads
//! it; nothing is serialized).
//!
//! A Rust name is the snake_case of the course file's, except where Rust cannot or should
//! not spell it so (each pair below; a test keeps this list complete):
//!
//! | course file | Rust |
//! | --- | --- |
//! | `course` (top level) | [`Course::info`] (a `Course` holding a `course` would read twice) |
//! | `service.type` | [`Service::service_type`] (`type` is a Rust keyword) |
//! | `targetCPUUtilizationPercentage` | [`Autoscaler::target_cpu_utilization_percentage`], [`Sweep::target_cpu_utilization_percentage`] |
//! | `TCP`, `UDP`, `SCTP` | [`Protocol::Tcp`], [`Protocol::Udp`], [`Protocol::Sctp`] |
//!
//! In Rust, builders make the fields a course file may take from `defaults` required at
//! compile time:
//!
//! ```
//! use kubelab::spec::{
//!     Course, CourseInfo, Deployment, HttpProbe, Lab, PullPolicy, Resources, Service,
//!     ServicePort, ServiceType,
//! };
//!
//! let deployment = Deployment::builder()
//!     .name("ml-kube-app")
//!     .image("node-0:5000/ml-app:0.0.1")
//!     .ports([5000])
//!     .image_pull_policy(PullPolicy::Always)
//!     .readiness_probe(HttpProbe::builder().path("/test").port(5000).period_seconds(5).build())
//!     .resources(Resources::new().request("cpu", "1").limit("cpu", "2"))
//!     .build();
//! assert_eq!(deployment.pod_labels()["app"], "ml-kube-app");
//! let service = Service::builder()
//!     .name("ml-kube-service")
//!     .service_type(ServiceType::NodePort)
//!     .ports([ServicePort::builder(6000).target_port(5000).node_port(32000).build()])
//!     .build();
//! let lab = Lab::builder()
//!     .id("single")
//!     .title("One replica")
//!     .output("deploy_k8s/deployment_k8s.yaml")
//!     .deployment(deployment)
//!     .service(service)
//!     .build();
//! assert_eq!(lab.objects().deployment.spec.unwrap().replicas, Some(1));
//! let course = Course::builder()
//!     .info(CourseInfo::builder().title("Demo").student_dir("~/demo").build())
//!     .labs(vec![lab])
//!     .build();
//! assert_eq!(course.students, 0);
//! ```

mod autoscaler;
mod course;
mod deployment;
mod formats;
mod lab;
mod patch;
mod pod;
mod ports;
mod probe;
mod profile;
mod resolve;
mod resources;
mod service;
mod sweep;
mod version;

pub use autoscaler::Autoscaler;
pub(crate) use course::Defaults;
pub use course::{
    Cluster, Course, CourseInfo, LoadTest, LoadTestOverride, NodeGroup, NodePortRange, Repository,
};
pub use deployment::{Deployment, EnvVar, PullPolicy};
pub use lab::{App, Lab};
pub use patch::{JsonPatch, Patch, PatchKind};
pub use pod::{
    ConfigMapVolume, EmptyDirVolume, EnvSource, KeyRef, KeyToPath, PullSecret, SecretVolume,
    Volume, VolumeMount,
};
pub use ports::{ContainerPort, PortRef, Protocol};
pub use probe::HttpProbe;
pub use profile::Profile;
pub use resources::Resources;
pub use service::{Service, ServicePort, ServiceType};
pub use sweep::Sweep;
pub use version::KubernetesVersion;

#[cfg(test)]
mod tests {
    /// Every name a spec type renames for the course file is in the table of pairs above.
    #[test]
    fn the_docs_list_every_renamed_field() {
        let docs = include_str!("mod.rs");
        let sources = [
            include_str!("autoscaler.rs"),
            include_str!("course.rs"),
            include_str!("deployment.rs"),
            include_str!("lab.rs"),
            include_str!("patch.rs"),
            include_str!("pod.rs"),
            include_str!("ports.rs"),
            include_str!("probe.rs"),
            include_str!("profile.rs"),
            include_str!("resources.rs"),
            include_str!("service.rs"),
            include_str!("sweep.rs"),
        ];
        let mut missing = Vec::new();
        for source in sources {
            for line in source.lines().filter(|l| !l.contains("schemars(")) {
                let Some((_, rest)) = line.split_once("rename = \"") else {
                    continue;
                };
                let name = rest.split('"').next().unwrap_or_default();
                if !docs.contains(&format!("`{name}`")) {
                    missing.push(name.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "renamed but not listed: {missing:?}");
    }
}
