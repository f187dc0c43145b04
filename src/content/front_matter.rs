//! Front matter: splitting a post into its header (YAML between `---` lines, or TOML
//! between `+++` lines, as Zola and Hugo write it) and its Markdown body, and reading
//! those headers.
//!
//! This is the only module that knows about the YAML and TOML crates (`saphyr-parser`
//! and `toml`): the site config and YAML author files are read through [`from_yaml`]
//! too, so swapping a parser touches these files alone. Values come out as
//! `serde_json::Value`, which the rest of the program (and the templates, as
//! `page.extra`) works with. Every position is 1-based (line, column in characters)
//! and relative to the text that was parsed: the header, or the whole config file.
//!
//! The work is shared out to submodules: `yaml` (events to a located tree, scalars,
//! limits for untrusted input), `yaml_de` (serde over that tree, for typed files),
//! `toml` (TOML tables to the same [`Mapping`]) and `text` (positions in a text).

mod text;
mod toml;
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

/// The language of a post's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
    /// No header: the file does not start with a fence.
    None,
}

/// A post's text cut into its parts. Lines are 1-based lines of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// What the header is written in.
    pub format: Format,
    /// The text between the fences (empty without front matter).
    pub header: &'a str,
    /// The line of the file on which `header` starts.
    pub header_line: usize,
    /// Everything after the closing fence (the whole text without front matter).
    pub body: &'a str,
    /// The line of the file on which `body` starts.
    pub body_line: usize,
}

impl Split<'_> {
    /// Where the key at `path` is written in the header (see [`locate`]).
    pub fn locate(&self, path: &[&str]) -> Option<KeyAt> {
        locate(self.format, self.header, path)
    }
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// There is an opening fence but no closing one.
    Unclosed {
        /// What the opening fence announced.
        format: Format,
        /// The line of the opening fence in the file.
        line: usize,
    },
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

/// A header read as (key, value) entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    /// The top-level entries in the order written. A key given twice appears once, at
    /// its first place, with the last value and the positions of the last one.
    pub entries: Vec<Entry>,
    /// The keys given more than once (YAML; TOML refuses them), at any depth, each
    /// repetition with the place it is written. The last one of a key wins.
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
    /// Where the key and value are written (relative to the header).
    pub at: KeyAt,
}

/// A key given again in the same mapping (the later value is the one kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key, as a path from the top for keys inside values: `title`,
    /// `extra.version`, `authors[1].name`.
    pub key: String,
    /// Where the repeated key is written (relative to the header).
    pub at: Position,
}

/// A problem reading a header or a YAML file, located relative to the start of the
/// text (1-based).
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

/// The fence that `line` is (trailing spaces and the line break aside), if any.
fn fence(line: &str) -> Format {
    match line.trim_end_matches(['\n', '\r', ' ', '\t']) {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => Format::None,
    }
}

/// The end of the line starting at `pos` (after its `\n`, or the end of the text).
fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// Cuts `text` into header and body. Blank lines and a UTF-8 byte order mark may come
/// before the opening fence; `---` opens YAML and `+++` TOML, and the first line that
/// is the same fence closes it (CRLF line ends and trailing spaces on the fences are
/// fine; fence lines further down belong to the body: thematic breaks, setext
/// headings). A text that starts with neither has no front matter: the whole text is
/// the body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let none = Split {
        format: Format::None,
        header: &text[..0],
        header_line: 1,
        body: text,
        body_line: 1,
    };
    let mut pos = 0;
    let mut line = 1;
    let format = loop {
        if pos == text.len() {
            return Ok(none);
        }
        let end = line_end(text, pos);
        let this = &text[pos..end];
        if this.trim_end_matches(['\n', '\r', ' ', '\t']).is_empty() {
            pos = end;
            line += 1;
            continue;
        }
        match fence(this) {
            Format::None => return Ok(none),
            format => {
                pos = end;
                break format;
            }
        }
    };
    let (open_line, header_start) = (line, pos);
    line += 1;
    while pos < text.len() {
        let end = line_end(text, pos);
        if fence(&text[pos..end]) == format {
            return Ok(Split {
                format,
                header: &text[header_start..pos],
                header_line: open_line + 1,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        pos = end;
        line += 1;
    }
    Err(SplitError::Unclosed {
        format,
        line: open_line,
    })
}

/// Reads a header as a mapping (an empty header, or none, is an empty mapping). Nulls
/// are kept as they are. A key or value holding a character that feeds cannot carry
/// is an error at its value.
pub fn parse(format: Format, header: &str) -> Result<Mapping, ParseError> {
    let mapping = match format {
        Format::Yaml => yaml::mapping(header)?,
        Format::Toml => toml::mapping(header)?,
        Format::None => return Ok(Mapping::default()),
    };
    for entry in &mapping.entries {
        refuse_forbidden(&entry.key, &entry.value, entry.at.value)?;
    }
    Ok(mapping)
}

/// Refuses a key or value (at any depth) holding a character that XML 1.0 forbids: it
/// would make the feeds and the sitemap unreadable. YAML lets one in through escapes
/// (`"\x01"`), TOML through `\u` escapes, so it is found in the parsed value.
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
/// written in `header`, in the language `format`; for a key given twice, the last
/// one. `None` when it is not there, or the header cannot be read up to it.
pub fn locate(format: Format, header: &str, path: &[&str]) -> Option<KeyAt> {
    match format {
        Format::Yaml => yaml::locate(header, path),
        Format::Toml => toml::locate(header, path),
        Format::None => None,
    }
}

/// Where a message about the value of top-level `key` in the YAML text `yaml` points:
/// 1-based (line, column) on the key's line, after the colon and the blanks that follow
/// it (where the value starts, or the end of the line when the value is on the lines
/// below or empty). For a key given twice, the last.
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
        let column = line[..line.len() - value.len()].chars().count() + 1;
        found = Some((i + 1, column));
    }
    found
}

fn quoted_key<'l>(line: &'l str, key: &str, quote: char) -> Option<&'l str> {
    line.strip_prefix(quote)?
        .strip_prefix(key)?
        .strip_prefix(quote)
}
