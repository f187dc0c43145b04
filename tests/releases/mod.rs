//! Posts that know their releases: versions from titles or `release:`, their series in
//! version order on each post, and `latest.json`.

mod check;

use crate::common::{Site, post};

fn release_site() -> Site {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n",
    )
    .file(
        "content/posts/rc1.md",
        post("Python 3.12.0rc1 released", "2023-08-06", "", "A.\n"),
    )
    // Published after the final, but before it in version order.
    .file(
        "content/posts/rc2.md",
        post(
            "Python 3.12.0 release candidate 2 is now available",
            "2023-10-09",
            "",
            "B.\n",
        ),
    )
    .file(
        "content/posts/final.md",
        post("Python 3.12.0 is now available", "2023-10-02", "", "C.\n"),
    )
    .file(
        "content/posts/a1.md",
        post(
            "Python 3.13.0 alpha 1 is available",
            "2023-10-13",
            "",
            "D.\n",
        ),
    )
    .file(
        "content/posts/sec.md",
        post(
            "Security fixes",
            "2023-11-01",
            "release:\n  version: ['3.11.7', '3.10.13']\n  product: Python\n  kind: security",
            "E.\n",
        ),
    )
    .file(
        "content/posts/jit.md",
        post("Python 3.15's JIT is on track", "2023-11-02", "", "F.\n"),
    )
    .file(
        "content/posts/not.md",
        post(
            "Python 3.11.8 plans",
            "2023-11-03",
            "release: false",
            "G.\n",
        ),
    );
    site
}

#[test]
fn each_release_knows_its_series_in_version_order() {
    let site = release_site();
    site.build().clean();
    let rc2 = site.read("public/2023/10/rc2/index.html");
    assert!(rc2.contains("Python 3.12 series</a>"), "{rc2}");
    assert!(
        rc2.contains(r#"previous: <a href="/2023/08/rc1/">3.12.0rc1</a>"#),
        "{rc2}"
    );
    assert!(
        rc2.contains(r#"next: <a href="/2023/10/final/">3.12.0</a>"#),
        "{rc2}"
    );
    assert!(
        rc2.contains(
            r#"A newer release of this series is available: <a href="/2023/10/final/">3.12.0</a>"#
        ),
        "{rc2}"
    );
    let last = site.read("public/2023/10/final/index.html");
    assert!(
        last.contains("previous: <a href=\"/2023/10/rc2/\">3.12.0rc2</a>")
            && !last.contains("release-newer"),
        "{last}"
    );
    let sec = site.read("public/2023/11/sec/index.html");
    assert!(
        sec.contains("Python 3.11 series</a>") && sec.contains("Python 3.10 series</a>"),
        "{sec}"
    );
    for quiet in ["2023/11/jit", "2023/11/not"] {
        assert!(
            !site
                .read(&format!("public/{quiet}/index.html"))
                .contains("release-box"),
            "{quiet}"
        );
    }
}

#[test]
fn latest_json_has_each_series_and_the_newest_releases() {
    let site = release_site();
    site.build().clean();
    let json: serde_json::Value = serde_json::from_str(&site.read("public/latest.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["product"], "Python");
    let series: Vec<(String, String, String)> = json["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["series"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
                s["latest"]["version"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("3.13", "prerelease", "3.13.0a1"),
        ("3.12", "current", "3.12.0"),
        ("3.11", "older", "3.11.7"),
        ("3.10", "older", "3.10.13"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(series, want);
    assert_eq!(json["latest_stable"]["version"], "3.12.0");
    assert_eq!(
        json["latest_stable"]["url"],
        "https://blog.example.org/2023/10/final/"
    );
    assert_eq!(json["latest_prerelease"]["version"], "3.13.0a1");
    assert_eq!(json["latest_prerelease"]["phase"], "alpha");
}

#[test]
fn releases_can_be_turned_off_and_bad_versions_are_located() {
    let site = release_site();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\nreleases: false\n",
    );
    site.build().clean();
    assert!(!site.exists("public/latest.json"));
    assert!(
        !site
            .read("public/2023/10/rc2/index.html")
            .contains("release-box")
    );
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n",
    )
    .file(
        "content/posts/bad.md",
        post("Bad", "2023-12-01", "release: 'not a version'", "H.\n"),
    );
    site.build().fails().has_line(
        "content/posts/bad.md:4:10: error[release]: `release`: \"not a version\" is not a version",
    );
}

#[test]
fn series_pages_list_releases_in_version_order() {
    let site = release_site();
    site.build().clean();
    let index = site.read("public/releases/index.html");
    let order: Vec<usize> = ["Python 3.13", "Python 3.12", "Python 3.11", "Python 3.10"]
        .iter()
        .map(|s| {
            index
                .find(&format!(">{s}</a>"))
                .unwrap_or_else(|| panic!("{s} in {index}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest series first: {order:?}"
    );
    assert!(
        index.contains("series-prerelease") && index.contains("series-current"),
        "{index}"
    );
    let series = site.read("public/releases/3.12/index.html");
    let versions: Vec<usize> = ["3.12.0rc1", "3.12.0rc2", ">3.12.0<"]
        .iter()
        .map(|v| series.find(v).unwrap_or_else(|| panic!("{v} in {series}")))
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "version order: {versions:?}"
    );
    let rc2 = site.read("public/2023/10/rc2/index.html");
    assert!(
        rc2.contains(r#"<a href="/releases/3.12/">Python 3.12 series</a>"#),
        "{rc2}"
    );
    assert!(
        site.read("public/index.html")
            .contains(r#"<a href="/releases/">Releases</a>"#)
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://blog.example.org/releases/3.12/")
    );
    site.run(&["check"]).ok();
}

#[test]
fn each_series_has_its_feeds() {
    let site = release_site();
    site.build().clean();
    let rss = site.read("public/releases/3.12/rss.xml");
    crate::common::check_xml(&rss).unwrap();
    let titles = crate::common::elements(&rss, "title");
    assert!(titles[0].contains("Python 3.12 releases"), "{titles:?}");
    // Its posts, newest first, and no other series'.
    let links = crate::common::elements(&rss, "link");
    assert_eq!(
        links[1..],
        [
            "https://blog.example.org/2023/10/rc2/",
            "https://blog.example.org/2023/10/final/",
            "https://blog.example.org/2023/08/rc1/"
        ]
    );
    crate::common::check_xml(&site.read("public/releases/3.12/atom.xml")).unwrap();
    let page = site.read("public/releases/3.12/index.html");
    assert!(
        page.contains(r#"<link rel="alternate" type="application/rss+xml" title="Python 3.12 releases (RSS)" href="https://blog.example.org/releases/3.12/rss.xml">"#),
        "{page}"
    );
}

#[test]
fn each_kind_of_release_has_its_page_and_feeds() {
    let site = release_site();
    // A title that says security gives its post the kind; one naming no version does not.
    site.file(
        "content/posts/fix.md",
        post(
            "Python 3.9.18 security update now available",
            "2023-08-24",
            "",
            "H.\n",
        ),
    )
    .file(
        "content/posts/talk.md",
        post("Our security response team", "2023-08-25", "", "I.\n"),
    )
    .file(
        "content/posts/big.md",
        post(
            "Big fixes",
            "2023-08-26",
            "release:\n  version: '3.11.5'\n  kind: Security",
            "J.\n",
        ),
    );
    site.build().clean();
    let rss = site.read("public/releases/security/rss.xml");
    crate::common::check_xml(&rss).unwrap();
    let titles = crate::common::elements(&rss, "title");
    assert!(titles[0].ends_with(": Security releases"), "{titles:?}");
    // `kind: security` and `kind: Security` are one kind; newest first.
    let links = crate::common::elements(&rss, "link");
    assert_eq!(
        links[1..],
        [
            "https://blog.example.org/2023/11/sec/",
            "https://blog.example.org/2023/08/big/",
            "https://blog.example.org/2023/08/fix/",
        ]
    );
    crate::common::check_xml(&site.read("public/releases/security/atom.xml")).unwrap();
    let page = site.read("public/releases/security/index.html");
    assert!(page.contains("<h1>Security releases</h1>"), "{page}");
    assert!(page.contains("/2023/08/fix/"), "{page}");
    assert!(!page.contains("/2023/08/talk/"), "{page}");
    // The release index and each series page say where to follow them.
    let discovery =
        r#"<link rel="alternate" type="application/rss+xml" title="Security releases · "#;
    for index in [
        "public/releases/index.html",
        "public/releases/3.12/index.html",
    ] {
        let html = site.read(index);
        assert!(html.contains(discovery), "{index}: {html}");
    }
    assert!(
        site.read("public/releases/index.html")
            .contains(r#"href="/releases/security/">Security releases</a>"#)
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://blog.example.org/releases/security/")
    );
    site.run(&["check"]).ok();
}

#[test]
fn a_long_kind_of_release_is_split_in_pages() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\nposts_per_list_page: 2\n",
    );
    for i in 1..=3 {
        site.file(
            &format!("content/posts/s{i}.md"),
            post(
                &format!("Python 3.9.{i} security release"),
                &format!("2023-08-0{i}"),
                "",
                "S.\n",
            ),
        );
    }
    site.build().clean();
    let first = site.read("public/releases/security/index.html");
    let second = site.read("public/releases/security/2/index.html");
    assert!(
        first.contains("/2023/08/s3/") && first.contains("/2023/08/s2/"),
        "{first}"
    );
    assert!(!first.contains("/2023/08/s1/"), "{first}");
    assert!(second.contains("/2023/08/s1/"), "{second}");
    assert!(
        second.contains(r#"<a rel="prev" href="/releases/security/">"#),
        "{second}"
    );
    assert!(
        second.contains("<h1>Security releases, page 2</h1>"),
        "{second}"
    );
    assert!(!site.exists("public/releases/security/3"));
    // The kind's feeds hold all of its posts.
    let rss = site.read("public/releases/security/rss.xml");
    assert_eq!(crate::common::elements(&rss, "item").len(), 3, "{rss}");
}
