//! `cargo xtask bench`: speed and memory, as ratios against a baseline measured in the
//! same run. Each scenario runs in its own release-built process (`xtask bench-worker`), so
//! its peak memory (VmHWM) is its own.
//!
//! Scenarios:
//! - `render`: `generate` with templates already loaded (`Pages::Loaded`) on this course (validation, manifests, pages; templates
//!   loaded once), warm; `course`: the whole pipeline (parse course.yaml, load templates,
//!   validate, manifests, pages, derive the schema); baseline `course-serde`:
//!   serde_yaml::to_string of the same k8s-openapi objects.
//! - `students N` / `students-plain N`: a fresh render of this course with N student
//!   copies (generated once), written with `codegen::write` (commit and folder lock)
//!   against `std::fs::write` of the same files.
//! - `variants N`: N generated variants of the autoscaled lab, each validated and rendered
//!   to YAML (streamed to a sink, as a writer would); baseline `variants-serde N`: building
//!   and serde_yaml-serializing the same objects.

mod instructions;

use crate::{Failure, workspace_root};
use kubelab::spec::{Cluster, Lab};
use std::process::Command;
use std::time::Instant;

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Timed runs per scenario (the median is reported).
    #[arg(long, default_value_t = 15)]
    pub runs: usize,
    /// Also count instructions per course render and per baseline run with valgrind's
    /// callgrind (needs valgrind; about a minute).
    #[arg(long)]
    pub instructions: bool,
}

/// Rounds of the course render and its baseline, measured turn about.
const ROUNDS: usize = 5;

/// Arguments of the internal `bench-worker`.
#[derive(clap::Args)]
pub struct WorkerArgs {
    /// Scenario: course, course-serde, variants, variants-serde.
    pub scenario: String,
    /// Variants (for the variants scenarios).
    #[arg(default_value_t = 0)]
    pub n: usize,
    /// Timed runs.
    #[arg(long, default_value_t = 15)]
    pub runs: usize,
    /// The templates folder (the repository's `templates/` when unset).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<std::path::PathBuf>,
}

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Failed(e.to_string())
}

/// Variant `i` of the autoscaled lab: replicas, CPU request and maxReplicas vary.
fn variant(base: &Lab, i: usize) -> Lab {
    let mut lab = base.clone();
    lab.id = format!("v{i}");
    lab.output = format!("v/{i}.yaml");
    lab.deployment
        .resources
        .requests
        .insert("cpu".into(), format!("{}m", 250 + (i % 4) * 250));
    if let Some(autoscaler) = &mut lab.autoscaler {
        autoscaler.max_replicas = 2 + (i % 4) as i32;
    }
    lab
}

/// The baseline: plain serde_yaml serialization of a lab's objects; returns the bytes.
fn serde_yaml_bytes(o: &kubelab::LabObjects) -> Result<usize, Failure> {
    let mut bytes = serde_yaml::to_string(&o.service).map_err(failed)?.len();
    bytes += serde_yaml::to_string(&o.deployment).map_err(failed)?.len();
    if let Some(h) = &o.autoscaler {
        bytes += serde_yaml::to_string(h).map_err(failed)?.len();
    }
    Ok(bytes)
}

fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn once(
    scenario: &str,
    n: usize,
    course: &kubelab::spec::Course,
    options: &kubelab::Options,
    loaded: &kubelab::Options,
) -> Result<usize, Failure> {
    let base = &course.labs[2];
    let cluster: &Cluster = &course.cluster;
    let mut bytes = 0;
    match scenario {
        "course" => {
            let loaded = kubelab::course::load(&crate::render::default_config()).map_err(failed)?;
            let rendered = kubelab::generate(&loaded, options).map_err(failed)?;
            bytes += rendered
                .files
                .iter()
                .map(|f| f.contents.len())
                .sum::<usize>();
            bytes += kubelab::course::schema_json().len();
        }
        "render" => {
            let rendered = kubelab::generate(course, loaded).map_err(failed)?;
            bytes += rendered
                .files
                .iter()
                .map(|f| f.contents.len())
                .sum::<usize>();
        }
        "part-load" => {
            let loaded = kubelab::course::load(&crate::render::default_config()).map_err(failed)?;
            bytes += loaded.labs.len();
        }
        "part-schema" => bytes += kubelab::course::schema_json().len(),
        "part-templates" => {
            let t = kubelab::pages::Templates::load(&workspace_root().join("templates"))
                .map_err(failed)?;
            bytes += std::mem::size_of_val(&t);
        }
        "part-validate" => {
            let resolved = kubelab::Resolved::new(course);
            bytes += kubelab::validate::course(&resolved).violations.len();
        }
        "part-manifests" => {
            for lab in &course.labs {
                bytes += lab.objects().to_yaml("x").map_err(failed)?.len();
            }
        }
        "course-serde" => {
            for lab in &course.labs {
                bytes += serde_yaml_bytes(&lab.objects())?;
            }
        }
        "variants" => {
            for i in 0..n {
                let lab = variant(base, i);
                let errors = kubelab::validate::lab(&lab, cluster)
                    .iter()
                    .filter(|v| v.severity == kubelab::Severity::Error)
                    .count();
                if errors > 0 {
                    return Err(failed(format!("variant {i} is invalid")));
                }
                bytes += lab
                    .objects()
                    .to_yaml(&options.header)
                    .map_err(failed)?
                    .len();
            }
        }
        "variants-serde" => {
            for i in 0..n {
                bytes += serde_yaml_bytes(&variant(base, i).objects())?;
            }
        }
        "large" => {
            // A large course: n labs of 200 environment variables each, parsed and
            // rendered with pages; the output's size is what memory is compared with.
            let course = kubelab::course::parse(&large_course(n), "large.yaml").map_err(failed)?;
            let rendered =
                kubelab::generate(&course, &kubelab::Options::default()).map_err(failed)?;
            bytes += rendered
                .files
                .iter()
                .map(|f| f.contents.len())
                .sum::<usize>();
        }
        "write" | "write-plain" => {
            // A first render of n files of 2 KB into an empty folder (the previous run's
            // folder is removed first, in both scenarios alike).
            let dir = crate::target_dir().join(format!("bench-{scenario}"));
            let _ = std::fs::remove_dir_all(&dir);
            let body = "x".repeat(2047) + "\n";
            let files: Vec<kubelab::codegen::GeneratedFile> = (0..n)
                .map(|i| {
                    kubelab::codegen::GeneratedFile::new(
                        format!("lab-{}/file-{i}.yaml", i % 40),
                        body.clone(),
                    )
                })
                .collect();
            if scenario == "write" {
                kubelab::codegen::write(&dir, &files).map_err(failed)?;
            } else {
                plain_write(&dir, &files)?;
            }
            bytes += files.len() * body.len();
        }
        "students" | "students-plain" => {
            // A fresh render of the course with n student copies into an empty folder: the
            // files are generated once (outside the timing); each run writes them, with
            // kubelab's commit and the folder's lock, or with std::fs::write.
            let files = student_files(course, n)?;
            let dir = crate::target_dir().join(format!("bench-{scenario}"));
            let _ = std::fs::remove_dir_all(&dir);
            if scenario == "students" {
                kubelab::codegen::write(&dir, files).map_err(failed)?;
            } else {
                plain_write(&dir, files)?;
            }
            bytes += files.iter().map(|f| f.contents.len()).sum::<usize>();
        }
        other => return Err(Failure::Invalid(format!("unknown scenario {other}"))),
    }
    Ok(bytes)
}

/// The baseline writer: each file with `std::fs::write`, its folders created; no sync, no
/// commit, no lock.
fn plain_write(
    dir: &std::path::Path,
    files: &[kubelab::codegen::GeneratedFile],
) -> Result<(), Failure> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(path, &f.contents).map_err(failed)?;
    }
    Ok(())
}

/// Every file the course generates with `students` student copies, generated once.
fn student_files(
    course: &kubelab::spec::Course,
    students: usize,
) -> Result<&'static [kubelab::codegen::GeneratedFile], Failure> {
    static FILES: std::sync::OnceLock<Vec<kubelab::codegen::GeneratedFile>> =
        std::sync::OnceLock::new();
    if let Some(files) = FILES.get() {
        return Ok(files);
    }
    let mut course = course.clone();
    course.students = u32::try_from(students).map_err(failed)?;
    let files = kubelab::generate(&course, &kubelab::Options::default())
        .map_err(failed)?
        .files;
    Ok(FILES.get_or_init(|| files))
}

/// A course of `labs` labs, each with 200 environment variables of its own.
fn large_course(labs: usize) -> String {
    let mut text = String::from(
        "course: { title: Large, studentDir: \"~/large\" }\ndefaults:\n  deployment: \
         { image: \"nginx:1.27\", ports: [{ containerPort: 80 }] }\n  service: { ports: \
         [{ port: 80 }] }\nlabs:\n",
    );
    for i in 0..labs {
        text.push_str(&format!(
            "  - id: l{i}\n    title: Lab {i}\n    output: l{i}/app.yaml\n    deployment:\n      \
             name: app-{i}\n      env:\n"
        ));
        for e in 0..200 {
            text.push_str(&format!(
                "        - {{ name: VAR_{e}, value: \"value {e} of lab {i}, with some text\" }}\n"
            ));
        }
        text.push_str(&format!("    service: {{ name: svc-{i} }}\n"));
    }
    text
}

/// The worker: runs one scenario `runs` times (after one warm-up) and prints
/// `scenario n median_ms peak_kb bytes`.
pub fn worker(args: &WorkerArgs) -> Result<(), Failure> {
    let course = kubelab::course::load(&crate::render::default_config()).map_err(failed)?;
    let options = kubelab::Options::builder()
        .pages(kubelab::Pages::Folder(
            args.templates
                .clone()
                .unwrap_or_else(|| workspace_root().join("templates")),
        ))
        .header(kubelab::manifest::header("bench", "course.yaml"))
        .build();
    // Chosen and loaded once, as a tool that generates many times does.
    let mut loaded = options.clone();
    if let Some(templates) = options.pages.templates(&course).map_err(failed)? {
        loaded.pages = kubelab::Pages::Loaded(templates);
    }
    let mut bytes = once(&args.scenario, args.n, &course, &options, &loaded)?;
    let mut times = Vec::new();
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        bytes = std::hint::black_box(once(&args.scenario, args.n, &course, &options, &loaded)?);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{} {} {:.4} {} {bytes}",
        args.scenario,
        args.n,
        median(times),
        peak_kb()
    );
    Ok(())
}

struct Sample {
    ms: f64,
    kb: f64,
    bytes: usize,
}

fn measure(
    exe: &std::path::Path,
    scenario: &str,
    n: usize,
    runs: usize,
) -> Result<Sample, Failure> {
    measure_with(exe, scenario, n, runs, None)
}

/// [`measure`], the pages rendered from the templates in `templates`.
fn measure_with(
    exe: &std::path::Path,
    scenario: &str,
    n: usize,
    runs: usize,
    templates: Option<&std::path::Path>,
) -> Result<Sample, Failure> {
    let mut command = Command::new(exe);
    command.args([
        "bench-worker",
        scenario,
        &n.to_string(),
        "--runs",
        &runs.to_string(),
    ]);
    if let Some(dir) = templates {
        command.arg("--templates").arg(dir);
    }
    let out = command.output().map_err(failed)?;
    if !out.status.success() {
        return Err(failed(String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    let num = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| failed(format!("bad worker output: {text}")))
    };
    Ok(Sample {
        ms: num(2)?,
        kb: num(3)?,
        bytes: num(4)? as usize,
    })
}

/// Builds the release worker, runs every scenario and prints a table with ratios.
pub fn run(args: &BenchArgs) -> Result<(), Failure> {
    crate::cargo(&["build", "--release", "--quiet", "-p", "xtask"])?;
    let exe = crate::target_dir().join("release/xtask");
    // Sub-millisecond scenarios get ten times the runs, for a stable median.
    let small = |scenario| measure(&exe, scenario, 0, args.runs * 10);
    let course = small("course")?;
    // The course render and its baseline take a fraction of a millisecond, so the
    // machine's drift between two processes would show in their ratio: they run in
    // rounds, turn about (the order alternating), and the ratio is the median of the
    // rounds' ratios.
    let (mut renders, mut bases, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (r, b) = if round % 2 == 0 {
            let r = small("render")?;
            (r, small("course-serde")?)
        } else {
            let b = small("course-serde")?;
            (small("render")?, b)
        };
        ratios.push(r.ms / b.ms);
        renders.push(r);
        bases.push(b);
    }
    let render = median_sample(renders);
    let course_serde = median_sample(bases);
    let render_ratio = median(ratios);
    let (inline_ratio, inline_ms) = macros_against_inline(&exe, args.runs * 10)?;
    let runs_big = (args.runs / 3).max(3);
    let v1k = measure(&exe, "variants", 1_000, args.runs)?;
    let v1k_serde = measure(&exe, "variants-serde", 1_000, args.runs)?;
    let v10k = measure(&exe, "variants", 10_000, runs_big)?;
    let v10k_serde = measure(&exe, "variants-serde", 10_000, runs_big)?;
    println!("| scenario | median | peak memory | ratio to serde baseline (same run) |");
    println!("| --- | --- | --- | --- |");
    let row = |name: &str, s: &Sample, base: &Sample| {
        println!(
            "| {name} | {:.3} ms | {:.1} MiB | {:.2}x time |",
            s.ms,
            s.kb / 1024.0,
            s.ms / base.ms
        )
    };
    println!(
        "| render of the course: validation, manifests, pages (templates loaded) | {:.3} ms | {:.1} MiB | {render_ratio:.2}x time (median of {ROUNDS} rounds) |",
        render.ms,
        render.kb / 1024.0,
    );
    println!(
        "| the same render, the pages' code blocks written out instead of the `sh`/`text` macros | {inline_ms:.3} ms | | {inline_ratio:.2}x the render's time (median of {ROUNDS} rounds) |"
    );
    row(
        "whole pipeline: + parse course.yaml, load templates, derive schema",
        &course,
        &course_serde,
    );
    println!(
        "| baseline: serde_yaml of the course's 7 objects | {:.3} ms | {:.1} MiB | 1.00x |",
        course_serde.ms,
        course_serde.kb / 1024.0
    );
    row("1,000 variants, validated and rendered", &v1k, &v1k_serde);
    row(
        "10,000 variants, validated and rendered",
        &v10k,
        &v10k_serde,
    );
    println!(
        "| baseline: serde_yaml of 1,000 / 10,000 variants | {:.3} / {:.3} ms | {:.1} / {:.1} MiB | 1.00x |",
        v1k_serde.ms,
        v10k_serde.ms,
        v1k_serde.kb / 1024.0,
        v10k_serde.kb / 1024.0
    );
    let large = measure(&exe, "large", 250, 3)?;
    let large_bytes = large.bytes as f64;
    println!(
        "| a large course: 250 labs of 200 env vars (3.7 MB), parsed and rendered with pages | {:.0} ms | {:.1} MiB | peak memory {:.2}x the output ({:.1} MiB) |",
        large.ms,
        large.kb / 1024.0,
        large.kb * 1024.0 / large_bytes,
        large_bytes / 1024.0 / 1024.0
    );
    let write = measure(&exe, "write", 4_000, runs_big)?;
    let write_plain = measure(&exe, "write-plain", 4_000, runs_big)?;
    row(
        "first render of 4,000 files of 2 KB: one commit (staged, journaled, synced)",
        &write,
        &write_plain,
    );
    println!(
        "| baseline: the same files with std::fs::write, no sync, no commit | {:.3} ms | {:.1} MiB | 1.00x |",
        write_plain.ms,
        write_plain.kb / 1024.0
    );
    let students = measure(&exe, "students", 600, runs_big)?;
    let students_plain = measure(&exe, "students-plain", 600, runs_big)?;
    row(
        &format!(
            "fresh render of 600 student copies ({:.1} MB): one commit under the folder's lock",
            students.bytes as f64 / 1e6
        ),
        &students,
        &students_plain,
    );
    println!(
        "| baseline: the same files with std::fs::write, no sync, no commit, no lock | {:.3} ms | {:.1} MiB | 1.00x |",
        students_plain.ms,
        students_plain.kb / 1024.0
    );
    println!();
    println!(
        "10,000 / 1,000 variants: {:.2}x time (linear is 10x), {:.2}x peak memory",
        v10k.ms / v1k.ms,
        v10k.kb / v1k.kb
    );
    if args.instructions {
        let runs = 100;
        let ours = instructions::per_run(&exe, "render", runs)?;
        let base = instructions::per_run(&exe, "course-serde", runs)?;
        println!(
            "instructions per course render (callgrind, {runs} vs {} runs): {ours} against \
             {base} for the serde baseline, {:.2}x",
            2 * runs,
            ours as f64 / base as f64
        );
    }
    Ok(())
}

/// The built-in templates call a macro for each command and output block; before, they
/// wrote each block out, on the belief that a macro call cost as much as a section. Renders
/// the course with the blocks written out (as many bytes, checked) against the templates
/// as they are, turn about; returns the median ratio (written out / macros) and the
/// written-out render's median time.
fn macros_against_inline(exe: &std::path::Path, runs: usize) -> Result<(f64, f64), Failure> {
    let templates = workspace_root().join("templates");
    let inline = crate::target_dir().join("bench-templates-inline");
    std::fs::create_dir_all(&inline).map_err(failed)?;
    for entry in std::fs::read_dir(&templates).map_err(failed)? {
        let path = entry.map_err(failed)?.path();
        let text = std::fs::read_to_string(&path).map_err(failed)?;
        let name = path.file_name().unwrap_or_default();
        std::fs::write(inline.join(name), blocks_written_out(&text)).map_err(failed)?;
    }
    let (mut ratios, mut times) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let pair = |first_inline: bool| -> Result<(Sample, Sample), Failure> {
            let run = |dir: Option<&std::path::Path>| measure_with(exe, "render", 0, runs, dir);
            Ok(if first_inline {
                let i = run(Some(&inline))?;
                (i, run(None)?)
            } else {
                let m = run(None)?;
                (run(Some(&inline))?, m)
            })
        };
        let (i, m) = pair(round % 2 == 0)?;
        if i.bytes != m.bytes {
            return Err(failed(format!(
                "the written-out templates render {} bytes, the built-in ones {}",
                i.bytes, m.bytes
            )));
        }
        ratios.push(i.ms / m.ms);
        times.push(i.ms);
    }
    Ok((median(ratios), median(times)))
}

/// `template` with each `{{ sh(x) }}` and `{{ text(x) }}` call written out as the code
/// block the macro makes.
fn blocks_written_out(template: &str) -> String {
    let mut out = template.to_owned();
    for lang in ["sh", "text"] {
        let open = format!("{{{{ {lang}(");
        let mut done = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(start) = rest.find(&open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(") }}") else {
                break;
            };
            done.push_str(&rest[..start]);
            done.push_str(&format!("```{lang}\n{{{{ {} }}}}\n```", &after[..end]));
            rest = &after[end + ") }}".len()..];
        }
        done.push_str(rest);
        out = done;
    }
    out
}

/// The sample with the median time (its memory with it).
fn median_sample(mut samples: Vec<Sample>) -> Sample {
    samples.sort_by(|a, b| a.ms.total_cmp(&b.ms));
    let mid = samples.len() / 2;
    samples.swap_remove(mid)
}

#[cfg(test)]
mod tests {
    #[test]
    fn macro_calls_become_the_blocks_they_make() {
        let template =
            "Run:\n\n{{ sh(apply.command) }}\n\nIt prints:\n\n{{ text(x | join(\"\\n\")) }}\n";
        assert_eq!(
            super::blocks_written_out(template),
            "Run:\n\n```sh\n{{ apply.command }}\n```\n\nIt prints:\n\n```text\n{{ x | join(\"\\n\") }}\n```\n"
        );
    }
}
