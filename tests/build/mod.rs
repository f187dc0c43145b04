//! Whole sites: the repository's demo site and the real Python Insider corpus.

use std::path::{Path, PathBuf};

use crate::common::{files, run_in};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Warnings the demo site is expected to print (none today).
const EXPECTED_DEMO_WARNINGS: [&str; 0] = [];

#[test]
fn demo_site_builds_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = run_in(
        tmp.path(),
        &[
            "build",
            "-s",
            repo().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let unexpected: Vec<&str> = run
        .diagnostics()
        .into_iter()
        .filter(|l| !EXPECTED_DEMO_WARNINGS.iter().any(|w| l.contains(w)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected diagnostics:\n{}",
        run.stderr
    );

    let output = files(&out);
    for file in [
        "index.html",
        "rss.xml",
        "atom.xml",
        "sitemap.xml",
        "search/index.json",
        "search/t/0.json",
        "search/d/0.json",
        "404.html",
    ] {
        assert!(output.contains_key(file), "{file} missing");
    }
    // Every bundle file of the demo is published beside its post.
    let posts = repo().join("content/posts");
    for entry in std::fs::read_dir(&posts).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("index.md").is_file() {
            continue;
        }
        for asset in std::fs::read_dir(&dir).unwrap() {
            let name = asset.unwrap().file_name().to_string_lossy().into_owned();
            if name != "index.md" {
                let slug = dir.file_name().unwrap().to_string_lossy();
                let suffix = format!("/{slug}/{name}");
                assert!(
                    output.keys().any(|f| f.ends_with(&suffix)),
                    "{suffix} not published"
                );
            }
        }
    }
    assert!(
        tmp.path().read_dir().unwrap().count() == 1,
        "only the output is left"
    );
}

/// Front matter value of `key` in a post, unquoted.
fn value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let fm = text.split("\n---").next()?;
    fm.lines().find_map(|l| {
        l.strip_prefix(key)?
            .strip_prefix(':')
            .map(|v| v.trim().trim_matches(['\'', '"']))
    })
}

#[test]
fn python_insider_corpus_builds_a_page_for_every_published_post() {
    let corpus = repo().join("../shared/corpus/python-insider");
    if !corpus.join("content/posts").is_dir() {
        println!(
            "note: {} is absent; skipping the corpus test",
            corpus.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = run_in(
        tmp.path(),
        &[
            "build",
            "-s",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--base-url",
            "https://blog.python.org/",
        ],
    )
    .ok();
    for line in run.diagnostics() {
        assert!(
            line.contains("warning[mdx-component]: MDX component"),
            "unexpected diagnostic: {line}"
        );
    }

    let mut expected = 0;
    for entry in std::fs::read_dir(corpus.join("content/posts")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let index = ["index.md", "index.mdx", "index.markdown"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no index file in {}", dir.display()));
        let text = std::fs::read_to_string(&index).unwrap();
        if value(&text, "published") == Some("false") || value(&text, "draft") == Some("true") {
            continue;
        }
        let date = value(&text, "publishDate")
            .or_else(|| value(&text, "date"))
            .unwrap_or_else(|| panic!("no date in {}", index.display()));
        let slug = value(&text, "slug")
            .map(str::to_string)
            .unwrap_or_else(|| dir.file_name().unwrap().to_string_lossy().into_owned());
        let page = out
            .join(&date[..4])
            .join(&date[5..7])
            .join(&slug)
            .join("index.html");
        assert!(
            page.is_file(),
            "{} has no page at {}",
            index.display(),
            page.display()
        );
        for asset in std::fs::read_dir(&dir).unwrap() {
            let asset = asset.unwrap().path();
            if asset != index && asset.is_file() {
                let published = page.with_file_name(asset.file_name().unwrap());
                assert!(published.is_file(), "{} not published", asset.display());
            }
        }
        if let Some(legacy) = value(&text, "legacyUrl") {
            assert!(redirect_exists(&out, legacy), "no redirect for {legacy}");
        }
        expected += 1;
    }
    assert!(expected > 300, "only {expected} posts found");
    assert!(
        run.stdout.starts_with(&format!("built {expected} posts, ")),
        "{}",
        run.stdout
    );
}

fn redirect_exists(out: &Path, legacy: &str) -> bool {
    let rel = legacy.trim_start_matches('/');
    if legacy.ends_with('/') {
        out.join(rel).join("index.html").is_file()
    } else {
        out.join(rel).is_file() || out.join(rel).join("index.html").is_file()
    }
}
