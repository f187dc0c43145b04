//! The plan of a build: every file the site will have, and the collisions between
//! them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{HOST_REDIRECTS, Job, NGINX_MAP, POST_CARD, SITE_CARD, blog_pages, blog_path};
use crate::error::Diagnostic;
use crate::site::Site;
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
