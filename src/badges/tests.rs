//! Tests of recognising links and labelling badges with the built-in rules, and of
//! grouping them.

use super::*;

fn label(url: &str) -> Option<(String, String)> {
    Rules::builtin()
        .classify(url, "some text")
        .map(|b| (b.kind, b.label))
}

fn is(url: &str, kind: &str, want: &str) {
    assert_eq!(
        label(url),
        Some((kind.to_string(), want.to_string())),
        "{url}"
    );
}

#[test]
fn peps() {
    is("https://peps.python.org/pep-0695/", "pep", "PEP 695");
    is("https://peps.python.org/pep-695", "pep", "PEP 695");
    is("https://peps.python.org/pep-0008.html", "pep", "PEP 8");
    is("https://peps.python.org/pep-0000/", "pep", "PEP 0");
    is("https://peps.python.org/pep-0011/#tier-2", "pep", "PEP 11");
    is("https://www.python.org/dev/peps/pep-0008/", "pep", "PEP 8");
    is("http://python.org/dev/peps/pep-3333", "pep", "PEP 3333");
    is("HTTPS://PEPS.Python.ORG/PEP-0695/?x=1", "pep", "PEP 695");
    let b = Rules::builtin()
        .classify("https://peps.python.org/pep-0011/#tier-2", "x")
        .unwrap();
    assert_eq!(b.url, "https://peps.python.org/pep-0011/#tier-2");
    assert_eq!(b.kind_label, "PEP");
    assert_eq!(label("https://peps.python.org/"), None);
    assert_eq!(label("https://peps.python.org/pep-abc/"), None);
    assert_eq!(label("https://peps.python.org/topic/packaging/"), None);
    assert_eq!(label("https://www.python.org/dev/peps/"), None);
}

#[test]
fn pep_text_rule() {
    let rules = Rules::builtin();
    let text = |url: &str, text: &str| rules.classify(url, text).map(|b| (b.kind, b.label));
    let pep = |n: &str| Some(("pep".to_string(), format!("PEP {n}")));
    assert_eq!(
        text(
            "https://docs.python.org/3.14/whatsnew/3.14.html#whatsnew314-pep649",
            "PEP 649"
        ),
        pep("649")
    );
    assert_eq!(text("https://example.org/", "PEP 0008"), pep("8"));
    assert_eq!(text("/2024/01/x/", " pep-8 "), pep("8"));
    assert_eq!(text("https://example.org/", "PEP\u{a0}8"), pep("8"));
    assert_eq!(text("https://example.org/", "PEP8"), pep("8"));
    assert_eq!(text("https://example.org/", "PEP 8 and 9"), None);
    assert_eq!(text("https://example.org/", "PEPs"), None);
    assert_eq!(text("https://example.org/", "the PEP 8"), None);
    assert_eq!(text("javascript:alert(1)", "PEP 8"), None);
    assert_eq!(text("mailto:x@example.org", "PEP 8"), None);
    // Switched off with the rule.
    let cfg = BadgesConfig {
        disable: vec!["pep".into()],
        ..Default::default()
    };
    let rules = Rules::from_config(&cfg).unwrap();
    assert_eq!(rules.classify("https://example.org/", "PEP 8"), None);
}

#[test]
fn docs() {
    is(
        "https://docs.python.org/3/library/asyncio.html",
        "docs",
        "docs: library/asyncio",
    );
    is(
        "https://docs.python.org/3.12/whatsnew/3.12.html#improved-error-messages",
        "docs",
        "What’s New in 3.12",
    );
    is(
        "http://docs.python.org/dev/library/concurrent.futures.html",
        "docs",
        "docs: library/concurrent.futures",
    );
    is(
        "http://docs.python.org/library/urllib2#x",
        "docs",
        "docs: library/urllib2",
    );
    is(
        "http://docs.python.org/py3k/reference/index.html",
        "docs",
        "docs: reference",
    );
    is(
        "https://docs.python.org/release/3.12.2/whatsnew/changelog.html#security",
        "docs",
        "Changelog of 3.12.2",
    );
    is(
        "https://docs.python.org/release/3.8.2rc2/whatsnew/changelog.html",
        "docs",
        "Changelog of 3.8.2rc2",
    );
    is(
        "https://docs.python.org/fr/3/library/os.html",
        "docs",
        "docs: library/os",
    );
    is(
        "https://docs.python.org/c-api/intro.html",
        "docs",
        "docs: c-api/intro",
    );
    is("https://docs.python.org/3.12/", "docs", "docs: 3.12");
    is(
        "https://docs.python.org/ru/3.14/",
        "docs",
        "docs: 3.14 in Russian",
    );
    is(
        "https://docs.python.org/pt-br/3/",
        "docs",
        "docs: 3 in Brazilian Portuguese",
    );
    is("https://docs.python.org/xx/3/", "docs", "docs: 3 in xx");
    is(
        "https://docs.python.org/3/whatsnew/changelog.html",
        "docs",
        "Changelog",
    );
    is(
        "https://docs.python.org/3/whatsnew/index.html",
        "docs",
        "docs: whatsnew",
    );
    is("https://docs.python.org/3/index.html", "docs", "docs: 3");
    is("https://docs.python.org", "docs", "docs.python.org");
    assert_eq!(label("https://devguide.python.org/"), None);
}

#[test]
fn pypi() {
    is(
        "https://pypi.org/project/requests/",
        "pypi",
        "pypi: requests",
    );
    is(
        "https://pypi.org/project/requests/2.31.0/",
        "pypi",
        "pypi: requests",
    );
    is(
        "https://pypi.org/project/zope.interface",
        "pypi",
        "pypi: zope.interface",
    );
    is(
        "https://pypi.python.org/pypi/defusedxml",
        "pypi",
        "pypi: defusedxml",
    );
    is(
        "http://pypi.python.org/pypi/faulthandler/",
        "pypi",
        "pypi: faulthandler",
    );
    assert_eq!(label("https://pypi.org/"), None);
    assert_eq!(label("https://pypi.org/search/?q=requests"), None);
    assert_eq!(label("https://pypi.org/manage/account/#two-factor"), None);
    assert_eq!(label("https://test.pypi.org/project/x/"), None);
    assert_eq!(label("https://pypi.org/project/"), None);
}

#[test]
fn github() {
    is(
        "https://github.com/python/cpython/issues/12345",
        "github-issue",
        "gh-12345",
    );
    is(
        "https://github.com/python/cpython/issues/12345/",
        "github-issue",
        "gh-12345",
    );
    is(
        "https://github.com/Python/CPython/issues/1#issuecomment-99",
        "github-issue",
        "gh-1",
    );
    is(
        "https://github.com/pypa/pip/issues/8",
        "github-issue",
        "pypa/pip#8",
    );
    is(
        "https://github.com/python/cpython/pull/99",
        "github-pr",
        "gh-99",
    );
    is(
        "https://github.com/python/cpython/pull/99/files",
        "github-pr",
        "gh-99",
    );
    is(
        "https://github.com/python/pythondotorg/pull/2154",
        "github-pr",
        "python/pythondotorg#2154",
    );
    is(
        "https://github.com/microsoft/mimalloc",
        "repo",
        "microsoft/mimalloc",
    );
    is(
        "https://github.com/python/cpython/",
        "repo",
        "python/cpython",
    );
    is(
        "https://github.com/cython/cython.git",
        "repo",
        "cython/cython",
    );
    is(
        "https://github.com/python/cpython/tree/branch-v3.9.0",
        "repo",
        "python/cpython",
    );
    is(
        "https://github.com/python/cpython/blob/abc123/Python/ceval.c#L10",
        "repo",
        "python/cpython",
    );
    is(
        "https://github.com/sethmlarson",
        "github-user",
        "@sethmlarson",
    );
    is(
        "https://www.github.com/faster-cpython/",
        "github-user",
        "@faster-cpython",
    );
    for not in [
        "https://github.com/features",
        "https://github.com/features/actions",
        "https://github.com/sponsors/python",
        "https://github.com/orgs/python/people",
        "https://github.com/about",
        "https://github.com/issues",
        "https://github.com/advisories/GHSA-xxxx-yyyy",
        "https://github.com/python/cpython/issues",
        "https://github.com/python/cpython/issues/new",
        "https://github.com/pypa/warehouse/milestone/13",
        "https://github.com/python/cpython/graphs/commit-activity",
        "https://github.com/",
        "https://gist.github.com/someone/abc",
    ] {
        assert_eq!(label(not), None, "{not}");
    }
}

#[test]
fn bpo() {
    is("https://bugs.python.org/issue12345", "bpo", "bpo-12345");
    is("http://bugs.python.org/issue7#msg1", "bpo", "bpo-7");
    assert_eq!(label("https://bugs.python.org/"), None);
    assert_eq!(label("http://bugs.python.org/issue?@template=stats"), None);
}

#[test]
fn cves() {
    is(
        "https://nvd.nist.gov/vuln/detail/CVE-2023-24329",
        "cve",
        "CVE-2023-24329",
    );
    is(
        "https://nvd.nist.gov/vuln/detail/cve-2023-24329/",
        "cve",
        "CVE-2023-24329",
    );
    is(
        "https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2019-9636",
        "cve",
        "CVE-2019-9636",
    );
    is(
        "https://www.cve.org/CVERecord?id=CVE-2024-12718",
        "cve",
        "CVE-2024-12718",
    );
    is(
        "https://cve.org/CVERecord?foo=1&ID=cve-2024-0450",
        "cve",
        "CVE-2024-0450",
    );
    assert_eq!(
        label("https://www.cve.org/PartnerInformation/ListofPartners/partner/PSF"),
        None
    );
    assert_eq!(label("https://www.cve.org/CVERecord?id=nonsense"), None);
    assert_eq!(label("https://nvd.nist.gov/vuln/detail/CVE-23-1"), None);
}

#[test]
fn downloads() {
    let d = "https://www.python.org/downloads/release/python-";
    for (v, want) in [
        ("3120/", "Python 3.12.0"),
        ("3120rc1/", "Python 3.12.0rc1"),
        ("31013/", "Python 3.10.13"),
        ("2718/", "Python 2.7.18"),
        ("279/", "Python 2.7.9"),
        ("3100a1/", "Python 3.10.0a1"),
        ("3101/", "Python 3.10.1"),
        ("3110/", "Python 3.11.0"),
        ("3150b2", "Python 3.15.0b2"),
        ("3410/", "Python 3.4.10"),
        ("3910", "Python 3.9.10"),
        ("3401", "Python 3.40.1"),
        ("3", "Python 3"),
    ] {
        is(&format!("{d}{v}"), "download", want);
    }
    is(
        "http://www.python.org/download/releases/3.3.0/",
        "download",
        "Python 3.3.0",
    );
    is(
        "https://python.org/downloads/release/python-3.12.0/",
        "download",
        "Python 3.12.0",
    );
    assert_eq!(label("https://www.python.org/downloads/"), None);
    assert_eq!(
        label("https://www.python.org/downloads/latest/pymanager/"),
        None
    );
    assert_eq!(label(&format!("{d}3120!!/")), None);
    assert_eq!(label(&format!("{d}3123456/")), None);
    assert_eq!(
        label("https://www.python.org/downloads/release/library/tarfile.html"),
        None
    );
}

#[test]
fn non_matches() {
    for url in [
        "https://example.org/",
        "https://example.org/pep-0008/",
        "https://discuss.python.org/t/123",
        "https://github.com/features",
        "https://pypi.org/search/?q=x",
        "mailto:someone@example.org",
        "#section",
        "",
        "https://",
        "http://[::1]:8000/x",
        "https://user@:80/",
    ] {
        assert_eq!(label(url), None, "{url:?}");
    }
}

#[test]
fn no_panic_on_odd_input() {
    let rules = Rules::builtin();
    for url in [
        "https://github.com/%FF%FE/x",
        "https://peps.python.org/pep-é",
        "https://docs.python.org/é/3/ü.html",
        "HTTPS://WWW.",
        "https://www.python.org/downloads/release/python-é/",
        "https://cve.org/CVERecord?id=%",
        "//peps.python.org/pep-8",
        "https:\\\\github.com\\python",
    ] {
        let _ = rules.classify(url, "PEPé");
        let _ = short_url_label(url);
    }
    assert_eq!(
        rules
            .classify("//peps.python.org/pep-8", "x")
            .map(|b| b.label),
        Some("PEP 8".to_string())
    );
}

#[test]
fn short_labels() {
    for (url, want) in [
        ("https://www.example.org/", "example.org"),
        ("http://Example.ORG/a/b/", "example.org/a/b"),
        ("https://example.org", "example.org"),
        (
            "https://example.org/caf%C3%A9?q=%C3%A9",
            "example.org/café?q=%C3%A9",
        ),
        ("https://example.org/a%0Ab", "example.org/a%0Ab"),
        ("https://example.org/%FF", "example.org/%FF"),
        ("//cdn.example.org/x/", "cdn.example.org/x"),
        ("https://example.org/a#frag", "example.org/a#frag"),
        ("www.example.org/x", "example.org/x"),
        ("", ""),
    ] {
        assert_eq!(short_url_label(url), want, "{url}");
    }
    let long = format!("https://example.org/{}/end", "é".repeat(100));
    let s = short_url_label(&long);
    assert_eq!(s.chars().count(), 60);
    assert!(s.starts_with("example.org/éé"), "{s}");
    assert!(s.ends_with("éé/end"), "{s}");
    assert_eq!(s.matches('…').count(), 1);
    let exactly = format!("https://{}", "a".repeat(60));
    assert_eq!(short_url_label(&exactly), "a".repeat(60));
}

#[test]
fn replacing_link_text() {
    let rules = Rules::builtin();
    let can = |url: &str, text: &str| {
        let b = rules.classify(url, text).unwrap();
        can_replace_link(&b, text)
    };
    let gh = "https://github.com/python/cpython/issues/12345";
    assert!(can(gh, gh));
    assert!(can(gh, "github.com/python/cpython/issues/12345/"));
    assert!(can(gh, "GH-12345"));
    assert!(can(gh, ""));
    assert!(!can(gh, "this bug"));
    assert!(!can(gh, "gh-1234"));
    assert!(can("https://peps.python.org/pep-0008/", "PEP 0008"));
    assert!(can("https://peps.python.org/pep-0008/", "pep 8"));
    // The text rule comes first: this is a badge for PEP 9, and says so.
    assert_eq!(
        rules
            .classify("https://peps.python.org/pep-0008/", "PEP 9")
            .map(|b| b.label),
        Some("PEP 9".to_string())
    );
    assert!(!can("https://peps.python.org/pep-0008/", "the style guide"));
    assert!(can("https://example.org/x", "PEP 8"));
    assert!(!can(
        "https://docs.python.org/3/whatsnew/3.12.html",
        "What's New"
    ));
}

fn badge(kind: &str, kind_label: &str, label: &str, url: &str) -> Badge {
    Badge {
        kind: kind.into(),
        kind_label: kind_label.into(),
        label: label.into(),
        url: url.into(),
        icon: "link".into(),
    }
}

#[test]
fn grouping() {
    let rules = Rules::builtin();
    let urls = [
        "https://github.com/python/cpython/issues/2",
        "https://www.python.org/downloads/release/python-3120/",
        "https://peps.python.org/pep-0695/",
        "https://github.com/python/cpython/issues/1",
        "https://peps.python.org/pep-0008/",
        "http://peps.python.org/pep-0695",
        "https://peps.python.org/pep-0695/#schedule",
        "https://github.com/python/cpython/issues/2",
    ];
    let mut badges: Vec<Badge> = urls.iter().filter_map(|u| rules.classify(u, "x")).collect();
    badges.insert(
        0,
        badge(
            "npm",
            "npm package",
            "npm: a",
            "https://npmjs.com/package/a",
        ),
    );
    badges.push(badge(
        "crate",
        "Crate",
        "crates.io: b",
        "https://crates.io/crates/b",
    ));
    badges.push(badge(
        "npm",
        "npm package",
        "npm: c",
        "https://npmjs.com/package/c",
    ));
    let groups = group(&badges);
    let shown: Vec<(&str, Vec<&str>)> = groups
        .iter()
        .map(|(k, list)| (k.as_str(), list.iter().map(|b| b.label.as_str()).collect()))
        .collect();
    assert_eq!(
        shown,
        [
            ("PEP", vec!["PEP 695", "PEP 8"]),
            ("GitHub issue", vec!["gh-2", "gh-1"]),
            ("Download", vec!["Python 3.12.0"]),
            ("npm package", vec!["npm: a", "npm: c"]),
            ("Crate", vec!["crates.io: b"]),
        ]
    );
    // The first of the duplicates is kept.
    assert_eq!(groups[0].1[0].url, "https://peps.python.org/pep-0695/");
    assert!(group(&[]).is_empty());
}
