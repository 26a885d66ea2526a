//! Per-student copies of every lab: each student's objects live in their own namespace,
//! and every fixed node port is replaced by one allocated for that student, in order,
//! inside the cluster's node port range and clear of the ports the course itself uses.

use crate::layout;
use crate::objects::LabObjects;
use crate::spec::Course;
use std::collections::BTreeSet;

/// One lab of one student.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StudentCopy {
    /// The student's namespace (`student-01`).
    pub namespace: String,
    /// Output path: `students/<namespace>/<lab output>`.
    pub output: String,
    /// The lab's objects, in the namespace, with the student's node ports.
    pub objects: LabObjects,
}

/// The namespace of student `n` (1-based) of `count`.
pub(crate) fn namespace(n: u32, count: u32) -> String {
    let width = count.to_string().len().max(2);
    format!("student-{n:0width$}")
}

/// The node ports the course's own labs use inside the cluster's range.
fn reserved(course: &Course, objects: &[LabObjects]) -> BTreeSet<i32> {
    let range = course.cluster.node_port_range;
    objects
        .iter()
        .flat_map(LabObjects::node_ports)
        .filter(|p| (range.min..=range.max).contains(p))
        .collect()
}

/// Node ports needed per student, and free in the range.
pub(crate) fn demand(course: &Course, objects: &[LabObjects]) -> (u64, u64) {
    let per_student = objects.iter().map(|o| o.node_ports().count() as u64).sum();
    let range = course.cluster.node_port_range;
    let reserved = reserved(course, objects);
    let size = u64::try_from(i64::from(range.max) - i64::from(range.min) + 1).unwrap_or(0);
    (per_student, size.saturating_sub(reserved.len() as u64))
}

/// Every student's copy of every lab, student by student (each student's labs in course
/// order); `None` when the node port range cannot hold them
/// (validation reports that first, as rule `students-node-ports`).
pub(crate) fn copies(course: &Course, objects: &[LabObjects]) -> Option<Vec<StudentCopy>> {
    let (per_student, free) = demand(course, objects);
    if per_student * u64::from(course.students) > free {
        return None;
    }
    let range = course.cluster.node_port_range;
    let reserved = reserved(course, objects);
    let mut next = (range.min..=range.max).filter(|p| !reserved.contains(p));
    let mut out = Vec::new();
    for n in 1..=course.students {
        let ns = namespace(n, course.students);
        for (lab, base) in course.labs.iter().zip(objects) {
            let mut o = base.clone();
            o.set_namespace(Some(&ns));
            for port in o
                .service
                .spec
                .iter_mut()
                .flat_map(|s| s.ports.iter_mut().flatten())
            {
                if port.node_port.is_some() {
                    port.node_port = next.next();
                }
            }
            out.push(StudentCopy {
                output: layout::student_manifest(&ns, &lab.output),
                namespace: ns.clone(),
                objects: o,
            });
        }
    }
    Some(out)
}

/// The Namespace object of a student.
pub(crate) fn namespace_object(namespace: &str) -> k8s_openapi::api::core::v1::Namespace {
    crate::objects::namespace(namespace, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn course(students: u32) -> (Course, Vec<LabObjects>) {
        let mut c = crate::testing::course();
        c.students = students;
        let objects = c.labs.iter().map(|l| l.objects()).collect();
        (c, objects)
    }

    #[test]
    fn each_student_gets_a_namespace_and_unique_ports_in_range() {
        let (c, objects) = course(12);
        let all = copies(&c, &objects).expect("the range holds 12 students");
        assert_eq!(all.len(), 36);
        assert_eq!(
            all[0].output,
            "students/student-01/deploy_k8s/deployment_k8s.yaml"
        );
        assert_eq!(all[35].namespace, "student-12");
        let ports: Vec<i32> = all
            .iter()
            .flat_map(|c| c.objects.node_ports().collect::<Vec<_>>())
            .collect();
        assert_eq!(ports.len(), 36);
        assert_eq!(ports.iter().collect::<BTreeSet<_>>().len(), 36);
        assert!(
            ports
                .iter()
                .all(|p| (30000..=32767).contains(p) && *p != 32000)
        );
        assert_eq!(ports[0], 30000);
    }

    #[test]
    fn the_range_must_hold_every_student() {
        // 2768 ports, 32000 reserved, 3 per student: 922 students fit, 923 do not.
        let (c, objects) = course(922);
        assert!(copies(&c, &objects).is_some());
        let (c, objects) = course(923);
        assert_eq!(demand(&c, &objects), (3, 2767));
        assert!(copies(&c, &objects).is_none());
    }
}
