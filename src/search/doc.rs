//! A post's file of the search index (`search/d/<id>.json`): what a result shows of it.
//! Loaded only for the results shown, so its size is paid per result, never per post
//! of the site: the text is kept up to [`MAX_TEXT_BYTES`], white space collapsed.
//!
//! ```json
//! {"url":"/2024/10/python-3130/","title":"Python 3.13.0 is released",
//!  "date":"2024-10-07","date_text":"October 7, 2024","author":"Thomas Wouters",
//!  "tags":["releases"],"description":"…","text":"Python 3.13 is …\nThe free-threaded …"}
//! ```
//!
//! Every value is text the script puts in the page as text (never as HTML).

use serde::Serialize;

/// The most bytes of a post's text kept for excerpts (cut at a character boundary): a
/// word found further in still finds the post, whose result then shows the
/// description.
pub const MAX_TEXT_BYTES: usize = 6_000;

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

/// The file's bytes.
pub fn fragment(doc: &Doc<'_>) -> Vec<u8> {
    serde_json::to_vec(doc).unwrap_or_else(|_| b"{}".to_vec())
}

/// `text` with each run of white space one space, or one line break when it holds
/// one, without white space at the ends, cut to at most `max` bytes (at a character
/// boundary).
pub fn excerpt_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    let mut space: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            if c == '\n' || space.is_none() {
                space = Some(if c == '\n' { '\n' } else { ' ' });
            }
            continue;
        }
        let need = c.len_utf8() + usize::from(space.is_some());
        if out.len() + need > max {
            break;
        }
        if let Some(s) = space.take()
            && !out.is_empty()
        {
            out.push(s);
        }
        out.push(c);
    }
    out
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
