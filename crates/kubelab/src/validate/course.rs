//! Course-level rules and the entry point over a whole course.

use super::{Found, Report, Violation};
use crate::layout;
use crate::objects::{LabObjects, Resolved};
use crate::quantity::Quantity;
use crate::rules::Rule;
use crate::source::lab_path;
use crate::spec::{Course, KubernetesVersion};

/// Validates every lab of a resolved course (each with its objects) and the rules across
/// labs; errors first.
pub fn course(resolved: &Resolved) -> Report {
    let (course, objects) = (&resolved.course, resolved.objects.as_slice());
    let mut found = Found::default();
    for (i, (_, objects)) in course.labs.iter().zip(objects).enumerate() {
        for mut v in super::objects(objects, &course.cluster) {
            v.path = format!("labs[{i}].{}", v.path);
            found.0.push(v);
        }
        lab_rules(course, i, &mut found);
    }
    output_clash_rule(course, &mut found);
    text_rule(course, &mut found);
    version_rule(course, &mut found);
    load_test_rules(course, objects, &mut found);
    node_port_range_rule(course, &mut found);
    runs_with_rules(course, objects, &mut found);
    sweep_rules(course, &mut found);
    output_budget_rule(course, objects, &mut found);
    if course.students > 0 {
        student_rules(course, objects, &mut found);
    }
    node_quantity_rules(course, &mut found);
    let mut violations = located(resolved, found.0);
    violations.sort_by_key(|v| v.severity);
    Report { violations }
}

/// Each violation with the place its value was written; one violation of a value many
/// labs inherit from `defaults`, at its `defaults` path.
fn located(resolved: &Resolved, violations: Vec<Violation>) -> Vec<Violation> {
    let (course, source) = (&resolved.course, &resolved.source);
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<Violation> = Vec::with_capacity(violations.len());
    // For a value inherited from `defaults`: the labs that break the rule with it.
    let mut breaking: std::collections::BTreeMap<(crate::Rule, String), (String, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for mut v in violations {
        let lab = lab_path(&v.path).map(|(i, rest)| (i, rest.to_owned()));
        // A value the lab took from the course is reported where the course sets it.
        if let Some(from) = lab
            .as_ref()
            .and_then(|(i, rest)| resolved.objects.get(*i)?.origins.course_field(rest))
        {
            v.path = from;
        }
        let written = source.written(&v.path).or_else(|| source.nearest(&v.path));
        if let Some(w) = written {
            v.path.clone_from(&w.path);
            v.location = Some(w);
        }
        if let Some((i, rest)) = lab.filter(|_| v.path.starts_with("defaults.")) {
            let entry = breaking
                .entry((v.rule, v.path.clone()))
                .or_insert_with(|| (rest, Vec::new()));
            entry.1.push(i);
        }
        if seen.insert((v.rule, v.path.clone(), v.value.clone())) {
            out.push(v);
        }
    }
    // A default that only some of the labs inheriting it break: fixing it in `defaults`
    // would change the others too, so the help says to override it in those labs.
    for v in &mut out {
        let Some((rest, labs)) = breaking.get(&(v.rule, v.path.clone())) else {
            continue;
        };
        // The labs that take this value from `defaults` (the others set their own).
        let inheriting = (0..course.labs.len())
            .filter(|j| {
                source
                    .written(&format!("labs[{j}].{rest}"))
                    .is_some_and(|w| w.path == v.path)
            })
            .count();
        if labs.len() < inheriting {
            let names: Vec<String> = labs.iter().map(|i| format!("labs[{i}]")).collect();
            v.hint = format!(
                "only {} {} this value from `defaults` and {} it: override it there (a list \
                 such as `ports` replaces the default whole) and keep the default for the \
                 other labs; or {}",
                names.join(" and "),
                if labs.len() == 1 {
                    "inherits"
                } else {
                    "inherit"
                },
                if labs.len() == 1 { "breaks" } else { "break" },
                v.hint
            );
        }
    }
    out
}

/// Ids, outputs and pages of lab `i` against the labs before it.
fn lab_rules(course: &Course, i: usize, found: &mut Found) {
    let lab = &course.labs[i];
    let earlier = &course.labs[..i];
    let output_path = || format!("labs[{i}].output");
    let page = layout::page(lab);
    let same_page = earlier.iter().rposition(|l| layout::page(l) == page);
    let same_output = earlier.iter().rposition(|l| l.output == lab.output);
    if let Some(first) = same_page.filter(|first| same_output != Some(*first)) {
        found
            .flag(Rule::LabDirUnique, output_path(), &lab.output)
            .says(format!(
                "is in the same folder as the output of labs[{first}], so both pages would \
                 be {page}"
            ))
            .fix("give each lab its own folder");
    }
    if let Some(first) = same_output {
        found
            .flag(Rule::LabOutputUnique, output_path(), &lab.output)
            .says(format!(
                "is also the output of labs[{first}]; one lab would overwrite the other"
            ))
            .fix("give each lab its own output file");
    }
    if let Some(first) = earlier.iter().rposition(|l| l.id == lab.id) {
        found
            .flag(Rule::LabIdUnique, format!("labs[{i}].id"), &lab.id)
            .says(format!("is also the id of labs[{first}]"))
            .fix("give each lab its own id");
    }
    if let Some(problem) = layout::output_problem(&lab.output) {
        found
            .flag(Rule::LabOutputPath, output_path(), &lab.output)
            .says(problem)
            .fix("use a path such as `deploy_lb/deployment_lb.yaml`");
    }
    let id_ok = !lab.id.is_empty()
        && lab
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        found
            .flag(Rule::LabIdFormat, format!("labs[{i}].id"), &lab.id)
            .says("must be non-empty and use only letters, digits, '-' or '_'")
            .fix("use a short id such as `lb`");
    }
}

/// A file and a folder of the same name among the paths the course generates.
fn output_clash_rule(course: &Course, found: &mut Found) {
    let planned = layout::planned(&course.labs);
    let files: std::collections::BTreeMap<&str, Option<usize>> =
        planned.iter().map(|(p, lab)| (p.as_str(), *lab)).collect();
    let mut flagged = std::collections::BTreeSet::new();
    for (path, lab) in &planned {
        for folder in crate::codegen::folders(path) {
            let Some(owner) = files.get(folder) else {
                continue;
            };
            let Some(i) = lab.or(*owner) else { continue };
            if !flagged.insert(i) {
                continue;
            }
            let whose = match owner {
                Some(j) => format!("a file of labs[{j}]"),
                None => "a file of the course".to_owned(),
            };
            found
                .flag(
                    Rule::LabOutputClash,
                    format!("labs[{i}].output"),
                    &course.labs[i].output,
                )
                .says(format!(
                    "makes `{folder}` a folder (for `{path}`), but `{folder}` is {whose}: a \
                     file and a folder cannot share a name"
                ))
                .fix("give the labs outputs in folders of their own names");
        }
    }
}

/// Texts the pages cannot do without.
fn text_rule(course: &Course, found: &mut Found) {
    let mut texts = vec![
        ("course.title".to_owned(), course.info.title.as_str()),
        (
            "course.studentDir".to_owned(),
            course.info.student_dir.as_str(),
        ),
    ];
    for (i, lab) in course.labs.iter().enumerate() {
        texts.push((format!("labs[{i}].title"), lab.title.as_str()));
    }
    for (path, text) in texts {
        if text.trim().is_empty() {
            found
                .flag(Rule::TextRequired, path, format!("{text:?}"))
                .says("must not be empty")
                .fix("write the text");
        }
    }
}

/// The course's Kubernetes version.
fn version_rule(course: &Course, found: &mut Found) {
    let version = course.cluster.kubernetes_version;
    if !version.is_supported() {
        let (oldest, newest) = (KubernetesVersion::OLDEST, KubernetesVersion::NEWEST);
        found
            .flag(
                Rule::KubernetesVersionSupported,
                "cluster.kubernetesVersion".into(),
                version,
            )
            .says(format!(
                "kubelab knows the validation rules and the kubectl output of Kubernetes \
                 {oldest} to {newest} only"
            ))
            .fix(format!(
                "state the version your clusters run, between {oldest} and {newest}"
            ));
    }
}

/// Load tests siege can run, long enough to see an autoscaler add a pod.
fn load_test_rules(course: &Course, objects: &[LabObjects], found: &mut Found) {
    let course_test = &course.info.load_test;
    if course_test.seconds().is_none() {
        flag_time(found, "course.loadTest.time".into(), &course_test.time);
    }
    let siege_version = |found: &mut Found, path: String, test: &crate::spec::LoadTest| {
        if test.siege_version().is_none() {
            found
                .flag(Rule::LoadTestSiegeVersion, path, &test.siege_version)
                .says("is not a version of three numbers, so the pages cannot tell which report siege prints")
                .fix("write the version `apt-cache policy siege` names, like `4.0.7`");
        }
    };
    siege_version(found, "course.loadTest.siegeVersion".into(), course_test);
    for (i, (lab, objects)) in course.labs.iter().zip(objects).enumerate() {
        let test = course_test.overridden_by(lab.load_test.as_ref());
        // What the lab takes from the course was checked once, above.
        let own = |field| objects.origins.course_field(field).is_none();
        if own("loadTest.siegeVersion") {
            siege_version(found, format!("labs[{i}].loadTest.siegeVersion"), &test);
        }
        let own = own("loadTest.time");
        let path = match own {
            true => format!("labs[{i}].loadTest.time"),
            false => "course.loadTest.time".to_owned(),
        };
        let Some(seconds) = test.seconds() else {
            if own {
                flag_time(found, path, &test.time);
            }
            continue;
        };
        if lab.autoscaler.is_none() || objects.node_ports().next().is_none() {
            // Without a node port the page runs no load test.
            continue;
        }
        let needed = crate::timing::first_added_pod_ready_seconds(objects.readiness_probe());
        if seconds <= needed {
            found
                .flag(Rule::LoadTestTooShort, path, &test.time)
                .says(format!(
                    "ends before a pod the autoscaler adds can be ready: that takes {needed} \
                     s at the earliest (a 15 s measurement, a 15 s autoscaler sync and the \
                     readiness probe), so students would not see it scale"
                ))
                .fix(format!(
                    "give this lab a longer `loadTest.time`, several times {needed}s"
                ));
        }
    }
}

fn flag_time(found: &mut Found, path: String, time: &str) {
    found
        .flag(Rule::LoadTestTime, path, time)
        .says("is not a duration siege reads: a number, then S, M or H")
        .fix("write the duration like `30s`, `2M` or `1H`");
}

/// The cluster's node port range.
fn node_port_range_rule(course: &Course, found: &mut Found) {
    let range = course.cluster.node_port_range;
    if !range.is_valid() {
        let value = format!("{}-{}", range.min, range.max);
        found
            .flag(
                Rule::NodePortRangeValid,
                "cluster.nodePortRange".into(),
                value,
            )
            .says("must be a range within 1-65535 with min <= max")
            .fix("use the apiserver's --service-node-port-range, 30000-32767 by default");
    }
}

/// Labs that run at the same time need their own node ports: the API server refuses a
/// Service whose nodePort another Service holds ("provided port is already allocated",
/// kubernetes pkg/registry/core/service/portallocator, `ErrAllocated`).
fn runs_with_rules(course: &Course, objects: &[LabObjects], found: &mut Found) {
    for i in 0..course.labs.len() {
        for (k, (id, earlier)) in course.runs_with(i).enumerate() {
            let Some(j) = earlier else {
                let earlier: Vec<&str> = course.labs[..i].iter().map(|l| l.id.as_str()).collect();
                found
                    .flag(
                        Rule::LabRunsWithKnown,
                        format!("labs[{i}].runsWith[{k}]"),
                        id,
                    )
                    .says("is not the id of an earlier lab")
                    .fix(if earlier.is_empty() {
                        "the first lab runs with no other: remove runsWith".to_owned()
                    } else {
                        format!("use one of {}", earlier.join(", "))
                    });
                continue;
            };
            let (Some(mine), Some(theirs)) = (objects.get(i), objects.get(j)) else {
                continue;
            };
            let same_service = mine.service.metadata.name == theirs.service.metadata.name;
            let ports = mine
                .service
                .spec
                .iter()
                .flat_map(|s| s.ports.iter().flatten());
            for (p, port) in ports.enumerate() {
                let Some(np) = port
                    .node_port
                    .filter(|np| theirs.node_ports().any(|q| q == *np))
                else {
                    continue;
                };
                let other = &course.labs[j];
                let consequence = if same_service {
                    "both labs' Service has the same name, so applying this lab would take \
                     over the other lab's Service"
                } else {
                    "the API server would refuse this lab's Service: \"provided port is \
                     already allocated\""
                };
                found
                    .flag(
                        Rule::NodePortShared,
                        format!("labs[{i}].service.ports[{p}].nodePort"),
                        np,
                    )
                    .says(format!(
                        "is also a nodePort of labs[{j}] ({}), which runs at the same time \
                         (runsWith); {consequence}",
                        other.title
                    ))
                    .fix("give this lab its own nodePort, or leave it unset for the cluster to choose");
            }
        }
    }
}

/// The quantities the nodes' shapes state.
fn node_quantity_rules(course: &Course, found: &mut Found) {
    for (i, group) in course.cluster.nodes.iter().enumerate() {
        for (kind, map) in [
            ("allocatable", &group.allocatable),
            ("systemRequests", &group.system_requests),
        ] {
            for (name, q) in map {
                if let Err(m) = Quantity::parse(q) {
                    let path = format!("cluster.nodes[{i}].{kind}.{name}");
                    found
                        .flag(Rule::ClusterNodeQuantity, path, q)
                        .says(m)
                        .fix("write a Kubernetes quantity such as `4`, `8Gi`");
                }
            }
        }
    }
}

/// Sweeps that cannot expand.
fn sweep_rules(course: &Course, found: &mut Found) {
    for (i, lab) in course.labs.iter().enumerate() {
        let Some(sweep) = &lab.sweep else { continue };
        match crate::sweep::count(sweep, lab) {
            Ok(n) if n > sweep.limit as u128 => {
                let limit = sweep.limit;
                found
                    .flag(Rule::SweepLimit, format!("labs[{i}].sweep"), n)
                    .says(format!(
                        "expands to {n} variants, more than its limit of {limit}"
                    ))
                    .fix(
                        "sweep fewer values, or raise `sweep.limit` if you really want that \
                         many files",
                    );
            }
            Ok(_) => {}
            Err(_) => {
                let value = "minReplicas/maxReplicas/targetCPUUtilizationPercentage";
                found
                    .flag(Rule::SweepAutoscaler, format!("labs[{i}].sweep"), value)
                    .says("sweeps autoscaler values on a lab without an autoscaler")
                    .fix("add an `autoscaler` to the lab or drop those lists");
            }
        }
    }
}

/// What the course would generate fits the output budget.
fn output_budget_rule(course: &Course, objects: &[LabObjects], found: &mut Found) {
    let sweeps: Vec<u128> = course
        .labs
        .iter()
        .map(|lab| match &lab.sweep {
            Some(sweep) => crate::sweep::count(sweep, lab).unwrap_or(0),
            None => 0,
        })
        .collect();
    let files = layout::file_count(&course.labs, &sweeps, course.students);
    // Bytes, estimated before anything is generated: each lab's manifest (its objects' JSON
    // size) in its copies, sweep variants and pages (a page shows its manifest and about
    // 16 KB of text; its pictures about 24 KB).
    let copies = 1 + u128::from(course.students);
    let bytes = objects
        .iter()
        .zip(&sweeps)
        .map(|(o, sweep)| {
            let m = super::size::lab_bytes(o) as u128;
            m.saturating_mul(2)
                .saturating_add(40 * 1024)
                .saturating_mul(copies)
                .saturating_add(m.saturating_mul(*sweep))
        })
        .fold(0u128, u128::saturating_add);
    let max_bytes = layout::MAX_OUTPUT_BYTES as u128;
    if bytes > max_bytes && files <= layout::MAX_FILES {
        let i = objects
            .iter()
            .enumerate()
            .max_by_key(|(_, o)| super::size::lab_bytes(o))
            .map_or(0, |(i, _)| i);
        found
            .flag(
                Rule::OutputBudget,
                "labs".to_owned(),
                format!("{bytes} bytes"),
            )
            .says(format!(
                "the course would generate about {bytes} bytes (labs[{i}] is the largest); a \
                 render generates at most {max_bytes}"
            ))
            .fix("make the labs smaller (fewer, shorter env values), or split the course");
        return;
    }
    if files <= layout::MAX_FILES {
        return;
    }
    let max = layout::MAX_FILES;
    // The biggest contributor: a sweep, the student copies, or the labs themselves.
    let (i, biggest) = sweeps
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map_or((0, 0), |(i, n)| (i, *n));
    let per_students =
        (course.labs.len() as u128 * 2 + 2).saturating_mul(u128::from(course.students));
    let (path, value) = if biggest >= per_students && biggest > 0 {
        (format!("labs[{i}].sweep"), biggest.to_string())
    } else if per_students > 0 {
        ("students".to_owned(), course.students.to_string())
    } else {
        ("labs".to_owned(), course.labs.len().to_string())
    };
    found
        .flag(Rule::OutputBudget, path, value)
        .says(format!(
            "the course would generate {files} files; a render generates at most {max}"
        ))
        .fix("sweep fewer values, render fewer students, or split the course");
}

/// Room in the node port range for every student.
fn student_rules(course: &Course, objects: &[LabObjects], found: &mut Found) {
    let (per_student, free) = crate::students::demand(course, objects);
    let students = course.students;
    let needed = per_student * u64::from(students);
    if needed > free {
        let range = course.cluster.node_port_range;
        let (min, max) = (range.min, range.max);
        let fitting = free / per_student.max(1);
        found
            .flag(Rule::StudentsNodePorts, "students".into(), students)
            .says(format!(
                "{students} students need {needed} node ports ({per_student} each), but the \
                 range {min}-{max} has only {free} free"
            ))
            .fix(format!(
                "render at most {fitting} students, or widen cluster.nodePortRange"
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_course_breaks_no_rule() {
        let course = crate::testing::course();
        assert_eq!(super::course(&Resolved::new(&course)).violations, vec![]);
    }
}
