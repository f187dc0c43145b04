//! The files of results (`search/d/<n>.json`): what a result shows of each post, for
//! [`super::DOC_GROUP`] posts a file (one file per post would be many small files to
//! write, a group of many would load much for each result). Loaded only for the
//! results shown, so their size is paid per result, never per post of the site: a
//! post's text is kept up to [`MAX_TEXT_BYTES`], white space collapsed.
//!
//! ```json
//! [{"url":"/2024/10/python-3130/","title":"Python 3.13.0 is released",
//!   "date":"2024-10-07","date_text":"October 7, 2024","author":"Thomas Wouters",
//!   "tags":["releases"],"description":"…","text":"Python 3.13 is …\nThe free-threaded …"},
//!  …]
//! ```
//!
//! Every value is text the script puts in the page as text (never as HTML).

use serde::Serialize;

/// The most bytes of a post's text kept for excerpts (cut at a character boundary): a
/// word found further in still finds the post, whose result then shows the
/// description.
pub const MAX_TEXT_BYTES: usize = 3_000;

/// What a result shows of a post.
#[derive(Debug, Serialize)]
pub struct Doc<'a> {
    /// Link under the base path.
    pub url: &'a str,
    /// The title (as listings cut it).
    pub title: &'a str,
    /// `2024-02-01`.
    pub date: &'a str,
    /// `February 1, 2024`.
    pub date_text: &'a str,
    /// Author names, comma-separated.
    pub author: &'a str,
    /// Tags (the first few).
    pub tags: Vec<&'a str>,
    /// The description, else the summary.
    pub description: &'a str,
    /// The text excerpts are cut from.
    pub text: String,
}

/// A post's entry (a JSON object).
pub fn fragment(doc: &Doc<'_>) -> Vec<u8> {
    serde_json::to_vec(doc).unwrap_or_else(|_| b"{}".to_vec())
}

/// A file of results from its posts' entries, in the order of their ids: a JSON array.
pub fn group<'d>(docs: impl IntoIterator<Item = &'d [u8]>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (n, doc) in docs.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(doc);
    }
    out.push(b']');
    out
}

/// `text` with each run of white space one space, or one line break when it holds
/// one, without white space at the ends, cut to at most `max` bytes (at a character
/// boundary). Runs of printable ASCII are copied at once: the text is scanned, never
/// decoded, but for its other characters.
pub fn excerpt_text(text: &str, max: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = Excerpt {
        bytes: Vec::with_capacity(text.len().min(max)),
        sep: None,
        max,
    };
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] > b' ' && bytes[i] < 0x80 {
            i += 1;
        }
        if i > start {
            if !out.push(&bytes[start..i]) {
                break;
            }
            continue;
        }
        let b = bytes[i];
        let len = if b < 0x80 { 1 } else { utf8_len(b) };
        let white = if b < 0x80 {
            matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
        } else {
            text[i..].chars().next().is_some_and(char::is_whitespace)
        };
        if white {
            if b == b'\n' {
                out.sep = Some(b'\n');
            } else {
                out.sep.get_or_insert(b' ');
            }
        } else if !out.push(&bytes[i..i + len]) {
            break;
        }
        i += len;
    }
    // Only whole characters were copied.
    String::from_utf8(out.bytes).unwrap_or_default()
}

/// An excerpt being made: its bytes, the white space waiting for the next text.
struct Excerpt {
    bytes: Vec<u8>,
    sep: Option<u8>,
    max: usize,
}

impl Excerpt {
    /// Appends `chunk` (printable ASCII, or one character), after the white space
    /// waiting; as much of it as fits (ASCII only is cut). False once full.
    fn push(&mut self, chunk: &[u8]) -> bool {
        let sep = self.sep.take().filter(|_| !self.bytes.is_empty());
        let need = usize::from(sep.is_some()) + chunk.len();
        let room = self.max - self.bytes.len();
        if need <= room {
            self.bytes.extend(sep);
            self.bytes.extend_from_slice(chunk);
            return true;
        }
        let fits = room.saturating_sub(usize::from(sep.is_some()));
        if fits > 0 && chunk[0].is_ascii() {
            self.bytes.extend(sep);
            self.bytes.extend_from_slice(&chunk[..fits]);
        }
        false
    }
}

/// The length of the UTF-8 character starting with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0..0xe0 => 2,
        0xe0..0xf0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_text_collapses_white_space_and_cuts() {
        assert_eq!(excerpt_text("  a \t b\n\n  c  ", 100), "a b\nc");
        assert_eq!(excerpt_text("a  \n b", 100), "a\nb");
        assert_eq!(excerpt_text("abc déf", 4), "abc");
        assert_eq!(excerpt_text("abc déf", 6), "abc d");
        assert_eq!(excerpt_text("abc déf", 7), "abc dé");
        assert_eq!(excerpt_text("", 10), "");
        assert_eq!(excerpt_text("a\u{a0}b\u{2028}c\x0bd", 100), "a b c d");
        assert_eq!(excerpt_text("ab cd", 4), "ab c");
        assert_eq!(excerpt_text("ab cd", 3), "ab");
        assert_eq!(excerpt_text("ab\n\ncd", 5), "ab\ncd");
        assert_eq!(excerpt_text("\u{e9}\u{e9}", 3), "\u{e9}");
        // Against the obvious character-by-character reading, on generated text.
        let reference = |text: &str, max: usize| {
            let mut out = String::new();
            let mut sep: Option<char> = None;
            for c in text.chars() {
                if c.is_whitespace() {
                    sep = if c == '\n' {
                        Some('\n')
                    } else {
                        sep.or(Some(' '))
                    };
                    continue;
                }
                let s = sep.take().filter(|_| !out.is_empty());
                if out.len() + s.map_or(0, char::len_utf8) + c.len_utf8() > max {
                    break;
                }
                out.extend(s);
                out.push(c);
            }
            out
        };
        let palette: Vec<char> = "ab .\n\t\r\u{b}\u{c}é日\u{a0}\u{2028}\u{1}-"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let text: String = (0..seed % 40)
                .map(|k| palette[(seed.rotate_left(k as u32 * 3) % palette.len() as u64) as usize])
                .collect();
            for max in [0, 1, 2, 3, 5, 8, 13, 100] {
                assert_eq!(
                    excerpt_text(&text, max),
                    reference(&text, max),
                    "{text:?} {max}"
                );
            }
        }
        let long = "word ".repeat(1_000_000);
        assert!(excerpt_text(&long, MAX_TEXT_BYTES).len() <= MAX_TEXT_BYTES);
    }
}
