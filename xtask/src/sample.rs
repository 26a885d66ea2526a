//! Random labs for property tests: a mix of valid and invalid names, ports, probes,
//! quantities, env values and scaling. `cargo xtask test` renders a deterministic sample
//! of the ones the validator accepts and has kubernetes-validate check them.

use crate::yaml11::YAML11_AMBIGUOUS;
use crate::{Failure, external};
use kubelab::spec::{
    Autoscaler, Cluster, ContainerPort, Deployment, EnvVar, HttpProbe, Lab, PortRef, Resources,
    Service, ServicePort, ServiceType,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![12 => "[a-z][a-z0-9-]{0,12}[a-z0-9]", 1 => "[A-Za-z0-9_.-]{0,10}"]
}

fn port() -> impl Strategy<Value = i32> {
    prop_oneof![30 => 1..=65535i32, 1 => -3..=3i32, 1 => 65530..=70000i32]
}

fn threshold() -> impl Strategy<Value = Option<i32>> {
    prop_oneof![6 => Just(None), 3 => (1..=10i32).prop_map(Some), 1 => (-1..=0i32).prop_map(Some)]
}

fn quantity() -> impl Strategy<Value = String> {
    let valid = prop::sample::select(vec![
        "100m", "250m", "500m", "1", "1.5", "2", "4", "0.5", "128Mi", "1Gi", "2Gi", "4Gi", "1G",
    ]);
    let invalid = prop::sample::select(vec!["-1", "1 core", "abc", "1gb"]);
    prop_oneof![20 => valid, 1 => invalid].prop_map(str::to_owned)
}

fn resources() -> impl Strategy<Value = Resources> {
    (
        prop::option::of(quantity()),
        prop::option::of(quantity()),
        prop::option::of(quantity()),
        prop::option::of(quantity()),
    )
        .prop_map(|(rc, rm, lc, lm)| {
            let mut r = Resources::new();
            for (kind, resource, q) in [
                ("r", "cpu", rc),
                ("r", "memory", rm),
                ("l", "cpu", lc),
                ("l", "memory", lm),
            ] {
                if let Some(q) = q {
                    r = if kind == "r" {
                        r.request(resource, q)
                    } else {
                        r.limit(resource, q)
                    };
                }
            }
            r
        })
}

fn env() -> impl Strategy<Value = Vec<EnvVar>> {
    let names = prop_oneof![
        12 => prop::sample::select(vec!["MODEL", "THREADS", "A_B", "x.y", "LOG-LEVEL"]),
        1 => Just("1BAD"),
    ];
    let values = prop_oneof![
        prop::sample::select(YAML11_AMBIGUOUS.to_vec()).prop_map(str::to_owned),
        "[ -~]{0,12}"
    ];
    prop::collection::vec((names, values).prop_map(|(n, v)| EnvVar::new(n, v)), 0..4)
}

fn probe(container_port: i32) -> impl Strategy<Value = Option<HttpProbe>> {
    let port = prop_oneof![12 => Just(PortRef::Number(container_port)), 1 => port().prop_map(PortRef::Number), 2 => Just(PortRef::Name("http".into()))];
    prop::option::of(
        (
            prop::sample::select(vec!["/test", "/healthz", "test"]),
            port,
            threshold(),
            threshold(),
            threshold(),
            threshold(),
            threshold(),
        )
            .prop_map(|(path, port, delay, period, timeout, success, failure)| {
                HttpProbe::builder()
                    .path(path)
                    .port(port)
                    .maybe_initial_delay_seconds(delay)
                    .maybe_period_seconds(period)
                    .maybe_timeout_seconds(timeout)
                    .maybe_success_threshold(success)
                    .maybe_failure_threshold(failure)
                    .build()
            }),
    )
}

/// Replicas (unset means 1, or minReplicas) and perhaps an autoscaler.
fn scaling() -> impl Strategy<Value = (Option<i32>, Option<Autoscaler>)> {
    prop_oneof![
        prop_oneof![12 => 0..=6i32, 1 => Just(-1)].prop_map(|n| (Some(n), None)),
        (
            prop_oneof![8 => 1..=3i32, 1 => Just(0)],
            0..=8i32,
            prop_oneof![12 => 1..=100i32, 1 => -5..=0i32],
            prop::option::of(0..=5i32)
        )
            .prop_map(|(min, max, target, initial)| {
                let autoscaler = Autoscaler::builder()
                    .min_replicas(min)
                    .max_replicas(max)
                    .target_cpu_utilization_percentage(target)
                    .build();
                (initial, Some(autoscaler))
            }),
    ]
}

/// Any lab, valid or not.
pub fn lab() -> impl Strategy<Value = Lab> {
    let service_type = prop::sample::select(vec![
        ServiceType::ClusterIP,
        ServiceType::NodePort,
        ServiceType::LoadBalancer,
    ]);
    let app_parts = (
        name(),
        "[a-z]{1,8}(:[0-9]\\.[0-9])?",
        port(),
        prop::option::of(Just("http".to_owned())),
        env(),
        resources(),
    );
    let svc_parts = (
        name(),
        service_type,
        port(),
        prop::option::of(29990..=32800i32),
    );
    (app_parts, svc_parts, scaling(), any::<u16>())
        .prop_flat_map(|(app, svc, scaling, seed)| {
            let container_port = app.2;
            let target = prop_oneof![
                12 => Just(Some(PortRef::Number(container_port))),
                2 => Just(Some(PortRef::Name("http".into()))),
                1 => Just(None),
                1 => port().prop_map(|p| Some(PortRef::Number(p))),
            ];
            (
                Just((app, svc, scaling, seed)),
                target,
                probe(container_port),
                probe(container_port),
            )
        })
        .prop_map(
            |(
                (
                    (name, image, cport, port_name, env, resources),
                    (svc_name, svc_type, svc_port, node_port),
                    (replicas, autoscaler),
                    seed,
                ),
                target,
                readiness,
                liveness,
            )| {
                // One lab in four is hardened: its extra objects and fields must exist in
                // the oldest supported version too.
                let hardened = seed % 4 == 0;
                let deployment = Deployment::builder()
                    .name(name)
                    .image(image)
                    .ports([ContainerPort::builder(cport).maybe_name(port_name).build()])
                    .maybe_replicas(replicas)
                    .env(env)
                    .maybe_readiness_probe(readiness)
                    .maybe_liveness_probe(liveness)
                    .resources(resources)
                    .writable_paths(if hardened {
                        vec!["/tmp".to_owned()]
                    } else {
                        Vec::new()
                    })
                    .build();
                let service = Service::builder()
                    .name(svc_name)
                    .service_type(svc_type)
                    .ports([ServicePort::builder(svc_port)
                        .maybe_target_port(target)
                        .maybe_node_port(node_port)
                        .build()])
                    .build();
                Lab::builder()
                    .id(format!("p{seed}"))
                    .title("property")
                    .output(format!("p{seed}.yaml"))
                    .deployment(deployment)
                    .service(service)
                    .maybe_autoscaler(autoscaler)
                    .maybe_profile(hardened.then_some(kubelab::spec::Profile::Hardened))
                    .maybe_namespace(hardened.then(|| "sample".to_owned()))
                    .build()
            },
        )
}

/// `n` labs the validator accepts (no errors, warnings allowed), drawn deterministically;
/// also returns how many were drawn in all.
pub fn accepted(n: usize) -> (Vec<Lab>, usize) {
    let mut runner = TestRunner::deterministic();
    let strategy = lab();
    let (mut out, mut drawn) = (Vec::new(), 0);
    while out.len() < n && drawn < n * 200 {
        drawn += 1;
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let lab = tree.current();
        let errors = kubelab::validate::lab(&lab, &Cluster::default())
            .into_iter()
            .any(|v| v.severity == kubelab::Severity::Error);
        if !errors {
            out.push(lab);
        }
    }
    (out, drawn)
}

/// The `cargo xtask test` step: 200 accepted labs must pass kubernetes-validate strict.
pub fn run() -> Result<(), Failure> {
    let (labs, drawn) = accepted(200);
    if labs.len() < 200 {
        return Err(Failure::Failed(format!(
            "only {} of {drawn} random labs were valid",
            labs.len()
        )));
    }
    let dir = crate::target_dir().join("property-sample");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Failed(format!("{}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for (i, lab) in labs.iter().enumerate() {
        let yaml = lab
            .objects()
            .to_yaml("property sample")
            .map_err(|e| Failure::Failed(e.to_string()))?;
        let path = dir.join(format!("lab-{i:03}.yaml"));
        std::fs::write(&path, yaml)
            .map_err(|e| Failure::Failed(format!("{}: {e}", path.display())))?;
        files.push(path);
    }
    println!(
        "==> kubernetes-validate --strict on {} accepted random labs (of {drawn} drawn), \
         Kubernetes {}",
        files.len(),
        external::OLDEST_AND_NEWEST.join(", ")
    );
    let versions: Vec<String> = external::OLDEST_AND_NEWEST
        .iter()
        .map(|v| (*v).to_owned())
        .collect();
    let passed = external::validate_files(&files, &versions)?;
    println!("property sample: {passed} objects passed, 0 findings");
    Ok(())
}
