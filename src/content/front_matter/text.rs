//! Positions in a text: from a byte offset (TOML's spans) or a character index (YAML's
//! error markers) to a 1-based line and column in characters.
//!
//! Lines end as YAML 1.2 ends them: `\r\n`, `\r` and `\n` each end one (TOML allows
//! only the first and last). An offset past the end is the end of the text: an error
//! found at the end of a text without a final line break is on its last line.

use super::Position;

/// The starts of the lines of a text, to turn many offsets into positions without
/// walking the text from its start each time.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        Self { text, starts }
    }

    /// The position of byte `offset` (the end of the text when past it, the start of
    /// its character when inside one).
    pub(super) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Position {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

/// The position of the character at `index` (counted in characters from 0).
pub(super) fn position_of_char(text: &str, index: usize) -> Position {
    let offset = text
        .char_indices()
        .nth(index)
        .map_or(text.len(), |(i, _)| i);
    LineIndex::new(text).position(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        let t = "ab\r\ncé\rd\n";
        let i = LineIndex::new(t);
        assert_eq!(i.position(0), at(1, 1));
        assert_eq!(i.position(2), at(1, 3));
        assert_eq!(i.position(4), at(2, 1));
        assert_eq!(i.position(7), at(2, 3));
        assert_eq!(i.position(8), at(3, 1));
        assert_eq!(i.position(10), at(4, 1));
        assert_eq!(i.position(99), at(4, 1));
        // Inside a character: its start.
        assert_eq!(i.position(6), at(2, 2));
        assert_eq!(position_of_char(t, 6), at(2, 3));
        assert_eq!(position_of_char("x\ny", 3), at(2, 2));
    }
}
