//! Tests of the translation as a whole: code left alone, lines kept, warnings capped,
//! markers round-tripped, and bodies made to be slow.

use std::path::Path;

use super::*;

/// Translates `src` (a body starting at line 1 of `p.md`).
pub(super) fn run(src: &str) -> (String, Vec<Diagnostic>) {
    translate(src.to_string(), 1, Path::new("p.md"))
}

/// `line:column code message` of each warning.
pub(super) fn warnings(w: &[Diagnostic]) -> Vec<String> {
    w.iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.code.unwrap_or(""),
                d.message
            )
        })
        .collect()
}

#[test]
fn plain_markdown_is_returned_as_it_is() {
    let src = "# Title\n\nText with <b>html</b>, { braces } and user@host.\n";
    let (out, w) = run(src);
    assert_eq!(out, src);
    assert!(w.is_empty());
}

#[test]
fn code_is_never_touched() {
    let src = "Use `{{ site.baseurl }}` and `<Note>`.\n\n```liquid\n{% include x %}\n{{< gh 1 >}}\n<Note>\n{/* c */}\nimport x from 'y'\n```\n\n    {{ indented }} <Foo />\n\n~~~\n[a](@/b.md)\n~~~\n";
    let (out, w) = run(src);
    assert_eq!(out, src);
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn lines_are_kept() {
    let src = "import A from 'a'\nimport {\n  B,\n} from 'b'\n\n<Note>\n\nSee [x]({{< ref\n  \"x\" >}}) and {/* a\nb */} here\n\n</Note>\n\n{{< figure src=\"a.png\" >}}\n\n<Box>\nin\n</Box>\nlast {{ page.x }}\n";
    let (out, w) = run(src);
    assert_eq!(out.lines().count(), src.lines().count(), "{out}");
    for (i, line) in src.lines().enumerate() {
        if line.starts_with("last") {
            assert_eq!(out.lines().nth(i), Some(line), "{out}");
        }
    }
    assert_eq!(
        warnings(&w),
        [
            "16:1 mdx-component MDX component <Box> is left out (its content is kept)",
            "19:6 foreign-syntax Liquid output `{{ page.x }}` is left as text",
        ]
    );
}

#[test]
fn body_line_offsets_locations() {
    let (_, w) = translate("x\n{{ page.x }}".into(), 7, Path::new("a.md"));
    assert_eq!(w[0].line, Some(8));
    assert_eq!(w[0].file.as_deref(), Some(Path::new("a.md")));
}

#[test]
fn warnings_are_capped() {
    let src = "{{< gh 1 >}} ".repeat(10_000);
    let (out, w) = run(&src);
    assert_eq!(out, src);
    assert_eq!(w.len(), KEPT + 1);
    let summary = w.last().unwrap();
    assert_eq!(
        summary.message,
        "9980 more constructs like the 20 above (foreign-syntax) are not listed"
    );
    assert_eq!((summary.line, summary.column), (Some(1), Some(20 * 13 + 1)));
}

#[test]
fn typed_markers_are_left_out() {
    let (out, _) = run("a\u{1}b\u{2}1:1\u{3} {{ x }}");
    assert_eq!(out, "ab1:1 {{ x }}");
    let (out, _) = run("`\u{1}k\u{2}1:1\u{3}` {{ x }}");
    assert_eq!(out, "`k1:1` {{ x }}");
}

#[test]
fn post_links_round_trip() {
    let src = "---\n[a]({% post_url 2024-01-31-a %}) [b]({{< relref \"b.md#sec\" >}})\n[c](@/posts/c.md) [d]({% post_url 2020-01-01-gone %})\n";
    let (out, w) = translate(src.to_string(), 5, Path::new("p.md"));
    assert!(w.is_empty(), "{w:?}");
    let lookup = |key: &str| -> Result<String, String> {
        let posts = [
            "content/posts/2024-01-31-a.md",
            "content/posts/b.md",
            "content/posts/c/index.md",
        ];
        let found: Vec<String> = posts
            .iter()
            .map(|p| post_key(p))
            .filter(|p| key_matches(p, key))
            .collect();
        match found.as_slice() {
            [one] => Ok(format!(
                "/2024/01/{}/",
                one.rsplit('/').next().unwrap_or("")
            )),
            _ => Err("no post has this file".into()),
        }
    };
    let (resolved, errors) = resolve_post_links(&out, 5, Path::new("p.md"), &lookup);
    assert_eq!(
        resolved.unwrap(),
        "---\n[a](/2024/01/2024-01-31-a/) [b](/2024/01/b/#sec)\n[c](/2024/01/c/) [d](2020-01-01-gone)\n"
    );
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(
        (e.line, e.column, e.code),
        (Some(7), Some(23), Some("broken-link"))
    );
    assert!(e.is_error());
    assert!(e.message.contains("2020-01-01-gone"), "{}", e.message);
}

/// Bodies made to be slow or to break a parser: each must come back (checked by
/// hand: each takes milliseconds in a release build) and say what it left.
#[test]
fn adversarial_bodies() {
    let mb = 1 << 20;
    let cases = [
        "{{<".repeat(mb / 3),
        "{{< x ".repeat(mb / 6),
        "{{%/*".repeat(mb / 5),
        "{%".repeat(mb / 2),
        "{{".repeat(mb / 2),
        "<A>".repeat(mb / 3),
        "</A>".repeat(mb / 4),
        "<A><B>".repeat(mb / 6) + &"</A>".repeat(mb / 8),
        "<A {".repeat(mb / 4),
        "<A b=\"".repeat(mb / 6),
        "{/*".repeat(mb / 3),
        "`{{ x }}".repeat(mb / 8),
        "[x](@/".repeat(mb / 6),
        "{% highlight x %}".repeat(mb / 17),
        "{% raw %}".repeat(mb / 9),
        "<TerminalBlock>".repeat(mb / 15),
        "import {\n".repeat(mb / 9),
        "<Note>\n".repeat(mb / 7),
        "{{< notice >}}".repeat(mb / 14),
        "{% note() %}".repeat(mb / 12),
        "\u{1}".repeat(mb),
        "é<Ä".repeat(mb / 5),
    ];
    for body in cases {
        let started = std::time::Instant::now();
        let (out, w) = run(&body);
        assert!(w.len() <= 2 * KEPT + 2, "{} warnings", w.len());
        assert!(out.len() <= body.len() * 20 + 1024);
        let took = started.elapsed();
        if took.as_millis() > 2000 {
            println!("slow: {:?} took {took:?}", &body[..20.min(body.len())]);
        }
    }
}

#[test]
fn no_panic_on_cut_bodies() {
    let src = "{% highlight ruby %}\nx\n{% endhighlight %}\n<Note title=\"é\">\n{{< figure src=\"é.png\" caption=\"ü\" >}}\n{/* ö */}\n</Note>\n[a](@/ä.md#ß) {{ \"/é\" | relative_url }}\nimport é from 'ü'\n";
    for end in (0..=src.len()).filter(|&e| src.is_char_boundary(e)) {
        let _ = run(&src[..end]);
        for start in (0..end).filter(|&s| src.is_char_boundary(s)).step_by(7) {
            let _ = run(&src[start..end]);
        }
    }
}

#[test]
fn python_imports_are_not_mdx_statements() {
    use super::scan::may_hold_foreign;
    assert!(!may_hold_foreign(
        "Text.\n\n```python\nimport sys\nfrom a import b\n```\n"
    ));
    assert!(!may_hold_foreign("import sys, os\nexport PATH=/usr/bin\n"));
    assert!(may_hold_foreign("import A from 'a';\n"));
    assert!(may_hold_foreign("x\nexport const meta = {};\n"));
    assert!(may_hold_foreign("See <Note>x</Note>\n"));
    assert!(may_hold_foreign("{{< ref \"x\" >}}"));
}

#[test]
fn vuepress_and_docusaurus_containers_become_callouts() {
    let src = "Intro.\n\n::: warning Breaking change\nSee *this*.\n:::\n\nAfter.\n\n```md\n::: tip\n```\n\n:::details More\nHidden.\n:::\n\n:::kaboom\nX\n:::\n\nEnd.\n";
    let (out, warnings) = run(src);
    assert!(
        out.contains(
            r#"<aside class="callout callout-warning"><p class="callout-title">Breaking change</p>"#
        ),
        "{out}"
    );
    assert!(out.contains("\n\nSee *this*.\n</aside>\n"), "{out}");
    assert!(
        out.contains("```md\n::: tip\n```"),
        "code is left alone: {out}"
    );
    assert!(
        out.contains("<details><summary>More</summary>\n\nHidden.\n</details>"),
        "{out}"
    );
    assert_eq!(
        out.lines().count(),
        src.lines().count(),
        "lines kept: {out}"
    );
    let last = out.lines().position(|l| l == "End.").unwrap();
    assert_eq!(last, src.lines().position(|l| l == "End.").unwrap());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(17));
    assert!(warnings[0].message.contains("`kaboom`"));
    // Written with no blank line around it (as the Nushell blog does), the Markdown
    // after it is still Markdown: a blank line is added, and the lines after move down
    // by one.
    let src = "Intro.\n::: warning Breaking change\nSee this.\n:::\nAfter, text.\n\n## Next\n";
    let (out, _) = run(src);
    assert!(
        out.ends_with("\nSee this.\n</aside>\n\nAfter, text.\n\n## Next\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), src.lines().count() + 2, "{out}");
    // A second blank line later takes one of the two back: `End.`, line 10 of the
    // text (index 9), is line 11.
    let (out, _) = run(&format!("{src}\n\nEnd.\n"));
    assert_eq!(out.lines().position(|l| l == "End."), Some(10), "{out}");
    // Blank lines beside a container keep the lines after it where they were.
    for src in [
        "\ntext\n\n\n::: tip\nx\n:::\n\nEnd.\n",
        "\n\n::: tip\nx\n:::\n\nEnd.\n",
        "text\r\n\r\n::: tip\r\nx\r\n:::\r\n\r\nEnd.\r\n",
    ] {
        let (out, _) = run(src);
        assert_eq!(
            out.lines().position(|l| l == "End."),
            src.lines().position(|l| l == "End."),
            "{src:?} → {out:?}"
        );
    }
    // A container in a list item stays in it.
    let (out, _) = run("- item\n\n   ::: tip\n   inside\n   :::\n- next\n");
    assert!(
        out.starts_with("- item\n   <aside class=\"callout callout-tip\">"),
        "{out}"
    );
    assert!(out.contains("   </aside>\n"), "{out}");
    // A table of contents marker is a blank line: the page has its own.
    let src = "Intro.\n\n[[toc]]\n\n* TOC\n{:toc}\n\n[TOC]\n`[[toc]]`\n\n```\n[[toc]]\n```\nEnd.\n";
    let (out, warnings) = run(src);
    assert_eq!(
        out,
        "Intro.\n\n\n\n\n\n\n\n`[[toc]]`\n\n```\n[[toc]]\n```\nEnd.\n"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    // One left open ends with the post, with a warning.
    let (out, warnings) = run("::: tip\nText\n");
    assert!(out.trim_end().ends_with("</aside>"), "{out}");
    assert!(warnings[0].message.contains("not closed"));
}
