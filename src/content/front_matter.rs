//! Front matter: splitting a post into its YAML header and Markdown body, and reading
//! YAML.
//!
//! This is the only module that knows about `serde_yaml` (deprecated upstream): the
//! site config and YAML author files are read through [`from_yaml`] too, so swapping
//! the YAML crate touches this file alone. Values come out as `serde_json::Value`,
//! which the rest of the program (and the templates, as `page.extra`) works with.

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

/// A YAML problem, located relative to the start of the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What serde_yaml said, without its own location suffix.
    pub message: String,
    /// Line in the YAML text, when known.
    pub line: Option<usize>,
    /// Column in the YAML text, when known.
    pub column: Option<usize>,
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

fn yaml_error(err: &serde_yaml::Error, yaml: &str) -> YamlError {
    let mut message = err.to_string();
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let Some(loc) = err.location() else {
        return YamlError {
            message,
            line: None,
            column: None,
        };
    };
    // At the end of a text without a final line break, the parser reports the line
    // after the last one: the error is at the end of the last line.
    let (last, last_chars) = last_line(yaml);
    let (line, column) = if loc.line() > last {
        (last, last_chars + 1)
    } else {
        (loc.line(), loc.column())
    };
    YamlError {
        message,
        line: Some(line),
        column: Some(column),
    }
}

/// The number of the last line of `yaml` (1-based, as the YAML parser counts lines:
/// `\r\n`, `\r`, `\n`, U+0085, U+2028 and U+2029 each end one), and its length in
/// characters.
fn last_line(yaml: &str) -> (usize, usize) {
    let mut line = 1;
    let mut chars = 0;
    let mut after_cr = false;
    for c in yaml.chars() {
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                chars = 0;
            }
            _ => chars += 1,
        }
        after_cr = c == '\r';
    }
    (line, chars)
}

/// Reads a YAML mapping as (key, value) pairs in the order written. An empty document
/// is an empty mapping.
pub fn parse_mapping(yaml: &str) -> Result<Vec<(String, serde_json::Value)>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, yaml))?;
    let map = match value {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(map) => map,
        other => {
            return Err(YamlError {
                message: format!(
                    "front matter must be `key: value` lines, found {}",
                    kind_name(&other)
                ),
                line: Some(1),
                column: Some(1),
            });
        }
    };
    let pairs = map
        .into_iter()
        .map(|(k, v)| match key_string(k) {
            Ok(key) => Ok((key, to_json(v))),
            Err(other) => Err(YamlError {
                message: format!("a key must be plain text, found {}", kind_name(&other)),
                line: None,
                column: None,
            }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (key, value) in &pairs {
        refuse_forbidden(yaml, key, value)?;
    }
    Ok(pairs)
}

/// Refuses a key or value (at any depth) holding a character that XML 1.0 forbids: it
/// would make the feeds and the sitemap unreadable. YAML lets one in through escapes
/// (`"\x01"`), so it is found in the parsed value and reported at its key.
fn refuse_forbidden(yaml: &str, key: &str, value: &serde_json::Value) -> Result<(), YamlError> {
    let Some(c) = forbidden_in(key).or_else(|| forbidden_in_value(value)) else {
        return Ok(());
    };
    let (line, column) = key_position(yaml, key).map_or((None, None), |(l, c)| (Some(l), Some(c)));
    Err(YamlError {
        message: format!(
            "`{}` holds the character U+{:04X}, which feeds and sitemaps cannot carry",
            crate::escape::drop_forbidden(key),
            u32::from(c)
        ),
        line,
        column,
    })
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

/// Deserializes a YAML document into `T` (the site config, an author file).
pub fn from_yaml<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    // An empty file is an empty mapping, so that all-defaults configs work.
    if yaml.trim().is_empty() {
        return serde_yaml::from_str("{}").map_err(|e| yaml_error(&e, yaml));
    }
    let typed = serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, yaml))?;
    // Parsed again as a mapping to find characters feeds cannot carry (the typed
    // value has no generic view); these files are small.
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(yaml) {
        for (k, v) in map {
            if let Ok(key) = key_string(k) {
                refuse_forbidden(yaml, &key, &to_json(v))?;
            }
        }
    }
    Ok(typed)
}

fn kind_name(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// A mapping key as text: strings, and numbers or booleans written as keys.
fn key_string(k: serde_yaml::Value) -> Result<String, serde_yaml::Value> {
    match k {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(b.to_string()),
        other => Err(other),
    }
}

fn to_json(v: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        serde_yaml::Value::Null => J::Null,
        serde_yaml::Value::Bool(b) => J::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(J::Null, J::Number)
            }
        }
        serde_yaml::Value::String(s) => J::String(s),
        serde_yaml::Value::Sequence(seq) => J::Array(seq.into_iter().map(to_json).collect()),
        serde_yaml::Value::Mapping(map) => J::Object(
            map.into_iter()
                .filter_map(|(k, v)| Some((key_string(k).ok()?, to_json(v))))
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => to_json(t.value),
    }
}

/// Finds where the value of top-level `key` starts in `yaml`: 1-based (line, column)
/// relative to the YAML text. serde_yaml's values carry no positions, so checks that
/// happen after parsing (a bad date, say) use this to point at the right line.
pub fn key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in yaml.lines().enumerate() {
        let rest = line
            .strip_prefix(key)
            .or_else(|| {
                line.strip_prefix('\'')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('\''))
            })
            .or_else(|| {
                line.strip_prefix('"')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('"'))
            });
        let Some(rest) = rest else { continue };
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if let Some(value) = trimmed.strip_prefix(':') {
            let key_len = line.len() - rest.len();
            let gap = rest.len() - value.len() + (value.len() - value.trim_start().len());
            let col = line[..key_len + gap].chars().count() + 1;
            return Some((i + 1, col));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_first_closing_fence() {
        let s = split("---\ntitle: A\n---\nbody\n---\nmore\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "body\n---\nmore\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn tolerates_bom_crlf_and_trailing_spaces() {
        let s = split("\u{feff}---  \r\ntitle: A\r\n--- \r\nbody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn empty_body_and_no_trailing_newline() {
        let s = split("---\ntitle: A\n---").unwrap();
        assert_eq!(s.body, "");
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.yaml, "");
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
        assert_eq!(split("----\n---\n"), Err(SplitError::Missing));
    }

    #[test]
    fn yaml_errors_are_located() {
        let e = parse_mapping("title: a\nauthor: [unclosed\n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    /// At the end of a text without a final line break, the YAML parser reports a
    /// line after the last one: the error points at the end of the last line instead.
    #[test]
    fn errors_at_the_end_stay_in_the_text() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Config {
            title: String,
        }
        for yaml in ["title: ' s'\n/", "title: x\r\nb c", "a: [1,\n2"] {
            let e = from_yaml::<Config>(yaml).unwrap_err();
            let last = yaml.lines().count();
            assert_eq!(e.line, Some(last), "{yaml:?}: {e:?}");
            let end = yaml.lines().last().unwrap().chars().count() + 1;
            assert_eq!(e.column, Some(end), "{yaml:?}: {e:?}");
            let e = parse_mapping(yaml).unwrap_err();
            assert_eq!(e.line, Some(last), "{yaml:?}: {e:?}");
        }
        // A text that ends with a line break has an empty line after it to point at.
        let e = parse_mapping("a: [1,\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
    }

    #[test]
    fn mapping_keeps_order_and_types() {
        let m = parse_mapping("b: 1\na: [x, y]\nc: '2024-01-01'\n").unwrap();
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(m[1].1, serde_json::json!(["x", "y"]));
        assert!(parse_mapping("- a\n").is_err());
        assert!(parse_mapping("").unwrap().is_empty());
    }

    #[test]
    fn characters_feeds_cannot_carry_are_refused_at_their_key() {
        for yaml in [
            "title: ok\nauthor: \"a\\x01b\"\n",
            "title: ok\nauthor: [x, \"\\uFFFE\"]\n",
            "title: ok\nauthor: {name: \"\\u001F\"}\n",
        ] {
            let e = parse_mapping(yaml).unwrap_err();
            assert_eq!((e.line, e.column), (Some(2), Some(9)), "{yaml}: {e:?}");
            assert!(
                e.message.contains("`author` holds the character U+"),
                "{}",
                e.message
            );
            #[derive(serde::Deserialize)]
            #[allow(dead_code)]
            struct Config {
                title: String,
                author: serde_yaml::Value,
            }
            let e = from_yaml::<Config>(yaml).err().unwrap();
            assert_eq!(e.line, Some(2), "{yaml}: {e:?}");
        }
        assert!(parse_mapping("title: \"tab\\tand\\nnewline \\u00E9\"\n").is_ok());
    }

    #[test]
    fn finds_keys() {
        let y = "title: x\npublishDate:   '2024-02-30'\n'tags': [a]\n";
        assert_eq!(key_position(y, "publishDate"), Some((2, 16)));
        assert_eq!(key_position(y, "tags"), Some((3, 9)));
        assert_eq!(key_position(y, "publish"), None);
        assert_eq!(key_position(y, "nope"), None);
    }
}
