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
mod site;

use std::borrow::Cow;

use serde::Serialize;

use crate::markdown::Heading;
use crate::site::{Site, Taxonomy, paging};
pub use card::{Card, Links, cut, listed};
pub use feed::{FeedCtx, FeedItem};
pub use groups::{AuthorCtx, TermCtx, popular_terms};
pub use series::{KindCtx, SeriesCtx, SeriesRelease};
pub use site::{SiteCtx, SiteLinks, YEAR_NAV_ALL, YearCtx, YearLink, year_nav};

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
    /// How many reference links there are, in all groups.
    pub reference_count: usize,
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
            title: site.posts[pi].post.title.to_string(),
            url: site.config.base_url.link(&site.posts[pi].path),
        };
        (pr.versions.iter())
            .map(|a| {
                let group = &site.series[a.group];
                let place = crate::site::releases::place(group, &a.version);
                Self {
                    version: a.version.normalized(),
                    product: group.product.clone(),
                    series: group.series.as_str().to_string(),
                    series_url: site.config.base_url.link(&site.series[a.group].path),
                    phase: a.version.phase().as_str(),
                    prerelease: a.version.is_prerelease(),
                    kind: pr.kind.as_deref().map(str::to_string),
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

/// Numbered pagination of `/blog/` and of long listings (a year, a tag, an author…).
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

/// A page `sitemap.xml` lists, by its place in the site model (so that the list,
/// made once for all of the sitemap's parts, borrows nothing).
#[derive(Debug, Clone, Copy)]
pub enum SitemapPage {
    /// A page at a fixed path: the home page, the indexes.
    Fixed(&'static str),
    /// `/blog/<n>/`.
    Blog(usize),
    /// Page `n` of a year's listing: (year, `n`).
    Year(usize, usize),
    /// Page `n` of a tag's or category's listing.
    Term(Taxonomy, usize, usize),
    /// Page `n` of an author's listing.
    Author(usize, usize),
    /// A release series' page.
    Series(usize),
    /// Page `n` of a kind of release's listing.
    Kind(usize, usize),
    /// A post.
    Post(usize),
}

impl SitemapPage {
    /// Every real page of the site (not redirects, not 404, not drafts), in the order
    /// the sitemap lists them. A build makes the list once for all of the sitemap's
    /// parts: made again for each, a large site's would take time growing with the
    /// square of its posts.
    pub fn all(site: &Site, blog_pages: usize) -> Vec<Self> {
        let per = site.config.posts_per_list_page;
        // Each page of each listing of `posts_of`, in order.
        let listings = |posts_of: Vec<&[usize]>, page: &dyn Fn(usize, usize) -> Self| {
            (posts_of.into_iter().enumerate())
                .flat_map(|(i, posts)| (1..=paging::pages(posts.len(), per)).map(move |n| (i, n)))
                .map(|(i, n)| page(i, n))
                .collect::<Vec<_>>()
        };
        let mut pages = vec![Self::Fixed("/")];
        pages.extend((1..=blog_pages).map(Self::Blog));
        let years = site.years.iter().map(|y| &y.posts[..]).collect();
        pages.extend(listings(years, &Self::Year));
        for t in site.taxonomies() {
            pages.push(Self::Fixed(t.root()));
            let terms = site.terms(t).iter().map(|g| &g.posts[..]).collect();
            pages.extend(listings(terms, &|i, n| Self::Term(t, i, n)));
        }
        pages.push(Self::Fixed("/authors/"));
        let authors = site.authors.iter().map(|a| &a.posts[..]).collect();
        pages.extend(listings(authors, &Self::Author));
        if site.config.releases.is_some() && !site.series.is_empty() {
            pages.push(Self::Fixed(crate::site::releases::RELEASES));
            pages.extend((0..site.series.len()).map(Self::Series));
            let kinds = site.kinds.iter().map(|k| &k.posts[..]).collect();
            pages.extend(listings(kinds, &Self::Kind));
        }
        let published = (site.posts.iter().enumerate()).filter(|(_, sp)| sp.post.published);
        pages.extend(published.map(|(i, _)| Self::Post(i)));
        pages
    }
}

impl SitemapUrl {
    /// The entry of `page` of `site`.
    pub fn new(site: &Site, page: SitemapPage) -> Self {
        let path: Cow<'_, str> = match page {
            SitemapPage::Fixed(path) => path.into(),
            SitemapPage::Blog(n) => super::blog_path(n).into(),
            SitemapPage::Year(i, n) => paging::page_path(&site.years[i].path, n).into(),
            SitemapPage::Term(t, i, n) => paging::page_path(&site.terms(t)[i].path, n).into(),
            SitemapPage::Author(i, n) => paging::page_path(&site.authors[i].path, n).into(),
            SitemapPage::Series(i) => site.series[i].path.as_str().into(),
            SitemapPage::Kind(i, n) => paging::page_path(&site.kinds[i].path, n).into(),
            SitemapPage::Post(i) => (&*site.posts[i].path).into(),
        };
        let lastmod = match page {
            SitemapPage::Post(i) => {
                let p = &site.posts[i].post;
                Some(p.updated.unwrap_or(p.date).iso_date())
            }
            _ => None,
        };
        Self {
            loc: site.config.base_url.absolute(&path),
            lastmod,
        }
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
        let authors = sp.authors().iter().map(|&a| site.authors[a].name.as_str());
        Self {
            url: site.config.base_url.link(&sp.path),
            title: &sp.post.title,
            description: sp.post.description.as_deref().unwrap_or(summary),
            author: authors.collect::<Vec<_>>().join(", "),
            date: sp.post.date.iso_date(),
            tags: sp
                .tags()
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
