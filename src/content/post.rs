//! One post file → a typed [`Post`].
//!
//! Front matter keys are mapped here, and only here, from the spellings of several
//! generators onto one model:
//!
//! | Bulletin        | also accepted                              |
//! |-----------------|--------------------------------------------|
//! | `title`         |                                            |
//! | `publishDate`   | `date`, `pubDate`, the date in a Jekyll file name |
//! | `updatedDate`   | `lastmod`, `updated`                       |
//! | `author`        | `authors` (a list)                         |
//! | `description`   | `summary`, `excerpt`                       |
//! | `tags`          | `taxonomies: {tags: [...]}` (Zola)          |
//! | `published`     | `draft` (inverted)                         |
//! | `legacyUrl`     | `aliases`, `redirect_from` (lists)         |
//! | `slug`          |                                            |
//!
//! Every other key is kept in [`Post::extra`] for templates (`page.extra`), and so are
//! the keys of a Zola-style `extra:` mapping. The readers of one value (text, a list, a
//! date, a flag), which report a value of the wrong type, are in `post/values.rs`.

mod values;

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::PostSource;
use super::date::PostDate;
use super::front_matter::{self, SplitError};
use crate::error::Diagnostic;
use crate::url;

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

/// A parsed post, before the site gives it a URL.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file as shown in messages (source folder joined with its relative path).
    pub file: PathBuf,
    /// Where it sits, with its bundle assets.
    pub source: PostSource,
    /// The URL slug: front matter `slug`, else the bundle folder or file stem.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: PostDate,
    /// Last update, when given.
    pub updated: Option<PostDate>,
    /// Author names or ids as written (may be empty).
    pub authors: Vec<String>,
    /// One or two sentences for listings, feeds and search.
    pub description: Option<String>,
    /// Tags as spelled, duplicates removed, in the order written.
    pub tags: Vec<String>,
    /// False for drafts.
    pub published: bool,
    /// Old URLs that must redirect to this post.
    pub redirects: Vec<Located<String>>,
    /// Front matter keys Bulletin does not use, for templates.
    pub extra: serde_json::Map<String, Value>,
    /// The Markdown body (for `.mdx`, with `import`/`export` lines and components left out).
    pub body: String,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

/// The spellings of the publication date, first wins.
pub const DATE_KEYS: [&str; 3] = ["publishDate", "date", "pubDate"];
/// The spellings of the update date.
pub const UPDATED_KEYS: [&str; 3] = ["updatedDate", "lastmod", "updated"];
/// The spellings of the description.
pub const DESCRIPTION_KEYS: [&str; 3] = ["description", "summary", "excerpt"];
/// The spellings of the authors.
pub const AUTHOR_KEYS: [&str; 2] = ["author", "authors"];

/// Keys with a meaning; anything else goes to `extra`.
const KNOWN_KEYS: [&str; 20] = [
    "title",
    "publishDate",
    "date",
    "pubDate",
    "updatedDate",
    "lastmod",
    "updated",
    "author",
    "authors",
    "description",
    "summary",
    "excerpt",
    "tags",
    "taxonomies",
    "published",
    "draft",
    "legacyUrl",
    "aliases",
    "redirect_from",
    "slug",
];

/// The known key an unknown front-matter key is probably a misspelling of: the same
/// letters in another case (`publishdate`), or two edits away (`tittle`).
pub fn typo_of(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    KNOWN_KEYS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(key))
        .or_else(|| {
            (key.chars().count() >= 4)
                .then(|| {
                    KNOWN_KEYS
                        .iter()
                        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
                        .filter(|(d, _)| *d <= 2)
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, k)| k)
                })
                .flatten()
        })
        .copied()
}

/// Reads one post. `text` is the file's content and `file` how it is shown in messages.
/// Returns the post (if it could be read) and every finding about it.
pub fn parse_post(source: &PostSource, file: &Path, text: &str) -> (Option<Post>, Vec<Diagnostic>) {
    let mut p = Parser {
        file,
        diags: Vec::new(),
        yaml: "",
        yaml_line: 1,
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
    yaml: &'a str,
    yaml_line: usize,
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
        front_matter::key_position(self.yaml, key)
            .map_or((1, 1), |(l, c)| (l + self.yaml_line - 1, c))
    }

    fn parse(&mut self, source: &PostSource, text: &'a str) -> Option<Post> {
        let split = match front_matter::split(text) {
            Ok(s) if s.format == front_matter::Format::None => {
                self.diags.push(
                    Diagnostic::error("no front matter")
                        .in_file(self.file)
                        .at(1, 1)
                        .help("start the file with a `---` line, then `title:` and `publishDate:` lines, then `---`"),
                );
                return None;
            }
            Ok(s) => s,
            Err(SplitError::Unclosed { .. }) => {
                self.diags.push(
                    Diagnostic::error("front matter is not closed")
                        .in_file(self.file)
                        .at(1, 1)
                        .help("end the front matter with a line of three dashes `---`"),
                );
                return None;
            }
        };
        self.yaml = split.header;
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
                        .help("front matter is YAML: `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*` or `&`"),
                );
                return None;
            }
        };
        let fm: serde_json::Map<String, Value> = mapping
            .entries
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect();
        let errors_before = self.diags.len();

        let title = match self.one_of_strings(&fm, &["title"]) {
            Some((_, t)) if t.chars().any(char::is_control) => {
                self.error_at_key(
                    "title",
                    "the title has a control character".into(),
                    "remove it; titles are one line of text",
                );
                String::new()
            }
            Some((_, t)) if !t.trim().is_empty() => t.trim().to_string(),
            Some(_) => {
                self.error_at_key(
                    "title",
                    "the title is empty".into(),
                    "give the post a title",
                );
                String::new()
            }
            None if Self::any_set(&fm, &["title"]) => String::new(), // reported already
            None => {
                self.diags.push(
                    Diagnostic::error("missing `title`")
                        .in_file(self.file)
                        .at(self.yaml_line, 1)
                        .help("add a line `title: 'Python 3.12.0 release candidate 1 released'` to the front matter"),
                );
                String::new()
            }
        };

        let date = match self.one_of_strings(&fm, &DATE_KEYS) {
            Some((key, d)) => self.date(key, &d),
            None if Self::any_set(&fm, &DATE_KEYS) => None,
            None => match &source.name_date {
                Some(d) => PostDate::parse(d)
                    .map_err(|e| {
                        self.diags.push(
                            Diagnostic::error(e)
                                .in_file(self.file)
                                .help("fix the date at the start of the file name"),
                        );
                    })
                    .ok(),
                None => {
                    self.diags.push(
                        Diagnostic::error("missing `publishDate`")
                            .in_file(self.file)
                            .at(self.yaml_line, 1)
                            .help("add a line `publishDate: 'YYYY-MM-DD'` to the front matter"),
                    );
                    None
                }
            },
        };
        let updated = self
            .one_of_strings(&fm, &UPDATED_KEYS)
            .and_then(|(key, d)| self.date(key, &d));

        let mut authors = Vec::new();
        for key in AUTHOR_KEYS {
            if let Some(v) = fm.get(key) {
                authors.extend(self.string_list(key, v));
            }
        }
        dedup(&mut authors);

        let description = self
            .one_of_strings(&fm, &DESCRIPTION_KEYS)
            // Descriptions are shown as plain text (meta tags, feeds, cards): Markdown in
            // them (`[text](url)`, `*emphasis*`) keeps its words only.
            .map(|(_, d)| crate::markdown::description_text(&d))
            .filter(|d| !d.is_empty());

        let mut tags = Vec::new();
        if let Some(v) = fm.get("tags") {
            tags.extend(self.string_list("tags", v));
        }
        if let Some(Value::Object(tax)) = fm.get("taxonomies")
            && let Some(v) = tax.get("tags")
        {
            tags.extend(self.string_list("taxonomies", v));
        }
        let mut tags: Vec<String> = tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        dedup(&mut tags);

        let published = self.published(&fm);

        let mut redirects = Vec::new();
        for key in ["legacyUrl", "aliases", "redirect_from"] {
            if let Some(v) = fm.get(key) {
                let (line, column) = self.key_pos(key);
                for value in self.string_list(key, v) {
                    redirects.push(Located {
                        value,
                        line,
                        column,
                    });
                }
            }
        }

        let slug = match self.one_of_strings(&fm, &["slug"]) {
            Some((_, s)) if url::is_plain_segment(s.trim()) => s.trim().to_string(),
            Some((_, s)) => {
                self.error_at_key(
                    "slug",
                    format!("slug '{s}' cannot be one URL segment"),
                    "use letters, digits and dashes, without `/`, spaces, `..`, `?`, `#` or `%`",
                );
                String::new()
            }
            None if url::is_plain_segment(&source.slug) => source.slug.clone(),
            None => {
                self.diags.push(
                    Diagnostic::error(format!("'{}' cannot be a URL segment", source.slug))
                        .in_file(self.file)
                        .help("rename the file or folder, or set `slug:` in the front matter"),
                );
                String::new()
            }
        };

        let mut extra = serde_json::Map::new();
        for (k, v) in &fm {
            if k == "extra"
                && let Value::Object(map) = v
            {
                extra.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
                continue;
            }
            if !KNOWN_KEYS.contains(&k.as_str()) {
                extra.insert(k.clone(), v.clone());
            }
        }

        let is_mdx = source.rel.extension().is_some_and(|e| e == "mdx");
        let body = if is_mdx {
            let (body, diags) = super::body::strip_mdx(split.body, split.body_line, self.file);
            self.diags.extend(diags);
            body
        } else {
            split.body.to_string()
        };
        let (body, warning) = super::body::drop_forbidden(body, split.body_line, self.file);
        self.diags.extend(warning);

        if self.diags[errors_before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        Some(Post {
            file: self.file.to_path_buf(),
            source: source.clone(),
            slug,
            title,
            date: date?,
            updated,
            authors,
            description,
            tags,
            published,
            redirects,
            extra,
            body,
            body_line: split.body_line,
        })
    }
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, slug: &str) -> PostSource {
        PostSource {
            rel: PathBuf::from(rel),
            slug: slug.into(),
            name_date: None,
            assets: None,
        }
    }

    fn parse(text: &str) -> (Option<Post>, Vec<Diagnostic>) {
        parse_post(
            &src("content/posts/x.md", "x"),
            Path::new("content/posts/x.md"),
            text,
        )
    }

    #[test]
    fn maps_all_fields() {
        let (post, diags) = parse(
            "---\ntitle: 'Python 3.12.0rc1'\npublishDate: '2023-08-06'\nupdatedDate: 2023-08-07\n\
             author: Thomas Wouters\ndescription: d\ntags: releases\npublished: true\n\
             legacyUrl: /2023/08/x.html\naliases: [/old/]\nrelease: '3.12'\n---\nBody\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let post = post.unwrap();
        assert_eq!(post.title, "Python 3.12.0rc1");
        assert_eq!(post.date.iso_date(), "2023-08-06");
        assert_eq!(post.updated.unwrap().iso_date(), "2023-08-07");
        assert_eq!(post.authors, ["Thomas Wouters"]);
        assert_eq!(post.tags, ["releases"]);
        let r: Vec<_> = post
            .redirects
            .iter()
            .map(|r| (r.value.as_str(), r.line))
            .collect();
        assert_eq!(r, [("/2023/08/x.html", 9), ("/old/", 10)]);
        assert_eq!(post.extra["release"], "3.12");
        assert_eq!(post.body, "Body\n");
        assert_eq!(post.body_line, 13);
    }

    #[test]
    fn other_generators_spellings() {
        let (post, diags) = parse(
            "---\ntitle: T\ndate: 2024-01-01T10:00:00Z\ndraft: true\nauthors: [a, b]\n\
             taxonomies:\n  tags: [x]\nslug: custom\nredirect_from: /r/\nsummary: s\nextra:\n  k: v\n---\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let post = post.unwrap();
        assert!(!post.published);
        assert_eq!(post.authors, ["a", "b"]);
        assert_eq!(post.tags, ["x"]);
        assert_eq!(post.slug, "custom");
        assert_eq!(post.description.as_deref(), Some("s"));
        assert_eq!(post.extra["k"], "v");
        assert_eq!(post.redirects[0].value, "/r/");
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let (post, diags) = parse("---\ntitle: T\npublishDate: '2024-02-30'\n---\n");
        assert!(post.is_none());
        let first = diags[0].to_string();
        assert!(
            first.starts_with(
                "content/posts/x.md:3:14: error[front-matter]: invalid date '2024-02-30'"
            ),
            "{first}"
        );
        assert_eq!((diags[0].line, diags[0].column), (Some(3), Some(14)));
    }

    #[test]
    fn reports_every_problem() {
        let (post, diags) = parse("---\npublished: maybe\ntags: {a: 1}\n---\n");
        assert!(post.is_none());
        let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(msgs.contains(&"missing `title`"), "{msgs:?}");
        assert!(msgs.contains(&"missing `publishDate`"), "{msgs:?}");
        assert!(
            msgs.contains(&"`published` must be true or false"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"`tags` must be text or a list of text items"),
            "{msgs:?}"
        );
    }

    #[test]
    fn yaml_syntax_error_is_located_in_the_file() {
        let (_, diags) = parse("---\ntitle: T\nauthor: [unclosed\n---\n");
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.starts_with("invalid front matter"),
            "{}",
            diags[0]
        );
        assert!(diags[0].line.unwrap() >= 3, "{:?}", diags[0].line);
    }

    #[test]
    fn both_date_keys_is_an_error() {
        let (_, diags) = parse("---\ntitle: T\ndate: 2024-01-01\npublishDate: 2024-01-01\n---\n");
        assert!(
            diags[0].message.contains("both `publishDate` and `date`"),
            "{diags:?}"
        );
    }

    #[test]
    fn jekyll_date_from_file_name() {
        let mut s = src("content/posts/2024-01-31-x.md", "x");
        s.name_date = Some("2024-01-31".into());
        let (post, diags) = parse_post(&s, Path::new("f"), "---\ntitle: T\n---\n");
        assert!(diags.is_empty());
        assert_eq!(post.unwrap().date.iso_date(), "2024-01-31");
    }

    #[test]
    fn numbers_that_lose_digits_are_errors() {
        let (post, diags) =
            parse("---\ntitle: 3.10\ndate: 2024-01-01\ntags: [3.10, '3.11', 3]\n---\n");
        assert!(post.is_none());
        let msgs: Vec<_> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].1.contains("the number 3.1"), "{msgs:?}");
        assert_eq!(msgs[1].0, Some(4));
    }

    #[test]
    fn a_list_of_wrong_items_is_one_error() {
        let items = "  - {a: 1}\n".repeat(10_000);
        let (post, diags) = parse(&format!(
            "---\ntitle: T\ndate: 2024-01-01\ntags:\n{items}  - 3.10\n  - ok\n---\n"
        ));
        assert!(post.is_none());
        let msgs: Vec<_> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            msgs,
            [
                (Some(4), "`tags` must be a list of text items"),
                (
                    Some(4),
                    "`tags` has the number 3.1, which YAML reads from an unquoted value like 3.10"
                )
            ]
        );
    }

    #[test]
    fn wrong_types_are_not_also_missing() {
        let (_, diags) = parse("---\ntitle: [a]\ndate: [2024]\n---\n");
        let msgs: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["`title` must be text", "`date` must be text"]);
    }

    #[test]
    fn bad_slug() {
        let (_, diags) = parse("---\ntitle: T\ndate: 2024-01-01\nslug: ../../etc\n---\n");
        assert!(diags[0].message.contains("cannot be one URL segment"));
        assert_eq!(diags[0].line, Some(4));
    }

    #[test]
    fn mdx_imports_and_components_are_dropped_with_a_warning() {
        let s = src("content/posts/x/index.mdx", "x");
        let text = "---\ntitle: T\ndate: 2024-01-01\n---\nimport A from 'a';\nexport const meta = {\n  a: [1, 2],\n};\nHello\n\n<Cards />\n\n<Box>\ninside\n</Box>\n\n```\n<Code />\n```\n";
        let (post, diags) = parse_post(&s, Path::new("f"), text);
        let post = post.unwrap();
        assert!(
            !post.body.contains("import") && !post.body.contains("a: [1"),
            "{}",
            post.body
        );
        assert!(!post.body.contains("Cards") && !post.body.contains("inside"));
        assert!(post.body.contains("<Code />"), "code blocks are kept");
        assert_eq!(post.body.lines().count(), text.lines().count() - 4);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].line, Some(11));
    }

    #[test]
    fn typos_of_known_keys() {
        assert_eq!(typo_of("publishdate"), Some("publishDate"));
        assert_eq!(typo_of("tittle"), Some("title"));
        assert_eq!(typo_of("legacyURL"), Some("legacyUrl"));
        assert_eq!(typo_of("release"), None);
        assert_eq!(typo_of("cve"), None);
    }
}
