//! The corpus of bad inputs (`tests/corpus/invalid/`): each file breaks one rule, named in
//! its header with the field path. Each must fail with that exact path and rule, and none
//! may panic. The CLI side (exit code 2, nothing written) is in `xtask/tests/corpus_cli.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::{Error, Options, Reach, Rule, course, generate};
use std::path::{Path, PathBuf};
use support::fixture_course;

struct Case {
    file: PathBuf,
    rule: String,
    path: String,
    deny_warnings: bool,
    text: String,
}

fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
}

/// The files of `tests/corpus/<dir>`, in name order.
fn corpus(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn cases() -> Vec<Case> {
    corpus("invalid")
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            Case {
                rule: header(&text, "rule").expect("# rule: header").to_owned(),
                path: header(&text, "path").expect("# path: header").to_owned(),
                deny_warnings: header(&text, "deny-warnings") == Some("true"),
                file,
                text,
            }
        })
        .collect()
}

/// The error message for a course file, or None when it renders.
fn error_of(text: &str, deny_warnings: bool) -> Option<String> {
    let course = match course::parse(text, "case.yaml") {
        Ok(c) => c,
        Err(e) => return Some(e.to_string()),
    };
    let options = Options::builder().deny_warnings(deny_warnings).build();
    match generate(&course, &options) {
        Ok(_) => None,
        Err(e @ Error::Invalid(_)) => Some(e.to_string()),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

/// Each bad input reports exactly the rules it expects: the one it names (`# rule:`) and
/// those its `# also:` headers list, nothing else. An `# also:` is another mistake of the
/// same file (`several-mistakes.yaml`: one run reports every one), or a second mistake
/// the input carries on purpose (the oversized objects repeat one variable).
#[test]
fn every_bad_input_reports_exactly_its_rules() {
    let mut wrong = Vec::new();
    for case in cases() {
        let Some(msg) = error_of(&case.text, case.deny_warnings) else {
            continue; // every_bad_input_fails_with_its_exact_path_and_rule says so
        };
        let mut got: Vec<&str> = msg
            .lines()
            .filter_map(|l| l.split("[rule ").nth(1))
            .filter_map(|r| r.split([';', ']']).next())
            .collect();
        got.sort_unstable();
        got.dedup();
        let mut expected: Vec<&str> = case
            .text
            .lines()
            .filter_map(|l| l.strip_prefix("# also: "))
            .chain([case.rule.as_str()])
            .collect();
        expected.sort_unstable();
        expected.dedup();
        if got != expected {
            wrong.push(format!(
                "{}: {got:?}, expected {expected:?}",
                case.file.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_bad_input_fails_with_its_exact_path_and_rule() {
    for case in cases() {
        let name = case.file.display();
        let msg =
            error_of(&case.text, case.deny_warnings).unwrap_or_else(|| panic!("{name}: accepted"));
        let line = msg
            .lines()
            .find(|l| l.contains(&format!("[rule {}", case.rule)))
            .unwrap_or_else(|| panic!("{name}: no rule {} in\n{msg}", case.rule));
        assert!(
            line.contains(&format!(" {}: ", case.path))
                || line.starts_with(&format!("{}: ", case.path)),
            "{name}: path {} not in\n{line}",
            case.path
        );
        assert!(
            line.contains("fix: ") || line.contains("did you mean") || line.contains("rule:"),
            "{name}: no hint in\n{line}"
        );
    }
}

#[test]
fn the_base_of_the_corpus_is_valid_and_clean() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid/base.yaml"),
    )
    .unwrap();
    let course = course::parse(&text, "base.yaml").unwrap();
    let report = validate(&course);
    assert_eq!(report.violations, vec![], "{report}");
}

fn validate(course: &kubelab::course::Parsed) -> kubelab::validate::Report {
    kubelab::validate::course(&kubelab::Resolved::new(course))
}

#[test]
fn the_course_labs_validate_with_no_errors_and_no_warnings_and_fit_the_cluster() {
    let course = fixture_course();
    assert!(!course.cluster.nodes.is_empty());
    let report = validate(&course);
    assert_eq!(report.violations, vec![], "{report}");
}

#[test]
fn five_replicas_of_two_cpus_do_not_fit_and_the_error_says_why() {
    let mut course = fixture_course();
    course.labs[1].deployment.replicas = Some(5);
    course.labs[1].deployment.resources = kubelab::spec::Resources::new()
        .request("cpu", "2")
        .request("memory", "2Gi")
        .limit("cpu", "2");
    let report = validate(&course);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(errors[0].contains(":54:48: labs[1].deployment.replicas: Invalid value: 5: only 3 replicas of this pod fit on the 3 nodes that take pods (cpu requests use up the nodes first); the other 2 would stay Pending [rule cluster-fit-replicas"), "{}", errors[0]);
    assert!(
        errors[0].ends_with("fix: use at most 3 replicas, or lower resources.requests.cpu"),
        "{}",
        errors[0]
    );
}

#[test]
fn an_unreachable_autoscaler_maximum_is_a_warning_with_the_reachable_maximum() {
    let mut course = fixture_course();
    course.labs[2].autoscaler.as_mut().unwrap().max_replicas = 10;
    let report = validate(&course);
    assert!(report.is_ok());
    let warnings: Vec<String> = report.warnings().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{report}");
    assert!(warnings[0].contains(":65:20: labs[2].autoscaler.maxReplicas: Invalid value: 10: can never be reached: at most 9 replicas of this pod fit on the cluster (cpu and memory requests use up the nodes at the same count)"), "{}", warnings[0]);
}

#[test]
fn every_rule_a_course_file_can_break_has_a_case() {
    let covered: Vec<String> = cases().into_iter().map(|c| c.rule).collect();
    for rule in Rule::ALL {
        if rule.reach() == Reach::CourseFile {
            assert!(
                covered.iter().any(|c| c == rule.id()),
                "rule {rule} has no case in the corpus"
            );
        }
    }
    for rule in &covered {
        assert!(
            Rule::from_id(rule).is_some(),
            "the corpus names no rule {rule}"
        );
    }
}

/// The accepted inputs (`tests/corpus/accepted/`): each is something the API server takes
/// that kubelab once refused (a false alarm), or takes only on some versions. Each must
/// render with no error and with exactly the warnings its `# warning:` headers name.
#[test]
fn every_accepted_input_renders_with_only_its_named_warnings() {
    let files = corpus("accepted");
    assert!(files.len() >= 10, "only {} accepted inputs", files.len());
    for file in files {
        let name = file.display();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            header(&text, "accepts").is_some(),
            "{name}: no # accepts: header"
        );
        assert!(
            header(&text, "source").is_some(),
            "{name}: no # source: header"
        );
        let course = course::parse(&text, "case.yaml").unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = validate(&course);
        assert!(report.is_ok(), "{name}: {report}");
        let mut expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# warning: "))
            .collect();
        let mut got: Vec<&str> = report.warnings().map(|w| w.rule.id()).collect();
        expected.sort_unstable();
        got.sort_unstable();
        got.dedup();
        assert_eq!(got, expected, "{name}: {report}");
        generate(&course, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn an_inherited_value_is_reported_once_at_its_defaults_path_and_line() {
    let text = r#"course: { title: Corpus, studentDir: "~/corpus" }
defaults:
  deployment:
    image: nginx:1.27
    ports: [{ containerPort: 8080 }]
    livenessProbe: { path: /ready, port: 8080, successThreshold: 3 }
labs:
  - { id: a, title: A, output: a/app.yaml, deployment: { name: a }, service: { name: a, ports: [{ port: 80, targetPort: 8080 }] } }
  - { id: b, title: B, output: b/app.yaml, deployment: { name: b }, service: { name: b, ports: [{ port: 80, targetPort: 8080 }] } }
  - id: c
    title: C
    output: c/app.yaml
    deployment: { name: c, livenessProbe: { successThreshold: 2 } }
    service: { name: c, ports: [{ port: 80, targetPort: 8080 }] }
"#;
    let course = course::parse(text, "course.yaml").unwrap();
    let report = validate(&course);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{report}");
    assert!(
        errors[0].starts_with(
            "course.yaml:6:66: defaults.deployment.livenessProbe.successThreshold: Invalid value: 3: must be 1"
        ),
        "{}",
        errors[0]
    );
    // Lab c sets its own value: reported at the lab, where it was written.
    assert!(
        errors[1].starts_with(
            "course.yaml:13:63: labs[2].deployment.livenessProbe.successThreshold: Invalid value: 2:"
        ),
        "{}",
        errors[1]
    );
}

#[test]
fn an_error_about_a_value_nobody_wrote_points_at_what_was_written() {
    // The pods start at minReplicas (nobody wrote `replicas`): the error is at minReplicas.
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid/base.yaml"),
    )
    .unwrap();
    text = text.replace(
        "course: { title: Corpus, studentDir: \"~/corpus\" }\n",
        "course: { title: Corpus, studentDir: \"~/corpus\", loadTest: { time: 2M } }\ncluster: { nodes: [{ count: 1, allocatable: { cpu: \"1\" } }] }\n",
    );
    text = text.replace(
        "minReplicas: 1, maxReplicas: 3",
        "minReplicas: 3, maxReplicas: 3",
    );
    let course = course::parse(&text, "course.yaml").unwrap();
    let report = validate(&course);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(
        errors[0].contains(": labs[1].autoscaler.minReplicas: Invalid value: 3: only 2 replicas of this pod fit on the 1 node that takes pods"),
        "{}",
        errors[0]
    );
}

#[test]
fn memory_in_thousandths_says_what_it_means_and_what_was_meant() {
    let mut course = fixture_course();
    course.labs[0].deployment.resources = kubelab::spec::Resources::new()
        .request("cpu", "1")
        .request("memory", "512m");
    let report = validate(&course);
    let said: Vec<String> = report
        .violations
        .iter()
        .filter(|v| v.rule.id() == "fractional-bytes")
        .map(ToString::to_string)
        .collect();
    assert_eq!(said.len(), 1, "{report}");
    assert!(said[0].contains("means 0.512 bytes"), "{}", said[0]);
    assert!(
        said[0].contains("write `512Mi` (mebibytes), not `512m`"),
        "{}",
        said[0]
    );
}

#[test]
fn a_default_only_some_labs_break_is_fixed_in_those_labs() {
    let text = r#"course: { title: T, studentDir: "~/t" }
defaults:
  deployment: { image: "nginx:1.27", ports: [{ containerPort: 80 }] }
  service: { ports: [{ port: 80, nodePort: 30080 }] }
labs:
  - { id: a, title: A, output: a/app.yaml, deployment: { name: a }, service: { name: a, type: NodePort } }
  - { id: b, title: B, output: b/app.yaml, deployment: { name: b }, service: { name: b, type: ClusterIP } }
"#;
    let report = validate(&course::parse(text, "course.yaml").unwrap());
    let error = report.errors().next().unwrap().to_string();
    assert!(
        error.contains("defaults.service.ports[0].nodePort")
            && error.contains(
                "only labs[1] inherits this value from `defaults` and breaks it: override it there"
            ),
        "{error}"
    );
    // Every lab that inherits it breaks it: the fix belongs in `defaults`, as it says.
    let all = validate(
        &course::parse(
            &text.replace("type: NodePort", "type: ClusterIP"),
            "course.yaml",
        )
        .unwrap(),
    );
    let error = all.errors().next().unwrap().to_string();
    assert!(!error.contains("only labs["), "{error}");
}
