//! kubelab turns one typed description of an ML-serving app into the Kubernetes manifests
//! (and lab pages) of a course.
//!
//! The data flows one way: [`spec`] (typed, from Rust or a course file) -> [`objects`]
//! (k8s-openapi `Service`, `Deployment`, `HorizontalPodAutoscaler`) -> [`render`] (YAML or
//! JSON text) -> [`codegen`] (files written atomically or checked for staleness).
//!
//! ```
//! use kubelab::spec::{App, Lab, Service, ServicePort, ServiceType};
//!
//! let lab = Lab::builder()
//!     .id("hello")
//!     .title("Hello")
//!     .output("hello/app.yaml")
//!     .app(App::builder().name("hello").image("nginx:1.27").port(80).build())
//!     .service(
//!         Service::builder()
//!             .name("hello")
//!             .service_type(ServiceType::NodePort)
//!             .port(ServicePort::builder(80).node_port(30080).build())
//!             .build(),
//!     )
//!     .build();
//! let yaml = lab.objects().to_yaml("an example")?;
//! assert!(yaml.contains("kind: Deployment"));
//! # Ok::<(), serde_json::Error>(())
//! ```
#![deny(missing_docs)]

pub mod codegen;
pub mod course;
mod error;
pub mod fit;
pub mod objects;
pub mod output;
pub mod pages;
pub mod presets;
pub mod render;
pub mod spec;
pub mod students;
pub mod sweep;
pub mod validate;

pub use error::Error;

/// The README's examples compile and run as doc tests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use objects::LabObjects;
pub use output::{Format, RenderOptions, Rendered, render_course, render_course_with};
