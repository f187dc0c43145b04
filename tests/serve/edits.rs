//! Edits: what an edit to a post, a template, a stylesheet or an author file
//! rewrites, and the overlay a broken one shows until it is fixed.

use super::*;

#[test]
fn an_edit_is_served_and_open_pages_are_told_to_reload() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("First body of A."));
    assert!(
        page.body.contains("/__bulletin/live.js"),
        "no live-reload script"
    );
    assert!(!site.exists("public"), "serve wrote public/");

    let mut events = server.events();
    save_a(&site, "Post A", "Second body of A.\n");
    events.next("reload");
    let page = server.get("/2024/03/a/");
    assert!(page.body.contains("Second body of A."), "{}", page.body);
    assert!(!page.body.contains("First body of A."));
    // The feed carries the new body too; the other post's page is as it was.
    assert!(server.get("/rss.xml").body.contains("Second body of A."));
    assert!(server.get("/2024/02/b/").body.contains("Body of B."));

    // A new post appears in the listings; a removed one leaves them.
    site.file(
        "content/posts/c.md",
        post("Post C", "2024-04-01", "", "Body of C.\n"),
    );
    // Pages are written in parallel: each is waited for.
    events.until(|| {
        server.get("/2024/04/c/").status == 200 && server.get("/").body.contains("Post C")
    });
    site.remove("content/posts/c.md");
    events.until(|| server.get("/2024/04/c/").status == 404);
    assert!(!server.get("/blog/").body.contains("Post C"));
}

#[test]
fn the_first_edit_after_start_up_rewrites_no_more_than_a_later_one() {
    // The first render leaves the files' fingerprints for after the server listens.
    // They are recorded before any change is read: the first edit rewrites the files
    // it changes, as a later edit does, not every page that shows the post.
    let site = blog();
    let server = Server::start(&site, &[]);
    // A second paragraph: the post's page, feeds and search change, not its card.
    let first = files_written_by(
        &server,
        &site,
        "First body of A.\n\nA second paragraph, once.\n",
    );
    let later = files_written_by(
        &server,
        &site,
        "First body of A.\n\nA second paragraph, twice.\n",
    );
    assert!(first > 0, "{}", server.stderr());
    assert_eq!(first, later, "{}", server.stderr());
}

/// Saves `a.md` of [`blog`] with `body` and waits for the update: the number of files
/// it wrote.
fn files_written_by(server: &Server, site: &Site, body: &str) -> usize {
    let count = |s: &str| s.lines().filter(|l| l.starts_with("updated ")).count();
    let before = count(&server.stderr());
    save_a(site, "Post A", body);
    let deadline = Instant::now() + PATIENCE;
    while count(&server.stderr()) == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let stderr = server.stderr();
    let last = stderr.lines().rev().find(|l| l.starts_with("updated "));
    let files = last.and_then(|l| l.split(' ').nth(1)?.parse::<usize>().ok());
    files.unwrap_or_else(|| panic!("{stderr}"))
}

#[test]
fn listings_are_rendered_again_for_what_their_templates_show_of_a_post() {
    // The default theme shows no word count in listings: a paragraph that adds words
    // changes the post's card, but no listing is rendered again for it.
    let added = "First body of A.\n\nAnd a second paragraph of seven words.\n";
    let site = blog();
    let server = Server::start(&site, &[]);
    // The live-reload script names the site's version, which every update moves on.
    let listing = || {
        let body = server.get("/blog/").body;
        let at = body.find("data-version=").unwrap_or(body.len());
        body[..at].to_string()
    };
    let before = listing();
    let plain = files_written_by(&server, &site, added);
    assert_eq!(listing(), before);

    // A card that shows it: the listings that show the post are rendered again.
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/card.html"),
    )
    .unwrap();
    let card = card.replace(
        "</article>",
        "<p class=\"words\">{{ post.words }} words</p></article>",
    );
    let shown = blog();
    shown.file("templates/partials/card.html", &card);
    let server = Server::start(&shown, &[]);
    assert!(server.get("/blog/").body.contains(">4 words<"));
    let with_words = files_written_by(&server, &shown, added);
    for page in ["/blog/", "/tags/news/", "/blog/year/2024/"] {
        let body = server.get(page).body;
        assert!(body.contains(">11 words<"), "{page}: {body}");
    }
    assert!(with_words > plain, "{with_words} files against {plain}");
}

#[test]
fn a_broken_post_shows_an_overlay_until_it_is_fixed() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save(&site, "content/posts/a.md", BROKEN_A);
    events.next("reload");
    // Every page shows the error, with its file and line; the last good version of
    // the broken post is still served.
    for path in ["/2024/03/a/", "/2024/02/b/", "/"] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains("id=\"bulletin-overlay\""),
            "{path}: no overlay"
        );
        assert!(
            page.body.contains("content/posts/a.md:3:"),
            "{path}: the overlay does not name the file and line:\n{}",
            page.body
        );
    }
    assert!(server.get("/2024/03/a/").body.contains("First body of A."));
    server.says("content/posts/a.md:3:");

    save_a(&site, "Post A", "Fixed body of A.\n");
    events.next("reload");
    let page = server.get("/2024/03/a/");
    assert!(
        !page.body.contains("bulletin-overlay"),
        "the overlay stayed"
    );
    assert!(page.body.contains("Fixed body of A."));
}

/// A title edit that names no other release patches the model: the post's page, the
/// listings and the feed show the new title; one that names another version moves the
/// post to that release's series.
#[test]
fn a_title_edit_shows_everywhere_and_moves_a_release_only_when_its_version_changes() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save_a(&site, "Post A, renamed", "First body of A.\n");
    events.until(|| server.get("/").body.contains("Post A, renamed"));
    assert!(server.get("/2024/03/a/").body.contains("Post A, renamed"));
    assert!(server.get("/blog/").body.contains("Post A, renamed"));
    assert!(server.get("/tags/news/").body.contains("Post A, renamed"));
    assert!(server.get("/rss.xml").body.contains("Post A, renamed"));
    assert!(
        server
            .get("/search-index.json")
            .body
            .contains("Post A, renamed")
    );
    // Its summary too, which a new first paragraph changes.
    save_a(
        &site,
        "Post A, renamed",
        "A new first paragraph.\n\nFirst body of A.\n",
    );
    events.until(|| server.get("/blog/").body.contains("A new first paragraph."));
    assert!(
        server
            .get("/search-index.json")
            .body
            .contains("A new first paragraph.")
    );
    // Now it announces a release, then another one: the releases page follows.
    for version in ["2.1.0", "3.0.0"] {
        save_a(
            &site,
            &format!("Widget {version} released"),
            "First body of A.\n",
        );
        events.until(|| server.get("/releases/").body.contains(version));
    }
    assert!(!server.get("/releases/").body.contains("2.1.0"));
}

#[test]
fn a_broken_template_keeps_the_last_good_pages() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.file("templates/post.html", "{% if %}broken{% endif %}\n");
    events.until(|| server.get("/").body.contains("bulletin-overlay"));
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("First body of A."),
        "the last good page is gone"
    );
    assert!(page.body.contains("templates/post.html"), "{}", page.body);

    site.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<p>custom {{ card.title }}</p>{% endblock %}\n",
    );
    // The overlay is cleared once the update is done, after the page is written.
    events.until(|| {
        let page = server.get("/2024/03/a/").body;
        page.contains("custom Post A") && !page.contains("bulletin-overlay")
    });
    // Pages not using the template were not rewritten with it.
    assert!(!server.get("/").body.contains("custom"));
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.file("static/style.css", "body { color: rebeccapurple }\n");
    let data = events.next("css");
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["files"], serde_json::json!(["style.css"]), "{data}");
    let css = server.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("rebeccapurple"));
}

#[test]
fn drafts_get_a_banner_and_stay_out_of_feeds_and_the_sitemap() {
    let site = blog();
    site.file(
        "content/posts/draft.md",
        post(
            "Unfinished draft",
            "2024-05-01",
            "published: false",
            "Draft body.\n",
        ),
    );
    let server = Server::start(&site, &["--drafts"]);
    let page = server.get("/2024/05/draft/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("draft-banner"), "no Draft banner");
    for feed in [
        "/rss.xml",
        "/atom.xml",
        "/feeds/posts/default",
        "/sitemap.xml",
    ] {
        let body = server.get(feed).body;
        assert!(
            !body.contains("Unfinished draft") && !body.contains("/draft/"),
            "{feed}"
        );
        assert!(
            body.contains("/2024/03/a/"),
            "{feed} lost the published posts"
        );
    }
    drop(server);
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/2024/05/draft/").status, 404);
}

#[test]
fn categories_come_and_go_with_edits() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    assert_eq!(server.get("/categories/").status, 404);
    assert!(!server.get("/2024/02/b/").body.contains("/categories/"));

    save(
        &site,
        "content/posts/a.md",
        &post(
            "Post A",
            "2024-03-01",
            "tags: [news]\ncategories: [Releases]",
            "First body of A.\n",
        ),
    );
    // The category's pages appear, and every page's header links to them.
    events.until(|| {
        server.get("/categories/Releases/").body.contains("Post A")
            && server
                .get("/2024/02/b/")
                .body
                .contains(r#"href="/categories/""#)
    });
    assert!(server.get("/categories/").body.contains("Releases"));
    assert!(
        server
            .get("/sitemap.xml")
            .body
            .contains("/categories/Releases/")
    );
    assert!(
        server
            .get("/2024/03/a/")
            .body
            .contains(r#" · in <a href="/categories/Releases/">Releases</a>"#)
    );

    // Renamed, then gone.
    save(
        &site,
        "content/posts/a.md",
        &post(
            "Post A",
            "2024-03-01",
            "tags: [news]\ncategories: [Security]",
            "First body of A.\n",
        ),
    );
    events.until(|| {
        server.get("/categories/Security/").status == 200
            && server.get("/categories/Releases/").status == 404
    });
    save_a(&site, "Post A", "First body of A.\n");
    events.until(|| {
        server.get("/categories/").status == 404
            && !server.get("/2024/02/b/").body.contains("/categories/")
    });
    assert!(!server.get("/sitemap.xml").body.contains("/categories/"));
}

#[test]
fn author_files_dates_and_feed_dates_follow_edits() {
    let site = blog();
    site.file(
        "bulletin.yaml",
        "title: Serve test\nsocial_cards: false\nfeed_limit: 1\n",
    )
    .file(
        "content/posts/b.md",
        post(
            "Post B",
            "2024-02-01T00:30:00+02:00",
            "author: zed",
            "Body of B.\n",
        ),
    );
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    assert!(server.get("/authors/zed/").body.contains(">zed<"));

    // A new author file names the author.
    site.file("content/authors/zed.yaml", "name: Zed Zebra\n");
    events.until(|| server.get("/authors/zed/").body.contains("Zed Zebra"));

    // The same instant written in another zone is another day, so another URL.
    save(
        &site,
        "content/posts/b.md",
        &post(
            "Post B",
            "2024-01-31T22:30:00Z",
            "author: zed",
            "Body of B.\n",
        ),
    );
    // The new page is written before the old one is removed: both are waited for.
    events.until(|| {
        server.get("/2024/01/b/").status == 200 && server.get("/2024/02/b/").status == 404
    });

    // The feed holds one post (A), but its `updated` is the newest date of all.
    save(
        &site,
        "content/posts/b.md",
        &post(
            "Post B",
            "2024-01-31T22:30:00Z",
            "author: zed\nupdatedDate: '2025-06-01'",
            "Body of B.\n",
        ),
    );
    events.until(|| server.get("/atom.xml").body.contains("<updated>2025-06-01"));
}

#[test]
fn a_post_restored_to_its_last_good_text_clears_its_error() {
    let site = blog();
    let good = post("Post A", "2024-03-01", "tags: [news]", "First body of A.\n");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save(
        &site,
        "content/posts/a.md",
        "---\ntitle: [unclosed\n---\nBroken.\n",
    );
    events.until(|| server.get("/").body.contains("bulletin-overlay"));
    // A template change while the post is broken: its page cannot be rendered.
    site.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<p>v2 {{ card.title }}</p>{% endblock %}\n",
    );
    events.until(|| server.get("/2024/02/b/").body.contains("v2 Post B"));
    // Undo: the exact text it had.
    save(&site, "content/posts/a.md", &good);
    events.until(|| {
        let page = server.get("/2024/03/a/").body;
        page.contains("v2 Post A") && !page.contains("bulletin-overlay")
    });
}

#[test]
fn a_post_written_as_name_html_is_served_at_its_url_from_a_posts_folder() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [src/blog]\npermalink: /blog/{year}/{month}/{day}/{slug}\n\
         permalink_date: path\nsocial_cards: false\n",
    )
    .file(
        "src/blog/2024/12/05/react-19.md",
        "---\ntitle: React 19\n---\nBody.\n",
    );
    let server = Server::start(&site, &[]);
    let page = server.get("/blog/2024/12/05/react-19");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("React 19"), "{}", page.body);
    assert_eq!(server.get("/blog/2024/12/05/react-1").status, 404);
}

#[test]
fn the_pages_of_a_long_listing_follow_edits() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "title: Serve test\nsocial_cards: false\nposts_per_list_page: 1\n",
    )
    .file(
        "content/posts/a.md",
        post("Post A", "2024-03-01", "tags: [news]", "A.\n"),
    )
    .file(
        "content/posts/b.md",
        post("Post B", "2024-02-01", "tags: [news]", "B.\n"),
    );
    let server = Server::start(&site, &[]);
    assert!(server.get("/tags/news/2/").body.contains("Post B"));
    let mut events = server.events();
    // The older post's new title is on the tag's second page.
    let edited = post("Post B, edited", "2024-02-01", "tags: [news]", "B.\n");
    save(&site, "content/posts/b.md", &edited);
    events.next("reload");
    let second = server.get("/tags/news/2/").body;
    assert!(second.contains("Post B, edited"), "{second}");
    // A third post gives the tag a third page, and the second links to it.
    let third = post("Post C", "2024-01-01", "tags: [news]", "C.\n");
    save(&site, "content/posts/c.md", &third);
    events.next("reload");
    assert!(server.get("/tags/news/3/").body.contains("Post C"));
    let second = server.get("/tags/news/2/").body;
    assert!(
        second.contains(r#"<a rel="next" href="/tags/news/3/">"#),
        "{second}"
    );
}
