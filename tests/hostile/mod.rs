//! Hostile content: strings made to break out of HTML attributes, elements, comments and
//! CDATA sections, pushed through every field a post, an author file and the config
//! have, into every output. Every page is parsed as HTML, every feed and the sitemap as
//! XML: no element or attribute the strings carry may appear, and every XML file parses.
//! Characters that XML forbids are refused where they are written, or left out of the
//! Markdown with a warning.

use crate::common::{Site, files, post};

/// An element and an attribute that only a break-out can create.
const EL: &str = "xss-el";
const ATTR: &str = "xss-attr";

/// Breaks out of double- and single-quoted attributes, elements, comments and CDATA.
fn payload() -> String {
    format!(
        r#"Q1"><{EL} {ATTR}=1>Q2'><{EL} {ATTR}='1'>Q3 {ATTR}="1" Q4 {ATTR}='1' --><{EL}> ]]><{EL}> &amp;&lt;{EL}&gt; </title></script><{EL}>"#
    )
}

/// `s` as a YAML double-quoted string (JSON strings are YAML).
fn y(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn hostile_site() -> Site {
    let p = payload();
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        format!(
            "title: {t}\ndescription: {t}\ndefault_author: {t}\nbase_url: https://example.org/blog/\n\
             extra:\n  motto: {t}\n",
            t = y(&p)
        ),
    );
    site.file(
        "content/authors/ann.yaml",
        format!(
            "name: {t}\nbio: {t}\nwebsite: {w}\nmastodon: {m}\ngithub: {t2}\nbluesky: {t2}\navatar: {w}\n",
            t = y(&p),
            t2 = y(&format!("x\"><{EL}>")),
            w = y(&format!("https://e.org/\"><{EL}/{ATTR}=1>")),
            m = y(&format!("https://m.org/'><{EL}/{ATTR}='1'>")),
        ),
    );
    let extra = format!(
        "description: {t}\nauthor: ann\ntags: [{t}, {t2}]\nsubtitle: {t}\nlegacyUrl: {l}\n",
        t = y(&p),
        t2 = y(&format!("tag\"><{EL} {ATTR}=1>")),
        l = y("/old/it's-\"quoted\"-<x>.html"),
    );
    // Raw HTML in Markdown is the author's and passes as written, so the payload goes
    // only where Bulletin writes the markup: code, link and image attributes, heading
    // ids, code block classes, badges, autolinks.
    let body = format!(
        "Intro with `{p}` in code.\n\n\
         ## One {{#a\"onmouseover=\"alert(1)\"x}}\n\n\
         ## Two {{#b\"><{EL}/{ATTR}=1>}}\n\n\
         ## Three {{#c'{ATTR}='1}}\n\n\
         [a link](https://e.org/\"{ATTR}=\"1 \"title \\\" {ATTR}=\\\"1\")\n\n\
         ![alt \"{ATTR}=\"1 &lt;{EL}&gt;](pic.png \"t' {ATTR}='1\")\n\n\
         [PEP 8](https://peps.python.org/pep-0008/ \"pep\\\" {ATTR}=\\\"1\")\n\n\
         See <https://e.org/?a=\"{ATTR}=\"1>.\n\n\
         ```js\"{ATTR}=\"1\n{p}\n```\n\n\
         Body text with a control character: a\u{1}b and \u{FFFE}.\n"
    );
    site.file(
        "content/posts/a/index.md",
        post(&p, "2024-01-02", &extra, &body),
    );
    site.file("content/posts/a/pic.png", "png");
    site.file(
        "content/posts/b.md",
        post("Plain", "2024-01-01", "tags: [plain]\n", "Text.\n"),
    );
    site
}

/// Elements and attributes of `html` that a break-out made.
fn break_outs(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if el.name() == EL {
            found.push(format!("<{EL}>"));
        }
        for (name, value) in el.attrs() {
            let lower = value.trim().to_ascii_lowercase();
            if name == ATTR
                || (name.starts_with("on") && name != "onload")
                || (matches!(name, "href" | "src") && lower.starts_with("javascript:"))
            {
                found.push(format!("<{} {name}={value:?}>", el.name()));
            }
        }
    }
    found
}

#[test]
fn hostile_strings_never_become_markup_and_feeds_stay_xml() {
    let site = hostile_site();
    let run = site.build().ok();
    run.says("U+0001");
    let out = files(&site.root().join("public"));
    assert!(out.len() > 20, "{:?}", out.keys());
    let mut pages = 0;
    for (name, bytes) in &out {
        let text = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") {
            pages += 1;
            assert_eq!(break_outs(&text), Vec::<String>::new(), "{name}");
            assert!(
                !text.contains('\u{1}') && !text.contains('\u{FFFE}'),
                "{name}"
            );
        }
        let xml = name.ends_with(".xml") || name == "feeds/posts/default";
        if xml {
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
            for node in doc.descendants() {
                assert_ne!(node.tag_name().name(), EL, "{name}");
                // The HTML inside the feeds is checked like a page (titles are text).
                // RSS: an item's description is HTML, the channel's is text.
                let in_item = node.parent().is_some_and(|p| p.tag_name().name() == "item");
                let html = match node.tag_name().name() {
                    "description" => in_item,
                    "encoded" => true,
                    "content" | "summary" => node.attribute("type") == Some("html"),
                    _ => false,
                };
                if html && let Some(content) = node.text() {
                    assert_eq!(break_outs(content), Vec::<String>::new(), "{name}");
                }
            }
        }
        if name.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        }
    }
    assert!(pages > 10, "{pages} pages");
    for feed in ["rss.xml", "atom.xml", "sitemap.xml", "feeds/posts/default"] {
        assert!(out.contains_key(feed), "{feed}");
    }
    // The payload arrived (escaped) rather than being dropped.
    let page = String::from_utf8_lossy(&out["2024/01/a/index.html"]).into_owned();
    assert!(page.contains("&lt;xss-el xss-attr=1&gt;"), "{page}");
    let _ = run;
}

#[test]
fn characters_feeds_cannot_carry_are_refused_where_they_are_written() {
    let cases = [
        (
            "content/posts/x.md",
            "---\ntitle: X\npublishDate: 2024-01-01\nauthor: \"a\\x01\"\n---\nBody.\n",
            "content/posts/x.md:4:9",
        ),
        (
            "content/posts/x.md",
            "---\ntitle: X\npublishDate: 2024-01-01\ntags: [ok, \"\\uFFFF\"]\n---\nBody.\n",
            "content/posts/x.md:4:12",
        ),
        (
            "content/posts/x.md",
            "---\ntitle: \"X\\u001b[31m\"\npublishDate: 2024-01-01\n---\nBody.\n",
            "content/posts/x.md:2:8",
        ),
        (
            "content/authors/ann.yaml",
            "name: \"Ann\\x02\"\n",
            "content/authors/ann.yaml:1:7",
        ),
        (
            "content/authors/ann.json",
            "{\n  \"name\": \"Ann\\u0003\"\n}\n",
            "content/authors/ann.json:2:3",
        ),
        (
            "bulletin.yaml",
            "title: ok\ndescription: \"d\\x0c\"\n",
            "bulletin.yaml:2:14",
        ),
    ];
    for (file, text, at) in cases {
        let site = Site::new();
        site.file(
            "content/posts/ok.md",
            post("Ok", "2024-01-01", "", "Body.\n"),
        );
        site.file(file, text);
        site.build()
            .fails()
            .has_line(&format!("{at}: error"))
            .says("which feeds");
        let check = site.run(&["check"]);
        assert_eq!(check.code, 1, "{file}: {}", check.stderr);
    }
}

#[test]
fn a_template_writing_a_broken_feed_fails_the_build() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    site.build().clean();
    let before = files(&site.root().join("public"));
    site.file(
        "templates/rss.xml",
        "<rss><channel><title>{{ site.title }}</channel></rss>\n",
    );
    site.build()
        .fails()
        .has_line("templates/rss.xml: error[feed-invalid]")
        .says("not well-formed XML");
    assert_eq!(files(&site.root().join("public")), before);
}

#[test]
fn file_names_with_noncharacters_are_refused() {
    for (file, says) in [
        ("content/posts/a\u{FFFE}b.md", "cannot be a URL segment"),
        (
            "content/posts/b\u{FFFF}x/index.md",
            "cannot be a URL segment",
        ),
        (
            "content/authors/al\u{FFFE}ice.json",
            "cannot be a URL segment",
        ),
    ] {
        let site = Site::new();
        let text = if file.ends_with(".json") {
            "{\"name\": \"Alice\"}".to_string()
        } else {
            post("P", "2024-01-03", "", "x\n")
        };
        site.file(file, text);
        site.file("content/posts/ok.md", post("Ok", "2024-01-01", "", "x\n"));
        site.build().fails().says(says);
    }
    let site = Site::new();
    site.file(
        "content/posts/a/index.md",
        post("A", "2024-01-03", "", "x\n"),
    );
    site.file("content/posts/a/f\u{FFFE}.png", "png");
    site.file("static/s\u{FDD0}.txt", "s");
    site.build()
        .fails()
        .says("file name \"f\\u{fffe}.png\" has a control character or a noncharacter")
        .says("has a control character or a noncharacter");
}
