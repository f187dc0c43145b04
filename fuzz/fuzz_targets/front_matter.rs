//! A whole post file through `content::post::parse_post`.
//!
//! Input: the file's name (its path under `content/posts/`) on the first line, then the
//! file's text. The name decides what discovery would: `x/index.md` is a bundle (slug
//! `x`), `2024-01-31-x.md` a Jekyll file whose name carries the date, and an `.mdx`
//! extension has MDX imports and components taken out. `fuzz/seed.sh` writes real posts
//! in this form.
#![no_main]

use std::path::{Path, PathBuf};

use bulletin::content::PostSource;
use bulletin::content::front_matter;
use bulletin::content::post::parse_post;
use bulletin::error::Severity;
use libfuzzer_sys::fuzz_target;

/// The lines of `text` as YAML counts them (the last one may be empty): `\r\n`, `\r`,
/// `\n`, U+0085, U+2028 and U+2029 each end one.
fn line_count(text: &str) -> usize {
    let breaks = text.replace("\r\n", "\n");
    1 + breaks
        .chars()
        .filter(|c| matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
}

/// The source discovery would make of `name` (`content::classify`, without the folder
/// walk).
fn post_source(name: &str) -> PostSource {
    let rel = PathBuf::from("content/posts").join(name);
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == "index"
        && let Some(dir) = Path::new(name).parent().and_then(|d| d.file_name())
    {
        return PostSource {
            slug: dir.to_str().unwrap_or("").to_string(),
            rel,
            name_date: None,
            assets: Some(Vec::new()),
        };
    }
    let (name_date, slug) = bulletin::content::split_date_prefix(stem);
    PostSource {
        slug: slug.to_string(),
        name_date: name_date.map(str::to_string),
        rel: rel.clone(),
        assets: None,
    }
}

/// A header that reads knows where its keys are: inside it, where `locate` finds
/// them, and (YAML) on the line `key_position` scans for.
fn header_invariants(split: &front_matter::Split<'_>) {
    let Ok(mapping) = front_matter::parse(split.format, split.header) else {
        return;
    };
    let lines = line_count(split.header);
    let inside = |p: front_matter::Position| p.line >= 1 && p.line <= lines && p.column >= 1;
    for e in &mapping.entries {
        assert!(inside(e.at.key) && inside(e.at.value), "{e:?}");
        assert!(e.at.key <= e.at.value, "{e:?}");
        assert_eq!(split.locate(&[&e.key]), Some(e.at), "{e:?}");
        if split.format == front_matter::Format::Yaml
            && let Some((line, _)) = front_matter::key_position(split.header, &e.key)
        {
            assert_eq!(line, e.at.key.line, "{e:?}");
        }
    }
    for d in &mapping.duplicates {
        assert!(inside(d.at), "{d:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    // Posts are read as UTF-8; other bytes are refused before parsing.
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (name, text) = input.split_once('\n').unwrap_or(("post.md", input));
    let source = post_source(name);
    let file = Path::new("content/posts").join(name);

    // The split is exact: the parts are the text's own, and the lines add up.
    if let Ok(split) = front_matter::split(text) {
        let before = &text[..text.len() - split.body.len()];
        assert!(text.ends_with(split.body));
        if !split.body.is_empty() {
            assert_eq!(split.body_line, 1 + before.matches('\n').count());
        }
        assert!(before.contains(split.header));
        header_invariants(&split);
    }

    let (post, diags) = parse_post(&source, &file, text);
    let lines = line_count(text);
    for d in &diags {
        assert_eq!(d.file.as_deref(), Some(file.as_path()), "{d}");
        assert!(d.code.is_some(), "{d}");
        if let Some(line) = d.line {
            assert!(
                line >= 1 && line as usize <= lines,
                "line {line} of {lines}: {d}"
            );
        }
        if let Some(column) = d.column {
            assert!(column >= 1, "{d}");
        }
    }
    let Some(post) = post else {
        assert!(
            diags.iter().any(|d| d.severity == Severity::Error),
            "no post and no error"
        );
        return;
    };
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
    assert!(
        bulletin::url::is_plain_segment(&post.slug),
        "{:?}",
        post.slug
    );
    assert!(!post.title.is_empty() && !post.title.chars().any(char::is_control));
    assert_eq!(post.title, post.title.trim());
    assert!(bulletin::escape::forbidden_char(&post.body).is_none());
    assert!(post.tags.iter().all(|t| !t.is_empty() && t == t.trim()));
    for date in std::iter::once(&post.date).chain(&post.updated) {
        let _ = (
            date.rfc3339(),
            date.rfc2822(),
            date.display(),
            date.iso_date(),
        );
    }
    // What `bulletin new` writes for a title reads back as that title.
    let yaml = format!("title: {}\n", front_matter::quote(&post.title));
    let read =
        front_matter::parse(front_matter::Format::Yaml, &yaml).expect("a quoted title parses");
    assert_eq!(
        read.entries[0].value.as_str(),
        Some(post.title.as_str()),
        "{yaml}"
    );
});
