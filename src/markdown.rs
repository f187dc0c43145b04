//! Markdown → HTML for one post, with what listings and pages need from it: the body
//! HTML, a plain-text summary, the headings (for a table of contents) and a word count.
//!
//! Pure: no file system, no templates. Links are made to work wherever the page is
//! shown (post page, listing, feed) and under any base path: root-relative links
//! (`/2023/08/x/`) get the base path, and relative ones (`./image.png`) are resolved
//! against the post's own URL.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::badges::{Badge, Rules, badge_html, can_replace_link};

/// Where the post is published, for resolving its links.
#[derive(Debug, Clone, Copy)]
pub struct LinkBase<'a> {
    /// The base path of the site: `/` or `/preview/`.
    pub base_path: &'a str,
    /// The post's path on the site, without the base path: `/2024/02/slug/`.
    pub page_path: &'a str,
}

/// A heading of the body, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` it has in the HTML.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Plain text for listings: what stands before `<!-- more -->`, else the first
    /// paragraph; shortened at a word boundary.
    pub summary: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Words of text, for a reading time.
    pub words: usize,
    /// Links recognised as references (PEPs, docs, issues…), in order.
    pub references: Vec<Badge>,
}

/// How a heading's anchor link starts and ends around its id; feeds strip it again
/// with [`strip_heading_anchors`].
const ANCHOR_START: &str = "<a class=\"heading-anchor\" href=\"#";
const ANCHOR_END: &str = "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>";

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

/// The longest plain-text summary, in characters.
pub const SUMMARY_CHARS: usize = 300;
const MORE_MARKER: &str = "<!-- more -->";

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `body`. Links that `badges` recognises are collected as references, and
/// shown as badges where that loses none of the author's words.
pub fn render(body: &str, links: LinkBase<'_>, badges: &Rules) -> Rendered {
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options()).collect();
    let headings = clean_and_number_headings(&mut events);
    let references = if badges.is_empty() {
        Vec::new()
    } else {
        apply_badges(&mut events, badges)
    };
    let mut words = 0;
    let mut first_paragraph = String::new();
    // Text before `<!-- more -->` (only as much as a summary can use), and whether the
    // marker was met: it counts only as HTML of its own, not inside code.
    let mut lead = String::new();
    let mut more = false;
    let mut depth = 0usize;
    let mut in_code = false;
    let mut para_state = 0u8; // 0 before, 1 inside the first top-level paragraph, 2 after
    // An HTML block comes line by line: a tag or comment may go on to the next line.
    let mut html_state = HtmlState::Text;
    for ev in &mut events {
        if !matches!(ev, Event::Html(_)) {
            html_state = HtmlState::Text;
        }
        match ev {
            Event::Start(tag) => {
                in_code |= matches!(tag, Tag::CodeBlock(_));
                if matches!(tag, Tag::Paragraph) && depth == 0 && para_state == 0 {
                    para_state = 1;
                }
                depth += 1;
                match tag {
                    Tag::Link {
                        link_type: LinkType::Email,
                        ..
                    } => {}
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        if let Some(new) = resolve_link(dest_url, links) {
                            *dest_url = CowStr::from(new);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                in_code &= !matches!(end, TagEnd::CodeBlock);
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::Paragraph) && depth == 0 && para_state == 1 {
                    para_state = 2;
                }
                if !more && matches!(end, TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) {
                    lead.push(' ');
                }
            }
            Event::Text(_) if in_code => {}
            Event::Text(t) | Event::Code(t) => {
                words += count_words(t);
                if para_state == 1 {
                    first_paragraph.push_str(t);
                }
                if !more && lead.len() < SUMMARY_CHARS * 8 {
                    lead.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if para_state == 1 {
                    first_paragraph.push(' ');
                }
                if !more {
                    lead.push(' ');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if h.trim() == MORE_MARKER {
                    more = true;
                }
                if let Some(fixed) = resolve_raw_html(h, links, &mut html_state) {
                    *h = CowStr::from(fixed);
                }
            }
            _ => {}
        }
    }
    // After the loop: the code's HTML needs no link rewriting, and is not prose.
    render_code_blocks(&mut events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());

    let summary_source = if more { lead } else { first_paragraph };
    Rendered {
        html,
        summary: shorten(&summary_source, SUMMARY_CHARS),
        headings,
        words,
        references,
    }
}

/// Writes each code block as one piece of HTML: `<pre tabindex="0">` (a block that
/// scrolls sideways must be reachable with the keyboard) around the code, highlighted
/// at build time ([`crate::highlight`]) when its language is known, escaped otherwise.
fn render_code_blocks(events: &mut Vec<Event<'_>>) {
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &events[i] else {
            i += 1;
            continue;
        };
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split([' ', ',', '{']).next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => String::new(),
        };
        let mut j = i + 1;
        let mut code = String::new();
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
            if let Event::Text(t) = &events[j] {
                code.push_str(t);
            }
            j += 1;
        }
        let highlighted = crate::highlight::highlight(&lang, &code);
        let class = crate::highlight::canonical(&lang).unwrap_or(&lang);
        let mut html = String::with_capacity(code.len() * 2 + 64);
        html.push_str("<pre tabindex=\"0\"><code");
        if !class.is_empty() {
            html.push_str(" class=\"language-");
            escape_into(&mut html, class);
            html.push('"');
        }
        html.push('>');
        match highlighted {
            Some(h) => html.push_str(&h),
            None => escape_into(&mut html, &code),
        }
        html.push_str("</code></pre>\n");
        let end = j.min(events.len() - 1);
        events.splice(i..=end, std::iter::once(Event::Html(CowStr::from(html))));
        i += 1;
    }
}

/// Appends `text` to `out`, escaped for HTML text and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Finds the links `rules` recognise, in order, and replaces a link by its badge when
/// its text is only the URL or the badge's label (not inside headings, where a badge
/// would not read as a title).
fn apply_badges(events: &mut Vec<Event<'_>>, rules: &Rules) -> Vec<Badge> {
    let mut found = Vec::new();
    let mut in_heading = false;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if *link_type != LinkType::Email => {
                let dest = dest_url.to_string();
                let mut j = i + 1;
                let mut text = String::new();
                let mut plain = true;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Link)) {
                    match &events[j] {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => plain = false,
                    }
                    j += 1;
                }
                if let Some(badge) = rules.classify(&dest, text.trim()) {
                    if plain
                        && !in_heading
                        && j < events.len()
                        && can_replace_link(&badge, text.trim())
                    {
                        let html = badge_html(&badge);
                        events.splice(
                            i..=j,
                            std::iter::once(Event::InlineHtml(CowStr::from(html))),
                        );
                    } else {
                        i = j;
                    }
                    found.push(badge);
                } else {
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Gives every heading an id (its own `{#id}`, else one made from its text, unique in
/// the page), drops empty links inside headings (`## [](https://x#y)Title`, common in
/// migrated posts), and returns the headings.
fn clean_and_number_headings(events: &mut Vec<Event<'_>>) -> Vec<Heading> {
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
                let anchor = format!("{ANCHOR_START}{unique}{ANCHOR_END}");
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

/// The link to write for `dest` on a post at `links.page_path`, or None to keep it.
pub(crate) fn resolve_link(dest: &str, links: LinkBase<'_>) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    if let Some(rest) = dest.strip_prefix('/') {
        return (links.base_path != "/").then(|| format!("{}{rest}", links.base_path));
    }
    // Relative: resolve against the page's folder, keeping query and fragment.
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    if path.is_empty() {
        // `?page=2`: the page itself.
        return Some(format!(
            "{}{}{suffix}",
            links.base_path,
            links.page_path.trim_start_matches('/')
        ));
    }
    let mut segments: Vec<&str> = links
        .page_path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if !links.page_path.ends_with('/') {
        segments.pop();
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path == "." || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::from(links.base_path);
    out.push_str(&segments.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(suffix);
    Some(out)
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves the `href` and `src` attributes of raw HTML like Markdown links (see
/// [`resolve_link`]), so that `<img src="./shot.png">` works in listings and feeds too.
/// `state` carries a tag or comment over from the previous line of an HTML block.
fn resolve_raw_html(html: &str, links: LinkBase<'_>, state: &mut HtmlState) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    for attr in url_attributes(html, state) {
        if let Some(new) = resolve_link(&html[attr.value.clone()], links) {
            out.push_str(&html[copied..attr.value.start]);
            out.push_str(&new);
            copied = attr.value.end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Where a scan of raw HTML stands between two pieces of it (an HTML block arrives line
/// by line): in text, inside a tag, or inside a comment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum HtmlState {
    #[default]
    Text,
    Tag,
    Comment,
}

/// An attribute of a tag in raw HTML, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    pub name: std::ops::Range<usize>,
    /// Inside the quotes, if quoted.
    pub value: std::ops::Range<usize>,
}

/// The attributes with a value of every tag in `html`: quoted either way or unquoted,
/// with or without spaces around `=`. Text, escaped code (`&lt;a href=…`) and comments
/// hold none.
pub(crate) fn attributes(html: &str, state: &mut HtmlState) -> Vec<Attribute> {
    let b = html.as_bytes();
    let space = |c: u8| c.is_ascii_whitespace();
    let skip_space = |mut i: usize| {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match *state {
            HtmlState::Text => {
                let Some(p) = html[i..].find('<').map(|p| p + i) else {
                    break;
                };
                if html[p..].starts_with("<!--") {
                    *state = HtmlState::Comment;
                    i = p + 4;
                } else {
                    if b.get(p + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
                    {
                        *state = HtmlState::Tag;
                    }
                    i = p + 1;
                }
            }
            HtmlState::Comment => match html[i..].find("-->") {
                Some(p) => {
                    *state = HtmlState::Text;
                    i += p + 3;
                }
                None => break,
            },
            HtmlState::Tag => {
                let c = b[i];
                if c == b'>' {
                    *state = HtmlState::Text;
                    i += 1;
                    continue;
                }
                if space(c) || c == b'/' {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < b.len() && !space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
                    i += 1;
                }
                if i == start {
                    i += 1; // a stray `=`
                    continue;
                }
                let name = start..i;
                let after = skip_space(i);
                if b.get(after) != Some(&b'=') {
                    continue;
                }
                i = skip_space(after + 1);
                let value = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let from = i + 1;
                        let to = html[from..]
                            .find(char::from(q))
                            .map_or(b.len(), |p| p + from);
                        i = (to + 1).min(b.len());
                        from..to
                    }
                    _ => {
                        let from = i;
                        while i < b.len() && !space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        from..i
                    }
                };
                out.push(Attribute { name, value });
            }
        }
    }
    out
}

/// A URL attribute of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlAttribute {
    /// Byte range of the value (inside the quotes, if quoted).
    pub value: std::ops::Range<usize>,
    /// `src` (an image, a script…) rather than `href`.
    pub src: bool,
}

/// The `href` and `src` attributes of the tags of `html`, in order (see [`attributes`]).
pub(crate) fn url_attributes(html: &str, state: &mut HtmlState) -> Vec<UrlAttribute> {
    attributes(html, state)
        .into_iter()
        .filter_map(|a| {
            let name = &html[a.name];
            let src = name.eq_ignore_ascii_case("src");
            (src || name.eq_ignore_ascii_case("href")).then_some(UrlAttribute {
                value: a.value,
                src,
            })
        })
        .collect()
}

/// Words in `text`: runs of characters between ASCII white space. Byte-wise, since it
/// runs over every text event of every post (Unicode spaces are rare in prose).
fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// A front-matter description as plain text: Markdown in it (`[text](url)`,
/// `*emphasis*`) keeps its words; white space is collapsed. Text without Markdown
/// characters is not parsed at all.
pub fn description_text(text: &str) -> String {
    let markdown = text.contains(['[', '*', '_', '`', '<', '&', '\\', '!', '#']);
    let plain = if markdown {
        text_of(text)
    } else {
        text.to_string()
    };
    shorten(&plain, usize::MAX)
}

/// The words of a short piece of Markdown, without markup (no smart punctuation:
/// descriptions stay as written).
fn text_of(markdown: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(markdown, Options::empty()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Collapses white space and cuts at a word boundary before `max` characters, adding
/// an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_attributes_are_found_with_either_quote_and_in_any_case() {
        let html =
            r#"<a data-href="x" HREF='/a/' title="a=b"><img alt="" src = "b.png"></a><a href=/c>"#;
        let found: Vec<(&str, bool)> = url_attributes(html, &mut HtmlState::Text)
            .into_iter()
            .map(|a| (&html[a.value], a.src))
            .collect();
        assert_eq!(found, [("/a/", false), ("b.png", true), ("/c", false)]);
        // Not in text, escaped code or comments; a tag may go on to the next line.
        let mut state = HtmlState::Text;
        let text = r#"href="/t/" <code>&lt;a href="/e/"&gt;</code> <!-- <a href="/c/"> -->"#;
        assert_eq!(url_attributes(text, &mut state), []);
        assert_eq!(url_attributes("<div><!-- <a href='/x/'>", &mut state), []);
        assert_eq!(state, HtmlState::Comment);
        assert_eq!(url_attributes("--> <img", &mut state), []);
        assert_eq!(state, HtmlState::Tag);
        let next = r#"   src="/i.png">"#;
        assert_eq!(url_attributes(next, &mut state)[0].value, 8..14);
        assert_eq!(state, HtmlState::Text);
        let links = LinkBase {
            base_path: "/blog/",
            page_path: "/2023/07/b/",
        };
        assert_eq!(
            resolve_raw_html(html, links, &mut HtmlState::Text).as_deref(),
            Some(
                r#"<a data-href="x" HREF='/blog/a/' title="a=b"><img alt="" src = "/blog/2023/07/b/b.png"></a><a href=/blog/c>"#
            )
        );
        let external = r#"<a href="https://x.org/">"#;
        assert_eq!(
            resolve_raw_html(external, links, &mut HtmlState::Text),
            None
        );
    }

    fn render(body: &str, links: LinkBase<'_>) -> Rendered {
        super::render(body, links, &Rules::builtin())
    }

    const ROOT: LinkBase<'static> = LinkBase {
        base_path: "/",
        page_path: "/2024/02/post/",
    };
    const PREVIEW: LinkBase<'static> = LinkBase {
        base_path: "/preview/",
        page_path: "/2024/02/post/",
    };

    #[test]
    fn extensions() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: note\n\n- [x] done\n\n\"quoted\" -- dash\n",
            ROOT,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("“quoted” – dash"), "{}", r.html);
    }

    #[test]
    fn raw_html_links_are_resolved_too() {
        let r = render(
            "<img src=\"./shot.png\" alt=\"\"> <a HREF='../x/'>x</a> <a href=\"https://o.org/\">o</a>\n",
            PREVIEW,
        );
        assert!(
            r.html.contains("src=\"/preview/2024/02/post/shot.png\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("HREF='/preview/2024/02/x/'"), "{}", r.html);
        assert!(r.html.contains("href=\"https://o.org/\""), "{}", r.html);
        let r = render("<p data-src=\"x\" srcset=\"a.png\">t</p>\n", ROOT);
        assert!(
            r.html.contains("data-src=\"x\"") && r.html.contains("srcset=\"a.png\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_passes_through() {
        let r = render("<div class=\"x\"><a href=\"/a/\">a</a></div>\n", PREVIEW);
        assert!(
            r.html
                .contains("<div class=\"x\"><a href=\"/preview/a/\">a</a></div>"),
            "{}",
            r.html
        );
        let r = render("<a href=\"//cdn.example/x\">a</a>\n", PREVIEW);
        assert!(r.html.contains("href=\"//cdn.example/x\""), "{}", r.html);
    }

    #[test]
    fn links_follow_the_base_path() {
        let r = render(
            "[a](/2023/08/x/) [b](./img.png) [c](../other/#h) [d](https://x.org/) [e](#top) ![i](pic.png)",
            PREVIEW,
        );
        assert!(
            r.html.contains("href=\"/preview/2023/08/x/\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"/preview/2024/02/post/img.png\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"/preview/2024/02/other/#h\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://x.org/\""));
        assert!(r.html.contains("href=\"#top\""));
        assert!(r.html.contains("src=\"/preview/2024/02/post/pic.png\""));
        let r = render("[a](/x/) [b](mailto:a@b.c)", ROOT);
        assert!(r.html.contains("href=\"/x/\"") && r.html.contains("mailto:a@b.c"));
    }

    #[test]
    fn heading_ids_are_unique_and_empty_links_dropped() {
        let r = render(
            "## Intro\n\n## Intro\n\n## [](https://x.org/#a)Call to action\n\n## Custom {#mine}\n",
            ROOT,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "call-to-action", "mine"]);
        assert!(
            r.html.contains(
                "<h2 id=\"call-to-action\">Call to action<a class=\"heading-anchor\" href=\"#call-to-action\""
            ),
            "{}",
            r.html
        );
        assert!(
            strip_heading_anchors(&r.html)
                .contains("<h2 id=\"call-to-action\">Call to action</h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.headings[2].title, "Call to action");
    }

    #[test]
    fn summaries() {
        let r = render("First *para* here.\n\nSecond.\n", ROOT);
        assert_eq!(r.summary, "First para here.");
        let r = render("# Title\n\nIntro text.\n<!-- more -->\nRest.\n", ROOT);
        assert_eq!(r.summary, "Title Intro text.");
        let long = "word ".repeat(200);
        let s = shorten(&long, 50);
        assert!(s.chars().count() <= 51 && s.ends_with('…'), "{s}");
    }

    #[test]
    fn review_cases() {
        let r = render("Mail <foo@example.org>\n", PREVIEW);
        assert!(
            r.html.contains("href=\"mailto:foo@example.org\""),
            "{}",
            r.html
        );
        let r = render("[q](?page=2)\n", PREVIEW);
        assert!(
            r.html.contains("href=\"/preview/2024/02/post/?page=2\""),
            "{}",
            r.html
        );
        let r = render(
            "Use it like this:\n\n```\n<!-- more -->\n```\n\nMore text.\n",
            ROOT,
        );
        assert_eq!(r.summary, "Use it like this:");
        let r = render(
            "## Intro\n\n## Intro\n\n## Later {#intro-1}\n\n## Main\n",
            ROOT,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-1", "main-1"]);
    }

    #[test]
    fn badges_replace_bare_links_and_are_collected() {
        let r = render(
            "See <https://peps.python.org/pep-0695/> and [the new syntax](https://peps.python.org/pep-0695/).\n\n## [PEP 8](https://peps.python.org/pep-0008/)\n",
            ROOT,
        );
        assert!(r.html.contains("class=\"badge badge-pep\""), "{}", r.html);
        assert!(
            r.html.contains(">the new syntax</a>"),
            "prose links stay: {}",
            r.html
        );
        assert!(
            r.html.contains(
                "<h2 id=\"pep-8\"><a href=\"https://peps.python.org/pep-0008/\">PEP 8</a>"
            ),
            "{}",
            r.html
        );
        let labels: Vec<_> = r.references.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["PEP 695", "PEP 695", "PEP 8"]);
        let off = super::render(
            "<https://peps.python.org/pep-0695/>",
            ROOT,
            &Rules::from_config(&crate::badges::BadgesConfig {
                enabled: Some(false),
                ..Default::default()
            })
            .unwrap(),
        );
        assert!(off.references.is_empty() && !off.html.contains("badge"));
    }

    #[test]
    fn code_blocks_are_focusable_highlighted_and_escaped() {
        let r = render(
            "```python\nif a < b:\n    pass\n```\n\n    indented\n\n```klingon\nx < y\n```\n",
            ROOT,
        );
        let python = "<pre tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-keyword\">if</span>";
        assert!(r.html.contains(python), "{}", r.html);
        assert!(r.html.contains("a &lt; b"), "{}", r.html);
        let plain = "<pre tabindex=\"0\"><code>indented\n</code></pre>";
        assert!(r.html.contains(plain), "{}", r.html);
        let unknown = "<code class=\"language-klingon\">x &lt; y\n</code>";
        assert!(r.html.contains(unknown), "{}", r.html);
        assert_eq!(r.words, 0, "code is not prose");
    }

    #[test]
    fn description_and_words() {
        assert_eq!(
            description_text("See [the notes](https://x.org/) *now*"),
            "See the notes now"
        );
        assert_eq!(description_text("  It's   3.12  "), "It's 3.12");
        assert_eq!(count_words(" one  two\nthree\t"), 3);
        assert_eq!(count_words("Łukasz écrit"), 2);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn slugs_and_words() {
        assert_eq!(heading_slug("What's new in 3.12?"), "whats-new-in-312");
        assert_eq!(heading_slug("Ünïcode Title"), "ünïcode-title");
        assert_eq!(heading_slug("!!"), "section");
        assert_eq!(render("one two `three`", ROOT).words, 3);
    }
}
