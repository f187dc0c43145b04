//! The pass over HTML: what is a URL, what is text, entities, and the feed's version.

use super::*;

/// Resolves like a post at `/p/2024/x/` of a site under `/p/`: relative URLs against
/// the post, root-relative ones under the base path.
fn page(url: &str) -> Option<String> {
    if url.starts_with("http") || url.starts_with('#') || url.is_empty() {
        None
    } else if let Some(rest) = url.strip_prefix('/') {
        Some(format!("/p/{rest}"))
    } else {
        Some(format!("/p/2024/x/{url}"))
    }
}

fn feed(url: &str) -> Option<String> {
    if url.starts_with('#') {
        Some(format!("https://e.org/p/2024/x/{url}"))
    } else if url.starts_with('/') && !url.starts_with("//") {
        Some(format!("https://e.org{url}"))
    } else {
        None
    }
}

fn both(html: &str) -> (String, String) {
    let r = rewrite(html, &page, Some(&feed));
    (r.page, r.feed.unwrap())
}

#[test]
fn every_spelling_of_an_attribute_is_resolved_on_pages_and_in_feeds() {
    let (p, f) = both(r#"<A HREF="/a/">a</A><img src = 'i.png'><a href=b/>b</a>"#);
    assert_eq!(
        p,
        r#"<A HREF="/p/a/">a</A><img src = '/p/2024/x/i.png'><a href="/p/2024/x/b/">b</a>"#
    );
    assert_eq!(
        f,
        r#"<A HREF="https://e.org/p/a/">a</A><img src = 'https://e.org/p/2024/x/i.png'><a href="https://e.org/p/2024/x/b/">b</a>"#
    );
}

#[test]
fn text_code_comments_and_scripts_hold_no_urls() {
    let html = r#"<code>href="/x"</code> &lt;a href="/y"&gt; <!-- <a href="/z"> --><script>s='<a href="/s">'</script><style>a[href="/c"]{}</style>"#;
    assert_eq!(both(html), (html.to_string(), html.to_string()));
}

#[test]
fn every_url_attribute_and_each_srcset_candidate() {
    let (p, f) = both(
        r#"<img srcset="a.png 1x, /b.png 2x"><video poster="v.jpg"></video><blockquote cite="/q/"></blockquote><form action="/f/"></form><object data="o.svg"></object><p data="x"></p>"#,
    );
    assert_eq!(
        p,
        r#"<img srcset="/p/2024/x/a.png 1x, /p/b.png 2x"><video poster="/p/2024/x/v.jpg"></video><blockquote cite="/p/q/"></blockquote><form action="/p/f/"></form><object data="/p/2024/x/o.svg"></object><p data="x"></p>"#
    );
    assert!(
        f.starts_with(
            r#"<img srcset="https://e.org/p/2024/x/a.png 1x, https://e.org/p/b.png 2x">"#
        ),
        "{f}"
    );
}

#[test]
fn values_are_decoded_then_written_escaped() {
    // `&amp;` is the author's `&`; a value Bulletin writes is escaped again.
    let (p, _) = both(r#"<a href="x?a=1&amp;b=&quot;2">x</a>"#);
    assert_eq!(p, r#"<a href="/p/2024/x/x?a=1&amp;b=&quot;2">x</a>"#);
    // An unquoted value is quoted when written.
    let (p, _) = both("<a href=x?a=1&amp;b=2>x</a>");
    assert_eq!(p, r#"<a href="/p/2024/x/x?a=1&amp;b=2">x</a>"#);
}

#[test]
fn footnotes_and_fragments_are_absolute_in_feeds_only() {
    let (p, f) = both(r##"<sup><a href="#fn-1">1</a></sup>"##);
    assert_eq!(p, r##"<sup><a href="#fn-1">1</a></sup>"##);
    assert_eq!(
        f,
        r##"<sup><a href="https://e.org/p/2024/x/#fn-1">1</a></sup>"##
    );
}

#[test]
fn feeds_leave_out_inline_svg_and_heading_anchors() {
    let html = r##"<h2 id="a">A<a class="heading-anchor" href="#a">#</a></h2><span class="badge"><svg viewBox="0 0 1 1"><svg><use href="/i.svg"/></svg></svg>PEP 8</span><svg/>x"##;
    let (p, f) = both(html);
    assert!(p.contains(r#"<use href="/p/i.svg"/>"#), "{p}");
    assert_eq!(f, r#"<h2 id="a">A</h2><span class="badge">PEP 8</span>x"#);
    // An element left open is the author's mistake: what follows it stays.
    let (_, f) = both("<svg><a href='/k/'>k</a>");
    assert_eq!(f, "<svg><a href='/k/'>k</a>");
}

#[test]
fn without_a_feed_only_the_page_is_written() {
    let r = rewrite(
        r#"<img src="i.png"><img src="https://o.org/j.png">"#,
        &page,
        None,
    );
    assert_eq!(r.feed, None);
    assert_eq!(
        r.images,
        [("i.png".to_string(), "/p/2024/x/i.png".to_string())]
    );
}

#[test]
fn pages_give_their_anchors_and_links_decoded() {
    let html = r#"<h2 id="whats-new">x</h2><p id="r&eacute;sum&eacute;"></p><div ID='a&amp;b'><a name=top></a><meta name="description">
<code>&lt;a id="no" href="/no/"&gt;</code><!-- <a href="/gone/"> --><a href="/what&#x27;s-new/"><img srcset="/s1.png 1x,/s2.png 2x">"#;
    let facts = page_facts(html);
    assert_eq!(
        facts.ids.into_iter().collect::<Vec<_>>(),
        ["a&b", "résumé", "top", "whats-new"]
    );
    assert_eq!(
        facts.links.into_iter().collect::<Vec<_>>(),
        ["/s1.png", "/s2.png", "/what's-new/"]
    );
}

#[test]
fn source_urls_say_where_each_is_written() {
    let src = "<p>\n<img src=\"a.png\" srcset=\"b.png 2x, c.png 3x\">\n<a href='/c/'>c</a>";
    let found: Vec<(String, usize, bool)> = (source_urls(src).into_iter())
        .map(|u| (u.url, u.at, u.shown))
        .collect();
    assert_eq!(
        found,
        [
            ("a.png".to_string(), 14, true),
            ("b.png".to_string(), 29, true),
            ("c.png".to_string(), 39, true),
            ("/c/".to_string(), 59, false),
        ]
    );
}

#[test]
fn srcset_candidates_follow_the_standard() {
    fn urls(v: &str) -> Vec<&str> {
        candidates(v).map(|c| c.url).collect()
    }
    assert_eq!(urls("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
    assert_eq!(
        urls(" a.png,, b.png , c.png 100w"),
        ["a.png", "b.png", "c.png"]
    );
    // A comma inside a URL is part of it.
    assert_eq!(urls("a.png,b.png 2x"), ["a.png,b.png"]);
    assert_eq!(urls("a.png (x, y) 1x, b.png"), ["a.png", "b.png"]);
    assert_eq!(urls(",,"), Vec::<&str>::new());
}

#[test]
fn hostile_html_is_kept_as_written() {
    // Unclosed tags, quotes and comments, many times over: nothing to resolve, and
    // nothing lost (the feed keeps an `<svg>` that never closes).
    for unit in ["<a href=\"http://o", "<svg>", "<!--", "&amp;", "<", "</"] {
        let html = unit.repeat(100_000);
        let r = rewrite(&html, &page, Some(&feed));
        assert_eq!(r.page, html, "{unit}");
        assert_eq!(r.feed.as_deref(), Some(html.as_str()), "{unit}");
    }
}

fn problems(pieces: &[&str]) -> Vec<Problem> {
    let mut b = Balance::default();
    let mut at = 0;
    for p in pieces {
        b.feed(p, at);
        at += p.len();
    }
    b.finish()
}

#[test]
fn hand_written_html_that_holds_together() {
    // Across pieces, optional end tags, void elements, custom and SVG elements.
    assert_eq!(
        problems(&[
            "<details><summary>More</summary>",
            "<ul><li>a<li>b</ul><p>x<br><img src=a>",
            "<my-widget></my-widget><svg><path d=''/><foo></foo></svg></details>"
        ]),
        []
    );
}

#[test]
fn unclosed_stray_unknown_and_doctype() {
    use Problem::*;
    assert_eq!(
        problems(&[
            "<div><span>a</div>",
            "</em><module>x</module>",
            "<!DOCTYPE html><table>"
        ]),
        [
            Unclosed("span".into(), 5),
            Stray("em".into(), 18),
            Unknown("module".into(), 23),
            Doctype(41),
            Unclosed("table".into(), 56),
        ]
    );
}

#[test]
fn deep_and_stray_html_stays_linear() {
    // Many open elements and many end tags that close nothing: each looked at once.
    let html = format!("{}{}", "<div>".repeat(50_000), "</span>".repeat(50_000));
    let found = problems(&[&html]);
    assert_eq!(found.len(), 100_000);
}
