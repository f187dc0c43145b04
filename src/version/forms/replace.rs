//! Replacing one version by another in every form, each mention by the new version's
//! form of the same style, in the same case.

use std::ops::Range;

use super::{Forms, Mention, Place, render_like};
use crate::version::Version;

/// `new` in the case `matched` is written in: all capitals (`RC1` → `RC2`), each word
/// capitalised (`Release Candidate 1` → `Release Candidate 2`), or as it is.
pub fn like_case(matched: &str, new: &str) -> String {
    let words: Vec<&str> = matched
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return new.to_string();
    }
    if words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_uppercase()))
    {
        return new.to_ascii_uppercase();
    }
    if words
        .iter()
        .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        let mut out = String::with_capacity(new.len());
        let mut start = true;
        for c in new.chars() {
            out.push(if start { c.to_ascii_uppercase() } else { c });
            start = !c.is_ascii_alphabetic();
        }
        return out;
    }
    new.to_string()
}

/// One replacement made by [`Replacer::replace`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// Where, in the text given.
    pub range: Range<usize>,
    /// The text that was there.
    pub old: String,
    /// The text put there.
    pub new: String,
}

/// What [`Replacer::replace`] made of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The text with every mention replaced.
    pub text: String,
    /// What was replaced, in order.
    pub replaced: Vec<Replaced>,
    /// Mentions left as they are: the new version has no such form (`release
    /// candidate 1` when the new version is a final).
    pub left: Vec<Mention>,
}

/// Replaces one version by another in every form, each mention by the new version's
/// form of the same style, in the same case.
#[derive(Debug, Clone)]
pub struct Replacer {
    old: Forms,
    new: Version,
}

impl Replacer {
    /// A replacer of `old` by `new`.
    pub fn new(old: &Version, new: &Version) -> Self {
        Self {
            old: Forms::of(old),
            new: new.clone(),
        }
    }

    /// The forms looked for.
    pub fn forms(&self) -> &Forms {
        &self.old
    }

    /// `text` with every mention of the old version replaced.
    pub fn replace(&self, text: &str, place: Place) -> Replacement {
        let mut out = String::with_capacity(text.len() + 16);
        let mut replaced = Vec::new();
        let mut left = Vec::new();
        let mut last = 0;
        for m in self.old.find(text, place) {
            let Some(new) = render_like(&self.new, m.style) else {
                left.push(m);
                continue;
            };
            let old = &text[m.range.clone()];
            let new = like_case(old, &new);
            out.push_str(&text[last..m.range.start]);
            out.push_str(&new);
            last = m.range.end;
            replaced.push(Replaced {
                range: m.range,
                old: old.to_string(),
                new,
            });
        }
        out.push_str(&text[last..]);
        Replacement {
            text: out,
            replaced,
            left,
        }
    }
}
