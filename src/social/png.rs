//! Encoding a drawn card as PNG, and (for tests) checking that a PNG is whole.

use resvg::tiny_skia;

use super::{CARD_HEIGHT, CARD_WIDTH};

/// Encodes cards as 8-bit RGB PNGs (a card is opaque: an alpha channel would carry
/// nothing) with PNG's Paeth filter and `fdeflate`, the fast compressor the `png`
/// crate uses for its fast setting: flat colours compress well without effort.
///
/// Most rows of a card are the background's, which every card shares: their filtered
/// bytes are made once, here, and a card filters only the rows it drew on and the rows
/// under them (a Paeth row depends on the row above).
pub(super) struct CardEncoder {
    /// The background's rows filtered: [`ROW`] bytes each.
    filtered: Vec<u8>,
}

/// Bytes of a row of RGBA pixels.
const RGBA_ROW: usize = CARD_WIDTH as usize * 4;
/// Bytes of a row of RGB pixels.
const RGB_ROW: usize = CARD_WIDTH as usize * 3;
/// Bytes of a filtered row: the filter type, then RGB.
const ROW: usize = 1 + RGB_ROW;

impl CardEncoder {
    /// The encoder of cards drawn on `background`.
    pub(super) fn new(background: &tiny_skia::Pixmap) -> Self {
        let mut filtered = vec![0u8; ROW * CARD_HEIGHT as usize];
        let mut rows = Rows::default();
        for (row, out) in
            (background.data().chunks_exact(RGBA_ROW)).zip(filtered.chunks_exact_mut(ROW))
        {
            rows.next(row);
            rows.paeth(out);
        }
        Self { filtered }
    }

    /// The PNG of `pixmap`, a card drawn on the background, where `dirty` marks the
    /// rows that may differ from the background's.
    pub(super) fn encode(
        &self,
        pixmap: &tiny_skia::Pixmap,
        dirty: &[bool],
    ) -> Result<Vec<u8>, String> {
        let fail = |e: std::io::Error| format!("social card: cannot encode PNG: {e}");
        let mut deflate = fdeflate::Compressor::new(Vec::with_capacity(96 * 1024)).map_err(fail)?;
        let mut rows = Rows::default();
        let mut out = vec![0u8; ROW];
        let mut above_dirty = false;
        let mut above: Option<&[u8]> = None;
        let pixels = pixmap.data().chunks_exact(RGBA_ROW);
        for ((row, filtered), &dirty) in pixels.zip(self.filtered.chunks_exact(ROW)).zip(dirty) {
            if dirty || above_dirty {
                // After rows taken as they were, the row above is loaded first (the
                // first row's is zeros, which `Rows` starts with).
                if let (false, Some(above)) = (rows.holds_above, above) {
                    rows.next(above);
                }
                rows.next(row);
                rows.paeth(&mut out);
                deflate.write_data(&out).map_err(fail)?;
            } else {
                rows.holds_above = false;
                deflate.write_data(filtered).map_err(fail)?;
            }
            above_dirty = dirty;
            above = Some(row);
        }
        let idat = deflate.finish().map_err(fail)?;
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend(CARD_WIDTH.to_be_bytes());
        ihdr.extend(CARD_HEIGHT.to_be_bytes());
        // 8 bits a channel, RGB, deflate, adaptive filtering, no interlace.
        ihdr.extend([8, 2, 0, 0, 0]);
        let mut png = Vec::with_capacity(idat.len() + 64);
        png.extend(b"\x89PNG\r\n\x1a\n");
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &idat);
        chunk(&mut png, b"IEND", &[]);
        Ok(png)
    }
}

/// The row being filtered and the row above it, as RGB.
struct Rows {
    above: Vec<u8>,
    current: Vec<u8>,
    /// Whether `current` holds the row above the next one (false when rows were
    /// skipped since).
    holds_above: bool,
    /// Whether the CPU has AVX2, with which the same code runs about three times as
    /// fast (the binary is built for any x86-64, whose vectors are SSE2's).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    avx2: bool,
}

impl Default for Rows {
    fn default() -> Self {
        Self {
            above: vec![0; RGB_ROW],
            current: vec![0; RGB_ROW],
            holds_above: true,
            #[cfg(target_arch = "x86_64")]
            avx2: std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(not(target_arch = "x86_64"))]
            avx2: false,
        }
    }
}

impl Rows {
    /// Takes the next row (RGBA); the current one becomes the row above.
    fn next(&mut self, rgba: &[u8]) {
        std::mem::swap(&mut self.above, &mut self.current);
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU has AVX2 (`Rows::default` asked it).
            unsafe { x86::to_rgb(rgba, &mut self.current) };
            self.holds_above = true;
            return;
        }
        to_rgb(rgba, &mut self.current);
        self.holds_above = true;
    }

    /// Writes the current row filtered with Paeth.
    fn paeth(&self, out: &mut [u8]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU has AVX2 (`Rows::default` asked it).
            unsafe { x86::paeth(&self.current, &self.above, out) };
            return;
        }
        paeth(&self.current, &self.above, out);
    }
}

/// The same functions for CPUs with AVX2.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::_mm_storeu_si128;
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_setr_epi8, _mm_shuffle_epi8};

    use super::{RGB_ROW, RGBA_ROW};

    /// As [`super::to_rgb`], four pixels at a time: a byte shuffle takes their 16
    /// bytes to 12, written 16 at once (the next block's bytes overwrite the last four).
    #[target_feature(enable = "avx2")]
    pub(super) fn to_rgb(rgba: &[u8], rgb: &mut [u8]) {
        let (rgba, rgb) = (&rgba[..RGBA_ROW], &mut rgb[..RGB_ROW]);
        let keep = _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
        // Every block but the last, whose 16 bytes written would pass the row's end.
        let blocks = RGBA_ROW / 16 - 1;
        for block in 0..blocks {
            let (from, to) = (&rgba[16 * block..][..16], &mut rgb[12 * block..][..16]);
            // SAFETY: `from` and `to` are 16 bytes long (checked by the slicing), and
            // both intrinsics read or write 16 bytes unaligned.
            unsafe {
                let pixels = _mm_loadu_si128(from.as_ptr().cast::<__m128i>());
                let packed = _mm_shuffle_epi8(pixels, keep);
                _mm_storeu_si128(to.as_mut_ptr().cast::<__m128i>(), packed);
            }
        }
        super::to_rgb(&rgba[16 * blocks..], &mut rgb[12 * blocks..]);
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn paeth(cur: &[u8], up: &[u8], out: &mut [u8]) {
        super::paeth(cur, up, out);
    }
}

/// Writes the RGB of the RGBA pixels `rgba` into `rgb`.
fn to_rgb(rgba: &[u8], rgb: &mut [u8]) {
    for (rgb, px) in rgb.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
        rgb.copy_from_slice(&px[..3]);
    }
}

/// Writes the row `cur` (RGB) filtered with Paeth, below `up`, into `out` (the filter
/// type, then the row): each byte less the one of the left, upper or upper-left
/// neighbours nearest to left + upper − upper left.
#[inline(always)]
fn paeth(cur: &[u8], up: &[u8], out: &mut [u8]) {
    out[0] = 4;
    let (cur, up, out) = (&cur[..RGB_ROW], &up[..RGB_ROW], &mut out[1..][..RGB_ROW]);
    for i in 0..3 {
        out[i] = cur[i].wrapping_sub(up[i]);
    }
    // Branch-free, over slices of one length, so that the compiler can use vectors.
    let n = RGB_ROW - 3;
    let (x, b) = (&cur[3..][..n], &up[3..][..n]);
    let (a, c) = (&cur[..n], &up[..n]);
    let out = &mut out[3..][..n];
    for i in 0..n {
        let (a16, b16, c16) = (i16::from(a[i]), i16::from(b[i]), i16::from(c[i]));
        let pa = (b16 - c16).abs();
        let pb = (a16 - c16).abs();
        let pc = (a16 + b16 - 2 * c16).abs();
        let b_or_c = if pb <= pc { b16 } else { c16 };
        let predicted = if pa <= pb && pa <= pc { a16 } else { b_or_c };
        out[i] = x[i].wrapping_sub(predicted as u8);
    }
}

/// Appends a PNG chunk: length, type, data, CRC of type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    png.extend(len.to_be_bytes());
    png.extend(kind);
    png.extend(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    png.extend(crc.finalize().to_be_bytes());
}

/// Whether `bytes` is a whole PNG of a card's size: the signature, an IHDR chunk of
/// 1200×630 first, every chunk whole with a correct CRC, and IEND last. (Tests check
/// the encoder with it; the cache trusts its files, which are renamed into place whole.)
#[cfg(test)]
pub(super) fn is_complete_card(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(mut rest) = bytes.strip_prefix(SIGNATURE) else {
        return false;
    };
    let mut first = true;
    loop {
        if rest.len() < 12 {
            return false;
        }
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if rest.len() - 12 < len {
            return false;
        }
        let (kind_and_data, tail) = rest[4..].split_at(4 + len);
        let crc = u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]);
        if crc32fast::hash(kind_and_data) != crc {
            return false;
        }
        let (kind, data) = kind_and_data.split_at(4);
        if first {
            let size_ok = kind == b"IHDR"
                && data.len() == 13
                && data[..4] == CARD_WIDTH.to_be_bytes()
                && data[4..8] == CARD_HEIGHT.to_be_bytes();
            if !size_ok {
                return false;
            }
            first = false;
        }
        rest = &tail[4..];
        if kind == b"IEND" {
            return rest.is_empty();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of every kind of byte: noise, flat runs, and steps of every size.
    fn rows() -> Vec<Vec<u8>> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut noise = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        };
        let mut rows = vec![vec![0u8; RGBA_ROW], vec![255u8; RGBA_ROW]];
        rows.push((0..RGBA_ROW).map(|_| noise()).collect());
        rows.push((0..RGBA_ROW).map(|i| (i / 7 * 37) as u8).collect());
        rows.push((0..RGBA_ROW).map(|_| noise() & 0x81).collect());
        rows
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_filter_is_the_portable_one() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let rows = rows();
        for above in &rows {
            for row in &rows {
                let (mut up, mut cur) = (vec![0; RGB_ROW], vec![0; RGB_ROW]);
                let (mut up2, mut cur2) = (vec![0; RGB_ROW], vec![0; RGB_ROW]);
                to_rgb(above, &mut up);
                to_rgb(row, &mut cur);
                // SAFETY: the CPU has AVX2, asked above.
                unsafe {
                    x86::to_rgb(above, &mut up2);
                    x86::to_rgb(row, &mut cur2);
                }
                assert_eq!((&up, &cur), (&up2, &cur2));
                let (mut out, mut out2) = (vec![0; ROW], vec![0; ROW]);
                paeth(&cur, &up, &mut out);
                // SAFETY: as above.
                unsafe { x86::paeth(&cur, &up, &mut out2) };
                assert_eq!(out, out2);
            }
        }
    }

    #[test]
    fn paeth_predicts_from_the_nearest_neighbour() {
        // One pixel's channel after a left neighbour a, above b, above-left c.
        let filtered = |a: u8, b: u8, c: u8, x: u8| {
            let (mut up, mut cur) = (vec![0; RGB_ROW], vec![0; RGB_ROW]);
            (up[0], up[3], cur[0], cur[3]) = (c, b, a, x);
            let mut out = vec![0; ROW];
            paeth(&cur, &up, &mut out);
            out[4]
        };
        // The PNG specification's predictor: p = a + b − c, the nearest of a, b, c,
        // ties in that order.
        for (a, b, c) in [
            (10, 20, 30),
            (200, 100, 50),
            (7, 7, 7),
            (0, 255, 128),
            (255, 0, 0),
        ] {
            let p = i16::from(a) + i16::from(b) - i16::from(c);
            let (pa, pb, pc) = (
                (p - i16::from(a)).abs(),
                (p - i16::from(b)).abs(),
                (p - i16::from(c)).abs(),
            );
            let predicted = if pa <= pb && pa <= pc {
                a
            } else if pb <= pc {
                b
            } else {
                c
            };
            assert_eq!(
                filtered(a, b, c, 99),
                99u8.wrapping_sub(predicted),
                "{a} {b} {c}"
            );
        }
    }
}
