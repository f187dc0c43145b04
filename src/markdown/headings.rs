//! Heading ids and anchors: every heading gets an id unique in the page (its own
//! `{#id}`, else one made from its text) and a `#` link shown on hover.
//!
//! Linear in the post: the author's ids are found in one pass before the first heading
//! is named, and ids are numbered by [`UniqueNames`], so a thousand `## Notes` are
//! numbered without trying `notes-1` a thousand times.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::Heading;
use super::html;
use crate::unique::UniqueNames;
use crate::url::HeadingIdStyle;

/// How a heading's `#` anchor starts (see [`anchor_html`]).
pub(super) const ANCHOR_START: &str = "<a class=\"heading-anchor\" href=\"#";

/// The `#` link to heading `id`, shown on hover (feeds leave it out: see
/// [`crate::html::rewrite`]).
fn anchor_html(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 80);
    html::open(&mut out, "a")
        .attr("class", "heading-anchor")
        .attr_parts("href", &["#", id])
        .attr("aria-hidden", "true")
        .attr("tabindex", "-1")
        .close();
    out.push_str("#</a>");
    out
}

/// Ids the default theme gives elements of post pages; headings do not take them.
pub const THEME_IDS: [&str; 7] = [
    "main",
    "toc-title",
    "references-title",
    "search-palette",
    "palette-q",
    "palette-results",
    "search-input",
];

/// The ids of a page's headings, handed out in order.
#[derive(Debug)]
pub(super) struct HeadingIds {
    /// Every id taken: the theme's, the author's (all of them, before any heading is
    /// named) and those handed out, numbered from `-1`.
    pub(super) names: UniqueNames,
    /// The author's ids not met yet: the first heading with one keeps it as it is
    /// (unless the theme has it).
    given_left: HashSet<String>,
    /// How an id is made from a heading's text.
    style: HeadingIdStyle,
}

impl HeadingIds {
    /// Ids for the headings of `body`, made from their text in `style`.
    pub(super) fn new(body: &str, style: HeadingIdStyle) -> Self {
        let given = given_ids(body);
        let mut names = UniqueNames::exact(1);
        for id in THEME_IDS
            .iter()
            .copied()
            .chain(given.iter().map(String::as_str))
        {
            names.take(id);
        }
        Self {
            names,
            style,
            // An id of the theme given to a heading is numbered like a taken one.
            given_left: given
                .into_iter()
                .filter(|id| !THEME_IDS.contains(&id.as_str()))
                .collect(),
        }
    }

    /// The id of the next heading: its own id the first time it is given, else the id
    /// it wants (its own, or one made from `text`) or that id with the first free
    /// `-1`, `-2`… after it.
    pub(super) fn unique(&mut self, given: Option<&str>, text: &str) -> String {
        if let Some(given) = given
            && self.given_left.remove(given)
        {
            return given.to_string();
        }
        match given {
            Some(given) => self.names.unique(given),
            None => self.names.unique(&styled_slug(text, self.style)),
        }
    }
}

/// The ids authors gave headings (`## Title {#id}`). The body is parsed for them only
/// when a line could hold one (a `{`, then a `#`, then a `}`): most posts are parsed
/// once.
fn given_ids(body: &str) -> Vec<String> {
    if !may_give_ids(body) {
        return Vec::new();
    }
    Parser::new_ext(body, super::options())
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// Whether a line of `body` has a `{`, a `#` after it and a `}` after that: an
/// attribute block `{#id}` (or `{.class #id}`) needs all three. The first `{` of a
/// line has the most after it, so each line is looked at from there once.
fn may_give_ids(body: &str) -> bool {
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let line = &rest[open..];
        let end = line.find('\n').unwrap_or(line.len());
        let line = &line[..end];
        if line
            .find('#')
            .is_some_and(|hash| line[hash..].contains('}'))
        {
            return true;
        }
        rest = &rest[open + end..];
    }
    false
}

/// Names one heading: `events` run from its start to its end. Gives it its id and the
/// hover anchor before its end, and returns it for the table of contents.
pub(super) fn name_heading(events: &mut Vec<Event<'_>>, ids: &mut HeadingIds) -> Option<Heading> {
    let mut text = String::new();
    for ev in events.iter().skip(1) {
        if let Event::Text(t) | Event::Code(t) = ev {
            text.push_str(t);
        }
    }
    let Some(Event::Start(Tag::Heading { level, id, .. })) = events.first_mut() else {
        return None;
    };
    let unique = ids.unique(id.as_deref(), &text);
    *id = Some(CowStr::from(unique.clone()));
    let heading = Heading {
        level: heading_number(*level),
        title: text.trim().to_string(),
        id: unique,
    };
    // The "#" link shown on hover, before the heading's end.
    let anchor = Event::InlineHtml(CowStr::from(anchor_html(&heading.id)));
    let end = match events.last() {
        Some(Event::End(TagEnd::Heading(_))) if events.len() > 1 => events.len() - 1,
        _ => events.len(),
    };
    events.insert(end, anchor);
    Some(heading)
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

/// The id of a heading whose text is `text`, in `style`.
pub(super) fn styled_slug(text: &str, style: HeadingIdStyle) -> String {
    let id = match style {
        HeadingIdStyle::Bulletin => return heading_slug(text),
        HeadingIdStyle::Github => github_slug(text),
        HeadingIdStyle::Vuepress => vuepress_slug(text),
        HeadingIdStyle::Zola => slug::slugify(text),
    };
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// GitHub's heading ids (see [`HeadingIdStyle::Github`]).
fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '-' || c == '_' || unicode_normalization::char::is_combining_mark(c) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// VuePress's slugify: compatibility-decomposed, combining marks and controls left
/// out, every run of whitespace and ASCII punctuation one `-`, no `-` at either end,
/// lower case, and `_` before a leading digit.
fn vuepress_slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    const SPECIAL: &str = "~`!@#$%^&*()-_+=[]{}|\\;:\"'“”‘’<>,.?/";
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfkd() {
        if ('\u{300}'..='\u{36f}').contains(&c) || c.is_control() {
            continue;
        }
        if c.is_whitespace() || SPECIAL.contains(c) {
            dash = true;
            continue;
        }
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.extend(c.to_lowercase());
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
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
