//! The config's keys for what the old site had at other URLs: `legacy_feeds` (old
//! feed URLs, written again) and `redirects` (old URLs of pages that are not posts).

use serde::Deserialize;

/// The format of a feed written at an old feed URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// RSS 2.0 (Hugo's `index.xml`, Blogger's feeds).
    Rss,
    /// Atom (jekyll-feed's `feed.xml`, Zola's `atom.xml`).
    Atom,
}

/// The old feed URLs as output files (`/news/index.xml` → `news/index.xml`). A URL
/// ending in `/` would be a folder's `index.html`, which no feed reader asks for.
pub(super) fn feed_files(
    feeds: std::collections::BTreeMap<String, FeedFormat>,
) -> Result<Vec<(String, FeedFormat)>, String> {
    feeds
        .into_iter()
        .map(|(path, format)| {
            if path.ends_with('/') {
                return Err(format!(
                    "legacy feed URL {path} ends with `/`: name the file, like /feed.xml"
                ));
            }
            crate::url::output_file(&path)
                .map(|file| (file, format))
                .map_err(|why| format!("legacy feed URL {path} cannot be used: {why}"))
        })
        .collect()
}

/// An old URL of a page that is not a post, and where it goes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRedirect {
    /// The old path, as written: `/news/`.
    pub from: String,
    /// The file its redirect page is written to: `news/index.html`.
    pub file: String,
    /// Where it goes: a path of the site (`/blog/`) or an absolute URL.
    pub to: String,
}

impl PageRedirect {
    /// Whether it goes to another site (an absolute URL), not to a path of this one.
    pub fn leaves(&self) -> bool {
        self.to.contains("://")
    }
}

/// The `redirects` map checked: each old path must be a file a host can serve, each
/// target a path of the site or an http(s) URL.
pub(super) fn page_redirects(
    map: std::collections::BTreeMap<String, String>,
) -> Result<Vec<PageRedirect>, String> {
    map.into_iter()
        .map(|(from, to)| {
            let file = crate::url::output_file(from.trim())
                .map_err(|why| format!("redirect from {from} cannot be used: {why}"))?;
            let to = to.trim().to_string();
            let site_path = to.starts_with('/') && !to.starts_with("//");
            let web = to.starts_with("https://") || to.starts_with("http://");
            if !(site_path || web) || to.contains(char::is_whitespace) {
                return Err(format!(
                    "redirect from {from} to {to:?}: the target must be a path of the site, \
                     like /blog/, or an http(s) URL"
                ));
            }
            Ok(PageRedirect {
                from: from.trim().to_string(),
                file,
                to,
            })
        })
        .collect()
}
