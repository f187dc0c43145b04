//! The ways announcements write a release version, and finding them in text and URLs
//! with word boundaries: what `bulletin new --from` replaces, and what `check` can use
//! to tell which version a link names.
//!
//! Pure: no I/O, linear in the text, no panics on any input.
//!
//! # Forms
//!
//! A version's forms ([`forms`]) come from its release numbers as written and its
//! pre-release, each of a [`Style`]. For `3.12.0rc1`:
//!
//! - in prose and URLs: `3.12.0rc1`, `3.12.0-rc1`, `3.12.0-rc.1`, `3.12.0 rc1`,
//!   `3.12.0 rc 1`, `3.12.0 release candidate 1`, `3.12.0 candidate 1`, the short
//!   `3.12rc1` and `3.12 release candidate 1` (trailing zeros left out), and the phase
//!   alone: `release candidate 1`, `rc1`;
//! - in URLs only: `3120rc1` (dots left out, as python.org names its download pages,
//!   `python-3120rc1/`), `3120-release-candidate-1`, `3-12-0rc1` and
//!   `3-12-0-release-candidate-1` (a slug of the title, as Discourse and blogs make
//!   them).
//!
//! A final `3.12.0` is `3.12.0`, and in URLs `3120` and `3-12-0`; a SemVer
//! `1.0.0-rc.1` is also `1.0.0-rc1`, `1.0.0rc1`, `1.0.0 release candidate 1` and
//! `1-0-0-rc-1`. A version with an epoch, a post-release, a dev release, a local part
//! or a pre-release of no known phase (`2.0.0-next.1`) has only its normal form and
//! its slug. Letters match in any case and a space of a form matches any run of spaces
//! and tabs (not a line break).
//!
//! # Boundaries
//!
//! A form is found only as a whole token:
//!
//! - before it: no digit, nor a `.`, `-` or `_` after a digit (`13.12.0rc1`,
//!   `2.3.12.0`). A letter may come before (`v3.12.0`, `Python3.12.0`). The dotless
//!   forms need a name glued before them (two letters, then maybe `-` or `_`:
//!   `python-3120`, `cp3120`), so that `3120` alone (a count, an id) is never one. The
//!   phase alone (`release candidate 1`) must not follow a number (`3.11.0 release
//!   candidate 1` is another version's).
//! - after it: no letter or digit (`3.12.0rc10`, `3.12.0rc1` for `3.12.0`), no `.`,
//!   `-`, `_` or `+` before a digit (`3.12.01`, `3.12.0.1`), no `+` before a letter or
//!   digit (a build or local part), and no pre-release, dev or post part after a
//!   separator or a space (`3.12.0.post1`, `3.12.0-rc.1`, `3.12.0 beta 2`,
//!   `3-12-0-release-candidate-1` are not `3.12.0`). `3.12.0.tar.gz`, `3.12.0's` and
//!   `3-12-0-released` are.

use std::ops::Range;

use super::{Parsed, Phase, Version};

/// Where a text stands: prose, or a URL (a link's address, a bare `https://…`), where
/// the URL-only forms count too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Prose, front matter values, code.
    Text,
    /// A URL or a part of one.
    Url,
}

/// One way of writing a version (shown for `3.12.0rc1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// The scheme's normal form: `3.12.0rc1`, `1.0.0-rc.1`, `20.0.0`.
    Normal,
    /// Release numbers as written, then the phase's letters and number: `3.12.0rc1`,
    /// `1.0.0rc1`; a final's numbers as written (SemVer's `3.0` for `3.0.0`).
    Joined,
    /// `3.12.0-rc1`.
    Dashed,
    /// `3.12.0-rc.1`.
    DashDot,
    /// `3.12.0 rc1`.
    Spaced,
    /// `3.12.0 rc 1`.
    SpacedNumber,
    /// `3.12.0 release candidate 1`, `3.13.0 beta 2`, `3.13.0 alpha 1`.
    Spelled,
    /// `3.12.0 candidate 1`.
    Candidate,
    /// Release numbers padded to three: `3.0.0` for `3.0`.
    Padded,
    /// Trailing zeros left out: `3.12rc1`.
    ShortJoined,
    /// `3.12 release candidate 1`.
    ShortSpelled,
    /// The phase alone: `release candidate 1`, `beta 4`.
    PhaseWords,
    /// The phase's letters alone: `rc1` (release candidates only).
    PhaseLetters,
    /// URLs only: dots left out, `3120rc1`, `3120`.
    Compact,
    /// URLs only: `3120-release-candidate-1`.
    CompactSpelled,
    /// URLs only: a slug of the normal form, `3-12-0rc1`, `1-0-0-rc-1`, `3-12-0`.
    Slug,
    /// URLs only: `3-12-0-release-candidate-1`.
    SlugSpelled,
}

/// Every style, in the order a form's text is attributed to one (the first wins).
const STYLES: [Style; 17] = [
    Style::Normal,
    Style::Joined,
    Style::Dashed,
    Style::DashDot,
    Style::Spaced,
    Style::SpacedNumber,
    Style::Spelled,
    Style::Candidate,
    Style::Padded,
    Style::ShortJoined,
    Style::ShortSpelled,
    Style::Compact,
    Style::CompactSpelled,
    Style::Slug,
    Style::SlugSpelled,
    Style::PhaseWords,
    Style::PhaseLetters,
];

impl Style {
    /// Whether the style is looked for in URLs only.
    pub fn url_only(self) -> bool {
        matches!(
            self,
            Style::Compact | Style::CompactSpelled | Style::Slug | Style::SlugSpelled
        )
    }

    /// Whether the style writes the phase without the release numbers.
    pub fn phase_only(self) -> bool {
        matches!(self, Style::PhaseWords | Style::PhaseLetters)
    }

    fn dotless(self) -> bool {
        matches!(self, Style::Compact | Style::CompactSpelled)
    }
}

/// One form of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// How it is written.
    pub style: Style,
    /// The text (letters in lower case, unless the version writes them otherwise).
    pub text: String,
}

/// Where a text mentions a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The bytes of the text.
    pub range: Range<usize>,
    /// The form found there.
    pub style: Style,
}

/// A version's pre-release, as forms are made from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pre {
    /// Alpha, beta or release candidate.
    pub(super) phase: Phase,
    /// Its letters as the version writes them: `rc`, `a`, `b`; SemVer's `rc`, `beta`,
    /// `alpha`.
    pub(super) letters: String,
    /// Between the letters and the number: `` (PEP 440, `rc1`) or `.` (`rc.1`).
    pub(super) sep: &'static str,
    /// Its number.
    pub(super) number: u64,
}

/// The parts of a version that its forms are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Parts {
    /// The release numbers (`[3, 12, 0]`; `[3, 0]` for SemVer's `3.0`).
    pub(super) release: Vec<u64>,
    /// The release numbers as written (`["22", "03"]` for `22.03`, which PEP 440 reads
    /// as `22.3`).
    pub(super) written: Vec<String>,
    /// The pre-release, for a plain version that has one.
    pub(super) pre: Option<Pre>,
    /// False for a version with more than release numbers and an alpha, beta or
    /// release candidate: an epoch, a post, dev or local part, a build, a pre-release
    /// of no known phase or without a number. Such a version has only its normal form
    /// and its slug.
    pub(super) plain: bool,
}

/// The parts of `v`.
pub(super) fn parts(v: &Version) -> Parts {
    match &v.0.parsed {
        Parsed::Pep440(p) => {
            let pre = p.pre().map(|pre| Pre {
                phase: match pre.kind {
                    pep440_rs::PrereleaseKind::Alpha => Phase::Alpha,
                    pep440_rs::PrereleaseKind::Beta => Phase::Beta,
                    pep440_rs::PrereleaseKind::Rc => Phase::Rc,
                },
                letters: match pre.kind {
                    pep440_rs::PrereleaseKind::Alpha => "a",
                    pep440_rs::PrereleaseKind::Beta => "b",
                    pep440_rs::PrereleaseKind::Rc => "rc",
                }
                .to_string(),
                sep: "",
                number: pre.number,
            });
            let plain =
                p.epoch() == 0 && p.post().is_none() && p.dev().is_none() && p.local().is_empty();
            let release = p.release().to_vec();
            Parts {
                written: written_release(v, &release),
                release,
                pre,
                plain,
            }
        }
        Parsed::SemVer(s) => {
            let written = written_release(v, v.release());
            let release: Vec<u64> = written.iter().filter_map(|n| n.parse().ok()).collect();
            if s.pre.is_empty() {
                return Parts {
                    release,
                    written,
                    pre: None,
                    plain: s.build.is_empty(),
                };
            }
            let (phase, number) = super::semver_phase(&s.pre);
            let text = s.pre.as_str().to_ascii_lowercase();
            let first = text.split('.').next().unwrap_or_default();
            let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
            let sep = if first.len() > letters.len() { "" } else { "." };
            let pre = number.map(|number| Pre {
                phase,
                letters: letters.to_string(),
                sep,
                number,
            });
            let plain = s.build.is_empty()
                && phase != Phase::Dev
                && pre
                    .as_ref()
                    .is_some_and(|p| format!("{}{}{}", p.letters, p.sep, p.number) == text);
            Parts {
                release,
                written,
                pre: pre.filter(|_| plain),
                plain,
            }
        }
    }
}

/// The release numbers as the text writes them (`22.03`; SemVer's `3.0` for
/// `3.0.0`), when they are `release` (padded with zeros); else `release`.
fn written_release(v: &Version, release: &[u64]) -> Vec<String> {
    let bare = v.text().trim_start_matches(['v', 'V']);
    let end = bare
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(bare.len());
    let texts: Vec<&str> = bare[..end].trim_end_matches('.').split('.').collect();
    let numbers: Option<Vec<u64>> = texts.iter().map(|n| n.parse().ok()).collect();
    match numbers {
        Some(n)
            if !n.is_empty()
                && n.len() <= release.len().max(3)
                && super::cmp_release(&n, release).is_eq() =>
        {
            texts.into_iter().map(str::to_string).collect()
        }
        _ => release.iter().map(u64::to_string).collect(),
    }
}

/// `[3, 12, 0]` joined by `sep`.
pub(super) fn join<T: ToString>(release: &[T], sep: &str) -> String {
    (release.iter())
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Trailing zeros left out, keeping two numbers: `3.12.0` → `3.12`.
fn trimmed(release: &[String]) -> &[String] {
    let mut end = release.len();
    while end > 2 && release[end - 1].bytes().all(|b| b == b'0') {
        end -= 1;
    }
    &release[..end]
}

/// Padded with zeros to three numbers: `3.0` → `3.0.0`.
fn padded(release: &[String]) -> Vec<String> {
    let mut out = release.to_vec();
    while out.len() < 3 {
        out.push("0".into());
    }
    out
}

/// How prose names a phase: `alpha`, `beta`, `release candidate`.
pub(super) fn phase_words(phase: Phase) -> Option<&'static str> {
    match phase {
        Phase::Alpha => Some("alpha"),
        Phase::Beta => Some("beta"),
        Phase::Rc => Some("release candidate"),
        Phase::Dev | Phase::Final => None,
    }
}

/// Every run of characters other than ASCII letters and digits made one `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The form of `v` in `style`, or none when `v` is not written that way (a final has
/// no spelled-out phase; a version that is not plain has only its normal form and
/// slug). The short styles give the release numbers without trailing zeros, which may
/// be all of them.
pub fn render(v: &Version, style: Style) -> Option<String> {
    render_parts(v, &parts(v), style)
}

fn render_parts(v: &Version, p: &Parts, style: Style) -> Option<String> {
    let normal = v.normalized();
    if !p.plain {
        return match style {
            Style::Normal => Some(normal),
            Style::Compact => Some(normal.replace('.', "")),
            Style::Slug => Some(slug(&normal)),
            _ => None,
        };
    }
    let r = join(&p.written, ".");
    // The normal form after its release numbers: `rc1`, `-rc.1`, ``.
    let suffix = normal
        .get(join(v.release(), ".").len()..)
        .unwrap_or_default();
    let Some(pre) = &p.pre else {
        return match style {
            Style::Normal => Some(normal),
            Style::Joined => Some(r),
            Style::Padded => Some(format!("{}{suffix}", join(&padded(&p.written), "."))),
            Style::Compact => Some(join(&p.written, "")),
            Style::Slug => Some(join(&p.written, "-")),
            _ => None,
        };
    };
    let (a, n) = (&pre.letters, pre.number);
    let words = phase_words(pre.phase);
    let slug_words = words.map(|w| w.replace(' ', "-"));
    let short = join(trimmed(&p.written), ".");
    let compact = join(&p.written, "");
    Some(match style {
        Style::Normal => normal,
        Style::Joined => format!("{r}{a}{n}"),
        Style::Dashed => format!("{r}-{a}{n}"),
        Style::DashDot => format!("{r}-{a}.{n}"),
        Style::Spaced => format!("{r} {a}{n}"),
        Style::SpacedNumber => format!("{r} {a} {n}"),
        Style::Spelled => format!("{r} {} {n}", words?),
        Style::Candidate if pre.phase == Phase::Rc => format!("{r} candidate {n}"),
        Style::Candidate => return None,
        Style::Padded => format!("{}{suffix}", join(&padded(&p.written), ".")),
        Style::ShortJoined => format!("{short}{a}{n}"),
        Style::ShortSpelled => format!("{short} {} {n}", words?),
        Style::PhaseWords => format!("{} {n}", words?),
        Style::PhaseLetters if pre.phase == Phase::Rc => format!("rc{n}"),
        Style::PhaseLetters => return None,
        Style::Compact => format!("{compact}{a}{n}"),
        Style::CompactSpelled => format!("{compact}-{}-{n}", slug_words?),
        Style::Slug => slug(&normal),
        Style::SlugSpelled => format!("{}-{}-{n}", join(&p.written, "-"), slug_words?),
    })
}

/// The form of `v` that stands for a form of another version written in `style`: the
/// form of that style, else the nearest one `v` has (a final has no phase: `3.12.0
/// release candidate 1` becomes `3.12.0`, `3120-release-candidate-1` becomes `3120`).
/// None for the phase alone when `v` has no phase: there is no word for it.
pub fn render_like(v: &Version, style: Style) -> Option<String> {
    if let Some(text) = render(v, style) {
        return Some(text);
    }
    match style {
        Style::PhaseWords => None,
        Style::PhaseLetters => render(v, Style::PhaseWords),
        Style::Compact | Style::CompactSpelled => render(v, Style::Compact),
        Style::Slug | Style::SlugSpelled => render(v, Style::Slug),
        Style::Candidate | Style::ShortSpelled => {
            render(v, Style::Spelled).or_else(|| render(v, Style::Normal))
        }
        _ => render(v, Style::Normal),
    }
}

/// Every form of `v`, each text once (attributed to the first style of [`Style`]'s
/// order that makes it), the longest first.
pub fn forms(v: &Version) -> Vec<Form> {
    let p = parts(v);
    let mut out: Vec<Form> = Vec::new();
    for style in STYLES {
        let Some(text) = render_parts(v, &p, style) else {
            continue;
        };
        if text.is_empty() || out.iter().any(|f| f.text.eq_ignore_ascii_case(&text)) {
            continue;
        }
        out.push(Form { style, text });
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.text.len()));
    out
}

mod replace;
mod search;

pub use replace::{Replaced, Replacement, Replacer, like_case};
pub use search::{Forms, find, find_any, find_series, names};
