//! YAML through `saphyr-parser` (YAML 1.2): its events become a [`Node`] tree that
//! knows where each value is written, which front matter turns into a [`Mapping`] (with
//! repeated keys noted) and typed files are deserialized from (`yaml_de`).
//!
//! Plain scalars are resolved as the YAML 1.2 core schema says (and as serde_yaml did):
//! `~`, `null` and nothing are null, `true`/`false` booleans, `12`, `0x1F`, `-3`
//! integers, `3.10` and `.inf` floats; everything else, `2024-01-01` among them, is
//! text, and so is every quoted or block scalar. Input is untrusted: values nest at
//! most [`MAX_DEPTH`] deep, and aliases (`*name`) may repeat at most
//! [`MAX_ALIAS_NODES`] values in all, so a "billion laughs" file is an error, not a
//! billion values. The parser itself keeps its own state on the heap (no recursion).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::Value;

use super::text::CharLines;
use super::{Duplicate, Entry, KeyAt, Mapping, ParseError, Position};

/// How deep lists and mappings may nest.
pub(super) const MAX_DEPTH: usize = 128;
/// How many values aliases may repeat in one document, in all.
pub(super) const MAX_ALIAS_NODES: usize = 10_000;

/// A YAML value and where it starts.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) at: Position,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Every pair as written, repeated keys included.
    Map(Vec<(Node, Node)>),
}

/// A scalar's text, and whether it is resolved by the core schema (plain, or tagged
/// with a core type) or is text whatever it reads like (quoted, block, `!!str`).
#[derive(Debug, Clone)]
pub(super) struct Scalar {
    pub(super) text: String,
    pub(super) plain: bool,
}

/// What a scalar is; `Str` is its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str,
}

impl Scalar {
    fn new(text: String, style: ScalarStyle, tag: Option<&Tag>) -> Self {
        let mut plain = style == ScalarStyle::Plain;
        if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
            match tag.suffix.as_str() {
                "str" => plain = false,
                "null" | "bool" | "int" | "float" => plain = true,
                _ => {}
            }
        }
        Self { text, plain }
    }

    pub(super) fn resolve(&self) -> Resolved {
        if self.plain {
            resolve_plain(&self.text)
        } else {
            Resolved::Str
        }
    }
}

fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    // Numbers start with a digit, a sign or a dot; most text is done here.
    if !s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return Resolved::Str;
    }
    if let Some(int) = resolve_int(s) {
        return int;
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Digits with a leading zero (`0123`) are text in YAML 1.2, not octal or decimal.
    let zero_padded = unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned.bytes().all(|b| b.is_ascii_digit());
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() && !zero_padded => Resolved::Float(f),
        _ => Resolved::Str,
    }
}

fn resolve_int(s: &str) -> Option<Resolved> {
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b") {
        (2, d)
    } else {
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return None;
        }
        (10, unsigned)
    };
    // `from_str_radix` takes a sign of its own: `+-1` and `0x-1` are not numbers.
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        let value = i64::try_from(-i128::from(magnitude)).ok()?;
        Some(Resolved::Int(value))
    } else if let Ok(value) = i64::try_from(magnitude) {
        Some(Resolved::Int(value))
    } else {
        Some(Resolved::UInt(magnitude))
    }
}

impl Node {
    pub(super) fn empty_mapping() -> Self {
        Node {
            at: Position { line: 1, column: 1 },
            kind: Kind::Map(Vec::new()),
        }
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s) if s.resolve() == Resolved::Null)
    }

    pub(super) fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar(s) => match s.resolve() {
                Resolved::Null => "nothing",
                Resolved::Bool(_) => "a boolean",
                Resolved::Int(_) | Resolved::UInt(_) | Resolved::Float(_) => "a number",
                Resolved::Str => "a string",
            },
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// The first character XML 1.0 forbids, in a top-level key or anywhere in its
    /// value: (the key, the character, where the value starts).
    pub(super) fn forbidden_char(&self) -> Option<(String, char, Position)> {
        let Kind::Map(pairs) = &self.kind else {
            return None;
        };
        pairs.iter().find_map(|(k, v)| {
            let c = forbidden_in_node(k).or_else(|| forbidden_in_node(v))?;
            let key = match &k.kind {
                Kind::Scalar(s) => s.text.clone(),
                _ => String::new(),
            };
            Some((key, c, v.at))
        })
    }
}

/// The first character XML forbids in `node` (at any depth), and where the scalar
/// holding it is written.
fn forbidden_at(node: &Node) -> Option<(char, Position)> {
    match &node.kind {
        Kind::Scalar(s) => super::forbidden_in(&s.text).map(|c| (c, node.at)),
        Kind::Seq(items) => items.iter().find_map(forbidden_at),
        Kind::Map(pairs) => pairs
            .iter()
            .find_map(|(k, v)| forbidden_at(k).or_else(|| forbidden_at(v))),
    }
}

fn forbidden_in_node(node: &Node) -> Option<char> {
    match &node.kind {
        Kind::Scalar(s) => super::forbidden_in(&s.text),
        Kind::Seq(items) => items.iter().find_map(forbidden_in_node),
        Kind::Map(pairs) => pairs
            .iter()
            .find_map(|(k, v)| forbidden_in_node(k).or_else(|| forbidden_in_node(v))),
    }
}

/// A list or mapping being read.
struct Frame {
    at: Position,
    anchor: usize,
    /// Values inside so far (aliases' copies counted in full).
    size: usize,
    content: Content,
}

/// What a list or mapping being read holds so far.
enum Content {
    Seq(Vec<Node>),
    /// The pairs, and the key waiting for its value.
    Map(Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    lines: CharLines,
    stack: Vec<Frame>,
    /// By anchor id: the value and its size.
    anchors: Vec<Option<(Node, usize)>>,
    copied: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), ParseError> {
        let at = self.lines.position(span.start.index());
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(ParseError::at(
                        "a second YAML document; there can be only one".into(),
                        at,
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let scalar = Scalar::new(text.into_owned(), style, tag.as_deref());
                let node = Node {
                    at,
                    kind: Kind::Scalar(scalar),
                };
                self.finish(node, 1, anchor);
            }
            Event::SequenceStart(anchor, _) => self.open(at, anchor, Content::Seq(Vec::new()))?,
            Event::MappingStart(anchor, _) => {
                self.open(at, anchor, Content::Map(Vec::new(), None))?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let kind = match frame.content {
                        Content::Map(pairs, _) => Kind::Map(pairs),
                        Content::Seq(items) => Kind::Seq(items),
                    };
                    let node = Node { at: frame.at, kind };
                    self.finish(node, frame.size + 1, frame.anchor);
                }
            }
            Event::Alias(id) => {
                let Some(Some((node, size))) = self.anchors.get(id) else {
                    return Err(ParseError::at("an alias to no anchor".into(), at));
                };
                self.copied = self.copied.saturating_add(*size);
                if self.copied > MAX_ALIAS_NODES {
                    return Err(ParseError::at(
                        format!("aliases (`*name`) repeat more than {MAX_ALIAS_NODES} values"),
                        at,
                    ));
                }
                let (mut node, size) = (node.clone(), *size);
                node.at = at;
                self.finish(node, size, 0);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    fn open(&mut self, at: Position, anchor: usize, content: Content) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::at(
                format!("values nest more than {MAX_DEPTH} deep"),
                at,
            ));
        }
        self.stack.push(Frame {
            at,
            anchor,
            size: 0,
            content,
        });
        Ok(())
    }

    /// Puts a finished value where it belongs: its list, its mapping, or the root.
    fn finish(&mut self, node: Node, size: usize, anchor: usize) {
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some((node.clone(), size));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        frame.size = frame.size.saturating_add(size);
        match &mut frame.content {
            Content::Seq(items) => items.push(node),
            Content::Map(pairs, waiting) => match waiting.take() {
                Some(key) => pairs.push((key, node)),
                None => *waiting = Some(node),
            },
        }
    }
}

/// Reads a YAML document; `None` when the text holds none (empty, or comments only).
pub(super) fn parse(text: &str) -> Result<Option<Node>, ParseError> {
    let mut builder = Builder {
        lines: CharLines::new(text),
        stack: Vec::new(),
        anchors: Vec::new(),
        copied: 0,
        root: None,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = builder.lines.position(e.marker().index());
            ParseError::at(e.info().to_string(), at)
        })?;
        builder.event(event, &span)?;
    }
    Ok(builder.root)
}

/// Reads a YAML header as a mapping: an empty document or `~` is an empty mapping.
pub(super) fn mapping(text: &str) -> Result<Mapping, ParseError> {
    let Some(root) = parse(text)? else {
        return Ok(Mapping::default());
    };
    if root.is_null() {
        return Ok(Mapping::default());
    }
    let Kind::Map(pairs) = root.kind else {
        return Err(ParseError::at(
            format!(
                "front matter must be `key: value` lines, found {}",
                root.kind_name()
            ),
            root.at,
        ));
    };
    let mut out = Mapping::default();
    let mut index = KeyIndex::default();
    for (k, v) in pairs {
        let key = key_text(&k)?;
        // At the item that holds it, not at its list's start.
        if let Some((c, place)) = forbidden_at(&k).or_else(|| forbidden_at(&v)) {
            return Err(ParseError::at(super::forbidden_message(&key, c), place));
        }
        let at = KeyAt {
            key: k.at,
            value: v.at,
        };
        let value = to_json(v, &Path::Key(None, &key), &mut out.duplicates)?;
        match index.find(&out.entries, &key) {
            Some(i) => {
                out.duplicates.push(Duplicate {
                    key: key.clone(),
                    at: k.at,
                });
                let entry = &mut out.entries[i];
                entry.value = value;
                entry.at = at;
            }
            None => {
                out.entries.push(Entry { key, value, at });
                index.added(&out.entries);
            }
        }
    }
    out.duplicates.sort_by_key(|d| d.at);
    Ok(out)
}

/// Finds a key among the entries so far: by looking through a few, by a hash map
/// beyond that (a header of many thousand keys must not take quadratic time).
#[derive(Default)]
struct KeyIndex {
    map: Option<HashMap<String, usize>>,
}

impl KeyIndex {
    const LINEAR: usize = 32;

    fn find(&self, entries: &[Entry], key: &str) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(key).copied(),
            None => entries.iter().position(|e| e.key == key),
        }
    }

    /// Notes the entry just added (the last of `entries`).
    fn added(&mut self, entries: &[Entry]) {
        match &mut self.map {
            Some(map) => {
                if let Some(last) = entries.last() {
                    map.insert(last.key.clone(), entries.len() - 1);
                }
            }
            None if entries.len() > Self::LINEAR => {
                let keys = entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i));
                self.map = Some(keys.collect());
            }
            None => {}
        }
    }
}

/// Where a value sits, for naming a repeated key: built only when one is found.
#[derive(Clone, Copy)]
enum Path<'a> {
    Key(Option<&'a Path<'a>>, &'a str),
    Item(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Key(None, key) => (*key).to_string(),
            Path::Key(Some(parent), key) => format!("{}.{key}", parent.render()),
            Path::Item(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

/// A mapping key as text: any scalar but null, as written (`3.10: x` is "3.10").
fn key_text(key: &Node) -> Result<String, ParseError> {
    match &key.kind {
        Kind::Scalar(s) if s.resolve() != Resolved::Null => Ok(s.text.clone()),
        _ => Err(ParseError::at(
            format!("a key must be plain text, found {}", key.kind_name()),
            key.at,
        )),
    }
}

fn to_json(node: Node, path: &Path<'_>, dups: &mut Vec<Duplicate>) -> Result<Value, ParseError> {
    Ok(match node.kind {
        Kind::Scalar(s) => match s.resolve() {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::from(i),
            Resolved::UInt(u) => Value::from(u),
            Resolved::Float(f) => {
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
            Resolved::Str => Value::String(s.text),
        },
        Kind::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| to_json(item, &Path::Item(path, i), dups))
                .collect::<Result<_, _>>()?,
        ),
        Kind::Map(pairs) => {
            let mut map = serde_json::Map::new();
            for (k, v) in pairs {
                let key = key_text(&k)?;
                let inner = Path::Key(Some(path), &key);
                let value = to_json(v, &inner, dups)?;
                let repeated = map.contains_key(&key);
                if repeated {
                    dups.push(Duplicate {
                        key: inner.render(),
                        at: k.at,
                    });
                }
                map.insert(key, value);
            }
            Value::Object(map)
        }
    })
}

/// Where `path` is in the YAML `text`, from the parser's events alone (no values are
/// built): the last of a repeated key wins, as in [`mapping`]. Stops at the first
/// syntax error with what it found before.
pub(super) fn locate(text: &str, path: &[&str]) -> Option<KeyAt> {
    /// A list or mapping on the way: for a mapping that holds `path[level]`, the
    /// level, and the place of that key when it is the one being read.
    struct Open {
        map: bool,
        level: Option<usize>,
        expect_key: bool,
        matched: Option<Position>,
    }
    fn done(stack: &mut [Open]) {
        if let Some(parent) = stack.last_mut().filter(|p| p.map) {
            parent.expect_key = !parent.expect_key;
        }
    }
    if path.is_empty() {
        return None;
    }
    let lines = CharLines::new(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut found = None;
    // The text of anchored scalars, for aliases used as keys.
    let mut anchored: HashMap<usize, String> = HashMap::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let opens = match event {
            Event::MappingStart(..) => Some(true),
            Event::SequenceStart(..) => Some(false),
            Event::Scalar(..) | Event::Alias(_) => None,
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                done(&mut stack);
                continue;
            }
            _ => continue,
        };
        let at = lines.position(span.start.index());
        let mut level = None;
        match stack.last_mut() {
            None => level = opens.filter(|&map| map).map(|_| 0),
            Some(p) if p.map && p.expect_key => {
                let key = match &event {
                    Event::Scalar(key, ..) => Some(key.as_ref()),
                    Event::Alias(id) => anchored.get(id).map(String::as_str),
                    _ => None,
                };
                p.matched = match (key, p.level) {
                    (Some(key), Some(l)) if key == path[l] => Some(at),
                    _ => None,
                };
            }
            Some(p) if p.map => {
                if let (Some(l), Some(key)) = (p.level, p.matched) {
                    // A later value for the key replaces what an earlier one held.
                    found = None;
                    if l + 1 == path.len() {
                        found = Some(KeyAt { key, value: at });
                    } else if opens == Some(true) {
                        level = Some(l + 1);
                    }
                }
            }
            Some(_) => {}
        }
        if let Event::Scalar(text, _, anchor, _) = &event
            && *anchor != 0
        {
            anchored.insert(*anchor, text.to_string());
        }
        match opens {
            Some(map) if stack.len() < MAX_DEPTH => stack.push(Open {
                map,
                level,
                expect_key: true,
                matched: None,
            }),
            Some(_) => break,
            None => done(&mut stack),
        }
    }
    found
}
