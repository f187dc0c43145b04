//! One post file → a typed [`Post`].
//!
//! Front matter keys are mapped here, and only here, from the spellings of several
//! generators onto one model: the spellings are in `post/keys.rs` (and the README's
//! table), the fields read from them, with what the path gives when front matter is
//! silent, in `post/fields.rs`, and the readers of one value (text, a list, a date, a
//! flag), which report a value of the wrong type, in `post/values.rs`. Every other key
//! is kept in [`Post::extra`] for templates (`page.extra`), and so are the keys of a
//! Zola-style `extra` table.

mod fields;
mod keys;
mod release;
mod values;

pub use keys::{
    AUTHOR_KEYS, CATEGORY_KEYS, DATE_KEYS, DESCRIPTION_KEYS, EXPIRY_KEYS, PATH_KEYS, UPDATED_KEYS,
    typo_of,
};

use std::path::Path;

use serde_json::Value;

use super::PostSource;
use super::date::PostDate;
use super::front_matter::{self, SplitError};
use crate::error::Diagnostic;

/// A value from front matter with the place it was written (1-based, in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Line in the post file.
    pub line: usize,
    /// Column in the post file.
    pub column: usize,
}

/// A post's `release:` front matter, versions as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The versions it announces, as written (`3.12.0rc1`); empty with `off`.
    pub versions: Vec<String>,
    /// The product, for sites announcing several (`Python`, `pip`).
    pub product: Option<String>,
    /// The kind of release (`security`, `bugfix`, `feature`).
    pub kind: Option<String>,
    /// `release: false`: not an announcement, whatever its title says.
    pub off: bool,
    /// Where `release:` is written.
    pub line: usize,
    /// Its column.
    pub column: usize,
}

/// What few posts set, boxed apart: a post that sets none of it is 60 bytes smaller
/// (6 MB at 100,000 posts).
#[derive(Debug, Clone, Default)]
pub struct Seldom {
    /// When the post stops being published (Hugo's `expiryDate`), when given.
    pub expires: Option<PostDate>,
    /// Its feed id from an older system (`guid:`), kept instead of its URL.
    pub guid: Option<String>,
    /// Front matter keys Bulletin does not use, for templates.
    pub extra: serde_json::Map<String, Value>,
}

impl Seldom {
    /// Boxed, or nothing when nothing is set.
    pub fn boxed(self) -> Option<Box<Self>> {
        let set = self.expires.is_some() || self.guid.is_some() || !self.extra.is_empty();
        set.then(|| Box::new(self))
    }
}

/// A parsed post, before the site gives it a URL.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file as shown in messages (source folder joined with its relative path).
    pub file: Box<Path>,
    /// Where it sits, with its bundle assets.
    pub source: PostSource,
    /// The URL slug, when it is not the one its location gives (`source.slug`): see
    /// [`Post::slug`].
    pub own_slug: Option<Box<str>>,
    /// Title.
    pub title: Box<str>,
    /// Publication date.
    pub date: PostDate,
    /// Last update, when given.
    pub updated: Option<PostDate>,
    /// Author names or ids as written (may be empty).
    pub authors: Box<[String]>,
    /// One or two sentences for listings, feeds and search.
    pub description: Option<Box<str>>,
    /// Tags as spelled, duplicates removed, in the order written.
    pub tags: Box<[String]>,
    /// Categories as spelled, duplicates removed, in the order written.
    pub categories: Box<[String]>,
    /// False for drafts.
    pub published: bool,
    /// Old URLs that must redirect to this post.
    pub redirects: Box<[Located<String>]>,
    /// The post's own URL (`permalink`, `url`, `path`), instead of the site's pattern.
    pub path: Option<Box<Located<String>>>,
    /// What the post announces, as its `release:` says (the title is read later).
    pub release: Option<Box<Release>>,
    /// What few posts set (see [`Post::expires`], [`Post::guid`], [`Post::extra`]).
    pub seldom: Option<Box<Seldom>>,
    /// The Markdown body (for `.mdx`, with `import`/`export` lines and components left out).
    pub body: String,
    /// Line of the file on which the body starts.
    pub body_line: usize,
    /// Set when a build left the body in the file, to read it again when it renders
    /// the post (`body` is then empty).
    pub body_in_file: Option<super::body::InFile>,
}

/// Whether the front matter of `text` gives a publication date: how an index file
/// beside other Markdown files tells a post (a bundle whose Markdown files are its
/// downloads) from the old blog's listing page of the posts beside it. A front matter
/// that cannot be read counts as one, so that the file is read as a post and its
/// errors are reported.
pub fn states_a_date(text: &str) -> bool {
    let Ok(split) = front_matter::split(text) else {
        return true;
    };
    if split.format == front_matter::Format::None {
        return false;
    }
    let Ok(header) = front_matter::parse(split.format, split.header) else {
        return true;
    };
    keys::DATE_KEYS.iter().any(|k| {
        header.get(k).is_some_and(|e| match &e.value {
            Value::String(s) => !s.trim().is_empty(),
            Value::Number(_) => true,
            _ => false,
        })
    })
}

/// Reads one post. `text` is the file's content and `file` how it is shown in messages.
/// Returns the post (if it could be read) and every finding about it.
pub fn parse_post(source: &PostSource, file: &Path, text: &str) -> (Option<Post>, Vec<Diagnostic>) {
    let mut p = Parser {
        file,
        diags: Vec::new(),
        positions: std::collections::HashMap::new(),
        yaml_line: 1,
        named_typos: Vec::new(),
    };
    let post = p.parse(source, text);
    crate::error::default_code(&mut p.diags, 0, "front-matter");
    (post, p.diags)
}

/// Reads one post, collecting every finding, located in the file (the readers of one
/// value are in `values`).
struct Parser<'a> {
    file: &'a Path,
    diags: Vec<Diagnostic>,
    /// Where each top-level key's value is written, in the file.
    positions: std::collections::HashMap<String, (usize, usize)>,
    /// The line the header starts on (the first line of the body without one).
    yaml_line: usize,
    /// Misspelt keys already named by the error about the key they miss.
    named_typos: Vec<String>,
}

impl<'a> Parser<'a> {
    fn error_at_key(&mut self, key: &str, message: String, help: &str) {
        let (line, col) = self.key_pos(key);
        self.diags.push(
            Diagnostic::error(message)
                .in_file(self.file)
                .at(line, col)
                .help(help),
        );
    }

    fn key_pos(&self, key: &str) -> (usize, usize) {
        self.positions
            .get(key)
            .copied()
            .unwrap_or((self.yaml_line, 1))
    }

    fn parse(&mut self, source: &PostSource, text: &'a str) -> Option<Post> {
        let split = match front_matter::split(text) {
            Ok(s) => s,
            Err(SplitError::Unclosed { format, line }) => {
                let fence = if format == front_matter::Format::Toml {
                    "+++"
                } else {
                    "---"
                };
                self.diags.push(
                    Diagnostic::error("front matter is not closed")
                        .in_file(self.file)
                        .at(line, 1)
                        .help(format!("end the front matter with a line `{fence}`")),
                );
                return None;
            }
        };
        self.yaml_line = split.header_line;
        let mapping = match front_matter::parse(split.format, split.header) {
            Ok(m) => m,
            Err(e) => {
                // An unclosed bracket is only noticed at the end of the YAML: keep
                // the line inside the front matter rather than on the closing fence.
                let last = split.header.lines().count().max(1);
                let line = e.line.map_or(1, |l| l.min(last)) + split.header_line - 1;
                self.diags.push(
                    Diagnostic::error(format!("invalid front matter: {}", e.message))
                        .in_file(self.file)
                        .at(line, e.column.unwrap_or(1))
                        .help(if e.message.contains("feeds and sitemaps cannot carry") {
                            "remove it: it is written as an escape such as `\\u0001` or `\\x01` in the value"
                        } else if split.format == front_matter::Format::Toml {
                            "front matter between `+++` lines is TOML: `key = \"value\"` lines"
                        } else {
                            "front matter is YAML: `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*` or `&`"
                        }),
                );
                return None;
            }
        };
        let at = |p: front_matter::Position| (p.line + split.header_line - 1, p.column);
        for d in &mapping.duplicates {
            let (line, column) = at(d.at);
            self.diags.push(
                Diagnostic::warning(format!(
                    "`{}` is given twice; the last value is used",
                    d.key
                ))
                .in_file(self.file)
                .at(line, column)
                .help("keep one of them"),
            );
        }
        self.positions = (mapping.entries.iter())
            // A value on the key's line is pointed at, else the key (a list of
            // `- item` lines).
            .map(|e| {
                let p = if e.at.value.line == e.at.key.line {
                    e.at.value
                } else {
                    e.at.key
                };
                (e.key.clone(), at(p))
            })
            .collect();
        // Empty values are absent values.
        let fm: serde_json::Map<String, Value> = mapping
            .entries
            .into_iter()
            .map(|e| (e.key, e.value))
            .filter(|(_, v)| !fields::is_empty(v))
            .collect();
        let errors_before = self.diags.len();
        let (fields, titled_body) = self.fields(source, &fm, split.body, split.body_line);
        let body_text = titled_body.as_deref().unwrap_or(split.body);

        let (body, warning) =
            super::body::drop_forbidden(body_text.to_string(), split.body_line, self.file);
        self.diags.extend(warning);
        let (body, diags) = super::dialect::translate(body, split.body_line, self.file);
        self.diags.extend(diags);

        if self.diags[errors_before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        let f = fields;
        // Strings and lists boxed (no room kept for growth in the struct): the model
        // keeps every post to the end of a build.
        Some(Post {
            file: self.file.into(),
            source: source.clone(),
            own_slug: (*f.slug != *source.slug).then(|| f.slug.into()),
            title: f.title.into(),
            date: f.date?,
            updated: f.updated,
            authors: f.authors.into(),
            description: f.description.map(String::into_boxed_str),
            tags: f.tags.into(),
            categories: f.categories.into(),
            published: f.published,
            redirects: f.redirects.into(),
            path: f.path.map(Box::new),
            release: f.release.map(Box::new),
            seldom: Seldom {
                expires: f.expires,
                guid: f.guid,
                extra: f.extra,
            }
            .boxed(),
            body,
            body_line: split.body_line,
            body_in_file: None,
        })
    }
}

impl Post {
    /// The URL slug: front matter `slug`, else the bundle folder or file stem.
    pub fn slug(&self) -> &str {
        self.own_slug.as_deref().unwrap_or(&self.source.slug)
    }

    /// When the post stops being published (Hugo's `expiryDate`), when given.
    pub fn expires(&self) -> Option<PostDate> {
        self.seldom.as_ref().and_then(|s| s.expires)
    }

    /// Its feed id from an older system (`guid:`), kept instead of its URL.
    pub fn guid(&self) -> Option<&str> {
        self.seldom.as_ref().and_then(|s| s.guid.as_deref())
    }

    /// Front matter keys Bulletin does not use, for templates.
    pub fn extra(&self) -> &serde_json::Map<String, Value> {
        static NONE: std::sync::LazyLock<serde_json::Map<String, Value>> =
            std::sync::LazyLock::new(serde_json::Map::new);
        self.seldom.as_ref().map_or(&NONE, |s| &s.extra)
    }
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

#[cfg(test)]
mod tests;
