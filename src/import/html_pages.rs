//! Posts written in HTML: Hugo (and Jekyll) read a `.html` file with front matter in a
//! content folder as a page, which Bulletin's reader, made for Markdown, skips. The
//! import makes each one a Markdown post whose body is one raw HTML block, so it
//! renders as it did, keeps its URL rules (a bundle's `index.html` is named by its
//! folder) and its bundle's files.
//!
//! One HTML block, because Markdown ends an HTML block at a blank line and reads what
//! follows as Markdown (an indented line becoming code): blank lines are left out,
//! except inside `<pre>` and `<textarea>`, where each becomes a line holding `&#32;`
//! (a space, as the reader sees it).

use std::path::{Path, PathBuf};

use crate::content::post::{Post, parse_post};
use crate::content::{PostSource, Skip, front_matter, split_date_prefix};
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::url::SlugStyle;

/// The body of an HTML page as a Markdown body of one raw HTML block.
pub(super) fn as_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    out.push_str("<div class=\"imported-html\">\n");
    let mut pre_depth: usize = 0;
    for line in html.lines() {
        if line.trim().is_empty() {
            if pre_depth > 0 {
                out.push_str("&#32;\n");
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        let lower = line.to_ascii_lowercase();
        let opens = lower.matches("<pre").count() + lower.matches("<textarea").count();
        let closes = lower.matches("</pre").count() + lower.matches("</textarea").count();
        pre_depth = (pre_depth + opens).saturating_sub(closes);
    }
    out.push_str("</div>\n");
    out
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The posts folder that holds `rel` (the longest that does).
fn posts_folder<'a>(rel: &Path, posts: &'a [String]) -> Option<&'a str> {
    (posts.iter())
        .filter(|p| rel.starts_with(p.trim_matches('/')))
        .max_by_key(|p| p.len())
        .map(String::as_str)
}

/// Reads the HTML pages among the files the reader skipped: each with front matter
/// becomes a post; its bundle's files (skipped too, as not beside a Markdown post) go
/// with it. Returns the posts, and leaves in `skipped` what is still not imported.
pub(super) fn read(
    src: &Path,
    fence: &Fence,
    posts_folders: &[String],
    slug_style: SlugStyle,
    undated_oldest: bool,
    skipped: &mut Vec<(PathBuf, Skip)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Post> {
    let shown = crate::shown_root(src);
    let mut out = Vec::new();
    let mut taken: Vec<PathBuf> = Vec::new();
    let pages: Vec<PathBuf> = (skipped.iter())
        .filter(|(f, why)| *why == Skip::NotMarkdown && is_html(f))
        .map(|(f, _)| f.clone())
        .collect();
    for rel in pages {
        let Some(folder) = posts_folder(&rel, posts_folders) else {
            continue;
        };
        let Ok(text) = fence.read_to_string(&src.join(&rel)) else {
            continue;
        };
        let Ok(split) = front_matter::split(&text) else {
            continue;
        };
        if split.format == front_matter::Format::None {
            continue;
        }
        let fence_line = match split.format {
            front_matter::Format::Toml => "+++",
            _ => "---",
        };
        let markdown = format!(
            "{fence_line}\n{}{fence_line}\n{}",
            split.header,
            as_markdown(split.body)
        );
        let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let dir = rel.parent().unwrap_or(Path::new(""));
        let bundle = stem == "index";
        let (named, section_dir) = if bundle {
            let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (name, dir.parent().unwrap_or(Path::new("")))
        } else {
            (stem, dir)
        };
        let (name_date, slug) = split_date_prefix(named);
        let assets: Option<Vec<PathBuf>> = bundle.then(|| {
            (skipped.iter())
                .map(|(f, _)| f)
                .filter(|f| **f != rel && f.starts_with(dir))
                .filter_map(|f| f.strip_prefix(dir).ok().map(Path::to_path_buf))
                .collect()
        });
        let section = section_dir
            .strip_prefix(folder.trim_matches('/'))
            .unwrap_or(Path::new(""))
            .to_string_lossy()
            .replace('\\', "/");
        let source = PostSource {
            rel: rel.clone(),
            slug: slug_style.apply(slug).into(),
            name_date: name_date.map(Box::from),
            section: section.into(),
            undated_oldest,
            assets: assets.clone().map(Vec::into_boxed_slice),
        };
        let (post, found) = parse_post(&source, &shown.join(&rel), &markdown);
        diags.extend(found);
        if let Some(post) = post {
            taken.push(rel.clone());
            taken.extend(assets.into_iter().flatten().map(|a| dir.join(a)));
            out.push(post);
        }
    }
    skipped.retain(|(f, _)| !taken.contains(f));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_one_block_with_pre_kept() {
        let html = "<p>One</p>\n\n    <p>indented</p>\n\n<pre>a\n\nb</pre>\n\ntext\n";
        assert_eq!(
            as_markdown(html),
            "<div class=\"imported-html\">\n<p>One</p>\n    <p>indented</p>\n<pre>a\n&#32;\nb</pre>\ntext\n</div>\n"
        );
        let rendered = {
            let mut out = String::new();
            pulldown_cmark::html::push_html(
                &mut out,
                pulldown_cmark::Parser::new(&as_markdown(html)),
            );
            out
        };
        assert!(!rendered.contains("<code>"), "{rendered}");
        assert!(rendered.contains("    <p>indented</p>"), "{rendered}");
    }
}
