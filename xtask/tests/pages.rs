//! Lab pages: every command of the course's original pages is there, every shell block runs
//! as pasted, every fact is derived (templates hold no course value), course-file edits
//! reach the pages with no template edit, and the kubectl output follows the version.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::{Options, generate};
use pretty_assertions::assert_eq;
use std::path::Path;
use std::process::Command;
use xtask::render::default_config;
use xtask::workspace_root;

fn generated(path: &str) -> String {
    std::fs::read_to_string(workspace_root().join("generated").join(path)).unwrap()
}

/// The repository's course.
fn course() -> kubelab::spec::Course {
    kubelab::course::load(&default_config()).unwrap().course
}

/// Every course-specific value: names, image, ports and paths from the objects, and the
/// course facts pages show (folders, controller, address, test path, version, load tests).
fn course_facts() -> Vec<String> {
    let course = course();
    let mut facts = vec![
        course.info.student_dir.clone(),
        course.cluster.kubernetes_version.to_string(),
        course.info.load_test.time.clone(),
    ];
    facts.extend(course.cluster.controller.clone());
    facts.extend(course.cluster.public_address.clone());
    for lab in &course.labs {
        facts.push(lab.output.clone());
        facts.extend(lab.output.split('/').map(str::to_owned));
        facts.push(lab.app.test_path.clone());
        facts.extend(lab.app.test_request.clone());
        facts.extend(lab.load_test.as_ref().and_then(|t| t.time.clone()));
        let docs = lab.objects().documents().unwrap();
        let mut stack: Vec<&serde_json::Value> = docs.iter().collect();
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => stack.extend(m.values()),
                serde_json::Value::Array(a) => stack.extend(a),
                serde_json::Value::String(s)
                    if s.starts_with("ml-") || s.starts_with('/') || s.contains(':') =>
                {
                    facts.push(s.clone())
                }
                serde_json::Value::Number(n) if n.as_i64().is_some_and(|n| n >= 100) => {
                    facts.push(n.to_string())
                }
                _ => {}
            }
        }
    }
    facts.sort();
    facts.dedup();
    facts
}

#[test]
fn templates_contain_no_course_value() {
    let facts = course_facts();
    for expected in [
        "ml-kube-app",
        "ml-app",
        "node-0:5000/ml-app:0.0.1",
        "5000",
        "6000",
        "32000",
        "/test",
        "~/k8s-ml",
        "deploy_hpa",
        "deployment_lb.yaml",
        "node-0",
        "$(curl -s ifconfig.me/ip)",
        "1.26",
        "360s",
    ] {
        assert!(
            facts.contains(&expected.to_owned()),
            "fact list misses {expected}: {facts:?}"
        );
    }
    for entry in std::fs::read_dir(workspace_root().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for fact in &facts {
            assert!(
                !text.contains(fact.as_str()),
                "{} contains the literal `{fact}`",
                path.display()
            );
        }
    }
}

/// The commands of a page's shell blocks, white space folded.
fn shell_commands(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_shell = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_shell = line == "```sh";
            continue;
        }
        if in_shell {
            out.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

#[test]
fn every_command_of_the_original_pages_is_on_the_generated_page() {
    let fixtures = workspace_root().join("crates/kubelab/tests/fixtures/k8s-ml");
    for lab in ["deploy_k8s", "deploy_lb", "deploy_hpa"] {
        let originals = std::fs::read_to_string(fixtures.join(lab).join("commands.txt")).unwrap();
        let page = generated(&format!("{lab}/index.md"));
        let ours = shell_commands(&page);
        let mut checked = 0;
        for command in originals
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert!(
                ours.iter().any(|c| c == command),
                "{lab}: `{command}` is not a command of the generated page:\n{ours:#?}"
            );
            checked += 1;
        }
        assert!(checked >= 8, "{lab}: only {checked} commands");
    }
}

/// Every page a render writes, by path.
fn pages_of(dir: &Path) -> Vec<(String, String)> {
    kubelab::codegen::files_under(dir)
        .unwrap()
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

/// The challenge example (sweeps, student copies), rendered into a temporary folder.
fn render_challenge() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    render_ok(
        &workspace_root().join("examples/challenge.course.yaml"),
        out.path(),
    );
    out
}

#[test]
fn no_shell_block_holds_a_placeholder() {
    let challenge = render_challenge();
    let mut pages = pages_of(&workspace_root().join("generated"));
    pages.extend(pages_of(challenge.path()));
    assert!(pages.len() >= 14, "{} pages", pages.len());
    for (path, page) in pages {
        for command in shell_commands(&page) {
            let placeholder = command
                .find('<')
                .is_some_and(|start| command[start..].contains('>'));
            assert!(!placeholder, "{path}: `{command}` holds a placeholder");
        }
    }
}

#[test]
fn pages_show_what_kubectl_1_26_prints() {
    let single = generated("deploy_k8s/index.md");
    assert!(
        single.contains(
            "```text\nservice/ml-kube-service created\ndeployment.apps/ml-kube-app created\n```"
        ),
        "{single}"
    );
    // Before kubectl 1.34, delete does not name the namespace.
    assert!(single.contains(
        "```text\nservice \"ml-kube-service\" deleted\ndeployment.apps \"ml-kube-app\" deleted\n```"
    ));
    assert!(single.contains("ml-kube-service   NodePort   10.x.x.x     <none>        6000:32000/TCP   10s   app=ml-kube-app"));
    assert!(single.contains("ml-kube-app-<hash>-<suffix>   0/1     ContainerCreating   0"));
    assert!(single.contains("No resources found in default namespace."));
    assert!(single.contains("Kubernetes 1.26"));
    assert!(!single.contains("What changed"));

    let lb = generated("deploy_lb/index.md");
    assert!(
        lb.contains("- Service type: NodePort -> LoadBalancer\n- Deployment replicas: 1 -> 5\n"),
        "{lb}"
    );
    assert!(lb.contains("<pending>"));
    let pod_rows = lb
        .lines()
        .filter(|l| l.starts_with("ml-kube-app-<hash>-<suffix>   0/1"))
        .count();
    assert_eq!(pod_rows, 5, "one row per replica");

    let hpa = generated("deploy_hpa/index.md");
    assert!(hpa.contains("horizontalpodautoscaler.autoscaling/ml-app-hpa created"));
    // Before Kubernetes 1.30, TARGETS does not name the metric.
    assert!(
        hpa.contains(
            "ml-app-hpa   Deployment/ml-app-hpa   <cpu>%/40%   1         5         1          5m"
        ),
        "{hpa}"
    );
    assert!(hpa.contains("- added HorizontalPodAutoscaler ml-app-hpa, min 1, max 5, CPU 40%"));
    assert!(hpa.contains("not a kind of Service"));
    // The autoscaler is watched before the load starts.
    let watch = hpa.find("kubectl get hpa --watch").unwrap();
    let siege = hpa.find("siege -c").unwrap();
    assert!(watch < siege, "the watch comes after the load");
}

#[test]
fn the_first_page_explains_access_and_installs_siege_once() {
    let single = generated("deploy_k8s/index.md");
    assert!(single.contains("From outside the cluster, use the address that `$(curl -s ifconfig.me/ip)` prints on `node-0`"));
    assert!(single.contains("sudo apt-get update; sudo apt-get -y install siege"));
    assert!(single.contains("Run every command of this lab on `node-0`"));
    for later in ["deploy_lb/index.md", "deploy_hpa/index.md"] {
        let page = generated(later);
        assert!(!page.contains("apt-get"), "{later} installs siege again");
        assert!(!page.contains("From outside the cluster"), "{later}");
    }
    // The next lab's Service has this lab's name: no node-port reason to delete first.
    assert!(!single.contains("uses the same node port"));
    assert!(
        generated("deploy_lb/index.md").contains("If that lab is still deployed, delete it first")
    );
}

#[test]
fn the_overview_links_each_lab_in_order() {
    let overview = generated("README.md");
    let rows: Vec<&str> = overview
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #") && !l.starts_with("| -"))
        .collect();
    assert_eq!(
        rows,
        [
            "| 1 | [Serving a model on Kubernetes](deploy_k8s/index.md) | [`deploy_k8s/deployment_k8s.yaml`](deploy_k8s/deployment_k8s.yaml) |",
            "| 2 | [Load balancing across replicas](deploy_lb/index.md) | [`deploy_lb/deployment_lb.yaml`](deploy_lb/deployment_lb.yaml) |",
            "| 3 | [Autoscaling on CPU](deploy_hpa/index.md) | [`deploy_hpa/deployment_hpa.yaml`](deploy_hpa/deployment_hpa.yaml) |",
        ]
    );
}

/// The repository's course with `edit` applied, rendered into a temporary folder.
fn render_edited(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("course.yaml");
    let text = std::fs::read_to_string(default_config()).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(&config, edited).unwrap();
    render_ok(&config, &dir.path().join("out"));
    dir
}

#[test]
fn address_load_test_time_and_version_reach_the_pages_without_template_edits() {
    let dir = render_edited(|t| {
        t.replace(
            "publicAddress: $(curl -s ifconfig.me/ip)",
            "publicAddress: 203.0.113.10",
        )
        .replace("loadTest: { time: 360s }", "loadTest: { time: 7M }")
        .replace("kubernetesVersion: \"1.26\"", "kubernetesVersion: \"1.34\"")
    });
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    let single = read("deploy_k8s/index.md");
    assert!(
        single.contains("Open `http://203.0.113.10:32000` in a browser"),
        "{single}"
    );
    assert!(single.contains("siege -c 10 -t 30s http://203.0.113.10:32000/test"));
    assert!(!single.contains("curl -s ifconfig.me"));
    assert!(single.contains("service \"ml-kube-service\" deleted from default namespace"));
    assert!(single.contains("Kubernetes 1.34"));
    let hpa = read("deploy_hpa/index.md");
    assert!(
        hpa.contains("siege -c 10 -t 7M http://203.0.113.10:32000/test"),
        "{hpa}"
    );
    assert!(hpa.contains("stops the test after 420 seconds"));
    assert!(hpa.contains("cpu: <cpu>%/40%"), "{hpa}");
}

#[test]
fn a_node_port_edit_reaches_manifest_url_siege_and_svc_row_without_template_edits() {
    let dir = render_edited(|t| t.replace("nodePort: 32000", "nodePort: 31234"));
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    assert!(read("deploy_k8s/deployment_k8s.yaml").contains("nodePort: 31234"));
    let page = read("deploy_k8s/index.md");
    assert!(page.contains("6000:31234/TCP"), "{page}");
    assert!(page.contains("echo http://$(curl -s ifconfig.me/ip):31234"));
    assert!(page.contains("siege -c 10 -t 30s http://$(curl -s ifconfig.me/ip):31234/test"));
    assert!(!page.contains("32000"));
}

#[test]
fn json_pages_name_and_link_the_json_files() {
    let out = tempfile::tempdir().unwrap();
    xtask_ok(&["render", "--format", "json", "--out"], out.path());
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    let page = read("deploy_lb/index.md");
    assert!(page.contains("kubectl apply -f ~/k8s-ml/deploy_lb/deployment_lb.json"));
    assert!(page.contains("kubectl delete -f ~/k8s-ml/deploy_lb/deployment_lb.json"));
    assert!(!page.contains("deployment_lb.yaml"));
    assert!(
        read("README.md")
            .contains("[`deploy_lb/deployment_lb.json`](deploy_lb/deployment_lb.json)")
    );
    assert!(out.path().join("deploy_lb/deployment_lb.json").exists());
}

/// `cargo xtask render --config CONFIG --out OUT`, which must succeed.
fn render_ok(config: &Path, out: &Path) {
    let config = config.display().to_string();
    xtask_ok(&["render", "--config", &config, "--out"], out);
}

/// `cargo xtask ARGS OUT`, which must succeed.
fn xtask_ok(args: &[&str], out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn student_pages_use_the_students_namespace_and_node_port() {
    let out = render_challenge();
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    for n in 1..=4 {
        let ns = format!("student-0{n}");
        let page = read(&format!("students/{ns}/challenge/index.md"));
        // Every kubectl command but the one that creates the namespace.
        let kubectl: Vec<String> = shell_commands(&page)
            .into_iter()
            .filter(|c| c.contains("kubectl") && !c.ends_with("/namespace.yaml"))
            .collect();
        assert!(kubectl.len() >= 6, "{page}");
        for command in &kubectl {
            assert!(command.contains(&format!("-n {ns}")), "{ns}: `{command}`");
        }
        let node_port = 30000 + n - 1;
        assert!(
            page.contains(&format!(":{node_port}/")),
            "{ns}: node port {node_port}\n{page}"
        );
        assert!(page.contains(&format!("namespace/{ns} created")));
        let overview = read(&format!("students/{ns}/README.md"));
        assert!(overview.contains("(challenge/index.md)"), "{overview}");
    }
}

fn lab_course(templates: &Path) -> kubelab::spec::Course {
    let mut course = course();
    course.info.templates = Some(templates.to_path_buf());
    course
}

#[test]
fn template_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        workspace_root().join("templates/overview.md.j2"),
        dir.path().join("overview.md.j2"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("lab.md.j2"),
        "# {{ title }}\n\n{{ no_such_fact }}\n",
    )
    .unwrap();
    let err = generate(&lab_course(dir.path()), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("lab.md.j2:3: undefined value"), "{err}");
    std::fs::write(dir.path().join("lab.md.j2"), "ok\n{% if %}\n").unwrap();
    let err = generate(&lab_course(dir.path()), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("lab.md.j2:2: syntax error"), "{err}");
}

#[test]
fn a_course_file_may_use_its_own_templates_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(
        dir.path().join("mine/lab.md.j2"),
        "Lab {{ number }} uses {{ service.ports }}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mine/overview.md.j2"),
        "{{ labs | length }} labs\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(default_config()).unwrap();
    let config = dir.path().join("course.yaml");
    std::fs::write(
        &config,
        text.replace(
            "  studentDir: ~/k8s-ml",
            "  studentDir: ~/k8s-ml\n  templates: mine",
        ),
    )
    .unwrap();
    let course = kubelab::course::load(&config).unwrap();
    let rendered = generate(
        &course,
        &Options::builder()
            .pages(kubelab::Pages::Folder(workspace_root().join("templates")))
            .build(),
    )
    .unwrap();
    let page = rendered
        .files
        .iter()
        .find(|f| f.path == "deploy_lb/index.md")
        .unwrap();
    assert_eq!(page.contents, "Lab 2 uses 6000:32000/TCP\n");
}

#[test]
fn templates_may_share_macros_from_another_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shared.md.j2"),
        "{% macro shell(command) %}$ {{ command }}{% endmacro %}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("lab.md.j2"),
        "{% import \"shared.md.j2\" as m %}\n{{ m.shell(apply.command) }}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("overview.md.j2"), "overview\n").unwrap();
    let rendered = generate(&lab_course(dir.path()), &Options::default()).unwrap();
    let page = rendered
        .files
        .iter()
        .find(|f| f.path == "deploy_k8s/index.md")
        .unwrap();
    assert_eq!(
        page.contents,
        "$ kubectl apply -f ~/k8s-ml/deploy_k8s/deployment_k8s.yaml\n"
    );
}

#[test]
fn validation_warnings_stay_off_the_students_pages() {
    let mut course = lab_course(&workspace_root().join("templates"));
    course.labs[2].deployment.replicas = Some(3);
    let rendered = generate(&course, &Options::default()).unwrap();
    assert_eq!(rendered.warnings.len(), 1);
    assert_eq!(
        rendered.warnings[0].rule,
        kubelab::Rule::AutoscaledReplicasPinned
    );
    let report = rendered.author_report(&course);
    assert!(
        report.contains("`labs[2].deployment.replicas` (autoscaled-replicas-pinned)"),
        "{report}"
    );
    for file in rendered.files.iter().filter(|f| f.path.ends_with(".md")) {
        assert!(
            !file.contents.contains("[rule "),
            "{} shows a rule",
            file.path
        );
        assert!(
            !file.contents.contains("labs[2]"),
            "{} shows a course path",
            file.path
        );
    }
}

#[test]
fn the_challenge_example_sweeps_and_copies_per_student() {
    let out = render_challenge();
    let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
    let summary = read("challenge/sweep.md");
    let rows: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), 12, "{summary}");
    assert!(
        rows[0].ends_with("| yes | 5 | 9 | cpu 2.5, memory 10Gi |"),
        "{}",
        rows[0]
    );
    assert!(
        rows[11].ends_with("| no | 10 | 3 | cpu 20, memory 20Gi |"),
        "{}",
        rows[11]
    );
    let variant = read("challenge/sweep/12-requests.cpu-2_maxReplicas-10_targetCPU-70pct.yaml");
    assert!(
        variant.contains("cpu: \"2\"")
            && variant.contains("maxReplicas: 10")
            && variant.contains("averageUtilization: 70")
    );
    let mut node_ports = Vec::new();
    for n in 1..=4 {
        let copy = read(&format!(
            "students/student-0{n}/challenge/deployment_challenge.yaml"
        ));
        assert_eq!(
            copy.matches(&format!("namespace: student-0{n}")).count(),
            3,
            "{copy}"
        );
        node_ports.extend(
            copy.lines()
                .filter_map(|l| l.trim().strip_prefix("- nodePort: ").map(str::to_owned)),
        );
        assert!(read(&format!("students/student-0{n}/namespace.yaml")).contains("kind: Namespace"));
    }
    assert_eq!(node_ports, ["30000", "30001", "30002", "30003"]);
}

#[test]
fn labs_in_turn_share_a_node_port_and_the_pages_say_how() {
    // The course's labs reuse node port 32000: lab 2 with the Service of the same name
    // (applying it changes that Service in place), lab 3 with another Service (which the
    // API server would refuse while lab 2's holds the port).
    let lb = generated("deploy_lb/index.md");
    assert!(
        lb.contains("its Service has the same name as this lab's"),
        "{lb}"
    );
    let hpa = generated("deploy_hpa/index.md");
    assert!(
        hpa.contains("`provided port is already allocated`"),
        "{hpa}"
    );
    assert!(
        hpa.contains("kubectl delete -f ~/k8s-ml/deploy_lb/deployment_lb.yaml"),
        "{hpa}"
    );
    // Lab 1 need not be deleted because of the node port: lab 2 changes its Service in
    // place. Lab 2 must be, before lab 3, whose Service of another name wants the port.
    let single = generated("deploy_k8s/index.md");
    assert!(
        !single.contains("Do delete them before the next lab"),
        "{single}"
    );
    assert!(
        lb.contains("Do delete them before the next lab, Autoscaling on CPU: its Service, under another name, uses the same node port"),
        "{lb}"
    );
}

#[test]
fn a_lab_that_runs_alongside_another_keeps_it_and_then_deletes_both() {
    // Lab 3 gets its own node port and runs while lab 2 stays deployed.
    let dir = render_edited(|t| {
        t.replace(
            "    service: { name: ml-service-lb, type: LoadBalancer }\n",
            "    service: { name: ml-service-lb, type: LoadBalancer, ports: [{ port: 6000, targetPort: 5000, nodePort: 32001 }] }\n    runsWith: [lb]\n",
        )
    });
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    let lb = read("deploy_lb/index.md");
    assert!(
        lb.contains("Leave this lab deployed: Autoscaling on CPU runs alongside it"),
        "{lb}"
    );
    assert!(
        !lb.contains("kubectl delete -f ~/k8s-ml/deploy_lb/deployment_lb.yaml"),
        "{lb}"
    );
    let hpa = read("deploy_hpa/index.md");
    assert!(hpa.contains("This lab runs alongside Load balancing across replicas"));
    assert!(!hpa.contains("provided port is already allocated"), "{hpa}");
    assert!(
        hpa.contains(
            "kubectl delete -f ~/k8s-ml/deploy_hpa/deployment_hpa.yaml\nkubectl delete -f ~/k8s-ml/deploy_lb/deployment_lb.yaml\n"
        ),
        "{hpa}"
    );
    assert!(
        hpa.contains("deployment.apps \"ml-kube-app\" deleted"),
        "{hpa}"
    );
}

/// The files a page's commands apply or delete (`-f <studentDir>/<path>`) and the files its
/// Markdown links name, as paths in the output folder.
fn files_named_by(page_path: &str, page: &str, student_dir: &str) -> Vec<String> {
    let prefix = format!("{}/", student_dir.trim_end_matches('/'));
    let mut named: Vec<String> = shell_commands(page)
        .iter()
        .flat_map(|c| {
            let words: Vec<&str> = c.split(' ').collect();
            words
                .windows(2)
                .filter(|w| w[0] == "-f")
                .filter_map(|w| w[1].strip_prefix(&prefix).map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .collect();
    let folder = Path::new(page_path).parent().unwrap_or(Path::new(""));
    for link in page.split("](").skip(1) {
        let target = link.split(')').next().unwrap_or_default();
        if !target.contains("://") && !target.starts_with('#') && !target.is_empty() {
            let mut path = folder.to_path_buf();
            for part in target.split('/') {
                match part {
                    ".." => assert!(path.pop(), "{page_path}: link {target} leaves the output"),
                    "." => {}
                    p => path.push(p),
                }
            }
            named.push(path.display().to_string());
        }
    }
    named
}

#[test]
fn every_file_a_page_applies_deletes_or_links_was_written_in_either_format() {
    for config in [
        "course.yaml",
        "examples/challenge.course.yaml",
        "examples/hardened.course.yaml",
    ] {
        let config = workspace_root().join(config);
        let student_dir = kubelab::course::load(&config)
            .unwrap()
            .course
            .info
            .student_dir;
        for format in ["yaml", "json"] {
            let out = tempfile::tempdir().unwrap();
            let shown = config.display().to_string();
            xtask_ok(
                &["render", "--config", &shown, "--format", format, "--out"],
                out.path(),
            );
            let mut checked = 0;
            for (path, page) in pages_of(out.path()) {
                for file in files_named_by(&path, &page, &student_dir) {
                    assert!(
                        out.path().join(&file).is_file(),
                        "{shown} ({format}): {path} names {file}, which was not written"
                    );
                    checked += 1;
                }
            }
            assert!(
                checked >= 10,
                "{shown} ({format}): only {checked} files named"
            );
        }
    }
}
