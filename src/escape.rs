//! Escaping by construction: every piece of text Bulletin puts into HTML or XML goes
//! through [`escape_into`], whether Bulletin writes the markup itself (Markdown
//! rendering, badges, highlighted code, social card SVGs, the serve overlay) or a
//! template does (it is Tera's escape function, see [`crate::templates::load`]).
//!
//! One function for text and quoted attribute values, HTML and XML alike: `&`, `<`, `>`,
//! `"` and `'` become entities, and the characters XML 1.0 forbids (controls other than
//! tab and line ends, U+FFFE, U+FFFF) are left out, so no input can break a feed. The
//! same characters in front matter and configuration are refused with a located error
//! before they get this far ([`forbidden_char`]).

use std::borrow::Cow;

/// True for the characters XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` that XML 1.0 forbids, with its byte offset. (A byte
/// scan: this runs over every post's Markdown.)
pub fn forbidden_char(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i = skip_words(bytes, i, may_hold_forbidden);
        // The word that may hold one (a line break is enough), byte by byte; then
        // whole words again.
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                return Some((i, char::from(b)));
            }
            if b == 0xEF
                && let Some([0xBF, last @ (0xBE | 0xBF)]) = bytes.get(i + 1..i + 3)
            {
                let c = if *last == 0xBE {
                    '\u{FFFE}'
                } else {
                    '\u{FFFF}'
                };
                return Some((i, c));
            }
            i += 1;
        }
    }
    None
}

/// `s` without the characters XML 1.0 forbids (borrowed when it has none).
pub fn drop_forbidden(s: &str) -> Cow<'_, str> {
    match forbidden_char(s) {
        None => Cow::Borrowed(s),
        Some(_) => Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect()),
    }
}

/// Bytes that start something [`escape_into`] changes: markup characters, forbidden
/// controls, and the first byte of U+FFFE and U+FFFF.
fn may_be_special(b: u8) -> bool {
    SPECIAL[usize::from(b)]
}

/// Where, from `from` on, the first eight bytes are that `hit` says may matter: whole
/// words of text that needs nothing are skipped at once (most text).
fn skip_words(bytes: &[u8], from: usize, hit: fn(u64) -> bool) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        if hit(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
            break;
        }
        i += 8;
    }
    i
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// True when some byte of `word` is below 0x20 (and for some words where none is).
fn has_control(word: u64) -> bool {
    word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0
}

/// True when some byte of `word` is `b` (and for some words where none is).
fn has_byte(word: u64, b: u8) -> bool {
    let v = word ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGH != 0
}

/// False only when no byte of `word` can start a character XML forbids.
fn may_hold_forbidden(word: u64) -> bool {
    has_control(word) || has_byte(word, 0xEF)
}

/// False only when none of the eight bytes of `word` is special (see [`may_be_special`]);
/// true also for some words that hold none (the byte loop then decides).
fn may_hold_special(word: u64) -> bool {
    may_hold_forbidden(word)
        || [b'&', b'<', b'>', b'"', b'\'']
            .iter()
            .any(|&b| has_byte(word, b))
}

const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xEF] = true;
    table
};

/// The next place at or after `from` where escaping changes `bytes`: (offset, what it
/// becomes, bytes replaced). Offsets fall on character boundaries.
fn next_change(bytes: &[u8], from: usize) -> Option<(usize, &'static str, usize)> {
    let mut i = from;
    while i < bytes.len() {
        i = skip_words(bytes, i, may_hold_special);
        // The word that may hold one, byte by byte; then whole words again.
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            if !may_be_special(b) {
                i += 1;
                continue;
            }
            let (replacement, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                b'\'' => ("&#39;", 1),
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF; other EF sequences stay.
                0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
                0xEF => {
                    i += 1;
                    continue;
                }
                _ => ("", 1), // a forbidden control character
            };
            return Some((i, replacement, len));
        }
    }
    None
}

/// Appends `s` to `out`, escaped for HTML and XML text and quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    let mut done = 0;
    while let Some((i, replacement, len)) = next_change(s.as_bytes(), done) {
        out.push_str(&s[done..i]);
        out.push_str(replacement);
        done = i + len;
    }
    out.push_str(&s[done..]);
}

/// [`escape_into`] for writers that build pages as bytes (the code highlighter).
// Inline: the highlighter calls it for every token, most of them a few bytes long.
#[inline]
pub fn escape_bytes_into(out: &mut Vec<u8>, s: &[u8]) {
    let mut done = 0;
    while let Some((i, replacement, len)) = next_change(s, done) {
        out.extend_from_slice(&s[done..i]);
        out.extend_from_slice(replacement.as_bytes());
        done = i + len;
    }
    out.extend_from_slice(&s[done..]);
}

/// `s` escaped (see [`escape_into`]), borrowed when nothing changes.
pub fn escape(s: &str) -> Cow<'_, str> {
    if next_change(s.as_bytes(), 0).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    Cow::Owned(out)
}

/// Text that displays escaped (see [`escape_into`]): `format!("<b>{}</b>", Escaped(s))`.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape(self.0))
    }
}

/// [`escape_into`] as Tera's escape function, for every autoescaped template: written
/// straight to Tera's buffer, piece by piece.
pub fn tera_escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut done = 0;
    while let Some((i, replacement, len)) = next_change(bytes, done) {
        out.write_all(&bytes[done..i])?;
        out.write_all(replacement.as_bytes())?;
        done = i + len;
    }
    out.write_all(&bytes[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(escape("plain text, é ü 中"), Cow::Borrowed(_)));
        assert_eq!(Escaped("a<b").to_string(), "a&lt;b");
        let mut bytes = Vec::new();
        escape_bytes_into(&mut bytes, "x<'\u{1}\u{FFFF}é".as_bytes());
        assert_eq!(bytes, "x&lt;&#39;é".as_bytes());
    }

    #[test]
    fn characters_xml_forbids_are_left_out() {
        let hostile =
            "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i\t\n\r\u{FFFD}\u{EFFF}";
        assert_eq!(escape(hostile), "abcdefghi\t\n\r\u{FFFD}\u{EFFF}");
        assert_eq!(drop_forbidden(hostile), escape(hostile));
        assert_eq!(forbidden_char("ok\u{1}"), Some((2, '\u{1}')));
        assert_eq!(forbidden_char("\u{FFFD} \u{10FFFF} ok"), None);
        for c in ['\u{0}', '\u{1}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!is_xml_char(c), "{c:?}");
        }
        for c in [
            '\t', '\n', '\r', ' ', '\u{7F}', '\u{85}', '\u{D7FF}', '\u{E000}', '\u{FFFD}',
        ] {
            assert!(is_xml_char(c), "{c:?}");
        }
    }

    #[test]
    fn the_word_test_never_misses_a_special_byte() {
        for special in (0u8..=255).filter(|&b| may_be_special(b)) {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = special;
                assert!(
                    may_hold_special(u64::from_le_bytes(word)),
                    "{special:#x} at {at}"
                );
            }
        }
        assert!(!may_hold_special(u64::from_le_bytes(*b"plain te")));
        for at in 0..8 {
            for forbidden in [0u8, 1, 0x1F, 0xEF] {
                let mut word = *b"abcdefgh";
                word[at] = forbidden;
                assert!(may_hold_forbidden(u64::from_le_bytes(word)));
            }
        }
        let long = format!("{}\u{FFFF}", "é".repeat(20));
        assert_eq!(forbidden_char(&long), Some((40, '\u{FFFF}')));
        let long = format!(
            "{}<{}\u{1}{}",
            "x".repeat(21),
            "y".repeat(13),
            "é".repeat(9)
        );
        assert_eq!(
            escape(&long),
            format!("{}&lt;{}{}", "x".repeat(21), "y".repeat(13), "é".repeat(9))
        );
    }

    #[test]
    fn every_offset_is_looked_at_after_line_breaks_and_flagged_words() {
        // A line break (or an EF that starts no forbidden character) is a word the
        // byte loop looks at; the scan then goes on by words and finds what follows,
        // wherever it is.
        for prefix in ["a\nb", "ab\tcd\r\n", "\u{FF08}\u{EFBF}x", "é&"] {
            for gap in 0..24 {
                let text = format!("{prefix}{}", "y".repeat(gap));
                let at = text.len();
                for (c, escaped) in [('\u{1}', ""), ('\u{FFFF}', ""), ('<', "&lt;")] {
                    let s = format!("{text}{c}z\nmore");
                    if c != '<' {
                        assert_eq!(forbidden_char(&s), Some((at, c)), "{s:?}");
                    }
                    let want = format!("{}{escaped}z\nmore", escape(&text));
                    assert_eq!(escape(&s), want, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn tera_gets_the_same_bytes() {
        for s in ["plain", "a<b>&\"c'\u{1}d\u{FFFE}", "é\u{FF08}\u{EFBF}"] {
            let mut out = Vec::new();
            tera_escape(s, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(s));
        }
        assert_eq!(forbidden_char("\u{FF08}x\u{FFFF}"), Some((4, '\u{FFFF}')));
    }

    #[test]
    fn escaped_text_parses_as_xml_text_and_attribute() {
        let mut hostile = String::new();
        for c in (0u32..0x3000)
            .chain(0xFFF0..0x10010)
            .filter_map(char::from_u32)
        {
            hostile.push(c);
        }
        hostile.push_str("\"'<>&]]>--><!--");
        let doc = format!("<r a=\"{0}\" b='{0}'>{0}</r>", escape(&hostile));
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed");
        let root = parsed.root_element();
        let kept: String = hostile.chars().filter(|&c| is_xml_char(c)).collect();
        // A parser reads line ends as `\n`.
        let expected = kept.replace("\r\n", "\n").replace('\r', "\n");
        assert_eq!(root.text(), Some(expected.as_str()));
        assert_eq!(root.attributes().count(), 2);
        assert!(expected.ends_with("\"'<>&]]>--><!--"));
    }
}
