//! Listings: `/blog/` pages, years, tags, authors, the home page, and their order.

use crate::common::{Site, count, post};

/// The post titles a listing shows, in order: the home page's hero, then the cards.
fn titles(html: &str) -> Vec<String> {
    html.split(r#"class="card-title">"#)
        .flat_map(|part| part.split(r#"id="hero-title">"#))
        .skip(1)
        .map(|card| {
            let start = card.find('>').unwrap() + 1;
            let end = card.find("</a>").unwrap();
            card[start..end].to_string()
        })
        .collect()
}

fn numbered_posts(site: &Site, n: usize) {
    posts_with(site, n, "");
}

/// Posts 1 to `n`, a day apart in 2024 (28 days a month), each with `front_matter`.
fn posts_with(site: &Site, n: usize, front_matter: &str) {
    for i in 1..=n {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(
                &format!("Post {i}"),
                &format!("2024-{:02}-{:02}", 1 + (i - 1) / 28, 1 + (i - 1) % 28),
                front_matter,
                "Body.\n",
            ),
        );
    }
}

#[test]
fn blog_is_paginated_by_posts_per_page() {
    let site = Site::new();
    site.file("bulletin.yaml", "posts_per_page: 2\n");
    numbered_posts(&site, 5);
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/blog/index.html")),
        ["Post 5", "Post 4"]
    );
    assert_eq!(
        titles(&site.read("public/blog/2/index.html")),
        ["Post 3", "Post 2"]
    );
    assert_eq!(titles(&site.read("public/blog/3/index.html")), ["Post 1"]);
    assert!(!site.exists("public/blog/4"));
    assert!(!site.exists("public/blog/1"));
    let first = site.read("public/blog/index.html");
    assert!(
        first.contains(r#"<a rel="next" href="/blog/2/">"#),
        "{first}"
    );
    let last = site.read("public/blog/3/index.html");
    assert!(last.contains(r#"<a rel="prev" href="/blog/2/">"#), "{last}");
    assert!(!last.contains(r#"rel="next""#), "{last}");
}

#[test]
fn no_empty_page_when_posts_fill_the_last_page() {
    let site = Site::new();
    site.file("bulletin.yaml", "posts_per_page: 2\n");
    numbered_posts(&site, 4);
    site.build().clean();
    assert!(site.exists("public/blog/2/index.html"));
    assert!(!site.exists("public/blog/3"));
}

#[test]
fn twenty_posts_per_page_by_default() {
    let site = Site::new();
    numbered_posts(&site, 21);
    site.build().clean();
    assert_eq!(titles(&site.read("public/blog/index.html")).len(), 20);
    assert_eq!(titles(&site.read("public/blog/2/index.html")), ["Post 1"]);
    assert!(!site.exists("public/blog/3"));
}

#[test]
fn home_page_shows_the_newest_home_posts() {
    let site = Site::new();
    site.file("bulletin.yaml", "home_posts: 2\ntitle: Release notes\n");
    numbered_posts(&site, 3);
    site.build().clean();
    let home = site.read("public/index.html");
    assert_eq!(titles(&home), ["Post 3", "Post 2"]);
    assert!(home.contains("<title>Release notes</title>"), "{home}");
}

#[test]
fn year_pages_hold_the_posts_of_their_year() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("Old one", "2022-12-31", "", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("New one", "2024-01-01", "", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post("Newer one", "2024-06-01", "", "Body.\n"),
    );
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/blog/year/2024/index.html")),
        ["Newer one", "New one"]
    );
    assert_eq!(
        titles(&site.read("public/blog/year/2022/index.html")),
        ["Old one"]
    );
    assert!(!site.exists("public/blog/year/2023"));
    let blog = site.read("public/blog/index.html");
    assert!(
        blog.contains(r#"<a href="/blog/year/2022/">2022</a>"#),
        "{blog}"
    );
}

#[test]
fn tag_index_counts_and_tag_pages_list_every_post() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "tags: [python]", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "tags: [python, rust]", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post("C", "2024-01-03", "tags: [python]", "Body.\n"),
    )
    .file("content/posts/d.md", post("D", "2024-01-04", "", "Body.\n"));
    site.build().clean();
    let index = site.read("public/tags/index.html");
    assert!(
        index.contains(r#"<a href="/tags/python/">python <span class="count">3<span class="visually-hidden"> posts</span></span></a>"#),
        "{index}"
    );
    assert!(
        index.contains(r#"<a href="/tags/rust/">rust <span class="count">1<span class="visually-hidden"> post</span></span></a>"#),
        "{index}"
    );
    assert_eq!(count(&index, r#"class="count""#), 2, "{index}");
    assert_eq!(
        titles(&site.read("public/tags/python/index.html")),
        ["C", "B", "A"]
    );
    assert_eq!(titles(&site.read("public/tags/rust/index.html")), ["B"]);
}

#[test]
fn tags_differing_only_in_case_are_one_tag() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "tags: [Python]", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "tags: [python]", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post("C", "2024-01-03", "tags: [Python]", "Body.\n"),
    );
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/tags/Python/index.html")),
        ["C", "B", "A"]
    );
    assert!(!site.exists("public/tags/python"));
    let index = site.read("public/tags/index.html");
    assert_eq!(count(&index, r#"class="count""#), 1, "{index}");
    let b = site.read("public/2024/01/b/index.html");
    assert!(b.contains(r#"<a href="/tags/Python/">Python</a>"#), "{b}");
}

#[test]
fn a_post_lists_a_tag_once_even_when_spelled_twice() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "tags: [Rust, python, rust]", "Body.\n"),
    );
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    assert_eq!(count(&page, r#"<a href="/tags/Rust/">"#), 1, "{page}");
    let index = crate::common::search_docs(&site.root().join("public"));
    assert_eq!(index[0]["tags"], serde_json::json!(["Rust", "python"]));
}

#[test]
fn tags_that_differ_only_in_punctuation_both_get_a_page() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "tags: [C]", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "tags: [C++]", "Body.\n"),
    );
    site.build().clean();
    let index = site.read("public/tags/index.html");
    assert_eq!(count(&index, r#"class="count""#), 2, "{index}");
}

#[test]
fn author_pages_from_json_yaml_and_names_without_a_file() {
    let site = Site::new();
    site.file(
        "content/authors/mira.json",
        r#"{"name": "Mira Okonkwo", "bio": "Runs releases.", "github": "mira-o"}"#,
    )
    .file(
        "content/authors/tomas.yaml",
        "name: Tomáš Novák\nbio: Writes docs.\n",
    )
    .file(
        "content/posts/a.md",
        post("A", "2024-01-01", "author: mira", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-01-02", "author: Tomáš Novák", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post("C", "2024-01-03", "author: mira okonkwo", "Body.\n"),
    )
    .file(
        "content/posts/d.md",
        post("D", "2024-01-04", "author: Łukasz Langa", "Body.\n"),
    );
    site.build().clean();

    let mira = site.read("public/authors/mira/index.html");
    assert!(mira.contains("<h1>Mira Okonkwo</h1>"), "{mira}");
    assert!(mira.contains("Runs releases."), "{mira}");
    assert!(
        mira.contains(r#"href="https://github.com/mira-o""#),
        "{mira}"
    );
    assert_eq!(titles(&mira), ["C", "A"]);
    let tomas = site.read("public/authors/tomas/index.html");
    assert_eq!(titles(&tomas), ["B"]);
    assert!(tomas.contains("Writes docs."), "{tomas}");
    let lukasz = site.read("public/authors/lukasz-langa/index.html");
    assert_eq!(titles(&lukasz), ["D"]);
    assert!(lukasz.contains("<h1>Łukasz Langa</h1>"), "{lukasz}");

    let index = site.read("public/authors/index.html");
    for (url, name, n) in [
        ("/authors/lukasz-langa/", "Łukasz Langa", "1 post<"),
        ("/authors/mira/", "Mira Okonkwo", "2 posts"),
        ("/authors/tomas/", "Tomáš Novák", "1 post<"),
    ] {
        let link = format!(r#"<a class="author-name" href="{url}">{name}</a>"#);
        let entry = &index[index
            .find(&link)
            .unwrap_or_else(|| panic!("{link} missing in {index}"))..];
        let count = &entry[..entry.find("</li>").expect("end of the entry")];
        assert!(
            count.contains(&format!(r#"<span class="count">{n}"#)),
            "{count}"
        );
    }
    let c = site.read("public/2024/01/c/index.html");
    assert!(
        c.contains(r#"<a href="/authors/mira/">Mira Okonkwo</a>"#),
        "{c}"
    );
}

#[test]
fn default_author_signs_posts_without_one() {
    let site = Site::new();
    site.file("bulletin.yaml", "default_author: Release Team\n")
        .file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/authors/release-team/index.html")),
        ["A"]
    );
}

#[test]
fn newest_first_with_ties_broken_by_slug() {
    let site = Site::new();
    site.file(
        "content/posts/b.md",
        post("Tie B", "2024-01-02", "", "Body.\n"),
    )
    .file(
        "content/posts/d.md",
        post("Oldest", "2024-01-01", "", "Body.\n"),
    )
    .file(
        "content/posts/a.md",
        post("Tie A", "2024-01-02", "", "Body.\n"),
    )
    .file(
        "content/posts/c.md",
        post("Newest", "2024-01-03", "", "Body.\n"),
    );
    site.build().clean();
    let order = ["Newest", "Tie A", "Tie B", "Oldest"];
    assert_eq!(titles(&site.read("public/blog/index.html")), order);
    assert_eq!(titles(&site.read("public/index.html")), order);
    let index = crate::common::search_docs(&site.root().join("public"));
    let titles: Vec<&str> = index.iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, order);
}

#[test]
fn order_uses_the_instant_not_the_written_date() {
    let site = Site::new();
    // 23:00 at -05:00 is 04:00 UTC the next day: later than 01:00 UTC that day.
    site.file(
        "content/posts/late.md",
        post("Late evening", "2024-01-31T23:00:00-05:00", "", "Body.\n"),
    )
    .file(
        "content/posts/early.md",
        post("Early morning", "2024-02-01T01:00:00Z", "", "Body.\n"),
    );
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/blog/index.html")),
        ["Late evening", "Early morning"]
    );
}

#[test]
fn post_pages_link_to_older_and_newer_posts() {
    let site = Site::new();
    numbered_posts(&site, 3);
    site.build().clean();
    let middle = site.read("public/2024/01/p2/index.html");
    assert!(
        middle.contains(r#"<a rel="prev" href="/2024/01/p1/">"#),
        "{middle}"
    );
    assert!(
        middle.contains(r#"<a rel="next" class="next" href="/2024/01/p3/">"#),
        "{middle}"
    );
}

#[test]
fn search_index_lists_every_post() {
    let site = Site::new();
    site.file("content/authors/mira.json", r#"{"name": "Mira"}"#)
        .file(
            "content/posts/a.md",
            post(
                "Alpha",
                "2024-01-01T10:00:00+02:00",
                "author: mira\ndescription: First one.\ntags: [x, y]",
                "Body.\n",
            ),
        )
        .file(
            "content/posts/b.md",
            post(
                "Beta",
                "2024-02-01",
                "",
                "The *first* paragraph.\n\nSecond.\n",
            ),
        );
    site.build().clean();
    let index = crate::common::search_docs(&site.root().join("public"));
    assert_eq!(
        index,
        [
            serde_json::json!({"url": "/2024/02/b/", "title": "Beta", "date": "2024-02-01",
             "date_text": "February 1, 2024", "author": "", "tags": [],
             "description": "The first paragraph.", "text": "The first paragraph.\nSecond."}),
            serde_json::json!({"url": "/2024/01/a/", "title": "Alpha", "date": "2024-01-01",
             "date_text": "January 1, 2024", "author": "Mira", "tags": ["x", "y"],
             "description": "First one.", "text": "Body."}),
        ]
    );
    // Ids count from the oldest post.
    assert!(
        site.read("public/search/d/0.json")
            .starts_with(r#"[{"url":"/2024/01/a/""#)
    );
    // Every post in one file, for tools and other themes' searches.
    let list: serde_json::Value =
        serde_json::from_str(&site.read("public/search-index.json")).unwrap();
    assert_eq!(
        list,
        serde_json::json!([
            {"url": "/2024/02/b/", "title": "Beta", "description": "The first paragraph.",
             "author": "", "date": "2024-02-01", "tags": []},
            {"url": "/2024/01/a/", "title": "Alpha", "description": "First one.",
             "author": "Mira", "date": "2024-01-01", "tags": ["x", "y"]},
        ])
    );
}

#[test]
fn a_site_without_posts_builds() {
    let site = Site::new();
    let run = site.build().clean();
    assert!(run.stdout.starts_with("built 0 posts,"), "{}", run.stdout);
    assert!(
        site.read("public/blog/index.html")
            .contains("No posts yet.")
    );
    assert!(site.exists("public/index.html"));
    assert!(
        site.read("public/search/index.json")
            .contains(r#""posts":0"#)
    );
    assert!(!site.exists("public/search/d"));
    assert_eq!(site.read("public/search-index.json"), "[]");
    assert!(!site.exists("public/blog/2"));
}

/// The post titles of a compact list (`<ol class="archive">`), in order.
fn archive_titles(html: &str) -> Vec<String> {
    let Some((_, list)) = html.split_once(r#"<ol class="archive">"#) else {
        return Vec::new();
    };
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li><time")
        .skip(1)
        .map(|item| {
            let link = &item[item.find("<a href=").unwrap()..];
            link[link.find('>').unwrap() + 1..link.find("</a>").unwrap()].to_string()
        })
        .collect()
}

fn tagged_posts(site: &Site, n: usize) {
    posts_with(site, n, "tags: [python]\nauthor: Ann");
}

#[test]
fn long_tag_author_and_year_listings_are_split_in_pages() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "posts_per_list_page: 2\nbase_url: https://example.org/\n",
    );
    tagged_posts(&site, 5);
    site.build().clean();
    let sitemap = site.read("public/sitemap.xml");
    for (path, title) in [
        ("tags/python", "Posts tagged “python”"),
        ("authors/ann", "Ann"),
        ("blog/year/2024", "Posts of 2024"),
    ] {
        let page = |n: usize| match n {
            1 => site.read(&format!("public/{path}/index.html")),
            n => site.read(&format!("public/{path}/{n}/index.html")),
        };
        assert_eq!(titles(&page(1)), ["Post 5", "Post 4"], "{path}");
        assert_eq!(titles(&page(2)), ["Post 3", "Post 2"], "{path}");
        assert_eq!(titles(&page(3)), ["Post 1"], "{path}");
        assert!(!site.exists(&format!("public/{path}/4")), "{path}");
        assert!(!site.exists(&format!("public/{path}/1")), "{path}");
        let second = page(2);
        for expected in [
            format!(r#"<a rel="prev" href="/{path}/">"#),
            format!(r#"<a rel="next" href="/{path}/3/">"#),
            format!("<title>{title}, page 2 · "),
            format!(r#"<link rel="canonical" href="https://example.org/{path}/2/">"#),
            "Page 2 of 3.".to_string(),
        ] {
            assert!(second.contains(&expected), "{path}: {expected}\n{second}");
        }
        assert!(!page(3).contains(r#"rel="next""#), "{path}");
        assert!(page(1).contains(r#"<a rel="next" href="#), "{path}");
        for n in 2..=3 {
            let loc = format!("<loc>https://example.org/{path}/{n}/</loc>");
            assert!(sitemap.contains(&loc), "{loc}\n{sitemap}");
        }
    }
    let author = site.read("public/authors/ann/2/index.html");
    assert!(author.contains("5 posts · page 2 of 3</h2>"), "{author}");
    // The tag's feed and count are the whole tag's.
    assert_eq!(count(&site.read("public/tags/python/rss.xml"), "<item>"), 5);
    assert!(
        site.read("public/tags/python/2/index.html")
            .contains("5 posts")
    );
}

#[test]
fn a_listing_of_one_page_has_no_page_links() {
    let site = Site::new();
    tagged_posts(&site, 3);
    site.build().clean();
    assert_eq!(
        titles(&site.read("public/tags/python/index.html")),
        ["Post 3", "Post 2", "Post 1"]
    );
    assert!(!site.exists("public/tags/python/2"));
    let page = site.read("public/tags/python/index.html");
    assert!(!page.contains(r#"class="pagination""#), "{page}");
}

#[test]
fn every_page_of_a_long_listing_is_a_compact_list() {
    let site = Site::new();
    site.file("bulletin.yaml", "posts_per_list_page: 20\n");
    tagged_posts(&site, 30);
    site.build().clean();
    let first = archive_titles(&site.read("public/tags/python/index.html"));
    assert_eq!(first.len(), 20);
    assert_eq!(first[0], "Post 30");
    // The last page holds 10 posts, few enough for cards, but the listing is long.
    let last = site.read("public/tags/python/2/index.html");
    assert_eq!(archive_titles(&last).len(), 10, "{last}");
    assert_eq!(titles(&last), Vec::<String>::new());
    assert_eq!(
        archive_titles(&site.read("public/authors/ann/2/index.html")).len(),
        10
    );
    assert_eq!(
        archive_titles(&site.read("public/blog/year/2024/2/index.html")).len(),
        10
    );
    // `/blog/` shows cards, whatever the site's size.
    assert_eq!(titles(&site.read("public/blog/2/index.html")).len(), 10);
}

#[test]
fn two_hundred_fifty_posts_per_listing_page_by_default() {
    let site = Site::new();
    tagged_posts(&site, 251);
    site.build().clean();
    assert_eq!(
        archive_titles(&site.read("public/tags/python/index.html")).len(),
        250
    );
    assert_eq!(
        archive_titles(&site.read("public/tags/python/2/index.html")),
        ["Post 1"]
    );
}
