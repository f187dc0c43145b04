//! Heading ids and anchors: every heading gets an id unique in the page (its own
//! `{#id}`, else one made from its text) and a `#` link shown on hover.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Heading;
use super::html;

/// How a heading's anchor link starts and ends around its id (escaped); feeds strip it
/// again with [`strip_heading_anchors`].
const ANCHOR_START: &str = "<a class=\"heading-anchor\" href=\"#";
const ANCHOR_END: &str = "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>";

/// The `#` link to heading `id`, shown on hover: [`ANCHOR_START`], the id escaped,
/// [`ANCHOR_END`].
fn anchor_html(id: &str) -> String {
    let mut out = String::with_capacity(ANCHOR_START.len() + id.len() + ANCHOR_END.len());
    html::open(&mut out, "a")
        .attr("class", "heading-anchor")
        .attr_parts("href", &["#", id])
        .attr("aria-hidden", "true")
        .attr("tabindex", "-1")
        .close();
    out.push_str("#</a>");
    out
}

/// Removes the hover anchors of headings (feed readers show them as stray `#`s).
pub fn strip_heading_anchors(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(ANCHOR_START) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find(ANCHOR_END) {
            Some(end) => rest = &after[end + ANCHOR_END.len()..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Ids the default theme gives elements of post pages; headings do not take them.
pub const THEME_IDS: [&str; 5] = [
    "main",
    "toc-title",
    "references-title",
    "header-q",
    "search-input",
];

/// Gives every heading an id (its own `{#id}`, else one made from its text, unique in
/// the page), drops empty links inside headings (`## [](https://x#y)Title`, common in
/// migrated posts), and returns the headings.
pub(super) fn clean_and_number_headings(events: &mut Vec<Event<'_>>) -> Vec<Heading> {
    let mut headings = Vec::new();
    // Ids the author gave and ids the default theme uses on post pages are taken
    // before any id is made from a heading's text.
    let mut used: std::collections::HashSet<String> =
        THEME_IDS.iter().map(|s| (*s).to_string()).collect();
    for ev in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = ev {
            used.insert(id.to_string());
        }
    }
    let mut given_left: std::collections::HashSet<String> = events
        .iter()
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            // Find the end, dropping empty links on the way.
            let mut j = i + 1;
            let mut text = String::new();
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if matches!(events[j], Event::Start(Tag::Link { .. }))
                    && matches!(events.get(j + 1), Some(Event::End(TagEnd::Link)))
                {
                    events.drain(j..j + 2);
                    continue;
                }
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
                let unique = match id.as_deref() {
                    // An id the author gave is kept as it is (the first time).
                    Some(given) if given_left.remove(given) => given.to_string(),
                    other => {
                        let wanted = match other {
                            Some(given) => given.to_string(),
                            None => heading_slug(&text),
                        };
                        let mut unique = wanted.clone();
                        let mut n = 1;
                        while !used.insert(unique.clone()) {
                            unique = format!("{wanted}-{n}");
                            n += 1;
                        }
                        unique
                    }
                };
                *id = Some(CowStr::from(unique.clone()));
                let anchor = anchor_html(&unique);
                headings.push(Heading {
                    level: heading_number(*level),
                    id: unique,
                    title: text.trim().to_string(),
                });
                // The "#" link shown on hover, before the heading's end.
                events.insert(j, Event::InlineHtml(CowStr::from(anchor)));
                j += 1;
            }
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `What's new in 3.12?` → `whats-new-in-312`: lowercase letters and digits (any
/// script), words joined by `-`.
pub fn heading_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}
