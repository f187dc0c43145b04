//! Drafts and future posts: held back everywhere unless asked for.

use crate::common::{Site, post};

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
    assert!(
        site.read("public/search-index.json")
            .contains("Secret post")
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
