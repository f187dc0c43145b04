//! Links of a post made to work wherever it is shown: each URL of its HTML (Markdown's
//! links and images, and the author's raw HTML, in [`crate::html::rewrite`]) resolved
//! against the post's URL and the base path.

use super::LinkBase;

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
    pages.page(&parts.join("/"))
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
