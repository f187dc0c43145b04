//! `site`, the same on every page ([`SiteCtx`]), and the years every list page links.

use serde::Serialize;

use super::PAGE_WINDOW;
use crate::config::Link;
use crate::site::{Site, Taxonomy};

/// `site`: the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// The logo (link), when `logo` names one; else the theme shows `favicon.svg`.
    pub logo: Option<String>,
    /// The logo (absolute), for feeds.
    pub logo_permalink: Option<String>,
    /// True when the logo is a PNG, JPEG or GIF: the images RSS allows.
    pub logo_raster: bool,
    /// A line saying what the site is.
    pub tagline: Option<&'a str>,
    /// The footer's links (`url`s ready to use: a path on the site is under the base
    /// path).
    pub footer_links: Vec<Link>,
    /// The copyright line, its `{year}` the newest post's.
    pub copyright: Option<String>,
    /// The licence, with its link.
    pub licence: Option<Link>,
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
        let identity = &site.config.identity;
        let ready = |l: &Link| Link {
            text: l.text.clone(),
            url: if l.url.starts_with('/') {
                base.link(&l.url)
            } else {
                l.url.clone()
            },
        };
        let logo = identity.logo.as_deref();
        Self {
            title: &site.config.title,
            description: &site.config.description,
            logo: logo.map(|l| base.link(&format!("/{l}"))),
            logo_permalink: logo.map(|l| base.absolute(&format!("/{l}"))),
            logo_raster: logo.is_some_and(|l| {
                let l = l.to_ascii_lowercase();
                [".png", ".jpg", ".jpeg", ".gif"]
                    .iter()
                    .any(|e| l.ends_with(e))
            }),
            tagline: identity.tagline.as_deref(),
            footer_links: identity.footer.iter().map(ready).collect(),
            copyright: identity.copyright_line(site.years.first().map(|y| y.year)),
            licence: identity.licence.as_ref().map(ready),
            base_url: base.full(),
            root: base.path(),
            language: &site.config.language,
            locale: crate::render::describe::og_locale(&site.config.language),
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
    /// Number of posts.
    pub count: usize,
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
            count: y.posts.len(),
            current: current == Some(i),
            gap_before: i > next,
        });
        next = i + 1;
    }
    out
}
