//! Tests of the highlighter as a whole: every language on samples, unterminated
//! tokens, very long lines, linear time and random input; and the helpers each
//! language's tests use.

use super::*;

const CLASSES: [&str; 16] = [
    "keyword", "string", "comment", "number", "function", "type", "constant", "builtin", "attr",
    "tag", "prompt", "output", "inserted", "deleted", "meta", "variable",
];

/// Parses highlighter output into (class, text) runs, checking that it is
/// well-formed: only known, non-nested, non-empty spans and the five entities.
/// Plain text has the class "".
pub(super) fn parse(html: &str) -> Vec<(String, String)> {
    let mut runs: Vec<(String, String)> = vec![(String::new(), String::new())];
    let mut open = false;
    let mut rest = html;
    while let Some(p) = rest.find(['<', '&', '>', '"', '\'']) {
        runs.last_mut().unwrap().1.push_str(&rest[..p]);
        rest = &rest[p..];
        if let Some(r) = rest.strip_prefix("</span>") {
            assert!(open, "close without open in {html:?}");
            assert!(!runs.last().unwrap().1.is_empty(), "empty span in {html:?}");
            open = false;
            runs.push((String::new(), String::new()));
            rest = r;
        } else if let Some(r) = rest.strip_prefix("<span class=\"hl-") {
            assert!(!open, "nested span in {html:?}");
            let end = r.find("\">").expect("end of tag");
            let class = &r[..end];
            assert!(CLASSES.contains(&class), "unknown class {class}");
            open = true;
            runs.push((class.to_string(), String::new()));
            rest = &r[end + 2..];
        } else {
            let (entity, ch) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#39;", '\''),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e))
            .unwrap_or_else(|| panic!("unescaped {:?} in {html:?}", &rest[..1]));
            runs.last_mut().unwrap().1.push(ch);
            rest = &rest[entity.len()..];
        }
    }
    runs.last_mut().unwrap().1.push_str(rest);
    assert!(!open, "unclosed span in {html:?}");
    runs.retain(|(_, t)| !t.is_empty());
    runs
}

/// Highlights, checks the round trip (the code less the characters XML forbids, which
/// the escaping leaves out), and returns the runs.
pub(super) fn runs(lang: &str, code: &str) -> Vec<(String, String)> {
    let html = highlight(lang, code).expect("known language");
    let runs = parse(&html);
    let text: String = runs.iter().map(|(_, t)| t.as_str()).collect();
    let kept = crate::escape::drop_forbidden(code);
    assert_eq!(text, kept, "round trip of {lang} through {html:?}");
    let bytes = render(Lang::from_name(lang).unwrap(), code.as_bytes());
    assert!(
        String::from_utf8(bytes).is_ok(),
        "{lang}: invalid UTF-8 for {code:?}"
    );
    runs
}

/// Asserts that each (class, text) is a token of `code`'s highlighting.
pub(super) fn has(lang: &str, code: &str, expected: &[(&str, &str)]) {
    let runs = runs(lang, code);
    for (class, text) in expected {
        assert!(
            runs.iter().any(|(c, t)| c == class && t == text),
            "{lang}: expected {class} {text:?} in {runs:?}"
        );
    }
}

/// Asserts that no token of `code` is exactly `text` with a class.
pub(super) fn plain(lang: &str, code: &str, texts: &[&str]) {
    let runs = runs(lang, code);
    for text in texts {
        assert!(
            !runs.iter().any(|(c, t)| !c.is_empty() && t == text),
            "{lang}: {text:?} should be plain in {runs:?}"
        );
    }
}

/// The class of the run holding `needle` (a substring of one run).
pub(super) fn class_of(lang: &str, code: &str, needle: &str) -> String {
    let runs = runs(lang, code);
    runs.iter()
        .find(|(_, t)| t.contains(needle))
        .map(|(c, _)| c.clone())
        .unwrap_or_else(|| panic!("{needle:?} not in one run of {runs:?}"))
}

const SAMPLES: &[(&str, &str)] = &[
    (
        "python",
        "@app.route('/')\nclass A(B):\n    \"\"\"Doc\n    more\"\"\"\n    def f(self, x=0x_ff):\n        return rb'\\d' + f\"{x!r}\"  # c\n",
    ),
    (
        "pycon",
        ">>> def f():\n...     return '''a\n... b'''\n...\n>>> f()\n'a\\nb'\n",
    ),
    (
        "console",
        "$ echo \"$HOME\" 'x' # c\n/home/me\n(venv) $ pip install x \\\n>   y\nok\n# apt install z\n% ls\n",
    ),
    (
        "bash",
        "for f in *.txt; do echo \"${f%.txt}: $(wc -l < \"$f\")\"; done\ncat <<EOF\nbody $x\nEOF\n",
    ),
    (
        "powershell",
        "# c\n$x = \"Hi $name\"; if ($x -eq $null) { Write-Host 'a''b' }\n<# block #>\n",
    ),
    (
        "rust",
        "#[derive(Debug)]\nfn f<'a>(s: &'a str) -> char { let r = r#\"a\"b\"#; /* a /* b */ c */ 'x' }\n",
    ),
    (
        "c",
        "#include <stdio.h>\nint main(void) { char c = '\\''; return printf(\"%d\\n\", 0x1FUL); }\n",
    ),
    (
        "cpp",
        "auto s = R\"x(a \")\" b)x\"; int n = 1'000; class C final {};\n",
    ),
    (
        "go",
        "func (s *S) Name() string { return `raw\nstr` + string('x') }\n",
    ),
    (
        "javascript",
        "const t = `a ${b + `c ${d}`} e`; const r = /x\\/y/g, q = a / b / c; // c\n",
    ),
    (
        "typescript",
        "interface I { x: number }\ntype T = I | null;\n",
    ),
    ("json", "{\"a\": [1, -2.5e3, true, null, \"s\\\"\"]}\n"),
    (
        "yaml",
        "a: 1 # c\nb: |\n  text\n  more\nc: [x, 'y', \"z\"]\n- d: ~\n",
    ),
    ("toml", "[t]\nk = \"v\"\nd = 1979-05-27\nm = '''\nx'''\n"),
    ("ini", "; c\n[s]\nk = v\n"),
    (
        "html",
        "<!-- c --><p class=\"x\">a &amp; b<br/></p><script>let x = 1 < 2;</script><style>p{color:red}</style>\n",
    ),
    (
        "css",
        "a:hover, .b > #c { color: #fff; margin: -1.5em 0; } @media (x: 1px) { p { } }\n",
    ),
    (
        "sql",
        "SELECT count(*) FROM t WHERE a = 'it''s' -- c\n/* b */\n",
    ),
    ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n z\n"),
    (
        "markdown",
        "# T\ntext `code` [l](http://x)\n```\ncode\n```\n",
    ),
    ("dockerfile", "FROM x AS y\nRUN a && \\\n    b # c\n"),
    ("makefile", "X := 1\nall: $(X)\n\techo $@\n"),
    ("text", "<plain> & \"text\"\n"),
];

#[test]
fn round_trip_on_samples() {
    for (lang, code) in SAMPLES {
        let runs = runs(lang, code);
        if *lang != "text" {
            assert!(
                runs.iter().any(|(c, _)| !c.is_empty()),
                "{lang}: nothing highlighted"
            );
        }
    }
}

#[test]
fn unknown_language_and_canonical_names() {
    assert_eq!(highlight("brainfuck", "+++"), None);
    assert_eq!(highlight("", "x"), None);
    assert_eq!(canonical("cobol"), None);
    let aliases = [
        ("py", "python"),
        ("Python3", "python"),
        ("PYTHON", "python"),
        ("pycon", "pycon"),
        ("shell-session", "console"),
        ("terminal", "console"),
        ("Console", "console"),
        ("sh", "bash"),
        ("shell", "bash"),
        ("zsh", "bash"),
        ("ps1", "powershell"),
        ("pwsh", "powershell"),
        ("rs", "rust"),
        ("c", "c"),
        ("c++", "cpp"),
        ("cxx", "cpp"),
        ("h", "cpp"),
        ("hpp", "cpp"),
        ("golang", "go"),
        ("js", "javascript"),
        ("mjs", "javascript"),
        ("cjs", "javascript"),
        ("ts", "typescript"),
        ("json", "json"),
        ("yml", "yaml"),
        ("toml", "toml"),
        ("cfg", "ini"),
        ("conf", "ini"),
        ("xml", "html"),
        ("svg", "html"),
        ("css", "css"),
        ("sql", "sql"),
        ("patch", "diff"),
        ("md", "markdown"),
        ("Dockerfile", "dockerfile"),
        ("Makefile", "makefile"),
        ("plain", "text"),
        ("none", "text"),
        (" py ", "python"),
    ];
    for (alias, name) in aliases {
        assert_eq!(canonical(alias), Some(name), "{alias}");
        assert!(highlight(alias, "x").is_some(), "{alias}");
    }
}

#[test]
fn text_is_only_escaped() {
    assert_eq!(
        highlight("text", "a < b && \"c\" 'd'").unwrap(),
        "a &lt; b &amp;&amp; &quot;c&quot; &#39;d&#39;"
    );
    assert_eq!(highlight("none", "").unwrap(), "");
}

#[test]
fn characters_xml_forbids_are_left_out() {
    assert_eq!(
        highlight("text", "a\u{0}<\u{1b}b\u{FFFE}\u{FFFF}\t\u{FFFD}").unwrap(),
        "a&lt;b\t\u{FFFD}"
    );
    // A token of nothing else leaves no span.
    assert_eq!(
        highlight("console", "$ ls\n\u{1}\n").unwrap(),
        "<span class=\"hl-prompt\">$ </span>ls\n\n"
    );
}

const LANGS: [&str; 23] = [
    "python",
    "pycon",
    "console",
    "bash",
    "powershell",
    "rust",
    "c",
    "cpp",
    "go",
    "javascript",
    "typescript",
    "json",
    "yaml",
    "toml",
    "ini",
    "html",
    "css",
    "sql",
    "diff",
    "markdown",
    "dockerfile",
    "makefile",
    "text",
];

#[test]
fn unterminated_tokens_keep_their_text() {
    let openers = [
        "\"abc",
        "'abc",
        "`abc",
        "/* abc",
        "\"\"\"abc\ndef",
        "'''abc",
        "<!-- abc",
        "r#\"abc",
        "<<EOF\nabc",
        "$(echo \"x",
        "${abc",
        "<# abc",
        "<a href=\"x",
        "[abc",
        "{\"a\": \"b",
        "@\"\nabc",
        "R\"x(abc",
        "x = `a ${b",
        "$'abc",
        "\\",
        "'",
        "\"",
        "#",
        "<",
        "&",
        "$",
        ">>> '''abc\n... def",
        "$ echo 'abc\ndef",
        "```\ncode",
        "-- abc",
        "key: |\n  abc",
    ];
    for lang in LANGS {
        for opener in openers {
            runs(lang, opener);
            runs(lang, &format!("x {opener}"));
            runs(lang, &format!("{opener}\n"));
        }
    }
}

#[test]
fn very_long_lines() {
    let long = format!(
        "x = \"{}\" + '{}' # {}\n",
        "a\\\"".repeat(20_000),
        "é".repeat(20_000),
        "<&>".repeat(10_000)
    );
    let many = "(\"'`/*{[<$#@\\".repeat(8_000);
    for lang in LANGS {
        runs(lang, &long);
        runs(lang, &many);
    }
}

#[test]
fn searches_stay_linear() {
    // Fragments whose searches could be repeated over a line: a quadratic lexer
    // would take minutes here.
    for frag in [
        "/[", "${", "$(", "r#\"", "R\"x(", "](", "<a ", "'a", "[", "{", "\"", "url(", "``",
    ] {
        let line = frag.repeat(12_000 / frag.len());
        let lines = format!("{frag}\n").repeat(6_000 / (frag.len() + 1));
        for lang in LANGS {
            runs(lang, &line);
            runs(lang, &lines);
        }
    }
}

/// A small xorshift generator: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random code: fragments that matter to lexers, random characters and bytes.
fn random_code(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "\"",
        "'",
        "`",
        "\"\"\"",
        "'''",
        "/*",
        "*/",
        "//",
        "#",
        "--",
        "<!--",
        "-->",
        "<",
        ">",
        "</",
        "/>",
        "&",
        ";",
        "$",
        "${",
        "$(",
        "}",
        ")",
        "{",
        "(",
        "[",
        "]",
        "\\",
        "\n",
        "\r\n",
        "\t",
        " ",
        "  ",
        "=",
        ":",
        ": ",
        ",",
        ".",
        "..",
        "0x",
        "1",
        "9_9",
        "1e",
        "e+",
        "r#\"",
        "\"#",
        "b'",
        "'a",
        "f\"",
        "@",
        "!",
        "?",
        "|",
        ">>> ",
        "... ",
        "$ ",
        "# ",
        "% ",
        "> ",
        "<<EOF",
        "<<-X",
        "EOF",
        "X",
        "\tX",
        "- ",
        "---",
        "```",
        "~~~",
        "@@",
        "+",
        "-",
        "[[",
        "]]",
        "def",
        "class",
        "fn",
        "if",
        "in",
        "for",
        "do",
        "done",
        "case",
        "esac",
        "match",
        "type",
        "None",
        "true",
        "null",
        "print",
        "select",
        "R\"",
        "(",
        ")\"",
        "u8",
        "é",
        "日本",
        "🎉",
        "\u{0}",
        "\u{7f}",
        "\u{a0}",
        "\u{2028}",
        "abc",
        "_x",
        "X1",
        "<script>",
        "</script>",
        "<style>",
        "<# ",
        " #>",
        "@\"\n",
        "\n\"@",
        "|\n",
        "key: ",
        "[s]\n",
    ];
    let mut s = String::new();
    let max = std::env::var("HL_FUZZ_LEN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    for _ in 0..rng.below(max) {
        match rng.below(10) {
            0 => s.push(char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x')),
            1 => s.push((rng.below(128) as u8) as char),
            _ => s.push_str(PIECES[rng.below(PIECES.len())]),
        }
    }
    s
}

#[test]
fn random_input_round_trips() {
    let iters: usize = std::env::var("HL_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let seed = std::env::var("HL_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    for _ in 0..iters {
        let code = random_code(&mut rng);
        for lang in LANGS {
            runs(lang, &code);
        }
        // Arbitrary bytes, as text.
        let bytes: Vec<u8> = (0..rng.below(80)).map(|_| rng.next() as u8).collect();
        let code = String::from_utf8_lossy(&bytes);
        for lang in LANGS {
            runs(lang, &code);
        }
    }
}
