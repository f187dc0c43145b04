//! Cards: a post as listings show it, of bounded size, and as its own page shows it.

use std::borrow::Cow;

use serde::Serialize;
use tera::Value;

use super::NamedLink;
use crate::site::{Site, SitePost, Taxonomy};

/// How much of a post a card in a listing shows. A post is listed on a page for each of
/// its tags, categories and authors, so a card holding all of them (or a title or description of
/// any length) would make the site grow with the square of one post's front matter.
pub mod listed {
    /// Tags on a card; the rest are counted in `tags_more`.
    pub const TAGS: usize = 6;
    /// Categories on a card; the rest are counted in `categories_more`.
    pub const CATEGORIES: usize = 4;
    /// Authors on a card; the rest are counted in `authors_more`.
    pub const AUTHORS: usize = 4;
    /// Characters of a title (on cards, in archive lists, on redirect pages).
    pub const TITLE_CHARS: usize = 200;
    /// Characters of a tag's, a category's or an author's name on a card.
    pub const NAME_CHARS: usize = 80;
    /// Characters of a description on a card: as long as a summary.
    pub const SUMMARY_CHARS: usize = crate::markdown::SUMMARY_CHARS;
}

/// `text` if it has at most `max` characters, else shortened to them at a word
/// boundary with "…". Reads at most `max + 1` characters to tell.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().nth(max).is_none() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(crate::markdown::shorten(text, max))
    }
}

/// A post as listings show it (`posts` items), and as its own page shows it (`card`).
#[derive(Debug, Serialize)]
pub struct Card<'a> {
    /// Title.
    pub title: Cow<'a, str>,
    /// Link under the base path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `February 1, 2024`.
    pub date: String,
    /// `2024-02-01`.
    pub date_iso: String,
    /// RFC 3339.
    pub date_rfc3339: String,
    /// Last update for people, when given.
    pub updated: Option<String>,
    /// Last update, RFC 3339, when given.
    pub updated_rfc3339: Option<String>,
    /// Authors, in the order the post names them ([`NamedLink`]s, shared: see
    /// [`Links`]).
    pub authors: Vec<Value>,
    /// Authors left out of `authors` (in listings, past the first few).
    pub authors_more: usize,
    /// Author names joined with commas ("" when none), "and N more" when some are left
    /// out.
    pub author_names: String,
    /// Tags ([`NamedLink`]s, shared).
    pub tags: Vec<Value>,
    /// Tags left out of `tags` (in listings, past the first few).
    pub tags_more: usize,
    /// Categories ([`NamedLink`]s, shared).
    pub categories: Vec<Value>,
    /// Categories left out of `categories` (in listings, past the first few).
    pub categories_more: usize,
    /// The description, else the summary.
    pub summary: Cow<'a, str>,
    /// The description from front matter, when given.
    pub description: Option<Cow<'a, str>>,
    /// Minutes to read, at least 1.
    pub reading_time: usize,
    /// Words in the body.
    pub words: usize,
    /// False for drafts (only built with `--drafts`).
    pub published: bool,
    /// Whether something of the post was left out or cut.
    #[serde(skip)]
    cut: bool,
}

/// The link of every author, tag and category, as cards show it: made once, and shared
/// by the cards (a Tera value is counted: a card holds another reference to the same
/// map). A map per name on every card was half a card's memory, and a listing of
/// 50,000 posts holds 50,000 cards at once.
#[derive(Debug, Default)]
pub struct Links {
    /// By author, then by term of [`Taxonomy::ALL`]'s order: the link in full, and
    /// with its name cut to [`listed::NAME_CHARS`] (the same value when not cut).
    authors: Vec<[Value; 2]>,
    terms: [Vec<[Value; 2]>; 2],
}

impl Links {
    /// The links of `site`'s authors, tags and categories.
    pub fn new(site: &Site) -> Self {
        let base = &site.config.base_url;
        let link = |name: &str, path: &str| {
            let url = base.link(path);
            let whole = Value::from_serializable(&NamedLink {
                name: name.to_string(),
                url: url.clone(),
            });
            let listed = match cut(name, listed::NAME_CHARS) {
                Cow::Borrowed(_) => whole.clone(),
                Cow::Owned(name) => Value::from_serializable(&NamedLink { name, url }),
            };
            [whole, listed]
        };
        let terms = |t: Taxonomy| {
            (site.terms(t).iter())
                .map(|term| link(&term.name, &term.path))
                .collect()
        };
        Self {
            authors: (site.authors.iter())
                .map(|a| link(&a.name, &a.path))
                .collect(),
            terms: [terms(Taxonomy::ALL[0]), terms(Taxonomy::ALL[1])],
        }
    }

    fn of(&self, taxonomy: Taxonomy) -> &[[Value; 2]] {
        let i = Taxonomy::ALL.iter().position(|&t| t == taxonomy);
        i.map_or(&[], |i| &self.terms[i])
    }
}

/// How much of a post a card holds.
#[derive(Clone, Copy)]
struct Shown {
    tags: usize,
    categories: usize,
    authors: usize,
    title_chars: usize,
    name_chars: usize,
    text_chars: usize,
}

impl Shown {
    const ALL: Self = Self {
        tags: usize::MAX,
        categories: usize::MAX,
        authors: usize::MAX,
        title_chars: usize::MAX,
        name_chars: usize::MAX,
        text_chars: usize::MAX,
    };
    const LISTED: Self = Self {
        tags: listed::TAGS,
        categories: listed::CATEGORIES,
        authors: listed::AUTHORS,
        title_chars: listed::TITLE_CHARS,
        name_chars: listed::NAME_CHARS,
        text_chars: listed::SUMMARY_CHARS,
    };
}

impl<'a> Card<'a> {
    /// The card of `sp` on its own page: everything.
    pub fn new(
        site: &'a Site,
        links: &Links,
        sp: &'a SitePost,
        summary: &'a str,
        words: usize,
    ) -> Self {
        Self::with(site, links, sp, summary, words, Shown::ALL)
    }

    /// True when the card holds all of the post (nothing left out or cut).
    pub fn is_whole(&self) -> bool {
        !self.cut
    }

    /// The card of `sp` in listings: the first [`listed::TAGS`] tags,
    /// [`listed::CATEGORIES`] categories and [`listed::AUTHORS`] authors (the others
    /// counted), and the title, description
    /// and names cut to [`listed`]'s lengths. Its size does not depend on the post.
    pub fn listed(
        site: &'a Site,
        links: &Links,
        sp: &'a SitePost,
        summary: &'a str,
        words: usize,
    ) -> Self {
        Self::with(site, links, sp, summary, words, Shown::LISTED)
    }

    fn with(
        site: &'a Site,
        links: &Links,
        sp: &'a SitePost,
        summary: &'a str,
        words: usize,
        shown: Shown,
    ) -> Self {
        let base = &site.config.base_url;
        let p = &sp.post;
        let was_cut = std::cell::Cell::new(false);
        let cut = |text: &'a str, max: usize| {
            let text = cut(text, max);
            was_cut.set(was_cut.get() || matches!(text, Cow::Owned(_)));
            text
        };
        // The link of name `i` of `all` (made by `Links`), cut to the card's length.
        let whole = shown.name_chars == usize::MAX;
        let named = |all: &[[Value; 2]], name: &str, i: usize| {
            let cut_here = !whole && name.chars().nth(shown.name_chars).is_some();
            was_cut.set(was_cut.get() || cut_here);
            all.get(i).map_or(Value::none(), |[full, listed]| {
                if whole { full } else { listed }.clone()
            })
        };
        let authors: Vec<Value> = (sp.authors().iter().take(shown.authors))
            .map(|&a| named(&links.authors, &site.authors[a].name, a))
            .collect();
        let authors_more = sp.authors().len() - authors.len();
        let mut author_names = (sp.authors().iter().take(shown.authors))
            .map(|&a| cut(&site.authors[a].name, shown.name_chars))
            .collect::<Vec<_>>()
            .join(", ");
        if authors_more > 0 {
            author_names.push_str(&format!(" and {authors_more} more"));
        }
        // The first `max` terms of `taxonomy`, and how many are left out.
        let terms = |taxonomy: Taxonomy, max: usize| {
            let ids = sp.terms(taxonomy);
            let shown: Vec<Value> = (ids.iter().take(max))
                .map(|&t| named(links.of(taxonomy), &site.terms(taxonomy)[t].name, t))
                .collect();
            let more = ids.len() - shown.len();
            (shown, more)
        };
        let (tags, tags_more) = terms(Taxonomy::Tags, shown.tags);
        let (categories, categories_more) = terms(Taxonomy::Categories, shown.categories);
        let description = p.description.as_deref().map(|d| cut(d, shown.text_chars));
        let title = cut(&p.title, shown.title_chars);
        Self {
            cut: was_cut.get() || tags_more > 0 || categories_more > 0 || authors_more > 0,
            title,
            url: base.link(&sp.path),
            permalink: base.absolute(&sp.path),
            date: p.date.display(),
            date_iso: p.date.iso_date(),
            date_rfc3339: p.date.rfc3339(),
            updated: p.updated.map(|d| d.display()),
            updated_rfc3339: p.updated.map(|d| d.rfc3339()),
            author_names,
            authors,
            authors_more,
            tags_more,
            tags,
            categories_more,
            categories,
            summary: description.clone().unwrap_or(Cow::Borrowed(summary)),
            description,
            reading_time: words.div_ceil(220).max(1),
            words,
            published: p.published,
        }
    }
}
