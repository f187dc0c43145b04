//! The URL each post had on the old site, by its generator's rules: Jekyll's
//! `permalink` templates and named styles (with the site's time zone for the date
//! parts), Hugo's section paths and `permalinks`, Zola's section paths and slugs,
//! file-based routes (VuePress, Next.js, Astro pages), and a pattern given with
//! `--old-urls`.
//!
//! Every URL is a path on the old site below its base path (`/2024/05/01/x/`), as
//! Bulletin's legacy URLs are written. Pure functions of a post's facts.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::content::date::PostDate;
use jekyll::{jekyll, jekyll_style, month_name, weekday};
pub use jekyll::{jekyll_date, jekyll_slugify};

/// How the old site made a post's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Jekyll: a `permalink` template (`/:year/:month/:day/:title/`) or a named style
    /// (`date`, `pretty`, `ordinal`, `weekdate`, `none`).
    Jekyll {
        /// The template or style name.
        permalink: String,
        /// `defaults` for posts under a path (`_posts/releases`, `blog`): (path,
        /// permalink), the most specific first.
        scoped: Vec<(String, String)>,
    },
    /// Hugo: the path below the content folder, or the section's `permalinks` entry.
    Hugo {
        /// The content folder, relative to the source.
        content: String,
        /// Section → pattern (`posts` → `/:year/:month/:slug/`).
        permalinks: BTreeMap<String, String>,
        /// URLs made lower case (Hugo's default; `disablePathToLower` turns it off).
        lower: bool,
        /// `uglyURLs`: `/news/x.html` rather than `/news/x/`.
        ugly: bool,
        /// `/en` when the default language is served under its code too
        /// (`defaultContentLanguageInSubdir`), else empty.
        language: String,
    },
    /// Zola: the section's path and the page's slug.
    Zola {
        /// `slugify.paths` is `on` (the default).
        slugify: bool,
    },
    /// The file's path below `root`, without its extension: `.html` added (VuePress),
    /// a `/` added (Astro pages), or neither (Next.js).
    Route {
        /// The routes' root, relative to the source (`""`, `src/content`).
        root: String,
        /// Routes end in `.html`.
        html: bool,
        /// Routes end in `/`.
        slash: bool,
    },
    /// `--old-urls`, with Bulletin's placeholders: `{year}`, `{month}`, `{day}`,
    /// `{slug}`, `{section}`, and also `{filename}`, `{title}`, `{categories}`.
    Pattern(String),
    /// Not known: no old URL.
    Unknown,
}

/// The placeholders `--old-urls` takes.
pub const PATTERN_TOKENS: [&str; 8] = [
    "{year}",
    "{month}",
    "{day}",
    "{slug}",
    "{section}",
    "{filename}",
    "{title}",
    "{categories}",
];

/// Checks an `--old-urls` pattern: a path with at least one placeholder naming the post.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    if !pattern.starts_with('/') {
        return Err(format!("--old-urls '{pattern}' must start with `/`"));
    }
    if pattern.contains(['?', '#', '\\'])
        || pattern.contains("//")
        || pattern.split('/').any(|seg| seg == "." || seg == "..")
    {
        return Err(format!(
            "--old-urls '{pattern}' must be a path: no `?`, `#`, `\\`, `//`, `.` or `..` segments"
        ));
    }
    if pattern.matches('{').count() != pattern.matches('}').count() {
        return Err(format!(
            "--old-urls '{pattern}' has a `{{` or `}}` without its pair"
        ));
    }
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c + 1)
            .unwrap_or(rest.len());
        let token = &rest[open..close];
        if !PATTERN_TOKENS.contains(&token) {
            return Err(format!(
                "--old-urls: unknown placeholder {token}; the placeholders are {}",
                PATTERN_TOKENS.join(", ")
            ));
        }
        rest = &rest[close..];
    }
    if !["{slug}", "{filename}", "{title}"]
        .iter()
        .any(|t| pattern.contains(t))
    {
        return Err(format!(
            "--old-urls '{pattern}' must name the post with {{slug}}, {{filename}} or {{title}}"
        ));
    }
    Ok(())
}

/// What the rules need to know of a post.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The file, relative to the source, `/`-separated.
    pub rel: &'a str,
    /// Its posts folder, relative to the source.
    pub posts_dir: &'a str,
    /// The post's date.
    pub date: PostDate,
    /// The date its path gives, when it gives one.
    pub path_date: Option<PostDate>,
    /// Front matter `slug`, when given.
    pub slug: Option<&'a str>,
    /// The slug Bulletin's reader gave it (front matter, else the file name).
    pub reader_slug: &'a str,
    /// Front matter `permalink`, `url` or `path`, as written.
    pub own: Option<&'a str>,
    /// The title.
    pub title: &'a str,
    /// Front matter categories.
    pub categories: &'a [String],
    /// The old site's time zone.
    pub tz: Option<&'a TimeZone>,
}

impl Facts<'_> {
    /// The bundle folder's name for `index.md`, else the file name without its
    /// extension; a date prefix kept.
    pub fn name(&self) -> &str {
        let mut parts = self.rel.rsplit('/');
        let file = parts.next().unwrap_or("");
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        match stem {
            "index" | "README" | "readme" => parts.next().unwrap_or(stem),
            _ => stem,
        }
    }

    /// [`Facts::name`] without a `YYYY-MM-DD-` prefix.
    pub fn name_sans_date(&self) -> &str {
        crate::content::split_date_prefix(self.name()).1
    }

    /// The folders from `root` to the file (for a bundle, to its folder's parent),
    /// `/`-separated, without slashes at the ends.
    fn dirs_below(&self, root: &str) -> String {
        let rel = self
            .rel
            .strip_prefix(root)
            .unwrap_or(self.rel)
            .trim_start_matches('/');
        let mut parts: Vec<&str> = rel.split('/').collect();
        parts.pop();
        if self.is_bundle() {
            parts.pop();
        }
        parts.join("/")
    }

    fn is_bundle(&self) -> bool {
        let file = self.rel.rsplit('/').next().unwrap_or("");
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        matches!(stem, "index" | "README" | "readme") && self.rel.contains('/')
    }
}

/// The post's old URL under `rule`, or `None` when the rule cannot tell.
pub fn old_url(rule: &Rule, f: &Facts<'_>) -> Option<String> {
    let url = match rule {
        // A placeholder that cannot be filled would make a URL the old site never had.
        Rule::Jekyll { permalink, scoped } => {
            let permalink = (scoped.iter())
                .find(|(path, _)| Path::new(f.rel).starts_with(path))
                .map_or(permalink.as_str(), |(_, p)| p.as_str());
            let template = f
                .own
                .unwrap_or(jekyll_style(permalink).unwrap_or(permalink));
            if !unknown_tokens(template, &JEKYLL_TOKENS).is_empty() {
                return None;
            }
            jekyll(permalink, f)
        }
        Rule::Hugo {
            content,
            permalinks,
            lower,
            ugly,
            language,
        } => {
            let section = f.dirs_below(content);
            let section = section.split('/').next().unwrap_or("");
            let unknown = (permalinks.get(section))
                .is_some_and(|p| f.own.is_none() && !unknown_tokens(p, &HUGO_TOKENS).is_empty());
            if unknown {
                return None;
            }
            format!("{language}{}", hugo(content, permalinks, *lower, *ugly, f))
        }
        Rule::Zola { slugify } => zola(*slugify, f),
        Rule::Route { root, html, slash } => route(root, *html, *slash, f),
        Rule::Pattern(p) => pattern(p, f),
        Rule::Unknown => return None,
    };
    Some(tidy(&url))
}

/// `template` with each token replaced by its value, in one pass: a value is never
/// read again as a token, and the longest token at a place wins (`:slugorfilename`
/// over `:slug`).
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut tokens: Vec<&(&str, String)> = values.iter().collect();
    tokens.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if matches!(c, ':' | '{')
            && let Some((token, value)) = tokens.iter().find(|(t, _)| rest.starts_with(t))
        {
            out.push_str(value);
            rest = &rest[token.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A leading `/`, no `//`.
fn tidy(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 1);
    if !url.starts_with('/') {
        out.push('/');
    }
    for c in url.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The URL of an old listing page (a section's `_index.md`, a folder's `index.md` or
/// `README.md`) under `rule`, when the rule gives listings one.
pub fn listing_url(rule: &Rule, rel: &str) -> Option<String> {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let below = |root: &str| {
        dir.strip_prefix(root)
            .map(|d| d.trim_matches('/').to_string())
    };
    let url = match rule {
        Rule::Hugo {
            content,
            lower,
            language,
            ..
        } => {
            let url = format!("{language}/{}/", below(content)?);
            if *lower { url.to_lowercase() } else { url }
        }
        Rule::Zola { .. } => format!("/{}/", below("content")?),
        Rule::Route { root, .. } => {
            let stem = rel.rsplit('/').next()?.split('.').next()?;
            if !matches!(stem, "index" | "README" | "readme") {
                return None;
            }
            format!("/{}/", below(root)?)
        }
        _ => return None,
    };
    Some(tidy(&url))
}

/// Jekyll's placeholders that [`old_url`] fills.
pub const JEKYLL_TOKENS: [&str; 17] = [
    "categories",
    "output_ext",
    "short_year",
    "short_month",
    "long_month",
    "short_day",
    "long_day",
    "i_month",
    "i_day",
    "y_day",
    "year",
    "month",
    "day",
    "week",
    "title",
    "slug",
    "name",
];

/// Hugo's placeholders that [`old_url`] fills.
pub const HUGO_TOKENS: [&str; 14] = [
    "slugorfilename",
    "slugorcontentbasename",
    "contentbasename",
    "filename",
    "monthname",
    "weekdayname",
    "yearday",
    "sections",
    "section",
    "year",
    "month",
    "day",
    "title",
    "slug",
];

/// The placeholders of `template` (`:name`, `:sections[1:]`) not among `known`: the
/// old URLs made with it keep them as text.
pub fn unknown_tokens(template: &str, known: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(':') {
        let after = &rest[i + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let indexed = after[name_len..].starts_with('[');
        if !name.is_empty() && (indexed || !known.contains(&name)) {
            let end = if indexed {
                after[name_len..]
                    .find(']')
                    .map_or(after.len(), |j| name_len + j + 1)
            } else {
                name_len
            };
            out.push(format!(":{}", &after[..end]));
        }
        rest = &after[name_len..];
    }
    out
}

// ---- Hugo ----

/// Hugo's `urlize`: spaces as dashes, characters a path does not keep dropped.
fn urlize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() || "-_.".contains(c) {
            out.push(c);
        }
    }
    out
}

fn hugo(
    content: &str,
    permalinks: &BTreeMap<String, String>,
    lower: bool,
    ugly: bool,
    f: &Facts<'_>,
) -> String {
    if let Some(own) = f.own {
        return own.to_string();
    }
    let dirs = f.dirs_below(content);
    let section = dirs.split('/').next().unwrap_or("");
    let url = match permalinks.get(section) {
        Some(p) => {
            let d = f.date.civil.date();
            let title = urlize(f.title);
            let slug = f.slug.map_or_else(|| title.clone(), str::to_string);
            let values: [(&str, String); 14] = [
                (":slugorfilename", f.slug.unwrap_or(f.name()).to_string()),
                (
                    ":slugorcontentbasename",
                    f.slug.unwrap_or(f.name()).to_string(),
                ),
                (":contentbasename", f.name().to_string()),
                (":filename", f.name().to_string()),
                (":monthname", month_name(d).to_string()),
                (":weekdayname", weekday(d).to_string()),
                (":yearday", d.day_of_year().to_string()),
                (":sections", dirs.clone()),
                (":section", section.to_string()),
                (":year", format!("{:04}", d.year())),
                (":month", format!("{:02}", d.month())),
                (":day", format!("{:02}", d.day())),
                (":title", title),
                (":slug", slug),
            ];
            fill(p, &values)
        }
        None => {
            // Hugo cleans a name into a path: `My File (v2)!` → `My-File-v2`.
            let last = urlize(f.slug.unwrap_or(f.name()));
            if ugly {
                format!("/{dirs}/{last}.html")
            } else {
                format!("/{dirs}/{last}/")
            }
        }
    };
    if lower { url.to_lowercase() } else { url }
}

// ---- Zola ----

fn zola(slugify: bool, f: &Facts<'_>) -> String {
    if let Some(own) = f.own {
        let own = own.trim_matches('/');
        return format!("/{own}/");
    }
    let dirs = f.dirs_below("content");
    let name = f.slug.unwrap_or(f.name_sans_date());
    let name = name.strip_prefix('_').unwrap_or(name);
    let slug = if slugify {
        slug::slugify(name)
    } else {
        name.to_string()
    };
    format!("/{dirs}/{slug}/")
}

// ---- file routes ----

fn route(root: &str, html: bool, slash: bool, f: &Facts<'_>) -> String {
    let rel = f
        .rel
        .strip_prefix(root)
        .unwrap_or(f.rel)
        .trim_start_matches('/');
    let no_ext = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let (dir, last) = no_ext.rsplit_once('/').unwrap_or(("", no_ext));
    if matches!(last, "index" | "README" | "readme") {
        return format!("/{dir}/");
    }
    let path = format!("/{no_ext}");
    match (html, slash) {
        (true, _) => format!("{path}.html"),
        (false, true) => format!("{path}/"),
        (false, false) => path,
    }
}

// ---- --old-urls ----

fn pattern(p: &str, f: &Facts<'_>) -> String {
    let d = f.path_date.unwrap_or(f.date).civil.date();
    let section = f.rel.strip_prefix(f.posts_dir).unwrap_or(f.rel);
    let section = Facts {
        rel: section,
        ..f.clone()
    }
    .dirs_below("");
    let cats: Vec<String> = f.categories.iter().map(|c| c.to_lowercase()).collect();
    let mut out = p.to_string();
    if section.is_empty() {
        out = out.replace("/{section}/", "/").replace("{section}/", "");
    }
    let values = [
        ("{year}", format!("{:04}", d.year())),
        ("{month}", format!("{:02}", d.month())),
        ("{day}", format!("{:02}", d.day())),
        ("{section}", section),
        ("{filename}", f.name().to_string()),
        ("{title}", crate::url::slugify(f.title)),
        ("{categories}", cats.join("/")),
        ("{slug}", f.reader_slug.to_string()),
    ];
    fill(&out, &values)
}

mod jekyll;

#[cfg(test)]
mod tests;
