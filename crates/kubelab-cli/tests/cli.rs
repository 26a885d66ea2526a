//! The `kubelab` command as a new user meets it: in an empty folder outside the repository,
//! `init`, `render`, `render -o -`, `render --check`; exit codes; errors with their source
//! line; tidy output folders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kubelab(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `root` with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    kubelab::codegen::files_under(root)
        .unwrap()
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// The source checkout (this crate's grandparent).
fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn a_new_course_in_an_empty_folder_outside_the_repository() {
    let repo_generated = snapshot(&checkout().join("generated"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    let init = kubelab(root, &["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let course = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    assert!(course.starts_with("# yaml-language-server: $schema=course.schema.json\n"));
    assert!(root.join("course.schema.json").is_file());

    let render = kubelab(root, &["render"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert_eq!(
        stderr(&render),
        "",
        "the starter course renders without a warning"
    );
    let written = snapshot(&root.join("generated"));
    for file in [
        "single/app.yaml",
        "single/index.md",
        "autoscaled/app.yaml",
        "autoscaled/index.md",
        "README.md",
        "course.schema.json",
    ] {
        assert!(written.contains_key(file), "{file} in {:?}", written.keys());
    }
    let page = String::from_utf8_lossy(&written["single/index.md"]).into_owned();
    assert!(
        page.contains("kubectl apply -f ~/my-course/single/app.yaml"),
        "{page}"
    );

    let check = kubelab(root, &["render", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // The two labs run one after another on one node port: as one stream the API server
    // would refuse the second Service, so the stream is refused, with `--lab` as the fix.
    let whole = kubelab(root, &["render", "-o", "-"]);
    assert_eq!(whole.status.code(), Some(64), "{}", stderr(&whole));
    assert_eq!(
        stderr(&whole).lines().next().unwrap_or_default(),
        "error: labs `single` and `autoscaled` cannot go to `kubectl apply` as one stream: their Services both ask for node port 30080, and the API server refuses the second (`provided port is already allocated`)"
    );
    assert!(whole.stdout.is_empty());
    let piped = kubelab(root, &["render", "-o", "-", "--lab", "single"]);
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert_eq!(stderr(&piped), "");
    let kinds: Vec<String> = serde_yaml::Deserializer::from_str(&stdout(&piped))
        .map(|doc| {
            let v: serde_yaml::Value = serde::Deserialize::deserialize(doc).unwrap();
            v["kind"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(kinds, ["Service", "Deployment"]);
    // Stdout wrote nothing to disk, and nothing of this went into the source checkout.
    assert_eq!(snapshot(&root.join("generated")), written);
    assert_eq!(snapshot(&checkout().join("generated")), repo_generated);
}

#[test]
fn stdout_holds_the_chosen_labs_only_and_json_is_one_list() {
    let dir = tempfile::tempdir().unwrap();
    kubelab(dir.path(), &["init", "-q"]);
    let one = kubelab(dir.path(), &["render", "-o", "-", "--lab", "autoscaled"]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let text = stdout(&one);
    assert!(text.contains("kind: HorizontalPodAutoscaler"));
    assert!(!text.contains("type: NodePort"), "{text}");
    let json = kubelab(
        dir.path(),
        &[
            "render",
            "-o",
            "-",
            "--format",
            "json",
            "--lab",
            "autoscaled",
        ],
    );
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(3));
    // A comma list is the same as the labs one by one: these two clash.
    let both = kubelab(
        dir.path(),
        &["render", "-o", "-", "--lab", "single,autoscaled"],
    );
    assert_eq!(both.status.code(), Some(64), "{}", stderr(&both));
    let unknown = kubelab(dir.path(), &["render", "-o", "-", "--lab", "nope"]);
    assert_eq!(unknown.status.code(), Some(64));
    assert!(stderr(&unknown).contains("use one of single, autoscaled"));
}

#[test]
fn the_output_defaults_to_generated_beside_the_course_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = kubelab(dir.path(), &["init", "course"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = kubelab(dir.path(), &["render", "course/course.yaml"]);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    assert!(
        dir.path()
            .join("course/generated/single/app.yaml")
            .is_file()
    );
    let elsewhere = kubelab(dir.path(), &["render", "course/course.yaml", "-o", "out"]);
    assert_eq!(elsewhere.status.code(), Some(0));
    assert!(dir.path().join("out/single/app.yaml").is_file());
}

#[test]
fn exit_codes_tell_usage_invalid_stale_and_io_apart() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert_eq!(
        kubelab(root, &["render", "--no-such-flag"]).status.code(),
        Some(64)
    );
    assert_eq!(kubelab(root, &["frobnicate"]).status.code(), Some(64));
    let help = kubelab(root, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("64 the command line is wrong"));
    let version = kubelab(root, &["--version"]);
    assert_eq!(
        stdout(&version),
        format!("kubelab {}\n", env!("CARGO_PKG_VERSION"))
    );
    // No course file: nothing to read.
    let missing = kubelab(root, &["render"]);
    assert_eq!(missing.status.code(), Some(3), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("kubelab init"));
    kubelab(root, &["init", "-q"]);
    // init writes nothing over a file.
    let again = kubelab(root, &["init"]);
    assert_eq!(again.status.code(), Some(3));
    // Stale: --check before any render.
    let stale = kubelab(root, &["render", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(!root.join("generated").exists(), "--check writes nothing");
    // Invalid: exit 2, nothing written.
    let text = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    std::fs::write(
        root.join("course.yaml"),
        text.replace("nodePort: 30080", "nodePort: 40000"),
    )
    .unwrap();
    let invalid = kubelab(root, &["render"]);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(!root.join("generated").exists());
}

#[test]
fn errors_show_the_source_line_with_a_caret_in_colour_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kubelab(root, &["init", "-q"]);
    let text = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    std::fs::write(
        root.join("course.yaml"),
        text.replace("nodePort: 30080", "nodePort: 40000"),
    )
    .unwrap();
    let plain = kubelab(root, &["render"]);
    let msg = stderr(&plain);
    let expected = "error[service-node-port-range]: defaults.service.ports[0].nodePort: provided port is not in the valid range.";
    assert!(msg.starts_with(expected), "{msg}");
    assert!(msg.contains("  --> course.yaml:"), "{msg}");
    assert!(msg.contains("        nodePort: 40000\n"), "{msg}");
    assert!(msg.contains("^^^^^ Invalid value: 40000"), "{msg}");
    assert!(
        msg.contains("= help: choose a nodePort in 30000-32767"),
        "{msg}"
    );
    assert!(!msg.contains('\u{1b}'), "not a terminal: no colour\n{msg}");
    let coloured = kubelab(root, &["render", "--color", "always"]);
    assert!(stderr(&coloured).contains('\u{1b}'));
    // NO_COLOR wins over a terminal; here, over nothing: still plain.
    let no_color = Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .arg("render")
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stderr(&no_color).contains('\u{1b}'));
}

#[test]
fn a_render_removes_what_it_no_longer_generates_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kubelab(root, &["init", "-q"]);
    assert_eq!(kubelab(root, &["render", "-q"]).status.code(), Some(0));
    std::fs::write(root.join("generated/single/notes.txt"), "mine\n").unwrap();
    let text = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    std::fs::write(
        root.join("course.yaml"),
        text.replace("output: autoscaled/app.yaml", "output: hpa/app.yaml"),
    )
    .unwrap();
    let check = kubelab(root, &["render", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).is_empty());
    assert!(stderr(&check).contains("autoscaled/app.yaml (no longer generated: removed)"));
    let render = kubelab(root, &["render", "-v"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(stdout(&render).contains("removed autoscaled/app.yaml (no longer generated)"));
    assert!(!root.join("generated/autoscaled").exists());
    assert!(root.join("generated/hpa/app.yaml").is_file());
    assert!(
        root.join("generated/single/notes.txt").is_file(),
        "not ours: kept"
    );
    assert_eq!(kubelab(root, &["render", "--check"]).status.code(), Some(0));
}

#[test]
fn explain_says_what_why_how_and_where_from() {
    let dir = tempfile::tempdir().unwrap();
    let o = kubelab(dir.path(), &["explain", "autoscaler-target-reachable"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for part in [
        "Checks: ",
        "Why: ",
        "Fix: ",
        "Source: ",
        "replica_calculator.go",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let typo = kubelab(dir.path(), &["explain", "node-port-shard"]);
    assert_eq!(typo.status.code(), Some(64));
    assert!(stderr(&typo).contains("did you mean `node-port-shared`?"));
    let list = kubelab(dir.path(), &["explain", "--list"]);
    assert_eq!(stdout(&list).lines().count(), kubelab::Rule::ALL.len());
}

#[test]
fn schema_and_diff_print_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let schema = kubelab(dir.path(), &["schema"]);
    let value: serde_json::Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(value["title"], "CourseFile");
    kubelab(dir.path(), &["init", "-q"]);
    let diff = kubelab(dir.path(), &["diff", "single", "autoscaled"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(
        stdout(&diff).contains("HorizontalPodAutoscaler"),
        "{}",
        stdout(&diff)
    );
}

#[test]
fn output_side_failures_have_their_own_exit_code_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    kubelab(root, &["init", "-q"]);
    assert_eq!(kubelab(root, &["render", "-q"]).status.code(), Some(0));
    let before = snapshot(&root.join("generated"));
    // A folder where a generated file goes, with a file of the author's in it.
    std::fs::remove_file(root.join("generated/single/app.yaml")).unwrap();
    std::fs::create_dir(root.join("generated/single/app.yaml")).unwrap();
    std::fs::write(root.join("generated/single/app.yaml/mine.txt"), "mine\n").unwrap();
    let text = std::fs::read_to_string(root.join("course.yaml")).unwrap();
    std::fs::write(
        root.join("course.yaml"),
        text.replace("replicas: 1 }", "replicas: 2 }"),
    )
    .unwrap();
    let o = kubelab(root, &["render"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a folder where a generated file goes"),
        "{}",
        stderr(&o)
    );
    let after = snapshot(&root.join("generated"));
    assert!(after.contains_key("single/app.yaml/mine.txt"));
    assert_eq!(after.len(), before.len(), "nothing else changed");
    assert_eq!(after["autoscaled/app.yaml"], before["autoscaled/app.yaml"]);
    // A file where a folder goes.
    std::fs::remove_dir_all(root.join("generated/single")).unwrap();
    std::fs::write(root.join("generated/single"), "a file\n").unwrap();
    let o = kubelab(root, &["render"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a file where a folder is needed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_course_files_say_where_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("course.yaml"), b"course:\n  title: caf\xe9\n").unwrap();
    let o = kubelab(root, &["render"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not valid UTF-8: byte 0xE9 at line 2, column 13"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        root.join("course.yaml"),
        "course: { title: T }\n---\nlabs: []\n",
    )
    .unwrap();
    let o = kubelab(root, &["render"]);
    assert!(
        stderr(&o).contains("a course file is one document"),
        "{}",
        stderr(&o)
    );
    kubelab(root, &["init", "-q", "t"]);
    let text = std::fs::read_to_string(root.join("t/course.yaml")).unwrap();
    std::fs::write(
        root.join("t/course.yaml"),
        text.replace(
            "  studentDir: ~/my-course",
            "  studentDir: ~/my-course\n  templates: nope",
        ),
    )
    .unwrap();
    let o = kubelab(root, &["render", "t/course.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("course.templates: cannot read the templates folder"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        root.join("course.yaml"),
        "course: { title: ~, studentDir: x }\nlabs: []\n",
    )
    .unwrap();
    let o = kubelab(root, &["render"]);
    assert!(
        stderr(&o).contains("course.title: invalid type: null"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_command_line_or_file_error_is_prefixed_once_and_ends_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let missing = kubelab(root, &["render"]);
    kubelab(root, &["init", "-q"]);
    let cases = [
        ("no course file", missing),
        ("init over a file", kubelab(root, &["init"])),
        (
            "report in a missing folder",
            kubelab(root, &["render", "--report", "no/such/folder/report.md"]),
        ),
        (
            "unknown lab for stdout",
            kubelab(root, &["render", "-o", "-", "--lab", "singel"]),
        ),
        (
            "unknown lab to diff",
            kubelab(root, &["diff", "singel", "autoscaled"]),
        ),
        ("unknown rule", kubelab(root, &["explain", "no-such-rule"])),
    ];
    for (what, o) in cases {
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(0), "{what}");
        assert!(err.starts_with("error: "), "{what}: {err:?}");
        assert!(!err.contains("error: error:"), "{what}: {err:?}");
        assert!(err.ends_with('\n'), "{what}: {err:?}");
    }
    // Both commands that take a lab id suggest the closest one.
    for args in [
        &["render", "-o", "-", "--lab", "singel"][..],
        &["diff", "singel", "autoscaled"][..],
    ] {
        let err = stderr(&kubelab(root, args));
        assert!(
            err.contains("did you mean `single`? use one of single, autoscaled"),
            "{err}"
        );
    }
}

/// The crash tests' hook is test-only: a build without `fault-injection` (every release
/// build) ignores the variable and renders whole.
#[cfg(not(feature = "fault-injection"))]
#[test]
fn a_release_build_ignores_the_crash_hook() {
    let dir = tempfile::tempdir().unwrap();
    assert!(kubelab(dir.path(), &["init", "-q"]).status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .args(["render", "-q"])
        .current_dir(dir.path())
        .env("KUBELAB_TEST_ABORT_AFTER_STEPS", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let check = kubelab(dir.path(), &["render", "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn the_command_line_catches_what_kubectl_and_git_users_try() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(kubelab(root, &["init", "-q"]).status.success());
    // -o - writes to stdout, --check compares a folder.
    let both = kubelab(root, &["render", "-o", "-", "--check"]);
    assert_eq!(both.status.code(), Some(64));
    assert!(
        stderr(&both)
            .starts_with("error: `--check` compares an output folder, and `-o -` writes to stdout"),
        "{}",
        stderr(&both)
    );
    // kubectl's -o json: here a folder, said once on stderr.
    let json = kubelab(root, &["render", "-o", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    assert!(stderr(&json).starts_with("note: `-o json` renders into a folder named `json`; `--format json` chooses JSON manifests"), "{}", stderr(&json));
    // render and --check count the same files.
    let wrote = stdout(&json);
    let written: usize = wrote
        .strip_prefix("render: wrote ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{wrote}"));
    let check = kubelab(root, &["render", "-o", "json", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).starts_with(&format!(
            "render --check: {written} files in json are current"
        )),
        "{wrote} / {}",
        stdout(&check)
    );
    // diff --exit-code, as git's.
    let same = kubelab(root, &["diff", "single", "single", "--exit-code"]);
    assert_eq!(same.status.code(), Some(0));
    let differ = kubelab(root, &["diff", "single", "autoscaled", "--exit-code"]);
    assert_eq!(differ.status.code(), Some(1));
    assert!(stdout(&differ).contains("added HorizontalPodAutoscaler"));
    assert_eq!(
        kubelab(root, &["diff", "single", "autoscaled"])
            .status
            .code(),
        Some(0)
    );
    // -v lists files: it belongs to render only.
    assert_eq!(
        kubelab(root, &["diff", "single", "autoscaled", "-v"])
            .status
            .code(),
        Some(64)
    );
    assert_eq!(
        kubelab(root, &["explain", "--list", "-v"]).status.code(),
        Some(64)
    );
    // The course from stdin.
    let text = std::fs::read(root.join("course.yaml")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubelab"))
        .args(["render", "-", "-o", "from-stdin", "-q"])
        .current_dir(root)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &text).unwrap();
    assert!(child.wait().unwrap().success());
    let (from_stdin, from_file) = (
        snapshot(&root.join("from-stdin")),
        snapshot(&root.join("json")),
    );
    assert_eq!(
        from_stdin.keys().collect::<Vec<_>>(),
        from_file.keys().collect::<Vec<_>>()
    );
    let manifest = String::from_utf8_lossy(&from_stdin["single/app.yaml"]).into_owned();
    assert!(
        manifest.starts_with("# Generated by `kubelab render` from <stdin>."),
        "{manifest}"
    );
}

#[test]
fn explain_takes_a_course_file_field_as_kubectl_explain_does() {
    let dir = tempfile::tempdir().unwrap();
    let field = kubelab(dir.path(), &["explain", "service.type"]);
    assert_eq!(field.status.code(), Some(0), "{}", stderr(&field));
    let text = stdout(&field);
    assert!(text.starts_with("FIELD: service.type\n\nTYPE: string\nALLOWED: \"ClusterIP\", \"NodePort\", \"LoadBalancer\"\n"), "{text}");
    assert!(text.contains("service-type-enum"), "{text}");
    let max = stdout(&kubelab(
        dir.path(),
        &["explain", "labs.autoscaler.maxReplicas"],
    ));
    assert!(
        max.contains("RANGE: 1 or more") && max.contains("autoscaler-max-replicas"),
        "{max}"
    );
    let nodes = stdout(&kubelab(dir.path(), &["explain", "cluster.nodes"]));
    assert!(
        nodes.contains("TYPE: array") && nodes.contains("  allocatable\n"),
        "{nodes}"
    );
    let none = kubelab(dir.path(), &["explain", "deployment.nope"]);
    assert_eq!(none.status.code(), Some(64));
    assert!(stderr(&none).starts_with("error: no rule or course-file field `deployment.nope`"));
}

#[test]
fn completion_scripts_parse_in_their_shells() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, check) in [("bash", "bash"), ("zsh", "zsh")] {
        let script = kubelab(dir.path(), &["completion", shell]);
        assert_eq!(script.status.code(), Some(0), "{}", stderr(&script));
        let file = dir.path().join(format!("kubelab.{shell}"));
        std::fs::write(&file, &script.stdout).unwrap();
        assert!(stdout(&script).contains("render"), "{shell}");
        match Command::new(check).arg("-n").arg(&file).output() {
            Ok(o) => assert!(o.status.success(), "{shell}: {}", stderr(&o)),
            Err(_) => println!("{check} is not installed: its script is not parsed"),
        }
    }
    for shell in ["fish", "powershell"] {
        let script = kubelab(dir.path(), &["completion", shell]);
        assert_eq!(script.status.code(), Some(0), "{shell}");
        assert!(stdout(&script).contains("kubelab"), "{shell}");
    }
    assert_eq!(
        kubelab(dir.path(), &["completion", "tcsh"]).status.code(),
        Some(64)
    );
}

/// Issue 23: with a misspelt field, a word where a number goes and a node port out of
/// range, one run reports all three, each at its line, and writes nothing.
#[test]
fn every_mistake_of_a_file_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let case = checkout().join("crates/kubelab/tests/corpus/invalid/several-mistakes.yaml");
    std::fs::copy(&case, root.join("course.yaml")).unwrap();
    let out = kubelab(root, &["render", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(firsts.len(), 3, "{err}");
    assert!(
        firsts[0].starts_with(
            "error[schema-unknown-field]: labs[0].deployment.replica: unknown field `replica`"
        ),
        "{err}"
    );
    assert_eq!(
        firsts[1],
        "error[schema-type]: labs[0].deployment.readinessProbe.periodSeconds: is the text \"five\", where a whole number goes"
    );
    assert!(firsts[2].starts_with("error[service-node-port-range]: labs[0].service.ports[0].nodePort: provided port is not in the valid range."), "{err}");
    for line in ["course.yaml:15:7", "course.yaml:18:66", "course.yaml:28:21"] {
        assert!(err.contains(line), "{line} missing:\n{err}");
    }
    assert!(err.ends_with("3 error(s); nothing was written\n"), "{err}");
    assert_eq!(
        std::fs::read_dir(root).unwrap().count(),
        1,
        "something was written"
    );
}

/// Issue 23: a key indented too far says what YAML saw and shows the line before; a section
/// indented one level too little is one error whose help names the section it belongs to.
#[test]
fn indentation_mistakes_say_what_yaml_saw_and_where_the_field_belongs() {
    let good = "course: { title: T, studentDir: \"~/t\" }\nlabs:\n  - id: web\n    title: Web\n    output: web/app.yaml\n    deployment:\n      name: web\n      image: nginx:1.27\n      ports: [{ containerPort: 8080 }]\n      resources:\n        requests: { cpu: 500m }\n    service:\n      name: web\n      ports: [{ port: 80, targetPort: 8080 }]\n";
    let cases = [
        (
            good.replace("      image: nginx", "       image: nginx"),
            "error[yaml-syntax]: labs[0].deployment: YAML saw a `key:` where a value goes",
            "7 |       name: web",
        ),
        (
            good.replace(
                "      resources:\n        requests",
                "    resources:\n      requests",
            ),
            "error[schema-unknown-field]: labs[0].resources: unknown field `resources`",
            "help: `resources` is a field of `deployment`: indent it (and what is under it) under `deployment:`",
        ),
    ];
    for (text, first, shown) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("course.yaml"), &text).unwrap();
        let out = kubelab(dir.path(), &["render", "--color", "never"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with(first), "{err}");
        assert!(err.contains(shown), "{shown} missing:\n{err}");
        assert!(err.ends_with("1 error(s); nothing was written\n"), "{err}");
    }
}

/// Issue 23: `--lab` chooses labs for a folder render too: a course of those labs alone.
#[test]
fn lab_chooses_the_labs_of_a_folder_render() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(checkout().join("course.yaml"), root.join("course.yaml")).unwrap();
    let out = kubelab(root, &["render", "--lab", "single", "-o", "one"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "note: rendering lab(s) single alone into one: it holds no other lab's files"
        ),
        "{}",
        stderr(&out)
    );
    let mut written: Vec<String> = snapshot(&root.join("one")).into_keys().collect();
    written.retain(|f| !f.starts_with('.'));
    assert_eq!(
        written,
        [
            "README.md",
            "course.schema.json",
            "deploy_k8s/deployment_k8s.yaml",
            "deploy_k8s/index.md",
            "deploy_k8s/topology.svg"
        ]
    );
    let wrong = kubelab(root, &["render", "--lab", "singel"]);
    assert_eq!(wrong.status.code(), Some(64), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).starts_with("error: no lab with id `singel`"),
        "{}",
        stderr(&wrong)
    );
    assert!(!root.join("generated").exists());
}

/// Issue 23: a folder rendered with `--format json` is checked as JSON by a plain `--check`.
#[test]
fn check_reads_a_json_render_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(checkout().join("course.yaml"), root.join("course.yaml")).unwrap();
    let render = kubelab(root, &["render", "--format", "json", "-q"]);
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(
        root.join("generated/deploy_k8s/deployment_k8s.json")
            .is_file()
    );
    let check = kubelab(root, &["render", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        stderr(&check).lines().next().unwrap(),
        "note: generated holds JSON manifests (rendered with --format json): checking them as JSON"
    );
    // Asked for YAML, the same folder is stale.
    let yaml = kubelab(root, &["render", "--check", "--format", "yaml"]);
    assert_eq!(yaml.status.code(), Some(1), "{}", stderr(&yaml));
}
