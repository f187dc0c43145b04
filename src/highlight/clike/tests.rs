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
