//! The fields of a post read from its front matter, whichever generator's spelling it
//! uses (the key tables are in `keys.rs`), with what the path gives when the front
//! matter is silent: the date in the file name or folders, and the title from the
//! first `# ` heading of a post without one.

use serde_json::Value;

use super::keys::{
    AUTHOR_KEYS, CATEGORY_KEYS, DATE_KEYS, DESCRIPTION_KEYS, EXPIRY_KEYS, PATH_KEYS, UPDATED_KEYS,
    is_known, typo_of,
};
use super::{Located, Parser, dedup};
use crate::content::PostSource;
use crate::content::date::PostDate;
use crate::error::Diagnostic;
use crate::url;

/// What the front matter (and the path) say about a post, before its body is read.
pub(super) struct Fields {
    pub(super) title: String,
    pub(super) date: Option<PostDate>,
    pub(super) updated: Option<PostDate>,
    pub(super) expires: Option<PostDate>,
    pub(super) authors: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) categories: Vec<String>,
    pub(super) published: bool,
    pub(super) redirects: Vec<Located<String>>,
    pub(super) slug: String,
    pub(super) path: Option<Located<String>>,
    pub(super) release: Option<crate::content::post::Release>,
    pub(super) guid: Option<String>,
    pub(super) extra: serde_json::Map<String, Value>,
}

/// True for a value that stands for nothing: `~`, `''`, `[]`, `{}`.
pub(super) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

impl Parser<'_> {
    /// Reads every field. `body` is the Markdown after the front matter, starting on
    /// line `body_line`; a post without a title gives its first `# ` heading, and the
    /// body returned is then the rest. A post that starts with its own title as a `# `
    /// heading (as VuePress and Docusaurus posts do: their themes show the body's, not
    /// the front matter's) loses that heading too: the page shows the title once.
    pub(super) fn fields(
        &mut self,
        source: &PostSource,
        fm: &serde_json::Map<String, Value>,
        body: &str,
        body_line: usize,
    ) -> (Fields, Option<String>) {
        let mut new_body = None;
        let title = match self.one_of_strings(fm, &["title"]) {
            Some((_, t)) if t.chars().any(char::is_control) => {
                self.error_at_key(
                    "title",
                    "the title has a control character".into(),
                    "remove it; titles are one line of text",
                );
                String::new()
            }
            Some((_, t)) => {
                if let Some(Title::Taken { title, rest }) = take_title(body)
                    && same_title(&title, &t)
                {
                    new_body = Some(rest);
                }
                t.trim().to_string()
            }
            None if Self::any_set(fm, &["title"]) => String::new(), // reported already
            None => match take_title(body) {
                Some(Title::Taken { title, rest }) => {
                    new_body = Some(rest);
                    title
                }
                Some(Title::Kept { title, line }) => {
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "the post has no title; its first heading, “{title}”, is used"
                        ))
                        .code("front-matter")
                        .in_file(self.file)
                        .at(body_line + line - 1, 1)
                        .help("add a `title:` to the front matter, or start the post with a `# ` heading"),
                    );
                    title
                }
                None if self.misspelt(fm, &["title"]) => String::new(),
                None => {
                    self.diags.push(
                        Diagnostic::error("missing `title`")
                            .in_file(self.file)
                            .at(self.yaml_line.min(body_line), 1)
                            .help(
                                "add a line `title: 'Python 3.12.0 release candidate 1 \
                                 released'` to the front matter, or start the post with a \
                                 `# ` heading",
                            ),
                    );
                    String::new()
                }
            },
        };

        let date = self.post_date(source, fm);
        let updated = self
            .one_of_strings(fm, &UPDATED_KEYS)
            .and_then(|(key, d)| self.date(key, &d));
        let expires = self
            .one_of_strings(fm, &EXPIRY_KEYS)
            .and_then(|(key, d)| self.date(key, &d));

        let mut authors = Vec::new();
        for key in AUTHOR_KEYS {
            if let Some(v) = fm.get(key) {
                authors.extend(self.string_list(key, v));
            }
        }
        let mut authors: Vec<String> = authors
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        dedup(&mut authors);

        let description = self
            .one_of_strings(fm, &DESCRIPTION_KEYS)
            // Descriptions are shown as plain text (meta tags, feeds, cards): Markdown in
            // them (`[text](url)`, `*emphasis*`) keeps its words only.
            .map(|(_, d)| crate::markdown::description_text(&d))
            .filter(|d| !d.is_empty());

        let tags = self.taxonomy(fm, &["tags"], "tags");
        let categories = self.taxonomy(fm, &CATEGORY_KEYS, "categories");
        let published = self.published(fm);

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

        let slug = self.slug(source, fm);
        let path = self.own_path(fm);
        let release = self.release(fm);
        let guid = self.guid(fm);

        let mut extra = serde_json::Map::new();
        for (k, v) in fm {
            if k == "extra"
                && let Value::Object(map) = v
            {
                extra.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
                continue;
            }
            if !is_known(k) {
                if let Some(known) = typo_of(k)
                    && !self.named_typos.contains(k)
                {
                    // At the key itself (top-level keys start the line).
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "unknown front-matter key `{k}`: did you mean `{known}`?"
                        ))
                        .code("front-matter-typo")
                        .in_file(self.file)
                        .at(self.key_pos(k).0, 1)
                        .help(format!("a misspelt key is ignored; rename it to `{known}`")),
                    );
                }
                extra.insert(k.clone(), v.clone());
            }
        }
        let fields = Fields {
            title,
            date,
            updated,
            expires,
            authors,
            description,
            tags,
            categories,
            published,
            redirects,
            slug,
            path,
            release,
            guid,
            extra,
        };
        (fields, new_body)
    }

    /// The publication date: the first of the date keys, else the date in the path. A
    /// front-matter date that cannot be read while the path has one is a warning, and
    /// the path's date is used.
    fn post_date(
        &mut self,
        source: &PostSource,
        fm: &serde_json::Map<String, Value>,
    ) -> Option<PostDate> {
        let path_date = source
            .name_date
            .as_deref()
            .and_then(|d| PostDate::parse(d).ok());
        // Hugo writes the publication date as `published`, which is otherwise a flag.
        let keys: Vec<&'static str> = DATE_KEYS
            .iter()
            .copied()
            .filter(|k| {
                *k != "published"
                    || matches!(fm.get(*k), Some(Value::String(s)) if PostDate::parse(s).is_ok())
            })
            .collect();
        match self.one_of_strings(fm, &keys) {
            Some((key, text)) => match (PostDate::parse(&text), path_date) {
                (Ok(d), _) => Some(d),
                (Err(e), Some(d)) => {
                    let (line, col) = self.key_pos(key);
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "{e}; the date in the file's path, {}, is used",
                            d.iso_date()
                        ))
                        .code("front-matter")
                        .in_file(self.file)
                        .at(line, col)
                        .help(
                            "write the date as YYYY-MM-DD, or RFC 3339 like \
                             2024-02-01T10:00:00+02:00, or remove the line",
                        ),
                    );
                    Some(d)
                }
                (Err(_), None) => self.date(key, &text),
            },
            None if Self::any_set(fm, &keys) => None, // reported already
            None => {
                // A date-shaped file name with an impossible date (`2024-13-01-x.md`).
                if let Some(Err(e)) = source.name_date.as_deref().map(PostDate::parse) {
                    self.diags.push(
                        Diagnostic::error(e)
                            .in_file(self.file)
                            .help("fix the date at the start of the file name"),
                    );
                } else if path_date.is_none() && source.undated_oldest {
                    self.diags.push(
                        Diagnostic::warning(
                            "no date in the front matter or the path: the post is dated \
                             0001-01-01 and listed last (`undated: oldest`)",
                        )
                        .in_file(self.file)
                        .at(self.yaml_line, 1)
                        .help("add a line `publishDate: 'YYYY-MM-DD'` to the front matter"),
                    );
                    return PostDate::parse("0001-01-01").ok();
                } else if path_date.is_none() && !self.misspelt(fm, &DATE_KEYS) {
                    self.diags.push(
                        Diagnostic::error("missing `publishDate`")
                            .in_file(self.file)
                            .at(self.yaml_line, 1)
                            .help(
                                "add a line `publishDate: 'YYYY-MM-DD'` to the front matter, \
                                 or start the file name with the date: 2024-02-01-name.md",
                            ),
                    );
                }
                path_date
            }
        }
    }

    /// Tags or categories: lists, or one text split at commas (else at spaces, as
    /// Jekyll does), from every key that spells them and from Zola's `taxonomies`.
    fn taxonomy(
        &mut self,
        fm: &serde_json::Map<String, Value>,
        keys: &[&str],
        name: &str,
    ) -> Vec<String> {
        let mut items = Vec::new();
        for key in keys {
            match fm.get(*key) {
                // Jekyll's singular `category` is one name; lists in one text are split.
                Some(Value::String(s)) if *key == "category" => items.push(s.clone()),
                Some(Value::String(s)) => items.extend(split_words(s)),
                Some(v) => items.extend(self.string_list(key, v)),
                None => {}
            }
        }
        if let Some(Value::Object(tax)) = fm.get("taxonomies")
            && let Some(v) = tax.get(name)
        {
            items.extend(self.string_list("taxonomies", v));
        }
        let mut items: Vec<String> = items
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        dedup(&mut items);
        items
    }

    fn slug(&mut self, source: &PostSource, fm: &serde_json::Map<String, Value>) -> String {
        match self.one_of_strings(fm, &["slug"]) {
            Some((_, s)) if url::is_plain_segment(s.trim()) => s.trim().to_string(),
            Some((_, s)) => {
                self.error_at_key(
                    "slug",
                    format!("slug '{s}' cannot be one URL segment"),
                    "use letters, digits and dashes, without `/`, spaces, `..`, `?`, `#` or `%`",
                );
                String::new()
            }
            None if url::is_plain_segment(&source.slug) => source.slug.to_string(),
            None => {
                self.diags.push(
                    Diagnostic::error(format!("'{}' cannot be a URL segment", source.slug))
                        .in_file(self.file)
                        .help(
                            "rename the file or folder, set `slug:` in the front matter, or \
                             set `slug_style: slugify` in bulletin.yaml",
                        ),
                );
                String::new()
            }
        }
    }

    /// The post's own URL (`permalink`, `url` or `path`), which wins over the site's
    /// permalink pattern. Zola writes it without the leading `/`.
    fn own_path(&mut self, fm: &serde_json::Map<String, Value>) -> Option<Located<String>> {
        let (key, text) = self.one_of_strings(fm, &PATH_KEYS)?;
        let text = text.trim();
        let path = if text.starts_with('/') || text.contains("://") {
            text.to_string()
        } else {
            format!("/{text}")
        };
        if let Err(why) = url::page_file(&path) {
            self.error_at_key(
                key,
                format!("`{key}` {text} cannot be the post's URL: {why}"),
                "write the path on this site, like /2024/02/my-post/",
            );
            return None;
        }
        let (line, column) = self.key_pos(key);
        Some(Located {
            value: path,
            line,
            column,
        })
    }
}

/// One text of tags: split at commas when it has any, else at spaces.
fn split_words(s: &str) -> Vec<String> {
    if s.contains(',') {
        s.split(',').map(str::to_string).collect()
    } else {
        s.split_whitespace().map(str::to_string).collect()
    }
}

impl Parser<'_> {
    /// When a key of `fm` that Bulletin does not know looks like one of `wanted`
    /// (`titel`, `publishdat`), reports the missing key there, naming the look-alike,
    /// and says so.
    fn misspelt(&mut self, fm: &serde_json::Map<String, Value>, wanted: &[&str]) -> bool {
        let found = (fm.keys())
            .filter(|k| !is_known(k))
            .find_map(|k| typo_of(k).filter(|t| wanted.contains(t)).map(|t| (k, t)));
        let Some((typo, known)) = found else {
            return false;
        };
        self.named_typos.push(typo.clone());
        self.error_at_key(
            typo,
            format!("missing `{}`: `{typo}` looks like `{known}`", wanted[0]),
            &format!("rename `{typo}` to `{known}`"),
        );
        true
    }
}

/// Whether a heading says the same as a title: alike but for case, spacing and
/// Markdown emphasis or code marks around words (`This Week in Nushell #365`,
/// `**Nu** 0.80`).
fn same_title(heading: &str, title: &str) -> bool {
    // Emphasis and code marks stand at a word's ends; `snake_case` is one word.
    let words = |s: &str| {
        s.split_whitespace()
            .map(|w| w.trim_matches(['*', '_', '`']).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
    };
    words(heading) == words(title)
}

/// The title a post without one gives.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Title {
    /// Its first `# ` heading, taken out of the body (`rest`).
    Taken { title: String, rest: String },
    /// A heading of another level (`## Nushell`), which stays in the body; `line` is
    /// its line in the body (1-based).
    Kept { title: String, line: usize },
}

/// The title of a post without one: the heading it starts with. Only a heading before
/// any other text counts (a title is what a post starts with); code blocks are never
/// read.
pub(super) fn take_title(body: &str) -> Option<Title> {
    let mut offset = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let start = offset;
        offset += line.len();
        // Blank lines, HTML comments and MDX imports may stand before the title.
        if trimmed.is_empty()
            || (trimmed.starts_with("<!--") && trimmed.ends_with("-->"))
            || trimmed.starts_with("import ")
        {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent >= 4 {
            return None;
        }
        let hashes = line[indent..].bytes().take_while(|&b| b == b'#').count();
        let heading = line[indent + hashes..].strip_prefix([' ', '\t'])?;
        if !(1..=6).contains(&hashes) {
            return None;
        }
        // A closing sequence of `#`s is not part of the text.
        let text = heading.trim().trim_end_matches('#').trim_end();
        if text.is_empty() || text.chars().any(char::is_control) {
            return None;
        }
        let title = text.to_string();
        if hashes > 1 {
            return Some(Title::Kept { title, line: i + 1 });
        }
        // The heading's line stays, blank, so that line numbers do not move.
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        let rest = format!("{}{newline}{}", &body[..start], &body[offset..]);
        return Some(Title::Taken { title, rest });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_the_first_heading() {
        let taken = |title: &str, rest: &str| {
            Some(Title::Taken {
                title: title.into(),
                rest: rest.into(),
            })
        };
        assert_eq!(
            take_title("\n# Nushell 0.87 #\n\nText\n"),
            taken("Nushell 0.87", "\n\n\nText\n")
        );
        assert_eq!(
            take_title("<!-- c -->\n# T\n"),
            taken("T", "<!-- c -->\n\n")
        );
        assert_eq!(
            take_title("\n## Nushell\n\n- item\n"),
            Some(Title::Kept {
                title: "Nushell".into(),
                line: 2
            })
        );
        for none in [
            "Text first\n# Later\n",
            "    # indented code\n",
            "#\n",
            "####### seven\n",
            "#hashtag\n",
            "",
        ] {
            assert_eq!(take_title(none), None, "{none:?}");
        }
    }

    #[test]
    fn tags_in_one_text() {
        assert_eq!(split_words("a b  c"), ["a", "b", "c"]);
        assert_eq!(split_words("Python 3, releases"), ["Python 3", " releases"]);
    }
}
