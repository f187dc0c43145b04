//! Tests of finding the posts in the posts folders.

use super::*;

fn p(s: &str) -> PathBuf {
    PathBuf::from(s)
}

#[test]
fn classifies_bundles_flat_and_jekyll_files() {
    let files = [
        p("a/index.md"),
        p("a/img.png"),
        p("a/sub/data.csv"),
        p("2024-01-31-b.md"),
        p("c.markdown"),
        p("_index.md"),
        p("stray.png"),
        p("2024/12/05/d.md"),
        p("2023-02-03-e/index.md"),
        p("release/v1.0.0.md"),
    ];
    let mut diags = Vec::new();
    let (posts, skipped) = classify(&files, Path::new("."), &|_| true, &mut diags);
    let got: Vec<_> = posts
        .iter()
        .map(|p| (&*p.slug, p.name_date.as_deref(), &*p.section))
        .collect();
    assert_eq!(
        got,
        [
            ("e", Some("2023-02-03"), ""),
            ("b", Some("2024-01-31"), ""),
            ("d", Some("2024-12-05"), "2024/12/05"),
            ("a", None, ""),
            ("c", None, ""),
            ("v1.0.0", None, "release"),
        ]
    );
    assert_eq!(
        posts[3].assets.as_deref().unwrap(),
        &[p("img.png"), p("sub/data.csv")]
    );
    assert_eq!(posts[3].bundle_dir(), Some(Path::new("a")));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        skipped,
        [
            (p("_index.md"), Skip::Section),
            (p("stray.png"), Skip::NotMarkdown)
        ]
    );
}

#[test]
fn listing_pages_are_skipped() {
    let files = [
        p("index.md"),
        p("flat.md"),
        p("README.md"),
        p("2024/index.md"),
        p("2024/x/index.md"),
    ];
    let mut diags = Vec::new();
    let (posts, mut skipped) = classify(&files, Path::new("."), &|_| true, &mut diags);
    let slugs: Vec<_> = posts.iter().map(|p| &*p.slug).collect();
    assert_eq!(slugs, ["x", "flat"]);
    skipped.sort();
    assert_eq!(
        skipped,
        [
            (p("2024/index.md"), Skip::Listing),
            (p("README.md"), Skip::Listing),
            (p("index.md"), Skip::Listing),
        ]
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn an_index_beside_markdown_files_is_a_listing_when_it_has_no_date() {
    let files = [
        p("news/README.md"),
        p("news/2024-01-02-one.md"),
        p("news/two.md"),
        p("hugo/index.md"),
        p("hugo/notes.md"),
        p("2024-03-04-dated-by-name/index.md"),
        p("2024-03-04-dated-by-name/notes.md"),
    ];
    let asked = std::cell::RefCell::new(Vec::new());
    let dated = |index: &Path| {
        asked.borrow_mut().push(index.to_path_buf());
        index.starts_with("hugo")
    };
    let mut diags = Vec::new();
    let (posts, skipped) = classify(&files, Path::new("."), &dated, &mut diags);
    let slugs: Vec<_> = posts.iter().map(|p| &*p.slug).collect();
    assert_eq!(slugs, ["dated-by-name", "hugo", "one", "two"]);
    assert_eq!(posts[1].assets.as_deref().unwrap(), &[p("notes.md")]);
    assert_eq!(skipped, [(p("news/README.md"), Skip::Listing)]);
    // The file is read only when its path gives no date.
    let mut asked = asked.into_inner();
    asked.sort();
    assert_eq!(asked, [p("hugo/index.md"), p("news/README.md")]);
}

#[test]
fn two_index_files_are_an_error() {
    let files = [p("a/index.md"), p("a/index.mdx")];
    let mut diags = Vec::new();
    classify(&files, Path::new("."), &|_| true, &mut diags);
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.message.contains("two index files"))
    );
}

#[test]
fn dates_in_folders() {
    assert_eq!(folder_date("2024/12/05").as_deref(), Some("2024-12-05"));
    assert_eq!(
        folder_date("blog/2024/12/05").as_deref(),
        Some("2024-12-05")
    );
    assert_eq!(folder_date("2024/12"), None);
    assert_eq!(folder_date("2024/1/05"), None);
    assert_eq!(folder_date(""), None);
}

#[test]
fn date_prefix() {
    assert_eq!(
        split_date_prefix("2024-01-31-hello"),
        (Some("2024-01-31"), "hello")
    );
    assert_eq!(split_date_prefix("2024-01-31"), (None, "2024-01-31"));
    assert_eq!(split_date_prefix("hello"), (None, "hello"));
    assert_eq!(split_date_prefix("2024-1-31-x"), (None, "2024-1-31-x"));
}
