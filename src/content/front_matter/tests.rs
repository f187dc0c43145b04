//! Tests of front matter: splitting, YAML and TOML headers, positions, repeated keys,
//! typed YAML files, and hostile input.

use serde_json::json;

use super::*;

fn at(line: usize, column: usize) -> Position {
    Position { line, column }
}

fn yaml(text: &str) -> Result<Mapping, ParseError> {
    parse(Format::Yaml, text)
}

fn toml(text: &str) -> Result<Mapping, ParseError> {
    parse(Format::Toml, text)
}

fn value<'m>(m: &'m Mapping, key: &str) -> &'m serde_json::Value {
    &m.get(key)
        .unwrap_or_else(|| panic!("no {key}: {m:?}"))
        .value
}

#[test]
fn splits_at_the_first_closing_fence() {
    let s = split("---\ntitle: A\n---\nbody\n---\nmore\n").unwrap();
    assert_eq!(s.format, Format::Yaml);
    assert_eq!(s.header, "title: A\n");
    assert_eq!(s.header_line, 2);
    assert_eq!(s.body, "body\n---\nmore\n");
    assert_eq!(s.body_line, 4);
}

#[test]
fn tolerates_bom_crlf_and_trailing_spaces() {
    let s = split("\u{feff}---  \r\ntitle: A\r\n--- \r\nbody").unwrap();
    assert_eq!(s.header, "title: A\r\n");
    assert_eq!(s.body, "body");
    let s = split("\u{feff}+++\r\ntitle = 'A'\r\n+++\t\r\nbody").unwrap();
    assert_eq!((s.format, s.header), (Format::Toml, "title = 'A'\r\n"));
    assert_eq!((s.body, s.body_line), ("body", 4));
}

#[test]
fn empty_body_and_no_trailing_newline() {
    let s = split("---\ntitle: A\n---").unwrap();
    assert_eq!(s.body, "");
    let s = split("---\n---\n").unwrap();
    assert_eq!(s.header, "");
    assert_eq!(yaml(s.header).unwrap(), Mapping::default());
}

#[test]
fn blank_lines_may_come_before_the_fence() {
    let s = split("\n  \r\n\t\n+++\ntitle = 'A'\n+++\nbody\n").unwrap();
    assert_eq!(s.format, Format::Toml);
    assert_eq!(s.header, "title = 'A'\n");
    assert_eq!((s.header_line, s.body_line), (5, 7));
    let s = split("\u{feff}\n---\ntitle: A\n---\nbody\n").unwrap();
    assert_eq!((s.header_line, s.body_line), (3, 5));
}

#[test]
fn a_file_without_a_fence_has_no_front_matter() {
    for text in [
        "title: A\n",
        "",
        "\n\n",
        "----\n---\n",
        "\n\n# Title\n\n---\n",
        "++\n",
    ] {
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::None, "{text:?}");
        assert_eq!((s.header, s.body, s.body_line), ("", text, 1), "{text:?}");
        assert_eq!(parse(s.format, s.header).unwrap(), Mapping::default());
        assert_eq!(s.locate(&["title"]), None);
    }
    assert_eq!(split("\u{feff}# T\n").unwrap().body, "# T\n");
}

#[test]
fn an_opening_fence_without_a_closing_one() {
    let unclosed = |format, line| Err(SplitError::Unclosed { format, line });
    assert_eq!(split("---\ntitle: A\n"), unclosed(Format::Yaml, 1));
    assert_eq!(split("---"), unclosed(Format::Yaml, 1));
    // Each fence is closed by its own kind only.
    assert_eq!(
        split("\n+++\ntitle = 'A'\n---\n"),
        unclosed(Format::Toml, 2)
    );
    assert_eq!(split("---\ntitle: A\n+++\n"), unclosed(Format::Yaml, 1));
}

#[test]
fn yaml_errors_are_located() {
    let e = yaml("title: a\nauthor: [unclosed\n").unwrap_err();
    assert!(e.line.is_some(), "{e:?}");
    assert!(!e.message.contains(" at line "), "{}", e.message);
    let e = yaml("title: a\n  bad: indent\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e:?}");
}

/// An error found at the end of a text without a final line break is at the end of
/// the last line, not on a line after it.
#[test]
fn errors_at_the_end_stay_in_the_text() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Config {
        title: String,
    }
    for text in ["title: ' s'\n/", "title: x\r\nb c", "a: [1,\n 2"] {
        let last = text.lines().count();
        let end = text.lines().last().unwrap().chars().count() + 1;
        let e = from_yaml::<Config>(text).unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (Some(last), Some(end)),
            "{text:?}: {e:?}"
        );
        let e = yaml(text).unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (Some(last), Some(end)),
            "{text:?}: {e:?}"
        );
    }
    // The parser finds this one at the under-indented `2`, on the last line too.
    let e = yaml("a: [1,\n2").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
    // A text that ends with a line break has an empty line after it to point at.
    let e = yaml("a: [1,\n").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
}

#[test]
fn mapping_keeps_order_and_types() {
    let m = yaml("b: 1\na: [x, y]\nc: '2024-01-01'\n").unwrap();
    let keys: Vec<_> = m.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["b", "a", "c"]);
    assert_eq!(value(&m, "a"), &json!(["x", "y"]));
    assert!(yaml("- a\n").is_err());
    assert!(yaml("just text\n").is_err());
    assert_eq!(yaml("").unwrap(), Mapping::default());
    assert_eq!(yaml("# only a comment\n").unwrap(), Mapping::default());
    assert_eq!(yaml("~\n").unwrap(), Mapping::default());
}

#[test]
fn scalars_resolve_as_yaml_1_2_core() {
    let m = yaml(concat!(
        "date: 2024-01-01\nversion: 3.10\nint: 12\nneg: -3\nhex: 0x1F\nbig: 18446744073709551615\n",
        "padded: 0123\nbool: true\nno: no\nyes: False\nnull1: ~\nnull2: null\nnull3:\nempty: ''\n",
        "quoted: '3.10'\ntagged: !!str 12\nexp: 1e3\ntime: 10:30\ninf: .inf\nword: inf\n",
        "folded: >\n  a\n  b\n",
    ))
    .unwrap();
    let expect = [
        ("date", json!("2024-01-01")),
        ("version", json!(3.1)),
        ("int", json!(12)),
        ("neg", json!(-3)),
        ("hex", json!(31)),
        ("big", json!(u64::MAX)),
        ("padded", json!("0123")),
        ("bool", json!(true)),
        ("no", json!("no")),
        ("yes", json!(false)),
        ("null1", json!(null)),
        ("null2", json!(null)),
        ("null3", json!(null)),
        ("empty", json!("")),
        ("quoted", json!("3.10")),
        ("tagged", json!("12")),
        ("exp", json!(1000.0)),
        ("time", json!("10:30")),
        ("inf", json!(null)),
        ("word", json!("inf")),
        ("folded", json!("a b\n")),
    ];
    for (key, v) in expect {
        assert_eq!(value(&m, key), &v, "{key}");
    }
    // Floats stay floats: the caller tells `3.10` from `'3.10'` and from `3`.
    assert!(value(&m, "version").is_f64());
    assert!(value(&m, "int").is_i64());
    // Keys are text as written.
    let m = yaml("3.10: a\n1: b\ntrue: c\n").unwrap();
    let keys: Vec<_> = m.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["3.10", "1", "true"]);
    let e = yaml("title: x\n[a]: b\n").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
    assert!(e.message.contains("a key must be plain text"), "{e:?}");
}

#[test]
fn entries_know_where_they_are_written() {
    let m = yaml("title:   x\n'tags':\n  - a\nextra: {v: 1}\nnone:\n").unwrap();
    let at_of = |key: &str| m.get(key).unwrap().at;
    assert_eq!(
        at_of("title"),
        KeyAt {
            key: at(1, 1),
            value: at(1, 10)
        }
    );
    assert_eq!(
        at_of("tags"),
        KeyAt {
            key: at(2, 1),
            value: at(3, 3)
        }
    );
    assert_eq!(at_of("extra").value, at(4, 8));
    // An empty value is where its colon is.
    assert_eq!(at_of("none").value, at(5, 5));
}

/// Found by fuzz/front_matter: YAML ends a line at a lone `\r` too, Bulletin (and
/// `key_position`) only at `\n`; positions count lines as Bulletin does.
#[test]
fn lines_are_counted_at_line_feeds() {
    let y = "title: \"a\r b\"\nc:\r d\ntags: [x]\n";
    let m = yaml(y).unwrap();
    assert_eq!(
        m.get("tags").unwrap().at,
        KeyAt {
            key: at(3, 1),
            value: at(3, 7)
        }
    );
    assert_eq!(key_position(y, "tags"), Some((3, 7)));
    let e = yaml("a: 1\rb: [\n").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
}

#[test]
fn a_key_given_twice_keeps_the_last_value_and_is_reported() {
    let m = yaml("title: a\ntags: [x]\ntitle: b\n").unwrap();
    assert_eq!(m.entries.len(), 2);
    assert_eq!(m.entries[0].key, "title");
    assert_eq!(m.entries[0].value, json!("b"));
    assert_eq!(
        m.entries[0].at,
        KeyAt {
            key: at(3, 1),
            value: at(3, 8)
        }
    );
    assert_eq!(
        m.duplicates,
        [Duplicate {
            key: "title".into(),
            at: at(3, 1)
        }]
    );
    let m = yaml("extra:\n  v: 1\n  v: 2\nauthors:\n  - {name: a, name: b}\n").unwrap();
    assert_eq!(value(&m, "extra"), &json!({"v": 2}));
    let found: Vec<_> = m
        .duplicates
        .iter()
        .map(|d| (d.key.as_str(), d.at))
        .collect();
    assert_eq!(
        found,
        [("extra.v", at(3, 3)), ("authors[0].name", at(5, 15))]
    );
    // Many keys, repeated: found without comparing each with all.
    let many: String = (0..20_000)
        .map(|i| format!("k{}: {i}\n", i % 10_000))
        .collect();
    let m = yaml(&many).unwrap();
    assert_eq!((m.entries.len(), m.duplicates.len()), (10_000, 10_000));
    assert_eq!(value(&m, "k7"), &json!(10_007));
    assert_eq!(m.duplicates[0].at, at(10_001, 1));
}

#[test]
fn characters_feeds_cannot_carry_are_refused_where_they_are_written() {
    for (text, column) in [
        ("title: ok\nauthor: \"a\\x01b\"\n", 9),
        ("title: ok\nauthor: [x, \"\\uFFFE\"]\n", 13),
        ("title: ok\nauthor: {name: \"\\u001F\"}\n", 16),
    ] {
        let e = yaml(text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(column)), "{text}: {e:?}");
        assert!(
            e.message.contains("`author` holds the character U+"),
            "{}",
            e.message
        );
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Config {
            title: String,
            author: serde_json::Value,
        }
        let e = from_yaml::<Config>(text).err().unwrap();
        assert_eq!(e.line, Some(2), "{text}: {e:?}");
    }
    assert!(yaml("title: \"tab\\tand\\nnewline \\u00E9\"\n").is_ok());
    for text in [
        "title = 'ok'\nauthor = \"a\\u0001b\"\n",
        "title = 'ok'\n[extra]\nx = \"\\uFFFE\"\n",
    ] {
        let e = toml(text).unwrap_err();
        assert_eq!(e.line, Some(2), "{text}: {e:?}");
        assert!(e.message.contains("holds the character U+"), "{e:?}");
    }
}

#[test]
fn finds_keys() {
    let y = "title: x\npublishDate:   '2024-02-30'\n'tags': [a]\n";
    assert_eq!(key_position(y, "publishDate"), Some((2, 16)));
    assert_eq!(key_position(y, "tags"), Some((3, 9)));
    assert_eq!(key_position(y, "publish"), None);
    assert_eq!(key_position(y, "nope"), None);
    // The last of a repeated key; keys inside values and text in blocks are not keys.
    let y = "a:\n  title: inner\nb: |\n  title: text\ntitle: one\ntitle:  two # c\n";
    assert_eq!(key_position(y, "title"), Some((6, 9)));
    assert_eq!(key_position("title:x\n", "title"), None);
    // Nothing after the key on its line: the end of the line.
    for (y, column) in [
        ("a: 1\ntags:\n  - x\n", 6),
        ("a: 1\ntags:  # list\n- x\n", 8),
        ("a: 1\ntags:\r\n", 6),
    ] {
        assert_eq!(key_position(y, "tags"), Some((2, column)), "{y:?}");
    }
    // The scan and the parser agree.
    let y = "title: 'x'\nlist:\n- a\n'key' :  &anchor v\nn: !!str 12\nlist: [b]\n";
    for key in ["title", "list", "key", "n"] {
        let at = locate(Format::Yaml, y, &[key]).unwrap();
        let (line, column) = key_position(y, key).unwrap();
        assert_eq!(line, at.key.line, "{key}");
        assert_eq!(column, at.value.column, "{key}");
    }
    let y = "extra:\n  version: 1\nextra:\n  other: 2\n";
    assert_eq!(locate(Format::Yaml, y, &["extra", "version"]), None);
    assert_eq!(
        locate(Format::Yaml, y, &["extra", "other"]),
        Some(KeyAt {
            key: at(4, 3),
            value: at(4, 10)
        })
    );
    assert_eq!(
        locate(Format::Yaml, "{a: {b: 1}}", &["a", "b"])
            .unwrap()
            .value,
        at(1, 9)
    );
    assert_eq!(locate(Format::Yaml, "a: 1", &[]), None);
    // An alias as a key is the anchored text.
    let y = "a: &k title\n*k : x\n";
    assert_eq!(value(&yaml(y).unwrap(), "title"), &json!("x"));
    assert_eq!(locate(Format::Yaml, y, &["title"]).unwrap().key, at(2, 1));
    assert_eq!(key_position("\u{feff}title: x\n", "title"), Some((1, 8)));
    // A `{...}` mapping (JSON) is left to the caller; `locate` finds its keys.
    let json = "{\n  \"name\": \"A\"\n}";
    assert_eq!(key_position(json, "name"), None);
    assert_eq!(locate(Format::Yaml, json, &["name"]).unwrap().key, at(2, 3));
}

const ZOLA: &str = r#"title = "Python 3.12.0 is out"
date = 2023-10-25T00:00:00Z
updated = 2024-01-02
draft = false
version = 3.10
weight = 7

[taxonomies]
tags = ["release", "python"]

[extra]
author = "Łukasz"
lead = 'x'
"#;

#[test]
fn toml_front_matter_reads_as_yaml_would() {
    let file = format!("\n+++\n{ZOLA}+++\n\nBody\n");
    let s = split(&file).unwrap();
    assert_eq!(
        (s.format, s.header_line, s.body_line),
        (Format::Toml, 3, 17)
    );
    let m = parse(s.format, s.header).unwrap();
    let keys: Vec<_> = m.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "title",
            "date",
            "updated",
            "draft",
            "version",
            "weight",
            "taxonomies",
            "extra"
        ]
    );
    assert_eq!(value(&m, "date"), &json!("2023-10-25T00:00:00Z"));
    assert_eq!(value(&m, "updated"), &json!("2024-01-02"));
    assert_eq!(value(&m, "draft"), &json!(false));
    assert!(value(&m, "version").is_f64());
    assert_eq!(value(&m, "weight"), &json!(7));
    assert_eq!(
        value(&m, "taxonomies"),
        &json!({"tags": ["release", "python"]})
    );
    assert_eq!(
        value(&m, "extra"),
        &json!({"author": "Łukasz", "lead": "x"})
    );
    assert!(m.duplicates.is_empty());
    assert_eq!(
        m.get("title").unwrap().at,
        KeyAt {
            key: at(1, 1),
            value: at(1, 9)
        }
    );
    assert_eq!(m.get("date").unwrap().at.value, at(2, 8));
    assert_eq!(m.get("extra").unwrap().at.key, at(11, 2));
    // Keys inside tables are found too.
    assert_eq!(
        s.locate(&["extra", "author"]),
        Some(KeyAt {
            key: at(12, 1),
            value: at(12, 10)
        })
    );
    assert_eq!(s.locate(&["taxonomies", "tags"]).unwrap().value, at(9, 8));
    assert_eq!(s.locate(&["weight"]).unwrap().value, at(6, 10));
    assert_eq!(s.locate(&["extra", "nope"]), None);
    assert_eq!(s.locate(&["title", "x"]), None);
    // Other date and time forms, in their TOML text.
    let m =
        toml("a = 1979-05-27 07:32:00-07:00\nb = 07:32:00\nc = 1979-05-27T07:32:00.5\n").unwrap();
    assert_eq!(value(&m, "a"), &json!("1979-05-27T07:32:00-07:00"));
    assert_eq!(value(&m, "b"), &json!("07:32:00"));
    assert_eq!(value(&m, "c"), &json!("1979-05-27T07:32:00.5"));
    assert_eq!(toml("").unwrap(), Mapping::default());
}

#[test]
fn toml_errors_are_located() {
    let e = toml("title = 'x'\nb c\n").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e:?}");
    let e = toml("title = 'x'\ntitle = 'y'\n").unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
    assert!(e.message.contains("duplicate key"), "{e:?}");
    let e = toml("a = 1\nb = \"open").unwrap_err();
    assert_eq!(e.line, Some(2), "{e:?}");
    let e = toml("a = 1\r\nb = 2024-13-45\r\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e:?}");
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Typed {
    title: Option<String>,
    count: Option<usize>,
    flag: Option<bool>,
    #[serde(default)]
    list: Vec<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[test]
fn typed_files_are_read_with_located_errors() {
    let t: Typed =
        from_yaml("title: 3.10\ncount: 4\nflag: ~\nlist: [a, 2]\nextra: {v: 1.5}\n").unwrap();
    assert_eq!(t.title.as_deref(), Some("3.10"));
    assert_eq!((t.count, t.flag), (Some(4), None));
    assert_eq!(t.list, ["a", "2"]);
    assert_eq!(t.extra["v"], json!(1.5));
    for (text, line, column, what) in [
        ("title: x\ntitel: y\n", 2, 1, "unknown field `titel`"),
        ("title: x\ncount: -1\n", 2, 8, "invalid value"),
        ("count: 2\nflag: [yes]\n", 2, 7, "invalid type"),
        ("list:\n  - a\n  - [b]\n", 3, 5, "invalid type"),
        ("title: a\ntitle: b\n", 2, 1, "duplicate field `title`"),
    ] {
        let e = from_yaml::<Typed>(text).unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (Some(line), Some(column)),
            "{text:?}: {e:?}"
        );
        assert!(e.message.contains(what), "{text:?}: {e:?}");
    }
    for empty in ["", "\n\n", "# nothing\n", "\u{feff}", "~"] {
        let t: Typed = from_yaml(empty).unwrap();
        assert!(t.title.is_none() && t.list.is_empty(), "{empty:?}");
    }
    let t: Typed = from_yaml("\u{feff}title: x\n").unwrap();
    assert_eq!(t.title.as_deref(), Some("x"));
    let e = from_yaml::<Typed>("title: x\n---\ntitle: y\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e:?}");
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Needs {
        name: String,
    }
    let e = from_yaml::<Needs>("\nbio: x\n").unwrap_err();
    assert!(e.message.contains("missing field `name`"), "{e:?}");
    assert_eq!(e.line, Some(2), "{e:?}");
}

#[test]
fn aliases_work_but_cannot_explode() {
    let m = yaml("a: &x [1, 2]\nb: *x\n").unwrap();
    assert_eq!(value(&m, "b"), &json!([1, 2]));
    // A few hundred bytes that would be 9^9 values expanded.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = (b'a' + i as u8) as char;
        let items = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    assert!(bomb.len() < 500);
    let started = std::time::Instant::now();
    let e = yaml(&bomb).unwrap_err();
    assert!(e.message.contains("aliases"), "{e:?}");
    assert!(e.line.is_some());
    assert!(from_yaml::<serde_json::Value>(&bomb).is_err());
    assert!(key_position(&bomb, "i").is_some());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(yaml("a: *nowhere\n").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let brackets = "[".repeat(100_000);
    let braces = "{".repeat(100_000);
    let dashes = format!("{}x\n", "- ".repeat(100_000));
    let keys = format!("a: {}", "[".repeat(100_000));
    for text in [&brackets, &braces, &dashes, &keys] {
        assert!(yaml(text).is_err());
        assert!(from_yaml::<serde_json::Value>(text).is_err());
        // What is found before the error is found.
        let _ = key_position(text, "a");
        assert_eq!(locate(Format::Yaml, text, &["a", "b"]), None);
    }
    // Deep, but within the limits: fine.
    let nested = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
    assert!(yaml(&nested).is_ok());
    let toml_deep = format!("a = {}", "[".repeat(100_000));
    let e = toml(&toml_deep).unwrap_err();
    assert_eq!(e.line, Some(1), "{e:?}");
    assert_eq!(locate(Format::Toml, &toml_deep, &["a"]), None);
    let toml_tables = format!("a = {}", "{b = ".repeat(50_000));
    assert!(toml(&toml_tables).is_err());
}

#[test]
fn quoted_text_reads_back() {
    for text in [
        "3.10", "a: b # c", "it's", "", "~", "- x", "[x]", "*a", "true",
    ] {
        let m = yaml(&format!("title: {}\n", quote(text))).unwrap();
        assert_eq!(value(&m, "title"), &json!(text), "{text:?}");
    }
}
