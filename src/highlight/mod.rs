//! Build-time syntax highlighting of fenced code blocks.
//!
//! [`highlight`] turns the code of a fenced block into HTML-escaped text with
//! `<span class="hl-…">` around its tokens; [`canonical`] names the language for the
//! block's class. It knows Python and Python console sessions (`pycon`), shell and
//! console sessions, PowerShell, Rust, C, C++, Go, JavaScript, TypeScript, JSON, YAML,
//! TOML, INI, HTML/XML, CSS, SQL, diff, Markdown, Dockerfile, Makefile and plain text.
//!
//! Why hand-written: speed. The 10,000-post benchmark (about 2 MB of code in 8,000
//! blocks, Python and console) must build within 0.75 s on 2 cores, which leaves
//! highlighting about 30 ms of CPU in all, so at least 60 MB/s. The crates of the field
//! are far slower: tree-sitter-highlight (through arborium) does 2.4 MB/s and syntect
//! less. This is a lexer, not a parser: it reads each byte about once, looks words up
//! with `match`, and writes into one preallocated buffer, escaping as it goes; it
//! highlights that benchmark's code at about 250 MB/s. Every search that could fail is
//! bounded, so no input makes it slower than linear by more than a small factor.
//!
//! What it gets right is what matters for reading: strings with escapes and each
//! language's quote kinds (Python prefixes and triple quotes, JS template literals, Rust
//! raw strings and lifetimes, shell quoting and heredocs), line and block comments,
//! numbers (hex, separators, exponents, suffixes), keywords as whole words, and names
//! being defined. Strings and comments carry across lines. An odd construct may be
//! coloured wrongly, but no text is ever lost or reordered: every `<span>` is closed at
//! the end of its token, spans never nest, and stripping the tags and unescaping gives
//! back the input exactly, less the characters XML 1.0 forbids (controls other than tab
//! and line ends, U+FFFE, U+FFFF). Those are left out, as in everything Bulletin writes
//! into HTML and XML ([`crate::escape`]); a build strips them from post bodies before
//! rendering anyway. `tests/highlight/` compares every lexer with Pygments, character
//! by character, on release-note snippets; the differences left are listed there with
//! their reasons.
//!
//! Languages the lexers do not know go to `fallback`: syntect with bat's grammars,
//! loaded on the first block that needs them and bounded in size (see there).
//!
//! The stages, each importing only those before it: `scan` (byte-level helpers) and
//! `emit` (the token classes, the span writer and the cursor `Lx`), which know no
//! language; the lexers, one family of languages each: `python` (its word table in
//! `python::words`, f-strings in `python::fstring`), `shell` (`shell::words`),
//! `powershell`, `clike` (Rust, C, C++, Go, JavaScript, TypeScript), `data` (JSON, YAML,
//! TOML, INI), `markup` (HTML/XML with the JavaScript and CSS inside, CSS, Markdown),
//! `sql` and `diff`; then what combines them: `console` (sessions of shell, PowerShell
//! and Python) and `build_files` (Dockerfile, Makefile); beside them `fallback`; and
//! this module, the API and the table of languages.

mod build_files;
mod clike;
mod console;
mod data;
mod diff;
mod emit;
mod fallback;
mod fallback_names;
mod markup;
mod powershell;
mod python;
mod scan;
mod shell;
mod sql;
#[cfg(test)]
mod tests;

use crate::escape::escape_bytes_into;
use build_files::{dockerfile, makefile};
use clike::{Ck, lex_c};
use console::console;
use data::{lex_ini, lex_json, lex_toml, lex_yaml};
use diff::lex_diff;
use emit::Lx;
pub use fallback::Budget;
use markup::{lex_css, lex_html, lex_markdown};
use powershell::lex_powershell;
use python::{PyState, lex_python, pycon};

use scan::{lower, skip_space, sub};
use shell::{ShState, lex_sh};
use sql::lex_sql;

/// Highlights `code` written in `lang`: the first word of the fence's info string, in
/// any case (`"python"`, `"py"`, `"Rust"`, `"console"`…).
///
/// The languages of the hand-written lexers ([`canonical`] names them) are highlighted
/// by them; any other goes to the fallback (syntect with bat's grammars: Ruby, Java,
/// Kotlin, Elixir, Nix…), loaded on the first such block. Returns `None` for a
/// language neither knows (the caller then prints the code escaped, unhighlighted).
/// Otherwise the result is the HTML-escaped code (`&`, `<`,
/// `>`, `"` and `'` become `&amp; &lt; &gt; &quot; &#39;`, and the characters XML 1.0
/// forbids are left out: see [`crate::escape`]) with
/// `<span class="hl-…">…</span>` around tokens and nothing else: no `<pre>` or `<code>`,
/// which the caller adds. The classes are `hl-keyword`, `hl-string`, `hl-comment`,
/// `hl-number`, `hl-function`, `hl-type`, `hl-constant`, `hl-builtin`, `hl-attr`,
/// `hl-tag`, `hl-prompt`, `hl-output`, `hl-inserted`, `hl-deleted`, `hl-meta` and
/// `hl-variable`. Spans never nest; a token that spans lines (a triple-quoted string, a
/// block comment) keeps its span across the newlines. Plain-text languages (`text`,
/// `plain`, `none`) give the escaped code. A `bash`/`sh`/`shell` block whose first
/// line starts with `$ ` is highlighted as a console session (prompts and output).
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    highlight_in(lang, code, &mut Budget::default())
}

/// [`highlight`], with the allowance of code left to the fallback highlighter for the
/// post this block is in (one [`Budget`] per post, passed to each of its blocks in
/// order): a hostile post of many blocks in a fallback language costs at most that.
pub fn highlight_in(lang: &str, code: &str, budget: &mut Budget) -> Option<String> {
    let out = match Lang::from_name(lang) {
        Some(lang) => render(lang, code.as_bytes()),
        None => fallback::highlight(lang, code, budget)?,
    };
    match String::from_utf8(out) {
        Ok(html) => Some(html),
        // Unreachable by construction (tokens start and end on character boundaries),
        // but if it ever happened the reader still gets the code, escaped.
        Err(_) => {
            let mut plain = Vec::with_capacity(code.len() + code.len() / 8);
            escape_bytes_into(&mut plain, code.as_bytes());
            Some(String::from_utf8_lossy(&plain).into_owned())
        }
    }
}

/// How long the fallback highlighter took to load its grammars, or `None` if no block
/// of this process needed it (a site whose code is all in languages the fast lexers
/// know never loads them). `BULLETIN_TIMINGS=1` prints it.
pub fn fallback_load_time() -> Option<std::time::Duration> {
    fallback::load_time()
}

/// The canonical name of a language that [`highlight`] knows, from any of its aliases
/// in any case (`"py"` → `"python"`, `"Shell"` → `"bash"`, `"yml"` → `"yaml"`), for the
/// code block's class; `None` for a language it does not know.
///
/// The names: `python`, `pycon`, `console`, `bash`, `powershell`, `rust`, `c`, `cpp`,
/// `go`, `javascript`, `typescript`, `json`, `yaml`, `toml`, `ini`, `html`, `css`, `sql`,
/// `diff`, `markdown`, `dockerfile`, `makefile` and `text`.
pub fn canonical(lang: &str) -> Option<&'static str> {
    Lang::from_name(lang).map(Lang::name)
}

// ---------------------------------------------------------------------------------------
// Languages

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Python,
    Pycon,
    Console,
    Bash,
    PowerShell,
    Rust,
    C,
    Cpp,
    Go,
    JavaScript,
    TypeScript,
    Json,
    Yaml,
    Toml,
    Ini,
    Html,
    Css,
    Sql,
    Diff,
    Markdown,
    Dockerfile,
    Makefile,
    Text,
}

impl Lang {
    fn from_name(name: &str) -> Option<Lang> {
        let mut buf = [0u8; 32];
        let key = lower(name.trim().as_bytes(), &mut buf);
        Some(match key {
            b"python" | b"py" | b"python3" | b"py3" => Lang::Python,
            b"pycon" | b"python-console" | b"pyrepl" => Lang::Pycon,
            b"console" | b"shell-session" | b"terminal" | b"shellsession" | b"sh-session" => {
                Lang::Console
            }
            b"bash" | b"sh" | b"shell" | b"zsh" | b"ksh" => Lang::Bash,
            b"powershell" | b"ps1" | b"pwsh" | b"posh" => Lang::PowerShell,
            b"rust" | b"rs" => Lang::Rust,
            b"c" => Lang::C,
            b"cpp" | b"c++" | b"cxx" | b"cc" | b"h" | b"hpp" | b"hxx" | b"hh" => Lang::Cpp,
            b"go" | b"golang" => Lang::Go,
            b"javascript" | b"js" | b"mjs" | b"cjs" | b"jsx" => Lang::JavaScript,
            b"typescript" | b"ts" | b"tsx" | b"mts" | b"cts" => Lang::TypeScript,
            b"json" | b"jsonc" | b"json5" => Lang::Json,
            b"yaml" | b"yml" => Lang::Yaml,
            b"toml" => Lang::Toml,
            b"ini" | b"cfg" | b"conf" | b"dosini" => Lang::Ini,
            b"html" | b"htm" | b"xhtml" | b"xml" | b"svg" => Lang::Html,
            b"css" => Lang::Css,
            b"sql" | b"postgresql" | b"postgres" | b"mysql" | b"sqlite" => Lang::Sql,
            b"diff" | b"patch" | b"udiff" => Lang::Diff,
            b"markdown" | b"md" => Lang::Markdown,
            b"dockerfile" | b"docker" | b"containerfile" => Lang::Dockerfile,
            b"makefile" | b"make" | b"mk" | b"mf" => Lang::Makefile,
            b"text" | b"plain" | b"none" | b"txt" | b"plaintext" => Lang::Text,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Pycon => "pycon",
            Lang::Console => "console",
            Lang::Bash => "bash",
            Lang::PowerShell => "powershell",
            Lang::Rust => "rust",
            Lang::C => "c",
            Lang::Cpp => "cpp",
            Lang::Go => "go",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Json => "json",
            Lang::Yaml => "yaml",
            Lang::Toml => "toml",
            Lang::Ini => "ini",
            Lang::Html => "html",
            Lang::Css => "css",
            Lang::Sql => "sql",
            Lang::Diff => "diff",
            Lang::Markdown => "markdown",
            Lang::Dockerfile => "dockerfile",
            Lang::Makefile => "makefile",
            Lang::Text => "text",
        }
    }
}

/// Highlights `s` into UTF-8 bytes (valid whenever `s` is).
fn render(lang: Lang, s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 + 64);
    match lang {
        Lang::Pycon => pycon(s, &mut out),
        Lang::Console => console(s, &mut out),
        // A shell block whose first line starts with `$ ` is a session (no script
        // starts with a lone `$`).
        Lang::Bash if sub(s, skip_space(s, 0), s.len()).starts_with(b"$ ") => console(s, &mut out),
        Lang::Dockerfile => dockerfile(s, &mut out),
        Lang::Makefile => makefile(s, &mut out),
        _ => {
            let mut lx = Lx::new(s, &mut out);
            match lang {
                Lang::Python => lex_python(&mut lx, &mut PyState::default()),
                Lang::Bash => lex_sh(&mut lx, &mut ShState::default(), false, true),
                Lang::PowerShell => lex_powershell(&mut lx),
                Lang::Rust => lex_c(&mut lx, Ck::Rust),
                Lang::C => lex_c(&mut lx, Ck::C),
                Lang::Cpp => lex_c(&mut lx, Ck::Cpp),
                Lang::Go => lex_c(&mut lx, Ck::Go),
                Lang::JavaScript => lex_c(&mut lx, Ck::Js),
                Lang::TypeScript => lex_c(&mut lx, Ck::Ts),
                Lang::Json => lex_json(&mut lx),
                Lang::Yaml => lex_yaml(&mut lx),
                Lang::Toml => lex_toml(&mut lx),
                Lang::Ini => lex_ini(&mut lx),
                Lang::Html => lex_html(&mut lx),
                Lang::Css => lex_css(&mut lx),
                Lang::Sql => lex_sql(&mut lx),
                Lang::Diff => lex_diff(&mut lx),
                Lang::Markdown => lex_markdown(&mut lx),
                // Plain text; the others are handled above.
                Lang::Text | Lang::Pycon | Lang::Console | Lang::Dockerfile | Lang::Makefile => {}
            }
            lx.finish();
        }
    }
    out
}
