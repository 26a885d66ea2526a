//! One lab: an app, its Service and its scaling, written to one manifest.

use crate::spec::{App, Scaling, Service, Sweep};

/// One lab of a course.
///
/// ```
/// use kubelab::spec::{App, Lab, Scaling, Service, ServicePort, ServiceType};
///
/// let lab = Lab::builder()
///     .id("demo")
///     .title("Demo")
///     .output("demo/app.yaml")
///     .app(App::builder().name("demo").image("nginx:1.27").port(80).build())
///     .service(Service::builder().name("demo").port(ServicePort::builder(80).build()).build())
///     .scaling(Scaling::Replicas(2))
///     .build();
/// assert_eq!(lab.objects().deployment.spec.unwrap().replicas, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, bon::Builder)]
pub struct Lab {
    /// Short id used on the command line (`single`, `lb`, `hpa`).
    #[builder(into)]
    pub id: String,
    /// Title shown on pages.
    #[builder(into)]
    pub title: String,
    /// Output file, relative to the output root (`deploy_k8s/deployment_k8s.yaml`).
    #[builder(into)]
    pub output: String,
    /// The app and its Deployment.
    pub app: App,
    /// The Service in front of it.
    pub service: Service,
    /// Fixed replicas (1 when unset) or an autoscaler.
    #[builder(default = Scaling::Replicas(1), into)]
    pub scaling: Scaling,
    /// The challenge sweep: one variant manifest per combination of values.
    pub sweep: Option<Sweep>,
}

impl Lab {
    /// The path of `name` in the folder of the lab's output (`deploy_lb/index.md`).
    pub fn in_dir(&self, name: &str) -> String {
        match self.output.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{name}"),
            None => name.to_owned(),
        }
    }
}
