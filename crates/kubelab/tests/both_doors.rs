//! Both doors give the same bytes: a course read from its file and the same course built
//! with the Rust builders generate identical files. The course sets what a lab takes from
//! the course as a whole (`profile`, `namespace`, `loadTest` field by field) and what it
//! takes from `defaults`, so that an inheritance applied by only one door shows here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubelab::spec::{
    Autoscaler, Cluster, Course, CourseInfo, Deployment, HttpProbe, KubernetesVersion, Lab,
    LoadTest, LoadTestOverride, NodeGroup, Profile, PullPolicy, Resources, Service, ServicePort,
    ServiceType,
};
use pretty_assertions::assert_eq;

const COURSE_FILE: &str = r#"
course:
  title: Both doors
  studentDir: ~/both
  profile: hardened
  namespace: both-doors
  loadTest: { concurrent: 20, time: 6M }
cluster:
  kubernetesVersion: "1.26"
  controller: node-0
  nodes:
    - count: 3
      allocatable: { cpu: "4", memory: 8Gi }
defaults:
  app: { testPath: /test }
  deployment:
    image: node-0:5000/ml-app:0.0.1@sha256:6d3c3ec4f6c2c1b2e1f1a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8
    imagePullPolicy: Always
    ports: [{ containerPort: 5000 }]
    readinessProbe: { path: /test, port: 5000, periodSeconds: 5, successThreshold: 3 }
    resources:
      requests: { cpu: "1", memory: 2Gi }
      limits: { cpu: "2", memory: 4Gi }
    writablePaths: [/tmp]
  service:
    ports: [{ port: 6000, targetPort: 5000, nodePort: 32000 }]
labs:
  - id: plain
    title: Plain
    output: plain/app.yaml
    profile: plain
    deployment: { name: web-plain }
    service: { name: web-plain, type: NodePort }
  - id: hpa
    title: Hardened and autoscaled
    output: hpa/app.yaml
    loadTest: { time: 8M }
    deployment: { name: web-hpa }
    service: { name: web-lb, type: LoadBalancer }
    autoscaler: { minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 40 }
"#;

/// What `defaults.deployment` gives each lab, with the lab's name.
fn deployment(name: &str) -> Deployment {
    Deployment::builder()
        .name(name)
        .image(
            "node-0:5000/ml-app:0.0.1@sha256:\
             6d3c3ec4f6c2c1b2e1f1a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
        )
        .image_pull_policy(PullPolicy::Always)
        .ports([5000])
        .readiness_probe(
            HttpProbe::builder()
                .path("/test")
                .port(5000)
                .period_seconds(5)
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
        .writable_paths(vec!["/tmp".to_owned()])
        .build()
}

fn service(name: &str, service_type: ServiceType) -> Service {
    Service::builder()
        .name(name)
        .service_type(service_type)
        .ports([ServicePort::builder(6000)
            .target_port(5000)
            .node_port(32000)
            .build()])
        .build()
}

fn app() -> kubelab::spec::App {
    kubelab::spec::App::builder().test_path("/test").build()
}

/// The course file above, built in Rust: course-wide settings on the course only.
fn built_in_rust() -> Course {
    let plain = Lab::builder()
        .id("plain")
        .title("Plain")
        .output("plain/app.yaml")
        .profile(Profile::Plain)
        .deployment(deployment("web-plain"))
        .service(service("web-plain", ServiceType::NodePort))
        .app(app())
        .build();
    let hpa = Lab::builder()
        .id("hpa")
        .title("Hardened and autoscaled")
        .output("hpa/app.yaml")
        .load_test(LoadTestOverride::builder().time("8M").build())
        .deployment(deployment("web-hpa"))
        .service(service("web-lb", ServiceType::LoadBalancer))
        .autoscaler(
            Autoscaler::builder()
                .min_replicas(1)
                .max_replicas(5)
                .target_cpu_utilization_percentage(40)
                .build(),
        )
        .app(app())
        .build();
    let nodes = NodeGroup {
        count: 3,
        allocatable: [("cpu", "4"), ("memory", "8Gi")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into(),
        ..NodeGroup::default()
    };
    Course::builder()
        .info(
            CourseInfo::builder()
                .title("Both doors")
                .student_dir("~/both")
                .profile(Profile::Hardened)
                .namespace("both-doors")
                .load_test(LoadTest::builder().concurrent(20).time("6M").build())
                .build(),
        )
        .cluster(Cluster {
            kubernetes_version: KubernetesVersion::new(26),
            controller: Some("node-0".to_owned()),
            nodes: vec![nodes],
            ..Cluster::default()
        })
        .labs(vec![plain, hpa])
        .build()
}

#[test]
fn a_course_built_in_rust_generates_the_bytes_of_the_same_course_file() {
    let from_file = kubelab::course::parse(COURSE_FILE, "both.yaml").unwrap();
    let options = kubelab::Options::default();
    let file_files = kubelab::generate(&from_file, &options).unwrap().files;
    let rust_files = kubelab::generate(&built_in_rust(), &options).unwrap().files;
    let as_text = |files: &[kubelab::codegen::GeneratedFile]| {
        files
            .iter()
            .map(|f| format!("=== {}\n{}", f.path, f.contents))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(as_text(&rust_files), as_text(&file_files));
    // The course-wide settings did reach the files, through either door.
    let hpa = file_files
        .iter()
        .find(|f| f.path == "hpa/app.yaml")
        .unwrap();
    assert!(
        hpa.contents.contains("namespace: both-doors"),
        "{}",
        hpa.contents
    );
    assert!(
        hpa.contents.contains("runAsNonRoot: true"),
        "{}",
        hpa.contents
    );
    let plain = file_files
        .iter()
        .find(|f| f.path == "plain/app.yaml")
        .unwrap();
    assert!(
        !plain.contents.contains("runAsNonRoot"),
        "{}",
        plain.contents
    );
    let page = file_files
        .iter()
        .find(|f| f.path == "hpa/index.md")
        .unwrap();
    assert!(page.contents.contains("-c 20 -t 8M"), "{}", page.contents);
}

/// The paths of the errors and warnings `validate::course` finds, with their rules.
fn errors(course: &dyn Fn() -> kubelab::Resolved) -> Vec<(String, kubelab::Rule)> {
    kubelab::validate::course(&course())
        .violations
        .iter()
        .map(|v| (v.path.clone(), v.rule))
        .collect()
}

#[test]
fn a_rule_broken_by_a_course_wide_value_is_reported_at_the_course_through_either_door() {
    // A load test too short to see the autoscaler add a pod, set for the whole course and
    // not overridden by the autoscaled lab.
    let file = COURSE_FILE.replace("    loadTest: { time: 8M }\n", "");
    let file = file.replace("time: 6M", "time: 20s");
    let from_file = kubelab::course::parse(&file, "both.yaml").unwrap();
    let mut rust = built_in_rust();
    rust.labs[1].load_test = None;
    rust.info.load_test.time = "20s".to_owned();
    let expected = vec![(
        "course.loadTest.time".to_owned(),
        kubelab::Rule::LoadTestTooShort,
    )];
    assert_eq!(errors(&|| kubelab::Resolved::new(&from_file)), expected);
    assert_eq!(errors(&|| kubelab::Resolved::new(&rust)), expected);

    // A namespace the API server refuses, set for the whole course.
    let mut rust = built_in_rust();
    rust.info.namespace = Some("Both_Doors".to_owned());
    let file = COURSE_FILE.replace("namespace: both-doors", "namespace: Both_Doors");
    let from_file = kubelab::course::parse(&file, "both.yaml").unwrap();
    let expected = vec![("course.namespace".to_owned(), kubelab::Rule::NamespaceName)];
    assert_eq!(errors(&|| kubelab::Resolved::new(&from_file)), expected);
    assert_eq!(errors(&|| kubelab::Resolved::new(&rust)), expected);
}
