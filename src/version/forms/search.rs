//! Finding a version's forms in a text, as whole tokens (the boundaries are described
//! in the parent module's comment).

use std::ops::Range;

use super::{Form, Mention, Place, Style, forms};
use crate::version::{Series, Version};

/// A version's forms, ready to be looked for.
#[derive(Debug, Clone)]
pub struct Forms {
    forms: Vec<Form>,
}

impl Forms {
    /// The forms of `v`.
    pub fn of(v: &Version) -> Self {
        Self { forms: forms(v) }
    }

    /// The forms, the longest first.
    pub fn list(&self) -> &[Form] {
        &self.forms
    }

    /// Every mention in `text` of the version, in order, none overlapping: at each
    /// place the longest form that stands there as a whole token.
    pub fn find(&self, text: &str, place: Place) -> Vec<Mention> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let starts = c.is_ascii_alphanumeric()
                && (i == 0
                    || !b[i - 1].is_ascii_alphanumeric()
                    || (c.is_ascii_digit() && b[i - 1].is_ascii_alphabetic()));
            if starts && let Some(m) = self.at(text, i, place) {
                i = m.range.end;
                out.push(m);
                continue;
            }
            i += 1;
        }
        out
    }

    fn at(&self, text: &str, at: usize, place: Place) -> Option<Mention> {
        let mut best: Option<Mention> = None;
        for f in &self.forms {
            if (f.style.url_only() && place == Place::Text) || !before_ok(text, at, f.style) {
                continue;
            }
            let Some(end) = match_form(text.as_bytes(), at, f.text.as_bytes()) else {
                continue;
            };
            if after_ok(text, end) && best.as_ref().is_none_or(|b| end > b.range.end) {
                best = Some(Mention {
                    range: at..end,
                    style: f.style,
                });
            }
        }
        best
    }
}

/// Every mention of `v` in `text` (see [`Forms::find`]).
pub fn find(text: &str, v: &Version, place: Place) -> Vec<Mention> {
    Forms::of(v).find(text, place)
}

/// Whether a URL, or a segment of one (`python-3120rc1`,
/// `python-3-12-0-release-candidate-1-released`, `v20.0.0`), names `v` in any form.
pub fn names(url: &str, v: &Version) -> bool {
    !find(url, v, Place::Url).is_empty()
}

/// Which of `versions` `text` mentions, and where: (index into `versions`, mention), in
/// order, none overlapping (the longest wins). For `check`: a download link naming a
/// version other than the post's.
pub fn find_any(text: &str, versions: &[Version], place: Place) -> Vec<(usize, Mention)> {
    let mut all: Vec<(usize, Mention)> = (versions.iter().enumerate())
        .flat_map(|(i, v)| find(text, v, place).into_iter().map(move |m| (i, m)))
        .collect();
    all.sort_by_key(|(_, m)| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<(usize, Mention)> = Vec::with_capacity(all.len());
    for (i, m) in all {
        if out
            .last()
            .is_none_or(|(_, last)| m.range.start >= last.range.end)
        {
            out.push((i, m));
        }
    }
    out
}

/// Where `text` names the series `series` on its own (`3.12` in `Python 3.12's new
/// parser`, `docs.python.org/3.12/`), not as part of a version (`3.12.1`, `3.12rc1`).
/// Series of one number (`20`) are not looked for: any count would be one.
pub fn find_series(text: &str, series: &Series) -> Vec<Range<usize>> {
    let s = series.as_str();
    if !s.contains('.') || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(s) {
        let at = from + i;
        let end = at + s.len();
        if before_ok(text, at, Style::Normal) && after_ok(text, end) {
            out.push(at..end);
        }
        from = end;
    }
    out
}

/// The end of `form` matched at `at`: letters in any case, a space matching a run of
/// spaces and tabs.
fn match_form(b: &[u8], at: usize, form: &[u8]) -> Option<usize> {
    let mut i = at;
    for &fc in form {
        if fc == b' ' {
            let start = i;
            while i < b.len() && matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
            if i == start {
                return None;
            }
        } else {
            if i >= b.len() || !b[i].eq_ignore_ascii_case(&fc) {
                return None;
            }
            i += 1;
        }
    }
    Some(i)
}

/// Whether a form of `style` may start at `at` (see the module's comment).
fn before_ok(text: &str, at: usize, style: Style) -> bool {
    let b = text.as_bytes();
    if style.dotless() {
        // A name glued before: `python-3120`, `cp3120`.
        let mut j = at;
        if j > 0 && matches!(b[j - 1], b'-' | b'_') {
            j -= 1;
        }
        return j >= 2 && b[j - 1].is_ascii_alphabetic() && b[j - 2].is_ascii_alphabetic();
    }
    let prev = at.checked_sub(1).map(|i| b[i]);
    if style.phase_only() {
        if prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, b'.' | b'-' | b'_' | b'+'))
        {
            return false;
        }
        let before = text[..at].trim_end_matches([' ', '\t']);
        return !before.ends_with(|c: char| c.is_ascii_digit());
    }
    match prev {
        None => true,
        Some(p) if p.is_ascii_digit() => false,
        Some(b'.' | b'-' | b'_') => !(at >= 2 && b[at - 2].is_ascii_digit()),
        Some(_) => true,
    }
}

/// Whether a form may end at `end` (see the module's comment).
fn after_ok(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let Some(next) = rest.chars().next() else {
        return true;
    };
    match next {
        c if c.is_alphanumeric() => false,
        '+' => !rest[1..].starts_with(|c: char| c.is_alphanumeric()),
        '.' | '-' | '_' => {
            let after = &rest[1..];
            !(after.starts_with(|c: char| c.is_ascii_digit()) || pre_release_next(after, true))
        }
        ' ' | '\t' => !pre_release_next(rest.trim_start_matches([' ', '\t']), false),
        _ => true,
    }
}

/// Whether `text` starts with a pre-release, dev or post part of a version (`rc1`,
/// `beta`, `release candidate 2`, `a1`); `after_sep` when it follows a `.`, `-` or `_`
/// rather than a space (where `dev`, `post`, `pre` and `c1` count too, and are words
/// otherwise: `the 3.12.0 post`).
fn pre_release_next(text: &str, after_sep: bool) -> bool {
    let head: String = text
        .chars()
        .take(24)
        .collect::<String>()
        .to_ascii_lowercase();
    let word_end = |w: &str| {
        head.strip_prefix(w)
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphabetic()))
    };
    const ANYWHERE: [&str; 8] = [
        "release candidate",
        "release-candidate",
        "release_candidate",
        "candidate",
        "alpha",
        "beta",
        "preview",
        "rc",
    ];
    const AFTER_SEP: [&str; 3] = ["dev", "post", "pre"];
    if ANYWHERE.iter().any(|w| word_end(w)) || (after_sep && AFTER_SEP.iter().any(|w| word_end(w)))
    {
        return true;
    }
    // A single letter only with a number: `a1`, `b-2`.
    let letters: &[char] = if after_sep {
        &['a', 'b', 'c']
    } else {
        &['a', 'b']
    };
    let mut chars = head.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(l), Some(d), _) if letters.contains(&l) && d.is_ascii_digit() => true,
        (Some(l), Some('.' | '-' | '_'), Some(d)) if letters.contains(&l) && d.is_ascii_digit() => {
            true
        }
        _ => false,
    }
}
