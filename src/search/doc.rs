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
/// boundary). Words are copied whole: the text is only scanned for white space.
pub fn excerpt_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    // What goes before the next word: a space or a line break.
    let mut sep: Option<char> = None;
    let mut at = 0;
    loop {
        let (start, end, newline) = white_run(text, at);
        let word = &text[at..start];
        if !word.is_empty() {
            let sep_len = sep.filter(|_| !out.is_empty()).map_or(0, char::len_utf8);
            let room = max - out.len();
            if sep_len + word.len() > room {
                // As much of the word as fits, at a character boundary.
                let mut cut = room.saturating_sub(sep_len);
                while !word.is_char_boundary(cut) {
                    cut -= 1;
                }
                if cut > 0 {
                    out.extend(sep.filter(|_| sep_len > 0));
                    out.push_str(&word[..cut]);
                }
                break;
            }
            out.extend(sep.filter(|_| sep_len > 0));
            out.push_str(word);
        }
        if start == text.len() {
            break;
        }
        sep = Some(if newline { '\n' } else { ' ' });
        at = end;
    }
    out
}

/// The first run of white space in `text` at or after byte `from`: where it starts and
/// ends, and whether it holds a line break; `(len, len, false)` when there is none.
fn white_run(text: &str, from: usize) -> (usize, usize, bool) {
    let bytes = text.as_bytes();
    let white_at = |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            return matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c).then_some(1);
        }
        let c = text[i..].chars().next()?;
        c.is_whitespace().then(|| c.len_utf8())
    };
    let mut i = from;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if white_at(i).is_some() {
            let start = i;
            let mut newline = false;
            while i < bytes.len() {
                match white_at(i) {
                    Some(len) => {
                        newline |= bytes[i] == b'\n';
                        i += len;
                    }
                    None => break,
                }
            }
            return (start, i, newline);
        }
        i += utf8_len(bytes[i]);
    }
    (bytes.len(), bytes.len(), false)
}

/// The length of the UTF-8 character starting with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0xc0..0xe0 => 2,
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
        let long = "word ".repeat(1_000_000);
        assert!(excerpt_text(&long, MAX_TEXT_BYTES).len() <= MAX_TEXT_BYTES);
    }
}
