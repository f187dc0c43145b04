//! HTML read the way browsers read it, for the one pass Bulletin makes over each body
//! and page: a standards tokenizer (html5gum, which passes html5lib's tokenizer tests)
//! gives each tag with its attributes decoded (every character reference, `&eacute;`
//! too) and where each value is written, so a value can be replaced in place and the
//! rest of the HTML kept byte for byte.
//!
//! [`tokens`] walks the tokens; [`rewrite`] resolves every URL attribute of a rendered
//! body and writes the page's and the feed's versions in one pass; [`page_facts`] reads
//! the anchors and links of a page for `check`; [`Balance`] says whether hand-written
//! HTML holds together. Text, code, comments and the content of
//! `<script>` and `<style>` hold no tags. Linear in the size of the HTML.

mod balance;
mod rewrite;
mod srcset;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

pub use balance::{Balance, Problem};
pub use rewrite::{Resolve, Rewritten, UrlKind, rewrite};
pub use srcset::{Candidate, candidates};

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Its name, in lower case.
    pub name: String,
    /// Its value, decoded.
    pub value: String,
    /// Where the value is written (inside the quotes, if quoted); None when it has no
    /// value (`<input disabled>`, `alt=""`).
    pub span: Option<Range<usize>>,
}

/// A start tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tag {
    /// Its name, in lower case.
    pub name: String,
    /// Its attributes, in the order written: the first `len` (the rest are kept for
    /// their buffers, so that a tag costs no allocation once the first ones are made).
    attrs: Vec<Attr>,
    len: usize,
    /// Written `<x/>`.
    pub self_closing: bool,
    /// Where it is written: `<a href="…">`.
    pub span: Range<usize>,
}

impl Tag {
    /// Its attributes, in the order written.
    pub fn attrs(&self) -> &[Attr] {
        &self.attrs[..self.len]
    }

    /// The value of attribute `name` (lower case), the first one written.
    pub fn attr(&self, name: &str) -> Option<&str> {
        (self.attrs().iter())
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

/// A token of HTML.
#[derive(Debug)]
pub enum Token<'a> {
    /// A start tag.
    Start(&'a Tag),
    /// An end tag: its name (lower case) and where it is written.
    End(&'a str, Range<usize>),
    /// Text, decoded, and where it is written.
    Text(&'a str, Range<usize>),
    /// A comment.
    Comment(Range<usize>),
    /// `<!DOCTYPE …>`.
    Doctype(Range<usize>),
    /// A parse error the HTML standard names (`eof-in-tag`, `duplicate-attribute`…).
    Error(String, Range<usize>),
}

/// Calls `visit` with each token of `html`, in order.
pub fn tokens(html: &str, mut visit: impl FnMut(Token<'_>)) {
    let mut tag = Tag::default();
    let mut in_tag = false;
    // Into a kept buffer: text that is UTF-8 (all of it, from a `&str`) is not copied
    // twice.
    let set = |s: &mut String, b: &[u8]| {
        s.clear();
        s.push_str(&String::from_utf8_lossy(b));
    };
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<()> {
            let range = span.start..span.end;
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    set(&mut tag.name, name);
                    tag.len = 0;
                    tag.self_closing = false;
                    tag.span = range;
                    in_tag = true;
                }
                CallbackEvent::AttributeName { name } if in_tag => {
                    if tag.len == tag.attrs.len() {
                        tag.attrs.push(Attr {
                            name: String::new(),
                            value: String::new(),
                            span: None,
                        });
                    }
                    let a = &mut tag.attrs[tag.len];
                    set(&mut a.name, name);
                    a.value.clear();
                    a.span = None;
                    tag.len += 1;
                }
                CallbackEvent::AttributeValue { value } if in_tag && tag.len > 0 => {
                    let a = &mut tag.attrs[tag.len - 1];
                    set(&mut a.value, value);
                    a.span = Some(range);
                }
                CallbackEvent::CloseStartTag { self_closing } if in_tag => {
                    tag.self_closing = self_closing;
                    tag.span.end = range.end;
                    in_tag = false;
                    visit(Token::Start(&tag));
                }
                CallbackEvent::EndTag { name } => {
                    in_tag = false;
                    visit(Token::End(&String::from_utf8_lossy(name), range));
                }
                CallbackEvent::String { value } => {
                    visit(Token::Text(&String::from_utf8_lossy(value), range));
                }
                CallbackEvent::Comment { .. } => visit(Token::Comment(range)),
                CallbackEvent::Doctype { .. } => visit(Token::Doctype(range)),
                CallbackEvent::Error(e) => visit(Token::Error(e.to_string(), range)),
                // Attributes of an end tag (`</a href=x>`) are nothing.
                CallbackEvent::AttributeName { .. }
                | CallbackEvent::AttributeValue { .. }
                | CallbackEvent::CloseStartTag { .. } => {}
            }
            None
        },
    );
    // `<script>`, `<style>`, `<textarea>`, `<title>`: their content is text.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
}

/// The attributes that hold URLs, on any element: `href`, `src`, `srcset` (several),
/// `poster`, `cite`, `action`, `formaction`, `data` (of `<object>`).
pub fn url_kind(element: &str, attr: &str) -> Option<UrlKind> {
    Some(match attr {
        "href" | "src" | "poster" | "cite" | "action" | "formaction" => UrlKind::One,
        "srcset" => UrlKind::Srcset,
        "data" if element == "object" => UrlKind::One,
        _ => return None,
    })
}

/// What a page offers and uses: its anchors and the URLs it links to.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Every `id`, and the `name` of every `<a>`, decoded.
    pub ids: BTreeSet<String>,
    /// Every URL of a URL attribute (each candidate of a `srcset`), decoded.
    pub links: BTreeSet<String>,
}

/// Reads a page's anchors and links (see [`PageFacts`]).
pub fn page_facts(html: &str) -> PageFacts {
    let mut out = PageFacts::default();
    tokens(html, |t| {
        let Token::Start(tag) = t else { return };
        for a in tag.attrs() {
            if a.name == "id" || (a.name == "name" && tag.name == "a") {
                out.ids.insert(a.value.clone());
                continue;
            }
            match url_kind(&tag.name, &a.name) {
                Some(UrlKind::One) => {
                    out.links.insert(a.value.trim().to_string());
                }
                Some(UrlKind::Srcset) => {
                    (out.links).extend(candidates(&a.value).map(|c| c.url.to_string()));
                }
                None => {}
            }
        }
    });
    out.links.remove("");
    out
}

/// A URL attribute of HTML written in a source: its URL (decoded), where its value is
/// written, and whether it names an image or media rather than a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceUrl {
    /// The URL, decoded (one per candidate of a `srcset`).
    pub url: String,
    /// Where the URL starts (where its attribute's value starts, when entities make
    /// the two differ).
    pub at: usize,
    /// Where the attribute's value is written (all of it, for a `srcset`).
    pub span: Range<usize>,
    /// `src`, `srcset`, `poster` or `data`: something shown, not a link.
    pub shown: bool,
}

/// The URLs of the URL attributes of `html` (a fragment, as written in a post or a
/// template), in order.
pub fn source_urls(html: &str) -> Vec<SourceUrl> {
    let mut out = Vec::new();
    tokens(html, |t| {
        let Token::Start(tag) = t else { return };
        for a in tag.attrs() {
            let Some(span) = &a.span else { continue };
            let shown = matches!(a.name.as_str(), "src" | "srcset" | "poster" | "data");
            // Where a candidate is written, when the value is written as it reads.
            let verbatim = html[span.clone()] == a.value;
            match url_kind(&tag.name, &a.name) {
                Some(UrlKind::One) => out.push(SourceUrl {
                    url: a.value.trim().to_string(),
                    at: span.start + (a.value.len() - a.value.trim_start().len()),
                    span: span.clone(),
                    shown,
                }),
                Some(UrlKind::Srcset) => out.extend(candidates(&a.value).map(|c| SourceUrl {
                    url: c.url.to_string(),
                    at: span.start + if verbatim { c.range.start } else { 0 },
                    span: span.clone(),
                    shown,
                })),
                None => {}
            }
        }
    });
    out.retain(|u| !u.url.is_empty());
    out
}
