//! `bulletin check`: the CI gate. Runs the whole build in memory (every page rendered,
//! nothing written) and adds the findings a build lets through: links and images that
//! lead nowhere, anchors that moved, front-matter keys that look like typos, and the
//! rest of the catalogue in the README. Every finding has a code.
//!
//! Markdown is read a second time here, with source offsets, so each finding points at
//! the line and column the author wrote; rendering stays free of this bookkeeping.
//!
//! [`check`] renders every page and looks at each post's links; the rest is split by
//! what it reads: `facts` (what a post's Markdown and a rendered page hold), `links`
//! (where a link leads on the site), `templates` (links that templates and author files
//! write), `redirects` (the site's `_redirects`), `posts` (front matter, dates,
//! duplicates), `releases` (versions a post announces), `shape` (hand-written HTML and
//! heading levels) and `format` (how findings are printed).

mod facts;
mod format;
mod links;
mod locked;
mod posts;
mod redirects;
mod releases;
mod shape;
mod templates;

pub use format::{Format, format};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::BuildOptions;
use crate::content::body::Markdown;
use crate::error::{Diagnostic, Severity};
use crate::render::served_file;
use crate::render::{Job, Output, Renderer};
use crate::site::Selection;
use facts::{Facts, facts};
use links::{not_served, site_link, strip_prefix_ignoring_case};
use posts::post_findings;
use redirects::redirect_rules;
use templates::{template_links, template_texts};

/// What `bulletin check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// Check unpublished posts too.
    pub selection: Selection,
    /// Overrides `base_url` of the config (links on it count as links of this site).
    pub base_url: Option<String>,
    /// Fetch links to other sites too.
    pub external: bool,
    /// How long one external link may take.
    pub timeout: std::time::Duration,
}

/// Descriptions longer than this are cut in search results and on cards.
pub const DESCRIPTION_MAX: usize = 160;

/// Runs the checks. Returns every finding, sorted.
pub fn check(opts: &CheckOptions) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let source = opts.source.as_path();
    if let Err(d) = crate::require_source(source) {
        return vec![d];
    }
    let build = BuildOptions {
        source: opts.source.clone(),
        output: opts.source.join("public"),
        base_url: opts.base_url.clone(),
        selection: opts.selection,
        clean: false,
    };
    let loaded = crate::load(&build, usize::MAX, &|_| {}, &mut diags);
    // A build warns of paths that are one file on macOS and Windows (a clone of the
    // built site there loses a page), and of a site without its address; the gate
    // refuses both.
    for d in &mut diags {
        if matches!(d.code, Some("case-collision" | "base-url")) {
            d.severity = Severity::Error;
        }
    }
    let Some(loaded) = loaded else {
        crate::error::sort_diagnostics(&mut diags);
        return diags;
    };
    let crate::Loaded {
        mut site,
        tera,
        template_sources,
        statics,
        jobs,
        ..
    } = loaded;
    let shown = crate::shown_root(source);
    diags.extend(locked::findings(&site, &shown));

    // Facts of each post's Markdown, then the Markdown goes to the renderer.
    let post_facts: Vec<Facts> = site
        .posts
        .par_iter()
        .map(|sp| facts(&sp.post.body, sp.post.body_line))
        .collect();
    posts::outline_left(&site, &crate::new::outline_lines(&tera), &mut diags);
    shape::shape_findings(&site, &post_facts, &mut diags);
    let bodies: Vec<Markdown> = (site.posts.iter_mut())
        .map(|sp| Markdown::Text(std::mem::take(&mut sp.post.body)))
        .collect();

    // Every page rendered, in memory: template errors surface, and each page's ids
    // are kept for anchors.
    let page_ids: Mutex<HashMap<String, BTreeSet<String>>> = Mutex::new(HashMap::new());
    let page_links: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
    // The feeds and the sitemap as rendered (one file per kind: the old Blogger feed
    // path repeats rss.xml).
    let feed_texts: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let keep = |file: &str, bytes: &[u8]| {
        if jobs.get(file).is_some_and(|job| job.checked_as_xml())
            && let Ok(mut map) = feed_texts.lock()
        {
            map.insert(
                file.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            );
        }
        if file.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let crate::html::PageFacts { ids, links } = crate::html::page_facts(&html);
            if let Ok(mut map) = page_ids.lock() {
                map.insert(file.to_string(), ids);
            }
            if let Ok(mut map) = page_links.lock() {
                for l in links {
                    map.entry(l).or_default().insert(file.to_string());
                }
            }
        }
        Ok(())
    };
    // A template that did not compile leaves the others unloaded: rendering would
    // only repeat that as "not found" for every page.
    let templates_broken = diags
        .iter()
        .any(|d| d.is_error() && d.code == Some("template"));
    let mut renderer = Renderer::new(source, &site, &tera, &template_sources, &statics, None);
    let mut failures = Vec::new();
    if !templates_broken {
        failures = renderer.render_posts(bodies, None, &keep);
        failures.extend(renderer.write_search(&keep));
    }
    failures.par_extend(jobs.par_iter().filter_map(|(file, job)| {
        if templates_broken {
            return None;
        }
        if matches!(
            job,
            Job::Post(_)
                | Job::SearchDocs(_)
                | Job::SearchManifest
                | Job::SearchShard(_)
                | Job::Card(_)
                | Job::SiteCard
        ) {
            return None;
        }
        match renderer.output(file, job) {
            Ok(Output::Bytes(bytes)) => keep(file, &bytes).err(),
            Ok(Output::Shared(bytes)) => keep(file, &bytes).err(),
            Ok(_) => None,
            Err(d) => Some(d),
        }
    }));
    failures.sort_by_key(ToString::to_string);
    failures.dedup();
    diags.extend(failures);
    let mut feed_findings = Vec::new();
    for (file, text) in feed_texts.into_inner().unwrap_or_default() {
        if let Some(job) = jobs.get(&file) {
            feed_findings.extend(crate::render::xml_check::findings(
                &file,
                &text,
                job,
                &template_sources,
            ));
        }
    }
    diags.extend(crate::render::xml_check::merge_alike(feed_findings));
    let page_ids = page_ids.into_inner().unwrap_or_default();
    let page_links = page_links.into_inner().unwrap_or_default();

    // Pages a broken link may have meant: every page but the legacy URLs' redirects.
    let pages: Vec<String> = jobs
        .iter()
        .filter(|(f, j)| {
            f.ends_with("index.html") && !matches!(j, Job::Redirect(_) | Job::PageRedirect(_))
        })
        .map(|(f, _)| format!("/{}", f.trim_end_matches("index.html")))
        .collect();
    // Links to other sites, for --external: (file, line, column, URL without fragment,
    // fragment).
    let mut externals: Vec<(PathBuf, usize, usize, String, Option<String>)> = Vec::new();
    let mut guesses = links::GUESSES;
    let post_pages = crate::render::post_pages(&site);
    for (i, sp) in site.posts.iter().enumerate() {
        let own = crate::render::source_key(&sp.post.source.rel);
        let f = &post_facts[i];
        let file = &sp.post.file;
        for r in &f.references {
            let at = |d: Diagnostic| d.in_file(file).at(r.line, r.column);
            if !r.html && !r.image && r.text.is_empty() {
                diags.push(at(Diagnostic::warning(format!(
                    "the link to {} has no text",
                    r.url
                ))
                .code("empty-link")
                .help("give the link words that say where it goes")));
            }
            if !r.html && r.image && r.text.is_empty() {
                diags.push(at(Diagnostic::warning(format!(
                    "the image {} has no alt text",
                    r.url
                ))
                .code("image-alt")
                .help("describe the image: ![what it shows](url)")));
            }
            let Some(link) = site_link(&site, &sp.path, &r.url, Some((&own, &post_pages))) else {
                let web = ["http://", "https://"]
                    .iter()
                    .any(|p| strip_prefix_ignoring_case(&r.url, p).is_some());
                if opts.external && web {
                    let (url, fragment) = match r.url.split_once('#') {
                        Some((u, f)) => (
                            u,
                            Some(f.to_string()).filter(|f| crate::external::checkable(u, f)),
                        ),
                        None => (r.url.as_str(), None),
                    };
                    externals.push((
                        file.to_path_buf(),
                        r.line,
                        r.column,
                        url.to_string(),
                        fragment,
                    ));
                }
                continue;
            };
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            // `/docs/` covers the folder's own page, `/docs`, too.
            let elsewhere = |p: &String| {
                path.starts_with(p.as_str()) || p.strip_suffix('/').is_some_and(|f| f == path)
            };
            if site.config.check_elsewhere.iter().any(elsewhere) {
                continue; // served by the rest of the site the blog is part of
            }
            let (code, noun) = if r.image {
                ("missing-image", "file")
            } else {
                ("broken-link", "page")
            };
            let target = match served_file(&jobs, path) {
                Ok(Some(t)) => t,
                Ok(None) => {
                    diags.push(at(not_served(
                        &site,
                        &pages,
                        &r.url,
                        path,
                        r.image,
                        &mut guesses,
                    )));
                    continue;
                }
                Err(why) => {
                    let url = if r.url.is_empty() {
                        "an empty URL"
                    } else {
                        &r.url
                    };
                    diags.push(at(Diagnostic::error(format!(
                        "{url} cannot be a {noun} of this site: {why}"
                    ))
                    .code(code)));
                    continue;
                }
            };
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let fragment = percent_encoding::percent_decode_str(fragment)
                .decode_utf8_lossy()
                .into_owned();
            // A legacy URL's page redirects, and the browser keeps the fragment.
            let page = match jobs.get(&target) {
                Some(Job::Redirect(i)) => site
                    .redirects
                    .get(*i)
                    .and_then(|rd| crate::url::page_file(&site.posts[rd.to].path).ok())
                    .unwrap_or(target),
                Some(Job::PageRedirect(i)) => (site.config.redirects.get(*i))
                    .filter(|rd| !rd.leaves())
                    .and_then(|rd| crate::url::page_file(&rd.to).ok())
                    .unwrap_or(target),
                _ => target,
            };
            let Some(ids) = page_ids.get(&page) else {
                continue;
            };
            // `#top` is the top of any page (HTML's rule), unless an element claims it.
            if ids.contains(&fragment) || fragment.eq_ignore_ascii_case("top") {
                continue;
            }
            let near = if guesses > 0 {
                guesses -= 1;
                let wanted = links::guess_part(&fragment);
                ids.iter()
                    .map(|id| {
                        let score = strsim::normalized_levenshtein(links::guess_part(id), wanted);
                        (score, id)
                    })
                    .filter(|(s, _)| *s >= 0.6)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, id)| format!(" (did you mean #{id}?)"))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            diags.push(at(Diagnostic::error(format!(
                "{}: the page has no #{fragment}{near}",
                r.url
            ))
            .code("broken-anchor")
            .help(
                "link to a heading that exists; heading ids come from their text",
            )));
        }
        for &(line, column) in &f.empty_headings {
            diags.push(
                Diagnostic::warning("a heading has no text")
                    .in_file(file)
                    .at(line, column)
                    .code("empty-heading")
                    .help("write the heading, or remove it"),
            );
        }
    }
    if opts.external {
        external_findings(&externals, opts.timeout, &mut diags);
    }
    let templates = template_texts(source, &template_sources);
    template_links(
        &site,
        &jobs,
        &post_facts,
        &page_links,
        &templates,
        &shown,
        &mut diags,
    );
    redirect_rules(&site, source, &jobs, &statics, &mut diags);
    post_findings(&site, source, &shown, &mut diags);
    releases::release_findings(&site, source, &shown, &mut diags);
    releases::link_findings(&site, &post_facts, &mut diags);
    // What the site decided to live with (`check.ignore` in bulletin.yaml).
    let ignored = &site.config.check_ignore;
    diags.retain(|d| {
        let (Some(code), Some(file)) = (d.code, &d.file) else {
            return true;
        };
        !ignored.covers(code, file.strip_prefix(&shown).unwrap_or(file))
    });
    crate::error::sort_diagnostics(&mut diags);
    diags
}

/// Fetches the links to other sites and reports those that fail.
fn external_findings(
    links: &[(PathBuf, usize, usize, String, Option<String>)],
    timeout: std::time::Duration,
    diags: &mut Vec<Diagnostic>,
) {
    let urls: BTreeSet<String> = links.iter().map(|l| l.3.clone()).collect();
    let with_ids: BTreeSet<String> = links
        .iter()
        .filter(|l| l.4.is_some())
        .map(|l| l.3.clone())
        .collect();
    let cache = crate::fsutil::cache_dir();
    let results = crate::external::check(&urls, &with_ids, cache.as_deref(), timeout);
    for (file, line, column, url, fragment) in links {
        let at = |d: Diagnostic| d.in_file(file).at(*line, *column);
        match results.get(url) {
            Some(crate::external::Outcome::Ok { ids: Some(ids) }) => {
                if let Some(f) = fragment {
                    let decoded = percent_encoding::percent_decode_str(f).decode_utf8_lossy();
                    if !crate::external::has_id(ids, &decoded) {
                        diags.push(at(Diagnostic::error(format!(
                            "{url}#{f}: the page has no #{decoded}"
                        ))
                        .code("external-anchor")
                        .help(
                            "the section may have moved or been renamed; link to its new id",
                        )));
                    }
                }
            }
            Some(crate::external::Outcome::Ok { ids: None }) | None => {}
            Some(crate::external::Outcome::Status(code @ (404 | 410))) => {
                diags.push(at(Diagnostic::error(format!(
                    "{url} answers {code}: it is gone"
                ))
                .code("external-link")
                .help("link to where the page moved, or to an archived copy")));
            }
            Some(crate::external::Outcome::Status(code)) => {
                diags.push(at(Diagnostic::warning(format!("{url} answers {code}"))
                    .code("external-link")
                    .help("check the link by hand; some sites refuse robots")));
            }
            Some(crate::external::Outcome::Failed(why)) => {
                diags.push(at(Diagnostic::warning(format!(
                    "{url} could not be fetched: {why}"
                ))
                .code("external-link")
                .help("check the link by hand, or run again when the network is up")));
            }
        }
    }
}
