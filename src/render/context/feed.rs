//! What a feed's template sees: `feed` (its title and where it and its page are) and
//! `items` (its posts, with their full content made fit for feed readers).

use super::card::{cut, listed};
use crate::escape::drop_forbidden;
use serde::Serialize;

use crate::site::Site;

/// `feed` in `rss.xml` and `atom.xml`: which feed is being written.
#[derive(Debug, Serialize)]
pub struct FeedCtx {
    /// Title: the site's, or "Site: Posts tagged “security”".
    pub title: String,
    /// Description: the site's (its title when it has none), or the term's.
    pub description: String,
    /// The page the feed follows, absolute: the site's base URL, or the term's page.
    /// Also the Atom feed's id.
    pub page: String,
    /// Its RSS, absolute.
    pub rss: String,
    /// Its Atom, absolute.
    pub atom: String,
}

/// `items` in `rss.xml` and `atom.xml`.
#[derive(Debug, Serialize)]
pub struct FeedItem<'a> {
    /// Title.
    pub title: std::borrow::Cow<'a, str>,
    /// Absolute URL.
    pub permalink: String,
    /// The item's id (RSS `guid`, Atom `id`): the post's `guid:` from an older system,
    /// else its permalink.
    pub guid: std::borrow::Cow<'a, str>,
    /// Whether the guid is the permalink (RSS `isPermaLink`).
    pub guid_is_permalink: bool,
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
    /// Post `i`, with what was kept of its rendered body: `whole` (in the site's
    /// feeds), or in brief (in a tag's or category's), as a card is: title, summary and
    /// the first few tags and authors, without the content. A post is in the feed of
    /// each of its tags, so whole there, a post with many tags would make the site
    /// grow with the square of its front matter, and every body would be kept.
    pub fn new(site: &'a Site, i: usize, body: &'a crate::render::Digest, whole: bool) -> Self {
        let sp = &site.posts[i];
        let p = &sp.post;
        let base = &site.config.base_url;
        let (title_chars, summary_chars, names) = if whole {
            (usize::MAX, usize::MAX, usize::MAX)
        } else {
            (listed::TITLE_CHARS, listed::SUMMARY_CHARS, listed::TAGS)
        };
        let summary = p.description.as_deref().unwrap_or(&body.summary);
        let content = match (whole, body.html.as_deref()) {
            (true, Some(html)) => xml_text_owned(absolute_links(
                &crate::markdown::strip_heading_anchors(html),
                base,
            )),
            _ => String::new(),
        };
        let permalink = base.absolute(&sp.path);
        // Its own guid, else the one it was first published with, else its URL.
        let locked = site.lock.guid_of(&crate::lock::key(&p.source.rel));
        let (guid, guid_is_permalink) = match p.guid.as_deref().or(locked) {
            Some(g) => (drop_forbidden(g), *g == permalink),
            None => (permalink.clone().into(), true),
        };
        Self {
            title: xml_cut(&p.title, title_chars),
            permalink,
            guid,
            guid_is_permalink,
            date_rfc2822: p.date.rfc2822(),
            date_rfc3339: p.date.rfc3339(),
            updated_rfc3339: p.updated.unwrap_or(p.date).rfc3339(),
            authors: (sp.authors.iter().take(names))
                .map(|&a| site.authors[a].name.clone())
                .collect(),
            tags: (sp.tags.iter().take(names))
                .map(|&t| site.tags[t].name.as_str())
                .collect(),
            summary: xml_cut(summary, summary_chars),
            content,
        }
    }
}

/// `text` cut to `max` characters (see [`cut`]), without what XML forbids.
fn xml_cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match cut(text, max) {
        std::borrow::Cow::Borrowed(text) => drop_forbidden(text),
        std::borrow::Cow::Owned(cut) => xml_text_owned(cut).into(),
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
