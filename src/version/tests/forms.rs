//! The forms of a version, and finding and replacing them with word boundaries, in
//! both schemes.

use super::*;
use crate::version::forms::{self, Place, Replacer, Style};

fn pep(text: &str) -> Version {
    in_scheme(text, Scheme::Pep440)
}

fn semver(text: &str) -> Version {
    in_scheme(text, Scheme::SemVer)
}

/// `text` with `old` replaced by `new`, as prose.
fn replaced(old: &Version, new: &Version, text: &str) -> String {
    Replacer::new(old, new).replace(text, Place::Text).text
}

/// `text` with `old` replaced by `new`, as a URL.
fn replaced_url(old: &Version, new: &Version, text: &str) -> String {
    Replacer::new(old, new).replace(text, Place::Url).text
}

#[test]
fn a_release_candidate_has_prose_and_url_forms() {
    let texts: Vec<(Style, String)> = forms::forms(&pep("3.12.0rc1"))
        .into_iter()
        .map(|f| (f.style, f.text))
        .collect();
    for (style, text) in [
        (Style::Normal, "3.12.0rc1"),
        (Style::Dashed, "3.12.0-rc1"),
        (Style::DashDot, "3.12.0-rc.1"),
        (Style::Spaced, "3.12.0 rc1"),
        (Style::Spelled, "3.12.0 release candidate 1"),
        (Style::ShortJoined, "3.12rc1"),
        (Style::ShortSpelled, "3.12 release candidate 1"),
        (Style::PhaseWords, "release candidate 1"),
        (Style::PhaseLetters, "rc1"),
        (Style::Compact, "3120rc1"),
        (Style::CompactSpelled, "3120-release-candidate-1"),
        (Style::Slug, "3-12-0rc1"),
        (Style::SlugSpelled, "3-12-0-release-candidate-1"),
    ] {
        assert!(
            texts.contains(&(style, text.to_string())),
            "{style:?} {text} not in {texts:?}"
        );
    }
    // Longest first, each text once.
    assert!(texts.windows(2).all(|w| w[0].1.len() >= w[1].1.len()));
    let finals: Vec<String> = forms::forms(&v("20.0.0"))
        .into_iter()
        .map(|f| f.text)
        .collect();
    assert_eq!(finals, ["20.0.0", "20-0-0", "2000"]);
    // A post-release has its normal form and its slug only.
    let post: Vec<String> = forms::forms(&pep("3.12.0.post1"))
        .into_iter()
        .map(|f| f.text)
        .collect();
    assert_eq!(post, ["3.12.0.post1", "3-12-0-post1", "3120post1"]);
}

#[test]
fn replacing_a_release_candidate_respects_boundaries() {
    let (rc1, rc2) = (pep("3.12.0rc1"), pep("3.12.0rc2"));
    for (text, want) in [
        ("**3.12.0rc1**", "**3.12.0rc2**"),
        ("3.12.0rc10 and 13.12.0rc1", "3.12.0rc10 and 13.12.0rc1"),
        (
            "3.12.0rc1.dev2, 3.12.0rc1+local",
            "3.12.0rc1.dev2, 3.12.0rc1+local",
        ),
        ("Python 3.12.0rc1.", "Python 3.12.0rc2."),
        (
            "v3.12.0rc1 (Python3.12.0rc1)",
            "v3.12.0rc2 (Python3.12.0rc2)",
        ),
        (
            "3.12.0 release candidate 1 released",
            "3.12.0 release candidate 2 released",
        ),
        (
            "Python 3.12 release candidate 1.",
            "Python 3.12 release candidate 2.",
        ),
        ("3.12.0  Release Candidate 1", "3.12.0 Release Candidate 2"),
        ("3.12.0RC1 and 3.12.0-rc.1", "3.12.0RC2 and 3.12.0-rc.2"),
        (
            "the release candidate 1 build",
            "the release candidate 2 build",
        ),
        ("RC1 is out", "RC2 is out"),
        // Another version's phase is not this one's.
        ("3.11.0 release candidate 1", "3.11.0 release candidate 1"),
        ("3.11.0rc1, 3.11.0-rc1", "3.11.0rc1, 3.11.0-rc1"),
        ("release candidate 10", "release candidate 10"),
        // The final is another version.
        ("the final 3.12.0 is due", "the final 3.12.0 is due"),
        // URL-only forms are not looked for in prose.
        ("3120rc1", "3120rc1"),
    ] {
        assert_eq!(replaced(&rc1, &rc2, text), want, "{text}");
    }
    for (url, want) in [
        (
            "https://www.python.org/downloads/release/python-3120rc1/",
            "https://www.python.org/downloads/release/python-3120rc2/",
        ),
        (
            "https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137",
            "https://discuss.python.org/t/python-3-12-0-release-candidate-2-released/31137",
        ),
        (
            "/python-3120-release-candidate-1-released.html",
            "/python-3120-release-candidate-2-released.html",
        ),
        ("/python-3-12-0rc1/", "/python-3-12-0rc2/"),
        ("/python-3120rc10/", "/python-3120rc10/"),
        ("/t/31201/", "/t/31201/"),
    ] {
        assert_eq!(replaced_url(&rc1, &rc2, url), want, "{url}");
    }
}

#[test]
fn replacing_a_final_leaves_its_pre_releases_and_longer_numbers() {
    let (old, new) = (pep("3.12.0"), pep("3.12.1"));
    for (text, want) in [
        ("Python 3.12.0 is out.", "Python 3.12.1 is out."),
        ("3.12.0's features", "3.12.1's features"),
        ("Python-3.12.0.tar.xz", "Python-3.12.1.tar.xz"),
        ("v3.12.0, 3.12.0-compatible", "v3.12.1, 3.12.1-compatible"),
        (
            "3.12.0rc1 3.12.01 3.12.0.1 3.12.0.post1",
            "3.12.0rc1 3.12.01 3.12.0.1 3.12.0.post1",
        ),
        (
            "3.12.0 beta 2, 3.12.0 b2, 3.12.0-rc.1",
            "3.12.0 beta 2, 3.12.0 b2, 3.12.0-rc.1",
        ),
        ("3.12.0 release candidate 1", "3.12.0 release candidate 1"),
        ("13.12.0 and 2.3.12.0", "13.12.0 and 2.3.12.0"),
        // `post` and a lone letter after a space are words.
        (
            "the 3.12.0 post, 3.12.0 a new",
            "the 3.12.1 post, 3.12.1 a new",
        ),
        ("3.12.0 release notes", "3.12.1 release notes"),
    ] {
        assert_eq!(replaced(&old, &new, text), want, "{text}");
    }
    for (url, want) in [
        (
            "/downloads/release/python-3120/",
            "/downloads/release/python-3121/",
        ),
        ("/python-3120rc1/", "/python-3120rc1/"),
        (
            "/python-3-12-0-release-candidate-1/",
            "/python-3-12-0-release-candidate-1/",
        ),
        ("/python-3-12-0-released/", "/python-3-12-1-released/"),
        // A dotless number with no name glued before it is no version (an id, a count).
        ("/t/3120/", "/t/3120/"),
        (
            "/ftp/python/3.12.0/Python-3.12.0.tgz",
            "/ftp/python/3.12.1/Python-3.12.1.tgz",
        ),
    ] {
        assert_eq!(replaced_url(&old, &new, url), want, "{url}");
    }
}

#[test]
fn a_phase_change_speaks_the_new_phase() {
    let (b4, rc1) = (pep("3.12.0b4"), pep("3.12.0rc1"));
    assert_eq!(
        replaced(&b4, &rc1, "3.12.0b4, 3.12.0 beta 4, Beta 4"),
        "3.12.0rc1, 3.12.0 release candidate 1, Release Candidate 1"
    );
    assert_eq!(
        replaced_url(&b4, &rc1, "/python-3-12-0-beta-4-released/"),
        "/python-3-12-0-release-candidate-1-released/"
    );
    // To a final: the phase goes; the phase alone has no word and is left.
    let (rc2, fin) = (pep("3.12.0rc2"), pep("3.12.0"));
    let r = Replacer::new(&rc2, &fin).replace(
        "Python 3.12 release candidate 2 (3.12.0rc2) is the release candidate 2",
        Place::Text,
    );
    assert_eq!(r.text, "Python 3.12.0 (3.12.0) is the release candidate 2");
    assert_eq!(r.left.len(), 1);
    assert_eq!(r.left[0].style, Style::PhaseWords);
    assert_eq!(
        replaced_url(&rc2, &fin, "python-3120rc2/ and 3-12-0-release-candidate-2"),
        "python-3120/ and 3-12-0"
    );
    // To another series.
    assert_eq!(
        replaced(
            &pep("3.12.0a7"),
            &pep("3.13.0a1"),
            "Python 3.12.0 alpha 7, 3.12.0a7"
        ),
        "Python 3.13.0 alpha 1, 3.13.0a1"
    );
}

#[test]
fn semver_versions_are_replaced_too() {
    let (old, new) = (v("v20.0.0"), v("v20.0.1"));
    for (text, want) in [
        ("Node v20.0.0 (Current)", "Node v20.0.1 (Current)"),
        (
            "node-v20.0.0-linux-x64.tar.xz",
            "node-v20.0.1-linux-x64.tar.xz",
        ),
        (
            "v20.0.0-rc.1, 120.0.0, v20.0.0+build",
            "v20.0.0-rc.1, 120.0.0, v20.0.0+build",
        ),
    ] {
        assert_eq!(replaced(&old, &new, text), want, "{text}");
    }
    assert_eq!(
        replaced_url(&old, &new, "https://nodejs.org/en/blog/release/v20.0.0"),
        "https://nodejs.org/en/blog/release/v20.0.1"
    );
    let (rc1, rc2) = (semver("1.0.0-rc.1"), semver("1.0.0-rc.2"));
    for (text, want) in [
        ("1.0.0-rc.1 and 1.0.0-rc.10", "1.0.0-rc.2 and 1.0.0-rc.10"),
        ("1.0.0 release candidate 1", "1.0.0 release candidate 2"),
        ("1.0.0-rc1", "1.0.0-rc2"),
        ("1.0.0", "1.0.0"),
    ] {
        assert_eq!(replaced(&rc1, &rc2, text), want, "{text}");
    }
    assert_eq!(replaced_url(&rc1, &rc2, "/1-0-0-rc-1/"), "/1-0-0-rc-2/");
    // A short SemVer version keeps its numbers as written.
    assert_eq!(
        replaced(&semver("3.0"), &semver("3.1"), "Prometheus 3.0 (3.0.0)"),
        "Prometheus 3.1 (3.1.0)"
    );
}

#[test]
fn a_url_segment_names_a_version_or_not() {
    let rc1 = pep("3.12.0rc1");
    assert!(forms::names("python-3120rc1", &rc1));
    assert!(forms::names(
        "python-3-12-0-release-candidate-1-released",
        &rc1
    ));
    assert!(forms::names("v3.12.0rc1", &rc1));
    assert!(!forms::names("python-3120rc10", &rc1));
    assert!(!forms::names("python-3120", &rc1));
    assert!(!forms::names("3120rc1", &rc1));
    let versions = [pep("3.12.0rc1"), pep("3.12.0"), pep("3.11.5")];
    let found: Vec<(usize, String)> = forms::find_any(
        "python-3120rc1/ python-3120/ Python-3.11.5.tgz 3.12.0rc1",
        &versions,
        Place::Url,
    )
    .into_iter()
    .map(|(i, m)| (i, m.range.start.to_string()))
    .collect();
    assert_eq!(
        found,
        [
            (0, "7".into()),
            (1, "23".into()),
            (2, "36".into()),
            (0, "47".into())
        ]
    );
}

#[test]
fn series_mentions_are_found_alone() {
    let series = pep("3.12.0").series(SeriesStyle::Minor);
    let text = "3.12 compared to 3.11; 3.12.1, 3.12rc1, 13.12 and docs/3.12/ and 3.12's";
    let found: Vec<&str> = forms::find_series(text, &series)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(forms::find_series("20 fixes", &v("20.0.0").series(SeriesStyle::Major)).is_empty());
}

#[test]
fn odd_texts_do_not_panic() {
    let old = pep("3.12.0rc1");
    let new = pep("3.12.0rc2");
    let r = Replacer::new(&old, &new);
    for text in [
        "",
        "3",
        "3.12.0rc",
        "é3.12.0rc1ü",
        "3.12.0rc1\u{301}",
        "rc",
        "release candidate",
        "3.12.0 \t\t",
        "ab-",
        "-3120rc1",
        "3.12.0rc1+",
        "3.12.0rc1.",
        &"3.".repeat(10_000),
        &"release candidate 1 ".repeat(1_000),
    ] {
        for place in [Place::Text, Place::Url] {
            let out = r.replace(text, place);
            assert!(out.text.len() + 16 >= text.len());
        }
    }
    assert_eq!(r.replace("é3.12.0rc1ü", Place::Text).text, "é3.12.0rc1ü");
    assert_eq!(r.replace("«3.12.0rc1»", Place::Text).text, "«3.12.0rc2»");
}

#[test]
fn numbers_keep_their_written_zeros() {
    // PEP 440 reads `22.03` as `22.3`; a post writes it `22.03`.
    let (old, new) = (pep("22.03"), pep("22.05"));
    assert_eq!(
        replaced(&old, &new, "Release 22.03 Highlights (22.3)"),
        "Release 22.05 Highlights (22.5)"
    );
    assert_eq!(
        replaced_url(&old, &new, "/releases/tag/22.03"),
        "/releases/tag/22.05"
    );
}
