//! Plain text from Markdown: summaries of posts and descriptions, and word counts.
//!
//! A summary only ever needs its first few hundred characters, so the text it is
//! made from is kept collapsed and cut as it comes ([`Collapsed`]): a post whose first
//! paragraph is 50 MB long costs no more memory than one of a line.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

/// Text with each run of white space collapsed to one space and none at the ends, as
/// `split_whitespace` and `join(" ")` would make it, kept up to (about) `limit`
/// characters: enough to know what [`shorten`] to `limit - 1` characters makes of it.
#[derive(Debug)]
pub(super) struct Collapsed {
    text: String,
    chars: usize,
    limit: usize,
    space: bool,
}

impl Collapsed {
    /// Keeps the first `limit` characters (or one more: a space comes with the
    /// character after it).
    pub(super) fn new(limit: usize) -> Self {
        Self {
            text: String::new(),
            chars: 0,
            limit,
            space: false,
        }
    }

    pub(super) fn push_str(&mut self, s: &str) {
        let mut rest = s;
        while self.chars < self.limit {
            let Some(c) = rest.chars().next() else {
                return;
            };
            if c.is_whitespace() {
                self.space = true;
                rest = &rest[c.len_utf8()..];
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
                self.chars += 1;
            }
            self.space = false;
            // The word, as far as there is room: its first character comes with the
            // space before it. ASCII byte by byte (most text), the rest by character.
            let room = self.limit.saturating_sub(self.chars).max(1);
            let bytes = rest.as_bytes();
            let (mut end, mut n) = (0, 0);
            while end < bytes.len() && n < room {
                let b = bytes[end];
                let len = if b.is_ascii() {
                    if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                        break;
                    }
                    1
                } else {
                    match rest[end..].chars().next() {
                        Some(ch) if !ch.is_whitespace() => ch.len_utf8(),
                        _ => break,
                    }
                };
                end += len;
                n += 1;
            }
            self.text.push_str(&rest[..end]);
            self.chars += n;
            rest = &rest[end..];
        }
    }

    pub(super) fn push_space(&mut self) {
        self.space = true;
    }

    pub(super) fn as_str(&self) -> &str {
        &self.text
    }
}

/// Words in `text`: runs of characters between ASCII white space. Byte-wise, since it
/// runs over every text event of every post (Unicode spaces are rare in prose).
pub(super) fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// A front-matter description as plain text: Markdown in it (`[text](url)`,
/// `*emphasis*`) keeps its words; white space is collapsed. Text without Markdown
/// characters is not parsed at all.
pub fn description_text(text: &str) -> String {
    let markdown = text.contains(['[', '*', '_', '`', '<', '&', '\\', '!', '#']);
    let plain = if markdown {
        text_of(text)
    } else {
        text.to_string()
    };
    shorten(&plain, usize::MAX)
}

/// The words of a short piece of Markdown, without markup (no smart punctuation:
/// descriptions stay as written).
fn text_of(markdown: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(markdown, Options::empty()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Collapses white space and cuts at a word boundary before `max` characters, adding
/// an ellipsis when cut. Reads no more of `text` than the cut needs.
pub fn shorten(text: &str, max: usize) -> String {
    let mut collapsed = Collapsed::new(max.saturating_add(1));
    collapsed.push_str(text);
    let collapsed = collapsed.text;
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_text_keeps_only_what_a_summary_uses() {
        let mut c = Collapsed::new(301);
        c.push_str("  one\t two  ");
        c.push_space();
        c.push_str("three");
        assert_eq!(c.as_str(), "one two three");
        for _ in 0..100_000 {
            c.push_str("many words of text ");
        }
        assert!(c.as_str().chars().count() <= 302, "{}", c.as_str().len());
        let long = "x ".repeat(1_000_000);
        assert_eq!(shorten(&long, 10), "x x x x x…");
        assert_eq!(shorten(" a  b ", 10), "a b");
        assert_eq!(shorten(&long, usize::MAX).len(), long.len() - 1);
        // Any white space, ASCII or not, separates words; other characters count one.
        let mut c = Collapsed::new(8);
        c.push_str("\u{a0}é\u{2003}ü\x0bx\u{85}yz w");
        assert_eq!(c.as_str(), "é ü x yz");
        assert_eq!(shorten("a\u{3000}b", 10), "a b");
    }
}
