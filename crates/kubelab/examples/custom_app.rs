//! A tool builder's own app: its own probes, resources and environment, printed as YAML.
//!
//! Run with `cargo run -p kubelab --example custom_app`.

use kubelab::spec::{
    Autoscaler, ContainerPort, Deployment, EnvVar, HttpProbe, Lab, PullPolicy, Resources, Service,
    ServicePort, ServiceType,
};

fn main() -> Result<(), kubelab::Error> {
    let probe = |path: &str| HttpProbe::builder().path(path).port("http");
    let deployment = Deployment::builder()
        .name("sentiment")
        .image("registry.example.org/sentiment:2.1.0")
        .image_pull_policy(PullPolicy::IfNotPresent)
        .ports([ContainerPort::builder(8080).name("http").build()])
        .env(vec![
            EnvVar::new("MODEL", "distilbert"),
            EnvVar::new("VERBOSE", "no"),
        ])
        .startup_probe(
            probe("/healthz")
                .period_seconds(2)
                .failure_threshold(30)
                .build(),
        )
        .liveness_probe(
            probe("/healthz")
                .period_seconds(10)
                .timeout_seconds(2)
                .build(),
        )
        .readiness_probe(
            probe("/ready")
                .period_seconds(5)
                .success_threshold(2)
                .build(),
        )
        .resources(
            Resources::new()
                .request("cpu", "500m")
                .request("memory", "1Gi")
                .request("ephemeral-storage", "1Gi")
                .limit("cpu", "1")
                .limit("memory", "2Gi"),
        )
        .build();
    let lab = Lab::builder()
        .id("sentiment")
        .title("Sentiment service")
        .output("sentiment/app.yaml")
        .deployment(deployment)
        .service(
            Service::builder()
                .name("sentiment")
                .service_type(ServiceType::LoadBalancer)
                .ports([ServicePort::builder(80)
                    .name("http")
                    .target_port("http")
                    .build()])
                .build(),
        )
        .autoscaler(
            Autoscaler::builder()
                .min_replicas(2)
                .max_replicas(6)
                .target_cpu_utilization_percentage(60)
                .build(),
        )
        .build();

    // The k8s-openapi objects are yours to post-process before rendering.
    let mut objects = lab.objects();
    objects.service.metadata.annotations = Some(
        [("team".to_owned(), "nlp".to_owned())]
            .into_iter()
            .collect(),
    );
    print!(
        "{}",
        objects.to_yaml(&kubelab::manifest::header(
            "kubelab",
            "examples/custom_app.rs"
        ))?
    );
    Ok(())
}
