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

/// The first character of `s` that XML 1.0 forbids, with its byte offset.
pub fn forbidden_char(s: &str) -> Option<(usize, char)> {
    if !s.bytes().any(may_be_special) {
        return None;
    }
    s.char_indices().find(|&(_, c)| !is_xml_char(c))
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
    if !s.bytes().any(may_be_special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// Text that displays escaped (see [`escape_into`]): `format!("<b>{}</b>", Escaped(s))`.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&escape(self.0))
    }
}

/// [`escape_into`] as Tera's escape function, for every autoescaped template.
pub fn tera_escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(escape(input).as_bytes())
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
