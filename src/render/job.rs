//! What one output file holds ([`Job`]): a page of some kind, a feed, a file to copy;
//! and the template each page is rendered with.

use std::path::PathBuf;

use super::Feed;
use crate::site::Taxonomy;

/// The most URLs one sitemap file lists; a site with more gets an index and parts.
/// Half the protocol's limit (50,000): a part is made as the template's values, its
/// text and the XML tree it is checked with, and at 50,000 URLs that made the
/// 100,000-post build peak 20 MiB higher than anything else it does.
pub(super) const SITEMAP_URLS: usize = 25_000;

/// The sitemap's parts for `urls` URLs at most `max` per file: none when one file
/// holds them all, else `sitemap-1.xml`, `sitemap-2.xml`…
pub(super) fn sitemap_parts(urls: usize, max: usize) -> Vec<String> {
    if urls <= max {
        return Vec::new();
    }
    (1..=urls.div_ceil(max))
        .map(|k| format!("sitemap-{k}.xml"))
        .collect()
}

/// What one output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A post page (index into `site.posts`).
    Post(usize),
    /// The home page.
    Home,
    /// Page `n` (1-based) of `/blog/`.
    Blog(usize),
    /// Page `n` (from 1) of a year's listing (index into `site.years`, `n`).
    Year(usize, usize),
    /// The index of a taxonomy: `/tags/`, `/categories/`.
    Terms(Taxonomy),
    /// Page `n` (from 1) of a tag's or category's listing (index into
    /// `site.terms(taxonomy)`, `n`).
    Term(Taxonomy, usize, usize),
    /// The author index.
    Authors,
    /// Page `n` (from 1) of an author's listing (index into `site.authors`, `n`).
    Author(usize, usize),
    /// `404.html`.
    NotFound,
    /// The search page.
    Search,
    /// A redirect page (index into `site.redirects`).
    Redirect(usize),
    /// The redirect page of an old URL of a page that is not a post (index into
    /// `site.config.redirects`).
    PageRedirect(usize),
    /// The RSS 2.0 of a feed (the site's is also served at the old Blogger feed path).
    Rss(Feed),
    /// The Atom of a feed.
    Atom(Feed),
    /// `sitemap.xml`: every page, or, above [`SITEMAP_URLS`] pages, the index of the
    /// parts.
    Sitemap,
    /// Part `k` (from 0) of a sitemap split in parts: `sitemap-1.xml`.
    SitemapPart(usize),
    /// `robots.txt`.
    Robots,
    /// `search-index.json`: every post's URL, title, description, authors, date and
    /// tags in one file, for tools and for themes with a search of their own (the
    /// default theme searches the index under `search/`).
    PostList,
    /// The search index's manifest (`search/index.json`).
    SearchManifest,
    /// A shard of the search index (`search/t/<n>.json`).
    SearchShard(usize),
    /// A file of results of the search index (`search/d/<n>.json`, the posts with
    /// search ids `4n` to `4n + 3`), written as its posts' pages are.
    SearchDocs(usize),
    /// `latest.json`: the newest release of each series (when the site has releases).
    LatestJson,
    /// `/releases/`: every series.
    Releases,
    /// A series' page (index into `site.series`).
    Series(usize),
    /// Page `n` (from 1) of the listing of a kind of release (index into `site.kinds`,
    /// `n`).
    Kind(usize, usize),
    /// `_redirects`: every legacy URL as a 301, for hosts that read the file (Netlify,
    /// Cloudflare Pages). The site's own `static/_redirects`, if any, comes first.
    HostRedirects,
    /// `nginx-redirects.map`: the same as an nginx `map` (with `nginx_redirects: true`).
    NginxMap,
    /// The social card (Open Graph image) of a post.
    Card(usize),
    /// The social card of the site.
    SiteCard,
    /// A file beside a bundle's index.md: (post index, path inside the bundle).
    Asset(usize, PathBuf),
    /// A static file (key into the static file map).
    Static(String),
}

impl Job {
    /// The template the job renders with, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Job::Post(_) => "post.html",
            Job::Home => "index.html",
            Job::Blog(_) | Job::Year(..) => "list.html",
            Job::Terms(t) => term_templates(*t).0,
            Job::Term(t, ..) => term_templates(*t).1,
            Job::Authors => "authors.html",
            Job::Releases => "releases.html",
            Job::Series(_) => "series.html",
            Job::Kind(..) => "kind.html",
            Job::Author(..) => "author.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::Redirect(_) | Job::PageRedirect(_) => "redirect.html",
            Job::Rss(_) => "rss.xml",
            Job::Atom(_) => "atom.xml",
            Job::Sitemap | Job::SitemapPart(_) => "sitemap.xml",
            Job::Robots => "robots.txt",
            Job::PostList
            | Job::SearchManifest
            | Job::SearchShard(_)
            | Job::SearchDocs(_)
            | Job::LatestJson
            | Job::HostRedirects
            | Job::NginxMap
            | Job::Card(_)
            | Job::SiteCard
            | Job::Asset(..)
            | Job::Static(_) => {
                return None;
            }
        })
    }
}

impl Job {
    /// Whether `file`, made by this job, is checked as XML: feeds and the sitemap.
    pub fn checked_as_xml(&self) -> bool {
        matches!(
            self,
            Job::Rss(_) | Job::Atom(_) | Job::Sitemap | Job::SitemapPart(_)
        )
    }
}

/// The templates of a taxonomy: (its index's, a term's page's).
pub(super) fn term_templates(taxonomy: Taxonomy) -> (&'static str, &'static str) {
    match taxonomy {
        Taxonomy::Tags => ("tags.html", "tag.html"),
        Taxonomy::Categories => ("categories.html", "category.html"),
    }
}
