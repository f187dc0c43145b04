//! Legacy URLs: a redirect page at the exact old path.

use crate::common::{Site, count, post};

#[test]
fn legacy_html_url_gets_a_redirect_page_at_that_path() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://blog.example.org/\n")
        .file(
            "content/posts/moved.md",
            post(
                "Moved here",
                "2024-05-01",
                "legacyUrl: /2023/08/python-3120rc1-released.html",
                "Body.\n",
            ),
        );
    let run = site.build().clean();
    assert!(run.stdout.contains(", 1 redirects in"), "{}", run.stdout);
    let page = site.read("public/2023/08/python-3120rc1-released.html");
    assert!(
        page.contains(r#"<meta http-equiv="refresh" content="0; url=/2024/05/moved/">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<link rel="canonical" href="https://blog.example.org/2024/05/moved/">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/2024/05/moved/">Moved here</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
}

#[test]
fn legacy_url_with_a_trailing_slash_is_an_index_file() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post("Moved", "2024-05-01", "legacyUrl: /old/moved/", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.read("public/old/moved/index.html")
            .contains("url=/2024/05/moved/")
    );
}

#[test]
fn legacy_url_without_an_extension_is_an_index_file() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post("Moved", "2024-05-01", "legacyUrl: /p/12345", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.read("public/p/12345/index.html")
            .contains("url=/2024/05/moved/")
    );
}

#[test]
fn percent_escaped_legacy_url_is_decoded_into_the_file_name() {
    let site = Site::new();
    site.file(
        "content/posts/cafe.md",
        post(
            "Café",
            "2024-05-01",
            "legacyUrl: /2010/01/caf%C3%A9%20bar.html",
            "Body.\n",
        ),
    );
    site.build().clean();
    assert!(site.exists("public/2010/01/café bar.html"));
}

#[test]
fn every_alias_gets_a_redirect() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post(
            "Moved",
            "2024-05-01",
            "aliases:\n  - /a.html\n  - /b/\n  - /a.html",
            "Body.\n",
        ),
    );
    let run = site.build().clean();
    assert!(
        run.stdout.contains(", 2 redirects in"),
        "duplicates count once: {}",
        run.stdout
    );
    assert!(site.exists("public/a.html"));
    assert!(site.exists("public/b/index.html"));
}

#[test]
fn redirects_are_not_in_the_sitemap_search_or_feeds() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post(
            "Moved",
            "2024-05-01",
            "legacyUrl: /2023/08/old-name.html\naliases: [/older/]",
            "Body.\n",
        ),
    );
    site.build().clean();
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("old-name") && !sitemap.contains("/older/"),
        "{sitemap}"
    );
    assert_eq!(count(&sitemap, "/2024/05/moved/"), 1, "{sitemap}");
    for file in [
        "public/search-index.json",
        "public/rss.xml",
        "public/atom.xml",
    ] {
        let text = site.read(file);
        assert!(
            !text.contains("old-name") && !text.contains("older"),
            "{file}: {text}"
        );
    }
}
