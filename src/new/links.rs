//! The links of a copied announcement: where the URLs of a line are, and which of
//! those naming the old version get the new one.
//!
//! A URL is a Markdown link's address (`](…)`, a reference definition `[x]: …`), an
//! HTML `href` or `src`, or a bare `scheme://…` (in prose, in front matter). In a URL
//! the URL-only forms of a version count too (`python-3120rc1`,
//! `python-3-12-0-release-candidate-1-released`).
//!
//! # Which links are rewritten
//!
//! A link whose address names the old version gets the new one when the version is
//! what the address is made of: a download page (`/downloads/release/python-3120rc1/`),
//! a tag (`/releases/tag/v20.0.0`), a file (`Python-3.12.0rc1.tgz`). These pages exist
//! once the release is out, which is when the post is published.
//!
//! A link whose path also holds a number of its own (`/t/python-3-12-0-release-candidate-1-released/31137`,
//! a forum thread; `/2023/08/python-3120rc1.html`, a dated page) is kept as it is and
//! named for a human: the number is an id or a date of the old page, so a new version
//! in its slug makes an address that does not exist (or that still leads to the old
//! page). The new page gets its own number when it is made; until then the old link
//! is the better draft.

use std::ops::Range;

/// The URLs of `line`, in order, none overlapping.
pub(super) fn url_spans(line: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let stop = |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`');
    // Markdown addresses: `](address)` and `](<address>)`.
    for (i, _) in line.match_indices("](") {
        let start = i + 2;
        let span = match line[start..].strip_prefix('<') {
            Some(inside) => start + 1..start + 1 + inside.find('>').unwrap_or(inside.len()),
            None => {
                let end = line[start..]
                    .find(|c: char| c == ')' || stop(c))
                    .map_or(line.len(), |j| start + j);
                start..end
            }
        };
        spans.push(span);
    }
    // A reference definition: `[id]: address`.
    if let Some(rest) = line.trim_start().strip_prefix('[')
        && let Some(close) = rest.find("]:")
    {
        let offset = line.len() - rest.len() + close + 2;
        let after = &line[offset..];
        let start = offset + (after.len() - after.trim_start().len());
        let end = line[start..].find(stop).map_or(line.len(), |j| start + j);
        spans.push(start..end);
    }
    // HTML attributes.
    for attr in ["href=", "src="] {
        for (i, _) in line.match_indices(attr) {
            let at = i + attr.len();
            let Some(quote) = line[at..]
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\''))
            else {
                continue;
            };
            let start = at + 1;
            let end = line[start..].find(quote).map_or(line.len(), |j| start + j);
            spans.push(start..end);
        }
    }
    // Bare `scheme://…`.
    for (i, _) in line.match_indices("://") {
        let start = (line[..i].char_indices().rev())
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(j, c)| j + c.len_utf8());
        if start == i {
            continue;
        }
        let end = line[i..]
            .find(|c: char| stop(c) || matches!(c, ')' | ']'))
            .map_or(line.len(), |j| i + j);
        let trimmed = line[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
        if trimmed.len() > i + 3 - start {
            spans.push(start..start + trimmed.len());
        }
    }
    spans.retain(|s| !s.is_empty());
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for s in spans {
        if out.last().is_none_or(|last| s.start >= last.end) {
            out.push(s);
        }
    }
    out
}

/// Why a link naming the old version is kept as it is: the number of its own in its
/// path (`31137`, `2023`), or none when it is rewritten.
pub(super) fn kept_for(url: &str) -> Option<&str> {
    let address = url.split(['#', '?']).next().unwrap_or_default();
    let path = match address.find("://") {
        Some(i) => {
            let after = &address[i + 3..];
            after.find('/').map_or("", |j| &after[j..])
        }
        None => address,
    };
    path.split('/')
        .find(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(line: &str) -> Vec<&str> {
        url_spans(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn urls_of_markdown_html_and_prose() {
        assert_eq!(
            urls("[https://www.python.org/x/](https://www.python.org/x/)"),
            ["https://www.python.org/x/", "https://www.python.org/x/"]
        );
        assert_eq!(
            urls("## [](https://discuss.python.org/t/a/31137#call-2)Call to action"),
            ["https://discuss.python.org/t/a/31137#call-2"]
        );
        assert_eq!(
            urls("see https://a.org/b. And (https://c.org/d), <https://e.org/f>"),
            ["https://a.org/b", "https://c.org/d", "https://e.org/f"]
        );
        assert_eq!(
            urls(r#"<a href="/x/y/">x</a> <img src='../i.png'> [r]: /ref/z "T""#),
            ["/x/y/", "../i.png"]
        );
        assert_eq!(urls("[r]: /ref/z \"Title\""), ["/ref/z"]);
        assert_eq!(urls("[a](<../with space.md>)"), ["../with space.md"]);
        assert_eq!(
            urls("description: 'release. https://p.org/r/    This'"),
            ["https://p.org/r/"]
        );
        assert!(urls("no links: a://, ://x, ](").is_empty());
        assert_eq!(urls("«https://e.org/«»»"), ["https://e.org/«»»"]);
        for odd in [
            "](",
            "](<",
            "[x]:",
            "href=",
            "href=\"",
            "é://é",
            "\u{301}://x",
            "[]: <",
        ] {
            let _ = urls(odd);
        }
    }

    #[test]
    fn links_with_an_id_or_a_date_are_kept() {
        assert_eq!(
            kept_for(
                "https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137#more-8"
            ),
            Some("31137")
        );
        assert_eq!(kept_for("/2023/08/python-3120rc1.html"), Some("2023"));
        assert_eq!(
            kept_for("https://www.python.org/downloads/release/python-3120rc1/"),
            None
        );
        assert_eq!(
            kept_for("https://docs.python.org/3.12/whatsnew/3.12.html"),
            None
        );
        assert_eq!(kept_for("https://host:8080/v20.0.0?id=3#4"), None);
    }
}
