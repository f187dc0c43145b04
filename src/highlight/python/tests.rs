//! Tests of the Python lexer, f-strings and sessions.

mod lexer {
    use crate::highlight::tests::{class_of, has, plain};

    #[test]
    fn python() {
        let code = "@app.route('/x')\nclass Point(Base):\n    def norm(self) -> float:\n        return len(self.x2) + 0x_ff + 1_000.5e-3j + .5  # it's \"fine\"\n";
        has(
            "python",
            code,
            &[
                ("attr", "@app.route"),
                ("string", "'/x'"),
                ("keyword", "class"),
                ("type", "Point"),
                ("keyword", "def"),
                ("function", "norm"),
                ("builtin", "float"),
                ("builtin", "len"),
                ("number", "0x_ff"),
                ("number", "1_000.5e-3j"),
                ("number", ".5"),
                ("comment", "# it's \"fine\""),
            ],
        );
        plain("python", code, &["x2", "2", "self"]);
        has(
            "python",
            "s = r'\\d' + f\"{x}\" + rb'\\x' + Rb\"y\" + u'z' + 'it\\'s'\n",
            &[
                ("string", "r'\\d'"),
                ("string", "f\""),
                ("string", "rb'\\x'"),
                ("string", "Rb\"y\""),
                ("string", "u'z'"),
                ("string", "'it\\'s'"),
            ],
        );
        // Triple quotes span lines; quotes inside do not end them.
        has(
            "python",
            "x = \"\"\"a \"b\"\n'c' \"\"\" + 'd'\n",
            &[("string", "\"\"\"a \"b\"\n'c' \"\"\""), ("string", "'d'")],
        );
        // Whole words only; attribute names are not keywords or builtins.
        plain(
            "python",
            "importlib.reload(obj.print, definitely, Nonesuch)\n",
            &["import", "print", "def", "None"],
        );
        has(
            "python",
            "x = None if True else False\n",
            &[
                ("constant", "None"),
                ("constant", "True"),
                ("keyword", "if"),
            ],
        );
        has(
            "python",
            "match command:\n    case [x]:\n        pass\ntype X = int\n",
            &[
                ("keyword", "match"),
                ("keyword", "case"),
                ("keyword", "type"),
            ],
        );
        assert_eq!(
            class_of("python", "match = re.match(p, s)\n", "match ="),
            ""
        );
        assert_eq!(class_of("python", "print(type(x))\n", "type"), "builtin");
        // A string ends at the end of its line if unterminated.
        has(
            "python",
            "x = 'abc\ny = 1\n",
            &[("string", "'abc"), ("number", "1")],
        );
    }

    #[test]
    fn pycon_session() {
        let code = ">>> import sys\n>>> s = '''a\n... b'''\n>>> print(s)\na\nb\n>>> 1 +\\\n... 2\n3\n...\n";
        has(
            "pycon",
            code,
            &[
                ("prompt", ">>> "),
                ("prompt", "... "),
                ("prompt", "..."),
                ("keyword", "import"),
                ("string", "'''a"),
                ("string", "b'''"),
                ("builtin", "print"),
                ("output", "a"),
                ("output", "b"),
                ("output", "3"),
                ("number", "2"),
            ],
        );
        // Traceback lines are output, even with quotes in them.
        has(
            "pycon",
            ">>> x\nTraceback (most recent call last):\n  File \"<stdin>\", line 1\n",
            &[
                ("output", "Traceback (most recent call last):"),
                ("output", "  File \"<stdin>\", line 1"),
            ],
        );
    }
}

mod defects {
    use crate::highlight::tests::{class_of, has, runs};

    /// Issue 14, defect 1: after `...` ending a line, the next line's keyword kept the
    /// "after a dot" state and lost its colour.
    #[test]
    fn keyword_after_ellipsis_line() {
        let code = "class P(Protocol):\n    def f(self) -> int: ...\n    def g(self): ...\nif TYPE_CHECKING: ...\nelse:\n    pass\n";
        has(
            "python",
            code,
            &[("function", "f"), ("function", "g"), ("keyword", "else")],
        );
        let kw = runs("python", code)
            .iter()
            .filter(|(c, t)| c == "keyword" && t == "def")
            .count();
        assert_eq!(kw, 2, "both defs are keywords");
        // A member name right after a dot is still not a keyword or builtin.
        assert_eq!(class_of("python", "x.print\n", "print"), "");
    }

    /// Issue 14, defect 3: `5.` kept its digits but lost its dot.
    #[test]
    fn float_with_trailing_dot() {
        has(
            "python",
            "x = 5. + 5.e3 + .5 + 1.j\n",
            &[
                ("number", "5."),
                ("number", "5.e3"),
                ("number", ".5"),
                ("number", "1.j"),
            ],
        );
    }

    /// Issue 14, defect 2: PEP 701 f-strings reuse the quote inside `{}`.
    #[test]
    fn fstrings_pep_701() {
        let r = runs("python", "s = f\"{\", \".join(x)}\"\n");
        assert!(r.contains(&("string".into(), "\", \"".into())), "{r:?}");
        assert!(r.contains(&("string".into(), "\"".into())), "{r:?}");
        assert!(
            !r.iter().any(|(c, t)| c == "string" && t.contains("join")),
            "{r:?}"
        );
        // `"b"}"` is not a bytes string.
        let r = runs("python", "s = f\"{\"a\" + \"b\"}\"\n");
        assert!(r.contains(&("string".into(), "\"b\"".into())), "{r:?}");
        // A backslash inside the field, a nested f-string, a format spec with a field,
        // a conversion, `{{` escapes.
        has(
            "python",
            "a = f\"{'\\n'.join(a)}\"\nb = f\"{f\"{x}\"}\"\nc = f\"{x:>{width}}\"\nd = f\"{x!r} {{lit}}\"\n",
            &[
                ("string", "'\\n'"),
                ("string", "f\""),
                ("string", ">"),
                ("string", " {{lit}}\""),
            ],
        );
        assert_eq!(class_of("python", "f\"{x!r:>{width}}\"\n", "width"), "");
        let r = runs("python", "b = f\"{f\"{x}\"}\"\n");
        let quotes = r.iter().filter(|(c, t)| c == "string" && t == "\"").count();
        assert_eq!(quotes, 2, "the nested and the outer closing quote: {r:?}");
        assert_eq!(class_of("python", "f\"{len(x)}\"\n", "len"), "builtin");
        // Triple quotes span lines; rf and fr prefixes are raw f-strings.
        has(
            "python",
            "q = f'''a\n{b}\nc'''\nr = rf\"\\d{n}\" + Fr'{m}\\w'\n",
            &[
                ("string", "f'''a\n"),
                ("string", "\nc'''"),
                ("string", "rf\"\\d"),
                ("string", "\\w'"),
            ],
        );
        // An unclosed field ends with its line; the next line is code again.
        has(
            "python",
            "x = f\"{a + \ndef g(): pass\n",
            &[("keyword", "def"), ("function", "g")],
        );
    }

    /// Hostile f-strings stay linear and never recurse: deep nesting, and many fields.
    #[test]
    fn fstrings_hostile() {
        let deep = "f\"{".repeat(20_000);
        runs("python", &deep);
        let many = "f\"{x:{y:{z}}}\" ".repeat(10_000);
        runs("python", &many);
        let unclosed = "f'''{(".repeat(10_000);
        runs("python", &unclosed);
    }
}

mod sessions_and_patterns {
    use crate::highlight::tests::has;

    /// A triple-quoted f-string goes on across the prompt lines of a session, its
    /// fields still code; `case _:` is the wildcard keyword.
    #[test]
    fn fstring_across_session_lines() {
        has(
            "pycon",
            ">>> s = f\"\"\"a {len(x)}\n... b {y!r}\"\"\"\n>>> s\n'a'\n",
            &[
                ("string", "f\"\"\"a "),
                ("builtin", "len"),
                ("string", "b "),
                ("string", "\"\"\""),
                ("output", "'a'"),
            ],
        );
        has(
            "python",
            "match x:\n    case _:\n        pass\n",
            &[("keyword", "case"), ("keyword", "_")],
        );
    }
}
