//! Categories: a taxonomy of their own beside tags, with an index at `/categories/` and a
//! page per category, folded like tags, and no pages at all on a site without them.

use crate::common::{Site, count, post};

/// The post titles a listing's cards show, in order.
fn titles(html: &str) -> Vec<&str> {
    html.split(r#"class="card-title"><a href=""#)
        .skip(1)
        .map(|card| {
            let start = card.find('>').unwrap() + 1;
            &card[start..card.find("</a>").unwrap()]
        })
        .collect()
}

/// The message of the failed build of `site` that holds `text`.
fn failure(site: &Site, text: &str) -> String {
    let run = site.build().fails();
    run.diagnostics()
        .into_iter()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} in {}", run.stderr))
        .to_string()
}

/// Three posts in two categories, spelled the ways other generators write them.
fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-01-01",
            "categories: [Releases]\ntags: [python]",
            "Body.\n",
        ),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "category: Security", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post(
            "C",
            "2024-01-03",
            "taxonomies:\n  categories: [Releases, Security]",
            "Body.\n",
        ),
    )
    .file("content/posts/d.md", post("D", "2024-01-04", "", "Body.\n"));
    site
}

#[test]
fn the_index_counts_and_each_page_lists_its_posts_newest_first() {
    let site = site();
    site.build().clean();
    let index = site.read("public/categories/index.html");
    assert!(index.contains("<h1>Categories</h1>"), "{index}");
    assert!(
        index.contains(
            r#"<a href="/categories/Releases/">Releases <span class="count">2<span class="visually-hidden"> posts</span></span></a>"#
        ),
        "{index}"
    );
    assert!(
        index.contains(
            r#"<a href="/categories/Security/">Security <span class="count">2<span class="visually-hidden"> posts</span></span></a>"#
        ),
        "{index}"
    );
    assert_eq!(count(&index, r#"class="count""#), 2, "{index}");

    let releases = site.read("public/categories/Releases/index.html");
    assert!(
        releases.contains("<h1>Posts in “Releases”</h1>"),
        "{releases}"
    );
    assert!(
        releases.contains(r#"<a href="/categories/">← All categories</a>"#)
            && releases.contains(r#"<p class="meta">2 posts"#),
        "{releases}"
    );
    assert_eq!(titles(&releases), ["C", "A"]);
    assert_eq!(
        titles(&site.read("public/categories/Security/index.html")),
        ["C", "B"]
    );
    // Tags are apart: the category is no tag, the tag no category.
    assert!(!site.exists("public/tags/Releases"));
    assert!(!site.exists("public/categories/python"));
}

#[test]
fn posts_cards_and_the_header_link_to_the_categories() {
    let site = site();
    site.build().clean();
    // The post's page: in the byline, and as the article's section.
    let c = site.read("public/2024/01/c/index.html");
    assert!(
        c.contains(
            r#" · in <a href="/categories/Releases/">Releases</a>, <a href="/categories/Security/">Security</a>"#
        ),
        "{c}"
    );
    assert!(
        c.contains(r#"<meta property="article:section" content="Releases">"#),
        "{c}"
    );
    // Cards in listings.
    let blog = site.read("public/blog/index.html");
    assert_eq!(
        count(&blog, r#"<a href="/categories/Security/">Security</a>"#),
        2,
        "{blog}"
    );
    // The header of every page, D's too (it has none).
    let d = site.read("public/2024/01/d/index.html");
    assert!(
        d.contains(r#"<a href="/categories/">Categories</a>"#),
        "{d}"
    );
    assert!(!d.contains(" · in "), "{d}");
    assert!(!d.contains("article:section"), "{d}");
    // Every link on every page leads somewhere.
    site.run(&["check"]).ok();
}

#[test]
fn the_sitemap_lists_the_index_and_every_category() {
    let site = site();
    site.build().clean();
    let sitemap = site.read("public/sitemap.xml");
    for url in [
        "/categories/",
        "/categories/Releases/",
        "/categories/Security/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>http://localhost{url}</loc>")),
            "{url} missing: {sitemap}"
        );
    }
}

#[test]
fn spellings_differing_in_case_or_accent_encoding_are_one_category() {
    let site = Site::new();
    // "Café" with é composed, and with e and a combining accent.
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "categories: [News, Café]", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post(
            "B",
            "2024-01-02",
            "categories: [news, Cafe\u{301}]",
            "Body.\n",
        ),
    )
    .file(
        "content/posts/c.md",
        post("C", "2024-01-03", "categories: [NEWS, News]", "Body.\n"),
    );
    site.build().clean();
    let index = site.read("public/categories/index.html");
    assert_eq!(count(&index, r#"class="count""#), 2, "{index}");
    // The most common spelling names it.
    assert!(
        index.contains(r#"<a href="/categories/News/">News <span class="count">3<span class="visually-hidden"> posts</span></span></a>"#),
        "{index}"
    );
    assert_eq!(
        titles(&site.read("public/categories/News/index.html")),
        ["C", "B", "A"]
    );
    // The index and a page and two feeds for each of the two categories.
    let files = site.files("public/categories");
    let pages = files.keys().filter(|f| f.ends_with("index.html")).count();
    assert_eq!((pages, files.len()), (3, 7), "{:?}", files.keys());
    // A post spelling one category twice is in it once.
    let c = site.read("public/2024/01/c/index.html");
    assert_eq!(count(&c, r#"<a href="/categories/News/">"#), 1, "{c}");
}

#[test]
fn a_post_at_a_category_url_is_a_collision() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "categories: [news]", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "url: /categories/news/", "Body.\n"),
    );
    let line = failure(&site, "two things at one URL: /categories/news/");
    assert!(line.contains("content/posts/b.md"), "{line}");
    assert!(line.contains("the page of category 'news'"), "{line}");
    assert!(!site.exists("public"));
}

#[test]
fn a_static_file_at_the_category_index_is_a_collision() {
    let site = site();
    site.file("static/categories/index.html", "<p>mine</p>");
    let line = failure(&site, "two things at one URL: /categories/ ");
    assert!(line.contains("the category index"), "{line}");
}

#[test]
fn without_categories_there_are_no_category_pages_nor_links() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-01-01",
            "tags: [python]\ncategories: []",
            "Body.\n",
        ),
    );
    site.build().clean();
    assert!(!site.exists("public/categories"));
    for page in [
        "public/index.html",
        "public/blog/index.html",
        "public/tags/index.html",
        "public/2024/01/a/index.html",
        "public/sitemap.xml",
    ] {
        let text = site.read(page);
        assert!(!text.contains("/categories/"), "{page}: {text}");
        assert!(!text.contains("Categories"), "{page}: {text}");
    }
    // Nor does a static file of that name collide with anything.
    site.file("static/categories/index.html", "<p>mine</p>");
    site.build().clean();
    assert_eq!(site.read("public/categories/index.html"), "<p>mine</p>");
}

#[test]
fn cards_show_the_first_four_categories_and_the_post_all() {
    let names: Vec<String> = (1..=6).map(|i| format!("c{i}")).collect();
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-01-01",
            &format!("categories: [{}]", names.join(", ")),
            "Body.\n",
        ),
    );
    site.build().clean();
    let card = site.read("public/categories/c1/index.html");
    assert_eq!(count(&card, r#"<a href="/categories/c"#), 4, "{card}");
    assert!(card.contains(">c4</a> and 2 more"), "{card}");
    let own = site.read("public/2024/01/a/index.html");
    assert_eq!(count(&own, r#"<a href="/categories/c"#), 6, "{own}");
    assert!(!own.contains(" more"), "{own}");
}
