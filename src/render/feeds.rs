//! The feeds: RSS 2.0 and Atom of the whole site, of each tag and category (so a
//! reader can follow only "security" or only "release"), and of each release series
//! and kind of release. Which posts each holds, where
//! it is written, and its rendering. The site's feeds carry each post whole; a term's
//! carry it in brief (see [`FeedItem::new`]). A post's item is made once and shared by
//! every feed that holds it.

use rayon::prelude::*;
use tera::{Context, Value};

use super::context::{FeedCtx, FeedItem};
use super::{Output, Renderer, term_titles};
use crate::content::date::PostDate;
use crate::error::Diagnostic;
use crate::site::{Site, Taxonomy};

/// The old Blogger feed path, where the site's RSS is written a second time.
pub const BLOGGER_FEED: &str = "feeds/posts/default";

/// Which posts a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// Every post: `/rss.xml` (also at [`BLOGGER_FEED`]) and `/atom.xml`.
    Site,
    /// The posts of a tag or category (index into `site.terms(taxonomy)`): `rss.xml`
    /// and `atom.xml` in the term's folder, `/tags/security/rss.xml`.
    Term(Taxonomy, usize),
    /// The releases of a series (index into `site.series`): `rss.xml` and `atom.xml`
    /// on the series' page, `/releases/3.12/rss.xml`.
    Series(usize),
    /// The releases of a kind (index into `site.kinds`): `/releases/security/rss.xml`.
    Kind(usize),
}

impl Feed {
    /// Every feed of `site`: the site's, then each term's unless `term_feeds` is off.
    pub fn all(site: &Site) -> Vec<Feed> {
        let mut feeds = vec![Feed::Site];
        if site.config.term_feeds {
            for t in site.taxonomies() {
                feeds.extend((0..site.terms(t).len()).map(|i| Feed::Term(t, i)));
            }
        }
        if site.config.releases.is_some() {
            feeds.extend((0..site.series.len()).map(Feed::Series));
            feeds.extend((0..site.kinds.len()).map(Feed::Kind));
        }
        feeds
    }

    /// The page the feed follows: `/`, or the term's page.
    pub fn page(self, site: &Site) -> &str {
        match self {
            Feed::Site => "/",
            Feed::Term(t, i) => &site.terms(t)[i].path,
            Feed::Series(i) => &site.series[i].path,
            Feed::Kind(i) => &site.kinds[i].path,
        }
    }

    /// Where its RSS is: `/rss.xml`, `/tags/security/rss.xml`.
    pub fn rss_path(self, site: &Site) -> String {
        format!("{}rss.xml", self.page(site))
    }

    /// Where its Atom is.
    pub fn atom_path(self, site: &Site) -> String {
        format!("{}atom.xml", self.page(site))
    }

    /// Every post it follows, newest first, published or not.
    fn followed(self, site: &Site) -> impl Iterator<Item = usize> + '_ {
        let (every, some): (usize, &[usize]) = match self {
            Feed::Site => (site.posts.len(), &[]),
            Feed::Term(t, i) => (0, &site.terms(t)[i].posts),
            Feed::Series(i) => (0, &site.series[i].posts),
            Feed::Kind(i) => (0, &site.kinds[i].posts),
        };
        (0..every).chain(some.iter().copied())
    }

    /// The posts it holds: the newest `feed_limit` published ones (drafts shown with
    /// `--drafts` never are).
    pub fn posts(self, site: &Site) -> Vec<usize> {
        self.followed(site)
            .filter(|&i| site.posts[i].post.published)
            .take(site.config.feed_limit)
            .collect()
    }

    /// Its `updated`: the newest date, or update, of a published post it follows
    /// (never the build clock, so an unchanged site gives unchanged feeds).
    pub fn updated(self, site: &Site) -> Option<PostDate> {
        self.followed(site)
            .map(|i| &site.posts[i].post)
            .filter(|p| p.published)
            .map(|p| p.updated.unwrap_or(p.date))
            .max_by_key(|d| d.timestamp())
    }

    /// Its title and description.
    fn heading(self, site: &Site) -> (String, String) {
        let title = &site.config.title;
        match self {
            Feed::Site => (
                title.clone(),
                if site.config.description.is_empty() {
                    title.clone()
                } else {
                    site.config.description.clone()
                },
            ),
            Feed::Term(t, i) => {
                let what = term_titles(t, &site.terms(t)[i].name).1;
                (format!("{title}: {what}"), format!("{what} on {title}"))
            }
            Feed::Series(i) => {
                let g = &site.series[i];
                let name = match &g.product {
                    Some(p) => format!("{p} {}", g.series),
                    None => g.series.as_str().to_string(),
                };
                (
                    format!("{title}: {name} releases"),
                    format!("Every release of {name} on {title}"),
                )
            }
            Feed::Kind(i) => {
                let k = &site.kinds[i];
                (
                    format!("{title}: {}", k.title()),
                    format!("Every {} release on {title}", k.name),
                )
            }
        }
    }
}

/// Which posts a feed holds whole, by index into `site.posts`: their HTML is kept
/// after their pages are written.
pub fn held_whole(site: &Site) -> Vec<bool> {
    let mut kept = vec![false; site.posts.len()];
    for i in Feed::Site.posts(site) {
        kept[i] = true;
    }
    kept
}

impl Renderer<'_> {
    /// The RSS (or, with `atom`, the Atom) of `feed`, written at `file`. A feed also
    /// written at another path (the old Blogger one, a `legacy_feeds` one) names that
    /// path as its `self`.
    pub(super) fn feed(&self, feed: Feed, atom: bool, file: &str) -> Result<Output, Diagnostic> {
        let own = if atom {
            feed.atom_path(self.site)
        } else {
            feed.rss_path(self.site)
        };
        if own.trim_start_matches('/') != file {
            let at = self.site.config.base_url.absolute(file);
            let template = if atom { "atom.xml" } else { "rss.xml" };
            return self
                .render_feed(feed, template, Some(&at))
                .map(Output::Bytes);
        }
        if atom {
            return self.render_feed(feed, "atom.xml", None).map(Output::Bytes);
        }
        if feed != Feed::Site {
            return self.render_feed(feed, "rss.xml", None).map(Output::Bytes);
        }
        let rss = (self.rss).get_or_init(|| {
            self.render_feed(Feed::Site, "rss.xml", None)
                .map(std::sync::Arc::new)
        });
        rss.clone().map(Output::Shared)
    }

    /// `feed` rendered with `template`; `self_url` replaces its own URL as its `self`.
    fn render_feed(
        &self,
        feed: Feed,
        template: &str,
        self_url: Option<&str>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let posts = feed.posts(site);
        let whole = feed == Feed::Site;
        posts.par_iter().for_each(|&i| {
            self.feed_item(i, whole);
        });
        let mut size = 0;
        let items: Vec<Value> = (posts.iter())
            .map(|&i| {
                let (item, bytes) = self.feed_item(i, whole);
                size += bytes;
                item.clone()
            })
            .collect();
        let (title, description) = feed.heading(site);
        let base = &site.config.base_url;
        let updated = feed.updated(site);
        let mut ctx = Context::new();
        ctx.insert(
            "feed",
            &FeedCtx {
                title,
                description,
                page: match feed {
                    Feed::Site => base.full(),
                    Feed::Term(..) | Feed::Series(_) | Feed::Kind(_) => {
                        base.absolute(feed.page(site))
                    }
                },
                rss: match self_url {
                    Some(at) if template == "rss.xml" => at.to_string(),
                    _ => base.absolute(&feed.rss_path(site)),
                },
                atom: match self_url {
                    Some(at) if template == "atom.xml" => at.to_string(),
                    _ => base.absolute(&feed.atom_path(site)),
                },
            },
        );
        ctx.insert_value("items", Value::from(items));
        ctx.insert(
            "updated",
            &updated.map_or_else(|| "1970-01-01T00:00:00+00:00".into(), |d| d.rfc3339()),
        );
        ctx.insert(
            "updated_rfc2822",
            &updated.map_or_else(|| "Thu, 01 Jan 1970 00:00:00 +0000".into(), |d| d.rfc2822()),
        );
        // Escaped for XML, the content grows by a fifth or so.
        self.render_sized(template, &super::Meta::default(), ctx, size + size / 4)
    }

    /// The feed item of post `i`, whole or in brief, and the bytes of its content:
    /// made once, for every feed that holds the post.
    fn feed_item(&self, i: usize, whole: bool) -> &(Value, usize) {
        self.feed_items[i][usize::from(whole)].get_or_init(|| {
            let item = FeedItem::new(self.site, i, &self.digests[i], whole);
            Box::new((Value::from_serializable(&item), item.content.len()))
        })
    }
}
