//! Rendering: from the site model to the list of output files and their bytes.
//!
//! [`plan`] lists every file the site will have as a [`Job`] (a page to render, a file
//! to copy) and refuses two jobs at one path, naming both sources. [`Renderer::output`]
//! produces one job's bytes; jobs are independent, so the writer runs them in
//! parallel. Template contexts are the typed structs in [`context`], documented in the
//! README as the template API.

mod cards;
pub mod context;
mod describe;
pub mod feeds;
mod job;
pub mod latest;
mod plan;
mod posts;
pub mod xml_check;

pub use cards::{POST_CARD, SITE_CARD, SocialCards, card_logo, card_path, card_url};
pub use feeds::Feed;
pub use job::Job;
use job::term_templates;
pub use plan::{plan, served_file};
pub use posts::PostOutput;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};

use crate::error::Diagnostic;
use crate::site::{Site, Taxonomy, paging};
use crate::templates::{self, StaticFile, TemplateSources};
use context::{
    AuthorCtx, KindCtx, Pagination, RedirectCtx, SeriesCtx, SiteCtx, SitemapPage, SitemapUrl,
    TermCtx, YearCtx,
};

/// The titles of a taxonomy's pages: its index's, and a term's page's.
fn term_titles(taxonomy: Taxonomy, name: &str) -> (&'static str, String) {
    match taxonomy {
        Taxonomy::Tags => ("Tags", format!("Posts tagged “{name}”")),
        Taxonomy::Categories => ("Categories", format!("Posts in “{name}”")),
    }
}

/// The sitemap index of a sitemap in parts, listing each part's absolute URL.
fn sitemap_index(parts: impl Iterator<Item = String>) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in parts {
        out.push_str("<sitemap><loc>");
        crate::escape::escape_into(&mut out, &loc);
        out.push_str("</loc></sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    out.into_bytes()
}

/// How many of the latest posts, and of the most used tags, the search page lists
/// to browse before (or without) searching.
const SEARCH_LATEST: usize = 8;
const SEARCH_TAGS: usize = 24;

/// The redirect file Netlify and Cloudflare Pages read.
pub const HOST_REDIRECTS: &str = "_redirects";
/// The nginx `map` of legacy URLs.
pub const NGINX_MAP: &str = "nginx-redirects.map";

/// Each post's page by its file (see [`source_key`]), for links to posts' files.
pub fn post_pages(site: &Site) -> std::collections::HashMap<String, String> {
    (site.posts.iter())
        .map(|sp| (source_key(&sp.post.source.rel), sp.path.to_string()))
        .collect()
}

/// [`post_pages`] of a site, made on first use.
#[derive(Debug)]
struct LazyPostPages<'a> {
    site: &'a Site,
    pages: std::sync::OnceLock<std::collections::HashMap<String, String>>,
}

impl crate::markdown::PostPages for LazyPostPages<'_> {
    fn page(&self, file: &str) -> Option<&str> {
        let pages = self.pages.get_or_init(|| post_pages(self.site));
        pages.get(file).map(String::as_str)
    }
}

/// A post file's path relative to the site, `/`-separated (how a link names it).
pub fn source_key(rel: &Path) -> String {
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Number of `/blog/` pages (at least one, even for an empty site).
pub fn blog_pages(site: &Site) -> usize {
    paging::pages(site.posts.len(), site.config.posts_per_page)
}

/// `/blog/` for page 1, `/blog/<n>/` after.
pub fn blog_path(n: usize) -> String {
    paging::page_path("/blog/", n)
}

/// The title of page `n` of a listing titled `title`: "Posts of 2024, page 2".
fn page_title(title: String, n: usize) -> String {
    if n > 1 {
        format!("{title}, page {n}")
    } else {
        title
    }
}

/// Writes one output file: (path in the output, bytes).
pub type WriteFile<'w> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'w;

/// What one output file gets.
#[derive(Debug)]
pub enum Output {
    /// These bytes.
    Bytes(Vec<u8>),
    /// These bytes, which another file has too (RSS at its two paths).
    Shared(std::sync::Arc<Vec<u8>>),
    /// A copy of this file of the site.
    Copy(PathBuf),
}

/// A feed item as templates see it, and the bytes of its content.
type FeedItemValue = (Value, usize);

/// Everything computed once per build and shared by all jobs.
pub struct Renderer<'a> {
    source: &'a Path,
    site: &'a Site,
    tera: &'a Tera,
    sources: &'a TemplateSources,
    statics: &'a BTreeMap<String, StaticFile>,
    site_value: Value,
    /// The links of authors, tags and categories, shared by the cards.
    links: context::Links,
    /// Each post's card in listings, when kept from an earlier render (`serve`, for
    /// its edits); else each listing makes the cards it shows from the digests: a
    /// build keeps no card, which would be most of its memory (about 3.7 KB a post).
    cards: Option<Vec<Value>>,
    digests: Vec<Digest>,
    /// Each post's page by its file, made when a link first needs it (`serve`
    /// renders one post an edit, usually without such a link).
    post_pages: LazyPostPages<'a>,
    social: Option<&'a SocialCards>,
    /// Each post's feed items (in brief, whole) and the bytes of their content, made
    /// once for every feed that holds the post. Boxed: most posts are in no feed, and
    /// an empty cell is then 16 bytes, not 40.
    feed_items: Vec<[std::sync::OnceLock<Box<FeedItemValue>>; 2]>,
    /// The pages the sitemap lists, made once for all of its parts.
    sitemap: std::sync::OnceLock<Vec<SitemapPage>>,
    /// RSS, rendered once for its two paths.
    rss: std::sync::OnceLock<Result<std::sync::Arc<Vec<u8>>, Diagnostic>>,
    /// What rendering the posts found to warn about (images the site does not have).
    warnings: Vec<Diagnostic>,
    /// The dictionary of search terms the posts' terms refer to.
    search_terms: std::sync::Arc<crate::search::Terms>,
    /// The search index, once every post is rendered.
    search: Option<crate::search::Index>,
}

/// What every page's head says besides the site's: its canonical URL and its
/// description (`canonical`, `description` in templates).
#[derive(Debug, Default)]
pub(crate) struct Meta {
    /// The page's absolute URL; none for a page that has no address of its own.
    pub canonical: Option<String>,
    /// A sentence about the page; none to leave it to the template.
    pub description: Option<String>,
}

/// What is kept of a post's rendered Markdown once its page is written.
#[derive(Debug, Default)]
pub struct Digest {
    /// Plain-text summary; empty for a post with a description, which stands in for
    /// it everywhere after its page.
    pub summary: String,
    /// Words of the body.
    pub words: usize,
    /// The feed's version of the body HTML (links absolute), kept only for posts in a
    /// feed.
    pub feed_html: Option<String>,
    /// The post's search terms.
    pub terms: crate::search::PostTerms,
}

impl<'a> Renderer<'a> {
    /// Prepares the values shared by all pages.
    pub fn new(
        source: &'a Path,
        site: &'a Site,
        tera: &'a Tera,
        sources: &'a TemplateSources,
        statics: &'a BTreeMap<String, StaticFile>,
        social: Option<&'a SocialCards>,
    ) -> Self {
        Self {
            source,
            site,
            tera,
            sources,
            statics,
            site_value: Value::from_serializable(&SiteCtx::new(site)),
            links: context::Links::new(site),
            cards: None,
            digests: Vec::new(),
            social,
            feed_items: site.posts.iter().map(|_| Default::default()).collect(),
            rss: std::sync::OnceLock::new(),
            sitemap: std::sync::OnceLock::new(),
            warnings: Vec::new(),
            search_terms: Default::default(),
            search: None,
            post_pages: LazyPostPages {
                site,
                pages: std::sync::OnceLock::new(),
            },
        }
    }

    fn cards_of(&self, ids: &[usize]) -> Value {
        let card = |i: usize| match &self.cards {
            Some(cards) => cards[i].clone(),
            None => self.card_from_digest(i, &self.digests[i]),
        };
        Value::from(ids.iter().map(|&i| card(i)).collect::<Vec<_>>())
    }

    fn render(&self, template: &str, meta: &Meta, ctx: Context) -> Result<Vec<u8>, Diagnostic> {
        self.render_sized(template, meta, ctx, 0)
    }

    /// Renders `template` into a buffer of `size` bytes to start with: the size of the
    /// text the page is known to hold (a post's HTML), so that a large page is not
    /// copied as its buffer doubles.
    fn render_sized(
        &self,
        template: &str,
        meta: &Meta,
        mut ctx: Context,
        size: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("canonical", &meta.canonical);
        if let Some(d) = &meta.description {
            ctx.insert("description", d);
        }
        if size == 0 {
            return self
                .tera
                .render(template, &ctx)
                .map(String::into_bytes)
                .map_err(|e| templates::template_error(&e, self.sources));
        }
        let mut out = Vec::with_capacity(size + size / 8 + (16 << 10));
        self.tera
            .render_to(template, &ctx, &mut out)
            .map_err(|e| templates::template_error(&e, self.sources))?;
        Ok(out)
    }

    fn link(&self, path: &str) -> String {
        self.site.config.base_url.link(path)
    }

    fn pagination(&self, current: usize, total: usize) -> Pagination {
        Pagination::new(current, total, |n| self.link(&blog_path(n)))
    }

    /// `posts` and `pagination` of page `n` of the listing at `path` of `posts`,
    /// [`Config::posts_per_list_page`](crate::config::Config) to a page.
    fn list_page(&self, ctx: &mut Context, path: &str, posts: &[usize], n: usize) {
        let per = self.site.config.posts_per_list_page;
        let pages = paging::pages(posts.len(), per);
        let link = |k: usize| self.link(&paging::page_path(path, k));
        ctx.insert_value("posts", self.cards_of(paging::page_of(posts, n, per)));
        ctx.insert("pagination", &Some(Pagination::new(n, pages, link)));
    }

    fn listing(
        &self,
        template: &str,
        title: &str,
        ids: &[usize],
        meta: &Meta,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert_value("posts", self.cards_of(ids));
        ctx.insert("pagination", &None::<Pagination>);
        self.render(template, meta, ctx)
    }

    /// What to write at `file` for `job`.
    pub fn output(&self, file: &str, job: &Job) -> Result<Output, Diagnostic> {
        let site = self.site;
        let canonical = (file.ends_with(".html")
            && file != "404.html"
            && !matches!(job, Job::Redirect(_) | Job::PageRedirect(_)))
        .then(|| {
            site.config.base_url.absolute(&format!(
                "/{}",
                file.strip_suffix("index.html").unwrap_or(file)
            ))
        });
        let canon = Meta {
            canonical,
            description: describe::describe(site, job),
        };
        let bytes = match job {
            Job::Post(_) => Err(Diagnostic::error(
                "internal: post pages are written by render_posts",
            )),
            Job::Home => {
                let n = site.config.home_posts.min(site.posts.len());
                let ids: Vec<usize> = (0..n).collect();
                self.listing("index.html", &site.config.title, &ids, &canon)
            }
            Job::Blog(n) => {
                let per = site.config.posts_per_page;
                let start = (n - 1) * per;
                let ids: Vec<usize> = (start..(start + per).min(site.posts.len())).collect();
                let title = if *n == 1 {
                    "All posts".to_string()
                } else {
                    format!("All posts, page {n}")
                };
                let mut ctx = Context::new();
                ctx.insert("title", &title);
                ctx.insert("year_nav", &context::year_nav(site, None));
                ctx.insert_value("posts", self.cards_of(&ids));
                ctx.insert("pagination", &Some(self.pagination(*n, blog_pages(site))));
                self.render("list.html", &canon, ctx)
            }
            Job::Year(i, n) => {
                let y = &site.years[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &page_title(format!("Posts of {}", y.year), *n));
                ctx.insert("year", &YearCtx::new(site, *i));
                ctx.insert("year_nav", &context::year_nav(site, Some(*i)));
                self.list_page(&mut ctx, &y.path, &y.posts, *n);
                self.render("list.html", &canon, ctx)
            }
            // `tags` on the tag index, `categories` on the category index.
            Job::Terms(t) => {
                let terms: Vec<TermCtx<'_>> = (0..site.terms(*t).len())
                    .map(|i| TermCtx::new(site, *t, i))
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("title", term_titles(*t, "").0);
                ctx.insert(t.plural(), &terms);
                self.render(term_templates(*t).0, &canon, ctx)
            }
            // `tag` on a tag's page, `category` on a category's.
            Job::Term(t, i, n) => {
                let term = &site.terms(*t)[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &page_title(term_titles(*t, &term.name).1, *n));
                ctx.insert(t.singular(), &TermCtx::new(site, *t, *i));
                self.list_page(&mut ctx, &term.path, &term.posts, *n);
                self.render(term_templates(*t).1, &canon, ctx)
            }
            Job::Authors => {
                let authors: Vec<AuthorCtx<'_>> = (0..site.authors.len())
                    .map(|i| AuthorCtx::new(site, i))
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("title", "Authors");
                ctx.insert(
                    "author_count",
                    &authors.iter().filter(|a| a.count > 0).count(),
                );
                ctx.insert("authors", &authors);
                self.render("authors.html", &canon, ctx)
            }
            Job::Author(i, n) => {
                let a = &site.authors[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &page_title(format!("Posts by {}", a.name), *n));
                ctx.insert("author", &AuthorCtx::new(site, *i));
                self.list_page(&mut ctx, &a.path, &a.posts, *n);
                self.render("author.html", &canon, ctx)
            }
            Job::NotFound => {
                let ids: Vec<usize> = (0..site.posts.len().min(5)).collect();
                self.listing("404.html", "Page not found", &ids, &canon)
            }
            // The latest posts, and the most used tags, to browse before (or without)
            // searching.
            Job::Search => {
                let ids: Vec<usize> = (0..site.posts.len().min(SEARCH_LATEST)).collect();
                let mut ctx = Context::new();
                ctx.insert("title", "Search");
                ctx.insert_value("posts", self.cards_of(&ids));
                ctx.insert(
                    "tags",
                    &context::popular_terms(site, Taxonomy::Tags, SEARCH_TAGS),
                );
                ctx.insert("year_nav", &context::year_nav(site, None));
                self.render("search.html", &canon, ctx)
            }
            Job::Redirect(i) => {
                let mut ctx = Context::new();
                ctx.insert("redirect", &RedirectCtx::new(site, *i));
                self.render("redirect.html", &canon, ctx)
            }
            Job::PageRedirect(i) => {
                let mut ctx = Context::new();
                ctx.insert("redirect", &RedirectCtx::page(site, *i));
                self.render("redirect.html", &canon, ctx)
            }
            Job::Rss(feed) => return self.feed(*feed, false, file),
            Job::Atom(feed) => return self.feed(*feed, true, file),
            Job::Sitemap | Job::SitemapPart(_) => {
                let pages = (self.sitemap).get_or_init(|| SitemapPage::all(site, blog_pages(site)));
                let parts = job::sitemap_parts(pages.len(), job::SITEMAP_URLS);
                match job {
                    Job::Sitemap if !parts.is_empty() => {
                        let base = &site.config.base_url;
                        Ok(sitemap_index(parts.iter().map(|p| base.absolute(p))))
                    }
                    _ => {
                        let k = match job {
                            Job::SitemapPart(k) => *k,
                            _ => 0,
                        };
                        let part: Vec<SitemapUrl> = (pages.iter())
                            .skip(k * job::SITEMAP_URLS)
                            .take(job::SITEMAP_URLS)
                            .map(|&p| SitemapUrl::new(site, p))
                            .collect();
                        let mut ctx = Context::new();
                        ctx.insert("urls", &part);
                        self.render("sitemap.xml", &canon, ctx)
                    }
                }
            }
            Job::Robots => self.render("robots.txt", &canon, Context::new()),
            Job::LatestJson => Ok(latest::latest_json(site)),
            Job::Releases => {
                // The main product's series first (the one with the most releases),
                // then the others' by name; newest series first within each.
                let mut counts: BTreeMap<&Option<String>, usize> = BTreeMap::new();
                for g in &site.series {
                    *counts.entry(&g.product).or_default() += g.releases.len();
                }
                let main = counts.iter().max_by_key(|(_, n)| **n).map(|(p, _)| *p);
                let mut order: Vec<usize> = (0..site.series.len()).collect();
                order.sort_by(|&a, &b| {
                    let (a, b) = (&site.series[a], &site.series[b]);
                    let rank = |g: &crate::site::releases::SeriesGroup| Some(&g.product) != main;
                    (rank(a).cmp(&rank(b)))
                        .then_with(|| a.product.cmp(&b.product))
                        .then_with(|| b.series.cmp(&a.series))
                });
                let series: Vec<SeriesCtx> =
                    order.into_iter().map(|i| SeriesCtx::new(site, i)).collect();
                let mut ctx = Context::new();
                ctx.insert("title", "Releases");
                ctx.insert("series", &series);
                ctx.insert("kinds", &KindCtx::all(site));
                self.render("releases.html", &canon, ctx)
            }
            Job::Series(i) => {
                let series = SeriesCtx::new(site, *i);
                let mut ctx = Context::new();
                ctx.insert("title", &format!("{} releases", series.name));
                ctx.insert("series", &series);
                ctx.insert("kinds", &KindCtx::all(site));
                self.render("series.html", &canon, ctx)
            }
            Job::Kind(i, n) => {
                let kind = KindCtx::new(site, *i);
                let k = &site.kinds[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &page_title(kind.title.clone(), *n));
                ctx.insert("kind", &kind);
                self.list_page(&mut ctx, &k.path, &k.posts, *n);
                self.render("kind.html", &canon, ctx)
            }
            Job::PostList => {
                let mut out = Vec::with_capacity(1 << 16);
                match self.write_post_list(&mut out) {
                    Ok(()) => Ok(out),
                    Err(e) => Err(Diagnostic::error(format!("internal: {e}"))),
                }
            }
            Job::SearchManifest => match &self.search {
                Some(index) => Ok(index.manifest.clone()),
                None => Err(Diagnostic::error("internal: the search index is not built")),
            },
            Job::SearchShard(n) => match self.search.as_ref().and_then(|s| s.shards.get(*n)) {
                Some(bytes) => Ok(bytes.clone()),
                None => Err(Diagnostic::error("internal: the search index is not built")),
            },
            Job::SearchDocs(_) => Err(Diagnostic::error(
                "internal: the search index's results are written with the posts' pages",
            )),
            Job::HostRedirects => {
                let own = match self.statics.get(HOST_REDIRECTS) {
                    Some(StaticFile::Site { path, shown }) => Some(
                        crate::fsutil::Fence::new(self.source)
                            .read_to_string(path)
                            .map_err(|e| e.diagnostic("read", shown))?,
                    ),
                    Some(StaticFile::Embedded(bytes)) => {
                        Some(String::from_utf8_lossy(bytes).into_owned())
                    }
                    None => None,
                };
                Ok(crate::redirects::host_file(site, own.as_deref()).into_bytes())
            }
            Job::NginxMap => Ok(crate::redirects::nginx_map(site).into_bytes()),
            Job::Card(i) => return self.post_card(*i),
            Job::SiteCard => {
                let Some(social) = self.social else {
                    return Err(Diagnostic::error("internal: social cards are off"));
                };
                let (title, description) = (&site.config.title, &site.config.description);
                let key = crate::social::CardRenderer::site_cache_key(
                    title,
                    description,
                    social.logo_key(),
                );
                return social
                    .card(&key, |r| {
                        crate::social::render_site_card(r, title, description)
                    })
                    .map_err(|e| Diagnostic::error(format!("social card of the site: {e}")));
            }
            Job::Asset(i, rel) => {
                let file = site.posts[*i].post.source.asset_path(rel);
                return Ok(Output::Copy(self.source.join(file)));
            }
            Job::Static(name) => match self.statics.get(name) {
                Some(StaticFile::Embedded(bytes)) => Ok(bytes.to_vec()),
                Some(StaticFile::Site { path, .. }) => return Ok(Output::Copy(path.clone())),
                None => Err(Diagnostic::error(format!("static file {name} vanished"))),
            },
        };
        bytes.map(Output::Bytes)
    }

    /// Names for the build summary: (posts, pages, redirects).
    pub fn counts(&self, jobs: &BTreeMap<String, Job>) -> (usize, usize, usize) {
        let pages = jobs
            .values()
            .filter(|j| {
                !matches!(
                    j,
                    Job::Asset(..)
                        | Job::Static(_)
                        | Job::Redirect(_)
                        | Job::PageRedirect(_)
                        | Job::HostRedirects
                        | Job::NginxMap
                        | Job::Card(_)
                        | Job::SiteCard
                        | Job::SearchManifest
                        | Job::SearchShard(_)
                        | Job::SearchDocs(_)
                )
            })
            .count();
        let redirects = self.site.redirects.len() + self.site.config.redirects.len();
        (self.site.posts.len(), pages, redirects)
    }
}
