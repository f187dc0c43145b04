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
//!
//! This module holds the design (sizes, colours, fonts) and the drawing; `layout` places
//! the text of post and site cards, `svg` writes the SVG's lines of text and the
//! background, `metrics` measures text, `png` encodes a drawn card, `logo` reads and
//! draws the site's logo into the background, and `cache` keeps drawn cards.

mod cache;
mod layout;
mod logo;
mod metrics;
mod png;
mod svg;

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use cache::key_of;
pub use cache::{cached_card, default_cache_dir};
pub use logo::CardLogo;
use metrics::Metrics;
use png::encode_png;
use svg::background_svg;

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
/// The top of the logo's tile, centred on the site name's capitals.
const LOGO_Y: f32 = SITE_BASELINE - SITE_SIZE * CAP_HEIGHT / 2.0 - logo::TILE / 2.0;
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
    /// The key of the site's logo ([`CardLogo::key`]), "" for none: the card of a site
    /// with another logo is another card.
    pub logo: &'a str,
}

/// Draws social cards. Holds the parsed fonts: make one and share it (it is `Send` and
/// `Sync`), e.g. across the threads of a parallel build.
pub struct CardRenderer {
    /// The fonts for `usvg`, which shapes and outlines the text.
    fontdb: Arc<usvg::fontdb::Database>,
    /// The same fonts, for measuring text while laying it out.
    regular: Metrics,
    bold: Metrics,
    /// The background every card shares, drawn once (with the logo, if any): cards
    /// draw their text on a copy.
    background: tiny_skia::Pixmap,
    /// Whether the background has a logo at the top left.
    logo: bool,
}

impl std::fmt::Debug for CardRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardRenderer")
            .field("faces", &self.fontdb.len())
            .finish_non_exhaustive()
    }
}

impl CardRenderer {
    /// Parses the embedded fonts and draws the background, with `logo` at its top
    /// left. Fails when the logo cannot be drawn; without one, only if the fonts are
    /// broken, i.e. never in a correctly built binary.
    pub fn new(logo: Option<&CardLogo>) -> Result<Self, String> {
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
            logo: logo.is_some(),
        };
        renderer.background = renderer.draw(&background_svg(renderer.logo))?;
        if let Some(logo) = logo {
            logo.draw(&mut renderer.background, MARGIN_X, LOGO_Y)?;
        }
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
        // Without a logo, the key a card had before logos were drawn.
        if !text.logo.is_empty() {
            fields.extend([b"logo".as_slice(), text.logo.as_bytes()]);
        }
        key_of(&fields)
    }

    /// The cache key of the site's card (never equal to a post card's); `logo` as in
    /// [`CardText::logo`].
    pub fn site_cache_key(site: &str, description: &str, logo: &str) -> String {
        let mut fields: Vec<&[u8]> = vec![b"site card", site.as_bytes(), description.as_bytes()];
        if !logo.is_empty() {
            fields.extend([b"logo".as_slice(), logo.as_bytes()]);
        }
        key_of(&fields)
    }
}

impl CardRenderer {
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

/// What the tests of this module and its submodules share.
#[cfg(test)]
mod testing {
    use super::*;

    pub(super) fn renderer() -> &'static CardRenderer {
        static RENDERER: std::sync::OnceLock<CardRenderer> = std::sync::OnceLock::new();
        RENDERER.get_or_init(|| CardRenderer::new(None).expect("embedded fonts load"))
    }

    pub(super) fn sample() -> CardText<'static> {
        CardText {
            title: "Python 3.12.0 release candidate 1 released",
            author: "Łukasz Langa",
            date: "August 6, 2023",
            site: "Python Insider",
            tags: &["releases", "3.12"],
            logo: "",
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
    use super::svg::clean;
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
        let b = CardRenderer::new(None).unwrap().render(&sample()).unwrap();
        assert_eq!(a, b);
        let other = CardText {
            title: "Python 3.12.1 released",
            ..sample()
        };
        assert_ne!(a, renderer().render(&other).unwrap());
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
                logo: "",
            };
            let png = r.render(&text).unwrap();
            assert_eq!(png_size(&png), (1200, 630));
        }
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
