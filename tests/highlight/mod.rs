//! The differential test of the code highlighter: every snippet in
//! `tests/highlight/snippets/` (realistic release-note code, one file per language the
//! fast lexers know) is highlighted by Bulletin and compared, character by character,
//! with what Pygments made of it (`expected/<lang>.tokens`, written once by
//! `gen_expected.py`, so this test needs no Python).
//!
//! Pygments' token types become Bulletin's classes through [`MAPPING`] (and
//! [`LANG_MAPPING`] where a language uses a type for something else). Whitespace is
//! not compared: it shows no colour. Every run of characters where the two disagree
//! must be listed in `allow.txt`, with the reason it is a deliberate choice; an entry
//! that no longer matches anything fails the test too, so the list stays honest.
//! `cargo test --test main highlight -- --nocapture` prints the agreement per language.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use bulletin::highlight::highlight;

use crate::common::{Site, post};

/// Pygments' token types, most specific first, and Bulletin's class for each ("" is
/// plain text). A type not listed takes the class of its nearest listed parent.
const MAPPING: &[(&str, &str)] = &[
    ("Keyword.Constant", "constant"),
    ("Keyword.Type", "type"),
    ("Keyword", "keyword"),
    ("Name.Builtin.Pseudo", "builtin"),
    ("Name.Builtin", "builtin"),
    ("Name.Function.Magic", "function"),
    ("Name.Function", "function"),
    ("Name.Class", "type"),
    ("Name.Exception", "builtin"),
    ("Name.Decorator", "attr"),
    ("Name.Attribute", "attr"),
    ("Name.Tag", "tag"),
    ("Name.Variable", "variable"),
    ("Name.Constant", "constant"),
    ("Name.Entity", "constant"),
    ("Name.Label", "keyword"),
    // Modules (`import asyncio`), properties, other names: Bulletin has no class.
    ("Name", ""),
    ("Literal.String.Interpol", ""),
    ("Literal.String", "string"),
    ("Literal.Number", "number"),
    ("Literal.Date", "number"),
    // YAML's plain scalars (unquoted values): Bulletin's YAML lexer colours them as
    // strings, like quoted ones.
    ("Literal.Scalar.Plain", "string"),
    ("Literal", "string"),
    ("Operator.Word", "keyword"),
    ("Operator", ""),
    ("Punctuation", ""),
    ("Comment.Preproc", "keyword"),
    ("Comment.PreprocFile", "string"),
    ("Comment", "comment"),
    ("Generic.Prompt", "prompt"),
    ("Generic.Output", "output"),
    ("Generic.Traceback", "output"),
    ("Generic.Error", "output"),
    ("Generic.Inserted", "inserted"),
    ("Generic.Deleted", "deleted"),
    ("Generic.Heading", "meta"),
    ("Generic.Subheading", "meta"),
    ("Generic", ""),
    ("Text", ""),
    ("Error", ""),
    ("Token", ""),
];

/// Where a language gives a Pygments type another meaning than [`MAPPING`] does.
const LANG_MAPPING: &[(&str, &str, &str)] = &[
    // The keys of JSON objects and YAML mappings: Pygments calls them tags, Bulletin
    // colours keys as attributes (as in TOML and INI).
    ("json", "Name.Tag", "attr"),
    ("yaml", "Name.Tag", "attr"),
    // Section headers of INI files and TOML tables: Pygments' keyword, Bulletin's type.
    ("ini", "Keyword", "type"),
    ("toml", "Keyword", "type"),
    // Rust's attributes (`#[derive(Debug)]`): Pygments' preprocessor, Bulletin's attr.
    ("rust", "Comment.Preproc", "attr"),
    // Markdown headings and list markers are Pygments' headings and keywords.
    ("markdown", "Generic.Heading", "keyword"),
    ("markdown", "Generic.Subheading", "keyword"),
];

fn class_of(lang: &str, ty: &str) -> &'static str {
    if let Some((_, _, c)) = LANG_MAPPING.iter().find(|(l, t, _)| *l == lang && *t == ty) {
        return c;
    }
    let mut t = ty;
    loop {
        if let Some((_, c)) = MAPPING.iter().find(|(m, _)| *m == t) {
            return c;
        }
        match t.rfind('.') {
            Some(p) => t = &t[..p],
            None => panic!("{lang}: Pygments type {ty} has no mapping"),
        }
    }
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/highlight")
}

fn unescape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("bad escape \\{other:?} in {t:?}"),
        }
    }
    out
}

/// Pygments' class of each character of the snippet, from its expected file.
fn expected_classes(lang: &str, text: &str) -> Vec<&'static str> {
    let path = dir().join(format!("expected/{lang}.tokens"));
    let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut joined = String::new();
    let mut classes = Vec::new();
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        let (ty, t) = line.split_once('\t').expect("type<TAB>text");
        let t = unescape(t);
        classes.extend(std::iter::repeat_n(class_of(lang, ty), t.chars().count()));
        joined.push_str(&t);
    }
    assert_eq!(
        joined, text,
        "{lang}: expected/{lang}.tokens is not of this snippet: run tests/highlight/gen_expected.py"
    );
    classes
}

/// Bulletin's class of each character, from the highlighter's HTML.
fn our_classes(lang: &str, text: &str) -> Vec<String> {
    let html = highlight(lang, text).unwrap_or_else(|| panic!("{lang} is not known"));
    let mut classes = Vec::new();
    let mut class = String::new();
    let mut rest = html.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<span class=\"hl-") {
            let end = r.find("\">").expect("end of the span's tag");
            class = r[..end].to_string();
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("</span>") {
            class.clear();
            rest = r;
        } else if rest.starts_with('&') {
            let end = rest.find(';').expect("end of an entity");
            classes.push(class.clone());
            rest = &rest[end + 1..];
        } else {
            let c = rest.chars().next().expect("not empty");
            classes.push(class.clone());
            rest = &rest[c.len_utf8()..];
        }
    }
    assert_eq!(
        classes.len(),
        text.chars().count(),
        "{lang}: characters lost"
    );
    classes
}

/// A run of adjacent characters (no whitespace) on which the two disagree the same way.
#[derive(Debug)]
struct Disagreement {
    lang: String,
    line: usize,
    text: String,
    pygments: String,
    ours: String,
}

struct Allowed {
    lang: String,
    text: String,
    pygments: String,
    ours: String,
    used: bool,
}

impl Allowed {
    fn matches(&self, d: &Disagreement) -> bool {
        (self.lang == "*" || self.lang == d.lang)
            && (self.text == "*" || self.text == d.text)
            && self.pygments == d.pygments
            && self.ours == d.ours
    }
}

/// `allow.txt`: `lang<TAB>text<TAB>pygments class<TAB>our class<TAB>reason`, `*` for any
/// language or text, `-` for plain.
fn allow_list() -> Vec<Allowed> {
    let path = dir().join("allow.txt");
    let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut out = Vec::new();
    for (n, line) in file.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() == 5 && !f[4].trim().is_empty(),
            "allow.txt:{}: want lang, text, Pygments class, our class and a reason, tab-separated",
            n + 1
        );
        let class = |c: &str| {
            if c == "-" {
                String::new()
            } else {
                c.to_string()
            }
        };
        out.push(Allowed {
            lang: f[0].to_string(),
            text: unescape(f[1]),
            pygments: class(f[2]),
            ours: class(f[3]),
            used: false,
        });
    }
    out
}

fn disagreements(lang: &str, text: &str, exp: &[&str], ours: &[String]) -> Vec<Disagreement> {
    let mut out: Vec<Disagreement> = Vec::new();
    let mut line = 1;
    let mut open = false;
    for ((c, e), o) in text.chars().zip(exp).zip(ours) {
        if c == '\n' {
            line += 1;
        }
        if c.is_whitespace() || e == o {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(d) if open && d.pygments == *e && d.ours == *o => d.text.push(c),
            _ => out.push(Disagreement {
                lang: lang.to_string(),
                line,
                text: c.to_string(),
                pygments: e.to_string(),
                ours: o.clone(),
            }),
        }
        open = true;
    }
    out
}

#[test]
fn lexers_agree_with_pygments() {
    let mut allowed = allow_list();
    let mut failures = String::new();
    let mut report = String::new();
    let mut snippets: Vec<PathBuf> = std::fs::read_dir(dir().join("snippets"))
        .expect("snippets")
        .map(|e| e.expect("entry").path())
        .collect();
    snippets.sort();
    let mut totals = BTreeMap::new();
    for path in &snippets {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let lang = name.split('.').next().expect("stem");
        let text = std::fs::read_to_string(path).expect("snippet");
        let exp = expected_classes(lang, &text);
        let ours = our_classes(lang, &text);
        let shown: Vec<bool> = text.chars().map(|c| !c.is_whitespace()).collect();
        let total = shown.iter().filter(|s| **s).count();
        let agree = (0..exp.len())
            .filter(|&k| shown[k] && exp[k] == ours[k])
            .count();
        let mut allowed_chars = 0;
        for d in disagreements(lang, &text, &exp, &ours) {
            match allowed.iter_mut().find(|a| a.matches(&d)) {
                Some(a) => {
                    a.used = true;
                    allowed_chars += d.text.chars().count();
                }
                None => {
                    let show = |c: &str| {
                        if c.is_empty() {
                            "-".to_string()
                        } else {
                            c.into()
                        }
                    };
                    let _ = writeln!(
                        failures,
                        "{lang}:{}: {:?} is {} in Pygments, {} here\n  allow.txt line: {lang}\t{}\t{}\t{}\t<reason>",
                        d.line,
                        d.text,
                        show(&d.pygments),
                        show(&d.ours),
                        d.text.replace('\\', "\\\\"),
                        show(&d.pygments),
                        show(&d.ours),
                    );
                }
            }
        }
        let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
        let _ = writeln!(
            report,
            "{lang:<11} {total:>5} characters  agree {:>5.1}%  with allow-list {:>5.1}%",
            pct(agree),
            pct(agree + allowed_chars)
        );
        totals.insert(lang.to_string(), (agree, allowed_chars, total));
    }
    let (a, l, t) = totals
        .values()
        .fold((0, 0, 0), |(a, l, t), (x, y, z)| (a + x, l + y, t + z));
    let _ = writeln!(
        report,
        "{:<11} {t:>5} characters  agree {:>5.1}%  with allow-list {:>5.1}%",
        "all",
        100.0 * a as f64 / t as f64,
        100.0 * (a + l) as f64 / t as f64
    );
    eprintln!("{report}");
    for a in allowed.iter().filter(|a| !a.used) {
        let _ = writeln!(
            failures,
            "allow.txt: unused entry {}\t{:?}\t{}\t{}: remove it",
            a.lang, a.text, a.pygments, a.ours
        );
    }
    assert!(
        failures.is_empty(),
        "disagreements with Pygments:\n{failures}"
    );
}

/// Builds `site` with `BULLETIN_TIMINGS=1`, returning what it printed on stderr.
fn build_with_timings(site: &Site) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("build")
        .current_dir(site.root())
        .env("BULLETIN_TIMINGS", "1")
        .env("BULLETIN_CACHE_DIR", site.parent().join("cache"))
        .output()
        .expect("the bulletin binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

const FALLBACK_LOADED: &str = "loading the fallback highlighter's grammars";

#[test]
fn the_fallback_loads_only_for_a_block_that_needs_it() {
    // Code in languages the lexers know, one unknown: the grammars stay unloaded.
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "Fast",
            "2024-01-01",
            "",
            "```python\ndef f(): ...\n```\n\n```mermaid\ngraph TD\n```\n\n```\nplain\n```\n",
        ),
    );
    assert!(!build_with_timings(&site).contains(FALLBACK_LOADED));
    let page = site.read("public/2024/01/a/index.html");
    assert!(
        page.contains("<span class=\"hl-keyword\">def</span>"),
        "{page}"
    );
    assert!(
        page.contains("<code class=\"language-mermaid\">graph TD"),
        "{page}"
    );

    // A Ruby block loads them, and comes out in the same classes.
    site.file(
        "content/posts/b.md",
        post(
            "Other",
            "2024-01-02",
            "",
            "```ruby\n# <b>\ndef greet(name) = puts \"Hi\"\n```\n",
        ),
    );
    assert!(build_with_timings(&site).contains(FALLBACK_LOADED));
    let page = site.read("public/2024/01/b/index.html");
    assert!(
        page.contains(
            "<code class=\"language-ruby\"><span class=\"hl-comment\"># &lt;b&gt;</span>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"hl-keyword\">def</span>"),
        "{page}"
    );
}
