//! `bulletin check`: the CI gate. Runs the whole build in memory (every page rendered,
//! nothing written) and adds the findings a build lets through: links and images that
//! lead nowhere, anchors that moved, front-matter keys that look like typos, and the
//! rest of the catalogue in the README. Every finding has a code.
//!
//! Markdown is read a second time here, with source offsets, so each finding points at
//! the line and column the author wrote; rendering stays free of this bookkeeping.

mod feeds;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::BuildOptions;
use crate::content::{self, post};
use crate::error::{Diagnostic, Severity};
use crate::markdown::{self, LinkBase};
use crate::render::{Job, Output, Renderer};
use crate::site::{Selection, Site};

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

/// Every finding code `check` reports (the ones `check.ignore` in bulletin.yaml can
/// name).
pub const CODES: [&str; 23] = [
    "broken-link",
    "broken-anchor",
    "missing-image",
    "author-missing",
    "duplicate-title",
    "duplicate-slug",
    "front-matter-typo",
    "future-date",
    "updated-before-published",
    "description-missing",
    "description-long",
    "image-alt",
    "empty-link",
    "empty-heading",
    "mdx-component",
    "template-link",
    "redirect-target",
    "redirect-chain",
    "redirect-shadow",
    "feed-invalid",
    "sitemap-invalid",
    "external-link",
    "external-anchor",
];

/// Descriptions longer than this are cut in search results and on cards.
pub const DESCRIPTION_MAX: usize = 160;

/// One link or image of a post's Markdown, where it was written.
#[derive(Debug)]
struct Reference {
    url: String,
    image: bool,
    /// Text of a link, alt text of an image.
    text: String,
    /// Written as raw HTML (`<a href>`, `<img src>`), whose text is not looked at.
    html: bool,
    line: usize,
    column: usize,
}

/// What a post's Markdown holds that checks look at.
#[derive(Debug, Default)]
struct Facts {
    references: Vec<Reference>,
    /// Headings without text: (line, column).
    empty_headings: Vec<(usize, usize)>,
}

/// Line starts of a text, to turn byte offsets into lines and columns without
/// rescanning the text for each (a post may have thousands of links).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    /// `text`, whose first line is line `first_line` of its file.
    fn new(text: &'a str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            first_line,
        }
    }

    /// Line and column (1-based, in characters) of byte `offset`.
    fn place(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[index];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (self.first_line + index, column)
    }
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
fn place(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    Lines::new(text, first_line).place(offset)
}

/// A link, image or heading being read: its kind, URL, text so far, where it starts,
/// and whether anything at all was inside it yet.
struct Open {
    kind: Kind,
    url: String,
    text: String,
    offset: usize,
    empty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Image,
    Heading,
    Email,
}

/// Reads the links, images and headings of a post body.
fn facts(body: &str, first_line: usize) -> Facts {
    let lines = Lines::new(body, first_line);
    let mut out = Facts::default();
    let mut open: Vec<Open> = Vec::new();
    let start = |kind, url: &str, offset, open: &mut Vec<Open>| {
        for o in open.iter_mut() {
            o.empty = false;
        }
        open.push(Open {
            kind,
            url: url.to_string(),
            text: String::new(),
            offset,
            empty: true,
        });
    };
    let mut in_html_block = false;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        // Anything but a start or an end is content of every open element (a start
        // marks them below, and an end closes what a start marked).
        if !matches!(event, Event::Start(_) | Event::End(_)) {
            for o in &mut open {
                o.empty = false;
            }
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if link_type == LinkType::Email {
                    Kind::Email
                } else {
                    Kind::Link
                };
                start(kind, &dest_url, range.start, &mut open);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                start(Kind::Image, &dest_url, range.start, &mut open);
            }
            Event::Start(Tag::Heading { .. }) => start(Kind::Heading, "", range.start, &mut open),
            Event::Start(Tag::HtmlBlock) => {
                // The block's source as one piece: a tag or comment may span lines.
                in_html_block = true;
                html_references(body, range, &lines, &mut out);
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Start(_) => {
                for o in &mut open {
                    o.empty = false;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                for o in &mut open {
                    o.text.push_str(&t);
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                // An image inside a link, as HTML, gives the link its content.
                if h.contains("<img") {
                    for o in &mut open {
                        o.text.push_str("[image]");
                    }
                }
                if !in_html_block {
                    html_references(body, range, &lines, &mut out);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                let Some(o) = open.pop() else {
                    continue;
                };
                let (line, column) = lines.place(o.offset);
                // An image inside a link counts as the link's content.
                if o.kind == Kind::Image {
                    for outer in &mut open {
                        let alt = if o.text.is_empty() {
                            "[image]"
                        } else {
                            &o.text
                        };
                        outer.text.push_str(alt);
                    }
                }
                // A link with nothing inside in a heading is dropped by the renderer
                // (migrated posts are full of them): not a link of the page.
                let in_heading = open.iter().any(|x| x.kind == Kind::Heading);
                match o.kind {
                    Kind::Link if o.empty && in_heading => {}
                    Kind::Link | Kind::Image => out.references.push(Reference {
                        url: o.url,
                        image: o.kind == Kind::Image,
                        text: o.text.trim().to_string(),
                        html: false,
                        line,
                        column,
                    }),
                    Kind::Heading if o.text.trim().is_empty() => {
                        out.empty_headings.push((line, column));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}

/// The links and images of raw HTML at `range` of `body`. The source is read, not the
/// event's text, so that offsets are the file's.
fn html_references(body: &str, range: std::ops::Range<usize>, lines: &Lines<'_>, out: &mut Facts) {
    let source = &body[range.clone()];
    let mut state = markdown::HtmlState::Text;
    for attr in markdown::url_attributes(source, &mut state) {
        let (line, column) = lines.place(range.start + attr.value.start);
        out.references.push(Reference {
            url: source[attr.value].to_string(),
            image: attr.src,
            text: String::new(),
            html: true,
            line,
            column,
        });
    }
}

/// What a rendered page offers and uses: its anchors (`id`s and `<a name>`s) and the
/// URLs of its `href`s and `src`s, unescaped. Text, code and comments hold neither.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Every `id` and `name`.
    pub ids: BTreeSet<String>,
    /// Every `href` and `src`.
    pub links: BTreeSet<String>,
}

/// Reads a page (see [`PageFacts`]).
pub fn read_page(html: &str) -> PageFacts {
    let mut out = PageFacts::default();
    for a in markdown::attributes(html, &mut markdown::HtmlState::Text) {
        let name = &html[a.name];
        let value = || html_unescape(&html[a.value.clone()]);
        if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
            out.ids.insert(value());
        } else if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            out.links.insert(value());
        }
    }
    out
}

/// Replaces the character references HTML attributes hold in practice: the five
/// escapes and numeric ones.
fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => {
                let n = n.strip_prefix('#')?;
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => n.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The site path a link of a post leads to, when it is on this site: relative links
/// resolved against the post, links on the site's own base URL made paths. None for
/// other hosts, `mailto:` and the like.
fn site_link(site: &Site, page_path: &str, url: &str) -> Option<String> {
    let url = match own_site_path(&site.config.base_url.full(), url) {
        Some(path) => path,
        None if crate::url::is_external(url) => return None,
        None => url.to_string(),
    };
    if url.starts_with('#') {
        return Some(format!("{page_path}{url}"));
    }
    let resolved = markdown::resolve_link(
        &url,
        LinkBase {
            base_path: "/",
            page_path,
        },
    );
    Some(resolved.unwrap_or(url))
}

/// The site path of an absolute URL on the site's own base URL, over either scheme
/// (`http://blog.example.org/x/` when the site is at `https://blog.example.org/`).
fn own_site_path(base: &str, url: &str) -> Option<String> {
    // Scheme and host compare without case; `//host/x` is on the page's own scheme.
    let strip = |u: &str| {
        let rest = ["https://", "http://", "//"]
            .iter()
            .find_map(|p| strip_prefix_ignoring_case(u, p))?;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(format!(
            "{}{}",
            rest[..host_end].to_ascii_lowercase(),
            &rest[host_end..]
        ))
    };
    let (base, url) = (strip(base)?, strip(url)?);
    let base = base.trim_end_matches('/');
    let rest = url.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with(['/', '#', '?']))
        .then(|| format!("/{}", rest.trim_start_matches('/')))
}

/// `s` without `prefix`, compared ignoring ASCII case (`HTTPS://` is `https://`).
fn strip_prefix_ignoring_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &s[prefix.len()..])
}

/// The page a broken link most likely meant. Its last segment (a post's slug) must be
/// close, counting a shared beginning most (`python-3120rc1` is near
/// `python-3120-release-candidate-1-released`); the whole path breaks ties.
fn suggestion(pages: &[String], wanted: &str) -> Option<String> {
    let last = |p: &str| {
        let p = p.trim_end_matches('/');
        p.rsplit('/').next().unwrap_or(p).to_lowercase()
    };
    let wanted_last = last(wanted);
    pages
        .iter()
        .filter(|p| p.as_str() != wanted)
        .map(|p| {
            let slug = strsim::jaro_winkler(&last(p), &wanted_last);
            (
                slug,
                slug + 0.2 * strsim::normalized_levenshtein(p, wanted),
                p,
            )
        })
        .filter(|(slug, _, _)| *slug >= 0.75)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.2.cmp(a.2)))
        .map(|(_, _, p)| p.clone())
}

/// How a static host serves `path` (a path on the site, no query or fragment): the
/// file itself, or the folder's `index.html`. Ok(None) when the site has neither; Err
/// when the path cannot be a file at all.
fn served_file(jobs: &BTreeMap<String, Job>, path: &str) -> Result<Option<String>, String> {
    let file = crate::url::output_file(path)?;
    if jobs.contains_key(&file) {
        return Ok(Some(file));
    }
    // Files without an extension: /feeds/posts/default, /CNAME, a bundle's LICENSE.
    let exact = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    Ok(jobs.contains_key(&exact).then_some(exact))
}

/// The finding for a link to `path`, which the site does not have: a draft or a post
/// of the future, or a broken link with the closest page.
fn not_served(site: &Site, pages: &[String], url: &str, path: &str, image: bool) -> Diagnostic {
    if image {
        return Diagnostic::error(format!("{url} is not a file of this site"))
            .code("missing-image")
            .help("put the image beside the post (a folder with index.md) or in static/");
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if let Some(held) = site.held.iter().find(|h| h.path == decoded) {
        let (what, help) = if held.draft {
            (
                "a draft",
                "publish it first, or leave the link out until it is",
            )
        } else {
            (
                "a post dated in the future",
                "link to it once it is out, or move its date",
            )
        };
        return Diagnostic::error(format!(
            "{url} is {what} ({}), not published",
            held.file.display()
        ))
        .code("broken-link")
        .help(help);
    }
    let mut d = Diagnostic::error(format!("{url} is not a page of this site")).code("broken-link");
    if let Some(s) = suggestion(pages, &decoded) {
        d.message.push_str(&format!(" (did you mean {s}?)"));
    }
    d.help("fix the URL; the page may have moved, or its slug changed")
}

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
    };
    let Some(loaded) = crate::load(&build, &|_| {}, &mut diags) else {
        crate::error::sort_diagnostics(&mut diags);
        return diags;
    };
    let crate::Loaded {
        mut site,
        tera,
        template_sources,
        statics,
        jobs,
    } = loaded;
    let shown = crate::shown_root(source);

    // Facts of each post's Markdown, then the Markdown goes to the renderer.
    let post_facts: Vec<Facts> = site
        .posts
        .par_iter()
        .map(|sp| facts(&sp.post.body, sp.post.body_line))
        .collect();
    let bodies: Vec<String> = site
        .posts
        .iter_mut()
        .map(|sp| std::mem::take(&mut sp.post.body))
        .collect();

    // Every page rendered, in memory: template errors surface, and each page's ids
    // are kept for anchors.
    let page_ids: Mutex<HashMap<String, BTreeSet<String>>> = Mutex::new(HashMap::new());
    let page_links: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
    // The feeds and the sitemap as rendered (one file per kind: the old Blogger feed
    // path repeats rss.xml).
    let feed_texts: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let keep = |file: &str, bytes: &[u8]| {
        if matches!(
            (file, jobs.get(file)),
            (_, Some(Job::Atom | Job::Sitemap)) | ("rss.xml", Some(Job::Rss))
        ) && let Ok(mut map) = feed_texts.lock()
        {
            map.insert(
                file.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            );
        }
        if file.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let PageFacts { ids, links } = read_page(&html);
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
        failures = renderer.render_posts(bodies, &keep);
    }
    failures.par_extend(jobs.par_iter().filter_map(|(file, job)| {
        if templates_broken {
            return None;
        }
        if matches!(job, Job::Post(_) | Job::Card(_) | Job::SiteCard) {
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
    for (file, text) in feed_texts.into_inner().unwrap_or_default() {
        feed_findings(&file, &text, &jobs, &template_sources, &mut diags);
    }
    let page_ids = page_ids.into_inner().unwrap_or_default();
    let page_links = page_links.into_inner().unwrap_or_default();

    // Pages a broken link may have meant: every page but the legacy URLs' redirects.
    let pages: Vec<String> = jobs
        .iter()
        .filter(|(f, j)| f.ends_with("index.html") && !matches!(j, Job::Redirect(_)))
        .map(|(f, _)| format!("/{}", f.trim_end_matches("index.html")))
        .collect();
    // Links to other sites, for --external: (file, line, column, URL without fragment,
    // fragment).
    let mut externals: Vec<(PathBuf, usize, usize, String, Option<String>)> = Vec::new();
    for (i, sp) in site.posts.iter().enumerate() {
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
            let Some(link) = site_link(&site, &sp.path, &r.url) else {
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
                    externals.push((file.clone(), r.line, r.column, url.to_string(), fragment));
                }
                continue;
            };
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let (code, noun) = if r.image {
                ("missing-image", "file")
            } else {
                ("broken-link", "page")
            };
            let target = match served_file(&jobs, path) {
                Ok(Some(t)) => t,
                Ok(None) => {
                    diags.push(at(not_served(&site, &pages, &r.url, path, r.image)));
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
                    .and_then(|rd| crate::url::output_file(&site.posts[rd.to].path).ok())
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
            let near = ids
                .iter()
                .map(|id| (strsim::normalized_levenshtein(id, &fragment), id))
                .filter(|(s, _)| *s >= 0.6)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, id)| format!(" (did you mean #{id}?)"))
                .unwrap_or_default();
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
    redirect_rules(&site, &jobs, &statics, &mut diags);
    post_findings(&site, source, &shown, &mut diags);
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

/// What is wrong with a rendered feed or sitemap (`file`), reported at the template that
/// writes it.
fn feed_findings(
    file: &str,
    text: &str,
    jobs: &BTreeMap<String, Job>,
    sources: &crate::templates::TemplateSources,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(job) = jobs.get(file) else { return };
    let (kind, code, help) = match job {
        Job::Rss | Job::Atom => (
            if matches!(job, Job::Rss) {
                feeds::Kind::Rss
            } else {
                feeds::Kind::Atom
            },
            "feed-invalid",
            "fix the feed's template; a reader that cannot use a feed stops updating, silently",
        ),
        _ => (
            feeds::Kind::Sitemap,
            "sitemap-invalid",
            "fix the sitemap's template; search engines skip a sitemap they cannot read",
        ),
    };
    let template = sources.shown(job.template().unwrap_or(file));
    for p in feeds::problems(kind, text) {
        let place = p
            .line
            .map(|l| format!(" (line {l} of the output)"))
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(format!("{file}: {}{place}", p.message))
                .in_file(&template)
                .code(code)
                .help(help),
        );
    }
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

/// The file a link of a rendered page (under the base path) leads to, when it is on
/// this site; Err when it cannot be a file at all.
fn target_file(
    site: &Site,
    jobs: &BTreeMap<String, Job>,
    link: &str,
) -> Option<Result<Option<String>, String>> {
    if crate::url::is_external(link) || link.starts_with('#') || link.is_empty() {
        return None;
    }
    let base = site.config.base_url.path();
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let rest = path.strip_prefix(base)?;
    Some(served_file(jobs, &format!("/{rest}")))
}

/// A link as a host compares it: percent-escapes decoded.
fn comparable(link: &str) -> String {
    percent_encoding::percent_decode_str(link)
        .decode_utf8_lossy()
        .into_owned()
}

/// Links of rendered pages that lead nowhere and do not come from a post's Markdown
/// (those are reported where they were written): templates', and author files'.
fn template_links(
    site: &Site,
    jobs: &BTreeMap<String, Job>,
    facts: &[Facts],
    page_links: &BTreeMap<String, BTreeSet<String>>,
    templates: &[(String, String)],
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    // What the posts' links resolve to, as rendered links.
    let base = site.config.base_url.path();
    let from_posts: BTreeSet<String> = site
        .posts
        .iter()
        .zip(facts)
        .flat_map(|(sp, f)| {
            f.references
                .iter()
                .filter_map(|r| site_link(site, &sp.path, &r.url))
                .map(|l| comparable(&format!("{base}{}", l.trim_start_matches('/'))))
                .collect::<Vec<_>>()
        })
        .collect();
    // Links written in author files: (link as rendered, author id, key).
    let from_authors: Vec<(String, &str, &str)> = site
        .authors
        .iter()
        .filter_map(|a| Some((a, a.info.as_ref()?)))
        .flat_map(|(a, info)| {
            [("avatar", &info.avatar), ("website", &info.website)]
                .into_iter()
                .filter(|(_, v)| v.starts_with('/') && !v.starts_with("//"))
                .map(|(k, v)| {
                    let rendered = format!("{base}{}", v.trim_start_matches('/'));
                    (comparable(&rendered), a.id.as_str(), k)
                })
        })
        .collect();
    for (link, pages) in page_links {
        let same = comparable(link);
        if from_posts.contains(&same) {
            continue;
        }
        let Some(target) = target_file(site, jobs, link) else {
            continue;
        };
        if target.as_ref().is_ok_and(Option::is_some) {
            continue;
        }
        if let Some((_, id, key)) = from_authors.iter().find(|(l, ..)| *l == same) {
            diags.push(author_link(shown, id, key, link));
            continue;
        }
        let example = pages.iter().next().map(String::as_str).unwrap_or("");
        let post = match jobs.get(example) {
            Some(Job::Post(i)) if pages.len() == 1 => Some(&site.posts[*i].post.file),
            _ => None,
        };
        let d = match post {
            Some(file) => Diagnostic::error(format!(
                "HTML in the post links to {link}, which is not a page or file of this site"
            ))
            .in_file(file)
            .code("broken-link")
            .help("fix the URL in the post's HTML"),
            None => {
                let d = Diagnostic::error(format!(
                "{} link{} to {link}, which is not a page or file of this site (one is /{example})",
                match pages.len() {
                    1 => "1 page".to_string(),
                    n => format!("{n} pages"),
                },
                if pages.len() == 1 { "s" } else { "" }
            ))
            .code("template-link")
            .help("fix the link in the template that writes it (templates/ or the theme)");
                // The template that writes it, with the base path or without.
                let written = link.strip_prefix(base).map(|l| format!("/{l}"));
                let forms: Vec<&str> = [Some(link.as_str()), written.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                match find_in_templates(templates, &forms) {
                    Some((file, line, column)) => d.in_file(file).at(line, column),
                    None => d,
                }
            }
        };
        diags.push(d);
    }
}

/// The finding for a link of an author file (`key` of `content/authors/<id>.yaml`)
/// to no page or file of the site.
fn author_link(shown: &Path, id: &str, key: &str, link: &str) -> Diagnostic {
    let folder = shown.join("content").join("authors");
    let file = ["yaml", "yml"]
        .iter()
        .map(|ext| folder.join(format!("{id}.{ext}")))
        .find(|f| f.exists())
        .unwrap_or_else(|| folder.join(format!("{id}.yaml")));
    let at = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| content::front_matter::key_position(&text, key));
    let d = Diagnostic::error(format!(
        "the author's {key} {link} is not a page or file of this site"
    ))
    .in_file(&file)
    .code(if key == "avatar" {
        "missing-image"
    } else {
        "broken-link"
    })
    .help("put the file in static/, or fix the path");
    match at {
        Some((l, c)) => d.at(l, c),
        None => d,
    }
}

/// Every template's text, with the name it is shown by: the site's file, else the
/// default theme's.
fn template_texts(
    source: &Path,
    sources: &crate::templates::TemplateSources,
) -> Vec<(String, String)> {
    crate::templates::default_templates()
        .map(|(name, text)| match sources.overrides.get(name) {
            Some(shown) => (
                shown.display().to_string(),
                std::fs::read_to_string(source.join("templates").join(name)).unwrap_or_default(),
            ),
            None => (sources.shown(name), text.to_string()),
        })
        .chain(
            (sources.overrides.iter())
                .filter(|(name, _)| !crate::templates::default_templates().any(|(n, _)| n == *name))
                .map(|(name, shown)| {
                    (
                        shown.display().to_string(),
                        std::fs::read_to_string(source.join("templates").join(name))
                            .unwrap_or_default(),
                    )
                }),
        )
        .collect()
}

/// Where a link of a rendered page is written in a template: the `href` or `src` whose
/// value matches it, each `{{ … }}` or `{% … %}` in the value standing for any text.
/// The value with the most literal text wins; a value that is only an expression says
/// nothing about the link. Tried with the base path and without: (file, line, column).
fn find_in_templates(
    templates: &[(String, String)],
    links: &[&str],
) -> Option<(String, usize, usize)> {
    // (literal weight, file, text, offset of the value)
    let mut best: Option<(usize, &str, &str, usize)> = None;
    for (file, text) in templates {
        for attr in crate::markdown::url_attributes(text, &mut crate::markdown::HtmlState::Text) {
            let pattern = Pattern::of(&text[attr.value.clone()]);
            let weight = pattern.literal_weight();
            let better = best.is_none_or(|(w, ..)| weight > w);
            if weight > 0 && better && links.iter().any(|l| pattern.matches(l)) {
                best = Some((weight, file, text, attr.value.start));
            }
        }
    }
    let (_, file, text, offset) = best?;
    let (line, column) = place(text, offset, 1);
    Some((file.to_string(), line, column))
}

/// A template's attribute value as a pattern: its literal pieces, with an expression
/// (any text) between each two, before the first when `open_start`, after the last
/// when `open_end`.
#[derive(Debug, PartialEq)]
struct Pattern<'a> {
    pieces: Vec<&'a str>,
    open_start: bool,
    open_end: bool,
}

impl<'a> Pattern<'a> {
    fn of(value: &'a str) -> Self {
        let mut pieces = Vec::new();
        let mut rest = value;
        let open_start = rest.starts_with("{{") || rest.starts_with("{%");
        let mut open_end = false;
        while let Some(i) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
            if i > 0 {
                pieces.push(&rest[..i]);
            }
            let close = if rest[i..].starts_with("{{") {
                "}}"
            } else {
                "%}"
            };
            match rest[i..].find(close) {
                Some(j) => rest = &rest[i + j + 2..],
                None => rest = "",
            }
            open_end = rest.is_empty();
        }
        if !rest.is_empty() {
            pieces.push(rest);
        }
        Pattern {
            pieces,
            open_start,
            open_end,
        }
    }

    /// How much the pattern says: its literal characters other than `/`.
    fn literal_weight(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| p.chars().filter(|c| *c != '/').count())
            .sum()
    }

    fn matches(&self, text: &str) -> bool {
        let mut rest = text;
        let last = self.pieces.len().saturating_sub(1);
        for (i, piece) in self.pieces.iter().enumerate() {
            let anchored_start = i == 0 && !self.open_start;
            let anchored_end = i == last && !self.open_end;
            if anchored_start && anchored_end {
                return rest == *piece;
            }
            if anchored_end {
                return rest.ends_with(piece);
            }
            let at = if anchored_start {
                rest.starts_with(piece).then_some(0)
            } else {
                rest.find(piece)
            };
            let Some(at) = at else {
                return false;
            };
            rest = &rest[at + piece.len()..];
        }
        self.open_end || rest.is_empty()
    }
}

/// The site's own `static/_redirects` rules: each target must be a page, and no rule
/// may lead to another rule or hide a real page.
fn redirect_rules(
    site: &Site,
    jobs: &BTreeMap<String, Job>,
    statics: &BTreeMap<String, crate::templates::StaticFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(crate::templates::StaticFile::Site { path, shown }) =
        statics.get(crate::render::HOST_REDIRECTS)
    else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let base = site.config.base_url.path();
    let rules: Vec<(usize, &str, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(n, l)| {
            let mut f = l.split_whitespace();
            let (from, to) = (f.next()?, f.next()?);
            (!from.starts_with('#')).then_some((n + 1, from, to))
        })
        .collect();
    let froms: BTreeMap<&str, usize> = rules.iter().map(|(n, f, _)| (*f, *n)).collect();
    // The file a rule's path is served from, if the site has it.
    let file_of = |p: &str| {
        let p = p.split(['?', '#']).next().unwrap_or(p);
        let rest = p.strip_prefix(base)?;
        served_file(jobs, &format!("/{rest}")).ok().flatten()
    };
    for &(line, from, to) in &rules {
        // Splats and placeholders are the host's business.
        if from.contains(['*', ':']) || to.contains(['*', ':']) && !to.contains("://") {
            continue;
        }
        let at = |d: Diagnostic| d.in_file(shown).at(line, 1);
        match file_of(from).and_then(|f| jobs.get(&f)) {
            Some(Job::Redirect(i)) => diags.push(at(Diagnostic::error(format!(
                "the rule for {from} overrides the legacy URL of {}",
                site.posts[site.redirects[*i].to].post.file.display()
            ))
            .code("redirect-shadow")
            .help("remove the rule, or the legacyUrl"))),
            Some(_) => diags.push(at(Diagnostic::error(format!(
                "the rule for {from} hides a page of the site"
            ))
            .code("redirect-shadow")
            .help("remove the rule, or the page"))),
            None => {}
        }
        let legacy = file_of(to).and_then(|f| match jobs.get(&f) {
            Some(Job::Redirect(i)) => Some(&site.posts[site.redirects[*i].to].path),
            _ => None,
        });
        if let Some(post) = legacy {
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, a legacy URL that redirects again, to {post}"
            ))
            .code("redirect-chain")
            .help("point the rule at the final page")));
            continue;
        }
        if froms.contains_key(to) {
            let what = if to == from { "itself" } else { "another rule" };
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, which {what} redirects again"
            ))
            .code("redirect-chain")
            .help("point the rule at the final page")));
            continue;
        }
        if !crate::url::is_external(to) && file_of(to).is_none() {
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, which is not a page of this site"
            ))
            .code("redirect-target")
            .help("point the rule at a page that exists")));
        }
    }
}

/// Findings about posts as a whole: front matter, dates, descriptions, authors,
/// duplicates.
fn post_findings(site: &Site, source: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) {
    let now = jiff::Timestamp::now();
    let with_authors = site.authors.iter().any(|a| a.info.is_some());
    // (month, title or slug) → the posts with it, newest first: (file, where it is written).
    type Seen<'a> = BTreeMap<(String, String), Vec<(&'a Path, Option<(usize, usize)>)>>;
    let mut months: Seen<'_> = BTreeMap::new();
    let mut slugs: Seen<'_> = BTreeMap::new();
    for sp in &site.posts {
        let p = &sp.post;
        let file = p.file.as_path();
        let yaml = read_front_matter(source, shown, file);
        let key_at = |key: &str| {
            let (text, first) = yaml.as_ref()?;
            content::front_matter::key_position(text, key).map(|(l, c)| (first + l - 1, c))
        };
        // At the value of the first of `keys` (a field's spellings) that is written.
        let located = |d: Diagnostic, keys: &[&str]| match keys.iter().find_map(|k| key_at(k)) {
            Some((l, c)) => d.in_file(file).at(l, c),
            None => d.in_file(file),
        };
        for key in p.extra.keys() {
            if let Some(known) = content::post::typo_of(key) {
                // At the key itself (top-level keys start the line).
                let at_key = |d: Diagnostic| match key_at(key) {
                    Some((line, _)) => d.in_file(file).at(line, 1),
                    None => d.in_file(file),
                };
                diags.push(at_key(
                    Diagnostic::warning(format!(
                        "unknown front-matter key `{key}`: did you mean `{known}`?"
                    ))
                    .code("front-matter-typo")
                    .help(format!("a misspelt key is ignored; rename it to `{known}`")),
                ));
            }
        }
        if p.date.timestamp() > now {
            diags.push(located(
                Diagnostic::warning(format!(
                    "the post is dated {}, in the future",
                    p.date.iso_date()
                ))
                .code("future-date")
                .help("it is left out of builds until then (unless --future)"),
                &post::DATE_KEYS,
            ));
        }
        if let Some(updated) = p.updated
            && updated.timestamp() < p.date.timestamp()
        {
            diags.push(located(
                Diagnostic::warning(format!(
                    "updated {} is before the publication date {}",
                    updated.iso_date(),
                    p.date.iso_date()
                ))
                .code("updated-before-published")
                .help("swap the dates, or fix the update date"),
                &post::UPDATED_KEYS,
            ));
        }
        match &p.description {
            None => diags.push(
                Diagnostic::warning("the post has no description")
                    .in_file(file)
                    .at(1, 1)
                    .code("description-missing")
                    .help("add `description:`, a sentence or two for search results and cards"),
            ),
            Some(d) if d.trim().is_empty() => diags.push(located(
                Diagnostic::warning("the description is empty")
                    .code("description-missing")
                    .help("write a sentence or two for search results and cards"),
                &post::DESCRIPTION_KEYS,
            )),
            Some(d) if d.chars().count() > DESCRIPTION_MAX => diags.push(located(
                Diagnostic::warning(format!(
                    "the description has {} characters; search results and cards show about {DESCRIPTION_MAX}",
                    d.chars().count()
                ))
                .code("description-long")
                .help("say it in one or two shorter sentences"),
                &post::DESCRIPTION_KEYS,
            )),
            Some(_) => {}
        }
        if with_authors {
            for &a in &sp.authors {
                let group = &site.authors[a];
                if group.info.is_none() {
                    diags.push(located(
                        Diagnostic::error(format!(
                            "the author '{}' has no file in content/authors/",
                            group.name
                        ))
                        .code("author-missing")
                        .help(format!(
                            "add content/authors/{}.yaml with the author's name, or use an existing author id",
                            group.id
                        )),
                        &post::AUTHOR_KEYS,
                    ));
                }
            }
        }
        let title_at = key_at("title");
        let slug_at = key_at("slug").or(title_at);
        let month = p.date.iso_date()[..7].to_string();
        months
            .entry((month.clone(), p.title.to_lowercase()))
            .or_default()
            .push((file, title_at));
        slugs
            .entry((month, p.slug.clone()))
            .or_default()
            .push((file, slug_at));
    }
    for (((month, _), files), what) in months
        .iter()
        .map(|e| (e, "title"))
        .chain(slugs.iter().map(|e| (e, "slug")))
    {
        if files.len() < 2 {
            continue;
        }
        // Posts are newest first: the oldest keeps its title, the newer ones are flagged.
        let ((oldest, _), newer) = files.split_last().expect("two or more");
        for (file, at) in newer {
            let d = Diagnostic::error(format!(
                "another post of {month} has the same {what}: {}",
                oldest.display()
            ))
            .in_file(file);
            diags.push(
                match at {
                    Some((l, c)) => d.at(*l, *c),
                    None => d,
                }
                .code(if what == "title" { "duplicate-title" } else { "duplicate-slug" })
                .help("announcements of one month need distinct titles and slugs; add the version or date"),
            );
        }
    }
    for held in site.held.iter().filter(|h| !h.draft) {
        let file = held.file.as_path();
        let yaml = read_front_matter(source, shown, file);
        let at = yaml.as_ref().and_then(|(text, first)| {
            post::DATE_KEYS
                .iter()
                .find_map(|k| content::front_matter::key_position(text, k))
                .map(|(l, c)| (first + l - 1, c))
        });
        let d = Diagnostic::warning("the post is dated in the future, so it is not published yet")
            .in_file(file);
        diags.push(
            match at {
                Some((l, c)) => d.at(l, c),
                None => d,
            }
            .code("future-date")
            .help("it is left out of builds until then (unless --future)"),
        );
    }
}

/// The YAML of a post's front matter and the line it starts on (for locating keys),
/// read again.
fn read_front_matter(source: &Path, shown: &Path, file: &Path) -> Option<(String, usize)> {
    let rel = file.strip_prefix(shown).unwrap_or(file);
    let text = std::fs::read_to_string(source.join(rel)).ok()?;
    let split = content::front_matter::split(&text).ok()?;
    Some((split.yaml.to_string(), split.yaml_line))
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: error[code]: message`, with hints.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// The findings as `format` prints them.
pub fn format(findings: &[Diagnostic], format: Format) -> String {
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    match format {
        Format::Human => {
            let mut out = String::new();
            for d in findings {
                out.push_str(&d.to_string());
                out.push('\n');
            }
            out.push_str(&format!(
                "check: {errors} error{}, {warnings} warning{}\n",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            ));
            out
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = findings
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code.unwrap_or("build"),
                        "severity": if d.is_error() { "error" } else { "warning" },
                        "file": d.file.as_ref().map(|f| f.display().to_string()),
                        "line": d.line,
                        "column": d.column,
                        "message": d.message,
                        "help": d.help,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "findings": items,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )
        }
        Format::Github => {
            let mut out = String::new();
            for d in findings {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let mut props = Vec::new();
                if let Some(f) = &d.file {
                    props.push(format!("file={}", gh_property(&f.display().to_string())));
                }
                if let Some(l) = d.line {
                    props.push(format!("line={l}"));
                }
                if let Some(c) = d.column {
                    props.push(format!("col={c}"));
                }
                props.push(format!("title={}", gh_property(d.code.unwrap_or("build"))));
                let mut message = d.message.clone();
                if let Some(h) = &d.help {
                    message.push_str(&format!("\nhelp: {h}"));
                }
                out.push_str(&format!(
                    "::{level} {}::{}\n",
                    props.join(","),
                    gh_data(&message)
                ));
            }
            out
        }
    }
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_values_are_patterns() {
        let p = Pattern::of("{{ site.root }}tags/{{ tag.slug }}/");
        assert_eq!(p.pieces, ["tags/", "/"]);
        assert!(p.open_start && !p.open_end);
        assert!(p.matches("/blog/tags/python/"));
        assert!(!p.matches("/blog/tag/python/"));
        assert!(!p.matches("/blog/tags/python/x"));
        assert_eq!(p.literal_weight(), 4);
        let exact = Pattern::of("/about/");
        assert!(exact.matches("/about/") && !exact.matches("/about/x"));
        let tail = Pattern::of("/x/{% if a %}a{% endif %}");
        assert!(tail.open_end && tail.matches("/x/anything"));
        assert_eq!(Pattern::of("{{ post.url }}").literal_weight(), 0);
        let templates = [
            (
                "a.html".to_string(),
                "<a href=\"{{ u }}\">\n <a href='{{ r }}abut/'>".to_string(),
            ),
            ("b.html".to_string(), "<img src=\"{{ r }}t/\">".to_string()),
        ];
        assert_eq!(
            find_in_templates(&templates, &["/abut/"]),
            Some(("a.html".to_string(), 2, 11))
        );
        assert_eq!(find_in_templates(&templates, &["/nothing/"]), None);
    }

    #[test]
    fn facts_are_located_in_the_file() {
        let body = "Intro [a](/x/) and ![](pic.png).\n\n## \n\n[](/empty/)\n";
        let f = facts(body, 5);
        let r: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.url.as_str(), r.image, r.text.as_str(), r.line, r.column))
            .collect();
        assert_eq!(
            r,
            [
                ("/x/", false, "a", 5, 7),
                ("pic.png", true, "", 5, 20),
                ("/empty/", false, "", 9, 1),
            ]
        );
        assert_eq!(f.empty_headings, [(7, 1)]);
    }

    #[test]
    fn links_on_the_sites_own_url_are_its_paths() {
        let base = "https://blog.example.org/";
        assert_eq!(
            own_site_path(base, "http://blog.example.org/2011/05/x.html").as_deref(),
            Some("/2011/05/x.html")
        );
        assert_eq!(
            own_site_path(base, "https://blog.example.org").as_deref(),
            Some("/")
        );
        assert_eq!(
            own_site_path(base, "https://blog.example.org.evil/x").as_deref(),
            None
        );
        assert_eq!(
            own_site_path(base, "https://other.example/x").as_deref(),
            None
        );
        assert_eq!(
            own_site_path("https://e.org/blog/", "https://e.org/blogs/").as_deref(),
            None
        );
    }

    #[test]
    fn workflow_commands_are_escaped() {
        let d = Diagnostic::error("a, b: 100%\nc")
            .in_file("content/a,b.md")
            .at(3, 4)
            .code("broken-link")
            .help("fix");
        assert_eq!(
            format(&[d], Format::Github),
            "::error file=content/a%2Cb.md,line=3,col=4,title=broken-link::a, b: 100%25%0Ac%0Ahelp: fix\n"
        );
    }

    #[test]
    fn ids_are_read_from_pages() {
        let html = r#"<h2 id="whats-new">x</h2><div ID='a&amp;b'><a name=top></a>
<code>&lt;a id="no" href="/no/"&gt;</code><!-- <a href="/gone/"> --><a href="/what&#x27;s-new/">"#;
        let page = read_page(html);
        assert_eq!(
            page.ids.into_iter().collect::<Vec<_>>(),
            ["a&b", "top", "whats-new"]
        );
        assert_eq!(page.links.into_iter().collect::<Vec<_>>(), ["/what's-new/"]);
        assert_eq!(
            html_unescape("a&b &#233;&#xE9; &bogus; &"),
            "a&b éé &bogus; &"
        );
    }
}
