//! A card's text drawn from glyphs rasterized once. `shape` places the glyphs; instead of
//! filling every glyph's outline again on every card, each glyph is rasterized once per font, size
//! and quarter-pixel horizontal position into a coverage mask, and cards composite the
//! masks. Baselines are put on whole pixels, which no one can see and which keeps one
//! mask per horizontal position.
//!
//! The title is most of a card's pixels and takes one of seven sizes, so after the
//! first few hundred cards almost every glyph is found drawn.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use resvg::tiny_skia;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};

use super::shape::{Face, Placed};

/// Horizontal positions per pixel a glyph is drawn at.
const STEPS: f32 = 4.0;

/// Glyphs kept at most; past it, glyphs are drawn without being kept (a site whose
/// titles use thousands of characters still builds, only slower).
const MAX_KEPT: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    /// The face's index in [`Face::ALL`].
    face: usize,
    glyph: u32,
    /// The scale from font units to pixels, as bits.
    scale: u32,
    /// Quarter pixels right of the whole pixel.
    step: u8,
}

/// A rasterized glyph: coverage (0–255) of `width`×`height` pixels, whose top left is
/// `left`, `top` pixels from the glyph's origin.
#[derive(Debug, Default)]
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
}

/// The cache of rasterized glyphs of the card fonts; shared by the threads drawing.
pub(super) struct Glyphs {
    /// The faces, in [`Face::ALL`]'s order.
    faces: Vec<FontRef<'static>>,
    kept: RwLock<HashMap<Key, Arc<Mask>>>,
}

impl Glyphs {
    pub(super) fn new() -> Result<Self, String> {
        let faces = (Face::ALL.into_iter())
            .map(super::shape::font)
            .collect::<Result<_, _>>()?;
        Ok(Self {
            faces,
            kept: RwLock::default(),
        })
    }

    /// Draws `glyphs` on `pixmap`, each in the colour of its span in `colours`
    /// (premultiplied RGBA), marking the rows it drew on in `dirty`. A glyph that is not
    /// upright (never, for a line placed by [`super::shape::place`]) is left out.
    pub(super) fn draw(
        &self,
        glyphs: &[Placed],
        colours: &[[u8; 4]],
        pixmap: &mut tiny_skia::Pixmap,
        dirty: &mut [bool],
    ) {
        for glyph in glyphs {
            let ts = glyph.transform;
            let upright = ts.kx == 0.0
                && ts.ky == 0.0
                && ts.sx > 0.0
                && (ts.sx + ts.sy).abs() <= ts.sx * 1e-4;
            let Some(&colour) = colours.get(glyph.span) else {
                continue;
            };
            if !upright {
                continue;
            }
            let scaled = (ts.tx * STEPS).round();
            let x = (scaled / STEPS).floor();
            let key = Key {
                face: glyph.face.index(),
                glyph: glyph.glyph,
                scale: ts.sx.to_bits(),
                step: (scaled - x * STEPS) as u8,
            };
            let mask = self.mask(key);
            let at = (x as i32, ts.ty.round() as i32);
            composite(pixmap, dirty, &mask, at, colour);
        }
    }

    /// The mask of `key`, rasterized now if it is not kept yet.
    fn mask(&self, key: Key) -> Arc<Mask> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        if let Some(mask) = kept.get(&key) {
            return Arc::clone(mask);
        }
        let full = kept.len() >= MAX_KEPT;
        drop(kept);
        let mask = Arc::new(self.rasterize(key));
        if !full {
            let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
            kept.entry(key).or_insert_with(|| Arc::clone(&mask));
        }
        mask
    }

    /// Fills the outline of the glyph `key` names, anti-aliased, as `resvg` would.
    fn rasterize(&self, key: Key) -> Mask {
        let font = &self.faces[key.face];
        let Some(outline) = font.outline_glyphs().get(skrifa::GlyphId::new(key.glyph)) else {
            return Mask::default();
        };
        let mut pen = Pen(tiny_skia::PathBuilder::new());
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        if outline.draw(settings, &mut pen).is_err() {
            return Mask::default();
        }
        let scale = f32::from_bits(key.scale);
        let dx = f32::from(key.step) / STEPS;
        let transform = tiny_skia::Transform::from_row(scale, 0.0, 0.0, -scale, dx, 0.0);
        let Some(path) = pen.0.finish().and_then(|p| p.transform(transform)) else {
            return Mask::default();
        };
        let bounds = path.bounds();
        let (left, top) = (bounds.left().floor() - 1.0, bounds.top().floor() - 1.0);
        let width = (bounds.right().ceil() + 1.0 - left) as u32;
        let height = (bounds.bottom().ceil() + 1.0 - top) as u32;
        let Some(mut mask) = tiny_skia::Mask::new(width, height) else {
            return Mask::default();
        };
        mask.fill_path(
            &path,
            tiny_skia::FillRule::Winding,
            true,
            tiny_skia::Transform::from_translate(-left, -top),
        );
        Mask {
            left: left as i32,
            top: top as i32,
            width: width as usize,
            height: height as usize,
            coverage: mask.data().to_vec(),
        }
        .trimmed()
    }
}

impl Mask {
    /// The mask without its rows and columns of no coverage at the edges (the margin
    /// left for anti-aliasing, and more where it reached nothing): each row a card
    /// composites is a row its PNG filters again.
    fn trimmed(self) -> Self {
        let row = |y: usize| &self.coverage[y * self.width..][..self.width];
        let inked = |y: &usize| row(*y).iter().any(|&c| c != 0);
        let (Some(first), Some(last)) = (
            (0..self.height).find(inked),
            (0..self.height).rev().find(inked),
        ) else {
            return Self::default();
        };
        let rows = first..=last;
        let column = |x: usize| rows.clone().any(|y| row(y)[x] != 0);
        let (Some(left), Some(right)) = (
            (0..self.width).find(|&x| column(x)),
            (0..self.width).rev().find(|&x| column(x)),
        ) else {
            return Self::default();
        };
        let coverage = rows
            .clone()
            .flat_map(|y| &row(y)[left..=right])
            .copied()
            .collect();
        Self {
            left: self.left + left as i32,
            top: self.top + first as i32,
            width: right - left + 1,
            height: last - first + 1,
            coverage,
        }
    }
}

/// Draws `colour` (premultiplied) through `mask` with its origin at `x`, `y`, source
/// over, clipped to the pixmap; marks the rows it drew on in `dirty`.
fn composite(
    pixmap: &mut tiny_skia::Pixmap,
    dirty: &mut [bool],
    mask: &Mask,
    (x, y): (i32, i32),
    colour: [u8; 4],
) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let left = x + mask.left;
    // The columns of the mask that fall on the pixmap.
    let first = (-left).clamp(0, mask.width as i32) as usize;
    let last = (pw - left).clamp(0, mask.width as i32) as usize;
    if first >= last {
        return;
    }
    let data = pixmap.data_mut();
    #[cfg(target_arch = "x86_64")]
    let avx2 = std::arch::is_x86_feature_detected!("avx2");
    for row in 0..mask.height {
        let py = y + mask.top + row as i32;
        if !(0..ph).contains(&py) {
            continue;
        }
        dirty[py as usize] = true;
        let cov = &mask.coverage[row * mask.width..][first..last];
        let start = (py as usize * pw as usize + (left + first as i32) as usize) * 4;
        let dst = &mut data[start..start + cov.len() * 4];
        #[cfg(target_arch = "x86_64")]
        if avx2 {
            // SAFETY: the CPU has AVX2, asked above.
            unsafe { x86::blend(dst, cov, colour) };
            continue;
        }
        blend(dst, cov, colour);
    }
}

/// Draws `colour` (premultiplied RGBA) source over the pixels `dst` through the
/// coverage `cov`, one byte a pixel.
#[inline(always)]
fn blend(dst: &mut [u8], cov: &[u8], colour: [u8; 4]) {
    if colour[3] == 255 {
        blend_opaque(dst, cov, colour);
        return;
    }
    let alpha = u32::from(colour[3]);
    for (px, &c) in dst.chunks_exact_mut(4).zip(cov) {
        let c = u32::from(c);
        // d + s × coverage − d × αs × coverage, in 0–255 fixed point.
        let keep = 255 * 255 - alpha * c;
        for (d, s) in px.iter_mut().zip(colour) {
            let v = u32::from(s) * c * 255 + u32::from(*d) * keep;
            *d = ((v + 255 * 255 / 2) / (255 * 255)) as u8;
        }
    }
}

/// [`blend`] of an opaque colour: s × coverage + d × (255 − coverage), divided by 255
/// and rounded, the same numbers as the general case's without a branch or a division,
/// so that the compiler can use vectors.
#[inline(always)]
fn blend_opaque(dst: &mut [u8], cov: &[u8], colour: [u8; 4]) {
    for (px, &c) in dst.chunks_exact_mut(4).zip(cov) {
        let (c, keep) = (u16::from(c), 255 - u16::from(c));
        for (d, s) in px.iter_mut().zip(colour) {
            *d = div255(u16::from(s) * c + u16::from(*d) * keep + 127);
        }
    }
}

/// `w / 255`, rounded down, for `w` up to 65,152 (the largest [`blend_opaque`] makes),
/// in 16 bits: `w + 1 + w / 256` is then below 65,536.
#[inline(always)]
fn div255(w: u16) -> u8 {
    ((w + 1 + (w >> 8)) >> 8) as u8
}

/// [`blend`] compiled for CPUs with AVX2.
#[cfg(target_arch = "x86_64")]
mod x86 {
    #[target_feature(enable = "avx2")]
    pub(super) fn blend(dst: &mut [u8], cov: &[u8], colour: [u8; 4]) {
        super::blend(dst, cov, colour);
    }
}

/// Collects a glyph's outline, in font units, as a path.
struct Pen(tiny_skia::PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_trimmed_to_their_ink() {
        let mask = Mask {
            left: -2,
            top: -10,
            width: 4,
            height: 4,
            coverage: vec![0, 0, 0, 0, 0, 0, 7, 0, 0, 9, 0, 0, 0, 0, 0, 0],
        }
        .trimmed();
        assert_eq!(
            (mask.left, mask.top, mask.width, mask.height),
            (-1, -9, 2, 2)
        );
        assert_eq!(mask.coverage, [0, 7, 9, 0]);
        let blank = Mask {
            width: 2,
            height: 1,
            coverage: vec![0, 0],
            ..Mask::default()
        };
        assert_eq!(blank.trimmed().coverage, [0u8; 0]);
    }

    #[test]
    fn div255_divides_every_sum_blending_makes() {
        for w in 0..=65_152u16 {
            assert_eq!(u32::from(div255(w)), u32::from(w) / 255, "{w}");
        }
    }

    #[test]
    fn opaque_colours_blend_as_the_general_formula() {
        // The general formula with the colour's alpha, for any colour.
        let general = |s: u8, d: u8, c: u8, alpha: u8| {
            let (c, alpha) = (u32::from(c), u32::from(alpha));
            let v = u32::from(s) * c * 255 + u32::from(d) * (255 * 255 - alpha * c);
            ((v + 255 * 255 / 2) / (255 * 255)) as u8
        };
        let coverage: Vec<u8> = (0..=255).collect();
        for s in (0..=255).step_by(15) {
            for d in 0..=255u8 {
                let mut dst: Vec<u8> = [d, d, d, 255].repeat(256);
                blend(&mut dst, &coverage, [s, s, s, 255]);
                for (c, px) in dst.chunks_exact(4).enumerate() {
                    assert_eq!(px[0], general(s, d, c as u8, 255), "{s} over {d} at {c}");
                    assert_eq!(px[3], 255);
                }
            }
        }
        // A translucent colour takes the general path.
        let mut dst = [200, 100, 0, 255];
        blend(&mut dst, &[128], [64, 64, 64, 128]);
        assert_eq!(dst[0], general(64, 200, 128, 128));
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_blend_is_the_portable_one() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let coverage: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for colour in [[255, 255, 255, 255], [255, 212, 59, 255], [40, 30, 20, 128]] {
            let mut ours: Vec<u8> = (0..coverage.len() * 4).map(|i| (i * 7) as u8).collect();
            let mut theirs = ours.clone();
            blend(&mut ours, &coverage, colour);
            // SAFETY: the CPU has AVX2, asked above.
            unsafe { x86::blend(&mut theirs, &coverage, colour) };
            assert_eq!(ours, theirs);
        }
    }
}
