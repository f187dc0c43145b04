//! `escape::escape` and its relatives, against an XML parser and plain definitions.
//!
//! Input: any text.
#![no_main]

use std::borrow::Cow;

use bulletin::escape;
use libfuzzer_sys::fuzz_target;

/// Text with line ends normalized to `\n`, as XML parsers may read them: compared so on
/// both sides.
fn lines_normalized(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// An attribute value with white space normalized, as XML parsers read them.
fn attribute_normalized(s: &str) -> String {
    lines_normalized(s)
        .chars()
        .map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    // The byte scans agree with the definition, character by character.
    let first_bad = s.char_indices().find(|&(_, c)| !escape::is_xml_char(c));
    assert_eq!(escape::forbidden_char(s), first_bad);
    let allowed: String = s.chars().filter(|&c| escape::is_xml_char(c)).collect();
    assert_eq!(escape::drop_forbidden(s), allowed.as_str());

    let escaped = escape::escape(s);
    if let Cow::Borrowed(b) = &escaped {
        assert_eq!(*b, s);
    }
    let mut bytes = Vec::new();
    escape::escape_bytes_into(&mut bytes, s.as_bytes());
    assert_eq!(bytes, escaped.as_bytes());
    let mut tera = Vec::new();
    escape::tera_escape(s, &mut tera).unwrap();
    assert_eq!(tera, escaped.as_bytes());

    // As the text of an element, it reads back as the input minus what XML forbids.
    let doc = format!("<r>{escaped}</r>");
    let parsed = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}: {doc:?}"));
    let text = parsed.root_element().text().unwrap_or("");
    assert_eq!(lines_normalized(text), lines_normalized(&allowed));

    // As a quoted attribute value (either quotes), with white space normalized as XML
    // does for attributes.
    let want = attribute_normalized(&allowed);
    for q in ['"', '\''] {
        let doc = format!("<r a={q}{escaped}{q}/>");
        let parsed = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}: {doc:?}"));
        let value = parsed.root_element().attribute("a").expect("the attribute");
        assert_eq!(attribute_normalized(value), want);
    }
});
