//! Where a copied announcement needs a human: the sentences that were true of the old
//! release and may not be of the new one, whatever its version number says.
//!
//! These are heuristics, in English only, and they err on the side of asking: a line
//! is named when it holds
//!
//! - a date: `2023-09-04` (with its weekday, `Monday, 2023-09-04`), `September 4`,
//!   `4 September 2023`, `Sept. 4th`, `October 2023` (month names capitalised, as
//!   English writes them, so that `may 5` is no date);
//! - the release's place in its series: an ordinal before a release word (`first
//!   release candidate`, `second candidate`, `the last planned release preview`, `3rd
//!   beta`, `final release candidate`, `final bugfix release`; not `the final release`,
//!   which every pre-release speaks of), or `penultimate`;
//! - a count of what went into it: `N bugfixes`, `1,234 commits`, `42 contributors`;
//! - the schedule: `next release`, `next pre-release`, `next beta`, `scheduled for`,
//!   `is scheduled`, `planned for`, `expected on`, `will be released`, `due on`.
//!
//! Pure: one line in, what was found out; linear time (regexes of the `regex` crate).

use std::sync::LazyLock;

use regex::Regex;

/// What kind of place a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A date.
    Date,
    /// The release's place in its series.
    Order,
    /// A count of fixes, commits, contributors.
    Count,
    /// A schedule.
    Schedule,
}

impl Kind {
    /// What a human checks there, for the report.
    pub fn what(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Order => "which release this is",
            Kind::Count => "count",
            Kind::Schedule => "schedule",
        }
    }
}

/// One place found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Its kind.
    pub kind: Kind,
    /// The words as the line writes them.
    pub text: String,
}

const WEEKDAY: &str = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?";
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)";

static DATES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"{WEEKDAY}\b\d{{4}}-\d{{2}}-\d{{2}}\b"),
        format!(
            r"{WEEKDAY}\b{MONTH}\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?|\d{{4}}\b)"
        ),
        format!(r"{WEEKDAY}\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b\.?(?:,?\s+\d{{4}}\b)?"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("the date patterns compile"))
    .collect()
});

static ORDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last
            |\d+(?:st|nd|rd|th))\b
        (?:\s+[\w-]+){0,2}?
        \s+(?:releases?|candidates?|alphas?|betas?|previews?|pre-?releases?|bugfix|rcs?)\b
        (?:\s+(?:candidates?|previews?)\b)?
        |\bfinal\s+(?:[\w-]+\s+)??
          (?:release\s+(?:candidates?|previews?)|candidates?|previews?|alphas?|betas?|rcs?
            |bugfix|pre-?releases?)\b(?:\s+releases?\b)?
        |\bpenultimate\b",
    )
    .expect("the order pattern compiles")
});

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b\d[\d,]*\s+(?:new\s+|more\s+|other\s+)?
        (?:bug\s*fixes|fixes|commits|changes|security\s+fixes|issues|pull\s+requests|PRs
          |contributors|patches|improvements|regressions)\b",
    )
    .expect("the count pattern compiles")
});

static SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bnext\s+(?:(?:planned|scheduled|expected)\s+)?
          (?:release|pre-?release|version|alpha|beta|(?:release\s+)?candidate|rc|bugfix
            |maintenance|security)
        |\b(?:is|are)\s+scheduled\b
        |\bscheduled\s+(?:for|on|in)\b
        |\bplanned\s+(?:for|on|in)\b
        |\bexpected\s+(?:on|in|for|by|around)\b
        |\bwill\s+be\s+released\b
        |\bdue\s+(?:on|in|by)\b",
    )
    .expect("the schedule pattern compiles")
});

/// The places of `line` a human should look at, in the order of [`Kind`], then as
/// written; each text once.
pub fn review(line: &str) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    // Dates in the order written, whichever pattern found them.
    let mut dates: Vec<std::ops::Range<usize>> = Vec::new();
    for re in DATES.iter() {
        for m in re.find_iter(line) {
            if !dates.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                dates.push(m.range());
            }
        }
    }
    dates.sort_by_key(|r| r.start);
    for r in dates {
        push(&mut out, Kind::Date, &line[r]);
    }
    let mut add = |kind: Kind, re: &Regex| {
        for m in re.find_iter(line) {
            push(&mut out, kind, m.as_str());
        }
    };
    add(Kind::Order, &ORDER);
    add(Kind::Count, &COUNT);
    add(Kind::Schedule, &SCHEDULE);
    out
}

/// Adds a finding of `kind` for `text` (blanks squeezed), unless it is there.
fn push(out: &mut Vec<Finding>, kind: Kind, text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !out.iter().any(|f| f.kind == kind && f.text == text) {
        out.push(Finding { kind, text });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str) -> Vec<(Kind, &'static str)> {
        review(line)
            .into_iter()
            .map(|f| (f.kind, &*f.text.leak()))
            .collect()
    }

    #[test]
    fn dates_in_their_english_forms() {
        assert_eq!(
            found("The second candidate is scheduled for Monday, 2023-09-04, then 2023-10-02."),
            [
                (Kind::Date, "Monday, 2023-09-04"),
                (Kind::Date, "2023-10-02"),
                (Kind::Order, "second candidate"),
                (Kind::Schedule, "is scheduled"),
            ]
        );
        assert_eq!(
            found("on September 4, 2023, on 4th October, in Sept. 5th and in October 2023"),
            [
                (Kind::Date, "September 4, 2023"),
                (Kind::Date, "4th October"),
                (Kind::Date, "Sept. 5th"),
                (Kind::Date, "October 2023"),
            ]
        );
        // Not dates: a lower-case `may`, a version, a URL's numbers.
        assert!(found("you may 5 times; 3.12.0; /2023/08/x").is_empty());
    }

    #[test]
    fn the_release_s_place_counts_and_schedules() {
        assert_eq!(
            found("This is the first release candidate of Python 3.12.0"),
            [(Kind::Order, "first release candidate")]
        );
        assert_eq!(
            found("is the penultimate release preview; the last planned release preview"),
            [
                (Kind::Order, "penultimate"),
                (Kind::Order, "last planned release preview")
            ]
        );
        assert_eq!(
            found("the **final release candidate**, the 3rd beta, the final bugfix release"),
            [
                (Kind::Order, "final release candidate"),
                (Kind::Order, "3rd beta"),
                (Kind::Order, "final bugfix release"),
            ]
        );
        assert_eq!(
            found("with 187 bugfixes and 1,234 commits by 42 contributors"),
            [
                (Kind::Count, "187 bugfixes"),
                (Kind::Count, "1,234 commits"),
                (Kind::Count, "42 contributors"),
            ]
        );
        assert_eq!(
            found("The next pre-release of Python 3.12 will be 3.12.0rc2"),
            [(Kind::Schedule, "next pre-release")]
        );
        assert_eq!(
            found("planned for the autumn; it will be released when due on time"),
            [
                (Kind::Schedule, "planned for"),
                (Kind::Schedule, "will be released"),
                (Kind::Schedule, "due on"),
            ]
        );
    }

    #[test]
    fn plain_sentences_are_left_alone() {
        for line in [
            "",
            "Please keep in mind that this is a preview release.",
            "Thanks to all of the many volunteers who help make Python Development.",
            "Release notes: the official release of 3.12.0.",
            "ready for the final release of 3.12.0, as close to the final release as can be",
            "## Call to action",
        ] {
            assert!(found(line).is_empty(), "{line}: {:?}", found(line));
        }
        // Odd input does not panic.
        let long = "first ".repeat(10_000) + "release";
        assert_eq!(found(&long).len(), 1);
    }
}
