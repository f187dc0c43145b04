//! Feed items: the posts of `rss.xml` and `atom.xml`, with their full content made
//! fit for feed readers.

use crate::escape::drop_forbidden;
use serde::Serialize;

use crate::site::Site;

/// `items` in `rss.xml` and `atom.xml`.
#[derive(Debug, Serialize)]
pub struct FeedItem<'a> {
    /// Title.
    pub title: std::borrow::Cow<'a, str>,
    /// Absolute URL (also the guid / id).
    pub permalink: String,
    /// RFC 2822 publication date (RSS).
    pub date_rfc2822: String,
    /// RFC 3339 publication date (Atom).
    pub date_rfc3339: String,
    /// RFC 3339 update date (Atom `updated`): the update, else the publication.
    pub updated_rfc3339: String,
    /// Author names.
    pub authors: Vec<String>,
    /// Tags.
    pub tags: Vec<&'a str>,
    /// Description, else the summary.
    pub summary: std::borrow::Cow<'a, str>,
    /// The full body, with links made absolute.
    pub content: String,
}

impl<'a> FeedItem<'a> {
    /// Post `i`, with what was kept of its rendered body.
    pub fn new(site: &'a Site, i: usize, body: &'a crate::render::Digest) -> Self {
        let sp = &site.posts[i];
        let p = &sp.post;
        let base = &site.config.base_url;
        Self {
            title: drop_forbidden(&p.title),
            permalink: base.absolute(&sp.path),
            date_rfc2822: p.date.rfc2822(),
            date_rfc3339: p.date.rfc3339(),
            updated_rfc3339: p.updated.unwrap_or(p.date).rfc3339(),
            authors: sp
                .authors
                .iter()
                .map(|&a| site.authors[a].name.clone())
                .collect(),
            tags: sp
                .tags
                .iter()
                .map(|&t| site.tags[t].name.as_str())
                .collect(),
            summary: drop_forbidden(p.description.as_deref().unwrap_or(&body.summary)),
            content: xml_text_owned(absolute_links(
                &crate::markdown::strip_heading_anchors(body.html.as_deref().unwrap_or_default()),
                base,
            )),
        }
    }
}

/// [`drop_forbidden`] of a string that is let go: kept as it is when nothing is left
/// out.
fn xml_text_owned(s: String) -> String {
    match drop_forbidden(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(cleaned) => cleaned,
    }
}

/// Makes the links of rendered HTML absolute (feed readers show it out of the site).
/// Rendered Markdown links are all under the base path already. One pass over the
/// HTML: each of the four attribute spellings remembers where it is next found.
fn absolute_links(html: &str, base: &crate::url::BaseUrl) -> String {
    let root = base.path();
    let absolute_root = base.absolute_from_link(root);
    let needles = ["href=\"", "src=\"", "href='", "src='"].map(|attr| format!("{attr}{root}"));
    let find = |from: usize, needle: &str| html[from..].find(needle).map(|i| i + from);
    let mut next: Vec<Option<usize>> = needles.iter().map(|n| find(0, n)).collect();
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    while let Some((k, at)) = next
        .iter()
        .enumerate()
        .filter_map(|(k, at)| at.map(|at| (k, at)))
        .min_by_key(|&(_, at)| at)
    {
        let needle = &needles[k];
        let after = at + needle.len();
        out.push_str(&html[copied..at]);
        // Protocol-relative `//host` links stay when the root is `/`.
        if root == "/" && html[after..].starts_with('/') {
            out.push_str(needle);
        } else {
            out.push_str(&needle[..needle.len() - root.len()]);
            out.push_str(&absolute_root);
        }
        copied = after;
        for (n, at) in needles.iter().zip(next.iter_mut()) {
            if at.is_some_and(|i| i < copied) {
                *at = find(copied, n);
            }
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// `updated` of the feeds: the newest published post's date (never the build clock).
pub fn feed_updated(site: &Site) -> Option<crate::content::date::PostDate> {
    site.posts
        .iter()
        .filter(|sp| sp.post.published)
        .map(|sp| sp.post.updated.unwrap_or(sp.post.date))
        .max_by_key(|d| d.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::BaseUrl;

    #[test]
    fn feed_links_become_absolute() {
        let base = BaseUrl::parse("https://e.org/p/").unwrap();
        let html = r#"<a href="/p/x/">x</a><img src="/p/i.png"><a href="https://o.org/">o</a>"#;
        assert_eq!(
            absolute_links(html, &base),
            r#"<a href="https://e.org/p/x/">x</a><img src="https://e.org/p/i.png"><a href="https://o.org/">o</a>"#
        );
        let base = BaseUrl::parse("https://e.org/").unwrap();
        assert_eq!(
            absolute_links(r#"<a href="/x/">x</a><a href="//cdn.org/y">y</a>"#, &base),
            r#"<a href="https://e.org/x/">x</a><a href="//cdn.org/y">y</a>"#
        );
    }

    #[test]
    fn feed_text_drops_what_xml_forbids() {
        assert_eq!(xml_text_owned("a\u{1}b\tc\u{ffff}".into()), "ab\tc");
        let base = BaseUrl::parse("https://e.org/p/").unwrap();
        assert_eq!(
            absolute_links("<a href='/p/x/'>x</a>", &base),
            "<a href='https://e.org/p/x/'>x</a>"
        );
    }
}
