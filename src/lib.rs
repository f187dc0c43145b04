//! Bulletin: a static site generator for release-announcement blogs.
//!
//! The pipeline, one stage per module, data in and data out:
//! [`config`] reads `bulletin.yaml` → [`content::discover`] finds post and author files
//! in the posts folders → [`content::post::parse_post`] reads each post, in any
//! generator's dialect (in parallel) → [`site::Site::new`] decides URLs, tags,
//! categories, authors, years and redirects, and [`site::post_links`] resolves the links
//! between posts → [`templates::load`]
//! parses the theme → [`render::plan`] lists every output file and refuses
//! collisions → [`render::Renderer`] renders Markdown and pages (in parallel) →
//! [`output`] writes them to a staging folder and swaps it in. Every stage reports
//! problems as located [`error::Diagnostic`]s and the build stops before writing if
//! there are errors. Around it all, [`rebuild`] fingerprints what a build reads: a build
//! whose inputs and output are as the last one left them replays its report instead.

pub mod allocator;
pub mod badges;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod escape;
pub mod external;
pub mod fsutil;
pub mod highlight;
pub mod html;
pub mod import;
pub mod init;
pub mod lock;
pub mod markdown;
pub mod new;
pub mod output;
pub mod rebuild;
pub mod redirects;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod social;
pub mod templates;
pub mod unique;
pub mod url;
pub mod version;

#[cfg(test)]
mod testing;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::error::Diagnostic;
use crate::render::{Output, Renderer};
use crate::site::{HeldBack, Selection, Site};

/// What `bulletin build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// Where to write the site.
    pub output: PathBuf,
    /// Overrides `base_url` of the config.
    pub base_url: Option<String>,
    /// Which unpublished posts to include.
    pub selection: Selection,
    /// Replace the output folder whole, as a first build does, instead of writing only
    /// the files that changed.
    pub clean: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Posts published.
    pub posts: usize,
    /// Pages written (posts, listings, feeds…; not redirects or copied files).
    pub pages: usize,
    /// Redirect pages written.
    pub redirects: usize,
    /// Files written, left unchanged and deleted in the output folder.
    pub files: output::Written,
    /// Posts left out.
    pub held_back: HeldBack,
    /// Files of the posts folders that are not posts, as shown, and why.
    pub skipped: Vec<(PathBuf, content::Skip)>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// Nothing was rendered: the site's files, the options and the output were as the
    /// last build left them, and its report is the one given (see [`rebuild`]).
    pub up_to_date: bool,
}

/// The warning of a site deployed without its address: its feeds, sitemap and
/// canonical links would all say `http://localhost/`. `check` makes it an error.
fn base_url_missing(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        "base_url is not set: the feeds, the sitemap and canonical links say http://localhost/",
    )
    .code("base-url")
    .in_file(shown.join(config::CONFIG_FILE))
    .help("add `base_url: https://example.org/blog/` (where the site will be) to bulletin.yaml, or build with --base-url")
}

/// How `source` is shown in messages: `.` is left out, so paths read `content/…`.
pub fn shown_root(source: &Path) -> PathBuf {
    if source == Path::new(".") || source.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        source.to_path_buf()
    }
}

/// Every command starts here: the site's folder must exist.
pub fn require_source(source: &Path) -> Result<(), Diagnostic> {
    if source.is_dir() {
        Ok(())
    } else {
        Err(
            Diagnostic::error(format!("source folder {} not found", source.display()))
                .help("pass the site's folder with --source"),
        )
    }
}

/// Everything read from the source folder, ready to render.
pub(crate) struct Loaded {
    pub(crate) site: Site,
    pub(crate) tera: tera::Tera,
    pub(crate) template_sources: templates::TemplateSources,
    pub(crate) statics: std::collections::BTreeMap<String, templates::StaticFile>,
    pub(crate) jobs: std::collections::BTreeMap<String, render::Job>,
    pub(crate) skipped: Vec<(PathBuf, content::Skip)>,
    /// The first moment after the build started at which a post's date or expiry
    /// changes the site: a post comes out or goes.
    pub(crate) changes_at: Option<jiff::Timestamp>,
}

/// How many bytes of posts' Markdown a build holds from reading the posts to
/// rendering them; beyond, bodies are left in their files (see [`load`]). Reading a
/// post twice costs about 5% of a build's CPU, which a site of a few thousand posts
/// need not pay; 100,000 posts hold 344 MB of text.
const HELD_TEXT: usize = 64 << 20;

/// Reads config, posts, authors, templates and static files, builds the model and
/// plans the output. Pushes every problem to `diags`; returns None when the config
/// could not be read (nothing else can be checked without it).
///
/// Posts' bodies are held up to `hold_text` bytes in all; beyond, a body that is its
/// file's text as written is left there (see [`content::body::InFile`]), and the
/// renderer reads it again.
pub(crate) fn load(
    opts: &BuildOptions,
    hold_text: usize,
    lap: &dyn Fn(&str),
    diags: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    let source = opts.source.as_path();
    let shown = shown_root(source);
    let overrides = Overrides {
        base_url: opts.base_url.clone(),
    };
    let config = Config::load(source, &shown, &overrides)
        .map_err(|d| diags.push(d))
        .ok();
    if let Some(c) = &config
        && !c.base_url_given
    {
        diags.push(base_url_missing(&shown));
    }
    lap("config");
    let default_posts = [config::DEFAULT_POSTS.to_string()];
    let layout = config.as_ref().map_or(
        content::Layout {
            posts: &default_posts,
            slug_style: Default::default(),
            undated_oldest: false,
        },
        Config::layout,
    );
    let folders = layout.posts;
    let sources = content::discover(source, &shown, layout, diags);
    lap("discover");
    let fence = fsutil::Fence::for_site(source, folders);
    let held = std::sync::atomic::AtomicUsize::new(0);
    let parsed: Vec<(Option<content::post::Post>, Vec<Diagnostic>)> = sources
        .posts
        .par_iter()
        .map(|ps| {
            let file = shown.join(&ps.rel);
            let text = match fence.read_to_string(&source.join(&ps.rel)) {
                Ok(text) => text,
                Err(e) => return (None, vec![e.diagnostic("read the post", &file)]),
            };
            let (mut post, diags) = content::post::parse_post(ps, &file, &text);
            let held = held.fetch_add(text.len(), std::sync::atomic::Ordering::Relaxed);
            if held.saturating_add(text.len()) > hold_text
                && let Some(p) = &mut post
                // Links to other posts are resolved in the model, in the text.
                && !content::dialect::has_post_links(&p.body)
                && let Some(at) = content::body::InFile::find(&text, &p.body)
            {
                p.body = String::new();
                p.body_in_file = Some(at);
            }
            (post, diags)
        })
        .collect();
    let mut posts = Vec::with_capacity(parsed.len());
    for (post, d) in parsed {
        diags.extend(d);
        posts.extend(post);
    }
    lap("parse posts");
    let authors = content::authors::load_authors(source, &shown, &sources.authors, diags);
    let (tera, template_sources) = templates::load(source, &shown, diags);
    let statics = templates::static_files(source, &shown, diags);
    if let Some(logo) = config.as_ref().and_then(|c| c.identity.logo.as_deref())
        && !statics.contains_key(logo)
    {
        let file = source.join(config::CONFIG_FILE);
        diags.push(config::missing_logo(
            &file,
            &shown.join(config::CONFIG_FILE),
            logo,
        ));
    }
    lap("authors, templates, static");

    let now = jiff::Timestamp::now();
    let changes_at = (posts.iter())
        .flat_map(|p| [Some(&p.date), p.expires.as_ref()])
        .flatten()
        .map(content::date::PostDate::timestamp)
        .filter(|t| *t > now)
        .min();
    let mut site = Site::new(config?, posts, authors, opts.selection, now, diags);
    match lock::Lock::read(source, &shown) {
        Ok(l) => site.lock = l,
        Err(d) => diags.push(d),
    }
    diags.extend(site::post_links::resolve_bodies(&mut site));
    let jobs = render::plan(&site, &statics, diags);
    lap("site model, plan");
    let skipped = (sources.skipped.into_iter())
        .map(|(f, why)| (shown.join(f), why))
        .collect();
    Some(Loaded {
        site,
        tera,
        template_sources,
        statics,
        jobs,
        skipped,
        changes_at,
    })
}

/// Feeds and the sitemap are checked as XML before they are written: a reader that
/// cannot parse a feed stops updating, silently, so a broken one fails the build.
fn valid_xml(
    file: &str,
    job: &render::Job,
    bytes: &[u8],
    sources: &templates::TemplateSources,
) -> Result<(), Diagnostic> {
    if !job.checked_as_xml() {
        return Ok(());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(format!("{file}: the output is not UTF-8: {e}")).code("feed-invalid")
    })?;
    let mut found = render::xml_check::findings(file, text, job, sources);
    match found.len() {
        0 => Ok(()),
        1 => Err(found.remove(0)),
        n => {
            let first = found.remove(0);
            let message = format!(
                "{} (and {} more problems; `bulletin check` lists them)",
                first.message,
                n - 1
            );
            Err(Diagnostic { message, ..first })
        }
    }
}

/// Adds the posts a build published for the first time to `bulletin.lock` (in the
/// site's folder), when the site keeps one (`bulletin lock` starts it) and the build is
/// one for readers: at the site's address, without drafts, future posts or a preview.
/// A line already there never changes.
fn lock_new_posts(opts: &BuildOptions, site: &Site) -> Result<(), Diagnostic> {
    let s = opts.selection;
    if !site.lock.exists || s.preview || s.drafts || s.future || !site.config.base_url_given {
        return Ok(());
    }
    let mut lock = site.lock.clone();
    let before = lock.entries.len();
    for (file, entry) in lock::current(site) {
        lock.entries.entry(file).or_insert(entry);
    }
    if lock.entries.len() == before {
        return Ok(());
    }
    let path = opts.source.join(lock::LOCK_FILE);
    fsutil::write_replacing(&path, lock.text().as_bytes())
        .map_err(|e| Diagnostic::io("write", &shown_root(&opts.source).join(lock::LOCK_FILE), &e))
}

/// What `bulletin lock` did: posts locked for the first time, and locked posts whose
/// URL or guid it changed (`--update`).
#[derive(Debug)]
pub struct LockReport {
    /// Posts added.
    pub added: usize,
    /// Locked posts changed (only with `update`).
    pub changed: usize,
    /// Locked posts no longer published, taken out (only with `update`).
    pub removed: usize,
}

/// `bulletin lock`: writes `bulletin.lock` for the site at `source`: the posts not in
/// it yet are added; with `update`, every line is made what the site says now (changed
/// URLs and guids accepted, posts that are gone taken out).
pub fn lock_posts(
    source: &Path,
    base_url: Option<String>,
    update: bool,
) -> Result<LockReport, Vec<Diagnostic>> {
    require_source(source).map_err(|d| vec![d])?;
    let opts = BuildOptions {
        source: source.to_path_buf(),
        output: source.join("public"),
        base_url,
        selection: Selection::default(),
        clean: false,
    };
    let mut diags = Vec::new();
    let loaded = load(&opts, 0, &|_| {}, &mut diags);
    diags.retain(|d| d.is_error() || d.code == Some("base-url"));
    for d in &mut diags {
        // Guids made with http://localhost/ would change at the first real build.
        if d.code == Some("base-url") {
            d.severity = error::Severity::Error;
        }
    }
    let Some(loaded) = loaded.filter(|_| diags.is_empty()) else {
        error::sort_diagnostics(&mut diags);
        return Err(diags);
    };
    let site = loaded.site;
    let mut lock = site.lock.clone();
    let now: std::collections::BTreeMap<String, lock::Entry> =
        lock::current(&site).into_iter().collect();
    let mut report = LockReport {
        added: 0,
        changed: 0,
        removed: 0,
    };
    for (file, entry) in &now {
        match lock.entries.get(file) {
            None => report.added += 1,
            Some(old) if update && (old.path != entry.path || old.guid != entry.guid) => {
                report.changed += 1;
            }
            _ => continue,
        }
        lock.entries.insert(file.clone(), entry.clone());
    }
    if update {
        let before = lock.entries.len();
        lock.entries.retain(|file, _| now.contains_key(file));
        report.removed = before - lock.entries.len();
    }
    let path = source.join(lock::LOCK_FILE);
    fsutil::write_replacing(&path, lock.text().as_bytes()).map_err(|e| {
        vec![Diagnostic::io(
            "write",
            &shown_root(source).join(lock::LOCK_FILE),
            &e,
        )]
    })?;
    Ok(report)
}

/// The process's resident memory in MiB, where the system tells it (Linux), for the
/// stage timings of `BULLETIN_TIMINGS`.
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}

/// Builds the site. On failure, returns every diagnostic (errors and warnings), sorted;
/// the previous output is then untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let settings = Settings {
        hold_text: HELD_TEXT,
        cache: fsutil::cache_dir(),
        settle: rebuild::SETTLE,
    };
    build_with(opts, &settings)
}

/// How a build goes about its work, where tests need another way than [`build`]'s.
struct Settings {
    /// How many bytes of posts' Markdown are held (see [`load`]).
    hold_text: usize,
    /// Bulletin's cache folder, where a build's record is kept (see [`rebuild`]);
    /// None: every build runs in full.
    cache: Option<PathBuf>,
    /// How long before a build its inputs must have last changed for it to leave a
    /// record ([`rebuild::SETTLE`]).
    settle: Duration,
}

/// [`build`], as `settings` say.
fn build_with(opts: &BuildOptions, settings: &Settings) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let timing = std::env::var_os("BULLETIN_TIMINGS").is_some();
    let lap = |what: &str| {
        if timing {
            eprintln!(
                "{:>8.1} ms {:>6} MiB  {what}",
                start.elapsed().as_secs_f64() * 1000.0,
                resident_mib().map_or_else(|| "?".into(), |m| m.to_string())
            );
        }
    };
    let source = opts.source.as_path();
    let fail = |mut diags: Vec<Diagnostic>| {
        error::sort_diagnostics(&mut diags);
        Err(diags)
    };
    if let Err(d) = require_source(source) {
        return fail(vec![d]);
    }

    // Checking that the old output holds only Bulletin's files walks the whole folder:
    // it runs beside loading, which is mostly CPU work.
    let mut diags: Vec<Diagnostic> = Vec::new();
    // Another build writing beside the output finishes first: what it writes is then
    // what this one checks and compares with.
    let lock = output::Lock::acquire(&opts.output);
    let cache = settings.cache.as_deref();
    let fingerprint = cache.filter(|_| !opts.clean).and_then(|_| {
        let key = options_key(opts);
        rebuild::Fingerprint::take(source, &opts.output, &key, settings.settle)
    });
    lap("fingerprint");
    if let (Some(cache), Some(fingerprint)) = (cache, fingerprint)
        && let Some((replay, files)) = rebuild::replay(
            cache,
            fingerprint,
            source,
            &opts.output,
            jiff::Timestamp::now(),
        )
    {
        output::remove_leftovers(&opts.output);
        lap("output as the last build left it");
        let files = output::Written {
            unchanged: files,
            ..Default::default()
        };
        return Ok(report(replay, files, start.elapsed(), true));
    }
    let (target, loaded) = std::thread::scope(|scope| {
        let target = scope.spawn(|| output::check_target(source, &opts.output, &opts.output));
        let loaded = load(opts, settings.hold_text, &lap, &mut diags);
        (target.join(), loaded)
    });
    match target {
        Ok(Ok(())) => {}
        Ok(Err(d)) => diags.push(d),
        Err(_) => diags.push(Diagnostic::error("internal: the output check failed")),
    }
    let Some(Loaded {
        mut site,
        tera,
        template_sources,
        statics,
        jobs,
        skipped,
        changes_at,
    }) = loaded
    else {
        return fail(diags);
    };
    let posts_folders = &site.config.posts;
    if let Err(d) = output::check_posts_folders(source, &opts.output, &opts.output, posts_folders) {
        diags.push(d);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return fail(diags);
    }

    // The Markdown moves out of the model (or is in the posts' files): each body is
    // dropped once rendered.
    let markdown: Vec<content::body::Markdown> = (site.posts.iter_mut())
        .map(|sp| match sp.post.body_in_file {
            Some(at) => content::body::Markdown::InFile(at),
            None => content::body::Markdown::Text(std::mem::take(&mut sp.post.body)),
        })
        .collect();
    let fence = fsutil::Fence::for_site(source, &site.config.posts);
    let social = if site.config.social_cards {
        let mut cards = render::SocialCards::new(social::default_cache_dir());
        match render::card_logo(site.config.identity.logo.as_deref(), &statics, &fence) {
            Ok(logo) => cards.set_logo(logo),
            Err(d) => {
                diags.push(d);
                return fail(diags);
            }
        }
        Some(cards)
    } else {
        None
    };
    let mut renderer = Renderer::new(
        source,
        &site,
        &tera,
        &template_sources,
        &statics,
        social.as_ref(),
    );
    let writer = match output::Writer::open(
        &opts.output,
        &opts.output,
        opts.clean,
        lock,
        jobs.keys().map(String::as_str),
    ) {
        Ok(w) => w,
        Err(d) => {
            diags.push(d);
            return fail(diags);
        }
    };
    lap("staging folders");
    let write = |file: &str, bytes: &[u8]| writer.write(file, bytes);
    renderer.check_images_against(&jobs);
    let mut failures = renderer.render_posts(markdown, &write);
    diags.extend(renderer.take_warnings());
    failures.extend(renderer.write_search(&write));
    lap("posts: markdown, pages");
    if timing && let Some(t) = highlight::fallback_load_time() {
        eprintln!(
            "{:>8.1} ms  (of which loading the fallback highlighter's grammars)",
            t.as_secs_f64() * 1000.0
        );
    }
    let rest: Vec<(&String, &render::Job)> = jobs
        .iter()
        .filter(|(_, job)| {
            !matches!(
                job,
                render::Job::Post(_)
                    | render::Job::SearchDocs(_)
                    | render::Job::SearchManifest
                    | render::Job::SearchShard(_)
            )
        })
        .collect();
    failures.par_extend(rest.par_iter().filter_map(|(file, job)| {
        let result =
            match renderer.output(file, job) {
                Ok(Output::Bytes(bytes)) => valid_xml(file, job, &bytes, &template_sources)
                    .and_then(|()| write(file, &bytes)),
                Ok(Output::Shared(bytes)) => valid_xml(file, job, &bytes, &template_sources)
                    .and_then(|()| write(file, &bytes)),
                Ok(Output::Copy(from)) => writer.copy(file, &from, &fence),
                Err(d) => Err(d),
            };
        result.err()
    }));
    if !failures.is_empty() {
        // One broken template fails every page using it: report each problem once. A
        // full disk fails every file: one finding, with a count.
        failures.sort_by_key(ToString::to_string);
        failures.dedup();
        let failures = render::xml_check::merge_alike(failures);
        diags.extend(error::summarize(failures));
        return fail(diags);
    }
    lap("listings, feeds, redirects, files");
    let (posts, pages, redirects) = renderer.counts(&jobs);
    let finished = match writer.finish(&opts.output) {
        Ok(finished) => finished,
        Err(d) => {
            diags.push(d);
            return fail(diags);
        }
    };
    lap("put in place");
    if let Err(d) = lock_new_posts(opts, &site) {
        diags.push(d);
    }
    error::sort_diagnostics(&mut diags);
    let replay = rebuild::Replay {
        posts,
        pages,
        redirects,
        held_back: site.held_back,
        skipped,
        warnings: diags,
    };
    if let (Some(cache), Some(fingerprint)) = (cache, fingerprint) {
        let (manifest, times) = (finished.manifest, (site.now, changes_at));
        rebuild::save(cache, fingerprint, &opts.output, manifest, times, &replay);
    }
    Ok(report(replay, finished.written, start.elapsed(), false))
}

/// Everything that makes one build differ from another besides the site's files: the
/// options, and the folders as the file system resolves them.
fn options_key(opts: &BuildOptions) -> String {
    format!(
        "{opts:?} {:?} {:?}",
        fsutil::absolute(&opts.source),
        fsutil::absolute(&opts.output)
    )
}

fn report(
    replay: rebuild::Replay,
    files: output::Written,
    elapsed: Duration,
    up_to_date: bool,
) -> BuildReport {
    BuildReport {
        posts: replay.posts,
        pages: replay.pages,
        redirects: replay.redirects,
        files,
        held_back: replay.held_back,
        skipped: replay.skipped,
        warnings: replay.warnings,
        elapsed,
        up_to_date,
    }
}

#[cfg(test)]
mod tests;
