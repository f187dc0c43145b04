//! Lines of a card's text shaped into glyphs and placed, as `usvg` would place them
//! for the same `<text>` element, without the SVG: no document to parse, and no
//! outline made of every glyph on every card (`glyphs` draws them from its cache).
//!
//! A line is shaped with `harfrust` (the shaper `usvg` uses), with the fonts' shaping
//! tables read once for the whole process rather than once a line. Its glyphs are then
//! placed with `usvg`'s arithmetic, transform by transform, so that a glyph lands on the
//! same quarter pixel as before: cards drawn either way are the same bytes
//! (`placed_as_usvg_places_them` compares the two).
//!
//! What `usvg` does that cards never ask for is left out: other fonts for missing
//! characters (card text holds only characters the fonts have, see
//! [`super::metrics::Metrics::drawable`]), right-to-left runs (the fonts have no
//! right-to-left script), text anchors other than the start, and vertical text.

use std::sync::OnceLock;

use harfrust::{Direction, FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
use resvg::tiny_skia::Transform;
use skrifa::raw::TableProvider as _;

use super::{FONT_BOLD, FONT_REGULAR};

/// One of the two faces cards are drawn in; its index in [`Face::ALL`] is the face's
/// number in the glyph cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
}

impl Face {
    pub(super) const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The face of a CSS font weight, as the font database picks it.
    pub(super) fn of_weight(weight: u16) -> Self {
        if weight >= 600 {
            Face::Bold
        } else {
            Face::Regular
        }
    }

    pub(super) fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => FONT_REGULAR,
            Face::Bold => FONT_BOLD,
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A run of a line in one face and colour.
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) face: Face,
    /// `#rrggbb`.
    pub(super) fill: &'static str,
    pub(super) text: String,
}

/// A line of text: where its baseline starts, its size, its letter spacing, and its
/// spans. Numbers are as the SVG of the line would write them (see
/// [`super::svg::Scene::line`]), so that the line is placed as that SVG would be.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) x: f32,
    pub(super) baseline: f32,
    pub(super) size: f32,
    /// Letter spacing, px.
    pub(super) tracking: f32,
    /// The text, its spaces taken as written (`xml:space="preserve"`).
    pub(super) spans: Vec<Span>,
}

/// A glyph placed on the card: the transform from its outline (font units, y up) to
/// the card's pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub(super) face: Face,
    pub(super) glyph: u32,
    /// Index in the line's spans (for the colour).
    pub(super) span: usize,
    pub(super) transform: Transform,
}

/// A face's font, its shaping tables and its units per em, read once.
struct FaceData {
    font: FontRef<'static>,
    data: ShaperData,
    units_per_em: f32,
}

/// The faces' data, or the error of the first that does not read (never, in a correctly
/// built binary).
fn faces() -> Result<&'static [FaceData; 2], String> {
    static FACES: OnceLock<Result<[FaceData; 2], String>> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        let read = |face: Face| -> Result<FaceData, String> {
            let font = FontRef::new(face.data())
                .map_err(|e| format!("social cards: an embedded font could not be read: {e}"))?;
            let units_per_em = font
                .head()
                .map(|h| f32::from(h.units_per_em()))
                .map_err(|e| format!("social cards: an embedded font has no head: {e}"))?;
            let data = ShaperData::new(&font);
            Ok(FaceData {
                font,
                data,
                units_per_em,
            })
        };
        Ok([read(Face::Regular)?, read(Face::Bold)?])
    });
    faces.as_ref().map_err(Clone::clone)
}

/// Reads the faces' shaping tables now, reporting a font that does not read.
pub(super) fn load() -> Result<(), String> {
    faces().map(|_| ())
}

/// The font of `face`, as read for shaping.
pub(super) fn font(face: Face) -> Result<FontRef<'static>, String> {
    faces().map(|faces| faces[face.index()].font.clone())
}

/// A glyph as the shaper gives it, in font units, with the byte where its cluster
/// starts in the line's text.
#[derive(Debug, Clone, Copy)]
struct Shaped {
    face: Face,
    glyph: u32,
    cluster: usize,
    x_advance: i32,
    x_offset: i32,
    y_offset: i32,
}

/// `text` shaped left to right in `face`, with the font's default features (kerning,
/// ligatures).
fn shape(faces: &[FaceData; 2], face: Face, text: &str) -> Vec<Shaped> {
    let FaceData { font, data, .. } = &faces[face.index()];
    let shaper = data.shaper(font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.guess_segment_properties();
    let out = shaper.shape(buffer, ShapeOptions::new());
    (out.glyph_infos().iter().zip(out.glyph_positions()))
        .map(|(info, pos)| Shaped {
            face,
            glyph: info.glyph_id,
            cluster: info.cluster as usize,
            x_advance: pos.x_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
        })
        .collect()
}

/// The glyphs of `line`, placed; none if the fonts do not read (which
/// [`load`] reports).
pub(super) fn place(line: &Line) -> Vec<Placed> {
    let text: String = line.spans.iter().map(|s| s.text.as_str()).collect();
    let Ok(faces) = faces() else {
        return Vec::new();
    };
    if text.is_empty() {
        return Vec::new();
    }
    // Each span's glyphs are those of the whole line shaped in its face, as `usvg`
    // shapes a line of several spans: so that the glyphs at the edge of a span are
    // shaped with their neighbours. (usvg then puts each span's clusters in place of
    // the first face's one glyph at a time; the two agree where the faces make the
    // same clusters at the span's edges, as they do at the space where the cards'
    // author and date meet.)
    let mut glyphs: Vec<(usize, Shaped)> = Vec::new();
    let mut start = 0;
    for (i, span) in line.spans.iter().enumerate() {
        let end = start + span.text.len();
        if start < end {
            let shaped = shape(faces, span.face, &text);
            glyphs.extend(
                (shaped.into_iter())
                    .filter(|g| (start..end).contains(&g.cluster))
                    .map(|g| (i, g)),
            );
        }
        start = end;
    }
    // Clusters: runs of glyphs with the same first byte.
    let mut clusters: Vec<&[(usize, Shaped)]> = Vec::new();
    let mut rest = &glyphs[..];
    while let Some((_, first)) = rest.first() {
        let n = rest
            .iter()
            .take_while(|(_, g)| g.cluster == first.cluster)
            .count();
        let (cluster, after) = rest.split_at(n);
        clusters.push(cluster);
        rest = after;
    }

    // Each cluster's advance, in pixels, with the letter spacing after it, and whether
    // it is drawn: a cluster the spacing leaves without advance is not.
    let count = clusters.len();
    let advances: Vec<(f32, bool)> = (clusters.iter().enumerate())
        .map(|(i, cluster)| {
            let mut advance = 0.0f32;
            for (_, g) in *cluster {
                advance += g.x_advance as f32 * (line.size / faces[g.face.index()].units_per_em);
            }
            if line.tracking == 0.0 {
                return (advance, true);
            }
            // After every cluster but the last.
            if i != count - 1 {
                advance += line.tracking;
            }
            if advance > 0.0 && advance.is_finite() {
                (advance, true)
            } else {
                (0.0, false)
            }
        })
        .collect();
    // The line starts where its leftmost cluster begins or ends (left of the start
    // only when kerning makes an advance negative).
    let mut left = f32::INFINITY;
    let mut at = 0.0f32;
    for &(advance, _) in &advances {
        left = left.min(at).min(at + advance);
        at += advance;
    }

    let span_ts = Transform::default()
        .pre_translate(line.x, line.baseline)
        .pre_translate(0.0, 0.0);
    let mut placed = Vec::with_capacity(glyphs.len());
    let mut x = 0.0 - left;
    for (cluster, (advance, drawn)) in clusters.into_iter().zip(advances) {
        if drawn {
            let cluster_ts = Transform::default().pre_translate(x, 0.0);
            let mut in_cluster = 0.0f32;
            for &(span, g) in cluster {
                let sx = line.size / faces[g.face.index()].units_per_em;
                let glyph_ts =
                    Transform::from_translate(in_cluster + g.x_offset as f32, -g.y_offset as f32);
                in_cluster += g.x_advance as f32;
                let transform = span_ts
                    .pre_concat(cluster_ts)
                    .pre_concat(Transform::from_scale(sx, sx))
                    .pre_concat(glyph_ts)
                    .pre_concat(Transform::from_scale(1.0, -1.0));
                placed.push(Placed {
                    face: g.face,
                    glyph: g.glyph,
                    span,
                    transform,
                });
            }
        }
        x += advance;
    }
    placed
}

#[cfg(test)]
mod tests {
    use resvg::usvg;

    use super::super::svg::{Scene, Style};
    use super::super::testing::renderer;
    use super::*;

    /// Each glyph `usvg` places for the text of `svg`: face, glyph and transform.
    fn usvg_glyphs(svg: &str) -> Vec<(u32, Transform)> {
        fn walk(group: &usvg::Group, out: &mut Vec<(u32, Transform)>) {
            for node in group.children() {
                match node {
                    usvg::Node::Text(text) => {
                        for span in text.layouted() {
                            for g in &span.positioned_glyphs {
                                out.push((g.id.0, g.outline_transform()));
                            }
                        }
                    }
                    usvg::Node::Group(g) => walk(g, out),
                    _ => {}
                }
            }
        }
        let tree = renderer().parse(svg).unwrap();
        let mut out = Vec::new();
        walk(tree.root(), &mut out);
        out
    }

    #[test]
    fn placed_as_usvg_places_them() {
        let mut scene = Scene::default();
        let title = Style::title(80.0);
        scene.line(
            80.0,
            240.3,
            title,
            "fi fl ffi AVAW Tyo 'quoted' “curly” — dash",
        );
        scene.line(
            80.0,
            333.33,
            Style::title(46.0),
            "Ελληνικά Кириллица Ünïcödé Łódź 3.12.0rc1",
        );
        scene.line(1001.7, 566.0, Style::bold(22.0, "#ffd43b"), "releases");
        // Zero-width characters under letter spacing: clusters left without advance.
        scene.line(80.0, 100.0, title, "a\u{200b}b\u{200d}c\u{301}");
        scene.lines.push(Line {
            x: 80.0,
            baseline: 560.0,
            size: 28.0,
            tracking: 0.0,
            spans: vec![
                Span {
                    face: Face::Bold,
                    fill: "#ffffff",
                    text: "Łukasz Langa, AV".to_string(),
                },
                Span {
                    face: Face::Regular,
                    fill: "#c4d4e4",
                    text: "  ·  August 6, 2023".to_string(),
                },
            ],
        });
        let theirs = usvg_glyphs(&scene.svg());
        let ours: Vec<(u32, Transform)> = (scene.lines.iter())
            .flat_map(place)
            .map(|p| (p.glyph, p.transform))
            .collect();
        assert!(ours.len() > 100, "{}", ours.len());
        assert_eq!(ours.len(), theirs.len());
        for ((ours, ours_ts), (theirs, theirs_ts)) in ours.iter().zip(&theirs) {
            assert_eq!(ours, theirs);
            // The same arithmetic: the same numbers, bit for bit.
            assert_eq!(ours_ts, theirs_ts, "glyph {ours}");
        }
    }

    #[test]
    fn spans_keep_their_faces() {
        let line = Line {
            x: 0.0,
            baseline: 10.0,
            size: 20.0,
            tracking: 0.0,
            spans: ["Bold", " regular", ""]
                .iter()
                .zip([Face::Bold, Face::Regular, Face::Bold])
                .map(|(text, face)| Span {
                    face,
                    fill: "#000000",
                    text: text.to_string(),
                })
                .collect(),
        };
        let placed = place(&line);
        let faces: Vec<(Face, usize)> = placed.iter().map(|p| (p.face, p.span)).collect();
        assert_eq!(faces.len(), "Bold regular".len());
        assert!(
            faces[..4].iter().all(|&f| f == (Face::Bold, 0)),
            "{faces:?}"
        );
        assert!(
            faces[4..].iter().all(|&f| f == (Face::Regular, 1)),
            "{faces:?}"
        );
        // Left to right, without overlap.
        assert!(
            placed
                .windows(2)
                .all(|w| w[0].transform.tx < w[1].transform.tx)
        );
    }
}
