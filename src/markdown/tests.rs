//! Tests of rendering a post's Markdown.

use super::summary::count_words;
use super::*;
fn render(body: &str, links: LinkBase<'_>) -> Rendered {
    super::render(body, links, &Rules::builtin())
}

const ROOT: LinkBase<'static> = LinkBase::new("/", "/2024/02/post/");
const PREVIEW: LinkBase<'static> = LinkBase::new("/preview/", "/2024/02/post/");

#[test]
fn extensions() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: note\n\n- [x] done\n- [ ] next\n\n\"quoted\" -- dash\n",
        ROOT,
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>x</del>"));
    assert!(r.html.contains("footnote-definition"));
    // Task boxes are labelled for screen readers (axe's `label` rule).
    assert!(
        r.html.contains(
            r#"<li><input type="checkbox" disabled checked aria-label="done"> done</li>"#
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains(r#"<li><input type="checkbox" disabled aria-label="to do"> next</li>"#),
        "{}",
        r.html
    );
    assert!(r.html.contains("“quoted” – dash"), "{}", r.html);
}

#[test]
fn raw_html_links_are_resolved_too() {
    let r = render(
        "<img src=\"./shot.png\" alt=\"\"> <a HREF='../x/'>x</a> <a href=\"https://o.org/\">o</a>\n",
        PREVIEW,
    );
    assert!(
        r.html.contains("src=\"/preview/2024/02/post/shot.png\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("HREF='/preview/2024/02/x/'"), "{}", r.html);
    assert!(r.html.contains("href=\"https://o.org/\""), "{}", r.html);
    // Every URL attribute, each candidate of a `srcset`; `data-*` are not URLs.
    let r = render(
        "<p data-src=\"x\"><img srcset=\"a.png 1x, ../b.png 2x\"><video poster=v.jpg></video></p>\n",
        ROOT,
    );
    assert!(
        r.html.contains(r#"<p data-src="x"><img srcset="/2024/02/post/a.png 1x, /2024/02/b.png 2x"><video poster="/2024/02/post/v.jpg"></video></p>"#),
        "{}",
        r.html
    );
}

#[test]
fn raw_html_passes_through() {
    let r = render("<div class=\"x\"><a href=\"/a/\">a</a></div>\n", PREVIEW);
    assert!(
        r.html
            .contains("<div class=\"x\"><a href=\"/preview/a/\">a</a></div>"),
        "{}",
        r.html
    );
    let r = render("<a href=\"//cdn.example/x\">a</a>\n", PREVIEW);
    assert!(r.html.contains("href=\"//cdn.example/x\""), "{}", r.html);
}

#[test]
fn links_follow_the_base_path() {
    let r = render(
        "[a](/2023/08/x/) [b](./img.png) [c](../other/#h) [d](https://x.org/) [e](#top) ![i](pic.png)",
        PREVIEW,
    );
    assert!(
        r.html.contains("href=\"/preview/2023/08/x/\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"/preview/2024/02/post/img.png\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"/preview/2024/02/other/#h\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"https://x.org/\""));
    assert!(r.html.contains("href=\"#top\""));
    assert!(r.html.contains("src=\"/preview/2024/02/post/pic.png\""));
    let r = render("[a](/x/) [b](mailto:a@b.c)", ROOT);
    assert!(r.html.contains("href=\"/x/\"") && r.html.contains("mailto:a@b.c"));
}

#[test]
fn heading_ids_are_unique_and_empty_links_dropped() {
    let r = render(
        "## Intro\n\n## Intro\n\n## [](https://x.org/#a)Call to action\n\n## Custom {#mine}\n",
        ROOT,
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["intro", "intro-1", "call-to-action", "mine"]);
    assert!(
        r.html.contains(
            "<h2 id=\"call-to-action\">Call to action<a class=\"heading-anchor\" href=\"#call-to-action\""
        ),
        "{}",
        r.html
    );
    // The feed's version has no anchors (readers show them as stray `#`s).
    let feed = render(
        "## [](https://x.org/#a)Call to action\n",
        LinkBase {
            feed_origin: Some("https://e.org"),
            ..ROOT
        },
    )
    .feed_html
    .unwrap();
    assert_eq!(feed, "<h2 id=\"call-to-action\">Call to action</h2>\n");
    assert_eq!(r.headings[2].title, "Call to action");
}

/// The theme's ids are never a heading's, even one the author gave: the page would
/// have two elements with one id (the skip link goes to `#main`).
#[test]
fn headings_do_not_take_the_theme_ids() {
    let r = render(
        "## Top {#main}\n\n## Contents {#toc-title}\n\n## Main\n",
        ROOT,
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "toc-title-1", "main-2"]);
}

/// The HTML Bulletin writes itself (heading anchors, code blocks, badges, resolved
/// raw HTML links) keeps every value inside its attribute: parsed, each attribute
/// holds exactly what it was given, and no other attribute or element appears.
#[test]
fn attributes_bulletin_writes_are_escaped() {
    let id = r#"a"onmouseover="alert(1)"x"#;
    let lang = r#"py"><script>alert(1)</script>"#;
    let issue = r#"https://github.com/python/cpython/issues/1?x="onclick="y"#;
    let body = format!(
        "## One {{#{id}}}\n\n```{lang}\nx\n```\n\n<{issue}>\n\n<img alt=\"\" src=\"./i.png\" />\n"
    );
    let links = LinkBase::new("/", "/2024/02/q\"onload='z'/");
    let html = render(&body, links).html;
    let wrapped = format!("<root>{html}</root>");
    let doc = roxmltree::Document::parse(&wrapped).unwrap_or_else(|e| panic!("{e}: {html}"));
    let mut seen = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert_ne!(name, "script", "{html}");
        for a in node.attributes() {
            assert!(!a.name().starts_with("on"), "{}: {html}", a.name());
            seen.push((
                name.to_string(),
                a.name().to_string(),
                a.value().to_string(),
            ));
        }
    }
    let has = |el: &str, attr: &str, value: &str| {
        seen.iter()
            .any(|(e, a, v)| e == el && a == attr && v == value)
    };
    assert!(has("h2", "id", id), "{seen:?}");
    assert!(has("a", "href", &format!("#{id}")), "{seen:?}");
    assert!(
        has("code", "class", &format!("language-{lang}")),
        "{seen:?}"
    );
    assert!(has("a", "href", issue), "{seen:?}");
    assert!(
        has("img", "src", "/2024/02/q\"onload='z'/i.png"),
        "{seen:?}"
    );
}

/// Renders `body` through the pipeline itself, to see the work it did.
fn pipeline(body: &str) -> pipeline::Pipeline<'_, 'static, Parser<'_>> {
    static RULES: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(Rules::builtin);
    let mut events = pipeline::Pipeline::new(Parser::new_ext(body, options()), body, ROOT, &RULES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.by_ref());
    events
}

#[test]
fn ten_thousand_identical_headings_are_numbered_with_linear_work() {
    let n = 10_000;
    let body = "## a\n\n".repeat(n);
    let done = pipeline(&body);
    let ids: Vec<&str> = done.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), n);
    assert_eq!(ids[0], "a");
    for (i, id) in ids.iter().enumerate().skip(1) {
        assert_eq!(*id, format!("a-{i}"));
    }
    // Each heading tries the id it wants, then the next number not yet tried.
    assert!(
        done.ids.names.tried <= 2 * n,
        "{} ids tried",
        done.ids.names.tried
    );
    // Numbers taken by other headings are skipped, each once.
    let body = "## a-1\n\n## a-3\n\n".to_string() + &"## a\n\n".repeat(4) + "## A {#a-4}\n";
    let done = pipeline(&body);
    let ids: Vec<&str> = done.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a-3", "a", "a-2", "a-5", "a-6", "a-4"]);
    assert!(
        done.ids.names.tried <= 2 * 7 + 3,
        "{} ids tried",
        done.ids.names.tried
    );
}

#[test]
fn events_stream_through_whatever_the_post_holds() {
    let n = 5_000;
    let body: String = (0..n)
        .map(|i| {
            format!(
                "Issue <https://github.com/python/cpython/issues/{i}>.\n\n```py\nx = {i}\n```\n\n## [](https://x.org/)H {i}\n\n"
            )
        })
        .collect();
    let done = pipeline(&body);
    assert_eq!(done.references.len(), n);
    assert_eq!(done.headings.len(), n);
    assert_eq!(done.text.words, 4 * n, "Issue, ., H and the number");
    // One heading, link or code block at a time, never the post.
    assert!(done.held <= 8, "{} events held at once", done.held);
    let html = render(&body, ROOT).html;
    assert_eq!(
        html.matches("class=\"badge badge-github-issue\"").count(),
        n
    );
    assert_eq!(html.matches("<pre tabindex=\"0\">").count(), n);
    assert!(html.contains("<h2 id=\"h-4999\">H 4999<a class=\"heading-anchor\""));
    // A heading of ten thousand empty links holds only its text.
    let body = "## ".to_string() + &"[](https://x.org/)".repeat(10_000) + "Title\n";
    let done = pipeline(&body);
    assert_eq!(done.headings[0].id, "title");
    assert!(done.held <= 4, "{} events held at once", done.held);
}

#[test]
fn a_first_paragraph_of_a_million_words_is_summarised_from_its_start() {
    let body = "word ".repeat(1_000_000);
    let r = render(&body, ROOT);
    assert_eq!(r.words, 1_000_000);
    let want = "word ".repeat(60).trim_end().to_string() + "…";
    assert_eq!(r.summary, want);
    // With the marker, the text before it, however long.
    let body = "lead ".repeat(1_000_000) + "\n\n<!-- more -->\n\nRest.\n";
    assert!(render(&body, ROOT).summary.starts_with("lead lead"));
}

#[test]
fn summaries() {
    let r = render("First *para* here.\n\nSecond.\n", ROOT);
    assert_eq!(r.summary, "First para here.");
    let r = render("# Title\n\nIntro text.\n<!-- more -->\nRest.\n", ROOT);
    assert_eq!(r.summary, "Title Intro text.");
    let long = "word ".repeat(200);
    let s = shorten(&long, 50);
    assert!(s.chars().count() <= 51 && s.ends_with('…'), "{s}");
}

#[test]
fn review_cases() {
    let r = render("Mail <foo@example.org>\n", PREVIEW);
    assert!(
        r.html.contains("href=\"mailto:foo@example.org\""),
        "{}",
        r.html
    );
    let r = render("[q](?page=2)\n", PREVIEW);
    assert!(
        r.html.contains("href=\"/preview/2024/02/post/?page=2\""),
        "{}",
        r.html
    );
    let r = render(
        "Use it like this:\n\n```\n<!-- more -->\n```\n\nMore text.\n",
        ROOT,
    );
    assert_eq!(r.summary, "Use it like this:");
    let r = render(
        "## Intro\n\n## Intro\n\n## Later {#intro-1}\n\n## Main\n",
        ROOT,
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["intro", "intro-2", "intro-1", "main-1"]);
}

#[test]
fn badges_replace_bare_links_and_are_collected() {
    let r = render(
        "See <https://peps.python.org/pep-0695/> and [the new syntax](https://peps.python.org/pep-0695/).\n\n## [PEP 8](https://peps.python.org/pep-0008/)\n",
        ROOT,
    );
    assert!(r.html.contains("class=\"badge badge-pep\""), "{}", r.html);
    assert!(
        r.html.contains(">the new syntax</a>"),
        "prose links stay: {}",
        r.html
    );
    assert!(
        r.html
            .contains("<h2 id=\"pep-8\"><a href=\"https://peps.python.org/pep-0008/\">PEP 8</a>"),
        "{}",
        r.html
    );
    let labels: Vec<_> = r.references.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["PEP 695", "PEP 695", "PEP 8"]);
    let off = super::render(
        "<https://peps.python.org/pep-0695/>",
        ROOT,
        &Rules::from_config(&crate::badges::BadgesConfig {
            enabled: Some(false),
            ..Default::default()
        })
        .unwrap(),
    );
    assert!(off.references.is_empty() && !off.html.contains("badge"));
}

#[test]
fn code_blocks_are_focusable_highlighted_and_escaped() {
    let r = render(
        "```python\nif a < b:\n    pass\n```\n\n    indented\n\n```klingon\nx < y\n```\n",
        ROOT,
    );
    let python =
        "<pre tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-keyword\">if</span>";
    assert!(r.html.contains(python), "{}", r.html);
    assert!(r.html.contains("a &lt; b"), "{}", r.html);
    let plain = "<pre tabindex=\"0\"><code>indented\n</code></pre>";
    assert!(r.html.contains(plain), "{}", r.html);
    let unknown = "<code class=\"language-klingon\">x &lt; y\n</code>";
    assert!(r.html.contains(unknown), "{}", r.html);
    assert_eq!(r.words, 0, "code is not prose");
}

#[test]
fn description_and_words() {
    assert_eq!(
        description_text("See [the notes](https://x.org/) *now*"),
        "See the notes now"
    );
    assert_eq!(description_text("  It's   3.12  "), "It's 3.12");
    assert_eq!(count_words(" one  two\nthree\t"), 3);
    assert_eq!(count_words("Łukasz écrit"), 2);
    assert_eq!(count_words(""), 0);
}

#[test]
fn slugs_and_words() {
    assert_eq!(heading_slug("What's new in 3.12?"), "whats-new-in-312");
    assert_eq!(heading_slug("Ünïcode Title"), "ünïcode-title");
    assert_eq!(heading_slug("!!"), "section");
    use crate::url::HeadingIdStyle::{Github, Vuepress, Zola};
    let styled = |t: &str, s| headings::styled_slug(t, s);
    assert_eq!(
        styled("Python 3.12 - final_notes", Github),
        "python-312---final_notes"
    );
    assert_eq!(styled("What's new in 3.12?", Github), "whats-new-in-312");
    assert_eq!(styled("Ünïcode “Title”", Github), "ünïcode-title");
    assert_eq!(styled("?!", Github), "section");
    assert_eq!(styled("✨ Highlights", Github), "-highlights");
    assert_eq!(
        styled("⚙\u{fe0f} Better defaults", Github),
        "\u{fe0f}-better-defaults"
    );
    assert_eq!(
        styled("Details on the `0.87.1` hotfix release [toc]", Vuepress),
        "details-on-the-0-87-1-hotfix-release-toc"
    );
    assert_eq!(styled("Nu_Scripts", Vuepress), "nu-scripts");
    assert_eq!(styled("Ünïcode — “quoted”", Vuepress), "unicode-—-quoted");
    assert_eq!(styled("0.87 release", Vuepress), "_0-87-release");
    assert_eq!(
        styled("Release 22.03 Highlights", Zola),
        "release-22-03-highlights"
    );
    assert_eq!(styled("!!", Zola), "section");
    assert_eq!(render("one two `three`", ROOT).words, 3);
}

#[test]
fn definition_lists_as_hugo_and_jekyll_write_them_when_asked() {
    let on = LinkBase {
        definition_lists: true,
        ..ROOT
    };
    let html = render("Hugo\n: A generator.\n\nText: not a term.\n", on).html;
    assert!(
        html.contains("<dl>\n<dt>Hugo</dt>\n<dd>A generator.</dd>\n</dl>"),
        "{html}"
    );
    assert!(html.contains("<p>Text: not a term.</p>"), "{html}");
    // Off (the default), a line that starts with `:` is text: an emoji shortcode
    // starting a paragraph stays one.
    let html = render("We shipped.\n\n:tada: Thanks!\n", ROOT).html;
    assert!(html.contains("<p>:tada: Thanks!</p>"), "{html}");
}

#[test]
fn emoji_shortcodes_outside_code_when_asked() {
    let text = "Thanks :pray:\n\n```\nmatch x { :a: }\n:tada:\n```\n\n`:tada:` :tada:\n";
    let html = render(
        text,
        LinkBase {
            emoji_shortcodes: true,
            ..ROOT
        },
    )
    .html;
    assert!(html.contains("<p>Thanks 🙏</p>"), "{html}");
    assert!(
        html.contains("\n:tada:\n"),
        "code blocks are left alone: {html}"
    );
    assert!(html.contains("<code>:tada:</code> 🎉"), "{html}");
    assert!(render(text, ROOT).html.contains("Thanks :pray:"));
}

#[test]
fn bare_urls_stay_as_written_whatever_the_text_around_them_becomes() {
    let text = "Changes: https://github.com/o/r/compare/v1.0...v1.1 and https://e.org/a--b/it's, \
                http://x.org/:tada: :tada:\n\n<a href=\"https://z.org\">https://inner.org</a>\n";
    let html = render(
        text,
        LinkBase {
            emoji_shortcodes: true,
            ..ROOT
        },
    )
    .html;
    for href in [
        r#"href="https://github.com/o/r/compare/v1.0...v1.1">https://github.com/o/r/compare/v1.0...v1.1</a>"#,
        r#"href="https://e.org/a--b/it&#x27;s">https://e.org/a--b/it's</a>"#,
        // A trailing `:` ends the URL, as in GFM; the shortcode in it stays.
        r#"href="http://x.org/:tada">http://x.org/:tada</a>: 🎉"#,
    ] {
        assert!(html.contains(href), "{href}: {html}");
    }
    assert!(
        !html.contains(r#"href="https://inner.org""#),
        "no link in a link: {html}"
    );
}

#[test]
fn bare_urls_become_links_unless_turned_off() {
    let text = "See https://example.org/a_b_c. Or `https://x.org` and\n\n    https://code.org\n\nhttps://github.com/python/cpython/pull/123\n";
    let html = render(text, ROOT).html;
    assert!(
        html.contains(r#"See <a href="https://example.org/a_b_c">https://example.org/a_b_c</a>. Or <code>https://x.org</code>"#),
        "{html}"
    );
    assert!(!html.contains(r#"href="https://x.org""#), "{html}");
    assert!(!html.contains(r#"href="https://code.org""#), "{html}");
    assert!(
        html.contains(r#"href="https://github.com/python/cpython/pull/123""#),
        "{html}"
    );
    let off = render(
        text,
        LinkBase {
            autolink: false,
            ..ROOT
        },
    )
    .html;
    assert!(!off.contains("<a "), "{off}");
}

#[test]
fn smart_punctuation_can_be_turned_off() {
    let text = "Use `cargo` with --locked, \"quoted\" -- and...\n";
    let smart = render(text, ROOT).html;
    assert!(smart.contains("with –locked, “quoted” – and…"), "{smart}");
    let plain = render(
        text,
        LinkBase {
            smart_punctuation: false,
            ..ROOT
        },
    )
    .html;
    assert!(
        plain.contains("with --locked, \"quoted\" -- and..."),
        "{plain}"
    );
}

/// Characters XML forbids, written as entities (`&#x1F;`), are left out like those
/// written as they are: the parser decodes them in text, link and image titles,
/// and code block info strings.
#[test]
fn forbidden_characters_from_entities_are_left_out() {
    let body = "t &#x1F; &#xFFFE; u\n\n\
                [a&#1;](/x/ \"title&#2;\") ![alt&#3;](p.png \"t&#4;\")\n\n\
                ## H&#5;\n\n\
                ```py&#6;\nx\n```\n\n\
                > q&#x1b;[31m\n";
    let r = render(body, ROOT);
    assert_eq!(crate::escape::forbidden_char(&r.html), None, "{:?}", r.html);
    assert_eq!(
        crate::escape::forbidden_char(&r.summary),
        None,
        "{:?}",
        r.summary
    );
    assert!(r.headings.iter().all(|h| !h.title.contains('\u{5}')));
    assert!(r.html.contains("<p>t   u</p>"), "{}", r.html);
    assert!(r.html.contains("q[31m"), "{}", r.html);
}
