//! The command line: help, usage errors, exit statuses and the summary line.

use crate::common::{Site, post, run_in};

/// The numbers and folder of `built N posts, N pages, N redirects: N files written, N
/// unchanged in N ms → DIR`
/// (`1 post`, `1 page`, `1 redirect` in the singular).
fn parse_summary(line: &str) -> (usize, usize, usize, String) {
    let number = |s: &str| s.replace(',', "").parse::<usize>().unwrap();
    // `N word` or `N words`: the number, and that the word agrees with it.
    let counted = |part: &str, word: &str| {
        let (n, w) = part.split_once(' ').unwrap_or_else(|| panic!("{line}"));
        let n = number(n);
        let want = if n == 1 {
            word.to_string()
        } else {
            format!("{word}s")
        };
        assert_eq!(w, want, "{line}");
        n
    };
    let rest = line
        .strip_prefix("built ")
        .unwrap_or_else(|| panic!("{line}"));
    let (counts, rest) = rest.split_once(": ").unwrap_or_else(|| panic!("{line}"));
    let (files, rest) = rest.split_once(" in ").unwrap_or_else(|| panic!("{line}"));
    assert!(
        files.contains(" written, ") && files.contains(" unchanged"),
        "{line}"
    );
    let parts: Vec<&str> = counts.split(", ").collect();
    let [posts, pages, redirects] = parts[..] else {
        panic!("{line}")
    };
    let (ms, dir) = rest
        .split_once(" ms → ")
        .unwrap_or_else(|| panic!("{line}"));
    number(ms);
    (
        counted(posts, "post"),
        counted(pages, "page"),
        counted(redirects, "redirect"),
        dir.to_string(),
    )
}

#[test]
fn build_help_exits_0_and_lists_the_options() {
    let site = Site::new();
    let run = site.run(&["build", "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for option in [
        "--source",
        "--output",
        "--base-url",
        "--drafts",
        "--future",
        "-s",
        "-o",
    ] {
        assert!(
            run.stdout.contains(option),
            "{option} missing in {}",
            run.stdout
        );
    }
    assert!(!site.exists("public"));
}

#[test]
fn version_exits_0() {
    let run = Site::new().run(&["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("bulletin "), "{}", run.stdout);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = Site::new();
    let run = site.build_with(&["--frobnicate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--frobnicate"), "{}", run.stderr);
    assert!(!site.exists("public"));
}

#[test]
fn missing_subcommand_and_unknown_subcommand_are_usage_errors() {
    let site = Site::new();
    assert_eq!(site.run(&[]).code, 2);
    assert_eq!(site.run(&["deploy"]).code, 2);
    assert_eq!(
        site.build_with(&["--output"]).code,
        2,
        "a flag without its value"
    );
}

#[test]
fn nonexistent_source_exits_1_with_a_message() {
    let site = Site::new();
    let run = site.build_with(&["--source", "no-such-site"]).fails();
    run.has_line("error: source folder no-such-site not found");
    assert!(!site.exists("no-such-site"));
}

#[test]
fn source_without_a_content_folder_exits_1() {
    let site = Site::bare();
    site.build()
        .fails()
        .says("error[content]: the posts folder content/posts is not there");
    assert!(!site.exists("public"));
}

#[test]
fn summary_line_counts_posts_pages_and_redirects() {
    let site = Site::new();
    site.file(
        "content/posts/a/index.md",
        post(
            "A",
            "2024-01-01",
            "tags: [x]\nauthor: Ann\nlegacyUrl: /old/a.html",
            "Body.\n",
        ),
    )
    .file("content/posts/a/pic.png", "png");
    let run = site.build().clean();
    let line = run.stdout.trim_end();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let (posts, pages, redirects, dir) = parse_summary(line);
    assert_eq!((posts, redirects, dir.as_str()), (1, 1, "public"));
    // Pages are the rendered files: everything but copies, redirects (pages and the
    // hosts' file), social cards, the search index, the theme's fonts and the manifest.
    let rendered = site
        .files("public")
        .into_keys()
        .filter(|f| !(f.starts_with("search/") && f.ends_with(".json")))
        .filter(|f| !f.starts_with("fonts/"))
        .filter(|f| {
            !matches!(
                f.as_str(),
                "style.css"
                    | "favicon.svg"
                    | "site.js"
                    | "2024/01/a/pic.png"
                    | "old/a.html"
                    | "_redirects"
                    | "social.png"
                    | "2024/01/a/social.png"
                    | ".bulletin-output"
            )
        })
        .count();
    assert_eq!(pages, rendered, "{line}");
}

#[test]
fn summary_uses_thousands_separators() {
    let site = Site::new();
    for i in 0..1000 {
        site.file(
            &format!("content/posts/p{i}.md"),
            post("P", "2024-01-01", "", ""),
        );
    }
    let run = site.build().clean();
    assert!(
        run.stdout.starts_with("built 1,000 posts, "),
        "{}",
        run.stdout
    );
    let (posts, ..) = parse_summary(run.stdout.trim_end());
    assert_eq!(posts, 1000);
}

#[test]
fn source_and_output_flags_from_another_folder() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"))
        .file("content/posts/b.md", post("B", "2024-13-01", "", "Body.\n"));
    let run = run_in(site.parent(), &["build", "-s", "site", "-o", "out"]).fails();
    run.has_line("site/content/posts/b.md:3:14: error: invalid date '2024-13-01'");
    assert!(run.stderr.contains("out was not changed"), "{}", run.stderr);

    site.remove("content/posts/b.md");
    let run = run_in(site.parent(), &["build", "-s", "site"]).clean();
    assert!(
        run.stdout.trim_end().ends_with("→ site/public"),
        "{}",
        run.stdout
    );
    assert!(site.exists("public/2024/01/a/index.html"));
}

#[test]
fn warnings_go_to_stderr_and_the_summary_to_stdout() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"))
        .file("content/authors/notes.txt", "x");
    let run = site.build().ok();
    assert!(run.stdout.starts_with("built 1 post, "), "{}", run.stdout);
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("content/authors/notes.txt: warning[content]: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // More findings than a pipe holds (64 KiB), so the write meets the closed pipe.
    let site = Site::new();
    site.file("bulletin.yaml", "title: T\nsocial_cards: false\n");
    for i in 0..1000 {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("P{i}"), "2023-01-01", "", "[x](/nowhere/)\n"),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["check", "-s"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `| head -c1` would.
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(1), "{stderr}");
}

#[test]
fn build_warns_about_cheap_mistakes_and_points_at_check() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "legacyURL: /old.html", "Body.\n"),
    )
    // Posts put beside the posts folder are not read, and the build says so.
    .file("content/blog/b.md", post("B", "2024-01-02", "", "Body.\n"))
    .file("content/blog/c.md", post("C", "2024-01-03", "", "Body.\n"));
    let run = site.build().ok();
    run.says("content/posts/a.md:4:1: warning[front-matter-typo]: unknown front-matter key `legacyURL`: did you mean `legacyUrl`?")
        .says("content/blog/b.md: warning[unread-markdown]: 2 Markdown files in content/ outside the posts folders are not read: content/blog/b.md, content/blog/c.md")
        .says("move posts into content/posts, or list their folder in `posts:` in bulletin.yaml");
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("2 warnings above; `bulletin check` looks further"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.starts_with("built 1 post, "), "{}", run.stdout);
    // Without warnings, no hint.
    site.remove("content/blog/b.md")
        .remove("content/blog/c.md")
        .file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    site.build().clean();
}

#[test]
fn a_site_without_base_url_is_warned_by_build_and_refused_by_check() {
    let site = Site::new();
    site.file_as_is("bulletin.yaml", "title: No address\n")
        .file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    let run = site.build().ok();
    run.says("bulletin.yaml: warning[base-url]: base_url is not set: the feeds, the sitemap and canonical links say http://localhost/")
        .says("add `base_url: https://example.org/blog/` (where the site will be) to bulletin.yaml, or build with --base-url");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("bulletin.yaml: error[base-url]: base_url is not set"),
        "{}",
        check.stdout
    );
    // Named on the command line or in the config, it is set, whatever it is.
    site.build_with(&["--base-url", "https://e.org/"]).clean();
    site.file_as_is(
        "bulletin.yaml",
        "title: No address\nbase_url: http://localhost/\n",
    );
    site.build().clean();
}

#[test]
fn completions_and_manual_pages_cover_every_command() {
    let site = Site::new();
    let bash = site.run(&["completions", "bash"]).ok();
    for word in [
        "_bulletin",
        "build",
        "serve",
        "init",
        "new",
        "check",
        "--base-url",
    ] {
        assert!(bash.stdout.contains(word), "{word}: {}", bash.stdout);
    }
    let zsh = site.run(&["completions", "zsh"]).ok();
    assert!(
        zsh.stdout.starts_with("#compdef bulletin"),
        "{}",
        zsh.stdout
    );
    let man = site.run(&["man"]).ok();
    assert!(man.stdout.contains(".TH bulletin 1"), "{}", man.stdout);
    for sub in ["build", "serve", "init", "new", "check"] {
        assert!(
            man.stdout.contains(&format!("bulletin\\-{sub}(1)")),
            "{sub}"
        );
        let page = site.run(&["man", sub]).ok();
        assert!(
            page.stdout.contains(&format!(".TH bulletin-{sub} 1")),
            "{}",
            page.stdout
        );
    }
    let build = site.run(&["man", "build"]).ok();
    assert!(
        build.stdout.contains("\\-\\-base\\-url"),
        "{}",
        build.stdout
    );
    let unknown = site.run(&["man", "deploy"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("no command `deploy`; the commands are build, serve"),
        "{}",
        unknown.stderr
    );
    assert_eq!(site.run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn build_warns_about_an_image_the_site_does_not_have_and_check_refuses_it_once() {
    let site = Site::new();
    site.file(
        "content/posts/a/index.md",
        post(
            "A",
            "2024-01-01",
            "",
            "Mentions nope.png first.\n\n![here](pic.png)\n\n![gone](nope.png) ![far](https://x.org/a.png) ![root](/img/x.png)\n",
        ),
    )
    .file("content/posts/a/pic.png", "png")
    .file("static/img/x.png", "png");
    let run = site.build().ok();
    run.has_line(
        "content/posts/a/index.md:9:9: warning[missing-image]: nope.png is not a file of this site",
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    let check = site.run(&["check"]);
    let found: Vec<&str> = (check.stdout.lines())
        .filter(|l| l.contains("missing-image"))
        .collect();
    assert_eq!(found.len(), 1, "{}", check.stdout);
    assert!(
        found[0].contains("error[missing-image]: nope.png"),
        "{}",
        check.stdout
    );
}
