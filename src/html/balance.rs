//! Whether HTML written by hand holds together: every element closed, no end tag
//! without its start, no element HTML does not know in prose (`<module>` meant as
//! text), no `<!DOCTYPE` in a body. Elements whose end tag HTML lets out (`<p>`,
//! `<li>`, `<td>`…) and void ones (`<br>`, `<img>`) need none; inside `<svg>` and
//! `<math>` any element name is theirs. Fed piece by piece (the raw HTML of a Markdown
//! post comes in pieces between Markdown), linear in what it is fed.

use super::{Token, tokens};

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out (HTML closes them by what follows).
const OPTIONAL_END: &[&str] = &[
    "caption", "colgroup", "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
    "tbody", "td", "tfoot", "th", "thead", "tr", "body", "html", "head",
];

/// The elements of HTML, with the obsolete ones browsers still render.
const KNOWN: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// What is wrong, and where (a byte offset of what was fed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `<name>` is never closed.
    Unclosed(String, usize),
    /// `</name>` closes nothing open.
    Stray(String, usize),
    /// `<name>` is no element of HTML (and has no `-`, as custom elements do).
    Unknown(String, usize),
    /// A `<!DOCTYPE …>` inside a body.
    Doctype(usize),
}

impl Problem {
    /// Where it is.
    pub fn at(&self) -> usize {
        match self {
            Problem::Unclosed(_, at)
            | Problem::Stray(_, at)
            | Problem::Unknown(_, at)
            | Problem::Doctype(at) => *at,
        }
    }
}

/// The open elements of HTML fed so far, and the problems found.
#[derive(Debug, Default)]
pub struct Balance {
    /// Open elements: (name, where its start tag is).
    open: Vec<(String, usize)>,
    /// How many of each name are open: an end tag with none open is stray at once, so
    /// looking for what it closes never scans past what it closes.
    counts: std::collections::HashMap<String, usize>,
    problems: Vec<Problem>,
}

impl Balance {
    /// Reads `html`, which starts at `offset` of what is fed.
    pub fn feed(&mut self, html: &str, offset: usize) {
        tokens(html, |t| match t {
            Token::Start(tag) => self.start(&tag.name, tag.self_closing, offset + tag.span.start),
            Token::End(name, span) => self.end(name, offset + span.start),
            Token::Doctype(span) => self.problems.push(Problem::Doctype(offset + span.start)),
            _ => {}
        });
    }

    fn foreign(&self) -> bool {
        self.counts.get("svg").is_some_and(|&n| n > 0)
            || self.counts.get("math").is_some_and(|&n| n > 0)
    }

    fn push(&mut self, name: &str, at: usize) {
        *self.counts.entry(name.to_string()).or_default() += 1;
        self.open.push((name.to_string(), at));
    }

    fn pop(&mut self) -> Option<(String, usize)> {
        let (name, at) = self.open.pop()?;
        if let Some(n) = self.counts.get_mut(&name) {
            *n -= 1;
        }
        Some((name, at))
    }

    fn start(&mut self, name: &str, self_closing: bool, at: usize) {
        let foreign = self.foreign();
        if !foreign && !KNOWN.contains(&name) && !name.contains('-') {
            self.problems.push(Problem::Unknown(name.to_string(), at));
            return;
        }
        if VOID.contains(&name) || (self_closing && foreign) {
            return;
        }
        self.push(name, at);
    }

    fn end(&mut self, name: &str, at: usize) {
        if VOID.contains(&name) {
            return;
        }
        if self.counts.get(name).is_some_and(|&n| n > 0) {
            // What opened inside it and is still open was never closed.
            while let Some((inner, start)) = self.pop() {
                if inner == name {
                    break;
                }
                if !OPTIONAL_END.contains(&inner.as_str()) {
                    self.problems.push(Problem::Unclosed(inner, start));
                }
            }
        } else if self.foreign() || KNOWN.contains(&name) || name.contains('-') {
            // (The end of an unknown element was reported at its start.)
            self.problems.push(Problem::Stray(name.to_string(), at));
        }
    }

    /// The problems, in order, with the elements left open.
    pub fn finish(mut self) -> Vec<Problem> {
        for (name, start) in std::mem::take(&mut self.open) {
            if !OPTIONAL_END.contains(&name.as_str()) {
                self.problems.push(Problem::Unclosed(name, start));
            }
        }
        self.problems.sort_by_key(Problem::at);
        self.problems
    }
}
