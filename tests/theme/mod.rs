//! The default theme's features that come from the build: social cards, reference
//! badges, the search page, heading anchors and syntax highlighting.

mod identity;
mod meta;

use crate::common::{Site, post};

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn social_cards_for_the_site_and_each_post() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "title: Notes\nbase_url: https://example.org/blog/\n",
    )
    .file(
        "content/posts/a.md",
        post("Python 3.12.0rc1", "2024-01-02", "", "Body.\n"),
    );
    site.build().clean();
    assert_eq!(
        png_size(&site.read_bytes("public/2024/01/a/social.png")),
        (1200, 630)
    );
    assert_eq!(png_size(&site.read_bytes("public/social.png")), (1200, 630));
    let page = site.read("public/2024/01/a/index.html");
    assert!(
        page.contains(
            r#"<meta property="og:image" content="https://example.org/blog/2024/01/a/social.png">"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    let home = site.read("public/index.html");
    assert!(
        home.contains(r#"content="https://example.org/blog/social.png""#),
        "{home}"
    );
}

#[test]
fn social_cards_can_be_switched_off() {
    let site = Site::new();
    site.file("bulletin.yaml", "social_cards: false\n")
        .file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"));
    site.build().clean();
    assert!(!site.exists("public/social.png"));
    assert!(!site.exists("public/2024/01/a/social.png"));
    let page = site.read("public/2024/01/a/index.html");
    assert!(!page.contains("og:image"), "{page}");
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
}

#[test]
fn reference_links_become_badges_and_a_references_list() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-01-02",
            "",
            "Read <https://peps.python.org/pep-0695/> and [the tutorial](https://docs.python.org/3/tutorial/).\n\nFixes [gh-12345](https://github.com/python/cpython/issues/12345).\n",
        ),
    );
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    assert!(page.contains(r#"class="badge badge-pep""#), "{page}");
    assert!(
        page.contains(">the tutorial</a>"),
        "prose link kept: {page}"
    );
    let refs = &page[page
        .find(r#"<details class="references">"#)
        .expect("a References fold")..];
    assert!(
        refs.contains(r#"References</span> <span class="count">3</span>"#),
        "{refs}"
    );
    for label in ["PEP 695", "docs: tutorial", "gh-12345"] {
        assert!(refs.contains(label), "{label} in {refs}");
    }
    // With a table of contents, the fold is beside it rather than under the post.
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-01-02",
            "",
            "## One\n\nSee <https://peps.python.org/pep-0695/>.\n\n## Two\n\nx\n\n## Three\n\ny\n",
        ),
    );
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    let aside = &page[page.find(r#"<div class="post-aside">"#).expect("an aside")..];
    let body = aside
        .find(r#"<div class="post-body">"#)
        .expect("the body after it");
    let fold = aside
        .find(r#"<details class="references">"#)
        .expect("a fold");
    assert!(fold < body, "{page}");
    assert_eq!(page.matches(r#"<details class="references">"#).count(), 1);
}

#[test]
fn badges_follow_the_site_rules() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "badges:\n  disable: [pep]\n  rules:\n    - id: npm\n      label: npm package\n      host: www.npmjs.com\n      path: /package/{name}\n      badge: \"npm: {name}\"\n",
    )
    .file(
        "content/posts/a.md",
        post("A", "2024-01-02", "", "<https://peps.python.org/pep-0008/> <https://www.npmjs.com/package/left-pad>\n"),
    );
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    assert!(!page.contains("badge-pep"), "{page}");
    assert!(
        page.contains("badge-npm") && page.contains("npm: left-pad"),
        "{page}"
    );
}

#[test]
fn a_bad_badge_rule_is_a_config_error() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "title: T\nbadges:\n  rules:\n    - id: npm\n      label: npm\n      host: npmjs.com\n      path: /package/{name\n      badge: x\n",
    );
    site.build()
        .fails()
        .has_line("bulletin.yaml:2:8: error: badges.rules[0] (npm)");
}

#[test]
fn search_page_lists_posts_without_javascript() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("Alpha release", "2024-01-02", "", "Body.\n"),
    );
    site.build().clean();
    let page = site.read("public/search/index.html");
    assert!(page.contains(r#"id="search-input""#), "{page}");
    assert!(
        page.contains(r#"data-index="/search/index.json""#),
        "{page}"
    );
    let fallback = &page[page.find(r#"id="search-fallback""#).expect("fallback list")..];
    assert!(fallback.contains(r#"href="/2024/01/a/""#), "{fallback}");
    assert!(site.exists("public/site.js"));
}

#[test]
fn headings_get_anchor_links_that_feeds_leave_out() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-02", "", "## What's new\n\nText.\n"),
    );
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    assert!(
        page.contains(
            r##"<h2 id="whats-new">What’s new<a class="heading-anchor" href="#whats-new""##
        ),
        "{page}"
    );
    let rss = site.read("public/rss.xml");
    assert!(!rss.contains("heading-anchor"), "{rss}");
}

/// The default theme's weight stays within the budgets the README states: the
/// stylesheet, the script, and the fonts an English page loads (Latin regular and bold).
#[test]
fn the_theme_stays_within_its_weight_budgets() {
    let root = env!("CARGO_MANIFEST_DIR");
    let size = |p: &str| {
        std::fs::metadata(format!("{root}/static/{p}"))
            .unwrap_or_else(|e| panic!("{p}: {e}"))
            .len()
    };
    assert!(
        size("style.css") <= 36 * 1024,
        "style.css: {} bytes",
        size("style.css")
    );
    assert!(
        size("site.js") <= 28 * 1024,
        "site.js: {} bytes",
        size("site.js")
    );
    let fonts = size("fonts/inter-regular-latin.woff2") + size("fonts/inter-bold-latin.woff2");
    assert!(fonts <= 50 * 1024, "Latin regular and bold: {fonts} bytes");
}
