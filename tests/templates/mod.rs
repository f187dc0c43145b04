//! The theme: the default one built in, overridden by a site's templates/ and static/.

use crate::common::{Site, post};

fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A title", "2024-01-01", "tags: [t]", "Body.\n"),
    );
    site
}

fn repo_file(rel: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn default_theme_works_without_templates_or_static_folders() {
    let site = site();
    assert!(!site.exists("templates") && !site.exists("static"));
    site.build().clean();
    assert_eq!(
        site.read_bytes("public/style.css"),
        repo_file("static/style.css")
    );
    assert_eq!(
        site.read_bytes("public/favicon.svg"),
        repo_file("static/favicon.svg")
    );
    let page = site.read("public/2024/01/a/index.html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/style.css">"#),
        "{page}"
    );
    assert!(page.contains("<title>A title · Bulletin</title>"), "{page}");
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("Page not found"), "{not_found}");
    assert!(
        site.read("public/robots.txt")
            .starts_with("User-agent: *\n"),
    );
}

#[test]
fn site_post_template_overrides_the_default() {
    let site = site();
    site.file(
        "templates/post.html",
        "<article>{{ card.title }} by {{ card.author_names }} on {{ card.date_iso }}</article>\n",
    );
    site.build().clean();
    assert_eq!(
        site.read("public/2024/01/a/index.html"),
        "<article>A title by  on 2024-01-01</article>\n"
    );
    assert!(
        site.read("public/index.html")
            .starts_with("<!DOCTYPE html>"),
        "other pages keep the default theme"
    );
}

#[test]
fn site_template_can_extend_the_default_base() {
    let site = site();
    site.file(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ tag.name }}: {{ tag.count }}</p>{% endblock content %}",
    );
    site.build().clean();
    let page = site.read("public/tags/t/index.html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains(r#"<p class="custom">t: 1</p>"#), "{page}");
}

#[test]
fn site_partial_overrides_the_default_partial() {
    let site = site();
    site.file(
        "templates/partials/card.html",
        "<li class=\"mine\">{{ post.title }}</li>",
    );
    site.build().clean();
    assert!(
        site.read("public/blog/index.html")
            .contains(r#"<li class="mine">A title</li>"#)
    );
}

#[test]
fn config_title_description_and_extra_reach_templates() {
    let site = site();
    site.file(
        "bulletin.yaml",
        "title: Release notes\ndescription: What shipped.\nlanguage: de\nextra:\n  mastodon: '@team@example.social'\n",
    )
    .file("templates/index.html", "{{ site.title }}|{{ site.description }}|{{ site.language }}|{{ site.extra.mastodon }}");
    site.build().clean();
    assert_eq!(
        site.read("public/index.html"),
        "Release notes|What shipped.|de|@team@example.social"
    );
}

#[test]
fn site_static_files_override_and_add_to_the_theme() {
    let site = site();
    site.file("static/style.css", "body { color: red }\n")
        .file("static/img/logo.svg", "<svg/>")
        .file("static/CNAME", "blog.example.org\n");
    site.build().clean();
    assert_eq!(site.read("public/style.css"), "body { color: red }\n");
    assert_eq!(site.read("public/img/logo.svg"), "<svg/>");
    assert_eq!(site.read("public/CNAME"), "blog.example.org\n");
    assert_eq!(
        site.read_bytes("public/favicon.svg"),
        repo_file("static/favicon.svg")
    );
    // Files published from static/ are Bulletin's: the next build replaces them.
    site.build().clean();
}

#[test]
fn static_file_on_a_page_url_is_an_error() {
    let site = site();
    site.file("static/tags/index.html", "<p>mine</p>");
    let run = site.build().fails();
    let line = run
        .diagnostics()
        .into_iter()
        .find(|l| l.contains("two things at one URL: /tags/ "))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(line.contains("static/tags/index.html"), "{line}");
    assert!(!site.exists("public"));
}
