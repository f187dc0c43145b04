//! `bulletin check`: each finding code, with a fixture that triggers it and one that
//! does not; the formats; the exit status.

mod anchors;

use crate::common::{Site, post};

/// A site with two good posts linking to each other; each test adds one mistake.
fn good_site() -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://blog.example.org/\nsocial_cards: false\n")
        .file("content/authors/ana.yaml", "name: Ana\n")
        .file(
            "content/posts/a/index.md",
            post(
                "Python 3.12.0 release candidate 1 released",
                "2023-08-06",
                "author: ana\ndescription: The first release candidate.",
                "Intro.\n\n## What's new\n\nSee [the other post](/2023/07/b/#details) and ![a chart](chart.png).\n",
            ),
        )
        .file("content/posts/a/chart.png", "png")
        .file(
            "content/posts/b.md",
            post(
                "Python 3.12.0 beta 4 released",
                "2023-07-11",
                "author: ana\ndescription: The last beta.",
                "## Details\n\nBack to [the candidate](../../08/a/) and [its news](https://blog.example.org/2023/08/a/#whats-new).\n\n<p>Also <a href=\"../../08/a/#whats-new\">in HTML</a>, <img src=\"/favicon.svg\" alt=\"\"></p>\n",
            ),
        )
        // What a careful site does that must not be taken for a mistake.
        .file(
            "content/posts/d/index.md",
            post(
                "Python 3.12.0 beta 3 released",
                "2023-06-15",
                "author: ana\ndescription: The third beta.\nlegacyUrl: \"/2023/06/what's-new.html\"",
                "## [](https://discuss.example.org/t/x/1#more)More resources\n\n\
                 See [the feed](/feeds/posts/default), [RSS](/rss.xml), [the CNAME](/CNAME), \
                 [licence](LICENSE), [old me](/2023/06/what's-new.html#intro), [top](#top), \
                 [by name](#named), [upper](HTTPS://BLOG.EXAMPLE.ORG/2023/08/a/), \
                 [scheme-relative](//blog.example.org/2023/07/b/), [café](/tags/café/).\n\n\
                 ## Intro\n\nAdd `<link rel=\"alternate\" href=\"/feed.xml\">` to your page.\n\n\
                 <a name=\"named\"></a>\n<!-- <a href=\"/commented-out/\">old</a>\n -->\n\n\
                 <pre>&lt;a href=\"/escaped/\"&gt;</pre>\n",
            ),
        )
        .file("content/posts/d/LICENSE", "MIT")
        .file("static/CNAME", "blog.example.org")
        .file("static/_redirects", "/go /2023/08/a/?utm=x 301\n/top /2023/07/b/#details 301\n")
        .file(
            "content/posts/e.md",
            post(
                "Python 3.12.0 beta 2 released",
                "2023-05-15",
                "author: ana\ndescription: The second beta.\ntags: [café]",
                "Back to [the third](/2023/06/d/).\n",
            ),
        );
    site
}

/// Runs check, returning (exit code, findings as `file:line:col: level[code]` heads).
fn check(site: &Site, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.stdout)
}

#[test]
fn a_good_site_has_no_findings() {
    let site = good_site();
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "check: 0 errors, 0 warnings\n");
    assert!(!site.exists("public"), "check wrote the site");
}

/// (code, file to write, its text, where the finding is expected).
fn mistakes() -> Vec<(&'static str, &'static str, String, &'static str)> {
    vec![
        (
            "broken-link",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "[old](/2023/08/aa/)\n",
            ),
            "content/posts/c.md:7:1: error[broken-link]: /2023/08/aa/ is not a page of this site (did you mean /2023/08/a/?)",
        ),
        (
            "broken-link",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "[abs](https://blog.example.org/nowhere/)\n",
            ),
            "content/posts/c.md:7:1: error[broken-link]: https://blog.example.org/nowhere/ is not a page",
        ),
        (
            "broken-link",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "Text.\n\n<div class=\"note\">\n  See <a class=\"x\" href=\"/2023/08/aa/\">the candidate</a>.\n</div>\n",
            ),
            "content/posts/c.md:10:26: error[broken-link]: /2023/08/aa/ is not a page of this site (did you mean /2023/08/a/?)",
        ),
        (
            "broken-anchor",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "Inline <a href='/2023/07/b/#detail'>HTML</a>.\n",
            ),
            "content/posts/c.md:7:17: error[broken-anchor]: /2023/07/b/#detail: the page has no #detail (did you mean #details?)",
        ),
        (
            "missing-image",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "> <img alt=\"chart\" src=\"chart.png\">\n",
            ),
            "content/posts/c.md:7:25: error[missing-image]: chart.png is not a file of this site",
        ),
        (
            "broken-anchor",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "See [x](/2023/07/b/#detail).\n",
            ),
            "content/posts/c.md:7:5: error[broken-anchor]: /2023/07/b/#detail: the page has no #detail (did you mean #details?)",
        ),
        (
            "missing-image",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "![chart](/img/none.png)\n",
            ),
            "content/posts/c.md:7:1: error[missing-image]: /img/none.png is not a file of this site",
        ),
        (
            "image-alt",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "![](/favicon.svg)\n",
            ),
            "content/posts/c.md:7:1: warning[image-alt]",
        ),
        (
            "empty-link",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "Go [](/2023/07/b/).\n",
            ),
            "content/posts/c.md:7:4: warning[empty-link]",
        ),
        (
            "empty-heading",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "Text.\n\n## \n",
            ),
            "content/posts/c.md:9:1: warning[empty-heading]",
        ),
        (
            "front-matter-typo",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d\nlegacyURL: /old.html",
                "Body.\n",
            ),
            "content/posts/c.md:6:1: warning[front-matter-typo]: unknown front-matter key `legacyURL`: did you mean `legacyUrl`?",
        ),
        (
            "future-date",
            "content/posts/c.md",
            post("C", "2099-01-01", "author: ana\ndescription: d", "Body.\n"),
            "content/posts/c.md:3:14: warning[future-date]",
        ),
        (
            "updated-before-published",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d\nupdatedDate: '2023-05-01'",
                "Body.\n",
            ),
            "content/posts/c.md:6:14: warning[updated-before-published]",
        ),
        (
            "description-missing",
            "content/posts/c.md",
            post("C", "2023-06-01", "author: ana", "Body.\n"),
            "content/posts/c.md:1:1: warning[description-missing]",
        ),
        (
            "description-long",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                &format!("author: ana\ndescription: {}", "word ".repeat(40)),
                "Body.\n",
            ),
            "content/posts/c.md:5:14: warning[description-long]",
        ),
        (
            "author-missing",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: Nobody Known\ndescription: d",
                "Body.\n",
            ),
            "content/posts/c.md:4:9: error[author-missing]: the author 'Nobody Known' has no file in content/authors/",
        ),
        (
            "duplicate-title",
            "content/posts/c.md",
            post(
                "Python 3.12.0 beta 4 released",
                "2023-07-20",
                // Not an announcement: that is `release-duplicate`'s finding.
                "author: ana\ndescription: d\nrelease: false",
                "Body.\n",
            ),
            "content/posts/c.md:2:8: error[duplicate-title]",
        ),
        (
            "template-link",
            "templates/tags.html",
            "{% extends \"base.html\" %}{% block content %}<a href=\"/nowhere/\">x</a>{% endblock content %}".into(),
            "templates/tags.html:1:54: error[template-link]: 1 page links to /nowhere/, which is not a page or file of this site (one is /tags/index.html)",
        ),
        (
            "template-link",
            "templates/tags.html",
            "{% extends \"base.html\" %}{% block content %}\n<p><a href=\"{{ site.links.home }}\">home</a>\n<a href=\"{{ site.root }}abut/#{{ site.title | lower }}\">x</a></p>{% endblock content %}".into(),
            "templates/tags.html:3:10: error[template-link]: 1 page links to /abut/#",
        ),
        (
            "redirect-target",
            "static/_redirects",
            "/feed /rss.xml 301\n/gone /nowhere/ 301\n".into(),
            "static/_redirects:2:1: error[redirect-target]: /gone redirects to /nowhere/",
        ),
        (
            "redirect-chain",
            "static/_redirects",
            "/a /b 301\n/b /2023/07/b/ 301\n".into(),
            "static/_redirects:1:1: error[redirect-chain]: /a redirects to /b, which another rule redirects again",
        ),
        (
            "redirect-shadow",
            "static/_redirects",
            "/2023/07/b/ /2023/08/a/ 301\n".into(),
            "static/_redirects:1:1: error[redirect-shadow]: the rule for /2023/07/b/ hides a page",
        ),
        (
            "feed-invalid",
            "templates/rss.xml",
            include_str!("../../templates/rss.xml")
                .replace("{{ item.date_rfc2822 }}", "{{ item.date_rfc3339 }}"),
            "templates/rss.xml: error[feed-invalid]: feeds/posts/default: the pubDate of item 1 ('Python 3.12.0 release candidate 1 released'), '2023-08-06T00:00:00+00:00', is not an RFC 822 date (line 11 of the output)",
        ),
        (
            "feed-invalid",
            "templates/atom.xml",
            include_str!("../../templates/atom.xml").replace("<title>{{ item.title }}</title>", "<title>{{ item.title | safe }} & more</title>"),
            "templates/atom.xml: error[feed-invalid]: atom.xml: it is not well-formed XML: ",
        ),
        (
            "sitemap-invalid",
            "templates/sitemap.xml",
            "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{% for u in urls %}<url><loc>/{{ loop.index }}/</loc></url>\n{% endfor %}</urlset>".into(),
            "templates/sitemap.xml: error[sitemap-invalid]: sitemap.xml: the <loc> /1/ is not an absolute URL (line 3 of the output)",
        ),
        (
            "mdx-component",
            "content/posts/c.mdx",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "<Cards items={3} />\n",
            ),
            "content/posts/c.mdx:7:1: warning[mdx-component]",
        ),
        (
            "broken-html",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "Call faulthandler.enable(<module>) first.\n",
            ),
            "content/posts/c.md:7:26: warning[broken-html]: <module> is not an element of HTML",
        ),
        (
            "broken-html",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "<div class=\"note\">\n\nA *note*.\n\n</span>\n",
            ),
            "content/posts/c.md:7:1: warning[broken-html]: <div> is never closed",
        ),
        (
            "heading-skip",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "## Intro\n\nText.\n\n#### Details\n\nMore.\n",
            ),
            "content/posts/c.md:11:1: warning[heading-skip]: a level-4 heading follows a level-2 one: level 3 is skipped",
        ),
        (
            "foreign-syntax",
            "content/posts/c.md",
            post(
                "C",
                "2023-06-01",
                "author: ana\ndescription: d",
                "{% include note.html %}\n",
            ),
            "content/posts/c.md:7:1: warning[foreign-syntax]: Liquid tag `{% include note.html %}` is left as text",
        ),
    ]
}

#[test]
fn every_code_is_found_where_it_was_made() {
    for (code, file, text, expected) in mistakes() {
        let site = good_site();
        site.file(file, &text);
        let (exit, out) = check(&site, &[]);
        assert!(
            out.lines().any(|l| l.starts_with(expected)),
            "{code}: no line starting with {expected:?}\n{out}"
        );
        let is_error = expected.contains("error[");
        assert_eq!(exit, if is_error { 1 } else { 0 }, "{code}\n{out}");
        // Only that code, nothing else the fixture did not ask for.
        for line in out.lines().filter(|l| l.contains("]: ")) {
            assert!(line.contains(&format!("[{code}]")), "{code}: also {line}");
        }
    }
}

#[test]
fn findings_that_take_more_than_one_file() {
    // A link to a draft says so.
    let site = good_site();
    site.file(
        "content/posts/draft.md",
        post(
            "Soon",
            "2023-08-20",
            "author: ana\ndescription: d\npublished: false",
            "x\n",
        ),
    )
    .file(
        "content/posts/c.md",
        post(
            "C",
            "2023-06-01",
            "author: ana\ndescription: d",
            "[soon](/2023/08/draft/)\n",
        ),
    );
    let (_, out) = check(&site, &[]);
    assert!(
        out.contains("content/posts/c.md:7:1: error[broken-link]: /2023/08/draft/ is a draft (content/posts/draft.md), not published"),
        "{out}"
    );

    // An author file's avatar that is no file is reported at the author file.
    let site = good_site();
    site.file(
        "content/authors/ana.yaml",
        "name: Ana\navatar: /img/ana.png\n",
    );
    let (_, out) = check(&site, &[]);
    assert!(
        out.starts_with("content/authors/ana.yaml:2:9: error[missing-image]: the author's avatar /img/ana.png is not a page or file of this site"),
        "{out}"
    );
    assert!(!out.contains("template-link"), "{out}");

    // A rule of the site's own that leads to a legacy URL, or overrides one.
    let site = good_site();
    site.file(
        "static/_redirects",
        "/r1 /2023/06/what's-new.html 301\n/2023/06/what's-new.html /2023/07/b/ 301\n",
    );
    let (_, out) = check(&site, &[]);
    assert!(
        out.contains("static/_redirects:1:1: error[redirect-chain]: /r1 redirects to /2023/06/what's-new.html, a legacy URL that redirects again, to /2023/06/d/"),
        "{out}"
    );
    assert!(
        out.contains("static/_redirects:2:1: error[redirect-shadow]: the rule for /2023/06/what's-new.html overrides the legacy URL of content/posts/d/index.md"),
        "{out}"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let site = good_site();
    site.file(
        "content/posts/c.md",
        post("C", "2023-06-01", "author: ana", "Body.\n"),
    );
    assert_eq!(check(&site, &[]).0, 0);
    assert_eq!(check(&site, &["--deny-warnings"]).0, 1);
}

#[test]
fn json_and_github_formats() {
    let site = good_site();
    site.file(
        "content/posts/c.md",
        post(
            "C",
            "2023-06-01",
            "author: ana\ndescription: d",
            "[old](/2023/08/aa/), 100%\n",
        ),
    );
    let (code, out) = check(&site, &["--format", "json"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["errors"], 1);
    let f = &doc["findings"][0];
    assert_eq!(f["code"], "broken-link");
    assert_eq!(f["file"], "content/posts/c.md");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(7), Some(1))
    );

    let (_, out) = check(&site, &["--format", "github"]);
    assert!(
        out.starts_with("::error file=content/posts/c.md,line=7,col=1,title=broken-link::/2023/08/aa/ is not a page of this site (did you mean /2023/08/a/?)%0Ahelp: "),
        "{out}"
    );
}

#[test]
fn a_site_can_silence_a_code_for_some_paths() {
    let site = good_site();
    site.file(
        "content/posts/old/c.md",
        post("C", "2023-06-01", "author: ana", "![](/favicon.svg)\n"),
    )
    .file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n\
         check:\n  ignore:\n    image-alt: ['content/posts/old/**']\n",
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("image-alt"), "{out}");
    assert!(out.contains("warning[description-missing]"), "{out}");

    // `*` stays within one folder.
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n\
         check:\n  ignore:\n    image-alt: ['content/posts/*.md']\n",
    );
    let (_, out) = check(&site, &[]);
    assert!(out.contains("warning[image-alt]"), "{out}");

    site.file(
        "bulletin.yaml",
        "check:\n  ignore:\n    image-alts: ['**']\n",
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("unknown finding code `image-alts`"), "{out}");
}

#[test]
fn links_to_paths_served_elsewhere_are_not_checked() {
    let site = good_site();
    site.file(
        "content/posts/c.md",
        post(
            "C",
            "2023-06-01",
            "author: ana\ndescription: C.",
            "See [the docs](/docs/install/), [their start](/docs) and [the team](/community/team); \
             not [this](/docsearch/).\n",
        ),
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("error[broken-link]").count(), 4, "{out}");
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n\
         check:\n  elsewhere: [/docs/, /community/]\n",
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("error[broken-link]").count(), 1, "{out}");
    assert!(out.contains("/docsearch/ is not a page"), "{out}");
    site.file("bulletin.yaml", "check:\n  elsewhere: [docs/]\n");
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("must be a path from the root"), "{out}");
}

#[test]
fn build_errors_are_check_errors() {
    let site = good_site();
    site.file(
        "content/posts/c.md",
        "---\ntitle: C\npublishDate: 'soon'\n---\nBody.\n",
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("content/posts/c.md:3:14: error[front-matter]: invalid date 'soon'"),
        "{out}"
    );

    // A template that does not compile is one error, not one per page.
    let site = good_site();
    site.file(
        "templates/tags.html",
        "{% extends \"base.html\" %}{% block content %}{{ x | nosuchfilter }}{% endblock content %}",
    );
    let (code, out) = check(&site, &[]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(errors.len(), 1, "{out}");
    assert!(errors[0].starts_with("templates/tags.html:1:"), "{out}");
}

/// A tiny HTTP server for external links: `/ok` is a page with `id="intro"`, anything
/// else is a 404. Returns its base URL and a count of requests.
fn pages_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let (status, body) = if request.starts_with("GET /ok ") {
                (
                    "200 OK",
                    "<html><body><h2 id=\"intro\">Intro</h2></body></html>",
                )
            } else {
                ("404 Not Found", "gone")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, hits)
}

#[test]
fn external_links_are_fetched_only_when_asked_and_cached() {
    use std::sync::atomic::Ordering;
    let (base, hits) = pages_server();
    let site = good_site();
    site.file(
        "content/posts/c.md",
        post(
            "C",
            "2023-06-01",
            "author: ana\ndescription: d",
            &format!("[a]({base}/ok#intro), [b]({base}/ok#later), [c]({base}/gone).\n"),
        ),
    );
    let cache = site.parent().join("cache");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("check")
            .args(args)
            .current_dir(site.root())
            .env("BULLETIN_CACHE_DIR", &cache)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };

    let (code, out) = run(&[]);
    assert_eq!((code, hits.load(Ordering::SeqCst)), (Some(0), 0), "{out}");

    let (code, out) = run(&["--external"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "content/posts/c.md:7:{}: error[external-anchor]: {base}/ok#later: the page has no #later",
            base.len() + 17
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "content/posts/c.md:7:{}: error[external-link]: {base}/gone answers 404",
            2 * base.len() + 33
        )),
        "{out}"
    );
    assert!(!out.contains("#intro"), "{out}");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "one request per URL");

    // The good page comes from the cache; the failure is asked again.
    let (_, again) = run(&["--external"]);
    assert_eq!(again, out);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[test]
fn closest_page_guesses_are_bounded_so_check_stays_linear() {
    // Each guess compares with every page: 60 broken links get 50 guesses.
    let site = good_site();
    let links: String = (0..60)
        .map(|i| format!("[x{i}](/2023/07/bb{i}/) [y{i}](#detailz{i})\n\n"))
        .collect();
    site.file(
        "content/posts/f.md",
        post(
            "F",
            "2023-09-01",
            "author: ana\ndescription: F.",
            &format!("## Details\n\n{links}"),
        ),
    );
    let run = site.run(&["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    let broken = all.matches("is not a page of this site").count()
        + all.matches("the page has no #").count();
    assert_eq!(broken, 120, "{all}");
    assert_eq!(all.matches("did you mean").count(), 50, "{all}");
}
