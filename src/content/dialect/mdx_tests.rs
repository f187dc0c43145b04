//! Tests of MDX and JSX in Markdown.

use super::super::tests::{run, warnings};

#[test]
fn callouts_become_asides_around_their_markdown() {
    let (out, w) = run(
        "<Note>\n\n#### Title {/*title*/}\n\nSome **bold**.\n\n</Note>\n\n<Intro>\nFirst.\n</Intro>\n",
    );
    assert_eq!(
        out,
        "<aside class=\"callout callout-note\"><p class=\"callout-title\">Note</p>\n\n#### Title {#title}\n\nSome **bold**.\n\n</aside>\n\n\
         <aside class=\"callout callout-intro\">\n\nFirst.\n</aside>\n"
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn admonition_types_come_from_a_fixed_list() {
    let (out, _) =
        run("<Admonition type=\"caution\" title=\"Mind <this>\">\n\nx\n\n</Admonition>\n");
    assert!(
        out.starts_with("<aside class=\"callout callout-warning\"><p class=\"callout-title\">Mind &lt;this&gt;</p>\n"),
        "{out}"
    );
    let (out, _) = run("<Callout type=\"x&quot; onclick=&quot;\">\n\nx\n\n</Callout>\n");
    assert!(
        out.starts_with("<aside class=\"callout callout-note\">"),
        "{out}"
    );
}

#[test]
fn callout_on_one_line() {
    let (out, w) = run("<Note>hi</Note>\n");
    assert_eq!(
        out,
        "<aside class=\"callout callout-note\"><p class=\"callout-title\">Note</p>\n\nhi\n\n</aside>\n"
    );
    assert!(w.is_empty());
}

#[test]
fn nested_components() {
    let src = "<Pitfall>\n\n<ConsoleBlock level=\"error\">\n\nOops `<Note>` {count}\n\n</ConsoleBlock>\n\n<Box><Inner a={{b: {c: 1}}} /></Box>\n\n</Pitfall>\n";
    let (out, w) = run(src);
    assert_eq!(
        out,
        "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Pitfall</p>\n\n\n\nOops `<Note>` {count}\n\n\n\n\n\n</aside>\n"
    );
    assert_eq!(
        warnings(&w),
        [
            "3:1 mdx-component MDX component <ConsoleBlock> is left out (its content is kept)",
            "9:1 mdx-component MDX component <Box> is left out (its content is kept)",
            "9:6 mdx-component MDX component <Inner> is left out",
        ]
    );
}

#[test]
fn unclosed_and_stray_tags() {
    let (out, w) = run("<Warning>\n\nx\n");
    assert_eq!(
        out,
        "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>\n\nx\n\n</aside>\n"
    );
    assert_eq!(warnings(&w), ["1:1 mdx-component <Warning> is not closed"]);
    let (out, w) = run("a </Box> b\n");
    assert_eq!(out, "a  b\n");
    assert_eq!(
        warnings(&w),
        ["1:3 mdx-component </Box> closes no open component; left out"]
    );
    // An inner callout left open is closed with its container.
    let (out, w) = run("<Box>\n<Tip>\n\nx\n</Box>\n");
    assert_eq!(
        out,
        "\n<aside class=\"callout callout-tip\"><p class=\"callout-title\">Tip</p>\n\nx\n\n\n</aside>\n\n\n"
    );
    assert_eq!(w.len(), 2, "{w:?}");
}

#[test]
fn self_closing_and_inline_components() {
    let (out, w) = run(
        "# Changes <JumpToc/>\n\n<BlogPosts />\n\nWhen <CodeStep step={2}>initialValue</CodeStep> is set, <PrBy :pr=\"1\" user=\"a\" />.\n",
    );
    assert_eq!(out, "# Changes \n\n\n\nWhen initialValue is set, .\n");
    assert_eq!(
        warnings(&w),
        [
            "1:11 mdx-component MDX component <JumpToc> is left out",
            "3:1 mdx-component MDX component <BlogPosts> is left out",
            "5:6 mdx-component MDX component <CodeStep> is left out (its content is kept)",
            "5:57 mdx-component MDX component <PrBy> is left out",
        ]
    );
}

#[test]
fn html_and_generics_are_not_components() {
    let src = "<div>\n<details><summary>S</summary>\n\nx<br>\n</details>\n</div>\n\n<B>old</B> <A HREF=\"/x\">x</A> Vec<Value> Option<T>, a<B>, <Foo@bar.com>, <T and\n";
    let (out, w) = run(src);
    assert_eq!(out, src);
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn tags_with_expressions_and_strings() {
    let (out, w) = run(
        "<Diagram name=\"x\" height={350} alt=\"a > b\" fallback={<div>Loading...</div>} {...rest}>\ncaption\n</Diagram>\n",
    );
    assert_eq!(out, "\ncaption\n\n");
    assert_eq!(w.len(), 1);
    let (out, w) = run("<Foo bar=\"unclosed\n\ntext <Baz />\n");
    assert_eq!(
        out, "<Foo bar=\"unclosed\n\ntext \n",
        "a tag does not run across a blank line"
    );
    assert_eq!(w.len(), 1);
}

#[test]
fn comments_are_left_out() {
    let (out, w) = run(
        "a {/* one */} b\n{/*\nmany\n\nlines\n*/}\nc {/* x\ny */} d\n\ne\n## Not an id {/* two words */}\n",
    );
    assert_eq!(out, "a  b\n\n\n\n\n\nc  d\n\n\ne\n## Not an id \n");
    assert!(w.is_empty());
    let (out, w) = run("x {/* never closed\n");
    assert_eq!(out, "x {/* never closed\n");
    assert_eq!(
        warnings(&w),
        ["1:3 foreign-syntax a JSX comment `{/*` is not closed; left as text"]
    );
}

#[test]
fn statements_are_left_out() {
    let src = "import A from 'a';\nimport {\n  B,\n  C,\n} from \"b\";\nexport const meta = {\n  a: [1, 2],\n};\n\nText\nimport x from 'y' is prose here.\n\nimportant: yes\nexport FOO=1\n";
    let (out, w) = run(src);
    assert_eq!(
        out,
        "\n\n\n\n\n\n\n\n\nText\nimport x from 'y' is prose here.\n\nimportant: yes\nexport FOO=1\n"
    );
    assert!(w.is_empty());
}

#[test]
fn known_components() {
    let (out, w) = run(
        "<Sandpack>\n\n```js src/App.js\nexport default function App() {}\n```\n\n</Sandpack>\n\n<TerminalBlock>\nnpm install x\n</TerminalBlock>\n\n<YouTubeIframe src=\"https://www.youtube.com/embed/T8TZQ6k4SLE?t=973s\" />\n",
    );
    assert_eq!(
        out,
        "\n\n```js src/App.js\nexport default function App() {}\n```\n\n\n\n```bash\nnpm install x\n```\n\n\
         <a class=\"video-link\" href=\"https://www.youtube.com/watch?v=T8TZQ6k4SLE\">▶ Watch the video on YouTube</a>\n"
    );
    assert!(w.is_empty(), "{w:?}");
    let (_, w) = run("<YouTubeIframe src=\"https://example.com/x\" />");
    assert_eq!(w.len(), 1);
}

#[test]
fn escaped_tags_are_text() {
    let src = "\\<Note> and \\{{ x }}\n";
    let (out, w) = run(src);
    assert_eq!(out, src);
    assert!(w.is_empty());
}
