//! What a card draws: the background all cards share (as SVG), and the [`Scene`] of a
//! card's own shapes and lines of text; text cleaned of the characters that draw
//! nothing.

use std::fmt::Write as _;

#[cfg(test)]
use crate::escape::Escaped;

use super::logo::{TILE, TILE_RADIUS};
use super::shape::{Face, Line, Span};
use super::{
    BAR_H, BLUE, CARD_HEIGHT, CARD_WIDTH, H, LOGO_Y, MARGIN_X, NAVY, TITLE_TRACKING, WHITE, YELLOW,
};

/// The start of an SVG of a card's size.
pub(super) fn svg_open() -> String {
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}">"#
    );
    svg
}

/// The background all cards share: the blue gradient, two faint rings, the yellow bar
/// and, for a logo (`tile`), the white tile it is drawn on.
pub(super) fn background_svg(tile: bool) -> String {
    let mut svg = svg_open();
    let _ = write!(
        svg,
        concat!(
            r#"<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">"#,
            r#"<stop offset="0" stop-color="{blue}"/><stop offset="1" stop-color="{navy}"/>"#,
            r#"</linearGradient></defs>"#,
            r#"<rect width="{w}" height="{h}" fill="url(#bg)"/>"#,
            // Two faint rings at the top right, for depth.
            r#"<circle cx="1090" cy="-40" r="300" fill="none" stroke="{white}" stroke-opacity="0.06" stroke-width="56"/>"#,
            r#"<circle cx="1090" cy="-40" r="170" fill="none" stroke="{yellow}" stroke-opacity="0.10" stroke-width="28"/>"#,
            r#"<rect y="{bar_y}" width="{w}" height="{bar_h}" fill="{yellow}"/>"#,
        ),
        w = CARD_WIDTH,
        h = CARD_HEIGHT,
        blue = BLUE,
        navy = NAVY,
        white = WHITE,
        yellow = YELLOW,
        bar_y = H - BAR_H,
        bar_h = BAR_H,
    );
    if tile {
        let _ = write!(
            svg,
            r#"<rect x="{MARGIN_X}" y="{LOGO_Y:.1}" width="{TILE}" height="{TILE}" rx="{TILE_RADIUS}" fill="{WHITE}"/>"#
        );
    }
    svg.push_str("</svg>");
    svg
}

/// How a line of text is drawn.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    /// Font size, px.
    pub(super) size: f32,
    /// 400 or 700.
    pub(super) weight: u16,
    pub(super) fill: &'static str,
    /// Letter spacing, px.
    pub(super) tracking: f32,
}

impl Style {
    pub(super) fn bold(size: f32, fill: &'static str) -> Self {
        Self {
            size,
            weight: 700,
            fill,
            tracking: 0.0,
        }
    }

    /// A title line: bold, white, letters a little tighter.
    pub(super) fn title(size: f32) -> Self {
        Self {
            tracking: TITLE_TRACKING * size,
            ..Self::bold(size, WHITE)
        }
    }
}

/// What a card draws over the background: shapes, as SVG elements that `resvg` draws,
/// and over them lines of text, which `shape` places and `glyphs` draws. (The cards'
/// text and shapes do not meet; where a glyph would reach a shape, a mark stacked far
/// under a letter, it is drawn over it.)
#[derive(Debug, Default)]
pub(super) struct Scene {
    /// SVG elements, without the document around them; no text.
    pub(super) shapes: String,
    pub(super) lines: Vec<Line>,
}

/// `v` as an SVG attribute written with `decimals` decimals is read back: the lines of a
/// scene are placed at the numbers their SVG would have, so that drawing a scene and
/// drawing its SVG put glyphs on the same pixels.
fn as_written(v: f32, decimals: usize) -> f32 {
    format!("{v:.decimals$}").parse().unwrap_or(v)
}

impl Scene {
    /// Adds one line of text in one style, `baseline` px from the top.
    pub(super) fn line(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        self.lines.push(Line {
            x: as_written(x, 1),
            baseline: as_written(baseline, 1),
            size: as_written(style.size, 1),
            tracking: as_written(style.tracking, 2),
            spans: vec![Span {
                face: Face::of_weight(style.weight),
                fill: style.fill,
                text: text.to_string(),
            }],
        });
    }

    /// The SVG drawing the shapes of the scene, if it has any.
    pub(super) fn shapes_svg(&self) -> Option<String> {
        (!self.shapes.is_empty()).then(|| {
            let mut svg = svg_open();
            svg.push_str(&self.shapes);
            svg.push_str("</svg>");
            svg
        })
    }

    /// The whole scene as one SVG, its text escaped: what `resvg` would draw for it.
    #[cfg(test)]
    pub(super) fn svg(&self) -> String {
        let mut svg = svg_open();
        svg.push_str(&self.shapes);
        for line in &self.lines {
            let Line {
                x,
                baseline,
                size,
                tracking,
                ..
            } = line;
            let _ = write!(
                svg,
                r#"<text x="{x}" y="{baseline}" font-family="{family}" font-size="{size}""#,
                family = super::FAMILY,
            );
            if *tracking != 0.0 {
                let _ = write!(svg, r#" letter-spacing="{tracking}""#);
            }
            svg.push_str(r#" xml:space="preserve">"#);
            for span in &line.spans {
                let weight = match span.face {
                    Face::Regular => 400,
                    Face::Bold => 700,
                };
                let _ = write!(
                    svg,
                    r#"<tspan font-weight="{weight}" fill="{}">{}</tspan>"#,
                    span.fill,
                    Escaped(&span.text)
                );
            }
            svg.push_str("</text>");
        }
        svg.push_str("</svg>");
        svg
    }
}

/// `text` with runs of whitespace made one space, and characters that cannot appear in
/// XML or that draw nothing useful (controls) left out.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| !c.is_control() && !matches!(c, '\u{FFFE}' | '\u{FFFF}')),
        );
    }
    out
}
