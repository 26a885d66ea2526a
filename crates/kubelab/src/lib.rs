//! kubelab turns one typed description of an ML-serving app into the Kubernetes manifests
//! and the lab pages of a course.
//!
//! The data flows one way: a course file ([`course::parse`]) or Rust values ([`spec`]) ->
//! [`Lab::objects`](spec::Lab::objects) (k8s-openapi `Service`, `Deployment`,
//! `HorizontalPodAutoscaler`) -> [`validate`] -> [`generate`] (manifest text and pages, in
//! memory) -> [`codegen`] (files written atomically, or checked for staleness).
//!
//! ```
//! use kubelab::spec::{Deployment, Lab, Service, ServicePort, ServiceType};
//!
//! let lab = Lab::builder()
//!     .id("hello")
//!     .title("Hello")
//!     .output("hello/app.yaml")
//!     .deployment(Deployment::builder().name("hello").image("nginx:1.27").ports([80]).build())
//!     .service(
//!         Service::builder()
//!             .name("hello")
//!             .service_type(ServiceType::NodePort)
//!             .ports([ServicePort::builder(80).node_port(30080).build()])
//!             .build(),
//!     )
//!     .build();
//! let yaml = lab.objects().to_yaml("an example")?;
//! assert!(yaml.contains("kind: Deployment"));
//! # Ok::<(), kubelab::manifest::Unwritable>(())
//! ```
#![deny(missing_docs)]

mod api_defaults;
pub mod codegen;
pub mod course;
pub mod diff;
mod error;
mod fit;
mod image_ref;
pub mod import;
mod k8s;
pub mod layout;
pub mod manifest;
mod names;
mod objects;
pub mod pages;
mod pipeline;
mod quantity;
mod resource_names;
mod rules;
mod source;
pub mod spec;
mod students;
mod sweep;
mod timing;
pub mod validate;

pub use error::Error;
pub use layout::Format;
pub use objects::{LabObjects, Origins, PatchApplied, PatchFailed, Resolved};
pub use pipeline::{Generated, Options, Pages, generate};
pub use rules::{Reach, Rule, Severity};

/// The crate README's examples compile and run as doc tests (the repository README's are
/// tested by `xtask`).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The course that reproduces the course's original manifests, for unit tests.
#[cfg(test)]
mod testing {
    use crate::spec::{Course, Lab};

    /// `tests/fixtures/k8s-ml/course.yaml`.
    pub(crate) fn course() -> Course {
        let text = include_str!("../tests/fixtures/k8s-ml/course.yaml");
        crate::course::parse(text, "course.yaml")
            .expect("the fixture course parses")
            .course
    }

    /// The fixture course's lab `id` (`single`, `lb`, `hpa`).
    pub(crate) fn lab(id: &str) -> Lab {
        course()
            .labs
            .into_iter()
            .find(|l| l.id == id)
            .expect("a lab of the fixture course")
    }
}
