//! Findings about posts as a whole, located at the front-matter key they are about:
//! future and inverted dates, missing or long descriptions, authors without a file,
//! posts of one month with the same title or slug, and published posts that still hold
//! the outline `bulletin new` wrote.

use std::collections::BTreeMap;
use std::path::Path;

use super::DESCRIPTION_MAX;
use crate::content::{self, post};
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::site::Site;

/// Findings about posts as a whole: front matter, dates, descriptions, authors,
/// duplicates.
pub(super) fn post_findings(site: &Site, source: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) {
    let now = jiff::Timestamp::now();
    let with_authors = site.authors.iter().any(|a| a.info.is_some());
    // (month, title or slug) → the posts with it, newest first: (file, where it is written).
    type Seen<'a> = BTreeMap<(String, String), Vec<(&'a Path, Option<(usize, usize)>)>>;
    let mut months: Seen<'_> = BTreeMap::new();
    let mut slugs: Seen<'_> = BTreeMap::new();
    for sp in &site.posts {
        let p = &sp.post;
        let file = &*p.file;
        let yaml = read_front_matter(source, shown, file);
        let key_at = |key: &str| {
            let (text, first) = yaml.as_ref()?;
            content::front_matter::key_position(text, key).map(|(l, c)| (first + l - 1, c))
        };
        // At the value of the first of `keys` (a field's spellings) that is written.
        let located = |d: Diagnostic, keys: &[&str]| match keys.iter().find_map(|k| key_at(k)) {
            Some((l, c)) => d.in_file(file).at(l, c),
            None => d.in_file(file),
        };
        if p.date.timestamp() > now {
            diags.push(located(
                Diagnostic::warning(format!(
                    "the post is dated {}, in the future",
                    p.date.iso_date()
                ))
                .code("future-date")
                .help("it is left out of builds until then (unless --future)"),
                &post::DATE_KEYS,
            ));
        }
        if let Some(updated) = p.updated
            && updated.timestamp() < p.date.timestamp()
        {
            diags.push(located(
                Diagnostic::warning(format!(
                    "updated {} is before the publication date {}",
                    updated.iso_date(),
                    p.date.iso_date()
                ))
                .code("updated-before-published")
                .help("swap the dates, or fix the update date"),
                &post::UPDATED_KEYS,
            ));
        }
        match &p.description {
            None => diags.push(
                Diagnostic::warning("the post has no description")
                    .in_file(file)
                    .at(1, 1)
                    .code("description-missing")
                    .help("add `description:`, a sentence or two for search results and cards"),
            ),
            Some(d) if d.trim().is_empty() => diags.push(located(
                Diagnostic::warning("the description is empty")
                    .code("description-missing")
                    .help("write a sentence or two for search results and cards"),
                &post::DESCRIPTION_KEYS,
            )),
            Some(d) if d.chars().count() > DESCRIPTION_MAX => diags.push(located(
                Diagnostic::warning(format!(
                    "the description has {} characters; search results and cards show about {DESCRIPTION_MAX}",
                    d.chars().count()
                ))
                .code("description-long")
                .help("say it in one or two shorter sentences"),
                &post::DESCRIPTION_KEYS,
            )),
            Some(_) => {}
        }
        if with_authors {
            for &a in sp.authors() {
                let group = &site.authors[a];
                if group.info.is_none() {
                    diags.push(located(
                        Diagnostic::error(format!(
                            "the author '{}' has no file in content/authors/",
                            group.name
                        ))
                        .code("author-missing")
                        .help(format!(
                            "add content/authors/{}.yaml with the author's name, or use an existing author id",
                            group.id
                        )),
                        &post::AUTHOR_KEYS,
                    ));
                }
            }
        }
        let title_at = key_at("title");
        let slug_at = key_at("slug").or(title_at);
        let month = p.date.iso_date()[..7].to_string();
        months
            .entry((month.clone(), p.title.to_lowercase()))
            .or_default()
            .push((file, title_at));
        slugs
            .entry((month, p.slug().to_string()))
            .or_default()
            .push((file, slug_at));
    }
    for (((month, _), files), what) in months
        .iter()
        .map(|e| (e, "title"))
        .chain(slugs.iter().map(|e| (e, "slug")))
    {
        if files.len() < 2 {
            continue;
        }
        // Posts are newest first: the oldest keeps its title, the newer ones are flagged.
        let ((oldest, _), newer) = files.split_last().expect("two or more");
        for (file, at) in newer {
            let d = Diagnostic::error(format!(
                "another post of {month} has the same {what}: {}",
                oldest.display()
            ))
            .in_file(file);
            diags.push(
                match at {
                    Some((l, c)) => d.at(*l, *c),
                    None => d,
                }
                .code(if what == "title" { "duplicate-title" } else { "duplicate-slug" })
                .help("announcements of one month need distinct titles and slugs; add the version or date"),
            );
        }
    }
    for held in site.held.iter().filter(|h| !h.draft) {
        let file = held.file.as_path();
        let yaml = read_front_matter(source, shown, file);
        let at = yaml.as_ref().and_then(|(text, first)| {
            post::DATE_KEYS
                .iter()
                .find_map(|k| content::front_matter::key_position(text, k))
                .map(|(l, c)| (first + l - 1, c))
        });
        let d = Diagnostic::warning("the post is dated in the future, so it is not published yet")
            .in_file(file);
        diags.push(
            match at {
                Some((l, c)) => d.at(l, c),
                None => d,
            }
            .code("future-date")
            .help("it is left out of builds until then (unless --future)"),
        );
    }
}

/// The YAML of a post's front matter and the line it starts on (for locating keys),
/// read again.
pub(super) fn read_front_matter(
    source: &Path,
    shown: &Path,
    file: &Path,
) -> Option<(String, usize)> {
    let rel = file.strip_prefix(shown).unwrap_or(file);
    let text = Fence::new(source).read_to_string(&source.join(rel)).ok()?;
    let split = content::front_matter::split(&text).ok()?;
    Some((split.header.to_string(), split.header_line))
}

/// Warns about each published post whose body still holds a line of the outline
/// `bulletin new` writes (`outline`, from the site's `new.md`), at its first one.
pub(super) fn outline_left(site: &Site, outline: &[String], diags: &mut Vec<Diagnostic>) {
    if outline.is_empty() {
        return;
    }
    let lines: std::collections::HashSet<&str> = outline.iter().map(String::as_str).collect();
    for sp in site.posts.iter().filter(|sp| sp.post.published) {
        let p = &sp.post;
        let found = (p.body.lines().enumerate()).find_map(|(i, l)| {
            let text = l.trim().trim_start_matches(['-', '*', ' ']).trim();
            lines.contains(text).then_some((i, text))
        });
        if let Some((i, text)) = found {
            diags.push(
                Diagnostic::warning(format!(
                    "the post is published and still holds the outline `bulletin new` wrote: “{text}”"
                ))
                .code("outline-left")
                .in_file(&p.file)
                .at(p.body_line + i, 1)
                .help("replace the outline with the release's own words, or keep the post a draft (`published: false`)"),
            );
        }
    }
}
