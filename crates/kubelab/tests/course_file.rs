//! The course file: a course validates against the course schema, and bad files fail with
//! file, line, column, field path and a hint.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

mod support;

use kubelab::course::{self, CourseError};
use pretty_assertions::assert_eq;

#[test]
fn the_fixture_course_validates_against_the_course_schema_and_the_schema_constrains() {
    let validator = jsonschema::validator_for(&course::schema()).unwrap();
    let text = support::read("fixtures/k8s-ml/course.yaml");
    let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
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
         `name`, `containerName`, `image`, `imagePullPolicy`, `replicas`, `ports`, `env`, \
         `readinessProbe`, `livenessProbe`, `startupProbe`, `resources`, `labels` \
         [rule schema-unknown-field]; did you mean \
         `replicas`? (rule: only fields and values of the course schema are allowed, see \
         generated/course.schema.json)"
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
            "bad.yaml:10:15: labs[0].deployment.replicas: invalid type: string \"lots\", expected i32"
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
