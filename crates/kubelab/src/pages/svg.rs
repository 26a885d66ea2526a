//! A small SVG writer: rectangles, lines and text, every text item kept with the box it
//! must stay inside, so that a test can check that no text runs out of its box or over
//! another. Text is monospace, so its width follows from its length.
//!
//! Hand-written rather than the `svg` crate: the pictures need four element kinds and
//! their escaping; what they need beyond writing (text widths, boxes to check) no SVG
//! crate gives.

use std::fmt::Write as _;

/// Font size of ordinary text, in pixels.
pub(crate) const FONT: f64 = 13.0;
/// Width of one character of the monospace font, in ems: DejaVu Sans Mono's advance is
/// 1233/2048 = 0.602 em, Liberation Mono's and Courier's 0.600; rounded up.
pub(crate) const CHAR_EM: f64 = 0.61;

/// A rectangle: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

#[cfg_attr(not(test), allow(dead_code))] // the tests' checks
impl Rect {
    pub(crate) fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 0.01
            && other.y >= self.y - 0.01
            && other.x + other.w <= self.x + self.w + 0.01
            && other.y + other.h <= self.y + self.h + 0.01
    }

    pub(crate) fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// The width of `text` at `size` pixels.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_EM
}

/// A text item as drawn: its box (from its baseline, size and length) and the box it must
/// stay inside.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub(crate) text: String,
    pub(crate) bounds: Rect,
    pub(crate) container: Rect,
}

/// Colours chosen to read on white (the picture draws its own white background, so they
/// hold in GitHub's light and dark themes alike).
pub(crate) mod colour {
    pub(crate) const INK: &str = "#1f2328";
    pub(crate) const MUTED: &str = "#57606a";
    pub(crate) const SERVICE: &str = "#ddf4ff";
    pub(crate) const NODE: &str = "#f6f8fa";
    pub(crate) const POD: &str = "#dafbe1";
    pub(crate) const PENDING: &str = "#fff8c5";
    pub(crate) const SCALER: &str = "#fbefff";
    pub(crate) const LINE: &str = "#8c959f";
}

/// An SVG document being drawn.
pub(crate) struct Svg {
    width: f64,
    body: String,
    labels: Vec<Label>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Svg {
    pub(crate) fn new(width: f64) -> Svg {
        Svg {
            width,
            body: String::new(),
            labels: Vec::new(),
        }
    }

    /// A box; `dashed` for what is not there yet.
    pub(crate) fn rect(&mut self, r: Rect, fill: &str, dashed: bool) {
        let dash = if dashed {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"{fill}\" stroke=\"{}\"{dash}/>",
            r.x,
            r.y,
            r.w,
            r.h,
            colour::LINE
        );
    }

    /// A line with an arrow head at its end.
    pub(crate) fn arrow(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{}\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>",
            colour::LINE
        );
    }

    /// A plain line.
    pub(crate) fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            colour::LINE
        );
    }

    /// `text` with its left end at `x` and its baseline at `y`, kept inside `container`;
    /// text too long for it is cut with `…`.
    pub(crate) fn text(
        &mut self,
        text: &str,
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
        container: Rect,
    ) {
        // SVG collapses leading spaces: an indented line moves right instead.
        let indent = text.len() - text.trim_start_matches(' ').len();
        let x = x + text_width(&text[..indent], size);
        let text = &text[indent..];
        let room = (container.x + container.w - x - 4.0).max(0.0);
        let fits = (room / (size * CHAR_EM)).floor() as usize;
        let shown: String = if text.chars().count() > fits {
            let mut cut: String = text.chars().take(fits.saturating_sub(1)).collect();
            cut.push('…');
            cut
        } else {
            text.to_owned()
        };
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let fill = if bold { colour::INK } else { colour::MUTED };
        let _ = writeln!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{weight} fill=\"{fill}\">{}</text>",
            escape(&shown)
        );
        // The glyphs of a line sit between about 0.8 em above the baseline and 0.25 below.
        self.labels.push(Label {
            bounds: Rect {
                x,
                y: y - size * 0.8,
                w: text_width(&shown, size),
                h: size * 1.05,
            },
            text: shown,
            container,
        });
    }

    /// The document, `height` tall, with a title and a description for screen readers.
    pub(crate) fn finish(self, height: f64, title: &str, desc: &str) -> (String, Vec<Label>) {
        let w = self.width;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {w:.0} {height:.0}\" role=\"img\" aria-labelledby=\"title desc\" font-family=\"DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace\">"
        );
        let _ = writeln!(out, "<title id=\"title\">{}</title>", escape(title));
        let _ = writeln!(out, "<desc id=\"desc\">{}</desc>", escape(desc));
        let _ = writeln!(
            out,
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker></defs>",
            colour::LINE
        );
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        (out, self.labels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cut_to_its_box() {
        let mut svg = Svg::new(200.0);
        let b = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 30.0,
        };
        svg.text("a<b & \"c\" and a long tail", 4.0, 20.0, FONT, false, b);
        let (doc, labels) = svg.finish(30.0, "T", "D");
        assert!(doc.contains("a&lt;b &amp; &quot;c"), "{doc}");
        assert!(labels[0].text.ends_with('…'));
        assert!(b.contains(&labels[0].bounds), "{labels:?}");
    }
}
