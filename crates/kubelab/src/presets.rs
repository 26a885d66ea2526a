//! The course's three labs as Rust values (the same labs `course.yaml` describes).
//!
//! ```
//! let lab = kubelab::presets::load_balanced();
//! assert_eq!(lab.scaling.initial_replicas(), 5);
//! ```

use crate::spec::{
    App, Autoscaler, Cluster, Course, HttpProbe, Lab, LoadTest, PullPolicy, Resources, Scaling,
    Service, ServicePort, ServiceType,
};

const IMAGE: &str = "node-0:5000/ml-app:0.0.1";
const APP_PORT: i32 = 5000;
const SERVICE_PORT: i32 = 6000;
const NODE_PORT: i32 = 32000;

/// The image-classification app: `GET /test` readiness, 1-2 CPU, 2-4 GiB.
pub fn ml_app(name: &str, container_name: Option<&str>) -> App {
    App::builder()
        .name(name)
        .maybe_container_name(container_name)
        .image(IMAGE)
        .image_pull_policy(PullPolicy::Always)
        .port(APP_PORT)
        .readiness_probe(
            HttpProbe::builder()
                .path("/test")
                .port(APP_PORT)
                .period_seconds(5)
                .initial_delay_seconds(5)
                .success_threshold(3)
                .build(),
        )
        .resources(
            Resources::new()
                .request("cpu", "1")
                .request("memory", "2Gi")
                .limit("cpu", "2")
                .limit("memory", "4Gi"),
        )
        .build()
}

/// The app's Service: port 6000 to 5000, node port 32000.
pub fn ml_service(name: &str, service_type: ServiceType) -> Service {
    Service::builder()
        .name(name)
        .service_type(service_type)
        .port(
            ServicePort::builder(SERVICE_PORT)
                .target_port(APP_PORT)
                .node_port(NODE_PORT)
                .build(),
        )
        .build()
}

/// Lab 1: one replica behind a NodePort Service.
pub fn single_replica() -> Lab {
    Lab::builder()
        .id("single")
        .title("Serving a model on Kubernetes")
        .output("deploy_k8s/deployment_k8s.yaml")
        .app(ml_app("ml-kube-app", None))
        .service(ml_service("ml-kube-service", ServiceType::NodePort))
        .scaling(Scaling::Replicas(1))
        .build()
}

/// Lab 2: five replicas behind a LoadBalancer Service.
pub fn load_balanced() -> Lab {
    Lab::builder()
        .id("lb")
        .title("Load balancing across replicas")
        .output("deploy_lb/deployment_lb.yaml")
        .app(ml_app("ml-kube-app", None))
        .service(ml_service("ml-kube-service", ServiceType::LoadBalancer))
        .scaling(Scaling::Replicas(5))
        .build()
}

/// Lab 3: an autoscaler (1-5 replicas at 40 % CPU) behind a LoadBalancer Service.
pub fn autoscaled() -> Lab {
    Lab::builder()
        .id("hpa")
        .title("Autoscaling on CPU")
        .output("deploy_hpa/deployment_hpa.yaml")
        .app(ml_app("ml-app-hpa", Some("ml-app")))
        .service(ml_service("ml-service-lb", ServiceType::LoadBalancer))
        .scaling(
            Autoscaler::builder()
                .name("ml-app-hpa")
                .min_replicas(1)
                .max_replicas(5)
                .target_cpu_utilization(40)
                .build(),
        )
        .build()
}

/// The whole course, labs in teaching order, on a default cluster.
pub fn course() -> Course {
    Course {
        title: "Serving ML models on Kubernetes".to_owned(),
        student_dir: "~/k8s-ml".to_owned(),
        cluster: Cluster::default(),
        labs: vec![single_replica(), load_balanced(), autoscaled()],
        load_test: LoadTest::default(),
        students: 0,
        templates: None,
    }
}
