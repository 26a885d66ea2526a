//! The Pod Security Standards, *restricted* level (which includes *baseline*), on the pod
//! template of a hardened lab, for the course's Kubernetes version: what Pod Security
//! Admission would refuse in the hardened namespace.
//!
//! Source: k8s.io/pod-security-admission policy/check_*.go (one function a control, each
//! named beside it; `MinimumVersion` there decides the version gates here), and the Pod
//! Security Standards page (kubernetes.io/docs/concepts/security/pod-security-standards).

use super::Checker;
use crate::rules::Rule;
use k8s_openapi::api::core::v1 as core;

const POD: &str = "spec.template.spec";

/// `check_appArmorProfile.go` (`DeprecatedAppArmorBetaContainerAnnotationKeyPrefix`).
const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

/// `check_capabilities_restricted.go`: the one capability a container may add.
const ADDABLE: &str = "NET_BIND_SERVICE";

/// `check_sysctls.go`: the safe sysctls, as the versions added them.
const SAFE_SYSCTLS: &[(u32, &str)] = &[
    (0, "kernel.shm_rmid_forced"),
    (0, "net.ipv4.ip_local_port_range"),
    (0, "net.ipv4.tcp_syncookies"),
    (0, "net.ipv4.ping_group_range"),
    (0, "net.ipv4.ip_unprivileged_port_start"),
    (27, "net.ipv4.ip_local_reserved_ports"),
    (29, "net.ipv4.tcp_keepalive_time"),
    (29, "net.ipv4.tcp_fin_timeout"),
    (29, "net.ipv4.tcp_keepalive_intvl"),
    (29, "net.ipv4.tcp_keepalive_probes"),
    (32, "net.ipv4.tcp_rmem"),
    (32, "net.ipv4.tcp_wmem"),
    (37, "net.ipv4.tcp_slow_start_after_idle"),
    (37, "net.ipv4.tcp_notsent_lowat"),
];

/// `check_seLinuxOptions.go`: SELinux types a pod may set (`container_engine_t` from 1.31).
fn selinux_type_ok(t: &str, minor: u32) -> bool {
    matches!(
        t,
        "" | "container_t" | "container_init_t" | "container_kvm_t"
    ) || (minor >= 31 && t == "container_engine_t")
}

/// Checks a pod template (its annotations and its spec) against every control.
pub(super) fn check(template: &core::PodTemplateSpec, c: &mut Checker) {
    let Some(pod) = template.spec.as_ref() else {
        return;
    };
    let minor = c.cluster.kubernetes_version.minor();
    let pod_sc = pod.security_context.as_ref();
    let mut broken: Vec<(String, String, String)> = Vec::new();
    let mut flag = |field: String, value: String, control: &str| {
        broken.push((field, value, control.to_owned()));
    };
    // check_hostNamespaces.go (baseline, 1.0)
    for (name, on) in [
        ("hostNetwork", pod.host_network),
        ("hostPID", pod.host_pid),
        ("hostIPC", pod.host_ipc),
    ] {
        if on == Some(true) {
            flag(
                format!("{POD}.{name}"),
                "true".into(),
                "Host Namespaces: must be false",
            );
        }
    }
    // check_hostPathVolumes.go (baseline) and check_restrictedVolumes.go (restricted, 1.0)
    for (i, v) in pod.volumes.iter().flatten().enumerate() {
        let allowed = v.config_map.is_some()
            || v.downward_api.is_some()
            || v.empty_dir.is_some()
            || v.projected.is_some()
            || v.secret.is_some()
            || v.csi.is_some()
            || v.persistent_volume_claim.is_some()
            || v.ephemeral.is_some()
            || v.image.is_some();
        if !allowed {
            flag(
                format!("{POD}.volumes[{i}]"),
                v.name.clone(),
                "Volume Types: only configMap, csi, downwardAPI, emptyDir, ephemeral, image, \
                 persistentVolumeClaim, projected and secret volumes",
            );
        }
    }
    // check_seccompProfile_restricted.go (1.19): set on the pod, or on every container.
    let pod_seccomp = pod_sc.and_then(|s| s.seccomp_profile.as_ref());
    if let Some(p) = pod_seccomp
        && !matches!(p.type_.as_str(), "RuntimeDefault" | "Localhost")
    {
        flag(
            format!("{POD}.securityContext.seccompProfile.type"),
            p.type_.clone(),
            "Seccomp: RuntimeDefault or Localhost",
        );
    }
    // check_runAsNonRoot.go (1.0), check_runAsUser.go (1.23)
    let pod_non_root = pod_sc.and_then(|s| s.run_as_non_root);
    if pod_non_root == Some(false) {
        flag(
            format!("{POD}.securityContext.runAsNonRoot"),
            "false".into(),
            "Running as Non-root: runAsNonRoot must be true",
        );
    }
    // check_sysctls.go (baseline)
    for (i, s) in pod_sc
        .and_then(|s| s.sysctls.as_ref())
        .into_iter()
        .flatten()
        .enumerate()
    {
        let safe = SAFE_SYSCTLS
            .iter()
            .any(|(v, name)| *v <= minor && *name == s.name);
        if !safe {
            flag(
                format!("{POD}.securityContext.sysctls[{i}].name"),
                s.name.clone(),
                "Sysctls: only the safe set",
            );
        }
    }
    // check_runAsUser.go, check_windowsHostProcess.go, check_appArmorProfile.go,
    // check_seLinuxOptions.go on the pod; the beta AppArmor annotations below.
    check_shared(
        Shared {
            run_as_user: pod_sc.and_then(|s| s.run_as_user),
            windows: pod_sc.and_then(|s| s.windows_options.as_ref()),
            apparmor: pod_sc.and_then(|s| s.app_armor_profile.as_ref()),
            selinux: pod_sc.and_then(|s| s.se_linux_options.as_ref()),
        },
        &format!("{POD}.securityContext"),
        minor,
        &mut flag,
    );
    for (key, value) in template
        .metadata
        .as_ref()
        .and_then(|m| m.annotations.as_ref())
        .into_iter()
        .flatten()
    {
        if key.starts_with(APPARMOR_ANNOTATION)
            && !(value.is_empty() || value == "runtime/default" || value.starts_with("localhost/"))
        {
            flag(
                format!("spec.template.metadata.annotations[{key}]"),
                value.clone(),
                "AppArmor: runtime/default or localhost/<profile>",
            );
        }
    }
    // `visitContainers` in the policy package: init containers are held to the same.
    let containers = pod
        .containers
        .iter()
        .enumerate()
        .map(|(i, k)| (format!("{POD}.containers[{i}]"), k));
    let init = pod
        .init_containers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, k)| (format!("{POD}.initContainers[{i}]"), k));
    let on_pod = PodLevel {
        non_root: pod_non_root,
        seccomp: pod_seccomp.is_some(),
    };
    for (at, k) in containers.chain(init) {
        check_container(k, &at, &on_pod, minor, &mut flag);
    }
    for (field, value, control) in broken {
        let version = c.cluster.kubernetes_version;
        c.flag(Rule::PodSecurityRestricted, field, value)
            .says(format!(
                "breaks the restricted Pod Security Standard ({control}); Pod Security \
                 Admission in the hardened namespace refuses the pods (Kubernetes {version})"
            ))
            .fix(fix_for(&control));
    }
}

/// What the pod's security context sets for every container.
struct PodLevel {
    non_root: Option<bool>,
    seccomp: bool,
}

/// The controls on one container at `at`, given what the pod sets for all of them.
fn check_container(
    k: &core::Container,
    at: &str,
    pod: &PodLevel,
    minor: u32,
    flag: &mut impl FnMut(String, String, &str),
) {
    let sc = k.security_context.as_ref();
    // check_privileged.go (baseline)
    if sc.and_then(|s| s.privileged) == Some(true) {
        flag(
            format!("{at}.securityContext.privileged"),
            "true".into(),
            "Privileged Containers: must be false",
        );
    }
    // check_allowPrivilegeEscalation.go (restricted, 1.8)
    if sc.and_then(|s| s.allow_privilege_escalation) != Some(false) {
        flag(
            format!("{at}.securityContext.allowPrivilegeEscalation"),
            sc.and_then(|s| s.allow_privilege_escalation)
                .map_or("unset".into(), |b| b.to_string()),
            "Privilege Escalation: allowPrivilegeEscalation must be false",
        );
    }
    // check_runAsNonRoot.go: true on the pod, or on every container; never false.
    match sc.and_then(|s| s.run_as_non_root) {
        Some(false) => flag(
            format!("{at}.securityContext.runAsNonRoot"),
            "false".into(),
            "Running as Non-root: runAsNonRoot must be true",
        ),
        None if pod.non_root != Some(true) => flag(
            format!("{at}.securityContext.runAsNonRoot"),
            "unset".into(),
            "Running as Non-root: runAsNonRoot must be true on the pod or the container",
        ),
        _ => {}
    }
    // check_seccompProfile_restricted.go: container-level, or the pod's.
    match sc.and_then(|s| s.seccomp_profile.as_ref()) {
        Some(p) if !matches!(p.type_.as_str(), "RuntimeDefault" | "Localhost") => flag(
            format!("{at}.securityContext.seccompProfile.type"),
            p.type_.clone(),
            "Seccomp: RuntimeDefault or Localhost",
        ),
        None if !pod.seccomp => flag(
            format!("{at}.securityContext.seccompProfile"),
            "unset".into(),
            "Seccomp: RuntimeDefault or Localhost on the pod or the container",
        ),
        _ => {}
    }
    // check_capabilities_restricted.go (1.22): drop ALL, add NET_BIND_SERVICE at most.
    let caps = sc.and_then(|s| s.capabilities.as_ref());
    let drops_all = caps
        .and_then(|c| c.drop.as_ref())
        .is_some_and(|d| d.iter().any(|x| x == "ALL"));
    if !drops_all {
        flag(
            format!("{at}.securityContext.capabilities.drop"),
            "without ALL".into(),
            "Capabilities: must drop ALL",
        );
    }
    for (j, cap) in caps
        .and_then(|c| c.add.as_ref())
        .into_iter()
        .flatten()
        .enumerate()
    {
        if cap != ADDABLE {
            flag(
                format!("{at}.securityContext.capabilities.add[{j}]"),
                cap.clone(),
                "Capabilities: may add NET_BIND_SERVICE only",
            );
        }
    }
    // check_procMount_baseline.go / check_procMount_restricted.go (1.35)
    if let Some(mount) = sc.and_then(|s| s.proc_mount.as_deref())
        && mount != "Default"
    {
        flag(
            format!("{at}.securityContext.procMount"),
            mount.to_owned(),
            "/proc Mount Type: Default",
        );
    }
    // check_hostPorts.go (baseline)
    for (j, p) in k.ports.iter().flatten().enumerate() {
        if p.host_port.is_some_and(|h| h != 0) {
            flag(
                format!("{at}.ports[{j}].hostPort"),
                p.host_port.unwrap_or(0).to_string(),
                "Host Ports: must be unset or 0",
            );
        }
    }
    check_shared(
        Shared {
            run_as_user: sc.and_then(|s| s.run_as_user),
            windows: sc.and_then(|s| s.windows_options.as_ref()),
            apparmor: sc.and_then(|s| s.app_armor_profile.as_ref()),
            selinux: sc.and_then(|s| s.se_linux_options.as_ref()),
        },
        &format!("{at}.securityContext"),
        minor,
        flag,
    );
    // check_hostProbesAndhostLifecycle.go (baseline, 1.34): httpGet and tcpSocket.
    if minor >= 34 {
        let lifecycle = k.lifecycle.as_ref();
        let handlers = [
            ("livenessProbe", k.liveness_probe.as_ref().map(probe_hosts)),
            (
                "readinessProbe",
                k.readiness_probe.as_ref().map(probe_hosts),
            ),
            ("startupProbe", k.startup_probe.as_ref().map(probe_hosts)),
            (
                "lifecycle.postStart",
                lifecycle
                    .and_then(|l| l.post_start.as_ref())
                    .map(handler_hosts),
            ),
            (
                "lifecycle.preStop",
                lifecycle
                    .and_then(|l| l.pre_stop.as_ref())
                    .map(handler_hosts),
            ),
        ];
        for (name, hosts) in handlers {
            for (kind, host) in hosts.into_iter().flatten() {
                if host.is_some_and(|h| !h.is_empty()) {
                    flag(
                        format!("{at}.{name}.{kind}.host"),
                        "set".into(),
                        "Host Probes / Lifecycle Hooks: host must be unset",
                    );
                }
            }
        }
    }
}

fn fix_for(control: &str) -> String {
    if control.starts_with("Running as Non-root user") {
        "run as a user other than 0 (`runAsUser: 10001`), or leave runAsUser unset".to_owned()
    } else {
        "leave the setting as the hardened profile writes it".to_owned()
    }
}

type Hosts<'a> = [(&'static str, Option<&'a String>); 2];

/// The `host` of a probe's httpGet and tcpSocket actions.
fn probe_hosts(p: &core::Probe) -> Hosts<'_> {
    [
        ("httpGet", p.http_get.as_ref().and_then(|h| h.host.as_ref())),
        (
            "tcpSocket",
            p.tcp_socket.as_ref().and_then(|t| t.host.as_ref()),
        ),
    ]
}

/// The `host` of a lifecycle hook's httpGet and (deprecated) tcpSocket actions.
fn handler_hosts(p: &core::LifecycleHandler) -> Hosts<'_> {
    [
        ("httpGet", p.http_get.as_ref().and_then(|h| h.host.as_ref())),
        (
            "tcpSocket",
            p.tcp_socket.as_ref().and_then(|t| t.host.as_ref()),
        ),
    ]
}

/// The settings a pod's and a container's security contexts share.
struct Shared<'a> {
    run_as_user: Option<i64>,
    windows: Option<&'a core::WindowsSecurityContextOptions>,
    apparmor: Option<&'a core::AppArmorProfile>,
    selinux: Option<&'a core::SELinuxOptions>,
}

/// The controls that read a shared setting, on the security context at `at`.
fn check_shared(s: Shared<'_>, at: &str, minor: u32, flag: &mut impl FnMut(String, String, &str)) {
    // check_runAsUser.go (restricted, 1.23)
    if minor >= 23 && s.run_as_user == Some(0) {
        flag(
            format!("{at}.runAsUser"),
            "0".into(),
            "Running as Non-root user: runAsUser must not be 0",
        );
    }
    // check_windowsHostProcess.go (baseline)
    if s.windows.and_then(|w| w.host_process) == Some(true) {
        flag(
            format!("{at}.windowsOptions.hostProcess"),
            "true".into(),
            "HostProcess: must be false",
        );
    }
    // check_appArmorProfile.go (baseline, 1.0)
    if let Some(p) = s.apparmor
        && !matches!(p.type_.as_str(), "RuntimeDefault" | "Localhost")
    {
        flag(
            format!("{at}.appArmorProfile.type"),
            p.type_.clone(),
            "AppArmor: RuntimeDefault or Localhost",
        );
    }
    check_selinux(s.selinux, &format!("{at}.seLinuxOptions"), minor, flag);
}

/// `check_seLinuxOptions.go`: only container types, no user, no role.
fn check_selinux(
    options: Option<&core::SELinuxOptions>,
    at: &str,
    minor: u32,
    flag: &mut impl FnMut(String, String, &str),
) {
    let Some(o) = options else { return };
    if let Some(t) = &o.type_
        && !selinux_type_ok(t, minor)
    {
        flag(
            format!("{at}.type"),
            t.clone(),
            "SELinux: a container type only",
        );
    }
    if o.user.as_ref().is_some_and(|u| !u.is_empty()) {
        flag(
            format!("{at}.user"),
            "set".into(),
            "SELinux: user must be unset",
        );
    }
    if o.role.as_ref().is_some_and(|r| !r.is_empty()) {
        flag(
            format!("{at}.role"),
            "set".into(),
            "SELinux: role must be unset",
        );
    }
}
