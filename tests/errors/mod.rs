//! Site errors: compiler-style located messages, exit status 1, no output written,
//! and every problem reported in one run.

use crate::common::{Run, Site, post};

/// A site with one good post, so that failures are caused by the file under test.
fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/good.md",
        post("Good", "2024-01-01", "", "Body.\n"),
    );
    site
}

/// Builds, expects exit 1 and a line starting with `line`, and checks nothing was written.
#[track_caller]
fn fails_with(site: &Site, line: &str) -> Run {
    let run = site.build().fails();
    run.has_line(line);
    assert!(!site.exists("public"), "a failed build wrote output");
    assert!(
        run.stderr.trim_end().ends_with("; public was not changed"),
        "{}",
        run.stderr
    );
    run
}

#[test]
fn invalid_date() {
    let site = site();
    site.file(
        "content/posts/x/index.md",
        post("X", "2024-02-30", "", "Body.\n"),
    );
    fails_with(
        &site,
        "content/posts/x/index.md:3:14: error: invalid date '2024-02-30'",
    );
}

#[test]
fn invalid_jekyll_file_name_date() {
    let site = site();
    site.file(
        "content/posts/2024-13-01-x.md",
        post("X", "", "", "Body.\n"),
    );
    fails_with(
        &site,
        "content/posts/2024-13-01-x.md: error: invalid date '2024-13-01'",
    );
}

#[test]
fn yaml_syntax_error_points_into_the_front_matter() {
    let site = site();
    site.file(
        "content/posts/y.md",
        post("Y", "2024-01-01", "author: [unclosed\ntags: [a]", "Body.\n"),
    );
    let run = site.build().fails();
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("content/posts/y.md:"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let l: usize = line.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (4..=5).contains(&l),
        "line {l} is not in the front matter: {line}"
    );
    assert!(
        line.contains(": error[front-matter]: invalid front matter: "),
        "{line}"
    );
}

#[test]
fn missing_title() {
    let site = site();
    site.file(
        "content/posts/t.md",
        "---\npublishDate: 2024-01-01\n---\nBody.\n",
    );
    fails_with(&site, "content/posts/t.md:2:1: error: missing `title`");
}

#[test]
fn empty_title() {
    let site = site();
    site.file(
        "content/posts/t.md",
        "---\ntitle: ''\npublishDate: 2024-01-01\n---\n",
    );
    // An empty value is an absent one.
    fails_with(&site, "content/posts/t.md:2:1: error: missing `title`");
}

#[test]
fn missing_date() {
    let site = site();
    site.file("content/posts/d.md", post("D", "", "", "Body.\n"));
    fails_with(
        &site,
        "content/posts/d.md:2:1: error: missing `publishDate`",
    );
}

#[test]
fn two_date_keys_take_the_first_by_precedence() {
    let site = site();
    site.file(
        "content/posts/d.md",
        post("D", "2024-01-01", "date: 2024-02-02", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.exists("public/2024/01/d/index.html"),
        "publishDate wins"
    );
}

#[test]
fn no_front_matter_and_no_date_anywhere() {
    let site = site();
    site.file("content/posts/n.md", "# Just Markdown\n");
    fails_with(
        &site,
        "content/posts/n.md:1:1: error: missing `publishDate`",
    );
    // With the date in its name, the post is its heading and its text.
    site.remove("content/posts/n.md");
    site.file(
        "content/posts/2024-03-01-n.md",
        "\n# Just Markdown\n\nText.\n",
    );
    site.build().clean();
    let page = site.read("public/2024/03/n/index.html");
    assert!(page.contains("<title>Just Markdown"), "{page}");
    assert_eq!(page.matches("Just Markdown</h1>").count(), 1, "{page}");
}

#[test]
fn unclosed_front_matter() {
    let site = site();
    site.file(
        "content/posts/u.md",
        "---\ntitle: U\npublishDate: 2024-01-01\n\nBody.\n",
    );
    fails_with(
        &site,
        "content/posts/u.md:1:1: error: front matter is not closed",
    );
}

#[test]
fn slug_that_leaves_its_folder() {
    let site = site();
    site.file(
        "content/posts/s.md",
        post("S", "2024-01-01", "slug: ../x", "Body.\n"),
    );
    fails_with(
        &site,
        "content/posts/s.md:4:7: error: slug '../x' cannot be one URL segment",
    );
}

#[test]
fn file_name_that_cannot_be_a_slug() {
    let site = site();
    site.file(
        "content/posts/two words.md",
        post("S", "2024-01-01", "", "Body.\n"),
    );
    fails_with(
        &site,
        "content/posts/two words.md: error: 'two words' cannot be a URL segment",
    );
}

#[test]
fn legacy_url_with_dot_dot() {
    let site = site();
    site.file(
        "content/posts/l.md",
        post(
            "L",
            "2024-01-01",
            "legacyUrl: /a/../../etc/passwd.html",
            "Body.\n",
        ),
    );
    fails_with(
        &site,
        "content/posts/l.md:4:12: error: legacy URL '/a/../../etc/passwd.html' cannot be used: it has a `.` or `..` segment",
    );
}

#[test]
fn legacy_url_with_encoded_dot_dot() {
    let site = site();
    site.file(
        "content/posts/l.md",
        post(
            "L",
            "2024-01-01",
            "aliases: ['/a/%2e%2e/%2E%2E/x.html']",
            "Body.\n",
        ),
    );
    fails_with(
        &site,
        "content/posts/l.md:4:10: error: legacy URL '/a/%2e%2e/%2E%2E/x.html' cannot be used",
    );
}

#[test]
fn legacy_url_on_another_host() {
    let site = site();
    site.file(
        "content/posts/h.md",
        post(
            "H",
            "2024-01-01",
            "legacyUrl: https://evil.example/x.html",
            "Body.\n",
        ),
    );
    fails_with(
        &site,
        "content/posts/h.md:4:12: error: legacy URL 'https://evil.example/x.html' cannot be used: it points to another host",
    );
}

#[test]
fn legacy_url_too_long_for_a_file_system() {
    // Ten thousand segments: refused before any folder is made, in a message of a
    // line (the URL cut), after looking at each segment once.
    let site = site();
    let url = format!("/{}x.html", "a/".repeat(10_000));
    site.file(
        "content/posts/d.md",
        post("D", "2024-01-01", &format!("legacyUrl: {url}"), "Body.\n"),
    );
    let run = fails_with(
        &site,
        &format!(
            "content/posts/d.md:4:12: error: legacy URL '{}…' cannot be used: it is longer than 1024 bytes",
            &url[..200]
        ),
    );
    assert!(run.stderr.len() < 2_000, "{}", run.stderr.len());
}

#[test]
fn two_posts_at_one_url_name_both_files() {
    let site = site();
    site.file("content/posts/x.md", post("A", "2024-01-10", "", "Body.\n"))
        .file(
            "content/posts/2024-01-05-x.md",
            post("B", "", "", "Body.\n"),
        );
    let run = site.build().fails();
    let line = run
        .diagnostics()
        .into_iter()
        .find(|l| l.contains("two things at one URL: /2024/01/x/"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(line.contains("content/posts/x.md"), "{line}");
    assert!(line.contains("content/posts/2024-01-05-x.md"), "{line}");
    assert!(
        run.stderr.contains("or add {day} to `permalink`"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("public"));
}

#[test]
fn legacy_url_on_a_page_bulletin_makes() {
    let site = site();
    site.file(
        "content/posts/c.md",
        post("C", "2024-01-01", "legacyUrl: /blog/", "Body.\n"),
    );
    fails_with(
        &site,
        "content/posts/c.md:4:12: error: two things at one URL: /blog/ ",
    );
}

#[test]
fn legacy_url_on_another_post_names_both_files() {
    let site = site();
    site.file(
        "content/posts/c.md",
        post("C", "2024-02-01", "legacyUrl: /2024/01/good/", "Body.\n"),
    );
    let run = site.build().fails();
    run.has_line("content/posts/c.md:4:12: error: two things at one URL: /2024/01/good/ is already the post content/posts/good.md, so it cannot also be a legacy URL of content/posts/c.md");
}

#[test]
fn one_legacy_url_claimed_by_two_posts() {
    let site = site();
    site.file(
        "content/posts/a.md",
        post("A", "2024-02-01", "legacyUrl: /old.html", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-02-02", "aliases: [/old.html]", "Body.\n"),
    );
    let run = site.build().fails();
    let line = run
        .diagnostics()
        .into_iter()
        .find(|l| l.contains("two things at one URL: /old.html"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(
        line.contains("content/posts/a.md") && line.contains("content/posts/b.md"),
        "{line}"
    );
}

#[test]
fn legacy_url_below_an_output_file_is_reported_at_its_line() {
    let site = site();
    site.file(
        "content/posts/b.md",
        post(
            "B",
            "2024-01-01",
            "legacyUrl: /feeds/posts/default/123",
            "Body.\n",
        ),
    );
    fails_with(&site, "content/posts/b.md:4:12: error: ");
}

#[test]
fn bundle_asset_on_a_page_bulletin_makes() {
    let site = site();
    site.file(
        "content/posts/b/index.md",
        post("B", "2024-01-01", "", "Body.\n"),
    )
    .file("content/posts/b/index.html", "<p>exported page</p>");
    let run = site.build().fails();
    run.says("two things at one URL: /2024/01/b/ is already the post content/posts/b/index.md, so it cannot also be the file index.html of content/posts/b/index.md");
}

#[test]
fn two_index_files_in_one_bundle() {
    let site = site();
    site.file(
        "content/posts/b/index.md",
        post("B", "2024-01-01", "", "Body.\n"),
    )
    .file(
        "content/posts/b/index.mdx",
        post("B", "2024-01-01", "", "Body.\n"),
    );
    site.build().fails().says("two index files in one bundle");
}

#[test]
fn unknown_key_in_the_config() {
    let site = site();
    site.file("bulletin.yaml", "title: Site\ntitel: typo\n");
    fails_with(
        &site,
        "bulletin.yaml:2:1: error: unknown key `titel`; did you mean `title`?",
    );
    // The known keys are listed once, in the help.
    let run = site.build().fails();
    assert_eq!(run.stderr.matches("base_url").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("= help: known keys here: title, description, base_url"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_yaml_syntax_error() {
    let site = site();
    site.file("bulletin.yaml", "title: Site\nposts_per_page: [1\n");
    let run = site.build().fails();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("bulletin.yaml:2:") || l.starts_with("bulletin.yaml:3:")),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_base_url_in_the_config() {
    let site = site();
    site.file("bulletin.yaml", "base_url: example.org\n");
    let run = site.build().fails();
    let line = run
        .diagnostics()
        .into_iter()
        .find(|l| l.starts_with("bulletin.yaml"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .to_string();
    assert!(
        line.contains("error[config]: base URL 'example.org' must start with https:// or http://"),
        "{line}"
    );
}

#[test]
fn zero_posts_per_page_in_the_config() {
    let site = site();
    site.file("bulletin.yaml", "posts_per_page: 0\n");
    site.build()
        .fails()
        .says("`posts_per_page` must be at least 1");
}

#[test]
fn bad_base_url_flag_is_blamed_on_the_flag() {
    let site = site();
    let run = site.build_with(&["--base-url", "example.org"]);
    assert_ne!(run.code, 0);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    assert!(!run.stderr.contains("bulletin.yaml"), "{}", run.stderr);
}

#[test]
fn broken_site_template_names_its_file_and_line() {
    let site = site();
    site.file(
        "templates/post.html",
        "<html>\n<body>\n{% if %}\n</body>\n</html>\n",
    );
    fails_with(&site, "templates/post.html:3:").says(": error: template: ");
}

#[test]
fn template_error_while_rendering_names_its_file_and_line() {
    let site = site();
    site.file(
        "templates/post.html",
        "<html>\n{{ card.title }}\n{{ no_such_thing.field }}\n</html>\n",
    );
    fails_with(&site, "templates/post.html:3:");
}

#[test]
fn template_extending_a_missing_parent() {
    let site = site();
    site.file("templates/post.html", "{% extends \"nope.html\" %}\n");
    fails_with(&site, "templates/post.html: error: template: ");
}

#[test]
fn broken_author_file() {
    let site = site();
    site.file(
        "content/authors/x.json",
        "{\n  \"name\": \"X\",\n  \"bio\": 1\n}\n",
    );
    fails_with(&site, "content/authors/x.json:3:");
}

#[test]
fn several_bad_posts_are_reported_at_once() {
    let site = site();
    site.file("content/posts/a.md", post("A", "2024-02-30", "", "Body.\n"))
        .file("content/posts/b.md", "---\ntitle: B\n")
        .file(
            "content/posts/c.md",
            post("C", "2024-01-01", "slug: a/b", "Body.\n"),
        )
        .file("bulletin.yaml", "titel: x\n");
    let run = site.build().fails();
    let diags = run.diagnostics();
    assert_eq!(diags.len(), 4, "{}", run.stderr);
    for (diag, file) in diags.iter().zip([
        "bulletin.yaml:1:1: error[config]: ",
        "content/posts/a.md:3:14: error[front-matter]: ",
        "content/posts/b.md:1:1: error[front-matter]: ",
        "content/posts/c.md:4:7: error[front-matter]: ",
    ]) {
        assert!(diag.starts_with(file), "{diag} does not start with {file}");
    }
    assert!(
        run.stderr
            .contains("build failed: 4 errors; public was not changed"),
        "{}",
        run.stderr
    );
    for line in &diags {
        assert!(
            run.stderr.contains(&format!("{line}\n  = help: ")),
            "every error has a help line: {line}"
        );
    }
}

#[test]
fn legacy_url_with_a_query_or_a_backslash() {
    let site = site();
    site.file(
        "content/posts/q.md",
        post("Q", "2024-01-01", "legacyUrl: /?p=123", "Body.\n"),
    )
    .file(
        "content/posts/w.md",
        post(
            "W",
            "2024-01-01",
            "aliases: ['/old\\..\\..\\x.html']",
            "Body.\n",
        ),
    );
    let run = site.build().fails();
    run.has_line("content/posts/q.md:4:12: error: legacy URL '/?p=123' cannot be used: a query")
        .has_line("content/posts/w.md:4:10: error: legacy URL '/old\\..\\..\\x.html' cannot be used: it has a backslash");
}

#[test]
fn a_clash_is_reported_at_the_newer_post_naming_the_older() {
    // The newer post sorts first by file name, and its URL is what clashes: the error
    // is still at the newer post (the one a pull request adds).
    let site = site();
    site.file(
        "content/posts/z-old.md",
        post("Old", "2023-05-01", "legacyUrl: /2024/03/a-new/", "Body.\n"),
    )
    .file(
        "content/posts/a-new.md",
        post("New", "2024-03-01", "", "Body.\n"),
    );
    let run = site.build().fails();
    run.has_line("content/posts/a-new.md:1:1: error[url-collision]: two things at one URL: /2024/03/a-new/ is already a legacy URL of content/posts/z-old.md, so it cannot also be the post content/posts/a-new.md");

    let site = self::site();
    site.file(
        "content/posts/z-old.md",
        post("Old", "2023-05-01", "legacyUrl: /old.html", "Body.\n"),
    )
    .file(
        "content/posts/a-new.md",
        post("New", "2024-03-01", "legacyUrl: /old.html", "Body.\n"),
    );
    site.build()
        .fails()
        .has_line("content/posts/a-new.md:4:12: error[url-collision]")
        .says("is already a legacy URL of content/posts/z-old.md");
}

#[test]
fn names_bulletin_uses_itself_are_refused_as_urls() {
    for (extra, at) in [
        ("legacyUrl: /.bulletin-output", "content/posts/c.md:4:12"),
        ("legacyUrl: /.Bulletin-Output", "content/posts/c.md:4:12"),
        ("legacyUrl: /__bulletin/live.js", "content/posts/c.md:4:12"),
        ("legacyUrl: /__bulletin/", "content/posts/c.md:4:12"),
    ] {
        let site = site();
        site.file(
            "content/posts/c.md",
            post("C", "2024-02-01", extra, "Body.\n"),
        );
        site.build()
            .fails()
            .has_line(&format!("{at}: error[url-collision]"))
            .says("Bulletin uses that name itself");
    }
    let site = site();
    site.file("static/.bulletin-output", "mine");
    site.build()
        .fails()
        .says("/.bulletin-output cannot be the static file static/.bulletin-output");
    // A build writes its next manifest under such a name first.
    let other = self::site();
    other.file("static/.bulletin-output.next", "mine");
    other
        .build()
        .fails()
        .says("cannot be the static file static/.bulletin-output.next");
}

#[test]
fn paths_one_file_on_macos_and_windows_are_a_build_warning_and_a_check_error() {
    let site = site();
    site.file(
        "content/posts/c.md",
        post("C", "2024-02-01", "legacyUrl: /Blog/", "Body.\n"),
    )
    .file(
        "content/posts/d.md",
        post("D", "2024-02-02", "legacyUrl: /caf\u{e9}.html", "Body.\n"),
    )
    .file(
        "content/posts/e.md",
        post("E", "2024-02-03", "legacyUrl: /cafe\u{301}.html", "Body.\n"),
    );
    let run = site.build().ok();
    run.has_line("content/posts/c.md:4:12: warning[case-collision]: /Blog/index.html and /blog/index.html differ only in case")
        .has_line("content/posts/e.md:4:12: warning[case-collision]");
    assert!(site.exists("public/Blog/index.html") && site.exists("public/blog/index.html"));
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("error[case-collision]")
            || check.stderr.contains("error[case-collision]"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn a_bundle_file_clashing_with_an_older_legacy_url_is_reported_at_the_newer_post() {
    let site = site();
    site.file(
        "content/posts/old.md",
        post("Old", "2023-01-01", "legacyUrl: /2025/01/z/img/", "Body.\n"),
    )
    .file(
        "content/posts/z/index.md",
        post("Z", "2025-01-02", "", "Body.\n"),
    )
    .file("content/posts/z/img/index.html", "<p>x</p>");
    site.build()
        .fails()
        .has_line("content/posts/z/index.md:1:1: error[url-collision]")
        .says("is already a legacy URL of content/posts/old.md");
}

#[test]
fn tags_that_differ_only_in_how_accents_are_encoded_are_one_tag() {
    let site = site();
    site.file(
        "content/posts/n.md",
        post("N", "2024-02-01", "tags: [caf\u{e9}]", "Body.\n"),
    )
    .file(
        "content/posts/d.md",
        post(
            "D",
            "2024-02-02",
            "tags: [cafe\u{301}, CAF\u{c9}]",
            "Body.\n",
        ),
    );
    site.build().clean();
    let tags: Vec<String> = std::fs::read_dir(site.root().join("public/tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(tags.len(), 1, "{tags:?}");
}
