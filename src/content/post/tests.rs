//! Tests of reading one post: every key, every spelling, every error located.

use super::*;

fn src(rel: &str, slug: &str) -> PostSource {
    PostSource {
        rel: PathBuf::from(rel),
        slug: slug.into(),
        name_date: None,
        section: String::new(),
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
    assert_eq!(post.title, "Python 3.12.0rc1");
    assert_eq!(post.date.iso_date(), "2023-08-06");
    assert_eq!(post.updated.unwrap().iso_date(), "2023-08-07");
    assert_eq!(post.authors, ["Thomas Wouters"]);
    assert_eq!(post.tags, ["releases"]);
    let r: Vec<_> = post
        .redirects
        .iter()
        .map(|r| (r.value.as_str(), r.line))
        .collect();
    assert_eq!(r, [("/2023/08/x.html", 9), ("/old/", 10)]);
    assert_eq!(post.extra["release"], "3.12");
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
    assert_eq!(post.authors, ["a", "b"]);
    assert_eq!(post.tags, ["x"]);
    assert_eq!(post.slug, "custom");
    assert_eq!(post.description.as_deref(), Some("s"));
    assert_eq!(post.extra["k"], "v");
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
fn both_date_keys_is_an_error() {
    let (_, diags) = parse("---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-01-01\n---\n");
    assert!(
        diags[0].message.contains("both `publishDate` and `date`"),
        "{diags:?}"
    );
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
    assert!(!post.body.contains("Cards") && !post.body.contains("inside"));
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
    assert_eq!(typo_of("release"), None);
    assert_eq!(typo_of("cve"), None);
}
