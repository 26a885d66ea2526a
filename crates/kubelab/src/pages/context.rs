//! The typed context of a page: every fact a template may show, derived from the lab's
//! objects (and the course), so templates hold prose and layout only.

use super::kubectl;
use crate::layout;
use crate::objects::LabObjects;
use crate::spec::{Course, Lab};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

/// The Service, as a student meets it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceFacts {
    /// Name.
    pub name: String,
    /// Type (`NodePort`, `LoadBalancer`, `ClusterIP`).
    pub service_type: String,
    /// The Service port.
    pub port: i32,
    /// The container port it forwards to.
    pub target_port: String,
    /// The node port, when fixed.
    pub node_port: Option<i32>,
    /// `kubectl get svc -o wide`.
    pub table: SvcTable,
}

/// The Deployment, as a student meets it.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentFacts {
    /// Name.
    pub name: String,
    /// Container name.
    pub container: String,
    /// Image.
    pub image: String,
    /// Replicas at creation.
    pub replicas: i32,
}

/// The autoscaler, when the lab has one.
#[derive(Debug, Clone, Serialize)]
pub struct AutoscalerFacts {
    /// Name.
    pub name: String,
    /// Fewest replicas.
    pub min: i32,
    /// Most replicas.
    pub max: i32,
    /// Target CPU utilisation in percent of the request.
    pub target_cpu: i32,
    /// The CPU request that percentage is of.
    pub cpu_request: String,
    /// `kubectl get hpa <name> --watch`.
    pub watch_command: String,
}

/// Everything a lab page shows.
#[derive(Debug, Clone, Serialize)]
pub struct LabPage {
    /// 1-based position in the course.
    pub number: usize,
    /// Lab id.
    pub id: String,
    /// Lab title.
    pub title: String,
    /// Course title.
    pub course_title: String,
    /// Relative link from this page to the overview page.
    pub overview_link: String,
    /// The manifest as students reach it (`~/k8s-ml/deploy_k8s/deployment_k8s.yaml`).
    pub manifest: String,
    /// `kubectl apply -f <manifest>`.
    pub apply_command: String,
    /// What it prints.
    pub apply_output: Vec<String>,
    /// `kubectl delete -f <manifest>`.
    pub delete_command: String,
    /// What it prints.
    pub delete_output: Vec<String>,
    /// The Service.
    pub service: ServiceFacts,
    /// The Deployment.
    pub deployment: DeploymentFacts,
    /// The autoscaler.
    pub autoscaler: Option<AutoscalerFacts>,
    /// The URL to open, through a node port.
    pub url: Option<String>,
    /// The path of the app's test request (the readiness probe's path).
    pub test_path: String,
    /// The siege load test against it.
    pub siege_command: Option<String>,
    /// The readiness rule in words.
    pub readiness: Option<String>,
    /// Requests and limits in words.
    pub resources: Option<String>,
    /// How many replicas of this pod the course's cluster holds (none when no nodes are
    /// described).
    pub fit: Option<crate::fit::Fit>,
    /// Changes since the previous lab.
    pub changes: Vec<String>,
    /// Title of the previous lab.
    pub previous: Option<String>,
    /// Validation warnings for this lab.
    pub warnings: Vec<String>,
}

/// One line of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewLab {
    /// 1-based position.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Relative link to the lab's page.
    pub page: String,
    /// Relative link to the manifest.
    pub manifest: String,
}

/// The course overview page.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewPage {
    /// Course title.
    pub title: String,
    /// Where students clone the course.
    pub student_dir: String,
    /// The labs in order.
    pub labs: Vec<OverviewLab>,
}

fn plural(n: i32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn port_text(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => format!("`{s}`"),
    }
}

/// "ready after 3 successful GET /test on port 5000, every 5 s, first after 5 s".
fn readiness(probe: &core::Probe) -> Option<String> {
    let http = probe.http_get.as_ref()?;
    let success = probe.success_threshold.unwrap_or(1);
    let period = probe.period_seconds.unwrap_or(10);
    let delay = probe.initial_delay_seconds.unwrap_or(0);
    let failure = probe.failure_threshold.unwrap_or(3);
    let successes = if success == 1 {
        "one successful".to_owned()
    } else {
        format!("{success} successful")
    };
    Some(format!(
        "A pod is ready, and the Service sends it traffic, after {successes} `GET {}` on port {} in a row. The kubelet sends one every {}, the first {} after the container starts, and takes the pod out of the Service again after {} in a row.",
        http.path.as_deref().unwrap_or("/"),
        port_text(&http.port),
        plural(period, "second", "seconds"),
        plural(delay, "second", "seconds"),
        plural(failure, "failure", "failures"),
    ))
}

fn amount(resource: &str, q: &str) -> String {
    match resource {
        "cpu" => format!("{q} CPU"),
        "memory" => format!("{q} of memory"),
        other => format!("{q} of {other}"),
    }
}

fn resources(r: &core::ResourceRequirements) -> Option<String> {
    let list = |m: &Option<
        std::collections::BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >| {
        m.iter()
            .flatten()
            .map(|(k, v)| amount(k, &v.0))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let (requests, limits) = (list(&r.requests), list(&r.limits));
    match (requests.is_empty(), limits.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!(
            "Each pod reserves {requests} on its node (requests), with no upper limit."
        )),
        (true, false) => Some(format!("Each pod may use at most {limits} (limits).")),
        (false, false) => Some(format!(
            "Each pod reserves {requests} on its node (requests) and may use at most {limits} (limits); a pod that tries to use more memory is killed, more CPU is throttled."
        )),
    }
}

/// The manifest path as students type it.
fn student_path(course: &Course, output: &str) -> String {
    format!("{}/{output}", course.info.student_dir.trim_end_matches('/'))
}

/// Builds a lab page's context.
pub(crate) fn lab_page(
    course: &Course,
    index: usize,
    lab: &Lab,
    objects: &LabObjects,
    previous: Option<&Lab>,
    changes: Vec<String>,
    warnings: Vec<String>,
) -> Result<LabPage, serde_json::Error> {
    let svc_spec = objects.service.spec.as_ref();
    let no_port = core::ServicePort::default();
    let first_port = svc_spec
        .and_then(|s| s.ports.as_ref()?.first())
        .unwrap_or(&no_port);
    let deploy_spec = objects.deployment.spec.as_ref();
    let no_container = core::Container::default();
    let container = objects.containers().first().unwrap_or(&no_container);
    let probe = container.readiness_probe.as_ref();
    let test_path = probe
        .and_then(|p| p.http_get.as_ref())
        .and_then(|h| h.path.clone())
        .unwrap_or_else(|| "/".to_owned());
    let url = first_port
        .node_port
        .map(|np| format!("http://<node address>:{np}"));
    let manifest = student_path(course, &lab.output);
    let cpu_request = container
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("cpu"))
        .map(|q| q.0.clone())
        .unwrap_or_default();
    let autoscaler = objects.autoscaler.as_ref().and_then(|h| {
        let spec = h.spec.as_ref()?;
        let name = h.metadata.name.clone().unwrap_or_default();
        let target_cpu = spec
            .metrics
            .iter()
            .flatten()
            .filter_map(|m| m.resource.as_ref()?.target.average_utilization)
            .next()
            .unwrap_or_default();
        Some(AutoscalerFacts {
            watch_command: format!("kubectl get hpa {name} --watch"),
            name,
            min: spec.min_replicas.unwrap_or(1),
            max: spec.max_replicas,
            target_cpu,
            cpu_request: cpu_request.clone(),
        })
    });
    let lt = &course.info.load_test;
    Ok(LabPage {
        number: index + 1,
        id: lab.id.clone(),
        title: lab.title.clone(),
        course_title: course.info.title.clone(),
        overview_link: layout::link_to_overview(&layout::page(lab)),
        apply_command: format!("kubectl apply -f {manifest}"),
        delete_command: format!("kubectl delete -f {manifest}"),
        manifest,
        apply_output: kubectl::apply_lines(objects),
        delete_output: kubectl::delete_lines(objects),
        service: ServiceFacts {
            name: objects.service.metadata.name.clone().unwrap_or_default(),
            service_type: crate::objects::service_type(&objects.service).to_owned(),
            port: first_port.port,
            target_port: first_port
                .target_port
                .as_ref()
                .map(port_text)
                .unwrap_or_else(|| first_port.port.to_string()),
            node_port: first_port.node_port,
            table: kubectl::svc_table(&objects.service),
        },
        deployment: DeploymentFacts {
            name: objects.deployment.metadata.name.clone().unwrap_or_default(),
            container: container.name.clone(),
            image: container.image.clone().unwrap_or_default(),
            replicas: deploy_spec.and_then(|d| d.replicas).unwrap_or(1),
        },
        autoscaler,
        siege_command: url
            .as_ref()
            .map(|u| format!("siege -c {} -t {} {u}{test_path}", lt.concurrent, lt.time)),
        url,
        test_path,
        fit: crate::fit::fit_nanos(&crate::fit::pod_requests(objects), &course.cluster),
        readiness: probe.and_then(readiness),
        resources: container.resources.as_ref().and_then(resources),
        changes,
        previous: previous.map(|l| l.title.clone()),
        warnings,
    })
}

/// Builds the overview page's context.
pub(crate) fn overview(course: &Course) -> OverviewPage {
    OverviewPage {
        title: course.info.title.clone(),
        student_dir: course.info.student_dir.clone(),
        labs: course
            .labs
            .iter()
            .enumerate()
            .map(|(i, l)| OverviewLab {
                number: i + 1,
                title: l.title.clone(),
                page: layout::page(l),
                manifest: l.output.clone(),
            })
            .collect(),
    }
}

/// `kubectl get svc -o wide` for one Service: header and row, aligned like kubectl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SvcTable {
    /// The Service type.
    pub service_type: String,
    /// The `PORT(S)` column, e.g. `6000:32000/TCP`.
    pub ports: String,
    /// The `EXTERNAL-IP` column: `<pending>` for a LoadBalancer without a controller.
    pub external_ip: String,
    /// The `SELECTOR` column, e.g. `app=ml-kube-app`.
    pub selector: String,
    /// Header and row, aligned with kubectl's three-space padding.
    pub text: String,
}

/// One combination of a sweep.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRow {
    /// 1-based number.
    pub number: usize,
    /// The settings, comma-separated.
    pub settings: String,
    /// The manifest, relative to the summary page (none when invalid).
    pub manifest: Option<String>,
    /// `yes`, `no` or `unknown` (no nodes described).
    pub fits: String,
    /// Most replicas of this pod that fit on the cluster.
    pub most_replicas: Option<u64>,
    /// The replicas the combination asks for (maxReplicas when autoscaled).
    pub replicas: i32,
    /// Total requests at that many replicas, e.g. `cpu 5, memory 10Gi`.
    pub total_requests: String,
    /// Validation errors other than fit, which keep the combination from being rendered.
    pub problems: Vec<String>,
}

/// The summary page of a sweep.
#[derive(Debug, Clone, Serialize)]
pub struct SweepPage {
    /// Lab title.
    pub title: String,
    /// Lab id.
    pub id: String,
    /// The combinations.
    pub rows: Vec<SweepRow>,
}
