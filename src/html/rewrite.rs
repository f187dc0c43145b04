//! The pass over a rendered body: every URL attribute resolved against the post, the
//! page's version and the feed's written side by side, and the images it shows noted.
//! A value Bulletin changes is written escaped (by [`escape_into`], from its decoded
//! form); everything else is copied as it was written.

use std::ops::Range;

use super::{Token, candidates, tokens, url_kind};
use crate::escape::escape_into;

/// What gives a URL's new form (None: keep it as it is).
pub type Resolve<'f> = &'f dyn Fn(&str) -> Option<String>;

/// How an attribute holds URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// One URL (`href`, `src`…).
    One,
    /// A list of candidates (`srcset`).
    Srcset,
}

/// A body after the pass.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// The page's HTML.
    pub page: String,
    /// The feed's HTML: URLs absolute, without inline `<svg>` and heading anchors.
    pub feed: Option<String>,
    /// The images of this site it shows (`<img src>`): (the URL as written, the page's
    /// URL), for those whose page URL is a path.
    pub images: Vec<(String, String)>,
}

/// One output being written: the source copied up to where a change is made.
struct Out<'h> {
    src: &'h str,
    html: String,
    copied: usize,
}

impl<'h> Out<'h> {
    fn new(src: &'h str) -> Self {
        Self {
            src,
            html: String::with_capacity(src.len() + src.len() / 8),
            copied: 0,
        }
    }

    /// Writes `value` as the attribute value at `span`, escaped, quoted if it was not.
    fn replace(&mut self, span: &Range<usize>, value: &str) {
        let quoted = span.start > 0 && matches!(self.src.as_bytes()[span.start - 1], b'"' | b'\'');
        self.html.push_str(&self.src[self.copied..span.start]);
        if !quoted {
            self.html.push('"');
        }
        escape_into(&mut self.html, value);
        if !quoted {
            self.html.push('"');
        }
        self.copied = span.end;
    }

    /// Leaves out the source from where it stands to `to`, after copying up to `from`.
    fn skip(&mut self, from: usize, to: usize) {
        self.html.push_str(&self.src[self.copied..from]);
        self.copied = to;
    }

    fn finish(mut self) -> String {
        self.html.push_str(&self.src[self.copied..]);
        self.html
    }
}

/// Resolves the URL attributes of `html`: `page` gives the page's URL for a URL as
/// written (None: keep it), and `feed`, when given, the feed's for the page's (None:
/// the page's).
pub fn rewrite(html: &str, page: Resolve<'_>, feed: Option<Resolve<'_>>) -> Rewritten {
    let mut page_out = Out::new(html);
    let mut feed_out = feed.map(|_| Out::new(html));
    let mut images = Vec::new();
    // Inside an element the feed leaves out: its name, how deep in elements of that
    // name, and where it starts.
    let mut dropped: Option<(String, usize, usize)> = None;
    tokens(html, |t| match t {
        Token::Start(tag) => {
            match &mut dropped {
                Some((name, depth, _)) if *name == tag.name && !tag.self_closing => *depth += 1,
                Some(_) => {}
                None if left_out_of_feeds(tag) => {
                    if tag.self_closing {
                        if let Some(out) = &mut feed_out {
                            out.skip(tag.span.start, tag.span.end);
                        }
                    } else {
                        dropped = Some((tag.name.clone(), 1, tag.span.start));
                    }
                }
                None => {}
            }
            for a in tag.attrs() {
                let (Some(kind), Some(span)) = (url_kind(&tag.name, &a.name), &a.span) else {
                    continue;
                };
                let (new_page, new_feed) = match kind {
                    UrlKind::One => {
                        let written = a.value.trim();
                        let on_page = page(written);
                        let shown = on_page.as_deref().unwrap_or(written);
                        if tag.name == "img" && a.name == "src" && is_path(shown) {
                            images.push((written.to_string(), shown.to_string()));
                        }
                        let in_feed = feed.and_then(|f| f(shown));
                        (on_page.clone(), in_feed.or(on_page))
                    }
                    UrlKind::Srcset => srcset(&a.value, page, feed),
                };
                if let Some(v) = new_page {
                    page_out.replace(span, &v);
                }
                // Inside an element the feed leaves out, nothing is written.
                if let (Some(out), Some(v), None) = (&mut feed_out, new_feed, &dropped) {
                    out.replace(span, &v);
                }
            }
        }
        Token::End(name, span) => {
            if let Some((open, depth, start)) = &mut dropped
                && open == name
            {
                *depth -= 1;
                if *depth == 0 {
                    if let Some(out) = &mut feed_out {
                        out.skip(*start, span.end);
                    }
                    dropped = None;
                }
            }
        }
        _ => {}
    });
    Rewritten {
        page: page_out.finish(),
        // An element left open is kept: what follows it is the author's.
        feed: feed_out.map(Out::finish),
        images,
    }
}

/// Whether the feed leaves out `tag` and what it holds: inline `<svg>` (icons, which
/// feed readers strip) and the `#` anchors of headings (shown as stray `#`s).
fn left_out_of_feeds(tag: &super::Tag) -> bool {
    tag.name == "svg" || (tag.name == "a" && tag.attr("class") == Some("heading-anchor"))
}

/// Whether `url` is a path of this site (`/2024/x.png`), not another site's.
fn is_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// A `srcset` with each candidate resolved: (the page's value, the feed's), each None
/// when unchanged.
fn srcset(
    value: &str,
    page: Resolve<'_>,
    feed: Option<Resolve<'_>>,
) -> (Option<String>, Option<String>) {
    let (mut on_page, mut in_feed) = (String::new(), String::new());
    let (mut page_changed, mut feed_changed) = (false, false);
    let mut copied = 0;
    for c in candidates(value) {
        let before = &value[copied..c.range.start];
        let resolved = page(c.url);
        page_changed |= resolved.is_some();
        let shown = resolved.as_deref().unwrap_or(c.url);
        let absolute = feed.and_then(|f| f(shown));
        feed_changed |= absolute.is_some() || resolved.is_some();
        on_page.push_str(before);
        on_page.push_str(shown);
        in_feed.push_str(before);
        in_feed.push_str(absolute.as_deref().unwrap_or(shown));
        copied = c.range.end;
    }
    on_page.push_str(&value[copied..]);
    in_feed.push_str(&value[copied..]);
    (
        page_changed.then_some(on_page),
        (feed.is_some() && feed_changed).then_some(in_feed),
    )
}
