//! What kubectl prints for a lab's objects: the lines of `apply` and `delete`, and the
//! row of `kubectl get svc -o wide`. Computed from the objects, never typed by hand.

use crate::objects::LabObjects;
use k8s_openapi::Resource;
use k8s_openapi::api::core::v1 as core;
use serde::Serialize;

/// kubectl's short resource name for a kind: `service`, `deployment.apps`,
/// `horizontalpodautoscaler.autoscaling`.
fn resource<R: Resource>() -> String {
    let kind = R::KIND.to_lowercase();
    match R::GROUP {
        "" => kind,
        group => format!("{kind}.{group}"),
    }
}

fn name(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

/// `(resource, name)` of each object in file order.
fn objects(o: &LabObjects) -> Vec<(String, String)> {
    let mut out = vec![
        (resource::<core::Service>(), name(&o.service.metadata)),
        (
            resource::<k8s_openapi::api::apps::v1::Deployment>(),
            name(&o.deployment.metadata),
        ),
    ];
    if let Some(h) = &o.autoscaler {
        out.push((
            resource::<k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler>(),
            name(&h.metadata),
        ));
    }
    out
}

/// The lines `kubectl apply -f` prints on first apply, in file order.
pub fn apply_lines(o: &LabObjects) -> Vec<String> {
    objects(o)
        .into_iter()
        .map(|(r, n)| format!("{r}/{n} created"))
        .collect()
}

/// The lines `kubectl delete -f` prints, in file order.
pub fn delete_lines(o: &LabObjects) -> Vec<String> {
    objects(o)
        .into_iter()
        .map(|(r, n)| format!("{r} \"{n}\" deleted"))
        .collect()
}

/// `kubectl get svc -o wide` for one Service: header and row, aligned like kubectl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SvcTable {
    /// The Service type.
    pub service_type: String,
    /// The `PORT(S)` column, e.g. `6000:32000/TCP`.
    pub ports: String,
    /// The `EXTERNAL-IP` column: `<pending>` for a LoadBalancer without a controller.
    pub external_ip: String,
    /// The `SELECTOR` column, e.g. `app=ml-kube-app`.
    pub selector: String,
    /// Header and row, aligned with kubectl's three-space padding.
    pub text: String,
}

/// The `kubectl get svc -o wide` row of `svc` (CLUSTER-IP and AGE are placeholders).
pub fn svc_table(svc: &core::Service) -> SvcTable {
    let spec = svc.spec.clone().unwrap_or_default();
    let service_type = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
    let ports = spec
        .ports
        .iter()
        .flatten()
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
            match (p.node_port, service_type.as_str()) {
                (Some(np), _) => format!("{}:{np}/{proto}", p.port),
                (None, "NodePort" | "LoadBalancer") => format!("{}:<node port>/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    let external_ip = if service_type == "LoadBalancer" {
        "<pending>"
    } else {
        "<none>"
    }
    .to_owned();
    let selector = spec
        .selector
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let header = [
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
        "SELECTOR",
    ];
    let row = [
        name(&svc.metadata),
        service_type.clone(),
        "10.x.x.x".to_owned(),
        external_ip.clone(),
        ports.clone(),
        "10s".to_owned(),
        selector.clone(),
    ];
    let widths: Vec<usize> = header
        .iter()
        .zip(&row)
        .map(|(h, r)| h.len().max(r.len()))
        .collect();
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}", w = widths[i] + 3));
            }
        }
        s
    };
    let text = format!(
        "{}\n{}",
        line(header.to_vec()),
        line(row.iter().map(String::as_str).collect())
    );
    SvcTable {
        service_type,
        ports,
        external_ip,
        selector,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn apply_and_delete_lines_follow_file_order() {
        let o = crate::presets::autoscaled().objects();
        assert_eq!(
            apply_lines(&o),
            [
                "service/ml-service-lb created",
                "deployment.apps/ml-app-hpa created",
                "horizontalpodautoscaler.autoscaling/ml-app-hpa created"
            ]
        );
        assert_eq!(
            delete_lines(&o)[1],
            "deployment.apps \"ml-app-hpa\" deleted"
        );
    }

    #[test]
    fn svc_rows() {
        let t = svc_table(&crate::presets::single_replica().objects().service);
        assert_eq!(t.ports, "6000:32000/TCP");
        assert_eq!(t.external_ip, "<none>");
        assert_eq!(t.selector, "app=ml-kube-app");
        assert_eq!(
            t.text,
            "NAME              TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE   SELECTOR\n\
             ml-kube-service   NodePort   10.x.x.x     <none>        6000:32000/TCP   10s   app=ml-kube-app"
        );
        let lb = svc_table(&crate::presets::load_balanced().objects().service);
        assert_eq!(lb.external_ip, "<pending>");
    }
}
