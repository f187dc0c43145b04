//! The engine behind `bulletin serve`: the site kept in memory between changes, and
//! re-rendered file by file.
//!
//! [`Live`] holds what was read (config, posts, authors, templates, static files), the
//! model built from it, and for every output file a fingerprint of what it was made
//! from. [`Live::update`] re-reads only what [`Changes`] names, rebuilds the model only
//! when a change can move posts (a date, a slug, tags, a new file…), and re-renders only
//! the files whose fingerprint changed: an edited paragraph re-renders its post page and
//! the feeds that carry its body; a new title also re-renders the listings that show
//! it; a template change re-renders the pages that use it. Output files are replaced
//! atomically (written aside, then renamed), so the server never sends half a file.
//!
//! A broken input never empties the site: a post that no longer parses keeps its last
//! good version, a broken template or config keeps the last good site, and a page that
//! fails to render keeps its last good file. Every problem stays listed, by the input or
//! output it belongs to, until that input is fixed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::{Tera, Value};

use crate::config::{Config, Overrides};
use crate::content::{self, authors::AuthorFile, post::Post};
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::{self, Digest, Job, Output, Renderer, SocialCards};
use crate::site::{Selection, Site};
use crate::templates::{self, StaticFile, TemplateSources};

/// What a served site is built from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub source: PathBuf,
    /// How the folder is shown in messages.
    pub shown: PathBuf,
    /// The URL the site is served at, e.g. `http://127.0.0.1:1111/`.
    pub base_url: String,
    /// Drafts and future posts to include.
    pub selection: Selection,
    /// The private folder the site is written to.
    pub out: PathBuf,
}

/// Which inputs changed since the last update.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Read everything again (the first build, or `bulletin.yaml` changed).
    pub all: bool,
    /// Templates.
    pub templates: bool,
    /// Static files.
    pub statics: bool,
    /// Author files.
    pub authors: bool,
    /// Walk the content folder again: a file was added, removed or renamed.
    pub discover: bool,
    /// Post files edited in place (paths relative to the site's folder).
    pub posts: BTreeSet<PathBuf>,
}

impl Changes {
    /// Everything, as for the first build.
    pub fn everything() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }

    /// True when nothing changed that the site is built from.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What an update did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Output files written (paths in the output folder).
    pub written: Vec<String>,
    /// Output files removed.
    pub removed: Vec<String>,
    /// Every problem the site has now, errors first.
    pub problems: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Outcome {
    /// True when the only files written are stylesheets (pages can keep their state
    /// and swap the stylesheet).
    pub fn only_css(&self) -> bool {
        self.removed.is_empty()
            && !self.written.is_empty()
            && self.written.iter().all(|f| f.ends_with(".css"))
    }
}

/// A post as last read without errors.
#[derive(Debug)]
struct Read {
    /// The post, its body left out (it is read again when the page must be rendered).
    post: Post,
    /// Fingerprint of the file's text.
    text: u64,
}

/// What is kept of each post between renders, in the order of `site.posts`.
struct Rendered {
    /// The card listings show.
    card: Value,
    /// Fingerprint of the card.
    card_fp: u64,
    /// Fingerprint of what the card is made from.
    card_inputs: u64,
    /// Fingerprint of the text the digest was made from.
    text: u64,
    /// Summary, word count, and the HTML of posts in the feeds.
    digest: Digest,
    /// The post's entry in the search index (JSON), and its fingerprint.
    search: String,
    search_fp: u64,
}

impl Default for Rendered {
    fn default() -> Self {
        Self {
            card: Value::none(),
            card_fp: 0,
            card_inputs: 0,
            text: 0,
            digest: Digest::default(),
            search: String::new(),
            search_fp: 0,
        }
    }
}

/// The last site rendered.
struct Built {
    site: Site,
    jobs: BTreeMap<String, Job>,
    posts: Vec<Rendered>,
    /// Output file → fingerprint of what it was made from (files that failed to render
    /// have none).
    fps: HashMap<String, u64>,
    /// Files that failed to render: tried again at every update.
    failed: BTreeSet<String>,
}

/// A site being served: its inputs, its model, and its output folder.
pub struct Live {
    opts: Options,
    config: Option<(Config, u64)>,
    sources: content::Sources,
    /// Post file → its index in `sources.posts`.
    source_index: HashMap<PathBuf, usize>,
    posts: HashMap<PathBuf, Read>,
    authors: Vec<AuthorFile>,
    templates: Option<(Tera, TemplateSources)>,
    statics: BTreeMap<String, StaticFile>,
    /// Problems by what they belong to: `config`, `post:<file>`, `out:<file>`…
    problems: BTreeMap<String, Vec<Diagnostic>>,
    built: Option<Built>,
    social: SocialCards,
    /// Every file of the site is read through it.
    fence: Fence,
}

/// A fingerprint of whatever `f` feeds the hasher.
fn fingerprint(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    f(&mut h);
    h.finish()
}

/// What of a post moves it on the site (its place in lists, its URL, its groups): when
/// none of it changed, the model is patched instead of rebuilt.
fn placement(p: &Post) -> impl PartialEq + '_ {
    (
        &p.source,
        &p.slug,
        p.date,
        &p.authors,
        &p.tags,
        p.published,
        p.redirects.iter().map(|r| &r.value).collect::<Vec<_>>(),
    )
}

impl Live {
    /// A site not read yet: call [`Live::update`] with [`Changes::everything`].
    pub fn new(opts: Options) -> Self {
        Self {
            config: None,
            sources: content::Sources::default(),
            source_index: HashMap::new(),
            posts: HashMap::new(),
            authors: Vec::new(),
            templates: None,
            statics: BTreeMap::new(),
            problems: BTreeMap::new(),
            built: None,
            social: SocialCards::new(crate::social::default_cache_dir()),
            fence: Fence::new(&opts.source),
            opts,
        }
    }

    /// The folder the site is written to.
    pub fn out(&self) -> &Path {
        &self.opts.out
    }

    /// Sorts changed paths (absolute, or relative to the site's folder) into
    /// [`Changes`]. Paths Bulletin does not read (the output, hidden files) are left out.
    pub fn classify(&self, paths: &[PathBuf]) -> Changes {
        let mut changes = Changes::default();
        for path in paths {
            let rel = path.strip_prefix(&self.opts.source).unwrap_or(path);
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_str().is_some_and(crate::fsutil::is_hidden));
            if hidden {
                continue;
            }
            if rel == Path::new(crate::config::CONFIG_FILE) {
                changes.all = true;
            } else if rel.starts_with("templates") {
                changes.templates = true;
            } else if rel.starts_with("static") {
                changes.statics = true;
            } else if rel.starts_with("content/authors") {
                // A new or removed author file is only found by walking again.
                changes.authors = true;
                changes.discover = true;
            } else if rel.starts_with("content") {
                if self.source_index.contains_key(rel) && path_exists(&self.opts.source.join(rel)) {
                    changes.posts.insert(rel.to_path_buf());
                } else {
                    changes.discover = true;
                }
            }
        }
        changes
    }

    /// Every problem the site has now: errors first, each once.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.problems.values().flatten().cloned().collect();
        crate::error::sort_diagnostics(&mut all);
        all.dedup_by(|a, b| a.to_string() == b.to_string());
        all
    }

    /// Re-reads what changed, re-renders what it affects, and writes it.
    pub fn update(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let mut outcome = self.apply(changes);
        outcome.problems = self.problems();
        outcome.elapsed = start.elapsed();
        outcome
    }

    fn set_problems(&mut self, key: String, diags: Vec<Diagnostic>) {
        if diags.is_empty() {
            self.problems.remove(&key);
        } else {
            self.problems.insert(key, diags);
        }
    }

    fn apply(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let timing = std::env::var_os("BULLETIN_TIMINGS").is_some();
        let lap = |what: &str| {
            if timing {
                eprintln!("{:>8.1} ms  {what}", start.elapsed().as_secs_f64() * 1000.0);
            }
        };
        let all = changes.all || self.built.is_none();
        if all {
            self.read_config();
        }
        let Some((config, config_fp)) = self.config.clone() else {
            return Outcome::default();
        };
        let posts = self.read_posts(changes, all);
        let statics_moved = self.read_theme(changes, all);
        if self.templates.is_none() {
            return Outcome::default();
        }
        lap("read");
        // Anything that can move posts, add or remove pages rebuilds the model.
        let rebuild = all || changes.discover || changes.authors || statics_moved || posts.moved;
        let Some(mut model) = self.model(config, all, rebuild, &posts.patched, changes.templates)
        else {
            return Outcome::default();
        };
        model.statics_changed = changes.statics;
        lap("model");
        let (model, results) = self.render(model, &posts.bodies, config_fp, &lap);
        self.finish(model, results)
    }

    /// Reads `bulletin.yaml`; on an error, the last good config stays.
    fn read_config(&mut self) {
        let source = &self.opts.source;
        let overrides = Overrides {
            base_url: Some(self.opts.base_url.clone()),
        };
        match Config::load(source, &self.opts.shown, &overrides) {
            Ok(config) => {
                let text = (self.fence)
                    .read(&source.join(crate::config::CONFIG_FILE))
                    .unwrap_or_default();
                let fp = fingerprint(|h| (&text, &self.opts.base_url).hash(h));
                self.config = Some((config, fp));
                self.problems.remove("config");
            }
            Err(d) => {
                self.problems.insert("config".into(), vec![d]);
            }
        }
    }

    /// Walks the content folder again when files came or went, then reads the posts
    /// that are new or edited. A post that no longer parses keeps its last good version.
    fn read_posts(&mut self, changes: &Changes, all: bool) -> PostsRead {
        let (source, shown) = (self.opts.source.clone(), self.opts.shown.clone());
        if all || changes.discover {
            let mut diags = Vec::new();
            self.sources = content::discover(&source, &shown, &mut diags);
            self.set_problems("discover".into(), diags);
            self.source_index = (self.sources.posts.iter().enumerate())
                .map(|(i, p)| (p.rel.clone(), i))
                .collect();
            let present: BTreeSet<&PathBuf> = self.sources.posts.iter().map(|p| &p.rel).collect();
            self.posts.retain(|rel, _| present.contains(rel));
            self.problems.retain(|key, _| {
                key.strip_prefix("post:")
                    .is_none_or(|rel| present.contains(&PathBuf::from(rel)))
            });
        }
        let to_read: Vec<&content::PostSource> = if all || changes.discover {
            (self.sources.posts.iter())
                .filter(|ps| {
                    all || changes.posts.contains(&ps.rel)
                        || (self.posts.get(&ps.rel)).is_none_or(|r| r.post.source != **ps)
                })
                .collect()
        } else {
            (changes.posts.iter())
                .filter_map(|rel| self.source_index.get(rel))
                .map(|&i| &self.sources.posts[i])
                .collect()
        };
        let read: Vec<ReadPost> = to_read
            .par_iter()
            .map(|ps| {
                let file = shown.join(&ps.rel);
                match self.fence.read_to_string(&source.join(&ps.rel)) {
                    Ok(text) => {
                        let fp = fingerprint(|h| text.hash(h));
                        let (post, diags) = content::post::parse_post(ps, &file, &text);
                        (ps.rel.clone(), post.map(|p| (p, fp)), diags)
                    }
                    Err(e) => (
                        ps.rel.clone(),
                        None,
                        vec![e.diagnostic("read the post", &file)],
                    ),
                }
            })
            .collect();
        let mut out = PostsRead::default();
        for (rel, post, diags) in read {
            let key = format!("post:{}", rel.display());
            let was_broken = self.problems.contains_key(&key);
            self.set_problems(key, diags);
            let Some((mut post, text)) = post else {
                continue;
            };
            out.bodies
                .insert(rel.clone(), std::mem::take(&mut post.body));
            match self.posts.get(&rel) {
                Some(old) if placement(&old.post) == placement(&post) => {
                    // A post fixed back to its last good text still needs its page:
                    // it may have failed meanwhile.
                    if old.text != text || was_broken {
                        out.patched.push(rel.clone());
                    }
                }
                _ => out.moved = true,
            }
            self.posts.insert(rel, Read { post, text });
        }
        out
    }

    /// Reads author files, templates and static files, as far as they changed. Broken
    /// templates leave the last good ones in use. True when static files came or went
    /// (the plan changes); an edited one is only copied again.
    fn read_theme(&mut self, changes: &Changes, all: bool) -> bool {
        let (source, shown) = (self.opts.source.clone(), self.opts.shown.clone());
        if all || changes.authors || changes.discover {
            let mut diags = Vec::new();
            self.authors =
                content::authors::load_authors(&source, &shown, &self.sources.authors, &mut diags);
            self.set_problems("authors".into(), diags);
        }
        if all || changes.templates {
            let mut diags = Vec::new();
            let loaded = templates::load(&source, &shown, &mut diags);
            if !diags.iter().any(Diagnostic::is_error) {
                self.templates = Some(loaded);
            }
            self.set_problems("templates".into(), diags);
        }
        if all || changes.statics {
            let mut diags = Vec::new();
            let statics = templates::static_files(&source, &shown, &mut diags);
            self.set_problems("static".into(), diags);
            let moved = !statics.keys().eq(self.statics.keys());
            self.statics = statics;
            return moved;
        }
        false
    }

    /// The model: rebuilt, or patched when only the text of posts changed. In a patched
    /// model only the edited posts and their neighbours can need new pages. None when
    /// the new model has errors: the last good site stays.
    fn model(
        &mut self,
        config: Config,
        all: bool,
        rebuild: bool,
        patched: &[PathBuf],
        templates_changed: bool,
    ) -> Option<Model> {
        if !rebuild && let Some(mut b) = self.built.take() {
            let mut candidates = BTreeSet::new();
            // Pages that failed last time are tried again.
            for (i, sp) in b.site.posts.iter().enumerate() {
                if !b.failed.is_empty()
                    && let Ok(file) = crate::url::output_file(&sp.path)
                    && b.failed.contains(&file)
                {
                    candidates.insert(i);
                }
            }
            for rel in patched {
                let found = (b.site.posts.iter()).position(|sp| sp.post.source.rel == *rel);
                if let Some(i) = found {
                    b.site.posts[i].post = self.posts[rel].post.clone();
                    candidates.extend(i.saturating_sub(1)..(i + 2).min(b.site.posts.len()));
                }
            }
            return Some(Model {
                site: b.site,
                jobs: b.jobs,
                posts: b.posts,
                fps: b.fps,
                failed: b.failed,
                // New templates can change any page: every one is looked at.
                candidates: (!templates_changed).then(|| candidates.into_iter().collect()),
                statics_changed: false,
            });
        }
        let previous = self.built.take();
        let mut diags = Vec::new();
        let posts: Vec<Post> = self.posts.values().map(|r| r.post.clone()).collect();
        let site = Site::new(
            config,
            posts,
            self.authors.clone(),
            self.opts.selection,
            jiff::Timestamp::now(),
            &mut diags,
        );
        let jobs = render::plan(&site, &self.statics, &mut diags);
        let failed = diags.iter().any(Diagnostic::is_error);
        self.set_problems("site".into(), diags);
        if failed {
            self.built = previous;
            return None;
        }
        let (mut posts, fps, failed) = match previous {
            // The config or the base URL changed: nothing kept can be trusted.
            Some(b) if all => (Vec::new(), b.fps, b.failed),
            Some(b) => {
                let mut by_file: HashMap<PathBuf, Rendered> = (b.site.posts.into_iter())
                    .zip(b.posts)
                    .map(|(sp, r)| (sp.post.source.rel, r))
                    .collect();
                let kept = (site.posts.iter())
                    .map(|sp| by_file.remove(&sp.post.source.rel).unwrap_or_default())
                    .collect();
                (kept, b.fps, b.failed)
            }
            None => (Vec::new(), HashMap::new(), BTreeSet::new()),
        };
        posts.resize_with(site.posts.len(), Rendered::default);
        Some(Model {
            site,
            jobs,
            posts,
            fps,
            failed,
            candidates: None,
            statics_changed: false,
        })
    }

    /// Renders and writes what changed: post pages (with their cards) first, then every
    /// other file whose fingerprint changed. Returns each file written or failed.
    fn render(
        &self,
        mut m: Model,
        bodies: &HashMap<PathBuf, String>,
        config_fp: u64,
        lap: &dyn Fn(&str),
    ) -> (Model, Vec<Written>) {
        let (source, shown, out) = (&self.opts.source, &self.opts.shown, &self.opts.out);
        let (tera, sources) = self.templates.as_ref().expect("checked by apply");
        let site = &m.site;
        let social = site.config.social_cards.then_some(&self.social);
        let mut renderer = Renderer::new(source, site, tera, sources, &self.statics, social);
        let global = fingerprint(|h| {
            config_fp.hash(h);
            serde_json::to_string(&render::context::SiteCtx::new(site))
                .unwrap_or_default()
                .hash(h);
        });
        let template_fp = |job: &Job| {
            job.template()
                .and_then(|t| sources.fingerprints.get(t))
                .copied()
        };

        // Post pages, with their cards: in parallel, each from its own inputs.
        let feed: BTreeSet<usize> = render::feed_posts(site).into_iter().collect();
        let work: Vec<(usize, Rendered)> = match &m.candidates {
            Some(c) => (c.iter())
                .map(|&i| (i, std::mem::take(&mut m.posts[i])))
                .collect(),
            None => std::mem::take(&mut m.posts)
                .into_iter()
                .enumerate()
                .collect(),
        };
        let post_inputs = PostInputs {
            site,
            renderer: &renderer,
            reads: &self.posts,
            bodies,
            feed: &feed,
            fence: &self.fence,
            source,
            shown,
            out,
            config_fp,
            global,
            template: template_fp(&Job::Post(0)),
            fps: &m.fps,
        };
        let results: Vec<(usize, Rendered, Page)> = work
            .into_par_iter()
            .map(|(i, r)| post_inputs.update(i, r))
            .collect();
        m.posts.resize_with(site.posts.len(), Rendered::default);
        let touched: Vec<usize> = results.iter().map(|(i, _, _)| *i).collect();
        let mut written: Vec<Written> = Vec::new();
        for (i, r, (file, fp, result)) in results {
            m.posts[i] = r;
            written.extend(result.map(|result| (file, fp, result)));
        }
        let cards: Vec<Value> = (m.posts.iter_mut())
            .map(|r| std::mem::replace(&mut r.card, Value::none()))
            .collect();
        let digests: Vec<Digest> = (m.posts.iter_mut())
            .map(|r| std::mem::take(&mut r.digest))
            .collect();
        renderer.set_posts(cards, digests);
        lap("post pages");

        // Every other file: rendered when its fingerprint changed. In a patched model,
        // only files showing one of the posts looked at can have changed.
        let inputs = JobInputs {
            site,
            posts: &m.posts,
            feed: &feed,
            statics: &self.statics,
            source,
        };
        let looked_at: Vec<(&String, &Job)> = (m.jobs.iter())
            .filter(|(file, job)| {
                !matches!(job, Job::Post(_))
                    && (m.candidates.is_none()
                        || (m.statics_changed
                            && matches!(job, Job::Static(_) | Job::HostRedirects))
                        || inputs.shows_any(job, &touched)
                        || m.failed.contains(*file))
            })
            .collect();
        let dirty: Vec<(&String, &Job, u64)> = looked_at
            .into_par_iter()
            .filter_map(|(file, job)| {
                let fp = fingerprint(|h| {
                    (file, global, template_fp(job)).hash(h);
                    inputs.hash_job(job, h);
                });
                (m.fps.get(file) != Some(&fp)).then_some((file, job, fp))
            })
            .collect();
        lap("fingerprints");
        written.par_extend(dirty.par_iter().map(|(file, job, fp)| {
            let result = match job {
                // The index is remade from the entries kept per post.
                Job::SearchIndex => {
                    let entries = m.posts.iter().map(|r| r.search.as_str());
                    write_atomic(out, file, &render::search_index(entries))
                }
                _ => renderer.output(file, job).and_then(|o| match o {
                    Output::Bytes(bytes) => write_atomic(out, file, &bytes),
                    Output::Shared(bytes) => write_atomic(out, file, &bytes),
                    Output::Copy(from) => (self.fence.open(&from))
                        .map_err(|e| e.diagnostic("copy", &from))
                        .and_then(|src| copy_atomic(out, file, &src)),
                }),
            };
            ((*file).clone(), *fp, result)
        }));
        lap("other files");
        let (cards, digests) = renderer.take_posts();
        for ((r, card), digest) in m.posts.iter_mut().zip(cards).zip(digests) {
            r.card = card;
            r.digest = digest;
        }
        (m, written)
    }

    /// Records what was written and what failed, removes files the site no longer
    /// has, and keeps the model for the next update.
    fn finish(&mut self, mut m: Model, results: Vec<Written>) -> Outcome {
        let mut outcome = Outcome::default();
        for (file, fp, result) in results {
            match result {
                Ok(()) => {
                    if m.failed.remove(&file) {
                        self.problems.remove(&format!("out:{file}"));
                    }
                    m.fps.insert(file.clone(), fp);
                    outcome.written.push(file);
                }
                Err(d) => {
                    self.problems.insert(format!("out:{file}"), vec![d]);
                    m.fps.remove(&file);
                    m.failed.insert(file);
                }
            }
        }
        // Only a rebuilt model can lose files.
        if m.candidates.is_none() {
            let jobs = &m.jobs;
            m.fps.retain(|file, _| {
                let keep = jobs.contains_key(file);
                if !keep {
                    let _ = std::fs::remove_file(self.opts.out.join(file));
                    outcome.removed.push(file.clone());
                }
                keep
            });
            // A file that failed last time still holds its last good version: it goes
            // too when its page does.
            let out = &self.opts.out;
            m.failed.retain(|file| {
                let keep = jobs.contains_key(file);
                if !keep {
                    let _ = std::fs::remove_file(out.join(file));
                    outcome.removed.push(file.clone());
                }
                keep
            });
            self.problems.retain(|key, _| {
                key.strip_prefix("out:")
                    .is_none_or(|file| jobs.contains_key(file))
            });
        }
        outcome.written.sort();
        outcome.removed.sort();
        self.built = Some(Built {
            site: m.site,
            jobs: m.jobs,
            posts: m.posts,
            fps: m.fps,
            failed: m.failed,
        });
        outcome
    }
}

/// What [`Live::read_posts`] found.
#[derive(Default)]
struct PostsRead {
    /// The bodies of the posts read, by file.
    bodies: HashMap<PathBuf, String>,
    /// Posts whose text changed while they stay where they were.
    patched: Vec<PathBuf>,
    /// A post came, went, or changed what places it (date, slug, tags…).
    moved: bool,
}

/// The model being rendered: the last [`Built`], patched or rebuilt.
struct Model {
    site: Site,
    jobs: BTreeMap<String, Job>,
    posts: Vec<Rendered>,
    fps: HashMap<String, u64>,
    failed: BTreeSet<String>,
    /// In a patched model, the posts (sorted indexes) whose pages may have changed;
    /// None: every file is looked at.
    candidates: Option<Vec<usize>>,
    /// Static files were edited: they are looked at too.
    statics_changed: bool,
}

/// A file written (or not): its path, its fingerprint, how writing it went.
type Written = (String, u64, Result<(), Diagnostic>);

/// A post file read: its path, the post and its text's fingerprint (None if it did
/// not parse), and its problems.
type ReadPost = (PathBuf, Option<(Post, u64)>, Vec<Diagnostic>);

/// A post page: its file, its fingerprint, and how writing it went (None: it was up
/// to date).
type Page = (String, u64, Option<Result<(), Diagnostic>>);

/// What post pages and cards are made from.
struct PostInputs<'a> {
    site: &'a Site,
    renderer: &'a Renderer<'a>,
    reads: &'a HashMap<PathBuf, Read>,
    bodies: &'a HashMap<PathBuf, String>,
    feed: &'a BTreeSet<usize>,
    fence: &'a Fence,
    source: &'a Path,
    shown: &'a Path,
    out: &'a Path,
    config_fp: u64,
    global: u64,
    template: Option<u64>,
    fps: &'a HashMap<String, u64>,
}

impl PostInputs<'_> {
    /// Brings post `i` up to date: its card and search entry when what they show
    /// changed, its page when its fingerprint changed (or its text was rendered anyway).
    fn update(&self, i: usize, mut r: Rendered) -> (usize, Rendered, Page) {
        let site = self.site;
        let sp = &site.posts[i];
        let in_feed = self.feed.contains(&i);
        let text = self.reads.get(&sp.post.source.rel).map_or(0, |r| r.text);
        let file = crate::url::output_file(&sp.path).unwrap_or_default();
        let card_inputs = fingerprint(|h| {
            (text, &sp.path, self.config_fp).hash(h);
            for &t in &sp.tags {
                (&site.tags[t].name, &site.tags[t].path).hash(h);
            }
            for &a in &sp.authors {
                (&site.authors[a].name, &site.authors[a].path).hash(h);
            }
        });
        let mut page = None;
        if r.text != text || (in_feed && r.digest.html.is_none()) {
            match self.markdown(sp) {
                Ok(md) => {
                    let (card, digest, bytes) = self.renderer.render_post(i, &md, in_feed);
                    r.card = card;
                    r.digest = digest;
                    r.text = text;
                    page = Some(bytes);
                }
                Err(d) => page = Some(Err(d)),
            }
            r.card_inputs = 0;
        }
        if r.card_inputs != card_inputs {
            if page.is_none() {
                r.card = self.renderer.card_from_digest(i, &r.digest);
            }
            r.card_fp = fingerprint(|h| serde_json::to_string(&r.card).unwrap_or_default().hash(h));
            r.search = self.renderer.search_entry(i, &r.digest);
            r.search_fp = fingerprint(|h| r.search.hash(h));
            r.card_inputs = card_inputs;
        }
        if !in_feed {
            r.digest.html = None;
        }
        let fp = fingerprint(|h| {
            (r.card_fp, text, self.global, self.template, &file).hash(h);
            for n in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                if let Some(n) = site.posts.get(n) {
                    (&n.post.title, &n.path, n.post.date.timestamp()).hash(h);
                }
            }
        });
        if self.fps.get(&file) == Some(&fp) && page.is_none() {
            return (i, r, (file, fp, None));
        }
        let bytes = match page {
            Some(bytes) => bytes,
            None => self
                .markdown(sp)
                .and_then(|md| self.renderer.render_post(i, &md, false).2),
        };
        let written = bytes.and_then(|b| write_atomic(self.out, &file, &b));
        (i, r, (file, fp, Some(written)))
    }

    /// The Markdown body of a post: from this update's reading, else read again.
    fn markdown(
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
struct JobInputs<'a> {
    site: &'a Site,
    posts: &'a [Rendered],
    feed: &'a BTreeSet<usize>,
    statics: &'a BTreeMap<String, StaticFile>,
    source: &'a Path,
}

impl JobInputs<'_> {
    fn cards(&self, ids: impl IntoIterator<Item = usize>, h: &mut DefaultHasher) {
        for i in ids {
            self.posts[i].card_fp.hash(h);
        }
    }

    /// Whether the job's file shows one of `posts` (sorted indexes into `site.posts`),
    /// in a model where only posts' texts and titles changed.
    fn shows_any(&self, job: &Job, posts: &[usize]) -> bool {
        let site = self.site;
        let any_below = |n: usize| posts.first().is_some_and(|&i| i < n);
        match job {
            Job::Post(i) | Job::Card(i) => posts.binary_search(i).is_ok(),
            Job::Home => any_below(site.config.home_posts),
            Job::NotFound => any_below(5),
            Job::Search => any_below(20),
            Job::Blog(page) => {
                let per = site.config.posts_per_page;
                posts.iter().any(|&i| i / per + 1 == *page)
            }
            Job::Year(y) => posts.iter().any(|i| site.years[*y].posts.contains(i)),
            Job::Tag(t) => posts.iter().any(|i| site.tags[*t].posts.contains(i)),
            Job::Author(a) => posts.iter().any(|i| site.authors[*a].posts.contains(i)),
            // Each author's latest post is on the index.
            Job::Authors => {
                (site.authors.iter()).any(|a| a.posts.first().is_some_and(|f| posts.contains(f)))
            }
            Job::Redirect(r) => posts.binary_search(&site.redirects[*r].to).is_ok(),
            // A feed's `updated` is the newest date of any post.
            Job::Rss | Job::Atom => !posts.is_empty(),
            Job::Sitemap | Job::SearchIndex => !posts.is_empty(),
            Job::Tags
            | Job::HostRedirects
            | Job::NginxMap
            | Job::Robots
            | Job::SiteCard
            | Job::Asset(..)
            | Job::Static(_) => false,
        }
    }

    /// Feeds the hasher what the job's file is made from, besides the site-wide
    /// settings and its template.
    fn hash_job(&self, job: &Job, h: &mut DefaultHasher) {
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
            Job::Year(i) => self.cards(site.years[*i].posts.iter().copied(), h),
            Job::Tags => {
                for t in &site.tags {
                    (&t.name, &t.path, t.posts.len()).hash(h);
                }
            }
            Job::Tag(i) => {
                let t = &site.tags[*i];
                (&t.name, &t.path).hash(h);
                self.cards(t.posts.iter().copied(), h);
            }
            Job::Authors => {
                for i in 0..site.authors.len() {
                    author_json(site, i).hash(h);
                }
            }
            Job::Author(i) => {
                author_json(site, *i).hash(h);
                self.cards(site.authors[*i].posts.iter().copied(), h);
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
            Job::Rss | Job::Atom => {
                render::context::feed_updated(site)
                    .map(|d| d.rfc3339())
                    .hash(h);
                for &i in self.feed {
                    (self.posts[i].card_fp, self.posts[i].text).hash(h);
                }
            }
            Job::Sitemap => {
                render::blog_pages(site).hash(h);
                for sp in &site.posts {
                    let p = &sp.post;
                    (&sp.path, p.published, p.date.timestamp()).hash(h);
                    p.updated.map(|d| d.timestamp()).hash(h);
                }
                for path in site.tags.iter().map(|t| &t.path) {
                    path.hash(h);
                }
                for path in site.authors.iter().map(|a| &a.path) {
                    path.hash(h);
                }
            }
            Job::Robots | Job::SiteCard => {}
            Job::HostRedirects | Job::NginxMap => {
                for r in &site.redirects {
                    (&r.from, &site.posts[r.to].path).hash(h);
                }
                if let Some(StaticFile::Site { path, .. }) =
                    self.statics.get(render::HOST_REDIRECTS)
                {
                    stamp(path).hash(h);
                }
            }
            Job::SearchIndex => {
                for r in self.posts {
                    r.search_fp.hash(h);
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

/// An author as templates see it.
fn author_json(site: &Site, i: usize) -> String {
    serde_json::to_string(&render::context::AuthorCtx::new(site, i)).unwrap_or_default()
}

/// Size and modification time of a file: when they stay, the file is taken as unchanged.
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn path_exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Writes `bytes` at `file` (a path in `out`) by renaming a finished temporary file
/// over it, so that readers see the old file or the new one, never half of one.
fn write_atomic(out: &Path, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    replace(out, file, |tmp| std::fs::write(tmp, bytes))
}

/// Like [`write_atomic`], with the bytes of an open file.
fn copy_atomic(out: &Path, file: &str, from: &std::fs::File) -> Result<(), Diagnostic> {
    use std::io::Seek;
    replace(out, file, |tmp| {
        let mut from = from;
        from.rewind()?;
        std::io::copy(&mut from, &mut std::fs::File::create(tmp)?).map(|_| ())
    })
}

fn replace(
    out: &Path,
    file: &str,
    make: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let target = out.join(file);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.{:?}.tmp", std::thread::current().id()));
    let attempt = || make(&tmp).and_then(|()| std::fs::rename(&tmp, &target));
    attempt()
        .or_else(|e| {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(e);
            }
            let parent = target.parent().unwrap_or(out);
            std::fs::create_dir_all(parent)?;
            attempt()
        })
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::io("write", &target, &e)
        })
}
