//! The site's logo on its social cards: read once (SVG through `usvg`, PNG through the
//! `png` crate) and drawn on a white tile at the top left of the background every card
//! shares, so a card costs no more with a logo than without.

use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use super::cache::key_of;

/// The white tile the logo sits on (so that a dark logo shows on the blue card): its
/// side, corner radius and the logo's inset, in pixels.
pub(super) const TILE: f32 = 64.0;
pub(super) const TILE_RADIUS: f32 = 14.0;
const TILE_INSET: f32 = 8.0;
/// The largest logo decoded, in pixels a side: a card shows it 48 pixels high.
const MAX_SIDE: u32 = 4096;

/// What a logo file holds, as far as cards are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
}

/// A site's logo, for its cards.
#[derive(Debug, Clone)]
pub struct CardLogo {
    format: Format,
    bytes: Arc<[u8]>,
    /// The logo's name under `static/`, for messages.
    name: String,
    /// A digest of its bytes, part of every card's cache key.
    key: String,
}

impl CardLogo {
    /// The logo at `name` (its path under `static/`) with its bytes, or None when it
    /// is in a format cards do not draw (JPEG, GIF, WebP, ICO: the cards are then drawn
    /// without it).
    pub fn new(name: &str, bytes: Vec<u8>) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let format = if lower.ends_with(".svg") {
            Format::Svg
        } else if lower.ends_with(".png") {
            Format::Png
        } else {
            return None;
        };
        Some(Self {
            format,
            key: key_of(&[b"card logo", &bytes]),
            bytes: bytes.into(),
            name: name.to_string(),
        })
    }

    /// Whether the logo can be drawn (it is read and drawn on a tile of its own):
    /// checked once, so that a broken logo is one error, not one for every card.
    pub fn check(&self) -> Result<(), String> {
        let side = TILE.ceil() as u32;
        let mut tile = tiny_skia::Pixmap::new(side, side).ok_or("cannot allocate an image")?;
        self.draw(&mut tile, 0.0, 0.0)
    }

    /// A digest of the logo's bytes, the same on every run.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Draws the logo into the tile whose top left corner is at (`x`, `y`).
    pub(super) fn draw(
        &self,
        pixmap: &mut tiny_skia::Pixmap,
        x: f32,
        y: f32,
    ) -> Result<(), String> {
        let fail = |e: String| format!("the logo static/{} cannot be drawn: {e}", self.name);
        let inner = TILE - 2.0 * TILE_INSET;
        // Scaled to fit the tile's inside, centred.
        let place = |w: f32, h: f32| {
            let scale = (inner / w).min(inner / h);
            let tx = x + TILE_INSET + (inner - w * scale) / 2.0;
            let ty = y + TILE_INSET + (inner - h * scale) / 2.0;
            tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, tx, ty)
        };
        match self.format {
            Format::Svg => {
                let tree = usvg::Tree::from_data(&self.bytes, &svg_options())
                    .map_err(|e| fail(e.to_string()))?;
                let size = tree.size();
                resvg::render(
                    &tree,
                    place(size.width(), size.height()),
                    &mut pixmap.as_mut(),
                );
            }
            Format::Png => {
                let image = decode_png(&self.bytes).map_err(fail)?;
                let paint = tiny_skia::PixmapPaint {
                    quality: tiny_skia::FilterQuality::Bicubic,
                    ..tiny_skia::PixmapPaint::default()
                };
                let transform = place(image.width() as f32, image.height() as f32);
                pixmap.draw_pixmap(0, 0, image.as_ref(), &paint, transform, None);
            }
        }
        Ok(())
    }
}

/// How a logo's SVG is read: nothing it refers to is loaded (no file, no other image),
/// so a logo cannot bring anything from outside the site onto a card.
fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// A PNG as a pixmap, any colour type and depth.
fn decode_png(bytes: &[u8]) -> Result<tiny_skia::Pixmap, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "it is {w}×{h} pixels; use one at most {MAX_SIDE} pixels a side (a card shows it 48 high)"
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "it is too large".to_string())?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("its palette could not be expanded".into()),
    };
    let mut pixmap = tiny_skia::Pixmap::new(info.width, info.height)
        .ok_or_else(|| "it has no pixels".to_string())?;
    let rows = buf.chunks(info.line_size).take(info.height as usize);
    let pixels = rows.flat_map(|row| row.chunks_exact(channels).take(info.width as usize));
    for (px, out) in pixels.zip(pixmap.pixels_mut()) {
        let (r, g, b, a) = match *px {
            [v] => (v, v, v, 255),
            [v, a] => (v, v, v, a),
            [r, g, b] => (r, g, b, 255),
            _ => (px[0], px[1], px[2], px[3]),
        };
        *out = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
    }
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::social::{CardRenderer, testing::sample};

    /// A PNG of `w`×`h` pixels of one colour, in `color` (bytes per pixel to match).
    fn png_of(color: png::ColorType, px: &[u8], w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        if color == png::ColorType::Indexed {
            enc.set_palette(vec![200u8, 30, 40]);
        }
        let mut writer = enc.write_header().unwrap();
        writer
            .write_image_data(&px.repeat((w * h) as usize))
            .unwrap();
        writer.finish().unwrap();
        out
    }

    /// The colour at (x, y) of a logo drawn on its own tile (white around it).
    fn drawn(logo: &CardLogo, x: u32, y: u32) -> [u8; 4] {
        let side = TILE as u32;
        let mut tile = tiny_skia::Pixmap::new(side, side).unwrap();
        tile.fill(tiny_skia::Color::WHITE);
        logo.draw(&mut tile, 0.0, 0.0).unwrap();
        let p = tile.pixel(x, y).unwrap().demultiply();
        [p.red(), p.green(), p.blue(), p.alpha()]
    }

    #[test]
    fn svg_and_png_logos_of_every_colour_type_are_drawn_in_the_tile() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c81e28"/></svg>"##;
        let logos = [
            CardLogo::new("logo.svg", svg.to_vec()).unwrap(),
            CardLogo::new(
                "a/Logo.PNG",
                png_of(png::ColorType::Rgba, &[200, 30, 40, 255], 20, 10),
            )
            .unwrap(),
            CardLogo::new(
                "logo.png",
                png_of(png::ColorType::Rgb, &[200, 30, 40], 3, 3),
            )
            .unwrap(),
            CardLogo::new("logo.png", png_of(png::ColorType::Indexed, &[0], 5, 5)).unwrap(),
        ];
        for logo in &logos {
            logo.check().unwrap();
            // The middle is the logo's red; the inset around it stays white.
            let [r, g, b, _] = drawn(logo, 32, 32);
            assert!(r > 180 && g < 60 && b < 60, "{logo:?}: {r} {g} {b}");
            assert_eq!(drawn(logo, 2, 32), [255, 255, 255, 255], "{logo:?}");
        }
        let grey = CardLogo::new("g.png", png_of(png::ColorType::Grayscale, &[0], 4, 4)).unwrap();
        assert_eq!(drawn(&grey, 32, 32), [0, 0, 0, 255]);
    }

    #[test]
    fn other_formats_are_left_out_and_broken_logos_are_one_error() {
        assert!(CardLogo::new("logo.jpg", vec![0xff, 0xd8]).is_none());
        assert!(CardLogo::new("logo.webp", Vec::new()).is_none());
        let broken = CardLogo::new("logo.svg", b"<svg".to_vec()).unwrap();
        let e = broken.check().unwrap_err();
        assert!(
            e.starts_with("the logo static/logo.svg cannot be drawn"),
            "{e}"
        );
        let broken = CardLogo::new("logo.png", b"\x89PNG\r\n\x1a\nnot".to_vec()).unwrap();
        assert!(broken.check().is_err());
    }

    #[test]
    fn a_logo_loads_nothing_it_refers_to() {
        let dir = tempfile::tempdir().unwrap();
        let red = dir.path().join("red.svg");
        std::fs::write(&red, br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>"#).unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
            red.display()
        );
        let logo = CardLogo::new("logo.svg", svg.into_bytes()).unwrap();
        assert_eq!(drawn(&logo, 32, 32), [255, 255, 255, 255]);
    }

    #[test]
    fn cards_with_a_logo_differ_and_have_their_own_cache_keys() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#306998"/></svg>"##;
        let logo = CardLogo::new("logo.svg", svg.to_vec()).unwrap();
        let with = CardRenderer::new(Some(&logo)).unwrap();
        let without = CardRenderer::new(None).unwrap();
        let text = sample();
        assert_ne!(with.render(&text).unwrap(), without.render(&text).unwrap());
        let keyed = crate::social::CardText {
            logo: logo.key(),
            ..text
        };
        assert_ne!(
            CardRenderer::cache_key(&keyed),
            CardRenderer::cache_key(&text)
        );
        assert_ne!(
            CardRenderer::site_cache_key("S", "d", logo.key()),
            CardRenderer::site_cache_key("S", "d", "")
        );
        let other = CardLogo::new("logo.svg", [svg.as_slice(), b" "].concat()).unwrap();
        assert_ne!(other.key(), logo.key());
    }
}
