//! The release that usually comes after another: what `bulletin new --from` proposes
//! when it is not given the new version.
//!
//! Pure: no I/O, no panics on any input.
//!
//! - A final release is followed by the next bugfix release: `3.12.0` → `3.12.1`,
//!   `20.0.0` → `20.0.1`. One of fewer than three numbers (`3.0`, `19`) may be followed
//!   by a bugfix or a minor release: a choice.
//! - A pre-release is followed by the next of its phase (`3.12.0a3` → `3.12.0a4`,
//!   `1.0.0-rc.1` → `1.0.0-rc.2`) until its phase has had as many releases as Python's
//!   annual cycle plans ([PEP 602](https://peps.python.org/pep-0602/): seven alphas,
//!   four betas, two release candidates, [`USUAL`]). From there the next may be one
//!   more of the phase or the first of the next phase (`3.12.0b4` → `3.12.0b5` or
//!   `3.12.0rc1`; `3.12.0rc2` → `3.12.0rc3` or `3.12.0`): a choice.
//! - A post-release may be followed by another or by the next bugfix: a choice. A dev
//!   release (`3.13.0.dev1`) by the next (`3.13.0.dev2`). A SemVer pre-release of no
//!   known phase (`2.0.0-next.3`) by the next of its last number, or the final.

use super::forms::{Parts, join, parts};
use super::{Parsed, Phase, Scheme, Version};

/// How many releases each phase has in Python's annual cycle (PEP 602): past these, the
/// next phase may start.
pub const USUAL: [(Phase, u64); 3] = [(Phase::Alpha, 7), (Phase::Beta, 4), (Phase::Rc, 2)];

/// What follows a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// One release clearly follows; `why` says which it is (`the next release
    /// candidate`).
    Clear {
        /// The release.
        version: Version,
        /// What it is.
        why: String,
    },
    /// A judgement call between these (possibly none that can be written); `why` says
    /// what the choice is.
    Choose {
        /// The candidates, the likelier first.
        versions: Vec<Version>,
        /// What the choice is.
        why: String,
    },
}

/// The release after `v` (see the module's comment).
pub fn next(v: &Version) -> Next {
    let scheme = v.scheme();
    let read = |texts: Vec<String>| -> Vec<Version> {
        texts
            .iter()
            .filter_map(|t| Version::parse(t, scheme).ok())
            .collect()
    };
    let clear = |text: String, why: String| match Version::parse(&text, scheme) {
        Ok(version) => Next::Clear { version, why },
        Err(_) => Next::Choose {
            versions: Vec::new(),
            why: format!("{v} has no next release that can be written"),
        },
    };
    let p = parts(v);
    if !p.plain {
        return not_plain(v, &p, &read, &clear);
    }
    let r = join(&p.written, ".");
    let Some(pre) = &p.pre else {
        if p.release.len() >= 3 {
            return clear(bump_last(&p.release), "the next bugfix release".into());
        }
        let mut longer = p.release.clone();
        while longer.len() < 2 {
            longer.push(0);
        }
        longer.push(1);
        return Next::Choose {
            versions: read(vec![join(&longer, "."), bump_last(&p.release)]),
            why: format!("{v} has fewer than three numbers: a bugfix release or the next one"),
        };
    };
    let dash = if scheme == Scheme::SemVer { "-" } else { "" };
    let same = format!(
        "{r}{dash}{}{}{}",
        pre.letters,
        pre.sep,
        pre.number.saturating_add(1)
    );
    let usual = USUAL
        .iter()
        .find(|(phase, _)| *phase == pre.phase)
        .map_or(0, |(_, n)| *n);
    let word = super::forms::phase_words(pre.phase).unwrap_or("pre-release");
    if pre.number < usual {
        return clear(same, format!("the next {word}"));
    }
    let following = match pre.phase {
        Phase::Alpha => {
            let letters = if pre.letters == "alpha" { "beta" } else { "b" };
            format!("{r}{dash}{letters}{}1", pre.sep)
        }
        Phase::Beta => format!("{r}{dash}rc{}1", pre.sep),
        _ => r.clone(),
    };
    let then = match pre.phase {
        Phase::Alpha => "the first beta",
        Phase::Beta => "the first release candidate",
        _ => "the final release",
    };
    Next::Choose {
        versions: read(vec![same, following]),
        why: format!(
            "{v} is {word} {}, as many as Python's schedule (PEP 602) plans: another {word}, \
             or {then}",
            pre.number
        ),
    }
}

/// The release numbers with the last one plus one: `3.12.0` → `3.12.1`.
fn bump_last(release: &[u64]) -> String {
    let mut r = release.to_vec();
    if let Some(last) = r.last_mut() {
        *last = last.saturating_add(1);
    }
    join(&r, ".")
}

/// The next of a version that is more than numbers and a phase.
fn not_plain(
    v: &Version,
    p: &Parts,
    read: &dyn Fn(Vec<String>) -> Vec<Version>,
    clear: &dyn Fn(String, String) -> Next,
) -> Next {
    let none = || Next::Choose {
        versions: Vec::new(),
        why: format!("there is no usual release after {v}"),
    };
    match &v.0.parsed {
        Parsed::Pep440(pv) => {
            if pv.epoch() != 0 || !pv.local().is_empty() {
                return none();
            }
            let base = v.normalized();
            match (pv.pre().is_some(), pv.post(), pv.dev()) {
                (false, None, Some(dev)) => {
                    let r = join(&p.release, ".");
                    clear(
                        format!("{r}.dev{}", dev.saturating_add(1)),
                        "the next dev release".into(),
                    )
                }
                (_, Some(post), None) => {
                    let head = base.rsplit_once(".post").map_or(base.as_str(), |(h, _)| h);
                    Next::Choose {
                        versions: read(vec![
                            format!("{head}.post{}", post.saturating_add(1)),
                            bump_last(&p.release),
                        ]),
                        why: format!("{v} is a post-release: another, or the next bugfix release"),
                    }
                }
                _ => none(),
            }
        }
        Parsed::SemVer(sv) => {
            if sv.pre.is_empty() {
                return none();
            }
            let release = format!("{}.{}.{}", sv.major, sv.minor, sv.patch);
            let pre = sv.pre.as_str();
            let mut candidates = Vec::new();
            let digits_at = pre.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if let Ok(n) = pre[digits_at..].parse::<u64>() {
                candidates.push(format!(
                    "{release}-{}{}",
                    &pre[..digits_at],
                    n.saturating_add(1)
                ));
            }
            candidates.push(release);
            Next::Choose {
                versions: read(candidates),
                why: format!("{v} is a pre-release of no usual phase: another, or the final"),
            }
        }
    }
}
