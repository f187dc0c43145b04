//! What every page tells search engines and link previews: a description of its own,
//! `og:locale` as `language_TERRITORY`, and a post's schema.org `BlogPosting`.

use crate::common::{Site, files, post};

fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    let start = format!(r#"<meta {attr}="{name}" content=""#);
    let at = html.find(&start)? + start.len();
    Some(html[at..at + html[at..].find('"')?].to_string())
}

#[test]
fn every_page_describes_itself() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://e.org/\nlanguage: en-GB\nsocial_cards: false\n",
    )
    .file(
        "content/posts/a.md",
        post(
            "Python 3.12.0 released",
            "2023-10-02",
            "tags: [release]\nauthor: Ana </script>",
            "The <final> release & more.\n",
        ),
    )
    .file(
        "content/posts/b.md",
        post("Python 3.12.1 released", "2023-12-08", "", "A bugfix.\n"),
    );
    site.build().clean();
    let pages: Vec<(String, String)> = (files(&site.root().join("public")).into_iter())
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(f, bytes)| (f, String::from_utf8(bytes).unwrap()))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for (page, html) in &pages {
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a redirect
        }
        let description = meta(html, "name", "description").unwrap_or_default();
        assert!(!description.trim().is_empty(), "{page} has no description");
        seen.insert(description);
        assert_eq!(
            meta(html, "property", "og:locale").as_deref(),
            Some("en_GB"),
            "{page}"
        );
    }
    // Each listing says what it lists.
    assert!(
        seen.contains("1 post tagged “release” on Bulletin."),
        "{seen:?}"
    );
    assert!(
        seen.contains("Every Python 3.12 release announced on Bulletin, from 3.12.0 to 3.12.1."),
        "{seen:?}"
    );

    let post = site.read("public/2023/10/a/index.html");
    let start = r#"<script type="application/ld+json">"#;
    let at = post.find(start).unwrap() + start.len();
    let json = &post[at..at + post[at..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    let posting: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(posting["@type"], "BlogPosting");
    assert_eq!(posting["headline"], "Python 3.12.0 released");
    assert_eq!(posting["author"][0]["name"], "Ana </script>");
    assert_eq!(posting["datePublished"], "2023-10-02T00:00:00+00:00");
    assert_eq!(posting["url"], "https://e.org/2023/10/a/");
    assert_eq!(posting["keywords"][0], "release");
}
