//! Legacy URLs: a redirect page at the exact old path.

use crate::common::{Site, count, post};

#[test]
fn legacy_html_url_gets_a_redirect_page_at_that_path() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://blog.example.org/\n")
        .file(
            "content/posts/moved.md",
            post(
                "Moved here",
                "2024-05-01",
                "legacyUrl: /2023/08/python-3120rc1-released.html",
                "Body.\n",
            ),
        );
    let run = site.build().clean();
    assert!(run.stdout.contains(", 1 redirect:"), "{}", run.stdout);
    let page = site.read("public/2023/08/python-3120rc1-released.html");
    assert!(
        page.contains(r#"<meta http-equiv="refresh" content="0; url=/2024/05/moved/">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<link rel="canonical" href="https://blog.example.org/2024/05/moved/">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/2024/05/moved/">Moved here</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
}

#[test]
fn legacy_url_with_a_trailing_slash_is_an_index_file() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post("Moved", "2024-05-01", "legacyUrl: /old/moved/", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.read("public/old/moved/index.html")
            .contains("url=/2024/05/moved/")
    );
}

#[test]
fn legacy_url_without_an_extension_is_an_index_file() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post("Moved", "2024-05-01", "legacyUrl: /p/12345", "Body.\n"),
    );
    site.build().clean();
    assert!(
        site.read("public/p/12345/index.html")
            .contains("url=/2024/05/moved/")
    );
}

#[test]
fn percent_escaped_legacy_url_is_decoded_into_the_file_name() {
    let site = Site::new();
    site.file(
        "content/posts/cafe.md",
        post(
            "Café",
            "2024-05-01",
            "legacyUrl: /2010/01/caf%C3%A9%20bar.html",
            "Body.\n",
        ),
    );
    site.build().clean();
    assert!(site.exists("public/2010/01/café bar.html"));
}

#[test]
fn every_alias_gets_a_redirect() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post(
            "Moved",
            "2024-05-01",
            "aliases:\n  - /a.html\n  - /b/\n  - /a.html",
            "Body.\n",
        ),
    );
    let run = site.build().clean();
    assert!(
        run.stdout.contains(", 2 redirects:"),
        "duplicates count once: {}",
        run.stdout
    );
    assert!(site.exists("public/a.html"));
    assert!(site.exists("public/b/index.html"));
}

#[test]
fn redirects_are_not_in_the_sitemap_search_or_feeds() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post(
            "Moved",
            "2024-05-01",
            "legacyUrl: /2023/08/old-name.html\naliases: [/older/]",
            "Body.\n",
        ),
    );
    site.build().clean();
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("old-name") && !sitemap.contains("/older/"),
        "{sitemap}"
    );
    assert_eq!(count(&sitemap, "/2024/05/moved/"), 1, "{sitemap}");
    for file in [
        "public/search/d/0.json",
        "public/rss.xml",
        "public/atom.xml",
    ] {
        let text = site.read(file);
        assert!(
            !text.contains("old-name") && !text.contains("older"),
            "{file}: {text}"
        );
    }
}

/// `_redirects` as (from, to, status) triples, comments and blank lines left out.
fn host_rules(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "not `from to status`: {l:?}");
            (fields[0].into(), fields[1].into(), fields[2].into())
        })
        .collect()
}

/// `nginx-redirects.map` as (from, to) pairs.
fn nginx_rules(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let l = l
                .strip_suffix(';')
                .unwrap_or_else(|| panic!("no `;`: {l:?}"));
            let parts: Vec<&str> = l.split('"').collect();
            assert_eq!(parts.len(), 5, "not `\"from\" \"to\";`: {l:?}");
            (parts[1].into(), parts[3].into())
        })
        .collect()
}

#[test]
fn hosts_get_every_legacy_url_as_a_301() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/news/\nnginx_redirects: true\n",
    )
    .file(
        "content/posts/moved.md",
        post(
            "Moved here",
            "2024-05-01",
            "legacyUrl: /2023/08/old page.html\naliases: [/old/, /caf%C3%A9/]",
            "Body.\n",
        ),
    )
    .file("static/_redirects", "/feed /news/rss.xml 301\n");
    site.build().clean();
    let text = site.read("public/_redirects");
    let rules = host_rules(&text);
    assert_eq!(
        rules,
        [
            ("/feed".into(), "/news/rss.xml".into(), "301".into()),
            (
                "/news/2023/08/old%20page.html".into(),
                "/news/2024/05/moved/".into(),
                "301".into()
            ),
            (
                "/news/caf%C3%A9/".into(),
                "/news/2024/05/moved/".into(),
                "301".into()
            ),
            (
                "/news/old/".into(),
                "/news/2024/05/moved/".into(),
                "301".into()
            ),
        ],
        "{text}"
    );
    // The site's own rules come first, and the file is not also copied as is.
    assert!(
        text.starts_with("# From static/_redirects\n/feed "),
        "{text}"
    );

    let map = nginx_rules(&site.read("public/nginx-redirects.map"));
    assert_eq!(
        map,
        [
            (
                "/news/2023/08/old page.html".into(),
                "/news/2024/05/moved/".into()
            ),
            ("/news/café/".into(), "/news/2024/05/moved/".into()),
            ("/news/old/".into(), "/news/2024/05/moved/".into()),
        ]
    );
}

/// nginx compares map keys ignoring case: a key that is a page but for case would
/// redirect the page to itself, and two keys equal but for case stop nginx starting.
#[test]
fn the_nginx_map_leaves_out_keys_nginx_would_fold_together() {
    let site = Site::new();
    site.file("bulletin.yaml", "nginx_redirects: true\n").file(
        "content/posts/b.md",
        post(
            "B",
            "2024-03-01",
            "legacyUrl: /2024/03/B/\naliases: [/old/Foo.html, /old/foo.html, /a$b.html]",
            "Body.\n",
        ),
    );
    // Such URLs are one file on macOS and Windows too: the build warns.
    site.build()
        .ok()
        .says("warning[case-collision]: /2024/03/B/index.html and");
    let text = site.read("public/nginx-redirects.map");
    assert_eq!(
        nginx_rules(&text),
        [
            ("/a$b.html".into(), "/2024/03/b/".into()),
            ("/old/Foo.html".into(), "/2024/03/b/".into()),
        ],
        "{text}"
    );
    assert!(
        text.contains("# left out, a page but for case: /2024/03/B/\n"),
        "{text}"
    );
    assert!(
        text.contains("# left out, another key but for case: /old/foo.html\n"),
        "{text}"
    );
    // _redirects hosts compare with case: every rule is there.
    assert_eq!(host_rules(&site.read("public/_redirects")).len(), 4);
}

#[test]
fn the_nginx_map_is_written_only_when_asked_for() {
    let site = Site::new();
    site.file(
        "content/posts/moved.md",
        post("Moved", "2024-05-01", "legacyUrl: /old.html", "Body.\n"),
    );
    site.build().clean();
    assert!(!site.exists("public/nginx-redirects.map"));
    assert_eq!(
        host_rules(&site.read("public/_redirects")),
        [("/old.html".into(), "/2024/05/moved/".into(), "301".into())]
    );
}

/// Every legacy URL of the real corpus, replayed against its `_redirects` and nginx map:
/// each rule leads to a page that was built, and each legacy URL written in the
/// corpus's front matter has a rule.
#[test]
fn python_insider_legacy_urls_replay_to_built_pages() {
    let corpus = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/python-insider");
    if !corpus.join("content/posts").is_dir() {
        println!("note: {} is absent; skipping", corpus.display());
        return;
    }
    let site = Site::bare();
    let out = site.parent().join("out");
    // The corpus's own config, plus the nginx map.
    let config = std::fs::read_to_string(corpus.join("bulletin.yaml")).unwrap_or_default();
    let copy = site.parent().join("corpus");
    crate::common::copy_tree(&corpus, &copy);
    std::fs::write(
        copy.join("bulletin.yaml"),
        format!("{config}\nnginx_redirects: true\n"),
    )
    .unwrap();
    crate::common::run_in(
        site.parent(),
        &[
            "build",
            "-s",
            copy.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();

    let page_at = |link: &str| {
        let rel = link.trim_start_matches('/');
        let file = if rel.is_empty() || rel.ends_with('/') {
            out.join(rel).join("index.html")
        } else {
            out.join(rel)
        };
        file.is_file()
    };
    let rules = host_rules(&std::fs::read_to_string(out.join("_redirects")).unwrap());
    let map = nginx_rules(&std::fs::read_to_string(out.join("nginx-redirects.map")).unwrap());
    assert_eq!(rules.len(), map.len());
    for (from, to, status) in &rules {
        assert_eq!(status, "301");
        assert!(page_at(to), "{from} → {to}: no such page");
        // The HTML fallback sits at the old path too.
        let decoded = percent_encoding::percent_decode_str(from)
            .decode_utf8()
            .unwrap();
        assert!(page_at(&decoded), "no redirect page at {from}");
    }

    // Every legacy URL the corpus writes down is replayed.
    let froms: std::collections::BTreeSet<&str> = rules.iter().map(|r| r.0.as_str()).collect();
    let mut legacy = 0;
    for (_, bytes) in crate::common::files(&corpus.join("content/posts")) {
        let text = String::from_utf8_lossy(&bytes);
        let front = text.split("\n---").next().unwrap_or("");
        for line in front.lines() {
            if let Some(url) = line.strip_prefix("legacyUrl:") {
                let url = url.trim().trim_matches(['\'', '"']);
                if text.contains("\npublished: false") {
                    continue;
                }
                legacy += 1;
                let encoded =
                    percent_encoding::utf8_percent_encode(url, percent_encoding::CONTROLS)
                        .to_string()
                        .replace(' ', "%20");
                assert!(froms.contains(encoded.as_str()), "{url} has no rule");
            }
        }
    }
    assert!(
        legacy > 250,
        "only {legacy} legacy URLs found in the corpus"
    );
}

/// `redirects` in the config: old URLs of pages that are not posts (the old blog's
/// listing, a section's alias) get a redirect page and a 301 for hosts.
#[test]
fn old_pages_redirect_where_the_config_says() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://example.org/news/\nnginx_redirects: true\nredirects:\n  /old-news/: /blog/\n  \
         /release-notes: /\n  /docs.html: https://docs.example.org/\n",
    )
    .file("content/posts/a.md", post("A", "2024-05-01", "description: A.", "Body.\n"));
    let run = site.build().clean();
    assert!(run.stdout.contains(", 3 redirects:"), "{}", run.stdout);
    let page = site.read("public/old-news/index.html");
    assert!(page.contains(r#"content="0; url=/news/blog/""#), "{page}");
    assert!(
        page.contains(r#"<link rel="canonical" href="https://example.org/news/blog/">"#),
        "{page}"
    );
    assert!(page.contains("This page has moved to"), "{page}");
    assert!(
        site.read("public/release-notes/index.html")
            .contains(r#"url=/news/""#)
    );
    let external = site.read("public/docs.html");
    assert!(
        external.contains(r#"url=https://docs.example.org/""#),
        "{external}"
    );
    let rules = host_rules(&site.read("public/_redirects"));
    for (from, to) in [
        ("/news/old-news/", "/news/blog/"),
        ("/news/release-notes", "/news/"),
        ("/news/docs.html", "https://docs.example.org/"),
    ] {
        assert!(
            rules.contains(&(from.to_string(), to.to_string(), "301".to_string())),
            "{from} → {to} not in {rules:?}"
        );
    }
    let nginx = nginx_rules(&site.read("public/nginx-redirects.map"));
    assert!(
        nginx.contains(&("/news/old-news/".to_string(), "/news/blog/".to_string())),
        "{nginx:?}"
    );
    assert!(!site.read("public/sitemap.xml").contains("old-news"));
    site.run(&["check", "--deny-warnings"]).clean();
}

#[test]
fn a_redirect_must_be_a_path_to_a_page_and_not_hide_one() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-05-01", "description: A.", "Body.\n"),
    );
    site.file(
        "bulletin.yaml",
        "redirects:\n  /x/: 'javascript:alert(1)'\n",
    );
    site.build()
        .fails()
        .says("the target must be a path of the site, like /blog/, or an http(s) URL");
    site.file("bulletin.yaml", "redirects:\n  /../x/: /blog/\n");
    site.build()
        .fails()
        .says("redirect from /../x/ cannot be used");
    site.file("bulletin.yaml", "redirects:\n  /2024/05/a/: /blog/\n");
    site.build()
        .fails()
        .says("the redirect from /2024/05/a/ (`redirects` in bulletin.yaml)");
    site.file("bulletin.yaml", "redirects:\n  /gone/: /nowhere/\n");
    site.build().ok();
    let check = site.run(&["check"]);
    assert!(
        check.stdout.contains(
            "bulletin.yaml:2:3: error[redirect-target]: the redirect from /gone/ goes to /nowhere/, which is not a page or file of this site"
        ),
        "{}",
        check.stdout
    );
}
