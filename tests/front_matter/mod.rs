//! Front matter: fences, the spellings of other generators, extra keys and dates.

use crate::common::{Site, elements, post};

#[test]
fn bom_crlf_and_trailing_spaces_on_fences() {
    let site = Site::new();
    site.file(
        "content/posts/windows.md",
        "\u{feff}---  \r\ntitle: Windows post\r\npublishDate: 2024-02-03\r\ntags: [crlf]\r\n--- \t\r\n\r\nHello **world**.\r\n",
    );
    site.build().clean();
    let page = site.read("public/2024/02/windows/index.html");
    assert!(page.contains("<h1>Windows post</h1>"), "{page}");
    assert!(page.contains("<strong>world</strong>"), "{page}");
    assert!(site.exists("public/tags/crlf/index.html"));
}

#[test]
fn dashes_in_the_body_stay_in_the_body() {
    let site = Site::new();
    site.file(
        "content/posts/dashes.md",
        post(
            "Dashes",
            "2024-02-03",
            "",
            "Intro paragraph.\n\n---\n\nAfter the break.\n\nA heading\n---\n\nThe end.\n",
        ),
    );
    site.build().clean();
    let page = site.read("public/2024/02/dashes/index.html");
    assert!(page.contains("<hr />"), "thematic break: {page}");
    assert!(
        page.contains(r#"<h2 id="a-heading">A heading<a class="heading-anchor""#),
        "setext heading: {page}"
    );
    assert!(page.contains("After the break.") && page.contains("The end."));
}

#[test]
fn date_pub_date_and_publish_date_are_the_date() {
    let site = Site::new();
    for (key, date, slug) in [
        ("publishDate", "2021-01-02", "astro"),
        ("date", "2022-03-04", "hugo"),
        ("pubDate", "2023-05-06", "astro-rss"),
    ] {
        site.file(
            &format!("content/posts/{slug}.md"),
            format!("---\ntitle: {slug}\n{key}: '{date}'\n---\nBody.\n"),
        );
    }
    site.build().clean();
    assert!(site.exists("public/2021/01/astro/index.html"));
    assert!(site.exists("public/2022/03/hugo/index.html"));
    assert!(site.exists("public/2023/05/astro-rss/index.html"));
}

#[test]
fn unquoted_yaml_date_is_read() {
    let site = Site::new();
    site.file(
        "content/posts/plain.md",
        "---\ntitle: Plain\npublishDate: 2024-08-09\n---\nBody.\n",
    );
    site.build().clean();
    assert!(site.exists("public/2024/08/plain/index.html"));
}

#[test]
fn draft_true_is_held_back_and_draft_false_is_published() {
    let site = Site::new();
    site.file(
        "content/posts/wip.md",
        post("Work in progress", "2024-01-01", "draft: true", "Body.\n"),
    )
    .file(
        "content/posts/done.md",
        post("Done", "2024-01-01", "draft: false", "Body.\n"),
    );
    let run = site.build().clean();
    assert!(site.exists("public/2024/01/done/index.html"));
    assert!(!site.exists("public/2024/01/wip/index.html"));
    assert_eq!(run.held_back(), Some((1, 0)), "{}", run.stdout);
}

#[test]
fn aliases_and_redirect_from_are_legacy_urls() {
    let site = Site::new();
    site.file(
        "content/posts/hugo.md",
        post(
            "Hugo",
            "2024-01-01",
            "aliases:\n  - /old/hugo.html\n  - /older/hugo/",
            "Body.\n",
        ),
    )
    .file(
        "content/posts/jekyll.md",
        post(
            "Jekyll",
            "2024-01-02",
            "redirect_from: /old/jekyll.html",
            "Body.\n",
        ),
    );
    let run = site.build().clean();
    assert!(run.stdout.contains(", 3 redirects:"), "{}", run.stdout);
    assert!(site.read("public/old/hugo.html").contains("/2024/01/hugo/"));
    assert!(
        site.read("public/older/hugo/index.html")
            .contains("/2024/01/hugo/")
    );
    assert!(
        site.read("public/old/jekyll.html")
            .contains("/2024/01/jekyll/")
    );
}

#[test]
fn slug_replaces_the_file_name_in_the_url() {
    let site = Site::new();
    site.file(
        "content/posts/a-very-long-file-name/index.md",
        post("Short", "2024-01-01", "slug: short", "Body.\n"),
    )
    .file("content/posts/a-very-long-file-name/pic.png", "png");
    site.build().clean();
    assert!(site.exists("public/2024/01/short/index.html"));
    assert!(site.exists("public/2024/01/short/pic.png"));
    assert!(!site.exists("public/2024/01/a-very-long-file-name"));
}

#[test]
fn summary_and_excerpt_are_the_description() {
    let site = Site::new();
    site.file(
        "content/posts/zola.md",
        post(
            "Zola",
            "2024-01-02",
            "summary: 'Written as summary.'",
            "Body text.\n",
        ),
    )
    .file(
        "content/posts/jekyll.md",
        post(
            "Jekyll",
            "2024-01-01",
            "excerpt: 'Written as excerpt.'",
            "Body text.\n",
        ),
    );
    site.build().clean();
    let page = site.read("public/2024/01/zola/index.html");
    assert!(
        page.contains(r#"<meta name="description" content="Written as summary.">"#),
        "{page}"
    );
    let index = crate::common::search_docs(&site.root().join("public"));
    assert_eq!(index[0]["description"], "Written as summary.");
    assert_eq!(index[1]["description"], "Written as excerpt.");
}

#[test]
fn lastmod_updated_and_updated_date_are_the_update() {
    let site = Site::new();
    for (slug, key) in [("a", "updatedDate"), ("b", "lastmod"), ("c", "updated")] {
        site.file(
            &format!("content/posts/{slug}.md"),
            post(
                slug,
                "2024-01-01",
                &format!("{key}: '2024-03-02'"),
                "Body.\n",
            ),
        );
    }
    site.build().clean();
    for slug in ["a", "b", "c"] {
        let page = site.read(&format!("public/2024/01/{slug}/index.html"));
        assert!(
            page.contains(
                r#"<meta property="article:modified_time" content="2024-03-02T00:00:00+00:00">"#
            ),
            "{slug}: {page}"
        );
    }
    let sitemap = site.read("public/sitemap.xml");
    assert_eq!(
        sitemap.matches("<lastmod>2024-03-02</lastmod>").count(),
        3,
        "{sitemap}"
    );
}

#[test]
fn authors_list_names_every_author() {
    let site = Site::new();
    site.file(
        "content/posts/duo.md",
        post(
            "Duo",
            "2024-01-01",
            "authors:\n  - Ada Lovelace\n  - Charles Babbage",
            "Body.\n",
        ),
    );
    site.build().clean();
    let page = site.read("public/2024/01/duo/index.html");
    assert!(
        page.contains(r#"<a href="/authors/ada-lovelace/">Ada Lovelace</a>, <a href="/authors/charles-babbage/">Charles Babbage</a>"#),
        "{page}"
    );
    let rss = site.read("public/rss.xml");
    assert_eq!(
        elements(&rss, "dc:creator"),
        ["Ada Lovelace", "Charles Babbage"]
    );
}

#[test]
fn zola_taxonomies_tags_are_tags() {
    let site = Site::new();
    site.file(
        "content/posts/zola.md",
        post(
            "Zola",
            "2024-01-01",
            "taxonomies:\n  tags: [static, rust]",
            "Body.\n",
        ),
    );
    site.build().clean();
    assert!(site.read("public/tags/static/index.html").contains("Zola"));
    assert!(site.read("public/tags/rust/index.html").contains("Zola"));
}

#[test]
fn tags_as_one_string_is_one_tag() {
    let site = Site::new();
    site.file(
        "content/posts/one.md",
        post("One", "2024-01-01", "tags: releases", "Body.\n"),
    );
    site.build().clean();
    assert!(site.read("public/tags/releases/index.html").contains("One"));
    let tags = site.read("public/tags/index.html");
    assert!(
        tags.contains(r#"<a href="/tags/releases/">releases <span class="count">1<span class="visually-hidden"> post</span></span></a>"#),
        "{tags}"
    );
}

#[test]
fn unknown_keys_and_extra_reach_templates_as_page_extra() {
    let site = Site::new();
    site.file(
        "content/posts/rel.md",
        post(
            "Release",
            "2024-01-01",
            "cve: 'CVE-2024-1'\nextra:\n  codename: Nova",
            "Body.\n",
        ),
    )
    .file(
        "templates/post.html",
        "<p>cve={{ page.extra.cve }} codename={{ page.extra.codename }}</p>\n",
    );
    site.build().clean();
    assert_eq!(
        site.read("public/2024/01/rel/index.html"),
        "<p>cve=CVE-2024-1 codename=Nova</p>\n"
    );
}

#[test]
fn every_date_form_is_accepted_and_the_url_uses_the_date_as_written() {
    let site = Site::new();
    for (slug, date) in [
        ("plain", "2024-07-01"),
        ("offset", "2024-01-31T23:00:00-05:00"),
        ("utc", "2024-06-30T23:30:00Z"),
        ("local", "2024-03-04T10:00:00"),
        ("jekyll", "2024-05-06 10:00:00 +0200"),
        ("fraction", "2024-09-10T08:00:00.250+01:00"),
    ] {
        site.file(
            &format!("content/posts/{slug}.md"),
            post(slug, date, "", "Body.\n"),
        );
    }
    site.build().clean();
    for url in [
        "2024/07/plain",
        "2024/01/offset",
        "2024/06/utc",
        "2024/03/local",
        "2024/05/jekyll",
        "2024/09/fraction",
    ] {
        assert!(site.exists(&format!("public/{url}/index.html")), "{url}");
    }
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains("<pubDate>Wed, 31 Jan 2024 23:00:00 -0500</pubDate>"),
        "the offset is kept: {rss}"
    );
    assert!(
        rss.contains("<pubDate>Mon, 06 May 2024 10:00:00 +0200</pubDate>"),
        "{rss}"
    );
}
