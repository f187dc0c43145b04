//! Finding the product and the versions a post's title announces:
//! `Python 3.12.0 release candidate 1 released` → Python, `3.12.0rc1`;
//! `Python 3.11.9, 3.10.14 and 3.9.19 are now available` → Python, three versions.
//!
//! Linear time: regexes of the `regex` crate (finite automata, no backtracking), and only
//! the first [`MAX_TITLE_BYTES`] of a title are searched, for at most [`MAX_VERSIONS`]
//! versions, so no title, however long or odd, costs more than a bounded amount.
//!
//! # The built-in finder
//!
//! Used when `releases.title_pattern` is not set. It finds version-like numbers
//! (`3.12.0`, `v20.0.0`, `3.12.0rc1`, `3.13.0 beta 2`, `3.12.0 release candidate 1`,
//! `2.0.0-rc.1`, `0.87.0`) and decides which are versions:
//!
//! - **Three or more numbers** (`3.12.0`, `6.0.0`, `0.54.0`) are a version wherever
//!   they are, with a product before them or not.
//! - **One or two numbers** (`3.0`, `19`, `0.52`) are a version only when named as one:
//!   right after a product name (`Prometheus 3.0`, `React 19`, `Hugo 0.52`), after
//!   `version` or `release` (`pip version 10`, `Release 22.03`), written with a `v`
//!   (`React v19`), a title of their own or its start before a colon (`0.17: Hugo is
//!   going global`), or in a list after a version (`Python 3.11 and 3.12`). A number of
//!   one part with four digits or more is a year, never a version (`React Conf 2021`,
//!   `Windows 2000`); and these are only taken when the title names no version of
//!   three numbers: in `Python 2.7.18, the last release of Python 2` and `The last
//!   Python 3.11 alpha (3.11.0a7)` the short ones name a series, not a release.
//! - **A product** is the run of up to three capitalised words right before the version
//!   (`Python`, `IronPython`, `React Compiler`, `Node.js`), without the words that lead
//!   up to it (`Announcing Prometheus 2.0` → `Prometheus`; articles, prepositions and
//!   announcing words: see `LEAD_WORDS`) or a trailing `version`/`release`. A number
//!   after a counting word or a month is no version (`Top 10`, `Part 2`, `Chapter 3`,
//!   `Day 1`, `April 30`, `PEP 8`: see `COUNT_WORDS`). A version with no product of its
//!   own has the product of the version before it (`Python 3.11.9, 3.10.14`).
//! - A version is a whole token: not glued to letters or digits (`5th`, `40K`, `IPv6`,
//!   `3.3.x` are none), except a product glued to a version of three numbers
//!   (`Python3.11.0b3`).
//!
//! # Patterns of a site
//!
//! `releases.title_pattern` replaces all of the above with the site's regexes (syntax
//! of the `regex` crate), each with a named group `version` and optionally `product`.
//! They are tried in order: the first pattern that finds a version gives every version
//! it finds in the title (each match's `version` that the scheme reads; one whose
//! `product` group is absent or empty has the product of the match before it).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Scheme, Version};

/// Only this many bytes of a title are searched (cut at a character boundary).
pub const MAX_TITLE_BYTES: usize = 1024;

/// At most this many versions are found in one title.
pub const MAX_VERSIONS: usize = 32;

/// The biggest compiled size of a site's pattern, in bytes (the `regex` crate's
/// `size_limit`): a pattern over it is refused in the config.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// The built-in finder's regex; [`builtin`] then applies the rules of the module's
/// documentation. `product`: up to three capitalised words; `keyword`: `version` or
/// `release`; `version`: numbers with an optional pre-release, spelled out or not.
const BUILTIN_PATTERN: &str = r"(?x)
(?:
  \b(?P<product>
    (?:\p{Lu}[\p{L}\p{N}]*(?:[.+\-]\p{L}[\p{L}\p{N}]*)*\s+){0,2}
    \p{Lu}[\p{L}\p{N}]*(?:[.+\-]\p{L}[\p{L}\p{N}]*)*
  )
  \s*
)?
(?:\b(?P<keyword>(?i:versions?|releases?))\s+)?
(?P<version>
  [vV]?\d+(?:\.\d+)*
  (?:
    \s+(?i:release\s+candidate|candidate|alpha|beta|rc)\b(?:[\s.]*\d+\b)?
  | (?i:[-_.]?(?:alpha|beta|preview|pre|rc|c|a|b|dev|post)[-_.]?\d*)+
  )?
  (?:\+[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?
)";

static BUILTIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(BUILTIN_PATTERN).expect("the built-in title pattern compiles"));

/// Words that lead up to a product in a title and are not part of it (compared in
/// lower case): `Announcing Prometheus 2.0`, `The Plan For React 18`.
const LEAD_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "an",
    "and",
    "announcing",
    "are",
    "as",
    "at",
    "available",
    "before",
    "between",
    "beyond",
    "by",
    "celebrating",
    "expedited",
    "faq",
    "farewell",
    "final",
    "finally",
    "first",
    "for",
    "from",
    "get",
    "goodbye",
    "hello",
    "here",
    "how",
    "in",
    "into",
    "introducing",
    "is",
    "its",
    "last",
    "latest",
    "meet",
    "new",
    "next",
    "now",
    "of",
    "on",
    "onto",
    "or",
    "our",
    "peak",
    "peek",
    "presenting",
    "ready",
    "released",
    "releasing",
    "second",
    "since",
    "sneak",
    "than",
    "the",
    "third",
    "this",
    "to",
    "try",
    "upgrade",
    "upgrading",
    "versus",
    "via",
    "vs",
    "welcome",
    "what",
    "whats",
    "what's",
    "when",
    "why",
    "with",
    "your",
];

/// Words after which a number counts or dates something and is no version (compared in
/// lower case): `Top 10`, `Part 2`, `April 30`, `PEP 8`.
const COUNT_WORDS: &[&str] = &[
    "act",
    "apr",
    "april",
    "aug",
    "august",
    "book",
    "chapter",
    "cve",
    "day",
    "days",
    "dec",
    "december",
    "edition",
    "episode",
    "feb",
    "february",
    "fig",
    "figure",
    "friday",
    "grade",
    "hour",
    "hours",
    "issue",
    "issues",
    "item",
    "items",
    "iso",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "lesson",
    "level",
    "mar",
    "march",
    "may",
    "minute",
    "minutes",
    "monday",
    "month",
    "months",
    "no",
    "nov",
    "november",
    "number",
    "oct",
    "october",
    "page",
    "pages",
    "part",
    "pep",
    "phase",
    "pr",
    "q",
    "rank",
    "rfc",
    "round",
    "saturday",
    "season",
    "section",
    "sep",
    "sept",
    "september",
    "stage",
    "step",
    "steps",
    "sunday",
    "table",
    "thursday",
    "top",
    "tuesday",
    "unit",
    "vol",
    "volume",
    "wednesday",
    "week",
    "weeks",
    "year",
    "years",
];

/// `version` or `release` (and plurals): a keyword before a version, not a product.
fn is_keyword(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "version" | "versions" | "release" | "releases"
    )
}

/// A version found in a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The product it is a version of (`Python`), when the title names one.
    pub product: Option<String>,
    /// The version; its `text()` is as the title writes it.
    pub version: Version,
    /// Where the title writes it, in bytes.
    pub span: Range<usize>,
}

/// Finds versions in titles: the built-in rules, or a site's patterns.
#[derive(Debug, Clone)]
pub struct TitleFinder {
    /// The site's patterns; empty for the built-in finder.
    patterns: Vec<Regex>,
}

impl Default for TitleFinder {
    fn default() -> Self {
        Self::builtin()
    }
}

impl TitleFinder {
    /// The built-in finder (the module's documentation says what it finds).
    pub fn builtin() -> Self {
        Self {
            patterns: Vec::new(),
        }
    }

    /// A finder of a site's patterns, tried in order. Each must compile, have a named
    /// group `version`, and no other named group than `version` and `product`.
    pub fn from_patterns(patterns: &[String]) -> Result<Self, String> {
        if patterns.is_empty() {
            return Err(
                "name at least one pattern, or leave `title_pattern` out for the \
                        built-in one"
                    .to_string(),
            );
        }
        let compiled = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let n = i + 1;
                let re = regex::RegexBuilder::new(p)
                    .size_limit(PATTERN_SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        // The syntax error's last line says what is wrong; the lines
                        // before repeat the pattern.
                        let text = e.to_string();
                        let why = text.lines().last().unwrap_or_default().trim();
                        let why = why.strip_prefix("error: ").unwrap_or(why);
                        format!("pattern {n} ({p:?}) is not a regex: {why}")
                    })?;
                let names: Vec<&str> = re.capture_names().flatten().collect();
                if !names.contains(&"version") {
                    return Err(format!(
                        "pattern {n} ({p:?}) has no group `version`: write (?P<version>…) \
                         around the version"
                    ));
                }
                if let Some(other) = names.iter().find(|g| !["version", "product"].contains(g)) {
                    return Err(format!(
                        "pattern {n} ({p:?}) has a group `{other}`: the named groups are \
                         `version` and `product` (other groups need no name)"
                    ));
                }
                Ok(re)
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Self { patterns: compiled })
    }

    /// Whether this is the built-in finder.
    pub fn is_builtin(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The versions `title` names, in the order written, each read in `scheme`.
    pub fn find(&self, title: &str, scheme: Scheme) -> Vec<Found> {
        let mut end = title.len().min(MAX_TITLE_BYTES);
        while !title.is_char_boundary(end) {
            end -= 1;
        }
        let haystack = &title[..end];
        if self.patterns.is_empty() {
            return builtin(title, haystack, scheme);
        }
        for re in &self.patterns {
            let found = by_pattern(re, haystack, scheme);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }
}

/// The matches of a site's pattern whose `version` the scheme reads.
fn by_pattern(re: &Regex, haystack: &str, scheme: Scheme) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for caps in re.captures_iter(haystack) {
        if out.len() == MAX_VERSIONS {
            break;
        }
        let Some(m) = caps.name("version") else {
            continue;
        };
        let Ok(version) = Version::parse(m.as_str(), scheme) else {
            continue;
        };
        let product = caps
            .name("product")
            .map(|p| p.as_str().trim().to_string())
            .filter(|p| !p.is_empty())
            .or_else(|| out.last().and_then(|f| f.product.clone()));
        out.push(Found {
            product,
            span: trimmed_span(haystack, m.range()),
            version,
        });
    }
    out
}

/// `range` without the blanks at either end.
fn trimmed_span(haystack: &str, range: Range<usize>) -> Range<usize> {
    let text = &haystack[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// The built-in finder over `haystack`, the searched start of `title`.
fn builtin(title: &str, haystack: &str, scheme: Scheme) -> Vec<Found> {
    // Each found version with its count of numbers.
    let mut out: Vec<(Found, usize)> = Vec::new();
    for caps in BUILTIN.captures_iter(haystack) {
        if out.len() == MAX_VERSIONS {
            break;
        }
        let Some(m) = caps.name("version") else {
            continue;
        };
        let raw_product = caps.name("product");
        let text = m.as_str();
        // A whole token: nothing glued after (`5th`, `3.3.x`), nor before unless it is
        // the product.
        if glued_after(&title[m.end()..]) {
            continue;
        }
        let glued_product = raw_product.is_some_and(|p| p.end() == m.start());
        if raw_product.is_none() && glued_before(&haystack[..m.start()]) {
            continue;
        }
        let digits = text.trim_start_matches(['v', 'V']);
        let numbers_end = digits
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(digits.len());
        let numbers = digits[..numbers_end].trim_end_matches('.');
        let parts = numbers.split('.').count();
        if parts == 1 && numbers.len() >= 4 {
            continue; // a year
        }
        if glued_product && parts < 3 {
            continue; // `IPv6`, `MP3`
        }
        let words: Vec<&str> = raw_product
            .map(|p| p.as_str().split_whitespace().collect())
            .unwrap_or_default();
        let counted = words
            .last()
            .is_some_and(|w| COUNT_WORDS.contains(&w.to_lowercase().as_str()));
        let keyword = caps.name("keyword").is_some() || words.last().is_some_and(|w| is_keyword(w));
        let product = if counted { None } else { product_of(&words) };
        if parts < 3 {
            let named = product.is_some()
                || keyword
                || text.starts_with(['v', 'V'])
                || whole_or_heading(haystack, m.range())
                || out.last().is_some_and(|(prev, _)| {
                    is_list_separator(&haystack[prev.span.end..m.start()])
                });
            if !named {
                continue;
            }
        }
        // Where the version's words start: its product's start, else its own.
        let lead = &haystack[..raw_product.map_or(m.start(), |p| p.start())];
        if compared_with(lead) {
            continue;
        }
        let Ok(mut version) = Version::parse(text, scheme) else {
            continue;
        };
        if let Some(pre) = phase_before(lead, scheme)
            && version.phase() == super::Phase::Final
            && let Ok(v) = Version::parse(&format!("{text}{pre}"), scheme)
        {
            version = v;
        }
        let product = product.or_else(|| out.last().and_then(|(f, _)| f.product.clone()));
        out.push((
            Found {
                product,
                version,
                span: m.range(),
            },
            parts,
        ));
    }
    // Short numbers name a series when the title names a full version.
    if out.iter().any(|(_, parts)| *parts >= 3) {
        out.retain(|(_, parts)| *parts >= 3);
    }
    out.into_iter().map(|(f, _)| f).collect()
}

/// Whether the words before a version compare it with the release announced, rather
/// than announce it: `the last beta before 3.9.0`, `faster than 3.11`.
fn compared_with(lead: &str) -> bool {
    const WORDS: [&str; 8] = [
        "before", "after", "since", "than", "until", "till", "vs", "versus",
    ];
    (lead.split_whitespace().last())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .is_some_and(|w| WORDS.contains(&w.as_str()))
}

/// A pre-release the words before a version name (`First release candidate of Python
/// 3.4`, `Second beta for`, `Beta release of pip version`: a lower-case product and
/// `version` may come between), in `scheme`'s spelling to append to its numbers: `rc1`,
/// `-beta.2`. Without an ordinal the number is 0 (`Release Candidate for Python 2.7.9`:
/// before the first numbered one, and not the final).
fn phase_before(lead: &str, scheme: Scheme) -> Option<String> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:\b(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?\b(?P<phase>release\s+candidate|alpha|beta)(?:\s+release)?\s+(?:of|for)\s+(?:[\p{Ll}\p{N}][\p{L}\p{N}.+\-]*\s+)?(?:versions?\s+)?$",
        )
        .expect("the phase pattern compiles")
    });
    let caps = LEAD.captures(lead)?;
    const NTH: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let n = caps.name("nth").map_or(0, |m| {
        let w = m.as_str().to_lowercase();
        NTH.iter().position(|x| *x == w).map_or(0, |i| i + 1)
    });
    let phase = caps["phase"].to_lowercase();
    let (pep, sem) = if phase.starts_with("alpha") {
        ("a", "alpha")
    } else if phase.starts_with("beta") {
        ("b", "beta")
    } else {
        ("rc", "rc")
    };
    Some(match scheme {
        Scheme::SemVer => format!("-{sem}.{n}"),
        Scheme::Pep440 | Scheme::Auto => format!("{pep}{n}"),
    })
}

/// The product from the run of capitalised words before a version: without a trailing
/// `version`/`release`, and only the words after the last lead word.
fn product_of(words: &[&str]) -> Option<String> {
    let mut words = words;
    while let [rest @ .., last] = words {
        if !is_keyword(last) {
            break;
        }
        words = rest;
    }
    let from = words
        .iter()
        .rposition(|w| LEAD_WORDS.contains(&w.to_lowercase().as_str()))
        .map_or(0, |i| i + 1);
    let product = &words[from..];
    (!product.is_empty()).then(|| product.join(" "))
}

/// Whether the text after a version continues it: a letter or digit, or `.`, `-`, `_`,
/// `+` before one (`3.3.x`, `1.0-based`).
fn glued_after(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | '-' | '_' | '+') => chars.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// Whether the text before a version ends in something it would be part of: a letter,
/// a digit, or `.`, `-`, `_` after one (`x1.2.3`, `a.1.2.3`).
fn glued_before(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | '-' | '_') => chars.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// Whether the version at `range` is the whole title or starts it before a colon
/// (`0.17: Hugo is going global`).
fn whole_or_heading(haystack: &str, range: Range<usize>) -> bool {
    let after = haystack[range.end..].trim_start();
    haystack[..range.start].trim().is_empty() && (after.is_empty() || after.starts_with(':'))
}

/// Whether the text between two versions joins them in a list: `, `, ` and `, `, and `,
/// ` & `, ` / `.
fn is_list_separator(between: &str) -> bool {
    let squeezed: String = between
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    matches!(
        squeezed.as_str(),
        "," | "and" | ", and" | "&" | ", &" | "/" | "or" | ", or"
    )
}
