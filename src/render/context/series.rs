//! `series` on the release index and a series' page: a series of one product with its
//! releases in version order, from the first alpha to the last bugfix release; and
//! `kinds`, the kinds of release (`security`) with their pages and feeds.

use serde::Serialize;

use crate::site::Site;
use crate::version::Version;

/// One release of a series.
#[derive(Debug, Serialize)]
pub struct SeriesRelease {
    /// Its version, in normal form.
    pub version: String,
    /// `dev`, `alpha`, `beta`, `rc`, `final`.
    pub phase: &'static str,
    /// Whether it is a pre-release.
    pub prerelease: bool,
    /// Its post's date, as shown.
    pub date: String,
    /// Its post's date, `YYYY-MM-DD`.
    pub date_iso: String,
    /// Its post's title.
    pub title: String,
    /// Its post's URL.
    pub url: String,
}

/// A series.
#[derive(Debug, Serialize)]
pub struct SeriesCtx {
    /// As shown: `Python 3.12`, or `3.12` without a product.
    pub name: String,
    /// The product, when named.
    pub product: Option<String>,
    /// The series: `3.12`.
    pub series: String,
    /// Its page.
    pub url: String,
    /// `prerelease` (no final release yet), `current` (its product's newest released
    /// series) or `older`.
    pub status: &'static str,
    /// Its newest release.
    pub latest: Option<SeriesRelease>,
    /// Its releases, oldest version first.
    pub releases: Vec<SeriesRelease>,
    /// Its RSS feed (absolute).
    pub rss: String,
    /// Its Atom feed (absolute).
    pub atom: String,
}

fn release(site: &Site, post: usize, v: &Version) -> SeriesRelease {
    let sp = &site.posts[post];
    SeriesRelease {
        version: v.normalized(),
        phase: v.phase().as_str(),
        prerelease: v.is_prerelease(),
        date: sp.post.date.display(),
        date_iso: sp.post.date.iso_date(),
        title: sp.post.title.to_string(),
        url: site.config.base_url.link(&sp.path),
    }
}

impl SeriesCtx {
    /// Series `i` of `site`.
    pub fn new(site: &Site, i: usize) -> Self {
        let g = &site.series[i];
        // The newest released series of its product is its current one.
        let current = (site.series.iter())
            .filter(|o| o.product == g.product && o.released())
            .map(|o| &o.series)
            .max();
        let status = if !g.released() {
            "prerelease"
        } else if current == Some(&g.series) {
            "current"
        } else {
            "older"
        };
        let name = match &g.product {
            Some(p) => format!("{p} {}", g.series),
            None => g.series.as_str().to_string(),
        };
        Self {
            name,
            product: g.product.clone(),
            series: g.series.as_str().to_string(),
            url: site.config.base_url.link(&g.path),
            status,
            latest: g.latest().map(|(p, v)| release(site, *p, v)),
            releases: g
                .releases
                .iter()
                .map(|(p, v)| release(site, *p, v))
                .collect(),
            rss: site.config.base_url.absolute(&format!("{}rss.xml", g.path)),
            atom: site
                .config
                .base_url
                .absolute(&format!("{}atom.xml", g.path)),
        }
    }
}

/// A kind of release (`kind` on its page, `kinds` items on the release index and
/// series pages).
#[derive(Debug, Serialize)]
pub struct KindCtx<'a> {
    /// As written: `security`.
    pub name: &'a str,
    /// As a heading: `Security releases`.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Number of posts.
    pub count: usize,
    /// Its RSS feed (absolute).
    pub rss: String,
    /// Its Atom feed (absolute).
    pub atom: String,
}

impl<'a> KindCtx<'a> {
    /// Kind `i` of `site`.
    pub fn new(site: &'a Site, i: usize) -> Self {
        let k = &site.kinds[i];
        let base = &site.config.base_url;
        Self {
            name: &k.name,
            title: k.title(),
            url: base.link(&k.path),
            count: k.posts.len(),
            rss: base.absolute(&format!("{}rss.xml", k.path)),
            atom: base.absolute(&format!("{}atom.xml", k.path)),
        }
    }

    /// Every kind of `site`.
    pub fn all(site: &'a Site) -> Vec<Self> {
        (0..site.kinds.len()).map(|i| Self::new(site, i)).collect()
    }
}
