//! Lab pages: every fact is derived (templates hold no lab values), a nodePort edit
//! reaches the page, template errors name file and line, warnings reach the page.

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

/// Every lab-specific value of the course: names, image, ports, paths.
fn course_facts() -> Vec<String> {
    let course = kubelab::course::load(&default_config()).unwrap();
    let mut facts = vec![course.info.student_dir.clone()];
    for lab in &course.labs {
        facts.push(lab.output.clone());
        facts.extend(lab.output.split('/').map(str::to_owned));
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
fn templates_contain_no_literal_lab_name_port_path_or_image() {
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

#[test]
fn pages_show_what_kubectl_prints() {
    let single = generated("deploy_k8s/index.md");
    assert!(
        single.contains(
            "```text\nservice/ml-kube-service created\ndeployment.apps/ml-kube-app created\n```"
        ),
        "{single}"
    );
    assert!(single.contains("kubectl apply -f ~/k8s-ml/deploy_k8s/deployment_k8s.yaml"));
    assert!(
        single.contains(
            "service \"ml-kube-service\" deleted\ndeployment.apps \"ml-kube-app\" deleted"
        )
    );
    assert!(single.contains("ml-kube-service   NodePort   10.x.x.x     <none>        6000:32000/TCP   10s   app=ml-kube-app"));
    assert!(single.contains("siege -c 10 -t 30S http://<node address>:32000/test"));
    assert!(single.contains("after 3 successful `GET /test` on port 5000 in a row"));
    assert!(!single.contains("What changed"));

    let lb = generated("deploy_lb/index.md");
    assert!(
        lb.contains("- Service type: NodePort -> LoadBalancer\n- Deployment replicas: 1 -> 5\n"),
        "{lb}"
    );
    assert!(lb.contains("<pending>"));

    let hpa = generated("deploy_hpa/index.md");
    assert!(hpa.contains("horizontalpodautoscaler.autoscaling/ml-app-hpa created"));
    assert!(hpa.contains("kubectl get hpa ml-app-hpa --watch"));
    assert!(hpa.contains("- added HorizontalPodAutoscaler ml-app-hpa, min 1, max 5, CPU 40%"));
    assert!(hpa.contains("not a kind of\n  Service"));
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

#[test]
fn a_node_port_edit_reaches_manifest_url_siege_and_svc_row_without_template_edits() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("course.yaml");
    let text = std::fs::read_to_string(default_config()).unwrap();
    std::fs::write(&config, text.replace("nodePort: 32000", "nodePort: 31234")).unwrap();
    let out = dir.path().join("out");
    render_ok(&config, &out);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    assert!(read("deploy_k8s/deployment_k8s.yaml").contains("nodePort: 31234"));
    let page = read("deploy_k8s/index.md");
    assert!(page.contains("6000:31234/TCP"), "{page}");
    assert!(page.contains("`http://<node address>:31234/test`"));
    assert!(page.contains("siege -c 10 -t 30S http://<node address>:31234/test"));
    assert!(!page.contains("32000"));
}

/// `cargo xtask render --config CONFIG --out OUT`, which must succeed.
fn render_ok(config: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["render", "--config"])
        .arg(config)
        .arg("--out")
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

/// The repository's course, with `templates` as its templates folder.
fn lab_course(templates: &Path) -> kubelab::spec::Course {
    let mut course = kubelab::course::load(&default_config()).unwrap();
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
        "Lab {{ number }} uses {{ service.table.ports }}\n",
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
        &Options {
            templates: Some(workspace_root().join("templates")),
            ..Options::default()
        },
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
        "{% import \"shared.md.j2\" as m %}\n{{ m.shell(apply_command) }}\n",
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
fn validation_warnings_appear_on_their_lab_page() {
    let mut course = lab_course(&workspace_root().join("templates"));
    course.labs[2].deployment.replicas = Some(3);
    let rendered = generate(&course, &Options::default()).unwrap();
    assert_eq!(rendered.warnings.len(), 1);
    let page = |p: &str| {
        rendered
            .files
            .iter()
            .find(|f| f.path == p)
            .unwrap()
            .contents
            .clone()
    };
    assert!(page("deploy_hpa/index.md").contains("## Warnings\n\nkubelab accepted this lab with these warnings:\n\n- warning: labs[2].deployment.replicas: Invalid value: 3"), "{}", page("deploy_hpa/index.md"));
    assert!(!page("deploy_lb/index.md").contains("## Warnings"));
}

#[test]
fn the_challenge_example_sweeps_and_copies_per_student() {
    let out = tempfile::tempdir().unwrap();
    let config = workspace_root().join("examples/challenge.course.yaml");
    render_ok(&config, out.path());
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
