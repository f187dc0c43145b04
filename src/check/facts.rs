//! What check reads of a post and of a page: the links, images and empty headings of a
//! post's Markdown, each at the line and column it was written, and the anchors and
//! links of a rendered page.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown;

/// One link or image of a post's Markdown, where it was written.
#[derive(Debug)]
pub(super) struct Reference {
    pub(super) url: String,
    pub(super) image: bool,
    /// Text of a link, alt text of an image.
    pub(super) text: String,
    /// Written as raw HTML (`<a href>`, `<img src>`), whose text is not looked at.
    pub(super) html: bool,
    pub(super) line: usize,
    pub(super) column: usize,
}

/// What a post's Markdown holds that checks look at.
#[derive(Debug, Default)]
pub(super) struct Facts {
    pub(super) references: Vec<Reference>,
    /// Headings without text: (line, column).
    pub(super) empty_headings: Vec<(usize, usize)>,
    /// Every heading: (level, line, column).
    pub(super) headings: Vec<(u8, usize, usize)>,
    /// What does not hold together in the post's raw HTML: (problem, line, column).
    pub(super) broken_html: Vec<(crate::html::Problem, usize, usize)>,
}

/// Line starts of a text, to turn byte offsets into lines and columns without
/// rescanning the text for each (a post may have thousands of links).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    /// `text`, whose first line is line `first_line` of its file.
    fn new(text: &'a str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            first_line,
        }
    }

    /// Line and column (1-based, in characters) of byte `offset`.
    fn place(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[index];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (self.first_line + index, column)
    }
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
pub(super) fn place(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    Lines::new(text, first_line).place(offset)
}

/// A link, image or heading being read: its kind, URL, text so far, where it starts,
/// and whether anything at all was inside it yet.
struct Open {
    kind: Kind,
    url: String,
    text: String,
    offset: usize,
    empty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Image,
    Heading,
    Email,
}

/// Reads the links, images and headings of a post body.
pub(super) fn facts(body: &str, first_line: usize) -> Facts {
    let lines = Lines::new(body, first_line);
    let mut out = Facts::default();
    let mut open: Vec<Open> = Vec::new();
    let start = |kind, url: &str, offset, open: &mut Vec<Open>| {
        for o in open.iter_mut() {
            o.empty = false;
        }
        open.push(Open {
            kind,
            url: url.to_string(),
            text: String::new(),
            offset,
            empty: true,
        });
    };
    let mut in_html_block = false;
    let mut balance = crate::html::Balance::default();
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        // Anything but a start or an end is content of every open element (a start
        // marks them below, and an end closes what a start marked).
        if !matches!(event, Event::Start(_) | Event::End(_)) {
            for o in &mut open {
                o.empty = false;
            }
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if link_type == LinkType::Email {
                    Kind::Email
                } else {
                    Kind::Link
                };
                start(kind, &dest_url, range.start, &mut open);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                start(Kind::Image, &dest_url, range.start, &mut open);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (line, column) = lines.place(range.start);
                out.headings.push((level as u8, line, column));
                start(Kind::Heading, "", range.start, &mut open);
            }
            Event::Start(Tag::HtmlBlock) => {
                // The block's source as one piece: a tag or comment may span lines.
                in_html_block = true;
                balance.feed(&body[range.clone()], range.start);
                html_references(body, range, &lines, &mut out);
            }
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            Event::Start(_) => {
                for o in &mut open {
                    o.empty = false;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                for o in &mut open {
                    o.text.push_str(&t);
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                // An image inside a link, as HTML, gives the link its content.
                if h.contains("<img") {
                    for o in &mut open {
                        o.text.push_str("[image]");
                    }
                }
                if !in_html_block {
                    balance.feed(&body[range.clone()], range.start);
                    html_references(body, range, &lines, &mut out);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                let Some(o) = open.pop() else {
                    continue;
                };
                let (line, column) = lines.place(o.offset);
                // An image inside a link counts as the link's content.
                if o.kind == Kind::Image {
                    for outer in &mut open {
                        let alt = if o.text.is_empty() {
                            "[image]"
                        } else {
                            &o.text
                        };
                        outer.text.push_str(alt);
                    }
                }
                // A link with nothing inside in a heading is dropped by the renderer
                // (migrated posts are full of them): not a link of the page.
                let in_heading = open.iter().any(|x| x.kind == Kind::Heading);
                match o.kind {
                    Kind::Link if o.empty && in_heading => {}
                    Kind::Link | Kind::Image => out.references.push(Reference {
                        url: o.url,
                        image: o.kind == Kind::Image,
                        text: o.text.trim().to_string(),
                        html: false,
                        line,
                        column,
                    }),
                    Kind::Heading if o.text.trim().is_empty() => {
                        out.empty_headings.push((line, column));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out.broken_html = (balance.finish().into_iter())
        .map(|p| {
            let (line, column) = lines.place(p.at());
            (p, line, column)
        })
        .collect();
    out
}

/// The links and images of raw HTML at `range` of `body`. The source is read, not the
/// event's text, so that offsets are the file's.
fn html_references(body: &str, range: std::ops::Range<usize>, lines: &Lines<'_>, out: &mut Facts) {
    for u in crate::html::source_urls(&body[range.clone()]) {
        let (line, column) = lines.place(range.start + u.at);
        out.references.push(Reference {
            url: u.url,
            image: u.shown,
            text: String::new(),
            html: true,
            line,
            column,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_located_in_the_file() {
        let body = "Intro [a](/x/) and ![](pic.png).\n\n## \n\n[](/empty/)\n";
        let f = facts(body, 5);
        let r: Vec<_> = f
            .references
            .iter()
            .map(|r| (r.url.as_str(), r.image, r.text.as_str(), r.line, r.column))
            .collect();
        assert_eq!(
            r,
            [
                ("/x/", false, "a", 5, 7),
                ("pic.png", true, "", 5, 20),
                ("/empty/", false, "", 9, 1),
            ]
        );
        assert_eq!(f.empty_headings, [(7, 1)]);
    }
}
