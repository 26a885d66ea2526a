//! The lab pictures: each draws with a real SVG renderer (`rsvg-convert`, Debian's
//! librsvg2-bin; skipped with a message where it is not installed, `.ci/run` installs
//! it), no text runs out of its box or over another (boxes computed from the SVG itself),
//! they are self-contained, and they follow the course: node count, replicas, node port and
//! the autoscaler's range reach them with no template or drawing edit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use std::collections::BTreeMap;
use std::process::Command;
use xtask::workspace_root;

fn render(text: &str, options: &kubelab::Options) -> BTreeMap<String, String> {
    let course = kubelab::course::parse(text, "course.yaml").unwrap_or_else(|e| panic!("{e}"));
    kubelab::generate(&course, options)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn course_text() -> String {
    std::fs::read_to_string(workspace_root().join("course.yaml")).unwrap()
}

fn svgs(files: &BTreeMap<String, String>) -> Vec<(&String, &String)> {
    files.iter().filter(|(p, _)| p.ends_with(".svg")).collect()
}

/// The value of attribute `name` in an element's text.
fn attr(element: &str, name: &str) -> Option<f64> {
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[at..].split('"').next()?.parse().ok()
}

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The rectangles and the text boxes of an SVG as the pictures write it (one element a
/// line); a text's box from its position, size and length in a monospace font whose
/// advance is at most 0.61 em (DejaVu Sans Mono: 0.602).
fn boxes(svg: &str) -> (Vec<Box2>, Vec<(String, Box2)>) {
    let (mut rects, mut texts) = (Vec::new(), Vec::new());
    for line in svg.lines() {
        if line.starts_with("<rect") {
            rects.push(Box2 {
                x: attr(line, "x").unwrap(),
                y: attr(line, "y").unwrap(),
                w: attr(line, "width").unwrap(),
                h: attr(line, "height").unwrap(),
            });
        } else if line.starts_with("<text") {
            let content = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            let shown = content
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let size = attr(line, "font-size").unwrap();
            let (x, y) = (attr(line, "x").unwrap(), attr(line, "y").unwrap());
            texts.push((
                shown.clone(),
                Box2 {
                    x,
                    y: y - 0.8 * size,
                    w: shown.chars().count() as f64 * size * 0.61,
                    h: 1.05 * size,
                },
            ));
        }
    }
    (rects, texts)
}

fn inside(outer: &Box2, inner: &Box2) -> bool {
    inner.x >= outer.x - 0.1
        && inner.y >= outer.y - 0.1
        && inner.x + inner.w <= outer.x + outer.w + 0.1
        && inner.y + inner.h <= outer.y + outer.h + 0.1
}

fn apart(a: &Box2, b: &Box2) -> bool {
    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
}

/// Every text inside the smallest box that holds its start, and over no other text.
fn assert_tidy(name: &str, svg: &str) {
    let (rects, texts) = boxes(svg);
    assert!(!rects.is_empty() && !texts.is_empty(), "{name}");
    for (i, (text, b)) in texts.iter().enumerate() {
        let home = rects
            .iter()
            .filter(|r| {
                inside(
                    r,
                    &Box2 {
                        w: 0.0,
                        h: 0.0,
                        ..*b
                    },
                )
            })
            .min_by(|p, q| (p.w * p.h).total_cmp(&(q.w * q.h)))
            .unwrap_or_else(|| panic!("{name}: {text:?} is in no box"));
        assert!(inside(home, b), "{name}: {text:?} runs out of its box");
        for (other, c) in &texts[i + 1..] {
            assert!(apart(b, c), "{name}: {text:?} over {other:?}");
        }
    }
}

fn the_pictures_of_the_course_and_the_examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in [
        "course.yaml",
        "examples/challenge.course.yaml",
        "examples/hardened.course.yaml",
    ] {
        let text = std::fs::read_to_string(workspace_root().join(file)).unwrap();
        for (path, svg) in svgs(&render(&text, &kubelab::Options::default())) {
            out.push((format!("{file}: {path}"), svg.clone()));
        }
    }
    out
}

#[test]
fn no_text_leaves_its_box_or_covers_another_and_each_picture_stands_alone() {
    let pictures = the_pictures_of_the_course_and_the_examples();
    assert!(pictures.len() >= 12, "{} pictures", pictures.len());
    for (name, svg) in &pictures {
        assert_tidy(name, svg);
        assert!(svg.contains("<title") && svg.contains("<desc"), "{name}");
        for outside in ["<script", "href=", "@import", "<image", "<foreignObject"] {
            assert!(!svg.contains(outside), "{name}: {outside}");
        }
    }
}

#[test]
fn a_real_renderer_draws_every_picture() {
    if Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: rsvg-convert is not installed here (apt-get install librsvg2-bin)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, svg)) in the_pictures_of_the_course_and_the_examples()
        .iter()
        .enumerate()
    {
        let input = dir.path().join(format!("{i}.svg"));
        let output = dir.path().join(format!("{i}.png"));
        std::fs::write(&input, svg).unwrap();
        let run = Command::new("rsvg-convert")
            .arg("-o")
            .arg(&output)
            .arg(&input)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let png = std::fs::read(&output).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 2000, "{name}");
        // The PNG's width is the picture's: 800 pixels, what GitHub shows.
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(width, 800, "{name}");
    }
}

#[test]
fn the_pictures_follow_the_course_with_no_template_or_drawing_edit() {
    let before = render(&course_text(), &kubelab::Options::default());
    let edited = course_text()
        .replace(
            "- count: 3\n      names: [node-0, node-1, node-2]",
            "- count: 4\n      names: [node-0, node-1, node-2, node-3]",
        )
        .replace("nodePort: 32000", "nodePort: 31000")
        .replace("replicas: 5", "replicas: 2")
        .replace(
            "minReplicas: 1\n      maxReplicas: 5",
            "minReplicas: 2\n      maxReplicas: 4",
        );
    assert_ne!(edited, course_text());
    let after = render(&edited, &kubelab::Options::default());
    let lb = &after["deploy_lb/topology.svg"];
    let hpa = &after["deploy_hpa/topology.svg"];
    assert!(lb.contains(">node-3<"), "a fourth node");
    assert!(!before["deploy_lb/topology.svg"].contains(">node-3<"));
    assert!(lb.contains("node port 31000") && lb.contains(":31000<"));
    let pods = |svg: &str| {
        svg.matches(">ml-kube-app-&lt;hash&gt;-&lt;suffix&gt;<")
            .count()
    };
    assert_eq!(pods(&before["deploy_lb/topology.svg"]), 5);
    assert_eq!(pods(lb), 2);
    assert!(hpa.contains("keeps 2 to 4 pods"), "{hpa}");
    assert!(after["deploy_hpa/timeline.svg"].contains("back to 2 pods"));
    for (path, svg) in svgs(&after) {
        assert_tidy(path, svg);
    }
}

#[test]
fn student_copies_get_their_own_pictures_and_pictures_belong_to_pages() {
    let text =
        std::fs::read_to_string(workspace_root().join("examples/challenge.course.yaml")).unwrap();
    let files = render(&text, &kubelab::Options::default());
    let copy = files
        .iter()
        .find(|(p, _)| p.starts_with("students/student-02/") && p.ends_with("topology.svg"))
        .unwrap()
        .1;
    assert!(copy.contains("namespace student-02"), "{copy}");
    let page = files
        .iter()
        .find(|(p, _)| p.starts_with("students/student-02/") && p.ends_with("index.md"))
        .unwrap()
        .1;
    assert!(page.contains("](topology.svg)"), "{page}");
    // Manifests only: no pages, no pictures.
    let none = render(
        &course_text(),
        &kubelab::Options::builder()
            .pages(kubelab::Pages::None)
            .build(),
    );
    assert!(svgs(&none).is_empty());
    // JSON manifests keep their pages, and so their pictures.
    let json = render(
        &course_text(),
        &kubelab::Options::builder()
            .format(kubelab::Format::Json)
            .build(),
    );
    assert_eq!(svgs(&json).len(), 4);
    let overview = &json["README.md"];
    assert!(
        overview.contains("<img src=\"deploy_lb/topology.svg\""),
        "{overview}"
    );
}

#[test]
#[should_panic(expected = "runs out of its box")]
fn the_check_sees_a_text_that_runs_out_of_its_box() {
    assert_tidy(
        "crafted",
        "<svg>\n<rect x=\"0\" y=\"0\" width=\"100\" height=\"40\"/>\n<text x=\"4\" y=\"20\" font-size=\"13\">a text far too long for its box</text>\n</svg>",
    );
}

#[test]
#[should_panic(expected = "over")]
fn the_check_sees_two_texts_on_each_other() {
    assert_tidy(
        "crafted",
        "<svg>\n<rect x=\"0\" y=\"0\" width=\"400\" height=\"40\"/>\n<text x=\"4\" y=\"20\" font-size=\"13\">one</text>\n<text x=\"10\" y=\"22\" font-size=\"13\">two</text>\n</svg>",
    );
}
