//! Bare URLs in a post's text made links, as GitHub Flavored Markdown's autolink
//! extension does (and with it GitHub, Hugo's Goldmark and remark-gfm, which Astro and
//! Next.js use): `https://…`, `http://…` and `www.…` after a space, a line start or
//! one of `*_~(`, up to a space or `<`, without the punctuation that ends a sentence,
//! and without a `)` that closes nothing in it. Never in code, nor in a link.

/// The byte ranges of the bare URLs in `text`, in order.
pub(super) fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    // Each URL is read once: a start inside the last one read is not looked at.
    let mut read_to = 0;
    // Every URL has a `:` after its scheme or a `.` after `www`: one search for both.
    for i in memchr::memchr2_iter(b':', b'.', bytes) {
        let before = |word: &[u8]| i >= word.len() && &bytes[i - word.len()..i] == word;
        let (at, scheme) = if bytes[i] == b':' {
            if !bytes[i + 1..].starts_with(b"//") {
                continue;
            }
            if before(b"https") {
                (i - 5, "https://")
            } else if before(b"http") {
                (i - 4, "http://")
            } else {
                continue;
            }
        } else if before(b"www") {
            (i - 3, "www.")
        } else {
            continue;
        };
        if at < read_to {
            continue;
        }
        let after_boundary = at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'*' | b'_' | b'~' | b'('
            );
        if !after_boundary {
            continue;
        }
        let end = at + url_len(&text[at..]);
        read_to = end;
        // Something must follow the scheme, and a `www.` name needs a dot in it.
        let host = text.get(at + scheme.len()..end).unwrap_or_default();
        let fits = host.starts_with(|c: char| c.is_alphanumeric())
            && (scheme != "www." || host.contains('.'));
        if fits {
            found.push((at, end));
        }
    }
    found
}

/// The length of the URL `text` starts with: up to a space or `<`, without trailing
/// punctuation, and without a trailing `)` that closes nothing in it.
fn url_len(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(text.len());
    let count = |b: u8| text[..end].bytes().filter(|&x| x == b).count();
    let (opens, mut closes) = (count(b'('), count(b')'));
    while let Some(last) = text[..end].chars().next_back() {
        if matches!(
            last,
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';' | '’' | '”' | '…'
        ) {
            end -= last.len_utf8();
        } else if last == ')' && opens < closes {
            end -= 1;
            closes -= 1;
        } else {
            break;
        }
    }
    end
}

/// A URL as the writer typed it, from the text smart punctuation made of it: `…` is
/// `...`, `–` `--`, `—` `---`, curly quotes straight ones.
pub(super) fn as_written(url: &str) -> std::borrow::Cow<'_, str> {
    if url.is_ascii() {
        return url.into();
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '…' => out.push_str("..."),
            '–' => out.push_str("--"),
            '—' => out.push_str("---"),
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            c => out.push(c),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn bare_urls_are_found_as_gfm_finds_them() {
        assert_eq!(
            urls("See https://example.org/a?b=1. And (www.python.org/downloads)!"),
            ["https://example.org/a?b=1", "www.python.org/downloads"]
        );
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar), then *http://x.org/*"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.org/"]
        );
        for none in [
            "no urls here",
            "xhttps://a.org",
            "https:// nothing",
            "www.",
            "www.nodot",
            "what when",
        ] {
            assert!(urls(none).is_empty(), "{none}");
        }
    }
}
