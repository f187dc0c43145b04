//! `bulletin import` and what must not happen: reading outside the old site, writing
//! outside the new one, losing or mangling what the old site said, or two posts at one
//! place.

use super::{build, import, jekyll_site, redirects_to, text};
use crate::common::{Site, files, run_in};

#[test]
fn same_name_twice_keeps_the_slug_in_another_folder() {
    let old = Site::bare();
    old.file_as_is("_config.yml", "title: T\n")
        .file_as_is(
            "_posts/2021-04-21-notice.md",
            "---\ntitle: Notice 1\n---\nA\n",
        )
        .file_as_is(
            "_posts/2024-07-30-notice.md",
            "---\ntitle: Notice 2\n---\nB\n",
        )
        .file_as_is(
            "_posts/2024-07-31-notice.md",
            "---\ntitle: Notice 3\n---\nC\n",
        );
    let run = import(&old, "new", &[]).ok();
    let new = old.parent().join("new");
    let second = std::fs::read_to_string(new.join("content/posts/notice-2/index.md")).unwrap();
    assert!(second.contains("slug: 'notice'\n"), "{second}");
    assert!(
        run.stdout
            .contains("this one is content/posts/notice-2/ with `slug: notice`"),
        "{}",
        run.stdout
    );
    let out = build(&new);
    assert!(text(&out, "2024/07/notice/index.html").contains("Notice 2"));
    assert!(text(&out, "2021/04/notice/index.html").contains("Notice 1"));
    // The same name in the same month: the folder's name is the slug.
    assert!(run.stdout.contains("another post has the slug notice in the same place; this one is content/posts/notice-3/"), "{}", run.stdout);
    assert!(text(&out, "2024/07/notice-3/index.html").contains("Notice 3"));
    assert!(redirects_to(
        &text(&out, "2024/07/31/notice.html"),
        "http://localhost/2024/07/notice-3/"
    ));
}

#[test]
fn dry_run_writes_nothing_and_a_rerun_gives_the_same_bytes() {
    let old = jekyll_site();
    let dry = import(&old, "dry", &["--dry-run"]).ok();
    assert!(!old.parent().join("dry").exists());
    assert!(
        dry.stderr.contains("dry run: would import 2 posts"),
        "{}",
        dry.stderr
    );
    let first = import(&old, "one", &[]).ok();
    import(&old, "two", &[]).ok();
    assert_eq!(first.stdout, dry.stdout);
    let one = files(&old.parent().join("one"));
    assert_eq!(one, files(&old.parent().join("two")));
    let report = String::from_utf8(one["import-report.md"].clone()).unwrap();
    assert!(
        report.starts_with(&first.stdout),
        "the printed report is the file's start"
    );
    assert!(report.contains("## Every post"));
    // The old site is untouched.
    assert_eq!(files(old.root()).len(), 5);
}

#[test]
fn refusals_write_nothing() {
    let old = jekyll_site();
    let dest = old.parent().join("full");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("keep.txt"), "mine").unwrap();
    import(&old, "full", &[])
        .fails()
        .has_line("error: ")
        .says("is not empty");
    assert_eq!(files(&dest).len(), 1);

    import(&old, "new", &["--old-urls", "/x/{yaer}/{slug}/"])
        .fails()
        .says("unknown placeholder {yaer}");
    assert!(!old.parent().join("new").exists());

    // A post Bulletin cannot read stops the import at its line.
    old.file_as_is(
        "_posts/2024-07-01-bad.md",
        "---\ntitle: [unclosed\n---\nx\n",
    );
    let run = import(&old, "new", &[]).fails();
    run.says("_posts/2024-07-01-bad.md:2")
        .says("nothing was written");
    assert!(!old.parent().join("new").exists());
}

/// A file the old site links to from outside itself is not copied: the import reads
/// only the old site's folder.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_old_site_is_not_followed() {
    let old = jekyll_site();
    std::fs::remove_file(old.root().join("assets/img/logo.png")).unwrap();
    let secret = old.parent().join("secret.png");
    std::fs::write(&secret, "secret").unwrap();
    std::os::unix::fs::symlink(&secret, old.root().join("assets/img/logo.png")).unwrap();
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("/assets/img/logo.png is not in the old site's root"),
        "{}",
        run.stdout
    );
    assert!(!old.parent().join("new/static/assets/img/logo.png").exists());

    // Nor is a config that leads out of it.
    let outside = old.parent().join("outside.yml");
    std::fs::write(&outside, "title: Secret\n").unwrap();
    std::fs::remove_file(old.root().join("_config.yml")).unwrap();
    std::os::unix::fs::symlink(&outside, old.root().join("_config.yml")).unwrap();
    let run = import(&old, "again", &[]).fails();
    run.says("site/_config.yml: error");
    assert!(!run.stdout.contains("Secret") && !run.stderr.contains("Secret"));
    assert!(!old.parent().join("again").exists());
}

/// Names from the old site become file names only when they stay in their folder and
/// are not hidden.
#[test]
fn names_from_the_old_site_cannot_leave_or_hide() {
    let old = Site::bare();
    old.file_as_is("_config.yml", "title: T\n")
        .file_as_is(
            "_data/authors.yml",
            "../../evil:\n  name: Eve\n  url: https://e.example\n",
        )
        .file_as_is(
            "_posts/2024-01-02-x.md",
            "---\ntitle: X\nauthor: ../../evil\npermalink: /.hidden/\n---\nBody.\n",
        );
    let run = import(&old, "new", &[]).ok();
    let new = old.parent().join("new");
    let written: Vec<String> = files(&new).into_keys().collect();
    assert!(!old.parent().join("evil.yaml").exists());
    assert!(
        written.contains(&"content/authors/evil.yaml".to_string()),
        "{written:?}\n{}",
        run.stdout
    );
    assert!(
        written.contains(&"content/posts/x/index.md".to_string()),
        "{written:?}"
    );
    let out = build(&new);
    assert!(redirects_to(
        &text(&out, ".hidden/index.html"),
        "http://localhost/2024/01/x/"
    ));
}

/// Only files the old site published are copied: not hidden ones, not Jekyll's own
/// (`_config.yml`), not what its `exclude` leaves out.
#[test]
fn only_files_the_old_site_published_are_copied() {
    let old = Site::bare();
    old.file_as_is("_config.yml", "title: T\nexclude: [secrets]\n")
        .file_as_is(".env.local", "DB_PASSWORD=x")
        .file_as_is(".git/config.txt", "x")
        .file_as_is("secrets/key.txt", "x")
        .file_as_is("Gemfile.lock", "x")
        .file_as_is("assets/ok.png", "png")
        .file_as_is(
            "_posts/2024-01-02-x.md",
            "---\ntitle: X\n---\n\n![a](/.env.local) <img src=\"/.git/config.txt\"> [c](/_config.yml)\n\
             [d](/secrets/key.txt) [e](/Gemfile.lock) ![f](/assets/ok.png)\n",
        );
    let run = import(&old, "new", &[]).ok();
    let copied: Vec<String> = files(&old.parent().join("new/static"))
        .into_keys()
        .collect();
    assert_eq!(copied, ["assets/ok.png"], "{}", run.stdout);
    for path in [
        "/.env.local",
        "/.git/config.txt",
        "/_config.yml",
        "/secrets/key.txt",
        "/Gemfile.lock",
    ] {
        assert!(
            run.stdout
                .contains(&format!("{path} is not in the old site's root")),
            "{path}\n{}",
            run.stdout
        );
    }
}

#[test]
fn where_the_new_site_can_go() {
    let old = jekyll_site();
    // Not inside the old site, however it is spelled.
    import(&old, "site/_posts/new", &[])
        .fails()
        .says("is inside the old site");
    let run = run_in(old.root(), &["import", ".", "./new"]).fails();
    run.says("is inside the old site");
    assert!(!old.root().join("new").exists() && !old.root().join("_posts/new").exists());
    // Not into a folder that is not there, a file, or a link to nothing.
    import(&old, "missing/new", &[])
        .fails()
        .says("missing is not a folder");
    std::fs::write(old.parent().join("file"), "x").unwrap();
    import(&old, "file", &[]).fails().says("file is a file");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(old.parent().join("nowhere"), old.parent().join("dangling"))
            .unwrap();
        import(&old, "dangling", &[])
            .fails()
            .says("dangling is a link to nothing");
    }
    // An empty folder, named `.`, is filled.
    let empty = old.parent().join("empty");
    std::fs::create_dir(&empty).unwrap();
    run_in(&empty, &["import", "../site", "."]).ok();
    assert!(empty.join("bulletin.yaml").is_file() && empty.join("import-report.md").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(old.parent())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Two names that differ only in case are one file on some hosts: the second post gets
/// a URL of its own.
#[test]
fn names_differing_only_in_case_get_urls_of_their_own() {
    let old = Site::bare();
    old.file_as_is("_config.yml", "title: T\n")
        .file_as_is("_posts/2024-01-01-Hello.md", "---\ntitle: One\n---\nA\n")
        .file_as_is("_posts/2024-01-02-hello.md", "---\ntitle: Two\n---\nB\n");
    import(&old, "new", &[]).ok();
    let run = run_in(&old.parent().join("new"), &["build"]).ok();
    assert!(!run.stderr.contains("case"), "{}", run.stderr);
    let out = files(&old.parent().join("new/public"));
    assert!(out.contains_key("2024/01/Hello/index.html"));
    assert!(
        out.contains_key("2024/01/hello-2/index.html"),
        "{:?}",
        out.keys().collect::<Vec<_>>()
    );
}

/// Values with line breaks, quotes and YAML's own characters come over as they were.
#[test]
fn awkward_values_come_over_exactly() {
    let old = Site::bare();
    old.file_as_is(
        "_config.yml",
        "title: \"It's: #1\"\ndescription: |\n  Two\n  lines\n",
    )
    .file_as_is(
        "_posts/2024-01-02-x.md",
        "---\ntitle: \"A \\\"quoted\\\" title: yes # no\"\ntags: [\"a\\nb\", 'yes', '3.10', '- x']\n\
         author: \"x\\ny\"\nweird: \"line\\nbreak\"\n---\n\nBody.\n",
    );
    import(&old, "new", &[]).ok();
    let new = old.parent().join("new");
    let run = run_in(&new, &["build"]).ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let page = std::fs::read_to_string(new.join("public/2024/01/x/index.html")).unwrap();
    assert!(
        page.contains("A &quot;quoted&quot; title: yes # no")
            || page.contains("A \"quoted\" title: yes # no"),
        "{page}"
    );
    let post = std::fs::read_to_string(new.join("content/posts/x/index.md")).unwrap();
    for line in [
        "  - \"a\\nb\"\n",
        "  - 'yes'\n",
        "  - '3.10'\n",
        "  - '- x'\n",
        "author: \"x\\ny\"\n",
    ] {
        assert!(post.contains(line), "{line:?} not in {post}");
    }
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("description: \"Two\\nlines\"\n"),
        "{config}"
    );
}

/// An old URL that is one of Bulletin's own pages (`/search/`, `/tags/`) cannot be kept:
/// the post gets Bulletin's URL, the clash is listed, and the site builds and checks.
#[test]
fn old_urls_on_bulletins_own_pages() {
    for keep in [false, true] {
        let old = Site::bare();
        old.file_as_is(
            "hugo.toml",
            "baseURL = 'https://x.org/'\n[permalinks]\nposts = '/:slug/'\n",
        )
        .file_as_is(
            "content/posts/search.md",
            "---\ntitle: Search\ndate: 2024-01-01\n---\nA\n",
        )
        .file_as_is(
            "content/posts/tags.md",
            "---\ntitle: Tags\ndate: 2024-01-02\n---\nB\n",
        )
        .file_as_is(
            "content/posts/fine.md",
            "---\ntitle: Fine\ndate: 2024-01-03\n---\nC\n",
        );
        let args: &[&str] = if keep { &["--keep-urls"] } else { &[] };
        let run = import(&old, "new", args).ok();
        assert!(run.stdout.contains("/search/"), "{}", run.stdout);
        let new = old.parent().join("new");
        let out = build(&new);
        assert!(text(&out, "2024/01/search/index.html").contains("Search"));
        assert!(
            text(&out, "search/index.html").contains("<input"),
            "the search page stays"
        );
        let check = run_in(&new, &["check"]);
        assert!(!check.stdout.contains("error["), "{}", check.stdout);
        if keep {
            assert!(text(&out, "fine/index.html").contains("Fine"));
        }
    }
}
