//! The files an import writes and copies: each bundle's files beside its post, the
//! images and files posts reference from the old site's static folders (at the same
//! path, through `static/`), and the writing itself, into a folder beside `DEST` that is
//! moved into place once everything is there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::model::PlannedPost;
use super::old_site::OldSite;
use crate::content::post::Post;
use crate::error::Diagnostic;
use crate::fsutil::Fence;

/// A file of the new site.
#[derive(Debug)]
pub(super) struct OutFile {
    /// Where, relative to `DEST`.
    pub rel: PathBuf,
    /// What.
    pub content: Content,
}

/// A file's content: text made here, or a file of the old site copied.
#[derive(Debug)]
pub(super) enum Content {
    /// Text.
    Text(String),
    /// The old site's file, relative to its root.
    Copy(PathBuf),
}

/// The files of a bundle, to copy beside the imported post: (from, to).
pub(super) fn bundle_copies(post: &Post, folder: &str) -> Vec<(PathBuf, PathBuf)> {
    let Some(assets) = &post.source.assets else {
        return Vec::new();
    };
    assets
        .iter()
        .map(|a| {
            (
                post.source.asset_path(a),
                Path::new("content/posts").join(folder).join(a),
            )
        })
        .collect()
}

/// Root-relative URLs of files in a body (`/images/x.png`, not pages).
fn file_urls(body: &str) -> Vec<String> {
    let mut urls = root_urls(body);
    urls.retain(|u| super::links::is_file(u));
    urls
}

/// Root-relative URLs of pages in a body (`/learn/`, `/blog/x.html`), without their
/// query or fragment.
pub(super) fn page_urls(body: &str) -> Vec<String> {
    let mut urls = root_urls(body);
    urls.retain(|u| !super::links::is_file(u));
    for u in &mut urls {
        u.truncate(u.find(['?', '#']).unwrap_or(u.len()));
    }
    urls
}

/// Root-relative URLs in a body: Markdown image and link destinations, and `src`,
/// `href` and `poster` of raw HTML.
fn root_urls(body: &str) -> Vec<String> {
    let mut urls = all_urls(body);
    urls.retain(|u| u.starts_with('/') && !u.starts_with("//"));
    urls
}

/// Every URL of a body: Markdown image and link destinations, and `src`, `href` and
/// `poster` of raw HTML.
fn all_urls(body: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for event in Parser::new_ext(body, Options::all()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) => {
                urls.push(dest_url.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => urls.extend(html_urls(&html)),
            _ => {}
        }
    }
    urls
}

/// The URLs of the URL attributes of a piece of HTML.
fn html_urls(html: &str) -> Vec<String> {
    (crate::html::source_urls(html).into_iter())
        .map(|u| u.url)
        .collect()
}

/// Finds the files `post` references in the old site's static folders: each found is
/// added to `statics` (to → from), each not found to `missing`.
pub(super) fn referenced(
    src: &Path,
    fence: &Fence,
    old: &OldSite,
    planned: &PlannedPost,
    statics: &mut BTreeMap<PathBuf, PathBuf>,
    missing: &mut Vec<String>,
) {
    let post = &planned.post;
    let mut urls = file_urls(&post.body);
    urls.sort();
    urls.dedup();
    for url in urls {
        let path = url.split(['?', '#']).next().unwrap_or("");
        let Ok(file) = crate::url::output_file(path) else {
            continue;
        };
        let to = Path::new("static").join(&file);
        if statics.contains_key(&to) {
            continue;
        }
        // A file of this post's own bundle is copied with it.
        if post
            .source
            .bundle_dir()
            .is_some_and(|b| src.join(b).join(file.trim_start_matches('/')).is_file())
        {
            continue;
        }
        // In a static folder, or beside the post's own file when it was linked to
        // relatively (VuePress, MDX).
        let beside = (planned.beside.iter())
            .filter(|(root, _)| root == path)
            .map(|(_, file)| PathBuf::from(file));
        let found = (old.static_dirs.iter())
            .map(|d| Path::new(d).join(&file))
            .chain(beside)
            .filter(|from| served(old, from))
            .find(|from| fence.open(&src.join(from)).is_ok());
        match found {
            Some(from) => {
                statics.insert(to, from);
            }
            None => missing.push(format!(
                "{}: {path} is not in the old site's {}",
                post.file.display(),
                if old.static_dirs.is_empty() {
                    "files".to_string()
                } else {
                    old.static_dirs
                        .iter()
                        .map(|d| {
                            if d.is_empty() {
                                "root".to_string()
                            } else {
                                format!("{d}/")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            )),
        }
    }
}

/// The files a post links to relatively, beside its own file, that are not in its
/// bundle (a folder of Markdown posts with an `img/` folder, a Jekyll post beside its
/// images): (from, relative to the old site's root; to, relative to `DEST`), copied
/// into the new post's folder at the same relative path, so the links stay as written.
/// One that is not there is listed.
pub(super) fn beside_copies(
    src: &Path,
    fence: &Fence,
    old: &OldSite,
    planned: &PlannedPost,
    missing: &mut Vec<String>,
) -> Vec<(PathBuf, PathBuf)> {
    let post = &planned.post;
    let dir = post.source.rel.parent().unwrap_or(Path::new(""));
    let bundle = post.source.assets.as_deref().unwrap_or(&[]);
    let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut urls = all_urls(&post.body);
    urls.sort();
    urls.dedup();
    for url in urls {
        let path = url.split(['?', '#']).next().unwrap_or("");
        let Some(rel) = super::links::beside(path) else {
            continue;
        };
        let decoded = percent_encoding::percent_decode_str(&rel).decode_utf8_lossy();
        let rel = PathBuf::from(decoded.as_ref());
        if bundle.contains(&rel) || out.iter().any(|(_, to)| to.ends_with(&rel)) {
            continue;
        }
        let from = dir.join(&rel);
        if served(old, &from) && fence.open(&src.join(&from)).is_ok() {
            let to = Path::new("content/posts").join(&planned.folder).join(&rel);
            out.push((from, to));
        } else {
            missing.push(format!("{}: {path} is not beside it", post.file.display()));
        }
    }
    out
}

/// Whether the old site published the file `rel` (relative to its root): never one in
/// a hidden or `_` folder or named so (`.env`, `.git/`, `_config.yml`, `_posts/`), nor
/// one its config leaves out (Jekyll's `exclude`).
fn served(old: &OldSite, rel: &Path) -> bool {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with(['.', '_']));
    let text = rel.to_string_lossy().replace('\\', "/");
    !hidden && !old.excluded.is_match(&text)
}

/// Writes the new site: every file into a new folder beside `dest`, then that folder
/// moved to `dest` (or, when `dest` is an empty folder already, its entries moved into
/// it). On failure what was written is removed and `dest` is as it was.
pub(super) fn write_site(
    dest: &Path,
    src: &Path,
    fence: &Fence,
    files: &[OutFile],
) -> Result<(), Diagnostic> {
    // Beside a missing DEST, or inside an empty one (which may be a mount point: a
    // rename across file systems fails).
    let partial = if dest.is_dir() {
        dest.join(format!(".bulletin-import-{}", std::process::id()))
    } else {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        parent.join(format!(".bulletin-import-{}", std::process::id()))
    };
    std::fs::create_dir(&partial).map_err(|e| Diagnostic::io("create the folder", &partial, &e))?;
    let result = write_all(&partial, src, fence, files).and_then(|()| {
        if dest.is_dir() {
            move_entries(&partial, dest)
        } else {
            std::fs::rename(&partial, dest)
                .map_err(|e| Diagnostic::io("move the new site to", dest, &e))
        }
    });
    let _ = std::fs::remove_dir_all(&partial);
    result
}

/// Moves the entries of `from` into the empty folder `to`; on failure, takes back out
/// of `to` what was moved.
fn move_entries(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    let names: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| Diagnostic::io("read", from, &e))?
        .flatten()
        .map(|e| e.file_name())
        .collect();
    for (i, name) in names.iter().enumerate() {
        if let Err(e) = std::fs::rename(from.join(name), to.join(name)) {
            for moved in &names[..i] {
                let _ = std::fs::rename(to.join(moved), from.join(moved));
            }
            return Err(Diagnostic::io("move the new site into", to, &e));
        }
    }
    Ok(())
}

fn write_all(dir: &Path, src: &Path, fence: &Fence, files: &[OutFile]) -> Result<(), Diagnostic> {
    for f in files {
        let to = dir.join(&f.rel);
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p).map_err(|e| Diagnostic::io("create the folder", p, &e))?;
        }
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&to)
            .map_err(|e| Diagnostic::io("write", &f.rel, &e))?;
        match &f.content {
            Content::Text(t) => std::io::Write::write_all(&mut out, t.as_bytes())
                .map_err(|e| Diagnostic::io("write", &f.rel, &e))?,
            Content::Copy(from) => {
                let shown = crate::shown_root(src).join(from);
                let mut input = fence
                    .open(&src.join(from))
                    .map_err(|e| e.diagnostic("copy", &shown))?;
                std::io::copy(&mut input, &mut out)
                    .map_err(|e| Diagnostic::io("copy", &shown, &e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_root_relative_files_in_markdown_and_html() {
        let body = "![a](/img/a.png) [page](/2024/x/) [doc](/files/r.pdf?x=1)\n\n\
                    <img src=\"/img/b.jpg\" alt=\"\"> <video poster='/img/c.webp'></video>\n\n\
                    ![rel](d.png) ![far](https://x.org/e.png) `![code](/img/no.png)`\n";
        assert_eq!(
            file_urls(body),
            [
                "/img/a.png",
                "/files/r.pdf?x=1",
                "/img/b.jpg",
                "/img/c.webp"
            ]
        );
    }

    #[test]
    fn an_attribute_name_inside_another_is_not_one() {
        assert_eq!(
            html_urls("<img data-src=\"/x.png\" src=\"/y.png\">"),
            ["/y.png"]
        );
    }
}
