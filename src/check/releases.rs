//! Findings about what posts announce: a `release:` version the title contradicts, a
//! release dated after a newer one of its series, and a version two posts announce.
//! Each is located at the front-matter key it is about (`release`, the date, the title).

use std::collections::BTreeMap;
use std::path::Path;

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
                .entry((&a.product, a.version.normalized()))
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
