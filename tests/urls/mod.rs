//! URLs: the base URL with a path, permalinks, tag segments.

use crate::common::{Site, attr_values, elements, post, unescape};

/// A small site with every kind of link: theme links, Markdown links and images
/// (root-relative and relative), raw HTML links, tags, authors and a redirect.
fn linked_site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/first.md",
        post(
            "First",
            "2024-01-05",
            "author: Ada Lovelace\ntags: [news]\nlegacyUrl: /2023/08/first.html",
            "Hello.\n",
        ),
    )
    .file(
        "content/posts/second/index.md",
        post(
            "Second",
            "2024-02-05",
            "tags: [news, charts]",
            "See [the first post](/2024/01/first/) and [tags](/tags/).\n\n\
             ![Chart](chart.png)\n\n\
             <p><a href=\"/authors/\">raw link</a> <img src=\"/favicon.svg\" alt=\"\"></p>\n\n\
             [elsewhere](https://python.org/) and [top](#top)\n",
        ),
    )
    .file("content/posts/second/chart.png", "png");
    site
}

const PREVIEW: &str = "https://example.org/preview/";

fn check_base_path(site: &Site) {
    assert!(
        !site.exists("public/preview"),
        "the base path is not a folder"
    );
    let mut checked = 0;
    for (file, bytes) in site.files("public") {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href", "src"] {
            for value in attr_values(&html, attr) {
                if value.starts_with('/') && !value.starts_with("//") {
                    assert!(
                        value.starts_with("/preview/"),
                        "{file}: {attr}=\"{value}\" is not under /preview/"
                    );
                    checked += 1;
                }
            }
        }
        for value in attr_values(&html, "content") {
            if let Some(url) = value.strip_prefix("0; url=") {
                assert!(url.starts_with("/preview/"), "{file}: refresh to {url}");
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn base_url_path_prefixes_every_internal_link() {
    let site = linked_site();
    site.build_with(&["--base-url", PREVIEW]).clean();
    check_base_path(&site);

    let page = site.read("public/2024/02/second/index.html");
    for link in [
        r#"href="/preview/2024/01/first/""#,
        r#"href="/preview/tags/""#,
        r#"src="/preview/2024/02/second/chart.png""#,
        r#"href="/preview/authors/""#,
        r#"src="/preview/favicon.svg""#,
        r#"href="/preview/style.css""#,
        r#"href="https://python.org/""#,
        r##"href="#top""##,
    ] {
        assert!(page.contains(link), "{link} missing in {page}");
    }
    let redirect = site.read("public/2023/08/first.html");
    assert!(
        redirect.contains(r#"<a href="/preview/2024/01/first/">"#),
        "{redirect}"
    );
}

#[test]
fn base_url_makes_canonical_feed_and_sitemap_urls_absolute() {
    let site = linked_site();
    site.build_with(&["--base-url", PREVIEW]).clean();

    let page = site.read("public/2024/01/first/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://example.org/preview/2024/01/first/">"#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"href="https://example.org/preview/rss.xml""#),
        "{page}"
    );
    let redirect = site.read("public/2023/08/first.html");
    assert!(
        redirect.contains(
            r#"<link rel="canonical" href="https://example.org/preview/2024/01/first/">"#
        ),
        "{redirect}"
    );

    let rss = site.read("public/rss.xml");
    let links = elements(&rss, "link");
    assert_eq!(links[0], PREVIEW);
    assert!(
        links.len() == 3 && links.iter().all(|l| l.starts_with(PREVIEW)),
        "{links:?}"
    );
    let content = unescape(&elements(&rss, "content:encoded")[0]);
    assert!(
        content.contains(r#"href="https://example.org/preview/2024/01/first/""#),
        "{content}"
    );
    assert!(
        content.contains(r#"src="https://example.org/preview/2024/02/second/chart.png""#),
        "{content}"
    );
    assert!(
        content.contains(r#"href="https://example.org/preview/authors/""#),
        "raw HTML too: {content}"
    );

    let atom = site.read("public/atom.xml");
    for id in elements(&atom, "id") {
        assert!(id.starts_with(PREVIEW), "{id}");
    }
    let sitemap = site.read("public/sitemap.xml");
    let locs = elements(&sitemap, "loc");
    assert!(!locs.is_empty());
    for loc in locs {
        assert!(loc.starts_with(PREVIEW), "{loc}");
    }
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.org/preview/sitemap.xml"),
    );
    let index = crate::common::search_docs(&site.root().join("public"));
    assert!(!index.is_empty());
    for entry in &index {
        assert!(
            entry["url"].as_str().unwrap().starts_with("/preview/20"),
            "{entry}"
        );
    }
}

#[test]
fn base_url_in_the_config_works_like_the_flag() {
    let site = linked_site();
    site.file("bulletin.yaml", "base_url: https://example.org/preview\n");
    site.build().clean();
    check_base_path(&site);
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/preview/</loc>")
    );
}

#[test]
fn base_url_flag_wins_over_the_config() {
    let site = linked_site();
    site.file("bulletin.yaml", "base_url: https://config.example/\n");
    site.build_with(&["--base-url", PREVIEW]).clean();
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/preview/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("config.example"), "{sitemap}");
}

#[test]
fn base_url_at_the_root_keeps_links_at_the_root() {
    let site = linked_site();
    site.build_with(&["--base-url", "https://example.org"])
        .clean();
    let page = site.read("public/2024/02/second/index.html");
    assert!(page.contains(r#"href="/2024/01/first/""#), "{page}");
    assert!(page.contains(r#"href="/style.css""#), "{page}");
    assert!(
        page.contains(r#"<link rel="canonical" href="https://example.org/2024/02/second/">"#),
        "{page}"
    );
}

#[test]
fn permalink_pattern_from_the_config() {
    let site = Site::new();
    site.file("bulletin.yaml", "permalink: /news/{year}/{day}/{slug}/\n")
        .file("content/posts/x.md", post("X", "2024-03-07", "", "Body.\n"));
    site.build().clean();
    assert!(site.exists("public/news/2024/07/x/index.html"));
    assert!(!site.exists("public/2024/03/x"));
}

#[test]
fn tags_with_unsafe_characters_get_safe_segments() {
    let site = Site::new();
    site.file(
        "content/posts/x.md",
        post(
            "X",
            "2024-03-07",
            "tags: [two words, 'c/c++', 'what?', Ünïcode]",
            "Body.\n",
        ),
    );
    site.build().clean();
    assert!(site.exists("public/tags/two-words/index.html"));
    assert!(site.exists("public/tags/c-c--/index.html"));
    assert!(site.exists("public/tags/what-/index.html"));
    assert!(site.exists("public/tags/Ünïcode/index.html"));
    let page = site.read("public/2024/03/x/index.html");
    assert!(
        page.contains(r#"<a href="/tags/two-words/">two words</a>"#),
        "{page}"
    );
}
