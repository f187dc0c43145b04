//! The import's model: each post as it will be written ([`PlannedPost`]), the whole
//! import decided ([`Planned`]), what needs a look ([`Findings`]), and the post as the
//! new site will read it, for its URL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::PostSource;
use crate::content::authors::AuthorInfo;
use crate::content::date::PostDate;
use crate::content::post::Post;
use crate::error::Diagnostic;

/// Bulletin's own permalink, used unless `--keep-urls` finds a better one.
pub(super) const DEFAULT_PERMALINK: &str = "/{year}/{month}/{slug}/";

/// An imported post, ready to write.
#[derive(Debug)]
pub(super) struct PlannedPost {
    /// The post as read (body with links to other posts resolved).
    pub post: Post,
    /// Its URL on the old site, when known.
    pub old_url: Option<String>,
    /// The legacy URLs to write: the old URL (unless the post keeps it) and old aliases.
    pub legacy: Vec<String>,
    /// Its folder name in `content/posts/`.
    pub folder: String,
    /// Its slug, when not the folder's name (two posts wanted one folder).
    pub slug: Option<String>,
    /// `publishDate` as written.
    pub date: String,
    /// `updatedDate`, when there is one.
    pub updated: Option<String>,
    /// `expiryDate`, when there is one.
    pub expires: Option<String>,
    /// The post's own `permalink` (`--keep-urls`, where the pattern does not give it).
    pub permalink: Option<String>,
    /// Its URL on the new site.
    pub new_path: String,
    /// Front matter keys kept for templates.
    pub extra: Map<String, Value>,
    /// Files to copy: (from, relative to the source; to, relative to `DEST`).
    pub copies: Vec<(PathBuf, PathBuf)>,
    /// Relative links made root-relative, with the file beside the post each may name.
    pub beside: Vec<(String, String)>,
}

/// What the report lists for a look.
#[derive(Debug, Default)]
pub(super) struct Findings {
    /// URL and folder clashes, and how each was resolved.
    pub clashes: Vec<String>,
    /// Dates read one of several ways.
    pub dates: Vec<String>,
    /// Warnings while reading: syntax kept as text, components left out, links to
    /// posts that are not there.
    pub lossy: Vec<Diagnostic>,
    /// Files posts reference that the old site's folders do not have.
    pub missing: Vec<String>,
    /// The first folders of links to pages that are not posts (`/learn/`), with how
    /// many links: the rest of the site the blog was part of, or broken links.
    pub elsewhere: BTreeMap<String, usize>,
    /// Links to the old site's pages pointed at the new ones: (links, posts).
    pub links: (usize, usize),
    /// Keys left out of the front matter (old templates' keys), with how many posts.
    pub dropped_keys: BTreeMap<String, usize>,
}

/// The whole import, decided.
#[derive(Debug)]
pub(super) struct Planned {
    /// Posts, in the order of their old files.
    pub posts: Vec<PlannedPost>,
    /// The site's permalink pattern (`None`: Bulletin's default).
    pub permalink: Option<String>,
    /// Author files to write: id and contents.
    pub authors: Vec<(String, AuthorInfo)>,
    /// The old blog's listing pages (a section's page, its aliases) and where each goes.
    pub redirects: Vec<(String, String)>,
    /// Files the posts reference from the old site's static folders: (from, to).
    pub statics: Vec<(PathBuf, PathBuf)>,
    /// What needs a look.
    pub findings: Findings,
}

/// A config whose only setting is the permalink pattern: the URL of a post depends on
/// nothing else.
pub(super) fn url_config(permalink: &str) -> Config {
    let text = format!(
        "permalink: {}\n",
        crate::content::front_matter::quote(permalink)
    );
    Config::from_text(&text, Path::new("bulletin.yaml"), &Default::default())
        .unwrap_or_else(|_| url_config(DEFAULT_PERMALINK))
}

/// Where the imported post will be, as Bulletin's reader sees it.
pub(super) fn new_source(folder: &str, assets: Vec<PathBuf>) -> PostSource {
    PostSource {
        rel: PathBuf::from(format!("content/posts/{folder}/index.md")),
        slug: folder.into(),
        name_date: None,
        section: Box::default(),
        undated_oldest: false,
        assets: Some(assets.into()),
    }
}

/// The post as the new site will read it, for its URL (without its body).
pub(super) fn new_post(p: &PlannedPost, path: Option<String>) -> Post {
    Post {
        file: PathBuf::from(format!("content/posts/{}/index.md", p.folder)).into(),
        source: new_source(&p.folder, Vec::new()),
        own_slug: p.slug.as_deref().map(Box::from),
        title: p.post.title.clone(),
        date: PostDate::parse(&p.date).unwrap_or(p.post.date),
        updated: None,
        authors: Box::default(),
        description: None,
        tags: Box::default(),
        categories: Box::default(),
        published: true,
        redirects: Box::default(),
        // What it announces makes series pages of the new site.
        release: p.post.release.clone(),
        path: path.map(|value| {
            Box::new(crate::content::post::Located {
                value,
                line: 1,
                column: 1,
            })
        }),
        seldom: None,
        body: String::new(),
        body_line: 1,
        body_in_file: None,
    }
}
