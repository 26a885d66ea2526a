//! The course file: a course validates against the course schema, and bad files fail with
//! file, line, column, field path and a hint.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::course::{self, CourseError};
use pretty_assertions::assert_eq;

#[test]
fn the_fixture_course_validates_against_the_course_schema_and_the_schema_constrains() {
    let validator = support::course_schema();
    let text = support::read("fixtures/k8s-ml/course.yaml");
    let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        support::schema_errors(&validator, &instance),
        Vec::<String>::new()
    );
    let mut bad = instance.clone();
    bad["labs"][0]["deployment"]["replica"] = serde_json::json!(3);
    assert!(!validator.is_valid(&bad));
}

fn error_of(text: &str) -> String {
    match course::parse(text, "bad.yaml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e @ CourseError::Invalid { .. }) => e.to_string(),
        Err(e) => panic!("unexpected {e}"),
    }
}

const GOOD: &str = r#"course: { title: T, studentDir: "~/t" }
labs:
- id: one
  title: One
  output: one/app.yaml
  deployment:
    name: web
    image: nginx
    ports: [{ containerPort: 80 }]
    replicas: 2
  service: { name: web, ports: [{ port: 80 }] }
"#;

#[test]
fn the_good_file_parses() {
    let c = course::parse(GOOD, "good.yaml").unwrap();
    assert_eq!(c.labs[0].initial_replicas(), 2);
}

#[test]
fn a_misspelt_field_names_line_column_path_and_suggests_the_right_one() {
    let msg = error_of(&GOOD.replace("    replicas: 2", "    replica: 2"));
    assert_eq!(
        msg,
        "bad.yaml:10:5: labs[0].deployment.replica: unknown field `replica`, expected one of \
         `name`, `containerName`, `image`, `imagePullPolicy`, `replicas`, `command`, `args`, `imagePullSecrets`, `ports`, `env`, \
         `readinessProbe`, `livenessProbe`, `startupProbe`, `resources`, `writablePaths`, \
         `runAsUser`, `runAsGroup`, `annotations`, `podAnnotations`, `nodeSelector`, `volumes`, `volumeMounts`, `labels` [rule schema-unknown-field]; did you mean \
         `replicas`? (rule: only fields and values of the course schema are allowed; \
         `kubelab schema` prints the schema)"
    );
}

#[test]
fn an_unknown_key_is_an_error_without_a_far_fetched_suggestion() {
    let msg = error_of(&format!("{GOOD}  colour: blue\n"));
    assert!(
        msg.starts_with("bad.yaml:12:3: labs[0].colour: unknown field `colour`"),
        "{msg}"
    );
    assert!(!msg.contains("did you mean"), "{msg}");
}

#[test]
fn a_wrong_type_names_line_column_and_path() {
    let msg = error_of(&GOOD.replace("replicas: 2", "replicas: lots"));
    assert!(
        msg.starts_with(
            "bad.yaml:10:15: labs[0].deployment.replicas: is the text \"lots\", where a whole number goes"
        ),
        "{msg}"
    );
}

#[test]
fn a_misspelt_enum_value_is_suggested() {
    let msg = error_of(&GOOD.replace("{ name: web, ports", "{ name: web, type: Nodeport, ports"));
    assert!(
        msg.contains("labs[0].service.type: unknown variant `Nodeport`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `NodePort`?"), "{msg}");
}

#[test]
fn every_missing_required_field_is_reported_at_once() {
    let text = GOOD.replace("    image: nginx\n", "").replace(
        "{ name: web, ports: [{ port: 80 }] }",
        "{ ports: [{ port: 80 }] }",
    );
    let msg = error_of(&text);
    assert!(
        msg.contains("bad.yaml: labs[0].deployment.image: required"),
        "{msg}"
    );
    assert!(
        msg.contains("bad.yaml: labs[0].service.name: required"),
        "{msg}"
    );
    assert!(
        msg.contains("fix: set `image` in this lab or in `defaults.deployment.image`"),
        "{msg}"
    );
}

/// Every course file of the tests: the fixture and the whole corpus.
fn every_course_file() -> Vec<(String, String)> {
    let mut files = vec![(
        "fixtures/k8s-ml/course.yaml".to_owned(),
        support::read("fixtures/k8s-ml/course.yaml"),
    )];
    for dir in ["corpus/valid", "corpus/accepted", "corpus/invalid"] {
        let mut names: Vec<_> = std::fs::read_dir(support::test_file(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            files.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    files
}

/// True when kubelab reads the course and finds no error in it.
fn kubelab_accepts(text: &str) -> bool {
    let Ok(course) = course::parse(text, "case.yaml") else {
        return false;
    };
    kubelab::validate::course(&kubelab::Resolved::new(&course)).is_ok()
}

#[test]
fn the_schema_never_refuses_what_kubelab_accepts_and_refuses_only_what_it_refuses() {
    let validator = support::course_schema();
    let mut refused_by_schema = 0;
    for (name, text) in every_course_file() {
        // An editor reads YAML 1.2 (yaml-language-server): serde_yaml does too.
        let Ok(instance) = serde_yaml::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let schema_errors = support::schema_errors(&validator, &instance);
        let accepted = kubelab_accepts(&text);
        if accepted {
            assert_eq!(
                schema_errors,
                Vec::<String>::new(),
                "{name}: kubelab accepts it"
            );
        }
        if !schema_errors.is_empty() {
            refused_by_schema += 1;
            assert!(!accepted, "{name}");
        }
    }
    // The schema carries ranges and formats: it refuses a good part of the corpus itself.
    assert!(
        refused_by_schema >= 20,
        "the schema refuses only {refused_by_schema} bad files"
    );
}

#[test]
fn the_schema_takes_numbers_where_the_parser_reads_text() {
    let validator = support::course_schema();
    let text = GOOD.replace(
        "    replicas: 2\n",
        "    replicas: 2\n    resources: { requests: { cpu: 1, memory: 1e9 }, limits: { cpu: 1.5 } }\n    env: [{ name: N, value: 3 }]\n",
    );
    let course = course::parse(&text, "good.yaml").unwrap();
    assert_eq!(course.labs[0].deployment.resources.requests["cpu"], "1");
    assert_eq!(course.labs[0].deployment.env[0].value, "3");
    let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        support::schema_errors(&validator, &instance),
        Vec::<String>::new()
    );
    for (from, to) in [
        (
            "ports: [{ containerPort: 80 }]",
            "ports: [{ containerPort: 70000 }]",
        ),
        (
            "ports: [{ containerPort: 80 }]",
            "ports: [{ containerPort: 80, name: a--b }]",
        ),
        (
            "ports: [{ containerPort: 80 }]",
            "ports: [{ containerPort: 80, name: \"8080\" }]",
        ),
        ("name: web\n", "name: Web\n"),
        ("cpu: 1,", "cpu: 1 core,"),
        ("cpu: 1,", "cpu: -1,"),
    ] {
        let bad = text.replace(from, to);
        assert_ne!(bad, text, "{to}");
        let instance: serde_json::Value = serde_yaml::from_str(&bad).unwrap();
        assert!(!validator.is_valid(&instance), "the schema takes {to}");
        assert!(!kubelab_accepts(&bad), "kubelab takes {to}");
    }
}

#[test]
fn a_course_file_larger_than_kubelab_reads_is_refused_at_once() {
    let text = format!(
        "course: {{ title: T, studentDir: t }}\n# {}\nlabs: []\n",
        "x".repeat(5 << 20)
    );
    let err = error_of(&text);
    assert!(
        err.contains("kubelab reads course files of at most 4194304 bytes"),
        "{err}"
    );
    assert!(err.contains("[rule course-size]"), "{err}");
}

/// The schema's descriptions are the spec types' doc comments: prose for an editor's
/// tooltip, never a Rust example (those go in module docs).
#[test]
fn schema_descriptions_hold_no_code() {
    let schema = kubelab::course::schema().to_string();
    assert!(
        !schema.contains("```"),
        "a doc example leaked into the schema"
    );
}
