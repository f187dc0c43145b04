//! Each generator's config and layout, read into an [`OldSite`]: where its posts are,
//! its URL rule, feeds, static folders, author data, and how it rendered Markdown.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::old_site::{
    OldSite, any_case, any_case_text, bcp47, first_dir, first_file, read_config, text_at,
};
use super::old_url::Rule;
use crate::config::FeedFormat;
use crate::error::Diagnostic;
use crate::url::{HeadingIdStyle, SlugStyle};

mod jekyll;
pub(super) use jekyll::{jekyll, jekyll_posts};

pub(super) const HUGO_CONFIGS: [&str; 16] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config/_default/hugo.yml",
    "config/_default/hugo.json",
    "config/_default/config.toml",
    "config/_default/config.yaml",
    "config/_default/config.yml",
    "config/_default/config.json",
];

/// Hugo's config folder: its files besides `hugo.*` each hold one key of the config
/// (`permalinks.toml`, `params.yaml`, `languages.toml`).
const HUGO_CONFIG_DIR: &str = "config/_default";

/// Adds the files of Hugo's config folder to `cfg`: `hugo.*` or `config.*` key by key
/// (what `cfg` has wins), every other file under the key its name says.
fn hugo_config_dir(src: &Path, cfg: &mut Map<String, Value>) -> Result<(), Diagnostic> {
    let dir = src.join(HUGO_CONFIG_DIR);
    if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["toml", "yaml", "yml", "json"].contains(&&*e.to_string_lossy()))
        })
        .collect();
    files.sort();
    for file in files {
        let Some(stem) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let rel = Path::new(HUGO_CONFIG_DIR).join(file.file_name().unwrap_or_default());
        let map = read_config(src, &rel)?;
        if stem == "hugo" || stem == "config" {
            for (k, v) in map {
                cfg.entry(k).or_insert(v);
            }
        } else {
            cfg.entry(stem).or_insert(Value::Object(map));
        }
    }
    Ok(())
}

/// Notes a permalink whose placeholders the import does not know.
pub(super) fn unknown_note(site: &mut OldSite, permalink: &str, known: &[&str]) {
    let unknown = super::old_url::unknown_tokens(permalink, known);
    if !unknown.is_empty() {
        site.notes.push(format!(
            "the permalink `{permalink}` has {}, which the import does not know: those \
             posts' old URLs are not known; pass --old-urls with the pattern the site used",
            unknown.join(", ")
        ));
    }
}

/// The languages of the config's `languages` table other than the default one.
fn other_languages(cfg: &Map<String, Value>, default_key: &str, default: &str) -> Vec<String> {
    let default = any_case_text(cfg, default_key).unwrap_or_else(|| default.to_string());
    match any_case(cfg, "languages") {
        Some(Value::Object(langs)) => (langs.keys())
            .filter(|k| !k.eq_ignore_ascii_case(&default))
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// The content folder of a Hugo site: `contentDir`, or the default language's folder
/// when `content/` holds only language folders (`content/en/`).
fn hugo_content_dir(src: &Path, cfg: &Map<String, Value>, site: &mut OldSite) -> String {
    let lang = any_case_text(cfg, "defaultContentLanguage").unwrap_or_else(|| "en".to_string());
    let from_lang = any_case(cfg, "languages")
        .and_then(|l| l.get(&lang))
        .and_then(Value::as_object)
        .and_then(|l| any_case_text(l, "contentDir"));
    if let Some(dir) = from_lang.or_else(|| any_case_text(cfg, "contentDir")) {
        let inside = !dir.starts_with('/')
            && !dir.contains('\\')
            && dir
                .split('/')
                .all(|seg| seg != ".." && !seg.starts_with('.') || seg == ".");
        if inside {
            return dir.trim_matches('/').to_string();
        }
        site.notes.push(format!(
            "contentDir {dir:?} is outside the old site: content/ is read instead"
        ));
    }
    let lang_dir = format!("content/{lang}");
    let only_folders = std::fs::read_dir(src.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .all(|e| e.path().is_dir());
    if only_folders && src.join(&lang_dir).is_dir() {
        site.notes.push(format!(
            "{lang_dir}/ taken as the content folder of the default language `{lang}`, \
             served at the site's root"
        ));
        return lang_dir;
    }
    "content".to_string()
}

/// The folders of `content` whose pages are posts: those in `mainSections`, else each
/// top-level section where most pages are dated.
fn dated_sections(src: &Path, content: &str, named: &[String]) -> Vec<String> {
    // A content folder that is a link may lead out of the old site: not looked into.
    if !src
        .join(content)
        .symlink_metadata()
        .is_ok_and(|m| m.is_dir())
    {
        return Vec::new();
    }
    let mut dirs: Vec<String> = std::fs::read_dir(src.join(content))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    dirs.sort();
    if !named.is_empty() {
        dirs.retain(|d| named.contains(d));
        return dirs.into_iter().map(|d| format!("{content}/{d}")).collect();
    }
    dirs.into_iter()
        .map(|d| format!("{content}/{d}"))
        .filter(|d| {
            let (pages, dated) = count_dated(&src.join(d));
            pages > 0 && dated * 2 > pages
        })
        .collect()
}

/// Markdown pages below `dir` (section files aside), and how many state a date. A
/// folder that is a link is not looked into: it may lead out of the old site.
fn count_dated(dir: &Path) -> (usize, usize) {
    if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return (0, 0);
    }
    let mut pages = 0;
    let mut dated = 0;
    for p in markdown_below(dir, 8) {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if name.starts_with('_') {
            continue;
        }
        pages += 1;
        let in_name = crate::content::split_date_prefix(&name).0.is_some();
        if in_name
            || std::fs::read_to_string(&p).is_ok_and(|t| crate::content::post::states_a_date(&t))
        {
            dated += 1;
        }
    }
    (pages, dated)
}

/// The Markdown files below `dir`, `depth` folders deep at most; hidden folders and
/// links to folders are not entered.
fn markdown_below(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let Ok(kind) = e.file_type() else { continue };
        let p = e.path();
        if kind.is_dir() && depth > 0 && !e.file_name().to_string_lossy().starts_with('.') {
            out.extend(markdown_below(&p, depth - 1));
        } else if kind.is_file() && is_markdown(&p) {
            out.push(p);
        }
    }
    out
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x == "md" || x == "markdown" || x == "mdx")
}

pub(super) fn hugo(src: &Path, site: &mut OldSite) -> Result<(), Diagnostic> {
    let mut cfg = Map::new();
    if let Some(c) = first_file(src, &HUGO_CONFIGS[..8]) {
        cfg = read_config(src, c.as_ref())?;
        site.config_file = Some(c);
    }
    hugo_config_dir(src, &mut cfg)?;
    if site.config_file.is_none() && src.join(HUGO_CONFIG_DIR).is_dir() {
        site.config_file = Some(format!("{HUGO_CONFIG_DIR}/"));
    }
    site.slug_style = SlugStyle::Lowercase;
    site.undated_oldest = true;
    site.heading_ids = HeadingIdStyle::Github;
    site.smart_punctuation = true;
    site.definition_lists = true;
    site.emoji_shortcodes = any_case(&cfg, "enableEmoji").and_then(Value::as_bool) == Some(true);
    site.title = any_case_text(&cfg, "title");
    let params = any_case(&cfg, "params").and_then(Value::as_object);
    site.description = params.and_then(|p| any_case_text(p, "description"));
    site.author = params
        .and_then(|p| any_case_text(p, "author"))
        .or_else(|| any_case_text(&cfg, "author"));
    site.base_url = any_case_text(&cfg, "baseURL");
    site.language = any_case_text(&cfg, "languageCode")
        .or_else(|| any_case_text(&cfg, "defaultContentLanguage"))
        .map(|l| bcp47(&l));
    site.time_zone = any_case_text(&cfg, "timeZone");
    site.translations = other_languages(&cfg, "defaultContentLanguage", "en");
    let content = hugo_content_dir(src, &cfg, site);
    let named: Vec<String> = params
        .and_then(|p| any_case(p, "mainSections"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    site.posts = dated_sections(src, &content, &named);
    let mut permalinks = Map::new();
    if let Some(Value::Object(p)) = any_case(&cfg, "permalinks") {
        permalinks = p.clone();
        if let Some(Value::Object(page)) = p.get("page") {
            permalinks = page.clone();
        }
    }
    site.rule = Rule::Hugo {
        content,
        permalinks: permalinks
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
            .collect(),
        lower: any_case(&cfg, "disablePathToLower").and_then(Value::as_bool) != Some(true),
        ugly: any_case(&cfg, "uglyURLs").and_then(Value::as_bool) == Some(true),
        language: if any_case(&cfg, "defaultContentLanguageInSubdir").and_then(Value::as_bool)
            == Some(true)
        {
            let lang = any_case_text(&cfg, "defaultContentLanguage").unwrap_or_else(|| "en".into());
            format!("/{}", lang.to_lowercase())
        } else {
            String::new()
        },
    };
    if let Rule::Hugo { permalinks, .. } = site.rule.clone() {
        for p in permalinks.values() {
            unknown_note(site, p, &super::old_url::HUGO_TOKENS);
        }
    }
    let language = match &site.rule {
        Rule::Hugo { language, .. } => language.clone(),
        _ => String::new(),
    };
    site.feeds
        .push((format!("{language}/index.xml"), FeedFormat::Rss));
    for p in &site.posts {
        if let Some(section) = p.rsplit('/').next() {
            site.feeds
                .push((format!("{language}/{section}/index.xml"), FeedFormat::Rss));
        }
    }
    site.static_dirs = vec!["static".to_string()];
    for data in [
        "data/authors",
        "data/authors.yaml",
        "data/authors.yml",
        "data/authors.toml",
        "data/authors.json",
    ] {
        if src.join(data).exists() {
            site.author_data.push(PathBuf::from(data));
        }
    }
    Ok(())
}

pub(super) fn zola(src: &Path, site: &mut OldSite) -> Result<(), Diagnostic> {
    let mut cfg = Map::new();
    if src.join("config.toml").is_file() {
        cfg = read_config(src, "config.toml".as_ref())?;
        site.config_file = Some("config.toml".to_string());
    }
    site.slug_style = SlugStyle::Slugify;
    site.heading_ids = HeadingIdStyle::Zola;
    site.title = text_at(&cfg, &["title"]);
    site.description = text_at(&cfg, &["description"]);
    site.author = text_at(&cfg, &["author"]);
    site.base_url = text_at(&cfg, &["base_url"]);
    site.language = text_at(&cfg, &["default_language"]).map(|l| bcp47(&l));
    site.smart_punctuation = cfg
        .get("markdown")
        .and_then(|m| m.get("smart_punctuation"))
        .and_then(Value::as_bool)
        == Some(true);
    site.translations = other_languages(&cfg, "default_language", "en");
    site.posts = dated_sections(src, "content", &[]);
    let slugify = text_at(&cfg, &["slugify", "paths"]).unwrap_or_else(|| "on".to_string());
    site.rule = Rule::Zola {
        slugify: slugify != "off" && slugify != "safe",
    };
    let feeds_on = [cfg.get("generate_feeds"), cfg.get("generate_feed")]
        .iter()
        .any(|v| v.and_then(|v| v.as_bool()) == Some(true));
    if feeds_on {
        let names: Vec<String> = match cfg.get("feed_filenames").or(cfg.get("feed_filename")) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => vec!["atom.xml".to_string()],
        };
        for n in names {
            let format = if n.contains("rss") {
                FeedFormat::Rss
            } else {
                FeedFormat::Atom
            };
            site.feeds.push((format!("/{n}"), format));
        }
    }
    site.static_dirs = vec!["static".to_string()];
    Ok(())
}

/// The first of the usual posts folders under `root` (relative to the source).
fn usual_posts(src: &Path, root: &str) -> Option<String> {
    let join = |n: &str| {
        if root.is_empty() {
            n.to_string()
        } else {
            format!("{root}/{n}")
        }
    };
    [
        "blog/posts",
        "blog",
        "posts",
        "_posts",
        "news",
        "post",
        "articles",
    ]
    .iter()
    .map(|n| join(n))
    .find(|d| {
        let (pages, _) = count_dated(&src.join(d));
        pages > 0
    })
}

pub(super) fn vuepress(src: &Path, site: &mut OldSite) {
    let root = first_dir(src, &["docs/.vuepress", "src/.vuepress"])
        .map(|d| d.trim_end_matches("/.vuepress").to_string())
        .unwrap_or_default();
    site.heading_ids = HeadingIdStyle::Vuepress;
    site.emoji_shortcodes = true;
    site.posts.extend(usual_posts(src, &root));
    site.rule = Rule::Route {
        root: root.clone(),
        html: true,
        slash: false,
    };
    let public = if root.is_empty() {
        ".vuepress/public".to_string()
    } else {
        format!("{root}/.vuepress/public")
    };
    // VuePress serves only `.vuepress/public` at the root (a post's relative images
    // come over from beside it).
    site.static_dirs = vec![public];
}

pub(super) fn next(src: &Path, site: &mut OldSite) {
    site.heading_ids = HeadingIdStyle::Github;
    for content in [
        "src/content",
        "content",
        "src/pages",
        "pages",
        "src/app",
        "app",
        "",
    ] {
        if let Some(p) = usual_posts(src, content) {
            site.posts.push(p);
            site.rule = Rule::Route {
                root: content.to_string(),
                html: false,
                slash: false,
            };
            break;
        }
    }
    site.static_dirs = vec!["public".to_string()];
}

pub(super) fn astro(src: &Path, site: &mut OldSite) {
    site.heading_ids = HeadingIdStyle::Github;
    site.static_dirs = vec!["public".to_string()];
    let collection_posts = ["src/content", "content"]
        .iter()
        .find_map(|root| Some((*root, usual_posts(src, root)?)));
    if let Some((root, p)) = collection_posts {
        let authors = format!("{root}/authors");
        if src.join(&authors).is_dir() {
            site.author_data.push(PathBuf::from(authors));
        }
        let collection = p.rsplit('/').next().unwrap_or("blog").to_string();
        site.notes.push(format!(
            "old URLs taken as /{collection}/<slug>/, the usual route of a content \
             collection; pass --old-urls if the site's pages say otherwise"
        ));
        // An entry's slug is its path in the collection, in lower case.
        site.rule = Rule::Pattern(format!("/{collection}/{{section}}/{{slug}}/"));
        site.slug_style = SlugStyle::Lowercase;
        site.posts.push(p);
    } else if let Some(p) = usual_posts(src, "src/pages") {
        site.posts.push(p);
        site.rule = Rule::Route {
            root: "src/pages".to_string(),
            html: false,
            slash: true,
        };
    }
    site.feeds.push(("/rss.xml".to_string(), FeedFormat::Rss));
}

pub(super) fn markdown(src: &Path, site: &mut OldSite) {
    let (direct, _) = count_dated_direct(src);
    if direct > 0 {
        site.posts.push(String::new());
    } else {
        let found = ["", "content", "src/content"]
            .iter()
            .find_map(|r| usual_posts(src, r));
        site.posts.extend(found);
    }
    site.notes.push(
        "a folder of Markdown has no URL rules: old URLs are known only with --old-urls"
            .to_string(),
    );
}

/// Markdown files directly in `dir` (not below).
fn count_dated_direct(dir: &Path) -> (usize, usize) {
    (markdown_below(dir, 0).len(), 0)
}
