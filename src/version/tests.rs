//! Tests of the version model: parsing, normal forms, order, series, phase and
//! pre-release in both schemes; the title finder (built-in and a site's patterns); the
//! `releases` config; and odd inputs, none of which may panic.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::*;
use crate::config::{Config, Overrides};

fn v(text: &str) -> Version {
    Version::parse(text, Scheme::Auto).unwrap_or_else(|e| panic!("{e}"))
}

fn in_scheme(text: &str, scheme: Scheme) -> Version {
    Version::parse(text, scheme).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn pep440_versions_parse_and_normalise() {
    for (text, normal) in [
        ("3.12.0a1", "3.12.0a1"),
        ("3.12.0b4", "3.12.0b4"),
        ("3.12.0rc1", "3.12.0rc1"),
        ("3.12.0RC1", "3.12.0rc1"),
        ("3.12.0c1", "3.12.0rc1"),
        ("3.12.0alpha1", "3.12.0a1"),
        ("3.12.0.post1", "3.12.0.post1"),
        ("3.13.0.dev1", "3.13.0.dev1"),
        ("3.13.0a1.dev2", "3.13.0a1.dev2"),
        ("1!2.0", "1!2.0"),
        ("3.12", "3.12"),
        ("19", "19"),
        ("22.03", "22.3"),
        (" v3.12.0b2 ", "3.12.0b2"),
    ] {
        for scheme in [Scheme::Auto, Scheme::Pep440] {
            let version = in_scheme(text, scheme);
            assert_eq!(version.normalized(), normal, "{text} in {scheme:?}");
            assert_eq!(version.scheme(), Scheme::Pep440, "{text}");
            assert_eq!(version.text(), text.trim());
        }
    }
    assert_eq!(in_scheme("3.12.0", Scheme::Pep440).scheme(), Scheme::Pep440);
    // A strict SemVer form is SemVer under `auto`, whatever PEP 440 would make of it.
    assert_eq!(
        in_scheme("3.12.0-rc-1", Scheme::Pep440).normalized(),
        "3.12.0rc1"
    );
    assert_eq!(v("3.12.0-rc-1").normalized(), "3.12.0-rc-1");
}

#[test]
fn semver_versions_parse_and_normalise() {
    for (text, normal) in [
        ("v20.0.0", "20.0.0"),
        ("1.80.0", "1.80.0"),
        ("6.0.0", "6.0.0"),
        ("0.87.0", "0.87.0"),
        ("2.0.0-rc.1", "2.0.0-rc.1"),
        ("1.0.0-alpha.beta", "1.0.0-alpha.beta"),
        ("1.0.0+build.5", "1.0.0+build.5"),
        ("V1.2.3", "1.2.3"),
    ] {
        for scheme in [Scheme::Auto, Scheme::SemVer] {
            let version = in_scheme(text, scheme);
            assert_eq!(version.normalized(), normal, "{text} in {scheme:?}");
            assert_eq!(version.scheme(), Scheme::SemVer, "{text}");
        }
    }
    // SemVer itself: short releases padded, spelled-out phases as pre-releases.
    for (text, normal) in [
        ("19", "19.0.0"),
        ("v18.0", "18.0.0"),
        ("3.0-beta.1", "3.0.0-beta.1"),
        ("3.12.0 release candidate 1", "3.12.0-rc.1"),
        ("2.0 Alpha.3", "2.0.0-alpha.3"),
        ("3.0 Beta", "3.0.0-beta"),
        ("3.0 beta 02", "3.0.0-beta.2"),
    ] {
        assert_eq!(
            in_scheme(text, Scheme::SemVer).normalized(),
            normal,
            "{text}"
        );
    }
    for text in ["3.12.0rc1", "1.2.3.4", "01.2.3", "1.2.3-", "3.12.0.post1"] {
        assert!(Version::parse(text, Scheme::SemVer).is_err(), "{text}");
    }
}

#[test]
fn phases_spelled_out_are_read_as_pep440_says() {
    for (text, normal) in [
        ("3.12.0 release candidate 1", "3.12.0rc1"),
        ("3.12.0 Release Candidate 2", "3.12.0rc2"),
        ("3.12.0 release  candidate\t3", "3.12.0rc3"),
        ("3.15.0 candidate 1", "3.15.0rc1"),
        ("3.13.0 beta 2", "3.13.0b2"),
        ("3.12.0 alpha 3", "3.12.0a3"),
        ("3.3 Alpha 4", "3.3a4"),
        ("2.0 Alpha.3", "2.0a3"),
        ("3.0 Beta", "3.0b0"),
        ("3.6.0 release candidate", "3.6.0rc0"),
        ("3.12.0 rc 1", "3.12.0rc1"),
        ("v3.12.0 beta 1", "3.12.0b1"),
    ] {
        for scheme in [Scheme::Auto, Scheme::Pep440] {
            assert_eq!(in_scheme(text, scheme).normalized(), normal, "{text}");
        }
    }
    for text in [
        "3.12.0 released",
        "3.12.0 release",
        "3.12.0 release candidates",
        "3.12.0 alphabet",
        "3.12.0 beta 2 again",
        "3.12.0 gamma 1",
        "3.12. beta 1",
        "3.12.0 releasecandidate 1",
    ] {
        assert!(Version::parse(text, Scheme::Auto).is_err(), "{text}");
    }
}

#[test]
fn what_is_not_a_version() {
    for text in [
        "",
        " ",
        "v",
        "vv1.0",
        "x1.0",
        "1.0 x",
        "3.*",
        "1..2",
        ".5",
        "1.0+",
        "1,0",
        "3.12.0 (final)",
        "٣.١٢",
        "1.0\u{0}",
    ] {
        for scheme in [Scheme::Auto, Scheme::Pep440, Scheme::SemVer] {
            assert!(
                Version::parse(text, scheme).is_err(),
                "{text:?} in {scheme:?}"
            );
        }
    }
    let long = format!("1.{}", "0.".repeat(60) + "0");
    let e = Version::parse(&long, Scheme::Auto).unwrap_err();
    assert!(e.reason.contains("longer than 100"), "{e}");
    let e = Version::parse("banana", Scheme::Pep440).unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"banana\" is not a version: a version starts with a number (or `v` and a number)"
    );
}

/// Each list in increasing order, every pair compared.
fn assert_increasing(chain: &[Version]) {
    for (i, a) in chain.iter().enumerate() {
        for (j, b) in chain.iter().enumerate() {
            assert_eq!(
                a.cmp(b),
                i.cmp(&j),
                "{} ({:?}) vs {} ({:?})",
                a.text(),
                a.scheme(),
                b.text(),
                b.scheme()
            );
        }
    }
}

#[test]
fn order_within_each_scheme() {
    let pep: Vec<Version> = [
        "3.11.9",
        "3.12.0.dev1",
        "3.12.0a1",
        "3.12.0a2.dev1",
        "3.12.0a2",
        "3.12.0b1",
        "3.12.0b4",
        "3.12.0rc1",
        "3.12.0rc2",
        "3.12.0",
        "3.12.0+local",
        "3.12.0.post1.dev1",
        "3.12.0.post1",
        "3.12.1",
        "3.12.10",
        "3.13.0a1",
        "1!0.1",
    ]
    .iter()
    .map(|t| in_scheme(t, Scheme::Pep440))
    .collect();
    assert_increasing(&pep);
    let sem: Vec<Version> = [
        "1.9.0",
        "1.10.0-0.3.7",
        "1.10.0-alpha",
        "1.10.0-alpha.1",
        "1.10.0-alpha.beta",
        "1.10.0-beta",
        "1.10.0-beta.2",
        "1.10.0-beta.11",
        "1.10.0-rc.1",
        "1.10.0",
        "1.10.0+build",
        "1.10.1",
        "20.0.0",
    ]
    .iter()
    .map(|t| in_scheme(t, Scheme::SemVer))
    .collect();
    assert_increasing(&sem);
    // PEP 440 pads: equal, and hashed alike.
    let (a, b) = (v("3.12"), v("3.12.0.0"));
    assert_eq!(a, b);
    assert_eq!(hash(&a), hash(&b));
    assert_eq!(a.text(), "3.12");
}

#[test]
fn order_across_schemes_under_auto() {
    // 3.12.0 and 3.12.1 are SemVer here, the pre- and post-releases PEP 440.
    let chain: Vec<Version> = [
        "3.11.9",
        "3.12.0.dev1",
        "3.12.0a1",
        "3.12.0b1",
        "3.12.0 release candidate 1",
        "3.12.0rc2",
        "3.12",
        "3.12.0",
        "3.12.0.post1",
        "3.12.1",
        "v20.0.0-rc.1",
        "20",
        "v20.0.0",
    ]
    .iter()
    .map(|t| v(t))
    .collect();
    assert_eq!(chain[7].scheme(), Scheme::SemVer);
    assert_eq!(chain[6].scheme(), Scheme::Pep440);
    assert_increasing(&chain);
    assert_ne!(v("3.12"), v("3.12.0"), "two schemes are never equal");
}

fn hash(version: &Version) -> u64 {
    let mut h = DefaultHasher::new();
    version.hash(&mut h);
    h.finish()
}

#[test]
fn series_in_both_styles() {
    for (text, minor, major) in [
        ("3.12.0rc1", "3.12", "3"),
        ("3.12", "3.12", "3"),
        ("v20.0.0", "20.0", "20"),
        ("1.80.0", "1.80", "1"),
        ("0.87.0", "0.87", "0.87"),
        ("19", "19.0", "19"),
        ("2.0.0-rc.1", "2.0", "2"),
        ("1!2.3.4", "1!2.3", "1!2"),
        ("22.03", "22.3", "22"),
    ] {
        let version = v(text);
        assert_eq!(version.series(SeriesStyle::Minor).as_str(), minor, "{text}");
        assert_eq!(
            version.series(SeriesStyle::Major).to_string(),
            major,
            "{text}"
        );
    }
    let mut series: Vec<Series> = ["3.9.1", "3.12.0", "3.10.0b1", "2.7.18", "1!0.1"]
        .iter()
        .map(|t| v(t).series(SeriesStyle::Minor))
        .collect();
    series.sort();
    let names: Vec<&str> = series.iter().map(Series::as_str).collect();
    assert_eq!(names, ["2.7", "3.9", "3.10", "3.12", "1!0.1"]);
    assert_eq!(
        v("3.12.0rc1").series(SeriesStyle::Minor),
        v("3.12.7").series(SeriesStyle::Minor)
    );
}

#[test]
fn phase_number_and_prerelease() {
    for (text, scheme, phase, number) in [
        ("3.12.0a1", Scheme::Auto, Phase::Alpha, Some(1)),
        ("3.12.0b4", Scheme::Auto, Phase::Beta, Some(4)),
        ("3.12.0rc1", Scheme::Auto, Phase::Rc, Some(1)),
        (
            "3.12.0 release candidate 2",
            Scheme::Auto,
            Phase::Rc,
            Some(2),
        ),
        ("3.12.0", Scheme::Auto, Phase::Final, None),
        ("3.12.0", Scheme::Pep440, Phase::Final, None),
        ("3.12.0.post1", Scheme::Auto, Phase::Final, None),
        ("3.13.0.dev1", Scheme::Auto, Phase::Dev, Some(1)),
        ("3.13.0a1.dev1", Scheme::Auto, Phase::Alpha, Some(1)),
        ("3.12.0.post1.dev1", Scheme::Auto, Phase::Dev, Some(1)),
        ("3.0 Beta", Scheme::Auto, Phase::Beta, Some(0)),
        ("2.0.0-rc.1", Scheme::Auto, Phase::Rc, Some(1)),
        ("2.0.0-RC1", Scheme::Auto, Phase::Rc, Some(1)),
        ("2.0.0-alpha", Scheme::Auto, Phase::Alpha, None),
        ("2.0.0-beta.2", Scheme::Auto, Phase::Beta, Some(2)),
        ("2.0.0-preview.3", Scheme::Auto, Phase::Rc, Some(3)),
        ("2.0.0-next.1", Scheme::Auto, Phase::Dev, Some(1)),
        ("1.0.0-0.3.7", Scheme::Auto, Phase::Dev, Some(0)),
        ("2.0.0+build.1", Scheme::Auto, Phase::Final, None),
        ("3.0 Beta", Scheme::SemVer, Phase::Beta, None),
    ] {
        let version = in_scheme(text, scheme);
        assert_eq!(version.phase(), phase, "{text}");
        assert_eq!(version.pre_number(), number, "{text}");
        assert_eq!(version.is_prerelease(), phase != Phase::Final, "{text}");
    }
    assert_eq!(Phase::Rc.to_string(), "rc");
    assert!(Phase::Dev < Phase::Alpha && Phase::Rc < Phase::Final);
}

/// A small deterministic generator (xorshift), for the property-style loops.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Odd version-ish strings: pieces of versions and of titles glued at random.
fn odd_strings(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "3",
        "12",
        "007",
        "99999999999999999999",
        "18446744073709551615",
        ".",
        "..",
        "-",
        "_",
        "+",
        "!",
        "v",
        "V",
        "a",
        "b",
        "c",
        "rc",
        "RC",
        "alpha",
        "beta",
        "dev",
        "post",
        "pre",
        "preview",
        "release candidate",
        "candidate",
        " ",
        "\t",
        "\n",
        "é",
        "٣",
        "🎉",
        "*",
        "x",
        "(",
        ")",
        ":",
        ",",
        " and ",
        "Python ",
        "Top ",
        "2024",
        "\u{0}",
        "\u{200b}",
        "local",
        "+abc.1",
        "-rc.1",
        "-0.3.7",
        "1!",
        "final",
        "Release ",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|_| {
            let n = 1 + rng.next() % 9;
            (0..n).map(|_| rng.pick(PIECES)).collect()
        })
        .collect()
}

#[test]
fn odd_inputs_never_panic_and_what_parses_is_consistent() {
    let mut parsed: Vec<Version> = Vec::new();
    for text in odd_strings(20_000) {
        for scheme in [Scheme::Auto, Scheme::Pep440, Scheme::SemVer] {
            let Ok(version) = Version::parse(&text, scheme) else {
                continue;
            };
            // Everything a version knows can be asked.
            let _ = (
                version.phase(),
                version.pre_number(),
                version.is_prerelease(),
            );
            let _ = (
                version.series(SeriesStyle::Minor),
                version.series(SeriesStyle::Major),
            );
            // Its normal form reads back as the same version, in its own scheme.
            let normal = version.normalized();
            let again = Version::parse(&normal, version.scheme())
                .unwrap_or_else(|e| panic!("{text:?} → {normal:?}: {e}"));
            assert_eq!(again, version, "{text:?} → {normal:?}");
            assert_eq!(hash(&again), hash(&version), "{text:?}");
            parsed.push(version);
        }
    }
    assert!(parsed.len() > 1000, "only {} parsed", parsed.len());
    // A total order: sorting agrees with every pairwise comparison of a sample, and
    // comparisons are antisymmetric and transitive.
    let sample: Vec<&Version> = parsed.iter().step_by(parsed.len() / 150).collect();
    for a in &sample {
        for b in &sample {
            assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} {b}");
            if a == b {
                assert_eq!(hash(a), hash(b), "{a} {b}");
            }
            for c in &sample {
                if a <= b && b <= c {
                    assert!(a <= c, "{a} <= {b} <= {c} but not {a} <= {c}");
                }
            }
        }
    }
    let mut sorted = parsed.clone();
    sorted.sort();
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
}

// ---- the `releases` section of bulletin.yaml ----

fn config(yaml: &str) -> Result<Config, crate::error::Diagnostic> {
    Config::from_text(yaml, Path::new("bulletin.yaml"), &Overrides::default())
}

#[test]
fn releases_config_defaults_off_and_settings() {
    let c = config("").unwrap();
    let r = c.releases.expect("on by default");
    assert_eq!((r.scheme, r.series), (Scheme::Auto, SeriesStyle::Minor));
    assert!(r.titles.is_builtin());
    assert_eq!(
        r.find_in_title("Python 3.12.0rc1")[0].version.normalized(),
        "3.12.0rc1"
    );
    assert!(config("releases: false\n").unwrap().releases.is_none());
    assert!(config("releases: true\n").unwrap().releases.is_some());
    assert!(config("releases:\n").unwrap().releases.is_some());
    let c = config(
        "title: T\nreleases:\n  scheme: semver\n  series: major\n  title_pattern:\n    - '^(?P<product>Node) (?P<version>v\\d+\\.\\d+\\.\\d+)'\n",
    )
    .unwrap();
    let r = c.releases.unwrap();
    assert_eq!((r.scheme, r.series), (Scheme::SemVer, SeriesStyle::Major));
    let found = r.find_in_title("Node v20.1.0 is out");
    assert_eq!(r.series_of(&found[0].version).as_str(), "20");
    assert_eq!(r.parse("v20.0.0").unwrap().normalized(), "20.0.0");
    assert_eq!(
        config("releases: {scheme: pep440}\n")
            .unwrap()
            .releases
            .unwrap()
            .scheme,
        Scheme::Pep440
    );
}

#[test]
fn releases_config_errors_are_located() {
    let first_line = |yaml: &str| {
        config(yaml)
            .unwrap_err()
            .to_string()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        first_line("title: T\nreleases:\n  schema: semver\n"),
        "bulletin.yaml:3:3: error[config]: unknown key `schema`; did you mean `scheme`?"
    );
    assert!(
        first_line("releases:\n  scheme: calver\n")
            .starts_with("bulletin.yaml:2:11: error[config]: unknown variant `calver`"),
        "{}",
        first_line("releases:\n  scheme: calver\n")
    );
    assert!(first_line("releases:\n  series: patch\n").starts_with("bulletin.yaml:2:11: "));
    assert!(
        first_line("releases: maybe\n").starts_with("bulletin.yaml:1:11: error[config]: "),
        "{}",
        first_line("releases: maybe\n")
    );
    assert_eq!(
        first_line("title: T\nreleases:\n  scheme: pep440\n  title_pattern:\n    - '(\\d+)'\n"),
        "bulletin.yaml:4:3: error[config]: releases.title_pattern: pattern 1 (\"(\\\\d+)\") has \
         no group `version`: write (?P<version>…) around the version"
    );
    assert!(
        first_line("releases:\n  title_pattern: []\n").starts_with("bulletin.yaml:2:3: "),
        "{}",
        first_line("releases:\n  title_pattern: []\n")
    );
    assert_eq!(
        first_line("releases:\n  title_pattern: '(?P<version>1)'\n"),
        "bulletin.yaml:2:18: error[config]: invalid type: string \"(?P<version>1)\", expected a sequence"
    );
}

mod forms;
mod next;
mod title;
