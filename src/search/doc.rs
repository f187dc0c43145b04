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
/// boundary).
pub fn excerpt_text(text: &str, max: usize) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len().min(max));
    // A space or line break waiting for the next character.
    let mut space: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (white, len) = if b.is_ascii() {
            (
                matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'),
                1,
            )
        } else {
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if white {
            if b == b'\n' || space.is_none() {
                space = Some(if b == b'\n' { b'\n' } else { b' ' });
            }
            i += len;
            continue;
        }
        let pending = space.filter(|_| !out.is_empty());
        if out.len() + len + usize::from(pending.is_some()) > max {
            break;
        }
        out.extend(pending);
        space = None;
        out.extend_from_slice(&bytes[i..i + len]);
        i += len;
    }
    // Whole characters only were copied.
    String::from_utf8(out).unwrap_or_default()
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
        let long = "word ".repeat(1_000_000);
        assert!(excerpt_text(&long, MAX_TEXT_BYTES).len() <= MAX_TEXT_BYTES);
    }
}
