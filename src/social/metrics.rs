//! Measuring text with the card font's own glyph advances: widths, wrapping, balancing
//! and cutting lines to fit.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::svg::clean;

/// Glyph advances of one font, for measuring text.
pub(super) struct Metrics {
    font: FontRef<'static>,
    units_per_em: f32,
    /// Advances, in font units, of U+0000 to U+24FF (Latin, Greek, Cyrillic,
    /// punctuation, symbols…), looked up once; [`MISSING`] for characters the font
    /// lacks.
    table: Vec<f32>,
}

/// In [`Metrics::table`]: the font has no glyph for this character.
const MISSING: f32 = -1.0;

const TABLE_LEN: u32 = 0x2500;

impl Metrics {
    pub(super) fn new(data: &'static [u8]) -> Result<Self, String> {
        let font = FontRef::new(data)
            .map_err(|e| format!("social cards: an embedded font could not be read: {e}"))?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        let mut metrics = Self {
            font,
            units_per_em,
            table: Vec::new(),
        };
        metrics.table = (0..TABLE_LEN)
            .map(|c| char::from_u32(c).map_or(MISSING, |c| metrics.lookup(c)))
            .collect();
        Ok(metrics)
    }

    /// The advance of `c` in font units, or [`MISSING`].
    pub(super) fn lookup(&self, c: char) -> f32 {
        match self.font.charmap().map(c) {
            Some(gid) => self
                .font
                .glyph_metrics(Size::unscaled(), LocationRef::default())
                .advance_width(gid)
                .unwrap_or(0.0),
            None => MISSING,
        }
    }

    /// The advance of `c` in font units, or [`MISSING`].
    pub(super) fn advance(&self, c: char) -> f32 {
        match self.table.get(c as usize) {
            Some(&advance) => advance,
            None => self.lookup(c),
        }
    }

    /// `text` without the characters this font has no glyph for (emoji, CJK…), which
    /// would otherwise be drawn as the font's "missing" box, and with the spaces tidied.
    pub(super) fn drawable(&self, text: &str) -> String {
        let kept: String = text
            .chars()
            .filter(|&c| self.advance(c) != MISSING)
            .collect();
        clean(&kept)
    }

    /// Width of `text` at `size` px with `tracking` px after each character. Kerning is
    /// left out, which in Inter only makes the estimate a little wide.
    pub(super) fn width(&self, text: &str, size: f32, tracking: f32) -> f32 {
        let (units, count) = text.chars().fold((0.0, 0usize), |(units, count), c| {
            (units + self.advance(c).max(0.0), count + 1)
        });
        units * size / self.units_per_em + tracking * count as f32
    }

    /// `text` cut with "…" to at most `max` px wide, and its width.
    pub(super) fn fit(&self, text: &str, size: f32, tracking: f32, max: f32) -> (String, f32) {
        let width = self.width(text, size, tracking);
        if width <= max {
            return (text.to_string(), width);
        }
        let mut cut = text.to_string();
        self.add_ellipsis(&mut cut, size, tracking, max);
        let width = self.width(&cut, size, tracking);
        (cut, width)
    }

    /// Shortens `line` until it fits `max` px with "…" after it, and adds the "…".
    /// Whole words go when that leaves most of the line, else the last word is cut.
    pub(super) fn add_ellipsis(&self, line: &mut String, size: f32, tracking: f32, max: f32) {
        let room = max - self.width("…", size, tracking);
        let mut width = self.width(line, size, tracking);
        let mut next = None;
        while width > room {
            match line.pop() {
                Some(c) => {
                    width -= self.width(c.encode_utf8(&mut [0; 4]), size, tracking);
                    next = Some(c);
                }
                None => break,
            }
        }
        let mid_word = next.is_some_and(|c| !c.is_whitespace())
            && line.ends_with(|c: char| !c.is_whitespace());
        if mid_word
            && let Some(space) = line.rfind(' ')
            && space >= line.len() / 2
        {
            line.truncate(space);
        }
        // Don't leave "word ,…" or "word …".
        while line.ends_with(|c: char| c.is_whitespace() || ",;:-–—".contains(c)) {
            line.pop();
        }
        line.push('…');
    }

    /// Greedy word wrap of `text` into at most `max_lines` lines of at most `max` px.
    /// Returns the lines and whether it all fit without cutting the text or breaking a
    /// word; when it didn't, the last line ends in "…" and over-long words are broken.
    pub(super) fn wrap(
        &self,
        text: &str,
        size: f32,
        tracking: f32,
        max: f32,
        max_lines: usize,
    ) -> (Vec<String>, bool) {
        let space = self.width(" ", size, tracking);
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        let mut clean_fit = true;
        let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
        for word in words.by_ref() {
            let word_w = self.width(word, size, tracking);
            if line.is_empty() && word_w <= max {
                line.push_str(word);
                line_w = word_w;
            } else if !line.is_empty() && line_w + space + word_w <= max {
                line.push(' ');
                line.push_str(word);
                line_w += space + word_w;
            } else if word_w <= max {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
                line_w = word_w;
            } else {
                // A word wider than a line (a URL, a long identifier): break it anywhere.
                clean_fit = false;
                if !line.is_empty() {
                    line.push(' ');
                    line_w += space;
                }
                for c in word.chars() {
                    let c_w = self.width(c.encode_utf8(&mut [0; 4]), size, tracking);
                    if line_w + c_w > max && !line.trim_end().is_empty() {
                        lines.push(std::mem::take(&mut line).trim_end().to_string());
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += c_w;
                }
            }
            if lines.len() >= max_lines {
                break;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        if lines.len() > max_lines || words.peek().is_some() {
            clean_fit = false;
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                self.add_ellipsis(last, size, tracking, max);
            }
        }
        (lines, clean_fit)
    }

    /// Re-wraps `lines` (a clean wrap of `text` at the full width) to the narrowest
    /// width that still takes as many lines, so the lines come out of even length and
    /// the last one is not a lone word.
    pub(super) fn balance(
        &self,
        text: &str,
        size: f32,
        tracking: f32,
        lines: Vec<String>,
    ) -> Vec<String> {
        if lines.len() < 2 {
            return lines;
        }
        let count = lines.len();
        let widest = |lines: &[String]| {
            lines
                .iter()
                .map(|l| self.width(l, size, tracking))
                .fold(0.0, f32::max)
        };
        let (mut lo, mut hi) = (widest(&lines) / count as f32, widest(&lines));
        let mut best = lines;
        for _ in 0..10 {
            let mid = (lo + hi) / 2.0;
            let (wrapped, clean_fit) = self.wrap(text, size, tracking, mid, count);
            if clean_fit && wrapped.len() == count {
                hi = widest(&wrapped);
                best = wrapped;
            } else {
                lo = mid;
            }
            if hi - lo < 4.0 {
                break;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::renderer;

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
}
