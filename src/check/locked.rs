//! The feed contract: a post locked in `bulletin.lock` keeps its URL (or its old URL is
//! a legacy URL of it, or of the post that replaced it) and its guid. A changed URL
//! breaks every link to the post; a changed guid shows it again as new to every
//! subscriber.

use std::collections::HashMap;
use std::path::Path;

use crate::error::Diagnostic;
use crate::lock::{LOCK_FILE, key};
use crate::site::Site;

/// Findings for the locked posts whose URL or guid moved.
pub(super) fn findings(site: &Site, shown: &Path) -> Vec<Diagnostic> {
    let lock = &site.lock;
    if lock.entries.is_empty() {
        return Vec::new();
    }
    let by_file: HashMap<String, usize> = (site.posts.iter().enumerate())
        .filter(|(_, sp)| sp.post.published)
        .map(|(i, sp)| (key(&sp.post.source.rel), i))
        .collect();
    let legacy: HashMap<&str, usize> = (site.redirects.iter())
        .map(|r| (r.from.as_str(), r.to))
        .collect();
    let base = &site.config.base_url;
    let lock_file = shown.join(LOCK_FILE);
    let mut out = Vec::new();
    for (file, entry) in &lock.entries {
        let Some(&i) = by_file.get(file) else {
            if !legacy.contains_key(entry.path.as_str()) {
                out.push(
                    Diagnostic::error(format!(
                        "{file}, published at {}, is gone (or no longer published)",
                        entry.path
                    ))
                    .code("post-removed")
                    .in_file(&lock_file)
                    .at(entry.line.max(1), 1)
                    .help(format!(
                        "restore it, add `legacyUrl: {}` to the post that replaces it, or \
                         accept it with `bulletin lock --update`",
                        entry.path
                    )),
                );
            }
            continue;
        };
        let sp = &site.posts[i];
        let at_post = |d: Diagnostic| d.in_file(&sp.post.file).at(1, 1);
        if *sp.path != entry.path && legacy.get(entry.path.as_str()) != Some(&i) {
            out.push(at_post(
                Diagnostic::error(format!(
                    "the post's URL changed from {} to {} since it was published (its date, \
                     slug or the permalink pattern changed)",
                    entry.path, sp.path
                ))
                .code("url-changed")
                .help(format!(
                    "keep the old URL: add `legacyUrl: {}` to its front matter; or accept \
                     the change with `bulletin lock --update`",
                    entry.path
                )),
            ));
        }
        match sp.post.guid() {
            Some(guid) if *guid != entry.guid => out.push(at_post(
                Diagnostic::error(format!(
                    "the post's guid changed from {} to {guid}: feed readers show it again as new",
                    entry.guid
                ))
                .code("guid-changed")
                .help(format!(
                    "put back `guid: '{}'`, or accept the change with `bulletin lock --update`",
                    entry.guid
                )),
            )),
            None if *sp.path == entry.path
                && entry.guid.contains("://")
                && entry.guid != base.absolute(&sp.path) =>
            {
                out.push(at_post(
                    Diagnostic::error(format!(
                        "the post's address changed from {} to {}: the site's base_url changed",
                        entry.guid,
                        base.absolute(&sp.path)
                    ))
                    .code("url-changed")
                    .help(
                        "once the site has moved (and the old host redirects), accept it with \
                         `bulletin lock --update`; its guid stays the old one until then",
                    ),
                ));
            }
            _ => {}
        }
    }
    out
}
