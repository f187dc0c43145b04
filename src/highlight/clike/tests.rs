//! Tests of the C-family lexer: Rust, C, C++, Go, JavaScript and TypeScript.

use crate::highlight::tests::{has, plain};

#[test]
fn rust() {
    let code = "#[derive(Debug)]\npub struct Point<'a, T> { name: &'a str }\nfn f(c: char) -> &'static str {\n    let r = r#\"a \"quoted\" one\"#; let b = b'x'; let n = '\\n'; let e = 'é';\n    /* outer /* inner */ still */\n    println!(\"{}\", 0xFF_u8 as u32 + 1_000 + 2.5e-3f64 + x2);\n    for i in 1..10 {}\n    'outer: loop { break 'outer; }\n}\n";
    has(
        "rust",
        code,
        &[
            ("attr", "#[derive(Debug)]"),
            ("keyword", "pub"),
            ("keyword", "struct"),
            ("type", "Point"),
            ("keyword", "'a"),
            ("type", "T"),
            ("type", "str"),
            ("keyword", "fn"),
            ("function", "f"),
            ("type", "char"),
            ("keyword", "'static"),
            ("string", "r#\"a \"quoted\" one\"#"),
            ("string", "b'x'"),
            ("string", "'\\n'"),
            ("string", "'é'"),
            ("comment", "/* outer /* inner */ still */"),
            ("function", "println!"),
            ("number", "0xFF_u8"),
            ("number", "1_000"),
            ("number", "2.5e-3f64"),
            ("number", "1"),
            ("number", "10"),
            ("keyword", "'outer"),
        ],
    );
    plain("rust", code, &["x2", "2", "'a, T> { name: &'"]);
}

#[test]
fn c_and_cpp() {
    let code = "#include <stdio.h>\n/* multi\n   line */\ntypedef struct node { int v; } node_t;\nint main(void) { char c = '\\''; size_t n = 0x1FUL; return printf(\"%d\\n\", c) > 0 ? 0 : 1; }\n";
    has(
        "c",
        code,
        &[
            ("keyword", "#include"),
            ("string", "<stdio.h>"),
            ("comment", "/* multi\n   line */"),
            ("keyword", "typedef"),
            ("type", "node"),
            ("type", "int"),
            ("type", "node_t"),
            ("function", "main"),
            ("type", "void"),
            ("string", "'\\''"),
            ("type", "size_t"),
            ("number", "0x1FUL"),
            ("function", "printf"),
            ("string", "\"%d\\n\""),
        ],
    );
    has(
        "cpp",
        "auto s = R\"d(a )\" b)d\"; int n = 1'000'000; class Widget final {}; auto p = nullptr;\n",
        &[
            ("string", "R\"d(a )\" b)d\""),
            ("number", "1'000'000"),
            ("keyword", "class"),
            ("type", "Widget"),
            ("constant", "nullptr"),
        ],
    );
}

#[test]
fn go() {
    has(
        "go",
        "package main\n\nfunc (s *Server) Start(port int) error {\n\tmsg := `raw\n\"str\"`\n\tr := 'x'\n\tfmt.Println(msg, r, nil, len(msg))\n\treturn nil\n}\n",
        &[
            ("keyword", "package"),
            ("keyword", "func"),
            ("type", "Server"),
            ("function", "Start"),
            ("type", "int"),
            ("type", "error"),
            ("string", "`raw\n\"str\"`"),
            ("string", "'x'"),
            ("function", "Println"),
            ("constant", "nil"),
            ("builtin", "len"),
        ],
    );
}

#[test]
fn javascript_and_typescript() {
    let code = "const t = `a ${b + `inner ${c}`} \"d\"`; // x\nconst r = /ab+c\\/[/]/gi, h = total / 2 / n;\nclass Cache extends Map { async get(k) { return this.x.default ?? null; } }\n";
    has(
        "javascript",
        code,
        &[
            ("keyword", "const"),
            ("string", "`a "),
            ("string", "`inner "),
            ("string", "`"),
            ("string", "} \"d\"`".trim_start_matches('}')),
            ("comment", "// x"),
            ("string", "/ab+c\\/[/]/gi"),
            ("number", "2"),
            ("keyword", "class"),
            ("type", "Cache"),
            ("keyword", "extends"),
            ("type", "Map"),
            ("function", "get"),
            ("keyword", "this"),
            ("constant", "null"),
        ],
    );
    plain("javascript", code, &["default", "/ 2 /"]);
    has(
        "javascript",
        "let s = 'a // b' + \"c /* d\";\n",
        &[("string", "'a // b'"), ("string", "\"c /* d\"")],
    );
    has(
        "typescript",
        "interface User { id: number }\ntype Id = User[\"id\"] | undefined;\n@Injectable()\nexport class S<T> implements I {}\n",
        &[
            ("keyword", "interface"),
            ("type", "User"),
            ("type", "number"),
            ("keyword", "type"),
            ("type", "Id"),
            ("constant", "undefined"),
            ("attr", "@Injectable"),
            ("type", "S"),
            ("keyword", "implements"),
            ("type", "I"),
        ],
    );
}

/// Issue 14, defect 1: after `...` or `..` the next word is not a member name.
#[test]
fn keyword_after_spread_or_range() {
    has(
        "javascript",
        "const u = [...new Set(xs)];\n",
        &[("keyword", "new"), ("type", "Set")],
    );
    has(
        "cpp",
        "template <typename... Ts>\nstruct S { static constexpr auto n = sizeof...(Ts); };\n",
        &[("keyword", "struct")],
    );
    has(
        "rust",
        "let v = &xs[1..];\nlet w = a..\nif x { y } else { z };\n",
        &[("keyword", "if"), ("keyword", "else")],
    );
    // A member right after a dot is still not a keyword.
    plain("javascript", "x.new; x.default = 1;\n", &["new", "default"]);
}

/// Issue 14, defect 3: `5.` keeps its dot; `5.e3` and `.5` are numbers too.
#[test]
fn float_with_trailing_dot() {
    has(
        "c",
        "double x = 5. + 5.e3 + .5 + 1.f;\n",
        &[
            ("number", "5."),
            ("number", "5.e3"),
            ("number", ".5"),
            ("number", "1.f"),
        ],
    );
    has("javascript", "let x = 5. + 1;\n", &[("number", "5.")]);
    // Rust: `5.` is a float, but `5.max(3)` is a method call and `0..5` a range.
    has("rust", "let x = 5. + 1.0;\n", &[("number", "5.")]);
    has(
        "rust",
        "let y = 5.max(3); for i in 0..5 {}\n",
        &[("number", "5"), ("function", "max"), ("number", "0")],
    );
}

/// Found by the comparison with Pygments: Go struct fields, C++ attributes.
#[test]
fn go_fields_and_cpp_attributes() {
    let code =
        "type Release struct {\n\tName    string\n\tTags    []string\n\tNext    *Release\n}\n";
    has("go", code, &[("type", "Release")]);
    plain("go", code, &["Name", "Tags", "Next"]);
    has(
        "cpp",
        "[[nodiscard]] auto f() -> int;\nint a[2]; a[0] = 1;\n",
        &[("attr", "[[nodiscard]]")],
    );
}
