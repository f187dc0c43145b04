//! The languages the fast lexers do not know (Ruby, Java, Kotlin, Elixir, Nix, PHP…),
//! highlighted through syntect with the Sublime Text grammars bat curates (two-face),
//! into the same `hl-…` classes, so one stylesheet colours both.
//!
//! Nothing here runs for a site without such a block: the grammars (about 1 MB,
//! compressed, in the binary) are decoded on the first block that asks for one
//! ([`LazyLock`]), and each grammar's regexes are compiled when first used.
//!
//! syntect is slow next to the lexers: 0.1–1 MB/s on ordinary code, down to 30 KB/s on
//! hostile lines (a backtracking regex engine, every pattern of a context tried at
//! each position), and a line's time can grow faster than its length. So its work is
//! bounded: a block longer than [`MAX_BLOCK`] or with a line longer than [`MAX_LINE`]
//! is left plain, and so is every block of a post past [`Budget`]'s allowance, and a
//! block syntect fails on. Real posts stay far under these.
//!
//! What comes out follows [`super::highlight`]'s contract: the escaped code with
//! non-nested `<span class="hl-…">` around tokens. A scope becomes a class by its
//! innermost scope that names one ([`CLASSES`]): `string.quoted.double` → string,
//! `entity.name.function` → function, `keyword.operator` → plain…

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::emit::{Class, span};
use super::fallback_names::NAMES;
use super::scan::lower;
use crate::escape::escape_bytes_into;

/// The largest block highlighted (bytes); a larger one is left plain.
pub(super) const MAX_BLOCK: usize = 64 * 1024;

/// The longest line highlighted (bytes); a block with a longer one is left plain.
pub(super) const MAX_LINE: usize = 4 * 1024;

/// How much code of one post the fallback highlights (bytes, all its blocks together);
/// the blocks after that are left plain. Deterministic: a post's blocks are rendered
/// in order.
pub(super) const MAX_POST: usize = 128 * 1024;

/// What is left of a post's allowance of code for the fallback highlighter: one per
/// post, passed to every block ([`crate::highlight::highlight_in`]).
#[derive(Debug)]
pub struct Budget(usize);

impl Default for Budget {
    fn default() -> Self {
        Budget(MAX_POST)
    }
}

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(|| {
    let start = Instant::now();
    let set = two_face::syntax::extra_newlines();
    let _ = LOAD_TIME.set(start.elapsed());
    set
});

/// How long decoding the grammars took, once they have been.
static LOAD_TIME: OnceLock<Duration> = OnceLock::new();

/// How long loading the grammars took, or `None` if nothing asked for them.
pub(super) fn load_time() -> Option<Duration> {
    LOAD_TIME.get().copied()
}

/// Scope prefixes and what they make of their text, most specific first: a class, or
/// `None` for plain text that hides the scopes outside it (an operator inside a
/// string's interpolation is not string). Scopes not listed (`source`, `meta.…`,
/// `punctuation.section`…) say nothing: the next scope out decides.
const CLASSES: &[(&str, Option<Class>)] = &[
    ("comment", Some(Class::Comment)),
    ("punctuation.definition.comment", Some(Class::Comment)),
    ("meta.interpolation", None),
    ("meta.embedded", None),
    ("punctuation.section.interpolation", None),
    ("punctuation.definition.string", Some(Class::Str)),
    ("string", Some(Class::Str)),
    ("constant.character.escape", Some(Class::Str)),
    ("constant.numeric", Some(Class::Number)),
    ("keyword.other.unit", Some(Class::Number)),
    ("constant.language", Some(Class::Constant)),
    ("constant.other", Some(Class::Constant)),
    ("support.constant", Some(Class::Constant)),
    ("variable.other.constant", Some(Class::Constant)),
    ("keyword.operator.word", Some(Class::Keyword)),
    ("keyword.operator.logical.python", Some(Class::Keyword)),
    ("keyword.operator", None),
    ("keyword", Some(Class::Keyword)),
    ("storage", Some(Class::Keyword)),
    ("variable.language", Some(Class::Keyword)),
    ("entity.name.function", Some(Class::Function)),
    ("variable.function", Some(Class::Function)),
    ("support.function", Some(Class::Builtin)),
    ("entity.name.type", Some(Class::Type)),
    ("entity.name.class", Some(Class::Type)),
    ("entity.name.struct", Some(Class::Type)),
    ("entity.name.enum", Some(Class::Type)),
    ("entity.name.interface", Some(Class::Type)),
    ("entity.name.trait", Some(Class::Type)),
    ("entity.other.inherited-class", Some(Class::Type)),
    ("support.type", Some(Class::Type)),
    ("support.class", Some(Class::Type)),
    ("entity.name.tag", Some(Class::Tag)),
    ("entity.other.attribute-name", Some(Class::Attr)),
    ("meta.annotation", Some(Class::Attr)),
    ("entity.name.decorator", Some(Class::Attr)),
    ("variable.other.readwrite.global", Some(Class::Variable)),
    ("variable.other.readwrite.instance", Some(Class::Variable)),
    ("variable.other.member", None),
    ("variable.parameter", None),
    ("markup.inserted", Some(Class::Inserted)),
    ("markup.deleted", Some(Class::Deleted)),
    ("markup.heading", Some(Class::Keyword)),
    ("markup.raw", Some(Class::Str)),
    ("markup.underline.link", Some(Class::Str)),
    ("meta.diff.header", Some(Class::Meta)),
    ("meta.diff.range", Some(Class::Meta)),
    ("invalid", None),
];

static SCOPES: LazyLock<Vec<(Scope, Option<Class>)>> = LazyLock::new(|| {
    CLASSES
        .iter()
        .filter_map(|(name, class)| Some((Scope::new(name).ok()?, *class)))
        .collect()
});

/// What one scope says: a class, plain, or nothing (ask the scope outside it).
fn scope_class(
    scope: Scope,
    cache: &mut HashMap<Scope, Option<Option<Class>>>,
) -> Option<Option<Class>> {
    *cache.entry(scope).or_insert_with(|| {
        SCOPES
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|(_, class)| *class)
    })
}

/// The class of text under `stack`: its innermost scope that says one.
fn stack_class(
    stack: &ScopeStack,
    cache: &mut HashMap<Scope, Option<Option<Class>>>,
) -> Option<Class> {
    stack
        .as_slice()
        .iter()
        .rev()
        .find_map(|s| scope_class(*s, cache))
        .flatten()
}

/// Whether the grammars answer to `lang` (an extension or a name, in any case), told
/// from the list [`NAMES`] without loading them: a block in a language neither the
/// lexers nor the grammars know (`mermaid`) costs nothing.
fn known(lang: &str) -> bool {
    let mut buf = [0u8; 32];
    let key = lower(lang.as_bytes(), &mut buf);
    !key.is_empty() && NAMES.split(' ').any(|n| n.as_bytes() == key)
}

/// The grammar for a fence's language name, by extension or name in any case
/// (`rb`, `ruby`, `Kotlin`); `None` for a language it does not know either.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if !known(lang) {
        return None;
    }
    let set: &'static SyntaxSet = &SYNTAXES;
    let syntax = set.find_syntax_by_token(lang)?;
    // The plain-text grammar highlights nothing: the caller's plain path is the same.
    (syntax.name != "Plain Text").then_some(syntax)
}

/// Highlights `code` written in `lang` with syntect, from `budget`; `None` if it knows
/// no such language. A block over the limits, or one it fails on, is returned escaped.
pub(super) fn highlight(lang: &str, code: &str, budget: &mut Budget) -> Option<Vec<u8>> {
    let syntax = syntax_for(lang)?;
    let mut out = Vec::with_capacity(code.len() * 3 + 64);
    let too_big = code.len() > MAX_BLOCK
        || code.len() > budget.0
        || code.split('\n').any(|line| line.len() > MAX_LINE);
    if !too_big {
        budget.0 -= code.len();
    }
    if too_big || render(syntax, code, &mut out).is_none() {
        out.clear();
        escape_bytes_into(&mut out, code.as_bytes());
    }
    Some(out)
}

/// Writes `code` highlighted into `out`; `None` if syntect fails on it.
fn render(syntax: &SyntaxReference, code: &str, out: &mut Vec<u8>) -> Option<()> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut cache = HashMap::new();
    // A run of text of one class, written when the class changes.
    let mut run_class: Option<Class> = None;
    let mut run = String::new();
    let flush = |out: &mut Vec<u8>, class: Option<Class>, run: &mut String| {
        match class {
            Some(c) => span(out, c, run.as_bytes()),
            None => escape_bytes_into(out, run.as_bytes()),
        }
        run.clear();
    };
    for line in code.split_inclusive('\n') {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        for (pos, op) in ops {
            let pos = pos.min(line.len());
            if pos > at {
                let class = stack_class(&stack, &mut cache);
                if class != run_class {
                    flush(out, run_class, &mut run);
                    run_class = class;
                }
                run.push_str(line.get(at..pos)?);
                at = pos;
            }
            stack.apply(&op).ok()?;
        }
        if at < line.len() {
            let class = stack_class(&stack, &mut cache);
            if class != run_class {
                flush(out, run_class, &mut run);
                run_class = class;
            }
            run.push_str(line.get(at..)?);
        }
        // A span never holds a line end with no text of its class after it on the
        // line: keeps `hl-inserted` backgrounds from running into the margin.
        if run_class.is_some() && run.ends_with('\n') {
            run.pop();
            flush(out, run_class, &mut run);
            run_class = None;
            run.push('\n');
        }
    }
    flush(out, run_class, &mut run);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::{Budget, MAX_BLOCK, MAX_LINE, MAX_POST};
    use crate::highlight::tests::parse;
    use crate::highlight::{highlight, highlight_in};

    fn runs(lang: &str, code: &str) -> Vec<(String, String)> {
        let html = highlight(lang, code).expect("a language the fallback knows");
        let runs = parse(&html);
        let text: String = runs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, code, "round trip of {lang} through {html:?}");
        runs
    }

    fn has(runs: &[(String, String)], class: &str, text: &str) -> bool {
        runs.iter().any(|(c, t)| c == class && t == text)
    }

    #[test]
    fn other_languages_get_the_same_classes() {
        let r = runs(
            "ruby",
            "# Ruby 3.4\ndef greet(name) = puts \"Hello, #{name}!\"\nclass Release < Struct; VERSION = 3.4; end\n",
        );
        assert!(has(&r, "comment", "# Ruby 3.4"), "{r:?}");
        assert!(has(&r, "keyword", "def"), "{r:?}");
        assert!(has(&r, "function", "greet"), "{r:?}");
        assert!(has(&r, "number", "3.4"), "{r:?}");
        assert!(
            r.iter().any(|(c, t)| c == "string" && t.contains("Hello")),
            "{r:?}"
        );
        // The interpolation inside the string is not string.
        assert!(
            !r.iter().any(|(c, t)| c == "string" && t.contains("name}")),
            "{r:?}"
        );
        let r = runs(
            "kotlin",
            "fun main() {\n    val v = \"2.1\" // a <b> & c\n    println(v)\n}\n",
        );
        assert!(has(&r, "keyword", "fun"), "{r:?}");
        assert!(
            r.iter()
                .any(|(c, t)| c == "comment" && t.contains("<b> & c")),
            "{r:?}"
        );
        for lang in [
            "java", "elixir", "nix", "php", "haskell", "lua", "swift", "zig", "Ruby", "rb",
        ] {
            let html = highlight(lang, "x = 1\n").unwrap_or_else(|| panic!("{lang}"));
            parse(&html);
        }
    }

    /// The names of the grammars, as `syntax_for` finds them, against the list checked
    /// in (`fallback_names.rs`). After upgrading two-face: `BULLETIN_WRITE_NAMES=1 cargo
    /// test --lib fallback_names` writes it again.
    #[test]
    fn fallback_names_are_current() {
        let set: &syntect::parsing::SyntaxSet = &super::SYNTAXES;
        let mut names: Vec<String> = set
            .syntaxes()
            .iter()
            .flat_map(|s| s.file_extensions.iter().chain([&s.name]))
            .map(|t| t.to_ascii_lowercase())
            .filter(|t| !t.contains(char::is_whitespace) && !t.is_empty() && t.len() <= 32)
            .filter(|t| {
                set.find_syntax_by_token(t)
                    .is_some_and(|s| s.name != "Plain Text")
            })
            .collect();
        names.sort();
        names.dedup();
        let joined = names.join(" ");
        if joined == super::NAMES {
            return;
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/highlight/fallback_names.rs"
        );
        assert!(
            std::env::var_os("BULLETIN_WRITE_NAMES").is_some(),
            "src/highlight/fallback_names.rs is out of date: run \
             BULLETIN_WRITE_NAMES=1 cargo test --lib fallback_names"
        );
        let mut lines = vec![String::new()];
        for n in &names {
            let last = lines.last_mut().expect("a line");
            if last.len() + n.len() + 1 > 76 {
                lines.push(String::new());
            }
            let last = lines.last_mut().expect("a line");
            last.push_str(n);
            last.push(' ');
        }
        if let Some(last) = lines.last_mut() {
            last.pop();
        }
        let body: String = lines.iter().map(|l| format!("    {l:?},\n")).collect();
        let file = format!(
            "//! The names and file extensions the fallback's grammars answer to (two-face's\n\
             //! set, {} syntaxes), lowercase, sorted, one space apart: the fallback tells\n\
             //! a language it knows from one it does not without loading the grammars.\n\
             //! Written by the test `fallback_names_are_current`, which checks it against\n\
             //! the grammars; not by hand.\n\n\
             /// Every name, one space apart.\n\
             pub(super) const NAMES: &str = concat!(\n{body});\n",
            set.syntaxes().len()
        );
        std::fs::write(path, file).expect("write fallback_names.rs");
    }

    #[test]
    fn unknown_languages_stay_plain() {
        assert_eq!(highlight("no-such-language", "<x>"), None);
        assert_eq!(highlight("mermaid", "graph TD"), None);
        assert_eq!(highlight("", "x"), None);
    }

    #[test]
    fn large_blocks_and_long_lines_are_left_plain() {
        let big = "puts 'x' # <c>\n".repeat(MAX_BLOCK / 8);
        let html = highlight("ruby", &big).expect("ruby");
        assert!(!html.contains("<span"));
        let text: String = parse(&html).into_iter().map(|(_, t)| t).collect();
        assert_eq!(text, big);
        let long = format!("x = '{}'\n", "a".repeat(MAX_LINE));
        assert!(!highlight("ruby", &long).expect("ruby").contains("<span"));
        // Just under the limits: highlighted, in about linear time.
        let lines = "def f(a) = [a, \"s\", 1.5] # c\n".repeat(MAX_BLOCK / 40);
        let start = std::time::Instant::now();
        assert!(highlight("ruby", &lines).expect("ruby").contains("<span"));
        eprintln!("ruby: {} bytes in {:?}", lines.len(), start.elapsed());
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn hostile_blocks_stay_bounded() {
        // 10 MB: over the limit, returned escaped without parsing.
        let huge = "((((\"'#{".repeat(10 * 1024 * 1024 / 8);
        let start = std::time::Instant::now();
        let html = highlight("ruby", &huge).expect("ruby");
        assert!(!html.contains("<span"));
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        // Just under the limits, the slowest lines found for three grammars (about
        // 30 KB/s for Elixir's): one block each costs a second or two, no more.
        for (lang, piece) in [("elixir", "'\\"), ("java", "x.y("), ("ruby", "a ")] {
            let line = piece.repeat(MAX_LINE / piece.len());
            let block = format!("{line}\n").repeat(MAX_BLOCK / (line.len() + 1));
            let start = std::time::Instant::now();
            parse(&highlight(lang, &block).expect("known"));
            assert!(
                start.elapsed().as_secs() < 20,
                "{lang}: {:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn a_post_has_an_allowance() {
        let block = "puts 'x'\n".repeat(MAX_BLOCK / 10);
        let mut budget = Budget::default();
        let mut spans = Vec::new();
        for _ in 0..(MAX_POST / block.len() + 2) {
            let html = highlight_in("ruby", &block, &mut budget).expect("ruby");
            spans.push(html.contains("<span"));
        }
        let highlighted = spans.iter().filter(|s| **s).count();
        assert_eq!(highlighted, MAX_POST / block.len(), "{spans:?}");
        assert!(!spans.last().unwrap(), "the last blocks are plain");
        // The fast lexers take nothing from it.
        let mut budget = Budget(0);
        assert!(
            highlight_in("python", "def f(): pass\n", &mut budget)
                .unwrap()
                .contains("<span")
        );
    }
}
