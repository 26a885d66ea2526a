//! What a lab's pods need that its manifest does not create (Secrets and ConfigMaps it
//! names), and what the lab's patches changed: facts a page states so that a student is
//! not surprised by a pod that does not start, or by a manifest that says more than the
//! page's description of it.

use crate::objects::LabObjects;
use serde::Serialize;
use std::collections::BTreeMap;

/// What `kubectl get pods` shows (STATUS) for a pod whose variable names a missing Secret or
/// ConfigMap key: the kubelet cannot make the container's config (kubernetes
/// pkg/kubelet/kuberuntime/kuberuntime_container.go, `ErrCreateContainerConfig =
/// errors.New("CreateContainerConfigError")`, the container's waiting reason).
pub const MISSING_FOR_VARIABLE: &str = "CreateContainerConfigError";

/// What it shows for a pod whose volume names a missing Secret or ConfigMap: the kubelet
/// waits for the pod's volumes before it creates the container (pkg/kubelet/kubelet.go
/// `SyncPod`, `WaitForAttachAndMount`), so the container stays waiting with the reason
/// `ContainerCreating` (pkg/kubelet/kubelet_pods.go, the default waiting reason).
pub const MISSING_FOR_VOLUME: &str = "ContainerCreating";

/// An object the pods use that the manifest does not create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Needed {
    /// `Secret` or `ConfigMap`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// What the pod takes from it, in words (`the variable TOKEN`, `the volume config`,
    /// `pulling the image`).
    pub uses: Vec<String>,
    /// True when every use is `optional`: the pod starts without it.
    pub optional: bool,
}

/// `kubectl get secret/<name> configmap/<name> ...`: does each object the pods cannot start
/// without exist? (An optional one may be missing: it is not asked for, so that the command
/// fails only when a pod would not start.) Each name is quoted for the shell. Several
/// `TYPE/NAME` in one `kubectl get`, as its own help shows (`kubectl get rc/web
/// service/frontend pods/web-pod-13je7`).
pub(crate) fn check_command(needed: &[Needed], namespace: Option<&str>) -> Option<String> {
    let objects: Vec<String> = needed
        .iter()
        .filter(|n| !n.optional)
        .map(|n| super::shell::literal(&format!("{}/{}", n.kind.to_lowercase(), n.name)))
        .collect();
    if objects.is_empty() {
        return None;
    }
    Some(super::kubectl::command(
        &format!("get {}", objects.join(" ")),
        namespace,
    ))
}

/// What one patch changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatchFacts {
    /// The object (`Deployment/ml-app`).
    pub object: String,
    /// Each change (`add /spec/template/spec/tolerations`).
    pub changes: Vec<String>,
}

/// The Secrets and ConfigMaps the lab's pods name, by kind and name.
pub(crate) fn needed(objects: &LabObjects) -> Vec<Needed> {
    // (kind, name) -> (uses, all optional)
    let mut found: BTreeMap<(&'static str, String), (Vec<String>, bool)> = BTreeMap::new();
    let mut note = |kind: &'static str, name: &str, uses: String, optional: Option<bool>| {
        let entry = found
            .entry((kind, name.to_owned()))
            .or_insert_with(|| (Vec::new(), true));
        entry.0.push(uses);
        entry.1 &= optional == Some(true);
    };
    let pod =
        crate::k8s::deployment_spec(&objects.deployment).and_then(|s| s.template.spec.as_ref());
    for secret in pod
        .iter()
        .flat_map(|p| p.image_pull_secrets.iter().flatten())
    {
        note("Secret", &secret.name, "pulling the image".to_owned(), None);
    }
    for v in pod.iter().flat_map(|p| p.volumes.iter().flatten()) {
        if let Some(cm) = &v.config_map {
            note(
                "ConfigMap",
                &cm.name,
                format!("the volume `{}`", v.name),
                cm.optional,
            );
        }
        if let Some(s) = &v.secret {
            let name = s.secret_name.as_deref().unwrap_or_default();
            note(
                "Secret",
                name,
                format!("the volume `{}`", v.name),
                s.optional,
            );
        }
    }
    for k in objects.containers() {
        for e in k.env.iter().flatten() {
            let Some(from) = &e.value_from else {
                continue;
            };
            let uses = format!("the variable `{}`", e.name);
            if let Some(r) = &from.secret_key_ref {
                note("Secret", &r.name, uses.clone(), r.optional);
            }
            if let Some(r) = &from.config_map_key_ref {
                note("ConfigMap", &r.name, uses, r.optional);
            }
        }
    }
    found
        .into_iter()
        .map(|((kind, name), (uses, optional))| Needed {
            kind,
            name,
            uses,
            optional,
        })
        .collect()
}

/// What each applied patch changed.
pub(crate) fn patches(objects: &LabObjects) -> Vec<PatchFacts> {
    objects
        .patches
        .iter()
        .map(|p| PatchFacts {
            object: p.object.clone(),
            changes: p.changes.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Deployment, EnvVar, Lab, PullSecret, Service, Volume};

    #[test]
    fn names_each_secret_and_config_map_once_with_its_uses() {
        let deployment = Deployment::builder()
            .name("web")
            .image("nginx:1.27")
            .ports([80])
            .image_pull_secrets([PullSecret::from("regcred")])
            .env(vec![
                EnvVar::from_secret("TOKEN", "creds", "token"),
                EnvVar::from_config_map("MODE", "settings", "mode"),
            ])
            .volumes(vec![Volume::secret("creds", "creds")])
            .build();
        let lab = Lab::builder()
            .id("web")
            .title("Web")
            .output("web/app.yaml")
            .deployment(deployment)
            .service(Service::builder().name("web").ports([80]).build())
            .build();
        let needed = needed(&lab.objects());
        let names: Vec<(&str, &str, usize)> = needed
            .iter()
            .map(|n| (n.kind, n.name.as_str(), n.uses.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("ConfigMap", "settings", 1),
                ("Secret", "creds", 2),
                ("Secret", "regcred", 1)
            ]
        );
        assert!(needed.iter().all(|n| !n.optional));
    }
}
