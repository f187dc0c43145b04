//! The seven real blogs of `../shared/corpus/`, each built with a `bulletin.yaml` of a
//! few lines: every post gets its page at the URL it has on its live site.
//!
//! Each corpus is copied into a temporary folder (the corpus itself is never written
//! to), a config from the constants below is written into the copy, and the real
//! binary builds it. The expected URL of every post is worked out here, from the rules
//! in the corpus's `SOURCE.md` (the live site's generator: Jekyll, Hugo, Zola, …), not
//! by Bulletin's code. A corpus that is absent fails its test: it is not skipped.
//!
//! A test binary of its own (`tests/corpora.rs`), with its helpers in
//! `tests/corpora/support.rs`; `tests/corpora/import.rs` imports six of the corpora
//! with `bulletin import` and checks the same posts at their old URLs;
//! `tests/corpora/versions.rs` reads the versions in the corpora's titles.

#[path = "corpora/import.rs"]
mod import;
#[path = "corpora/support.rs"]
mod support;
#[path = "corpora/versions.rs"]
mod versions;

use std::path::Path;

use support::{
    Expected, Post, build, corpus, date_prefix, expect_pages, files_under, zola_slugify,
};

// The configs. Each is the whole `bulletin.yaml` the test writes into its copy of the
// corpus; `social_cards: false` only keeps the test fast (no card is drawn per post)
// and is no part of the URL scheme.

/// Python Insider (blog.python.org): the defaults are this blog's URLs, posts in
/// `content/posts/`, `/{year}/{month}/{slug}/`; only its address is to be said.
const PYTHON_INSIDER_CONFIG: &str = "\
base_url: https://blog.python.org/
social_cards: false
";

/// Homebrew (brew.sh, Jekyll): posts in `_posts/`, dated by their file names.
const HOMEBREW_CONFIG: &str = "\
base_url: https://brew.sh/
posts: [_posts]
permalink: /{year}/{month}/{day}/{slug}/
heading_ids: github
social_cards: false
";

/// Hugo's news (gohugo.io/news, Hugo): page bundles and flat files, one under a year
/// folder, URLs in lower case; one release note has no date, which Hugo lists last.
const HUGO_NEWS_CONFIG: &str = "\
base_url: https://gohugo.io/
posts: [content/en/news]
permalink: /news/{section}/{slug}/
slug_style: lowercase
undated: oldest
heading_ids: github
definition_lists: true
social_cards: false
";

/// Helix's news (helix-editor.com/news, Zola): TOML front matter, slugs made the way
/// Zola makes them from file names.
const HELIX_NEWS_CONFIG: &str = "\
base_url: https://helix-editor.com/
posts: [content/news]
permalink: /news/{slug}/
slug_style: slugify
heading_ids: zola
smart_punctuation: false
social_cards: false
";

/// The Nushell blog (nushell.sh/blog, VuePress): most posts have no front matter; the
/// URL is the file name with `.html`.
const NUSHELL_BLOG_CONFIG: &str = "\
base_url: https://www.nushell.sh/
posts: [blog]
permalink: /blog/{year}-{month}-{day}-{slug}.html
permalink_date: path
heading_ids: vuepress
smart_punctuation: false
emoji_shortcodes: true
social_cards: false
";

/// The Prometheus blog (prometheus.io/blog): the URL's date is the file name's, even
/// where `created_at` says another day.
const PROMETHEUS_BLOG_CONFIG: &str = "\
base_url: https://prometheus.io/
posts: [blog/posts]
permalink: /blog/{year}/{month}/{day}/{slug}/
permalink_date: path
heading_ids: github
smart_punctuation: false
social_cards: false
";

/// The React blog (react.dev/blog, Next.js, MDX-flavoured): posts in
/// `YYYY/MM/DD/<slug>.md` folders, URLs without a trailing slash.
const REACT_BLOG_CONFIG: &str = "\
base_url: https://react.dev/
posts: [src/content/blog]
permalink: /blog/{year}/{month}/{day}/{slug}
permalink_date: path
smart_punctuation: false
social_cards: false
";

/// The file name of `path` without its extension.
fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Markdown files directly in `dir`, sorted.
fn markdown_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
        .collect();
    out.sort();
    out
}

/// python-insider, built with `PYTHON_INSIDER_CONFIG`: every post has its page at its
/// live URL.
#[test]
fn python_insider() {
    check(
        "python-insider",
        PYTHON_INSIDER_CONFIG,
        python_insider_posts(),
    );
}

/// The posts of python-insider, each at its URL on the live site.
///
/// `/{year}/{month}/{slug}/`: year and month of `publishDate` (in UTC), the slug is the
/// bundle's folder name. Every folder of `content/posts/` is a post (`index.md`, one
/// `index.mdx`).
fn python_insider_posts() -> Vec<Expected> {
    let root = corpus("python-insider");
    let mut posts = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("content/posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let file = ["index.md", "index.mdx", "index.markdown"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no index file in {}", dir.display()));
        let post = Post::read(&root, &file);
        let date = post
            .value("publishDate")
            .unwrap_or_else(|| panic!("{}: no publishDate", post.rel));
        let (year, month) = utc_year_month(&date, &post.rel);
        let slug = post.value("slug").unwrap_or_else(|| stem(&dir));
        posts.push(post.expect(format!("/{year}/{month}/{slug}/")));
    }
    counted("python-insider", posts, 327)
}

/// Year and month of a `publishDate`: a date, or a date and time in UTC (`Z`). The
/// corpus has only these; a time with an offset would need converting to UTC first.
fn utc_year_month(date: &str, rel: &str) -> (String, String) {
    let utc = date.len() == 10 || date.ends_with('Z') || date.ends_with("+00:00");
    assert!(
        utc && date_prefix(date).is_some(),
        "{rel}: publishDate {date:?} is not a date in UTC; the test does not convert it"
    );
    (date[..4].to_string(), date[5..7].to_string())
}

/// homebrew, built with `HOMEBREW_CONFIG`: every post has its page at its live URL.
#[test]
fn homebrew() {
    check("homebrew", HOMEBREW_CONFIG, homebrew_posts());
}

/// The posts of homebrew, each at its URL on the live site.
///
/// Jekyll, `permalink: :year/:month/:day/:title/`: the date from the file name
/// `YYYY-MM-DD-<title>.md`, and `:title` the rest of the name as written (case and dots
/// kept: `Homebrew-git-signing`, `homebrew-6.0.0`).
pub(crate) fn homebrew_posts() -> Vec<Expected> {
    let root = corpus("homebrew");
    let mut posts = Vec::new();
    for file in markdown_in(&root.join("_posts")) {
        let post = Post::read(&root, &file);
        let name = stem(&file);
        let (y, m, d) =
            date_prefix(&name).unwrap_or_else(|| panic!("{}: no date in the file name", post.rel));
        let title = &name[11..];
        posts.push(post.expect(format!("/{y}/{m}/{d}/{title}/")));
    }
    counted("homebrew", posts, 45)
}

/// hugo-news, built with `HUGO_NEWS_CONFIG`: every post has its page at its live URL.
#[test]
fn hugo_news() {
    check("hugo-news", HUGO_NEWS_CONFIG, hugo_news_posts());
}

/// The posts of hugo-news, each at its URL on the live site.
///
/// Hugo's default: `/news/` and the path below the section (a bundle's folder, a flat
/// file's name without `.md`, year folders kept), in lower case. A `slug` in front
/// matter replaces the last segment (`2021-12-17-no-more-releasenotes.md` has
/// `slug: no-more-releasenotes-here`); a `url` would be the whole path (none has one).
/// Posts: every `index.md` of a bundle, every other `.md` but `_index.md`.
pub(crate) fn hugo_news_posts() -> Vec<Expected> {
    let root = corpus("hugo-news");
    let section = root.join("content/en/news");
    let mut posts = Vec::new();
    let mut stack = vec![section.clone()];
    while let Some(dir) = stack.pop() {
        let segments = |last: &str| {
            let rel = dir.strip_prefix(&section).unwrap();
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if !last.is_empty() {
                parts.push(last.to_string());
            }
            parts
        };
        if dir.join("index.md").is_file() {
            // A leaf bundle: its other files are resources, not pages.
            let post = Post::read(&root, &dir.join("index.md"));
            let url = hugo_url(&post, segments(""));
            posts.push(post.expect(url));
            continue;
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            }
        }
        for file in markdown_in(&dir) {
            if file.file_name().unwrap() == "_index.md" {
                continue;
            }
            let post = Post::read(&root, &file);
            let url = hugo_url(&post, segments(&stem(&file)));
            posts.push(post.expect(url));
        }
    }
    posts.sort_by(|a, b| a.rel.cmp(&b.rel));
    counted("hugo-news", posts, 172)
}

/// `/news/<segments>/`, with Hugo's `slug` and `url` front matter applied.
fn hugo_url(post: &Post, mut segments: Vec<String>) -> String {
    if let Some(url) = post.value("url") {
        let url = url.trim_matches('/');
        return format!("/{url}/");
    }
    if let Some(slug) = post.value("slug") {
        *segments.last_mut().expect("a post has a name") = slug;
    }
    // Hugo lower-cases paths made from file names and slugs (`disablePathToLower`).
    format!("/news/{}/", segments.join("/")).to_lowercase()
}

/// helix-news, built with `HELIX_NEWS_CONFIG`: every post has its page at its live URL.
#[test]
fn helix_news() {
    check("helix-news", HELIX_NEWS_CONFIG, helix_news_posts());
}

/// The posts of helix-news, each at its URL on the live site.
///
/// Zola: `/news/` and the slug of the file name with a leading date (`YYYY-MM-DD` then
/// `-`, `_` or a space) removed; `release-22.03-highlights` → `release-22-03-highlights`.
pub(crate) fn helix_news_posts() -> Vec<Expected> {
    let root = corpus("helix-news");
    let mut posts = Vec::new();
    for file in markdown_in(&root.join("content/news")) {
        if file.file_name().unwrap() == "_index.md" {
            continue;
        }
        let post = Post::read(&root, &file);
        let name = stem(&file);
        let undated = match date_prefix(&name) {
            Some(_) if name[10..].starts_with(['-', '_', ' ']) => &name[11..],
            _ => &name[..],
        };
        posts.push(post.expect(format!("/news/{}/", zola_slugify(undated))));
    }
    // SOURCE.md says 10 files plus `_index.md`: the folder holds 9 posts and `_index.md`.
    counted("helix-news", posts, 9)
}

/// nushell-blog, built with `NUSHELL_BLOG_CONFIG`: every post has its page at its live URL.
#[test]
fn nushell_blog() {
    check("nushell-blog", NUSHELL_BLOG_CONFIG, nushell_blog_posts());
}

/// The posts of nushell-blog, each at its URL on the live site.
///
/// VuePress: `/blog/` and the file name with `.html` for `.md`
/// (`blog/2023-11-14-nushell_0_87_0.md` → `/blog/2023-11-14-nushell_0_87_0.html`).
/// Posts: every `.md` of `blog/` but `README.md` (the index page). A post without front
/// matter is titled by its first `# ` heading.
pub(crate) fn nushell_blog_posts() -> Vec<Expected> {
    let root = corpus("nushell-blog");
    let mut posts = Vec::new();
    for file in markdown_in(&root.join("blog")) {
        if file.file_name().unwrap() == "README.md" {
            continue;
        }
        let post = Post::read(&root, &file);
        let name = stem(&file);
        assert!(
            date_prefix(&name).is_some(),
            "{}: no date in the file name",
            post.rel
        );
        posts.push(post.expect(format!("/blog/{name}.html")));
    }
    // SOURCE.md says 493 post files and a README.md: the folder holds 493 files in all,
    // 492 posts (209 with front matter, 283 without) and the README.md.
    counted("nushell-blog", posts, 492)
}

/// prometheus-blog, built with `PROMETHEUS_BLOG_CONFIG`: every post has its page at its live
/// URL.
#[test]
fn prometheus_blog() {
    check(
        "prometheus-blog",
        PROMETHEUS_BLOG_CONFIG,
        prometheus_blog_posts(),
    );
}

/// The posts of prometheus-blog, each at its URL on the live site.
///
/// `/blog/YYYY/MM/DD/<rest>/`: year, month and day from the file name
/// `YYYY-MM-DD-<rest>.md`, the rest as written (`introducing-the-@-modifier`). One post
/// is a draft (`draft: true`): it gets no page.
pub(crate) fn prometheus_blog_posts() -> Vec<Expected> {
    let root = corpus("prometheus-blog");
    let mut posts = Vec::new();
    for file in markdown_in(&root.join("blog/posts")) {
        let post = Post::read(&root, &file);
        let name = stem(&file);
        let (y, m, d) =
            date_prefix(&name).unwrap_or_else(|| panic!("{}: no date in the file name", post.rel));
        let rest = &name[11..];
        posts.push(post.expect(format!("/blog/{y}/{m}/{d}/{rest}/")));
    }
    counted("prometheus-blog", posts, 59)
}

/// react-blog, built with `REACT_BLOG_CONFIG`: every post has its page at its live URL.
#[test]
fn react_blog() {
    check("react-blog", REACT_BLOG_CONFIG, react_blog_posts());
}

/// The posts of react-blog, each at its URL on the live site.
///
/// Next.js: `/blog/` and the path of `YYYY/MM/DD/<slug>.md` without `.md`, no trailing
/// slash (`/blog/2024/12/05/react-19`, a page `blog/2024/12/05/react-19.html`). Posts:
/// every `.md` below the date folders; the top `index.md` is the listing page.
pub(crate) fn react_blog_posts() -> Vec<Expected> {
    let root = corpus("react-blog");
    let blog = root.join("src/content/blog");
    let mut posts = Vec::new();
    for (rel, file) in files_under(&blog) {
        if !rel.ends_with(".md") || rel == "index.md" {
            continue;
        }
        let post = Post::read(&root, &file);
        let parts: Vec<&str> = rel.split('/').collect();
        let dated = parts.len() == 4
            && [4, 2, 2]
                .iter()
                .zip(&parts[..3])
                .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
        assert!(dated, "{}: not in a YYYY/MM/DD folder", post.rel);
        let path = rel.strip_suffix(".md").unwrap();
        posts.push(post.expect(format!("/blog/{path}")));
    }
    // SOURCE.md says 24 post files; the corpus holds 23 (and `index.md`).
    counted("react-blog", posts, 23)
}

/// `posts`, once they are as many as `files`, the post files the corpus holds (drafts
/// included): a check of the test's own reading.
fn counted(name: &str, posts: Vec<Expected>, files: usize) -> Vec<Expected> {
    assert_eq!(
        posts.len(),
        files,
        "{name}: the test found {} post files, expected {files}",
        posts.len()
    );
    posts
}

/// Builds the corpus with `config` and checks a page for every post.
fn check(name: &str, config: &str, posts: Vec<Expected>) {
    let built = build(name, config);
    expect_pages(name, &built, &posts);
}

/// A corpus that is not there fails its test, saying where it was looked for.
#[test]
#[should_panic(expected = "corpus is absent")]
fn an_absent_corpus_fails() {
    corpus("no-such-corpus");
}
