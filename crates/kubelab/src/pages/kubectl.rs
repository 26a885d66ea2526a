//! What kubectl prints for a lab's objects: the lines of `apply` and `delete`, and the
//! row of `kubectl get svc -o wide`. Computed from the objects, never typed by hand.

use super::context::SvcTable;
use crate::objects::LabObjects;
use k8s_openapi::Resource;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::{apps::v1::Deployment, autoscaling::v2::HorizontalPodAutoscaler};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::fmt::Write as _;

/// One line per object, in file order: kubectl's name for the object's type (`service`,
/// `deployment.apps`, `horizontalpodautoscaler.autoscaling`), then `between`, the object's
/// name and `after`.
fn lines(o: &LabObjects, between: &str, after: &str) -> Vec<String> {
    fn line<R: Resource>(meta: &ObjectMeta, between: &str, after: &str) -> String {
        let name = meta.name.as_deref().unwrap_or_default();
        let mut line = String::with_capacity(
            R::KIND.len() + R::GROUP.len() + between.len() + name.len() + after.len() + 1,
        );
        line.extend(R::KIND.chars().map(|c| c.to_ascii_lowercase()));
        if !R::GROUP.is_empty() {
            line.extend([".", R::GROUP]);
        }
        line.extend([between, name, after]);
        line
    }
    let mut out = vec![
        line::<core::Service>(&o.service.metadata, between, after),
        line::<Deployment>(&o.deployment.metadata, between, after),
    ];
    if let Some(h) = &o.autoscaler {
        out.push(line::<HorizontalPodAutoscaler>(&h.metadata, between, after));
    }
    out
}

/// The lines `kubectl apply -f` prints on first apply, in file order.
pub(crate) fn apply_lines(o: &LabObjects) -> Vec<String> {
    lines(o, "/", " created")
}

/// The lines `kubectl delete -f` prints, in file order.
pub(crate) fn delete_lines(o: &LabObjects) -> Vec<String> {
    lines(o, " \"", "\" deleted")
}

/// The `kubectl get svc -o wide` row of `svc` (CLUSTER-IP and AGE are placeholders).
pub(crate) fn svc_table(svc: &core::Service) -> SvcTable {
    let spec = svc.spec.as_ref();
    let service_type = crate::objects::service_type(svc).to_owned();
    let mut ports = String::new();
    for p in spec.and_then(|s| s.ports.as_deref()).unwrap_or_default() {
        if !ports.is_empty() {
            ports.push(',');
        }
        let proto = p.protocol.as_deref().unwrap_or("TCP");
        // Writing to a String cannot fail.
        let _ = match (p.node_port, service_type.as_str()) {
            (Some(np), _) => write!(ports, "{}:{np}/{proto}", p.port),
            (None, "NodePort" | "LoadBalancer") => write!(ports, "{}:<node port>/{proto}", p.port),
            _ => write!(ports, "{}/{proto}", p.port),
        };
    }
    let external_ip = if service_type == "LoadBalancer" {
        "<pending>"
    } else {
        "<none>"
    }
    .to_owned();
    let mut selector = String::new();
    for (k, v) in spec.and_then(|s| s.selector.as_ref()).into_iter().flatten() {
        if !selector.is_empty() {
            selector.push(',');
        }
        selector.extend([k.as_str(), "=", v.as_str()]);
    }
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
        svc.metadata.name.as_deref().unwrap_or_default(),
        &service_type,
        "10.x.x.x",
        &external_ip,
        &ports,
        "10s",
        &selector,
    ];
    let widths = std::array::from_fn::<usize, 7, _>(|i| {
        header[i].chars().count().max(row[i].chars().count()) + 3
    });
    let mut text = String::new();
    for (n, cells) in [header, row].iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths[i] - cell.chars().count();
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
    }
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
        let o = crate::testing::lab("hpa").objects();
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
        let t = svc_table(&crate::testing::lab("single").objects().service);
        assert_eq!(t.ports, "6000:32000/TCP");
        assert_eq!(t.external_ip, "<none>");
        assert_eq!(t.selector, "app=ml-kube-app");
        assert_eq!(
            t.text,
            "NAME              TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE   SELECTOR\n\
             ml-kube-service   NodePort   10.x.x.x     <none>        6000:32000/TCP   10s   app=ml-kube-app"
        );
        let lb = svc_table(&crate::testing::lab("lb").objects().service);
        assert_eq!(lb.external_ip, "<pending>");
    }
}
