//! The events of one post, from the parser to the HTML writer, one at a time.
//!
//! Nothing holds the events of a whole post: a heading, a link or a code block is
//! gathered (it is rewritten as a whole), everything else passes straight through.
//! Every step is linear in what it is given, so a post costs time and memory in
//! proportion to its size whatever it holds: fifty thousand headings or badges, a
//! first paragraph of 50 MB.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::headings::{HeadingIds, name_heading};
use super::links::resolve_link;
use super::summary::{Collapsed, count_words, shorten};
use super::{Heading, LinkBase, MORE_MARKER, PlainText, SUMMARY_CHARS};
use crate::badges::{Badge, Rules, badge_html, can_replace_link};
use crate::highlight::Budget;

/// The events of a post as the HTML writer is to see them: headings named, badges in
/// place of the links they stand for, links resolved, code blocks as HTML. It notes
/// the headings, references, words and summary on the way.
pub(super) struct Pipeline<'a, 'r, I> {
    events: I,
    out: VecDeque<Event<'a>>,
    pub(super) ids: HeadingIds,
    rules: &'r Rules,
    /// Headings in order.
    pub(super) headings: Vec<Heading>,
    /// Links recognised as references, in order.
    pub(super) references: Vec<Badge>,
    /// What the text adds up to.
    pub(super) text: TextNotes<'r>,
    /// The most events held at once (a gathered heading, link or code block, or what
    /// waits to be passed on): what the pipeline's memory grows with.
    pub(super) held: usize,
    /// What the post's code blocks may still ask of the fallback highlighter.
    fallback: Budget,
}

impl<'a, 'r, I: Iterator<Item = Event<'a>>> Pipeline<'a, 'r, I> {
    pub(super) fn new(events: I, body: &str, links: LinkBase<'r>, rules: &'r Rules) -> Self {
        Self {
            events,
            out: VecDeque::new(),
            ids: HeadingIds::new(body, links.heading_ids),
            rules,
            headings: Vec::new(),
            references: Vec::new(),
            text: TextNotes::new(links),
            held: 0,
            fallback: Budget::default(),
        }
    }

    /// `first` and the events after it up to the first one `last` accepts (or the end).
    fn gather(&mut self, first: Event<'a>, last: impl Fn(&Event<'a>) -> bool) -> Vec<Event<'a>> {
        let mut group = vec![first];
        for ev in self.events.by_ref() {
            let done = last(&ev);
            group.push(ev);
            if done {
                break;
            }
        }
        self.held = self.held.max(group.len());
        group
    }

    /// A heading: `first` and the events up to its end, without the links that hold
    /// nothing (`## [](https://x#y)Title`, common in migrated posts), dropped as they
    /// come so that a heading of empty links holds nothing.
    fn gather_heading(&mut self, first: Event<'a>) -> Vec<Event<'a>> {
        let mut group = vec![first];
        while let Some(ev) = self.events.next() {
            if matches!(ev, Event::Start(Tag::Link { .. })) {
                match self.events.next() {
                    Some(Event::End(TagEnd::Link)) => continue,
                    Some(next) => {
                        // Links hold no headings: `next` does not end this one.
                        group.push(ev);
                        group.push(next);
                        continue;
                    }
                    None => {
                        group.push(ev);
                        break;
                    }
                }
            }
            let done = matches!(ev, Event::End(TagEnd::Heading(_)));
            group.push(ev);
            if done {
                break;
            }
        }
        self.held = self.held.max(group.len());
        group
    }

    /// Passes `ev` on, noted.
    fn emit(&mut self, ev: Event<'a>) {
        let ev = self.text.note(ev);
        self.out.push_back(ev);
        self.held = self.held.max(self.out.len());
    }

    fn heading(&mut self, mut group: Vec<Event<'a>>) {
        if let Some(h) = name_heading(&mut group, &mut self.ids) {
            self.headings.push(h);
        }
        // Links in headings are references, never badges: a badge does not read as
        // a title.
        let mut events = group.into_iter();
        while let Some(ev) = events.next() {
            if self.is_reference_candidate(&ev) {
                let mut link = vec![ev];
                for ev in events.by_ref() {
                    let done = matches!(ev, Event::End(TagEnd::Link));
                    link.push(ev);
                    if done {
                        break;
                    }
                }
                self.link(link, false);
            } else if matches!(&ev, Event::InlineHtml(h) if h.starts_with(super::headings::ANCHOR_START))
            {
                self.emit_own(ev);
            } else {
                self.emit(ev);
            }
        }
    }

    /// Passes on HTML Bulletin wrote (a heading's `#` anchor, a badge): nothing in it
    /// needs resolving, so it does not make the body need the pass over its HTML.
    fn emit_own(&mut self, ev: Event<'a>) {
        let needed = self.text.needs_pass;
        self.emit(ev);
        self.text.needs_pass = needed;
    }

    /// A link (its start to its end): noted as a reference when a rule recognises it,
    /// and replaced by its badge when `badges` allows and its text is only the URL or
    /// the badge's label.
    fn link(&mut self, group: Vec<Event<'a>>, badges: bool) {
        let Some(Event::Start(Tag::Link { dest_url, .. })) = group.first() else {
            return group.into_iter().for_each(|ev| self.emit(ev));
        };
        let ended = group.len() > 1 && matches!(group.last(), Some(Event::End(TagEnd::Link)));
        let inner = &group[1..if ended { group.len() - 1 } else { group.len() }];
        let mut text = String::new();
        let mut plain = true;
        for ev in inner {
            match ev {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => plain = false,
            }
        }
        if let Some(badge) = self.rules.classify(dest_url, text.trim()) {
            let replace = badges && plain && ended && can_replace_link(&badge, text.trim());
            if replace {
                // The badge shows the link's text as its label: search still reads it.
                self.text.add_plain(text.trim());
                let html = badge_html(&badge);
                self.references.push(badge);
                self.emit_own(Event::InlineHtml(CowStr::from(html)));
                return;
            }
            self.references.push(badge);
        }
        for ev in group {
            self.emit(ev);
        }
    }

    fn is_reference_candidate(&self, ev: &Event<'a>) -> bool {
        matches!(ev, Event::Start(Tag::Link { link_type, .. }) if *link_type != LinkType::Email)
            && !self.rules.is_empty()
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Pipeline<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(ev) = self.out.pop_front() {
                return Some(ev);
            }
            let ev = self.events.next()?;
            match ev {
                Event::Start(Tag::Heading { .. }) => {
                    let group = self.gather_heading(ev);
                    self.heading(group);
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    let group = self.gather(ev, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                    // Code is not prose: no words, no summary; search reads it (commands,
                    // names, and text that a stray indent made a code block).
                    if self.text.plain.is_some() {
                        for ev in &group {
                            if let Event::Text(t) = ev {
                                self.text.add_plain(t);
                            }
                        }
                        self.text.break_plain(true);
                    }
                    let html = super::code::code_block_html(&group, &mut self.fallback);
                    self.out.push_back(Event::Html(CowStr::from(html)));
                }
                ev if self.is_reference_candidate(&ev) => {
                    let group = self.gather(ev, |e| matches!(e, Event::End(TagEnd::Link)));
                    self.link(group, true);
                }
                // A task's checkbox says what it shows to those who cannot see it.
                Event::TaskListMarker(done) => {
                    let html = if done {
                        r#"<input type="checkbox" disabled checked aria-label="done"> "#
                    } else {
                        r#"<input type="checkbox" disabled aria-label="to do"> "#
                    };
                    return Some(Event::InlineHtml(CowStr::Borrowed(html)));
                }
                // Nothing waits (the queue was empty): passed on at once.
                ev => return Some(self.text.note(ev)),
            }
        }
    }
}

/// What the text of a post adds up to: its words and its summary; and whether its HTML
/// needs the pass over it (see [`TextNotes::needs_pass`]).
pub(super) struct TextNotes<'r> {
    links: LinkBase<'r>,
    /// Whether the body holds raw HTML, an image, or a link that resolves elsewhere
    /// than written: else its HTML is final as the Markdown writer leaves it.
    pub(super) needs_pass: bool,
    /// Words of text.
    pub(super) words: usize,
    /// The first top-level paragraph, as much as a summary can use.
    first_paragraph: Collapsed,
    /// Text before `<!-- more -->`: what was met while fewer than [`LEAD_BYTES`] bytes
    /// of it were, as much as a summary can use.
    lead: Collapsed,
    /// Bytes of text (and spaces) met before `<!-- more -->`.
    lead_bytes: usize,
    /// Whether the marker was met: it counts only as HTML of its own, not inside code.
    more: bool,
    depth: usize,
    /// 0 before, 1 inside the first top-level paragraph, 2 after.
    para_state: u8,
    /// The plain text, when kept for search.
    pub(super) plain: Option<PlainText>,
    /// Inside a heading.
    heading: bool,
}

/// How much of the text before `<!-- more -->` is kept, in bytes.
const LEAD_BYTES: usize = SUMMARY_CHARS * 8;

impl<'r> TextNotes<'r> {
    fn new(links: LinkBase<'r>) -> Self {
        Self {
            links,
            needs_pass: false,
            words: 0,
            first_paragraph: Collapsed::new(SUMMARY_CHARS + 1),
            lead: Collapsed::new(SUMMARY_CHARS + 1),
            lead_bytes: 0,
            more: false,
            depth: 0,
            para_state: 0,
            plain: links.plain_text.then(PlainText::default),
            heading: false,
        }
    }

    /// Adds `t` to the plain text, when it is kept.
    fn add_plain(&mut self, t: &str) {
        if let Some(p) = &mut self.plain {
            for s in [" ", t, " "] {
                p.text.push_str(s);
                if self.heading {
                    p.headings.push_str(s);
                }
            }
        }
    }

    /// Ends a block of the plain text (`line`) or a piece of one.
    fn break_plain(&mut self, line: bool) {
        if let Some(p) = &mut self.plain {
            p.text.push(if line { '\n' } else { ' ' });
            if self.heading {
                p.headings.push(if line { '\n' } else { ' ' });
            }
        }
    }

    /// Plain text for listings: what stands before `<!-- more -->`, else the first
    /// paragraph; shortened at a word boundary.
    pub(super) fn summary(&self) -> String {
        if self.more {
            shorten(self.lead.as_str(), SUMMARY_CHARS)
        } else {
            shorten(self.first_paragraph.as_str(), SUMMARY_CHARS)
        }
    }

    fn lead_space(&mut self) {
        // Spaces after the last text kept would be collapsed away: not counted either.
        if !self.more && self.lead_bytes < LEAD_BYTES {
            self.lead.push_space();
            self.lead_bytes += 1;
        }
    }

    /// Notes `ev` and returns it.
    fn note<'a>(&mut self, mut ev: Event<'a>) -> Event<'a> {
        let html_block = matches!(ev, Event::Html(_));
        match &mut ev {
            Event::Start(tag) => {
                if matches!(tag, Tag::Paragraph) && self.depth == 0 && self.para_state == 0 {
                    self.para_state = 1;
                }
                self.depth += 1;
                if matches!(tag, Tag::Heading { .. }) {
                    self.heading = true;
                }
                match tag {
                    Tag::Image { .. } => self.needs_pass = true,
                    Tag::Link { dest_url, .. } if !self.needs_pass => {
                        self.needs_pass = resolve_link(dest_url, self.links).is_some();
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                if matches!(end, TagEnd::Paragraph) && self.depth == 0 && self.para_state == 1 {
                    self.para_state = 2;
                }
                if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) {
                    self.lead_space();
                }
                if self.plain.is_some() {
                    match end {
                        TagEnd::Heading(_) => {
                            self.break_plain(true);
                            self.heading = false;
                        }
                        TagEnd::Paragraph
                        | TagEnd::Item
                        | TagEnd::TableRow
                        | TagEnd::TableHead
                        | TagEnd::BlockQuote(_)
                        | TagEnd::FootnoteDefinition
                        | TagEnd::DefinitionListDefinition
                        | TagEnd::DefinitionListTitle => self.break_plain(true),
                        TagEnd::TableCell => self.break_plain(false),
                        _ => {}
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = &mut self.plain {
                    p.text.push_str(t);
                    if self.heading {
                        p.headings.push_str(t);
                    }
                }
                self.words += count_words(t);
                if self.para_state == 1 {
                    self.first_paragraph.push_str(t);
                }
                if !self.more && self.lead_bytes < LEAD_BYTES {
                    self.lead.push_str(t);
                    self.lead_bytes += t.len();
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.break_plain(false);
                if self.para_state == 1 {
                    self.first_paragraph.push_space();
                }
                self.lead_space();
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // The text of a raw HTML block (its tags left out), for search; inline
                // HTML is tags between text events.
                if let Some(p) = &mut self.plain
                    && html_block
                {
                    push_untagged(&mut p.text, h);
                }
                if h.trim() == MORE_MARKER {
                    self.more = true;
                } else {
                    self.needs_pass = true;
                }
            }
            _ => {}
        }
        ev
    }
}

/// Appends `html` without its tags (from `<` to the next `>`, or to the end) to `out`.
fn push_untagged(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => return,
        }
    }
    out.push_str(rest);
}
