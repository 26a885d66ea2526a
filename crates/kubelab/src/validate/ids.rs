//! The user and group IDs a pod runs with: in range for the API server, and (in a hardened
//! lab) above the IDs a node's own accounts use.
//!
//! Sources: kubernetes pkg/apis/core/validation/validation.go (`validatePodSecurityContext`
//! and `ValidateSecurityContext` call `IsValidUserID` / `IsValidGroupID` on runAsUser,
//! runAsGroup and fsGroup), k8s.io/apimachinery pkg/util/validation/validation.go (the range
//! 0 to `math.MaxInt32`), and checkov's CKV_K8S_40 (`RootContainersHighUID.py`: runAsUser
//! of 10000 or more, on the pod or on every container).

use super::Checker;
use crate::rules::Rule;
use k8s_openapi::api::core::v1 as core;

/// `maxUserID` and `maxGroupID` in apimachinery's validation.go.
const MAX_ID: i64 = i32::MAX as i64;

/// The lowest user ID checkov's CKV_K8S_40 accepts.
const HIGH_UID: i64 = 10_000;

const POD: &str = "spec.template.spec";

/// Checks the IDs of a pod template; `hardened` adds the high-UID warning.
pub(super) fn check(pod: &core::PodSpec, hardened: bool, c: &mut Checker) {
    let pod_sc = pod.security_context.as_ref();
    let mut ids = vec![
        (
            format!("{POD}.securityContext.runAsUser"),
            pod_sc.and_then(|s| s.run_as_user),
        ),
        (
            format!("{POD}.securityContext.runAsGroup"),
            pod_sc.and_then(|s| s.run_as_group),
        ),
        (
            format!("{POD}.securityContext.fsGroup"),
            pod_sc.and_then(|s| s.fs_group),
        ),
    ];
    for (i, k) in pod.containers.iter().enumerate() {
        let sc = k.security_context.as_ref();
        let at = format!("{POD}.containers[{i}].securityContext");
        ids.push((format!("{at}.runAsUser"), sc.and_then(|s| s.run_as_user)));
        ids.push((format!("{at}.runAsGroup"), sc.and_then(|s| s.run_as_group)));
    }
    for (field, id) in &ids {
        if let Some(id) = *id
            && !(0..=MAX_ID).contains(&id)
        {
            c.flag(Rule::SecurityIdRange, field, id)
                .says(format!(
                    "must be between 0 and {MAX_ID} inclusive: the API server refuses the \
                     Deployment"
                ))
                .fix("use a user or group ID such as 10001");
        }
    }
    if hardened {
        check_high_uid(pod, c);
    }
}

/// CKV_K8S_40: the pod's runAsUser, or each container's (which overrides it), is 10000
/// or more. Only an ID in the API server's range is judged here.
fn check_high_uid(pod: &core::PodSpec, c: &mut Checker) {
    let pod_uid = pod.security_context.as_ref().and_then(|s| s.run_as_user);
    for (i, k) in pod.containers.iter().enumerate() {
        let own = k.security_context.as_ref().and_then(|s| s.run_as_user);
        let (field, uid) = match own {
            Some(uid) => (
                format!("{POD}.containers[{i}].securityContext.runAsUser"),
                uid,
            ),
            None => match pod_uid {
                Some(uid) => (format!("{POD}.securityContext.runAsUser"), uid),
                None => continue,
            },
        };
        if (1..HIGH_UID).contains(&uid) {
            c.flag(Rule::HighUid, field, uid)
                .says(format!(
                    "is below {HIGH_UID}: it may be the ID of a user on the node, so a process \
                     escaping the container would act as that user (checkov CKV_K8S_40)"
                ))
                .fix("leave runAsUser unset (kubelab uses 10001) or pick an ID of 10000 or more");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Cluster;

    fn pod(pod_uid: Option<i64>, container_uid: Option<i64>) -> core::PodSpec {
        core::PodSpec {
            security_context: Some(core::PodSecurityContext {
                run_as_user: pod_uid,
                ..Default::default()
            }),
            containers: vec![core::Container {
                name: "app".into(),
                security_context: Some(core::SecurityContext {
                    run_as_user: container_uid,
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn rules(p: &core::PodSpec, hardened: bool) -> Vec<(Rule, String)> {
        let cluster = Cluster::default();
        let origins = crate::objects::Origins::default();
        let mut c = Checker::new(&cluster, &origins);
        check(p, hardened, &mut c);
        c.out.0.into_iter().map(|v| (v.rule, v.field)).collect()
    }

    #[test]
    fn ids_outside_the_api_servers_range_are_refused() {
        let field = "spec.template.spec.containers[0].securityContext.runAsUser";
        assert_eq!(
            rules(&pod(None, Some(-1)), false),
            vec![(Rule::SecurityIdRange, field.to_owned())]
        );
        assert_eq!(
            rules(&pod(None, Some(MAX_ID + 1)), false),
            vec![(Rule::SecurityIdRange, field.to_owned())]
        );
        assert_eq!(rules(&pod(None, Some(MAX_ID)), false), vec![]);
        assert_eq!(rules(&pod(Some(0), None), false), vec![]);
    }

    #[test]
    fn a_hardened_lab_is_warned_of_a_low_uid_where_it_takes_effect() {
        let pod_field = "spec.template.spec.securityContext.runAsUser";
        let container_field = "spec.template.spec.containers[0].securityContext.runAsUser";
        assert_eq!(
            rules(&pod(Some(1000), None), true),
            vec![(Rule::HighUid, pod_field.to_owned())]
        );
        // The container's ID overrides the pod's (checkov reads it the same way).
        assert_eq!(rules(&pod(Some(1000), Some(10001)), true), vec![]);
        assert_eq!(
            rules(&pod(Some(10001), Some(1000)), true),
            vec![(Rule::HighUid, container_field.to_owned())]
        );
        assert_eq!(rules(&pod(Some(10000), None), true), vec![]);
        assert_eq!(rules(&pod(Some(1000), None), false), vec![]);
    }
}
