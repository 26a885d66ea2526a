//! `cargo xtask test`: everything CI runs, in order, stopping at the first failure.

use crate::{Failure, cargo, external, target_dir, workspace_root};
use kubelab::spec::Course;
use std::path::PathBuf;

/// Arguments of `test`.
#[derive(clap::Args)]
pub struct TestArgs {}

/// The library's examples (`crates/kubelab/examples/`), by file stem.
fn examples() -> Result<Vec<String>, Failure> {
    let dir = workspace_root().join("crates/kubelab/examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Failure::Failed(format!("cannot list {}: {e}", dir.display())))?
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != "rs" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    Ok(names)
}

/// Runs fmt, clippy, tests, examples, `render --check` and the external schema check.
pub fn run(_args: &TestArgs) -> Result<(), Failure> {
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace"])?;
    // The crash tests need the test-only hook, which no other build has.
    cargo(&[
        "test",
        "-p",
        "kubelab-cli",
        "--features",
        "fault-injection",
        "--test",
        "crash",
    ])?;
    for example in examples()? {
        cargo(&["run", "--quiet", "-p", "kubelab", "--example", &example])?;
    }
    println!("==> cargo xtask render --check");
    crate::render::run(&crate::render::RenderArgs {
        check: true,
        ..Default::default()
    })?;
    let course =
        kubelab::course::load(&crate::render::default_config()).map_err(crate::render::invalid)?;
    let versions = external::course_versions(&course);
    external::kubernetes_validate(&workspace_root().join("generated"), &versions)?;
    println!("==> kubelab render -o - (one stream for kubectl apply -f -)");
    let labs: Vec<String> = course.labs.iter().map(|l| l.id.clone()).collect();
    crate::package::stdout_stream(&versions, &labs)?;
    render_example("challenge", "sweeps, student copies")?;
    let (hardened, hardened_course) = render_example("hardened", "the hardened profile")?;
    import_example()?;
    crate::checkov::hardened(&hardened, &hardened_course)?;
    println!("==> cargo xtask fuzz --cases 1500 (the course-file path, mutated)");
    crate::fuzz::run(&crate::fuzz::FuzzArgs {
        cases: 1500,
        seed: 1,
    })?;
    crate::yaml11::run()?;
    crate::sample::run()?;
    crate::package::docs()?;
    crate::package::packaged_crate()?;
    crate::package::consumer()?;
    println!("xtask test: all checks passed");
    Ok(())
}

/// Imports the manifests with every field `kubelab import` knows and some it patches
/// (`crates/kubelab/tests/fixtures/import/shop/app.yaml`) for Kubernetes 1.26, renders the
/// course it writes, and checks the manifests with kubernetes-validate: what a patch added
/// is checked by the real schema too.
fn import_example() -> Result<(), Failure> {
    println!("==> kubelab import (the new fields and patches) -> render -> kubernetes-validate");
    let fixtures = workspace_root().join("crates/kubelab/tests/fixtures/import");
    let file = "shop/app.yaml";
    let text = std::fs::read_to_string(fixtures.join(file))
        .map_err(|e| Failure::Failed(format!("cannot read the import fixture: {e}")))?;
    let options =
        kubelab::import::ImportOptions::for_version(kubelab::spec::KubernetesVersion::new(26));
    let imported = kubelab::import::import(&[(file.to_owned(), text)], &options)
        .map_err(|e| Failure::Failed(format!("import: {e}")))?;
    let out = target_dir().join("import-example");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)
        .map_err(|e| Failure::Failed(format!("{}: {e}", out.display())))?;
    let config = out.join("course.yaml");
    std::fs::write(&config, &imported.course)
        .map_err(|e| Failure::Failed(format!("{}: {e}", config.display())))?;
    let rendered = out.join("generated");
    crate::render::run(&crate::render::RenderArgs {
        config: Some(config.clone()),
        out: Some(rendered.clone()),
        ..Default::default()
    })?;
    let course = kubelab::course::load(&config).map_err(crate::render::invalid)?;
    external::kubernetes_validate(&rendered, &external::course_versions(&course))
}

/// Renders `examples/<name>.course.yaml` into `<target>/<name>-example` (afresh) and checks
/// the manifests with kubernetes-validate for the course's versions; returns the folder
/// and the course.
fn render_example(name: &str, shows: &str) -> Result<(PathBuf, Course), Failure> {
    println!("==> cargo xtask render --config examples/{name}.course.yaml ({shows})");
    let out = target_dir().join(format!("{name}-example"));
    let _ = std::fs::remove_dir_all(&out);
    let config = workspace_root().join(format!("examples/{name}.course.yaml"));
    crate::render::run(&crate::render::RenderArgs {
        config: Some(config.clone()),
        out: Some(out.clone()),
        ..Default::default()
    })?;
    let course = kubelab::course::load(&config).map_err(crate::render::invalid)?;
    external::kubernetes_validate(&out, &external::course_versions(&course))?;
    Ok((out, course.course))
}
