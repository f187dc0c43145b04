//! The built-in title finder (`bulletin::version`) over the real titles of the seven
//! corpora: how many posts of each get a version (counts checked by hand, title by
//! title), and every Python 3.12 release in python-insider with exactly its versions.
//!
//! Titles are read as `tests/corpora.rs` reads them (front matter `title`, else the
//! first `# ` heading), which its tests check against the built pages. Run with
//! `--nocapture` to see the report and every title with what was found in it.

use bulletin::version::{Scheme, TitleFinder};

use super::support::Expected;

/// Versions found in a title: each with its product, normalised.
type Versions = Vec<(Option<String>, String)>;

/// What the finder finds in a title.
fn versions_in(title: &str) -> Versions {
    TitleFinder::builtin()
        .find(title, Scheme::Auto)
        .into_iter()
        .map(|f| (f.product, f.version.normalized()))
        .collect()
}

/// Each post's file, title, and the versions found in the title.
fn titles(posts: &[Expected]) -> Vec<(&str, &str, Versions)> {
    posts
        .iter()
        .map(|p| {
            let title = p.title.as_deref().unwrap_or_default();
            (p.rel.as_str(), title, versions_in(title))
        })
        .collect()
}

/// Posts with a version and versions found, in each corpus, as checked by hand: every
/// title was read, and the found versions are what the title names. The titles where
/// the finder is not what a reader would say are listed in the comments.
#[test]
fn posts_with_a_version_in_each_corpus() {
    let corpora: [(&str, Vec<Expected>, usize, usize); 7] = [
        // 327 posts, 280 with a version: every release announcement, one to six
        // versions each (`Python 3.11.1, 3.10.9, …, and 3.12.0 alpha 3`), and `Pip 10`,
        // `Pip 20.1`, `pip version 10`. Posts that name a series, not a release, get it
        // too: `Farewell, Python 3.4`, `Python 3.5 is no longer supported`, `Python
        // 3.15's JIT is now back on track`, `Recent Windows Changes in Python 3.3`, `New
        // faulthandler module in Python 3.3 helps debugging`, `Python 3.3 to Drop
        // Support for OS/2, …`, `Deprecations between Python 2.7 and 3.x` (2.7). A phase
        // written before the version counts (`First release candidate of Python 3.4` is
        // 3.4rc1), and a version after `before` or `than` is not announced (`the last
        // beta before 3.9.0`). Read other than meant: `Release Candidate for Python 2.7.9
        // available`, `Python 3.6.0 release candidate is now available`, `Python 2.7.12
        // release candidate available` and `Python 3.14.5 release candidate` (rc0: no
        // number written). Not found: `Releasing pip 20.3, …` and
        // `Upgrade to pip 20.2, …` (a lower-case product before two numbers), `Python
        // Core Development Sprint 2016: 3.6 and beyond!` (rightly).
        ("python-insider", super::python_insider_posts(), 280, 392),
        // 45 posts: the 35 titled with their version alone (`6.0.0`); not `2023
        // Security Audit` or `Homebrew's Summer 2024 Hackathon`.
        ("homebrew", super::homebrew_posts(), 35, 35),
        // 172 posts: the 137 `Hugo 0.x[.y]…`, `0.54.0: Mostly Bugfixes` and three more
        // like it, `0.17: Hugo is going global`, `And Now: Hugo 0.52`, and `Go 1.17
        // Update` (Go's version, product Go); not `40K GitHub Stars Edition`, `This One
        // Goes to 11!` or `Hugo’s 5th birthday`.
        ("hugo-news", super::hugo_news_posts(), 144, 144),
        // 9 posts, all `Release 22.03 Highlights` (22.3 in PEP 440's normal form).
        ("helix-news", super::helix_news_posts(), 9, 9),
        // 492 posts: the 113 `Nushell 0.x[.y]`; not `This week in Nu #85`, `Nushell 2019
        // Survey Results`, `Top 5 Nushell Hacks`, `The road from 0.82 to 1.0`, or the
        // 0.60 beta in `Nushell 0.59 (aka 0.60 beta)`.
        ("nushell-blog", super::nushell_blog_posts(), 113, 113),
        // 59 posts: `Announcing Prometheus 2.0` and `3.0`, `Prometheus 2.0 Alpha.3 …`
        // (2.0a3), `Prometheus 3.0 Beta Released` (3.0b0), and mentions: `Sneak Peak of
        // Prometheus 2.0`, `FAQ about Prometheus 2.43 …`, `… in Prometheus 0.14.0`, `… in
        // Prometheus 3.8.0`. Not found: `Prometheus reaches 1.0` (a verb between product
        // and version), `PromCon 2016`, `… Europe 2023` (years).
        ("prometheus-blog", super::prometheus_blog_posts(), 8, 8),
        // 23 posts: `React v19`, `React v18.0`, `React 19.2`, `React Compiler v1.0`,
        // `React 19 Upgrade Guide`, `How to Upgrade to React 18`, `The Plan for React
        // 18`; not `React Conf 2021 Recap` or `… – February 2024`.
        ("react-blog", super::react_blog_posts(), 7, 7),
    ];
    let mut report = Vec::new();
    let mut wrong = Vec::new();
    for (name, posts, want_posts, want_versions) in &corpora {
        let found = titles(posts);
        for (rel, title, versions) in &found {
            let shown: Vec<String> = versions
                .iter()
                .map(|(p, v)| format!("{} {v}", p.as_deref().unwrap_or("-")))
                .collect();
            println!("{name}: {rel}: {title:?} → [{}]", shown.join(", "));
        }
        let with = found.iter().filter(|(_, _, v)| !v.is_empty()).count();
        let versions: usize = found.iter().map(|(_, _, v)| v.len()).sum();
        report.push(format!(
            "{name}: {with} of {} posts have a version in their title ({versions} versions)",
            posts.len()
        ));
        if (with, versions) != (*want_posts, *want_versions) {
            wrong.push(format!(
                "{name}: {with} posts, {versions} versions; expected {want_posts}, {want_versions}"
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every announcement of a Python 3.12 release in python-insider (3.12.0a1 to
/// 3.12.0rc3, the final 3.12.0 and the bugfix and security releases to 3.12.14; each
/// title read by hand, and its post checked to announce those releases), with every
/// version its title names, in order. And no other post gets a 3.12 version.
#[test]
fn every_python_312_release_in_python_insider() {
    let expected: &[(&str, &[&str])] = &[
        ("python-3120-alpha-1-released", &["3.12.0a1"]),
        ("python-3120-alpha-2-released", &["3.12.0a2"]),
        (
            "python-3111-3109-3916-3816-3716-and",
            &["3.11.1", "3.10.9", "3.9.16", "3.8.16", "3.7.16", "3.12.0a3"],
        ),
        ("python-3120-alpha-4-released", &["3.12.0a4"]),
        (
            "python-3112-python-31010-and-3120-alpha",
            &["3.11.2", "3.10.10", "3.12.0a5"],
        ),
        ("python-3120-alpha-6-released", &["3.12.0a6"]),
        (
            "its-time-for-another-set-of-python",
            &["3.11.3", "3.10.11", "3.12.0a7"],
        ),
        ("python-3120-beta-1-released", &["3.12.0b1"]),
        (
            "python-3114-31012-3917-3817-3717-and",
            &[
                "3.11.4", "3.10.12", "3.9.17", "3.8.17", "3.7.17", "3.12.0b2",
            ],
        ),
        ("python-3120-beta-3-released", &["3.12.0b3"]),
        ("pleased-to-announce-release-of-python-3", &["3.12.0b4"]),
        ("python-3120-release-candidate-1-released", &["3.12.0rc1"]),
        ("python-3120-release-candidate-2-now", &["3.12.0rc2"]),
        ("python-3120-release-candidate-3-now", &["3.12.0rc3"]),
        ("python-3120-final-now-available", &["3.12.0"]),
        ("python-3121-is-now-available", &["3.12.1"]),
        (
            "python-3122-and-3118-are-now-available",
            &["3.12.2", "3.11.8"],
        ),
        ("python-3123-and-3130a6-released", &["3.12.3", "3.13.0a6"]),
        ("python-3124-released", &["3.12.4"]),
        ("python-3125-released", &["3.12.5"]),
        (
            "python-3130rc2-3126-31110-31015-3920",
            &[
                "3.13.0rc2",
                "3.12.6",
                "3.11.10",
                "3.10.15",
                "3.9.20",
                "3.8.20",
            ],
        ),
        ("python-3127-released", &["3.12.7"]),
        (
            "python-3131-3128-31111-31016-and-3921",
            &["3.13.1", "3.12.8", "3.11.11", "3.10.16", "3.9.21"],
        ),
        ("python-3132-and-3129-now-available", &["3.13.2", "3.12.9"]),
        (
            "python-3140a7-3133-31210-31112-31017",
            &[
                "3.14.0a7", "3.13.3", "3.12.10", "3.11.12", "3.10.17", "3.9.22",
            ],
        ),
        (
            "python-3134-31211-31113-31018-and-3923",
            &["3.13.4", "3.12.11", "3.11.13", "3.10.18", "3.9.23"],
        ),
        (
            "python-31212-31114-31019-and-3924-are",
            &["3.12.12", "3.11.14", "3.10.19", "3.9.24"],
        ),
        (
            "python-31213-31115-31020",
            &["3.12.13", "3.11.15", "3.10.20"],
        ),
        (
            "python-31214-31116-31021",
            &["3.12.14", "3.11.16", "3.10.21"],
        ),
    ];
    let posts = super::python_insider_posts();
    let found = titles(&posts);
    let folder = |rel: &str| {
        rel.trim_start_matches("content/posts/")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut problems = Vec::new();
    for (dir, want) in expected {
        let Some((_, title, versions)) = found.iter().find(|(rel, _, _)| folder(rel) == *dir)
        else {
            problems.push(format!("{dir}: no such post"));
            continue;
        };
        let got: Vec<&str> = versions.iter().map(|(_, v)| v.as_str()).collect();
        if got != *want {
            problems.push(format!(
                "{dir} ({title:?}): found {got:?}, expected {want:?}"
            ));
        }
        if let Some((product, v)) = versions
            .iter()
            .find(|(p, _)| p.as_deref() != Some("Python"))
        {
            problems.push(format!("{dir}: {v} has product {product:?}, not Python"));
        }
    }
    // Every 3.12 pre-release and the 3.12.0 final, and the bugfix releases 3.12.1 to
    // 3.12.14, each announced once.
    let mut announced: Vec<String> = expected
        .iter()
        .flat_map(|(_, vs)| vs.iter())
        .filter(|v| v.starts_with("3.12."))
        .map(|v| v.to_string())
        .collect();
    announced.sort_by(|a, b| {
        let parse = |t: &str| bulletin::version::Version::parse(t, Scheme::Auto).unwrap();
        parse(a).cmp(&parse(b))
    });
    let mut all: Vec<String> = (1..=7).map(|n| format!("3.12.0a{n}")).collect();
    all.extend((1..=4).map(|n| format!("3.12.0b{n}")));
    all.extend((1..=3).map(|n| format!("3.12.0rc{n}")));
    all.extend((0..=14).map(|n| format!("3.12.{n}")));
    assert_eq!(announced, all, "the hand-made list itself");
    // No other post is given a 3.12 version.
    for (rel, title, versions) in &found {
        let in_312 = versions
            .iter()
            .any(|(_, v)| v.starts_with("3.12.") || v == "3.12");
        if in_312 && !expected.iter().any(|(dir, _)| folder(rel) == *dir) {
            problems.push(format!(
                "{rel} ({title:?}) is given a 3.12 version: {versions:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
