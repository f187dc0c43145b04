//! Tests of reading one post: every key, every spelling, every error located.

use super::*;

fn src(rel: &str, slug: &str) -> PostSource {
    PostSource {
        rel: std::path::PathBuf::from(rel),
        slug: slug.into(),
        name_date: None,
        section: Box::default(),
        undated_oldest: false,
        assets: None,
    }
}

fn parse(text: &str) -> (Option<Post>, Vec<Diagnostic>) {
    parse_post(
        &src("content/posts/x.md", "x"),
        Path::new("content/posts/x.md"),
        text,
    )
}

#[test]
fn maps_all_fields() {
    let (post, diags) = parse(
        "---\ntitle: 'Python 3.12.0rc1'\npublishDate: '2023-08-06'\nupdatedDate: 2023-08-07\n\
         author: Thomas Wouters\ndescription: d\ntags: releases\npublished: true\n\
         legacyUrl: /2023/08/x.html\naliases: [/old/]\nrelease: '3.12'\n---\nBody\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(&*post.title, "Python 3.12.0rc1");
    assert_eq!(post.date.iso_date(), "2023-08-06");
    assert_eq!(post.updated.unwrap().iso_date(), "2023-08-07");
    assert_eq!(post.authors[..], ["Thomas Wouters"]);
    assert_eq!(post.tags[..], ["releases"]);
    let r: Vec<_> = post
        .redirects
        .iter()
        .map(|r| (r.value.as_str(), r.line))
        .collect();
    assert_eq!(r, [("/2023/08/x.html", 9), ("/old/", 10)]);
    assert_eq!(post.release.as_ref().unwrap().versions, ["3.12"]);
    assert!(post.extra().is_empty(), "{:?}", post.extra());
    assert_eq!(post.body, "Body\n");
    assert_eq!(post.body_line, 13);
}

#[test]
fn other_generators_spellings() {
    let (post, diags) = parse(
        "---\ntitle: T\ndate: 2024-01-01T10:00:00Z\ndraft: true\nauthors: [a, b]\n\
         taxonomies:\n  tags: [x]\nslug: custom\nredirect_from: /r/\nsummary: s\nextra:\n  k: v\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert!(!post.published);
    assert_eq!(post.authors[..], ["a", "b"]);
    assert_eq!(post.tags[..], ["x"]);
    assert_eq!(post.slug(), "custom");
    assert_eq!(post.description.as_deref(), Some("s"));
    assert_eq!(post.extra()["k"], "v");
    assert_eq!(post.redirects[0].value, "/r/");
}

#[test]
fn bad_date_points_at_its_line() {
    let (post, diags) = parse("---\ntitle: T\npublishDate: '2024-02-30'\n---\n");
    assert!(post.is_none());
    let first = diags[0].to_string();
    assert!(
        first
            .starts_with("content/posts/x.md:3:14: error[front-matter]: invalid date '2024-02-30'"),
        "{first}"
    );
    assert_eq!((diags[0].line, diags[0].column), (Some(3), Some(14)));
}

#[test]
fn reports_every_problem() {
    let (post, diags) = parse("---\npublished: maybe\ntags: {a: 1}\n---\n");
    assert!(post.is_none());
    let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.contains(&"missing `title`"), "{msgs:?}");
    assert!(msgs.contains(&"missing `publishDate`"), "{msgs:?}");
    assert!(
        msgs.contains(&"`published` must be true or false"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"`tags` must be text or a list of text items"),
        "{msgs:?}"
    );
}

#[test]
fn yaml_syntax_error_is_located_in_the_file() {
    let (_, diags) = parse("---\ntitle: T\nauthor: [unclosed\n---\n");
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0].message.starts_with("invalid front matter"),
        "{}",
        diags[0]
    );
    assert!(diags[0].line.unwrap() >= 3, "{:?}", diags[0].line);
}

#[test]
fn date_keys_by_precedence() {
    let (post, diags) = parse(
        "---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-01-05\ncreated_at: 2023-01-01\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(post.unwrap().date.iso_date(), "2024-01-05");
    // Hugo's `published` holding a date is the publication date, and the post is
    // published.
    let (post, diags) = parse("---\ntitle: T\npublished: 2015-03-20T13:53:00-07:00\n---\n");
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert!(post.published);
    assert_eq!(post.date.rfc3339(), "2015-03-20T13:53:00-07:00");
}

#[test]
fn jekyll_date_from_file_name() {
    let mut s = src("content/posts/2024-01-31-x.md", "x");
    s.name_date = Some("2024-01-31".into());
    let (post, diags) = parse_post(&s, Path::new("f"), "---\ntitle: T\n---\n");
    assert!(diags.is_empty());
    assert_eq!(post.unwrap().date.iso_date(), "2024-01-31");
}

#[test]
fn numbers_that_lose_digits_are_errors() {
    let (post, diags) = parse("---\ntitle: 3.10\ndate: 2024-01-01\ntags: [3.10, '3.11', 3]\n---\n");
    assert!(post.is_none());
    let msgs: Vec<_> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].1.contains("the number 3.1"), "{msgs:?}");
    assert_eq!(msgs[1].0, Some(4));
}

#[test]
fn a_list_of_wrong_items_is_one_error() {
    let items = "  - {a: 1}\n".repeat(10_000);
    let (post, diags) = parse(&format!(
        "---\ntitle: T\ndate: 2024-01-01\ntags:\n{items}  - 3.10\n  - ok\n---\n"
    ));
    assert!(post.is_none());
    let msgs: Vec<_> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        msgs,
        [
            (Some(4), "`tags` must be a list of text items"),
            (
                Some(4),
                "`tags` has the number 3.1, which YAML reads from an unquoted value like 3.10"
            )
        ]
    );
}

#[test]
fn wrong_types_are_not_also_missing() {
    let (_, diags) = parse("---\ntitle: [a]\ndate: [2024]\n---\n");
    let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(msgs, ["`title` must be text", "`date` must be text"]);
}

#[test]
fn bad_slug() {
    let (_, diags) = parse("---\ntitle: T\ndate: 2024-01-01\nslug: ../../etc\n---\n");
    assert!(diags[0].message.contains("cannot be one URL segment"));
    assert_eq!(diags[0].line, Some(4));
}

#[test]
fn mdx_imports_and_components_are_dropped_with_a_warning() {
    let s = src("content/posts/x/index.mdx", "x");
    let text = "---\ntitle: T\ndate: 2024-01-01\n---\nimport A from 'a';\nexport const meta = {\n  a: [1, 2],\n};\nHello\n\n<Cards />\n\n<Box>\ninside\n</Box>\n\n```\n<Code />\n```\n";
    let (post, diags) = parse_post(&s, Path::new("f"), text);
    let post = post.unwrap();
    assert!(
        !post.body.contains("import") && !post.body.contains("a: [1"),
        "{}",
        post.body
    );
    assert!(!post.body.contains("Cards") && !post.body.contains("Box"));
    assert!(
        post.body.contains("inside"),
        "a component's content is kept"
    );
    assert!(post.body.contains("<Code />"), "code blocks are kept");
    assert_eq!(post.body.lines().count(), text.lines().count() - 4);
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].line, Some(11));
}

#[test]
fn typos_of_known_keys() {
    assert_eq!(typo_of("publishdate"), Some("publishDate"));
    assert_eq!(typo_of("tittle"), Some("title"));
    assert_eq!(typo_of("legacyURL"), Some("legacyUrl"));
    assert_eq!(typo_of("relase"), Some("release"));
    assert_eq!(typo_of("cve"), None);
}

fn parse_at(rel: &str, name_date: Option<&str>, text: &str) -> (Option<Post>, Vec<Diagnostic>) {
    let mut s = src(rel, "x");
    s.name_date = name_date.map(Box::from);
    parse_post(&s, Path::new(rel), text)
}

#[test]
fn every_generators_keys() {
    let (post, diags) = parse(
        "---\ntitle: T\ncreated_at: 2017-11-08\nauthor_name: Fabian\nexcerpt: e\n\
         categories: [Releases, Releases]\ntags: go release\nlastmod: 2017-11-09\n\
         expiryDate: 2999-01-01\nurl: /news/custom/\nkind: article\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(post.date.iso_date(), "2017-11-08");
    assert_eq!(post.authors[..], ["Fabian"]);
    assert_eq!(post.description.as_deref(), Some("e"));
    assert_eq!(post.categories[..], ["Releases"]);
    assert_eq!(
        post.tags[..],
        ["go", "release"],
        "Jekyll splits a text at spaces"
    );
    assert_eq!(post.updated.unwrap().iso_date(), "2017-11-09");
    assert_eq!(post.expires().unwrap().iso_date(), "2999-01-01");
    let path = post.path.as_ref().unwrap();
    assert_eq!((path.value.as_str(), path.line), ("/news/custom/", 10));
    assert_eq!(post.extra()["kind"], "article");

    // Zola: `path` without its leading slash, taxonomies.categories.
    let (post, diags) = parse(
        "---\ntitle: T\ndate: 2024-01-01\npath: news/x\ntaxonomies:\n  categories: [a]\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(post.path.unwrap().value, "/news/x");
    assert_eq!(post.categories[..], ["a"]);
}

#[test]
fn empty_values_are_absent() {
    let (post, diags) = parse_at(
        "content/posts/2024-05-06-x.md",
        Some("2024-05-06"),
        "---\ntitle: T\ndate:\ndescription: ''\ntags: []\nauthor: ~\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(post.date.iso_date(), "2024-05-06");
    assert!(post.description.is_none() && post.tags.is_empty() && post.authors.is_empty());
}

#[test]
fn a_bad_date_with_one_in_the_path_is_a_warning() {
    let (post, diags) = parse_at(
        "blog/2024-03-21-x.md",
        Some("2024-03-21"),
        "---\ntitle: T\ndate: 21.03.2024\n---\n",
    );
    assert_eq!(post.unwrap().date.iso_date(), "2024-03-21");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(!diags[0].is_error());
    assert_eq!((diags[0].line, diags[0].column), (Some(3), Some(7)));
    assert!(
        diags[0].message.contains("2024-03-21, is used"),
        "{}",
        diags[0]
    );
    // With no date in the path, it stays an error at its key.
    let (post, diags) = parse("---\ntitle: T\ndate: 21.03.2024\n---\n");
    assert!(post.is_none());
    assert!(diags[0].is_error() && diags[0].line == Some(3), "{diags:?}");
}

#[test]
fn a_post_url_that_cannot_be_one_is_an_error_at_its_key() {
    let (post, diags) = parse("---\ntitle: T\ndate: 2024-01-01\npermalink: /a/../../b/\n---\n");
    assert!(post.is_none());
    assert_eq!(diags[0].line, Some(4), "{diags:?}");
    assert!(
        diags[0].message.contains("cannot be the post's URL"),
        "{}",
        diags[0]
    );
}

#[test]
fn title_from_the_first_heading_when_front_matter_has_none() {
    let (post, diags) = parse_at(
        "blog/2023-11-14-nushell_0_87_0.md",
        Some("2023-11-14"),
        "---\nauthor: A\n---\n\n# Nushell 0.87\n\nText\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(&*post.title, "Nushell 0.87");
    assert_eq!(post.body, "\n\n\nText\n", "the heading's line stays, blank");
    assert_eq!(post.date.iso_date(), "2023-11-14");
    // Neither a title nor a heading first: located at the front matter.
    let (_, diags) = parse("---\ndate: 2024-01-01\n---\nText\n# Late\n");
    assert_eq!(diags[0].message, "missing `title`");
    assert_eq!(diags[0].line, Some(2));
}

#[test]
fn a_post_that_starts_with_a_lower_heading_is_titled_by_it_with_a_warning() {
    let (post, diags) = parse_at(
        "blog/2021-03-19-twin0082.md",
        Some("2021-03-19"),
        "---\nauthor: A\n---\n\n## Nushell\n\n- item\n",
    );
    let post = post.unwrap();
    assert_eq!(&*post.title, "Nushell");
    assert!(post.body.contains("## Nushell"), "the heading stays");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(!diags[0].is_error());
    assert_eq!(diags[0].line, Some(5));
}

#[test]
fn undated_posts_are_an_error_or_the_oldest() {
    let text = "---\ntitle: Hugo 0.25.1\n---\nBody\n";
    let (post, diags) = parse(text);
    assert!(post.is_none());
    assert_eq!(diags[0].message, "missing `publishDate`");
    let mut s = src(
        "content/en/news/0.25.1-relnotes/index.md",
        "0.25.1-relnotes",
    );
    s.undated_oldest = true;
    let (post, diags) = parse_post(&s, Path::new("f"), text);
    assert_eq!(post.unwrap().date.iso_date(), "0001-01-01");
    assert!(
        !diags[0].is_error() && diags[0].line == Some(2),
        "{diags:?}"
    );
}

#[test]
fn a_single_category_is_one_name() {
    let (post, _) = parse("---\ntitle: T\ndate: 2024-01-01\ncategory: Release Notes\n---\n");
    assert_eq!(post.unwrap().categories[..], ["Release Notes"]);
    let (post, _) = parse("---\ntitle: T\ndate: 2024-01-01\ncategories: release notes\n---\n");
    assert_eq!(
        post.unwrap().categories[..],
        ["release", "notes"],
        "Jekyll splits the plural"
    );
}

#[test]
fn toml_front_matter_is_read_and_located() {
    let (post, diags) = parse(
        "\n+++\ntitle = \"Release 22.03\"\ndate = 2022-03-28T00:00:00Z\n\
         [taxonomies]\ntags = [\"release\"]\n[extra]\nversion = \"22.03\"\n+++\nBody\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let post = post.unwrap();
    assert_eq!(&*post.title, "Release 22.03");
    assert_eq!(post.date.rfc3339(), "2022-03-28T00:00:00+00:00");
    assert_eq!(post.tags[..], ["release"]);
    assert_eq!(post.extra()["version"], "22.03");
    assert_eq!(post.body_line, 10);
    let (post, diags) = parse("+++\ntitle = \"T\"\n\ndate = \"28.03.2022\"\n+++\n");
    assert!(post.is_none());
    assert_eq!(
        (diags[0].line, diags[0].column),
        (Some(4), Some(8)),
        "{diags:?}"
    );
    let (_, diags) = parse("\n\n+++\ntitle = \"T\"\n");
    assert_eq!(diags[0].message, "front matter is not closed");
    assert_eq!(diags[0].line, Some(3));
}

#[test]
fn a_key_given_twice_is_a_warning_at_the_second() {
    let (post, diags) =
        parse("---\ntitle: T\ndate: 2024-01-01\nredirect_from: /a/\nredirect_from: /b/\n---\n");
    assert_eq!(post.unwrap().redirects[0].value, "/b/", "the last one wins");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(!diags[0].is_error());
    assert_eq!((diags[0].line, diags[0].column), (Some(5), Some(1)));
    assert!(diags[0].message.contains("`redirect_from` is given twice"));
}

#[test]
fn a_date_in_front_matter_is_told_from_none() {
    use super::states_a_date;
    assert!(states_a_date("---\ndate: 2024-01-02\n---\nx"));
    assert!(states_a_date("+++\ndate = 2024-01-02\n+++\nx"));
    assert!(states_a_date("---\npubDate: 'Jan 2, 2024'\n---\n"));
    assert!(!states_a_date("---\ntitle: Blog\nlayout: list\n---\n"));
    assert!(!states_a_date("---\ndate:\npublished: true\n---\n"));
    assert!(!states_a_date("# Blog\n\nAll posts."));
    // Unreadable: read as a post, so that its errors are reported.
    assert!(states_a_date("---\ntitle: [unclosed\n---\n"));
    assert!(states_a_date("---\ntitle: no end\n"));
}

#[test]
fn a_post_starting_with_its_own_title_shows_it_once() {
    let (post, diags) = parse(
        "---\ntitle: 'This week in Nushell #365'\ndate: 2026-08-21\n---\n\n# This Week in *Nushell* #365\n\nNews.\n",
    );
    let post = post.unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(&*post.title, "This week in Nushell #365");
    // The heading's line stays, blank: later lines keep their numbers.
    assert_eq!(post.body, "\n\n\nNews.\n");
    // Another heading is the writer's own, and stays.
    let (post, _) =
        parse("---\ntitle: Bashisms\ndate: 2026-08-21\n---\n# Bash-isms in Nu\n\nText.\n");
    assert_eq!(post.unwrap().body, "# Bash-isms in Nu\n\nText.\n");
    let (post, _) = parse("---\ntitle: T\ndate: 2026-08-21\n---\nIntro.\n\n# T\n");
    assert_eq!(post.unwrap().body, "Intro.\n\n# T\n");
}

#[test]
fn a_missing_key_is_reported_at_the_key_that_looks_like_it() {
    let (_, diags) = parse("---\ntags: [a]\ntitel: Hello\npublishdat: 2024-01-01\n---\nBody\n");
    let found: Vec<(Option<u32>, &str, Option<&str>)> = (diags.iter())
        .map(|d| (d.line, d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(3),
                "missing `title`: `titel` looks like `title`",
                Some("rename `titel` to `title`")
            ),
            (
                Some(4),
                "missing `publishDate`: `publishdat` looks like `publishDate`",
                Some("rename `publishdat` to `publishDate`")
            ),
        ]
    );
}

#[test]
fn a_title_heading_differing_in_an_underscore_is_the_writers_own() {
    let (post, _) =
        parse("---\ntitle: snake_case tips\ndate: 2024-01-01\n---\n# snake case tips\n\nText.\n");
    assert_eq!(post.unwrap().body, "# snake case tips\n\nText.\n");
    let (post, _) = parse("---\ntitle: Nu 0.80\ndate: 2024-01-01\n---\n# _Nu_ 0.80\n\nText.\n");
    assert_eq!(post.unwrap().body, "\n\nText.\n");
}

#[test]
fn a_control_character_in_a_list_item_is_reported_at_the_item() {
    let (_, diags) =
        parse("---\ntitle: A\ndate: 2024-01-01\ntags:\n  - one\n  - \"t\\u0001o\"\n---\nx\n");
    let d = &diags[0];
    assert_eq!((d.line, d.column), (Some(6), Some(5)), "{d:?}");
    assert!(
        d.message.contains("`tags` holds the character U+0001"),
        "{d:?}"
    );
    assert!(
        d.help.as_deref().unwrap_or("").starts_with("remove it"),
        "{d:?}"
    );
}

#[test]
fn release_front_matter_in_every_form() {
    let versions = |fm: &str| {
        let (post, diags) = parse(&format!("---\ntitle: T\ndate: 2024-01-01\n{fm}\n---\n"));
        assert!(diags.is_empty(), "{fm}: {diags:?}");
        post.unwrap().release.unwrap()
    };
    assert_eq!(versions("release: '3.12.0rc1'").versions, ["3.12.0rc1"]);
    assert_eq!(
        versions("release: [3.11.9, 3.10.14]").versions,
        ["3.11.9", "3.10.14"]
    );
    let r = versions("release:\n  version: ' 3.12.0 '\n  product: Python\n  kind: security");
    assert_eq!(
        (r.versions, r.product.as_deref(), r.kind.as_deref(), r.line),
        (
            vec!["3.12.0".to_string()],
            Some("Python"),
            Some("security"),
            4
        )
    );
    let r = versions("release: false");
    assert!(r.off && r.versions.is_empty());
    let (post, _) = parse("---\ntitle: T\ndate: 2024-01-01\n---\n");
    assert!(post.unwrap().release.is_none());
}

#[test]
fn release_front_matter_mistakes_are_located() {
    let cases = [
        (
            "release:\n  versoin: '1.0'",
            "`release` has the key `versoin`",
        ),
        ("release:\n  product: P", "`release` names no `version`"),
        ("release: true", "`release: true` names no version"),
        ("release: 3.10", "`release` has the number 3.1"),
        (
            "release:\n  version: '1'\n  kind: [a]",
            "`release.kind` must be text",
        ),
        ("guid: ''\nx: 1", ""),
    ];
    for (fm, message) in cases {
        let (post, diags) = parse(&format!("---\ntitle: T\ndate: 2024-01-01\n{fm}\n---\n"));
        if message.is_empty() {
            assert!(post.is_some() && diags.is_empty(), "{fm}: {diags:?}");
            continue;
        }
        assert!(post.is_none(), "{fm}");
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains(message) && d.line == Some(4)),
            "{fm}: {diags:?}"
        );
    }
}

#[test]
fn guid_is_kept() {
    let (post, diags) =
        parse("---\ntitle: T\ndate: 2024-01-01\nguid: 'tag:blogger.com,1999:blog-1.post-2'\n---\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        post.unwrap().guid(),
        Some("tag:blogger.com,1999:blog-1.post-2")
    );
}
