//! Pages a student can trust: every output block is what kubectl prints, every "because"
//! follows from the labs' objects, the wording holds for every shape of course, every shell
//! block passes each value to its command whole (bash, and zsh where installed), and a
//! concept is explained once. The siege lines are checked against the real siege in
//! `siege.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use xtask::workspace_root;

/// Every file a course file's text generates (pages from the built-in templates).
fn render(text: &str) -> BTreeMap<String, String> {
    let course = kubelab::course::parse(text, "course.yaml").unwrap_or_else(|e| panic!("{e}"));
    kubelab::generate(&course, &kubelab::Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The pages of the repository's course and of the examples, by name.
fn course_pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for file in [
        "course.yaml",
        "examples/challenge.course.yaml",
        "examples/hardened.course.yaml",
    ] {
        let text = std::fs::read_to_string(workspace_root().join(file)).unwrap();
        for (path, contents) in render(&text) {
            if path.ends_with("index.md") {
                pages.push((format!("{file}: {path}"), contents));
            }
        }
    }
    assert!(pages.len() > 10, "{} pages", pages.len());
    pages
}

/// The lab pages of one rendered course, in lab order of their folder names as given.
fn page<'a>(files: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", files.keys()))
}

/// The code blocks of `page` with their language.
fn blocks(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in page.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some((lang.to_owned(), String::new())),
            (Some(_), Some("")) => out.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// Whether `age` is a value of apimachinery's `HumanDuration` (pkg/util/duration): `Ns`
/// below 120 s, `NmMs` or `Nm` from 2 to 9 minutes, `Nm` below 180 minutes, then hours and
/// days. Written from the Go source's branches, not from kubelab's printer.
fn is_human_duration(age: &str) -> bool {
    let number = |s: &str| s.parse::<u64>().ok();
    if let Some(s) = age.strip_suffix('s') {
        if let Some((m, s)) = s.split_once('m') {
            return matches!((number(m), number(s)), (Some(2..=9), Some(1..=59)));
        }
        return matches!(number(s), Some(0..=119));
    }
    if let Some(m) = age.strip_suffix('m') {
        if let Some((h, m)) = m.split_once('h') {
            return matches!((number(h), number(m)), (Some(3..=7), Some(1..=59)));
        }
        return matches!(number(m), Some(2..=179));
    }
    if let Some(h) = age.strip_suffix('h') {
        if let Some((d, h)) = h.split_once('d') {
            return matches!((number(d), number(h)), (Some(2..=7), Some(1..=23)));
        }
        return matches!(number(h), Some(3..=47));
    }
    age.strip_suffix('d')
        .and_then(number)
        .is_some_and(|d| (2..730).contains(&d))
}

#[test]
fn every_age_in_an_output_block_is_one_kubectl_prints() {
    assert!(
        !is_human_duration("1m"),
        "kubectl prints 60s..119s, never 1m"
    );
    assert!(is_human_duration("90s") && is_human_duration("5m") && is_human_duration("3m10s"));
    let mut seen = 0;
    for (name, page) in course_pages() {
        for (_, block) in blocks(&page) {
            let mut lines = block.lines();
            let Some(header) = lines.next() else { continue };
            let Some(at) = header.find("AGE") else {
                continue;
            };
            for row in lines {
                let age: String = row
                    .get(at..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                assert!(is_human_duration(&age), "{name}: AGE {age:?} in\n{block}");
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} ages");
}

#[test]
fn kubectl_top_shows_a_row_a_pod_and_says_when_there_are_no_metrics_yet() {
    let files = render(&std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap());
    let lb = page(&files, "deploy_lb/index.md");
    assert!(lb.contains("`error: metrics not available yet`"), "{lb}");
    let top = blocks(lb)
        .into_iter()
        .find(|(_, b)| b.starts_with("NAME") && b.contains("CPU(cores)"))
        .unwrap()
        .1;
    // The header and one row for each of the lab's 5 pods: kubectl never prints the header
    // alone (metrics_printer.go prints nothing without metrics).
    assert_eq!(top.lines().count(), 6, "{top}");
    assert!(
        top.lines()
            .nth(1)
            .unwrap()
            .ends_with("<cpu>m       <memory>Mi"),
        "{top}"
    );
}

#[test]
fn readiness_returns_after_its_successes_and_the_timeout_is_explained() {
    let files = render(&std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap());
    let single = page(&files, "deploy_k8s/index.md");
    // kubelet prober/worker.go doProbe: a result changes only after successThreshold
    // results in a row (failureThreshold for failures).
    assert!(
        single.contains("After 3 failures in a row it is taken out of the Service again, and it is back only after 3 successes in a row once more."),
        "{single}"
    );
    assert!(!single.contains("until it passes once more"));
    assert!(single.contains("The kubelet waits 1 second for each answer (`timeoutSeconds`)"));
}

#[test]
fn a_tie_between_cpu_and_memory_names_both() {
    let files = render(&std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap());
    let single = page(&files, "deploy_k8s/index.md");
    // 4 CPUs less 250m hold 3 pods of 1 CPU; 8Gi less 512Mi hold 3 of 2Gi.
    assert!(
        single.contains("their cpu and memory requests use up the nodes at the same count"),
        "{single}"
    );
}

#[test]
fn the_autoscaler_row_is_the_one_a_student_sees_when_the_page_starts_the_watch() {
    let files = render(&std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap());
    let hpa = page(&files, "deploy_hpa/index.md");
    let watch = hpa.find("kubectl get hpa --watch").unwrap();
    let load = hpa.find("siege -c").unwrap();
    assert!(watch < load);
    // Started minutes after apply: measured, the starting replica counted, AGE in minutes.
    assert!(
        hpa.contains(
            "ml-app-hpa   Deployment/ml-app-hpa   <cpu>%/40%   1         5         1          5m"
        ),
        "{hpa}"
    );
    assert!(!hpa.contains("Shortly after `apply`"));
}

#[test]
fn what_changed_leads_with_what_matters_and_groups_the_names() {
    let files = render(&std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap());
    let hpa = page(&files, "deploy_hpa/index.md");
    assert!(
        hpa.contains("- added HorizontalPodAutoscaler ml-app-hpa, min 1, max 5, CPU 40%\n- Deployment replicas: 5 -> 1\n- New names;"),
        "{hpa}"
    );
}

/// A course of one autoscaled lab, reached at a node's internal address, whose probe
/// starts at once and whose app is no model: what the pages say must hold for it.
const ONE_LAB: &str = r#"
course: { title: One lab, studentDir: "~/one", loadTest: { time: 5M } }
cluster: { nodes: [{ count: 2, allocatable: { cpu: "4", memory: 8Gi } }] }
labs:
  - id: web
    title: Web
    output: web/app.yaml
    app: { testPath: /healthz }
    deployment:
      name: web
      image: nginx:1.27
      ports: [{ containerPort: 80 }]
      readinessProbe: { path: /healthz, port: 80, periodSeconds: 5 }
      resources: { requests: { cpu: 500m, memory: 1Gi } }
    service: { name: web, type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }
    autoscaler: { minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 50 }
"#;

#[test]
fn the_wording_holds_for_a_course_of_one_lab() {
    let files = render(ONE_LAB);
    let web = page(&files, "web/index.md");
    for untrue in [
        "runs longer than the ones before",
        "other labs",
        "0 seconds after the container starts",
        "model",
        "Open the address it prints in a browser",
        "the ones before",
    ] {
        assert!(!web.contains(untrue), "says {untrue:?}:\n{web}");
    }
    assert!(web.contains("the first time as soon as the container starts"));
    assert!(web.contains("It is a node's internal address"), "{web}");
}

/// A course whose values a shell would cut or expand: a folder with a space, a test path
/// with `&`, `?` and `=`, a repository URL with `&`.
const HOSTILE: &str = r#"
course:
  title: Hostile
  studentDir: "~/ml course"
  repository: { url: "https://example.org/c.git?a=1&b=2", folder: "gen files" }
  loadTest: { time: 5M }
cluster: { publicAddress: "$(curl -s ifconfig.me/ip)" }
defaults:
  app: { testPath: "/predict?text=great&lang=en" }
  deployment:
    image: nginx:1.27
    ports: [{ containerPort: 80 }]
    readinessProbe: { path: /, port: 80 }
    resources: { requests: { cpu: 500m } }
  service: { ports: [{ port: 80, nodePort: 30080 }] }
labs:
  - { id: a, title: A, output: "lab a/app.yaml", deployment: { name: a }, service: { name: a, type: NodePort } }
  - id: b
    title: B
    output: "lab b/app.yaml"
    deployment: { name: b }
    service: { name: b, type: LoadBalancer }
    autoscaler: { minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 }
students: 1
"#;

/// Stub commands that record their arguments, one per line, each call ended by `--`.
const STUBS: &str = r#"
log() { for a in "$@"; do printf '%s\n' "$a" >> "$ARGV_LOG"; done; printf -- '--\n' >> "$ARGV_LOG"; }
kubectl() { log kubectl "$@"; }
siege() { log siege "$@"; }
git() { log git "$@"; }
watch() { log watch "$@"; }
sudo() { log sudo "$@"; }
curl() { printf '203.0.113.7'; }
"#;

/// Runs `block` with `shell` and the stubs; the calls it made, each as its arguments.
fn run_block(shell: &str, block: &str, home: &Path) -> Vec<Vec<String>> {
    let log = home.join("argv.log");
    let _ = std::fs::remove_file(&log);
    let script = format!("{STUBS}\n{block}");
    let mut cmd = Command::new(shell);
    if shell == "zsh" {
        cmd.args(["-f", "-c", &script]);
    } else {
        cmd.args(["-c", &script]);
    }
    let out = cmd
        .env("HOME", home)
        .env("ARGV_LOG", &log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{shell} failed on:\n{block}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let mut calls = Vec::new();
    let mut call = Vec::new();
    for line in text.lines() {
        if line == "--" {
            calls.push(std::mem::take(&mut call));
        } else {
            call.push(line.to_owned());
        }
    }
    // `echo` is the shell's own: what it printed is one more call.
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !printed.is_empty() {
        calls.push(vec!["echo".to_owned(), printed]);
    }
    calls
}

fn shell_installed(shell: &str) -> bool {
    Command::new(shell)
        .args(["-c", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn every_value_in_a_shell_block_reaches_its_command_whole() {
    let files = render(HOSTILE);
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    // Each copy has its node port: the address, a port, then the test path, whole.
    let is_url = |arg: &str, path: &str| {
        arg.strip_prefix("http://203.0.113.7:")
            .and_then(|rest| rest.strip_suffix(path))
            .is_some_and(|port| port.len() == 5 && port.chars().all(|c| c.is_ascii_digit()))
    };
    let manifests: BTreeSet<String> = files
        .keys()
        .filter(|p| p.ends_with(".yaml") && !p.ends_with("schema.json"))
        .map(|p| format!("{h}/ml course/gen files/{p}"))
        .collect();
    let mut shells = vec!["bash"];
    if shell_installed("zsh") {
        shells.push("zsh");
    } else {
        println!("zsh is not installed here: the blocks ran with bash only");
    }
    let (mut files_seen, mut urls_seen, mut clones) = (0, 0, 0);
    for (path, page) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        for (lang, block) in blocks(page) {
            if lang != "sh" {
                continue;
            }
            let syntax = Command::new("bash")
                .args(["-n", "-c", &block])
                .output()
                .unwrap();
            assert!(syntax.status.success(), "{path}: bash -n:\n{block}");
            for shell in &shells {
                for call in run_block(shell, &block, home.path()) {
                    let args = &call[1..];
                    match call[0].as_str() {
                        "kubectl" => {
                            if let Some(i) = args.iter().position(|a| a == "-f") {
                                let file = &args[i + 1];
                                assert!(manifests.contains(file), "{shell} {path}: -f {file:?}");
                                files_seen += 1;
                            }
                        }
                        "siege" => {
                            let arg = args.last().unwrap();
                            assert!(
                                is_url(arg, "/predict?text=great&lang=en"),
                                "{shell} {path}: {arg}"
                            );
                            urls_seen += 1;
                        }
                        "echo" => assert!(is_url(&args[0], ""), "{shell} {path}: {}", args[0]),
                        "git" => {
                            assert_eq!(
                                args,
                                [
                                    "clone",
                                    "https://example.org/c.git?a=1&b=2",
                                    &format!("{h}/ml course")
                                ],
                                "{shell} {path}"
                            );
                            clones += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(
        files_seen >= 6 && urls_seen >= 2 && clones >= 1,
        "{files_seen} {urls_seen} {clones}"
    );
}

/// Paragraphs of 200 characters or more, outside code blocks.
fn long_paragraphs(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut paragraph = String::new();
    for line in page.lines().chain([""]) {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if line.trim().is_empty() {
            if paragraph.len() >= 200 {
                out.push(paragraph.clone());
            }
            paragraph.clear();
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    out
}

#[test]
fn no_long_paragraph_appears_word_for_word_on_two_lab_pages_of_a_course() {
    let mut lab_pages = 0;
    for file in [
        "course.yaml",
        "examples/challenge.course.yaml",
        "examples/hardened.course.yaml",
    ] {
        let files = render(&std::fs::read_to_string(workspace_root().join(file)).unwrap());
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (path, page) in files
            .iter()
            .filter(|(p, _)| p.ends_with("index.md") && !p.starts_with("students/"))
        {
            lab_pages += 1;
            for paragraph in long_paragraphs(page) {
                if let Some(first) = seen.insert(paragraph.clone(), path.clone()) {
                    panic!("{file}: on {first} and {path}:\n{paragraph}");
                }
            }
        }
    }
    assert!(lab_pages >= 7, "{lab_pages} lab pages");
}

#[test]
fn each_lab_page_shows_its_manifest_and_the_first_says_how_to_get_the_files() {
    let files = render(HOSTILE);
    for lab in ["lab a", "lab b"] {
        let page = page(&files, &format!("{lab}/index.md"));
        let manifest = page_manifest(&files, &format!("{lab}/app.yaml"));
        assert!(
            page.contains(&format!("```yaml\n{}\n```", manifest.trim_end())),
            "{lab}"
        );
        assert!(
            page.contains("<a href=\"app.yaml\">open the file</a>"),
            "{lab}"
        );
    }
    let first = page(&files, "lab a/index.md");
    assert!(
        first.contains("git clone \"https://example.org/c.git?a=1&b=2\" ~/\"ml course\""),
        "{first}"
    );
    assert!(
        first.contains("`~/ml course/gen files/lab a/app.yaml` holds"),
        "{first}"
    );
    assert!(!page(&files, "lab b/index.md").contains("git clone"));
}

fn page_manifest<'a>(files: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    page(files, path)
}

#[test]
fn a_students_page_says_when_every_copy_at_once_does_not_fit() {
    let text =
        std::fs::read_to_string(workspace_root().join("examples/challenge.course.yaml")).unwrap();
    let files = render(&text);
    let (path, copy) = files
        .iter()
        .find(|(p, _)| p.starts_with("students/student-01/") && p.ends_with("index.md"))
        .unwrap();
    // 4 students, each copy up to 5 pods of 1 CPU, on nodes that hold 9.
    assert!(
        copy.contains("The 4 students' copies of this lab, all at once, may run 20 pods (4 × 5), more than the 9 that fit: once the cluster is full, the pods beyond stay `Pending`"),
        "{path}:\n{copy}"
    );
    let fewer = render(&text.replace("students: 4", "students: 1"));
    let one = fewer
        .iter()
        .find(|(p, _)| p.starts_with("students/student-01/") && p.ends_with("index.md"))
        .unwrap()
        .1;
    assert!(
        one.contains("all at once, run at most 5 pods: they fit."),
        "{one}"
    );
}
