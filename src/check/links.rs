//! Where a link leads on the site: the path a post's link resolves to (relative, or on
//! the site's own base URL), the file a static host serves for it, and the finding when
//! there is none, with the page it most likely meant.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::markdown::{self, LinkBase};
use crate::render::{Job, served_file};
use crate::site::Site;

/// The site path a link of a post leads to, when it is on this site: relative links
/// resolved against the post, links on the site's own base URL made paths. None for
/// other hosts, `mailto:` and the like.
/// `posts`: the linking post's file and the pages of posts by file (see
/// [`LinkBase::posts`]), for links written in a post.
pub(super) fn site_link(
    site: &Site,
    page_path: &str,
    url: &str,
    posts: Option<(&str, &dyn crate::markdown::PostPages)>,
) -> Option<String> {
    let url = match own_site_path(&site.config.base_url.full(), url) {
        Some(path) => path,
        None if crate::url::is_external(url) => return None,
        None => url.to_string(),
    };
    if url.starts_with('#') {
        return Some(format!("{page_path}{url}"));
    }
    let resolved = markdown::resolve_link(
        &url,
        LinkBase {
            posts,
            ..LinkBase::new("/", page_path)
        },
    );
    Some(resolved.unwrap_or(url))
}

/// The site path of an absolute URL on the site's own base URL, over either scheme
/// (`http://blog.example.org/x/` when the site is at `https://blog.example.org/`).
fn own_site_path(base: &str, url: &str) -> Option<String> {
    // Scheme and host compare without case; `//host/x` is on the page's own scheme.
    let strip = |u: &str| {
        let rest = ["https://", "http://", "//"]
            .iter()
            .find_map(|p| strip_prefix_ignoring_case(u, p))?;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(format!(
            "{}{}",
            rest[..host_end].to_ascii_lowercase(),
            &rest[host_end..]
        ))
    };
    let (base, url) = (strip(base)?, strip(url)?);
    let base = base.trim_end_matches('/');
    let rest = url.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with(['/', '#', '?']))
        .then(|| format!("/{}", rest.trim_start_matches('/')))
}

/// `s` without `prefix`, compared ignoring ASCII case (`HTTPS://` is `https://`).
pub(super) fn strip_prefix_ignoring_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &s[prefix.len()..])
}

/// The page a broken link most likely meant. Its last segment (a post's slug) must be
/// close, counting a shared beginning most (`python-3120rc1` is near
/// `python-3120-release-candidate-1-released`); the whole path breaks ties.
fn suggestion(pages: &[String], wanted: &str) -> Option<String> {
    let last = |p: &str| {
        let p = p.trim_end_matches('/');
        p.rsplit('/').next().unwrap_or(p).to_lowercase()
    };
    let wanted_last = last(wanted);
    pages
        .iter()
        .filter(|p| p.as_str() != wanted)
        .map(|p| {
            let slug = strsim::jaro_winkler(guess_part(&last(p)), guess_part(&wanted_last));
            let whole = strsim::normalized_levenshtein(guess_part(p), guess_part(wanted));
            (slug, slug + 0.2 * whole, p)
        })
        .filter(|(slug, _, _)| *slug >= 0.75)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.2.cmp(a.2)))
        .map(|(_, _, p)| p.clone())
}

/// How many broken links and anchors get a "did you mean": each guess compares with
/// every page or id of the site, so the guesses are bounded to keep `check` linear
/// however many broken links a site has.
pub(super) const GUESSES: usize = 50;

/// What of a name a guess compares: its first characters (a comparison costs the
/// product of the two lengths).
pub(super) fn guess_part(name: &str) -> &str {
    name.char_indices()
        .nth(64)
        .map_or(name, |(i, _)| &name[..i])
}

/// The finding for a link to `path`, which the site does not have: a draft or a post
/// of the future, or a broken link with the closest page while `guesses` last.
pub(super) fn not_served(
    site: &Site,
    pages: &[String],
    url: &str,
    path: &str,
    image: bool,
    guesses: &mut usize,
) -> Diagnostic {
    if image {
        return Diagnostic::error(format!("{url} is not a file of this site"))
            .code("missing-image")
            .help("put the image beside the post (a folder with index.md) or in static/");
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if let Some(held) = site.held.iter().find(|h| h.path == decoded) {
        let (what, help) = if held.draft {
            (
                "a draft",
                "publish it first, or leave the link out until it is",
            )
        } else {
            (
                "a post dated in the future",
                "link to it once it is out, or move its date",
            )
        };
        return Diagnostic::error(format!(
            "{url} is {what} ({}), not published",
            held.file.display()
        ))
        .code("broken-link")
        .help(help);
    }
    let mut d = Diagnostic::error(format!("{url} is not a page of this site")).code("broken-link");
    if *guesses > 0 {
        *guesses -= 1;
        if let Some(s) = suggestion(pages, &decoded) {
            d.message.push_str(&format!(" (did you mean {s}?)"));
        }
    }
    d.help("fix the URL; the page may have moved, or its slug changed")
}

/// The file a link of a rendered page (under the base path) leads to, when it is on
/// this site; Err when it cannot be a file at all.
pub(super) fn target_file(
    site: &Site,
    jobs: &BTreeMap<String, Job>,
    link: &str,
) -> Option<Result<Option<String>, String>> {
    if crate::url::is_external(link) || link.starts_with('#') || link.is_empty() {
        return None;
    }
    let base = site.config.base_url.path();
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let rest = path.strip_prefix(base)?;
    Some(served_file(jobs, &format!("/{rest}")))
}

/// A link as a host compares it: percent-escapes decoded.
pub(super) fn comparable(link: &str) -> String {
    percent_encoding::percent_decode_str(link)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::served_file;

    #[test]
    fn links_on_the_sites_own_url_are_its_paths() {
        let base = "https://blog.example.org/";
        assert_eq!(
            own_site_path(base, "http://blog.example.org/2011/05/x.html").as_deref(),
            Some("/2011/05/x.html")
        );
        assert_eq!(
            own_site_path(base, "https://blog.example.org").as_deref(),
            Some("/")
        );
        assert_eq!(
            own_site_path(base, "https://blog.example.org.evil/x").as_deref(),
            None
        );
        assert_eq!(
            own_site_path(base, "https://other.example/x").as_deref(),
            None
        );
        assert_eq!(
            own_site_path("https://e.org/blog/", "https://e.org/blogs/").as_deref(),
            None
        );
    }

    #[test]
    fn a_page_written_as_name_html_is_served_at_the_name() {
        let jobs: BTreeMap<String, Job> = [
            ("blog/2024/12/05/react-19.html".to_string(), Job::Post(0)),
            (
                "feeds/posts/default".to_string(),
                Job::Rss(crate::render::Feed::Site),
            ),
            ("a/index.html".to_string(), Job::Home),
        ]
        .into_iter()
        .collect();
        let served = |p: &str| served_file(&jobs, p).unwrap();
        assert_eq!(
            served("/blog/2024/12/05/react-19").as_deref(),
            Some("blog/2024/12/05/react-19.html")
        );
        assert_eq!(
            served("/feeds/posts/default").as_deref(),
            Some("feeds/posts/default")
        );
        assert_eq!(served("/a").as_deref(), Some("a/index.html"));
        assert_eq!(served("/blog/2024/12/05/react-19/"), None);
        assert_eq!(served("/blog/2024/12/05/react-1"), None);
    }
}
