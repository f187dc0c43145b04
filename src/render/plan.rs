//! The plan of a build: every file the site will have, and the collisions between
//! them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::feeds::{BLOGGER_FEED, Feed};
use super::{HOST_REDIRECTS, Job, NGINX_MAP, SITE_CARD, blog_pages, blog_path, card_path};
use crate::config::FeedFormat;
use crate::error::Diagnostic;
use crate::site::Site;
use crate::site::paging;
use crate::templates::StaticFile;

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
        if let Some(what) = crate::url::reserved(&file) {
            let (place, this) = describe(site, statics, &job);
            let d = Diagnostic::error(format!(
                "/{file} cannot be {this}: Bulletin uses that name itself ({what})"
            ))
            .help("change the URL: a slug, a legacy URL or a file name");
            diags.push(located(d, place));
        } else if let Some(prev) = jobs.get(&file) {
            diags.push(clash(site, statics, &file, prev, &job));
        } else {
            jobs.insert(file, job);
        }
    };
    // Paths Bulletin makes from safe segments (years, term segments, author ids).
    let page = |path: &str| crate::url::output_file(path).unwrap_or_else(|_| "index.html".into());
    // The file of each page of the listing at `path` of `count` posts, with its number.
    let per = site.config.posts_per_list_page;
    let listing = |path: &str, count: usize| -> Vec<(String, usize)> {
        (1..=paging::pages(count, per))
            .map(|n| (page(&paging::page_path(path, n)), n))
            .collect()
    };

    for (i, sp) in site.posts.iter().enumerate() {
        match crate::url::page_file(&sp.path) {
            Ok(file) => add(file, Job::Post(i), diags),
            Err(why) => diags.push(
                Diagnostic::error(format!("the post's URL {} cannot be used: {why}", sp.path))
                    .in_file(&sp.post.file)
                    .help("check `slug` and the `permalink` pattern of bulletin.yaml"),
            ),
        }
        if let (Some(assets), Some(_)) = (&sp.post.source.assets, sp.post.source.bundle_dir()) {
            let dir = crate::url::page_folder(&sp.path).trim_start_matches('/');
            for a in assets {
                let rel = a.to_string_lossy().replace('\\', "/");
                if rel.chars().any(crate::url::unfit) {
                    diags.push(
                        Diagnostic::error(format!(
                            "file name {rel:?} has a control character or a noncharacter"
                        ))
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
        for (file, n) in listing(&y.path, y.posts.len()) {
            add(file, Job::Year(i, n), diags);
        }
    }
    for t in site.taxonomies() {
        add(page(t.root()), Job::Terms(t), diags);
        for (i, g) in site.terms(t).iter().enumerate() {
            for (file, n) in listing(&g.path, g.posts.len()) {
                add(file, Job::Term(t, i, n), diags);
            }
        }
    }
    for feed in Feed::all(site) {
        add(page(&feed.rss_path(site)), Job::Rss(feed), diags);
        add(page(&feed.atom_path(site)), Job::Atom(feed), diags);
        if feed == Feed::Site {
            add(BLOGGER_FEED.into(), Job::Rss(feed), diags);
        }
    }
    for (i, r) in site.config.redirects.iter().enumerate() {
        add(r.file.clone(), Job::PageRedirect(i), diags);
    }
    for (file, format) in &site.config.legacy_feeds {
        let job = match format {
            FeedFormat::Rss => Job::Rss(Feed::Site),
            FeedFormat::Atom => Job::Atom(Feed::Site),
        };
        add(file.clone(), job, diags);
    }
    add("authors/index.html".into(), Job::Authors, diags);
    for (i, a) in site.authors.iter().enumerate() {
        for (file, n) in listing(&a.path, a.posts.len()) {
            add(file, Job::Author(i, n), diags);
        }
    }
    add("404.html".into(), Job::NotFound, diags);
    add("search/index.html".into(), Job::Search, diags);
    if site.config.social_cards {
        add(SITE_CARD.into(), Job::SiteCard, diags);
        for (i, sp) in site.posts.iter().enumerate() {
            add(
                card_path(&sp.path).trim_start_matches('/').to_string(),
                Job::Card(i),
                diags,
            );
        }
    }
    // A preview is not for search engines: no sitemap to find it by.
    if !site.preview {
        add("sitemap.xml".into(), Job::Sitemap, diags);
        let urls = super::context::SitemapPage::all(site, super::blog_pages(site)).len();
        for (k, part) in super::job::sitemap_parts(urls, super::job::SITEMAP_URLS)
            .into_iter()
            .enumerate()
        {
            add(part, Job::SitemapPart(k), diags);
        }
    }
    add("robots.txt".into(), Job::Robots, diags);
    add("search-index.json".into(), Job::PostList, diags);
    add(crate::search::MANIFEST.into(), Job::SearchManifest, diags);
    for n in 0..crate::search::shard_count(site.posts.len()) {
        add(crate::search::shard_file(n), Job::SearchShard(n), diags);
    }
    for n in 0..crate::search::doc_files(site.posts.len()) {
        add(crate::search::doc_file(n), Job::SearchDocs(n), diags);
    }
    if site.config.releases.is_some() && !site.series.is_empty() {
        add("latest.json".into(), Job::LatestJson, diags);
        add(page(crate::site::releases::RELEASES), Job::Releases, diags);
        for (i, g) in site.series.iter().enumerate() {
            add(page(&g.path), Job::Series(i), diags);
        }
        for (i, k) in site.kinds.iter().enumerate() {
            for (file, n) in listing(&k.path, k.posts.len()) {
                add(file, Job::Kind(i, n), diags);
            }
        }
    }
    add(HOST_REDIRECTS.into(), Job::HostRedirects, diags);
    if site.config.nginx_redirects {
        add(NGINX_MAP.into(), Job::NginxMap, diags);
    }
    for (name, file) in statics {
        // The site's own rules go into Bulletin's `_redirects`, first.
        if name == HOST_REDIRECTS {
            continue;
        }
        if name.chars().any(crate::url::unfit) {
            let shown = match file {
                StaticFile::Site { shown, .. } => shown.display().to_string(),
                StaticFile::Embedded(_) => name.clone(),
            };
            diags.push(
                Diagnostic::error(format!(
                    "static file name {name:?} has a control character or a noncharacter"
                ))
                .in_file(shown)
                .help("rename the file"),
            );
            continue;
        }
        add(name.clone(), Job::Static(name.clone()), diags);
    }
    for (i, r) in site.redirects.iter().enumerate() {
        add(r.file(), Job::Redirect(i), diags);
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
            let d = Diagnostic::error(format!(
                "/{file} cannot be written: /{parent} is a file ({owner_what}), so it cannot be a folder for {what}"
            ))
            .help("change the URL so that it does not start with the path of another file");
            diags.push(located(d, place));
        }
    }
    case_clashes(site, statics, &jobs, diags);
    crate::error::default_code(diags, from, "url-collision");
    jobs
}

/// Warns of output files whose paths differ only in case or Unicode normalization
/// (`/Tags/` and `/tags/`, `é` composed or not): macOS and Windows keep one file for
/// both, so a clone of the built site there loses one. (`check` makes it an error.)
fn case_clashes(
    site: &Site,
    statics: &BTreeMap<String, StaticFile>,
    jobs: &BTreeMap<String, Job>,
    diags: &mut Vec<Diagnostic>,
) {
    // Paths are sorted by a hash of their folded form first, and only paths of one
    // hash are compared: a map of every folded path would hold a copy of each (22 MB
    // at 100,000 posts).
    let fold_hash = |file: &str| xxhash_rust::xxh3::xxh3_64(crate::url::fold(file).as_bytes());
    let mut hashed: Vec<(u64, &str)> = (jobs.keys()).map(|f| (fold_hash(f), f.as_str())).collect();
    hashed.sort_unstable();
    let alike = hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1);
    for run in alike {
        let mut seen: std::collections::HashMap<std::borrow::Cow<'_, str>, &str> =
            std::collections::HashMap::new();
        for &(_, file) in run {
            let folded = crate::url::fold(file);
            let Some(other) = seen.get(&folded).copied() else {
                seen.insert(folded, file);
                continue;
            };
            case_clash(site, statics, jobs, (other, file), diags);
        }
    }
}

/// The warning of [`case_clashes`] for `other` and `file`, `other` first in order.
fn case_clash(
    site: &Site,
    statics: &BTreeMap<String, StaticFile>,
    jobs: &BTreeMap<String, Job>,
    (other, file): (&str, &str),
    diags: &mut Vec<Diagnostic>,
) {
    let (first, second) = older_first(site, &jobs[other], &jobs[file]);
    let (first_place, first_what) = describe(site, statics, first);
    let (place, what) = describe(site, statics, second);
    let d = Diagnostic::warning(format!(
        "/{other} and /{file} differ only in case or in how accents are encoded: \
         macOS and Windows keep one file for both ({first_what}; {what})"
    ))
    .code("case-collision")
    .help("rename one of them so that the paths differ in more than case");
    diags.push(located(d, place.or(first_place)));
}

/// Two jobs at one output file: located at the newer post's file (the one a pull
/// request adds), naming the other.
fn clash(
    site: &Site,
    statics: &BTreeMap<String, StaticFile>,
    file: &str,
    a: &Job,
    b: &Job,
) -> Diagnostic {
    let (other, this) = older_first(site, a, b);
    let (other_place, other_what) = describe(site, statics, other);
    let (place, what) = describe(site, statics, this);
    let d = Diagnostic::error(format!(
        "two things at one URL: /{} is already {other_what}, so it cannot also be {what}",
        file.trim_end_matches("index.html"),
    ))
    .help(
        if matches!((a, b), (Job::Post(_), Job::Post(_)))
            && !site.config.permalink.contains("{day}")
        {
            "change one of their slugs, or add {day} to `permalink` in bulletin.yaml if the \
             old blog's URLs had the day (Jekyll's do)"
        } else {
            "change one of them: a slug, a legacy URL or a file name"
        },
    );
    located(d, place.or(other_place))
}

/// Two jobs, the one to report at second: of two posts' jobs the newer post's (the one
/// a pull request adds), else a post's job rather than a page Bulletin makes.
fn older_first<'j>(site: &Site, a: &'j Job, b: &'j Job) -> (&'j Job, &'j Job) {
    let newer = |job: &Job| {
        post_of(site, job).map(|i| {
            let p = &site.posts[i].post;
            (p.date.timestamp(), &p.file)
        })
    };
    match (newer(a), newer(b)) {
        (Some(x), Some(y)) if x > y => (b, a),
        (Some(_), None) => (b, a),
        _ => (a, b),
    }
}

/// The post a job belongs to, if it does.
fn post_of(site: &Site, job: &Job) -> Option<usize> {
    match job {
        Job::Post(i) | Job::Card(i) | Job::Asset(i, _) => Some(*i),
        Job::Redirect(r) => Some(site.redirects[*r].to),
        _ => None,
    }
}

type Place = Option<(PathBuf, usize, usize)>;

/// `d` at `place`, when there is one.
fn located(d: Diagnostic, place: Place) -> Diagnostic {
    match place {
        Some((path, line, col)) => d.in_file(path).at(line, col),
        None => d,
    }
}

/// "page 3 of " for a listing's page after the first, for messages.
fn page_of(n: usize) -> String {
    if n > 1 {
        format!("page {n} of ")
    } else {
        String::new()
    }
}

fn describe(site: &Site, statics: &BTreeMap<String, StaticFile>, job: &Job) -> (Place, String) {
    match job {
        Job::Post(i) => {
            let p = &site.posts[*i].post;
            (
                Some((p.file.to_path_buf(), 1, 1)),
                format!("the post {}", p.file.display()),
            )
        }
        Job::Redirect(i) => {
            let r = &site.redirects[*i];
            let p = &site.posts[r.to].post;
            (
                Some((p.file.to_path_buf(), r.line, r.column)),
                format!("a legacy URL of {}", p.file.display()),
            )
        }
        Job::Asset(i, rel) => {
            let p = &site.posts[*i].post;
            (
                Some((p.file.to_path_buf(), 1, 1)),
                format!("the file {} of {}", rel.display(), p.file.display()),
            )
        }
        Job::Static(name) => match statics.get(name) {
            Some(StaticFile::Site { shown, .. }) => {
                (None, format!("the static file {}", shown.display()))
            }
            _ => (None, format!("the default theme's static file {name}")),
        },
        Job::Term(t, i, n) => (
            None,
            format!(
                "{}the page of {} '{}'",
                page_of(*n),
                t.singular(),
                site.terms(*t)[*i].name
            ),
        ),
        Job::Author(i, n) => (
            None,
            format!(
                "{}the page of author '{}'",
                page_of(*n),
                site.authors[*i].name
            ),
        ),
        Job::Home => (None, "the home page".into()),
        Job::Blog(n) => (None, format!("page {n} of the post list")),
        Job::Year(i, n) => (
            None,
            format!("{}the page of year {}", page_of(*n), site.years[*i].year),
        ),
        Job::Terms(t) => (None, format!("the {} index", t.singular())),
        Job::Authors => (None, "the author index".into()),
        Job::NotFound => (None, "the 404 page".into()),
        Job::Search => (None, "the search page".into()),
        Job::SiteCard => (None, "the site's social card".into()),
        Job::Card(i) => (
            Some((site.posts[*i].post.file.to_path_buf(), 1, 1)),
            format!("the social card of {}", site.posts[*i].post.file.display()),
        ),
        Job::Rss(feed) | Job::Atom(feed) => (None, feed_name(site, *feed)),
        Job::Sitemap => (None, "the sitemap".into()),
        Job::SitemapPart(k) => (None, format!("part {} of the sitemap", k + 1)),
        Job::Robots => (None, "robots.txt".into()),
        Job::PostList => (None, "the list of posts (search-index.json)".into()),
        Job::SearchManifest => (None, "the search index".into()),
        Job::SearchShard(n) => (None, format!("part {n} of the search index")),
        Job::SearchDocs(n) => (None, format!("results file {n} of the search index")),
        Job::LatestJson => (None, "the latest releases (latest.json)".into()),
        Job::Releases => (None, "the release index".into()),
        Job::Series(i) => (
            None,
            format!("the page of the {} series", site.series[*i].series),
        ),
        Job::Kind(i, n) => (
            None,
            format!(
                "{}the page of {} releases",
                page_of(*n),
                site.kinds[*i].name
            ),
        ),
        Job::HostRedirects => (None, "the redirect file for hosts".into()),
        Job::PageRedirect(i) => (
            None,
            format!(
                "the redirect from {} (`redirects` in bulletin.yaml)",
                site.config.redirects[*i].from
            ),
        ),
        Job::NginxMap => (None, "the nginx redirect map".into()),
    }
}

/// "the site's feed", "the feed of tag 'security'", for messages.
fn feed_name(site: &Site, feed: Feed) -> String {
    match feed {
        Feed::Site => "the site's feed".into(),
        Feed::Term(t, i) => format!("the feed of {} '{}'", t.singular(), site.terms(t)[i].name),
        Feed::Series(i) => format!("the feed of the {} series", site.series[i].series),
        Feed::Kind(i) => format!("the feed of {} releases", site.kinds[i].name),
    }
}

/// How a static host serves `path` (a path on the site, no query or fragment): the
/// file itself, the folder's `index.html`, or the page written as `path.html` (a post
/// whose permalink ends in neither `/` nor `.html`). Ok(None) when the site has none;
/// Err when the path cannot be a file at all.
pub fn served_file(jobs: &BTreeMap<String, Job>, path: &str) -> Result<Option<String>, String> {
    let file = crate::url::output_file(path)?;
    if jobs.contains_key(&file) {
        return Ok(Some(file));
    }
    // Files without an extension: /feeds/posts/default, /CNAME, a bundle's LICENSE.
    let exact = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    if jobs.contains_key(&exact) {
        return Ok(Some(exact));
    }
    if !path.ends_with('/')
        && let Ok(page) = crate::url::page_file(path)
        && jobs.contains_key(&page)
    {
        return Ok(Some(page));
    }
    Ok(None)
}
