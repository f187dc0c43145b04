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
//!
//! An update, step by step: `changes` sorts changed paths into [`Changes`], `read`
//! re-reads those inputs, `model` patches or rebuilds the site model, `rerender` renders
//! and writes the files whose fingerprint changed (`inputs` says what each file is made
//! from) and `atomic` replaces each file in one step.

mod atomic;
mod changes;
mod first;
mod inputs;
mod model;
mod read;
mod rerender;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tera::{Tera, Value};

use crate::config::Config;
use crate::content::{self, authors::AuthorFile, post::Post};
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::{Digest, Job, SocialCards};
use crate::site::{Selection, Site};
use crate::templates::{StaticFile, TemplateSources};

pub use changes::Changes;

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
    /// Its links to other posts: its page changes when the page of one moves.
    links: Vec<content::dialect::PostLink>,
}

/// What is kept of each post between renders, in the order of `site.posts`.
struct Rendered {
    /// The card listings show.
    card: Value,
    /// Fingerprint of the card.
    card_fp: u64,
    /// Fingerprint of the keys of the card the templates can read: what listings show
    /// of it.
    listed_fp: u64,
    /// Fingerprint of the [`ReadKeys`](crate::templates::ReadKeys) `listed_fp` was
    /// made with.
    listed_by: u64,
    /// Fingerprint of what the card is made from.
    card_inputs: u64,
    /// Fingerprint of its entry in `search-index.json`.
    entry_fp: u64,
    /// Fingerprint of the text the digest was made from.
    text: u64,
    /// Summary, word count, search terms, and the HTML of posts in the feeds.
    digest: Digest,
    /// Fingerprint of the search terms.
    terms_fp: u64,
    /// Fingerprint of what its entry in the search results is made from.
    doc_fp: u64,
    /// Its entry in its file of search results (JSON), kept so that the file is made
    /// again from its posts' entries without rendering them, even while one of them
    /// cannot be read.
    doc: Vec<u8>,
}

impl Default for Rendered {
    fn default() -> Self {
        Self {
            card: Value::none(),
            card_fp: 0,
            listed_fp: 0,
            listed_by: 0,
            card_inputs: 0,
            entry_fp: 0,
            text: 0,
            digest: Digest::default(),
            terms_fp: 0,
            doc_fp: 0,
            doc: Vec::new(),
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
    /// The search index last made: what it was made from, and its files' fingerprints.
    search: Option<SearchFps>,
    /// Files were recorded with [`rerender::PENDING`] fingerprints, for
    /// [`Live::catch_up_fingerprints`].
    fps_pending: bool,
}

/// The fingerprints of the search index's files, and of the terms they were made from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SearchFps {
    /// Fingerprint of every post's terms, in order.
    from: u64,
    manifest: u64,
    shards: Vec<u64>,
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
    /// As in [`Built`].
    search: Option<SearchFps>,
    /// As in [`Built`].
    fps_pending: bool,
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
    /// The dictionary of search terms the posts' kept terms refer to.
    search_terms: std::sync::Arc<crate::search::Terms>,
    /// Whether an edit that moves no post leaves the search index to
    /// [`Live::catch_up_search`] (true unless the index is being caught up).
    defer_search: bool,
    /// Whether the output may be read while it is written: from the end of the first
    /// update on, files are replaced in one step (during it, requests wait at the gate
    /// for each file to be written whole).
    served: bool,
    /// Where the first render tells the server what it has written.
    gate: Option<std::sync::Arc<crate::serve::gate::Gate>>,
}

/// The hasher of fingerprints: XXH3, which takes the many small writes of a listing's
/// or the sitemap's inputs several times faster than SipHash.
type Fingerprinter = xxhash_rust::xxh3::Xxh3Default;

/// The key of a post's links that lead nowhere in [`Live`]'s problems, before its file.
const LINK_PROBLEMS: &str = "post-links:";

/// A fingerprint of whatever `f` feeds the hasher.
fn fingerprint(f: impl FnOnce(&mut Fingerprinter)) -> u64 {
    let mut h = Fingerprinter::new();
    f(&mut h);
    h.finish()
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
            search_terms: Default::default(),
            defer_search: true,
            served: false,
            gate: None,
            opts,
        }
    }

    /// Lets a server that listens during the first update answer requests as soon as
    /// the files they name are written: the first render writes those first, and tells
    /// `gate` of every file it writes. The server opens the gate when the update is over.
    pub fn set_gate(&mut self, gate: std::sync::Arc<crate::serve::gate::Gate>) {
        self.gate = Some(gate);
    }

    /// From now on, files are replaced in one step: the server reads them. (What the
    /// first update does at its end; for a first update that did not end.)
    pub fn served_from_now(&mut self) {
        self.served = true;
    }

    /// Brings the search index up to date after an edit that left it behind (see
    /// [`Live::update`]): builds it from every post's terms and writes the files of it
    /// that changed. None when it was up to date.
    pub fn catch_up_search(&mut self) -> Option<Outcome> {
        let built = self.built.as_ref()?;
        let from = rerender::terms_fingerprint(&built.posts);
        if built.search.as_ref().is_none_or(|s| s.from == from) {
            return None;
        }
        self.defer_search = false;
        let outcome = self.update(&Changes::default());
        self.defer_search = true;
        Some(outcome)
    }

    /// Records the real fingerprints of the files the first render wrote without
    /// them (see `rerender`). Call it before the next update: the fingerprints are
    /// those of the site as it was rendered. True when there were some.
    pub fn catch_up_fingerprints(&mut self) -> bool {
        use rayon::prelude::*;
        let (Some(built), Some((_, config_fp)), Some((_, sources))) =
            (self.built.as_mut(), &self.config, &self.templates)
        else {
            return false;
        };
        if !built.fps_pending {
            return false;
        }
        let global = rerender::global_fingerprint(*config_fp, &built.site);
        let inputs = inputs::JobInputs {
            site: &built.site,
            posts: &built.posts,
            statics: &self.statics,
            source: &self.opts.source,
            search: built.search.as_ref(),
            releases: Default::default(),
        };
        let fps = &built.fps;
        let real: Vec<(String, u64)> = (built.jobs.par_iter())
            .filter(|(file, _)| fps.get(*file) == Some(&rerender::PENDING))
            .map(|(file, job)| {
                let template = rerender::template_fingerprint(sources, job);
                let fp = rerender::file_fingerprint(file, job, global, template, &inputs);
                (file.clone(), fp)
            })
            .collect();
        built.fps.extend(real);
        built.fps_pending = false;
        true
    }

    /// The folder the site is written to.
    pub fn out(&self) -> &Path {
        &self.opts.out
    }

    /// Every problem the site has now: errors first, each once.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.problems.values().flatten().cloned().collect();
        crate::error::sort_diagnostics(&mut all);
        all.dedup_by(|a, b| a.to_string() == b.to_string());
        all
    }

    /// Re-reads what changed, re-renders what it affects, and writes it. An edit that
    /// moves no post leaves the search index as it was: [`Live::catch_up_search`] then
    /// brings it up to date.
    pub fn update(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let mut outcome = self.apply(changes);
        self.served = true;
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
        let mut all = changes.all || self.built.is_none();
        if all || changes.config {
            let before = self.config.as_ref().map(|(_, fp)| *fp);
            self.read_config();
            // A config saved as it was (or broken, which keeps the last good one)
            // changes nothing else.
            all = all || self.config.as_ref().map(|(_, fp)| *fp) != before;
        }
        let Some((config, config_fp)) = self.config.clone() else {
            return Outcome::default();
        };
        let posts = self.read_posts(changes, all);
        let theme = self.read_theme(changes, all);
        if self.templates.is_none() {
            return Outcome::default();
        }
        if all || changes.statics {
            // Cards drawn from now on have the logo; those drawn before keep theirs
            // until their post changes or `serve` starts again.
            let logo = crate::render::card_logo(
                config.identity.logo.as_deref(),
                &self.statics,
                &self.fence,
            );
            let (logo, problems) = match logo {
                Ok(logo) => (logo, Vec::new()),
                Err(d) => (None, vec![d]),
            };
            self.social.set_logo(logo);
            self.set_problems("logo".into(), problems);
        }
        lap("read");
        // Anything that can move posts, add or remove pages rebuilds the model.
        let rebuild =
            all || posts.discovered || changes.authors || theme.statics_moved || posts.moved;
        let Some(mut model) = self.model(config, all, rebuild, &posts.patched, theme.templates)
        else {
            return Outcome::default();
        };
        model.statics_changed = changes.statics;
        lap("model");
        // A post's links that lead nowhere are its problems until it or a post it links
        // to changes: the posts whose links were looked at replace theirs.
        if model.candidates.is_none() {
            self.problems
                .retain(|key, _| !key.starts_with(LINK_PROBLEMS));
        }
        let (model, results, link_problems) = self.render(model, &posts.bodies, config_fp, &lap);
        for (rel, problems) in link_problems {
            self.set_problems(format!("{LINK_PROBLEMS}{}", rel.display()), problems);
        }
        self.finish(model, results)
    }
}
