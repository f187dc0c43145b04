//! MDX and JSX in Markdown (`.mdx`, and `.md` files of sites like the React blog):
//! `import`/`export` statements and `{/* comments */}` are left out (a comment ending a
//! heading that names its id, `## Title {/*title*/}`, becomes the id, `{#title}`);
//! components (tags whose name starts with a capital letter) are read:
//!
//! - callouts (`<Note>`, `<Warning>`, `<Admonition type="tip">`, `<Intro>`…) become
//!   asides around their Markdown;
//! - `<Sandpack>` is left out around its content (its code blocks);
//! - `<TerminalBlock>` becomes a shell code block, `<YouTubeIframe src=…>` a link to
//!   the video;
//! - other components are left out and their content kept, with a warning for each
//!   tag (code `mdx-component`); one without content is left out.
//!
//! Lowercase tags are HTML and stay as they are, and so do capitalised HTML tags of
//! old pages (`<B>`, `<BR>`). A `<` right after a letter or digit is no tag
//! (`Vec<Value>`, `Option<T>`).

use super::embed::{self, CalloutName};
use super::{COMPONENT, OpenKey, Opened, Translator, scan};

/// A JSX attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value<'s> {
    /// A quoted string, without its quotes.
    Text(&'s str),
    /// `{…}`, with its braces.
    Expression(&'s str),
    /// No value: `<Tab selected>`.
    Flag,
}

#[derive(Debug)]
struct Tag<'s> {
    name: &'s str,
    attrs: Vec<(&'s str, Value<'s>)>,
    self_closing: bool,
    end: usize,
}

impl Tag<'_> {
    fn text(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| {
            self.attrs.iter().find_map(|(name, value)| match value {
                Value::Text(t) if name == n => Some(*t),
                _ => None,
            })
        })
    }
}

/// What a known component becomes.
enum Component {
    Callout(CalloutName),
    /// Tags left out without a warning: the content is what counts.
    Transparent,
    /// Its text is a shell session.
    Terminal,
    YouTube,
}

fn component(name: &str) -> Option<Component> {
    Some(match name {
        "Sandpack" => Component::Transparent,
        "TerminalBlock" => Component::Terminal,
        "YouTubeIframe" | "YouTube" | "Youtube" | "LiteYouTubeEmbed" => Component::YouTube,
        _ => Component::Callout(embed::callout_name(name)?),
    })
}

/// HTML elements, which old pages wrote in capitals (`<B>`, `<A HREF=…>`): not
/// components.
const HTML: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

fn is_html_in_capitals(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && HTML.iter().any(|h| h.eq_ignore_ascii_case(name))
}

impl Translator<'_> {
    /// At `<` and a capital letter.
    pub(super) fn jsx_open(&mut self) -> bool {
        let p = self.pos;
        let b = self.src.as_bytes();
        if (p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_'))
            || p < self.jsx_tried_until
        {
            return false;
        }
        let name_end = name_end(b, p + 1);
        let name = &self.src[p + 1..name_end];
        if is_html_in_capitals(name) {
            return false;
        }
        let bound = self.bound(p);
        let tag = match parse_tag(self.src, p, name_end, bound) {
            Ok(tag) => tag,
            Err(reached) => {
                self.jsx_tried_until = reached;
                return false;
            }
        };
        let key = OpenKey::Jsx(name.to_string());
        match component(name) {
            Some(Component::Callout(kind)) => {
                if tag.self_closing {
                    self.replace(tag.end, "");
                    return true;
                }
                let callout = match kind {
                    CalloutName::Fixed(c) => c,
                    CalloutName::Typed => {
                        embed::typed(tag.text(&["type", "kind", "variant", "status"]))
                    }
                };
                let mut html = String::new();
                embed::callout_open(&mut html, callout, tag.text(&["title"]));
                self.push_open(key, Opened::Callout);
                self.block(tag.end, &html, true);
            }
            Some(Component::Transparent) => {
                if !tag.self_closing {
                    self.push_open(key, Opened::Dropped);
                }
                self.replace(tag.end, "");
            }
            Some(Component::Terminal) if !tag.self_closing => {
                let close = self.find.terminal_end.find(self.src, tag.end);
                match close.and_then(|c| Some((c, closing_tag_end(self.src, c)?))) {
                    Some((close, end)) => self.fenced("bash", tag.end..close, end),
                    None => self.unknown_component(&tag, key),
                }
            }
            Some(Component::YouTube) => {
                let id = tag
                    .text(&["id", "videoId", "videoid"])
                    .filter(|id| embed::is_video_id(id));
                match id.or_else(|| tag.text(&["src", "url"]).and_then(embed::youtube_id_in_url)) {
                    Some(id) => {
                        let mut html = String::new();
                        embed::youtube(&mut html, id, tag.text(&["title"]));
                        if !tag.self_closing {
                            self.push_open(key, Opened::Dropped);
                        }
                        self.replace(tag.end, &html);
                    }
                    None => self.unknown_component(&tag, key),
                }
            }
            _ => self.unknown_component(&tag, key),
        }
        true
    }

    /// Leaves out a component's tag, keeping what it holds, with a warning.
    fn unknown_component(&mut self, tag: &Tag<'_>, key: OpenKey) {
        let message = if tag.self_closing {
            format!("MDX component <{}> is left out", tag.name)
        } else {
            format!(
                "MDX component <{}> is left out (its content is kept)",
                tag.name
            )
        };
        self.warn(
            self.pos,
            COMPONENT,
            message,
            "Bulletin renders Markdown and HTML only; replace the component with Markdown, or ignore this warning",
        );
        if !tag.self_closing {
            self.push_open(key, Opened::Dropped);
        }
        self.replace(tag.end, "");
    }

    /// At `</` and a capital letter.
    pub(super) fn jsx_close(&mut self) -> bool {
        let p = self.pos;
        let b = self.src.as_bytes();
        let name_end = name_end(b, p + 2);
        let name = &self.src[p + 2..name_end];
        if is_html_in_capitals(name) {
            return false;
        }
        let Some(end) = closing_tag_end(self.src, p) else {
            return false;
        };
        match self.pop_open(&OpenKey::Jsx(name.to_string())) {
            Some(Opened::Callout) => self.block(end, embed::CALLOUT_CLOSE, true),
            Some(_) => self.replace(end, ""),
            None => {
                self.warn(
                    p,
                    COMPONENT,
                    format!("</{name}> closes no open component; left out"),
                    "remove it, or open the component before",
                );
                self.replace(end, "");
            }
        }
        true
    }

    /// At `{/*`: a JSX comment, left out.
    pub(super) fn jsx_comment(&mut self) -> bool {
        let p = self.pos;
        let Some(close) = self.find.jsx_comment_end.find(self.src, p + 3) else {
            self.warn(
                p,
                super::FOREIGN,
                "a JSX comment `{/*` is not closed; left as text".into(),
                "close it with */}",
            );
            self.copy(p + 3);
            return true;
        };
        let end = close + 3;
        let inner = self.src[p + 3..close].trim();
        let is_id = !inner.is_empty()
            && inner.len() <= 200
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'));
        if is_id && self.in_heading(p) && self.rest_blank(end).is_some() {
            // `## Title {/*title*/}`: the id the heading has on its site.
            self.out.push_str("{#");
            self.out.push_str(inner);
            self.out.push('}');
            self.consume(end);
            return true;
        }
        self.replace(end, "");
        true
    }

    /// True when `at` is on an ATX heading's line.
    fn in_heading(&self, at: usize) -> bool {
        let line = &self.src[self.line_start.min(at)..at];
        let trimmed = line.trim_start_matches(' ');
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        line.len() - trimmed.len() <= 3
            && (1..=6).contains(&hashes)
            && trimmed[hashes..].starts_with([' ', '\t'])
    }

    /// At the start of a line starting with `import` or `export`, after a blank line:
    /// MDX statements, left out (each line becomes an empty line). True when they are.
    pub(super) fn esm(&mut self) -> bool {
        let p = self.pos;
        if p > 0 {
            let prev_start = self.src[..p - 1].rfind('\n').map_or(0, |i| i + 1);
            if !scan::is_blank(&self.src[prev_start..p - 1]) {
                return false;
            }
        }
        let mut at = p;
        let mut statements = 0;
        // Statement after statement, each over lines while brackets are open or an
        // import has not yet named its module.
        while at < self.src.len() {
            let first = &self.src[at..scan::line_end(self.src, at)];
            if !is_statement_start(first) {
                break;
            }
            statements += 1;
            let import = first.starts_with("import");
            let mut depth = 0i64;
            let mut named = false;
            loop {
                let e = scan::line_end(self.src, at);
                let line = &self.src[at..e];
                depth += bracket_balance(line);
                named |= line.contains(['\'', '"']);
                at = (e + 1).min(self.src.len());
                let done =
                    depth <= 0 && (!import || named) && !line.trim_end().ends_with([',', '=']);
                if done || e == self.src.len() {
                    break;
                }
            }
        }
        if statements == 0 {
            return false;
        }
        // Up to the last statement's line end; its line break is copied as usual.
        let end = if self.src[..at].ends_with('\n') {
            at - 1
        } else {
            at
        };
        let lines = self.src[p..end].bytes().filter(|&c| c == b'\n').count();
        self.out.extend(std::iter::repeat_n('\n', lines));
        self.consume(end);
        true
    }
}

/// True for a line that starts an `import` or `export` statement.
pub(super) fn is_statement_start(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import") {
        let rest = rest.trim_start();
        return (rest.len() < line.len() - "import".len() || rest.starts_with('{'))
            && (rest.starts_with(['{', '*', '\'', '"'])
                || rest.contains(" from ")
                || rest.ends_with(',')
                || rest.split_whitespace().nth(1).is_some_and(|w| w == "from"));
    }
    if let Some(rest) = line.strip_prefix("export") {
        let rest = rest.trim_start();
        return rest.len() < line.len() - "export".len()
            && [
                "const ",
                "let ",
                "var ",
                "function",
                "default ",
                "{",
                "async ",
                "class ",
                "*",
                "type ",
                "interface ",
            ]
            .iter()
            .any(|k| rest.starts_with(k));
    }
    false
}

/// Opening minus closing brackets of a line of JavaScript (strings are not parsed:
/// enough for import and export statements).
fn bracket_balance(line: &str) -> i64 {
    line.bytes()
        .map(|c| match c {
            b'{' | b'[' | b'(' => 1,
            b'}' | b']' | b')' => -1,
            _ => 0,
        })
        .sum()
}

/// Where a tag name starting at `from` ends (letters, digits, `_`, `.`).
fn name_end(b: &[u8], from: usize) -> usize {
    from + b[from..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'))
        .count()
}

/// The end of the closing tag `</Name >` at `at`.
fn closing_tag_end(src: &str, at: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = name_end(b, at + 2);
    while b.get(i).is_some_and(|c| matches!(c, b' ' | b'\t')) {
        i += 1;
    }
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

/// Reads the opening tag at `start` whose name ends at `name_end`; it must end before
/// `bound`. On failure, how far it was read.
fn parse_tag(src: &str, start: usize, name_end: usize, bound: usize) -> Result<Tag<'_>, usize> {
    let b = src.as_bytes();
    let bound = bound.min(b.len());
    let name = &src[start + 1..name_end];
    let mut attrs = Vec::new();
    let mut i = name_end;
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
    {
        return Err(i);
    }
    loop {
        while i < bound && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bound {
            return Err(bound);
        }
        match b[i] {
            b'>' => {
                return Ok(Tag {
                    name,
                    attrs,
                    self_closing: false,
                    end: i + 1,
                });
            }
            b'/' if b.get(i + 1) == Some(&b'>') && i + 1 < bound => {
                return Ok(Tag {
                    name,
                    attrs,
                    self_closing: true,
                    end: i + 2,
                });
            }
            b'{' => i = skip_expression(b, i, bound)?, // `{...props}`
            _ => {
                let from = i;
                while i < bound
                    && !b[i].is_ascii_whitespace()
                    && !matches!(b[i], b'=' | b'>' | b'/' | b'{' | b'"' | b'\'')
                {
                    i += 1;
                }
                if i == from {
                    return Err(i);
                }
                let attr = &src[from..i];
                while i < bound && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if b.get(i) != Some(&b'=') || i >= bound {
                    attrs.push((attr, Value::Flag));
                    continue;
                }
                i += 1;
                while i < bound && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) if i < bound => {
                        let close = scan::memchr(q, &b[i + 1..bound]).ok_or(bound)? + i + 1;
                        attrs.push((attr, Value::Text(&src[i + 1..close])));
                        i = close + 1;
                    }
                    Some(b'{') if i < bound => {
                        let end = skip_expression(b, i, bound)?;
                        attrs.push((attr, Value::Expression(&src[i..end])));
                        i = end;
                    }
                    _ => return Err(i),
                }
            }
        }
    }
}

/// The end of the JavaScript expression `{…}` at `start` (braces nest; strings and
/// template literals are skipped), or how far it was read.
fn skip_expression(b: &[u8], start: usize, bound: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < bound {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bound && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(bound)
}

#[cfg(test)]
#[path = "mdx_tests.rs"]
mod tests;
