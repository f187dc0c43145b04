//! `bulletin new`: a post with complete front matter, at the path its title gives.

use crate::common::Site;

mod from;

const TITLE: &str = "Python 3.12.0 release candidate 1 released";

#[test]
fn makes_a_bundle_named_like_the_corpus_that_builds() {
    let site = Site::new();
    site.file("bulletin.yaml", "default_author: Thomas Wouters\n");
    let run = site
        .run(&[
            "new",
            TITLE,
            "--tag",
            "releases",
            "--tag",
            "3.12",
            "--date",
            "2023-08-06",
            "--publish",
        ])
        .ok();
    let rel = "content/posts/python-3120-release-candidate-1-released/index.md";
    assert_eq!(run.stdout.trim(), rel);
    let text = site.read(rel);
    assert!(text.starts_with("---\ntitle: 'Python 3.12.0 release candidate 1 released'\n"));
    assert!(text.contains("publishDate: '2023-08-06'\n"), "{text}");
    assert!(text.contains("author: 'Thomas Wouters'\n"), "{text}");
    assert!(
        text.contains("tags:\n  - 'releases'\n  - '3.12'\n"),
        "{text}"
    );
    assert!(text.contains("published: true\n"), "{text}");
    assert!(text.contains("## Highlights"), "{text}");

    // It builds as written, with the title, date, author and tags it was given.
    site.build().clean();
    let page = site.read("public/2023/08/python-3120-release-candidate-1-released/index.html");
    assert!(page.contains(TITLE));
    assert!(page.contains("Thomas Wouters"));
    assert!(site.exists("public/tags/3.12/index.html"));
}

#[test]
fn flat_drafts_and_todays_date() {
    let site = Site::new();
    let run = site
        .run(&[
            "new",
            "It's a draft: 3.13",
            "--flat",
            "--draft",
            "--author",
            "Ana",
        ])
        .ok();
    assert_eq!(run.stdout.trim(), "content/posts/its-a-draft-313.md");
    let text = site.read("content/posts/its-a-draft-313.md");
    assert!(text.contains("title: 'It''s a draft: 3.13'\n"), "{text}");
    assert!(text.contains("published: false\n"));
    assert!(text.contains("author: 'Ana'\n"));
    let today = text
        .lines()
        .find_map(|l| l.strip_prefix("publishDate: '"))
        .unwrap()
        .trim_end_matches('\'');
    assert_eq!(today.len(), 10, "{today}");
    let run = site.build().clean();
    assert_eq!(run.held_back(), Some((1, 0)), "{}", run.stdout);
}

#[test]
fn refuses_to_overwrite() {
    let site = Site::new();
    site.run(&["new", TITLE, "--author", "A"]).ok();
    let rel = "content/posts/python-3120-release-candidate-1-released/index.md";
    let before = site.read(rel);
    site.run(&["new", TITLE, "--author", "B"])
        .fails()
        .says("already exists; nothing was written");
    // A flat file at the same slug would be the same URL.
    site.run(&["new", TITLE, "--flat"])
        .fails()
        .says("already exists");
    assert_eq!(site.read(rel), before);
    assert!(!site.exists("content/posts/python-3120-release-candidate-1-released.md"));
}

/// A post at another path with the same URL (a dated file name, a `slug:`) would break
/// the build: nothing is left behind.
#[test]
fn refuses_a_url_another_post_has() {
    let site = Site::new();
    site.file(
        "content/posts/2024-03-01-hello.md",
        "---\ntitle: Hi\npublishDate: '2024-03-01'\n---\nx\n",
    )
    .file(
        "content/posts/w.md",
        "---\ntitle: W\npublishDate: '2024-03-02'\nslug: world\n---\nx\n",
    );
    site.run(&["new", "Hello", "--date", "2024-03-05", "--author", "A"])
        .fails()
        .says("content/posts/hello/index.md would have the URL of another post, so nothing was written");
    site.run(&[
        "new",
        "World",
        "--date",
        "2024-03-09",
        "--author",
        "A",
        "--flat",
    ])
    .fails()
    .says("/2024/03/world/");
    assert!(!site.exists("content/posts/hello"));
    assert!(!site.exists("content/posts/world.md"));
    // Another month is another URL.
    site.run(&["new", "Hello", "--date", "2024-04-01", "--author", "A"])
        .ok();
    site.build().clean();
}

#[test]
fn refuses_titles_and_tags_without_words() {
    let site = Site::new();
    site.run(&["new", "!!!"])
        .fails()
        .says("has no letters or digits to make a slug from");
    site.run(&["new", "Tab\there"])
        .fails()
        .says("control character");
    site.run(&["new", "Fine", "--tag", " "])
        .fails()
        .says("--tag ' ' has no letters or digits");
    assert!(!site.exists("content/posts/x"));
    assert!(!site.exists("content/posts/fine"));
}

#[test]
fn the_author_comes_from_git_when_nothing_else_names_one() {
    let site = Site::new();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(site.root())
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if !git(&["init", "-q"]) || !git(&["config", "user.name", "Git Person"]) {
        println!("note: git is not available; skipping");
        return;
    }
    site.run(&["new", "From git"]).ok();
    assert!(
        site.read("content/posts/from-git/index.md")
            .contains("author: 'Git Person'\n")
    );
    site.file("bulletin.yaml", "default_author: Config Person\n");
    site.run(&["new", "From config"]).ok();
    assert!(
        site.read("content/posts/from-config/index.md")
            .contains("author: 'Config Person'\n")
    );
}

#[test]
fn a_site_template_gives_the_body_and_bad_dates_are_refused() {
    let site = Site::new();
    site.file(
        "templates/new.md",
        "Release notes for {{ post.title }} ({{ post.tags | join(sep=\", \") }}).\n",
    );
    site.run(&[
        "new",
        "Kestrel 2.0",
        "--tag",
        "a",
        "--tag",
        "b",
        "--author",
        "X",
    ])
    .ok();
    let text = site.read("content/posts/kestrel-20/index.md");
    assert!(
        text.ends_with("---\n\nRelease notes for Kestrel 2.0 (a, b).\n"),
        "{text}"
    );

    site.run(&["new", "Bad date", "--date", "2024-02-30"])
        .fails()
        .says("--date: invalid date '2024-02-30'");
    assert!(!site.exists("content/posts/bad-date"));
}

#[test]
fn goes_into_the_first_posts_folder_of_the_config() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [_posts, old]\nsocial_cards: false\n",
    )
    .file("old/.keep", "");
    let run = site
        .run(&[
            "new",
            "Homebrew 5.0.0",
            "--flat",
            "--author",
            "A",
            "--date",
            "2025-11-12",
            "--publish",
        ])
        .ok();
    assert_eq!(run.stdout.trim(), "_posts/homebrew-500.md");
    site.build().clean();
    assert!(site.exists("public/2025/11/homebrew-500/index.html"));
}

#[test]
fn a_new_post_is_a_draft_until_published_and_check_sees_its_outline() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://e.org/\n");
    site.run(&["new", TITLE, "--author", "A", "--date", "2023-08-06"])
        .ok();
    let rel = "content/posts/python-3120-release-candidate-1-released/index.md";
    let text = site.read(rel);
    assert!(text.contains("published: false\n"), "{text}");
    // A draft holding the outline is fine; so is `check` of it.
    let run = site.run(&["check"]);
    assert!(!run.stdout.contains("outline-left"), "{}", run.stdout);
    // Published as it is, `check` says the outline is still there, at its line.
    site.file(rel, text.replace("published: false", "published: true"));
    let run = site.run(&["check"]);
    let line = (run.stdout.lines())
        .find(|l| l.contains("outline-left"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.starts_with(&format!("{rel}:10:1: warning[outline-left]: the post is published and still holds the outline `bulletin new` wrote: “One or two sentences first")),
        "{line}"
    );
    // --publish and --draft do not go together.
    let run = site.run(&["new", "Other", "--publish", "--draft"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
