//! Content: finding the source files of a site and reading them into posts and authors.
//!
//! [`discover`] walks `content/posts/` and `content/authors/` and returns, sorted, what
//! it found: post files (bundles `<slug>/index.md` with the files beside them, flat
//! `<slug>.md`, Jekyll-style `YYYY-MM-DD-<slug>.md`) and author files. It reads no file
//! contents; [`post::parse_post`] and [`authors::load_authors`] do that.

pub mod authors;
pub mod body;
pub mod date;
pub mod dialect;
pub mod front_matter;
pub mod post;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::fsutil::{self, Fence};

/// File extensions read as Markdown posts.
pub const POST_EXTENSIONS: [&str; 3] = ["md", "markdown", "mdx"];

/// One post file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostSource {
    /// The file, relative to the source folder (`content/posts/x/index.md`).
    pub rel: PathBuf,
    /// The slug its location gives: bundle folder, or file stem without a date prefix.
    pub slug: String,
    /// The date in a Jekyll-style file name (`2024-01-31-x.md`), if any.
    pub name_date: Option<String>,
    /// For a bundle (`x/index.md`), the files beside it, relative to its folder.
    pub assets: Option<Vec<PathBuf>>,
}

impl PostSource {
    /// The bundle folder, relative to the source folder, for bundles.
    pub fn bundle_dir(&self) -> Option<&Path> {
        self.assets.as_ref().and(self.rel.parent())
    }

    /// Where the bundle file `rel` (a path inside the bundle) is, relative to the source
    /// folder.
    pub fn asset_path(&self, rel: &Path) -> PathBuf {
        self.bundle_dir().unwrap_or(Path::new("")).join(rel)
    }
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Sources {
    /// Post files, sorted by path.
    pub posts: Vec<PostSource>,
    /// Author files (`content/authors/<id>.json|yaml|yml`), sorted, relative.
    pub authors: Vec<PathBuf>,
}

fn post_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POST_EXTENSIONS.contains(&e))
}

/// Walks the content folder of `source`. `shown` is how `source` is shown in messages.
/// Problems (no content folder, unreadable folders, non-UTF-8 names, stray files)
/// become diagnostics.
pub fn discover(source: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) -> Sources {
    let from = diags.len();
    if !source.join("content").is_dir() {
        diags.push(
            Diagnostic::error(format!("no content folder in {}", source.display()))
                .help("posts go in content/posts/, authors in content/authors/"),
        );
    }
    let fence = Fence::new(source);
    let posts_root = source.join("content").join("posts");
    let mut files: Vec<PathBuf> = Vec::new();
    if posts_root.is_dir() {
        for found in fsutil::walk_files(&posts_root, fsutil::Walk::Content(&fence)) {
            match found {
                Ok(path) => {
                    let rel = path.strip_prefix(source).unwrap_or(&path).to_path_buf();
                    if rel.to_str().is_none() {
                        diags.push(
                            Diagnostic::error("file name is not valid UTF-8")
                                .in_file(shown.join(&rel))
                                .help("rename the file; URLs are made from file names"),
                        );
                        continue;
                    }
                    files.push(rel);
                }
                Err(err) => diags.push(err.diagnostic(source, shown)),
            }
        }
    }

    let posts = classify(&files, shown, diags);
    let authors = discover_authors(source, shown, &fence, diags);
    crate::error::default_code(diags, from, "content");
    Sources { posts, authors }
}

/// Sorts found files into posts and bundle assets (pure: no file system access).
fn classify(files: &[PathBuf], shown: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PostSource> {
    // Folders holding an index.md are bundles; the deepest one owns a file.
    let mut bundles: HashMap<PathBuf, PathBuf> = HashMap::new();
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem == "index" && post_extension(f) && f.parent() == Some(Path::new("content/posts")) {
            diags.push(
                Diagnostic::error("an index file directly in content/posts/ is not a post")
                    .in_file(shown.join(f))
                    .help("give the post a folder of its own: content/posts/<slug>/index.md"),
            );
            continue;
        }
        if stem == "index"
            && post_extension(f)
            && let Some(dir) = f.parent()
            && let Some(prev) = bundles.insert(dir.to_path_buf(), f.clone())
        {
            diags.push(
                Diagnostic::error(format!(
                    "two index files in one bundle: {} and {}",
                    shown.join(&prev).display(),
                    shown.join(f).display()
                ))
                .in_file(shown.join(f))
                .help("keep one index file per post folder"),
            );
        }
    }
    let mut assets: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut posts = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|s| s.to_str()).unwrap_or("");
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if post_extension(f) && stem.starts_with("_index") {
            continue; // section files of other generators
        }
        if post_extension(f) && stem == "index" {
            continue; // a bundle, handled below (or the error above)
        }
        if let Some(owner) = f.ancestors().skip(1).find(|a| bundles.contains_key(*a)) {
            if let Ok(inner) = f.strip_prefix(owner) {
                assets
                    .entry(owner.to_path_buf())
                    .or_default()
                    .push(inner.to_path_buf());
            }
            // A Markdown file inside a bundle is an asset too (a downloadable file),
            // not a post of its own.
            continue;
        }
        if post_extension(f) {
            let (name_date, slug) = split_date_prefix(stem);
            posts.push(PostSource {
                rel: f.clone(),
                slug: slug.to_string(),
                name_date: name_date.map(str::to_string),
                assets: None,
            });
        } else {
            diags.push(
                Diagnostic::warning(format!(
                    "'{name}' is not part of a post bundle and is not published"
                ))
                .in_file(shown.join(f))
                .help("put it in a post's folder beside its index.md, or in static/"),
            );
        }
    }
    for (dir, index) in bundles {
        let slug = dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        posts.push(PostSource {
            rel: index,
            slug,
            name_date: None,
            assets: Some(assets.remove(&dir).unwrap_or_default()),
        });
    }
    // Sorted by path as bytes: cheaper than component-wise and just as deterministic.
    posts.sort_by(|a, b| a.rel.as_os_str().cmp(b.rel.as_os_str()));
    posts
}

/// `2024-01-31-hello` → (Some("2024-01-31"), "hello"); other stems are returned whole.
pub fn split_date_prefix(stem: &str) -> (Option<&str>, &str) {
    let b = stem.as_bytes();
    let shape = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if shape {
        (Some(&stem[..10]), &stem[11..])
    } else {
        (None, stem)
    }
}

/// The author files: `content/authors/<id>.json|yaml|yml` (not in subfolders).
fn discover_authors(
    source: &Path,
    shown: &Path,
    fence: &Fence,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let dir = source.join("content").join("authors");
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for found in fsutil::walk_files(&dir, fsutil::Walk::Content(fence)) {
        let path = match found {
            Ok(path) => path,
            Err(err) => {
                diags.push(err.diagnostic(source, shown));
                continue;
            }
        };
        if path.parent() != Some(dir.as_path()) {
            continue;
        }
        let rel = path.strip_prefix(source).unwrap_or(&path).to_path_buf();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "json" | "yaml" | "yml") {
            out.push(rel);
        } else {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            diags.push(
                Diagnostic::warning(format!("'{name}' is not an author file and is ignored"))
                    .in_file(shown.join(rel))
                    .help("author files are <id>.json or <id>.yaml"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn classifies_bundles_flat_and_jekyll_files() {
        let files = [
            p("content/posts/a/index.md"),
            p("content/posts/a/img.png"),
            p("content/posts/a/sub/data.csv"),
            p("content/posts/2024-01-31-b.md"),
            p("content/posts/c.markdown"),
            p("content/posts/_index.md"),
            p("content/posts/stray.png"),
        ];
        let mut diags = Vec::new();
        let posts = classify(&files, Path::new("."), &mut diags);
        let slugs: Vec<_> = posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["b", "a", "c"]);
        assert_eq!(posts[0].name_date.as_deref(), Some("2024-01-31"));
        assert_eq!(
            posts[1].assets.as_ref().unwrap(),
            &[p("img.png"), p("sub/data.csv")]
        );
        assert_eq!(posts[1].bundle_dir(), Some(Path::new("content/posts/a")));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("stray.png"));
    }

    #[test]
    fn index_at_the_root_of_posts_is_an_error() {
        let files = [p("content/posts/index.md"), p("content/posts/flat.md")];
        let mut diags = Vec::new();
        let posts = classify(&files, Path::new("."), &mut diags);
        assert_eq!(posts.len(), 1, "flat.md stays a post");
        assert!(
            diags[0].message.contains("directly in content/posts/"),
            "{diags:?}"
        );
    }

    #[test]
    fn two_index_files_are_an_error() {
        let files = [
            p("content/posts/a/index.md"),
            p("content/posts/a/index.mdx"),
        ];
        let mut diags = Vec::new();
        classify(&files, Path::new("."), &mut diags);
        assert!(
            diags
                .iter()
                .any(|d| d.is_error() && d.message.contains("two index files"))
        );
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
}
