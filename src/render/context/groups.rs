//! The pages that group posts by a name: a tag's, a category's, an author's, and their
//! indexes.

use serde::Serialize;

use super::NamedLink;
use crate::content::authors::initials;
use crate::render::Feed;
use crate::site::{Site, Taxonomy};

/// A tag or a category (`tag` on tag pages, `tags` items on the tag index; `category`
/// and `categories` likewise).
#[derive(Debug, Serialize)]
pub struct TermCtx<'a> {
    /// As spelled.
    pub name: &'a str,
    /// Link to its page.
    pub url: String,
    /// Number of posts.
    pub count: usize,
    /// Link to its RSS feed (none with `term_feeds: false`).
    pub rss: Option<String>,
    /// Link to its Atom feed.
    pub atom: Option<String>,
}

impl<'a> TermCtx<'a> {
    /// Term `i` of `taxonomy`.
    pub fn new(site: &'a Site, taxonomy: Taxonomy, i: usize) -> Self {
        let t = &site.terms(taxonomy)[i];
        let base = &site.config.base_url;
        let feed = (site.config.term_feeds).then_some(Feed::Term(taxonomy, i));
        Self {
            name: &t.name,
            url: base.link(&t.path),
            count: t.posts.len(),
            rss: feed.map(|f| base.link(&f.rss_path(site))),
            atom: feed.map(|f| base.link(&f.atom_path(site))),
        }
    }
}

/// The `n` terms of `taxonomy` with the most posts, most first (ties in the site's
/// order of terms).
pub fn popular_terms(site: &Site, taxonomy: Taxonomy, n: usize) -> Vec<TermCtx<'_>> {
    let mut order: Vec<usize> = (0..site.terms(taxonomy).len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(site.terms(taxonomy)[i].posts.len()));
    order.truncate(n);
    order
        .into_iter()
        .map(|i| TermCtx::new(site, taxonomy, i))
        .collect()
}

/// An author (`author` on author pages, `authors` items on the index).
#[derive(Debug, Serialize)]
pub struct AuthorCtx<'a> {
    /// Id (URL segment).
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Link to their page.
    pub url: String,
    /// Number of posts.
    pub count: usize,
    /// Initials, for an avatar without a picture.
    pub initials: String,
    /// Bio ("" when none).
    pub bio: &'a str,
    /// The avatar when it is a file of this site ("" when none, or when it is on
    /// another host: the default theme makes no third-party requests).
    pub avatar: String,
    /// The avatar as the authors file gives it, possibly on another host.
    pub avatar_url: &'a str,
    /// Profile links that are set: GitHub, Mastodon, Bluesky, website.
    pub links: Vec<NamedLink>,
    /// Featured in the authors file.
    pub featured: bool,
    /// Date of the latest post, for people.
    pub latest: Option<String>,
}

impl<'a> AuthorCtx<'a> {
    /// Author `i` of the site.
    pub fn new(site: &'a Site, i: usize) -> Self {
        let a = &site.authors[i];
        let info = a.info.as_ref();
        let mut links = Vec::new();
        if let Some(info) = info {
            if !info.github.is_empty() {
                links.push(NamedLink {
                    name: "GitHub".into(),
                    url: profile_url(&info.github, "https://github.com/"),
                });
            }
            if !info.mastodon.is_empty() {
                links.push(NamedLink {
                    name: "Mastodon".into(),
                    url: info.mastodon.clone(),
                });
            }
            if !info.bluesky.is_empty() {
                links.push(NamedLink {
                    name: "Bluesky".into(),
                    url: profile_url(&info.bluesky, "https://bsky.app/profile/"),
                });
            }
            if !info.website.is_empty() {
                links.push(NamedLink {
                    name: "Website".into(),
                    url: info.website.clone(),
                });
            }
        }
        Self {
            id: &a.id,
            name: &a.name,
            url: site.config.base_url.link(&a.path),
            count: a.posts.len(),
            initials: initials(&a.name),
            bio: info.map_or("", |i| i.bio.as_str()),
            avatar: info
                .map(|i| i.avatar.as_str())
                .filter(|a| !a.is_empty() && !crate::url::is_external(a))
                .map(|a| {
                    if a.starts_with('/') {
                        site.config.base_url.link(a)
                    } else {
                        a.to_string()
                    }
                })
                .unwrap_or_default(),
            avatar_url: info.map_or("", |i| i.avatar.as_str()),
            links,
            featured: info.is_some_and(|i| i.featured),
            latest: a.posts.first().map(|&p| site.posts[p].post.date.display()),
        }
    }
}

/// A handle (`octocat`, `@octocat`) or a full URL → a URL.
fn profile_url(value: &str, prefix: &str) -> String {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        value.to_string()
    } else {
        format!("{prefix}{}", value.trim_start_matches('@'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn profile_urls() {
        assert_eq!(
            profile_url("@octo", "https://github.com/"),
            "https://github.com/octo"
        );
        assert_eq!(
            profile_url("https://x.org/u", "https://github.com/"),
            "https://x.org/u"
        );
        assert_eq!(
            profile_url("HTTPS://x.org/u", "https://github.com/"),
            "HTTPS://x.org/u"
        );
    }
}
