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
        let content = match (whole, body.feed_html.as_deref()) {
            (true, Some(html)) => drop_forbidden(html).into_owned(),
            _ => String::new(),
        };
        let permalink = base.absolute(&sp.path);
        // Its own guid, else the one it was first published with, else its URL.
        let locked = site.lock.guid_of(&crate::lock::key(&p.source.rel));
        let (guid, guid_is_permalink) = match p.guid().or(locked) {
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
            authors: (sp.authors().iter().take(names))
                .map(|&a| site.authors[a].name.clone())
                .collect(),
            tags: (sp.tags().iter().take(names))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_text_drops_what_xml_forbids() {
        assert_eq!(xml_text_owned("a\u{1}b\tc\u{ffff}".into()), "ab\tc");
    }
}
