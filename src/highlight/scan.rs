//! The byte-level scanning every lexer shares: reads that are total (out of range gives
//! 0 or an empty slice), names, searches, lines, numbers, quoted strings and comments.

pub(super) fn byte(s: &[u8], k: usize) -> u8 {
    s.get(k).copied().unwrap_or(0)
}

pub(super) fn sub(s: &[u8], a: usize, b: usize) -> &[u8] {
    s.get(a..b).unwrap_or(&[])
}

pub(super) fn char_len(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

pub(super) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

pub(super) fn ident_end(s: &[u8], mut j: usize) -> usize {
    while is_ident(byte(s, j)) {
        j += 1;
    }
    j
}

/// The end of `[A-Za-z_][A-Za-z0-9_]*` at `i` (ASCII names: shell variables).
pub(super) fn name_end(s: &[u8], i: usize) -> usize {
    let b = byte(s, i);
    if !(b.is_ascii_alphabetic() || b == b'_') {
        return i;
    }
    let mut j = i + 1;
    while matches!(byte(s, j), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
        j += 1;
    }
    j
}

/// Whether the word at `start` is a member name: right after a lone `.` (`x.print`),
/// not after `...` or `..` (`[...new Set()]`, `1..`), nor after a dot on an earlier
/// line or before a space.
pub(super) fn is_member(s: &[u8], start: usize) -> bool {
    start > 0 && byte(s, start - 1) == b'.' && (start < 2 || byte(s, start - 2) != b'.')
}

/// The end of a dotted name like `app.route` at `i`.
pub(super) fn dotted_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    if !is_ident_start(byte(s, j)) {
        return i;
    }
    loop {
        j = ident_end(s, j);
        if byte(s, j) == b'.' && is_ident_start(byte(s, j + 1)) {
            j += 1;
        } else {
            return j;
        }
    }
}

/// The first `b` from `from` on the same line, within `max` bytes (bounded searches
/// keep pathological input linear: no search is repeated over a long line).
pub(super) fn find_near(s: &[u8], from: usize, b: u8, max: usize) -> Option<usize> {
    let rest = s.get(from..)?;
    let rest = &rest[..rest.len().min(max)];
    let p = rest.iter().position(|&x| x == b || x == b'\n')?;
    (rest[p] == b).then_some(from + p)
}

pub(super) fn find_byte(s: &[u8], from: usize, b: u8) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&x| x == b)
        .map(|p| p + from)
}

pub(super) fn find(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let first = *pat.first()?;
    let mut j = from;
    loop {
        let p = find_byte(s, j, first)?;
        if s.get(p..p + pat.len()) == Some(pat) {
            return Some(p);
        }
        j = p + 1;
    }
}

/// Like [`find`] but ASCII case-insensitive.
pub(super) fn find_ci(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut j = from;
    while j + pat.len() <= s.len() {
        if sub(s, j, j + pat.len()).eq_ignore_ascii_case(pat) {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// The position of the next `\n` at or after `i`, or the end.
pub(super) fn line_end(s: &[u8], i: usize) -> usize {
    find_byte(s, i, b'\n')
        .unwrap_or(s.len())
        .max(i.min(s.len()))
}

/// The start of the line after the one holding `i`.
pub(super) fn next_line(s: &[u8], i: usize) -> usize {
    (line_end(s, i) + 1).min(s.len())
}

pub(super) fn skip_blanks(s: &[u8], mut j: usize) -> usize {
    while matches!(byte(s, j), b' ' | b'\t') {
        j += 1;
    }
    j
}

pub(super) fn skip_space(s: &[u8], mut j: usize) -> usize {
    while matches!(byte(s, j), b' ' | b'\t' | b'\r' | b'\n') {
        j += 1;
    }
    j
}

pub(super) fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| b.is_ascii_whitespace())
}

/// `w` in ASCII lower case, in `buf` (empty if it does not fit).
pub(super) fn lower<'b>(w: &[u8], buf: &'b mut [u8; 32]) -> &'b [u8] {
    if w.len() > buf.len() {
        return &[];
    }
    for (d, b) in buf.iter_mut().zip(w) {
        *d = b.to_ascii_lowercase();
    }
    &buf[..w.len()]
}

/// The end of a number starting at `i` (a digit, or a `.` before one): `0x`/`0o`/`0b`
/// forms, digits with `_` (and `sep`, C++'s `'`), a fraction, an exponent, and a suffix
/// of letters (`u32`, `f`, `ULL`, `n`, `j`).
pub(super) fn number_end(s: &[u8], i: usize, sep: u8) -> usize {
    let digitish = |j: usize| {
        let b = byte(s, j);
        b.is_ascii_digit() || b == b'_' || (sep != 0 && b == sep && byte(s, j + 1).is_ascii_digit())
    };
    let mut j = i;
    if byte(s, j) == b'0' && matches!(byte(s, j + 1) | 0x20, b'x' | b'o' | b'b') {
        j += 2;
        loop {
            let b = byte(s, j);
            if b.is_ascii_alphanumeric() || b == b'_' {
                j += 1;
            } else if sep != 0 && b == sep && byte(s, j + 1).is_ascii_hexdigit() {
                j += 2;
            } else {
                return j;
            }
        }
    }
    while digitish(j) {
        j += 1;
    }
    if byte(s, j) == b'.' && byte(s, j + 1).is_ascii_digit() {
        j += 1;
        while digitish(j) {
            j += 1;
        }
    } else if byte(s, j) == b'.' && j > i && trailing_dot(s, j + 1) {
        j += 1;
    }
    if matches!(byte(s, j), b'e' | b'E') {
        let k = if matches!(byte(s, j + 1), b'+' | b'-') {
            j + 2
        } else {
            j + 1
        };
        if byte(s, k).is_ascii_digit() {
            j = k;
            while digitish(j) {
                j += 1;
            }
        }
    }
    while byte(s, j).is_ascii_alphanumeric() || byte(s, j) == b'_' {
        j += 1;
    }
    j
}

/// Whether the `.` just before `k`, after a number's digits, is the number's own (`5.`,
/// `5.e3`, `1.f`, `2.j`) rather than a range (`1..3`) or a member (`5.max(3)`).
fn trailing_dot(s: &[u8], k: usize) -> bool {
    let n = byte(s, k);
    if n == b'.' {
        return false;
    }
    if !is_ident_start(n) {
        return true;
    }
    let e = if matches!(byte(s, k + 1), b'+' | b'-') {
        k + 2
    } else {
        k + 1
    };
    (matches!(n, b'e' | b'E') && byte(s, e).is_ascii_digit())
        || (matches!(n, b'f' | b'F' | b'l' | b'L' | b'j' | b'J' | b'i')
            && !is_ident(byte(s, k + 1)))
}

/// Whether `w` is a whole plain number (for YAML and TOML values): an optional sign,
/// then `0x`/`0o`/`0b` digits, or decimal digits with an optional fraction and exponent,
/// or `inf`/`nan` (`.inf`/`.nan` in YAML).
pub(super) fn is_plain_number(w: &[u8]) -> bool {
    let w = match w.first() {
        Some(b'+' | b'-') => &w[1..],
        _ => w,
    };
    if matches!(
        w,
        b"inf" | b"nan" | b".inf" | b".nan" | b".Inf" | b".NaN" | b".INF" | b".NAN"
    ) {
        return true;
    }
    if w.len() > 2 && w[0] == b'0' && matches!(w[1], b'x' | b'o' | b'b') {
        return w[2..].iter().all(|b| b.is_ascii_hexdigit() || *b == b'_');
    }
    let mut digits = 0;
    let mut j = 0;
    while j < w.len() && (w[j].is_ascii_digit() || w[j] == b'_') {
        digits += usize::from(w[j].is_ascii_digit());
        j += 1;
    }
    if j < w.len() && w[j] == b'.' {
        j += 1;
        while j < w.len() && (w[j].is_ascii_digit() || w[j] == b'_') {
            digits += usize::from(w[j].is_ascii_digit());
            j += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if j < w.len() && matches!(w[j], b'e' | b'E') {
        j += 1;
        if j < w.len() && matches!(w[j], b'+' | b'-') {
            j += 1;
        }
        let k = j;
        while j < w.len() && w[j].is_ascii_digit() {
            j += 1;
        }
        if j == k {
            return false;
        }
    }
    j == w.len()
}

/// Where a string whose body starts at `from` ends: after the closing `q`, skipping
/// backslash escapes; at a newline (not included) unless `multiline`; or at the end.
pub(super) fn quoted_end(s: &[u8], from: usize, q: u8, multiline: bool) -> usize {
    let mut j = from;
    while let Some(&b) = s.get(j) {
        if b == q {
            return j + 1;
        }
        match b {
            b'\\' => j += 2,
            b'\n' if !multiline => return j,
            _ => j += 1,
        }
    }
    s.len()
}

/// The matching `close` of the `open` at `i`, on the same line.
pub(super) fn matching_on_line(s: &[u8], i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&b) = s.get(j).filter(|_| j < i + 512) {
        if b == open {
            depth += 1;
        } else if b == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        } else if b == b'\n' {
            return None;
        }
        j += 1;
    }
    None
}

/// The end of a `/* … */` comment whose body starts at `from` (nesting if `nested`).
pub(super) fn block_comment_end(s: &[u8], from: usize, nested: bool) -> usize {
    if !nested {
        return find(s, from, b"*/").map_or(s.len(), |p| p + 2);
    }
    let mut depth = 1usize;
    let mut j = from;
    while j < s.len() {
        match (byte(s, j), byte(s, j + 1)) {
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            _ => j += 1,
        }
    }
    s.len()
}

/// Iterates over the lines of `s`: (start, end without the newline, whether one follows).
pub(super) fn lines(s: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= s.len() {
            return None;
        }
        let start = i;
        let e = line_end(s, i);
        i = e + 1;
        Some((start, e, e < s.len()))
    })
}

/// How many times `c` repeats from `i`.
pub(super) fn run_len(s: &[u8], i: usize, c: u8) -> usize {
    s.get(i..)
        .map_or(0, |r| r.iter().take_while(|&&b| b == c).count())
}
