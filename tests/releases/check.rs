//! `check` on what posts announce: `release-title`, `release-order` and
//! `release-duplicate`, each firing where the mistake is and not on a good series.

use crate::common::{Site, post};

/// A series announced in order: 3.12.0rc1, 3.12.0, 3.12.1 (from `release:`).
fn series_site() -> Site {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n",
    )
    .file(
        "content/posts/rc1.md",
        post("Python 3.12.0rc1 released", "2023-08-06", "", "A.\n"),
    )
    .file(
        "content/posts/final.md",
        post("Python 3.12.0 is now available", "2023-10-02", "", "B.\n"),
    )
    .file(
        "content/posts/bugfix.md",
        post(
            "Python 3.12.1 is now available",
            "2023-12-08",
            "release: '3.12.1'",
            "C.\n",
        ),
    );
    site
}

/// The release findings of `check`, as printed.
fn findings(site: &Site) -> Vec<String> {
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.stdout.lines())
        .filter(|l| l.contains("[release"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_series_in_order_has_no_findings() {
    let site = series_site();
    assert_eq!(findings(&site), Vec::<String>::new());
    // Two versions of other series, and a backport dated after a newer series' release,
    // are in order too.
    site.file(
        "content/posts/backport.md",
        post(
            "Python 3.11.7 and 3.10.13 are now available",
            "2023-12-09",
            "",
            "D.\n",
        ),
    );
    assert_eq!(findings(&site), Vec::<String>::new());
}

#[test]
fn release_front_matter_the_title_contradicts() {
    let site = series_site();
    site.file(
        "content/posts/bugfix.md",
        post(
            "Python 3.12.1 is now available",
            "2023-12-08",
            "release: '3.12.2'",
            "C.\n",
        ),
    );
    assert_eq!(
        findings(&site),
        [
            "content/posts/bugfix.md:4:10: error[release-title]: `release` says 3.12.2, and the title names 3.12.1"
        ]
    );
    assert_eq!(site.run(&["check"]).code, 1);
    // A title that names no version leaves `release` alone; so does one naming the
    // same version differently written.
    for title in ["Security fixes for everyone", "Python 3.12.2 released"] {
        site.file(
            "content/posts/bugfix.md",
            post(title, "2023-12-08", "release: '3.12.2'", "C.\n"),
        );
        assert_eq!(findings(&site), Vec::<String>::new(), "{title}");
    }
}

#[test]
fn a_release_dated_after_a_newer_one_of_its_series() {
    let site = series_site();
    site.file(
        "content/posts/rc2.md",
        post(
            "Python 3.12.0 release candidate 2 is now available",
            "2023-10-09",
            "",
            "D.\n",
        ),
    );
    assert_eq!(
        findings(&site),
        [
            "content/posts/rc2.md:3:14: warning[release-order]: 3.12.0 release candidate 2 is dated 2023-10-09, after 3.12.0 (2023-10-02, content/posts/final.md), but comes before it in version order"
        ]
    );
    // Dated before the final, it is in order.
    site.file(
        "content/posts/rc2.md",
        post(
            "Python 3.12.0 release candidate 2 is now available",
            "2023-09-06",
            "",
            "D.\n",
        ),
    );
    assert_eq!(findings(&site), Vec::<String>::new());
}

#[test]
fn a_version_announced_twice() {
    let site = series_site();
    site.file(
        "content/posts/again.md",
        post("Python 3.12.0 final is out", "2023-10-03", "", "D.\n"),
    );
    assert_eq!(
        findings(&site),
        [
            "content/posts/again.md:2:8: warning[release-duplicate]: Python 3.12.0 is announced again: content/posts/final.md announces it already"
        ]
    );
    // `release: false` says the post is not an announcement.
    site.file(
        "content/posts/again.md",
        post(
            "Python 3.12.0 final is out",
            "2023-10-03",
            "release: false",
            "D.\n",
        ),
    );
    assert_eq!(findings(&site), Vec::<String>::new());
}

#[test]
fn a_download_link_naming_an_older_release() {
    let site = series_site();
    let rc2 = |link: &str| {
        post(
            "Python 3.12.0 release candidate 2 released",
            "2023-09-06",
            "",
            &format!("Get it:\n\n[download]({link})\n"),
        )
    };
    site.file(
        "content/posts/rc2.md",
        rc2("https://www.python.org/downloads/release/python-3120rc1/"),
    );
    assert_eq!(
        findings(&site),
        [
            "content/posts/rc2.md:7:1: warning[release-link]: the link https://www.python.org/downloads/release/python-3120rc1/ names 3.12.0rc1, an older release than 3.12.0rc2, which this post announces"
        ]
    );
    // Its own version, a newer release (a recall note), the final it leads to, or a
    // page that is no download: nothing to say.
    for link in [
        "https://www.python.org/downloads/release/python-3120rc2/",
        "https://www.python.org/downloads/release/python-3121/",
        "https://www.python.org/downloads/release/python-3120/",
        "https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137",
    ] {
        site.file("content/posts/rc2.md", rc2(link));
        assert_eq!(findings(&site), Vec::<String>::new(), "{link}");
    }
}
