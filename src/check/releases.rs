//! Findings about what posts announce: a `release:` version the title contradicts, a
//! release dated after a newer one of its series, a version two posts announce (each
//! located at the front-matter key it is about: `release`, the date, the title), and a
//! download link naming another release of the series (at the link).

use std::collections::BTreeMap;
use std::path::Path;

use super::facts::Facts;
use super::posts::read_front_matter;
use crate::content::{self, post};
use crate::error::Diagnostic;
use crate::site::Site;
use crate::version::Version;

/// Findings about the releases of `site`'s posts.
pub(super) fn release_findings(
    site: &Site,
    source: &Path,
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(settings) = site.config.releases.as_ref() else {
        return;
    };
    // Where a post writes a key, read only for posts with a finding.
    let at = |i: usize, keys: &[&str], d: Diagnostic| {
        let file = &site.posts[i].post.file;
        let place = read_front_matter(source, shown, file).and_then(|(text, first)| {
            (keys.iter()).find_map(|k| {
                content::front_matter::key_position(&text, k).map(|(l, c)| (first + l - 1, c))
            })
        });
        match place {
            Some((l, c)) => d.in_file(file).at(l, c),
            None => d.in_file(file),
        }
    };

    // A `release:` version the title does not name, when the title names versions.
    for (i, sp) in site.posts.iter().enumerate() {
        let Some(release) = sp.post.release.as_ref().filter(|r| !r.off) else {
            continue;
        };
        let in_title: Vec<Version> = (settings.find_in_title(&sp.post.title).into_iter())
            .map(|f| f.version)
            .collect();
        if in_title.is_empty() {
            continue;
        }
        for a in &site.releases[i].versions {
            if in_title.contains(&a.version) {
                continue;
            }
            let named: Vec<&str> = in_title.iter().map(Version::text).collect();
            diags.push(
                Diagnostic::error(format!(
                    "`release` says {}, and the title names {}",
                    a.version.text(),
                    named.join(", ")
                ))
                .code("release-title")
                .in_file(&sp.post.file)
                .at(release.line, release.column)
                .help("make the title and `release` name the same version; a copied post often keeps the old one in one of them"),
            );
        }
    }

    // Per series, the releases in date order: each should be newer than those before.
    // Per product and version, the posts announcing it, oldest first.
    let mut announced: BTreeMap<(&Option<String>, String), Vec<usize>> = BTreeMap::new();
    let mut by_series: Vec<Vec<(usize, &Version)>> = vec![Vec::new(); site.series.len()];
    for (i, pr) in site.releases.iter().enumerate().rev() {
        for a in &pr.versions {
            by_series[a.group].push((i, &a.version));
            let list = announced
                .entry((&site.series[a.group].product, a.version.normalized()))
                .or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    for releases in &by_series {
        // Oldest post first (posts are newest first, and were walked in reverse).
        let mut newest: Option<(usize, &Version)> = None;
        for &(i, v) in releases {
            match newest {
                Some((n, nv))
                    if v < nv
                        && site.posts[i].post.date.timestamp()
                            > site.posts[n].post.date.timestamp() =>
                {
                    let (p, np) = (&site.posts[i].post, &site.posts[n].post);
                    diags.push(at(
                        i,
                        &post::DATE_KEYS,
                        Diagnostic::warning(format!(
                            "{} is dated {}, after {} ({}, {}), but comes before it in version order",
                            v.text(),
                            p.date.iso_date(),
                            nv.text(),
                            np.date.iso_date(),
                            np.file.display()
                        ))
                        .code("release-order")
                        .help("check the date and the version: a release is announced after the ones it follows"),
                    ));
                }
                Some((_, nv)) if v <= nv => {}
                _ => newest = Some((i, v)),
            }
        }
    }
    for ((product, version), posts) in &announced {
        let Some((&first, again)) = posts.split_first() else {
            continue;
        };
        for &i in again {
            let name = match product {
                Some(p) => format!("{p} {version}"),
                None => version.clone(),
            };
            diags.push(at(
                i,
                &["release", "title"],
                Diagnostic::warning(format!(
                    "{name} is announced again: {} announces it already",
                    site.posts[first].post.file.display()
                ))
                .code("release-duplicate")
                .help("if this post is not its announcement, set `release: false` on it; else fix the version"),
            ));
        }
    }
}

/// The path segments that make a link a download or release page:
/// `python.org/downloads/release/python-3120rc1/`, `github.com/o/r/releases/tag/v1.2.0`,
/// `nodejs.org/dist/v20.0.0/`, `python.org/ftp/python/3.12.0/`, and a release's own
/// documentation, `docs.python.org/release/3.13.6/whatsnew/changelog.html`.
const DOWNLOAD_SEGMENTS: [&str; 7] = [
    "download",
    "downloads",
    "release",
    "releases",
    "tag",
    "dist",
    "ftp",
];

/// Whether `url` leads to a download or a release's page (see [`DOWNLOAD_SEGMENTS`]).
fn is_download(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    (path.split('/').skip(1)).any(|s| DOWNLOAD_SEGMENTS.contains(&s.to_ascii_lowercase().as_str()))
}

/// A download link of a release post that names an older release of the post's series
/// and none of the post's own versions: a copied post whose link kept the old version.
/// A newer release is fine (`3.9.3 was recalled: download 3.9.4`), and so is the final
/// a pre-release leads to (old posts link the final's page). Only releases the site
/// announces are known, so a link to one it never announced goes unnoticed.
pub(super) fn link_findings(site: &Site, facts: &[Facts], diags: &mut Vec<Diagnostic>) {
    use crate::version::forms::{Place, find_any};
    for (i, pr) in site.releases.iter().enumerate() {
        let own: Vec<Version> = pr.versions.iter().map(|a| a.version.clone()).collect();
        let downloads: Vec<_> = (facts[i].references.iter())
            .filter(|r| !r.image && is_download(&r.url))
            .collect();
        if own.is_empty() || downloads.is_empty() {
            continue;
        }
        for a in &pr.versions {
            // The post's versions first, then the older releases of this one's series.
            let mut known = own.clone();
            let older = (site.series[a.group].releases.iter())
                .map(|(_, v)| v)
                .filter(|v| **v < a.version && !own.contains(v));
            known.extend(older.cloned());
            for r in &downloads {
                let found = find_any(&r.url, &known, Place::Url);
                if found.is_empty() || found.iter().any(|(k, _)| *k < own.len()) {
                    continue;
                }
                diags.push(
                    Diagnostic::warning(format!(
                        "the link {} names {}, an older release than {}, which this post announces",
                        r.url,
                        known[found[0].0].normalized(),
                        a.version.normalized()
                    ))
                    .code("release-link")
                    .in_file(&site.posts[i].post.file)
                    .at(r.line, r.column)
                    .help("point it at the release this post announces; a copied post often keeps the old link"),
                );
            }
        }
    }
}
