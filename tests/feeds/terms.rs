//! The feeds of each tag and category: their posts, in brief, found from their pages.

use crate::common::{Site, check_xml, count, elements, post, unescape};

const CONFIG: &str = "title: Releases\nbase_url: https://releases.example.com/\n";

/// Four posts: two tagged `security` (one of them a draft), three in category
/// `Release notes`.
fn site() -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", CONFIG)
        .file(
            "content/posts/a.md",
            post(
                "1.0 & <more>",
                "2024-01-05",
                "tags: [security, c]\ncategories: [Release notes]",
                "The **whole** text of 1.0.\n",
            ),
        )
        .file(
            "content/posts/b.md",
            post(
                "1.1",
                "2024-02-05",
                "tags: [news]\ncategories: [Release notes]\nupdated: 2024-07-01",
                "Text of 1.1.\n",
            ),
        )
        .file(
            "content/posts/c.md",
            post(
                "1.2",
                "2024-03-05",
                "tags: [security]\ncategories: [Release notes]\ndescription: Fixes two CVEs.",
                "Text of 1.2.\n",
            ),
        )
        .file(
            "content/posts/d.md",
            post(
                "2.0 draft",
                "2024-04-05",
                "tags: [security]\ndraft: true",
                "Not yet.\n",
            ),
        );
    site
}

#[test]
fn a_tag_has_its_own_rss_and_atom_with_its_posts_in_brief() {
    let site = site();
    site.build_with(&["--drafts"]).clean();
    let rss = site.read("public/tags/security/rss.xml");
    check_xml(&rss).unwrap_or_else(|e| panic!("{e}\n{rss}"));
    assert_eq!(
        elements(&rss, "title"),
        [
            "Releases: Posts tagged “security”",
            "1.2",
            "1.0 &amp; &lt;more&gt;"
        ],
        "the draft shown with --drafts is in no feed: {rss}"
    );
    assert_eq!(
        elements(&rss, "link")[0],
        "https://releases.example.com/tags/security/"
    );
    assert!(
        rss.contains(
            r#"<atom:link href="https://releases.example.com/tags/security/rss.xml" rel="self""#
        ),
        "{rss}"
    );
    assert_eq!(
        elements(&rss, "description"),
        [
            "Posts tagged “security” on Releases",
            "Fixes two CVEs.",
            "The whole text of 1.0."
        ]
    );
    // In brief: the site's feed carries each post whole, a tag's does not.
    assert_eq!(count(&rss, "<content:encoded>"), 0, "{rss}");
    assert_eq!(count(&site.read("public/rss.xml"), "<content:encoded>"), 3);
    assert!(
        rss.contains("<lastBuildDate>Tue, 05 Mar 2024 00:00:00 +0000</lastBuildDate>"),
        "the newest post of the tag, not of the site: {rss}"
    );

    let atom = site.read("public/tags/security/atom.xml");
    check_xml(&atom).unwrap_or_else(|e| panic!("{e}\n{atom}"));
    assert_eq!(
        elements(&atom, "id"),
        [
            "https://releases.example.com/tags/security/",
            "https://releases.example.com/2024/03/c/",
            "https://releases.example.com/2024/01/a/",
        ]
    );
    assert!(
        atom.contains(
            r#"<link href="https://releases.example.com/tags/security/atom.xml" rel="self""#
        ),
        "{atom}"
    );
    assert_eq!(count(&atom, "<content"), 0, "{atom}");
    assert_eq!(
        unescape(&elements(&atom, "summary")[1]),
        "The whole text of 1.0."
    );
}

#[test]
fn a_category_has_feeds_too_and_its_updated_is_its_newest_update() {
    let site = site();
    site.build().clean();
    let atom = site.read("public/categories/Release-notes/atom.xml");
    check_xml(&atom).unwrap_or_else(|e| panic!("{e}\n{atom}"));
    assert_eq!(
        elements(&atom, "title"),
        [
            "Releases: Posts in “Release notes”",
            "1.2",
            "1.1",
            "1.0 &amp; &lt;more&gt;"
        ]
    );
    assert_eq!(elements(&atom, "updated")[0], "2024-07-01T00:00:00+00:00");
    let rss = site.read("public/categories/Release-notes/rss.xml");
    check_xml(&rss).unwrap_or_else(|e| panic!("{e}\n{rss}"));
    assert_eq!(count(&rss, "<item>"), 3);
}

#[test]
fn a_term_page_links_its_feeds_for_readers_and_feed_readers() {
    let site = site();
    site.build().clean();
    let page = site.read("public/tags/security/index.html");
    assert!(
        page.contains(
            r#"<link rel="alternate" type="application/rss+xml" title="Posts tagged “security” · Releases (RSS)" href="/tags/security/rss.xml">"#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"type="application/atom+xml" title="Posts tagged “security” · Releases (Atom)" href="/tags/security/atom.xml">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a class="feed-link" href="/tags/security/rss.xml">RSS feed</a>"#),
        "{page}"
    );
    let category = site.read("public/categories/Release-notes/index.html");
    assert!(
        category.contains(r#"href="/categories/Release-notes/atom.xml""#),
        "{category}"
    );
}

#[test]
fn feed_limit_holds_for_term_feeds() {
    let site = Site::new();
    site.file("bulletin.yaml", "feed_limit: 2\n");
    for i in 1..=4 {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(
                &format!("P{i}"),
                &format!("2024-01-0{i}"),
                "tags: [t]",
                "Body.\n",
            ),
        );
    }
    site.build().clean();
    let rss = site.read("public/tags/t/rss.xml");
    assert_eq!(elements(&rss, "title")[1..], ["P4", "P3"], "{rss}");
}

#[test]
fn term_feeds_can_be_turned_off() {
    let site = site();
    site.file("bulletin.yaml", format!("{CONFIG}term_feeds: false\n"));
    site.build().clean();
    assert!(site.exists("public/tags/security/index.html"));
    assert!(!site.exists("public/tags/security/rss.xml"));
    assert!(!site.exists("public/categories/Release-notes/atom.xml"));
    let page = site.read("public/tags/security/index.html");
    assert!(!page.contains("/tags/security/rss.xml"), "{page}");
    assert!(!page.contains("feed-link"), "{page}");
}

#[test]
fn a_legacy_url_at_a_tag_feed_is_a_collision_naming_both() {
    let site = site();
    site.file(
        "content/posts/e.md",
        post(
            "E",
            "2024-05-01",
            "legacyUrl: /tags/security/rss.xml",
            "Body.\n",
        ),
    );
    let run = site.build().fails();
    let line = (run.diagnostics().into_iter())
        .find(|l| l.contains("two things at one URL: /tags/security/rss.xml"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(line.contains("the feed of tag 'security'"), "{line}");
    assert!(line.contains("content/posts/e.md"), "{line}");
}
