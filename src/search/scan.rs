//! Where words are in ASCII text, eight or sixty-four bytes at a time: the first step
//! of cutting text into terms ([`super::text::for_each_term`]), which is most of what
//! indexing a post costs. Read byte by byte, a word's start and end are each a branch
//! the processor guesses wrong about half the time; read as bit masks (one bit a byte),
//! the words of 64 bytes are found with a few instructions each.
//!
//! Plain Rust (no processor-specific instructions): each byte is tested within a `u64`
//! by adding to it, since an ASCII byte (below 0x80) plus a number up to 0x80 never
//! carries into the next byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The high bit of each byte of `x` (ASCII bytes) that is at least `bound`.
#[inline]
fn at_least(x: u64, bound: u8) -> u64 {
    x.wrapping_add(ONES * u64::from(0x80_u8.wrapping_sub(bound))) & HIGH
}

/// The high bit of each byte of `x` (ASCII) that is an ASCII letter or digit.
#[inline]
fn word_bytes(x: u64) -> u64 {
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let folded = x | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    digit | letter
}

/// The high bit of each byte of `x` (ASCII) that is a joiner (`-`, `.`, `/`, `_`: see
/// [`super::text::is_joiner`]).
#[inline]
fn joiner_bytes(x: u64) -> u64 {
    let dash_dot_slash = at_least(x, b'-') & !at_least(x, b'/' + 1);
    let underscore = at_least(x, b'_') & !at_least(x, b'_' + 1);
    dash_dot_slash | underscore
}

/// The high bits of the eight bytes of `bits` as eight bits, byte `k` as bit `k`.
#[inline]
fn pack(bits: u64) -> u64 {
    ((bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The eight bytes at `i` as a little-endian `u64`, when all are there and ASCII.
#[inline]
fn ascii8(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = <[u8; 8]>::try_from(bytes.get(i..i + 8)?).ok()?;
    let x = u64::from_le_bytes(chunk);
    (x & HIGH == 0).then_some(x)
}

/// The eight bytes at `i` in lower case, when all are there, ASCII and none is an
/// apostrophe (which normalizing may drop).
#[inline]
pub fn ascii8_lowered(bytes: &[u8], i: usize) -> Option<[u8; 8]> {
    let x = ascii8(bytes, i)?;
    let apostrophe = at_least(x, b'\'') & !at_least(x, b'\'' + 1);
    if apostrophe != 0 {
        return None;
    }
    // 0x80 >> 2 is 0x20, what sets an upper-case letter's lower case.
    let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1);
    Some((x | (upper >> 2)).to_le_bytes())
}

/// Where the run of ASCII letters and digits from byte `i` ends: eight bytes at a
/// time while they are ASCII, then byte by byte.
#[inline]
pub fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(x) = ascii8(bytes, i) {
        let other = !word_bytes(x) & HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

/// Sixty-four bytes of ASCII text as bit masks: bit `k` stands for byte `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The letters and digits.
    pub word: u64,
    /// The joiners.
    pub joiner: u64,
}

impl Block {
    /// The 64 bytes from `i`, when there are as many and all are ASCII.
    #[inline]
    pub fn at(bytes: &[u8], i: usize) -> Option<Block> {
        let mut block = Block { word: 0, joiner: 0 };
        for k in 0..8 {
            let x = ascii8(bytes, i + 8 * k)?;
            block.word |= pack(word_bytes(x)) << (8 * k);
            block.joiner |= pack(joiner_bytes(x)) << (8 * k);
        }
        Some(block)
    }

    /// The runs of letters and digits that begin in the block (with one before `from`
    /// left out), as (start, length): a run that reaches the block's end has length
    /// `64 - start`, and may go on past it.
    #[inline]
    pub fn runs(&self, from: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let starts = self.word & !(self.word << 1);
        let mut starts = if from >= 64 {
            0
        } else {
            starts & (u64::MAX << from)
        };
        std::iter::from_fn(move || {
            if starts == 0 {
                return None;
            }
            let start = starts.trailing_zeros();
            starts &= starts - 1;
            // The zeros shifted in at the top, negated, end a run that reaches the
            // block's end.
            Some((start, (!(self.word >> start)).trailing_zeros()))
        })
    }

    /// Whether byte `k` (below 64) is a letter or digit.
    #[inline]
    pub fn is_word(&self, k: u32) -> bool {
        k < 64 && (self.word >> k) & 1 == 1
    }

    /// Whether byte `k` (below 64) is a joiner.
    #[inline]
    pub fn is_joiner(&self, k: u32) -> bool {
        k < 64 && (self.joiner >> k) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_classed_as_a_byte_at_a_time_would() {
        for b in 0..0x80u8 {
            for at in 0..8 {
                let mut chunk = [b' '; 8];
                chunk[at] = b;
                let x = u64::from_le_bytes(chunk);
                let bit = |m: u64| (m >> (8 * at + 7)) & 1 == 1;
                assert_eq!(bit(word_bytes(x)), b.is_ascii_alphanumeric(), "{b}");
                assert_eq!(
                    bit(joiner_bytes(x)),
                    super::super::text::is_joiner(b as char),
                    "{b}"
                );
            }
        }
        assert_eq!(pack(HIGH), 0xff);
        for k in 0..8 {
            assert_eq!(pack(0x80 << (8 * k)), 1 << k);
        }
    }

    #[test]
    fn eight_bytes_are_lowered_as_a_byte_at_a_time_would() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"Ab-Z z9@";
                chunk[at] = b;
                let expected = (chunk.is_ascii() && !chunk.contains(&b'\''))
                    .then(|| chunk.map(|c| c.to_ascii_lowercase()));
                assert_eq!(ascii8_lowered(&chunk, 0), expected, "{b} {at}");
            }
        }
        assert_eq!(ascii8_lowered(b"ABCDEFG", 0), None);
    }

    #[test]
    fn word_ends_where_a_byte_at_a_time_says() {
        let slow = |b: &[u8], mut i: usize| {
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            i
        };
        // Every byte value, at every place in a chunk of eight and across two.
        for x in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'a'; 24];
                b[at] = x;
                for start in 0..b.len() {
                    assert_eq!(word_end(&b, start), slow(&b, start), "{x} {at} {start}");
                }
            }
        }
    }

    #[test]
    fn blocks_give_their_runs_and_joiners() {
        let text = format!("{}{}", "ab-c  9 x", " ".repeat(53)) + "zz|more";
        let block = Block::at(text.as_bytes(), 0).expect("ASCII");
        let runs: Vec<_> = block.runs(0).collect();
        assert_eq!(runs, [(0, 2), (3, 1), (6, 1), (8, 1), (62, 2)]);
        assert_eq!(block.runs(4).collect::<Vec<_>>(), [(6, 1), (8, 1), (62, 2)]);
        assert_eq!(block.runs(64).count(), 0);
        assert!(block.is_joiner(2) && !block.is_joiner(3) && !block.is_joiner(64));
        assert!(block.is_word(3) && !block.is_word(2) && !block.is_word(64));
        assert_eq!(Block::at(text.as_bytes(), 7), None);
        assert_eq!(Block::at("é".repeat(40).as_bytes(), 0), None);
        let full = Block::at(&[b'q'; 64], 0).expect("ASCII");
        assert_eq!(full.runs(0).collect::<Vec<_>>(), [(0, 64)]);
    }
}
