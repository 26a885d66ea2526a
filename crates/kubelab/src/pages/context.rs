//! The typed context of a page: every fact a template may show, derived from the lab's
//! objects, the course and the course's Kubernetes version, so templates hold prose and
//! layout only. These structs are the contract a course's own templates write against.

use super::kubectl::{self, PodPhase};
pub use super::siege::{ReportField, SiegeReport};
use crate::objects::LabObjects;
use crate::spec::{Course, Lab, LoadTest};
use crate::timing::{self, ProbeTiming};
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

/// A command students type, and what it prints (empty when the output varies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Shell {
    /// The command line, runnable as it is.
    pub command: String,
    /// What it prints, line by line.
    pub output: String,
}

/// The Service, as a student meets it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
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
    /// The `SELECTOR` of `kubectl get svc -o wide` (`app=ml-kube-app`).
    pub selector: String,
    /// The `PORT(S)` of `kubectl get svc -o wide` (`6000:32000/TCP`).
    pub ports: String,
    /// `kubectl get svc -o wide` and its header and row.
    pub list: Shell,
}

/// The Deployment, as a student meets it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct DeploymentFacts {
    /// Name.
    pub name: String,
    /// Container name.
    pub container: String,
    /// Containers in each pod.
    pub containers: usize,
    /// Image.
    pub image: String,
    /// Replicas at creation.
    pub replicas: i32,
}

/// The pods as `kubectl get pods -o wide` lists them.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct PodsFacts {
    /// `kubectl get pods -o wide` and the rows right after apply (`ContainerCreating`).
    pub starting: Shell,
    /// The same rows once the pods are ready (`Running`, all containers ready).
    pub ready: String,
    /// True when the pods run on several nodes (more than one replica and node).
    pub spread: bool,
}

/// The readiness probe, in numbers (the Kubernetes defaults filled in).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ReadinessFacts {
    /// The path it requests.
    pub path: String,
    /// The port, a number or a port name in backticks.
    pub port: String,
    /// Successes in a row before the pod is ready.
    pub successes: i32,
    /// Seconds between probes.
    pub period_seconds: i32,
    /// Seconds before the first probe.
    pub initial_delay_seconds: i32,
    /// Failures in a row before the pod is taken out of the Service.
    pub failures: i32,
    /// Seconds the kubelet waits for each answer before it counts a failure
    /// (`timeoutSeconds`, 1 when unset: `SetDefaults_Probe`).
    pub timeout_seconds: i32,
    /// Seconds from the container's start to ready, at the earliest.
    pub ready_after_seconds: u64,
}

/// One resource's request and limit (`cpu`, `1`, `2`).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ResourceFacts {
    /// Resource name.
    pub name: String,
    /// The request, as written.
    pub request: Option<String>,
    /// The limit, as written.
    pub limit: Option<String>,
}

/// How students reach the app from outside the cluster.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct AccessFacts {
    /// The address as the course gives it: a host, or a shell expression.
    pub address: String,
    /// True when `address` is a shell expression students run to learn the address.
    pub expression: bool,
    /// True when the course does not state an address (the first node's internal address
    /// is used, reachable from inside the cluster's network only).
    pub internal_only: bool,
    /// The app's URL through the node port (with the expression when there is one).
    pub url: String,
    /// `echo <url>` when the URL holds an expression, so students see the real one.
    pub show_url: Option<Shell>,
    /// The test path (`/test`).
    pub test_path: String,
    /// The test URL.
    pub test_url: String,
    /// `test_url` as one shell word, quoted where bash or zsh would split or expand it.
    pub test_url_word: String,
    /// What one request to the test path does, in the author's words.
    pub test_request: Option<String>,
}

/// The load test.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct LoadTestFacts {
    /// How to install siege, on the first page that uses it.
    pub install: Option<String>,
    /// `siege -c <users> -t <time> <test url>`.
    pub command: String,
    /// Concurrent users.
    pub concurrent: u32,
    /// The duration as written (`30s`).
    pub time: String,
    /// The duration in seconds, when siege's format was followed.
    pub seconds: Option<u64>,
    /// `watch -n <refresh_seconds> kubectl top pod`, for a second terminal.
    pub watch_top: String,
    /// How often `watch_top` refreshes, in seconds.
    pub refresh_seconds: u32,
    /// siege's report as the installed version prints it, and the fields to note down
    /// (`pages/siege.rs` names the sources).
    pub report: Option<SiegeReport>,
    /// What siege prints for a connection the app refused.
    pub refused: &'static str,
    /// How many other labs of the course run a load test (the results to compare with).
    pub others: usize,
    /// True when this test runs longer than every load test of the labs before it (and
    /// there is one).
    pub longer_than_before: bool,
}

/// The autoscaler, when the lab has one.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
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
    /// `kubectl get hpa --watch` and the row it prints first where the page starts it,
    /// a few minutes after `apply`.
    pub watch: Shell,
    /// How often the autoscaler looks at the pods' CPU, in seconds.
    pub sync_seconds: u64,
    /// How long the autoscaler waits after the load stops before it removes pods, minutes.
    pub downscale_minutes: u64,
    /// Seconds from the start of a load test to the first added pod being ready, at the
    /// earliest: metrics-server's 15 s resolution, one sync, the readiness probe.
    pub first_new_pod_seconds: u64,
}

/// Removing the lab again.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CleanupFacts {
    /// `kubectl delete -f <manifest>` and its lines.
    pub delete: Shell,
    /// `kubectl get pods -o wide` and what it prints once the pods are gone.
    pub check: Shell,
    /// The title of the next lab, when it uses a node port this lab uses too.
    pub next_shares_node_port: Option<String>,
    /// The title of a later lab that runs alongside this one (its `runsWith`): this lab
    /// stays deployed, and that lab's page deletes it.
    pub kept_for: Option<String>,
}

/// How many pods fit on each node of a group of alike nodes.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct NodeShare {
    /// Nodes in the group.
    pub nodes: u64,
    /// Pods that fit on each.
    pub each: u64,
}

/// The cluster fit of the lab's pod, when the course describes its nodes.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct FitFacts {
    /// The most replicas that can be scheduled at once.
    pub max_replicas: u64,
    /// The resource that runs out first.
    pub limiting: Option<String>,
    /// Every resource that runs out at that count: more than one when they tie (cpu and
    /// memory allow the same number of pods).
    pub exhausted: Vec<String>,
    /// Pods per node, a group of alike nodes at a time.
    pub per_node: Vec<NodeShare>,
    /// Number of nodes that take pods.
    pub nodes: u64,
    /// Number of nodes that take none.
    pub unschedulable_nodes: u64,
    /// False when the pods request nothing the nodes list: only the pod count bounds them.
    pub judged: bool,
    /// Requested resources no node lists: not counted.
    pub unknown: Vec<String>,
    /// On a student's copy: every student's copy of this lab at once.
    pub students: Option<StudentsFit>,
}

/// Every student's copy of a lab on the cluster at once.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StudentsFit {
    /// Students.
    pub students: u32,
    /// Pods one copy runs at most (the autoscaler's maximum, or the replicas).
    pub pods_each: u64,
    /// Pods all copies run at most.
    pub total: u64,
    /// True when they all fit at once.
    pub fits: bool,
}

/// A picture on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Image {
    /// The relative link from the page to the picture.
    pub link: String,
    /// What it shows, for readers who cannot see it.
    pub alt: String,
}

/// A lab's pictures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Pictures {
    /// The Service, the nodes, the pods placed on them, the autoscaler.
    pub topology: Option<Image>,
    /// An autoscaled lab's load test over time.
    pub timeline: Option<Image>,
}

/// What changed since the previous lab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Changes {
    /// What to notice: objects added or removed, replicas, types, ports, resources...
    pub main: Vec<String>,
    /// New names, and the selector, pod labels and container name that follow them.
    pub names: Vec<String>,
}

/// An earlier page of the same copy of the course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PageRef {
    /// Its lab's 1-based number.
    pub number: usize,
    /// Its lab's title.
    pub title: String,
    /// The relative link from this page to it.
    pub link: String,
}

/// Where each concept a page relies on is explained: `None` on the page that explains it
/// (the first that needs it), the earlier page otherwise, which this page links instead of
/// repeating the explanation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Explained {
    /// Where to run the commands, and the second terminal.
    pub setup: Option<PageRef>,
    /// What a readiness probe does and how it gates traffic.
    pub readiness: Option<PageRef>,
    /// Requests and limits.
    pub resources: Option<PageRef>,
    /// How pods are named and what `kubectl get pods` shows while they start.
    pub pods: Option<PageRef>,
    /// What `kubectl top pod` shows.
    pub top: Option<PageRef>,
    /// siege's report and what to note down.
    pub siege_report: Option<PageRef>,
    /// A LoadBalancer Service's EXTERNAL-IP.
    pub load_balancer: Option<PageRef>,
    /// The hardened profile's settings and why each is there.
    pub hardening: Option<PageRef>,
    /// Requests the cluster fit cannot count (a resource the course's nodes do not list).
    pub uncounted: Option<PageRef>,
}

/// Everything a lab page shows.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct LabPage {
    /// 1-based position in the course.
    pub number: usize,
    /// What the hardened profile set, on a hardened lab.
    pub hardening: Option<super::hardening::HardeningFacts>,
    /// Lab id.
    pub id: String,
    /// Lab title.
    pub title: String,
    /// Course title.
    pub course_title: String,
    /// Relative link from this page to the overview page.
    pub overview_link: String,
    /// True on the course's first lab.
    pub first: bool,
    /// The author's introduction (Markdown).
    pub intro: Option<String>,
    /// The author's discussion of the results (Markdown).
    pub discussion: Option<String>,
    /// Questions for students (Markdown).
    pub questions: Vec<String>,
    /// The node every command runs on (`node-0`).
    pub controller: Option<String>,
    /// The Kubernetes version whose kubectl output the page shows (`1.26`).
    pub kubernetes_version: String,
    /// The namespace every command names: a student's on their copy of the page, a hardened
    /// lab's own otherwise.
    pub namespace: Option<String>,
    /// True on a student's copy of the page.
    pub student_copy: bool,
    /// `git clone <repository> <studentDir>`, on the first page of a course that names its
    /// repository.
    pub clone: Option<Shell>,
    /// The folder students clone the course into (`~/k8s-ml`).
    pub student_dir: String,
    /// `kubectl apply -f <namespace.yaml>` and its line, on a student's first page.
    pub namespace_setup: Option<Shell>,
    /// The manifest as students reach it (`~/k8s-ml/deploy_k8s/deployment_k8s.yaml`).
    pub manifest: String,
    /// The manifest's text, as students apply it.
    pub manifest_text: String,
    /// The language of `manifest_text` for a code block: `yaml` or `json`.
    pub manifest_language: &'static str,
    /// The relative link from this page to the manifest.
    pub manifest_link: String,
    /// `kubectl apply -f <manifest>` and its lines.
    pub apply: Shell,
    /// The Secrets and ConfigMaps the pods use that the manifest does not create.
    pub needs: Vec<super::needs::Needed>,
    /// `kubectl get secret/... configmap/...`: checks that each of `needs` exists.
    pub needs_check: Option<String>,
    /// The STATUS `kubectl get pods` shows while a variable's Secret or ConfigMap is
    /// missing, and while a volume's is.
    pub needs_status: (&'static str, &'static str),
    /// What the lab's patches changed in the objects, patch by patch.
    pub patches: Vec<super::needs::PatchFacts>,
    /// The Service.
    pub service: ServiceFacts,
    /// The Deployment.
    pub deployment: DeploymentFacts,
    /// The pods.
    pub pods: PodsFacts,
    /// `kubectl top pod`: the command and a row a pod (CPU and memory as placeholders).
    pub top: Shell,
    /// What `kubectl top pod` prints without a metrics server.
    pub no_metrics: &'static str,
    /// What `kubectl top pod` prints before the metrics server has measured a new pod.
    pub metrics_not_yet: &'static str,
    /// The readiness probe.
    pub readiness: Option<ReadinessFacts>,
    /// Requests and limits, resource by resource.
    pub resources: Vec<ResourceFacts>,
    /// How many replicas of this pod the course's cluster holds.
    pub fit: Option<FitFacts>,
    /// How to reach the app, when its Service has a node port.
    pub access: Option<AccessFacts>,
    /// The load test, when the app can be reached.
    pub load_test: Option<LoadTestFacts>,
    /// The autoscaler.
    pub autoscaler: Option<AutoscalerFacts>,
    /// Changes since the previous lab.
    pub changes: Changes,
    /// Title of the previous lab.
    pub previous: Option<String>,
    /// The previous lab's delete command, when it uses one of this lab's node ports: it
    /// must be gone before this lab can be applied.
    pub previous_cleanup: Option<Shell>,
    /// True when the previous lab's Service that holds the node port has this lab's
    /// Service's name: applying this lab would change it in place rather than be refused.
    pub previous_same_service: bool,
    /// The titles of the earlier labs that stay deployed while this one runs.
    pub runs_with: Vec<String>,
    /// Removing the lab.
    pub cleanup: CleanupFacts,
    /// Where each concept is explained: here, or on an earlier page this one links.
    pub explained: Explained,
    /// The lab's pictures.
    pub pictures: Pictures,
}

/// One line of the overview.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct OverviewLab {
    /// 1-based position.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Relative link to the lab's page.
    pub page: String,
    /// Relative link to the manifest.
    pub manifest: String,
    /// The lab's topology picture, relative to the overview.
    pub picture: Option<Image>,
}

/// The course overview page.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct OverviewPage {
    /// Course title.
    pub title: String,
    /// The author's introduction (Markdown).
    pub intro: Option<String>,
    /// Where students clone the course.
    pub student_dir: String,
    /// The node every command runs on.
    pub controller: Option<String>,
    /// The Kubernetes version the pages follow.
    pub kubernetes_version: String,
    /// The student's namespace, on a student's overview.
    pub namespace: Option<String>,
    /// The labs in order.
    pub labs: Vec<OverviewLab>,
}

/// One combination of a sweep.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
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
    /// Why the combination was not rendered (field and problem), when it was not.
    pub problems: Vec<String>,
}

/// The summary page of a sweep.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct SweepPage {
    /// Lab title.
    pub title: String,
    /// Lab id.
    pub id: String,
    /// The combinations.
    pub rows: Vec<SweepRow>,
}

/// What a lab page is built from, besides the course.
pub(crate) struct LabInput<'a> {
    pub(crate) index: usize,
    pub(crate) lab: &'a Lab,
    pub(crate) objects: &'a LabObjects,
    /// The relative link from the page to its copy's overview.
    pub(crate) overview_link: String,
    /// The manifest's generated path.
    pub(crate) manifest: String,
    /// The manifest's text.
    pub(crate) manifest_text: String,
    /// The relative link from the page to the manifest.
    pub(crate) manifest_link: String,
    /// The lab's namespace and the file that creates it: a student's on student copies, a
    /// hardened lab's own otherwise.
    pub(crate) namespace: Option<(&'a str, String)>,
    /// True on the first page that uses that namespace: it says to create it.
    pub(crate) first_in_namespace: bool,
    /// True on a student's copy.
    pub(crate) student_copy: bool,
    pub(crate) changes: Changes,
    /// True when this is the first lab whose page runs a load test.
    pub(crate) first_load_test: bool,
    /// How many other labs of the copy run a load test.
    pub(crate) other_load_tests: usize,
    /// The longest load test of the labs before this one, in seconds, if any ran one.
    pub(crate) longest_before: Option<u64>,
    /// The next lab's title, when it uses one of this lab's node ports.
    pub(crate) next_shares_node_port: Option<String>,
    /// The previous lab's delete command, when it uses one of this lab's node ports.
    pub(crate) previous_cleanup: Option<Shell>,
    /// The previous lab's Service with that node port has this lab's Service's name.
    pub(crate) previous_same_service: bool,
    /// The labs this one runs alongside: each title, and its delete command with output.
    pub(crate) runs_with: Vec<(String, Shell)>,
    /// A later lab that runs alongside this one.
    pub(crate) kept_for: Option<String>,
    /// Where each concept is explained.
    pub(crate) explained: Explained,
    /// The lab's pictures.
    pub(crate) pictures: Pictures,
}

fn port_text(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => format!("`{s}`"),
    }
}

fn readiness(probe: &core::Probe) -> Option<ReadinessFacts> {
    let http = probe.http_get.as_ref()?;
    let r = ProbeTiming::of(probe);
    Some(ReadinessFacts {
        path: http.path.clone().unwrap_or_else(|| "/".to_owned()),
        port: port_text(&http.port),
        successes: r.successes,
        period_seconds: r.period_seconds,
        initial_delay_seconds: r.initial_delay_seconds,
        failures: r.failures,
        timeout_seconds: r.timeout_seconds,
        ready_after_seconds: r.ready_after_seconds(),
    })
}

fn resources(r: Option<&core::ResourceRequirements>) -> Vec<ResourceFacts> {
    let Some(r) = r else { return Vec::new() };
    let mut names: Vec<&String> = r
        .requests
        .iter()
        .flatten()
        .chain(r.limits.iter().flatten())
        .map(|(k, _)| k)
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| ResourceFacts {
            name: name.clone(),
            request: r
                .requests
                .as_ref()
                .and_then(|m| m.get(name))
                .map(|q| q.0.clone()),
            limit: r
                .limits
                .as_ref()
                .and_then(|m| m.get(name))
                .map(|q| q.0.clone()),
        })
        .collect()
}

/// Where a generated file is in the folder students cloned the course into: under the
/// repository's folder of rendered files, when the course names one.
fn in_clone(course: &Course, generated: &str) -> String {
    match &course.info.repository {
        Some(repo) => repo.path_of(generated),
        None => generated.to_owned(),
    }
}

/// A path as students read it: under the folder they cloned the course into.
pub(crate) fn student_path(course: &Course, generated: &str) -> String {
    format!(
        "{}/{}",
        course.info.student_dir.trim_end_matches('/'),
        in_clone(course, generated)
    )
}

/// [`student_path`] as one shell word, for a command (`~` still expanded).
pub(crate) fn student_path_word(course: &Course, generated: &str) -> String {
    super::shell::path(&course.info.student_dir, &in_clone(course, generated))
}

/// `git clone <url> <studentDir>`, when the course names its repository.
fn clone_command(course: &Course) -> Option<Shell> {
    let repo = course.info.repository.as_ref()?;
    Some(Shell {
        command: format!(
            "git clone {} {}",
            super::shell::literal(&repo.url),
            super::shell::folder(&course.info.student_dir)
        ),
        output: String::new(),
    })
}

/// The address students reach the cluster with, whether it is a shell expression, and
/// whether it is the internal fallback.
fn address(course: &Course) -> (String, bool, bool) {
    match &course.cluster.public_address {
        Some(a) => (a.clone(), a.contains("$(") || a.contains('`'), false),
        None => (
            "$(kubectl get nodes -o jsonpath='{.items[0].status.addresses[?(@.type==\"InternalIP\")].address}')"
                .to_owned(),
            true,
            true,
        ),
    }
}

fn access(course: &Course, lab: &Lab, node_port: i32) -> AccessFacts {
    use super::shell::{Part, word};
    let (address, expression, internal_only) = address(course);
    let url = format!("http://{address}:{node_port}");
    let test_path = lab.app.test_path.clone();
    let test_url = format!("{url}{test_path}");
    let host = if expression {
        Part::Expression(&address)
    } else {
        Part::Literal(&address)
    };
    let port = format!(":{node_port}");
    let url_word = word(&[Part::Literal("http://"), host, Part::Literal(&port)]);
    let test_url_word = word(&[
        Part::Literal("http://"),
        host,
        Part::Literal(&port),
        Part::Literal(&test_path),
    ]);
    AccessFacts {
        show_url: expression.then(|| Shell {
            command: format!("echo {url_word}"),
            output: String::new(),
        }),
        test_url_word,
        address,
        expression,
        internal_only,
        url,
        test_path,
        test_url,
        test_request: lab.app.test_request.clone(),
    }
}

/// The lab's load test: its own over the course's, field by field.
pub(crate) fn load_test(course: &Course, lab: &Lab) -> LoadTest {
    course.info.load_test.overridden_by(lab.load_test.as_ref())
}

/// How often the second terminal refreshes `kubectl top pod` during a load test.
const TOP_REFRESH_SECONDS: u32 = 5;

fn load_test_facts(
    test: &LoadTest,
    access: &AccessFacts,
    install: bool,
    namespace: Option<&str>,
    (others, longest_before): (usize, Option<u64>),
) -> LoadTestFacts {
    LoadTestFacts {
        others,
        longer_than_before: longest_before
            .zip(test.seconds())
            .is_some_and(|(before, this)| this > before),
        install: install.then(|| test.install.clone()),
        command: format!(
            "siege -c {} -t {} {}",
            test.concurrent,
            super::shell::literal(&test.time),
            access.test_url_word
        ),
        concurrent: test.concurrent,
        time: test.time.clone(),
        seconds: test.seconds(),
        watch_top: format!(
            "watch -n {TOP_REFRESH_SECONDS} {}",
            kubectl::command("top pod", namespace)
        ),
        refresh_seconds: TOP_REFRESH_SECONDS,
        report: super::siege::report(&test.siege_version, test.siege_version()),
        refused: super::siege::REFUSED,
    }
}

/// Builds a lab page's context.
pub(crate) fn lab_page(course: &Course, input: LabInput<'_>) -> LabPage {
    let LabInput {
        index,
        lab,
        objects,
        overview_link,
        manifest,
        manifest_text,
        manifest_link,
        namespace,
        first_in_namespace,
        student_copy,
        changes,
        first_load_test,
        other_load_tests,
        longest_before,
        next_shares_node_port,
        previous_cleanup,
        previous_same_service,
        runs_with,
        kept_for,
        explained,
        pictures,
    } = input;
    let ns = namespace.as_ref().map(|(ns, _)| *ns);
    let version = course.cluster.kubernetes_version;
    let svc_spec = objects.service.spec.as_ref();
    let no_port = core::ServicePort::default();
    let first_port = svc_spec
        .and_then(|s| s.ports.as_ref()?.first())
        .unwrap_or(&no_port);
    let no_container = core::Container::default();
    let container = objects.containers().first().unwrap_or(&no_container);
    let manifest_word = student_path_word(course, &manifest);
    let manifest = student_path(course, &manifest);
    let replicas = objects.replicas();
    let replica_rows = usize::try_from(replicas).unwrap_or(0);
    let readiness = container.readiness_probe.as_ref().and_then(readiness);
    let access = first_port.node_port.map(|np| access(course, lab, np));
    let load_test = access.as_ref().map(|a| {
        let test = load_test(course, lab);
        let compare = (other_load_tests, longest_before);
        load_test_facts(&test, a, first_load_test, ns, compare)
    });
    let fit = crate::fit::fit_nanos(&crate::fit::pod_requests(objects), &course.cluster);
    let nodes = fit.as_ref().map_or(0, |f| f.nodes);
    // A limit alone is the request (SetDefaults_Pod).
    let cpu_request = container
        .resources
        .as_ref()
        .and_then(|r| {
            let requested = r.requests.as_ref().and_then(|q| q.get("cpu"));
            requested.or_else(|| r.limits.as_ref()?.get("cpu"))
        })
        .map(|q| q.0.clone())
        .unwrap_or_default();
    let autoscaler = objects.autoscaler.as_ref().and_then(|h| {
        let spec = crate::k8s::autoscaler_spec(h)?;
        let target_cpu = objects.cpu_target().unwrap_or_default();
        Some(AutoscalerFacts {
            name: h.metadata.name.clone().unwrap_or_default(),
            min: spec.min_replicas.unwrap_or(crate::api_defaults::REPLICAS),
            max: spec.max_replicas,
            target_cpu,
            cpu_request: cpu_request.clone(),
            watch: Shell {
                command: kubectl::command("get hpa --watch", ns),
                output: kubectl::hpa_table(h, version, replicas),
            },
            sync_seconds: timing::AUTOSCALER_SYNC_SECONDS,
            downscale_minutes: timing::DOWNSCALE_WINDOW_MINUTES,
            first_new_pod_seconds: timing::first_added_pod_ready_seconds(objects.readiness_probe()),
        })
    });
    let objects_namespace = ns.unwrap_or("default");
    let needs = super::needs::needed(objects);
    LabPage {
        number: index + 1,
        id: lab.id.clone(),
        title: lab.title.clone(),
        course_title: course.info.title.clone(),
        overview_link,
        first: index == 0,
        intro: lab.intro.clone(),
        discussion: lab.discussion.clone(),
        questions: lab.questions.clone(),
        controller: course.cluster.controller.clone(),
        kubernetes_version: version.to_string(),
        namespace: ns.map(str::to_owned),
        student_copy,
        clone: clone_command(course).filter(|_| index == 0),
        student_dir: course.info.student_dir.clone(),
        namespace_setup: namespace
            .as_ref()
            .filter(|_| first_in_namespace)
            .map(|(ns, file)| Shell {
                command: format!("kubectl apply -f {}", student_path_word(course, file)),
                output: kubectl::namespace_created(ns),
            }),
        manifest: manifest.clone(),
        manifest_language: if manifest_link.ends_with(".json") {
            "json"
        } else {
            "yaml"
        },
        manifest_text: manifest_text.trim_end().to_owned(),
        manifest_link,
        apply: Shell {
            command: kubectl::command(&format!("apply -f {manifest_word}"), ns),
            output: kubectl::apply_lines(objects).join("\n"),
        },
        needs_check: super::needs::check_command(&needs, ns),
        needs,
        needs_status: (
            super::needs::MISSING_FOR_VARIABLE,
            super::needs::MISSING_FOR_VOLUME,
        ),
        patches: super::needs::patches(objects),
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
            selector: kubectl::service_selector(&objects.service),
            ports: kubectl::service_ports(&objects.service),
            list: Shell {
                command: kubectl::command("get svc -o wide", ns),
                output: kubectl::svc_table(&objects.service),
            },
        },
        deployment: DeploymentFacts {
            name: objects.deployment.metadata.name.clone().unwrap_or_default(),
            container: container.name.clone(),
            containers: objects.containers().len(),
            image: container.image.clone().unwrap_or_default(),
            replicas,
        },
        pods: PodsFacts {
            starting: Shell {
                command: kubectl::command("get pods -o wide", ns),
                output: kubectl::pods_table(objects, replica_rows, PodPhase::Starting),
            },
            ready: kubectl::pods_table(objects, replica_rows, PodPhase::Ready),
            spread: replicas > 1 && nodes != 1,
        },
        top: Shell {
            command: kubectl::command("top pod", ns),
            output: kubectl::top_pod_rows(objects, replica_rows),
        },
        no_metrics: kubectl::NO_METRICS,
        metrics_not_yet: kubectl::METRICS_NOT_YET,
        readiness,
        resources: resources(container.resources.as_ref()),
        hardening: super::hardening::facts(lab, objects, &version.to_string(), !student_copy),
        fit: fit.map(|f| FitFacts {
            judged: !f.requests_nothing_counted(),
            max_replicas: f.max_replicas,
            limiting: f.limiting,
            exhausted: f.exhausted,
            per_node: f
                .per_node
                .iter()
                .map(|(nodes, each)| NodeShare {
                    nodes: *nodes,
                    each: *each,
                })
                .collect(),
            nodes: f.nodes,
            unschedulable_nodes: f.unschedulable_nodes,
            unknown: f.unknown,
            students: student_copy.then(|| {
                let most = objects
                    .autoscaler
                    .as_ref()
                    .and_then(crate::k8s::autoscaler_spec)
                    .map_or(replicas, |s| s.max_replicas);
                let pods_each = u64::try_from(most).unwrap_or(0);
                let total = pods_each.saturating_mul(u64::from(course.students));
                StudentsFit {
                    students: course.students,
                    pods_each,
                    total,
                    fits: total <= f.max_replicas,
                }
            }),
        }),
        access,
        load_test,
        autoscaler,
        changes,
        previous: index
            .checked_sub(1)
            .and_then(|p| course.labs.get(p))
            .map(|l| l.title.clone()),
        previous_cleanup,
        previous_same_service,
        runs_with: runs_with.iter().map(|(title, _)| title.clone()).collect(),
        cleanup: CleanupFacts {
            // This lab's objects, then those of the labs it ran alongside.
            delete: Shell {
                command: std::iter::once(kubectl::command(
                    &format!("delete -f {manifest_word}"),
                    ns,
                ))
                .chain(runs_with.iter().map(|(_, d)| d.command.clone()))
                .collect::<Vec<_>>()
                .join("\n"),
                output: std::iter::once(
                    kubectl::delete_lines(objects, objects_namespace, version).join("\n"),
                )
                .chain(runs_with.iter().map(|(_, d)| d.output.clone()))
                .collect::<Vec<_>>()
                .join("\n"),
            },
            check: Shell {
                command: kubectl::command("get pods -o wide", ns),
                output: kubectl::no_resources(objects_namespace),
            },
            next_shares_node_port,
            kept_for,
        },
        explained,
        pictures,
    }
}

/// How the topology picture names the address students use.
pub(crate) fn picture_address(course: &Course) -> String {
    let (address, expression, internal_only) = address(course);
    match (expression, internal_only, &course.cluster.controller) {
        (false, _, _) => address,
        (true, true, _) => "<a node's internal address>".to_owned(),
        (true, false, Some(controller)) => format!("<{controller}'s public address>"),
        (true, false, None) => "<the public address>".to_owned(),
    }
}

/// Builds an overview page's context: `pages` and `manifests` are each lab's page and
/// manifest, relative to the overview.
pub(crate) fn overview(
    course: &Course,
    namespace: Option<&str>,
    pages: &[String],
    manifests: &[String],
    pictures: &[Option<Image>],
) -> OverviewPage {
    OverviewPage {
        title: course.info.title.clone(),
        intro: course.info.intro.clone(),
        student_dir: course.info.student_dir.clone(),
        controller: course.cluster.controller.clone(),
        kubernetes_version: course.cluster.kubernetes_version.to_string(),
        namespace: namespace.map(str::to_owned),
        labs: course
            .labs
            .iter()
            .zip(pages.iter().zip(manifests))
            .enumerate()
            .map(|(i, (l, (page, manifest)))| OverviewLab {
                number: i + 1,
                title: l.title.clone(),
                page: page.clone(),
                manifest: manifest.clone(),
                picture: pictures.get(i).cloned().flatten(),
            })
            .collect(),
    }
}
