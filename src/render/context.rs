//! The template API: the typed, serializable values templates see.
//!
//! Every page gets `site` ([`SiteCtx`]). Listings get `posts`, a list of [`Card`]s.
//! URLs come ready to use: `url` fields are links under the base path
//! (`/preview/2024/02/x/`), `permalink` fields are absolute. Dates come pre-formatted
//! (`date` for people, `date_iso`, and RFC 3339 / RFC 2822 where feeds need them), so
//! templates need no date filters. The README lists the variables of each template.
//!
//! Cards are in `card`, feed items in `feed`, and the values of the pages that group
//! posts by a name (tags, categories, authors) in `groups`.

mod card;
mod feed;
mod groups;
mod series;

use std::borrow::Cow;

use serde::Serialize;

use crate::markdown::Heading;
use crate::site::{Site, Taxonomy};
pub use card::{Card, cut, listed};
pub use feed::{FeedCtx, FeedItem};
pub use groups::{AuthorCtx, TermCtx};
pub use series::{KindCtx, SeriesCtx, SeriesRelease};

/// `site`: the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Absolute base URL, with a trailing slash.
    pub base_url: String,
    /// The base path for links: `/` or `/preview/`. Static files: `{{ site.root }}style.css`.
    pub root: &'a str,
    /// `lang` attribute.
    pub language: &'a str,
    /// The language as Open Graph writes it, `language_TERRITORY`: `en_US`.
    pub locale: String,
    /// Links to the main pages.
    pub links: SiteLinks,
    /// Number of published posts.
    pub post_count: usize,
    /// Number of authors with at least one post.
    pub author_count: usize,
    /// Year of the oldest post.
    pub first_year: Option<i16>,
    /// Year of the newest post.
    pub last_year: Option<i16>,
    /// Years with posts, newest first.
    pub years: Vec<YearCtx>,
    /// `extra` from bulletin.yaml.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// `Bulletin <version>`.
    pub generator: String,
    /// Absolute URL of the site's social card, when cards are made.
    pub social_card: Option<String>,
    /// A preview build (`build --preview`): a banner, and nothing for search engines.
    pub preview: bool,
}

/// Links every page may want.
#[derive(Debug, Serialize)]
pub struct SiteLinks {
    /// Home.
    pub home: String,
    /// `/blog/`.
    pub blog: String,
    /// `/tags/`.
    pub tags: String,
    /// `/categories/`, when a post has a category (else there is no such page).
    pub categories: Option<String>,
    /// `/authors/`.
    pub authors: String,
    /// RSS feed (link).
    pub rss: String,
    /// Atom feed (link).
    pub atom: String,
    /// RSS feed (absolute).
    pub rss_permalink: String,
    /// Atom feed (absolute).
    pub atom_permalink: String,
    /// `search-index.json`, every post in one file (link).
    pub search_index: String,
    /// The search index's manifest, `search/index.json` (link).
    pub search_manifest: String,
    /// The search page (link).
    pub search: String,
    /// Sitemap (absolute).
    pub sitemap_permalink: String,
    /// `/releases/`, when the site has release series (else there is no such page).
    pub releases: Option<String>,
}

impl<'a> SiteCtx<'a> {
    /// Builds `site`.
    pub fn new(site: &'a Site) -> Self {
        let base = &site.config.base_url;
        Self {
            title: &site.config.title,
            description: &site.config.description,
            base_url: base.full(),
            root: base.path(),
            language: &site.config.language,
            locale: super::describe::og_locale(&site.config.language),
            links: SiteLinks {
                home: base.link("/"),
                blog: base.link("/blog/"),
                tags: base.link(Taxonomy::Tags.root()),
                categories: (site.taxonomies())
                    .find(|&t| t == Taxonomy::Categories)
                    .map(|t| base.link(t.root())),
                authors: base.link("/authors/"),
                releases: (site.config.releases.is_some() && !site.series.is_empty())
                    .then(|| base.link(crate::site::releases::RELEASES)),
                rss: base.link("/rss.xml"),
                atom: base.link("/atom.xml"),
                rss_permalink: base.absolute("/rss.xml"),
                atom_permalink: base.absolute("/atom.xml"),
                search_index: base.link("/search-index.json"),
                search_manifest: base.link(&format!("/{}", crate::search::MANIFEST)),
                search: base.link("/search/"),
                sitemap_permalink: base.absolute("/sitemap.xml"),
            },
            post_count: site.posts.len(),
            author_count: site.authors.iter().filter(|a| !a.posts.is_empty()).count(),
            first_year: site.years.last().map(|y| y.year),
            last_year: site.years.first().map(|y| y.year),
            years: (0..site.years.len())
                .map(|i| YearCtx::new(site, i))
                .collect(),
            extra: &site.config.extra,
            generator: format!("Bulletin {}", env!("CARGO_PKG_VERSION")),
            social_card: site
                .config
                .social_cards
                .then(|| base.absolute("/social.png")),
            preview: site.preview,
        }
    }
}

/// A name with a link: an author, a tag or a category on a card.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NamedLink {
    /// Display name.
    pub name: String,
    /// Link under the base path.
    pub url: String,
}

/// `page` on post pages (with `card`, `content`, `previous` and `next` beside it).
#[derive(Debug, Serialize)]
pub struct PostPage<'a> {
    /// Headings of the body, for a table of contents.
    pub toc: &'a [Heading],
    /// Front matter keys Bulletin does not use.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The source file's slug.
    pub slug: &'a str,
    /// Reference links of the body (PEPs, docs, issues…), grouped by kind.
    pub references: Vec<RefGroup>,
    /// Absolute URL of the post's social card (Open Graph image), when cards are made.
    pub social_card: Option<String>,
    /// Dated after the build (shown with `--future` or in a preview).
    pub scheduled: bool,
    /// What the post announces: each version with its place in its series.
    pub releases: Vec<ReleaseCtx>,
    /// Its schema.org `BlogPosting`, as JSON safe inside `<script>`.
    pub json_ld: String,
}

/// A version a post announces (`page.releases` items).
#[derive(Debug, Serialize)]
pub struct ReleaseCtx {
    /// In its normal form: `3.12.0rc1` (for "3.12.0 release candidate 1").
    pub version: String,
    /// The product, when named: `Python`.
    pub product: Option<String>,
    /// Its series: `3.12`.
    pub series: String,
    /// Its series' page.
    pub series_url: String,
    /// `alpha`, `beta`, `rc`, `final`, `dev`.
    pub phase: &'static str,
    /// Whether it is a pre-release.
    pub prerelease: bool,
    /// `release.kind` of the post (`security`…), when given.
    pub kind: Option<String>,
    /// The release before it in its series, in version order.
    pub previous: Option<ReleaseLink>,
    /// The release after it.
    pub next: Option<ReleaseLink>,
    /// The newest release of the series, when newer than this one.
    pub newer: Option<ReleaseLink>,
}

/// Another release of a series, linked.
#[derive(Debug, Serialize)]
pub struct ReleaseLink {
    /// Its version.
    pub version: String,
    /// Its post's title.
    pub title: String,
    /// Its post's URL.
    pub url: String,
}

impl ReleaseCtx {
    /// The versions post `i` of `site` announces.
    pub fn all(site: &Site, i: usize) -> Vec<Self> {
        let Some(pr) = site.releases.get(i) else {
            return Vec::new();
        };
        let link = |(pi, v): (usize, crate::version::Version)| ReleaseLink {
            version: v.normalized(),
            title: site.posts[pi].post.title.clone(),
            url: site.config.base_url.link(&site.posts[pi].path),
        };
        (pr.versions.iter())
            .map(|a| {
                let place = crate::site::releases::place(&site.series[a.group], &a.version);
                Self {
                    version: a.version.normalized(),
                    product: a.product.clone(),
                    series: a.series.as_str().to_string(),
                    series_url: site.config.base_url.link(&site.series[a.group].path),
                    phase: a.version.phase().as_str(),
                    prerelease: a.version.is_prerelease(),
                    kind: pr.kind.clone(),
                    previous: place.previous.map(link),
                    next: place.next.map(link),
                    newer: place.newer.map(link),
                }
            })
            .collect()
    }
}

/// One kind of reference on a post page (`page.references` items).
#[derive(Debug, Serialize)]
pub struct RefGroup {
    /// The kind, as shown: "PEP", "Docs", "GitHub issue"…
    pub kind: String,
    /// Its badges, in the order the post links them.
    pub badges: Vec<RefBadge>,
}

/// One reference badge.
#[derive(Debug, Serialize)]
pub struct RefBadge {
    /// The badge as HTML (icon and label, linked).
    pub html: String,
    /// The label: "PEP 695", "gh-12345"…
    pub label: String,
    /// Where it links.
    pub url: String,
    /// The rule id: "pep", "docs"…
    pub kind: String,
}

impl RefGroup {
    /// Groups a post's references, each URL once.
    pub fn all(badges: &[crate::badges::Badge]) -> Vec<Self> {
        crate::badges::group(badges)
            .into_iter()
            .map(|(kind, badges)| Self {
                kind,
                badges: badges
                    .into_iter()
                    .map(|b| RefBadge {
                        html: crate::badges::badge_html(&b),
                        label: b.label,
                        url: b.url,
                        kind: b.kind,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// `previous` (older) and `next` (newer) on post pages.
#[derive(Debug, Serialize)]
pub struct Neighbour<'a> {
    /// Title.
    pub title: &'a str,
    /// Link under the base path.
    pub url: String,
    /// `February 1, 2024`.
    pub date: String,
}

impl<'a> Neighbour<'a> {
    /// Post `i` of the site.
    pub fn new(site: &'a Site, i: usize) -> Self {
        let sp = &site.posts[i];
        Self {
            title: &sp.post.title,
            url: site.config.base_url.link(&sp.path),
            date: sp.post.date.display(),
        }
    }
}

/// Numbered pagination of `/blog/`.
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Link to the newer page.
    pub previous: Option<String>,
    /// Link to the older page.
    pub next: Option<String>,
    /// The pages to link: the first, the last, and those near the current one.
    pub pages: Vec<PageLink>,
}

/// One numbered page link.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// Page number.
    pub number: usize,
    /// Link.
    pub url: String,
    /// True on the page itself.
    pub current: bool,
    /// True when pages are left out between the previous link and this one.
    pub gap_before: bool,
}

/// Pages shown on each side of the current one; the first and last are always shown.
const PAGE_WINDOW: usize = 2;

impl Pagination {
    /// Page `current` of `total`, with links made by `link`.
    pub fn new(current: usize, total: usize, link: impl Fn(usize) -> String) -> Self {
        Self {
            current,
            total,
            previous: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            pages: {
                let shown = |n: usize| n == 1 || n == total || n.abs_diff(current) <= PAGE_WINDOW;
                let mut pages = Vec::new();
                let mut last = 0;
                for n in (1..=total).filter(|&n| shown(n)) {
                    pages.push(PageLink {
                        number: n,
                        url: link(n),
                        current: n == current,
                        gap_before: n > last + 1,
                    });
                    last = n;
                }
                pages
            },
        }
    }
}

/// A year (`year` on year pages, `site.years` items).
#[derive(Debug, Serialize)]
pub struct YearCtx {
    /// The year.
    pub year: i16,
    /// Link to its page.
    pub url: String,
    /// Number of posts.
    pub count: usize,
}

impl YearCtx {
    /// Year `i` of the site.
    pub fn new(site: &Site, i: usize) -> Self {
        let y = &site.years[i];
        Self {
            year: y.year,
            url: site.config.base_url.link(&y.path),
            count: y.posts.len(),
        }
    }
}

/// A year in the year navigation of list pages (`year_nav` items).
#[derive(Debug, Serialize)]
pub struct YearLink {
    /// The year.
    pub year: i16,
    /// Link to its page.
    pub url: String,
    /// True on the year's own page.
    pub current: bool,
    /// True when years are left out between the previous link and this one.
    pub gap_before: bool,
}

/// Years the navigation of list pages shows all of; with more, it shows a window.
pub const YEAR_NAV_ALL: usize = 24;
/// With more than [`YEAR_NAV_ALL`] years, the newest ones shown.
const YEAR_NAV_NEWEST: usize = 6;

/// The year navigation of a list page (`current`: the page of year `current`): every
/// year when there are at most [`YEAR_NAV_ALL`], else the newest six, the oldest, and
/// the two on each side of the current one. Every list page has it, so it must not
/// grow with the number of years (each year is a page).
pub fn year_nav(site: &Site, current: Option<usize>) -> Vec<YearLink> {
    let total = site.years.len();
    let shown = |i: usize| {
        total <= YEAR_NAV_ALL
            || i < YEAR_NAV_NEWEST
            || i + 1 == total
            || current.is_some_and(|c| c.abs_diff(i) <= PAGE_WINDOW)
    };
    let mut out = Vec::new();
    let mut next = 0;
    for i in (0..total).filter(|&i| shown(i)) {
        let y = &site.years[i];
        out.push(YearLink {
            year: y.year,
            url: site.config.base_url.link(&y.path),
            current: current == Some(i),
            gap_before: i > next,
        });
        next = i + 1;
    }
    out
}

/// `redirect` on redirect pages.
#[derive(Debug, Serialize)]
pub struct RedirectCtx<'a> {
    /// The legacy path.
    pub from: &'a str,
    /// Link to the post.
    pub url: String,
    /// Absolute URL of the post (canonical).
    pub permalink: String,
    /// The post's title (cut to [`listed::TITLE_CHARS`]: a post may have many legacy
    /// URLs); for a page, where it went.
    pub title: Cow<'a, str>,
    /// True for a post's legacy URL, false for a page's (`redirects` of the config).
    pub post: bool,
}

impl<'a> RedirectCtx<'a> {
    /// Redirect `i` of the site.
    pub fn new(site: &'a Site, i: usize) -> Self {
        let r = &site.redirects[i];
        let sp = &site.posts[r.to];
        Self {
            from: &r.from,
            url: site.config.base_url.link(&sp.path),
            permalink: site.config.base_url.absolute(&sp.path),
            title: cut(&sp.post.title, listed::TITLE_CHARS),
            post: true,
        }
    }

    /// Redirect `i` of the config's `redirects`: a page that is not a post.
    pub fn page(site: &'a Site, i: usize) -> Self {
        let r = &site.config.redirects[i];
        let base = &site.config.base_url;
        let (url, permalink) = if r.leaves() {
            (r.to.clone(), r.to.clone())
        } else {
            (base.link(&r.to), base.absolute(&r.to))
        };
        Self {
            from: &r.from,
            title: cut(&permalink, listed::TITLE_CHARS).into_owned().into(),
            url,
            permalink,
            post: false,
        }
    }
}

/// `urls` in `sitemap.xml`.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD` of the last change, when known.
    pub lastmod: Option<String>,
}

impl SitemapUrl {
    /// Every real page of the site (not redirects, not 404, not drafts).
    pub fn all(site: &Site, blog_pages: usize) -> Vec<Self> {
        let base = &site.config.base_url;
        let plain = |path: &str| Self {
            loc: base.absolute(path),
            lastmod: None,
        };
        let mut urls = vec![plain("/")];
        urls.extend((1..=blog_pages).map(|n| plain(&super::blog_path(n))));
        urls.extend(site.years.iter().map(|y| plain(&y.path)));
        for t in site.taxonomies() {
            urls.push(plain(t.root()));
            urls.extend(site.terms(t).iter().map(|g| plain(&g.path)));
        }
        urls.push(plain("/authors/"));
        urls.extend(site.authors.iter().map(|a| plain(&a.path)));
        if site.config.releases.is_some() && !site.series.is_empty() {
            urls.push(plain(crate::site::releases::RELEASES));
            urls.extend(site.series.iter().map(|g| plain(&g.path)));
            urls.extend(site.kinds.iter().map(|k| plain(&k.path)));
        }
        urls.extend(
            site.posts
                .iter()
                .filter(|sp| sp.post.published)
                .map(|sp| Self {
                    loc: base.absolute(&sp.path),
                    lastmod: Some(sp.post.updated.unwrap_or(sp.post.date).iso_date()),
                }),
        );
        urls
    }
}

/// One entry of `search-index.json`.
#[derive(Debug, Serialize)]
pub struct PostListEntry<'a> {
    /// Link under the base path.
    pub url: String,
    /// Title.
    pub title: &'a str,
    /// Description, else the summary.
    pub description: &'a str,
    /// Author names, comma-separated.
    pub author: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Tags.
    pub tags: Vec<&'a str>,
}

impl<'a> PostListEntry<'a> {
    /// Post `i`, with its plain-text summary.
    pub fn new(site: &'a Site, i: usize, summary: &'a str) -> Self {
        let sp = &site.posts[i];
        let authors = sp.authors.iter().map(|&a| site.authors[a].name.as_str());
        Self {
            url: site.config.base_url.link(&sp.path),
            title: &sp.post.title,
            description: sp.post.description.as_deref().unwrap_or(summary),
            author: authors.collect::<Vec<_>>().join(", "),
            date: sp.post.date.iso_date(),
            tags: sp
                .tags
                .iter()
                .map(|&t| site.tags[t].name.as_str())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links() {
        let p = Pagination::new(2, 3, |n| format!("/blog/{n}/"));
        assert_eq!(p.previous.as_deref(), Some("/blog/1/"));
        assert_eq!(p.next.as_deref(), Some("/blog/3/"));
        assert!(p.pages[1].current);
        let p = Pagination::new(1, 1, |n| format!("/{n}"));
        assert!(p.previous.is_none() && p.next.is_none());
        let p = Pagination::new(10, 20, |n| format!("/{n}"));
        let shown: Vec<(usize, bool)> = p.pages.iter().map(|p| (p.number, p.gap_before)).collect();
        assert_eq!(
            shown,
            [
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (20, true)
            ]
        );
    }
}
