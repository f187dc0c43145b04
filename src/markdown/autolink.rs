//! Bare URLs in a post's text made links, as GitHub Flavored Markdown's autolink
//! extension does (and with it GitHub, Hugo's Goldmark and remark-gfm, which Astro and
//! Next.js use): `https://…`, `http://…` and `www.…` after a space, a line start or
//! one of `*_~(`, up to a space or `<`, without the punctuation that ends a sentence,
//! and without a `)` that closes nothing in it. Never in code, nor in a link.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The events of `inner`, with the bare URLs of their text made links when `on`.
pub(super) struct Autolinks<'a, I> {
    inner: I,
    on: bool,
    queue: VecDeque<Event<'a>>,
    /// An event read ahead (after the text events that were joined), not yet looked at.
    ahead: Option<Event<'a>>,
    /// Inside a code block, a link or an image (their depth).
    code: bool,
    links: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> Autolinks<'a, I> {
    pub(super) fn new(inner: I, on: bool) -> Self {
        Self {
            inner,
            on,
            queue: VecDeque::new(),
            ahead: None,
            code: false,
            links: 0,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Autolinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(ev) = self.queue.pop_front() {
            return Some(ev);
        }
        let ev = match self.ahead.take() {
            Some(ev) => ev,
            None => self.inner.next()?,
        };
        if !self.on {
            return Some(ev);
        }
        match ev {
            Event::Text(mut text) if !self.code && self.links == 0 => {
                // The parser may give one run of text as several events (around a `_`
                // or an `&` that turned out to be text): a URL can span them.
                let mut joined: Option<String> = None;
                for next in self.inner.by_ref() {
                    match next {
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
                let urls = find_urls(&text);
                if urls.is_empty() {
                    return Some(Event::Text(text));
                }
                self.split(&text, &urls);
                self.queue.pop_front()
            }
            ev => {
                match &ev {
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

impl<'a, I> Autolinks<'a, I> {
    /// Queues `text` as text and links, the URLs at `urls` (byte ranges) made links.
    fn split(&mut self, text: &str, urls: &[(usize, usize)]) {
        let mut copied = 0;
        for &(start, end) in urls {
            if start > copied {
                self.queue
                    .push_back(Event::Text(CowStr::from(text[copied..start].to_string())));
            }
            let url = &text[start..end];
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
            self.queue
                .push_back(Event::Text(CowStr::from(text[copied..].to_string())));
        }
    }
}

/// The byte ranges of the bare URLs in `text`, in order.
fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = memchr::memmem::find_iter(bytes, b"http")
        .chain(memchr::memmem::find_iter(bytes, b"www."))
        .collect();
    if starts.is_empty() {
        return found;
    }
    starts.sort_unstable();
    // Each URL is read once: a start inside the last one read is not looked at.
    let mut read_to = 0;
    for at in starts {
        if at < read_to {
            continue;
        }
        let after_boundary = at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'*' | b'_' | b'~' | b'('
            );
        let scheme = ["https://", "http://", "www."]
            .into_iter()
            .find(|s| text[at..].starts_with(s));
        let (Some(scheme), true) = (scheme, after_boundary) else {
            continue;
        };
        let end = at + url_len(&text[at..]);
        read_to = end;
        // Something must follow the scheme, and a `www.` name needs a dot in it.
        let host = text.get(at + scheme.len()..end).unwrap_or_default();
        let fits = host.starts_with(|c: char| c.is_alphanumeric())
            && (scheme != "www." || host.contains('.'));
        if fits {
            found.push((at, end));
        }
    }
    found
}

/// The length of the URL `text` starts with: up to a space or `<`, without trailing
/// punctuation, and without a trailing `)` that closes nothing in it.
fn url_len(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(text.len());
    let count = |b: u8| text[..end].bytes().filter(|&x| x == b).count();
    let (opens, mut closes) = (count(b'('), count(b')'));
    while let Some(last) = text[..end].chars().next_back() {
        if matches!(
            last,
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';'
        ) {
            end -= last.len_utf8();
        } else if last == ')' && opens < closes {
            end -= 1;
            closes -= 1;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn bare_urls_are_found_as_gfm_finds_them() {
        assert_eq!(
            urls("See https://example.org/a?b=1. And (www.python.org/downloads)!"),
            ["https://example.org/a?b=1", "www.python.org/downloads"]
        );
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar), then *http://x.org/*"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.org/"]
        );
        for none in [
            "no urls here",
            "xhttps://a.org",
            "https:// nothing",
            "www.",
            "www.nodot",
            "what when",
        ] {
            assert!(urls(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn only_text_outside_code_and_links_is_linked() {
        let events = vec![
            Event::Text("go to https://a.org now".into()),
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: "https://b.org".into(),
                title: "".into(),
                id: "".into(),
            }),
            Event::Text("https://b.org".into()),
            Event::End(TagEnd::Link),
            Event::Code("https://c.org".into()),
        ];
        let out: Vec<Event<'_>> = Autolinks::new(events.into_iter(), true).collect();
        let links = out
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. })))
            .count();
        assert_eq!(links, 2, "{out:?}");
        assert_eq!(out[0], Event::Text("go to ".into()));
        assert_eq!(out[4], Event::Text(" now".into()));
    }
}
