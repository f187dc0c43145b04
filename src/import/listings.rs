//! The old blog's listing pages: each posts section's page (Hugo and Zola list a
//! section whether or not it has an `_index.md`), a folder's `index.md` or `README.md`
//! listing (VuePress, Next.js), and the aliases a section file gives. Each is sent to
//! Bulletin's own listing, `/blog/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::old_site::{Generator, OldSite};
use super::old_url::{Rule, listing_url};
use crate::content::{Skip, front_matter};
use crate::fsutil::Fence;

/// Where the old listings go.
pub(super) const TARGET: &str = "/blog/";

/// The old listing pages' URLs (not `/` or `/blog/`, which the new site has).
pub(super) fn old_listings(
    src: &Path,
    fence: &Fence,
    old: &OldSite,
    skipped: &[(PathBuf, Skip)],
) -> Vec<String> {
    let mut out = BTreeSet::new();
    if matches!(old.rule, Rule::Hugo { .. } | Rule::Zola { .. }) {
        for folder in &old.posts {
            out.extend(listing_url(&old.rule, &format!("{folder}/_index.md")));
        }
    }
    for (file, why) in skipped {
        if !matches!(why, Skip::Section | Skip::Listing) {
            continue;
        }
        let rel = file.to_string_lossy().replace('\\', "/");
        let Some(url) = listing_url(&old.rule, &rel) else {
            continue;
        };
        out.extend(aliases(src, fence, old, file, &url));
        out.insert(url);
    }
    out.into_iter()
        .filter(|u| u != "/" && u != TARGET)
        .collect()
}

/// The `aliases` of a section file, as paths (Hugo's relative ones beside the page).
fn aliases(src: &Path, fence: &Fence, old: &OldSite, file: &Path, url: &str) -> Vec<String> {
    let Ok(text) = fence.read_to_string(&src.join(file)) else {
        return Vec::new();
    };
    let Ok(split) = front_matter::split(&text) else {
        return Vec::new();
    };
    let Ok(map) = front_matter::parse(split.format, split.header) else {
        return Vec::new();
    };
    let values = match map.get("aliases").map(|e| &e.value) {
        Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str()).collect(),
        Some(serde_json::Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    };
    values
        .into_iter()
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains("://"))
        .map(|v| {
            if v.starts_with('/') {
                v.to_string()
            } else if old.generator == Generator::Hugo {
                super::old_dates::relative_alias(url, v)
            } else {
                format!("/{v}")
            }
        })
        .collect()
}
