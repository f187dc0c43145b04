//! The site config, `bulletin.yaml` at the source root.
//!
//! Strict on purpose: an unknown key is an error (a typo must not pass silently). The
//! raw file is [`RawConfig`]; [`Config`] is the resolved form the pipeline uses, with
//! command-line overrides already applied and the base URL and permalink checked.

use std::path::Path;

use serde::Deserialize;

use crate::badges::{BadgesConfig, Rules};
use crate::content::front_matter;
use crate::error::Diagnostic;
use crate::fsutil::FileError;
use crate::url::{BaseUrl, SlugStyle};

mod identity;
mod legacy;
pub use identity::{Identity, Link, missing_logo};
pub use legacy::{FeedFormat, PageRedirect};
use legacy::{feed_files, page_redirects};

/// The config file's name at the source root.
pub const CONFIG_FILE: &str = "bulletin.yaml";

/// `bulletin.yaml` as written. Every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    logo: Option<String>,
    tagline: Option<String>,
    #[serde(default)]
    footer: Vec<identity::RawLink>,
    copyright: Option<String>,
    licence: Option<identity::RawLink>,
    posts_per_page: Option<usize>,
    posts_per_list_page: Option<usize>,
    home_posts: Option<usize>,
    feed_limit: Option<usize>,
    term_feeds: Option<bool>,
    permalink: Option<String>,
    posts: Option<Vec<String>>,
    slug_style: Option<SlugStyle>,
    permalink_date: Option<PermalinkDate>,
    undated: Option<Undated>,
    heading_ids: Option<crate::url::HeadingIdStyle>,
    smart_punctuation: Option<bool>,
    emoji_shortcodes: Option<bool>,
    autolink: Option<bool>,
    definition_lists: Option<bool>,
    default_author: Option<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    badges: BadgesConfig,
    social_cards: Option<bool>,
    nginx_redirects: Option<bool>,
    #[serde(default)]
    legacy_feeds: std::collections::BTreeMap<String, FeedFormat>,
    #[serde(default)]
    redirects: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    check: CheckConfig,
    releases: Option<crate::version::RawReleases>,
}

/// The `check` section: findings a site has decided to live with.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Finding code → paths (globs, relative to the site's folder) where it is not
    /// reported: `image-alt: ["content/posts/2011-*/**"]`.
    #[serde(default)]
    ignore: std::collections::BTreeMap<String, Vec<String>>,
    /// Paths of the site's host that other software serves (the rest of the site a blog
    /// is part of, like `/docs/`): links under them are not checked.
    #[serde(default)]
    elsewhere: Vec<String>,
}

/// Finding codes silenced for some paths.
#[derive(Debug, Clone, Default)]
pub struct Ignored(Vec<(String, globset::GlobSet)>);

impl Ignored {
    /// True when findings of `code` in `path` (relative to the site's folder) are
    /// silenced.
    pub fn covers(&self, code: &str, path: &Path) -> bool {
        self.0
            .iter()
            .any(|(c, set)| c == code && set.is_match(path))
    }
}

/// The resolved site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One-line description, for the home page, feeds and search engines.
    pub description: String,
    /// Logo, tagline, footer links, copyright and licence.
    pub identity: Identity,
    /// Where the site is deployed.
    pub base_url: BaseUrl,
    /// Whether `bulletin.yaml` or `--base-url` gave it (else it is `http://localhost/`,
    /// right for nothing that is deployed).
    pub base_url_given: bool,
    /// `lang` of the pages (BCP 47).
    pub language: String,
    /// Posts per `/blog/` page.
    pub posts_per_page: usize,
    /// Posts per page of a year's, a tag's, a category's, an author's or a kind of
    /// release's listing.
    pub posts_per_list_page: usize,
    /// Posts on the home page.
    pub home_posts: usize,
    /// Posts in each feed.
    pub feed_limit: usize,
    /// A feed (RSS and Atom) for each tag and category, besides the site's.
    pub term_feeds: bool,
    /// Where posts go: `/{year}/{month}/{slug}/` by default.
    pub permalink: String,
    /// The folders holding posts, relative to the site's folder (`content/posts`).
    pub posts: Vec<String>,
    /// How a file or folder name becomes a slug.
    pub slug_style: SlugStyle,
    /// Where the year, month and day of a post's URL come from.
    pub permalink_date: PermalinkDate,
    /// What a post with no date anywhere is.
    pub undated: Undated,
    /// How a heading's text becomes its id.
    pub heading_ids: crate::url::HeadingIdStyle,
    /// Typographic quotes, dashes and ellipses in posts (`--` becomes `–`).
    pub smart_punctuation: bool,
    /// GitHub's emoji shortcodes in posts (`:tada:`) as emoji.
    pub emoji_shortcodes: bool,
    /// Bare URLs in posts made links, as GitHub Flavored Markdown does.
    pub autolink: bool,
    /// `Term` then `: definition` lines as definition lists (Hugo, Jekyll).
    pub definition_lists: bool,
    /// Author of posts that name none.
    pub default_author: Option<String>,
    /// Anything else for templates, as `site.extra`.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// How links become reference badges.
    pub badges: Rules,
    /// Render an Open Graph image for the site and each post.
    pub social_cards: bool,
    /// Also write the legacy URLs as an nginx `map` file (`nginx-redirects.map`).
    pub nginx_redirects: bool,
    /// Old feed URLs where the site's feed is written again, in the format each had
    /// (`/feed.xml: atom`), so readers subscribed there keep getting posts.
    pub legacy_feeds: Vec<(String, FeedFormat)>,
    /// Old URLs of pages that are not posts (the old blog's listing, a section's
    /// alias), each with where it now goes: a redirect page there, and a 301 in the
    /// host files.
    pub redirects: Vec<PageRedirect>,
    /// What `bulletin check` does not report, by code and path.
    pub check_ignore: Ignored,
    /// Path prefixes other software serves on the site's host: links there are not
    /// checked.
    pub check_elsewhere: Vec<String>,
    /// How posts' versions are read (scheme, series, title patterns); `None` with
    /// `releases: false`.
    pub releases: Option<crate::version::Releases>,
}

/// Where the year, month and day of a post's URL come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermalinkDate {
    /// The post's date (front matter, else the path).
    #[default]
    Post,
    /// The date in the post's path (`2024-01-02-x.md`, `2024/01/02/x.md`), as routes of
    /// Next.js, nanoc or VuePress are; the post's own date when its path has none.
    Path,
}

/// What a post with no date in its front matter or path is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Undated {
    /// An error at the post.
    #[default]
    Error,
    /// Dated 0001-01-01, listed last, with a warning: what Hugo does.
    Oldest,
}

/// The posts folder when the config names none.
pub const DEFAULT_POSTS: &str = "content/posts";

/// Command-line settings that win over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
}

const DEFAULT_BASE_URL: &str = "http://localhost/";
const PERMALINK_TOKENS: [&str; 5] = ["{year}", "{month}", "{day}", "{slug}", "{section}"];

impl Config {
    /// Reads `bulletin.yaml` from `source` (all defaults when there is none) and applies
    /// the overrides. `shown` is how the source folder is shown in messages.
    pub fn load(source: &Path, shown: &Path, overrides: &Overrides) -> Result<Self, Diagnostic> {
        Self::load_with_text(source, shown, overrides).map(|(config, _)| config)
    }

    /// [`Config::load`], with the text the config was read from (empty when there is
    /// no file): what `serve` fingerprints, so that the fingerprint is that of the
    /// config in use.
    pub fn load_with_text(
        source: &Path,
        shown: &Path,
        overrides: &Overrides,
    ) -> Result<(Self, String), Diagnostic> {
        let file = source.join(CONFIG_FILE);
        let shown_file = shown.join(CONFIG_FILE);
        let text = match crate::fsutil::Fence::new(source).read_to_string(&file) {
            Ok(text) => text,
            Err(FileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                // The override is checked first: a bad `--base-url` is the problem to fix.
                check_override(overrides)?;
                return Err(e.diagnostic("read the config", &shown_file).code("config"));
            }
        };
        Self::from_text(&text, &shown_file, overrides).map(|config| (config, text))
    }

    /// Reads the text of a config file (empty text, as a missing file, is all defaults)
    /// and applies the overrides. `shown_file` is how the file is shown in messages.
    pub fn from_text(
        text: &str,
        shown_file: &Path,
        overrides: &Overrides,
    ) -> Result<Self, Diagnostic> {
        check_override(overrides)?;
        let raw = front_matter::from_yaml::<RawConfig>(text).map_err(|e| {
            let (message, help) = match unknown_key(&e.message) {
                Some(found) => found,
                None => (
                    e.message,
                    "fix the value in bulletin.yaml; the README's `bulletin.yaml` table lists every key"
                        .to_string(),
                ),
            };
            let mut d = Diagnostic::error(message)
                .code("config")
                .in_file(shown_file)
                .help(help);
            if let Some(line) = e.line {
                d = d.at(line, e.column.unwrap_or(1));
            }
            d
        })?;
        Self::resolve(raw, overrides).map_err(|(key, msg)| {
            let mut d = Diagnostic::error(msg)
                .code("config")
                .in_file(shown_file)
                .help("fix the value in bulletin.yaml");
            if let Some((line, col)) = key_at(text, key) {
                d = d.at(line, col);
            }
            d
        })
    }

    /// Applies defaults and overrides, and checks the values. An error names the key
    /// whose value is wrong.
    pub fn resolve(raw: RawConfig, overrides: &Overrides) -> Result<Self, (&'static str, String)> {
        let RawConfig {
            title,
            description,
            logo,
            tagline,
            footer,
            copyright,
            licence,
            base_url,
            language,
            posts_per_page,
            posts_per_list_page,
            home_posts,
            feed_limit,
            term_feeds,
            permalink,
            posts,
            slug_style,
            permalink_date,
            undated,
            heading_ids,
            smart_punctuation,
            emoji_shortcodes,
            autolink,
            definition_lists,
            default_author,
            extra,
            badges,
            social_cards,
            nginx_redirects,
            legacy_feeds,
            redirects,
            check,
            releases,
        } = raw;
        let given = overrides.base_url.clone().or(base_url);
        let base_url_given = given.is_some();
        let base = given.unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        let base_url = BaseUrl::parse(&base).map_err(|e| ("base_url", e))?;
        let permalink = permalink.unwrap_or_else(|| "/{year}/{month}/{slug}/".to_string());
        check_permalink(&permalink).map_err(|e| ("permalink", e))?;
        let posts = posts.unwrap_or_else(|| vec![DEFAULT_POSTS.to_string()]);
        check_posts(&posts).map_err(|e| ("posts", e))?;
        let positive = |name: &'static str, v: Option<usize>, default: usize| match v {
            Some(0) => Err((name, format!("`{name}` must be at least 1"))),
            Some(n) => Ok(n),
            None => Ok(default),
        };
        Ok(Self {
            title: title.unwrap_or_else(|| "Bulletin".to_string()),
            description: description.unwrap_or_default(),
            identity: Identity::resolve(logo, tagline, footer, copyright, licence)?,
            base_url,
            base_url_given,
            language: language.unwrap_or_else(|| "en".to_string()),
            posts_per_page: positive("posts_per_page", posts_per_page, 20)?,
            posts_per_list_page: positive("posts_per_list_page", posts_per_list_page, 250)?,
            home_posts: positive("home_posts", home_posts, 10)?,
            feed_limit: positive("feed_limit", feed_limit, 50)?,
            term_feeds: term_feeds.unwrap_or(true),
            permalink,
            posts,
            slug_style: slug_style.unwrap_or_default(),
            permalink_date: permalink_date.unwrap_or_default(),
            undated: undated.unwrap_or_default(),
            heading_ids: heading_ids.unwrap_or_default(),
            smart_punctuation: smart_punctuation.unwrap_or(true),
            emoji_shortcodes: emoji_shortcodes.unwrap_or(false),
            autolink: autolink.unwrap_or(true),
            definition_lists: definition_lists.unwrap_or(false),
            default_author,
            extra,
            badges: Rules::from_config(&badges).map_err(|e| ("badges", e))?,
            social_cards: social_cards.unwrap_or(true),
            nginx_redirects: nginx_redirects.unwrap_or(false),
            legacy_feeds: feed_files(legacy_feeds).map_err(|e| ("legacy_feeds", e))?,
            redirects: page_redirects(redirects).map_err(|e| ("redirects", e))?,
            check_elsewhere: elsewhere(&check.elsewhere).map_err(|e| ("check", e))?,
            check_ignore: ignored(check).map_err(|e| ("check", e))?,
            releases: releases.unwrap_or_default().resolve()?,
        })
    }
}

/// Where a message about `key` points in the config text: at the value of a top-level
/// key (`posts_per_page`), at a key inside one (`releases.title_pattern`), or where that
/// cannot be found, at the value of the top-level key it is in.
fn key_at(text: &str, key: &str) -> Option<(usize, usize)> {
    let path: Vec<&str> = key.split('.').collect();
    if path.len() > 1
        && let Some(at) = front_matter::locate(front_matter::Format::Yaml, text, &path)
    {
        return Some((at.key.line, at.key.column));
    }
    front_matter::key_position(text, path[0])
}

/// serde's "unknown field `baseurl`, expected one of `title`, `base_url`, …" as a
/// message that names the key it probably meant, and help that lists the keys once:
/// ("unknown key `baseurl`; did you mean `base_url`?", "known keys: title, …").
fn unknown_key(serde_message: &str) -> Option<(String, String)> {
    let rest = serde_message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    // `a`, `b`, `c` or (of two) `a` or `b`, or one `a`.
    let list = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map_or("", |(_, list)| list);
    let known: Vec<&str> = (list.split(", ").flat_map(|k| k.split(" or ")))
        .map(|k| k.trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let squash = |k: &str| k.to_lowercase().replace(['_', '-'], "");
    let closest = (known.iter())
        .find(|k| squash(k) == squash(key))
        .or_else(|| {
            (known.iter())
                .map(|k| (strsim::damerau_levenshtein(&squash(key), &squash(k)), k))
                .filter(|&(d, _)| d <= 2)
                .min_by_key(|&(d, _)| d)
                .map(|(_, k)| k)
        });
    let message = match closest {
        Some(k) => format!("unknown key `{key}`; did you mean `{k}`?"),
        None => format!("unknown key `{key}`"),
    };
    Some((message, format!("known keys here: {}", known.join(", "))))
}

impl Config {
    /// Where the posts are and how their paths are read.
    pub fn layout(&self) -> crate::content::Layout<'_> {
        crate::content::Layout {
            posts: &self.posts,
            slug_style: self.slug_style,
            undated_oldest: self.undated == Undated::Oldest,
        }
    }
}

/// A `--base-url` that cannot be parsed, reported as the command line's mistake.
fn check_override(overrides: &Overrides) -> Result<(), Diagnostic> {
    match &overrides.base_url {
        Some(url) => BaseUrl::parse(url).map(drop).map_err(|msg| {
            Diagnostic::error(format!("--base-url: {msg}"))
                .code("config")
                .help("pass the URL the site is deployed at, like https://example.org/blog/")
        }),
        None => Ok(()),
    }
}

/// The `check.elsewhere` paths: each a path on the site's host, from its root.
fn elsewhere(paths: &[String]) -> Result<Vec<String>, String> {
    for p in paths {
        if !p.starts_with('/') || p.contains(['?', '#']) || p.contains("//") {
            return Err(format!(
                "check.elsewhere: `{p}` must be a path from the root of the site's host, like /docs/"
            ));
        }
    }
    Ok(paths.to_vec())
}

/// Compiles the `check.ignore` globs; an unknown code is an error (a typo would
/// silence nothing).
fn ignored(check: CheckConfig) -> Result<Ignored, String> {
    let mut out = Vec::new();
    for (code, paths) in check.ignore {
        if !crate::error::CODES.contains(&code.as_str()) {
            return Err(format!(
                "check.ignore: unknown finding code `{code}`; known: {}",
                crate::error::CODES.join(", ")
            ));
        }
        let mut set = globset::GlobSetBuilder::new();
        for p in &paths {
            // `*` stays within a folder, `**` crosses folders, as in .gitignore.
            let glob = globset::GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("check.ignore.{code}: bad pattern `{p}`: {e}"))?;
            set.add(glob);
        }
        let set = set
            .build()
            .map_err(|e| format!("check.ignore.{code}: {e}"))?;
        out.push((code, set));
    }
    Ok(Ignored(out))
}

fn check_permalink(p: &str) -> Result<(), String> {
    if !p.starts_with('/') {
        return Err(format!(
            "permalink '{p}' must start with `/`, like /{{year}}/{{month}}/{{slug}}/"
        ));
    }
    if !p.contains("{slug}") {
        return Err(format!(
            "permalink '{p}' must contain {{slug}}, or two posts would share a URL"
        ));
    }
    let mut rest = p.to_string();
    for t in PERMALINK_TOKENS {
        rest = rest.replace(t, "");
    }
    if rest.contains(['{', '}']) {
        return Err(format!(
            "permalink '{p}' has an unknown placeholder; known: {}",
            PERMALINK_TOKENS.join(", ")
        ));
    }
    if rest.contains(['?', '#', '\\']) || rest.split('/').any(|s| s == "." || s == "..") {
        return Err(format!(
            "permalink '{p}' must be a plain path: no `?`, `#`, backslash, `.` or `..`"
        ));
    }
    Ok(())
}

/// The posts folders: relative paths inside the site, none inside another, none in
/// the theme's folders (a post is not a static file or a template).
fn check_posts(folders: &[String]) -> Result<(), String> {
    if folders.is_empty() {
        return Err("`posts` must name at least one folder, like [content/posts]".into());
    }
    let norm: Vec<String> = folders
        .iter()
        .map(|f| f.trim_matches('/').trim_start_matches("./").to_string())
        .collect();
    for (f, n) in folders.iter().zip(&norm) {
        let plain = !n.is_empty()
            && !f.starts_with('/')
            && !n.contains('\\')
            && n.split('/')
                .all(|s| !s.is_empty() && s != "." && s != ".." && !s.starts_with('.'));
        if !plain {
            return Err(format!(
                "posts folder '{f}' must be a folder inside the site, like content/posts \
                 (no leading `/`, no `.` or `..`, no hidden folders)"
            ));
        }
        if let Some(theme) = ["static", "templates"]
            .iter()
            .find(|t| n == *t || n.starts_with(&format!("{t}/")))
        {
            return Err(format!(
                "posts folder '{f}' is inside {theme}/, which the theme reads"
            ));
        }
    }
    for (i, a) in norm.iter().enumerate() {
        for b in &norm[i + 1..] {
            if a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/")) {
                return Err(format!(
                    "posts folders '{a}' and '{b}' overlap; name each folder once"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
