//! The title finder: the built-in rules on the titles the issue names and on odd ones,
//! a site's patterns, and a bounded cost.

use super::*;

/// (product, normalised version) of each version the built-in finder finds.
fn titled(title: &str) -> Vec<(Option<String>, String)> {
    let found = TitleFinder::builtin().find(title, Scheme::Auto);
    for f in &found {
        // As written, or with the pre-release the words before it name.
        assert!(
            f.version.text().starts_with(&title[f.span.clone()]),
            "{title}"
        );
    }
    found
        .into_iter()
        .map(|f| (f.product, f.version.normalized()))
        .collect()
}

fn one(product: Option<&str>, version: &str) -> Vec<(Option<String>, String)> {
    vec![(product.map(str::to_string), version.to_string())]
}

#[test]
fn the_built_in_finder_finds_the_titles_of_the_issue() {
    let python = Some("Python");
    for (title, product, version) in [
        ("Python 3.12.0rc1 is now available", python, "3.12.0rc1"),
        (
            "Python 3.12.0 release candidate 1 released",
            python,
            "3.12.0rc1",
        ),
        ("Python 3.13.0 beta 2 is now available", python, "3.13.0b2"),
        ("Python 3.12.0 alpha 3", python, "3.12.0a3"),
        ("Python 3.12.0 (final) now available", python, "3.12.0"),
        ("Python 3.15.0 candidate 1 is here!", python, "3.15.0rc1"),
        ("Python 3.3 Alpha 4 Released", python, "3.3a4"),
        ("Python 3.14 release candidate 1 is go!", python, "3.14rc1"),
        ("Expedited release of Python3.11.0b3", python, "3.11.0b3"),
        ("Node v20.0.0", Some("Node"), "20.0.0"),
        (
            "Node.js v20.0.0-rc.1 is out",
            Some("Node.js"),
            "20.0.0-rc.1",
        ),
        ("Rust 1.80.0", Some("Rust"), "1.80.0"),
        ("Homebrew 6.0.0", Some("Homebrew"), "6.0.0"),
        ("6.0.0", None, "6.0.0"),
        ("Nushell 0.87.0", Some("Nushell"), "0.87.0"),
        ("Nushell 0.83.1 (hot-fix)", Some("Nushell"), "0.83.1"),
        ("Hugo 0.89.0 released", Some("Hugo"), "0.89.0"),
        ("Hugo 0.30: Race Car Edition!", Some("Hugo"), "0.30"),
        ("0.17: Hugo is going global", None, "0.17"),
        ("0.54.0:  Mostly Bugfixes", None, "0.54.0"),
        ("Prometheus 3.0", Some("Prometheus"), "3.0"),
        ("Announcing Prometheus 3.0", Some("Prometheus"), "3.0"),
        ("Prometheus 3.0 Beta Released", Some("Prometheus"), "3.0b0"),
        (
            "Prometheus 2.0 Alpha.3 with New Rule Format",
            Some("Prometheus"),
            "2.0a3",
        ),
        ("React 19", Some("React"), "19"),
        ("React v19", Some("React"), "19"),
        ("React v18.0", Some("React"), "18.0"),
        ("The Plan for React 18", Some("React"), "18"),
        ("The Plan For React 18", Some("React"), "18"),
        ("React Compiler v1.0", Some("React Compiler"), "1.0"),
        ("Release 22.03 Highlights", None, "22.3"),
        ("Python versions 3.10.8 now available", python, "3.10.8"),
        ("Pip 20.1 has been released", Some("Pip"), "20.1"),
        ("IronPython 2.7.5 released", Some("IronPython"), "2.7.5"),
        (
            "Python 2.7.18, the last release of Python 2",
            python,
            "2.7.18",
        ),
        (
            "The last Python 3.11 alpha (3.11.0a7) is available",
            python,
            "3.11.0a7",
        ),
        (
            "Python 3.3.7rc1 is now available prior to Python 3.3.x end-of-life",
            python,
            "3.3.7rc1",
        ),
        ("Go 1.17 Update", Some("Go"), "1.17"),
        ("v2 of the API", None, "2"),
    ] {
        assert_eq!(titled(title), one(product, version), "{title}");
    }
}

#[test]
fn the_built_in_finder_finds_every_version_of_a_list() {
    let py = |vs: &[&str]| -> Vec<(Option<String>, String)> {
        vs.iter()
            .map(|v| (Some("Python".to_string()), v.to_string()))
            .collect()
    };
    assert_eq!(
        titled("Python 3.11.9, 3.10.14 … released"),
        py(&["3.11.9", "3.10.14"])
    );
    assert_eq!(
        titled(
            "Python 3.11.1, 3.10.9, 3.9.16, 3.8.16, 3.7.16, and 3.12.0 alpha 3 are now available"
        ),
        py(&["3.11.1", "3.10.9", "3.9.16", "3.8.16", "3.7.16", "3.12.0a3"])
    );
    assert_eq!(
        titled("Python 3.11.2, Python 3.10.10 and 3.12.0 alpha 5 are available"),
        py(&["3.11.2", "3.10.10", "3.12.0a5"])
    );
    assert_eq!(
        titled("Python 3.13.0RC2, 3.12.6, 3.11.10 are now available!"),
        py(&["3.13.0rc2", "3.12.6", "3.11.10"])
    );
    assert_eq!(titled("Python 3.11 and 3.12"), py(&["3.11", "3.12"]));
    assert_eq!(
        titled("Python 3.11, 3.12 & 3.13"),
        py(&["3.11", "3.12", "3.13"])
    );
    assert_eq!(
        titled("June Releases - 2.6.7, 2.7.2, 3.1.4"),
        vec![
            (None, "2.6.7".to_string()),
            (None, "2.7.2".to_string()),
            (None, "3.1.4".to_string())
        ]
    );
    // A product of its own wins over the one before.
    assert_eq!(
        titled("Python 3.12.1 and IronPython 3.4.1"),
        vec![
            (Some("Python".to_string()), "3.12.1".to_string()),
            (Some("IronPython".to_string()), "3.4.1".to_string())
        ]
    );
}

#[test]
fn years_counts_and_glued_numbers_are_not_versions() {
    for title in [
        "React Conf 2021 Recap",
        "2023 Security Audit",
        "PromCon 2016 - It's a wrap!",
        "Homebrew's Summer 2024 Hackathon",
        "Top 10 features",
        "The Top 5 Things",
        "Part 2: the sequel",
        "Chapter 3.2 of the book",
        "Day 1 at PyCon",
        "New PyPI launched, legacy PyPI shutting down April 30",
        "PEP 8 turns 20",
        "This One Goes to 11!",
        "Let’s celebrate Hugo’s 5th birthday",
        "40K GitHub Stars Edition",
        "Nushell 30k stars blog post",
        "This week in Nu #85",
        "IPv6 support",
        "MP3 files",
        "Celebrating 4 years of Nushell",
        "The road from 0.82 to 1.0",
        "Python Core Development Sprint 2016: 3.6 and beyond!",
        "Windows 2000 and VMS",
        "CPython: 36 Years of Source Code",
        "up 1.5x faster",
        "costs 2.50 dollars",
        "Deprecations between Python 2.7 and 3.x",
        "Python 3.x",
        "",
        "   ",
        "v",
        "Python",
    ] {
        let found = titled(title);
        let allowed = title == "Deprecations between Python 2.7 and 3.x";
        if allowed {
            assert_eq!(found, one(Some("Python"), "2.7"), "{title}");
        } else {
            assert!(found.is_empty(), "{title}: {found:?}");
        }
    }
}

#[test]
fn schemes_of_the_site_apply_to_titles() {
    let finder = TitleFinder::builtin();
    let found = finder.find("Node v20.0.0 and v20.1", Scheme::SemVer);
    let got: Vec<String> = found.iter().map(|f| f.version.normalized()).collect();
    assert_eq!(got, ["20.0.0"], "the short one names a series");
    let found = finder.find("Prometheus 3.0 Beta Released", Scheme::SemVer);
    assert_eq!(found[0].version.normalized(), "3.0.0-beta");
    // A title version the scheme cannot read is not found.
    assert!(
        finder
            .find("Python 3.12.0.post1", Scheme::SemVer)
            .is_empty()
    );
    assert_eq!(
        finder.find("Python 3.12.0.post1", Scheme::Pep440)[0]
            .version
            .normalized(),
        "3.12.0.post1"
    );
}

#[test]
fn a_sites_patterns_are_tried_in_order() {
    let finder = TitleFinder::from_patterns(&[
        r"^Release (?P<version>\d+\.\d+)".to_string(),
        r"(?P<product>[A-Z]\w+)? ?(?P<version>v\d+(?:\.\d+)*)".to_string(),
    ])
    .unwrap();
    assert!(!finder.is_builtin());
    let found = finder.find("Release 22.03 Highlights", Scheme::Auto);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].product.as_deref(), found[0].version.text()),
        (None, "22.03")
    );
    // The second pattern, every match; a match without a product has the one before.
    let found = finder.find("Node v20.0.0, v18.16.0 and Deno v1.34", Scheme::Auto);
    let got: Vec<(Option<&str>, &str)> = found
        .iter()
        .map(|f| (f.product.as_deref(), f.version.text()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Node"), "v20.0.0"),
            (Some("Node"), "v18.16.0"),
            (Some("Deno"), "v1.34")
        ]
    );
    assert_eq!(&"Node v20.0.0, v18.16.0"[found[1].span.clone()], "v18.16.0");
    // A pattern finds nothing where its version is no version of the scheme.
    let finder = TitleFinder::from_patterns(&[r"Top (?P<version>\d+)".to_string()]).unwrap();
    assert_eq!(
        finder.find("Top 10", Scheme::Auto).len(),
        1,
        "a site's pattern is taken as it is"
    );
    assert!(finder.find("Top ten", Scheme::Auto).is_empty());
    // Blanks captured around the version are not part of it.
    let finder = TitleFinder::from_patterns(&[r"is(?P<version> 1\.2 )".to_string()]).unwrap();
    let found = finder.find("this is 1.2 ok", Scheme::Auto);
    assert_eq!(found[0].span, 8..11);
}

#[test]
fn bad_patterns_are_refused_with_a_reason() {
    let refused = |patterns: &[&str]| {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        TitleFinder::from_patterns(&patterns).unwrap_err()
    };
    assert!(refused(&[]).contains("at least one pattern"));
    let e = refused(&[r"(?P<version>\d+", "x"]);
    assert!(
        e.starts_with("pattern 1 (\"(?P<version>\\\\d+\") is not a regex: "),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    let e = refused(&[r"(?P<version>\d+)", r"(\d+)"]);
    assert!(
        e.starts_with("pattern 2 ") && e.contains("no group `version`"),
        "{e}"
    );
    let e = refused(&[r"(?P<prodcut>\w+) (?P<version>\d+)"]);
    assert!(e.contains("a group `prodcut`"), "{e}");
    let e = refused(&[r"(?P<version>\w{1000}){1000}"]);
    assert!(e.contains("is not a regex"), "{e}");
}

#[test]
fn long_and_odd_titles_cost_a_bounded_amount() {
    // Only MAX_TITLE_BYTES are searched, for at most MAX_VERSIONS versions.
    let many = "Python 1.2.3, ".repeat(100_000);
    let found = TitleFinder::builtin().find(&many, Scheme::Auto);
    assert_eq!(found.len(), MAX_VERSIONS);
    let late = format!("{}Python 3.12.0", "x ".repeat(MAX_TITLE_BYTES));
    assert!(TitleFinder::builtin().find(&late, Scheme::Auto).is_empty());
    // A cut inside a character or a version does no harm.
    let cut = format!("{}é Python 3.12.0rc1", "a".repeat(MAX_TITLE_BYTES - 1));
    assert!(TitleFinder::builtin().find(&cut, Scheme::Auto).is_empty());
    let cut = format!("{}Python 3.12.0rc1", "a ".repeat(MAX_TITLE_BYTES / 2 - 8));
    let found = TitleFinder::builtin().find(&cut, Scheme::Auto);
    assert!(
        found
            .iter()
            .all(|f| cut[f.span.clone()] == *f.version.text())
    );
    let patterns = TitleFinder::from_patterns(&[r"(?P<version>\d*)".to_string()]).unwrap();
    for title in odd_strings(5_000) {
        for finder in [&TitleFinder::builtin(), &patterns] {
            for f in finder.find(&title, Scheme::Auto) {
                assert_eq!(&title[f.span.clone()], f.version.text(), "{title:?}");
            }
        }
    }
}

#[test]
fn words_before_a_version_can_name_its_phase_or_compare_it() {
    let python = Some("Python");
    for (title, expected) in [
        (
            "First release candidate of Python 3.4 released",
            one(python, "3.4rc1"),
        ),
        (
            "Third release candidate for Python 3.4",
            one(python, "3.4rc3"),
        ),
        (
            "Release Candidate for Python 2.7.9 available",
            one(python, "2.7.9rc0"),
        ),
        ("Second beta of Python 3.3", one(python, "3.3b2")),
        ("Beta release of pip version 10", one(None, "10b0")),
        (
            "First alpha for Node v20.0.0",
            one(Some("Node"), "20.0.0a1"),
        ),
        // A version that names its own phase keeps it.
        (
            "First release candidate of Python 3.4.0rc2",
            one(python, "3.4.0rc2"),
        ),
        // "of" alone is no phase.
        ("The history of Python 3.4.0", one(python, "3.4.0")),
        (
            "Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available",
            vec![
                (python.map(str::to_string), "3.8.5".to_string()),
                (python.map(str::to_string), "3.9.0b5".to_string()),
            ],
        ),
        ("Python 3.13.0 is faster than 3.12.0", one(python, "3.13.0")),
        (
            "Python 3.12.1 released, since 3.12.0 had a bug",
            one(python, "3.12.1"),
        ),
    ] {
        assert_eq!(titled(title), expected, "{title}");
    }
}
