//! What each imported post becomes: its folder in `content/posts/`, its dates in one
//! format, its old URL and legacy URLs, its URL on the new site (and with
//! `--keep-urls`, the permalink pattern that keeps the most old URLs, with the post's
//! own `permalink` where the pattern cannot), its authors' files, the files to copy
//! beside it, and its body with links to other posts pointing at their new pages.
//! Everything that needs a look goes to [`Findings`](super::model::Findings).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

use super::model::{DEFAULT_PERMALINK, Findings, Planned, PlannedPost, new_post, url_config};
use super::old_site::{Generator, OldSite};
use super::old_url::{self, Facts};
use super::{files, keep, links, old_dates, outputs};
use crate::config::Config;
use crate::content::date::PostDate;
use crate::content::post::{Post, Seldom};
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::site::{Selection, Site};
use crate::unique::UniqueNames;

/// Front matter keys of the old generator's templates, which mean nothing to Bulletin.
const TEMPLATE_KEYS: [&str; 4] = ["layout", "template", "page_template", "type"];

/// Plans the import of `posts` (read from the old site at `src`); `read` holds the
/// reader's warnings.
pub(super) fn plan(
    src: &Path,
    fence: &Fence,
    old: &OldSite,
    posts: Vec<Post>,
    read: Vec<Diagnostic>,
    listings: Vec<String>,
    keep_urls: bool,
) -> Result<Planned, Vec<Diagnostic>> {
    let mut findings = Findings {
        lossy: read,
        ..Findings::default()
    };
    let tz = old_dates::time_zone(old, &mut findings.dates);
    let mut seen_old: HashMap<String, String> = HashMap::new();
    let mut folders = UniqueNames::new(2, |s: &str| s.to_lowercase());
    let mut planned: Vec<PlannedPost> = Vec::with_capacity(posts.len());
    for post in posts {
        let rel = post.source.rel.to_string_lossy().replace('\\', "/");
        let shown = post.file.display().to_string();
        let mut old_url = old_url::old_url(&old.rule, &facts(old, &post, &rel, tz.as_ref()));
        if let Some(u) = &old_url {
            if let Some(first) = seen_old.get(u) {
                findings.clashes.push(format!(
                    "{shown}: its old URL {u} is also {first}'s; it redirects to {first} only"
                ));
                old_url = None;
            } else {
                seen_old.insert(u.clone(), shown.clone());
            }
        }
        let wanted = folder_name(old_url.as_deref(), &post);
        let folder = folders.unique(&wanted);
        let slug = (folder != wanted).then(|| wanted.clone());
        old_dates::findings(old, &post, &shown, tz.as_ref(), &mut findings.dates);
        let jekyll_tz = (old.generator == Generator::Jekyll)
            .then_some(())
            .and(tz.as_ref());
        let date = old_dates::date_text(&post.date, jekyll_tz.or(tz.as_ref()), jekyll_tz.is_some());
        let updated = post
            .updated
            .map(|d| old_dates::date_text(&d, tz.as_ref(), false));
        let expires = post
            .expires()
            .map(|d| old_dates::date_text(&d, tz.as_ref(), false));
        let mut extra = post.extra().clone();
        for key in TEMPLATE_KEYS {
            if extra.remove(key).is_some() {
                *findings.dropped_keys.entry(key.to_string()).or_default() += 1;
            }
        }
        let legacy = old_dates::aliases(old, &post, old_url.as_deref(), &mut findings.clashes);
        planned.push(PlannedPost {
            post,
            old_url,
            legacy,
            folder,
            slug,
            date,
            updated,
            expires,
            permalink: None,
            new_path: String::new(),
            extra,
            copies: Vec::new(),
            beside: Vec::new(),
        });
    }
    let authors = super::authors::collect(
        src,
        old,
        planned.iter_mut().map(|p| (&*p.post.authors, &mut p.extra)),
        &mut findings.lossy,
    );
    let permalink = if keep_urls {
        Some(keep::keep_pattern(&planned))
    } else {
        None
    };
    let config = url_config(permalink.as_deref().unwrap_or(DEFAULT_PERMALINK));
    shared_slugs(&mut planned, &config, &mut findings.clashes);
    let by_pattern: Vec<String> = (planned.iter())
        .map(|p| crate::site::permalink(&config, &new_post(p, None)))
        .collect();
    // Bulletin's own pages, found with the posts out of the way.
    let probes: Vec<String> = (0..planned.len())
        .map(|i| format!("/.import-probe/{i}/"))
        .collect();
    let mut fixed = outputs::fixed_outputs(&planned, &config, &probes);
    // A pattern that puts a post on one of them (`/:slug/` and a post named `search`)
    // gives that post Bulletin's own URL.
    let default_config = url_config(DEFAULT_PERMALINK);
    let mut by_pattern = by_pattern;
    let mut pinned = vec![false; planned.len()];
    for (i, p) in planned.iter().enumerate() {
        let lands = crate::url::page_file(&by_pattern[i]).map(|f| f.to_lowercase());
        if lands.is_ok_and(|f| fixed.contains(&f) || crate::url::reserved(&f).is_some()) {
            let own = crate::site::permalink(&default_config, &new_post(p, None));
            findings.clashes.push(format!(
                "{}: the pattern puts it at {}, a page Bulletin writes itself; it is at {own}",
                p.post.file.display(),
                by_pattern[i]
            ));
            by_pattern[i] = own;
            pinned[i] = true;
        }
    }
    for (path, _) in super::new_config::legacy_feeds(old) {
        fixed.extend(crate::url::output_file(&path).map(|f| f.to_lowercase()));
    }
    let mut pages: HashMap<String, usize> = (by_pattern.iter().enumerate())
        .filter_map(|(i, u)| Some((crate::url::page_file(u).ok()?.to_lowercase(), i)))
        .collect();
    for (i, p) in planned.iter_mut().enumerate() {
        p.new_path = by_pattern[i].clone();
        if pinned[i] {
            p.permalink = Some(p.new_path.clone());
        }
        let Some(old_url) = p.old_url.clone() else {
            continue;
        };
        if keep_urls && !pinned[i] && old_url != p.new_path {
            match kept_page(&old_url, &fixed, &pages, i) {
                Ok(file) => {
                    pages.insert(file, i);
                    // Its URL is its own: a slug would only repeat another post's.
                    p.slug = None;
                    p.permalink = Some(old_url.clone());
                    p.new_path = old_url;
                    continue;
                }
                Err(why) => findings.clashes.push(format!(
                    "{}: keeps Bulletin's URL {}: its old URL {old_url} {why}; it redirects",
                    p.post.file.display(),
                    p.new_path
                )),
            }
        }
        p.legacy.insert(0, old_url);
    }
    settle_legacy(&mut planned, &fixed, &pages, &mut findings.clashes);
    let redirects = settle_listings(listings, &planned, &fixed, &pages, &mut findings.clashes);
    findings.links = rewrite_links(&mut planned, old);
    resolve_links(&mut planned, &config, &mut findings.lossy);
    findings.elsewhere = elsewhere(&planned);
    let mut statics = BTreeMap::new();
    for p in &mut planned {
        p.copies = files::bundle_copies(&p.post, &p.folder);
        let beside = files::beside_copies(src, fence, old, p, &mut findings.missing);
        p.copies.extend(beside);
        files::referenced(src, fence, old, p, &mut statics, &mut findings.missing);
    }
    let statics = statics.into_iter().collect();
    Ok(Planned {
        posts: planned,
        permalink,
        authors,
        redirects,
        statics,
        findings,
    })
}

/// Two posts that wanted one folder share their slug when their URLs still differ (the
/// same name in two months); otherwise the later one's slug is its folder's name.
fn shared_slugs(planned: &mut [PlannedPost], config: &Config, clashes: &mut Vec<String>) {
    let mut paths: std::collections::HashSet<String> = planned
        .iter()
        .filter(|p| p.slug.is_none())
        .map(|p| crate::site::permalink(config, &new_post(p, None)).to_lowercase())
        .collect();
    for p in planned.iter_mut() {
        let Some(wanted) = p.slug.clone() else {
            continue;
        };
        // URLs that differ only in case are one file on some hosts.
        let path = crate::site::permalink(config, &new_post(p, None)).to_lowercase();
        let shown = p.post.file.display();
        if paths.insert(path) {
            clashes.push(format!(
                "{shown}: another post's folder is named {wanted} (or so but for case); this one is \
                 content/posts/{}/ with `slug: {wanted}`",
                p.folder
            ));
        } else {
            p.slug = None;
            clashes.push(format!(
                "{shown}: another post has the slug {wanted} in the same place; this one is \
                 content/posts/{}/, with its folder's name as slug",
                p.folder
            ));
        }
    }
}

/// What the old URL rules need of `post`.
fn facts<'a>(
    old: &'a OldSite,
    post: &'a Post,
    rel: &'a str,
    tz: Option<&'a TimeZone>,
) -> Facts<'a> {
    let posts_dir = (old.posts.iter())
        .filter(|d| rel.starts_with(d.as_str()))
        .max_by_key(|d| d.len())
        .map_or("", String::as_str);
    let own_meaningful = matches!(
        old.generator,
        Generator::Jekyll | Generator::Hugo | Generator::Zola
    );
    Facts {
        rel,
        posts_dir,
        date: post.date,
        path_date: (post.source.name_date.as_deref()).and_then(|d| PostDate::parse(d).ok()),
        slug: post.own_slug.as_deref(),
        reader_slug: post.slug(),
        own: own_meaningful
            .then_some(post.path.as_ref())
            .flatten()
            .map(|p| p.value.as_str()),
        title: &post.title,
        categories: &post.categories,
        tz,
    }
}

/// The folder (and so the slug) a post gets: the last segment of its old URL, which
/// readers know, without `.html` or a date prefix; else the slug the reader gave it.
fn folder_name(old_url: Option<&str>, post: &Post) -> String {
    let from_url = old_url.and_then(|u| {
        let last = u.trim_end_matches('/').rsplit('/').next()?;
        let last = last
            .strip_suffix(".html")
            .or_else(|| last.strip_suffix(".htm"))
            .unwrap_or(last);
        let last = percent_encoding::percent_decode_str(last)
            .decode_utf8()
            .ok()?;
        let last = crate::content::split_date_prefix(&last).1.to_string();
        (last != "index").then_some(last).filter(|l| fit_folder(l))
    });
    from_url
        .or_else(|| fit_folder(post.slug()).then(|| post.slug().to_string()))
        .unwrap_or_else(|| crate::url::slugify(&post.title))
}

/// A name that can be a post's folder and its URL segment: one plain segment, not
/// hidden (`.x`, which the reader skips) and not a section file's (`_x`).
pub(super) fn fit_folder(name: &str) -> bool {
    crate::url::is_plain_segment(name) && !name.starts_with(['.', '_'])
}

/// Whether a post can keep `old_url` as its page: the page file of an old URL that is
/// a file Bulletin writes itself, or another post's page, cannot be; the file, in lower
/// case, when it can.
fn kept_page(
    old_url: &str,
    fixed: &HashSet<String>,
    pages: &HashMap<String, usize>,
    i: usize,
) -> Result<String, String> {
    let file = crate::url::page_file(old_url)?.to_lowercase();
    if crate::url::reserved(&file).is_some() || fixed.contains(&file) {
        return Err(format!("is a page Bulletin writes itself (/{file})"));
    }
    match pages.get(&file) {
        Some(&j) if j != i => Err("is another post's page".to_string()),
        _ => Ok(file),
    }
}

/// Keeps the legacy URLs a build can write: each must be a file a host serves, not one
/// Bulletin writes itself, not a post's page, and not another post's legacy URL (the
/// post whose old URL it was keeps it over one that had it as an alias). The others are
/// left out and listed.
fn settle_legacy(
    planned: &mut [PlannedPost],
    fixed: &HashSet<String>,
    pages: &HashMap<String, usize>,
    clashes: &mut Vec<String>,
) {
    let file_of = |u: &str| crate::url::output_file(u).map(|f| f.to_lowercase());
    // Old URLs first: an alias never takes a post's own old URL.
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (i, p) in planned.iter().enumerate() {
        if let Some(file) = p.old_url.as_deref().and_then(|u| file_of(u).ok()) {
            taken.entry(file).or_insert(i);
        }
    }
    for i in 0..planned.len() {
        let own = planned[i].new_path.clone();
        let legacy = std::mem::take(&mut planned[i].legacy);
        let mut kept = Vec::new();
        let mut seen = HashSet::new();
        for u in legacy {
            if u == own || !seen.insert(u.clone()) {
                continue;
            }
            let shown = planned[i].post.file.display().to_string();
            let file = match file_of(&u) {
                Ok(f) => f,
                Err(why) => {
                    clashes.push(format!("{shown}: the old URL {u} is left out: {why}"));
                    continue;
                }
            };
            let holder = pages.get(&file).or_else(|| taken.get(&file)).copied();
            if crate::url::reserved(&file).is_some() || fixed.contains(&file) {
                clashes.push(format!(
                    "{shown}: the old URL {u} is left out: Bulletin writes /{file} itself"
                ));
            } else if let Some(j) = holder.filter(|&j| j != i) {
                clashes.push(format!(
                    "{shown}: its old URL {u} is also {}'s (or so but for case); left to that post",
                    planned[j].post.file.display()
                ));
            } else if holder == Some(i)
                && (kept.iter()).any(|k: &String| k.eq_ignore_ascii_case(&u))
            {
                // The same file, but for case, as another of its own: one is enough.
            } else {
                taken.insert(file, i);
                kept.push(u);
            }
        }
        planned[i].legacy = kept;
    }
}

/// The old listing pages that can redirect to Bulletin's: not a file Bulletin writes
/// itself, a post's page or a legacy URL.
fn settle_listings(
    listings: Vec<String>,
    planned: &[PlannedPost],
    fixed: &HashSet<String>,
    pages: &HashMap<String, usize>,
    clashes: &mut Vec<String>,
) -> Vec<(String, String)> {
    let legacy: HashSet<String> = (planned.iter().flat_map(|p| &p.legacy))
        .filter_map(|u| crate::url::output_file(u).ok())
        .map(|f| f.to_lowercase())
        .collect();
    let mut out = Vec::new();
    for u in listings {
        match crate::url::output_file(&u).map(|f| f.to_lowercase()) {
            Ok(f) if fixed.contains(&f) || pages.contains_key(&f) || legacy.contains(&f) => {
                clashes.push(format!(
                    "the old listing page {u} is left out: the new site has a page there"
                ));
            }
            Ok(f) if crate::url::reserved(&f).is_none() => {
                out.push((u, super::listings::TARGET.to_string()));
            }
            _ => {}
        }
    }
    out
}

/// The first folders of root-relative links to pages that no post's URL, legacy URL or
/// Bulletin's own pages start with.
fn elsewhere(planned: &[PlannedPost]) -> BTreeMap<String, usize> {
    let first = |u: &str| {
        u.trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let mut known: std::collections::HashSet<String> = [
        "",
        "tags",
        "categories",
        "authors",
        "blog",
        "search",
        "feeds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for p in planned {
        known.insert(first(&p.new_path));
        known.extend(p.legacy.iter().map(|u| first(u)));
    }
    let mut out = BTreeMap::new();
    for p in planned {
        for u in files::page_urls(&p.post.body) {
            let f = first(&u);
            if !known.contains(&f) {
                *out.entry(format!("/{f}/")).or_default() += 1;
            }
        }
    }
    out
}

/// Links to the old site's pages, in every body, pointed at the new pages; returns
/// how many links changed, in how many posts.
fn rewrite_links(planned: &mut [PlannedPost], old: &OldSite) -> (usize, usize) {
    let rels: Vec<String> = (planned.iter())
        .map(|p| p.post.source.rel.to_string_lossy().replace('\\', "/"))
        .collect();
    fn page<'a>(rel: &'a str, p: &'a PlannedPost) -> links::Page<'a> {
        links::Page {
            old_url: p.old_url.as_deref(),
            aliases: &p.legacy,
            rel,
            new_path: &p.new_path,
            bundle: p.post.source.assets.as_deref().unwrap_or(&[]),
        }
    }
    let targets = links::Targets::new(
        planned.iter().enumerate().map(|(i, p)| page(&rels[i], p)),
        old.base_url.as_deref(),
    );
    let rewritten: Vec<links::Rewritten> = planned
        .iter()
        .enumerate()
        .map(|(i, p)| targets.rewrite(&p.post.body, &page(&rels[i], p)))
        .collect();
    let mut total = (0, 0);
    for (p, r) in planned.iter_mut().zip(rewritten) {
        p.beside = r.beside;
        if r.changed > 0 {
            p.post.body = r.body;
            total.0 += r.changed;
            total.1 += 1;
        }
    }
    total
}

/// Links to other posts (`{% post_url %}`, `{{< ref >}}`, `@/…`) become links to their
/// new pages; one to a post that is not there is listed.
fn resolve_links(planned: &mut [PlannedPost], config: &Config, lossy: &mut Vec<Diagnostic>) {
    if !planned
        .iter()
        .any(|p| crate::content::dialect::has_post_links(&p.post.body))
    {
        return;
    }
    let posts: Vec<Post> = planned
        .iter_mut()
        .map(|p| {
            let mut copy = p.post.clone();
            copy.body = std::mem::take(&mut p.post.body);
            copy.path = Some(Box::new(crate::content::post::Located {
                value: p.new_path.clone(),
                line: 1,
                column: 1,
            }));
            copy.redirects = Box::default();
            if let Some(s) = copy.seldom.take() {
                copy.seldom = Seldom {
                    expires: None,
                    ..*s
                }
                .boxed();
            }
            copy
        })
        .collect();
    let mut scratch = Vec::new();
    let selection = Selection {
        drafts: true,
        future: true,
        preview: false,
    };
    let mut site = Site::new(
        config.clone(),
        posts,
        Vec::new(),
        selection,
        jiff::Timestamp::now(),
        &mut scratch,
    );
    lossy.extend(crate::site::post_links::resolve_bodies(&mut site));
    let by_rel: HashMap<PathBuf, usize> = planned
        .iter()
        .enumerate()
        .map(|(i, p)| (p.post.source.rel.clone(), i))
        .collect();
    for sp in site.posts {
        if let Some(&i) = by_rel.get(&sp.post.source.rel) {
            planned[i].post.body = sp.post.body;
        }
    }
}
