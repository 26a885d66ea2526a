//! Course-level rules and the entry point over a whole course.

use super::{Report, Severity, Violation};
use crate::objects::LabObjects;
use crate::spec::Course;
use std::collections::BTreeMap;

fn course_rule(
    path: String,
    rule: &'static str,
    value: &str,
    message: String,
    hint: &str,
) -> Violation {
    Violation {
        severity: Severity::Error,
        path,
        object: String::new(),
        field: String::new(),
        rule,
        value: value.to_owned(),
        message,
        hint: hint.to_owned(),
    }
}

/// Validates every lab of `course` and the rules across labs; errors first.
pub fn course(course: &Course) -> Report {
    let objects: Vec<LabObjects> = course.labs.iter().map(crate::spec::Lab::objects).collect();
    course_with_objects(course, &objects)
}

/// [`course`] for a caller that already built each lab's objects (in lab order).
pub fn course_with_objects(course: &Course, objects: &[LabObjects]) -> Report {
    let mut violations = Vec::new();
    let (mut outputs, mut ids, mut pages) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for (i, lab) in course.labs.iter().enumerate() {
        for mut v in super::objects(&objects[i], &course.cluster) {
            v.path = format!("labs[{i}].{}", v.path);
            violations.push(v);
        }
        let page = crate::pages::context::page_path(lab);
        if let Some(first) = pages.insert(page.clone(), i)
            && outputs.get(&lab.output) != Some(&first)
        {
            violations.push(course_rule(format!("labs[{i}].output"), "lab-dir-unique", &lab.output, format!("is in the same folder as the output of labs[{first}], so both pages would be {page}"), "give each lab its own folder"));
        }
        if let Some(first) = outputs.insert(lab.output.clone(), i) {
            violations.push(course_rule(
                format!("labs[{i}].output"),
                "lab-output-unique",
                &lab.output,
                format!("is also the output of labs[{first}]; one lab would overwrite the other"),
                "give each lab its own output file",
            ));
        }
        if let Some(first) = ids.insert(lab.id.clone(), i) {
            violations.push(course_rule(
                format!("labs[{i}].id"),
                "lab-id-unique",
                &lab.id,
                format!("is also the id of labs[{first}]"),
                "give each lab its own id",
            ));
        }
        let output = std::path::Path::new(&lab.output);
        let output_ok = !lab.output.is_empty()
            && output
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            && (lab.output.ends_with(".yaml") || lab.output.ends_with(".yml"));
        if !output_ok {
            violations.push(course_rule(
                format!("labs[{i}].output"),
                "lab-output-path",
                &lab.output,
                "must be a relative path inside the output directory ending in .yaml".to_owned(),
                "use a path such as `deploy_lb/deployment_lb.yaml`",
            ));
        }
        let id_ok = !lab.id.is_empty()
            && lab
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            violations.push(course_rule(
                format!("labs[{i}].id"),
                "lab-id-format",
                &lab.id,
                "must be non-empty and use only letters, digits, '-' or '_'".to_owned(),
                "use a short id such as `lb`",
            ));
        }
    }
    let range = course.cluster.node_port_range;
    if range.min < 1 || range.max > 65535 || range.min > range.max {
        violations.push(course_rule(
            "cluster.nodePortRange".to_owned(),
            "node-port-range-valid",
            &format!("{}-{}", range.min, range.max),
            "must be a range within 1-65535 with min <= max".to_owned(),
            "use the apiserver's --service-node-port-range, 30000-32767 by default",
        ));
    }
    for (i, lab) in course.labs.iter().enumerate() {
        let Some(sweep) = &lab.sweep else { continue };
        match crate::sweep::count(sweep, lab) {
            Ok(n) if n > sweep.limit as u128 => violations.push(course_rule(
                format!("labs[{i}].sweep"),
                "sweep-limit",
                &n.to_string(),
                format!(
                    "expands to {n} variants, more than its limit of {}",
                    sweep.limit
                ),
                "sweep fewer values, or raise `sweep.limit` if you really want that many files",
            )),
            Ok(_) => {}
            Err(_) => violations.push(course_rule(
                format!("labs[{i}].sweep"),
                "sweep-autoscaler",
                "minReplicas/maxReplicas/targetCPUUtilizationPercentage",
                "sweeps autoscaler values on a lab without an autoscaler".to_owned(),
                "add an `autoscaler` to the lab or drop those lists",
            )),
        }
    }
    if course.students > 0 {
        let (per_student, free) = crate::students::demand(course, objects);
        if per_student * u64::from(course.students) > free {
            let range = course.cluster.node_port_range;
            violations.push(course_rule("students".to_owned(), "students-node-ports", &course.students.to_string(), format!("{} students need {} node ports ({per_student} each), but the range {}-{} has only {free} free", course.students, per_student * u64::from(course.students), range.min, range.max), &format!("render at most {} students, or widen cluster.nodePortRange", free / per_student.max(1))));
        }
    }
    for (i, group) in course.cluster.nodes.iter().enumerate() {
        for (kind, map) in [
            ("allocatable", &group.allocatable),
            ("systemRequests", &group.system_requests),
        ] {
            for (name, q) in map {
                if let Err(m) = super::quantity::Quantity::parse(q) {
                    violations.push(course_rule(
                        format!("cluster.nodes[{i}].{kind}.{name}"),
                        "cluster-node-quantity",
                        q,
                        m,
                        "write a Kubernetes quantity such as `4`, `8Gi`",
                    ));
                }
            }
        }
    }
    violations.sort_by_key(|v| v.severity);
    Report { violations }
}
