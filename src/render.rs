//! Rendering: from the site model to the list of output files and their bytes.
//!
//! [`plan`] lists every file the site will have as a [`Job`] (a page to render, a file
//! to copy) and refuses two jobs at one path, naming both sources. [`Renderer::output`]
//! produces one job's bytes; jobs are independent, so the writer runs them in
//! parallel. Template contexts are the typed structs in [`context`], documented in the
//! README as the template API.

pub mod context;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::Diagnostic;
use crate::markdown::{self, LinkBase, Rendered};
use crate::site::Site;
use crate::templates::{self, StaticFile, TemplateSources};
use context::{
    AuthorCtx, Card, FeedItem, Neighbour, Pagination, PostPage, RedirectCtx, SiteCtx, SitemapUrl,
    TagCtx, YearCtx,
};

/// What one output file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A post page (index into `site.posts`).
    Post(usize),
    /// The home page.
    Home,
    /// Page `n` (1-based) of `/blog/`.
    Blog(usize),
    /// A year page (index into `site.years`).
    Year(usize),
    /// The tag index.
    Tags,
    /// A tag page (index into `site.tags`).
    Tag(usize),
    /// The author index.
    Authors,
    /// An author page (index into `site.authors`).
    Author(usize),
    /// `404.html`.
    NotFound,
    /// The search page.
    Search,
    /// A redirect page (index into `site.redirects`).
    Redirect(usize),
    /// RSS 2.0 (also served at the old Blogger feed path).
    Rss,
    /// Atom.
    Atom,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// `search-index.json`.
    SearchIndex,
    /// `_redirects`: every legacy URL as a 301, for hosts that read the file (Netlify,
    /// Cloudflare Pages). The site's own `static/_redirects`, if any, comes first.
    HostRedirects,
    /// `nginx-redirects.map`: the same as an nginx `map` (with `nginx_redirects: true`).
    NginxMap,
    /// The social card (Open Graph image) of a post.
    Card(usize),
    /// The social card of the site.
    SiteCard,
    /// A file beside a bundle's index.md: (post index, path inside the bundle).
    Asset(usize, PathBuf),
    /// A static file (key into the static file map).
    Static(String),
}

impl Job {
    /// The template the job renders with, if any.
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Job::Post(_) => "post.html",
            Job::Home => "index.html",
            Job::Blog(_) | Job::Year(_) => "list.html",
            Job::Tags => "tags.html",
            Job::Tag(_) => "tag.html",
            Job::Authors => "authors.html",
            Job::Author(_) => "author.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::Redirect(_) => "redirect.html",
            Job::Rss => "rss.xml",
            Job::Atom => "atom.xml",
            Job::Sitemap => "sitemap.xml",
            Job::Robots => "robots.txt",
            Job::SearchIndex
            | Job::HostRedirects
            | Job::NginxMap
            | Job::Card(_)
            | Job::SiteCard
            | Job::Asset(..)
            | Job::Static(_) => {
                return None;
            }
        })
    }
}

/// Lists the files of the site, by output path. Two jobs at one path are errors that
/// name both sources.
pub fn plan(
    site: &Site,
    statics: &BTreeMap<String, StaticFile>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Job> {
    let from = diags.len();
    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    let mut add = |file: String, job: Job, diags: &mut Vec<Diagnostic>| {
        if let Some(prev) = jobs.get(&file) {
            let first = describe(site, statics, prev);
            let second = describe(site, statics, &job);
            let mut d = Diagnostic::error(format!(
                "two things at one URL: /{} is {} and also {}",
                file.trim_end_matches("index.html"),
                first.1,
                second.1
            ))
            .help("change one of them: a slug, a legacy URL or a file name");
            if let Some((path, line, col)) = second.0.or(first.0) {
                d = d.in_file(path).at(line, col);
            }
            diags.push(d);
        } else {
            jobs.insert(file, job);
        }
    };
    // Paths Bulletin makes from safe segments (years, tag segments, author ids).
    let page = |path: &str| crate::url::output_file(path).unwrap_or_else(|_| "index.html".into());

    for (i, sp) in site.posts.iter().enumerate() {
        match crate::url::output_file(&sp.path) {
            Ok(file) => add(file, Job::Post(i), diags),
            Err(why) => diags.push(
                Diagnostic::error(format!("the post's URL {} cannot be used: {why}", sp.path))
                    .in_file(&sp.post.file)
                    .help("check `slug` and the `permalink` pattern of bulletin.yaml"),
            ),
        }
        if let (Some(assets), Some(_)) = (&sp.post.source.assets, sp.post.source.bundle_dir()) {
            let dir = sp.path.trim_start_matches('/');
            for a in assets {
                let rel = a.to_string_lossy().replace('\\', "/");
                if rel.chars().any(char::is_control) {
                    diags.push(
                        Diagnostic::error(format!("file name {rel:?} has a control character"))
                            .in_file(&sp.post.file)
                            .help("rename the file beside the post"),
                    );
                    continue;
                }
                add(format!("{dir}{rel}"), Job::Asset(i, a.clone()), diags);
            }
        }
    }
    add("index.html".into(), Job::Home, diags);
    for n in 1..=blog_pages(site) {
        add(page(&blog_path(n)), Job::Blog(n), diags);
    }
    for (i, y) in site.years.iter().enumerate() {
        add(page(&y.path), Job::Year(i), diags);
    }
    add("tags/index.html".into(), Job::Tags, diags);
    for (i, t) in site.tags.iter().enumerate() {
        add(page(&t.path), Job::Tag(i), diags);
    }
    add("authors/index.html".into(), Job::Authors, diags);
    for (i, a) in site.authors.iter().enumerate() {
        add(page(&a.path), Job::Author(i), diags);
    }
    add("404.html".into(), Job::NotFound, diags);
    add("search/index.html".into(), Job::Search, diags);
    if site.config.social_cards {
        add(SITE_CARD.into(), Job::SiteCard, diags);
        for (i, sp) in site.posts.iter().enumerate() {
            add(
                format!("{}{POST_CARD}", sp.path.trim_start_matches('/')),
                Job::Card(i),
                diags,
            );
        }
    }
    add("rss.xml".into(), Job::Rss, diags);
    add("feeds/posts/default".into(), Job::Rss, diags);
    add("atom.xml".into(), Job::Atom, diags);
    add("sitemap.xml".into(), Job::Sitemap, diags);
    add("robots.txt".into(), Job::Robots, diags);
    add("search-index.json".into(), Job::SearchIndex, diags);
    add(HOST_REDIRECTS.into(), Job::HostRedirects, diags);
    if site.config.nginx_redirects {
        add(NGINX_MAP.into(), Job::NginxMap, diags);
    }
    for (name, file) in statics {
        // The site's own rules go into Bulletin's `_redirects`, first.
        if name == HOST_REDIRECTS {
            continue;
        }
        if name.chars().any(char::is_control) {
            let shown = match file {
                StaticFile::Site { shown, .. } => shown.display().to_string(),
                StaticFile::Embedded(_) => name.clone(),
            };
            diags.push(
                Diagnostic::error(format!("static file name {name:?} has a control character"))
                    .in_file(shown)
                    .help("rename the file"),
            );
            continue;
        }
        add(name.clone(), Job::Static(name.clone()), diags);
    }
    for (i, r) in site.redirects.iter().enumerate() {
        add(r.file.clone(), Job::Redirect(i), diags);
    }
    // A file cannot also be a folder: `/feeds/posts/default` (a file) rules out a
    // legacy URL `/feeds/posts/default/123`.
    let mut below_a_file = Vec::new();
    for file in jobs.keys() {
        for (i, _) in file.match_indices('/') {
            if let Some(owner) = jobs.get(&file[..i]) {
                below_a_file.push((file.clone(), file[..i].to_string(), owner.clone()));
            }
        }
    }
    for (file, parent, owner) in below_a_file {
        if let Some(job) = jobs.remove(&file) {
            let (place, what) = describe(site, statics, &job);
            let (_, owner_what) = describe(site, statics, &owner);
            let mut d = Diagnostic::error(format!(
                "/{file} cannot be written: /{parent} is a file ({owner_what}), so it cannot be a folder for {what}"
            ))
            .help("change the URL so that it does not start with the path of another file");
            if let Some((path, line, col)) = place {
                d = d.in_file(path).at(line, col);
            }
            diags.push(d);
        }
    }
    crate::error::default_code(diags, from, "url-collision");
    jobs
}

type Place = Option<(PathBuf, usize, usize)>;

fn describe(site: &Site, statics: &BTreeMap<String, StaticFile>, job: &Job) -> (Place, String) {
    match job {
        Job::Post(i) => {
            let p = &site.posts[*i].post;
            (
                Some((p.file.clone(), 1, 1)),
                format!("the post {}", p.file.display()),
            )
        }
        Job::Redirect(i) => {
            let r = &site.redirects[*i];
            let p = &site.posts[r.to].post;
            (
                Some((p.file.clone(), r.line, r.column)),
                format!("a legacy URL of {}", p.file.display()),
            )
        }
        Job::Asset(i, rel) => {
            let p = &site.posts[*i].post;
            (
                None,
                format!("the file {} of {}", rel.display(), p.file.display()),
            )
        }
        Job::Static(name) => match statics.get(name) {
            Some(StaticFile::Site { shown, .. }) => {
                (None, format!("the static file {}", shown.display()))
            }
            _ => (None, format!("the default theme's static file {name}")),
        },
        Job::Tag(i) => (None, format!("the page of tag '{}'", site.tags[*i].name)),
        Job::Author(i) => (
            None,
            format!("the page of author '{}'", site.authors[*i].name),
        ),
        Job::Home => (None, "the home page".into()),
        Job::Blog(n) => (None, format!("page {n} of the post list")),
        Job::Year(i) => (None, format!("the page of year {}", site.years[*i].year)),
        Job::Tags => (None, "the tag index".into()),
        Job::Authors => (None, "the author index".into()),
        Job::NotFound => (None, "the 404 page".into()),
        Job::Search => (None, "the search page".into()),
        Job::SiteCard => (None, "the site's social card".into()),
        Job::Card(i) => (
            Some((site.posts[*i].post.file.clone(), 1, 1)),
            format!("the social card of {}", site.posts[*i].post.file.display()),
        ),
        Job::Rss | Job::Atom => (None, "a feed".into()),
        Job::Sitemap => (None, "the sitemap".into()),
        Job::Robots => (None, "robots.txt".into()),
        Job::SearchIndex => (None, "the search index".into()),
        Job::HostRedirects => (None, "the redirect file for hosts".into()),
        Job::NginxMap => (None, "the nginx redirect map".into()),
    }
}

/// The redirect file Netlify and Cloudflare Pages read.
pub const HOST_REDIRECTS: &str = "_redirects";
/// The nginx `map` of legacy URLs.
pub const NGINX_MAP: &str = "nginx-redirects.map";

/// The site's social card, at the root of the output.
pub const SITE_CARD: &str = "social.png";
/// A post's social card, beside its page.
pub const POST_CARD: &str = "social.png";

/// The social card of a post, as an absolute URL, when cards are made.
pub fn card_url(site: &Site, post_path: &str) -> Option<String> {
    site.config.social_cards.then(|| {
        site.config
            .base_url
            .absolute(&format!("{post_path}{POST_CARD}"))
    })
}

/// The posts in the feeds: the newest `feed_limit` published ones (drafts shown with
/// `--drafts` never are).
pub fn feed_posts(site: &Site) -> Vec<usize> {
    (0..site.posts.len())
        .filter(|&i| site.posts[i].post.published)
        .take(site.config.feed_limit)
        .collect()
}

/// `search-index.json` from its entries (JSON objects, newest post first): kept as
/// separate entries, an index is remade without serializing every post again.
pub fn search_index<'e>(entries: impl Iterator<Item = &'e str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 16);
    out.push(b'[');
    for (n, entry) in entries.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(entry.as_bytes());
    }
    out.push(b']');
    out
}

/// Number of `/blog/` pages (at least one, even for an empty site).
pub fn blog_pages(site: &Site) -> usize {
    site.posts.len().div_ceil(site.config.posts_per_page).max(1)
}

/// `/blog/` for page 1, `/blog/<n>/` after.
pub fn blog_path(n: usize) -> String {
    if n <= 1 {
        "/blog/".to_string()
    } else {
        format!("/blog/{n}/")
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
    /// A copy of this file.
    Copy(PathBuf),
    /// This file of Bulletin's cache: hard-linked when the cache is on the same file
    /// system as the output (nothing is copied), else copied. Never used for the site's
    /// own files, which a tool working on the output in place must not change.
    Cached(PathBuf),
}

/// Everything computed once per build and shared by all jobs.
pub struct Renderer<'a> {
    source: &'a Path,
    site: &'a Site,
    tera: &'a Tera,
    sources: &'a TemplateSources,
    statics: &'a BTreeMap<String, StaticFile>,
    site_value: Value,
    cards: Vec<Value>,
    digests: Vec<Digest>,
    social: Option<&'a SocialCards>,
    /// The feeds' items, made once for RSS and Atom, and the bytes of their content.
    feed_items: std::sync::OnceLock<(Value, usize)>,
    /// RSS, rendered once for its two paths.
    rss: std::sync::OnceLock<Result<std::sync::Arc<Vec<u8>>, Diagnostic>>,
}

/// What social cards are drawn with, and where drawn cards are kept between builds.
#[derive(Debug, Default)]
pub struct SocialCards {
    /// The card renderer, made (fonts parsed) the first time a card must be drawn:
    /// when every card is in the cache, it never is.
    renderer: std::sync::OnceLock<Result<crate::social::CardRenderer, String>>,
    /// The cache folder; None renders every card every time.
    pub cache: Option<PathBuf>,
}

impl SocialCards {
    /// Cards cached in `cache`, if given.
    pub fn new(cache: Option<PathBuf>) -> Self {
        Self {
            renderer: std::sync::OnceLock::new(),
            cache,
        }
    }

    fn renderer(&self) -> Result<&crate::social::CardRenderer, String> {
        self.renderer
            .get_or_init(crate::social::CardRenderer::new)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The card under `key`: from the cache, or drawn by `draw`.
    fn card(
        &self,
        key: &str,
        draw: impl FnOnce(&crate::social::CardRenderer) -> Result<Vec<u8>, String>,
    ) -> Result<Output, String> {
        match &self.cache {
            Some(dir) => {
                crate::social::cached_card(dir, key, || draw(self.renderer()?)).map(Output::Cached)
            }
            None => draw(self.renderer()?).map(Output::Bytes),
        }
    }
}

/// What is kept of a post's rendered Markdown once its page is written.
#[derive(Debug, Default)]
pub struct Digest {
    /// Plain-text summary.
    pub summary: String,
    /// Words of the body.
    pub words: usize,
    /// The body HTML, kept only for posts in the feeds.
    pub html: Option<String>,
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
            cards: Vec::new(),
            digests: Vec::new(),
            social,
            feed_items: std::sync::OnceLock::new(),
            rss: std::sync::OnceLock::new(),
        }
    }

    /// Renders every post (Markdown, then its page) in parallel and hands each page to
    /// `write` at once, so that neither the Markdown nor the HTML of all posts is held
    /// in memory together. `markdown[i]` is the body of `site.posts[i]`. Keeps what
    /// listings, feeds and search need; returns the problems met.
    pub fn render_posts(
        &mut self,
        markdown: Vec<String>,
        write: &WriteFile<'_>,
    ) -> Vec<Diagnostic> {
        let this = &*self;
        let feed = feed_posts(this.site);
        let results: Vec<(Value, Digest, Option<Diagnostic>)> = markdown
            .into_par_iter()
            .enumerate()
            .map(|(i, md)| {
                // The Markdown (and the parser's tree of it) is let go before the page
                // is rendered: a post's memory peaks at its HTML, not at both.
                let body = this.render_markdown(i, &md);
                drop(md);
                let (card, digest, page) = this.finish_post(i, body, feed.contains(&i));
                let file = crate::url::output_file(&this.site.posts[i].path).unwrap_or_default();
                let error = page.and_then(|bytes| write(&file, &bytes)).err();
                (card, digest, error)
            })
            .collect();
        let mut errors = Vec::new();
        for (card, digest, error) in results {
            self.cards.push(card);
            self.digests.push(digest);
            errors.extend(error);
        }
        errors
    }

    /// Renders post `i` from its Markdown `md`: its card (for listings), what is kept
    /// of its body (the HTML only when `keep_html`: posts in the feeds), and its page.
    pub fn render_post(
        &self,
        i: usize,
        md: &str,
        keep_html: bool,
    ) -> (Value, Digest, Result<Vec<u8>, Diagnostic>) {
        self.finish_post(i, self.render_markdown(i, md), keep_html)
    }

    /// The Markdown `md` of post `i`, rendered.
    fn render_markdown(&self, i: usize, md: &str) -> Rendered {
        let site = self.site;
        markdown::render(
            md,
            LinkBase {
                base_path: site.config.base_url.path(),
                page_path: &site.posts[i].path,
            },
            &site.config.badges,
        )
    }

    /// Post `i` from its rendered Markdown, as [`Renderer::render_post`].
    fn finish_post(
        &self,
        i: usize,
        body: Rendered,
        keep_html: bool,
    ) -> (Value, Digest, Result<Vec<u8>, Diagnostic>) {
        let site = self.site;
        let sp = &site.posts[i];
        // The post's own page shows all of it; listings a card of bounded size.
        let listed = Card::listed(site, sp, &body.summary, body.words);
        let card = Value::from_serializable(&listed);
        let whole = if listed.is_whole() {
            card.clone()
        } else {
            Value::from_serializable(&Card::new(site, sp, &body.summary, body.words))
        };
        let file = crate::url::output_file(&sp.path).unwrap_or_default();
        let page = self.post_page(i, whole, &body, &file);
        let Rendered {
            html,
            summary,
            words,
            ..
        } = body;
        let digest = Digest {
            summary,
            words,
            html: keep_html.then_some(html),
        };
        (card, digest, page)
    }

    /// The card of post `i` in listings, from what was kept of its body (no Markdown
    /// rendered).
    pub fn card_from_digest(&self, i: usize, digest: &Digest) -> Value {
        let sp = &self.site.posts[i];
        Value::from_serializable(&Card::listed(self.site, sp, &digest.summary, digest.words))
    }

    /// The entry of post `i` in `search-index.json`, as JSON.
    pub fn search_entry(&self, i: usize, digest: &Digest) -> String {
        let entry = context::SearchEntry::new(self.site, i, &digest.summary);
        serde_json::to_string(&entry).unwrap_or_else(|_| "{}".into())
    }

    /// Hands the renderer the cards and digests of every post (in `site.posts` order),
    /// kept from an earlier render, instead of [`Renderer::render_posts`] making them.
    pub fn set_posts(&mut self, cards: Vec<Value>, digests: Vec<Digest>) {
        self.cards = cards;
        self.digests = digests;
    }

    /// Gives back the cards and digests, to keep them for the next render.
    pub fn take_posts(self) -> (Vec<Value>, Vec<Digest>) {
        (self.cards, self.digests)
    }

    fn post_card(&self, i: usize) -> Result<Output, Diagnostic> {
        let Some(social) = self.social else {
            return Err(Diagnostic::error("internal: social cards are off"));
        };
        let site = self.site;
        let sp = &site.posts[i];
        let author = sp
            .authors
            .iter()
            .map(|&a| site.authors[a].name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let tags: Vec<&str> = sp
            .tags
            .iter()
            .take(3)
            .map(|&t| site.tags[t].name.as_str())
            .collect();
        let date = sp.post.date.display();
        let text = crate::social::CardText {
            title: &sp.post.title,
            author: &author,
            date: &date,
            site: &site.config.title,
            tags: &tags,
        };
        // With a cache, the card is linked or copied from it; nothing is read here.
        let key = crate::social::CardRenderer::cache_key(&text);
        social.card(&key, |r| r.render(&text)).map_err(|e| {
            Diagnostic::error(format!("social card: {e}"))
                .in_file(&sp.post.file)
                .help("set `social_cards: false` in bulletin.yaml to build without them")
        })
    }

    fn post_page(
        &self,
        i: usize,
        card: Value,
        body: &Rendered,
        file: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let sp = &site.posts[i];
        let page = PostPage {
            toc: &body.headings,
            extra: &sp.post.extra,
            slug: &sp.post.slug,
            references: context::RefGroup::all(&body.references),
            social_card: card_url(site, &sp.path),
        };
        // What the page holds at least: the body, the references, the contents.
        let size = body.html.len()
            + (page.references.iter())
                .flat_map(|g| &g.badges)
                .map(|b| b.html.len() + 16)
                .sum::<usize>()
            + (page.toc.iter())
                .map(|h| h.id.len() + h.title.len() + 48)
                .sum::<usize>();
        let mut c = Context::new();
        c.insert("page", &page);
        drop(page);
        c.insert_value("card", card);
        c.insert_value("content", Value::safe_string(&body.html));
        c.insert(
            "previous",
            &(i + 1 < site.posts.len()).then(|| Neighbour::new(site, i + 1)),
        );
        c.insert("next", &i.checked_sub(1).map(|n| Neighbour::new(site, n)));
        let canonical = Some(site.config.base_url.absolute(&format!(
            "/{}",
            file.strip_suffix("index.html").unwrap_or(file)
        )));
        self.render_sized("post.html", &canonical, c, size)
    }

    fn cards_of(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.cards[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    fn render(
        &self,
        template: &str,
        canonical: &Option<String>,
        ctx: Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.render_sized(template, canonical, ctx, 0)
    }

    /// Renders `template` into a buffer of `size` bytes to start with: the size of the
    /// text the page is known to hold (a post's HTML), so that a large page is not
    /// copied as its buffer doubles.
    fn render_sized(
        &self,
        template: &str,
        canonical: &Option<String>,
        mut ctx: Context,
        size: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("canonical", canonical);
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

    fn listing(
        &self,
        template: &str,
        title: &str,
        ids: &[usize],
        canonical: &Option<String>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert_value("posts", self.cards_of(ids));
        ctx.insert("pagination", &None::<Pagination>);
        self.render(template, canonical, ctx)
    }

    /// What to write at `file` for `job`.
    pub fn output(&self, file: &str, job: &Job) -> Result<Output, Diagnostic> {
        let site = self.site;
        let canon =
            (file.ends_with(".html") && file != "404.html" && !matches!(job, Job::Redirect(_)))
                .then(|| {
                    site.config.base_url.absolute(&format!(
                        "/{}",
                        file.strip_suffix("index.html").unwrap_or(file)
                    ))
                });
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
            Job::Year(i) => {
                let y = &site.years[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &format!("Posts of {}", y.year));
                ctx.insert("year", &YearCtx::new(site, *i));
                ctx.insert("year_nav", &context::year_nav(site, Some(*i)));
                ctx.insert_value("posts", self.cards_of(&y.posts));
                ctx.insert("pagination", &None::<Pagination>);
                self.render("list.html", &canon, ctx)
            }
            Job::Tags => {
                let tags: Vec<TagCtx<'_>> =
                    (0..site.tags.len()).map(|i| TagCtx::new(site, i)).collect();
                let mut ctx = Context::new();
                ctx.insert("title", "Tags");
                ctx.insert("tags", &tags);
                self.render("tags.html", &canon, ctx)
            }
            Job::Tag(i) => {
                let mut ctx = Context::new();
                ctx.insert("title", &format!("Posts tagged “{}”", site.tags[*i].name));
                ctx.insert("tag", &TagCtx::new(site, *i));
                ctx.insert_value("posts", self.cards_of(&site.tags[*i].posts));
                self.render("tag.html", &canon, ctx)
            }
            Job::Authors => {
                let authors: Vec<AuthorCtx<'_>> = (0..site.authors.len())
                    .map(|i| AuthorCtx::new(site, i))
                    .collect();
                let mut ctx = Context::new();
                ctx.insert("title", "Authors");
                ctx.insert("authors", &authors);
                self.render("authors.html", &canon, ctx)
            }
            Job::Author(i) => {
                let a = &site.authors[*i];
                let mut ctx = Context::new();
                ctx.insert("title", &format!("Posts by {}", a.name));
                ctx.insert("author", &AuthorCtx::new(site, *i));
                ctx.insert_value("posts", self.cards_of(&a.posts));
                self.render("author.html", &canon, ctx)
            }
            Job::NotFound => {
                let ids: Vec<usize> = (0..site.posts.len().min(5)).collect();
                self.listing("404.html", "Page not found", &ids, &canon)
            }
            Job::Search => {
                let ids: Vec<usize> = (0..site.posts.len().min(20)).collect();
                self.listing("search.html", "Search", &ids, &canon)
            }
            Job::Redirect(i) => {
                let mut ctx = Context::new();
                ctx.insert("redirect", &RedirectCtx::new(site, *i));
                self.render("redirect.html", &canon, ctx)
            }
            Job::Rss | Job::Atom => {
                let render_feed = |template: &str| {
                    let (items, size) = self.feed_items.get_or_init(|| {
                        let items: Vec<FeedItem<'_>> = feed_posts(site)
                            .into_par_iter()
                            .map(|i| FeedItem::new(site, i, &self.digests[i]))
                            .collect();
                        let size = items.iter().map(|item| item.content.len()).sum();
                        (Value::from_serializable(&items), size)
                    });
                    let mut ctx = Context::new();
                    ctx.insert_value("items", items.clone());
                    let updated = context::feed_updated(site);
                    ctx.insert(
                        "updated",
                        &updated
                            .map_or_else(|| "1970-01-01T00:00:00+00:00".into(), |d| d.rfc3339()),
                    );
                    ctx.insert(
                        "updated_rfc2822",
                        &updated.map_or_else(
                            || "Thu, 01 Jan 1970 00:00:00 +0000".into(),
                            |d| d.rfc2822(),
                        ),
                    );
                    // Escaped for XML, the content grows by a fifth or so.
                    self.render_sized(template, &canon, ctx, size + size / 4)
                };
                if *job == Job::Atom {
                    render_feed("atom.xml")
                } else {
                    // RSS is written twice (rss.xml, the Blogger path): rendered once,
                    // and its bytes shared.
                    let rss = self
                        .rss
                        .get_or_init(|| render_feed("rss.xml").map(std::sync::Arc::new));
                    return rss.clone().map(Output::Shared);
                }
            }
            Job::Sitemap => {
                let mut ctx = Context::new();
                ctx.insert("urls", &SitemapUrl::all(site, blog_pages(site)));
                self.render("sitemap.xml", &canon, ctx)
            }
            Job::Robots => self.render("robots.txt", &canon, Context::new()),
            Job::SearchIndex => {
                let entries: Vec<String> = (0..site.posts.len())
                    .map(|i| self.search_entry(i, &self.digests[i]))
                    .collect();
                Ok(search_index(entries.iter().map(String::as_str)))
            }
            Job::HostRedirects => {
                let own = match self.statics.get(HOST_REDIRECTS) {
                    Some(StaticFile::Site { path, shown }) => Some(
                        std::fs::read_to_string(path)
                            .map_err(|e| Diagnostic::io("read", shown, &e))?,
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
                let key = crate::social::CardRenderer::site_cache_key(title, description);
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
                        | Job::HostRedirects
                        | Job::NginxMap
                        | Job::Card(_)
                        | Job::SiteCard
                )
            })
            .count();
        (self.site.posts.len(), pages, self.site.redirects.len())
    }
}
