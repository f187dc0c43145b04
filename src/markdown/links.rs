//! Links of a post made to work wherever it is shown: Markdown links and the `href`
//! and `src` attributes of raw HTML, resolved against the post's URL and the base path.

use super::LinkBase;
use super::html::push_raw_attr_value;

/// The link to write for `dest` on a post at `links.page_path`, or None to keep it.
pub(crate) fn resolve_link(dest: &str, links: LinkBase<'_>) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    if let Some(rest) = dest.strip_prefix('/') {
        // `/blog/x.md`: a post's file named from the site's folder, as VuePress does.
        let cut = rest.find(['?', '#']).unwrap_or(rest.len());
        if let Some(page) = post_file_link(&rest[..cut], "", links) {
            return Some(format!(
                "{}{}{}",
                links.base_path,
                page.trim_start_matches('/'),
                &rest[cut..]
            ));
        }
        return (links.base_path != "/").then(|| format!("{}{rest}", links.base_path));
    }
    // Relative: resolve against the page's folder, keeping query and fragment.
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    if let Some(page) = post_file_link(path, links.posts.map_or("", |(own, _)| own), links) {
        return Some(format!(
            "{}{}{suffix}",
            links.base_path,
            page.trim_start_matches('/')
        ));
    }
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

/// The page of the post whose Markdown file the link `path` names, relative to the
/// file `from` (the linking post's own, or `""` for the site's folder; see
/// [`LinkBase::posts`]).
fn post_file_link<'l>(path: &str, from: &str, links: LinkBase<'l>) -> Option<&'l str> {
    let (_, pages) = links.posts?;
    let own = from;
    let markdown = crate::content::POST_EXTENSIONS
        .iter()
        .any(|e| path.rsplit_once('.').is_some_and(|(_, x)| x == *e));
    if !markdown {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut parts: Vec<&str> = own.split('/').collect();
    parts.pop(); // the file's own name
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    pages.get(&parts.join("/")).map(String::as_str)
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
pub(super) fn resolve_raw_html(
    html: &str,
    links: LinkBase<'_>,
    state: &mut HtmlState,
) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    for attr in url_attributes(html, state) {
        if let Some(new) = resolve_link(&html[attr.value.clone()], links) {
            out.push_str(&html[copied..attr.value.start]);
            push_raw_attr_value(&mut out, &new);
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
        let links = LinkBase::new("/blog/", "/2023/07/b/");
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
}
