//! Drafts and future posts: held back everywhere unless asked for.

use crate::common::{Site, attr_values, post};

/// One published post and one held-back post that touches every output: a bundle
/// file, a tag, an author, a legacy URL.
fn site_with(held_back_front_matter: &str, date: &str) -> Site {
    let site = Site::new();
    site.file(
        "content/posts/public.md",
        post("Public post", "2024-01-01", "tags: [news]", "Body.\n"),
    )
    .file(
        "content/posts/secret/index.md",
        post(
            "Secret post",
            date,
            &format!(
                "{held_back_front_matter}\ntags: [news, hush]\nauthor: Ghost Writer\nlegacyUrl: /old/secret.html"
            ),
            "Secret body.\n",
        ),
    )
    .file("content/posts/secret/plan.png", "png");
    site
}

fn secret_left_out(site: &Site, url: &str) {
    assert!(!site.exists(&format!("public/{url}")), "{url}");
    assert!(!site.exists("public/old/secret.html"));
    assert!(!site.exists("public/tags/hush"));
    assert!(!site.exists("public/authors/ghost-writer"));
    for (file, bytes) in site.files("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Secret"),
            "{file} mentions the held-back post"
        );
        assert!(
            !text.contains("secret"),
            "{file} links to the held-back post"
        );
    }
    let news = site.read("public/tags/news/index.html");
    assert!(news.contains("Public post"), "{news}");
}

#[test]
fn drafts_are_left_out_of_everything() {
    let site = site_with("published: false", "2024-02-01");
    let run = site.build().clean();
    assert_eq!(run.held_back(), Some((1, 0)), "{}", run.stdout);
    assert!(
        run.stdout.contains("--drafts"),
        "says how to include them: {}",
        run.stdout
    );
    assert!(run.stdout.starts_with("built 1 post,"), "{}", run.stdout);
    secret_left_out(&site, "2024/02/secret");
}

#[test]
fn drafts_flag_publishes_drafts_marked_as_drafts() {
    let site = site_with("published: false", "2024-02-01");
    let run = site.build_with(&["--drafts"]).clean();
    assert_eq!(run.held_back(), None, "{}", run.stdout);
    assert!(!run.stdout.contains("held back"), "{}", run.stdout);
    let page = site.read("public/2024/02/secret/index.html");
    assert!(
        page.contains(r#"<strong class="draft">Draft</strong>"#),
        "{page}"
    );
    assert!(site.exists("public/2024/02/secret/plan.png"));
    assert!(site.exists("public/old/secret.html"));
    assert!(site.exists("public/tags/hush/index.html"));
    assert!(site.exists("public/authors/ghost-writer/index.html"));
    // Shown for review, never announced: feeds and the sitemap leave drafts out.
    for file in ["rss.xml", "atom.xml", "feeds/posts/default", "sitemap.xml"] {
        let text = site.read(&format!("public/{file}"));
        assert!(
            !text.contains("Secret") && !text.contains("/secret/"),
            "{file}"
        );
        assert!(
            text.contains("Public post") || text.contains("/public/"),
            "{file}"
        );
    }
}

#[test]
fn future_posts_are_left_out_of_everything() {
    let site = site_with("", "2099-01-01");
    let run = site.build().clean();
    assert_eq!(run.held_back(), Some((0, 1)), "{}", run.stdout);
    assert!(
        run.stdout.contains("--future"),
        "says how to include them: {}",
        run.stdout
    );
    secret_left_out(&site, "2099");
}

#[test]
fn future_flag_publishes_future_posts() {
    let site = site_with("", "2099-01-01");
    site.build_with(&["--future"]).clean();
    assert!(site.exists("public/2099/01/secret/index.html"));
    let index = crate::common::search_docs(&site.root().join("public"));
    assert!(
        index.iter().any(|d| d["title"] == "Secret post"),
        "{index:?}"
    );
    assert!(site.read("public/sitemap.xml").contains("/2099/01/secret/"));
}

#[test]
fn a_future_draft_needs_both_flags() {
    let site = site_with("draft: true", "2099-01-01");
    let run = site.build_with(&["--drafts"]).clean();
    assert_eq!(run.held_back(), Some((0, 1)), "{}", run.stdout);
    assert!(!site.exists("public/2099"));
    site.build_with(&["--drafts", "--future"]).clean();
    assert!(site.exists("public/2099/01/secret/index.html"));
}

#[test]
fn a_draft_may_share_a_url_with_a_published_post() {
    let site = Site::new();
    site.file(
        "content/posts/x.md",
        post("Published", "2024-01-05", "", "Body.\n"),
    )
    .file(
        "content/posts/2024-01-01-x.md",
        post("Old draft", "", "published: false", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.read("public/2024/01/x/index.html")
            .contains("Published")
    );
}

/// `build --preview`, for a pull request's deploy: drafts and scheduled posts shown and
/// marked, a banner on every page, nothing for search engines, and under a base path no
/// link that leaves it.
#[test]
fn a_preview_build_shows_everything_marked_and_hides_from_search_engines() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://example.org/\n")
        .file(
            "content/posts/out.md",
            post("Out", "2024-05-01", "", "Body.\n"),
        )
        .file(
            "content/posts/draft.md",
            post("Draft one", "2024-05-02", "published: false", "Body.\n"),
        )
        .file(
            "content/posts/later.md",
            post("Later one", "2999-01-01", "", "Body.\n"),
        );
    site.build_with(&[
        "--preview",
        "--base-url",
        "https://pr-7.example.net/preview/",
    ])
    .clean();
    let files = site.files("public");
    assert!(!files.contains_key("sitemap.xml"));
    let robots = site.read("public/robots.txt");
    assert!(
        robots.contains("Disallow: /") && !robots.contains("Sitemap"),
        "{robots}"
    );
    let draft = site.read("public/2024/05/draft/index.html");
    assert!(draft.contains("<strong>Draft</strong>"), "{draft}");
    let later = site.read("public/2999/01/later/index.html");
    assert!(later.contains("<strong>Scheduled</strong>"), "{later}");
    assert!(site.read("public/rss.xml").contains("(preview)</title>"));
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            html.contains(r#"<meta name="robots" content="noindex"#),
            "{file}"
        );
        let redirect = html.contains("http-equiv=\"refresh\"");
        assert!(html.contains("preview-banner") || redirect, "{file}");
        for attr in ["href", "src", "action"] {
            for link in attr_values(&html, attr) {
                let inside = link.starts_with("/preview/")
                    || link.starts_with("https://pr-7.example.net/preview/")
                    || link.starts_with('#')
                    || (link.contains("://") && !link.contains("pr-7.example.net"))
                    || link.starts_with("mailto:");
                assert!(inside, "{file}: {attr}={link} leaves /preview/");
            }
        }
    }
    // An ordinary build of the same site shows neither.
    site.build().clean();
    assert!(!site.exists("public/2024/05/draft/index.html"));
    assert!(site.exists("public/sitemap.xml"));
    assert!(!site.read("public/index.html").contains("preview-banner"));
}
