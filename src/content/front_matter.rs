//! Front matter: splitting a post into its YAML header and Markdown body, and reading
//! YAML.
//!
//! This is the only module that knows about the YAML crate (`saphyr-parser`): the site
//! config and YAML author files are read through [`from_yaml`] too, so swapping the
//! parser touches these files alone. Values come out as `serde_json::Value`, which the
//! rest of the program (and the templates, as `page.extra`) works with. Every position
//! is 1-based (line, column in characters) and relative to the text that was parsed:
//! the YAML header, or the whole config file.
//!
//! The work is shared out to submodules: `yaml` (events to a located tree, scalars,
//! limits for untrusted input), `yaml_de` (serde over that tree, for typed files) and
//! `text` (positions in a text).

mod text;
mod yaml;
mod yaml_de;

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;

/// A YAML scalar for any text, single-quoted (the one quoting where nothing but `'`
/// needs escaping), so `3.10` stays a string and `: ` or `#` do not break the line.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A post's text cut into its parts. Lines are 1-based lines of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The line of the file on which `yaml` starts.
    pub yaml_line: usize,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// The line of the file on which `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// There is an opening `---` but no closing one.
    Unclosed,
}

/// A place in a text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Where a key and its value are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAt {
    /// The start of the key.
    pub key: Position,
    /// The start of its value.
    pub value: Position,
}

/// A YAML header read as (key, value) entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    /// The top-level entries in the order written. A key given twice appears once, at
    /// its first place, with the last value and the positions of the last one.
    pub entries: Vec<Entry>,
    /// The keys given more than once, at any depth, each repetition with the place it
    /// is written. The last one of a key wins.
    pub duplicates: Vec<Duplicate>,
}

impl Mapping {
    /// The entry for top-level `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// One top-level key of a header.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key as text.
    pub key: String,
    /// Its value; YAML `~`, `null` and an empty value are `Null`.
    pub value: serde_json::Value,
    /// Where the key and value are written (relative to the YAML text).
    pub at: KeyAt,
}

/// A key given again in the same mapping (the later value is the one kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key, as a path from the top for keys inside values: `title`,
    /// `extra.version`, `authors[1].name`.
    pub key: String,
    /// Where the repeated key is written (relative to the YAML text).
    pub at: Position,
}

/// A YAML problem, located relative to the start of the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, without a location.
    pub message: String,
    /// Line in the text, when known.
    pub line: Option<usize>,
    /// Column in the text, when known.
    pub column: Option<usize>,
}

impl ParseError {
    fn at(message: String, at: Position) -> Self {
        Self {
            message,
            line: Some(at.line),
            column: Some(at.column),
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

/// Cuts `text` at the first `---` line after the opening one. A UTF-8 byte order mark,
/// CRLF line ends and trailing spaces on the fences are fine. `---` lines further down
/// belong to the body (thematic breaks, setext headings).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let mut pos = first_end;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if is_fence(&text[pos..end]) {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_line: 2,
                body: &text[end..],
                body_line: line_no + 1,
            });
        }
        pos = end;
        line_no += 1;
    }
    Err(SplitError::Unclosed)
}

/// Reads a YAML mapping (an empty document is an empty mapping). Nulls are kept as
/// they are. A key or value holding a character that feeds cannot carry is an error
/// at its value.
pub fn parse_mapping(yaml: &str) -> Result<Mapping, ParseError> {
    let mapping = yaml::mapping(yaml)?;
    for entry in &mapping.entries {
        refuse_forbidden(&entry.key, &entry.value, entry.at.value)?;
    }
    Ok(mapping)
}

/// Refuses a key or value (at any depth) holding a character that XML 1.0 forbids: it
/// would make the feeds and the sitemap unreadable. YAML lets one in through escapes
/// (`"\x01"`), so it is found in the parsed value.
fn refuse_forbidden(key: &str, value: &serde_json::Value, at: Position) -> Result<(), ParseError> {
    let Some(c) = forbidden_in(key).or_else(|| forbidden_in_value(value)) else {
        return Ok(());
    };
    Err(ParseError::at(forbidden_message(key, c), at))
}

fn forbidden_message(key: &str, c: char) -> String {
    format!(
        "`{}` holds the character U+{:04X}, which feeds and sitemaps cannot carry",
        crate::escape::drop_forbidden(key),
        u32::from(c)
    )
}

fn forbidden_in(s: &str) -> Option<char> {
    crate::escape::forbidden_char(s).map(|(_, c)| c)
}

/// The first character XML 1.0 forbids in a value, at any depth (keys too).
pub fn forbidden_in_value(value: &serde_json::Value) -> Option<char> {
    use serde_json::Value as J;
    match value {
        J::String(s) => forbidden_in(s),
        J::Array(items) => items.iter().find_map(forbidden_in_value),
        J::Object(map) => map
            .iter()
            .find_map(|(k, v)| forbidden_in(k).or_else(|| forbidden_in_value(v))),
        _ => None,
    }
}

/// Deserializes a YAML document into `T` (the site config, an author file). An empty
/// document is an empty mapping. Errors are located at the value (or key) they are
/// about; a top-level value holding a character feeds cannot carry is refused too.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = yaml::parse(text)?.unwrap_or_else(yaml::Node::empty_mapping);
    let root = if root.is_null() {
        yaml::Node::empty_mapping()
    } else {
        root
    };
    let typed = yaml_de::deserialize(&root)?;
    if let Some((key, c, at)) = root.forbidden_char() {
        return Err(ParseError::at(forbidden_message(&key, c), at));
    }
    Ok(typed)
}

/// Where the key at `path` (a top-level key, then keys of the mappings inside it) is
/// written in the YAML text `yaml`; for a key given twice, the last one. `None` when
/// it is not there, or the text cannot be read up to it.
pub fn locate(yaml: &str, path: &[&str]) -> Option<KeyAt> {
    yaml::locate(yaml, path)
}

/// Where a message about the value of top-level `key` in the YAML text `yaml` points:
/// 1-based (line, column) of the value when it is written on the key's line, else of
/// the key (an empty value, a list of `- item` lines). For a key given twice, the last.
///
/// Found by a scan of the lines, which costs next to nothing (the build asks this of
/// most posts): a line that starts with `key:` in YAML that parses is a top-level key,
/// as the parser refuses every other line that starts at the first column (the
/// continuation of a quoted or plain text, an item of a `[...]` list, the content of
/// a `|` block). So in a mapping of `key: value` lines this is where [`locate`] finds
/// the key (the fuzz target checks it); in a `{...}` mapping (JSON) it finds none,
/// which author files then locate their own way.
pub fn key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let yaml = yaml.strip_prefix('\u{feff}').unwrap_or(yaml);
    let mut found = None;
    for (i, line) in yaml.lines().enumerate() {
        let rest = line
            .strip_prefix(key)
            .or_else(|| quoted_key(line, key, '\''))
            .or_else(|| quoted_key(line, key, '"'));
        let Some(rest) = rest else { continue };
        let Some(after) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        // `key:value` is one plain text, not a key.
        if !(after.is_empty() || after.starts_with([' ', '\t', '\r'])) {
            continue;
        }
        let value = after.trim_start_matches([' ', '\t', '\r']);
        let column = if value.is_empty() || value.starts_with('#') {
            1
        } else {
            line[..line.len() - value.len()].chars().count() + 1
        };
        found = Some((i + 1, column));
    }
    found
}

fn quoted_key<'l>(line: &'l str, key: &str, quote: char) -> Option<&'l str> {
    line.strip_prefix(quote)?
        .strip_prefix(key)?
        .strip_prefix(quote)
}
