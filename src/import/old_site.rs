//! What `bulletin import` knows of the old site ([`OldSite`]) and the reading of old
//! config files: YAML, TOML or JSON, with Bulletin's own front-matter reader; a
//! JavaScript config (VuePress, Next.js, Astro) is never run, only recognised.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::old_url::Rule;
use crate::config::FeedFormat;
use crate::content::front_matter::{self, Format};
use crate::error::Diagnostic;
use crate::url::{HeadingIdStyle, SlugStyle};

/// The generators `import` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Generator {
    /// Jekyll: `_config.yml`, `_posts/`.
    Jekyll,
    /// Hugo: `hugo.toml` (or `config.toml`) and `content/`.
    Hugo,
    /// Zola: `config.toml` with `base_url`, `content/`, TOML front matter.
    Zola,
    /// VuePress: `.vuepress/`; routes are file paths with `.html`.
    Vuepress,
    /// Next.js: `next.config.*`; routes are file paths.
    Next,
    /// Astro: `astro.config.*`; content collections in `src/content/`.
    Astro,
    /// A folder of Markdown posts; old URLs only from `--old-urls`.
    Markdown,
}

impl Generator {
    /// Its name, as `--from` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jekyll => "jekyll",
            Self::Hugo => "hugo",
            Self::Zola => "zola",
            Self::Vuepress => "vuepress",
            Self::Next => "next",
            Self::Astro => "astro",
            Self::Markdown => "markdown",
        }
    }

    /// Its name as people write it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Jekyll => "Jekyll",
            Self::Hugo => "Hugo",
            Self::Zola => "Zola",
            Self::Vuepress => "VuePress",
            Self::Next => "Next.js",
            Self::Astro => "Astro",
            Self::Markdown => "plain Markdown",
        }
    }

    /// Every generator, in the order `--from auto` tries them.
    pub const ALL: [Generator; 7] = [
        Self::Jekyll,
        Self::Zola,
        Self::Hugo,
        Self::Vuepress,
        Self::Next,
        Self::Astro,
        Self::Markdown,
    ];
}

/// What is known of the old site.
#[derive(Debug, Clone)]
pub struct OldSite {
    /// The generator.
    pub generator: Generator,
    /// How it was recognised (or "as asked with --from").
    pub evidence: String,
    /// The posts folders, relative to the source, `/`-separated.
    pub posts: Vec<String>,
    /// How file names become slugs under the old generator.
    pub slug_style: SlugStyle,
    /// Undated posts are the oldest (Hugo) rather than errors.
    pub undated_oldest: bool,
    /// How each post's old URL is made.
    pub rule: Rule,
    /// The old site's feeds (URL path, format).
    pub feeds: Vec<(String, FeedFormat)>,
    /// Folders whose files the old site served at its root (`static/`, `public/`),
    /// relative to the source; `""` for the source itself (Jekyll).
    pub static_dirs: Vec<String>,
    /// The other languages of a multilingual Hugo or Zola site (`fr` of `x.fr.md`).
    pub translations: Vec<String>,
    /// Files the old site does not publish (Jekyll's `exclude`, and its defaults).
    pub excluded: globset::GlobSet,
    /// Files of author data (Jekyll's `_data/authors.yml`, Hugo's `data/authors/`).
    pub author_data: Vec<PathBuf>,
    /// Site settings from the old config.
    pub title: Option<String>,
    /// One line about the site.
    pub description: Option<String>,
    /// Its address (with a base path, if any).
    pub base_url: Option<String>,
    /// Its language, as a BCP 47 tag.
    pub language: Option<String>,
    /// The author of posts that name none.
    pub author: Option<String>,
    /// The time zone dates without an offset are in.
    pub time_zone: Option<String>,
    /// How headings got their ids, so `#anchors` in old links keep working.
    pub heading_ids: HeadingIdStyle,
    /// Quotes and dashes made typographic, as the old Markdown renderer did.
    pub smart_punctuation: bool,
    /// `:emoji:` shortcodes were rendered.
    pub emoji_shortcodes: bool,
    /// Definition lists were rendered.
    pub definition_lists: bool,
    /// The old config file, relative to the source, when there is one.
    pub config_file: Option<String>,
    /// Notes for the report on what was inferred.
    pub notes: Vec<String>,
}

impl OldSite {
    /// Nothing known yet but the generator and how it was recognised.
    pub fn new(generator: Generator, evidence: String) -> Self {
        Self {
            generator,
            evidence,
            posts: Vec::new(),
            slug_style: SlugStyle::Keep,
            undated_oldest: false,
            rule: Rule::Unknown,
            feeds: Vec::new(),
            static_dirs: Vec::new(),
            author_data: Vec::new(),
            excluded: globset::GlobSet::empty(),
            translations: Vec::new(),
            title: None,
            description: None,
            base_url: None,
            language: None,
            author: None,
            time_zone: None,
            heading_ids: HeadingIdStyle::default(),
            smart_punctuation: false,
            emoji_shortcodes: false,
            definition_lists: false,
            config_file: None,
            notes: Vec::new(),
        }
    }
}

/// The first of `names` that is a file in `dir`.
pub(super) fn first_file(dir: &Path, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|n| dir.join(n).is_file())
        .map(|n| n.to_string())
}

/// The first of `names` that is a folder in `dir`.
pub(super) fn first_dir(dir: &Path, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|n| dir.join(n).is_dir())
        .map(|n| n.to_string())
}

/// The fence around the whole old site: its files are read through it, so a symbolic
/// link out of it is refused.
pub fn whole(src: &Path) -> crate::fsutil::Fence {
    crate::fsutil::Fence::for_site(src, &[String::new()])
}

/// Reads a config or data file of the old site at `src` (YAML, TOML or JSON, by its
/// extension) as a map; the error is located in the file.
pub fn read_config(src: &Path, rel: &Path) -> Result<Map<String, Value>, Diagnostic> {
    let file = &crate::shown_root(src).join(rel);
    let text = whole(src)
        .read_to_string(&src.join(rel))
        .map_err(|e| e.diagnostic("read the old site's file", file))?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let located = |e: front_matter::ParseError| {
        let mut d = Diagnostic::error(format!(
            "the old site's config cannot be read: {}",
            e.message
        ))
        .code("import")
        .in_file(file)
        .help("fix the file, or pass --old-urls and the posts folder instead of the site");
        if let Some(line) = e.line {
            d = d.at(line, e.column.unwrap_or(1));
        }
        d
    };
    match ext {
        "json" => serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(format!("the old site's config cannot be read: {e}"))
                .code("import")
                .in_file(file)
                .at(e.line(), e.column())
        }),
        "toml" => front_matter::parse(Format::Toml, &text)
            .map(to_map)
            .map_err(located),
        _ => front_matter::parse(Format::Yaml, &text)
            .map(to_map)
            .map_err(located),
    }
}

fn to_map(m: front_matter::Mapping) -> Map<String, Value> {
    m.entries.into_iter().map(|e| (e.key, e.value)).collect()
}

/// A string at `path` (keys, from the top) of `map`, trimmed, when not empty.
pub fn text_at(map: &Map<String, Value>, path: &[&str]) -> Option<String> {
    let (last, parents) = path.split_last()?;
    let mut at = map;
    for key in parents {
        at = at.get(*key)?.as_object()?;
    }
    match at.get(*last)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A key of `map` whatever its case (Hugo's keys are case-insensitive).
pub(super) fn any_case<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

pub(super) fn any_case_text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match any_case(map, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A language code as BCP 47 writes it: `en-us` → `en-US`.
pub(super) fn bcp47(code: &str) -> String {
    let mut parts = code.split(['-', '_']);
    let mut out = parts.next().unwrap_or("").to_lowercase();
    for p in parts {
        out.push('-');
        out.push_str(&if p.len() == 2 {
            p.to_uppercase()
        } else {
            p.to_string()
        });
    }
    out
}
