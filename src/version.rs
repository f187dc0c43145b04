//! Release versions: what the version an announcement is about is, in the scheme its
//! project numbers releases by.
//!
//! Pure: no I/O, no global state, no panics on any input. [`Version::parse`] reads a
//! version in one of two schemes, with a well-kept crate for each:
//!
//! - **PEP 440** (Python; the `pep440_rs` crate): `3.12.0a1`, `3.12.0b4`, `3.12.0rc1`,
//!   `3.12.0`, `3.12.0.post1`, `3.13.0.dev1`, in any of the spellings PEP 440 accepts
//!   (`3.12.0-RC-1`, `v3.12`), normalised as PEP 440 says (`3.12.0rc1`).
//! - **SemVer** (the `semver` crate, Cargo's reading of semver.org): `20.0.0`,
//!   `2.0.0-rc.1`, `1.0.0+build.5`. A leading `v` is allowed (`v20.0.0`), and a release of
//!   one or two numbers is read with the missing ones as zeros (`19` is `19.0.0`,
//!   `3.0-beta.1` is `3.0.0-beta.1`): announcements write them so.
//! - **Auto** (the default, [`Scheme::Auto`]): each version by its own text. A strict
//!   SemVer version (three numbers, optional `v`, optional `-pre-release` and `+build`:
//!   `v20.0.0`, `1.80.0`, `2.0.0-rc.1`) is SemVer; anything else PEP 440 accepts
//!   (`3.12.0rc1`, `3.12`, `3.12.0.post1`, `19`) is PEP 440.
//!
//! In every scheme, the phase may also be spelled out after the number, as release
//! managers write it in titles: `3.12.0 release candidate 1` is `3.12.0rc1`,
//! `3.13.0 beta 2` is `3.13.0b2`, `3.3 Alpha 4` is `3.3a4`, `2.0 Alpha.3` is `2.0a3`,
//! `3.15.0 candidate 1` is `3.15.0rc1` (case does not matter). Without a number the
//! phase's number is PEP 440's implicit 0 (`3.0 Beta` is `3.0b0`); in SemVer it is left
//! out (`3.0 Beta` is `3.0.0-beta`). Under `auto` a spelled-out version is PEP 440.
//!
//! # Order
//!
//! [`Version`]'s `Ord` is a total order, consistent with `Eq` and `Hash`. Within a
//! scheme it is that scheme's: `3.12.0.dev1 < 3.12.0a1 < 3.12.0b1 < 3.12.0rc1 < 3.12.0
//! < 3.12.0.post1 < 3.12.1`, and `3.12 == 3.12.0` (PEP 440 pads with zeros);
//! `2.0.0-alpha < 2.0.0-alpha.1 < 2.0.0-beta < 2.0.0-rc.1 < 2.0.0`. Versions of the two
//! schemes (a site under `auto` has both) are ordered by their numbers first (padded with
//! zeros; a PEP 440 epoch before all), then pre-releases (and PEP 440 dev releases)
//! before finals before PEP 440 post-releases, and within that, PEP 440's before
//! SemVer's: `3.12.0rc1` (PEP 440) `< 3.12.0` (SemVer) `< 3.12.0.post1` (PEP 440). Two
//! versions of different schemes are never equal.
//!
//! # Series, phase, pre-release
//!
//! - A version's [`Series`] is its first two numbers (`3.12` for `3.12.0rc1`, `1.80` for
//!   `1.80.0`), or with [`SeriesStyle::Major`] its first number (`20` for `v20.0.0`);
//!   under `Major`, a version whose first number is 0 keeps two (`0.87` for `0.87.0`),
//!   as SemVer and Cargo count every `0.y` as its own major line. A PEP 440 epoch is
//!   kept (`1!2.0`).
//! - Its [`Phase`]: `alpha`, `beta`, `rc`, `final`, or `dev`. A PEP 440 dev release of
//!   no pre-release (`3.13.0.dev1`, `3.12.0.post1.dev1`) is phase `dev`, its own phase
//!   and the earliest; a dev release of a pre-release is that pre-release's phase
//!   (`3.13.0a1.dev1` is `alpha`). A post-release has its release's phase
//!   (`3.12.0.post1` is `final`). A SemVer pre-release's phase is named by its first
//!   identifier: `alpha` or `a`, `beta` or `b`, `rc`, `c`, `cr`, `pre` or `preview`
//!   (PEP 440's words for the same), with or without a number joined (`rc1`); any other
//!   (`2.0.0-next.1`, `1.0.0-0.3.7`, `canary`, `nightly`) is `dev`. The phase is a label:
//!   SemVer's order of pre-releases is by their identifiers, not by phase
//!   (`1.0.0-zeta` is newer than `1.0.0-rc.1`).
//! - It is a pre-release when its phase is not `final`: PEP 440's pre-releases and dev
//!   releases, SemVer's versions with a pre-release part.
//!
//! # Forms and what comes next
//!
//! [`forms`] lists the ways announcements write a version (`3.12.0rc1`, `3.12.0
//! release candidate 1`, `python-3120rc1` in a URL) and finds and replaces them with
//! word boundaries; [`next`] proposes the release that usually follows one.

mod config;
pub mod forms;
pub mod next;
#[cfg(test)]
mod tests;
mod title;

pub use config::{RawReleases, Releases};
pub use title::{Found, MAX_TITLE_BYTES, MAX_VERSIONS, TitleFinder};

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::Deserialize;

/// How version text is read: `scheme` in the `releases` section of `bulletin.yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Each version by its text: strict SemVer (`v20.0.0`, `2.0.0-rc.1`) as SemVer,
    /// anything else as PEP 440 (`3.12.0rc1`, `3.12`).
    #[default]
    Auto,
    /// PEP 440, Python's.
    Pep440,
    /// Semantic Versioning.
    SemVer,
}

impl Scheme {
    /// The name as written in `bulletin.yaml`: `auto`, `pep440`, `semver`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Auto => "auto",
            Scheme::Pep440 => "pep440",
            Scheme::SemVer => "semver",
        }
    }
}

/// How many numbers a series has: `series` in the `releases` section of `bulletin.yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesStyle {
    /// Major and minor: `3.12`, `1.80`.
    #[default]
    Minor,
    /// Major only: `20` (Node); `0.y` when the major is 0.
    Major,
}

/// Where a release is in its cycle. Ordered from the earliest: `Dev < Alpha < Beta < Rc
/// < Final`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// A development release: PEP 440's `.devN` of no pre-release, or a SemVer
    /// pre-release whose stage has no known name (`-next.1`, `-canary`).
    Dev,
    /// An alpha: `a1`, `alpha 1`, `-alpha.1`.
    Alpha,
    /// A beta: `b2`, `beta 2`, `-beta.2`.
    Beta,
    /// A release candidate: `rc1`, `c1`, `release candidate 1`, `-rc.1`.
    Rc,
    /// Not a pre-release (post-releases included).
    Final,
}

impl Phase {
    /// The phase's name: `dev`, `alpha`, `beta`, `rc` or `final`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Dev => "dev",
            Phase::Alpha => "alpha",
            Phase::Beta => "beta",
            Phase::Rc => "rc",
            Phase::Final => "final",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A line of releases: `3.12`, `20`, `0.87`. Ordered by its numbers (`3.9 < 3.12`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Series {
    epoch: u64,
    numbers: Vec<u64>,
    text: String,
}

impl Series {
    /// As written: `3.12`, `20`, `1!2.0`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Ord for Series {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.epoch, &self.numbers).cmp(&(other.epoch, &other.numbers))
    }
}

impl PartialOrd for Series {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why a text is not a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    /// The text, as given (trimmed).
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a version: {}", self.text, self.reason)
    }
}

impl std::error::Error for VersionError {}

/// The longest text [`Version::parse`] reads, in bytes; a longer text is no version.
pub const MAX_VERSION_BYTES: usize = 100;

/// A release version, parsed. Shared when cloned: a version is held by its post and
/// by its series.
#[derive(Debug, Clone)]
pub struct Version(std::sync::Arc<Parts>);

/// What a [`Version`] holds.
#[derive(Debug)]
struct Parts {
    text: Box<str>,
    parsed: Parsed,
    release: Box<[u64]>,
}

#[derive(Debug, Clone)]
enum Parsed {
    Pep440(pep440_rs::Version),
    SemVer(semver::Version),
}

impl Version {
    /// Reads `text` (surrounding whitespace ignored) as a version of `scheme`.
    pub fn parse(text: &str, scheme: Scheme) -> Result<Self, VersionError> {
        let written = text.trim();
        let error = |reason: &str| VersionError {
            text: written.to_string(),
            reason: reason.to_string(),
        };
        if written.len() > MAX_VERSION_BYTES {
            return Err(error("it is longer than 100 characters"));
        }
        let bare = written.strip_prefix(['v', 'V']).unwrap_or(written);
        if !bare.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(error(
                "a version starts with a number (or `v` and a number)",
            ));
        }
        let spelled = Spelled::read(bare);
        let parsed = match scheme {
            Scheme::Pep440 => pep440(bare, spelled.as_ref())
                .map_err(|e| error(&format!("not a PEP 440 version: {e}")))?,
            Scheme::SemVer => semver_lenient(bare, spelled.as_ref())
                .map_err(|e| error(&format!("not a SemVer version: {e}")))?,
            Scheme::Auto => match spelled {
                Some(s) => pep440(bare, Some(&s))
                    .map_err(|e| error(&format!("not a PEP 440 version: {e}")))?,
                None => match semver::Version::parse(bare) {
                    Ok(v) => Parsed::SemVer(v),
                    Err(_) => pep440(bare, None).map_err(|e| {
                        error(&format!("neither SemVer nor PEP 440 (PEP 440: {e})"))
                    })?,
                },
            },
        };
        let release = match &parsed {
            Parsed::Pep440(v) => v.release().into(),
            Parsed::SemVer(v) => [v.major, v.minor, v.patch].into(),
        };
        Ok(Self(std::sync::Arc::new(Parts {
            text: written.into(),
            parsed,
            release,
        })))
    }

    /// The text as written (trimmed): `3.12.0 release candidate 1`, `v20.0.0`.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The scheme's normal form: `3.12.0rc1`, `20.0.0`, `2.0.0-rc.1`. The same as
    /// `to_string()`.
    pub fn normalized(&self) -> String {
        self.to_string()
    }

    /// The scheme it was read in: [`Scheme::Pep440`] or [`Scheme::SemVer`], never
    /// `Auto`.
    pub fn scheme(&self) -> Scheme {
        match self.0.parsed {
            Parsed::Pep440(_) => Scheme::Pep440,
            Parsed::SemVer(_) => Scheme::SemVer,
        }
    }

    /// The release numbers as written: `[3, 12, 0]`; SemVer's are always three.
    pub fn release(&self) -> &[u64] {
        &self.0.release
    }

    /// PEP 440's epoch (`1` for `1!2.0`); 0 for SemVer.
    fn epoch(&self) -> u64 {
        match &self.0.parsed {
            Parsed::Pep440(v) => v.epoch(),
            Parsed::SemVer(_) => 0,
        }
    }

    /// The series the version belongs to: `3.12`, or `20` with [`SeriesStyle::Major`].
    pub fn series(&self, style: SeriesStyle) -> Series {
        let number = |i: usize| self.0.release.get(i).copied().unwrap_or(0);
        let numbers = match style {
            SeriesStyle::Major if number(0) != 0 => vec![number(0)],
            _ => vec![number(0), number(1)],
        };
        let epoch = self.epoch();
        let joined = numbers
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".");
        let text = if epoch == 0 {
            joined
        } else {
            format!("{epoch}!{joined}")
        };
        Series {
            epoch,
            numbers,
            text,
        }
    }

    /// Where the release is in its cycle.
    pub fn phase(&self) -> Phase {
        self.phase_and_number().0
    }

    /// The number of its pre-release or dev release: 1 for `3.12.0rc1` and
    /// `2.0.0-rc.1`, none for a final or `2.0.0-rc`.
    pub fn pre_number(&self) -> Option<u64> {
        self.phase_and_number().1
    }

    /// Whether it is a pre-release (its phase is not final).
    pub fn is_prerelease(&self) -> bool {
        self.phase() != Phase::Final
    }

    fn phase_and_number(&self) -> (Phase, Option<u64>) {
        match &self.0.parsed {
            Parsed::Pep440(v) => match (v.pre(), v.dev()) {
                (Some(pre), _) => {
                    let phase = match pre.kind {
                        pep440_rs::PrereleaseKind::Alpha => Phase::Alpha,
                        pep440_rs::PrereleaseKind::Beta => Phase::Beta,
                        pep440_rs::PrereleaseKind::Rc => Phase::Rc,
                    };
                    (phase, Some(pre.number))
                }
                (None, Some(dev)) => (Phase::Dev, Some(dev)),
                (None, None) => (Phase::Final, None),
            },
            Parsed::SemVer(v) => semver_phase(&v.pre),
        }
    }

    /// Pre-releases and dev releases below finals below post-releases, within equal
    /// release numbers: the part of the order both schemes agree on.
    fn rank(&self) -> u8 {
        match &self.0.parsed {
            Parsed::Pep440(v) => {
                if v.pre().is_some() || (v.dev().is_some() && v.post().is_none()) {
                    0
                } else if v.post().is_none() {
                    1
                } else {
                    2
                }
            }
            Parsed::SemVer(v) => u8::from(v.pre.is_empty()),
        }
    }
}

/// The phase and number of a SemVer pre-release part (`rc.1`, `beta2`, `next`).
fn semver_phase(pre: &semver::Prerelease) -> (Phase, Option<u64>) {
    if pre.is_empty() {
        return (Phase::Final, None);
    }
    let mut identifiers = pre.as_str().split('.');
    let first = identifiers.next().unwrap_or_default().to_ascii_lowercase();
    let word = first.trim_end_matches(|c: char| c.is_ascii_digit());
    let phase = match word {
        "alpha" | "a" => Phase::Alpha,
        "beta" | "b" => Phase::Beta,
        "rc" | "c" | "cr" | "pre" | "preview" => Phase::Rc,
        _ => Phase::Dev,
    };
    let joined = &first[word.len()..];
    let number = if word.is_empty() {
        // A numeric first identifier (`1.0.0-1`) is the number itself.
        first.parse().ok()
    } else if joined.is_empty() {
        identifiers.next().and_then(|n| n.parse().ok())
    } else {
        joined.parse().ok()
    };
    (phase, number)
}

/// A phase spelled out after the release numbers: `3.12.0 release candidate 1`.
struct Spelled {
    release: String,
    phase: Phase,
    number: Option<String>,
}

impl Spelled {
    /// The spelled-out form of `bare` (no leading `v`), if it is one: release numbers,
    /// blanks, a phase word (`alpha`, `beta`, `rc`, `candidate`, `release candidate`, any
    /// case), then optionally blanks or dots and a number, and nothing else.
    fn read(bare: &str) -> Option<Self> {
        let end = bare
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(bare.len());
        let (release, rest) = bare.split_at(end);
        if release.ends_with('.') || !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let rest = rest.trim_start().to_ascii_lowercase();
        let (phase, after) = if let Some(after) = rest.strip_prefix("release") {
            let after = after.trim_start();
            if after.len() == rest.len() - "release".len() {
                return None; // `release` glued to something
            }
            (Phase::Rc, after.strip_prefix("candidate")?)
        } else {
            [
                ("candidate", Phase::Rc),
                ("alpha", Phase::Alpha),
                ("beta", Phase::Beta),
                ("rc", Phase::Rc),
            ]
            .into_iter()
            .find_map(|(word, phase)| rest.strip_prefix(word).map(|after| (phase, after)))?
        };
        if !(after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || c == '.')) {
            return None;
        }
        let number = after.trim_start_matches(|c: char| c.is_whitespace() || c == '.');
        if !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            release: release.to_string(),
            phase,
            number: (!number.is_empty()).then(|| number.to_string()),
        })
    }

    fn pep440(&self) -> String {
        let short = match self.phase {
            Phase::Alpha => "a",
            Phase::Beta => "b",
            _ => "rc",
        };
        format!(
            "{}{short}{}",
            self.release,
            self.number.as_deref().unwrap_or("0")
        )
    }

    fn semver(&self) -> String {
        let number = self
            .number
            .as_deref()
            .map(|n| match n.trim_start_matches('0') {
                "" => ".0".to_string(),
                n => format!(".{n}"),
            })
            .unwrap_or_default();
        format!("{}-{}{number}", pad_release(&self.release), self.phase)
    }
}

fn pep440(bare: &str, spelled: Option<&Spelled>) -> Result<Parsed, String> {
    let text = spelled.map_or_else(|| bare.to_string(), Spelled::pep440);
    pep440_rs::Version::from_str(&text)
        .map(Parsed::Pep440)
        .map_err(|e| e.to_string())
}

/// SemVer, with a release of one or two numbers padded to three.
fn semver_lenient(bare: &str, spelled: Option<&Spelled>) -> Result<Parsed, String> {
    let text = match spelled {
        Some(s) => s.semver(),
        None => {
            let end = bare
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(bare.len());
            format!("{}{}", pad_release(&bare[..end]), &bare[end..])
        }
    };
    semver::Version::parse(&text)
        .map(Parsed::SemVer)
        .map_err(|e| e.to_string())
}

/// `19` → `19.0.0`, `3.0` → `3.0.0`; anything else as it is.
fn pad_release(release: &str) -> String {
    let parts = release.split('.').count();
    if release.is_empty() || release.ends_with('.') || parts >= 3 {
        return release.to_string();
    }
    let mut out = release.to_string();
    for _ in parts..3 {
        out.push_str(".0");
    }
    out
}

/// Compares release numbers as if the shorter had zeros added.
fn cmp_release(a: &[u64], b: &[u64]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            x.cmp(&y)
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0.parsed, &other.0.parsed) {
            (Parsed::Pep440(a), Parsed::Pep440(b)) => a.cmp(b),
            (Parsed::SemVer(a), Parsed::SemVer(b)) => a.cmp(b),
            // Each scheme's order refines (epoch, numbers, rank), so ordering across the
            // schemes by that, then by scheme, is a total order.
            _ => self
                .epoch()
                .cmp(&other.epoch())
                .then_with(|| cmp_release(&self.0.release, &other.0.release))
                .then_with(|| self.rank().cmp(&other.rank()))
                .then_with(|| self.scheme_index().cmp(&other.scheme_index())),
        }
    }
}

impl Version {
    fn scheme_index(&self) -> u8 {
        match self.0.parsed {
            Parsed::Pep440(_) => 0,
            Parsed::SemVer(_) => 1,
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal versions have one scheme, and each crate's hash follows its equality.
        match &self.0.parsed {
            Parsed::Pep440(v) => (0u8, v).hash(state),
            Parsed::SemVer(v) => (1u8, v).hash(state),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.parsed {
            Parsed::Pep440(v) => v.fmt(f),
            Parsed::SemVer(v) => v.fmt(f),
        }
    }
}
