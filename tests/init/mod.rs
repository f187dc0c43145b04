//! `bulletin init`: a new blog that builds and checks clean, in a new folder or an
//! empty one, never over a site that is there.

use crate::common::{Site, files, run_in};

/// The example post's page, under its year and month (the post is dated today, UTC).
fn example_page(site: &Site, root: &str) -> String {
    let built = site.files(root);
    let (_, page) = built
        .iter()
        .find(|(f, _)| f.ends_with("/example-100-released/index.html"))
        .unwrap_or_else(|| panic!("no example post in {:#?}", built.keys()));
    String::from_utf8(page.clone()).unwrap()
}

#[test]
fn a_new_blog_builds_and_checks_clean() {
    let site = Site::bare();
    let run = site.run(&["init"]).clean();
    for f in [
        "bulletin.yaml",
        "content/posts/example-100-released/index.md",
        "content/authors/example-maintainer.json",
        ".gitignore",
    ] {
        assert!(site.exists(f), "{f} missing");
        assert!(run.stdout.contains(f), "{f} not listed:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("bulletin serve"), "{}", run.stdout);
    assert!(run.stdout.contains("bulletin build"), "{}", run.stdout);
    assert!(!run.stdout.contains("cd "), "{}", run.stdout);
    assert!(site.read(".gitignore").lines().any(|l| l == "public/"));

    let check = site.run(&["check", "--deny-warnings"]).clean();
    assert_eq!(check.stdout.trim(), "check: 0 errors, 0 warnings");
    site.build().clean();
    let page = example_page(&site, "public");
    assert!(page.contains("Example 1.0.0 released"));
    assert!(page.contains("Example Maintainer"));
    assert!(page.contains("https://example.com/download/"));
    assert!(site.exists("public/authors/example-maintainer/index.html"));
}

#[test]
fn title_and_base_url_are_written_as_given() {
    let site = Site::bare();
    let title = r#"It's "Example": news #1 \ {{ x }}"#;
    site.run(&[
        "init",
        "--title",
        title,
        "--base-url",
        "https://example.org/blog",
    ])
    .clean();
    assert!(
        site.read("bulletin.yaml")
            .contains("base_url: 'https://example.org/blog/'\n")
    );
    site.run(&["check", "--deny-warnings"]).clean();
    site.build().clean();
    let home = site.read("public/index.html");
    assert!(
        home.contains("<title>It&#39;s &quot;Example&quot;: news #1 \\ {{ x }}</title>"),
        "{}",
        home.lines().find(|l| l.contains("<title>")).unwrap_or("")
    );
    assert!(
        site.read("public/rss.xml")
            .contains("https://example.org/blog/")
    );
}

#[test]
fn refuses_a_folder_holding_a_config() {
    let site = Site::bare();
    site.file_as_is("bulletin.yaml", "title: Mine\n");
    site.run(&["init", "--title", "Other"])
        .fails()
        .says("bulletin.yaml already exists")
        .says("nothing was written");
    assert_eq!(site.read("bulletin.yaml"), "title: Mine\n");
    assert!(!site.exists("content"));
    assert!(!site.exists(".gitignore"));
}

#[test]
fn refuses_a_folder_holding_content() {
    let site = Site::bare();
    site.file("content/posts/x.md", "mine\n");
    let before = site.files("");
    let run = run_in(site.parent(), &["init", "site"]);
    run.fails()
        .says("site/content/ already exists")
        .says("nothing was written");
    assert_eq!(site.files(""), before);
}

#[test]
fn unrelated_files_stay_and_a_gitignore_is_kept() {
    let site = Site::bare();
    site.file("README.md", "# My project\n")
        .file(".gitignore", "target/\n");
    let run = site.run(&["init"]).clean();
    assert!(run.stdout.contains("add `public/`"), "{}", run.stdout);
    assert_eq!(site.read("README.md"), "# My project\n");
    assert_eq!(site.read(".gitignore"), "target/\n");
    site.run(&["check", "--deny-warnings"]).clean();
}

#[test]
fn makes_a_missing_nested_folder() {
    let site = Site::bare();
    let run = run_in(site.root(), &["init", "blogs/news", "--title", "News"]).clean();
    assert!(run.stdout.contains("cd blogs/news"), "{}", run.stdout);
    let dir = site.root().join("blogs/news");
    assert!(files(&dir).contains_key("bulletin.yaml"));
    run_in(&dir, &["check", "--deny-warnings"]).clean();
    run_in(site.root(), &["build", "-s", "blogs/news"]).clean();
    assert!(example_page(&site, "blogs/news/public").contains("News"));
}

#[test]
fn invalid_base_url_is_an_error_and_writes_nothing() {
    let site = Site::bare();
    site.run(&["init", "--base-url", "example.org/blog"])
        .fails()
        .says("--base-url: base URL 'example.org/blog' must start with https:// or http://");
    assert!(site.files("").is_empty());
    let run = run_in(
        site.parent(),
        &["init", "new-blog", "--base-url", "ftp://x"],
    );
    run.fails();
    assert!(!site.parent().join("new-blog").exists());
}
