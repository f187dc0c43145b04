//! A post's Markdown through `markdown::render`, as `render::posts` calls it: with the
//! built-in badge rules, on a site at the root and on one under a base path.
//!
//! Input: the Markdown body. Characters XML forbids are taken out first, as
//! `content::body::drop_forbidden` does before any body is rendered.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use bulletin::badges::Rules;
use bulletin::markdown::{self, LinkBase, Rendered, SUMMARY_CHARS, THEME_IDS};
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

const BASES: [LinkBase<'static>; 2] = [
    LinkBase {
        base_path: "/",
        page_path: "/2024/02/post/",
    },
    // A preview deployment with a permalink ending in a file name.
    LinkBase {
        base_path: "/preview/",
        page_path: "/posts/2024/a-post.html",
    },
];

fn check(body: &str, r: &Rendered) {
    // Heading ids are unique in the page, and leave the theme's ids alone.
    let mut ids = HashSet::new();
    for h in &r.headings {
        assert!(!h.id.is_empty(), "empty heading id");
        assert!((1..=6).contains(&h.level));
        assert!(ids.insert(h.id.as_str()), "heading id {:?} twice", h.id);
        assert!(
            !THEME_IDS.contains(&h.id.as_str()),
            "heading id {:?} is the theme's",
            h.id
        );
    }
    // The summary is cut to SUMMARY_CHARS, then an ellipsis.
    assert!(
        r.summary.chars().count() <= SUMMARY_CHARS + 1,
        "{:?}",
        r.summary
    );
    assert_eq!(r.summary, r.summary.trim());
    // No input makes HTML that a feed cannot carry.
    if let Some((at, c)) = bulletin::escape::forbidden_char(&r.html) {
        panic!("U+{:04X} at {at} of the HTML of {body:?}", u32::from(c));
    }
    let stripped = markdown::strip_heading_anchors(&r.html);
    assert!(stripped.len() <= r.html.len());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body = bulletin::escape::drop_forbidden(text);
    let root = markdown::render(&body, BASES[0], &RULES);
    check(&body, &root);
    let preview = markdown::render(&body, BASES[1], &RULES);
    check(&body, &preview);
    // Where the post is published changes its links, not its words or headings.
    assert_eq!(root.headings, preview.headings);
    assert_eq!(root.words, preview.words);
    assert_eq!(root.summary, preview.summary);
    // Descriptions are the same Markdown, shown as plain text.
    let _ = markdown::description_text(&body);
});
