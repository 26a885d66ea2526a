//! The typed description of a lab: what a course author or tool builder writes.
//!
//! Field names follow their Kubernetes spelling (`imagePullPolicy`, `successThreshold`,
//! `nodePort`) so that a path reported by validation reads the same in Rust, in the course
//! file and in the generated YAML.

mod app;
mod autoscaler;
mod course;
mod lab;
mod ports;
mod probe;
mod resources;
mod service;
mod sweep;

pub use app::{App, EnvVar, PullPolicy};
pub use autoscaler::{Autoscaler, Scaling};
pub use course::{Cluster, Course, LoadTest, NodeGroup, NodePortRange};
pub use lab::Lab;
pub use ports::{ContainerPort, PortRef, Protocol};
pub use probe::HttpProbe;
pub use resources::Resources;
pub use service::{Service, ServicePort, ServiceType};
pub use sweep::Sweep;
