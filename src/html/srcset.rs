//! The candidates of a `srcset` (`a.png 1x, b.png 2x`), read as the HTML standard reads
//! them: a URL runs to the next blank, trailing commas end it, and descriptors run to
//! the next comma outside parentheses.

use std::ops::Range;

/// One candidate of a `srcset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Its URL.
    pub url: &'a str,
    /// Where the URL is in the value.
    pub range: Range<usize>,
}

/// The candidates of the `srcset` value `value`, in order.
pub fn candidates(value: &str) -> impl Iterator<Item = Candidate<'_>> {
    let b = value.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut end = i;
        if b[end - 1] == b',' {
            // `a.png,b.png`: the commas end the URL, and no descriptors follow.
            while end > start && b[end - 1] == b',' {
                end -= 1;
            }
        } else {
            // Descriptors, to the next comma outside parentheses.
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        Some(Candidate {
            url: &value[start..end],
            range: start..end,
        })
    })
    .filter(|c| !c.url.is_empty())
}
