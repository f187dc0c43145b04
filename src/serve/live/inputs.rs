//! What each output file is made from, fed to the fingerprints that decide what is
//! rendered again: a post page's inputs ([`PostInputs`], which also bring the post's
//! card, digest and search entry up to date) and every other file's ([`JobInputs`]).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::path::{Path, PathBuf};

use crate::content;
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::{self, Feed, Job, Renderer};
use crate::search;
use crate::site::{Site, Taxonomy, paging};
use crate::templates::{ReadKeys, StaticFile};

use super::atomic::Out;
use super::{Fingerprinter, Read, Rendered, fingerprint};
use crate::site::post_links::PostIndex;

/// The links that lead nowhere, by post file, of each post whose links were looked at.
pub(super) type LinkProblems = Vec<(PathBuf, Vec<Diagnostic>)>;

/// A post page: its file, its fingerprint, and how writing it went (None: it was up
/// to date).
pub(super) type Page = (String, u64, Option<Result<(), Diagnostic>>);

/// Where the links between posts lead, for the posts that have them: a page is made
/// again when a post it links to moves, and a link that leads nowhere is a problem
/// until it is fixed.
pub(super) struct LinkTargets<'a> {
    /// The posts by their file paths; None when no post looked at links to another.
    index: Option<PostIndex<'a>>,
    /// By post file: a fingerprint of where its links lead.
    fps: HashMap<PathBuf, u64>,
    /// By post file, for each post looked at: its links that lead nowhere.
    pub(super) problems: LinkProblems,
}

impl<'a> LinkTargets<'a> {
    /// The links of `site`'s posts as `reads` found them: of every post, or of the
    /// posts `only` (sorted indexes) in a model where no post moved, whose other posts'
    /// links lead where they led.
    pub(super) fn new(
        site: &'a Site,
        reads: &HashMap<PathBuf, Read>,
        only: Option<&[usize]>,
    ) -> Self {
        let looked_at: Vec<&crate::site::SitePost> = match only {
            Some(only) => only.iter().filter_map(|&i| site.posts.get(i)).collect(),
            None => site.posts.iter().collect(),
        };
        let mut this = Self {
            index: None,
            fps: HashMap::new(),
            problems: Vec::new(),
        };
        let linking: Vec<&Read> = (looked_at.iter())
            .filter_map(|sp| reads.get(&sp.post.source.rel))
            .filter(|r| !r.links.is_empty())
            .collect();
        this.problems = (looked_at.iter())
            .map(|sp| (sp.post.source.rel.clone(), Vec::new()))
            .collect();
        if linking.is_empty() {
            return this;
        }
        let index = PostIndex::new(site);
        let mut problems: HashMap<&Path, Vec<Diagnostic>> = HashMap::new();
        for read in linking {
            let mut targets = Vec::new();
            for link in &read.links {
                let target = index.lookup(&link.key);
                if let Err(why) = &target {
                    let d = content::dialect::broken_post_link(&read.post.file, link, why);
                    problems.entry(&read.post.source.rel).or_default().push(d);
                }
                targets.push(target);
            }
            this.fps.insert(
                read.post.source.rel.clone(),
                fingerprint(|h| targets.hash(h)),
            );
        }
        for (rel, found) in &mut this.problems {
            if let Some(p) = problems.remove(rel.as_path()) {
                *found = p;
            }
        }
        this.index = Some(index);
        this
    }

    /// A fingerprint of where the links of the post in `rel` lead.
    fn fp(&self, rel: &Path) -> Option<u64> {
        self.fps.get(rel).copied()
    }
}

/// What post pages and cards are made from.
pub(super) struct PostInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) renderer: &'a Renderer<'a>,
    pub(super) reads: &'a HashMap<PathBuf, Read>,
    pub(super) bodies: &'a HashMap<PathBuf, String>,
    /// Which posts a feed holds whole (their HTML is kept).
    pub(super) in_feed: &'a [bool],
    pub(super) fence: &'a Fence,
    pub(super) source: &'a Path,
    pub(super) shown: &'a Path,
    pub(super) out: Out<'a>,
    pub(super) config_fp: u64,
    pub(super) global: u64,
    pub(super) template: Option<u64>,
    /// The keys of a card the templates can read, and their fingerprint.
    pub(super) read_keys: (&'a ReadKeys, u64),
    pub(super) fps: &'a HashMap<String, u64>,
    pub(super) links: &'a LinkTargets<'a>,
}

impl PostInputs<'_> {
    /// Brings post `i` up to date: its card and search terms when what they come from
    /// changed (its text, or the names of its tags and authors, which it is found by),
    /// its page when its fingerprint changed (or its text was rendered anyway).
    pub(super) fn update(&self, i: usize, mut r: Rendered) -> (usize, Rendered, Page) {
        let site = self.site;
        let sp = &site.posts[i];
        let in_feed = self.in_feed[i];
        let text = self.reads.get(&sp.post.source.rel).map_or(0, |r| r.text);
        let file = crate::url::page_file(&sp.path).unwrap_or_default();
        let card_inputs = fingerprint(|h| {
            (text, &sp.path, self.config_fp).hash(h);
            for t in Taxonomy::ALL {
                for &g in sp.terms(t) {
                    (&site.terms(t)[g].name, &site.terms(t)[g].path).hash(h);
                }
            }
            for &a in sp.authors() {
                (&site.authors[a].name, &site.authors[a].path).hash(h);
            }
        });
        let mut page = None;
        let card_was = r.card_fp;
        if r.text != text
            || r.card_inputs != card_inputs
            || (in_feed && r.digest.feed_html.is_none())
        {
            match self.markdown(sp) {
                Ok(md) => {
                    let out = self.renderer.render_post(i, &md, in_feed);
                    r.card = out.card;
                    r.digest = out.digest;
                    r.doc = out.doc;
                    r.text = text;
                    page = Some(out.page);
                }
                Err(d) => page = Some(Err(d)),
            }
            r.card_fp = fingerprint(|h| hash_value(&r.card, h));
            r.terms_fp = fingerprint(|h| r.digest.terms.hash(h));
            // Its entry in the results shows its card's title, date, tags and summary,
            // and its text.
            r.doc_fp = fingerprint(|h| (r.card_fp, text, self.config_fp).hash(h));
            r.card_inputs = card_inputs;
            r.entry_fp = fingerprint(|h| self.renderer.post_list_entry(i, &r.digest).hash(h));
        }
        let (keys, keys_fp) = self.read_keys;
        if r.card_fp != card_was || r.listed_by != keys_fp {
            r.listed_fp = listed_fingerprint(&r.card, keys);
            r.listed_by = keys_fp;
        }
        if !in_feed {
            r.digest.feed_html = None;
        }
        let fp = fingerprint(|h| {
            (r.card_fp, text, self.global, self.template, &file).hash(h);
            self.links.fp(&sp.post.source.rel).hash(h);
            // Its release box shows other posts of its series.
            if site.releases.get(i).is_some_and(|r| !r.versions.is_empty()) {
                let releases = render::context::ReleaseCtx::all(site, i);
                serde_json::to_string(&releases).unwrap_or_default().hash(h);
            }
            for n in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                if let Some(n) = site.posts.get(n) {
                    (&n.post.title, &n.path, n.post.date.timestamp()).hash(h);
                }
            }
        });
        // Made again for its card (the config was saved, say), the page is as it was;
        // a page that could not be made is reported.
        if self.fps.get(&file) == Some(&fp) && !matches!(page, Some(Err(_))) {
            return (i, r, (file, fp, None));
        }
        let bytes = match page {
            Some(bytes) => bytes,
            None => self
                .markdown(sp)
                .and_then(|md| self.renderer.render_post(i, &md, false).page),
        };
        let written = bytes.and_then(|b| self.out.write(&file, &b));
        (i, r, (file, fp, Some(written)))
    }

    /// The Markdown body of a post, with its links to other posts resolved.
    fn markdown(
        &self,
        sp: &crate::site::SitePost,
    ) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let body = self.read_markdown(sp)?;
        let Some(index) = &self.links.index else {
            return Ok(body);
        };
        if !content::dialect::has_post_links(&body) {
            return Ok(body);
        }
        // A link to a post nobody has shows its key as text; [`LinkTargets`] reports it.
        let lookup = |k: &str| index.lookup(k);
        let (resolved, _) =
            content::dialect::resolve_post_links(&body, sp.post.body_line, &sp.post.file, &lookup);
        Ok(resolved.map_or(body, Into::into))
    }

    /// The Markdown body of a post: from this update's reading, else read again.
    fn read_markdown(
        &self,
        sp: &crate::site::SitePost,
    ) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let rel = &sp.post.source.rel;
        if let Some(body) = self.bodies.get(rel) {
            return Ok(body.as_str().into());
        }
        let file = self.shown.join(rel);
        let text = (self.fence)
            .read_to_string(&self.source.join(rel))
            .map_err(|e| e.diagnostic("read the post", &file))?;
        match content::post::parse_post(&sp.post.source, &file, &text) {
            (Some(post), _) => Ok(post.body.into()),
            // It broke since it was read: its last good page stays until it is fixed.
            (None, diags) => Err(diags
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error("the post cannot be read").in_file(&file))),
        }
    }
}

/// What the fingerprints of listings, feeds and files are made from.
pub(super) struct JobInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) posts: &'a [Rendered],
    pub(super) statics: &'a BTreeMap<String, StaticFile>,
    pub(super) source: &'a Path,
    pub(super) search: Option<&'a super::SearchFps>,
    /// The fingerprint of the releases (see [`JobInputs::hash_releases`]), made when
    /// first needed.
    pub(super) releases: std::sync::OnceLock<u64>,
}

impl JobInputs<'_> {
    /// What listings show of the cards of posts `ids`.
    fn cards(&self, ids: impl IntoIterator<Item = usize>, h: &mut Fingerprinter) {
        for i in ids {
            self.posts[i].listed_fp.hash(h);
        }
    }

    /// What page `n` of a listing of `posts` shows: which page of how many, and its
    /// posts' cards.
    fn list_page(&self, posts: &[usize], n: usize, h: &mut Fingerprinter) {
        let per = self.site.config.posts_per_list_page;
        (n, paging::pages(posts.len(), per)).hash(h);
        self.cards(paging::page_of(posts, n, per).iter().copied(), h);
    }

    /// Feeds the hasher every kind and series of releases, with each release's post.
    fn hash_releases(&self, h: &mut Fingerprinter) {
        let site = self.site;
        for k in &site.kinds {
            (&k.name, &k.path, k.posts.len()).hash(h);
        }
        for g in &site.series {
            (&g.product, g.series.as_str(), &g.path).hash(h);
            for (i, v) in &g.releases {
                let sp = &site.posts[*i];
                // The version as written: it changes whenever its normal form does.
                (
                    v.text(),
                    &sp.path,
                    &sp.post.title,
                    sp.post.date.civil.date(),
                )
                    .hash(h);
            }
        }
    }

    /// Whether the job's file shows one of `posts` (sorted indexes into `site.posts`),
    /// in a model where only posts' texts and titles changed.
    pub(super) fn shows_any(&self, job: &Job, posts: &[usize]) -> bool {
        let site = self.site;
        match shown(site, job) {
            Shown::Nothing => false,
            Shown::Any => !posts.is_empty(),
            Shown::One(i) => posts.binary_search(&i).is_ok(),
            Shown::Range(range) => posts.iter().any(|i| range.contains(i)),
            Shown::Listed(list) => posts.iter().any(|i| list.contains(i)),
            Shown::SeriesOf(g) => (site.series[g].releases.iter()).any(|(p, _)| posts.contains(p)),
            // Each author's latest post is on the index.
            Shown::AuthorsLatest => {
                (site.authors.iter()).any(|a| a.posts.first().is_some_and(|f| posts.contains(f)))
            }
            Shown::SearchDocs(n) => {
                let count = site.posts.len();
                (posts.iter()).any(|&i| search::doc_id(i, count) / search::DOC_GROUP == n)
            }
        }
    }

    /// Feeds the hasher what the job's file is made from, besides the site-wide
    /// settings and its template.
    pub(super) fn hash_job(&self, job: &Job, h: &mut Fingerprinter) {
        let site = self.site;
        let n = site.posts.len();
        std::mem::discriminant(job).hash(h);
        match job {
            Job::Post(_) => {}
            Job::Home => self.cards(0..site.config.home_posts.min(n), h),
            Job::Blog(page) => {
                let per = site.config.posts_per_page;
                let start = (page - 1) * per;
                (page, render::blog_pages(site)).hash(h);
                self.cards(start.min(n)..(start + per).min(n), h);
            }
            Job::Year(i, n) => self.list_page(&site.years[*i].posts, *n, h),
            Job::Terms(t) => {
                for g in site.terms(*t) {
                    (&g.name, &g.path, g.posts.len()).hash(h);
                }
            }
            Job::Term(t, i, n) => {
                let g = &site.terms(*t)[*i];
                (&g.name, &g.path).hash(h);
                self.list_page(&g.posts, *n, h);
            }
            Job::Authors => {
                for i in 0..site.authors.len() {
                    author_json(site, i).hash(h);
                }
            }
            Job::Author(i, n) => {
                author_json(site, *i).hash(h);
                self.list_page(&site.authors[*i].posts, *n, h);
            }
            Job::NotFound => self.cards(0..n.min(5), h),
            Job::Search => self.cards(0..n.min(20), h),
            Job::Redirect(i) => {
                let r = &site.redirects[*i];
                let to = &site.posts[r.to];
                let title =
                    render::context::cut(&to.post.title, render::context::listed::TITLE_CHARS);
                (&r.from, &to.path, title).hash(h);
            }
            Job::Rss(feed) | Job::Atom(feed) => {
                feed.updated(site).map(|d| d.rfc3339()).hash(h);
                for i in feed.posts(site) {
                    (self.posts[i].card_fp, self.posts[i].text).hash(h);
                }
            }
            Job::Sitemap | Job::SitemapPart(_) => {
                render::blog_pages(site).hash(h);
                for sp in &site.posts {
                    let p = &sp.post;
                    (&sp.path, p.published, p.date, p.updated).hash(h);
                }
                // Each listing's path, and its length for the number of its pages.
                for t in site.taxonomies() {
                    for g in site.terms(t) {
                        (&g.path, g.posts.len()).hash(h);
                    }
                }
                for a in &site.authors {
                    (&a.path, a.posts.len()).hash(h);
                }
                for k in &site.kinds {
                    (&k.path, k.posts.len()).hash(h);
                }
            }
            Job::Robots | Job::SiteCard => {}
            Job::Kind(k, n) => {
                let k = &site.kinds[*k];
                (&k.name, &k.path).hash(h);
                self.list_page(&k.posts, *n, h);
            }
            // What the releases page and every series page show of all series, once.
            Job::Releases | Job::Series(_) => {
                (self.releases)
                    .get_or_init(|| fingerprint(|h| self.hash_releases(h)))
                    .hash(h);
            }
            Job::LatestJson => {
                for g in &site.series {
                    (&g.product, g.series.as_str()).hash(h);
                    if let Some((i, v)) = g.latest() {
                        let sp = &site.posts[*i];
                        (v.normalized(), &sp.path, sp.post.date.iso_date()).hash(h);
                    }
                }
            }
            Job::PageRedirect(i) => {
                let r = &site.config.redirects[*i];
                (&r.from, &r.to).hash(h);
            }
            Job::HostRedirects | Job::NginxMap => {
                for r in &site.redirects {
                    (&r.from, &site.posts[r.to].path).hash(h);
                }
                for r in &site.config.redirects {
                    (&r.from, &r.to).hash(h);
                }
                if let Some(StaticFile::Site { path, .. }) =
                    self.statics.get(render::HOST_REDIRECTS)
                {
                    stamp(path).hash(h);
                }
            }
            // Fingerprints of their bytes, from the index made for this update.
            Job::PostList => {
                for r in self.posts {
                    r.entry_fp.hash(h);
                }
            }
            Job::SearchManifest => self.search.map(|s| s.manifest).hash(h),
            Job::SearchShard(n) => self.search.and_then(|s| s.shards.get(*n)).hash(h),
            Job::SearchDocs(g) => {
                for id in search::doc_ids(*g, n) {
                    self.posts[search::doc_id(id, n)].doc_fp.hash(h);
                }
            }
            Job::Card(i) => self.posts[*i].card_fp.hash(h),
            Job::Asset(i, rel) => {
                let file = site.posts[*i].post.source.asset_path(rel);
                stamp(&self.source.join(file)).hash(h);
            }
            Job::Static(name) => match self.statics.get(name) {
                Some(StaticFile::Site { path, .. }) => stamp(path).hash(h),
                Some(StaticFile::Embedded(bytes)) => bytes.hash(h),
                None => {}
            },
        }
    }
}

/// A fingerprint of the keys of `card` that templates can read (see [`ReadKeys`]):
/// a listing shows nothing else of it.
fn listed_fingerprint(card: &tera::Value, keys: &ReadKeys) -> u64 {
    fingerprint(|h| match card.as_map() {
        Some(map) => {
            let mut read: Vec<_> = (map.iter())
                .filter(|(k, _)| k.as_str().is_none_or(|k| keys.may_read(k)))
                .collect();
            read.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (k, v) in read {
                k.hash(h);
                hash_value(v, h);
            }
        }
        None => hash_value(card, h),
    })
}

/// Feeds the hasher a template value, its maps in the order of their keys: a map
/// iterates in an order of its own, which two equal cards need not share.
fn hash_value(value: &tera::Value, h: &mut Fingerprinter) {
    if let Some(s) = value.as_str() {
        (0u8, s).hash(h);
    } else if let Some(items) = value.as_array() {
        (1u8, items.len()).hash(h);
        for v in items {
            hash_value(v, h);
        }
    } else if let Some(map) = value.as_map() {
        (2u8, map.len()).hash(h);
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (k, v) in entries {
            k.hash(h);
            hash_value(v, h);
        }
    } else {
        (3u8, serde_json::to_string(value).unwrap_or_default()).hash(h);
    }
}

/// An author as templates see it.
fn author_json(site: &Site, i: usize) -> String {
    serde_json::to_string(&render::context::AuthorCtx::new(site, i)).unwrap_or_default()
}

/// Size and modification time of a file: when they stay, the file is taken as unchanged.
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The posts a file shows something of (its card, its digest, its date…).
pub(super) enum Shown<'s> {
    /// None.
    Nothing,
    /// Any post: the file changes with every post (the sitemap, the search index, the
    /// feed whose date is the newest post's).
    Any,
    One(usize),
    /// The posts of these places in `site.posts` (the newest ones, or a page of them).
    Range(std::ops::Range<usize>),
    Listed(&'s [usize]),
    /// The release posts of a series.
    SeriesOf(usize),
    /// Each author's latest post.
    AuthorsLatest,
    /// The posts of a file of search results.
    SearchDocs(usize),
}

/// The posts `job`'s file shows, in a model where only posts' texts and titles change.
pub(super) fn shown<'s>(site: &'s Site, job: &Job) -> Shown<'s> {
    let newest = |n: usize| Shown::Range(0..n.min(site.posts.len()));
    let per = site.config.posts_per_list_page;
    let list_page = |posts: &'s [usize], n: usize| Shown::Listed(paging::page_of(posts, n, per));
    match job {
        Job::Post(i) | Job::Card(i) => Shown::One(*i),
        Job::SearchDocs(n) => Shown::SearchDocs(*n),
        Job::Home => newest(site.config.home_posts),
        Job::NotFound => newest(5),
        Job::Search => newest(20),
        Job::Blog(page) => {
            let per = site.config.posts_per_page;
            let first = page.saturating_sub(1) * per;
            Shown::Range(first.min(site.posts.len())..(first + per).min(site.posts.len()))
        }
        Job::Year(y, n) => list_page(&site.years[*y].posts, *n),
        Job::Term(t, g, n) => list_page(&site.terms(*t)[*g].posts, *n),
        Job::Author(a, n) => list_page(&site.authors[*a].posts, *n),
        Job::Kind(k, n) => list_page(&site.kinds[*k].posts, *n),
        Job::Authors => Shown::AuthorsLatest,
        Job::Redirect(r) => Shown::One(site.redirects[*r].to),
        // A feed's `updated` is the newest date of any post it follows.
        Job::Rss(Feed::Site) | Job::Atom(Feed::Site) => Shown::Any,
        Job::Rss(Feed::Series(g)) | Job::Atom(Feed::Series(g)) => {
            Shown::Listed(&site.series[*g].posts)
        }
        Job::Rss(Feed::Term(t, g)) | Job::Atom(Feed::Term(t, g)) => {
            Shown::Listed(&site.terms(*t)[*g].posts)
        }
        Job::Rss(Feed::Kind(k)) | Job::Atom(Feed::Kind(k)) => Shown::Listed(&site.kinds[*k].posts),
        Job::Sitemap
        | Job::SitemapPart(_)
        | Job::PostList
        | Job::SearchManifest
        | Job::SearchShard(_)
        | Job::LatestJson
        | Job::Releases => Shown::Any,
        Job::Series(g) => Shown::SeriesOf(*g),
        Job::Terms(_)
        | Job::PageRedirect(_)
        | Job::HostRedirects
        | Job::NginxMap
        | Job::Robots
        | Job::SiteCard
        | Job::Asset(..)
        | Job::Static(_) => Shown::Nothing,
    }
}

/// The posts whose cards and digests must be made before `job`'s file can be
/// rendered; None when that is (nearly) every post's, or the search index.
pub(super) fn needs(site: &Site, job: &Job) -> Option<Vec<usize>> {
    match shown(site, job) {
        Shown::Nothing => Some(Vec::new()),
        Shown::Any | Shown::SearchDocs(_) => None,
        Shown::One(i) => Some(vec![i]),
        Shown::Range(range) => Some(range.collect()),
        Shown::Listed(list) => Some(list.to_vec()),
        Shown::SeriesOf(g) => Some(site.series[g].releases.iter().map(|(p, _)| *p).collect()),
        Shown::AuthorsLatest => Some(
            site.authors
                .iter()
                .filter_map(|a| a.posts.first().copied())
                .collect(),
        ),
    }
}
