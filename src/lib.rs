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
//! `load` (here) runs the stages up to the plan, for every command; the `build`
//! module runs them to the end for [`build()`].

pub mod allocator;
pub mod badges;
mod build;
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

pub use build::build;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::error::Diagnostic;
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

/// Reads config, posts, authors, templates and static files, builds the model and
/// plans the output. Pushes every problem to `diags`; returns None when the config
/// could not be read (nothing else can be checked without it).
///
/// Posts' bodies are held when their files hold no more than `hold_text` bytes in
/// all; otherwise a body that is its file's text as written is left there (see
/// [`content::body::InFile`]), and the renderer reads it again. All or none: bodies
/// held up to a budget and let go as their posts are rendered leave the allocator's
/// pages partly used, and a build of 100,000 posts peaked 20 MiB higher holding 64 MiB
/// of them than holding none.
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
    let mut sources = content::discover(source, &shown, layout, diags);
    lap("discover");
    let fence = fsutil::Fence::for_site(source, folders);
    // The files' sizes as listed (a file that changed since is read as it is then).
    let size: u64 = (sources.posts.par_iter())
        .map(|ps| std::fs::metadata(source.join(&ps.rel)).map_or(0, |m| m.len()))
        .sum();
    let hold = size <= hold_text as u64;
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
            if !hold
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
    // Each post holds its own copy of what discovery found (19 MB at 100,000 posts).
    drop(std::mem::take(&mut sources.posts));
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
        .flat_map(|p| [Some(p.date), p.expires()])
        .flatten()
        .map(|d| d.timestamp())
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
