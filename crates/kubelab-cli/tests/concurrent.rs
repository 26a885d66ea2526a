//! One render of a folder at a time: two `kubelab render` runs into one folder at once
//! (different courses) both succeed and leave exactly one of the two sets, with nothing of
//! the other and no staging folder or journal; a run told not to wait fails at once while
//! another holds the folder; a waiting run says so once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

fn kubelab(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubelab"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    kubelab(dir).args(args).output().unwrap()
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    kubelab(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Every file under `root`, hidden ones included, with its bytes.
fn everything(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Two courses in `dir` (`a.yaml`, `b.yaml`) with `students` copies each, their sets
/// rendered apart, one at a time.
fn two_courses(
    dir: &Path,
    students: u32,
) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    assert!(run(dir, &["init", "-q"]).status.success());
    let base = std::fs::read_to_string(dir.join("course.yaml")).unwrap();
    let a = base.replace("\nlabs:", &format!("\nstudents: {students}\n\nlabs:"));
    // B changes a file, moves a lab (A's files there are B's orphans) and adds none.
    let b = a
        .replace("replicas: 1 }", "replicas: 2 }")
        .replace("output: autoscaled/app.yaml", "output: hpa/app.yaml");
    std::fs::write(dir.join("a.yaml"), a).unwrap();
    std::fs::write(dir.join("b.yaml"), b).unwrap();
    for (course, out) in [("a.yaml", "ref-a"), ("b.yaml", "ref-b")] {
        let o = run(dir, &["render", "-q", course, "-o", out]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    (
        everything(&dir.join("ref-a")),
        everything(&dir.join("ref-b")),
    )
}

/// Renders both courses into one fresh folder at once, `rounds` times: both exit 0, and
/// the folder holds exactly one set.
fn race(students: u32, rounds: usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (a, b) = two_courses(root, students);
    assert_ne!(a, b);
    let least = a.len().min(b.len());
    assert!(least > students as usize * 4, "{least} files");
    let (mut ended_a, mut ended_b) = (0, 0);
    for round in 0..rounds {
        let out = format!("out-{round}");
        // Half the rounds start from A's set, so that B's run has orphans to remove.
        if round % 2 == 1 {
            assert!(
                run(root, &["render", "-q", "a.yaml", "-o", &out])
                    .status
                    .success()
            );
        }
        let first = spawn(root, &["render", "-q", "a.yaml", "-o", &out]);
        let second = spawn(root, &["render", "-q", "b.yaml", "-o", &out]);
        for child in [first, second] {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let state = everything(&root.join(&out));
        if state == a {
            ended_a += 1;
        } else if state == b {
            ended_b += 1;
        } else {
            let only_a = a.keys().filter(|k| !state.contains_key(*k)).count();
            let left: Vec<&String> = state
                .keys()
                .filter(|k| k.contains(".kubelab-stage-") || k.contains(".kubelab-commit"))
                .collect();
            panic!(
                "round {round}: neither set ({} files; {only_a} of A's missing; left: {left:?})",
                state.len()
            );
        }
    }
    println!("{rounds} rounds of {least}+ files: A's set {ended_a} times, B's {ended_b}");
}

#[test]
fn two_renders_of_a_small_course_into_one_folder_leave_one_whole_set() {
    race(0, 20);
}

#[test]
fn two_renders_of_a_thousand_files_into_one_folder_leave_one_whole_set() {
    race(200, 6);
}

/// Holds the folder's lock as another render would (the same OS lock on the folder).
fn hold_lock(folder: &Path) -> std::fs::File {
    let file = std::fs::File::open(folder).unwrap();
    file.lock().unwrap();
    file
}

#[cfg(unix)]
#[test]
fn no_wait_fails_at_once_and_a_waiting_render_says_so_and_goes_on_when_freed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(run(root, &["init", "-q"]).status.success());
    assert!(run(root, &["render", "-q"]).status.success());
    let before = everything(&root.join("generated"));
    let held = hold_lock(&root.join("generated"));

    let busy = run(root, &["render", "--no-wait"]);
    let said = String::from_utf8_lossy(&busy.stderr);
    assert_eq!(busy.status.code(), Some(3), "{said}");
    assert!(
        said.starts_with("error: ") && said.contains("is being rendered by another process"),
        "{said}"
    );
    let busy_check = run(root, &["render", "--check", "--no-wait"]);
    assert_eq!(busy_check.status.code(), Some(3));
    assert_eq!(everything(&root.join("generated")), before);

    std::fs::write(
        root.join("course.yaml"),
        std::fs::read_to_string(root.join("course.yaml"))
            .unwrap()
            .replace("replicas: 1 }", "replicas: 2 }"),
    )
    .unwrap();
    let waiting = spawn(root, &["render"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        everything(&root.join("generated")),
        before,
        "nothing written while another holds the folder"
    );
    drop(held);
    let o = waiting.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert_eq!(
        said.matches("note: waiting for another kubelab render of")
            .count(),
        1,
        "{said}"
    );
    assert_ne!(everything(&root.join("generated")), before);
}
