//! Links in the imported bodies that pointed at the old site's pages, made to point at
//! the new ones: a link to a post's old URL (or an alias, or its absolute URL on the
//! old host, or its Markdown file, as VuePress writes them) goes to the post's new page;
//! a relative link that is not a file of the post's own bundle is made root-relative
//! against the post's old URL, since the post's page moves and relative links would
//! move with it.
//!
//! Markdown inline links, images and reference definitions are rewritten in place, at
//! the byte ranges pulldown-cmark reports; code is never touched, and a destination
//! whose source text is not found where expected (escapes, entities) is left as it is.

use std::collections::HashMap;
use std::path::PathBuf;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Whether a URL names a file rather than a page: its last segment has an extension
/// other than a page's.
pub(super) fn is_file(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let ext = last.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| !matches!(e.as_str(), "html" | "htm" | "xml" | "md" | "mdx"))
}

/// A relative link to a file beside the post's own file or below it (`img/a.png`,
/// `./a.png`), as a path relative to that folder; `None` for anything else (a page, a
/// link with a scheme, one that leaves the folder with `..`).
pub(super) fn beside(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') || path.contains(':') || !is_file(path) {
        return None;
    }
    let inside = super::old_dates::normalize(&format!("/here/{path}"));
    inside.strip_prefix("/here/").map(str::to_string)
}

/// The pages of the old site and where each is now.
#[derive(Debug, Default)]
pub(super) struct Targets {
    /// [`key`] of an old URL or alias → new path.
    by_old: HashMap<String, String>,
    /// A post file's path relative to the old site's root → new path.
    by_file: HashMap<String, String>,
    /// The old site's host (`example.org`), for absolute links to it.
    host: Option<String>,
    /// The old site's base path (`/blog`), which links may start with.
    base_path: String,
}

/// An old URL as a look-up key: `/x/`, `/x`, `/x.html` and `/x/index.html` are one, and
/// so is `/x.md`, the page's file as VuePress and GitHub link to it.
fn key(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let p = decoded.as_ref();
    let p = p.strip_suffix("index.html").unwrap_or(p);
    let p = [".html", ".md", ".mdx", ".markdown"]
        .iter()
        .find_map(|e| p.strip_suffix(e))
        .unwrap_or(p);
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        "/".to_string()
    } else {
        p.to_string()
    }
}

/// What is known of one post, to find it and to resolve its relative links.
#[derive(Debug, Clone, Copy)]
pub(super) struct Page<'a> {
    /// Its old URL.
    pub old_url: Option<&'a str>,
    /// Its old aliases.
    pub aliases: &'a [String],
    /// Its file, relative to the old site's root, `/`-separated.
    pub rel: &'a str,
    /// Its new path.
    pub new_path: &'a str,
    /// The files of its bundle (relative to the bundle's folder).
    pub bundle: &'a [PathBuf],
}

impl Targets {
    /// The targets of `pages`, on the old site at `base_url`.
    pub(super) fn new<'a>(pages: impl Iterator<Item = Page<'a>>, base_url: Option<&str>) -> Self {
        let (host, base_path) = match base_url.and_then(|b| b.split_once("://")) {
            Some((_, rest)) => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                (
                    Some(host.to_ascii_lowercase()),
                    format!("/{}", path.trim_matches('/')),
                )
            }
            None => (None, "/".to_string()),
        };
        let mut t = Targets {
            host,
            base_path: base_path.trim_end_matches('/').to_string(),
            ..Self::default()
        };
        for p in pages {
            for old in p
                .old_url
                .into_iter()
                .chain(p.aliases.iter().map(String::as_str))
            {
                t.by_old
                    .entry(key(old))
                    .or_insert_with(|| p.new_path.to_string());
            }
            t.by_file.insert(p.rel.to_string(), p.new_path.to_string());
        }
        t
    }

    /// Where `dest`, written in `page`, should point now; `None` to leave it. A relative
    /// link made root-relative comes with the file it names beside the post's own file
    /// (where VuePress and MDX look for it), relative to the old site's root.
    fn resolve(&self, dest: &str, page: &Page<'_>) -> Option<(String, Option<String>)> {
        if dest.is_empty() || dest.starts_with('#') || dest.chars().any(char::is_control) {
            return None;
        }
        let cut = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(cut);
        let relative = !path.starts_with('/') && !path.contains(':');
        let site_path = if let Some(rest) = path
            .strip_prefix("https://")
            .or(path.strip_prefix("http://"))
        {
            let (host, p) = rest
                .split_once('/')
                .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
            if Some(host.to_ascii_lowercase()) != self.host {
                return None;
            }
            p
        } else if path.starts_with("//") || path.contains(':') {
            return None;
        } else if relative {
            if page
                .bundle
                .iter()
                .any(|f| f.to_string_lossy() == path.trim_start_matches("./"))
            {
                return None;
            }
            let lower = path.to_ascii_lowercase();
            if [".md", ".mdx", ".markdown"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
                let file = super::old_dates::normalize(&format!("/{dir}/{path}"));
                if let Some(new) = self.by_file.get(file.trim_start_matches('/')) {
                    return Some((format!("{new}{suffix}"), None));
                }
            }
            // A file beside the post's own comes over beside the new post: its link
            // stays.
            if beside(path).is_some() {
                return None;
            }
            let base = crate::url::page_folder(page.old_url?);
            super::old_dates::normalize(&format!("{base}{path}"))
        } else {
            path.to_string()
        };
        // A link written with the old base path (`/sub/about/`, or the old host's
        // absolute URL) loses it: the new site adds its own to root-relative links.
        let (site_path, stripped) = match site_path.strip_prefix(&self.base_path) {
            Some(rest)
                if !relative
                    && self.base_path.len() > 1
                    && (rest.is_empty() || rest.starts_with('/')) =>
            {
                (format!("/{}", rest.trim_start_matches('/')), true)
            }
            _ => (site_path, false),
        };
        match self.by_old.get(&key(&site_path)) {
            Some(new) => Some((format!("{new}{suffix}"), None)),
            None if relative => {
                let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
                let beside = super::old_dates::normalize(&format!("/{dir}/{path}"));
                let beside = beside.trim_start_matches('/').to_string();
                Some((format!("{site_path}{suffix}"), Some(beside)))
            }
            None if stripped && path.starts_with('/') => {
                Some((format!("{site_path}{suffix}"), None))
            }
            None => None,
        }
    }

    /// `body` (of `page`) with its links pointed at the new pages.
    pub(super) fn rewrite(&self, body: &str, page: &Page<'_>) -> Rewritten {
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let mut beside: Vec<(String, String)> = Vec::new();
        let mut consider = |span_start: usize, span: &str, dest: &str, after: usize| {
            let Some((new, file)) = self.resolve(dest, page) else {
                return;
            };
            if let Some(file) = file {
                let path = new.split(['?', '#']).next().unwrap_or("").to_string();
                beside.push((path, file));
            }
            if new == dest {
                return;
            }
            if let Some(at) = span[after..].find(dest) {
                let start = span_start + after + at;
                edits.push((start, start + dest.len(), new));
            }
        };
        let parser = Parser::new_ext(body, Options::all()).into_offset_iter();
        for (_, def) in parser.reference_definitions().iter() {
            let span = &body[def.span.clone()];
            let after = span.find("]:").map_or(0, |i| i + 2);
            consider(def.span.start, span, &def.dest, after);
        }
        for (event, range) in parser {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    let span = &body[range.clone()];
                    if let Some(open) = span.rfind("](") {
                        consider(range.start, span, &dest_url, open + 2);
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    let span = &body[range.clone()];
                    for u in crate::html::source_urls(span) {
                        consider(range.start, span, &u.url, u.at);
                    }
                }
                _ => {}
            }
        }
        if edits.is_empty() {
            return Rewritten {
                body: body.to_string(),
                changed: 0,
                beside,
            };
        }
        edits.sort_by_key(|e| e.0);
        let mut out = String::with_capacity(body.len() + 64);
        let mut at = 0;
        let mut changed = 0;
        for (start, end, new) in edits {
            if start < at {
                continue;
            }
            out.push_str(&body[at..start]);
            out.push_str(&new);
            at = end;
            changed += 1;
        }
        out.push_str(&body[at..]);
        Rewritten {
            body: out,
            changed,
            beside,
        }
    }
}

/// A body with its links rewritten.
#[derive(Debug)]
pub(super) struct Rewritten {
    /// The body.
    pub body: String,
    /// How many links changed.
    pub changed: usize,
    /// Relative links made root-relative: (the root-relative path, the file beside the
    /// post it may name, relative to the old site's root).
    pub beside: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let pages = [
            Page {
                old_url: Some("/blog/2023-11-14-nushell_0_87_0.html"),
                aliases: &[],
                rel: "blog/2023-11-14-nushell_0_87_0.md",
                new_path: "/2023/11/nushell_0_87_0/",
                bundle: &[],
            },
            Page {
                old_url: Some("/blog/2024/12/05/react-19"),
                aliases: &["/old/react.html".to_string()],
                rel: "blog/2024/12/05/react-19.md",
                new_path: "/2024/12/react-19/",
                bundle: &[],
            },
        ];
        Targets::new(pages.into_iter(), Some("https://example.org/"))
    }

    fn here<'a>(bundle: &'a [PathBuf]) -> Page<'a> {
        Page {
            old_url: Some("/blog/2024-01-01-here.html"),
            aliases: &[],
            rel: "blog/2024-01-01-here.md",
            new_path: "/2024/01/here/",
            bundle,
        }
    }

    #[test]
    fn links_to_old_pages_go_to_the_new_ones() {
        let t = targets();
        let body = "[a](/blog/2023-11-14-nushell_0_87_0.html#x) [b](https://example.org/blog/2024/12/05/react-19/)\n\
                    [c](2023-11-14-nushell_0_87_0.md) [d](/old/react.html) [e](https://other.org/blog/2024/12/05/react-19)\n\
                    ![i](../assets/x.png) [f][ref] `[g](/old/react.html)`\n\n\
                    [ref]: ./2023-11-14-nushell_0_87_0.html \"t\"\n";
        let body = format!("{body}\n[r](/blog/2023-11-14-nushell_0_87_0.md) [s](/book/x.md)\n");
        let r = t.rewrite(&body, &here(&[]));
        let (out, n) = (r.body, r.changed);
        assert_eq!(
            out,
            "[a](/2023/11/nushell_0_87_0/#x) [b](/2024/12/react-19/)\n\
             [c](/2023/11/nushell_0_87_0/) [d](/2024/12/react-19/) [e](https://other.org/blog/2024/12/05/react-19)\n\
             ![i](/assets/x.png) [f][ref] `[g](/old/react.html)`\n\n\
             [ref]: /2023/11/nushell_0_87_0/ \"t\"\n\n\
             [r](/2023/11/nushell_0_87_0/) [s](/book/x.md)\n"
        );
        assert_eq!(n, 7);
    }

    #[test]
    fn bundle_files_and_other_sites_stay() {
        let t = targets();
        let bundle = [PathBuf::from("shot.png")];
        let body = "![s](shot.png) ![t](./shot.png) [x](https://x.org/) [m](mailto:a@b.c) [h](#top)\n\n\
                    <img src=\"shot.png\"> <a data-href=\"/old/react.html\">x</a>\n";
        assert_eq!(t.rewrite(body, &here(&bundle)).body, body);
    }

    #[test]
    fn raw_html_links_too() {
        let body = "<p><img src=\"../assets/x.png\"> <a href='/old/react.html#y'>r</a></p>\n\ntext <a href=2023-11-14-nushell_0_87_0.html>n</a>\n";
        assert_eq!(
            targets().rewrite(body, &here(&[])).body,
            "<p><img src=\"/assets/x.png\"> <a href='/2024/12/react-19/#y'>r</a></p>\n\ntext <a href=/2023/11/nushell_0_87_0/>n</a>\n"
        );
    }

    #[test]
    fn a_base_path_is_taken_off() {
        let pages = [Page {
            old_url: Some("/2024/x/"),
            aliases: &[],
            rel: "_posts/2024-01-01-x.md",
            new_path: "/2024/01/x/",
            bundle: &[],
        }];
        let t = Targets::new(pages.into_iter(), Some("https://example.org/blog/"));
        let body = "[a](/blog/2024/x/) [b](https://example.org/blog/2024/x/index.html) [c](/blog/about/)\n\
                    [d](/blog/2024/x%2F) [e](/elsewhere/) [f](https://example.org/blog/about/)\n";
        assert_eq!(
            t.rewrite(body, &here(&[])).body,
            "[a](/2024/01/x/) [b](/2024/01/x/) [c](/about/)\n\
             [d](/2024/01/x/) [e](/elsewhere/) [f](https://example.org/blog/about/)\n"
        );
    }
}
