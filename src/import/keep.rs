//! `--keep-urls`: the permalink pattern that keeps the most posts at their old URLs,
//! found by generalising each old URL and checked with Bulletin's own URL function.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{DEFAULT_PERMALINK, PlannedPost, new_post, url_config};
use crate::content::date::PostDate;

/// How many of the most common shapes of old URL are tried as the pattern.
const CANDIDATES: usize = 8;

/// `--keep-urls`: the permalink pattern that gives the most posts their old URL, made
/// by generalising each old URL (its slug and date parts as placeholders) and checked
/// with Bulletin's own URL function.
pub(super) fn keep_pattern(planned: &[PlannedPost]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in planned {
        let (Some(old), Ok(date)) = (&p.old_url, PostDate::parse(&p.date)) else {
            continue;
        };
        let slug = p.slug.as_deref().unwrap_or(&p.folder);
        if let Some(pattern) = generalize(old, slug, date) {
            *counts.entry(pattern).or_default() += 1;
        }
    }
    // The most common shapes are tried, a few of them: trying every one would take
    // time quadratic in the posts when each old URL has a shape of its own.
    let mut ranked: Vec<(usize, String)> = counts.into_iter().map(|(p, n)| (n, p)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut best: Option<(usize, String)> = None;
    for (_, pattern) in ranked.into_iter().take(CANDIDATES) {
        if crate::config::Config::from_text(
            &format!(
                "permalink: {}\n",
                crate::content::front_matter::quote(&pattern)
            ),
            Path::new("bulletin.yaml"),
            &Default::default(),
        )
        .is_err()
        {
            continue;
        }
        let config = url_config(&pattern);
        let kept = planned
            .iter()
            .filter(|p| {
                p.old_url.as_deref() == Some(&crate::site::permalink(&config, &new_post(p, None)))
            })
            .count();
        if best.as_ref().is_none_or(|(n, _)| kept > *n) {
            best = Some((kept, pattern));
        }
    }
    best.map_or_else(|| DEFAULT_PERMALINK.to_string(), |(_, p)| p)
}

/// `/2024/05/01/x/` with slug `x` dated 2024-05-01 → `/{year}/{month}/{day}/{slug}/`.
fn generalize(url: &str, slug: &str, date: PostDate) -> Option<String> {
    let at = url.rfind(slug)?;
    let (head, tail) = (&url[..at], &url[at + slug.len()..]);
    if tail.contains(['{', '}']) || head.contains(['{', '}']) {
        return None;
    }
    let d = date.civil.date();
    let mut head = head.to_string();
    let parts = [
        (format!("{:04}", d.year()), "{year}"),
        (format!("{:02}", d.month()), "{month}"),
        (format!("{:02}", d.day()), "{day}"),
    ];
    let mut from = 0;
    for (i, (digits, token)) in parts.iter().enumerate() {
        // The year anywhere; the month and day right after the part before.
        let found = if i == 0 {
            head[from..].find(digits.as_str()).map(|j| from + j)
        } else {
            let rest = &head[from..];
            (rest.len() > digits.len()
                && rest.starts_with(['/', '-'])
                && rest[1..].starts_with(digits.as_str()))
            .then_some(from + 1)
        };
        let Some(j) = found else { break };
        head.replace_range(j..j + digits.len(), token);
        from = j + token.len();
    }
    Some(format!("{head}{{slug}}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_generalise_into_patterns() {
        let d = PostDate::parse("2024-05-01").unwrap();
        let cases = [
            ("/2024/05/01/x/", "x", Some("/{year}/{month}/{day}/{slug}/")),
            (
                "/blog/2024-05-01-x.html",
                "x",
                Some("/blog/{year}-{month}-{day}-{slug}.html"),
            ),
            ("/news/x/", "x", Some("/news/{slug}/")),
            ("/2024/x", "x", Some("/{year}/{slug}")),
            // The month must follow the year: a 05 elsewhere stays.
            ("/2024/v05/x/", "x", Some("/{year}/v05/{slug}/")),
            ("/elsewhere/", "x", None),
        ];
        for (url, slug, want) in cases {
            assert_eq!(generalize(url, slug, d).as_deref(), want, "{url}");
        }
    }
}
