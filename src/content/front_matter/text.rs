//! Positions in a text: from a byte offset (TOML's spans) or a character index (YAML's
//! markers) to a 1-based line and column in characters.
//!
//! Lines end at `\n`, as the rest of Bulletin counts them (the split into header and
//! body, `key_position`, the lines shown in messages). YAML also ends a line at a lone
//! `\r`, so the parser's own line numbers are not used. An offset past the end is the
//! end of the text: an error found at the end of a text without a final line break is
//! on its last line.

use super::Position;

/// The starts of the lines of a text, to turn many offsets into positions without
/// walking the text from its start each time.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offsets.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

/// The same for character indexes (counted from 0), as YAML's markers give them.
pub(super) struct CharLines {
    /// Character indexes.
    starts: Vec<usize>,
    chars: usize,
}

impl CharLines {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c == '\n' {
                starts.push(chars);
            }
        }
        Self { starts, chars }
    }

    pub(super) fn position(&self, index: usize) -> Position {
        let index = index.min(self.chars);
        let line = self.starts.partition_point(|&s| s <= index);
        Position {
            line,
            column: index - self.starts[line - 1] + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn lines_end_at_line_feeds() {
        let t = "ab\r\ncé\rd\n";
        let i = LineIndex::new(t);
        let c = CharLines::new(t);
        for (byte, char, pos) in [
            (0, 0, at(1, 1)),
            (2, 2, at(1, 3)),
            (4, 4, at(2, 1)),
            (7, 6, at(2, 3)),
            (8, 7, at(2, 4)),
            (10, 9, at(3, 1)),
            (99, 99, at(3, 1)),
        ] {
            assert_eq!(i.position(byte), pos, "byte {byte}");
            assert_eq!(c.position(char), pos, "char {char}");
        }
        // Inside a character: its start.
        assert_eq!(i.position(6), at(2, 2));
        assert_eq!(CharLines::new("x\ny").position(3), at(2, 2));
    }
}
