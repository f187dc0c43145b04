//! Jekyll's layout and config: `_posts` folders, `permalink` (site-wide and in
//! `defaults`, by path), `exclude`, the feed, author data and drafts.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::unknown_note;
use crate::config::FeedFormat;
use crate::error::Diagnostic;
use crate::import::old_site::{OldSite, bcp47, first_file, read_config, text_at};
use crate::import::old_url::Rule;
use crate::url::{HeadingIdStyle, SlugStyle};

/// `_posts` and `<folder>/_posts` (Jekyll's categories by folder).
pub(in crate::import) fn jekyll_posts(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if src.join("_posts").is_dir() {
        out.push("_posts".to_string());
    }
    let mut more: Vec<String> = std::fs::read_dir(src)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (!name.starts_with(['.', '_']) && e.path().join("_posts").is_dir())
                .then(|| format!("{name}/_posts"))
        })
        .collect();
    more.sort();
    out.extend(more);
    out
}

pub(in crate::import) fn jekyll(src: &Path, site: &mut OldSite) -> Result<(), Diagnostic> {
    site.posts = jekyll_posts(src);
    // Jekyll makes any file name a URL; the old URL is worked out from the name itself.
    site.slug_style = SlugStyle::Slugify;
    site.static_dirs = vec![String::new()];
    site.heading_ids = HeadingIdStyle::Github;
    site.smart_punctuation = true;
    site.definition_lists = true;
    let mut cfg = Map::new();
    if let Some(c) = first_file(src, &["_config.yml", "_config.yaml", "_config.toml"]) {
        cfg = read_config(src, c.as_ref())?;
        site.config_file = Some(c);
    }
    site.title = text_at(&cfg, &["title"]);
    site.description = text_at(&cfg, &["description"]);
    let base_path = text_at(&cfg, &["baseurl"]).unwrap_or_default();
    site.base_url = text_at(&cfg, &["url"]).map(|u| {
        format!(
            "{}/{}",
            u.trim_end_matches('/'),
            base_path.trim_matches('/')
        )
    });
    site.language = text_at(&cfg, &["lang"])
        .or_else(|| text_at(&cfg, &["locale"]))
        .map(|l| bcp47(&l));
    site.author = text_at(&cfg, &["author"]).or_else(|| text_at(&cfg, &["author", "name"]));
    site.time_zone = text_at(&cfg, &["timezone"]);
    let (permalink, scoped) = jekyll_permalink(&cfg);
    site.rule = Rule::Jekyll { permalink, scoped };
    site.excluded = jekyll_excluded(&cfg);
    if let Rule::Jekyll { permalink, scoped } = site.rule.clone() {
        for p in std::iter::once(&permalink).chain(scoped.iter().map(|(_, p)| p)) {
            unknown_note(site, p, &crate::import::old_url::JEKYLL_TOKENS);
        }
    }
    let feed = text_at(&cfg, &["feed", "path"]).unwrap_or_else(|| "feed.xml".to_string());
    let plugins = cfg.get("plugins").or(cfg.get("gems"));
    let has_feed = plugins
        .and_then(Value::as_array)
        .is_some_and(|p| p.iter().any(|v| v.as_str() == Some("jekyll-feed")));
    if has_feed {
        site.feeds.push((
            format!("/{}", feed.trim_start_matches('/')),
            FeedFormat::Atom,
        ));
    }
    for data in [
        "_data/authors.yml",
        "_data/authors.yaml",
        "_data/authors.json",
    ] {
        if src.join(data).is_file() {
            site.author_data.push(PathBuf::from(data));
        }
    }
    let collections = cfg.get("collections").and_then(Value::as_object);
    for (name, c) in collections
        .into_iter()
        .flatten()
        .filter(|(n, _)| *n != "posts")
    {
        if c.get("output").and_then(Value::as_bool) == Some(true) {
            site.notes.push(format!(
                "the collection `{name}` (_{name}/) is not imported: only posts are; its pages \
                 answer no more unless they move too"
            ));
        }
    }
    if src.join("_drafts").is_dir() {
        site.notes.push(
            "_drafts/ is not imported: Jekyll's drafts have no date; start each again with \
             `bulletin new`"
                .to_string(),
        );
    }
    Ok(())
}

/// What Jekyll leaves out of the site: `exclude` (names or globs, a folder with what it
/// holds) and what it leaves out by default.
fn jekyll_excluded(cfg: &Map<String, Value>) -> globset::GlobSet {
    const DEFAULTS: [&str; 6] = [
        "Gemfile",
        "Gemfile.lock",
        "node_modules",
        "vendor/bundle",
        "vendor/cache",
        "vendor/ruby",
    ];
    let given = (cfg
        .get("exclude")
        .and_then(Value::as_array)
        .into_iter()
        .flatten())
    .filter_map(Value::as_str);
    let mut set = globset::GlobSetBuilder::new();
    for name in DEFAULTS.into_iter().chain(given) {
        let name = name.trim_matches('/');
        for pattern in [name.to_string(), format!("{name}/**")] {
            if let Ok(g) = globset::Glob::new(&pattern) {
                set.add(g);
            }
        }
    }
    set.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// The permalink of posts: the last `defaults` entry for posts that sets one, else the
/// site's, else Jekyll's default (`date`).
fn jekyll_permalink(cfg: &Map<String, Value>) -> (String, Vec<(String, String)>) {
    // (path, typed, permalink) of each `defaults` entry for posts that sets one.
    let mut entries: Vec<(String, bool, String)> = Vec::new();
    for d in (cfg.get("defaults").and_then(Value::as_array))
        .into_iter()
        .flatten()
    {
        let scope = d.get("scope");
        let kind = scope.and_then(|s| s.get("type")).and_then(Value::as_str);
        let path = (scope.and_then(|s| s.get("path")).and_then(Value::as_str)).unwrap_or("");
        let permalink = (d.get("values").and_then(|v| v.get("permalink"))).and_then(Value::as_str);
        if let Some(p) = permalink
            && matches!(kind, None | Some("posts"))
        {
            // A glob scope counts up to its first `*`.
            let path = path.split('*').next().unwrap_or("").trim_matches('/');
            entries.push((path.to_string(), kind.is_some(), p.to_string()));
        }
    }
    // The most specific entry wins: the longer path, then the one naming the type, then
    // the later one.
    entries.reverse();
    entries.sort_by_key(|e| std::cmp::Reverse((e.0.len(), e.1)));
    let site_wide = (entries.iter().filter(|e| e.0.is_empty()))
        .map(|e| e.2.clone())
        .next()
        .or_else(|| text_at(cfg, &["collections", "posts", "permalink"]))
        .or_else(|| text_at(cfg, &["permalink"]))
        .unwrap_or_else(|| "date".to_string());
    let scoped = (entries.into_iter().filter(|e| !e.0.is_empty()))
        .map(|(path, _, p)| (path, p))
        .collect();
    (site_wide, scoped)
}
