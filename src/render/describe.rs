//! A sentence about each page that is not a post, for its meta description (search
//! results and link previews show it): the site's own description on the home page,
//! else what the page lists and on which site. A post's description is its own
//! (`post.html` writes its summary).

use super::Job;
use crate::site::{Site, Taxonomy, paging};

/// "1 post", "12 posts".
fn posts(n: usize) -> String {
    if n == 1 {
        "1 post".to_string()
    } else {
        format!("{n} posts")
    }
}

/// `text`, and on a listing's page after the first (of `count` posts), which page it is.
fn paged(site: &Site, text: String, n: usize, count: usize) -> String {
    if n <= 1 {
        return text;
    }
    let pages = paging::pages(count, site.config.posts_per_list_page);
    format!("{text} Page {n} of {pages}.")
}

/// The description of the page `job` makes; None for files that are not pages, posts,
/// and redirects.
pub(super) fn describe(site: &Site, job: &Job) -> Option<String> {
    let title = &site.config.title;
    let own = (!site.config.description.trim().is_empty()).then(|| site.config.description.clone());
    Some(match job {
        Job::Home => own.unwrap_or_else(|| format!("The latest posts of {title}.")),
        Job::Blog(n) => {
            let pages = super::blog_pages(site);
            if *n == 1 {
                format!(
                    "Every post of {title}, newest first: {}.",
                    posts(site.posts.len())
                )
            } else {
                format!("Every post of {title}, newest first: page {n} of {pages}.")
            }
        }
        Job::Year(i, n) => {
            let y = &site.years[*i];
            let text = format!("The {} of {} on {title}.", posts(y.posts.len()), y.year);
            paged(site, text, *n, y.posts.len())
        }
        Job::Terms(t) => {
            let n = site.terms(*t).len();
            let what = match t {
                Taxonomy::Tags => "tags",
                Taxonomy::Categories => "categories",
            };
            format!("The {n} {what} of the posts of {title}.")
        }
        Job::Term(t, i, n) => {
            let g = &site.terms(*t)[*i];
            let how = match t {
                Taxonomy::Tags => format!("tagged “{}”", g.name),
                Taxonomy::Categories => format!("in the category “{}”", g.name),
            };
            let text = format!("{} {how} on {title}.", posts(g.posts.len()));
            paged(site, text, *n, g.posts.len())
        }
        Job::Authors => format!("The {} authors of {title}.", site.authors.len()),
        Job::Author(i, n) => {
            let a = &site.authors[*i];
            let bio = a
                .info
                .as_ref()
                .map(|info| info.bio.trim())
                .filter(|b| !b.is_empty());
            let text = match bio {
                Some(bio) => bio.to_string(),
                None => format!("{} by {} on {title}.", posts(a.posts.len()), a.name),
            };
            paged(site, text, *n, a.posts.len())
        }
        Job::NotFound => format!("This page is not on {title}: the latest posts instead."),
        Job::Search => format!("Search the posts of {title}."),
        Job::Releases => format!(
            "Every release series announced on {title}, with its latest version and status."
        ),
        Job::Series(i) => {
            let g = &site.series[*i];
            let name = match &g.product {
                Some(p) => format!("{p} {}", g.series),
                None => g.series.as_str().to_string(),
            };
            match (g.releases.first(), g.releases.last()) {
                (Some((_, first)), Some((_, last))) if first != last => format!(
                    "Every {name} release announced on {title}, from {} to {}.",
                    first.normalized(),
                    last.normalized()
                ),
                _ => format!("The {name} release announced on {title}."),
            }
        }
        Job::Kind(i, n) => {
            let k = &site.kinds[*i];
            let text = format!(
                "{} announcing {} releases on {title}.",
                posts(k.posts.len()),
                k.name
            );
            paged(site, text, *n, k.posts.len())
        }
        _ => return None,
    })
}

/// The site's language as Open Graph's `og:locale` writes it, `language_TERRITORY`:
/// `en-GB` → `en_GB`; a language alone gets the territory most of its readers are in
/// (`en` → `en_US`, `ja` → `ja_JP`), else its own code in capitals (`fr` → `fr_FR`).
pub(crate) fn og_locale(language: &str) -> String {
    const TERRITORIES: [(&str, &str); 20] = [
        ("ar", "AR"),
        ("cs", "CZ"),
        ("da", "DK"),
        ("el", "GR"),
        ("en", "US"),
        ("et", "EE"),
        ("fa", "IR"),
        ("he", "IL"),
        ("hi", "IN"),
        ("ja", "JP"),
        ("ko", "KR"),
        ("nb", "NO"),
        ("nn", "NO"),
        ("pt", "BR"),
        ("sl", "SI"),
        ("sv", "SE"),
        ("uk", "UA"),
        ("vi", "VN"),
        ("zh", "CN"),
        ("sq", "AL"),
    ];
    let mut parts = language.split(['-', '_']).filter(|p| !p.is_empty());
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    // `zh-Hant-TW`: the territory is the part of two letters or three digits.
    let territory = parts
        .find(|p| {
            (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
                || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_ascii_uppercase);
    let territory = territory.unwrap_or_else(|| {
        (TERRITORIES.iter())
            .find(|(l, _)| *l == lang)
            .map_or_else(|| lang.to_ascii_uppercase(), |(_, t)| (*t).to_string())
    });
    format!("{lang}_{territory}")
}

/// A schema.org `BlogPosting`, as written into a post's page.
#[derive(serde::Serialize)]
struct BlogPosting<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    #[serde(rename = "datePublished")]
    published: String,
    #[serde(rename = "dateModified")]
    modified: String,
    url: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    page: &'a str,
    #[serde(rename = "inLanguage")]
    language: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    publisher: Thing<'a>,
}

/// A person or an organisation, with its page.
#[derive(serde::Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// The schema.org `BlogPosting` of post `i` (its summary `summary` unless it has a
/// description), as JSON that is safe inside `<script>`: `<`, `>` and `&` are written
/// as `\u` escapes, so no text of the post can end the script.
pub(crate) fn blog_posting(site: &Site, i: usize, summary: &str) -> String {
    let sp = &site.posts[i];
    let p = &sp.post;
    let base = &site.config.base_url;
    let url = base.absolute(&sp.path);
    let posting = BlogPosting {
        context: "https://schema.org",
        kind: "BlogPosting",
        headline: &p.title,
        description: p.description.as_deref().unwrap_or(summary),
        published: p.date.rfc3339(),
        modified: p.updated.unwrap_or(p.date).rfc3339(),
        url: &url,
        page: &url,
        language: &site.config.language,
        author: (sp.authors().iter())
            .map(|&a| Thing {
                kind: "Person",
                name: &site.authors[a].name,
                url: base.absolute(&site.authors[a].path),
            })
            .collect(),
        keywords: sp
            .tags()
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect(),
        image: super::card_url(site, &sp.path),
        publisher: Thing {
            kind: "Organization",
            name: &site.config.title,
            url: base.full(),
        },
    };
    script_safe(&serde_json::to_string(&posting).unwrap_or_default())
}

/// JSON text with `<`, `>`, `&` and the two line separators JavaScript once refused
/// written as `\u` escapes (the same JSON value, and inert inside `<script>`).
fn script_safe(json: &str) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{og_locale, script_safe};

    #[test]
    fn json_in_a_script_cannot_end_it() {
        let json = serde_json::json!({"headline": "</script><b>&amp;\u{2028}"}).to_string();
        let safe = script_safe(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["headline"], "</script><b>&amp;\u{2028}");
    }

    #[test]
    fn locales_are_language_underscore_territory() {
        for (language, locale) in [
            ("en", "en_US"),
            ("en-GB", "en_GB"),
            ("pt_br", "pt_BR"),
            ("fr", "fr_FR"),
            ("ja", "ja_JP"),
            ("zh-Hant-TW", "zh_TW"),
            ("es-419", "es_419"),
            ("", "en_US"),
        ] {
            assert_eq!(og_locale(language), locale, "{language}");
        }
    }
}
