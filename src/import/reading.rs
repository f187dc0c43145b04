//! What the old generator read as a post, and how: which files of its posts folders
//! were posts to it (Jekyll's dated files only; not Hugo's and Zola's translations, nor
//! route templates), and a post's text as it read it (Jekyll's title from the file
//! name).

use std::path::PathBuf;

use super::old_site::{Generator, OldSite};

/// The files the old generator read as posts among those Bulletin's reader found, and
/// the others with why: Jekyll reads only `YYYY-MM-DD-title` files in `_posts`; Hugo and
/// Zola read `x.fr.md` as a translation (a Bulletin site is in one language); Next.js
/// and Astro read `[id].md` as a route template, not a post.
pub(super) fn posts_of(
    old: &OldSite,
    found: Vec<crate::content::PostSource>,
) -> (
    Vec<crate::content::PostSource>,
    Vec<(PathBuf, &'static str)>,
) {
    let mut posts = Vec::with_capacity(found.len());
    let mut others = Vec::new();
    for ps in found {
        let name = ps
            .rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let why = match old.generator {
            Generator::Jekyll if ps.name_date.is_none() => {
                Some("not posts for Jekyll: a post's file name starts with its date, YYYY-MM-DD-")
            }
            Generator::Hugo | Generator::Zola => stem.rsplit_once('.').and_then(|(_, lang)| {
                let other = old
                    .translations
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(lang));
                other.then_some("translations (`x.fr.md`): a Bulletin site is in one language")
            }),
            Generator::Next | Generator::Astro if name.contains('[') => {
                Some("route templates (`[slug].md`), not posts")
            }
            _ => None,
        };
        match why {
            Some(why) => others.push((ps.rel, why)),
            None => posts.push(ps),
        }
    }
    (posts, others)
}

/// A post's text as its generator reads it: a Jekyll, Hugo or Zola post without a
/// `title` gets one from its file (or bundle folder) name, its words capitalised
/// (`2024-01-02-big-news.md` → `Big News`), as Jekyll gives it. In YAML it is written
/// last in the front matter, so that the post's lines keep their numbers; in TOML first
/// (a key after a `[table]` would belong to the table).
pub(super) fn as_the_generator_reads(
    old: &OldSite,
    ps: &crate::content::PostSource,
    text: String,
) -> String {
    use crate::content::front_matter::{self, Format};
    if !matches!(
        old.generator,
        Generator::Jekyll | Generator::Hugo | Generator::Zola
    ) {
        return text;
    }
    let Ok(split) = front_matter::split(&text) else {
        return text;
    };
    if split.format == Format::None
        || front_matter::parse(split.format, split.header)
            .map_or(true, |m| m.get("title").is_some())
    {
        return text;
    }
    let mut name = ps
        .rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if matches!(name.as_str(), "index" | "_index" | "README") {
        name = (ps.rel.parent().and_then(|p| p.file_name()))
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(name);
    }
    let words = crate::content::split_date_prefix(&name).1;
    let title: Vec<String> = words
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    let title = title.join(" ");
    if split.format == Format::Toml {
        // The header is a slice of the text: it starts right after the opening fence.
        let at = split.header.as_ptr() as usize - text.as_ptr() as usize;
        let basic = serde_json::to_string(&title).unwrap_or_default();
        return format!("{}title = {basic}\n{}", &text[..at], &text[at..]);
    }
    let at = text.len() - split.body.len();
    let close = (text[..at].trim_end_matches(['\n', '\r']).rfind('\n')).map_or(at, |i| i + 1);
    format!(
        "{}title: {}\n{}",
        &text[..close],
        front_matter::quote(&title),
        &text[close..]
    )
}
