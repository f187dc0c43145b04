//! The files of results (`search/d/<n>.json`): what a result shows of each post, for
//! [`super::DOC_GROUP`] posts a file (one file per post would be many small files to
//! write, a group of many would load much for each result). Loaded only for the
//! results shown, so their size is paid per result, never per post of the site: a
//! post's text is kept up to [`MAX_TEXT_BYTES`].
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
    pub text: &'a str,
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

/// The start of `text` that excerpts are cut from: at most `max` bytes (cut at a
/// character boundary), without white space at its ends. White space inside stays as
/// the text has it: the script collapses it when it shows an excerpt, and collapsing
/// it here cost a pass over every post's text.
pub fn excerpt_text(text: &str, max: usize) -> &str {
    let text = text.trim_start();
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_text_is_the_start_of_the_text_trimmed_and_cut() {
        assert_eq!(excerpt_text("  a \t b\n\n  c  ", 100), "a \t b\n\n  c");
        assert_eq!(excerpt_text("abc déf", 4), "abc");
        assert_eq!(excerpt_text("abc déf", 5), "abc d");
        assert_eq!(excerpt_text("abc déf", 6), "abc d");
        assert_eq!(excerpt_text("abc déf", 7), "abc dé");
        assert_eq!(excerpt_text("", 10), "");
        assert_eq!(excerpt_text("\u{e9}\u{e9}", 3), "\u{e9}");
        assert_eq!(excerpt_text("\u{e9}", 1), "");
        assert_eq!(excerpt_text("\u{a0} a\u{2028}", 100), "a");
        let long = " word".repeat(1_000_000);
        assert_eq!(
            excerpt_text(&long, MAX_TEXT_BYTES).len(),
            MAX_TEXT_BYTES - 1
        );
    }
}
