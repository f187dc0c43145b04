//! Looking ahead in a post's Markdown without going back over it: the code the
//! translation must not touch, and searches for closing delimiters whose results are
//! kept, so that a body of a million unclosed `{{<` is still read in linear time.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// A piece of code in the Markdown: an inline code span or a whole code block (fenced
/// or indented), as pulldown-cmark, which renders the post later, sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Code {
    pub range: Range<usize>,
    pub block: bool,
}

/// The code spans and code blocks of `src`, in order.
pub(super) fn code_ranges(src: &str) -> Vec<Code> {
    let mut out: Vec<Code> = Vec::new();
    for (event, range) in Parser::new_ext(src, crate::markdown::options()).into_offset_iter() {
        let block = match event {
            Event::Code(_) => false,
            Event::Start(Tag::CodeBlock(_)) => true,
            _ => continue,
        };
        // Events come in document order; a range inside the previous one (which
        // pulldown-cmark does not make) would only be covered twice.
        if out.last().is_some_and(|last| range.start < last.range.end) {
            continue;
        }
        out.push(Code { range, block });
    }
    out
}

/// True when `s` may hold something [`super::translate`] changes: the openers of
/// Liquid, Hugo and Zola tags (`{{`, `{%`), a JSX comment (`{/*`), a Zola internal link
/// (`@/`), a capitalised tag (`<Name`, `</Name`), a line starting an `import` or
/// `export` statement of JavaScript, or a byte Bulletin uses for its own link markers. Most posts hold none,
/// and are then copied as they are.
pub(super) fn may_hold_foreign(s: &str) -> bool {
    let b = s.as_bytes();
    // Most posts hold none: the bytes that may start a construct are found with
    // memchr's vector search, and only those are looked at.
    let opener = memchr::memchr3_iter(b'{', b'@', b'<', b).any(|i| {
        let next = b.get(i + 1).copied().unwrap_or(0);
        match b[i] {
            b'{' => matches!(next, b'{' | b'%' | b'/'),
            b'@' => next == b'/',
            _ => {
                next.is_ascii_uppercase()
                    || (next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_uppercase))
            }
        }
    });
    // An `import` line of Python code in a release note is not an MDX statement.
    let statement = |word: &[u8]| {
        memchr::memmem::find_iter(b, word)
            .filter(|&i| i == 0 || b[i - 1] == b'\n')
            .any(|i| super::mdx::is_statement_start(&s[i..line_end(s, i)]))
    };
    opener
        || memchr::memchr3(0x01, 0x02, 0x03, b).is_some()
        || statement(b"import")
        || statement(b"export")
}

/// The next occurrence of a fixed string at or after a position. Results are kept:
/// asked again from a position before the kept hit, it answers at once, and a new
/// search starts where the last one stopped, so a run of queries from growing
/// positions reads the text once. A query from before the last search's start searches
/// again from there (correct, just not free).
#[derive(Debug)]
pub(super) struct Finder {
    needle: &'static str,
    /// Where the last search started.
    from: usize,
    /// What it found (None: nothing up to the end).
    hit: Option<usize>,
    searched: bool,
}

impl Finder {
    pub(super) const fn new(needle: &'static str) -> Self {
        Self {
            needle,
            from: 0,
            hit: None,
            searched: false,
        }
    }

    /// The first occurrence of the needle in `hay` at or after `from`.
    pub(super) fn find(&mut self, hay: &str, from: usize) -> Option<usize> {
        if self.searched && from >= self.from {
            match self.hit {
                None => return None,
                Some(hit) if hit >= from => return Some(hit),
                Some(_) => {}
            }
        }
        // Overlapping occurrences (`}}}`) are found: the next search starts one byte
        // after the last hit, not after its end.
        let start = match (self.searched, self.hit) {
            (true, Some(hit)) if from >= self.from => from.max(hit + 1),
            _ => from,
        };
        self.searched = true;
        self.from = from;
        self.hit = hay
            .get(start..)
            .and_then(|rest| rest.find(self.needle))
            .map(|i| start + i);
        self.hit
    }
}

/// The start of the next blank line (only spaces and tabs) after the line holding a
/// position: a tag of another generator does not run across one. The last answer is
/// kept, as [`Finder`] keeps its hits.
#[derive(Debug, Default)]
pub(super) struct BlankLines {
    /// Where the last search started.
    from: usize,
    /// What it found (None: no blank line up to the end).
    hit: Option<usize>,
    searched: bool,
}

impl BlankLines {
    /// The start of the first blank line that begins after `from` (the end of `src`
    /// when there is none).
    pub(super) fn after(&mut self, src: &str, from: usize) -> usize {
        if self.searched && from >= self.from {
            match self.hit {
                None => return src.len(),
                Some(hit) if hit > from => return hit,
                Some(_) => {}
            }
        }
        self.searched = true;
        self.from = from;
        self.hit = None;
        let b = src.as_bytes();
        let mut i = from.min(b.len());
        while let Some(n) = memchr(b'\n', &b[i..]).map(|n| n + i) {
            let start = n + 1;
            let end = memchr(b'\n', &b[start..]).map_or(b.len(), |e| start + e);
            if is_blank(&src[start..end]) {
                self.hit = Some(start);
                return start;
            }
            i = end;
        }
        src.len()
    }
}

/// The index of the first `c` in `b`.
pub(super) fn memchr(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

/// True for spaces and tabs only (a carriage return before a line end too).
pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\r'))
}

/// The end of the line holding `at`: the index of its `\n`, or the end of `src`.
pub(super) fn line_end(src: &str, at: usize) -> usize {
    memchr(b'\n', &src.as_bytes()[at.min(src.len())..]).map_or(src.len(), |i| at + i)
}

/// True when `b` is one of the bytes Bulletin's link markers are made of (see
/// [`super::links`]); they are taken out of everything a post says.
pub(super) fn is_marker_byte(b: u8) -> bool {
    matches!(b, 0x01..=0x03)
}

/// Appends `s` without marker bytes (which XML forbids anyway: no page would show them).
pub(super) fn push_clean(out: &mut String, s: &str) {
    if s.bytes().any(is_marker_byte) {
        out.extend(s.chars().filter(|&c| !matches!(c, '\u{1}'..='\u{3}')));
    } else {
        out.push_str(s);
    }
}

/// The longest run of backticks in `s`, to choose a fence that `s` cannot close.
pub(super) fn longest_backtick_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for b in s.bytes() {
        if b == b'`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_ranges_cover_spans_and_blocks() {
        let src = "a `{{x}}` b\n\n```\n{{< y >}}\n```\n\n    indented {% z %}\n";
        let ranges = code_ranges(src);
        assert_eq!(ranges.len(), 3, "{ranges:?}");
        assert_eq!(&src[ranges[0].range.clone()], "`{{x}}`");
        assert!(!ranges[0].block);
        assert!(src[ranges[1].range.clone()].starts_with("```\n{{< y >}}"));
        assert!(ranges[1].block);
        assert!(src[ranges[2].range.clone()].contains("indented {% z %}"));
    }

    #[test]
    fn finder_reads_once_and_finds_overlaps() {
        let mut f = Finder::new("}}");
        let hay = "a}}}b}}";
        assert_eq!(f.find(hay, 0), Some(1));
        assert_eq!(f.find(hay, 1), Some(1));
        assert_eq!(f.find(hay, 2), Some(2));
        assert_eq!(f.find(hay, 3), Some(5));
        assert_eq!(f.find(hay, 6), None);
        assert_eq!(
            f.find(hay, 0),
            Some(1),
            "an earlier position searches again"
        );
    }

    #[test]
    fn blank_lines() {
        let src = "a\nb\n  \nc\n\nd";
        let mut b = BlankLines::default();
        assert_eq!(b.after(src, 0), 4);
        assert_eq!(b.after(src, 3), 4);
        assert_eq!(b.after(src, 4), 9);
        assert_eq!(b.after(src, 9), src.len());
        assert_eq!(BlankLines::default().after("x", 0), 1);
    }

    #[test]
    fn quick_check() {
        assert!(!may_hold_foreign(
            "plain <b>text</b> and { braces } @home\nit is important"
        ));
        assert!(may_hold_foreign("x {{ y }}"));
        assert!(may_hold_foreign("<Note>"));
        assert!(may_hold_foreign("a\n</Note>"));
        assert!(may_hold_foreign("a\nimport x from 'y'"));
        assert!(may_hold_foreign("[a](@/b.md)"));
        assert!(!may_hold_foreign("a important"));
    }
}
