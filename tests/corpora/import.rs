//! `bulletin import` of six corpora (all but python-insider, a Bulletin site already),
//! in both modes: every post's old URL still answers.
//!
//! Each test copies the corpus into a temporary folder, imports the copy with the real
//! binary into a fresh folder, builds the new site with the live site's address, and
//! checks every post of the corpus's expected list (the one `tests/corpora.rs` works out
//! from `SOURCE.md`, not from Bulletin's code) at its old URL: with `--keep-urls` its
//! page is there; by default its page is there or a redirect page there points to a
//! page of the post. Drafts get neither. Then `bulletin check` must find no error but
//! those allowed below, each a defect of the corpus's content or a part of the live site
//! the corpus does not hold, never one the import made.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{
    Built, Expected, bulletin, conclude, copy_tree, corpus, expect_pages, files_under, is_redirect,
    page_file, page_problem, unescape,
};
use crate::{
    helix_news_posts, homebrew_posts, hugo_news_posts, nushell_blog_posts, prometheus_blog_posts,
    react_blog_posts,
};

/// How a corpus is imported, and which errors of `bulletin check` its content has.
struct Corpus {
    name: &'static str,
    /// The live site's address, `--base-url` of the build and the check.
    base_url: &'static str,
    /// The options of `bulletin import` (besides `--keep-urls`).
    options: &'static [&'static str],
    /// Where the blog is on the live site: the corpus holds its posts and nothing else of
    /// the site (no docs, no images folder). Links and images elsewhere on the site are
    /// there on the live site, and cannot be in an import of the corpus.
    blog: &'static [&'static str],
    /// Errors of `bulletin check` that are defects of this corpus's content, not of the
    /// import: each explained where it is allowed.
    content_defect: fn(&Finding) -> bool,
    /// The expected posts, from `tests/corpora.rs`.
    posts: fn() -> Vec<Expected>,
}

const HOMEBREW: Corpus = Corpus {
    name: "homebrew",
    base_url: "https://brew.sh/",
    options: &[],
    // Posts at /YYYY/MM/DD/<title>/: the site's other pages (/analytics/) and files
    // (/assets/img/blog/…, /assets/pdf/…) are not in `_posts/`.
    blog: &["/20"],
    content_defect: |_| false,
    posts: homebrew_posts,
};

const HUGO_NEWS: Corpus = Corpus {
    name: "hugo-news",
    base_url: "https://gohugo.io/",
    options: &[],
    // The news section; the docs (/getting-started/, /functions/, …) are not in it.
    blog: &["/news/"],
    content_defect: |_| false,
    posts: hugo_news_pages,
};

/// Hugo's news and the page written in HTML among them: Hugo reads a `.html` file with
/// front matter as a page, and so does `bulletin import` (Bulletin's reader, building
/// the corpus in place, reads Markdown only). A bundle's `index.html` is at its
/// folder's path, in lower case, as a Markdown bundle is.
fn hugo_news_pages() -> Vec<Expected> {
    let root = crate::support::corpus("hugo-news");
    let section = root.join("content/en/news");
    let mut posts = hugo_news_posts();
    let mut stack = vec![section.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html")
                && std::fs::read_to_string(&path).unwrap().starts_with("---")
            {
                let folder = dir
                    .strip_prefix(&section)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let url = format!("/news/{folder}/").to_lowercase();
                posts.push(crate::support::Post::read(&root, &path).expect(url));
            }
        }
    }
    assert_eq!(
        posts.len(),
        173,
        "the 172 Markdown posts and the page in HTML"
    );
    posts.sort_by(|a, b| a.rel.cmp(&b.rel));
    posts
}

const HELIX_NEWS: Corpus = Corpus {
    name: "helix-news",
    base_url: "https://helix-editor.com/",
    options: &[],
    // The images (/undercurl.png, …) are in the site's `static/`, not in `content/news/`.
    blog: &["/news/"],
    content_defect: |_| false,
    posts: helix_news_posts,
};

const NUSHELL_BLOG: Corpus = Corpus {
    name: "nushell-blog",
    base_url: "https://www.nushell.sh/",
    options: &["--from", "vuepress"],
    // The book (/book/…, /contributor-book/…) is beside the blog, not in it.
    blog: &["/blog/"],
    content_defect: |f| match f.code.as_str() {
        // `[discord]()` in 2019-11-26-nushell-0_6_0.md: a link without a URL.
        "broken-link" if f.message.starts_with("an empty URL") => true,
        // Links to the blog's URLs of its Jekyll days (/blog/2020/08/23/year_of_nushell.html,
        // in twin0019, twin0053, nushell_0_19), which the VuePress site does not serve.
        "broken-link" if is_dated_path(f.path().unwrap_or_default()) => true,
        // Relative paths above `blog/` (`../assets/images/x.png`,
        // `../contributor-book/…`): the site's `assets/` folder and the book, which the
        // corpus does not hold (SOURCE.md: the images are not part of the slice). (Left
        // relative by the import, they would miss at the default mode's new URLs even if
        // the files were there.)
        "broken-link" | "missing-image" => f.target.starts_with("../"),
        // Links to headings of the same page that the page does not have, on the live
        // site either: ids GitHub would make (`#ps--l-toc`, `#nushell-01000`, where
        // VuePress makes `ps-l-toc`, `nushell-0-100-0`), upper case (`#Our-first-…`),
        // headings renamed since (`#table-of-content` for "Table of contents",
        // `#breaking-changes` for "Breaking changes [toc]"), PR numbers (`#16836`). The
        // build of the corpus in place (tests/corpora.rs) has them all.
        "broken-anchor" => f.target.starts_with('#'),
        _ => false,
    },
    posts: nushell_blog_posts,
};

const PROMETHEUS_BLOG: Corpus = Corpus {
    name: "prometheus-blog",
    base_url: "https://prometheus.io/",
    options: &[
        "--from",
        "next",
        "--old-urls",
        "/blog/{year}/{month}/{day}/{slug}/",
    ],
    // The docs (/docs/…, /community/, /download/) and images (/assets/blog/…) are not
    // in `blog/posts/`.
    blog: &["/blog/"],
    // (prometheus-3-0 links to the draft prometheus-3-beta: allowed for every corpus,
    // see `allowed`.)
    content_defect: |_| false,
    posts: prometheus_blog_posts,
};

const REACT_BLOG: Corpus = Corpus {
    name: "react-blog",
    base_url: "https://react.dev/",
    options: &["--from", "next"],
    // The docs (/learn/…, /reference/…) and images (/images/…) are not in the blog.
    blog: &["/blog/"],
    content_defect: |f| {
        // react-19-upgrade-guide links to the React 19 Beta post,
        // /blog/2024/04/25/react-19#…: a post of react.dev's repository
        // (src/content/blog/2024/04/25/react-19.md) that the corpus lacks (SOURCE.md
        // counts 24 post files, the folder holds 23).
        f.code == "broken-link" && f.path() == Some("/blog/2024/04/25/react-19")
    },
    posts: react_blog_posts,
};

/// homebrew, imported by default; and imported again, into another folder and with
/// `--dry-run` (see `same_again`).
#[test]
fn homebrew_default() {
    let src = copy_of(&HOMEBREW);
    let (dest_tmp, dest, output) = import(&HOMEBREW, &src, false, false);
    same_again(&HOMEBREW, &src, &dest, &output);
    verify(&HOMEBREW, src, dest_tmp, &dest, false);
}

/// A test per corpus and mode: `test: CORPUS, keep_urls;`.
macro_rules! import_tests {
    ($($test:ident: $corpus:ident, $keep_urls:literal;)*) => {$(
        #[test]
        fn $test() {
            check(&$corpus, $keep_urls);
        }
    )*};
}

import_tests! {
    homebrew_keep_urls: HOMEBREW, true;
    hugo_news_default: HUGO_NEWS, false;
    hugo_news_keep_urls: HUGO_NEWS, true;
    helix_news_default: HELIX_NEWS, false;
    helix_news_keep_urls: HELIX_NEWS, true;
    nushell_blog_default: NUSHELL_BLOG, false;
    nushell_blog_keep_urls: NUSHELL_BLOG, true;
    prometheus_blog_default: PROMETHEUS_BLOG, false;
    prometheus_blog_keep_urls: PROMETHEUS_BLOG, true;
    react_blog_default: REACT_BLOG, false;
    react_blog_keep_urls: REACT_BLOG, true;
}

/// Imports a copy of the corpus (`--keep-urls` if `keep_urls`), then builds, checks
/// every old URL, and runs `bulletin check`.
fn check(c: &Corpus, keep_urls: bool) {
    let src = copy_of(c);
    let (dest_tmp, dest, _) = import(c, &src, keep_urls, false);
    verify(c, src, dest_tmp, &dest, keep_urls);
}

/// A copy of the corpus, `<tmp>/<name>`, for the import to read (it only reads, but the
/// corpus is never handed to anything that could write).
fn copy_of(c: &Corpus) -> (TempDir, PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix("bulletin-import-src-")
        .tempdir()
        .unwrap();
    let src = tmp.path().join(c.name);
    copy_tree(&corpus(c.name), &src);
    (tmp, src)
}

/// Runs `bulletin import <src> <tmp>/site` with the corpus's options, into a fresh
/// temporary folder; panics, showing what it printed, unless it succeeds.
fn import(
    c: &Corpus,
    (_, src): &(TempDir, PathBuf),
    keep_urls: bool,
    dry_run: bool,
) -> (TempDir, PathBuf, Output) {
    let tmp = tempfile::Builder::new()
        .prefix("bulletin-import-dest-")
        .tempdir()
        .unwrap();
    let dest = tmp.path().join("site");
    let mut command = bulletin();
    command.arg("import").arg(src).arg(&dest).args(c.options);
    command.args(keep_urls.then_some("--keep-urls"));
    command.args(dry_run.then_some("--dry-run"));
    let output = command.output().expect("the bulletin binary runs");
    expect_success(c.name, "import", &output);
    (tmp, dest, output)
}

/// Panics, showing everything printed, unless the command exited with 0 and did not
/// panic.
fn expect_success(name: &str, what: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("panicked"),
        "{name}: `bulletin {what}` failed ({})\nstdout:\n{}\nstderr:\n{stderr}",
        output.status,
        String::from_utf8_lossy(&output.stdout)
    );
}

/// Builds the imported site at `dest`, checks every post at its old URL, and runs
/// `bulletin check`.
fn verify(c: &Corpus, src: (TempDir, PathBuf), dest_tmp: TempDir, dest: &Path, keep: bool) {
    let posts = (c.posts)();
    let output = bulletin()
        .args(["build", "--base-url", c.base_url])
        .current_dir(dest)
        .output()
        .expect("the bulletin binary runs");
    expect_success(c.name, "build", &output);
    let built = Built {
        _tmp: vec![src.0, dest_tmp],
        out: dest.join("public"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    };
    if keep {
        expect_pages(c.name, &built, &posts);
    } else {
        expect_old_urls(c, &built, &posts);
    }
    expect_checked(c, dest, &posts);
}

/// Checks the default mode's output: for every published post, its old URL is its page,
/// or a redirect page there points to the post's page; a draft has neither.
fn expect_old_urls(c: &Corpus, built: &Built, posts: &[Expected]) {
    let mut problems = Vec::new();
    for p in posts {
        let (page, redirect) = (page_file(&p.url), output_file(&p.url));
        let read = |file: &str| std::fs::read_to_string(built.out.join(file)).ok();
        if !p.published {
            let mut files = vec![&page, &redirect];
            files.dedup();
            for file in files.into_iter().filter(|f| built.out.join(f).exists()) {
                problems.push(format!("{}: a draft, has {file} (for {})", p.rel, p.url));
            }
            continue;
        }
        if read(&page).is_some_and(|html| !is_redirect(&html)) {
            problems.extend(page_problem(c.name, &built.out, p, &p.url));
            continue;
        }
        let Some(html) = read(&redirect) else {
            problems.push(format!(
                "{}: neither a page {page} nor a redirect page {redirect} (for {})",
                p.rel, p.url
            ));
            continue;
        };
        let old = format!("the redirect page {redirect} of the old URL {}", p.url);
        problems.extend(match redirect_target(&html, c.base_url) {
            Err(why) => Some(format!("{}: {old} is not one: {why}", p.rel)),
            Ok(target) if target == p.url => Some(format!("{}: {old} points to itself", p.rel)),
            Ok(target) => match read(&page_file(&target)) {
                Some(html) if is_redirect(&html) => Some(format!(
                    "{}: {old} points to {target}, a redirect again",
                    p.rel
                )),
                _ => page_problem(c.name, &built.out, p, &target)
                    .map(|why| format!("{why}; {old} points there")),
            },
        });
    }
    conclude(c.name, built, posts, &problems);
}

/// The URL path a redirect page sends to: its meta refresh's URL, which its canonical
/// link must name too (with the site's address).
fn redirect_target(html: &str, base_url: &str) -> Result<String, String> {
    let head = html.split("</head>").next().unwrap_or_default();
    let refresh = tag_attribute(head, "<meta http-equiv=\"refresh\"", "content")
        .ok_or("no meta refresh with a content")?;
    let url = refresh
        .split_once("url=")
        .map(|(_, url)| url.trim())
        .ok_or_else(|| format!("the meta refresh {refresh:?} has no url="))?;
    let path = url
        .strip_prefix(base_url.trim_end_matches('/'))
        .unwrap_or(url);
    if !path.starts_with('/') {
        return Err(format!("it points to {url}, not a path on {base_url}"));
    }
    let canonical = tag_attribute(head, "<link rel=\"canonical\"", "href");
    let want = format!("{}{path}", base_url.trim_end_matches('/'));
    if canonical.as_deref() != Some(want.as_str()) {
        return Err(format!("its canonical link is {canonical:?}, not {want}"));
    }
    Ok(path.split('#').next().unwrap_or_default().to_string())
}

/// The value of `attribute` in the first tag starting with `start`, unescaped.
fn tag_attribute(html: &str, start: &str, attribute: &str) -> Option<String> {
    let tag = &html[html.find(start)?..];
    let tag = &tag[..tag.find('>')?];
    let open = format!(" {attribute}=\"");
    let value = &tag[tag.find(&open)? + open.len()..];
    Some(unescape(&value[..value.find('"')?]))
}

/// The file a redirect page for the URL path `url` is written to: `<path>index.html` for
/// a path ending in `/` or whose last segment has no extension, else the file itself.
fn output_file(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    let last = rel.rsplit('/').next().unwrap_or_default();
    let extension = last
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty());
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if extension {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// An error `bulletin check` reported.
struct Finding {
    code: String,
    file: String,
    line: u64,
    message: String,
    /// The link, image or anchor it is about: the message's first word.
    target: String,
    /// The live site's address, to read `target` against.
    base_url: &'static str,
}

impl Finding {
    /// The target's path on the live site: a path from the root as it is, an absolute URL
    /// on the site's host (`http` or `https`) without it; `None` for a relative path or
    /// another host. Without a fragment.
    fn path(&self) -> Option<&str> {
        let host = self.base_url.split("://").nth(1)?.trim_end_matches('/');
        let path = if self.target.starts_with('/') {
            &self.target[..]
        } else {
            let rest = self.target.split_once("://")?.1;
            rest.strip_prefix(host)
                .or_else(|| rest.strip_prefix(host.strip_prefix("www.")?))?
        };
        match path.split('#').next().unwrap_or_default() {
            "" => Some("/"),
            path => path.starts_with('/').then_some(path),
        }
    }
}

/// Whether an error of `bulletin check` is allowed: a defect of the corpus, not the
/// import's.
fn allowed(c: &Corpus, drafts: &[&str], f: &Finding) -> bool {
    let path = f.path();
    // A link or image on the live site, outside the blog: a part of the site the corpus
    // does not hold (see `Corpus::blog`).
    (matches!(f.code.as_str(), "broken-link" | "missing-image")
        && path.is_some_and(|p| !c.blog.iter().any(|b| p.starts_with(b))))
        // A link to a draft's URL: the draft is not published on the live site either
        // (prometheus-3-0 links to prometheus-3-beta, which has `draft: true`).
        || (f.code == "broken-link" && path.is_some_and(|p| drafts.contains(&p)))
        || (c.content_defect)(f)
}

/// Runs `bulletin check` in `dest`; panics, listing them, if it finds errors other than
/// allowed ones.
fn expect_checked(c: &Corpus, dest: &Path, posts: &[Expected]) {
    let output = bulletin()
        .args(["check", "--format", "json", "--base-url", c.base_url])
        .current_dir(dest)
        .output()
        .expect("the bulletin binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{}: `bulletin check` did not print JSON ({e}; {}):\n{stdout}\n{}",
            c.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let drafts: Vec<&str> = posts
        .iter()
        .filter(|p| !p.published)
        .map(|p| p.url.as_str())
        .collect();
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let errors: Vec<Finding> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            let message = text(f, "message");
            Finding {
                code: text(f, "code"),
                file: text(f, "file"),
                line: f["line"].as_u64().unwrap_or_default(),
                target: message
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(':')
                    .to_string(),
                message,
                base_url: c.base_url,
            }
        })
        .collect();
    assert_eq!(
        json["errors"].as_u64(),
        Some(errors.len() as u64),
        "{}: {json}",
        c.name
    );
    assert_eq!(
        output.status.code(),
        Some(i32::from(!errors.is_empty())),
        "{}: `bulletin check` exited with {} for {} errors",
        c.name,
        output.status,
        errors.len()
    );
    let left: Vec<String> = errors
        .iter()
        .filter(|f| !allowed(c, &drafts, f))
        .map(|f| format!("{}:{}: error[{}]: {}", f.file, f.line, f.code, f.message))
        .collect();
    assert!(
        left.is_empty(),
        "{}: `bulletin check` finds {} errors the corpus does not explain (of {}):\n{}",
        c.name,
        left.len(),
        errors.len(),
        left.join("\n")
    );
}

/// Imports the same copy twice more: into another fresh folder, which must come out
/// byte for byte the same as `dest`, and with `--dry-run` into a third, which must
/// write nothing and print the report that `dest` holds, but its table of every post
/// (as the first import printed it).
fn same_again(c: &Corpus, src: &(TempDir, PathBuf), dest: &Path, first: &Output) {
    let (_tmp, again, _) = import(c, src, false, false);
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        files_under(dir)
            .into_iter()
            .map(|(rel, path)| (rel, std::fs::read(path).unwrap()))
            .collect()
    };
    let (one, two) = (files(dest), files(&again));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&one),
        names(&two),
        "{}: a second import wrote other files",
        c.name
    );
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert!(a == b, "{}: a second import wrote another {name}", c.name);
    }

    let (dry_tmp, dry, output) = import(c, src, false, true);
    assert!(
        !dry.exists(),
        "{}: --dry-run made {}",
        c.name,
        dry.display()
    );
    let left: Vec<_> = std::fs::read_dir(dry_tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "{}: --dry-run wrote {left:?}", c.name);
    let report = std::fs::read_to_string(dest.join("import-report.md")).unwrap();
    let (summary, table) = report.split_once("## Every post").unwrap_or_else(|| {
        panic!(
            "{}: no table of every post in the report:\n{report}",
            c.name
        )
    });
    assert!(
        table.contains(" | "),
        "{}: the table is empty:\n{report}",
        c.name
    );
    for (what, printed) in [("--dry-run", &output.stdout), ("the import", &first.stdout)] {
        assert_eq!(
            String::from_utf8_lossy(printed).trim_end(),
            summary.trim_end(),
            "{}: {what} printed another report than import-report.md's",
            c.name
        );
    }
}

/// True for a path with a date in it as folders, `/…/YYYY/MM/DD/…`.
fn is_dated_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).any(|w| {
        [4, 2, 2]
            .iter()
            .zip(w)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Self-tests of the helpers the checks rest on.
#[test]
fn import_helpers() {
    for (url, file) in [
        (
            "/2026/06/11/homebrew-6.0.0/",
            "2026/06/11/homebrew-6.0.0/index.html",
        ),
        ("/blog/2023-11-14-x.html", "blog/2023-11-14-x.html"),
        (
            "/blog/2024/12/05/react-19",
            "blog/2024/12/05/react-19/index.html",
        ),
    ] {
        assert_eq!(output_file(url), file);
    }
    assert!(is_dated_path("/blog/2020/08/23/year_of_nushell.html"));
    assert!(!is_dated_path("/blog/2020-08-23-year_of_nushell.html"));
    let page = "<head><title>T</title><link rel=\"canonical\" href=\"https://e.org/2024/12/x/\">\
        <meta http-equiv=\"refresh\" content=\"0; url=/2024/12/x/\"></head><body>";
    assert!(is_redirect(page));
    assert_eq!(
        redirect_target(page, "https://e.org/").as_deref(),
        Ok("/2024/12/x/")
    );
    assert!(redirect_target(page, "https://other.org/").is_err());
    assert!(!is_redirect(
        "<head></head><pre>&lt;meta http-equiv=\"refresh\"</pre>"
    ));
    for (target, path) in [
        ("http://nushell.sh/book/x.md#a", Some("/book/x.md")),
        ("https://www.nushell.sh/blog/x.html", Some("/blog/x.html")),
        ("https://www.nushell.sh", Some("/")),
        ("../assets/x.png", None),
        ("https://github.com/x", None),
    ] {
        let f = Finding {
            code: String::new(),
            file: String::new(),
            line: 0,
            message: String::new(),
            target: target.into(),
            base_url: "https://www.nushell.sh/",
        };
        assert_eq!(f.path(), path, "{target}");
    }
}
