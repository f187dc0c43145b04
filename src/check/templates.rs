//! Links of rendered pages that no post's Markdown wrote: the templates' and the author
//! files'. A broken one is reported where it is written: at the template's `href` or
//! `src` that matches it (each `{{ … }}` standing for any text), or at the author
//! file's key.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::facts::{Facts, place};
use super::links::{comparable, site_link, target_file};
use crate::content;
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::Job;
use crate::site::Site;

/// Links of rendered pages that lead nowhere and do not come from a post's Markdown
/// (those are reported where they were written): templates', and author files'.
pub(super) fn template_links(
    site: &Site,
    jobs: &BTreeMap<String, Job>,
    facts: &[Facts],
    page_links: &BTreeMap<String, BTreeSet<String>>,
    templates: &[(String, String)],
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    // What the posts' links resolve to, as rendered links.
    let base = site.config.base_url.path();
    let from_posts: BTreeSet<String> = site
        .posts
        .iter()
        .zip(facts)
        .flat_map(|(sp, f)| {
            f.references
                .iter()
                .filter_map(|r| site_link(site, &sp.path, &r.url, None))
                .map(|l| comparable(&format!("{base}{}", l.trim_start_matches('/'))))
                .collect::<Vec<_>>()
        })
        .collect();
    // Links written in author files: (link as rendered, author id, key).
    let from_authors: Vec<(String, &str, &str)> = site
        .authors
        .iter()
        .filter_map(|a| Some((a, a.info.as_ref()?)))
        .flat_map(|(a, info)| {
            [("avatar", &info.avatar), ("website", &info.website)]
                .into_iter()
                .filter(|(_, v)| v.starts_with('/') && !v.starts_with("//"))
                .map(|(k, v)| {
                    let rendered = format!("{base}{}", v.trim_start_matches('/'));
                    (comparable(&rendered), a.id.as_str(), k)
                })
        })
        .collect();
    for (link, pages) in page_links {
        let same = comparable(link);
        if from_posts.contains(&same) {
            continue;
        }
        let Some(target) = target_file(site, jobs, link) else {
            continue;
        };
        if target.as_ref().is_ok_and(Option::is_some) {
            continue;
        }
        if let Some((_, id, key)) = from_authors.iter().find(|(l, ..)| *l == same) {
            diags.push(author_link(shown, id, key, link));
            continue;
        }
        let example = pages.iter().next().map(String::as_str).unwrap_or("");
        let post = match jobs.get(example) {
            Some(Job::Post(i)) if pages.len() == 1 => Some(&site.posts[*i].post.file),
            _ => None,
        };
        if let (Some(Job::PageRedirect(i)), 1) = (jobs.get(example), pages.len()) {
            diags.push(redirect_target(shown, &site.config.redirects[*i]));
            continue;
        }
        let d = match post {
            Some(file) => Diagnostic::error(format!(
                "HTML in the post links to {link}, which is not a page or file of this site"
            ))
            .in_file(file)
            .code("broken-link")
            .help("fix the URL in the post's HTML"),
            None => {
                let d = Diagnostic::error(format!(
                "{} link{} to {link}, which is not a page or file of this site (one is /{example})",
                match pages.len() {
                    1 => "1 page".to_string(),
                    n => format!("{n} pages"),
                },
                if pages.len() == 1 { "s" } else { "" }
            ))
            .code("template-link")
            .help("fix the link in the template that writes it (templates/ or the theme)");
                // The template that writes it, with the base path or without.
                let written = link.strip_prefix(base).map(|l| format!("/{l}"));
                let forms: Vec<&str> = [Some(link.as_str()), written.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                match find_in_templates(templates, &forms) {
                    Some((file, line, column)) => d.in_file(file).at(line, column),
                    None => d,
                }
            }
        };
        diags.push(d);
    }
}

/// The finding for a `redirects` entry of the config whose target is no page or file of
/// the site, at the entry.
fn redirect_target(shown: &Path, r: &crate::config::PageRedirect) -> Diagnostic {
    let file = shown.join(crate::config::CONFIG_FILE);
    let d = Diagnostic::error(format!(
        "the redirect from {} goes to {}, which is not a page or file of this site",
        r.from, r.to
    ))
    .in_file(&file)
    .code("redirect-target")
    .help("point it at a page of the site, like /blog/, or remove it from `redirects`");
    let at = (Fence::new(shown).read_to_string(&file).ok()).and_then(|text| {
        let format = content::front_matter::Format::Yaml;
        content::front_matter::locate(format, &text, &["redirects", &r.from])
    });
    match at {
        Some(at) => d.at(at.key.line, at.key.column),
        None => d,
    }
}

/// The finding for a link of an author file (`key` of `content/authors/<id>.yaml`)
/// to no page or file of the site.
fn author_link(shown: &Path, id: &str, key: &str, link: &str) -> Diagnostic {
    let folder = shown.join("content").join("authors");
    let file = ["yaml", "yml"]
        .iter()
        .map(|ext| folder.join(format!("{id}.{ext}")))
        .find(|f| f.exists())
        .unwrap_or_else(|| folder.join(format!("{id}.yaml")));
    let at = Fence::new(shown)
        .read_to_string(&file)
        .ok()
        .and_then(|text| content::front_matter::key_position(&text, key));
    let d = Diagnostic::error(format!(
        "the author's {key} {link} is not a page or file of this site"
    ))
    .in_file(&file)
    .code(if key == "avatar" {
        "missing-image"
    } else {
        "broken-link"
    })
    .help("put the file in static/, or fix the path");
    match at {
        Some((l, c)) => d.at(l, c),
        None => d,
    }
}

/// Every template's text, with the name it is shown by: the site's file, else the
/// default theme's.
pub(super) fn template_texts(
    source: &Path,
    sources: &crate::templates::TemplateSources,
) -> Vec<(String, String)> {
    crate::templates::default_templates()
        .map(|(name, text)| match sources.overrides.get(name) {
            Some(shown) => (
                shown.display().to_string(),
                (Fence::new(source).read_to_string(&source.join("templates").join(name)))
                    .unwrap_or_default(),
            ),
            None => (sources.shown(name), text.to_string()),
        })
        .chain(
            (sources.overrides.iter())
                .filter(|(name, _)| !crate::templates::default_templates().any(|(n, _)| n == *name))
                .map(|(name, shown)| {
                    (
                        shown.display().to_string(),
                        (Fence::new(source).read_to_string(&source.join("templates").join(name)))
                            .unwrap_or_default(),
                    )
                }),
        )
        .collect()
}

/// Where a link of a rendered page is written in a template: the `href` or `src` whose
/// value matches it, each `{{ … }}` or `{% … %}` in the value standing for any text.
/// The value with the most literal text wins; a value that is only an expression says
/// nothing about the link. Tried with the base path and without: (file, line, column).
fn find_in_templates(
    templates: &[(String, String)],
    links: &[&str],
) -> Option<(String, usize, usize)> {
    // (literal weight, file, text, offset of the value)
    let mut best: Option<(usize, &str, &str, usize)> = None;
    for (file, text) in templates {
        for u in crate::html::source_urls(text) {
            let pattern = Pattern::of(&text[u.span.clone()]);
            let weight = pattern.literal_weight();
            let better = best.is_none_or(|(w, ..)| weight > w);
            if weight > 0 && better && links.iter().any(|l| pattern.matches(l)) {
                best = Some((weight, file, text, u.span.start));
            }
        }
    }
    let (_, file, text, offset) = best?;
    let (line, column) = place(text, offset, 1);
    Some((file.to_string(), line, column))
}

/// A template's attribute value as a pattern: its literal pieces, with an expression
/// (any text) between each two, before the first when `open_start`, after the last
/// when `open_end`.
#[derive(Debug, PartialEq)]
struct Pattern<'a> {
    pieces: Vec<&'a str>,
    open_start: bool,
    open_end: bool,
}

impl<'a> Pattern<'a> {
    fn of(value: &'a str) -> Self {
        let mut pieces = Vec::new();
        let mut rest = value;
        let open_start = rest.starts_with("{{") || rest.starts_with("{%");
        let mut open_end = false;
        while let Some(i) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
            if i > 0 {
                pieces.push(&rest[..i]);
            }
            let close = if rest[i..].starts_with("{{") {
                "}}"
            } else {
                "%}"
            };
            match rest[i..].find(close) {
                Some(j) => rest = &rest[i + j + 2..],
                None => rest = "",
            }
            open_end = rest.is_empty();
        }
        if !rest.is_empty() {
            pieces.push(rest);
        }
        Pattern {
            pieces,
            open_start,
            open_end,
        }
    }

    /// How much the pattern says: its literal characters other than `/`.
    fn literal_weight(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| p.chars().filter(|c| *c != '/').count())
            .sum()
    }

    fn matches(&self, text: &str) -> bool {
        let mut rest = text;
        let last = self.pieces.len().saturating_sub(1);
        for (i, piece) in self.pieces.iter().enumerate() {
            let anchored_start = i == 0 && !self.open_start;
            let anchored_end = i == last && !self.open_end;
            if anchored_start && anchored_end {
                return rest == *piece;
            }
            if anchored_end {
                return rest.ends_with(piece);
            }
            let at = if anchored_start {
                rest.starts_with(piece).then_some(0)
            } else {
                rest.find(piece)
            };
            let Some(at) = at else {
                return false;
            };
            rest = &rest[at + piece.len()..];
        }
        self.open_end || rest.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_values_are_patterns() {
        let p = Pattern::of("{{ site.root }}tags/{{ tag.slug }}/");
        assert_eq!(p.pieces, ["tags/", "/"]);
        assert!(p.open_start && !p.open_end);
        assert!(p.matches("/blog/tags/python/"));
        assert!(!p.matches("/blog/tag/python/"));
        assert!(!p.matches("/blog/tags/python/x"));
        assert_eq!(p.literal_weight(), 4);
        let exact = Pattern::of("/about/");
        assert!(exact.matches("/about/") && !exact.matches("/about/x"));
        let tail = Pattern::of("/x/{% if a %}a{% endif %}");
        assert!(tail.open_end && tail.matches("/x/anything"));
        assert_eq!(Pattern::of("{{ post.url }}").literal_weight(), 0);
        let templates = [
            (
                "a.html".to_string(),
                "<a href=\"{{ u }}\">\n <a href='{{ r }}abut/'>".to_string(),
            ),
            ("b.html".to_string(), "<img src=\"{{ r }}t/\">".to_string()),
        ];
        assert_eq!(
            find_in_templates(&templates, &["/abut/"]),
            Some(("a.html".to_string(), 2, 11))
        );
        assert_eq!(find_in_templates(&templates, &["/nothing/"]), None);
    }
}
