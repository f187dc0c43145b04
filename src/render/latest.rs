//! `/latest.json`: the newest release of every series, and the newest stable and
//! pre-release overall, as data for other sites and tools (python.org's "latest news",
//! a download page). A stable format: its `version` field says which.
//!
//! ```json
//! {"version": 1,
//!  "series": [{"product": "Python", "series": "3.14", "status": "current",
//!              "latest": {"version": "3.14.1", "url": "https://…/", "date": "2025-12-02",
//!                         "phase": "final", "prerelease": false}}],
//!  "latest_stable": {"product": "Python", "series": "3.14", "version": "3.14.1", …},
//!  "latest_prerelease": null}
//! ```
//!
//! `latest_stable` and `latest_prerelease` are of the product most releases are of
//! (`product`); a pre-release older than the newest stable release is none.
//! ```text
//! ```

use serde::Serialize;

use crate::site::Site;
use crate::site::releases::SeriesGroup;
use crate::version::Version;

/// The format's version: raised when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Latest<'a> {
    version: u32,
    /// The product most releases are of (the one `latest_stable` and
    /// `latest_prerelease` are about), when named.
    product: Option<&'a str>,
    series: Vec<SeriesEntry<'a>>,
    latest_stable: Option<Overall<'a>>,
    latest_prerelease: Option<Overall<'a>>,
}

#[derive(Serialize)]
struct SeriesEntry<'a> {
    product: Option<&'a str>,
    series: &'a str,
    /// `prerelease` (no final release yet), `current` (the newest released series of its
    /// product), or `older`.
    status: &'static str,
    latest: Release,
}

#[derive(Serialize)]
struct Release {
    version: String,
    url: String,
    date: String,
    phase: &'static str,
    prerelease: bool,
}

#[derive(Serialize)]
struct Overall<'a> {
    product: Option<&'a str>,
    series: &'a str,
    #[serde(flatten)]
    release: Release,
}

fn release(site: &Site, post: usize, v: &Version) -> Release {
    let sp = &site.posts[post];
    Release {
        version: v.normalized(),
        url: site.config.base_url.absolute(&sp.path),
        date: sp.post.date.iso_date(),
        phase: v.phase().as_str(),
        prerelease: v.is_prerelease(),
    }
}

fn overall<'a>(site: &Site, g: &'a SeriesGroup, post: usize, v: &Version) -> Overall<'a> {
    Overall {
        product: g.product.as_deref(),
        series: g.series.as_str(),
        release: release(site, post, v),
    }
}

/// The text of `latest.json`.
pub fn latest_json(site: &Site) -> Vec<u8> {
    // Newest series first; products in name order.
    let mut groups: Vec<&SeriesGroup> = site
        .series
        .iter()
        .filter(|g| g.latest().is_some())
        .collect();
    groups.sort_by(|a, b| {
        b.series
            .cmp(&a.series)
            .then_with(|| a.product.cmp(&b.product))
    });
    // The newest released series of each product is its current one.
    let mut current: Vec<(&Option<String>, &crate::version::Series)> = Vec::new();
    for g in &groups {
        if g.released() && !current.iter().any(|(p, _)| *p == &g.product) {
            current.push((&g.product, &g.series));
        }
    }
    let series = groups
        .iter()
        .filter_map(|g| {
            let (post, v) = g.latest()?;
            let status = if !g.released() {
                "prerelease"
            } else if current.contains(&(&g.product, &g.series)) {
                "current"
            } else {
                "older"
            };
            Some(SeriesEntry {
                product: g.product.as_deref(),
                series: g.series.as_str(),
                status,
                latest: release(site, *post, v),
            })
        })
        .collect();
    // The main product: the one with the most releases (ties: by name).
    let mut counts: std::collections::BTreeMap<&Option<String>, usize> = Default::default();
    for g in &site.series {
        *counts.entry(&g.product).or_default() += g.releases.len();
    }
    let main = (counts.iter())
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(p, _)| *p);
    let newest = |stable: bool| {
        (groups.iter())
            .filter(|g| Some(&g.product) == main)
            .filter_map(|g| Some((g, g.latest()?)))
            .filter(|(_, (_, v))| v.is_prerelease() != stable)
            .max_by(|a, b| a.1.1.cmp(&b.1.1))
    };
    let stable = newest(true);
    // A pre-release older than the newest stable release is not the latest of anything.
    let pre = newest(false).filter(|p| stable.is_none_or(|s| p.1.1 > s.1.1));
    let doc = Latest {
        version: FORMAT,
        product: main.and_then(|p| p.as_deref()),
        series,
        latest_stable: stable.map(|(g, (post, v))| overall(site, g, *post, v)),
        latest_prerelease: pre.map(|(g, (post, v))| overall(site, g, *post, v)),
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
