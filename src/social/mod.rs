//! Open Graph "social cards": the 1200×630 PNG a post shows as its preview when it is
//! shared (`og:image`), and one for the site as a whole.
//!
//! A card is a [`Scene`] built here: a few shapes and lines of text, every line laid
//! out by this module (the title wraps to at most four lines, shrinks for long titles
//! and ends in "…" when it still does not fit). The shapes are drawn by `resvg`; the
//! text is shaped with `harfrust` and drawn in the Inter font embedded in the binary
//! (`assets/fonts/`, SIL Open Font License) and no system font, so the same input
//! gives the same bytes every time. Text is measured with the font's own glyph advances.
//!
//! [`CardRenderer`] parses the fonts once and is shared across threads;
//! [`cached_card`] keeps rendered cards in a folder keyed by [`CardRenderer::cache_key`]
//! so an unchanged post is not drawn again.
//!
//! This module holds the design (sizes, colours, fonts) and the drawing; `layout` places
//! the text of post and site cards, `svg` holds the background and the scene, `shape`
//! shapes and places a line's glyphs as `usvg` would, `metrics` measures text, `glyphs`
//! draws text from glyphs rasterized once, `patches` keeps the shapes drawn, `png`
//! encodes a drawn card (filtering only the rows that differ from the shared
//! background), `logo` reads and draws the site's
//! logo into the background, and `cache` keeps drawn cards.

mod cache;
mod glyphs;
mod layout;
mod logo;
mod metrics;
mod patches;
mod png;
mod shape;
mod svg;

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use cache::key_of;
pub use cache::{cached_card, default_cache_dir};
pub use logo::CardLogo;
use metrics::Metrics;
use png::CardEncoder;
use svg::{Scene, background_svg};

/// Width of a card in pixels.
pub const CARD_WIDTH: u32 = 1200;
/// Height of a card in pixels.
pub const CARD_HEIGHT: u32 = 630;

/// Part of every cache key: change it whenever a change here changes what a card looks
/// like, so that cached cards drawn the old way are not used.
const CARD_VERSION: &str = "bulletin-social-card/2";

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
    /// The fonts for `usvg`, for SVG that has text (the tests draw scenes with it).
    fontdb: Arc<usvg::fontdb::Database>,
    /// The same fonts, for measuring text while laying it out.
    regular: Metrics,
    bold: Metrics,
    /// The background every card shares, drawn once (with the logo, if any): cards
    /// draw their text on a copy.
    background: tiny_skia::Pixmap,
    /// Whether the background has a logo at the top left.
    logo: bool,
    /// The glyphs of the card fonts, drawn once.
    glyphs: glyphs::Glyphs,
    /// Cards' shapes, drawn once for each distinct set.
    patches: patches::Patches,
    /// Encodes cards drawn on the background.
    encoder: CardEncoder,
    /// This renderer among those of the process (the threads' scratch pixmaps hold the
    /// background of one renderer).
    id: u64,
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
            if ids.len() != 1 {
                return Err("social cards: an embedded font could not be read".to_string());
            }
        }
        shape::load()?;
        db.set_sans_serif_family(FAMILY);
        let blank = tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT)
            .ok_or_else(|| "social cards: cannot allocate an image".to_string())?;
        let mut renderer = Self {
            fontdb: Arc::new(db),
            regular: Metrics::new(FONT_REGULAR)?,
            bold: Metrics::new(FONT_BOLD)?,
            background: blank.clone(),
            logo: logo.is_some(),
            glyphs: glyphs::Glyphs::new()?,
            patches: patches::Patches::default(),
            encoder: CardEncoder::new(&blank),
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        renderer.background = renderer.draw(&background_svg(renderer.logo))?;
        if let Some(logo) = logo {
            logo.draw(&mut renderer.background, MARGIN_X, LOGO_Y)?;
        }
        renderer.encoder = CardEncoder::new(&renderer.background);
        Ok(renderer)
    }

    /// Draws the card of a post: a PNG of [`CARD_WIDTH`]×[`CARD_HEIGHT`] pixels, the
    /// same bytes every time for the same text.
    pub fn render(&self, text: &CardText<'_>) -> Result<Vec<u8>, String> {
        self.render_scene(&self.post_scene(text))
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
    /// Draws `scene` over the background, and encodes the card as PNG.
    fn render_scene(&self, scene: &Scene) -> Result<Vec<u8>, String> {
        // Each thread draws its cards on one pixmap of its own, which holds the
        // background between cards: a card puts back the rows it drew on. (A fresh 3 MB
        // image a card cost more in copying and page faults than the drawing.)
        thread_local! {
            static SCRATCH: std::cell::Cell<Option<(u64, tiny_skia::Pixmap)>> = const {
                std::cell::Cell::new(None)
            };
        }
        // Taken out while the card is drawn: a panic in the drawing drops it, rather
        // than leave the next card a pixmap with this one's text on it.
        let kept = SCRATCH.take();
        let mut pixmap = match kept {
            Some((id, pixmap)) if id == self.id => pixmap,
            _ => self.background.clone(),
        };
        let mut dirty = vec![false; CARD_HEIGHT as usize];
        let drawn = self.paint(scene, &mut pixmap, &mut dirty);
        let png = drawn.and_then(|()| self.encoder.encode(&pixmap, &dirty));
        let row = CARD_WIDTH as usize * 4;
        let background = self.background.data().chunks_exact(row);
        for ((to, from), dirty) in (pixmap.data_mut().chunks_exact_mut(row))
            .zip(background)
            .zip(dirty)
        {
            if dirty {
                to.copy_from_slice(from);
            }
        }
        SCRATCH.set(Some((self.id, pixmap)));
        png
    }

    /// Draws `scene` on `pixmap` (the background as it is), marking the rows drawn on
    /// in `dirty`: its shapes with `resvg` (or as kept from another card with the
    /// same shapes), then its text from the glyph cache.
    fn paint(
        &self,
        scene: &Scene,
        pixmap: &mut tiny_skia::Pixmap,
        dirty: &mut [bool],
    ) -> Result<(), String> {
        if let Some(svg) = scene.shapes_svg() {
            self.patches
                .draw(&svg, &self.background, pixmap, dirty, |pixmap, dirty| {
                    let tree = self.parse(&svg)?;
                    self.draw_group(tree.root(), pixmap, dirty);
                    Ok(())
                })?;
        }
        for line in &scene.lines {
            let colours: Vec<[u8; 4]> = line.spans.iter().map(|s| rgba(s.fill)).collect();
            self.glyphs
                .draw(&shape::place(line), &colours, pixmap, dirty);
        }
        Ok(())
    }

    /// Draws `svg` over (a copy of) the background.
    fn draw(&self, svg: &str) -> Result<tiny_skia::Pixmap, String> {
        let tree = self.parse(svg)?;
        let mut pixmap = self.background.clone();
        self.draw_group(tree.root(), &mut pixmap, &mut [false; CARD_HEIGHT as usize]);
        Ok(pixmap)
    }

    /// Lays `svg` out with the card fonts.
    fn parse(&self, svg: &str) -> Result<usvg::Tree, String> {
        let options = usvg::Options {
            fontdb: Arc::clone(&self.fontdb),
            font_family: FAMILY.to_string(),
            ..usvg::Options::default()
        };
        usvg::Tree::from_str(svg, &options)
            .map_err(|e| format!("social card: cannot parse the card's SVG: {e}"))
    }

    /// Draws the nodes of `group` in order with `resvg`, each node on its own area.
    /// Marks the rows drawn on in `dirty`.
    fn draw_group(&self, group: &usvg::Group, pixmap: &mut tiny_skia::Pixmap, dirty: &mut [bool]) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) if is_plain(g) => self.draw_group(g, pixmap, dirty),
                other => {
                    let Some(b) = other.abs_layer_bounding_box() else {
                        continue;
                    };
                    let at = tiny_skia::Transform::from_translate(b.x(), b.y());
                    resvg::render_node(other, at, &mut pixmap.as_mut());
                    // Anti-aliasing reaches the pixel around the box.
                    let top = (b.top().floor() - 1.0).max(0.0) as usize;
                    let bottom = (b.bottom().ceil() + 1.0).max(0.0) as usize;
                    for row in dirty.iter_mut().take(bottom).skip(top) {
                        *row = true;
                    }
                }
            }
        }
    }
}

/// The premultiplied RGBA of `#rrggbb` (black for anything else: the design's
/// colours are all of that form).
fn rgba(hex: &str) -> [u8; 4] {
    let channel = |i: usize| {
        hex.get(1 + 2 * i..3 + 2 * i)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    [channel(0), channel(1), channel(2), 255]
}

/// A group that only groups: what it holds can be drawn node by node.
fn is_plain(group: &usvg::Group) -> bool {
    group.transform().is_identity()
        && group.opacity() == usvg::Opacity::ONE
        && group.blend_mode() == usvg::BlendMode::Normal
        && !group.isolate()
        && group.clip_path().is_none()
        && group.mask().is_none()
        && group.filters().is_empty()
}

/// Draws the site-wide card: `site` large, `description` under it, in the style of the
/// post cards.
pub fn render_site_card(
    renderer: &CardRenderer,
    site: &str,
    description: &str,
) -> Result<Vec<u8>, String> {
    renderer.render_scene(&renderer.site_scene(site, description))
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

    /// The RGB pixels of a card's PNG, decoded with the `png` crate.
    fn decode(png: &[u8]) -> Vec<u8> {
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.color_type, ::png::ColorType::Rgb);
        pixels
    }

    fn rgb(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
        pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    /// `scene` drawn on (a copy of) the background, as a card is.
    fn painted(r: &CardRenderer, scene: &Scene) -> tiny_skia::Pixmap {
        let mut pixmap = r.background.clone();
        r.paint(scene, &mut pixmap, &mut [false; CARD_HEIGHT as usize])
            .unwrap();
        pixmap
    }

    #[test]
    fn glyphs_from_the_cache_land_where_resvg_draws_them() {
        let r = renderer();
        let long = CardText {
            title: "Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available",
            ..sample()
        };
        let scenes = [
            r.post_scene(&sample()),
            r.post_scene(&long),
            r.site_scene("Python Insider", "News from the Python core developers"),
        ];
        for scene in scenes {
            let ours = painted(r, &scene);
            let mut theirs = r.background.clone();
            let tree = r.parse(&scene.svg()).unwrap();
            resvg::render(
                &tree,
                tiny_skia::Transform::identity(),
                &mut theirs.as_mut(),
            );
            let (ours, theirs) = (rgb(&ours), rgb(&theirs));
            let inked = theirs
                .iter()
                .zip(rgb(&r.background))
                .filter(|(a, b)| **a != *b)
                .count();
            let mut differing = 0;
            for (a, b) in ours.iter().zip(&theirs) {
                // A baseline put on a whole pixel moves an edge by half a pixel at most.
                assert!(a.abs_diff(*b) <= 160, "{a} against {b}");
                differing += usize::from(a != b);
            }
            assert!(inked > 10_000, "the text is drawn: {inked}");
            assert!(
                differing * 3 < inked,
                "{differing} of {inked} inked bytes differ"
            );
        }
    }

    #[test]
    fn the_png_holds_exactly_the_pixels_drawn() {
        let r = renderer();
        let tall = CardText {
            title: &"Wörds ".repeat(40),
            tags: &["a", "b", "c"],
            ..sample()
        };
        for text in [sample(), tall] {
            let drawn = painted(r, &r.post_scene(&text));
            assert_eq!(decode(&r.render(&text).unwrap()), rgb(&drawn));
        }
        let site = render_site_card(r, "Python Insider", "News").unwrap();
        assert_eq!(
            decode(&site),
            rgb(&painted(r, &r.site_scene("Python Insider", "News")))
        );
    }

    #[test]
    fn a_card_leaves_nothing_behind_for_the_next() {
        let r = renderer();
        let first = r.render(&sample()).unwrap();
        let other = CardText {
            title: &"Another title, long enough to fill three lines of the card ".repeat(3),
            ..sample()
        };
        r.render(&other).unwrap();
        assert_eq!(r.render(&sample()).unwrap(), first);
        // Another renderer on the same thread, with a logo, then this one again.
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="red"/></svg>"#;
        let logo = CardLogo::new("logo.svg", svg.to_vec()).unwrap();
        let with_logo = CardRenderer::new(Some(&logo)).unwrap();
        assert_ne!(with_logo.render(&sample()).unwrap(), first);
        assert_eq!(r.render(&sample()).unwrap(), first);
    }

    #[test]
    fn renderer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CardRenderer>();
    }
}
