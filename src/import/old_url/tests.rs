//! The old URL rules, on fixtures: each generator's documented behaviour.

use super::*;

fn date(text: &str) -> PostDate {
    PostDate::parse(text).unwrap()
}

/// Facts of a post at `rel` in `posts_dir`, dated `when`.
fn post<'a>(rel: &'a str, posts_dir: &'a str, when: &str) -> Facts<'a> {
    let name = rel.rsplit('/').next().unwrap();
    let path_date = crate::content::split_date_prefix(name)
        .0
        .map(|d| PostDate::parse(d).unwrap());
    Facts {
        rel,
        posts_dir,
        date: date(when),
        path_date,
        slug: None,
        reader_slug: "reader-slug",
        own: None,
        title: "Hello, World: 1.0",
        categories: &[],
        tz: None,
    }
}

fn jekyll_rule(permalink: &str) -> Rule {
    Rule::Jekyll {
        permalink: permalink.to_string(),
        scoped: Vec::new(),
    }
}

#[test]
fn jekyll_named_styles() {
    let f = post("_posts/2024-05-01-Hello-World.md", "_posts", "2024-05-01");
    let cases = [
        ("date", "/2024/05/01/Hello-World.html"),
        ("pretty", "/2024/05/01/Hello-World/"),
        ("ordinal", "/2024/122/Hello-World.html"),
        ("weekdate", "/2024/W18/Wed/Hello-World.html"),
        ("none", "/Hello-World.html"),
    ];
    for (style, want) in cases {
        assert_eq!(old_url(&jekyll_rule(style), &f).unwrap(), want, "{style}");
    }
}

#[test]
fn jekyll_templates_title_keeps_case_and_dots_slug_does_not() {
    let f = post(
        "_posts/2026-06-11-Homebrew-6.0.0.md",
        "_posts",
        "2026-06-11",
    );
    let rule = jekyll_rule(":year/:month/:day/:title/");
    assert_eq!(old_url(&rule, &f).unwrap(), "/2026/06/11/Homebrew-6.0.0/");
    let rule = jekyll_rule("/blog/:slug:output_ext");
    assert_eq!(old_url(&rule, &f).unwrap(), "/blog/homebrew-6-0-0.html");
    let rule = jekyll_rule("/:short_year/:i_month/:i_day/:title");
    assert_eq!(old_url(&rule, &f).unwrap(), "/26/6/11/Homebrew-6.0.0");
}

#[test]
fn jekyll_categories_from_folders_and_front_matter_in_lower_case() {
    let cats = vec!["Release Notes".to_string(), "blog".to_string()];
    let f = Facts {
        categories: &cats,
        ..post("blog/_posts/2024-05-01-x.md", "blog/_posts", "2024-05-01")
    };
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/blog/release%20notes/2024/05/01/x/"
    );
    // No category: no empty segment.
    let f = post("_posts/2024-05-01-x.md", "_posts", "2024-05-01");
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/2024/05/01/x/"
    );
}

#[test]
fn jekyll_date_parts_are_in_the_site_time_zone() {
    // 01:30 UTC on 1 May is still 30 April in Los Angeles.
    let tz = TimeZone::get("America/Los_Angeles").unwrap();
    let f = Facts {
        tz: Some(&tz),
        ..post(
            "_posts/2024-05-01-x.md",
            "_posts",
            "2024-05-01 01:30:00 +0000",
        )
    };
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/2024/04/30/x/"
    );
    // Without a zone, an offset is taken to UTC (GitHub Pages builds in UTC).
    let f = post(
        "_posts/2024-05-01-x.md",
        "_posts",
        "2024-05-01 23:30:00 -0200",
    );
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/2024/05/02/x/"
    );
    // A time without an offset is the site's own local time: as written.
    let f = Facts {
        tz: Some(&tz),
        ..post("_posts/2024-05-01-x.md", "_posts", "2024-05-01 23:30:00")
    };
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/2024/05/01/x/"
    );
}

#[test]
fn jekyll_front_matter_slug_and_permalink_win() {
    let f = Facts {
        slug: Some("Other Name"),
        ..post("_posts/2024-05-01-x.md", "_posts", "2024-05-01")
    };
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/2024/05/01/Other-Name/"
    );
    let f = Facts {
        own: Some("/news/:title/"),
        ..post("_posts/2024-05-01-x.md", "_posts", "2024-05-01")
    };
    assert_eq!(old_url(&jekyll_rule("pretty"), &f).unwrap(), "/news/x/");
    let f = Facts {
        own: Some("/exactly/here.html"),
        ..post("_posts/2024-05-01-x.md", "_posts", "2024-05-01")
    };
    assert_eq!(
        old_url(&jekyll_rule("pretty"), &f).unwrap(),
        "/exactly/here.html"
    );
}

#[test]
fn a_value_is_not_read_again_as_a_placeholder() {
    let cats = vec![":year".to_string()];
    let f = Facts {
        categories: &cats,
        ..post("_posts/2024-05-01-x.md", "_posts", "2024-05-01")
    };
    assert_eq!(
        old_url(&jekyll_rule("/:categories/:title/"), &f).unwrap(),
        "/:year/x/"
    );
}

fn hugo_rule(permalinks: &[(&str, &str)], lower: bool, ugly: bool) -> Rule {
    Rule::Hugo {
        content: "content".to_string(),
        permalinks: permalinks
            .iter()
            .map(|(s, p)| (s.to_string(), p.to_string()))
            .collect(),
        lower,
        ugly,
        language: String::new(),
    }
}

#[test]
fn hugo_default_paths_bundles_flat_files_year_folders_lower_case() {
    let rule = hugo_rule(&[], true, false);
    let cases = [
        (
            "content/news/0.89.0-relnotes/index.md",
            "/news/0.89.0-relnotes/",
        ),
        (
            "content/news/2021/0.91.2-RelNotes/index.md",
            "/news/2021/0.91.2-relnotes/",
        ),
        ("content/news/Flat-File.md", "/news/flat-file/"),
        ("content/news/My File (v2)!.md", "/news/my-file-v2/"),
    ];
    for (rel, want) in cases {
        let f = post(rel, "content/news", "2021-12-17");
        assert_eq!(old_url(&rule, &f).unwrap(), want, "{rel}");
    }
    let f = post("content/news/Flat-File.md", "content/news", "2021-12-17");
    assert_eq!(
        old_url(&hugo_rule(&[], false, true), &f).unwrap(),
        "/news/Flat-File.html"
    );
}

#[test]
fn hugo_slug_replaces_the_last_segment_and_url_the_whole_path() {
    let rule = hugo_rule(&[], true, false);
    let f = Facts {
        slug: Some("no-more-releasenotes-here"),
        ..post(
            "content/news/2021-12-17-no-more.md",
            "content/news",
            "2021-12-17",
        )
    };
    assert_eq!(
        old_url(&rule, &f).unwrap(),
        "/news/no-more-releasenotes-here/"
    );
    let f = Facts {
        own: Some("/elsewhere/page/"),
        ..post("content/news/x.md", "content/news", "2021-12-17")
    };
    assert_eq!(old_url(&rule, &f).unwrap(), "/elsewhere/page/");
}

#[test]
fn hugo_permalinks_placeholders() {
    let rule = hugo_rule(
        &[
            ("posts", "/:year/:month/:day/:slug/"),
            ("news", "/:section/:filename/"),
        ],
        true,
        false,
    );
    // `:slug` is the front matter slug, else the title made a path.
    let f = post("content/posts/a-file.md", "content/posts", "2024-05-01");
    assert_eq!(old_url(&rule, &f).unwrap(), "/2024/05/01/hello-world-1.0/");
    let f = Facts {
        slug: Some("given"),
        ..post("content/posts/a-file.md", "content/posts", "2024-05-01")
    };
    assert_eq!(old_url(&rule, &f).unwrap(), "/2024/05/01/given/");
    let f = post("content/news/bundle/index.md", "content/news", "2024-05-01");
    assert_eq!(old_url(&rule, &f).unwrap(), "/news/bundle/");
    let rule = hugo_rule(&[("posts", "/:year/:title/")], true, false);
    let f = post("content/posts/a-file.md", "content/posts", "2024-05-01");
    assert_eq!(old_url(&rule, &f).unwrap(), "/2024/hello-world-1.0/");
}

#[test]
fn zola_section_path_and_slugified_name_without_date() {
    let rule = Rule::Zola { slugify: true };
    let f = post(
        "content/news/2022-03-28-release-22.03-highlights.md",
        "content/news",
        "2022-03-28",
    );
    assert_eq!(
        old_url(&rule, &f).unwrap(),
        "/news/release-22-03-highlights/"
    );
    let f = post(
        "content/blog/Some Bundle/index.md",
        "content/blog",
        "2022-03-28",
    );
    assert_eq!(old_url(&rule, &f).unwrap(), "/blog/some-bundle/");
    let f = post("content/news/Keep.Me.md", "content/news", "2022-03-28");
    assert_eq!(
        old_url(&Rule::Zola { slugify: false }, &f).unwrap(),
        "/news/Keep.Me/"
    );
    // `path` is from the root, with or without slashes.
    let f = Facts {
        own: Some("/custom/place"),
        ..post("content/news/x.md", "content/news", "2022-03-28")
    };
    assert_eq!(old_url(&rule, &f).unwrap(), "/custom/place/");
}

#[test]
fn file_routes() {
    let vuepress = Rule::Route {
        root: String::new(),
        html: true,
        slash: false,
    };
    let f = post("blog/2023-11-14-nushell_0_87_0.md", "blog", "2023-11-14");
    assert_eq!(
        old_url(&vuepress, &f).unwrap(),
        "/blog/2023-11-14-nushell_0_87_0.html"
    );
    let f = post("blog/README.md", "blog", "2023-11-14");
    assert_eq!(old_url(&vuepress, &f).unwrap(), "/blog/");
    let next = Rule::Route {
        root: "src/content".to_string(),
        html: false,
        slash: false,
    };
    let f = post(
        "src/content/blog/2024/12/05/react-19.md",
        "src/content/blog",
        "2024-12-05",
    );
    assert_eq!(old_url(&next, &f).unwrap(), "/blog/2024/12/05/react-19");
    let astro = Rule::Route {
        root: "src/pages".to_string(),
        html: false,
        slash: true,
    };
    let f = post("src/pages/posts/first.mdx", "src/pages/posts", "2024-12-05");
    assert_eq!(old_url(&astro, &f).unwrap(), "/posts/first/");
}

#[test]
fn old_urls_pattern_takes_the_path_date_first() {
    let rule = Rule::Pattern("/blog/{year}/{month}/{day}/{slug}/".to_string());
    // The file name says the 21st, the front matter the 22nd: the route used the name.
    let f = post("blog/posts/2017-06-21-x.md", "blog/posts", "2017-06-22");
    assert_eq!(old_url(&rule, &f).unwrap(), "/blog/2017/06/21/reader-slug/");
    let rule = Rule::Pattern("/{section}/{filename}.html".to_string());
    let f = post("posts/2019/2019-01-02-y.md", "posts", "2019-01-02");
    assert_eq!(old_url(&rule, &f).unwrap(), "/2019/2019-01-02-y.html");
    let f = post("posts/2019-01-02-y.md", "posts", "2019-01-02");
    assert_eq!(old_url(&rule, &f).unwrap(), "/2019-01-02-y.html");
    let rule = Rule::Pattern("/{categories}/{title}/".to_string());
    let cats = vec!["News".to_string()];
    let f = Facts {
        categories: &cats,
        ..post("posts/y.md", "posts", "2019-01-02")
    };
    assert_eq!(old_url(&rule, &f).unwrap(), "/news/hello-world-1-0/");
}

#[test]
fn patterns_are_checked() {
    assert!(check_pattern("/blog/{year}/{slug}.html").is_ok());
    let bad = [
        ("blog/{slug}", "must start with `/`"),
        ("/blog/{yaer}/{slug}", "unknown placeholder {yaer}"),
        ("/blog/{year}/", "must name the post"),
        ("/blog/{slug", "without its pair"),
        ("/blog/{slug}}", "without its pair"),
        ("/x/{slug}?a=1", "must be a path"),
        ("/{slug}#x", "must be a path"),
        ("/../{slug}", "must be a path"),
        ("//host/{slug}", "must be a path"),
    ];
    for (p, why) in bad {
        let e = check_pattern(p).unwrap_err();
        assert!(e.contains(why), "{p}: {e}");
    }
}

#[test]
fn unknown_rule_gives_no_url() {
    let f = post("x/2024-01-01-a.md", "x", "2024-01-01");
    assert_eq!(old_url(&Rule::Unknown, &f), None);
}

#[test]
fn listing_pages() {
    let hugo = hugo_rule(&[], true, false);
    assert_eq!(
        listing_url(&hugo, "content/News/_index.md").as_deref(),
        Some("/news/")
    );
    assert_eq!(
        listing_url(&hugo, "content/_index.md").as_deref(),
        Some("/")
    );
    let zola = Rule::Zola { slugify: true };
    assert_eq!(
        listing_url(&zola, "content/blog/_index.md").as_deref(),
        Some("/blog/")
    );
    let vuepress = Rule::Route {
        root: "docs".to_string(),
        html: true,
        slash: false,
    };
    assert_eq!(
        listing_url(&vuepress, "docs/blog/README.md").as_deref(),
        Some("/blog/")
    );
    assert_eq!(listing_url(&vuepress, "docs/blog/x.md"), None);
    assert_eq!(listing_url(&jekyll_rule("pretty"), "_posts/index.md"), None);
}

#[test]
fn hugo_default_language_in_its_folder() {
    let rule = Rule::Hugo {
        content: "content".to_string(),
        permalinks: BTreeMap::new(),
        lower: true,
        ugly: false,
        language: "/en".to_string(),
    };
    let f = post("content/posts/hello.md", "content/posts", "2024-01-01");
    assert_eq!(old_url(&rule, &f).unwrap(), "/en/posts/hello/");
    assert_eq!(
        listing_url(&rule, "content/posts/_index.md").as_deref(),
        Some("/en/posts/")
    );
}

#[test]
fn unknown_placeholders_are_named() {
    assert_eq!(
        unknown_tokens("/:year/:title/", &JEKYLL_TOKENS),
        Vec::<String>::new()
    );
    assert_eq!(
        unknown_tokens("/:sections[1:]/:slug/:lang/", &HUGO_TOKENS),
        [":sections[1:]", ":lang"]
    );
}

#[test]
fn jekyll_defaults_by_path() {
    let rule = Rule::Jekyll {
        permalink: "/blog/:title/".to_string(),
        scoped: vec![
            (
                "_posts/releases".to_string(),
                "/releases/:title/".to_string(),
            ),
            ("blog".to_string(), "/b2/:title/".to_string()),
        ],
    };
    let cases = [
        ("_posts/2024-01-01-normal.md", "_posts", "/blog/normal/"),
        (
            "_posts/releases/2024-01-01-rel.md",
            "_posts",
            "/releases/rel/",
        ),
        (
            "blog/_posts/2024-01-01-inblog.md",
            "blog/_posts",
            "/b2/inblog/",
        ),
    ];
    for (rel, dir, want) in cases {
        let f = post(rel, dir, "2024-01-01");
        assert_eq!(old_url(&rule, &f).unwrap(), want, "{rel}");
    }
}
