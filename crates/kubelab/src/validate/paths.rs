//! Object field paths -> course-file paths. One table: each object path prefix and the
//! course-file field it comes from.

use super::Kind;

const CONTAINER: &str = "spec.template.spec.containers[0]";

/// (object kind, object path prefix, course path prefix), most specific first.
const TABLE: &[(Kind, &str, &str)] = &[
    (Kind::Service, "metadata.name", "service.name"),
    (Kind::Service, "metadata.annotations", "service.annotations"),
    (Kind::Service, "spec.type", "service.type"),
    (Kind::Service, "spec.ports", "service.ports"),
    (Kind::Service, "spec.selector", "deployment.labels"),
    (Kind::Deployment, "metadata.name", "deployment.name"),
    (Kind::Deployment, "spec.replicas", "deployment.replicas"),
    (
        Kind::Deployment,
        "spec.selector.matchLabels",
        "deployment.labels",
    ),
    (
        Kind::Deployment,
        "spec.template.metadata.labels",
        "deployment.labels",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].name",
        "deployment.containerName",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].readinessProbe.httpGet",
        "deployment.readinessProbe",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].livenessProbe.httpGet",
        "deployment.livenessProbe",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].startupProbe.httpGet",
        "deployment.startupProbe",
    ),
    // The hardened profile's settings, written once for the pod and its container.
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].securityContext.runAsUser",
        "deployment.runAsUser",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].securityContext.runAsGroup",
        "deployment.runAsGroup",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.securityContext.runAsUser",
        "deployment.runAsUser",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.securityContext.runAsGroup",
        "deployment.runAsGroup",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.securityContext.fsGroup",
        "deployment.runAsGroup",
    ),
    (
        Kind::Deployment,
        "spec.template.spec.containers[0].volumeMounts",
        "deployment.volumeMounts",
    ),
    (
        Kind::Deployment,
        "metadata.annotations",
        "deployment.annotations",
    ),
    (
        Kind::Deployment,
        "spec.template.metadata.annotations",
        "deployment.podAnnotations",
    ),
    (Kind::Deployment, "metadata.namespace", "namespace"),
    (Kind::Deployment, CONTAINER, "deployment"),
    (
        Kind::Deployment,
        "spec.template.spec.containers",
        "deployment.spec.template.spec.containers",
    ),
    // The course file's `deployment` holds the pod's fields next to the container's.
    (Kind::Deployment, "spec.template.spec", "deployment"),
    (Kind::Autoscaler, "metadata.name", "autoscaler.name"),
    (
        Kind::Autoscaler,
        "metadata.annotations",
        "autoscaler.metadata.annotations",
    ),
    (
        Kind::Autoscaler,
        "spec.minReplicas",
        "autoscaler.minReplicas",
    ),
    (
        Kind::Autoscaler,
        "spec.maxReplicas",
        "autoscaler.maxReplicas",
    ),
    (
        Kind::Autoscaler,
        "spec.metrics[0].resource.target.averageUtilization",
        "autoscaler.targetCPUUtilizationPercentage",
    ),
    (Kind::Autoscaler, "spec", "autoscaler"),
];

/// The course-file path of `field` in an object of `kind`.
pub(super) fn course_path(kind: Kind, field: &str) -> String {
    let object = match kind {
        Kind::Service => "service",
        Kind::Deployment => "deployment",
        Kind::Autoscaler => "autoscaler",
    };
    if field.is_empty() {
        // The whole object.
        return object.to_owned();
    }
    for (k, prefix, course) in TABLE {
        if *k != kind {
            continue;
        }
        if let Some(rest) = field.strip_prefix(prefix)
            && (rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
        {
            return format!("{course}{rest}");
        }
    }
    format!("{object}.{field}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_object_paths_to_course_paths() {
        let cases = [
            (
                Kind::Service,
                "spec.ports[0].nodePort",
                "service.ports[0].nodePort",
            ),
            (Kind::Service, "spec.selector", "deployment.labels"),
            (
                Kind::Deployment,
                "spec.template.spec.containers[0].readinessProbe.successThreshold",
                "deployment.readinessProbe.successThreshold",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.containers[0].readinessProbe.httpGet.port",
                "deployment.readinessProbe.port",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.containers[0].resources.requests.cpu",
                "deployment.resources.requests.cpu",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.containers[0].name",
                "deployment.containerName",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.containers[0].env[2].name",
                "deployment.env[2].name",
            ),
            (
                Kind::Autoscaler,
                "spec.metrics[0].resource.target.averageUtilization",
                "autoscaler.targetCPUUtilizationPercentage",
            ),
            (
                Kind::Autoscaler,
                "spec.scaleTargetRef.name",
                "autoscaler.scaleTargetRef.name",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.terminationGracePeriodSeconds",
                "deployment.terminationGracePeriodSeconds",
            ),
            (
                Kind::Deployment,
                "spec.template.spec.containers",
                "deployment.spec.template.spec.containers",
            ),
            (Kind::Deployment, "spec.paused", "deployment.spec.paused"),
        ];
        for (kind, field, expected) in cases {
            assert_eq!(course_path(kind, field), expected, "{field}");
        }
    }
}
