//! Markdown → HTML for one post, with what listings and pages need from it: the body
//! HTML, a plain-text summary, the headings (for a table of contents) and a word count.
//!
//! Pure: no file system, no templates. Links are made to work wherever the page is
//! shown (post page, listing, feed) and under any base path: root-relative links
//! (`/2023/08/x/`) get the base path, and relative ones (`./image.png`) are resolved
//! against the post's own URL.
//!
//! Time and memory are linear in the size of the post: its events stream from the
//! parser to the HTML writer ([`pipeline`]), and nothing is looked up by scanning.

mod autolink;
mod code;
mod emoji;
mod headings;
pub(crate) mod html;
mod links;
mod pipeline;
mod summary;
mod text_events;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::badges::{Badge, Rules};
pub use headings::{THEME_IDS, heading_slug};
pub(crate) use links::resolve_link;
pub use summary::{description_text, shorten};

/// Where the post is published, for resolving its links.
#[derive(Debug, Clone, Copy)]
pub struct LinkBase<'a> {
    /// The base path of the site: `/` or `/preview/`.
    pub base_path: &'a str,
    /// The post's path on the site, without the base path: `/2024/02/slug/`.
    pub page_path: &'a str,
    /// How its headings' ids, which links point at, are made.
    pub heading_ids: crate::url::HeadingIdStyle,
    /// Typographic quotes, dashes and ellipses (`"a"` → “a”, `--` → –).
    pub smart_punctuation: bool,
    /// GitHub's emoji shortcodes (`:tada:`) as emoji.
    pub emoji_shortcodes: bool,
    /// Bare URLs made links.
    pub autolink: bool,
    /// `Term` then `: definition` lines as a definition list.
    pub definition_lists: bool,
    /// The post's own file relative to the site (`blog/2024-01-02-x.md`) and the
    /// pages of the site's posts by their files: a relative link to another post's
    /// Markdown file (`2023-12-21-other.md`, as VuePress and GitHub resolve them) leads
    /// to its page.
    pub posts: Option<(&'a str, &'a dyn PostPages)>,
    /// The site's origin (`https://example.org`), to write a feed's version of the body
    /// too, with every link absolute; None for the page's alone.
    pub feed_origin: Option<&'a str>,
    /// Keep the body's plain text ([`Rendered::text`]), for the search index.
    pub plain_text: bool,
}

/// The pages of the site's posts by their Markdown files, for links to those files.
pub trait PostPages: Sync + std::fmt::Debug {
    /// The page (its path) of the post whose file, relative to the site and
    /// `/`-separated, is `file`.
    fn page(&self, file: &str) -> Option<&str>;
}

impl PostPages for std::collections::HashMap<String, String> {
    fn page(&self, file: &str) -> Option<&str> {
        self.get(file).map(String::as_str)
    }
}

impl<'a> LinkBase<'a> {
    /// The page at `page_path` of a site under `base_path`, rendered with the
    /// defaults of `bulletin.yaml` and no posts' files to link to.
    pub const fn new(base_path: &'a str, page_path: &'a str) -> Self {
        Self {
            base_path,
            page_path,
            heading_ids: crate::url::HeadingIdStyle::Bulletin,
            smart_punctuation: true,
            emoji_shortcodes: false,
            autolink: true,
            definition_lists: false,
            posts: None,
            feed_origin: None,
            plain_text: false,
        }
    }
}

/// A heading of the body, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` it has in the HTML.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Plain text for listings: what stands before `<!-- more -->`, else the first
    /// paragraph; shortened at a word boundary.
    pub summary: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Words of text, for a reading time.
    pub words: usize,
    /// Links recognised as references (PEPs, docs, issues…), in order.
    pub references: Vec<Badge>,
    /// The images of this site it shows, in order: (the address as written, the path
    /// it resolves to, under the base path).
    pub images: Vec<(String, String)>,
    /// The feed's version of the HTML (with [`LinkBase::feed_origin`]): links absolute,
    /// without inline `<svg>` or heading anchors.
    pub feed_html: Option<String>,
    /// The plain text (with [`LinkBase::plain_text`]).
    pub text: Option<PlainText>,
}

/// A body's text as search reads it: every paragraph, heading, list item, table cell,
/// quote, footnote and image description, and the text of links and inline code; not
/// code blocks nor raw HTML. Blocks end with a line break.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainText {
    /// All of it, in order.
    pub text: String,
    /// The headings' text, one a line.
    pub headings: String,
}

/// The longest plain-text summary, in characters.
pub const SUMMARY_CHARS: usize = 300;
const MORE_MARKER: &str = "<!-- more -->";

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `body`. Links that `badges` recognises are collected as references, and
/// shown as badges where that loses none of the author's words.
pub fn render(body: &str, links: LinkBase<'_>, badges: &Rules) -> Rendered {
    let mut options = options();
    options.set(Options::ENABLE_SMART_PUNCTUATION, links.smart_punctuation);
    options.set(Options::ENABLE_DEFINITION_LIST, links.definition_lists);
    let parser = text_events::TextEvents::new(
        Parser::new_ext(body, options),
        links.emoji_shortcodes,
        links.autolink,
    );
    let mut events = pipeline::Pipeline::new(parser, body, links, badges);
    // Prose grows by a few tags; a post of headings or badges grows more, and the
    // buffer doubles as it needs.
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.by_ref());
    // One pass over the HTML, Markdown's and the author's alike: every URL attribute
    // resolved for the page, and made absolute for the feed. A body with nothing to
    // resolve, no image and no raw HTML is done as written (most posts of a big site).
    if !events.text.needs_pass && links.feed_origin.is_none() {
        return Rendered {
            html,
            summary: events.text.summary(),
            headings: events.headings,
            words: events.text.words,
            references: events.references,
            images: Vec::new(),
            feed_html: None,
            text: events.text.plain.take(),
        };
    }
    let permalink = links.feed_origin.map(|origin| {
        format!(
            "{origin}{}{}",
            links.base_path,
            links.page_path.trim_start_matches('/')
        )
    });
    let page = |url: &str| resolve_link(url, links);
    let feed = |url: &str| feed_link(url, links.feed_origin?, permalink.as_deref()?);
    let pass = crate::html::rewrite(
        &html,
        &page,
        links
            .feed_origin
            .is_some()
            .then_some(&feed as &dyn Fn(&str) -> Option<String>),
    );
    Rendered {
        html: pass.page,
        summary: events.text.summary(),
        headings: events.headings,
        words: events.text.words,
        references: events.references,
        images: pass.images,
        feed_html: pass.feed,
        text: events.text.plain.take(),
    }
}

/// The feed's version of `url`, a link of the page at `permalink`: a path of the site
/// (already under the base path) or a fragment made absolute, anything else kept.
fn feed_link(url: &str, origin: &str, permalink: &str) -> Option<String> {
    if url.starts_with('#') {
        Some(format!("{permalink}{url}"))
    } else if url.starts_with('/') && !url.starts_with("//") {
        Some(format!("{origin}{url}"))
    } else {
        None
    }
}

/// `ev` without the characters XML forbids that the parser decoded from entities
/// (`&#x1F;` in text, a link's or image's title), as `content::body::drop_forbidden`
/// leaves out those written as they are. Other events hold none: code spans and raw
/// HTML keep entities as written, and Bulletin writes code block classes and heading
/// ids through `escape::escape_into`, which leaves them out.
fn without_forbidden(ev: Event<'_>) -> Event<'_> {
    fn clean(s: CowStr<'_>) -> CowStr<'_> {
        match crate::escape::drop_forbidden(&s) {
            std::borrow::Cow::Borrowed(_) => s,
            std::borrow::Cow::Owned(cleaned) => CowStr::from(cleaned),
        }
    }
    match ev {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: clean(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url,
            title: clean(title),
            id,
        }),
        ev => ev,
    }
}

#[cfg(test)]
mod tests;
