//! Where each field of a lab's objects came from. The object builder records, as it sets a
//! field, the lab field it took the value from (`spec.ports[0]` of the Service from
//! `service.ports[0]`); resolution records the lab fields a lab took from the course
//! (`namespace` from `course.namespace`). Validation reports a broken rule at the field the
//! author wrote, by looking it up here: there is no second table to keep in step.

use std::fmt;

/// The lab field behind each field the builder set, and the course field behind each lab
/// field the lab took from the course.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// (object kind, object path, lab path, whether the lab path is one value for all the
    /// fields inside), in the order set: a later entry for the same object path wins.
    fields: Vec<(&'static str, String, String, bool)>,
    /// (lab path, course path): what the lab took from the course.
    inherited: Vec<(String, String)>,
    /// (object kind, object path, the part of a patch: `patches[2].jsonPatch[0]`): what the
    /// lab's patches set, in patch order. A patch holds every field inside what it set.
    patched: Vec<(&'static str, String, String)>,
}

/// True when `path` is `prefix` or a field inside it (`prefix.x`, `prefix[0]`).
fn holds(prefix: &str, path: &str) -> Option<usize> {
    if prefix.is_empty() {
        return Some(0);
    }
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with(['.', '['])).then_some(prefix.len())
}

/// `base` followed by the rest of a path after its recorded part.
fn joined(base: &str, rest: &str) -> String {
    match rest.chars().next() {
        None => base.to_owned(),
        Some('.' | '[') => format!("{base}{rest}"),
        Some(_) => format!("{base}.{rest}"),
    }
}

impl Origins {
    /// Records that `field` of the lab's `kind` object (`spec.replicas`) was set from lab
    /// field `from` (`deployment.replicas`); fields inside it map field by field
    /// (`spec.ports[0]` -> `service.ports[0]` maps `spec.ports[0].nodePort` too).
    pub(crate) fn set(&mut self, kind: &'static str, field: impl fmt::Display, from: &str) {
        self.fields
            .push((kind, field.to_string(), from.to_owned(), false));
    }

    /// [`Origins::set`] for each (object path, lab field) of `pairs`.
    pub(crate) fn set_each(&mut self, kind: &'static str, pairs: &[(&str, &str)]) {
        for (field, from) in pairs {
            self.set(kind, field, from);
        }
    }

    /// Records that `field` of the lab's `kind` object and every field inside it were set
    /// from the one lab value `from` (a writable folder's path makes a whole volume; the
    /// `profile` a whole securityContext).
    pub(crate) fn set_all(&mut self, kind: &'static str, field: impl fmt::Display, from: &str) {
        self.fields
            .push((kind, field.to_string(), from.to_owned(), true));
    }

    /// Records that `field` of the lab's `kind` object was set by `part` of a patch
    /// (`patches[2].jsonPatch[0]`): it and every field inside it, whatever the builder set
    /// there before.
    pub(crate) fn patched(&mut self, kind: &'static str, field: String, part: String) {
        self.patched.push((kind, field, part));
    }

    /// Records that the lab's `field` (`namespace`, `loadTest.time`) was taken from the
    /// course's `from` (`course.namespace`).
    pub(crate) fn inherit(&mut self, field: &str, from: &str) {
        self.inherited.push((field.to_owned(), from.to_owned()));
    }

    /// The lab field `field` of a `kind` object was set from (`service.ports[0].nodePort`
    /// for a Service's `spec.ports[0].nodePort`): the last patch that set it or a field
    /// holding it (`patches[2].jsonPatch[0]`); else the nearest field the builder recorded
    /// that holds it, the rest appended. `None` for a field neither set.
    pub fn lab_field(&self, kind: &str, field: &str) -> Option<String> {
        let patch = self
            .patched
            .iter()
            .rev()
            .find(|(k, set, _)| *k == kind && holds(set, field).is_some());
        if let Some((_, _, part)) = patch {
            return Some(part.clone());
        }
        let (_, at, from, all) = self
            .fields
            .iter()
            .filter(|(k, ..)| *k == kind)
            .filter_map(|entry| holds(&entry.1, field).map(|len| (len, entry)))
            // The longest recorded path; of equal ones, the last recorded.
            .fold(None, |best: Option<(usize, _)>, (len, entry)| match best {
                Some((b, _)) if b > len => best,
                _ => Some((len, entry)),
            })?
            .1;
        Some(if *all {
            from.clone()
        } else {
            joined(from, &field[at.len()..])
        })
    }

    /// The course field the lab's `field` was taken from (`course.loadTest.time` for
    /// `loadTest.time` of a lab that does not set it), `None` when the lab set it.
    pub fn course_field(&self, field: &str) -> Option<String> {
        self.inherited
            .iter()
            .find_map(|(lab, course)| holds(lab, field).map(|len| joined(course, &field[len..])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_recorded_field_wins_and_the_rest_follows() {
        let mut o = Origins::default();
        o.set("Deployment", "", "deployment");
        o.set("Deployment", "spec.template.spec", "deployment");
        o.set(
            "Deployment",
            "spec.template.spec.containers[0]",
            "deployment",
        );
        o.set(
            "Deployment",
            "spec.template.spec.containers[0].name",
            "deployment.containerName",
        );
        o.set("Service", "spec.ports[0]", "service.ports[0]");
        let lab = |kind, field| o.lab_field(kind, field);
        assert_eq!(
            lab("Deployment", "spec.template.spec.containers[0].name"),
            Some("deployment.containerName".into())
        );
        assert_eq!(
            lab("Deployment", "spec.template.spec.containers[0].env[2].name"),
            Some("deployment.env[2].name".into())
        );
        assert_eq!(
            lab("Deployment", "spec.template.spec.containers[0].namex"),
            Some("deployment.namex".into()),
            "a prefix of a name is not the field"
        );
        assert_eq!(
            lab("Deployment", "spec.paused"),
            Some("deployment.spec.paused".into())
        );
        assert_eq!(lab("Deployment", ""), Some("deployment".into()));
        assert_eq!(
            lab("Service", "spec.ports[0].nodePort"),
            Some("service.ports[0].nodePort".into())
        );
        assert_eq!(lab("Service", "spec.ports[1].nodePort"), None);
        assert_eq!(lab("HorizontalPodAutoscaler", "spec"), None);
    }

    #[test]
    fn a_patch_holds_every_field_inside_what_it_set() {
        let mut o = Origins::default();
        o.set(
            "Deployment",
            "spec.template.spec.containers[0]",
            "deployment",
        );
        o.patched(
            "Deployment",
            "spec.template.spec.containers".into(),
            "patches[0].jsonPatch[1]".into(),
        );
        o.patched(
            "Deployment",
            "spec.template.spec.containers[0].image".into(),
            "patches[1].mergePatch".into(),
        );
        let lab = |field| o.lab_field("Deployment", field);
        assert_eq!(
            lab("spec.template.spec.containers[0].ports[0].containerPort").as_deref(),
            Some("patches[0].jsonPatch[1]"),
            "the patch replaced the containers the builder made"
        );
        assert_eq!(
            lab("spec.template.spec.containers[0].image").as_deref(),
            Some("patches[1].mergePatch"),
            "the last patch that set the field"
        );
        assert_eq!(
            o.lab_field("Service", "spec.template.spec.containers")
                .as_deref(),
            None,
            "another kind's patch"
        );
    }

    #[test]
    fn a_later_record_of_the_same_field_wins() {
        let mut o = Origins::default();
        o.set("Deployment", "spec.replicas", "deployment.replicas");
        o.set("Deployment", "spec.replicas", "autoscaler.minReplicas");
        assert_eq!(
            o.lab_field("Deployment", "spec.replicas"),
            Some("autoscaler.minReplicas".into())
        );
    }

    #[test]
    fn inherited_fields_map_to_the_course() {
        let mut o = Origins::default();
        o.inherit("loadTest.time", "course.loadTest.time");
        o.inherit("namespace", "course.namespace");
        assert_eq!(o.course_field("namespace"), Some("course.namespace".into()));
        assert_eq!(
            o.course_field("loadTest.time"),
            Some("course.loadTest.time".into())
        );
        assert_eq!(o.course_field("loadTest.concurrent"), None);
        assert_eq!(o.course_field("namespaces"), None);
    }
}

#[cfg(test)]
mod built {
    use crate::spec::{Profile, VolumeMount};

    /// The builder's records for the fixture course's autoscaled lab, hardened, with a
    /// writable folder beside a mount of the author's: each object field with the lab field
    /// an author would look for (written from the course file's fields, not from the code).
    #[test]
    fn the_builder_records_the_field_an_author_wrote() {
        let mut lab = crate::testing::lab("hpa");
        lab.profile = Some(Profile::Hardened);
        lab.namespace = Some("course".into());
        lab.deployment.writable_paths = vec!["/tmp".into()];
        lab.deployment.volume_mounts = vec![VolumeMount {
            name: "config".into(),
            mount_path: "/etc/app".into(),
            read_only: None,
            sub_path: None,
        }];
        let objects = lab.objects();
        let mounts: Vec<&str> = objects.containers()[0]
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| m.mount_path.as_str())
            .collect();
        assert_eq!(
            mounts,
            ["/etc/app", "/tmp"],
            "the writable folder's mount follows the author's"
        );
        let o = objects.origins;
        let cases = [
            (
                "Service",
                "spec.ports[0].nodePort",
                "service.ports[0].nodePort",
            ),
            (
                "Service",
                "spec.ports[0].targetPort",
                "service.ports[0].targetPort",
            ),
            ("Service", "spec.selector", "deployment.labels"),
            ("Service", "metadata.namespace", "namespace"),
            (
                "Deployment",
                "spec.template.spec.containers[0].readinessProbe.successThreshold",
                "deployment.readinessProbe.successThreshold",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].readinessProbe.httpGet.port",
                "deployment.readinessProbe.port",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].livenessProbe.httpGet.port",
                "deployment.readinessProbe.port",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].resources.requests.cpu",
                "deployment.resources.requests.cpu",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].resources.limits.ephemeral-storage",
                "profile",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].name",
                "deployment.containerName",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].env[2].name",
                "deployment.env[2].name",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].volumeMounts[0].mountPath",
                "deployment.volumeMounts[0].mountPath",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].volumeMounts[1].mountPath",
                "deployment.writablePaths[0]",
            ),
            (
                "Deployment",
                "spec.template.spec.securityContext.runAsUser",
                "profile",
            ),
            (
                "Deployment",
                "spec.template.spec.containers[0].securityContext.capabilities",
                "profile",
            ),
            ("Deployment", "spec.replicas", "autoscaler.minReplicas"),
            (
                "Deployment",
                "spec.template.spec.containers",
                "deployment.spec.template.spec.containers",
            ),
            ("Deployment", "spec.paused", "deployment.spec.paused"),
            (
                "HorizontalPodAutoscaler",
                "spec.metrics[0].resource.target.averageUtilization",
                "autoscaler.targetCPUUtilizationPercentage",
            ),
            (
                "HorizontalPodAutoscaler",
                "spec.scaleTargetRef.name",
                "deployment.name",
            ),
            ("NetworkPolicy", "spec.ingress[0].ports", "profile"),
        ];
        for (kind, field, expected) in cases {
            assert_eq!(
                o.lab_field(kind, field).as_deref(),
                Some(expected),
                "{kind} {field}"
            );
        }
    }
}
