//! Each lab's pictures, drawn from its objects and the course's cluster: the topology (the
//! address students use, the Service, the nodes with the pods placed as the scheduler
//! would spread them, the pods that stay Pending, the autoscaler) and, for an autoscaled
//! lab, the timeline of its load test, with the same times the page's text and the
//! `load-test-too-short` rule use (`crate::timing`).

use super::svg::{FONT, Label, Rect, Svg, colour, text_width};
use crate::objects::LabObjects;
use crate::spec::Cluster;
use crate::timing;

/// The width GitHub shows a Markdown page's content at, about.
pub(crate) const WIDTH: f64 = 800.0;
const MARGIN: f64 = 16.0;
const GAP: f64 = 16.0;
const SMALL: f64 = 12.0;
const LINE: f64 = 17.0;
/// Nodes drawn in one row, and pods drawn in one node, at most.
const NODES_PER_ROW: usize = 3;
const PODS_PER_NODE: usize = 4;
const NODES_DRAWN: usize = 9;

/// A drawn picture: the SVG, the alt text for the page, and its text boxes (for tests).
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    pub(crate) svg: String,
    pub(crate) alt: String,
    /// Read by the tests, which check that no text leaves its box or covers another.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) labels: Vec<Label>,
}

/// What the topology shows besides the objects.
pub(crate) struct Scene<'a> {
    pub(crate) title: &'a str,
    pub(crate) objects: &'a LabObjects,
    pub(crate) cluster: &'a Cluster,
    /// How students reach the node port (`203.0.113.10`, `node-0's public address`).
    pub(crate) address: &'a str,
    /// A student's namespace, on their copy.
    pub(crate) namespace: Option<&'a str>,
}

/// One node as drawn.
struct Node {
    name: String,
    allocatable: String,
    capacity: u64,
    schedulable: bool,
    /// Pods placed: `true` for one running from the start, `false` for one the autoscaler
    /// may add.
    pods: Vec<bool>,
}

fn quantities(map: &std::collections::BTreeMap<String, String>) -> String {
    map.iter()
        .filter(|(k, _)| *k != "pods")
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cluster's nodes, one entry a node, with the pods of this lab each can hold.
fn nodes(cluster: &Cluster, per_node: &[(u64, u64)]) -> Vec<Node> {
    let mut shares = per_node.iter();
    let mut out = Vec::new();
    for group in &cluster.nodes {
        let capacity = if group.schedulable {
            shares.next().map_or(0, |(_, each)| *each)
        } else {
            0
        };
        for i in 0..group.count as usize {
            let number = out.len() + 1;
            out.push(Node {
                name: group
                    .names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("node {number}")),
                allocatable: quantities(&group.allocatable),
                capacity,
                schedulable: group.schedulable,
                pods: Vec::new(),
            });
        }
    }
    out
}

/// Places `running` pods, then `added` more, one node after another as the scheduler's
/// spreading would (each to the node with the fewest of them that still has room); returns
/// how many of each found no room: (running, added).
fn place(nodes: &mut [Node], running: u64, added: u64) -> (u64, u64) {
    let mut pending = (0, 0);
    for n in 0..running + added {
        let start = n < running;
        let target = nodes
            .iter_mut()
            .filter(|node| node.schedulable && (node.pods.len() as u64) < node.capacity)
            .min_by_key(|node| node.pods.len());
        match (target, start) {
            (Some(node), _) => node.pods.push(start),
            (None, true) => pending.0 += 1,
            (None, false) => pending.1 += 1,
        }
    }
    pending
}

/// `head` and `items` as lines of at most `width` characters: `head items[0], items[1]`,
/// broken after a comma, the lines after the first indented.
fn wrapped(head: &str, items: &[String], width: usize) -> Vec<String> {
    let mut lines = vec![head.to_owned()];
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        let last = lines.len() - 1;
        let joined = format!("{} {piece}", lines[last]);
        if joined.chars().count() <= width || lines[last].trim().is_empty() || i == 0 {
            lines[last] = joined;
        } else {
            lines.push(format!("  {piece}"));
        }
    }
    lines
}

fn pod_lines(objects: &LabObjects, width: usize) -> Vec<String> {
    let name = objects.deployment.metadata.name.clone().unwrap_or_default();
    let mut lines = vec![format!("{name}-<hash>-<suffix>")];
    let resources = objects
        .containers()
        .first()
        .and_then(|c| c.resources.clone())
        .unwrap_or_default();
    let list = |m: Option<
        std::collections::BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >| {
        m.unwrap_or_default()
            .iter()
            .map(|(k, v)| format!("{k} {}", v.0))
            .collect::<Vec<_>>()
    };
    let (requests, limits) = (list(resources.requests), list(resources.limits));
    if requests.is_empty() {
        lines.push("requests nothing".to_owned());
    } else {
        lines.extend(wrapped("requests", &requests, width));
    }
    if !limits.is_empty() {
        lines.extend(wrapped("limits", &limits, width));
    }
    if let Some(http) = objects.readiness_probe().and_then(|p| p.http_get.as_ref()) {
        let port = match &http.port {
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
        };
        lines.push(format!(
            "ready: GET {} :{port}",
            http.path.as_deref().unwrap_or("/")
        ));
    }
    lines
}

/// Draws a box with `lines` (the first bold) and returns its height.
fn boxed(svg: &mut Svg, r: Rect, fill: &str, dashed: bool, lines: &[String], size: f64) {
    svg.rect(r, fill, dashed);
    for (i, line) in lines.iter().enumerate() {
        let y = r.y + 8.0 + size + i as f64 * (size + 4.0);
        svg.text(line, r.x + 8.0, y, size, i == 0, r);
    }
}

fn box_height(lines: usize, size: f64) -> f64 {
    16.0 + lines as f64 * (size + 4.0)
}

/// The lab's topology.
pub(crate) fn topology(scene: &Scene<'_>) -> Picture {
    let o = scene.objects;
    let mut svg = Svg::new(WIDTH);
    let full = Rect {
        x: MARGIN,
        y: 0.0,
        w: WIDTH - 2.0 * MARGIN,
        h: 0.0,
    };
    let mut y = MARGIN;
    let svc_name = o.service.metadata.name.clone().unwrap_or_default();
    let svc_type = crate::objects::service_type(&o.service);
    let port = o
        .service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref()?.first().cloned())
        .unwrap_or_default();
    let target = port
        .target_port
        .as_ref()
        .map_or(port.port.to_string(), |t| match t {
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(n) => n.to_string(),
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
        });
    // Who comes in: students, at a node port.
    if let Some(node_port) = port.node_port {
        let line = format!("you: http://{}:{node_port}", scene.address);
        let r = Rect {
            h: box_height(1, FONT),
            y,
            ..full
        };
        boxed(&mut svg, r, colour::NODE, false, &[line], FONT);
        y += r.h + 10.0;
        svg.arrow((WIDTH / 2.0, y - 10.0), (WIDTH / 2.0, y + 14.0));
        y += 16.0;
    }
    let mut svc_lines = vec![format!("Service {svc_name} ({svc_type})")];
    svc_lines.push(format!("port {} -> pods' port {target}", port.port));
    if let Some(node_port) = port.node_port {
        svc_lines.push(format!("node port {node_port} open on every node"));
    }
    svc_lines.push(format!(
        "sends each request to a ready pod with {}",
        super::kubectl::service_selector(&o.service)
    ));
    if let Some(ns) = scene.namespace {
        svc_lines.push(format!("namespace {ns}"));
    }
    let svc = Rect {
        h: box_height(svc_lines.len(), FONT),
        y,
        ..full
    };
    boxed(&mut svg, svc, colour::SERVICE, false, &svc_lines, FONT);
    y += svc.h;

    let fit = crate::fit::fit_nanos(&crate::fit::pod_requests(o), scene.cluster);
    let running = u64::try_from(o.replicas()).unwrap_or(0);
    let spec = o.autoscaler.as_ref().and_then(crate::k8s::autoscaler_spec);
    let most = spec.map_or(running, |s| u64::try_from(s.max_replicas).unwrap_or(0));
    let added = most.saturating_sub(running);
    let mut all = nodes(scene.cluster, fit.as_ref().map_or(&[][..], |f| &f.per_node));
    if all.is_empty() {
        // Nodes not described: one box for the cluster, every pod in it.
        all.push(Node {
            name: "the cluster (its nodes are not described)".to_owned(),
            allocatable: String::new(),
            capacity: u64::MAX,
            schedulable: true,
            pods: Vec::new(),
        });
    }
    let (pending_running, pending_added) = place(&mut all, running, added);
    let drawn = all.len().min(NODES_DRAWN);
    let per_row = drawn.clamp(1, NODES_PER_ROW);
    let node_w = (full.w - (per_row - 1) as f64 * GAP) / per_row as f64;
    // The characters a pod's line holds: the pod box less its padding.
    let pod_chars = ((node_w - 16.0 - 12.0) / (SMALL * super::svg::CHAR_EM)).floor() as usize;
    let pod_text = pod_lines(o, pod_chars);
    let pod_h = box_height(pod_text.len(), SMALL);
    y += 28.0;
    let mut row_top = y;
    let mut row_bottom = y;
    for (i, node) in all.iter().take(drawn).enumerate() {
        if i > 0 && i % per_row == 0 {
            row_top = row_bottom + GAP;
        }
        let col = i % per_row;
        let x = full.x + col as f64 * (node_w + GAP);
        let shown = node.pods.len().min(PODS_PER_NODE);
        let more = node.pods.len() - shown;
        let mut header = vec![node.name.clone()];
        if !node.allocatable.is_empty() {
            header.push(node.allocatable.clone());
        }
        if !node.schedulable {
            header.push("takes no pods of this app".to_owned());
        }
        let head_h = box_height(header.len(), SMALL);
        let extra = if more > 0 { LINE + 4.0 } else { 0.0 };
        let h = head_h + shown as f64 * (pod_h + 8.0) + extra + 4.0;
        let r = Rect {
            x,
            y: row_top,
            w: node_w,
            h,
        };
        svg.arrow(
            (svc.x + svc.w / 2.0, svc.y + svc.h),
            (x + node_w / 2.0, row_top),
        );
        boxed(&mut svg, r, colour::NODE, false, &header, SMALL);
        let mut py = row_top + head_h;
        for running in node.pods.iter().take(shown) {
            let p = Rect {
                x: x + 8.0,
                y: py,
                w: node_w - 16.0,
                h: pod_h,
            };
            let fill = if *running { colour::POD } else { colour::NODE };
            boxed(&mut svg, p, fill, !*running, &pod_text, SMALL);
            py += pod_h + 8.0;
        }
        if more > 0 {
            svg.text(
                &format!("+ {more} more pods"),
                x + 8.0,
                py + SMALL,
                SMALL,
                false,
                r,
            );
        }
        row_bottom = row_bottom.max(row_top + h);
    }
    y = row_bottom + GAP;
    if all.len() > drawn {
        let line = format!("+ {} more nodes", all.len() - drawn);
        svg.text(
            &line,
            full.x,
            y + FONT,
            FONT,
            false,
            Rect {
                y,
                h: LINE + 4.0,
                ..full
            },
        );
        y += LINE + 8.0;
    }
    if pending_running + pending_added > 0 {
        let mut lines = vec![format!(
            "{} pods Pending: no node has room for their requests",
            pending_running + pending_added
        )];
        if pending_added > 0 {
            lines.push(format!(
                "{pending_added} of them only once the autoscaler adds them"
            ));
        }
        let r = Rect {
            h: box_height(lines.len(), FONT),
            y,
            ..full
        };
        boxed(&mut svg, r, colour::PENDING, false, &lines, FONT);
        y += r.h + GAP;
    }
    if let (Some(h), Some(spec)) = (&o.autoscaler, spec) {
        let target = o.cpu_target().unwrap_or_default();
        let lines = vec![
            format!(
                "HorizontalPodAutoscaler {}",
                h.metadata.name.clone().unwrap_or_default()
            ),
            format!(
                "keeps {} to {} pods: adds pods while CPU use is above {target}%",
                spec.min_replicas.unwrap_or(crate::api_defaults::REPLICAS),
                spec.max_replicas
            ),
            "of the CPU request (dashed: pods it may add under load)".to_owned(),
        ];
        let r = Rect {
            h: box_height(lines.len(), FONT),
            y,
            ..full
        };
        boxed(&mut svg, r, colour::SCALER, false, &lines, FONT);
        y += r.h + GAP;
    }
    let alt = format!(
        "{}: the Service {svc_name} ({svc_type}, port {} to the pods' {target}{}) sends requests to {} of {}'s pods on {} {}{}{}",
        scene.title,
        port.port,
        port.node_port
            .map(|n| format!(", node port {n}"))
            .unwrap_or_default(),
        running,
        o.deployment.metadata.name.clone().unwrap_or_default(),
        all.len(),
        if all.len() == 1 { "node" } else { "nodes" },
        if pending_running > 0 {
            format!("; {pending_running} stay Pending")
        } else {
            String::new()
        },
        if added > 0 {
            format!("; the autoscaler may add {added} more")
        } else {
            String::new()
        },
    );
    let (svg, labels) = svg.finish(y, &format!("{}: what runs where", scene.title), &alt);
    Picture { svg, alt, labels }
}

/// One moment of the load test.
struct Event {
    at: u64,
    text: String,
}

/// The timeline of an autoscaled lab's load test, `seconds` long.
pub(crate) fn timeline(title: &str, objects: &LabObjects, seconds: u64) -> Option<Picture> {
    let spec = objects
        .autoscaler
        .as_ref()
        .and_then(crate::k8s::autoscaler_spec)?;
    let metrics = timing::METRICS_RESOLUTION_SECONDS;
    let sync = timing::AUTOSCALER_SYNC_SECONDS;
    let ready = timing::first_added_pod_ready_seconds(objects.readiness_probe());
    let window = timing::DOWNSCALE_WINDOW_MINUTES * 60;
    let min = spec.min_replicas.unwrap_or(crate::api_defaults::REPLICAS);
    let events = vec![
        Event {
            at: 0,
            text: "load starts".to_owned(),
        },
        Event {
            at: metrics,
            text: "first CPU measurement".to_owned(),
        },
        Event {
            at: metrics + sync,
            text: "autoscaler adds pods".to_owned(),
        },
        Event {
            at: ready,
            text: "first added pod ready".to_owned(),
        },
        Event {
            at: seconds,
            text: "load ends".to_owned(),
        },
        Event {
            at: seconds + window,
            text: format!("back to {min} {}", if min == 1 { "pod" } else { "pods" }),
        },
    ];
    let end = (seconds + window).max(1) as f64;
    let (left, right) = (MARGIN + 8.0, WIDTH - MARGIN - 8.0);
    let x_of = |at: u64| left + (right - left) * at as f64 / end;
    // Each label goes in the row nearest the axis where it covers no other label, no mark
    // line crosses it and its own mark line crosses no label; marks are placed from the
    // right, so that of close marks the earlier one's label sits higher.
    struct Placed<'e> {
        event: &'e Event,
        x: f64,
        lx: f64,
        w: f64,
        row: usize,
    }
    // Events at the same moment share one mark and one label.
    let mut merged: Vec<Event> = Vec::new();
    for e in events {
        match merged.iter_mut().find(|m| m.at == e.at) {
            Some(m) => m.text = format!("{}, {}", m.text, e.text),
            None => merged.push(e),
        }
    }
    merged.sort_by_key(|e| e.at);
    let mut placed: Vec<Placed<'_>> = Vec::new();
    for event in merged.iter().rev() {
        let x = x_of(event.at);
        let w = text_width(&event.text, SMALL).max(text_width(&format!("{} s", event.at), SMALL));
        let covers = |a: f64, b: f64, at: f64| at >= a - 3.0 && at <= b + 3.0;
        let fits = |lx: f64, r: usize| {
            lx >= 2.0
                && lx + w <= WIDTH - 2.0
                && placed.iter().all(|p| {
                    let apart = p.row != r || lx + w + 8.0 < p.lx || p.lx + p.w + 8.0 < lx;
                    let not_crossed = !covers(lx, lx + w, p.x) || p.row < r;
                    let not_crossing = !covers(p.lx, p.lx + p.w, x) || p.row > r;
                    apart && not_crossed && not_crossing
                })
        };
        // Right of the mark where it can, else left of it, in the lowest row that works;
        // else above every other label.
        let (lx, row) = (0..=merged.len())
            .find_map(|r| {
                [x + 4.0, x - w - 4.0]
                    .into_iter()
                    .find(|lx| fits(*lx, r))
                    .map(|lx| (lx, r))
            })
            .unwrap_or_else(|| {
                let top = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
                ((x + 4.0).min(WIDTH - w - 4.0), top)
            });
        placed.push(Placed {
            event,
            x,
            lx,
            w,
            row,
        });
    }
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(1);
    let row_h = 2.0 * LINE + 6.0;
    let axis_y = MARGIN + rows as f64 * row_h + 8.0;
    let area = Rect {
        x: 0.0,
        y: 0.0,
        w: WIDTH,
        h: axis_y + 40.0,
    };
    let mut svg = Svg::new(WIDTH);
    for p in placed.iter().rev() {
        let base = axis_y - 10.0 - p.row as f64 * row_h;
        svg.line((p.x, base - 2.0 * LINE + 4.0), (p.x, axis_y));
        svg.text(
            &format!("{} s", p.event.at),
            p.lx,
            base - LINE,
            SMALL,
            true,
            area,
        );
        svg.text(&p.event.text, p.lx, base, SMALL, false, area);
    }
    svg.arrow((left, axis_y), (right + 6.0, axis_y));
    let caption = format!(
        "the autoscaler looks every {sync} s; it waits {} min after the load before it removes pods",
        timing::DOWNSCALE_WINDOW_MINUTES
    );
    svg.text(&caption, left, axis_y + 26.0, SMALL, false, area);
    let alt = format!(
        "{title}, the load test over time: the load starts at 0 s, the first CPU measurement comes at {metrics} s, the autoscaler adds pods from {} s, the first added pod is ready at {ready} s at the earliest, the load ends at {seconds} s, and {} minutes later the autoscaler is back to {min} {}",
        metrics + sync,
        timing::DOWNSCALE_WINDOW_MINUTES,
        if min == 1 { "pod" } else { "pods" }
    );
    let (svg, labels) = svg.finish(area.h, &format!("{title}: the load test over time"), &alt);
    Some(Picture { svg, alt, labels })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No text runs out of its box or over another text.
    pub(crate) fn assert_tidy(p: &Picture) {
        for (i, a) in p.labels.iter().enumerate() {
            assert!(
                a.container.contains(&a.bounds),
                "{:?} leaves its box",
                a.text
            );
            for b in &p.labels[i + 1..] {
                assert!(
                    !a.bounds.overlaps(&b.bounds),
                    "{:?} over {:?}",
                    a.text,
                    b.text
                );
            }
        }
    }

    fn scene_of(lab: &str, cluster: &Cluster) -> Picture {
        let o = crate::testing::lab(lab).objects();
        topology(&Scene {
            title: "Lab",
            objects: &o,
            cluster,
            address: "203.0.113.10",
            namespace: None,
        })
    }

    #[test]
    fn every_lab_of_the_course_draws_tidily_and_shows_its_facts() {
        let course = crate::testing::course();
        for lab in ["single", "lb", "hpa"] {
            let p = scene_of(lab, &course.cluster);
            assert_tidy(&p);
            assert!(p.svg.contains("node port 32000"), "{lab}");
            assert!(p.svg.contains("<title") && p.svg.contains("<desc"));
        }
        let hpa = crate::testing::lab("hpa").objects();
        let t = timeline("Lab 3", &hpa, 360).expect("a timeline");
        assert_tidy(&t);
        assert!(t.svg.contains("360 s") && t.svg.contains("660 s") && t.svg.contains("45 s"));
    }

    #[test]
    fn pods_spread_over_the_nodes_and_the_rest_stay_pending() {
        let course = crate::testing::course();
        let mut o = crate::testing::lab("lb").objects();
        // 9 fit (3 on each of 3 nodes): 12 replicas leave 3 Pending.
        if let Some(spec) = o.deployment.spec.as_mut() {
            spec.replicas = Some(12);
        }
        let p = topology(&Scene {
            title: "Lab",
            objects: &o,
            cluster: &course.cluster,
            address: "x",
            namespace: Some("student-01"),
        });
        assert_tidy(&p);
        assert!(p.svg.contains("3 pods Pending"), "{}", p.svg);
        assert!(p.svg.contains("namespace student-01"));
        assert!(
            p.alt
                .contains("12 of ml-kube-app's pods on 3 nodes; 3 stay Pending"),
            "{}",
            p.alt
        );
    }

    #[test]
    fn long_requests_wrap_instead_of_being_cut() {
        let items = ["cpu 250m".to_owned(), "memory 256Mi".to_owned()];
        assert_eq!(
            wrapped("requests", &items, 40),
            ["requests cpu 250m, memory 256Mi"]
        );
        assert_eq!(
            wrapped("requests", &items, 24),
            ["requests cpu 250m,", "  memory 256Mi"]
        );
    }

    #[test]
    fn many_nodes_long_names_and_short_tests_stay_tidy() {
        let mut cluster = crate::testing::course().cluster;
        cluster.nodes[0].count = 14;
        cluster.nodes[0].names = vec!["a-very-long-node-name-that-goes-on-and-on".into()];
        for lab in ["single", "lb", "hpa"] {
            assert_tidy(&scene_of(lab, &cluster));
        }
        let hpa = crate::testing::lab("hpa").objects();
        for seconds in [10, 45, 60, 3600] {
            assert_tidy(&timeline("Lab", &hpa, seconds).expect("a timeline"));
        }
    }
}
