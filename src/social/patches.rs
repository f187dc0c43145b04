//! The shapes of a card (the dash before the site name, the tag pills) drawn once for
//! each distinct set and kept as the pixels they change. The cards of a site mostly
//! share their tags, so most cards' shapes are the same, and `resvg` filling and
//! stroking a rounded pill took as long as drawing the title's glyphs.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use resvg::tiny_skia::Pixmap;

/// Bytes of pixels kept, past which shapes are drawn without being kept.
const MAX_KEPT_BYTES: usize = 16 << 20;

/// What a set of shapes changes on the background: for each row it changed, the
/// bytes from its first changed pixel to its last.
#[derive(Debug, Default)]
struct Patch {
    rows: Vec<(usize, usize, Vec<u8>)>,
}

impl Patch {
    /// The pixels of `drawn` that differ from `background`, in the rows `touched`.
    fn between(background: &Pixmap, drawn: &Pixmap, touched: &[bool]) -> Self {
        let row_bytes = background.width() as usize * 4;
        let rows = (background.data().chunks_exact(row_bytes))
            .zip(drawn.data().chunks_exact(row_bytes))
            .zip(touched)
            .enumerate()
            .filter(|(_, (_, touched))| **touched)
            .filter_map(|(y, ((before, after), _))| {
                let first = before.iter().zip(after).position(|(a, b)| a != b)?;
                let last = before.iter().zip(after).rposition(|(a, b)| a != b)?;
                // Whole pixels.
                let (start, end) = (first / 4 * 4, last / 4 * 4 + 4);
                Some((y, start, after[start..end].to_vec()))
            })
            .collect();
        Self { rows }
    }

    fn bytes(&self) -> usize {
        self.rows.iter().map(|(_, _, p)| p.len() + 64).sum()
    }

    /// Puts the patch's pixels on `pixmap`, marking their rows in `dirty`.
    fn apply(&self, pixmap: &mut Pixmap, dirty: &mut [bool]) {
        let row_bytes = pixmap.width() as usize * 4;
        let data = pixmap.data_mut();
        for (y, start, pixels) in &self.rows {
            data[y * row_bytes + start..][..pixels.len()].copy_from_slice(pixels);
            dirty[*y] = true;
        }
    }
}

/// Shapes drawn, by the SVG that draws them; shared by the threads drawing cards.
#[derive(Debug, Default)]
pub(super) struct Patches {
    kept: RwLock<HashMap<String, Arc<Patch>>>,
    bytes: AtomicUsize,
}

impl Patches {
    /// Puts the shapes `svg` draws on `pixmap`, which holds `background` as it is:
    /// the pixels kept from the last time, or drawn now by `draw` (which marks the
    /// rows it draws on) and kept. Marks the rows changed in `dirty`.
    pub(super) fn draw(
        &self,
        svg: &str,
        background: &Pixmap,
        pixmap: &mut Pixmap,
        dirty: &mut [bool],
        draw: impl FnOnce(&mut Pixmap, &mut [bool]) -> Result<(), String>,
    ) -> Result<(), String> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        if let Some(patch) = kept.get(svg).map(Arc::clone) {
            drop(kept);
            patch.apply(pixmap, dirty);
            return Ok(());
        }
        drop(kept);
        let mut touched = vec![false; dirty.len()];
        let drawn = draw(pixmap, &mut touched);
        // Marked even when the drawing failed part way, so that the rows are put back.
        for (dirty, touched) in dirty.iter_mut().zip(&touched) {
            *dirty |= *touched;
        }
        drawn?;
        if self.bytes.load(Ordering::Relaxed) >= MAX_KEPT_BYTES {
            return Ok(());
        }
        let patch = Patch::between(background, pixmap, &touched);
        let size = patch.bytes() + svg.len();
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        if let std::collections::hash_map::Entry::Vacant(entry) = kept.entry(svg.to_string()) {
            entry.insert(Arc::new(patch));
            self.bytes.fetch_add(size, Ordering::Relaxed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixmap(fill: u8) -> Pixmap {
        let mut p = Pixmap::new(8, 4).unwrap();
        p.data_mut().fill(fill);
        p
    }

    #[test]
    fn shapes_are_drawn_once_and_put_back_as_drawn() {
        let background = pixmap(10);
        let patches = Patches::default();
        let draws = std::cell::Cell::new(0);
        let draw = |p: &mut Pixmap, rows: &mut [bool]| {
            draws.set(draws.get() + 1);
            // Two pixels of row 1, and row 3 marked though left as it was.
            p.data_mut()[8 * 4 + 8..8 * 4 + 16].fill(200);
            rows[1] = true;
            rows[3] = true;
            Ok(())
        };
        let (mut first, mut first_rows) = (background.clone(), vec![false; 4]);
        patches
            .draw("a", &background, &mut first, &mut first_rows, draw)
            .unwrap();
        let (mut again, mut again_rows) = (background.clone(), vec![false; 4]);
        patches
            .draw("a", &background, &mut again, &mut again_rows, draw)
            .unwrap();
        assert_eq!(draws.get(), 1);
        assert_eq!(first.data(), again.data());
        assert_eq!(first_rows, [false, true, false, true]);
        // Put back, only the rows that changed are marked.
        assert_eq!(again_rows, [false, true, false, false]);
        // Other shapes are drawn.
        let mut other = background.clone();
        patches
            .draw("b", &background, &mut other, &mut [false; 4], draw)
            .unwrap();
        assert_eq!(draws.get(), 2);
    }

    #[test]
    fn a_failed_drawing_is_not_kept_and_its_rows_are_marked() {
        let background = pixmap(0);
        let patches = Patches::default();
        let fail = |p: &mut Pixmap, rows: &mut [bool]| {
            p.data_mut()[..4].fill(9);
            rows[0] = true;
            Err("no".to_string())
        };
        let (mut p, mut rows) = (background.clone(), [false; 4]);
        assert!(
            patches
                .draw("x", &background, &mut p, &mut rows, fail)
                .is_err()
        );
        assert!(patches.kept.read().unwrap().is_empty());
        // The caller puts the marked rows back.
        assert_eq!(rows, [true, false, false, false]);
    }
}
