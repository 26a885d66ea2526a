//! A lab's objects (as kubelab writes them) -> the course file's fields for them. Only
//! what a field can say is taken; the rest of each object becomes a patch afterwards
//! (`import::patches`), so nothing here has to be complete, only right.

use serde_json::{Map, Value, json};

/// Copies `keys` of `from` that are set into `to`.
fn copy(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = from.get(*key) {
            to.insert((*key).to_owned(), v.clone());
        }
    }
}

/// A map of strings, or nothing.
fn strings(v: &Value) -> Option<Value> {
    let map = v.as_object()?;
    (!map.is_empty() && map.values().all(Value::is_string)).then(|| v.clone())
}

/// The course file's `deployment` for a Deployment.
pub(super) fn deployment(d: &Value) -> Value {
    let mut out = Map::new();
    let name = d["metadata"]["name"].as_str().unwrap_or_default();
    out.insert("name".into(), json!(name));
    copy(&d["spec"], &mut out, &["replicas"]);
    if let Some(a) = strings(&d["metadata"]["annotations"]) {
        out.insert("annotations".into(), a);
    }
    let template = &d["spec"]["template"];
    if let Some(labels) = strings(&template["metadata"]["labels"])
        && labels != json!({ "app": name })
    {
        out.insert("labels".into(), labels);
    }
    if let Some(a) = strings(&template["metadata"]["annotations"]) {
        out.insert("podAnnotations".into(), a);
    }
    let pod = &template["spec"];
    copy(pod, &mut out, &["imagePullSecrets"]);
    if let Some(s) = strings(&pod["nodeSelector"]) {
        out.insert("nodeSelector".into(), s);
    }
    let volumes: Vec<Value> = pod["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(volume)
        .collect();
    if !volumes.is_empty() {
        out.insert("volumes".into(), Value::Array(volumes));
    }
    let container = &pod["containers"][0];
    if let Some(c) = container["name"].as_str()
        && c != name
    {
        out.insert("containerName".into(), json!(c));
    }
    copy(
        container,
        &mut out,
        &["image", "imagePullPolicy", "command", "args"],
    );
    let ports: Vec<Value> = container["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let mut port = Map::new();
            copy(p, &mut port, &["containerPort", "name", "protocol"]);
            Value::Object(port)
        })
        .collect();
    out.insert("ports".into(), Value::Array(ports));
    let env: Vec<Value> = container["env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(env_var)
        .collect();
    if !env.is_empty() {
        out.insert("env".into(), Value::Array(env));
    }
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        if let Some(p) = http_probe(&container[probe]) {
            out.insert(probe.into(), p);
        }
    }
    let mut resources = Map::new();
    copy(
        &container["resources"],
        &mut resources,
        &["requests", "limits"],
    );
    if !resources.is_empty() {
        out.insert("resources".into(), Value::Object(resources));
    }
    let mounts: Vec<Value> = container["volumeMounts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let mut mount = Map::new();
            copy(m, &mut mount, &["name", "mountPath", "readOnly", "subPath"]);
            Value::Object(mount)
        })
        .collect();
    if !mounts.is_empty() {
        out.insert("volumeMounts".into(), Value::Array(mounts));
    }
    Value::Object(out)
}

/// A variable with a literal value, or one from a Secret's or ConfigMap's key; others
/// (`fieldRef`, `resourceFieldRef`) are left to a patch.
fn env_var(e: &Value) -> Option<Value> {
    let mut out = Map::new();
    copy(e, &mut out, &["name", "value"]);
    if let Some(from) = e.get("valueFrom") {
        let source = ["secretKeyRef", "configMapKeyRef"]
            .into_iter()
            .find(|k| from.get(*k).is_some())?;
        let mut key_ref = Map::new();
        copy(&from[source], &mut key_ref, &["name", "key", "optional"]);
        out.insert("valueFrom".into(), json!({ source: key_ref }));
    }
    Some(Value::Object(out))
}

/// An HTTP GET probe; others (exec, tcpSocket, grpc) are left to a patch.
fn http_probe(p: &Value) -> Option<Value> {
    let get = p.get("httpGet")?;
    let mut out = Map::new();
    out.insert("path".into(), get.get("path")?.clone());
    out.insert("port".into(), get.get("port")?.clone());
    copy(
        p,
        &mut out,
        &[
            "initialDelaySeconds",
            "periodSeconds",
            "timeoutSeconds",
            "successThreshold",
            "failureThreshold",
        ],
    );
    Some(Value::Object(out))
}

/// A ConfigMap, Secret or emptyDir volume; others are left to a patch.
fn volume(v: &Value) -> Option<Value> {
    let mut out = Map::new();
    copy(v, &mut out, &["name"]);
    let (source, keys): (&str, &[&str]) = if v.get("configMap").is_some() {
        ("configMap", &["name", "items", "optional"])
    } else if v.get("secret").is_some() {
        ("secret", &["secretName", "items", "optional"])
    } else if v.get("emptyDir").is_some() {
        ("emptyDir", &["medium", "sizeLimit"])
    } else {
        return None;
    };
    let mut fields = Map::new();
    copy(&v[source], &mut fields, keys);
    if let Some(items) = fields.get_mut("items").and_then(Value::as_array_mut) {
        for item in items.iter_mut() {
            let mut kept = Map::new();
            copy(item, &mut kept, &["key", "path"]);
            *item = Value::Object(kept);
        }
    }
    out.insert(source.into(), Value::Object(fields));
    Some(Value::Object(out))
}

/// The course file's `service` for a Service.
pub(super) fn service(s: &Value) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), s["metadata"]["name"].clone());
    if let Some(t) = s["spec"]["type"].as_str()
        && ["ClusterIP", "NodePort", "LoadBalancer"].contains(&t)
    {
        out.insert("type".into(), json!(t));
    }
    let ports: Vec<Value> = s["spec"]["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let mut port = Map::new();
            copy(
                p,
                &mut port,
                &["port", "name", "targetPort", "nodePort", "protocol"],
            );
            Value::Object(port)
        })
        .collect();
    out.insert("ports".into(), Value::Array(ports));
    if let Some(a) = strings(&s["metadata"]["annotations"]) {
        out.insert("annotations".into(), a);
    }
    Value::Object(out)
}

/// The course file's `autoscaler` for an autoscaling/v2 HorizontalPodAutoscaler of
/// Deployment `deployment`: its first CPU utilization target (80 % when it has none; a
/// patch then gives it its own metrics).
pub(super) fn autoscaler(h: &Value, deployment: &str) -> Value {
    let mut out = Map::new();
    if h["metadata"]["name"].as_str() != Some(deployment) {
        out.insert("name".into(), h["metadata"]["name"].clone());
    }
    copy(&h["spec"], &mut out, &["minReplicas", "maxReplicas"]);
    let target = h["spec"]["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|m| {
            let r = m.get("resource")?;
            (r["name"] == "cpu" && r["target"]["type"] == "Utilization")
                .then(|| r["target"]["averageUtilization"].clone())
        })
        .unwrap_or(json!(80));
    out.insert("targetCPUUtilizationPercentage".into(), target);
    Value::Object(out)
}
