//! Content: finding the source files of a site and reading them into posts and authors.
//!
//! [`discover`] walks the posts folders (`content/posts/` unless the config names
//! others) and `content/authors/` and returns, sorted, what it found: post files
//! (bundles `<slug>/index.md` with the files beside them, flat `<slug>.md`, Jekyll-style
//! `YYYY-MM-DD-<slug>.md`, posts in dated folders `2024/12/05/<slug>.md`), author files,
//! and what it skipped and why (other generators' section files and listing pages,
//! files that are not Markdown). It reads no file contents; [`post::parse_post`] and
//! [`authors::load_authors`] do that.

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
    /// The slug its location gives: the bundle folder or file stem, without a date
    /// prefix, made a slug as the config's `slug_style` says.
    pub slug: Box<str>,
    /// The date its path gives (`2024-01-31-x.md`, `2024-01-31-x/index.md`,
    /// `2024/01/31/x.md`), as `YYYY-MM-DD`, if any.
    pub name_date: Option<Box<str>>,
    /// The folders between the posts folder and the post (`release`, `2024/12/05`),
    /// without slashes at either end; empty for a post directly in the posts folder.
    pub section: Box<str>,
    /// A post with no date anywhere gets the oldest date there is (as Hugo does),
    /// with a warning, rather than an error (`undated: oldest` in the config).
    pub undated_oldest: bool,
    /// For a bundle (`x/index.md`), the files beside it, relative to its folder.
    pub assets: Option<Box<[PathBuf]>>,
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
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// Post files, sorted by path.
    pub posts: Vec<PostSource>,
    /// Author files (`content/authors/<id>.json|yaml|yml`), sorted, relative.
    pub authors: Vec<PathBuf>,
    /// Files of the posts folders that are not posts, sorted, relative.
    pub skipped: Vec<(PathBuf, Skip)>,
}

/// Why a file of a posts folder is not a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// `_index.md`: another generator's section file.
    Section,
    /// An `index.md` or `README.md` whose folder holds posts (bundles, or files beside
    /// it when it has no date): the old blog's listing.
    Listing,
    /// Not Markdown, and not beside a post in its bundle.
    NotMarkdown,
}

impl Skip {
    /// What the build summary says about files skipped for this reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Section => "section files (_index.md)",
            Self::Listing => {
                "listing pages (an undated index.md or README.md whose folder holds posts)"
            }
            Self::NotMarkdown => "files that are not Markdown and not in a post's folder",
        }
    }
}

fn post_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POST_EXTENSIONS.contains(&e))
}

/// Where a site keeps its posts and how their paths are read (from the config).
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// The posts folders, relative to the site's folder.
    pub posts: &'a [String],
    /// How a file or folder name becomes a slug.
    pub slug_style: crate::url::SlugStyle,
    /// See [`PostSource::undated_oldest`].
    pub undated_oldest: bool,
}

/// Walks the posts folders (relative to `source`) and the authors folder. `shown` is
/// how `source` is shown in messages. Problems (a missing posts folder, unreadable
/// folders, non-UTF-8 names) become diagnostics.
pub fn discover(
    source: &Path,
    shown: &Path,
    layout: Layout<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Sources {
    let from = diags.len();
    let posts = layout.posts;
    let fence = Fence::for_site(source, posts);
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for folder in posts {
        let folder = Path::new(folder.trim_matches('/'));
        let root = source.join(folder);
        if !root.is_dir() {
            diags.push(
                Diagnostic::error(format!(
                    "the posts folder {} is not there",
                    shown.join(folder).display()
                ))
                .help(if posts == [crate::config::DEFAULT_POSTS] {
                    "posts go in content/posts/; a blog of another generator names its \
                     folder in bulletin.yaml, like `posts: [_posts]`"
                } else {
                    "create it, or fix `posts` in bulletin.yaml"
                }),
            );
            continue;
        }
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in fsutil::walk_files(&root, fsutil::Walk::Content(&fence)) {
            match entry {
                Ok(path) => {
                    let rel = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
                    if rel.to_str().is_none() {
                        diags.push(
                            Diagnostic::error("file name is not valid UTF-8")
                                .in_file(shown.join(folder).join(&rel))
                                .help("rename the file; URLs are made from file names"),
                        );
                        continue;
                    }
                    files.push(rel);
                }
                Err(err) => diags.push(err.diagnostic(source, shown)),
            }
        }
        let dated = |index: &Path| {
            (fence.read_to_string(&root.join(index))).map_or(true, |t| post::states_a_date(&t))
        };
        let (posts, skips) = classify(&files, &shown.join(folder), &dated, diags);
        found.extend(posts.into_iter().map(|mut p| {
            p.rel = folder.join(&p.rel);
            p.slug = layout.slug_style.apply(&p.slug).into();
            p.undated_oldest = layout.undated_oldest;
            p
        }));
        skipped.extend(skips.into_iter().map(|(f, why)| (folder.join(f), why)));
    }
    // Sorted by path as bytes: cheaper than component-wise and just as deterministic.
    found.sort_by(|a, b| a.rel.as_os_str().cmp(b.rel.as_os_str()));
    skipped.sort();
    let authors = discover_authors(source, shown, &fence, diags);
    unread_markdown(source, shown, posts, diags);
    crate::error::default_code(diags, from, "content");
    Sources {
        posts: found,
        authors,
        skipped,
    }
}

/// Warns about Markdown files in `content/` outside the posts folders (and the authors
/// folder): posts put in `content/blog/` while `posts:` says `content/posts`. They are
/// not read, and nothing else would say so. Only `content/` is looked at, and the posts
/// folders are not entered.
fn unread_markdown(source: &Path, shown: &Path, posts: &[String], diags: &mut Vec<Diagnostic>) {
    let content = Path::new("content");
    let read: Vec<PathBuf> = (posts.iter())
        .map(|p| PathBuf::from(p.trim_matches('/')))
        .chain([content.join("authors")])
        .collect();
    if read.iter().any(|r| content.starts_with(r)) || !source.join(content).is_dir() {
        return;
    }
    // Links are not followed (their type is neither folder nor file); unreadable
    // folders are passed over: this is a hint, and the walk of the posts reports those.
    let mut unread: Vec<PathBuf> = Vec::new();
    let mut folders = vec![content.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(source.join(&folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_str().is_none_or(|n| n.starts_with('.')) {
                continue;
            }
            let rel = folder.join(&name);
            match entry.file_type() {
                Ok(t) if t.is_dir() && !read.contains(&rel) => folders.push(rel),
                Ok(t) if t.is_file() && post_extension(&rel) => unread.push(rel),
                _ => {}
            }
        }
    }
    if unread.is_empty() {
        return;
    }
    unread.sort();
    let shown_files: Vec<String> = (unread.iter().take(3))
        .map(|f| shown.join(f).display().to_string())
        .collect();
    let more = match unread.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    diags.push(
        Diagnostic::warning(format!(
            "{} Markdown file{} in content/ outside the posts folders {} not read: {}{more}",
            unread.len(),
            if unread.len() == 1 { "" } else { "s" },
            if unread.len() == 1 { "is" } else { "are" },
            shown_files.join(", ")
        ))
        .code("unread-markdown")
        .in_file(shown.join(&unread[0]))
        .help(format!(
            "move posts into {}, or list their folder in `posts:` in bulletin.yaml",
            posts.first().map_or("content/posts", String::as_str)
        )),
    );
}

/// True for the names of index files: `index.md` (any post extension) and `README.md`.
fn is_index(f: &Path) -> bool {
    let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    post_extension(f) && (stem == "index" || stem.eq_ignore_ascii_case("readme"))
}

/// Sorts the files of one posts folder (relative to it) into posts, bundle assets and
/// skipped files. `dated(index)` says whether the front matter of an index file gives
/// a date; it is asked only of an index file beside other Markdown files. Pure
/// otherwise: no file system access.
fn classify(
    files: &[PathBuf],
    shown: &Path,
    dated: &dyn Fn(&Path) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<PostSource>, Vec<(PathBuf, Skip)>) {
    let mut skipped = Vec::new();
    // Folders holding an index file are bundles; the deepest one owns a file. An index
    // file directly in the posts folder, or in a folder that holds other bundles, is
    // the old blog's listing page.
    let mut bundles: HashMap<PathBuf, PathBuf> = HashMap::new();
    for f in files.iter().filter(|f| is_index(f)) {
        let dir = f.parent().unwrap_or(Path::new(""));
        if dir.as_os_str().is_empty() {
            continue;
        }
        if let Some(prev) = bundles.insert(dir.to_path_buf(), f.clone()) {
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
    // Every folder above a bundle, looked up rather than searched: a walk of a site of
    // one folder per post stays linear.
    let above: std::collections::HashSet<&Path> = bundles
        .keys()
        .flat_map(|dir| dir.ancestors().skip(1))
        .collect();
    let listings: Vec<PathBuf> = bundles
        .keys()
        .filter(|dir| above.contains(dir.as_path()))
        .cloned()
        .collect();
    // An index file beside other Markdown files heads a bundle (the others are its
    // downloads, as in a Hugo bundle), or it is the listing page of the posts beside it:
    // that, when neither its front matter nor its path gives a date.
    let beside: std::collections::HashSet<&Path> = (files.iter())
        .filter(|f| post_extension(f) && !is_index(f))
        .filter_map(|f| f.parent())
        .collect();
    let undated: Vec<PathBuf> = (bundles.iter())
        .filter(|(dir, _)| beside.contains(dir.as_path()))
        .filter(|(dir, index)| {
            let name = dir.file_name().and_then(|s| s.to_str()).unwrap_or("");
            let source = post_source(index.to_path_buf(), name, dir.parent(), None);
            source.name_date.is_none() && !dated(index)
        })
        .map(|(dir, _)| dir.clone())
        .collect();
    for dir in listings.into_iter().chain(undated) {
        if let Some(index) = bundles.remove(&dir) {
            skipped.push((index, Skip::Listing));
        }
    }
    let mut assets: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut posts = Vec::new();
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if post_extension(f) && stem.starts_with("_index") {
            skipped.push((f.clone(), Skip::Section));
            continue;
        }
        if is_index(f) {
            let dir = f.parent().unwrap_or(Path::new(""));
            if dir.as_os_str().is_empty() {
                skipped.push((f.clone(), Skip::Listing));
            }
            continue; // a bundle, handled below, or a listing skipped above
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
            posts.push(post_source(f.clone(), stem, f.parent(), None));
        } else {
            skipped.push((f.clone(), Skip::NotMarkdown));
        }
    }
    for (dir, index) in bundles {
        let name = dir.file_name().and_then(|s| s.to_str()).unwrap_or("");
        let files = assets.remove(&dir).unwrap_or_default();
        posts.push(post_source(index, name, dir.parent(), Some(files)));
    }
    posts.sort_by(|a, b| a.rel.as_os_str().cmp(b.rel.as_os_str()));
    (posts, skipped)
}

/// The post at `rel` named `name` (its file stem, or its bundle folder's name) in the
/// folder `parent`: its slug and date from the name, else the date from the folders.
fn post_source(
    rel: PathBuf,
    name: &str,
    parent: Option<&Path>,
    assets: Option<Vec<PathBuf>>,
) -> PostSource {
    let (name_date, slug) = split_date_prefix(name);
    let section = folders(parent);
    PostSource {
        rel,
        slug: slug.into(),
        name_date: name_date
            .map(Box::from)
            .or_else(|| folder_date(&section).map(String::into_boxed_str)),
        section: section.into(),
        undated_oldest: false,
        assets: assets.map(Vec::into_boxed_slice),
    }
}

/// A relative folder as `a/b`, `/`-separated; empty for none.
fn folders(dir: Option<&Path>) -> String {
    dir.map(|d| {
        d.components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/")
    })
    .unwrap_or_default()
}

/// `2024/12/05` at the end of a section → `2024-12-05` (a date in the folders, as the
/// React blog and many Next.js blogs keep posts).
fn folder_date(section: &str) -> Option<String> {
    let parts: Vec<&str> = section.rsplitn(4, '/').collect();
    let [day, month, year, ..] = parts[..] else {
        return None;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4) && digits(month, 2) && digits(day, 2)).then(|| format!("{year}-{month}-{day}"))
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
mod tests;
