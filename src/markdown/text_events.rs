//! The parser's events as the pipeline takes them: without the characters XML forbids,
//! and, as the site asks, with GitHub's emoji shortcodes as emoji (module `emoji`) and
//! bare URLs as links (module `autolink`), never in code. One adapter does all three:
//! each layer of adapters costs every event of every post a move.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{autolink, emoji, without_forbidden};

/// The events of `inner`, made ready for the pipeline.
pub(super) struct TextEvents<'a, I> {
    inner: I,
    emoji: bool,
    autolink: bool,
    /// Events made and not yet given.
    queue: VecDeque<Event<'a>>,
    /// An event read ahead (after the text events that were joined), not yet looked at.
    ahead: Option<Event<'a>>,
    /// Inside a code block; the depth of links and images.
    code: bool,
    links: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> TextEvents<'a, I> {
    pub(super) fn new(inner: I, emoji: bool, autolink: bool) -> Self {
        Self {
            inner,
            emoji,
            autolink,
            queue: VecDeque::new(),
            ahead: None,
            code: false,
            links: 0,
        }
    }

    /// Queues `text` as text and links, the URLs at `urls` (byte ranges) made links;
    /// emoji shortcodes are made emoji in the text between them only.
    fn split(&mut self, text: &str, urls: &[(usize, usize)]) {
        let mut copied = 0;
        let emoji = self.emoji;
        let plain = |s: &str| -> CowStr<'a> {
            match emoji.then(|| emoji::replace(s)).flatten() {
                Some(replaced) => CowStr::from(replaced),
                None => CowStr::from(s.to_string()),
            }
        };
        for &(start, end) in urls {
            if start > copied {
                self.queue
                    .push_back(Event::Text(plain(&text[copied..start])));
            }
            // The parser made its quotes, dashes and dots typographic: a URL has
            // them as written.
            let url = &autolink::as_written(&text[start..end]);
            let dest = if url.starts_with("www.") {
                format!("http://{url}")
            } else {
                url.to_string()
            };
            self.queue.push_back(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(dest),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            self.queue
                .push_back(Event::Text(CowStr::from(url.to_string())));
            self.queue.push_back(Event::End(TagEnd::Link));
            copied = end;
        }
        if copied < text.len() {
            self.queue.push_back(Event::Text(plain(&text[copied..])));
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for TextEvents<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        // Nothing is ever queued or read ahead then.
        if !self.emoji && !self.autolink {
            return self.inner.next().map(without_forbidden);
        }
        if let Some(ev) = self.queue.pop_front() {
            return Some(ev);
        }
        let ev = without_forbidden(match self.ahead.take() {
            Some(ev) => ev,
            None => self.inner.next()?,
        });
        match ev {
            Event::Text(mut text) if !self.code => {
                let link = self.autolink && self.links == 0;
                // The parser may give one run of text as several events (around a `_`
                // or an `&` that turned out to be text): a URL can span them.
                if link {
                    let mut joined: Option<String> = None;
                    for next in self.inner.by_ref() {
                        match without_forbidden(next) {
                            Event::Text(more) => joined
                                .get_or_insert_with(|| text.to_string())
                                .push_str(&more),
                            other => {
                                self.ahead = Some(other);
                                break;
                            }
                        }
                    }
                    if let Some(joined) = joined {
                        text = CowStr::from(joined);
                    }
                }
                let urls = if link {
                    autolink::find_urls(&text)
                } else {
                    Vec::new()
                };
                if urls.is_empty() {
                    if self.emoji
                        && let Some(replaced) = emoji::replace(&text)
                    {
                        text = CowStr::from(replaced);
                    }
                    return Some(Event::Text(text));
                }
                self.split(&text, &urls);
                self.queue.pop_front()
            }
            ev => {
                match &ev {
                    // A raw `<a href>…</a>` is a link too: nothing inside becomes one.
                    Event::InlineHtml(h) | Event::Html(h) => {
                        let tag = h.trim_start().as_bytes();
                        let starts = |p: &[u8]| {
                            tag.len() > p.len() && tag[..p.len()].eq_ignore_ascii_case(p)
                        };
                        if starts(b"<a ") || starts(b"<a>") || starts(b"<a\n") {
                            self.links += 1;
                        } else if starts(b"</a") {
                            self.links = self.links.saturating_sub(1);
                        }
                    }
                    Event::Start(Tag::CodeBlock(_)) => self.code = true,
                    Event::End(TagEnd::CodeBlock) => self.code = false,
                    Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.links += 1,
                    Event::End(TagEnd::Link | TagEnd::Image) => {
                        self.links = self.links.saturating_sub(1)
                    }
                    _ => {}
                }
                Some(ev)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_outside_code_and_links_is_changed() {
        let events = vec![
            Event::Text("go to https://a.org".into()),
            Event::Text(" now :tada:".into()),
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: "https://b.org".into(),
                title: "".into(),
                id: "".into(),
            }),
            Event::Text("https://b.org".into()),
            Event::End(TagEnd::Link),
            Event::Code("https://c.org :tada:".into()),
        ];
        let out: Vec<Event<'_>> = TextEvents::new(events.clone().into_iter(), true, true).collect();
        let links = (out.iter())
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
            .count();
        assert_eq!(links, 2, "{out:?}");
        assert_eq!(out[0], Event::Text("go to ".into()));
        assert_eq!(out[4], Event::Text(" now 🎉".into()));
        assert_eq!(out[8], Event::Code("https://c.org :tada:".into()));
        let off: Vec<Event<'_>> =
            TextEvents::new(events.clone().into_iter(), false, false).collect();
        assert_eq!(off, events);
    }
}
