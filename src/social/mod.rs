//! Open Graph "social cards": the 1200×630 PNG a post shows as its preview when it is
//! shared (`og:image`), and one for the site as a whole.
//!
//! A card is an SVG built here, with every line of text laid out by this module (the
//! title wraps to at most four lines, shrinks for long titles and ends in "…" when it
//! still does not fit), then drawn by `resvg` with the Inter font embedded in the binary
//! (`assets/fonts/`, SIL Open Font License) and no system font, so the same input gives
//! the same bytes every time. Text is measured with the font's own glyph advances.
//!
//! [`CardRenderer`] parses the fonts once and is shared across threads;
//! [`cached_card`] keeps rendered cards in a folder keyed by [`CardRenderer::cache_key`]
//! so an unchanged post is not drawn again.

mod cache;
mod metrics;
mod png;

use std::fmt::Write as _;
use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use crate::escape::Escaped;

use cache::key_of;
pub use cache::{cached_card, default_cache_dir};
use metrics::Metrics;
use png::encode_png;

/// Width of a card in pixels.
pub const CARD_WIDTH: u32 = 1200;
/// Height of a card in pixels.
pub const CARD_HEIGHT: u32 = 630;

/// Part of every cache key: change it whenever a change here changes what a card looks
/// like, so that cached cards drawn the old way are not used.
const CARD_VERSION: &str = "bulletin-social-card/1";

/// Inter Regular and Bold (SIL OFL 1.1, see `assets/fonts/OFL.txt`).
static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-Bold.otf");
/// The family name both font files declare.
const FAMILY: &str = "Inter";

// Colours.
const BLUE: &str = "#306998";
const NAVY: &str = "#1f3b57";
const YELLOW: &str = "#ffd43b";
const WHITE: &str = "#ffffff";
const MUTED: &str = "#c4d4e4";

// Layout, in pixels.
const W: f32 = CARD_WIDTH as f32;
const H: f32 = CARD_HEIGHT as f32;
/// Left and right margin.
const MARGIN_X: f32 = 80.0;
const CONTENT_W: f32 = W - 2.0 * MARGIN_X;
/// The yellow bar along the bottom edge.
const BAR_H: f32 = 14.0;
/// Baseline of the site name at the top.
const SITE_BASELINE: f32 = 112.0;
const SITE_SIZE: f32 = 30.0;
/// The band the title is centred in.
const TITLE_TOP: f32 = 160.0;
const TITLE_BOTTOM: f32 = 470.0;
/// Title sizes tried, largest first; the first one at which the whole title fits wins.
const TITLE_SIZES: [f32; 7] = [80.0, 72.0, 64.0, 58.0, 52.0, 46.0, 42.0];
const TITLE_MAX_LINES: usize = 4;
const TITLE_LINE_HEIGHT: f32 = 1.16;
/// Tighter letters for the large title, as Inter's own display sizes do (em).
const TITLE_TRACKING: f32 = -0.022;
/// Baseline of the author and date line.
const META_BASELINE: f32 = 560.0;
const META_SIZE: f32 = 28.0;
/// Tag pills.
const TAG_SIZE: f32 = 22.0;
const TAG_H: f32 = 44.0;
const TAG_PAD_X: f32 = 20.0;
const TAG_GAP: f32 = 12.0;
const TAG_MAX_W: f32 = 300.0;
const MAX_TAGS: usize = 3;
/// Fraction of the em that capital letters stand above the baseline (Inter: 1490/2048).
const CAP_HEIGHT: f32 = 0.727;

/// The text a post's card shows.
#[derive(Debug, Clone, Copy)]
pub struct CardText<'a> {
    /// The post title, drawn large; wrapped, shrunk and cut with "…" as needed.
    pub title: &'a str,
    /// Author names as they should appear (e.g. "Łukasz Langa"); "" for none.
    pub author: &'a str,
    /// The date as it should appear, e.g. "February 1, 2024"; "" for none.
    pub date: &'a str,
    /// The site name, drawn small at the top.
    pub site: &'a str,
    /// Tags; the first three that fit are drawn as pills.
    pub tags: &'a [&'a str],
}

/// Draws social cards. Holds the parsed fonts: make one and share it (it is `Send` and
/// `Sync`), e.g. across the threads of a parallel build.
pub struct CardRenderer {
    /// The fonts for `usvg`, which shapes and outlines the text.
    fontdb: Arc<usvg::fontdb::Database>,
    /// The same fonts, for measuring text while laying it out.
    regular: Metrics,
    bold: Metrics,
    /// The background every card shares, drawn once: cards draw their text on a copy.
    background: tiny_skia::Pixmap,
}

impl std::fmt::Debug for CardRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardRenderer")
            .field("faces", &self.fontdb.len())
            .finish_non_exhaustive()
    }
}

impl CardRenderer {
    /// Parses the embedded fonts. Fails only if they are broken, i.e. never in a
    /// correctly built binary.
    pub fn new() -> Result<Self, String> {
        let mut db = usvg::fontdb::Database::new();
        for data in [FONT_REGULAR, FONT_BOLD] {
            let ids = db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
            if ids.is_empty() {
                return Err("social cards: an embedded font could not be read".to_string());
            }
        }
        db.set_sans_serif_family(FAMILY);
        let mut renderer = Self {
            fontdb: Arc::new(db),
            regular: Metrics::new(FONT_REGULAR)?,
            bold: Metrics::new(FONT_BOLD)?,
            background: tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT)
                .ok_or_else(|| "social cards: cannot allocate an image".to_string())?,
        };
        renderer.background = renderer.draw(&background_svg())?;
        Ok(renderer)
    }

    /// Draws the card of a post: a PNG of [`CARD_WIDTH`]×[`CARD_HEIGHT`] pixels, the
    /// same bytes every time for the same text.
    pub fn render(&self, text: &CardText<'_>) -> Result<Vec<u8>, String> {
        self.render_svg(&self.post_svg(text))
    }

    /// The name under which [`cached_card`] keeps this card: a hex SHA-256 (128 bits
    /// of it) of every field of `text` and of the card design's version, the same on
    /// every run and machine.
    pub fn cache_key(text: &CardText<'_>) -> String {
        let tags = (text.tags.len() as u64).to_le_bytes();
        let mut fields: Vec<&[u8]> = vec![
            text.title.as_bytes(),
            text.author.as_bytes(),
            text.date.as_bytes(),
            text.site.as_bytes(),
            &tags,
        ];
        fields.extend(text.tags.iter().map(|t| t.as_bytes()));
        key_of(&fields)
    }

    /// The cache key of the site's card (never equal to a post card's).
    pub fn site_cache_key(site: &str, description: &str) -> String {
        key_of(&[b"site card", site.as_bytes(), description.as_bytes()])
    }
}

impl CardRenderer {
    /// The SVG of a post's card.
    fn post_svg(&self, text: &CardText<'_>) -> String {
        let mut svg = svg_open();

        // The site name, small, at the top, after a short yellow dash.
        let site = self.bold.drawable(text.site);
        if !site.is_empty() {
            let (site, _) = self.bold.fit(&site, SITE_SIZE, 0.0, CONTENT_W - 56.0);
            let _ = write!(
                svg,
                r#"<rect x="{MARGIN_X}" y="{y:.1}" width="40" height="6" rx="3" fill="{YELLOW}"/>"#,
                y = SITE_BASELINE - SITE_SIZE * CAP_HEIGHT / 2.0 - 3.0,
            );
            let style = Style::bold(SITE_SIZE, WHITE);
            text_line(&mut svg, MARGIN_X + 56.0, SITE_BASELINE, style, &site);
        }

        // The title, as large as fits, centred in its band.
        let (size, lines) = self.layout_title(&self.bold.drawable(text.title));
        let line_h = size * TITLE_LINE_HEIGHT;
        let block_h = lines.len().saturating_sub(1) as f32 * line_h + size * CAP_HEIGHT;
        let mut baseline = (TITLE_TOP + TITLE_BOTTOM) / 2.0 - block_h / 2.0 + size * CAP_HEIGHT;
        for line in &lines {
            text_line(&mut svg, MARGIN_X, baseline, Style::title(size), line);
            baseline += line_h;
        }

        // Tags, right-aligned on the bottom line: as many of the first three as leave
        // the author and date room.
        let author = self.bold.drawable(text.author);
        let date = self.regular.drawable(text.date);
        let sep = if author.is_empty() || date.is_empty() {
            ""
        } else {
            "  ·  "
        };
        let author_w = self.bold.width(&author, META_SIZE, 0.0);
        let rest = format!("{sep}{date}");
        let meta_w = author_w + self.regular.width(&rest, META_SIZE, 0.0);
        let mut pills: Vec<(String, f32)> = Vec::new();
        let mut pills_w = 0.0;
        for tag in text
            .tags
            .iter()
            .map(|t| self.bold.drawable(t))
            .filter(|t| !t.is_empty())
        {
            if pills.len() == MAX_TAGS {
                break;
            }
            let (label, label_w) = self
                .bold
                .fit(&tag, TAG_SIZE, 0.0, TAG_MAX_W - 2.0 * TAG_PAD_X);
            let pill_w = label_w + 2.0 * TAG_PAD_X;
            let gap = if pills.is_empty() { 0.0 } else { TAG_GAP };
            let room = if meta_w > 0.0 {
                CONTENT_W - meta_w - 40.0
            } else {
                CONTENT_W
            };
            if pills_w + gap + pill_w > room {
                break;
            }
            pills_w += gap + pill_w;
            pills.push((label, pill_w));
        }
        let pill_y = META_BASELINE - META_SIZE * CAP_HEIGHT / 2.0 - TAG_H / 2.0;
        let mut x = W - MARGIN_X - pills_w;
        for (label, pill_w) in &pills {
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{pill_y:.1}" width="{pill_w:.1}" height="{TAG_H}" rx="{r}" fill="{NAVY}" fill-opacity="0.45" stroke="{YELLOW}" stroke-width="2"/>"#,
                r = TAG_H / 2.0,
            );
            let baseline = pill_y + TAG_H / 2.0 + TAG_SIZE * CAP_HEIGHT / 2.0;
            let style = Style::bold(TAG_SIZE, YELLOW);
            text_line(&mut svg, x + TAG_PAD_X, baseline, style, label);
            x += pill_w + TAG_GAP;
        }

        // Author and date, bottom left, cut to the room the tags leave.
        if meta_w > 0.0 {
            let room = if pills.is_empty() {
                CONTENT_W
            } else {
                CONTENT_W - pills_w - 40.0
            };
            let (author, author_w) = self.bold.fit(&author, META_SIZE, 0.0, room);
            let (rest, _) = self.regular.fit(&rest, META_SIZE, 0.0, room - author_w);
            let _ = write!(
                svg,
                r#"<text x="{MARGIN_X}" y="{META_BASELINE}" font-family="{FAMILY}" font-size="{META_SIZE}" xml:space="preserve"><tspan font-weight="700" fill="{WHITE}">{}</tspan><tspan font-weight="400" fill="{MUTED}">{}</tspan></text>"#,
                Escaped(&author),
                Escaped(&rest),
            );
        }

        svg.push_str("</svg>");
        svg
    }

    /// The SVG of the site's card: the site name large, the description under it.
    fn site_svg(&self, site: &str, description: &str) -> String {
        let mut svg = svg_open();
        let site = self.bold.drawable(site);
        let description = self.regular.drawable(description);

        let (size, name_lines) = self.fit_block(&self.bold, &site, &[88.0, 76.0, 64.0, 56.0], 2);
        let name_line_h = size * 1.12;
        let desc_size = 34.0;
        let desc_line_h = desc_size * 1.4;
        let desc_lines = if description.is_empty() {
            Vec::new()
        } else {
            self.regular
                .wrap(&description, desc_size, 0.0, CONTENT_W, 3)
                .0
        };
        let bar_gap = 36.0;
        let desc_gap = 40.0;
        // The block, top to bottom: the name, a yellow dash, the description.
        let name_h = name_lines.len().saturating_sub(1) as f32 * name_line_h + size * CAP_HEIGHT;
        let desc_h = if desc_lines.is_empty() {
            0.0
        } else {
            desc_gap + (desc_lines.len() - 1) as f32 * desc_line_h + desc_size * CAP_HEIGHT
        };
        let block_h = name_h + bar_gap + 8.0 + desc_h;
        let top = (H - BAR_H) / 2.0 - block_h / 2.0;
        let mut baseline = top + size * CAP_HEIGHT;
        for line in &name_lines {
            text_line(&mut svg, MARGIN_X, baseline, Style::title(size), line);
            baseline += name_line_h;
        }
        let bar_y = top + name_h + bar_gap;
        let _ = write!(
            svg,
            r#"<rect x="{MARGIN_X}" y="{bar_y:.1}" width="96" height="8" rx="4" fill="{YELLOW}"/>"#
        );
        let mut baseline = bar_y + 8.0 + desc_gap + desc_size * CAP_HEIGHT;
        for line in &desc_lines {
            let style = Style {
                size: desc_size,
                weight: 400,
                fill: MUTED,
                tracking: 0.0,
            };
            text_line(&mut svg, MARGIN_X, baseline, style, line);
            baseline += desc_line_h;
        }
        svg.push_str("</svg>");
        svg
    }

    /// The title's size and lines: the largest size at which it fits without cutting,
    /// else the smallest, cut with "…".
    fn layout_title(&self, title: &str) -> (f32, Vec<String>) {
        self.fit_block(&self.bold, title, &TITLE_SIZES, TITLE_MAX_LINES)
    }

    /// Wraps `text` at the first of `sizes` (largest first) at which it fits in
    /// `max_lines` lines of the title band without cutting or breaking a word.
    fn fit_block(
        &self,
        font: &Metrics,
        text: &str,
        sizes: &[f32],
        max_lines: usize,
    ) -> (f32, Vec<String>) {
        let band = TITLE_BOTTOM - TITLE_TOP;
        let mut last = (0.0, Vec::new());
        for &size in sizes {
            let tracking = TITLE_TRACKING * size;
            let fit_lines = ((band - size * CAP_HEIGHT) / (size * TITLE_LINE_HEIGHT)) as usize + 1;
            let lines = max_lines.min(fit_lines).max(1);
            let (wrapped, clean_fit) = font.wrap(text, size, tracking, CONTENT_W, lines);
            if clean_fit {
                return (size, font.balance(text, size, tracking, wrapped));
            }
            last = (size, wrapped);
        }
        last
    }

    /// Draws the card's text (an SVG of the card's size) over the background, and
    /// encodes the card as PNG.
    fn render_svg(&self, svg: &str) -> Result<Vec<u8>, String> {
        encode_png(&self.draw(svg)?)
    }

    /// Draws `svg` over (a copy of) the background.
    fn draw(&self, svg: &str) -> Result<tiny_skia::Pixmap, String> {
        let options = usvg::Options {
            fontdb: Arc::clone(&self.fontdb),
            font_family: FAMILY.to_string(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &options)
            .map_err(|e| format!("social card: cannot parse the card's SVG: {e}"))?;
        let mut pixmap = self.background.clone();
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        Ok(pixmap)
    }
}

/// Draws the site-wide card: `site` large, `description` under it, in the style of the
/// post cards.
pub fn render_site_card(
    renderer: &CardRenderer,
    site: &str,
    description: &str,
) -> Result<Vec<u8>, String> {
    renderer.render_svg(&renderer.site_svg(site, description))
}

/// The start of an SVG of a card's size.
fn svg_open() -> String {
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}">"#
    );
    svg
}

/// The background all cards share: the blue gradient, two faint rings, the yellow bar.
fn background_svg() -> String {
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
            "</svg>",
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
    svg
}

/// How a line of text is drawn.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Font size, px.
    size: f32,
    /// 400 or 700.
    weight: u16,
    fill: &'static str,
    /// Letter spacing, px.
    tracking: f32,
}

impl Style {
    fn bold(size: f32, fill: &'static str) -> Self {
        Self {
            size,
            weight: 700,
            fill,
            tracking: 0.0,
        }
    }

    /// A title line: bold, white, letters a little tighter.
    fn title(size: f32) -> Self {
        Self {
            tracking: TITLE_TRACKING * size,
            ..Self::bold(size, WHITE)
        }
    }
}

/// Appends one line of text, `baseline` px from the top.
fn text_line(svg: &mut String, x: f32, baseline: f32, style: Style, text: &str) {
    let Style {
        size,
        weight,
        fill,
        tracking,
    } = style;
    let _ = write!(
        svg,
        r#"<text x="{x:.1}" y="{baseline:.1}" font-family="{FAMILY}" font-size="{size:.1}" font-weight="{weight}" fill="{fill}""#
    );
    if tracking != 0.0 {
        let _ = write!(svg, r#" letter-spacing="{tracking:.2}""#);
    }
    let _ = write!(svg, ">{}</text>", Escaped(text));
}

/// `text` with runs of whitespace made one space, and characters that cannot appear in
/// XML or that draw nothing useful (controls) left out.
fn clean(text: &str) -> String {
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

/// What the tests of this module and its submodules share.
#[cfg(test)]
mod testing {
    use super::*;

    pub(super) fn renderer() -> &'static CardRenderer {
        static RENDERER: std::sync::OnceLock<CardRenderer> = std::sync::OnceLock::new();
        RENDERER.get_or_init(|| CardRenderer::new().expect("embedded fonts load"))
    }

    pub(super) fn sample() -> CardText<'static> {
        CardText {
            title: "Python 3.12.0 release candidate 1 released",
            author: "Łukasz Langa",
            date: "August 6, 2023",
            site: "Python Insider",
            tags: &["releases", "3.12"],
        }
    }

    /// Width and height from the IHDR chunk, after checking the signature.
    pub(super) fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }
}

#[cfg(test)]
mod tests {
    use super::png::is_complete_card;
    use super::testing::*;
    use super::*;

    #[test]
    fn renders_a_png_of_card_size() {
        let png = renderer().render(&sample()).unwrap();
        assert_eq!(png_size(&png), (1200, 630));
        assert!(is_complete_card(&png));
        // 8-bit RGB, no alpha.
        assert_eq!((png[24], png[25]), (8, 2));
    }

    #[test]
    fn same_text_same_bytes() {
        let a = renderer().render(&sample()).unwrap();
        let b = CardRenderer::new().unwrap().render(&sample()).unwrap();
        assert_eq!(a, b);
        let other = CardText {
            title: "Python 3.12.1 released",
            ..sample()
        };
        assert_ne!(a, renderer().render(&other).unwrap());
    }

    #[test]
    fn text_is_escaped() {
        let text = CardText {
            title: r#"Use <script> & "quotes" in 'titles'"#,
            author: "A & B <c>",
            date: "\"today\"",
            site: "Site <&>",
            tags: &["c<d", "e&f", "\"g\""],
        };
        let svg = renderer().post_svg(&text);
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.contains("&quot;quotes&quot;"), "{svg}");
        assert!(svg.contains("Use &lt;script&gt; &amp;"), "{svg}");
        assert!(svg.contains("&#39;titles&#39;"), "{svg}");
        assert!(svg.contains("A &amp; B &lt;c&gt;"), "{svg}");
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<c>"));
        assert!(usvg::Tree::from_str(&svg, &usvg::Options::default()).is_ok());
        let png = renderer().render(&text).unwrap();
        assert_eq!(png_size(&png), (1200, 630));
    }

    #[test]
    fn control_characters_are_dropped() {
        let text = CardText {
            title: "Bad\u{0}\u{1}\u{1b}[0m title\u{FFFE}",
            ..sample()
        };
        let png = renderer().render(&text).unwrap();
        assert_eq!(png_size(&png), (1200, 630));
        assert_eq!(clean(" a\t\nb\u{7}c  "), "a bc");
    }

    #[test]
    fn long_titles_shrink_wrap_and_are_cut() {
        let r = renderer();
        let (size, lines) = r.layout_title("Python 3.13.0 is released");
        assert_eq!((size, lines.len()), (TITLE_SIZES[0], 1));

        let medium = "Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available";
        let (size, lines) = r.layout_title(medium);
        assert!(
            size < TITLE_SIZES[0] && lines.len() <= TITLE_MAX_LINES,
            "{size} {lines:?}"
        );
        assert_eq!(lines.join(" "), medium, "fits without cutting");

        let long = "word ".repeat(200);
        let (size, lines) = r.layout_title(&long);
        assert_eq!(size, *TITLE_SIZES.last().unwrap());
        assert_eq!(lines.len(), TITLE_MAX_LINES);
        assert!(lines.last().unwrap().ends_with('…'));
        for line in &lines {
            assert!(
                r.bold.width(line, size, TITLE_TRACKING * size) <= CONTENT_W,
                "{line}"
            );
        }

        let unbroken = "x".repeat(5000);
        let (_, lines) = r.layout_title(&unbroken);
        assert_eq!(lines.len(), TITLE_MAX_LINES);
        assert!(lines.last().unwrap().ends_with('…'));

        let png = r
            .render(&CardText {
                title: &long,
                author: &unbroken,
                date: &unbroken,
                ..sample()
            })
            .unwrap();
        assert_eq!(png_size(&png), (1200, 630));
    }

    #[test]
    fn odd_text_renders() {
        let r = renderer();
        let tags: &[&str] = &[
            "a-very-long-tag-name-that-keeps-going-and-going",
            "🐍",
            "日本語",
            "x",
            "y",
        ];
        for title in [
            "",
            " ",
            "🐍🚀 Python on 日本語 and 中文 — ✓",
            "Ünïcödé Łódź café naïve",
            "\u{202e}reversed",
        ] {
            let text = CardText {
                title,
                author: "",
                date: "",
                site: "",
                tags,
            };
            let png = r.render(&text).unwrap();
            assert_eq!(png_size(&png), (1200, 630));
        }
    }

    #[test]
    fn characters_without_glyphs_are_left_out() {
        let r = renderer();
        assert_eq!(
            r.bold
                .drawable("🎉 Python 3.13\u{200d}\u{fe0f} 日本 released! 🐍"),
            "Python 3.13 released!"
        );
        assert_eq!(
            r.bold
                .drawable("Łukasz Langa, café, naïve, Ελληνικά, Кириллица"),
            "Łukasz Langa, café, naïve, Ελληνικά, Кириллица"
        );
        assert_eq!(r.bold.drawable("日本語"), "");
    }

    #[test]
    fn cut_lines_end_at_a_word_when_they_can() {
        let r = renderer();
        let (cut, width) = r
            .bold
            .fit("Hugo van Kemenade, Pablo Galindo Salgado", 28.0, 0.0, 400.0);
        assert!(width <= 400.0);
        assert_eq!(cut, "Hugo van Kemenade, Pablo…");
        let (cut, _) = r
            .bold
            .fit("Supercalifragilisticexpialidocious", 28.0, 0.0, 200.0);
        assert!(cut.starts_with("Supercal") && cut.ends_with('…'), "{cut}");
    }

    #[test]
    fn wrapped_titles_are_balanced() {
        let (_, lines) = renderer().layout_title("Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available");
        let words: Vec<usize> = lines.iter().map(|l| l.split(' ').count()).collect();
        assert!(
            words.iter().all(|&n| n >= 2),
            "no lone word on a line: {lines:?}"
        );
    }

    #[test]
    fn site_card_renders() {
        let r = renderer();
        let png =
            render_site_card(r, "Python Insider", "News from the Python core developers").unwrap();
        assert_eq!(png_size(&png), (1200, 630));
        assert_eq!(
            png,
            render_site_card(r, "Python Insider", "News from the Python core developers").unwrap()
        );
        let long = "description ".repeat(100);
        let png = render_site_card(r, &"Site".repeat(50), &long).unwrap();
        assert_eq!(png_size(&png), (1200, 630));
        assert!(render_site_card(r, "", "").is_ok());
    }

    #[test]
    fn renderer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CardRenderer>();
    }
}
