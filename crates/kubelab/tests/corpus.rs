//! The corpus of bad inputs (`tests/corpus/invalid/`): each file breaks one rule, named in
//! its header with the field path. Each must fail with that exact path and rule, and none
//! may panic. The CLI side (exit code 2, nothing written) is in `xtask/tests/corpus_cli.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::{Error, RenderOptions, course, render_course};
use std::path::{Path, PathBuf};

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

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
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
    let options = RenderOptions {
        deny_warnings,
        ..RenderOptions::default()
    };
    match render_course(&course, &options) {
        Ok(_) => None,
        Err(e @ Error::Invalid(_)) => Some(e.to_string()),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(cases().len() >= 50, "only {} cases", cases().len());
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
    let report = kubelab::validate::course(&course);
    assert_eq!(report.violations, vec![], "{report}");
}

fn repo_course() -> kubelab::spec::Course {
    course::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../course.yaml")).unwrap()
}

#[test]
fn the_course_labs_validate_with_no_errors_and_no_warnings_and_fit_the_cluster() {
    let course = repo_course();
    assert!(!course.cluster.nodes.is_empty());
    let report = kubelab::validate::course(&course);
    assert_eq!(report.violations, vec![], "{report}");
}

#[test]
fn five_replicas_of_two_cpus_do_not_fit_and_the_error_says_why() {
    let mut course = repo_course();
    course.labs[1].scaling = kubelab::spec::Scaling::Replicas(5);
    course.labs[1].app.resources = kubelab::spec::Resources::new()
        .request("cpu", "2")
        .request("memory", "2Gi")
        .limit("cpu", "2");
    let report = kubelab::validate::course(&course);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(errors[0].starts_with("error: labs[1].deployment.replicas: Invalid value: 5: only 3 replicas of this pod fit on the cluster's 3 nodes (cpu is the limit); the other 2 would stay Pending [rule cluster-fit-replicas"), "{}", errors[0]);
}

#[test]
fn an_unreachable_autoscaler_maximum_is_a_warning_with_the_reachable_maximum() {
    let mut course = repo_course();
    if let kubelab::spec::Scaling::Autoscaled { autoscaler, .. } = &mut course.labs[2].scaling {
        autoscaler.max_replicas = 10;
    }
    let report = kubelab::validate::course(&course);
    assert!(report.is_ok());
    let warnings: Vec<String> = report.warnings().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{report}");
    assert!(warnings[0].starts_with("warning: labs[2].autoscaler.maxReplicas: Invalid value: 10: can never be reached: at most 9 replicas of this pod fit on the cluster (cpu is the limit)"), "{}", warnings[0]);
}

#[test]
fn every_rule_has_a_failing_case() {
    let covered: Vec<String> = cases().into_iter().map(|c| c.rule).collect();
    for (rule, _) in kubelab::validate::RULES {
        let in_corpus = covered.iter().any(|c| c == rule);
        let object_only = kubelab::validate::OBJECT_ONLY_RULES.contains(rule);
        assert!(
            in_corpus || object_only,
            "rule {rule} has no case in the corpus"
        );
    }
}

#[test]
fn every_rule_the_validator_emits_is_listed() {
    // Rule ids are the kebab-case string literals passed to the rule functions.
    let ids: Vec<&str> = kubelab::validate::RULES.iter().map(|(id, _)| *id).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate");
    let not_rules = ["ephemeral-storage"];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("mod.rs") {
            continue; // the RULES table itself
        }
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        for literal in code.split('"').skip(1).step_by(2) {
            let kebab = literal.contains('-')
                && !literal.starts_with('-')
                && !literal.ends_with('-')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if kebab && !not_rules.contains(&literal) {
                assert!(
                    ids.contains(&literal),
                    "{}: rule `{literal}` is not in validate::RULES",
                    path.display()
                );
            }
        }
    }
}
