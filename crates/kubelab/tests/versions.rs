//! Rules that change with the cluster's Kubernetes version, checked on both sides of each
//! change, and the quantity comparisons the API server makes. Sources are named beside
//! each rule in `src/validate/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::spec::{Cluster, EnvVar, KubernetesVersion, Resources, ServicePort, ServiceType};
use kubelab::{Rule, Severity, validate};

fn cluster(minor: u32) -> Cluster {
    Cluster {
        kubernetes_version: KubernetesVersion::new(minor),
        ..Cluster::default()
    }
}

fn rules(lab: &kubelab::spec::Lab, minor: u32) -> Vec<Rule> {
    validate::lab(lab, &cluster(minor))
        .into_iter()
        .map(|v| v.rule)
        .collect()
}

#[test]
fn environment_variable_names_follow_the_version() {
    // RelaxedEnvironmentVariableValidation: alpha (off) in 1.30, beta (on) from 1.32.
    let mut lab = support::fixture_lab("single");
    for name in ["1MODEL", "my var", "a:b"] {
        lab.deployment.env = vec![EnvVar::new(name, "x")];
        for minor in [25, 26, 30, 31] {
            assert_eq!(
                rules(&lab, minor),
                vec![Rule::EnvName],
                "{name} on 1.{minor}"
            );
        }
        for minor in [32, 33, 34, 37] {
            assert_eq!(rules(&lab, minor), vec![], "{name} on 1.{minor}");
        }
    }
    lab.deployment.env = vec![EnvVar::new("A=B", "x")];
    for minor in [26, 32, 37] {
        assert_eq!(rules(&lab, minor), vec![Rule::EnvName], "A=B on 1.{minor}");
    }
}

#[test]
fn a_load_balancer_may_expose_port_10250_from_1_33() {
    let mut lab = support::fixture_lab("lb");
    lab.service.ports[0].port = 10250;
    for minor in [25, 26, 32] {
        assert_eq!(
            rules(&lab, minor),
            vec![Rule::LoadBalancerKubeletPort],
            "1.{minor}"
        );
    }
    for minor in [33, 37] {
        assert_eq!(rules(&lab, minor), vec![], "1.{minor}");
    }
    // A NodePort Service may use 10250 on any version.
    lab.service.service_type = ServiceType::NodePort;
    assert_eq!(rules(&lab, 26), vec![]);
}

#[test]
fn a_request_a_hair_over_its_limit_is_over_it() {
    // ParseQuantity rounds up to the nano: 1.0000000001 is 1000000001n, over 1.
    let mut lab = support::fixture_lab("single");
    lab.deployment.resources = Resources::new()
        .request("cpu", "1.0000000001")
        .limit("cpu", "1");
    assert_eq!(rules(&lab, 26), vec![Rule::RequestWithinLimit]);
    // ... while the same value written another way is equal.
    lab.deployment.resources = Resources::new()
        .request("cpu", "1000m")
        .request("memory", "1Gi")
        .limit("cpu", "1")
        .limit("memory", "1073741824");
    assert_eq!(rules(&lab, 26), vec![]);
    // 1Gi is more than 1G.
    lab.deployment.resources = Resources::new()
        .request("memory", "1Gi")
        .limit("memory", "1G");
    assert_eq!(rules(&lab, 26), vec![Rule::RequestWithinLimit]);
}

#[test]
fn extended_resources_and_huge_pages_cannot_be_overcommitted() {
    let mut lab = support::fixture_lab("single");
    let check = |resources: Resources, lab: &mut kubelab::spec::Lab| {
        lab.deployment.resources = resources.request("memory", "1Gi");
        rules(lab, 26)
    };
    assert_eq!(
        check(Resources::new().limit("example.com/widget", "2"), &mut lab),
        vec![]
    );
    assert_eq!(
        check(
            Resources::new()
                .request("example.com/widget", "2")
                .limit("example.com/widget", "2"),
            &mut lab
        ),
        vec![]
    );
    assert_eq!(
        check(
            Resources::new().request("example.com/widget", "2"),
            &mut lab
        ),
        vec![Rule::ResourceLimitRequired]
    );
    assert_eq!(
        check(
            Resources::new()
                .request("hugepages-1Gi", "1Gi")
                .limit("hugepages-1Gi", "2Gi"),
            &mut lab
        ),
        vec![Rule::ResourceRequestEqualsLimit]
    );
    assert_eq!(
        check(
            Resources::new().limit("example.com/widget", "1.5"),
            &mut lab
        ),
        vec![Rule::ResourceInteger]
    );
    // kubernetes.io/ resources are native: they may be overcommitted and be fractions.
    assert_eq!(
        check(
            Resources::new()
                .request("kubernetes.io/thing", "500m")
                .limit("kubernetes.io/thing", "1"),
            &mut lab
        ),
        vec![]
    );
}

#[test]
fn warnings_are_warnings() {
    let mut lab = support::fixture_lab("single");
    lab.deployment.resources = Resources::new().request("memory", "512m");
    let found = validate::lab(&lab, &cluster(26));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].rule, found[0].severity),
        (Rule::FractionalBytes, Severity::Warning)
    );
}

#[test]
fn service_port_names_are_labels_and_container_port_names_are_iana_names() {
    let mut lab = support::fixture_lab("single");
    lab.service.ports = vec![
        ServicePort::builder(6000)
            .name("a-service-port-name-longer-than-fifteen")
            .target_port(5000)
            .node_port(32000)
            .build(),
        ServicePort::builder(6001)
            .name("6001")
            .target_port(5000)
            .build(),
    ];
    assert_eq!(rules(&lab, 26), vec![]);
    lab.deployment.ports[0].name = Some("6001".into());
    assert_eq!(rules(&lab, 26), vec![Rule::PortNameIana]);
}
