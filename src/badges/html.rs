//! A badge as HTML: its link, its icon (drawn inline) and its label.

use super::Badge;
use crate::markdown::html;

/// The badge as HTML: `<a class="badge badge-{kind}" href="{url}">⁠<svg class="badge-icon"
/// aria-hidden="true" …>…</svg><span class="badge-kind">{kind_label}</span> {label}</a>`,
/// everything escaped; without the kind when the label begins with it. The icon is drawn inline (16×16 view box, `fill="currentColor"`,
/// so it takes the text colour); an unknown icon name draws the `link` icon.
pub fn badge_html(b: &Badge) -> String {
    let class: String = b
        .kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let icon = icon_svg(&b.icon);
    let mut out = String::with_capacity(300 + icon.len() + b.url.len() + b.label.len());
    html::open(&mut out, "a")
        .attr_parts("class", &["badge badge-", &class])
        .attr("href", &b.url)
        .close();
    // A word joiner before the icon: no line break between the badge and a bracket
    // before it (an icon, like an image, would otherwise allow one).
    out.push('\u{2060}');
    html::open(&mut out, "svg")
        .attr("class", "badge-icon")
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .attr("width", "16")
        .attr("height", "16")
        .attr("viewBox", "0 0 16 16")
        .attr("fill", "currentColor")
        .close();
    out.push_str(icon);
    out.push_str("</svg>");
    // The kind is said once: "PEP 695", not "PEP PEP 695".
    if !starts_with_word(&b.label, &b.kind_label) {
        html::open(&mut out, "span")
            .attr("class", "badge-kind")
            .close();
        html::escape_into(&mut out, &b.kind_label);
        out.push_str("</span> ");
    }
    html::escape_into(&mut out, &b.label);
    out.push_str("</a>");
    out
}

/// Whether `label` begins with the word `word` (case aside): `PEP 695` with `PEP`,
/// `docs: tutorial` with `Docs`, not `PEPs` with `PEP`.
fn starts_with_word(label: &str, word: &str) -> bool {
    let word = word.trim();
    !word.is_empty()
        && label
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
        && !label[word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// The inside of the `<svg>` for an icon (16×16, filled with `currentColor`).
pub(super) fn icon_svg(name: &str) -> &'static str {
    match name {
        // A page with a folded corner and two lines of text.
        "document" => {
            r#"<path fill-rule="evenodd" d="M3 1h7l3.5 3.5V15H3zm1.5 1.5v11h7.5V5.5H9V2.5zM5.8 8h4.9v1.2H5.8zm0 2.6h4.9v1.2H5.8z"/>"#
        }
        // An open book.
        "book" => {
            r#"<path d="M1 3.2c2-.9 4.2-.8 6.3.4V14c-2.1-1.2-4.3-1.3-6.3-.4zm14 0c-2-.9-4.2-.8-6.3.4V14c2.1-1.2 4.3-1.3 6.3-.4z"/>"#
        }
        // A box seen from a corner, its three faces cut out.
        "package" => {
            r#"<path fill-rule="evenodd" d="M8 1l6.5 3.4v7.2L8 15l-6.5-3.4V4.4zm0 1.7L3.4 5.1 8 7.5l4.6-2.4zM2.9 6.3v4.8l4.4 2.4V8.6zm10.2 0L8.7 8.6v4.9l4.4-2.4z"/>"#
        }
        // A ring with a dot: an open issue.
        "issue" => {
            r#"<path fill-rule="evenodd" d="M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm0 1.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4z"/>"#
        }
        // Two branches and an arrow merging one into the other.
        "pull-request" => {
            r#"<path d="M4 1a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm0 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm-.75-7h1.5v8h-1.5zM12 11a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm-.75 1V6.5c0-.5-.4-.9-.9-.9H8.5V4.1h1.85a2.4 2.4 0 0 1 2.4 2.4V12zM9.2 2v5.2L6.1 4.6z"/>"#
        }
        // A beetle: body, head and legs.
        "bug" => {
            r#"<path d="M8 4.6c2.1 0 3.4 1.9 3.4 4.6S10.1 14.4 8 14.4s-3.4-2.5-3.4-5.2S5.9 4.6 8 4.6zM5.7 4.1a2.3 2.3 0 0 1 4.6 0zM1.5 6.6h2.8v1.2H1.5zm10.2 0h2.8v1.2h-2.8zM1.5 9.6h2.8v1.2H1.5zm10.2 0h2.8v1.2h-2.8zM1.8 13.1l2.6-1.4.6 1-2.6 1.4zm12.4 0-2.6-1.4-.6 1 2.6 1.4z"/>"#
        }
        // Angle brackets around a slash: source code.
        "code" => {
            r#"<path d="M5.1 4 6.2 5.1 3.3 8l2.9 2.9L5.1 12 1.1 8zm5.8 0 4 4-4 4-1.1-1.1L12.7 8 9.8 5.1zM9.1 2.5h1.5L6.9 13.5H5.4z"/>"#
        }
        // Head and shoulders.
        "person" => {
            r#"<path d="M8 1.5a3.2 3.2 0 1 1 0 6.4 3.2 3.2 0 0 1 0-6.4zM1.8 14.5c0-3.2 2.8-5.3 6.2-5.3s6.2 2.1 6.2 5.3z"/>"#
        }
        // A shield with an exclamation mark cut out.
        "shield" => {
            r#"<path fill-rule="evenodd" d="M8 .8l6.2 2.3v4.6c0 3.6-2.6 6.3-6.2 7.5-3.6-1.2-6.2-3.9-6.2-7.5V3.1zM7.2 4h1.6v5.2H7.2zm0 6.4h1.6V12H7.2z"/>"#
        }
        // An arrow down into a tray.
        "download" => {
            r#"<path d="M7.2 1.5h1.6v7.3l2.6-2.6 1.1 1.1L8 11.8 3.5 7.3l1.1-1.1 2.6 2.6zM1.5 10.5h1.6v3h9.8v-3h1.6V15h-13z"/>"#
        }
        // Two chain links.
        _ => {
            r#"<g transform="rotate(-45 8 8)"><path fill-rule="evenodd" d="M3 5.5h4a2.5 2.5 0 0 1 0 5H3a2.5 2.5 0 0 1 0-5zm0 1.3a1.2 1.2 0 0 0 0 2.4h4a1.2 1.2 0 0 0 0-2.4z"/><path fill-rule="evenodd" d="M9 5.5h4a2.5 2.5 0 0 1 0 5H9a2.5 2.5 0 0 1 0-5zm0 1.3a1.2 1.2 0 0 0 0 2.4h4a1.2 1.2 0 0 0 0-2.4z"/></g>"#
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::*;
    use super::*;

    #[test]
    fn html() {
        let b = Badge {
            kind: "x\" onclick=\"y".into(),
            kind_label: "A & <B>".into(),
            label: "<script>alert('1')</script>".into(),
            url: "https://example.org/?a=1&b=\"2\"".into(),
            icon: "nope".into(),
        };
        let h = badge_html(&b);
        assert!(h.starts_with("<a class=\"badge badge-x--onclick--y\" href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">\u{2060}<svg class=\"badge-icon\" aria-hidden=\"true\""), "{h}");
        assert!(h.ends_with("<span class=\"badge-kind\">A &amp; &lt;B&gt;</span> &lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;</a>"), "{h}");
        assert!(!h.contains("<script>"));
        // Unknown icon: the link icon.
        assert!(h.contains("rotate(-45 8 8)"));
        let pep = Rules::builtin()
            .classify("https://peps.python.org/pep-0695/", "x")
            .unwrap();
        let h = badge_html(&pep);
        assert_eq!(
            h,
            format!(
                "<a class=\"badge badge-pep\" href=\"https://peps.python.org/pep-0695/\">\u{2060}<svg class=\"badge-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" fill=\"currentColor\">{}</svg>PEP 695</a>",
                icon_svg("document")
            )
        );
    }

    #[test]
    fn the_kind_is_said_once() {
        assert!(starts_with_word("PEP 695", "PEP"));
        assert!(starts_with_word("docs: tutorial", "Docs"));
        assert!(starts_with_word("pep", "PEP"));
        assert!(!starts_with_word("PEPs", "PEP"));
        assert!(!starts_with_word("Python 3.12.0rc1", "Download"));
        assert!(!starts_with_word("é", "e"));
        assert!(!starts_with_word("x", ""));
    }

    #[test]
    fn icons_are_distinct_and_well_formed() {
        let mut seen = HashSet::new();
        for name in ICON_NAMES {
            let svg = icon_svg(name);
            assert!(seen.insert(svg), "{name} repeats another icon");
            assert!(
                svg.starts_with('<') && svg.ends_with("/>") || svg.ends_with("</g>"),
                "{name}"
            );
            assert_eq!(svg.matches('<').count(), svg.matches('>').count(), "{name}");
            assert!(!svg.contains("stroke"), "{name}");
        }
    }
}
