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
//! back the input exactly.

/// Highlights `code` written in `lang`: the first word of the fence's info string, in
/// any case (`"python"`, `"py"`, `"Rust"`, `"console"`…).
///
/// Returns `None` for a language it does not know (the caller then prints the code
/// escaped, unhighlighted). Otherwise the result is the HTML-escaped code (`&`, `<`,
/// `>`, `"` and `'` become `&amp; &lt; &gt; &quot; &#39;`) with
/// `<span class="hl-…">…</span>` around tokens and nothing else: no `<pre>` or `<code>`,
/// which the caller adds. The classes are `hl-keyword`, `hl-string`, `hl-comment`,
/// `hl-number`, `hl-function`, `hl-type`, `hl-constant`, `hl-builtin`, `hl-attr`,
/// `hl-tag`, `hl-prompt`, `hl-output`, `hl-inserted`, `hl-deleted`, `hl-meta` and
/// `hl-variable`. Spans never nest; a token that spans lines (a triple-quoted string, a
/// block comment) keeps its span across the newlines. Plain-text languages (`text`,
/// `plain`, `none`) give the escaped code. A `bash`/`sh`/`shell` block whose first
/// line starts with `$ ` is highlighted as a console session (prompts and output).
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    let lang = Lang::from_name(lang)?;
    let out = render(lang, code.as_bytes());
    match String::from_utf8(out) {
        Ok(html) => Some(html),
        // Unreachable by construction (tokens start and end on character boundaries),
        // but if it ever happened the reader still gets the code, escaped.
        Err(_) => {
            let mut plain = Vec::with_capacity(code.len() + code.len() / 8);
            escape_into(&mut plain, code.as_bytes());
            Some(String::from_utf8_lossy(&plain).into_owned())
        }
    }
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

// ---------------------------------------------------------------------------------------
// Output

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Keyword,
    Str,
    Comment,
    Number,
    Function,
    Type,
    Constant,
    Builtin,
    Attr,
    Tag,
    Prompt,
    Output,
    Inserted,
    Deleted,
    Meta,
    Variable,
}

impl Class {
    fn open(self) -> &'static [u8] {
        match self {
            Class::Keyword => b"<span class=\"hl-keyword\">",
            Class::Str => b"<span class=\"hl-string\">",
            Class::Comment => b"<span class=\"hl-comment\">",
            Class::Number => b"<span class=\"hl-number\">",
            Class::Function => b"<span class=\"hl-function\">",
            Class::Type => b"<span class=\"hl-type\">",
            Class::Constant => b"<span class=\"hl-constant\">",
            Class::Builtin => b"<span class=\"hl-builtin\">",
            Class::Attr => b"<span class=\"hl-attr\">",
            Class::Tag => b"<span class=\"hl-tag\">",
            Class::Prompt => b"<span class=\"hl-prompt\">",
            Class::Output => b"<span class=\"hl-output\">",
            Class::Inserted => b"<span class=\"hl-inserted\">",
            Class::Deleted => b"<span class=\"hl-deleted\">",
            Class::Meta => b"<span class=\"hl-meta\">",
            Class::Variable => b"<span class=\"hl-variable\">",
        }
    }
}

/// Appends `s` to `out`, HTML-escaped.
fn escape_into(out: &mut Vec<u8>, s: &[u8]) {
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.extend_from_slice(&s[start..i]);
        out.extend_from_slice(rep);
        start = i + 1;
    }
    out.extend_from_slice(&s[start..]);
}

/// Appends `text` in a span of `class` (nothing if `text` is empty).
fn span(out: &mut Vec<u8>, class: Class, text: &[u8]) {
    if !text.is_empty() {
        out.extend_from_slice(class.open());
        escape_into(out, text);
        out.extend_from_slice(b"</span>");
    }
}

/// A cursor over one chunk of code that writes it out: `mark..i` is text read but not
/// yet written (plain, escaped when flushed); a token writes `i..end` in a span.
/// Positions only move forward, so every byte is written exactly once, in order.
struct Lx<'a, 'o> {
    s: &'a [u8],
    i: usize,
    mark: usize,
    out: &'o mut Vec<u8>,
}

impl<'a, 'o> Lx<'a, 'o> {
    fn new(s: &'a [u8], out: &'o mut Vec<u8>) -> Self {
        Lx {
            s,
            i: 0,
            mark: 0,
            out,
        }
    }

    fn cur(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn flush(&mut self) {
        if let Some(text) = self.s.get(self.mark..self.i) {
            escape_into(self.out, text);
            self.mark = self.i;
        }
    }

    /// Writes `i..end` as a token of `class` (nothing if it is empty).
    fn tok(&mut self, class: Class, end: usize) {
        let end = end.min(self.s.len());
        if end <= self.i {
            return;
        }
        self.flush();
        if let Some(text) = self.s.get(self.i..end) {
            span(self.out, class, text);
        }
        self.i = end;
        self.mark = end;
    }

    /// Moves on to `end` as plain text.
    fn to(&mut self, end: usize) {
        self.i = end.min(self.s.len()).max(self.i);
    }

    fn skip(&mut self, n: usize) {
        self.to(self.i.saturating_add(n));
    }

    /// Moves past one character as plain text.
    fn skip_char(&mut self) {
        self.skip(char_len(byte(self.s, self.i)));
    }

    fn finish(&mut self) {
        self.i = self.s.len();
        self.flush();
    }
}

/// Runs `lex` over `chunk` as a code fragment of its own, writing to `out`.
fn run<F: FnOnce(&mut Lx<'_, '_>)>(out: &mut Vec<u8>, chunk: &[u8], lex: F) {
    let mut lx = Lx::new(chunk, out);
    lex(&mut lx);
    lx.finish();
}

// ---------------------------------------------------------------------------------------
// Byte helpers (all total: out-of-range reads give 0)

fn byte(s: &[u8], k: usize) -> u8 {
    s.get(k).copied().unwrap_or(0)
}

fn sub(s: &[u8], a: usize, b: usize) -> &[u8] {
    s.get(a..b).unwrap_or(&[])
}

fn char_len(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn ident_end(s: &[u8], mut j: usize) -> usize {
    while is_ident(byte(s, j)) {
        j += 1;
    }
    j
}

/// The end of `[A-Za-z_][A-Za-z0-9_]*` at `i` (ASCII names: shell variables).
fn name_end(s: &[u8], i: usize) -> usize {
    let b = byte(s, i);
    if !(b.is_ascii_alphabetic() || b == b'_') {
        return i;
    }
    let mut j = i + 1;
    while matches!(byte(s, j), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
        j += 1;
    }
    j
}

/// The end of a dotted name like `app.route` at `i`.
fn dotted_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    if !is_ident_start(byte(s, j)) {
        return i;
    }
    loop {
        j = ident_end(s, j);
        if byte(s, j) == b'.' && is_ident_start(byte(s, j + 1)) {
            j += 1;
        } else {
            return j;
        }
    }
}

/// The first `b` from `from` on the same line, within `max` bytes (bounded searches
/// keep pathological input linear: no search is repeated over a long line).
fn find_near(s: &[u8], from: usize, b: u8, max: usize) -> Option<usize> {
    let rest = s.get(from..)?;
    let rest = &rest[..rest.len().min(max)];
    let p = rest.iter().position(|&x| x == b || x == b'\n')?;
    (rest[p] == b).then_some(from + p)
}

fn find_byte(s: &[u8], from: usize, b: u8) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&x| x == b)
        .map(|p| p + from)
}

fn find(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let first = *pat.first()?;
    let mut j = from;
    loop {
        let p = find_byte(s, j, first)?;
        if s.get(p..p + pat.len()) == Some(pat) {
            return Some(p);
        }
        j = p + 1;
    }
}

/// Like [`find`] but ASCII case-insensitive.
fn find_ci(s: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut j = from;
    while j + pat.len() <= s.len() {
        if sub(s, j, j + pat.len()).eq_ignore_ascii_case(pat) {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// The position of the next `\n` at or after `i`, or the end.
fn line_end(s: &[u8], i: usize) -> usize {
    find_byte(s, i, b'\n')
        .unwrap_or(s.len())
        .max(i.min(s.len()))
}

/// The start of the line after the one holding `i`.
fn next_line(s: &[u8], i: usize) -> usize {
    (line_end(s, i) + 1).min(s.len())
}

fn skip_blanks(s: &[u8], mut j: usize) -> usize {
    while matches!(byte(s, j), b' ' | b'\t') {
        j += 1;
    }
    j
}

fn skip_space(s: &[u8], mut j: usize) -> usize {
    while matches!(byte(s, j), b' ' | b'\t' | b'\r' | b'\n') {
        j += 1;
    }
    j
}

fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| b.is_ascii_whitespace())
}

/// `w` in ASCII lower case, in `buf` (empty if it does not fit).
fn lower<'b>(w: &[u8], buf: &'b mut [u8; 32]) -> &'b [u8] {
    if w.len() > buf.len() {
        return &[];
    }
    for (d, b) in buf.iter_mut().zip(w) {
        *d = b.to_ascii_lowercase();
    }
    &buf[..w.len()]
}

/// The end of a number starting at `i` (a digit, or a `.` before one): `0x`/`0o`/`0b`
/// forms, digits with `_` (and `sep`, C++'s `'`), a fraction, an exponent, and a suffix
/// of letters (`u32`, `f`, `ULL`, `n`, `j`).
fn number_end(s: &[u8], i: usize, sep: u8) -> usize {
    let digitish = |j: usize| {
        let b = byte(s, j);
        b.is_ascii_digit() || b == b'_' || (sep != 0 && b == sep && byte(s, j + 1).is_ascii_digit())
    };
    let mut j = i;
    if byte(s, j) == b'0' && matches!(byte(s, j + 1) | 0x20, b'x' | b'o' | b'b') {
        j += 2;
        loop {
            let b = byte(s, j);
            if b.is_ascii_alphanumeric() || b == b'_' {
                j += 1;
            } else if sep != 0 && b == sep && byte(s, j + 1).is_ascii_hexdigit() {
                j += 2;
            } else {
                return j;
            }
        }
    }
    while digitish(j) {
        j += 1;
    }
    if byte(s, j) == b'.' && byte(s, j + 1).is_ascii_digit() {
        j += 1;
        while digitish(j) {
            j += 1;
        }
    }
    if matches!(byte(s, j), b'e' | b'E') {
        let k = if matches!(byte(s, j + 1), b'+' | b'-') {
            j + 2
        } else {
            j + 1
        };
        if byte(s, k).is_ascii_digit() {
            j = k;
            while digitish(j) {
                j += 1;
            }
        }
    }
    while byte(s, j).is_ascii_alphanumeric() || byte(s, j) == b'_' {
        j += 1;
    }
    j
}

/// Whether `w` is a whole plain number (for YAML and TOML values): an optional sign,
/// then `0x`/`0o`/`0b` digits, or decimal digits with an optional fraction and exponent,
/// or `inf`/`nan` (`.inf`/`.nan` in YAML).
fn is_plain_number(w: &[u8]) -> bool {
    let w = match w.first() {
        Some(b'+' | b'-') => &w[1..],
        _ => w,
    };
    if matches!(
        w,
        b"inf" | b"nan" | b".inf" | b".nan" | b".Inf" | b".NaN" | b".INF" | b".NAN"
    ) {
        return true;
    }
    if w.len() > 2 && w[0] == b'0' && matches!(w[1], b'x' | b'o' | b'b') {
        return w[2..].iter().all(|b| b.is_ascii_hexdigit() || *b == b'_');
    }
    let mut digits = 0;
    let mut j = 0;
    while j < w.len() && (w[j].is_ascii_digit() || w[j] == b'_') {
        digits += usize::from(w[j].is_ascii_digit());
        j += 1;
    }
    if j < w.len() && w[j] == b'.' {
        j += 1;
        while j < w.len() && (w[j].is_ascii_digit() || w[j] == b'_') {
            digits += usize::from(w[j].is_ascii_digit());
            j += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if j < w.len() && matches!(w[j], b'e' | b'E') {
        j += 1;
        if j < w.len() && matches!(w[j], b'+' | b'-') {
            j += 1;
        }
        let k = j;
        while j < w.len() && w[j].is_ascii_digit() {
            j += 1;
        }
        if j == k {
            return false;
        }
    }
    j == w.len()
}

/// Where a string whose body starts at `from` ends: after the closing `q`, skipping
/// backslash escapes; at a newline (not included) unless `multiline`; or at the end.
fn quoted_end(s: &[u8], from: usize, q: u8, multiline: bool) -> usize {
    let mut j = from;
    while let Some(&b) = s.get(j) {
        if b == q {
            return j + 1;
        }
        match b {
            b'\\' => j += 2,
            b'\n' if !multiline => return j,
            _ => j += 1,
        }
    }
    s.len()
}

/// The matching `close` of the `open` at `i`, on the same line.
fn matching_on_line(s: &[u8], i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while let Some(&b) = s.get(j).filter(|_| j < i + 512) {
        if b == open {
            depth += 1;
        } else if b == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        } else if b == b'\n' {
            return None;
        }
        j += 1;
    }
    None
}

/// The end of a `/* … */` comment whose body starts at `from` (nesting if `nested`).
fn block_comment_end(s: &[u8], from: usize, nested: bool) -> usize {
    if !nested {
        return find(s, from, b"*/").map_or(s.len(), |p| p + 2);
    }
    let mut depth = 1usize;
    let mut j = from;
    while j < s.len() {
        match (byte(s, j), byte(s, j + 1)) {
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            _ => j += 1,
        }
    }
    s.len()
}

// ---------------------------------------------------------------------------------------
// Python

#[derive(Clone, Copy, Default)]
struct PyState {
    /// A string still open at the end of the last chunk: its quote and whether triple.
    open: Option<(u8, bool)>,
}

fn py_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"False" | b"None" | b"True" | b"NotImplemented" | b"Ellipsis" | b"__debug__" => {
            Class::Constant
        }
        b"and" | b"as" | b"assert" | b"async" | b"await" | b"break" | b"class" | b"continue"
        | b"def" | b"del" | b"elif" | b"else" | b"except" | b"finally" | b"for" | b"from"
        | b"global" | b"if" | b"import" | b"in" | b"is" | b"lambda" | b"nonlocal" | b"not"
        | b"or" | b"pass" | b"raise" | b"return" | b"try" | b"while" | b"with" | b"yield" => {
            Class::Keyword
        }
        b"abs"
        | b"aiter"
        | b"all"
        | b"anext"
        | b"any"
        | b"ascii"
        | b"bin"
        | b"bool"
        | b"breakpoint"
        | b"bytearray"
        | b"bytes"
        | b"callable"
        | b"chr"
        | b"classmethod"
        | b"compile"
        | b"complex"
        | b"delattr"
        | b"dict"
        | b"dir"
        | b"divmod"
        | b"enumerate"
        | b"eval"
        | b"exec"
        | b"filter"
        | b"float"
        | b"format"
        | b"frozenset"
        | b"getattr"
        | b"globals"
        | b"hasattr"
        | b"hash"
        | b"help"
        | b"hex"
        | b"id"
        | b"input"
        | b"int"
        | b"isinstance"
        | b"issubclass"
        | b"iter"
        | b"len"
        | b"list"
        | b"locals"
        | b"map"
        | b"max"
        | b"memoryview"
        | b"min"
        | b"next"
        | b"object"
        | b"oct"
        | b"open"
        | b"ord"
        | b"pow"
        | b"print"
        | b"property"
        | b"range"
        | b"repr"
        | b"reversed"
        | b"round"
        | b"set"
        | b"setattr"
        | b"slice"
        | b"sorted"
        | b"staticmethod"
        | b"str"
        | b"sum"
        | b"super"
        | b"tuple"
        | b"type"
        | b"vars"
        | b"zip"
        | b"__import__"
        | b"BaseException"
        | b"Exception"
        | b"ArithmeticError"
        | b"AssertionError"
        | b"AttributeError"
        | b"BlockingIOError"
        | b"BrokenPipeError"
        | b"BufferError"
        | b"ChildProcessError"
        | b"ConnectionError"
        | b"EOFError"
        | b"EncodingWarning"
        | b"ExceptionGroup"
        | b"BaseExceptionGroup"
        | b"FileExistsError"
        | b"FileNotFoundError"
        | b"FloatingPointError"
        | b"GeneratorExit"
        | b"ImportError"
        | b"IndentationError"
        | b"IndexError"
        | b"InterruptedError"
        | b"IsADirectoryError"
        | b"KeyError"
        | b"KeyboardInterrupt"
        | b"LookupError"
        | b"MemoryError"
        | b"ModuleNotFoundError"
        | b"NameError"
        | b"NotADirectoryError"
        | b"NotImplementedError"
        | b"OSError"
        | b"OverflowError"
        | b"PermissionError"
        | b"ProcessLookupError"
        | b"RecursionError"
        | b"ReferenceError"
        | b"RuntimeError"
        | b"StopAsyncIteration"
        | b"StopIteration"
        | b"SyntaxError"
        | b"SystemError"
        | b"SystemExit"
        | b"TabError"
        | b"TimeoutError"
        | b"TypeError"
        | b"UnboundLocalError"
        | b"UnicodeDecodeError"
        | b"UnicodeEncodeError"
        | b"UnicodeError"
        | b"ValueError"
        | b"ZeroDivisionError"
        | b"Warning"
        | b"UserWarning"
        | b"DeprecationWarning"
        | b"PendingDeprecationWarning"
        | b"RuntimeWarning"
        | b"SyntaxWarning"
        | b"FutureWarning"
        | b"ImportWarning"
        | b"UnicodeWarning"
        | b"BytesWarning"
        | b"ResourceWarning" => Class::Builtin,
        _ => return None,
    })
}

/// Whether `w` is a string prefix (`r`, `b`, `f`, `u`, `t`, `rb`, `fr`…).
fn py_prefix(w: &[u8]) -> bool {
    let ok = |a: u8, b: u8| a == b'r' && matches!(b, b'b' | b'f' | b't');
    match w {
        [a] => matches!(a | 0x20, b'r' | b'b' | b'f' | b'u' | b't'),
        [a, b] => ok(a | 0x20, b | 0x20) || ok(b | 0x20, a | 0x20),
        _ => false,
    }
}

/// `match`, `case` and `type` are keywords only at the start of a statement followed by
/// what can follow them (not `match = …`, `match(…)`, `type(x)`).
fn py_soft_keyword(w: &[u8], s: &[u8], e: usize) -> bool {
    if !matches!(w, b"match" | b"case" | b"type") || !matches!(byte(s, e), b' ' | b'\t') {
        return false;
    }
    let n = byte(s, skip_blanks(s, e));
    if w == b"type" {
        return is_ident_start(n);
    }
    is_ident_start(n) || n.is_ascii_digit() || matches!(n, b'"' | b'\'' | b'[' | b'{' | b'(' | b'-')
}

/// Where a Python string whose body starts at `j` ends, and whether it is still open at
/// the end of the chunk (a triple-quoted string, or a line ending in a backslash).
fn py_str_end(s: &[u8], mut j: usize, q: u8, triple: bool) -> (usize, bool) {
    while let Some(&b) = s.get(j) {
        if b == q {
            if !triple {
                return (j + 1, false);
            }
            if byte(s, j + 1) == q && byte(s, j + 2) == q {
                return (j + 3, false);
            }
            j += 1;
            continue;
        }
        match b {
            b'\\' => j += 2,
            b'\n' if !triple => return (j, false),
            _ => j += 1,
        }
    }
    (s.len(), triple || j > s.len())
}

/// A string token from `lx.i` whose quote is at `q_at` (after any prefix).
fn py_string(lx: &mut Lx<'_, '_>, st: &mut PyState, q_at: usize) {
    let s = lx.s;
    let q = byte(s, q_at);
    let triple = byte(s, q_at + 1) == q && byte(s, q_at + 2) == q;
    let body = q_at + if triple { 3 } else { 1 };
    let (end, open) = py_str_end(s, body, q, triple);
    lx.tok(Class::Str, end);
    st.open = open.then_some((q, triple));
}

fn lex_python(lx: &mut Lx<'_, '_>, st: &mut PyState) {
    let s = lx.s;
    if let Some((q, triple)) = st.open.take() {
        let (end, open) = py_str_end(s, lx.i, q, triple);
        lx.tok(Class::Str, end);
        st.open = open.then_some((q, triple));
    }
    let mut line_start = true;
    let mut after_dot = false;
    let mut pending: Option<Class> = None;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') {
            line_start |= c == b'\n';
            lx.skip(1);
            continue;
        }
        let pend = pending.take();
        match c {
            b'#' => lx.tok(Class::Comment, line_end(s, start)),
            b'"' | b'\'' => py_string(lx, st, start),
            b'@' if line_start => {
                let e = dotted_end(s, start + 1);
                if e > start + 1 {
                    lx.tok(Class::Attr, e);
                }
            }
            b'0'..=b'9' => lx.tok(Class::Number, number_end(s, start, 0)),
            b'.' if byte(s, start + 1).is_ascii_digit() => {
                lx.tok(Class::Number, number_end(s, start, 0));
            }
            _ if is_ident_start(c) => {
                let e = ident_end(s, start);
                let w = sub(s, start, e);
                let next = byte(s, e);
                if matches!(next, b'"' | b'\'') && py_prefix(w) {
                    py_string(lx, st, e);
                } else {
                    let word = if after_dot { None } else { py_word(w) };
                    let class = match word {
                        Some(Class::Keyword) => {
                            pending = match w {
                                b"def" => Some(Class::Function),
                                b"class" => Some(Class::Type),
                                _ => None,
                            };
                            word
                        }
                        _ if pend.is_some() => pend,
                        _ if line_start && py_soft_keyword(w, s, e) => Some(Class::Keyword),
                        Some(_) => word,
                        None if next == b'(' => Some(Class::Function),
                        None => None,
                    };
                    match class {
                        Some(class) => lx.tok(class, e),
                        None => lx.to(e),
                    }
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
        line_start = false;
        after_dot = c == b'.' && lx.i == start + 1;
    }
}

// ---------------------------------------------------------------------------------------
// Shell (bash, and the commands of console sessions and Dockerfile and Makefile recipes)

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ShCtx {
    Single,
    AnsiC,
    Double,
    /// `$( … )`, with the depth of plain parentheses inside.
    Sub(u32),
    Backtick,
}

#[derive(Debug)]
struct Heredoc {
    delim: Vec<u8>,
    strip_tabs: bool,
}

#[derive(Default, Debug)]
struct ShState {
    stack: Vec<ShCtx>,
    /// `<<EOF` seen on the current line: the body starts on the next.
    pending_heredoc: Option<Heredoc>,
    heredoc: Option<Heredoc>,
    /// The last chunk ended in a backslash.
    continued: bool,
    /// Command position at the end of the last chunk.
    cmd: bool,
}

impl ShState {
    /// Whether the command goes on past the end of the last chunk.
    fn busy(&self) -> bool {
        self.continued
            || !self.stack.is_empty()
            || self.heredoc.is_some()
            || self.pending_heredoc.is_some()
    }

    fn end_line(&mut self) {
        if let Some(h) = self.pending_heredoc.take() {
            self.heredoc = Some(h);
        }
    }
}

fn sh_keyword(w: &[u8]) -> bool {
    matches!(
        w,
        b"if"
            | b"then"
            | b"else"
            | b"elif"
            | b"fi"
            | b"case"
            | b"esac"
            | b"for"
            | b"select"
            | b"while"
            | b"until"
            | b"do"
            | b"done"
            | b"in"
            | b"function"
            | b"time"
            | b"coproc"
    )
}

fn sh_builtin(w: &[u8]) -> bool {
    matches!(
        w,
        b"alias"
            | b"bg"
            | b"bind"
            | b"break"
            | b"builtin"
            | b"cd"
            | b"command"
            | b"continue"
            | b"declare"
            | b"echo"
            | b"eval"
            | b"exec"
            | b"exit"
            | b"export"
            | b"false"
            | b"fg"
            | b"getopts"
            | b"hash"
            | b"jobs"
            | b"kill"
            | b"let"
            | b"local"
            | b"logout"
            | b"popd"
            | b"printf"
            | b"pushd"
            | b"pwd"
            | b"read"
            | b"readonly"
            | b"return"
            | b"set"
            | b"shift"
            | b"shopt"
            | b"source"
            | b"test"
            | b"trap"
            | b"true"
            | b"type"
            | b"typeset"
            | b"ulimit"
            | b"umask"
            | b"unalias"
            | b"unset"
            | b"wait"
    )
}

/// Whether `$` followed by `n` starts an expansion.
fn sh_expands(n: u8) -> bool {
    n.is_ascii_alphanumeric()
        || matches!(
            n,
            b'_' | b'{' | b'(' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-'
        )
}

/// The end of a shell word at `i`.
fn sh_word_end(s: &[u8], mut j: usize) -> usize {
    while let Some(&b) = s.get(j) {
        if matches!(
            b,
            b' ' | b'\t'
                | b'\n'
                | b'\r'
                | b';'
                | b'&'
                | b'|'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'\''
                | b'"'
                | b'`'
                | b'$'
                | b'\\'
        ) {
            break;
        }
        j += 1;
    }
    j
}

fn sh_single(lx: &mut Lx<'_, '_>, st: &mut ShState, from: usize) {
    match find_byte(lx.s, from, b'\'') {
        Some(p) => {
            lx.tok(Class::Str, p + 1);
            st.stack.pop();
        }
        None => lx.tok(Class::Str, lx.s.len()),
    }
}

fn sh_ansic(lx: &mut Lx<'_, '_>, st: &mut ShState, from: usize) {
    let end = quoted_end(lx.s, from, b'\'', true);
    if byte(lx.s, end.wrapping_sub(1)) == b'\'' && end > from {
        lx.tok(Class::Str, end);
        st.stack.pop();
    } else {
        lx.tok(Class::Str, end);
    }
}

/// A part of a double-quoted string from `lx.i`, scanning from `from`: up to the closing
/// quote (then the context is popped), or an expansion or backtick inside, or the end.
fn sh_double(lx: &mut Lx<'_, '_>, st: &mut ShState, from: usize) {
    let s = lx.s;
    let mut j = from;
    loop {
        match s.get(j) {
            None => {
                lx.tok(Class::Str, s.len());
                return;
            }
            Some(b'\\') => j += 2,
            Some(b'"') => {
                lx.tok(Class::Str, j + 1);
                st.stack.pop();
                return;
            }
            Some(b'$') if sh_expands(byte(s, j + 1)) => {
                lx.tok(Class::Str, j);
                return;
            }
            Some(b'`') => {
                lx.tok(Class::Str, j);
                return;
            }
            Some(_) => j += 1,
        }
    }
}

/// An expansion at `lx.i` (a `$`). Returns whether it opened a command substitution.
fn sh_dollar(lx: &mut Lx<'_, '_>, st: &mut ShState, make: bool) -> bool {
    let s = lx.s;
    let start = lx.i;
    let n = byte(s, start + 1);
    match n {
        b'{' => {
            let end = matching_on_line(s, start + 1, b'{', b'}').map_or(start + 2, |p| p + 1);
            lx.tok(Class::Variable, end);
        }
        b'(' if make => {
            let end = matching_on_line(s, start + 1, b'(', b')').map_or(start + 2, |p| p + 1);
            lx.tok(Class::Variable, end);
        }
        b'(' => {
            lx.skip(2);
            st.stack.push(ShCtx::Sub(0));
            return byte(s, start + 2) != b'(';
        }
        b'\'' if !make => {
            st.stack.push(ShCtx::AnsiC);
            sh_ansic(lx, st, start + 2);
        }
        b'"' if !make => {
            st.stack.push(ShCtx::Double);
            sh_double(lx, st, start + 2);
        }
        b'$' if make => {
            let e = name_end(s, start + 2);
            lx.tok(Class::Variable, e.max(start + 2));
        }
        _ if make && (n.is_ascii_alphanumeric() || b"_@<^?*%+|".contains(&n)) => {
            lx.tok(Class::Variable, start + 2);
        }
        _ if n.is_ascii_alphabetic() || n == b'_' => {
            lx.tok(Class::Variable, name_end(s, start + 1))
        }
        b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-' => {
            lx.tok(Class::Variable, start + 2);
        }
        _ => lx.skip(1),
    }
    false
}

/// `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<"EOF"` at `start`: its end and the heredoc.
fn sh_heredoc_start(s: &[u8], start: usize) -> Option<(usize, Heredoc)> {
    let mut j = start + 2;
    let strip_tabs = byte(s, j) == b'-';
    if strip_tabs {
        j += 1;
    }
    j = skip_blanks(s, j);
    let q = byte(s, j);
    let (from, to, end) = if q == b'\'' || q == b'"' {
        let close = find_near(s, j + 1, q, 256)?;
        (j + 1, close, close + 1)
    } else {
        let from = if q == b'\\' { j + 1 } else { j };
        let mut e = from;
        while is_ident(byte(s, e)) || matches!(byte(s, e), b'-' | b'.') {
            e += 1;
        }
        (from, e, e)
    };
    let delim = sub(s, from, to);
    if delim.is_empty() {
        return None;
    }
    Some((
        end,
        Heredoc {
            delim: delim.to_vec(),
            strip_tabs,
        },
    ))
}

/// The body of a heredoc from `lx.i` (a line start) through its closing line.
fn sh_heredoc_body(lx: &mut Lx<'_, '_>, st: &mut ShState) {
    let s = lx.s;
    let Some(h) = &st.heredoc else { return };
    let mut j = lx.i;
    loop {
        let e = line_end(s, j);
        let mut line = sub(s, j, e);
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if h.strip_tabs {
            while let [b'\t', rest @ ..] = line {
                line = rest;
            }
        }
        if line == h.delim.as_slice() {
            lx.tok(Class::Str, e);
            st.heredoc = None;
            return;
        }
        if e >= s.len() {
            lx.tok(Class::Str, s.len());
            lx.to(s.len());
            return;
        }
        j = e + 1;
    }
}

/// Shell code: bash, or the commands of a make recipe (`make`: `$(VAR)` is a variable).
/// `cmd_start` tells whether the chunk starts in command position.
fn lex_sh(lx: &mut Lx<'_, '_>, st: &mut ShState, make: bool, cmd_start: bool) {
    let s = lx.s;
    let mut cmd = if st.continued || !st.stack.is_empty() {
        st.cmd
    } else {
        cmd_start
    };
    st.continued = false;
    let mut assign = false;
    let mut expect_in = false;
    let mut expect: Option<Class> = None;
    // After `export`, `local`…: the arguments are assignments too.
    let mut declare = false;
    let mut parens = 0usize;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        let depth = st.stack.len();
        if st.heredoc.is_some() {
            sh_heredoc_body(lx, st);
        } else {
            match st.stack.last().copied() {
                Some(ShCtx::Single) => sh_single(lx, st, start),
                Some(ShCtx::AnsiC) => sh_ansic(lx, st, start),
                Some(ShCtx::Double) => match c {
                    b'$' if sh_expands(byte(s, start + 1)) => cmd = sh_dollar(lx, st, make),
                    b'`' => {
                        st.stack.push(ShCtx::Backtick);
                        lx.skip(1);
                        cmd = true;
                    }
                    _ => sh_double(lx, st, start),
                },
                _ => match c {
                    b'\n' => {
                        cmd = true;
                        assign = false;
                        declare = false;
                        expect_in = false;
                        st.end_line();
                        lx.skip(1);
                    }
                    b' ' | b'\t' | b'\r' => {
                        if assign {
                            cmd = true;
                            assign = false;
                        }
                        lx.skip(1);
                    }
                    b'#' if start == 0
                        || matches!(
                            byte(s, start - 1),
                            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b'`'
                        ) =>
                    {
                        lx.tok(Class::Comment, line_end(s, start));
                    }
                    b'\'' => {
                        st.stack.push(ShCtx::Single);
                        sh_single(lx, st, start + 1);
                        cmd = false;
                    }
                    b'"' => {
                        st.stack.push(ShCtx::Double);
                        sh_double(lx, st, start + 1);
                        cmd = false;
                    }
                    b'`' => {
                        if st.stack.last() == Some(&ShCtx::Backtick) {
                            st.stack.pop();
                            cmd = false;
                        } else {
                            st.stack.push(ShCtx::Backtick);
                            cmd = true;
                        }
                        lx.skip(1);
                    }
                    b'$' => cmd = sh_dollar(lx, st, make),
                    b'\\' => {
                        lx.skip(1);
                        if lx.i >= s.len() {
                            st.continued = true;
                        } else {
                            lx.skip_char();
                        }
                    }
                    b';' | b'&' | b'|' => {
                        cmd = true;
                        assign = false;
                        declare = false;
                        lx.skip(1);
                    }
                    b'(' => {
                        match st.stack.last_mut() {
                            Some(ShCtx::Sub(d)) => *d += 1,
                            _ => parens += 1,
                        }
                        // A subshell runs commands; `=(` is an array, `((` arithmetic.
                        cmd = !(start > 0 && matches!(byte(s, start - 1), b'=' | b'('));
                        assign = false;
                        lx.skip(1);
                    }
                    b')' => {
                        // A `)` closing nothing ends a case pattern: a command follows.
                        cmd = false;
                        match st.stack.last_mut() {
                            Some(ShCtx::Sub(0)) => {
                                st.stack.pop();
                            }
                            Some(ShCtx::Sub(d)) => *d -= 1,
                            _ if parens == 0 => cmd = true,
                            _ => parens -= 1,
                        }
                        lx.skip(1);
                    }
                    b'<' if byte(s, start + 1) == b'<' && byte(s, start + 2) != b'<' => {
                        match sh_heredoc_start(s, start) {
                            Some((end, h)) => {
                                lx.tok(Class::Str, end);
                                st.pending_heredoc = Some(h);
                            }
                            None => lx.skip(2),
                        }
                    }
                    b'<' => lx.skip(run_len(s, start, b'<')), // `<<<` is a here-string
                    b'>' => lx.skip(1),
                    _ => {
                        let e = sh_word_end(s, start);
                        let w = sub(s, start, e);
                        let ne = name_end(s, start);
                        let op = match (byte(s, ne), byte(s, ne + 1)) {
                            (b'=', _) => 1,
                            (b'+', b'=') => 2,
                            _ => 0,
                        };
                        let pend = expect.take();
                        if (cmd || declare) && ne > start && op > 0 {
                            lx.tok(Class::Variable, ne);
                            lx.to(ne + op);
                            assign = true;
                            cmd = false;
                        } else if w == b"{" || w == b"}" || w == b"!" {
                            lx.to(e);
                        } else {
                            let class = if cmd {
                                if sh_keyword(w) {
                                    match w {
                                        b"for" | b"select" => {
                                            expect = Some(Class::Variable);
                                            expect_in = true;
                                            cmd = false;
                                        }
                                        b"case" => {
                                            expect_in = true;
                                            cmd = false;
                                        }
                                        b"function" => {
                                            expect = Some(Class::Function);
                                            cmd = false;
                                        }
                                        b"fi" | b"done" | b"esac" | b"in" => cmd = false,
                                        _ => {}
                                    }
                                    Some(Class::Keyword)
                                } else {
                                    cmd = false;
                                    let k = skip_blanks(s, e);
                                    if byte(s, k) == b'(' && byte(s, k + 1) == b')' {
                                        Some(Class::Function)
                                    } else if sh_builtin(w) {
                                        declare = matches!(
                                            w,
                                            b"export"
                                                | b"local"
                                                | b"declare"
                                                | b"readonly"
                                                | b"typeset"
                                        );
                                        Some(Class::Builtin)
                                    } else {
                                        None
                                    }
                                }
                            } else if pend.is_some() {
                                pend
                            } else if expect_in && w == b"in" {
                                expect_in = false;
                                Some(Class::Keyword)
                            } else if w.iter().all(u8::is_ascii_digit) {
                                Some(Class::Number)
                            } else {
                                None
                            };
                            match class {
                                Some(class) => lx.tok(class, e),
                                None => lx.to(e),
                            }
                        }
                    }
                },
            }
        }
        if lx.i == start && st.stack.len() == depth {
            lx.skip_char();
        }
    }
    st.cmd = cmd;
}

// ---------------------------------------------------------------------------------------
// Console sessions

/// The length of a shell prompt at the start of `line`: `$ `, `# `, `% ` (or the sign
/// alone on its line), after an optional `(venv) ` and an optional `user@host:dir`,
/// `[user@host dir]` or `~/dir`.
fn shell_prompt_len(line: &[u8]) -> Option<usize> {
    let mut j = 0;
    if byte(line, 0) == b'(' {
        let close = find_near(line, 1, b')', 64)?;
        if byte(line, close + 1) != b' ' {
            return None;
        }
        j = close + 2;
    }
    let sign = |k: usize| {
        matches!(byte(line, k), b'$' | b'#' | b'%')
            && matches!(byte(line, k + 1), b' ' | b'\t' | b'\r' | 0)
            && (k + 1 >= line.len() || byte(line, k + 1) != 0)
    };
    if sign(j) {
        return Some((j + 2).min(line.len()));
    }
    // user@host:~/dir$ , [user@host dir]$ , ~/src$
    let b = byte(line, j);
    let k = if b == b'[' {
        find_near(line, j, b']', 80)? + 1
    } else if b.is_ascii_alphanumeric() || b == b'~' || b == b'/' {
        let mut k = j;
        let mut at = false;
        while let Some(&c) = line.get(k) {
            if c == b'@' {
                at = true;
            } else if !(c.is_ascii_alphanumeric() || b"_.-:~/".contains(&c)) {
                break;
            }
            k += 1;
        }
        if !(at || b == b'~') || k > j + 80 {
            return None;
        }
        k
    } else {
        return None;
    };
    sign(k).then(|| (k + 2).min(line.len()))
}

/// The length of a Windows prompt at the start of `line`, and whether it is
/// PowerShell's: `PS C:\src> `, `PS> `, or cmd's `C:\src>`.
fn windows_prompt_len(line: &[u8]) -> Option<(usize, bool)> {
    let powershell = line.starts_with(b"PS ") || line.starts_with(b"PS>");
    let drive = byte(line, 0).is_ascii_alphabetic() && sub(line, 1, 3) == b":\\";
    if !(powershell || drive) {
        return None;
    }
    let gt = find_near(line, 2, b'>', 200)?;
    match byte(line, gt + 1) {
        b' ' => Some((gt + 2, powershell)),
        _ if drive || gt + 1 >= line.len() || byte(line, gt + 1) == b'\r' => {
            Some((gt + 1, powershell))
        }
        _ => None,
    }
}

/// The length of a Python prompt (`>>> `, `... `, or `>>>`/`...` alone) at the start of
/// `line`.
fn py_prompt_len(line: &[u8]) -> Option<usize> {
    let head = sub(line, 0, 3);
    if head != b">>>" && head != b"..." {
        return None;
    }
    match byte(line, 3) {
        b' ' => Some(4),
        b'\r' => Some(3),
        _ if line.len() == 3 => Some(3),
        _ => None,
    }
}

/// Iterates over the lines of `s`: (start, end without the newline, whether one follows).
fn lines(s: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= s.len() {
            return None;
        }
        let start = i;
        let e = line_end(s, i);
        i = e + 1;
        Some((start, e, e < s.len()))
    })
}

fn console(s: &[u8], out: &mut Vec<u8>) {
    let mut sh = ShState::default();
    let mut py: Option<PyState> = None;
    for (a, b, newline) in lines(s) {
        let line = sub(s, a, b);
        if sh.busy() && !sh.continued && line.starts_with(b"$ ") {
            // A new command: the heredoc or the quote left open (an apostrophe, most
            // likely) ends here.
            sh = ShState::default();
        }
        if sh.busy() {
            // The command goes on: a continuation, a quoted newline or a heredoc body,
            // maybe after the secondary prompt.
            let p = if line.starts_with(b"> ") {
                2
            } else {
                usize::from(line == b">")
            };
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| {
                lex_sh(lx, &mut sh, false, true)
            });
            sh.end_line();
        } else if let Some(p) =
            py_prompt_len(line).filter(|_| py.is_some() || byte(line, 0) == b'>')
        {
            span(out, Class::Prompt, sub(line, 0, p));
            let st = py.get_or_insert_with(PyState::default);
            run(out, sub(line, p, line.len()), |lx| lex_python(lx, st));
        } else if let Some((p, powershell)) = windows_prompt_len(line) {
            py = None;
            sh = ShState::default();
            span(out, Class::Prompt, sub(line, 0, p));
            let rest = sub(line, p, line.len());
            if powershell {
                run(out, rest, lex_powershell);
            } else {
                run(out, rest, |lx| lex_sh(lx, &mut sh, false, true));
                sh = ShState::default();
            }
        } else if let Some(p) = shell_prompt_len(line) {
            py = None;
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| {
                lex_sh(lx, &mut sh, false, true)
            });
            sh.end_line();
        } else {
            if let Some(st) = &mut py {
                st.open = None;
            }
            span(out, Class::Output, line);
        }
        if newline {
            out.push(b'\n');
        }
    }
}

fn pycon(s: &[u8], out: &mut Vec<u8>) {
    let mut st = PyState::default();
    for (a, b, newline) in lines(s) {
        let line = sub(s, a, b);
        if let Some(p) = py_prompt_len(line) {
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| lex_python(lx, &mut st));
        } else {
            st.open = None;
            span(out, Class::Output, line);
        }
        if newline {
            out.push(b'\n');
        }
    }
}

// ---------------------------------------------------------------------------------------
// PowerShell

fn ps_keyword(w: &[u8]) -> bool {
    matches!(
        w,
        b"begin"
            | b"break"
            | b"catch"
            | b"class"
            | b"continue"
            | b"data"
            | b"default"
            | b"do"
            | b"dynamicparam"
            | b"else"
            | b"elseif"
            | b"end"
            | b"enum"
            | b"exit"
            | b"filter"
            | b"finally"
            | b"for"
            | b"foreach"
            | b"from"
            | b"function"
            | b"if"
            | b"in"
            | b"param"
            | b"process"
            | b"return"
            | b"switch"
            | b"throw"
            | b"trap"
            | b"try"
            | b"until"
            | b"using"
            | b"while"
            | b"workflow"
    )
}

fn ps_operator(w: &[u8]) -> bool {
    matches!(
        w,
        b"eq"
            | b"ne"
            | b"gt"
            | b"ge"
            | b"lt"
            | b"le"
            | b"like"
            | b"notlike"
            | b"match"
            | b"notmatch"
            | b"contains"
            | b"notcontains"
            | b"in"
            | b"notin"
            | b"replace"
            | b"split"
            | b"join"
            | b"is"
            | b"isnot"
            | b"as"
            | b"and"
            | b"or"
            | b"not"
            | b"xor"
            | b"band"
            | b"bor"
            | b"bxor"
            | b"bnot"
            | b"shl"
            | b"shr"
            | b"f"
            | b"ceq"
            | b"cne"
            | b"ieq"
            | b"ine"
            | b"clike"
            | b"ilike"
            | b"cmatch"
            | b"imatch"
    )
}

/// A PowerShell variable at `i` (a `$`): its end, or `i` if it is not one.
fn ps_variable_end(s: &[u8], i: usize) -> usize {
    let n = byte(s, i + 1);
    if n == b'{' {
        return find_near(s, i + 2, b'}', 512).map_or(i, |p| p + 1);
    }
    if matches!(n, b'$' | b'?' | b'^') {
        return i + 2;
    }
    if !is_ident_start(n) {
        return i;
    }
    let mut e = ident_end(s, i + 1);
    // $env:PATH, $script:count
    if byte(s, e) == b':' && is_ident_start(byte(s, e + 1)) {
        e = ident_end(s, e + 1);
    }
    e
}

/// A variable token at `lx.i`: constants for `$true`, `$false`, `$null`.
fn ps_variable(lx: &mut Lx<'_, '_>, e: usize) {
    let mut buf = [0u8; 32];
    let name = lower(sub(lx.s, lx.i + 1, e), &mut buf);
    let class = if matches!(name, b"true" | b"false" | b"null") {
        Class::Constant
    } else {
        Class::Variable
    };
    lx.tok(class, e);
}

fn lex_powershell(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut pending: Option<Class> = None;
    let mut after_dot = false;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        if c.is_ascii_whitespace() {
            lx.skip(1);
            continue;
        }
        let pend = pending.take();
        let prev = if start > 0 { byte(s, start - 1) } else { b' ' };
        match c {
            b'<' if byte(s, start + 1) == b'#' => {
                let end = find(s, start + 2, b"#>").map_or(s.len(), |p| p + 2);
                lx.tok(Class::Comment, end);
            }
            b'#' => lx.tok(Class::Comment, line_end(s, start)),
            b'@' if matches!(byte(s, start + 1), b'"' | b'\'')
                && matches!(byte(s, skip_blanks(s, start + 2)), b'\n' | b'\r') =>
            {
                let close: &[u8] = if byte(s, start + 1) == b'"' {
                    b"\n\"@"
                } else {
                    b"\n'@"
                };
                let end = find(s, start + 2, close).map_or(s.len(), |p| p + 3);
                lx.tok(Class::Str, end);
            }
            b'\'' => {
                let mut j = start + 1;
                loop {
                    match s.get(j) {
                        None => break,
                        Some(b'\'') if byte(s, j + 1) == b'\'' => j += 2,
                        Some(b'\'') => {
                            j += 1;
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                lx.tok(Class::Str, j);
            }
            b'"' => {
                // Split at variables: "Hello $name" is string, variable, string.
                let mut j = start + 1;
                loop {
                    match s.get(j) {
                        None => {
                            lx.tok(Class::Str, s.len());
                            break;
                        }
                        Some(b'`') => j += 2,
                        Some(b'"') if byte(s, j + 1) == b'"' => j += 2,
                        Some(b'"') => {
                            lx.tok(Class::Str, j + 1);
                            break;
                        }
                        Some(b'$') => {
                            let e = ps_variable_end(s, j);
                            if e > j {
                                lx.tok(Class::Str, j);
                                ps_variable(lx, e);
                                j = e;
                                // The rest of the string is a new token from here.
                                lx.to(j);
                            } else {
                                j += 1;
                            }
                        }
                        Some(_) => j += 1,
                    }
                }
            }
            b'$' => {
                let e = ps_variable_end(s, start);
                if e > start {
                    ps_variable(lx, e);
                }
            }
            b'-' if byte(s, start + 1).is_ascii_alphabetic()
                && matches!(prev, b' ' | b'\t' | b'(' | b'\n' | b'\r') =>
            {
                let e = ident_end(s, start + 1);
                let mut buf = [0u8; 32];
                if ps_operator(lower(sub(s, start + 1, e), &mut buf)) {
                    lx.tok(Class::Keyword, e);
                } else {
                    lx.to(e);
                }
            }
            b'[' if byte(s, start + 1).is_ascii_alphabetic()
                && !(is_ident(prev) || matches!(prev, b']' | b')')) =>
            {
                // A type literal: [string], [System.IO.File], [int[]]
                let mut j = start + 1;
                while is_ident(byte(s, j)) || matches!(byte(s, j), b'.' | b',' | b'`') {
                    j += 1;
                }
                if byte(s, j) == b'[' && byte(s, j + 1) == b']' {
                    j += 2;
                }
                if byte(s, j) == b']' {
                    lx.tok(Class::Type, j + 1);
                } else {
                    lx.skip(1);
                }
            }
            b'0'..=b'9' => lx.tok(Class::Number, number_end(s, start, 0)),
            _ if is_ident_start(c) => {
                let mut e = ident_end(s, start);
                let mut cmdlet = false;
                while byte(s, e) == b'-' && byte(s, e + 1).is_ascii_alphabetic() {
                    e = ident_end(s, e + 1);
                    cmdlet = true;
                }
                let mut buf = [0u8; 32];
                let w = lower(sub(s, start, e), &mut buf);
                let class = if cmdlet {
                    Some(Class::Function)
                } else if !after_dot && ps_keyword(w) {
                    if matches!(w, b"function" | b"filter" | b"workflow") {
                        pending = Some(Class::Function);
                    } else if matches!(w, b"class" | b"enum") {
                        pending = Some(Class::Type);
                    }
                    Some(Class::Keyword)
                } else if pend.is_some() {
                    pend
                } else if byte(s, e) == b'(' {
                    Some(Class::Function)
                } else {
                    None
                };
                match class {
                    Some(class) => lx.tok(class, e),
                    None => lx.to(e),
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
        after_dot = c == b'.' && lx.i == start + 1;
    }
}

// ---------------------------------------------------------------------------------------
// C-like languages: Rust, C, C++, Go, JavaScript, TypeScript

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ck {
    Rust,
    C,
    Cpp,
    Go,
    Js,
    Ts,
}

fn rust_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"as" | b"async" | b"await" | b"break" | b"const" | b"continue" | b"crate" | b"dyn"
        | b"else" | b"enum" | b"extern" | b"fn" | b"for" | b"if" | b"impl" | b"in" | b"let"
        | b"loop" | b"match" | b"mod" | b"move" | b"mut" | b"pub" | b"ref" | b"return"
        | b"self" | b"static" | b"struct" | b"super" | b"trait" | b"type" | b"unsafe" | b"use"
        | b"where" | b"while" | b"yield" | b"union" | b"macro_rules" => Class::Keyword,
        b"true" | b"false" | b"None" => Class::Constant,
        b"i8" | b"i16" | b"i32" | b"i64" | b"i128" | b"isize" | b"u8" | b"u16" | b"u32"
        | b"u64" | b"u128" | b"usize" | b"f32" | b"f64" | b"bool" | b"char" | b"str" | b"Self" => {
            Class::Type
        }
        _ => return None,
    })
}

fn c_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"auto" | b"break" | b"case" | b"const" | b"continue" | b"default" | b"do" | b"else"
        | b"enum" | b"extern" | b"for" | b"goto" | b"if" | b"inline" | b"register"
        | b"restrict" | b"return" | b"sizeof" | b"static" | b"struct" | b"switch" | b"typedef"
        | b"union" | b"volatile" | b"while" | b"_Alignas" | b"_Alignof" | b"_Atomic"
        | b"_Generic" | b"_Noreturn" | b"_Static_assert" | b"_Thread_local" | b"alignas"
        | b"alignof" | b"static_assert" | b"thread_local" | b"typeof" | b"constexpr" => {
            Class::Keyword
        }
        b"void" | b"char" | b"short" | b"int" | b"long" | b"float" | b"double" | b"signed"
        | b"unsigned" | b"bool" | b"_Bool" | b"_Complex" | b"FILE" => Class::Type,
        b"NULL" | b"true" | b"false" | b"nullptr" | b"EOF" | b"stdin" | b"stdout" | b"stderr" => {
            Class::Constant
        }
        _ => return None,
    })
}

fn cpp_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"and" | b"asm" | b"catch" | b"class" | b"co_await" | b"co_return" | b"co_yield"
        | b"concept" | b"const_cast" | b"consteval" | b"constinit" | b"decltype" | b"delete"
        | b"dynamic_cast" | b"explicit" | b"export" | b"final" | b"friend" | b"import"
        | b"module" | b"mutable" | b"namespace" | b"new" | b"noexcept" | b"not" | b"operator"
        | b"or" | b"override" | b"private" | b"protected" | b"public" | b"reinterpret_cast"
        | b"requires" | b"static_cast" | b"template" | b"this" | b"throw" | b"try" | b"typeid"
        | b"typename" | b"using" | b"virtual" | b"xor" => Class::Keyword,
        b"wchar_t" | b"char8_t" | b"char16_t" | b"char32_t" => Class::Type,
        _ => return c_word(w),
    })
}

fn go_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"break" | b"case" | b"chan" | b"const" | b"continue" | b"default" | b"defer" | b"else"
        | b"fallthrough" | b"for" | b"func" | b"go" | b"goto" | b"if" | b"import"
        | b"interface" | b"map" | b"package" | b"range" | b"return" | b"select" | b"struct"
        | b"switch" | b"type" | b"var" => Class::Keyword,
        b"bool" | b"byte" | b"complex64" | b"complex128" | b"error" | b"float32" | b"float64"
        | b"int" | b"int8" | b"int16" | b"int32" | b"int64" | b"rune" | b"string" | b"uint"
        | b"uint8" | b"uint16" | b"uint32" | b"uint64" | b"uintptr" | b"any" | b"comparable" => {
            Class::Type
        }
        b"true" | b"false" | b"nil" | b"iota" => Class::Constant,
        b"append" | b"cap" | b"clear" | b"close" | b"complex" | b"copy" | b"delete" | b"imag"
        | b"len" | b"make" | b"max" | b"min" | b"new" | b"panic" | b"print" | b"println"
        | b"real" | b"recover" => Class::Builtin,
        _ => return None,
    })
}

fn js_word(w: &[u8], ts: bool) -> Option<Class> {
    Some(match w {
        b"async" | b"await" | b"break" | b"case" | b"catch" | b"class" | b"const" | b"continue"
        | b"debugger" | b"default" | b"delete" | b"do" | b"else" | b"export" | b"extends"
        | b"finally" | b"for" | b"from" | b"function" | b"if" | b"import" | b"in"
        | b"instanceof" | b"let" | b"new" | b"of" | b"return" | b"static" | b"super"
        | b"switch" | b"this" | b"throw" | b"try" | b"typeof" | b"var" | b"void" | b"while"
        | b"with" | b"yield" => Class::Keyword,
        b"true" | b"false" | b"null" | b"undefined" | b"NaN" | b"Infinity" => Class::Constant,
        b"console" | b"window" | b"document" | b"globalThis" | b"require" | b"module"
        | b"exports" | b"process" => Class::Builtin,
        b"abstract" | b"as" | b"asserts" | b"declare" | b"enum" | b"implements" | b"infer"
        | b"interface" | b"is" | b"keyof" | b"namespace" | b"override" | b"private"
        | b"protected" | b"public" | b"readonly" | b"satisfies" | b"type" | b"unique"
            if ts =>
        {
            Class::Keyword
        }
        b"any" | b"bigint" | b"boolean" | b"never" | b"number" | b"object" | b"string"
        | b"symbol" | b"unknown"
            if ts =>
        {
            Class::Type
        }
        _ => return None,
    })
}

fn c_lookup(k: Ck, w: &[u8]) -> Option<Class> {
    match k {
        Ck::Rust => rust_word(w),
        Ck::C => c_word(w),
        Ck::Cpp => cpp_word(w),
        Ck::Go => go_word(w),
        Ck::Js => js_word(w, false),
        Ck::Ts => js_word(w, true),
    }
}

/// What the name after keyword `w` is: a function or type being defined.
fn c_defines(k: Ck, w: &[u8]) -> Option<Class> {
    match (k, w) {
        (Ck::Rust, b"fn") | (Ck::Go, b"func") | (Ck::Js | Ck::Ts, b"function") => {
            Some(Class::Function)
        }
        (Ck::Rust, b"struct" | b"enum" | b"trait" | b"type" | b"union")
        | (Ck::C | Ck::Cpp, b"struct" | b"enum" | b"union")
        | (Ck::Cpp, b"class" | b"concept")
        | (Ck::Go, b"type")
        | (Ck::Js | Ck::Ts, b"class" | b"extends" | b"new")
        | (Ck::Ts, b"interface" | b"type" | b"enum" | b"implements") => Some(Class::Type),
        _ => None,
    }
}

/// The end of a JS regex literal at `start` (a `/`), if it is one: on one line, with
/// escapes and classes, then flags.
fn regex_end(s: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    let mut class = false;
    loop {
        let b = *s.get(j)?;
        match b {
            b'\n' | b'\r' => return None,
            b'\\' => j += 2,
            b'[' => {
                class = true;
                j += 1;
            }
            b']' => {
                class = false;
                j += 1;
            }
            b'/' if !class => {
                j += 1;
                while byte(s, j).is_ascii_alphabetic() {
                    j += 1;
                }
                return Some(j);
            }
            _ => j += 1,
        }
        if j > start + 512 {
            return None;
        }
    }
}

/// A JS template literal part from `lx.i`, scanning from `from`: up to the closing
/// backtick, or a `${` (then pushed on `tpl` with the brace depth), or the end.
fn js_template(lx: &mut Lx<'_, '_>, tpl: &mut Vec<usize>, braces: usize, from: usize) {
    let s = lx.s;
    let mut j = from;
    loop {
        match s.get(j) {
            None => {
                lx.tok(Class::Str, s.len());
                return;
            }
            Some(b'\\') => j += 2,
            Some(b'`') => {
                lx.tok(Class::Str, j + 1);
                return;
            }
            Some(b'$') if byte(s, j + 1) == b'{' => {
                lx.tok(Class::Str, j);
                lx.to(j + 2);
                tpl.push(braces);
                return;
            }
            Some(_) => j += 1,
        }
    }
}

/// A char literal at `start` (a `'`) in C, C++ or Go, or in Rust after its checks: its
/// end, if it is closed on the same line within a few characters.
fn char_literal_end(s: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    while j < start + 16 {
        match *s.get(j)? {
            b'\\' => j += 2,
            b'\'' if j > start + 1 => return Some(j + 1),
            b'\n' | b'\'' => return None,
            _ => j += 1,
        }
    }
    None
}

/// The end of a Rust raw string `r"…"`, `r#"…"#` whose `r` is at `r`, if it is one.
fn rust_raw_end(s: &[u8], r: usize) -> Option<usize> {
    let mut h = r + 1;
    while byte(s, h) == b'#' {
        h += 1;
    }
    if byte(s, h) != b'"' {
        return None;
    }
    let hashes = h - r - 1;
    let mut j = h + 1;
    loop {
        // Unterminated: a string to the end, as the compiler would read it.
        let Some(p) = find_byte(s, j, b'"') else {
            return Some(s.len());
        };
        if (1..=hashes).all(|k| byte(s, p + k) == b'#') {
            return Some(p + 1 + hashes);
        }
        j = p + 1;
    }
}

/// The end of a C++ raw string `R"delim( … )delim"` whose `"` is at `q`, if it is one.
fn cpp_raw_end(s: &[u8], q: usize) -> Option<usize> {
    let open = find_near(s, q + 1, b'(', 17)?;
    let delim = sub(s, q + 1, open);
    if delim
        .iter()
        .any(|b| matches!(b, b' ' | b')' | b'\\' | b'\n' | b'"'))
    {
        return None;
    }
    let mut j = open + 1;
    loop {
        let Some(p) = find_byte(s, j, b')') else {
            return Some(s.len());
        };
        if sub(s, p + 1, p + 1 + delim.len()) == delim && byte(s, p + 1 + delim.len()) == b'"' {
            return Some(p + 2 + delim.len());
        }
        j = p + 1;
    }
}

/// The end of a Rust attribute `#[…]` / `#![…]` at `start`, brackets balanced and strings
/// skipped.
fn rust_attr_end(s: &[u8], start: usize) -> usize {
    let mut j = find_byte(s, start, b'[').map_or(s.len(), |p| p + 1);
    let mut depth = 1usize;
    while let Some(&b) = s.get(j) {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            b'"' => {
                j = quoted_end(s, j + 1, b'"', true);
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    s.len()
}

fn lex_c(lx: &mut Lx<'_, '_>, k: Ck) {
    let s = lx.s;
    let js = matches!(k, Ck::Js | Ck::Ts);
    let caps_types = matches!(k, Ck::Rust | Ck::Go | Ck::Js | Ck::Ts);
    let sep = if k == Ck::Cpp { b'\'' } else { 0 };
    let mut line_start = true;
    let mut after_dot = false;
    let mut pending: Option<Class> = None;
    let mut regex_ok = true;
    let mut braces = 0usize;
    let mut tpl: Vec<usize> = Vec::new();
    while let Some(c) = lx.cur() {
        let start = lx.i;
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') {
            line_start |= c == b'\n';
            lx.skip(1);
            continue;
        }
        let pend = pending.take();
        // Whether the token just read ends an operand (a `/` after it divides).
        let mut value = false;
        match c {
            b'/' if byte(s, start + 1) == b'/' => lx.tok(Class::Comment, line_end(s, start)),
            b'/' if byte(s, start + 1) == b'*' => {
                lx.tok(
                    Class::Comment,
                    block_comment_end(s, start + 2, k == Ck::Rust),
                );
            }
            b'/' if js && regex_ok => match regex_end(s, start) {
                Some(e) => {
                    lx.tok(Class::Str, e);
                    value = true;
                }
                None => lx.skip(1),
            },
            b'#' if line_start && matches!(k, Ck::C | Ck::Cpp) => {
                let w = skip_blanks(s, start + 1);
                let e = ident_end(s, w);
                lx.tok(Class::Keyword, e);
                if matches!(sub(s, w, e), b"include" | b"import" | b"include_next") {
                    let a = skip_blanks(s, e);
                    if byte(s, a) == b'<'
                        && let Some(p) = find_near(s, a, b'>', 512)
                    {
                        lx.to(a);
                        lx.tok(Class::Str, p + 1);
                    }
                }
            }
            b'#' if k == Ck::Rust
                && (byte(s, start + 1) == b'['
                    || (byte(s, start + 1) == b'!' && byte(s, start + 2) == b'[')) =>
            {
                lx.tok(Class::Attr, rust_attr_end(s, start));
            }
            b'#' if start == 0 && byte(s, 1) == b'!' => lx.tok(Class::Comment, line_end(s, 0)),
            b'"' => {
                lx.tok(Class::Str, quoted_end(s, start + 1, b'"', k == Ck::Rust));
                value = true;
            }
            b'\'' if js => {
                lx.tok(Class::Str, quoted_end(s, start + 1, b'\'', false));
                value = true;
            }
            b'\'' if k == Ck::Rust => {
                let n = byte(s, start + 1);
                let l = char_len(n);
                if n == b'\\' {
                    if let Some(e) = char_literal_end(s, start) {
                        lx.tok(Class::Str, e);
                    }
                } else if n != b'\'' && n != b'\n' && n != 0 && byte(s, start + 1 + l) == b'\'' {
                    lx.tok(Class::Str, start + 2 + l);
                } else if is_ident_start(n) {
                    lx.tok(Class::Keyword, ident_end(s, start + 1));
                }
                value = true;
            }
            b'\'' => {
                if let Some(e) = char_literal_end(s, start) {
                    lx.tok(Class::Str, e);
                }
                value = true;
            }
            b'`' if k == Ck::Go => {
                lx.tok(
                    Class::Str,
                    find_byte(s, start + 1, b'`').map_or(s.len(), |p| p + 1),
                );
                value = true;
            }
            b'`' if js => {
                js_template(lx, &mut tpl, braces, start + 1);
                value = true;
            }
            b'{' => {
                braces += 1;
                lx.skip(1);
            }
            b'}' if tpl.last() == Some(&braces) => {
                tpl.pop();
                lx.skip(1);
                let from = lx.i;
                js_template(lx, &mut tpl, braces, from);
                value = true;
            }
            b'}' => {
                braces = braces.saturating_sub(1);
                lx.skip(1);
                value = true;
            }
            b'@' if js => {
                let e = dotted_end(s, start + 1);
                if e > start + 1 {
                    lx.tok(Class::Attr, e);
                }
            }
            b'0'..=b'9' => {
                lx.tok(Class::Number, number_end(s, start, sep));
                value = true;
            }
            b'.' if byte(s, start + 1).is_ascii_digit()
                && !(start > 0
                    && (is_ident(byte(s, start - 1))
                        || matches!(byte(s, start - 1), b')' | b'.'))) =>
            {
                lx.tok(Class::Number, number_end(s, start, sep));
                value = true;
            }
            _ if is_ident_start(c) || (js && c == b'$') => 'word: {
                let mut e = start;
                while is_ident(byte(s, e)) || (js && byte(s, e) == b'$') {
                    e += 1;
                }
                let w = sub(s, start, e);
                let next = byte(s, e);
                value = true;
                // Literals with a prefix.
                if k == Ck::Rust {
                    let r = if matches!(c, b'b' | b'c') && byte(s, start + 1) == b'r' {
                        start + 1
                    } else {
                        start
                    };
                    if byte(s, r) == b'r' {
                        if let Some(end) = rust_raw_end(s, r) {
                            lx.tok(Class::Str, end);
                            break 'word;
                        }
                        if r == start && next == b'#' && is_ident_start(byte(s, e + 1)) {
                            lx.to(ident_end(s, e + 1)); // r#type: a raw identifier
                            break 'word;
                        }
                    }
                    if matches!(w, b"b" | b"c") && next == b'"' {
                        lx.tok(Class::Str, quoted_end(s, e + 1, b'"', true));
                        break 'word;
                    }
                    if w == b"b"
                        && next == b'\''
                        && let Some(end) = char_literal_end(s, e)
                    {
                        lx.tok(Class::Str, end);
                        break 'word;
                    }
                } else if matches!(k, Ck::C | Ck::Cpp) && matches!(next, b'"' | b'\'') {
                    if k == Ck::Cpp
                        && next == b'"'
                        && matches!(w, b"R" | b"LR" | b"uR" | b"UR" | b"u8R")
                        && let Some(end) = cpp_raw_end(s, e)
                    {
                        lx.tok(Class::Str, end);
                        break 'word;
                    }
                    if matches!(w, b"L" | b"u" | b"U" | b"u8") {
                        let end = if next == b'"' {
                            Some(quoted_end(s, e + 1, b'"', false))
                        } else {
                            char_literal_end(s, e)
                        };
                        if let Some(end) = end {
                            lx.tok(Class::Str, end);
                            break 'word;
                        }
                    }
                }
                let word = if after_dot && !(k == Ck::Rust && w == b"await") {
                    None
                } else {
                    c_lookup(k, w)
                };
                let first = byte(s, start);
                let class = match word {
                    Some(Class::Keyword) => {
                        pending = c_defines(k, w);
                        value = matches!(w, b"this" | b"super" | b"self");
                        word
                    }
                    _ if pend.is_some() => pend,
                    Some(_) => word,
                    None if k == Ck::Rust && next == b'!' && byte(s, e + 1) != b'=' => {
                        e += 1; // a macro: println!
                        Some(Class::Function)
                    }
                    None if caps_types
                        && !(after_dot && k == Ck::Go)
                        && first.is_ascii_uppercase()
                        && (w.len() == 1 || w.iter().any(u8::is_ascii_lowercase)) =>
                    {
                        if next == b'(' && k != Ck::Rust {
                            Some(Class::Function)
                        } else {
                            Some(Class::Type)
                        }
                    }
                    None if next == b'(' => Some(Class::Function),
                    None if matches!(k, Ck::C | Ck::Cpp) && w.ends_with(b"_t") => Some(Class::Type),
                    None => None,
                };
                match class {
                    Some(class) => lx.tok(class, e),
                    None => lx.to(e),
                }
            }
            b')' | b']' => {
                lx.skip(1);
                value = true;
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
        regex_ok = !value;
        line_start = false;
        // After `.`, a name is a member: `x.type`, `x.default`.
        after_dot = c == b'.' && lx.i == start + 1;
    }
}

// ---------------------------------------------------------------------------------------
// JSON

fn lex_json(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        match c {
            b'"' | b'\'' => {
                let end = quoted_end(s, start + 1, c, false);
                let class = if byte(s, skip_space(s, end)) == b':' {
                    Class::Attr
                } else {
                    Class::Str
                };
                lx.tok(class, end);
            }
            b'/' if byte(s, start + 1) == b'/' => lx.tok(Class::Comment, line_end(s, start)),
            b'/' if byte(s, start + 1) == b'*' => {
                lx.tok(Class::Comment, block_comment_end(s, start + 2, false));
            }
            b'-' | b'+' if byte(s, start + 1).is_ascii_digit() => {
                lx.tok(Class::Number, number_end(s, start + 1, 0));
            }
            b'0'..=b'9' => lx.tok(Class::Number, number_end(s, start, 0)),
            _ if is_ident_start(c) => {
                let e = ident_end(s, start);
                let class = match sub(s, start, e) {
                    b"true" | b"false" | b"null" => Some(Class::Constant),
                    b"Infinity" | b"NaN" => Some(Class::Number),
                    _ if byte(s, skip_space(s, e)) == b':' => Some(Class::Attr),
                    _ => None,
                };
                match class {
                    Some(class) => lx.tok(class, e),
                    None => lx.to(e),
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

// ---------------------------------------------------------------------------------------
// YAML

fn yaml_scalar_class(w: &[u8]) -> Class {
    match w {
        b"true" | b"True" | b"TRUE" | b"false" | b"False" | b"FALSE" | b"null" | b"Null"
        | b"NULL" | b"~" | b"yes" | b"Yes" | b"YES" | b"no" | b"No" | b"NO" | b"on" | b"On"
        | b"ON" | b"off" | b"Off" | b"OFF" => Class::Constant,
        _ if is_plain_number(w) => Class::Number,
        _ => Class::Str,
    }
}

/// The end of a YAML quoted scalar whose quote is at `i` (may span lines).
fn yaml_quoted_end(s: &[u8], i: usize) -> usize {
    let q = byte(s, i);
    if q == b'"' {
        return quoted_end(s, i + 1, b'"', true);
    }
    let mut j = i + 1;
    while let Some(&b) = s.get(j) {
        if b == b'\'' {
            if byte(s, j + 1) == b'\'' {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    s.len()
}

/// If a mapping key starts at `i` (before `le`): its end and the position of its `:`.
fn yaml_key(s: &[u8], i: usize, le: usize) -> Option<(usize, usize)> {
    let c = byte(s, i);
    let colon_ok = |j: usize| {
        byte(s, j) == b':' && (j + 1 >= le || matches!(byte(s, j + 1), b' ' | b'\t' | b'\r'))
    };
    if c == b'"' || c == b'\'' {
        let end = yaml_quoted_end(s, i);
        if end > le {
            return None;
        }
        let j = skip_blanks(s, end);
        return colon_ok(j).then_some((end, j));
    }
    if matches!(
        c,
        b'[' | b'{'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
            | b'#'
            | b'?'
            | b'\r'
            | b'\n'
            | 0
    ) {
        return None;
    }
    let mut j = i;
    while j < le {
        if colon_ok(j) {
            let mut end = j;
            while end > i && matches!(byte(s, end - 1), b' ' | b'\t') {
                end -= 1;
            }
            return Some((end, j));
        }
        if byte(s, j) == b'#' && matches!(byte(s, j.wrapping_sub(1)), b' ' | b'\t') {
            return None;
        }
        j += 1;
    }
    None
}

/// The value part of a YAML line from `lx.i`; sets `block` when a block scalar (`|`,
/// `>`) starts, its body being the lines indented more than `parent`.
fn yaml_value(lx: &mut Lx<'_, '_>, block: &mut Option<usize>, parent: usize) {
    let s = lx.s;
    let mut flow = 0usize;
    let mut le = line_end(s, lx.i);
    loop {
        if lx.i > le {
            le = line_end(s, lx.i); // after a quoted scalar that spanned lines
        }
        let Some(c) = s.get(lx.i).copied().filter(|_| lx.i < le) else {
            return;
        };
        let start = lx.i;
        let prev = if start > 0 { byte(s, start - 1) } else { b' ' };
        match c {
            b' ' | b'\t' | b'\r' => lx.skip(1),
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => lx.tok(Class::Comment, le),
            b'"' | b'\'' => lx.tok(Class::Str, yaml_quoted_end(s, start)),
            b'&' | b'*' | b'!'
                if !matches!(byte(s, start + 1), b' ' | b'\t' | b'\r' | b'\n' | 0) =>
            {
                let mut e = start + 1;
                while !matches!(
                    byte(s, e),
                    b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}' | 0
                ) {
                    e += 1;
                }
                let class = if c == b'!' {
                    Class::Type
                } else {
                    Class::Variable
                };
                lx.tok(class, e.min(le));
            }
            b'|' | b'>' if flow == 0 => {
                let mut e = start + 1;
                while matches!(byte(s, e), b'+' | b'-' | b'0'..=b'9') {
                    e += 1;
                }
                let after = skip_blanks(s, e);
                if after >= le || matches!(byte(s, after), b'#' | b'\r') {
                    *block = Some(parent);
                }
                lx.to(e);
            }
            b'[' | b'{' => {
                flow += 1;
                lx.skip(1);
            }
            b']' | b'}' => {
                flow = flow.saturating_sub(1);
                lx.skip(1);
            }
            b',' if flow > 0 => lx.skip(1),
            b'-' if flow == 0 && matches!(byte(s, start + 1), b' ' | b'\t') => lx.skip(1),
            _ => {
                // A plain scalar: up to ` #` or the line end (in flow: also `,]}` and `: `).
                let mut e = start;
                while e < le {
                    let b = byte(s, e);
                    if b == b'#' && e > start && matches!(byte(s, e - 1), b' ' | b'\t') {
                        break;
                    }
                    if flow > 0
                        && (matches!(b, b',' | b']' | b'}' | b'[' | b'{')
                            || (b == b':'
                                && matches!(byte(s, e + 1), b' ' | b'\t' | b'\r' | b'\n')))
                    {
                        break;
                    }
                    e += 1;
                }
                while e > start && matches!(byte(s, e - 1), b' ' | b'\t' | b'\r') {
                    e -= 1;
                }
                let w = sub(s, start, e);
                let class = if flow > 0 && byte(s, skip_blanks(s, e)) == b':' {
                    Class::Attr
                } else {
                    yaml_scalar_class(w)
                };
                lx.tok(class, e);
            }
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

fn lex_yaml(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut block: Option<usize> = None;
    while lx.i < s.len() {
        let ls = lx.i;
        let le = line_end(s, ls);
        let ind = skip_blanks(s, ls) - ls;
        if let Some(parent) = block.take()
            && (is_blank(sub(s, ls, le)) || ind > parent)
        {
            // The body of a block scalar: these lines, while blank or indented more.
            let mut j = ls;
            let mut first = None;
            let mut last = ls;
            while j < s.len() {
                let e = line_end(s, j);
                let k = skip_blanks(s, j);
                let blank = is_blank(sub(s, j, e));
                if !blank && k - j <= parent {
                    break;
                }
                if !blank {
                    first.get_or_insert(k);
                    last = e;
                }
                j = next_line(s, j);
                if e >= s.len() {
                    break;
                }
            }
            if let Some(first) = first {
                lx.to(first);
                lx.tok(Class::Str, last);
            }
            lx.to(j);
            continue;
        }
        lx.to(ls + ind);
        let p = lx.i;
        let rest = sub(s, p, le);
        if rest.first() == Some(&b'#') {
            lx.tok(Class::Comment, le);
        } else if ind == 0
            && (rest.starts_with(b"---") || rest.starts_with(b"..."))
            && matches!(byte(rest, 3), b' ' | b'\t' | b'\r' | 0)
        {
            lx.tok(Class::Meta, p + 3);
            yaml_value(lx, &mut block, 0);
        } else {
            // Sequence markers, then a key, then the value.
            let mut q = p;
            while byte(s, q) == b'-' && matches!(byte(s, q + 1), b' ' | b'\t' | b'\r' | b'\n' | 0) {
                q = skip_blanks(s, q + 1);
            }
            let mut parent = ind;
            if let Some((end, colon)) = yaml_key(s, q, le) {
                lx.to(q);
                lx.tok(Class::Attr, end);
                lx.to(colon + 1);
                parent = q - ls;
            } else {
                lx.to(q);
            }
            yaml_value(lx, &mut block, parent);
        }
        let here = lx.i;
        lx.to(next_line(s, here));
    }
}

// ---------------------------------------------------------------------------------------
// TOML and INI

fn toml_string_end(s: &[u8], i: usize) -> usize {
    let q = byte(s, i);
    if byte(s, i + 1) == q && byte(s, i + 2) == q {
        // """ or ''' (may end with up to two more quotes)
        let close: &[u8] = if q == b'"' { b"\"\"\"" } else { b"'''" };
        let mut j = i + 3;
        loop {
            let Some(p) = find(s, j, close) else {
                return s.len();
            };
            if q == b'"'
                && p > 0
                && byte(s, p - 1) == b'\\'
                && byte(s, p.saturating_sub(2)) != b'\\'
            {
                j = p + 1;
                continue;
            }
            let mut e = p + 3;
            while byte(s, e) == q && e < p + 5 {
                e += 1;
            }
            return e;
        }
    }
    if q == b'"' {
        quoted_end(s, i + 1, b'"', false)
    } else {
        find_near(s, i + 1, b'\'', usize::MAX).map_or_else(|| line_end(s, i), |p| p + 1)
    }
}

fn lex_toml(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut stack: Vec<u8> = Vec::new();
    let mut expect_key = true;
    let mut line_start = true;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            if c == b'\n' {
                line_start = true;
                if stack.is_empty() {
                    expect_key = true;
                }
            }
            lx.skip(1);
            continue;
        }
        match c {
            b'#' => lx.tok(Class::Comment, line_end(s, start)),
            b'[' if line_start && stack.is_empty() => {
                let le = line_end(s, start);
                let end = find_near(s, start, b']', usize::MAX)
                    .map_or(le, |p| if byte(s, p + 1) == b']' { p + 2 } else { p + 1 });
                lx.tok(Class::Type, end);
                expect_key = false;
            }
            b'"' | b'\'' => {
                let end = toml_string_end(s, start);
                let after = byte(s, skip_blanks(s, end));
                let class = if expect_key && matches!(after, b'=' | b'.') {
                    Class::Attr
                } else {
                    Class::Str
                };
                lx.tok(class, end);
            }
            b'{' | b'[' => {
                stack.push(c);
                expect_key = c == b'{';
                lx.skip(1);
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                lx.skip(1);
            }
            b',' => {
                expect_key = stack.last() == Some(&b'{');
                lx.skip(1);
            }
            b'=' => {
                expect_key = false;
                lx.skip(1);
            }
            _ if expect_key && (c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')) => {
                let mut e = start;
                while byte(s, e).is_ascii_alphanumeric() || matches!(byte(s, e), b'_' | b'-') {
                    e += 1;
                }
                lx.tok(Class::Attr, e);
            }
            b'0'..=b'9' | b'+' | b'-' => {
                // Numbers and dates: 1_000, 0xff, 6.02e23, 1979-05-27T07:32:00Z
                let mut e = start + 1;
                while byte(s, e).is_ascii_alphanumeric()
                    || matches!(byte(s, e), b'_' | b'.' | b':' | b'-' | b'+')
                {
                    e += 1;
                }
                lx.tok(Class::Number, e);
            }
            _ if is_ident_start(c) => {
                let e = ident_end(s, start);
                match sub(s, start, e) {
                    b"true" | b"false" => lx.tok(Class::Constant, e),
                    b"inf" | b"nan" => lx.tok(Class::Number, e),
                    _ => lx.to(e),
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
        line_start = false;
    }
}

fn lex_ini(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    while lx.i < s.len() {
        let ls = lx.i;
        let le = line_end(s, ls);
        let p = skip_blanks(s, ls);
        let mut end = le;
        while end > p && matches!(byte(s, end - 1), b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        lx.to(p);
        match byte(s, p) {
            b';' | b'#' => lx.tok(Class::Comment, end),
            b'[' => {
                let close = find_near(s, p, b']', usize::MAX).map_or(end, |q| q + 1);
                lx.tok(Class::Type, close);
            }
            _ => {
                let line = sub(s, p, le);
                if let Some(sep) = line.iter().position(|&b| b == b'=' || b == b':') {
                    let mut k = p + sep;
                    while k > p && matches!(byte(s, k - 1), b' ' | b'\t') {
                        k -= 1;
                    }
                    lx.tok(Class::Attr, k);
                    lx.to(skip_blanks(s, p + sep + 1));
                    lx.tok(Class::Str, end);
                }
            }
        }
        lx.to(next_line(s, ls));
    }
}

// ---------------------------------------------------------------------------------------
// HTML and XML

/// The attributes of a tag from `lx.i` to its `>`: returns whether it was self-closing.
fn html_attrs(lx: &mut Lx<'_, '_>) -> bool {
    let s = lx.s;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        match c {
            b'>' => {
                lx.skip(1);
                return false;
            }
            b'/' if byte(s, start + 1) == b'>' => {
                lx.skip(2);
                return true;
            }
            b'<' => return false,
            _ if c.is_ascii_whitespace() => lx.skip(1),
            b'"' | b'\'' => {
                lx.tok(
                    Class::Str,
                    find_byte(s, start + 1, c).map_or(s.len(), |p| p + 1),
                );
            }
            b'=' => {
                lx.skip(1);
                let v = skip_space(s, lx.i);
                lx.to(v);
                match byte(s, v) {
                    q @ (b'"' | b'\'') => {
                        lx.tok(
                            Class::Str,
                            find_byte(s, v + 1, q).map_or(s.len(), |p| p + 1),
                        );
                    }
                    _ => {
                        let mut e = v;
                        while !matches!(byte(s, e), b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'<' | 0)
                        {
                            e += 1;
                        }
                        lx.tok(Class::Str, e.min(s.len()));
                    }
                }
            }
            _ => {
                let mut e = start;
                while let Some(&b) = s.get(e) {
                    if b.is_ascii_whitespace()
                        || matches!(b, b'=' | b'>' | b'<' | b'"' | b'\'')
                        || (b == b'/' && byte(s, e + 1) == b'>')
                    {
                        break;
                    }
                    e += 1;
                }
                lx.tok(Class::Attr, e);
            }
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
    false
}

fn lex_html(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        match c {
            b'<' if s.get(start..start + 4) == Some(b"<!--") => {
                lx.tok(
                    Class::Comment,
                    find(s, start + 4, b"-->").map_or(s.len(), |p| p + 3),
                );
            }
            b'<' if s.get(start..start + 9) == Some(b"<![CDATA[") => {
                lx.tok(
                    Class::Str,
                    find(s, start + 9, b"]]>").map_or(s.len(), |p| p + 3),
                );
            }
            b'<' if matches!(byte(s, start + 1), b'!' | b'?') => {
                let end: &[u8] = if byte(s, start + 1) == b'?' {
                    b"?>"
                } else {
                    b">"
                };
                lx.tok(
                    Class::Meta,
                    find(s, start + 2, end).map_or(s.len(), |p| p + end.len()),
                );
            }
            b'<' => {
                let closing = byte(s, start + 1) == b'/';
                let n = start + 1 + usize::from(closing);
                if byte(s, n).is_ascii_alphabetic() {
                    let mut e = n;
                    while byte(s, e).is_ascii_alphanumeric()
                        || matches!(byte(s, e), b'-' | b':' | b'_' | b'.')
                        || byte(s, e) >= 0x80
                    {
                        e += 1;
                    }
                    lx.to(n);
                    lx.tok(Class::Tag, e);
                    let name = sub(s, n, e);
                    let self_closing = html_attrs(lx);
                    let embedded = if closing || self_closing {
                        None
                    } else if name.eq_ignore_ascii_case(b"script") {
                        Some((b"</script".as_slice(), Ck::Js))
                    } else if name.eq_ignore_ascii_case(b"style") {
                        Some((b"</style".as_slice(), Ck::C))
                    } else {
                        None
                    };
                    if let Some((close, k)) = embedded {
                        let a = lx.i;
                        let b = find_ci(s, a, close).unwrap_or(s.len());
                        lx.flush();
                        let inner = sub(s, a, b);
                        if k == Ck::Js {
                            run(lx.out, inner, |sub_lx| lex_c(sub_lx, Ck::Js));
                        } else {
                            run(lx.out, inner, lex_css);
                        }
                        lx.to(b);
                        lx.mark = lx.i;
                    }
                } else {
                    lx.skip(1);
                }
            }
            b'&' => {
                let mut e = start + 1;
                if byte(s, e) == b'#' {
                    e += 1;
                }
                while byte(s, e).is_ascii_alphanumeric() && e < start + 40 {
                    e += 1;
                }
                if byte(s, e) == b';' && e > start + 1 {
                    lx.tok(Class::Constant, e + 1);
                } else {
                    lx.skip(1);
                }
            }
            _ => {
                let e = s
                    .get(start..)
                    .and_then(|r| r.iter().position(|&b| b == b'<' || b == b'&'))
                    .map_or(s.len(), |p| start + p);
                lx.to(e);
            }
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

// ---------------------------------------------------------------------------------------
// CSS

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CssMode {
    Selector,
    /// After an at-rule's name, up to its `{` or `;`.
    Prelude,
    Property,
    Value,
}

fn css_ident_end(s: &[u8], i: usize) -> usize {
    let mut e = i;
    while is_ident(byte(s, e)) || byte(s, e) == b'-' {
        e += 1;
    }
    e
}

fn css_ident_start(s: &[u8], i: usize) -> bool {
    let b = byte(s, i);
    is_ident_start(b) || (b == b'-' && (is_ident_start(byte(s, i + 1)) || byte(s, i + 1) == b'-'))
}

fn lex_css(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    // For each open block: whether it holds declarations (or rules).
    let mut stack: Vec<bool> = Vec::new();
    let mut mode = CssMode::Selector;
    let mut nested_prelude = false;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        let default_mode = |stack: &Vec<bool>| {
            if stack.last() == Some(&true) {
                CssMode::Property
            } else {
                CssMode::Selector
            }
        };
        if c.is_ascii_whitespace() {
            lx.skip(1);
            continue;
        }
        match c {
            b'/' if byte(s, start + 1) == b'*' => {
                lx.tok(Class::Comment, block_comment_end(s, start + 2, false));
            }
            b'"' | b'\'' => lx.tok(Class::Str, quoted_end(s, start + 1, c, false)),
            b'{' => {
                let decls = match mode {
                    CssMode::Prelude => !nested_prelude,
                    _ => true,
                };
                stack.push(decls);
                mode = if decls {
                    CssMode::Property
                } else {
                    CssMode::Selector
                };
                lx.skip(1);
            }
            b'}' => {
                stack.pop();
                mode = default_mode(&stack);
                lx.skip(1);
            }
            b';' => {
                mode = default_mode(&stack);
                lx.skip(1);
            }
            b'@' if css_ident_start(s, start + 1) => {
                let e = css_ident_end(s, start + 1);
                let name = sub(s, start + 1, e);
                nested_prelude = matches!(
                    name,
                    b"media"
                        | b"supports"
                        | b"container"
                        | b"layer"
                        | b"document"
                        | b"scope"
                        | b"starting-style"
                        | b"keyframes"
                        | b"-webkit-keyframes"
                );
                lx.tok(Class::Keyword, e);
                mode = CssMode::Prelude;
            }
            _ => match mode {
                CssMode::Selector => css_selector_token(lx),
                CssMode::Property if css_ident_start(s, start) => {
                    let e = css_ident_end(s, start);
                    if byte(s, skip_space(s, e)) == b':' {
                        let class = if sub(s, start, start + 2) == b"--" {
                            Class::Variable
                        } else {
                            Class::Attr
                        };
                        lx.tok(class, e);
                        mode = CssMode::Value;
                    } else {
                        mode = CssMode::Selector;
                        css_selector_token(lx);
                    }
                }
                CssMode::Property => {
                    mode = CssMode::Selector;
                    css_selector_token(lx);
                }
                CssMode::Value | CssMode::Prelude => css_value_token(lx, mode == CssMode::Prelude),
            },
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

fn css_selector_token(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let start = lx.i;
    let c = byte(s, start);
    match c {
        b'.' | b'#' if css_ident_start(s, start + 1) => {
            lx.tok(Class::Type, css_ident_end(s, start + 1))
        }
        b':' => {
            let n = if byte(s, start + 1) == b':' {
                start + 2
            } else {
                start + 1
            };
            if css_ident_start(s, n) {
                lx.tok(Class::Keyword, css_ident_end(s, n));
            } else {
                lx.skip(1);
            }
        }
        b'[' => {
            lx.skip(1);
            let a = skip_space(s, lx.i);
            lx.to(a);
            if css_ident_start(s, a) {
                lx.tok(Class::Attr, css_ident_end(s, a));
            }
        }
        b'0'..=b'9' => lx.tok(Class::Number, css_number_end(s, start)),
        _ if css_ident_start(s, start) => lx.tok(Class::Tag, css_ident_end(s, start)),
        _ => lx.skip_char(),
    }
}

fn css_number_end(s: &[u8], i: usize) -> usize {
    let mut e = i;
    if matches!(byte(s, e), b'+' | b'-') {
        e += 1;
    }
    while byte(s, e).is_ascii_digit() || (byte(s, e) == b'.' && byte(s, e + 1).is_ascii_digit()) {
        e += 1;
    }
    if matches!(byte(s, e), b'e' | b'E') && byte(s, e + 1).is_ascii_digit() {
        e += 1;
        while byte(s, e).is_ascii_digit() {
            e += 1;
        }
    }
    while byte(s, e).is_ascii_alphabetic() || byte(s, e) == b'%' {
        e += 1;
    }
    e
}

fn css_value_token(lx: &mut Lx<'_, '_>, prelude: bool) {
    let s = lx.s;
    let start = lx.i;
    let c = byte(s, start);
    let prev = if start > 0 { byte(s, start - 1) } else { b' ' };
    let digit_at = |k: usize| {
        byte(s, k).is_ascii_digit() || (byte(s, k) == b'.' && byte(s, k + 1).is_ascii_digit())
    };
    if digit_at(start) || (matches!(c, b'+' | b'-') && digit_at(start + 1) && !is_ident(prev)) {
        lx.tok(Class::Number, css_number_end(s, start));
    } else if c == b'#' && byte(s, start + 1).is_ascii_alphanumeric() && !prelude {
        let mut e = start + 1;
        while byte(s, e).is_ascii_alphanumeric() {
            e += 1;
        }
        lx.tok(Class::Number, e);
    } else if c == b'!' && byte(s, start + 1).is_ascii_alphabetic() {
        lx.tok(Class::Keyword, css_ident_end(s, start + 1));
    } else if css_ident_start(s, start) {
        let e = css_ident_end(s, start);
        let w = sub(s, start, e);
        if w.starts_with(b"--") {
            lx.tok(Class::Variable, e);
        } else if byte(s, e) == b'(' {
            lx.tok(Class::Function, e);
            if w.eq_ignore_ascii_case(b"url")
                && !matches!(byte(s, skip_space(s, e + 1)), b'"' | b'\'')
            {
                lx.skip(1);
                let close = find_byte(s, lx.i, b')').unwrap_or(s.len());
                lx.tok(Class::Str, close);
            }
        } else if prelude && byte(s, skip_space(s, e)) == b':' {
            lx.tok(Class::Attr, e);
        } else {
            lx.to(e);
        }
    } else {
        lx.skip_char();
    }
}

// ---------------------------------------------------------------------------------------
// SQL

fn sql_word(w: &[u8]) -> Option<Class> {
    Some(match w {
        b"null" | b"true" | b"false" | b"unknown" => Class::Constant,
        b"bigint" | b"bigserial" | b"bit" | b"blob" | b"bool" | b"boolean" | b"bytea" | b"char"
        | b"character" | b"date" | b"datetime" | b"decimal" | b"double" | b"float" | b"int"
        | b"integer" | b"interval" | b"json" | b"jsonb" | b"money" | b"numeric" | b"real"
        | b"serial" | b"smallint" | b"smallserial" | b"text" | b"time" | b"timestamp"
        | b"timestamptz" | b"tinyint" | b"uuid" | b"varchar" | b"varying" | b"precision"
        | b"xml" => Class::Type,
        b"abort" | b"action" | b"add" | b"all" | b"alter" | b"analyze" | b"and" | b"any"
        | b"as" | b"asc" | b"autoincrement" | b"begin" | b"between" | b"by" | b"cascade"
        | b"case" | b"cast" | b"check" | b"collate" | b"column" | b"commit" | b"conflict"
        | b"constraint" | b"create" | b"cross" | b"current" | b"current_date"
        | b"current_timestamp" | b"current_user" | b"database" | b"declare" | b"default"
        | b"deferrable" | b"delete" | b"desc" | b"distinct" | b"do" | b"drop" | b"each"
        | b"else" | b"end" | b"escape" | b"except" | b"exclude" | b"exists" | b"explain"
        | b"extension" | b"fetch" | b"filter" | b"first" | b"following" | b"for" | b"foreign"
        | b"from" | b"full" | b"function" | b"grant" | b"group" | b"having" | b"if" | b"ilike"
        | b"immediate" | b"in" | b"index" | b"inner" | b"insert" | b"instead" | b"intersect"
        | b"into" | b"is" | b"join" | b"key" | b"language" | b"last" | b"lateral" | b"left"
        | b"like" | b"limit" | b"materialized" | b"natural" | b"next" | b"no" | b"not"
        | b"nothing" | b"nulls" | b"of" | b"offset" | b"on" | b"only" | b"or" | b"order"
        | b"outer" | b"over" | b"partition" | b"preceding" | b"primary" | b"procedure"
        | b"range" | b"recursive" | b"references" | b"rename" | b"replace" | b"restrict"
        | b"returning" | b"returns" | b"return" | b"revoke" | b"right" | b"role" | b"rollback"
        | b"row" | b"rows" | b"savepoint" | b"schema" | b"select" | b"sequence" | b"set"
        | b"show" | b"similar" | b"some" | b"table" | b"temp" | b"temporary" | b"then"
        | b"ties" | b"to" | b"transaction" | b"trigger" | b"truncate" | b"unbounded" | b"union"
        | b"unique" | b"update" | b"using" | b"vacuum" | b"values" | b"view" | b"when"
        | b"where" | b"window" | b"with" | b"within" | b"without" | b"pragma" | b"use" => {
            Class::Keyword
        }
        _ => return None,
    })
}

fn lex_sql(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut after_dot = false;
    let mut cast = false;
    while let Some(c) = lx.cur() {
        let start = lx.i;
        if c.is_ascii_whitespace() {
            lx.skip(1);
            continue;
        }
        let was_cast = std::mem::take(&mut cast);
        match c {
            b'-' if byte(s, start + 1) == b'-' => lx.tok(Class::Comment, line_end(s, start)),
            b'/' if byte(s, start + 1) == b'*' => {
                lx.tok(Class::Comment, block_comment_end(s, start + 2, true))
            }
            b'\'' => lx.tok(Class::Str, sql_string_end(s, start)),
            b'"' | b'`' => lx.to(find_byte(s, start + 1, c).map_or(s.len(), |p| p + 1)),
            b'$' if byte(s, start + 1).is_ascii_digit() => {
                let mut e = start + 1;
                while byte(s, e).is_ascii_digit() {
                    e += 1;
                }
                lx.tok(Class::Variable, e);
            }
            b'$' => {
                // $$ … $$ or $tag$ … $tag$
                let e = name_end(s, start + 1);
                if byte(s, e) == b'$' {
                    let tag = sub(s, start, e + 1);
                    let end = find(s, e + 1, tag).map_or(s.len(), |p| p + tag.len());
                    lx.tok(Class::Str, end);
                }
            }
            b':' if byte(s, start + 1) == b':' => {
                cast = true;
                lx.skip(2);
            }
            b':' | b'@'
                if is_ident_start(byte(s, start + 1))
                    && !is_ident(if start > 0 { byte(s, start - 1) } else { b' ' }) =>
            {
                lx.tok(Class::Variable, ident_end(s, start + 1));
            }
            b'0'..=b'9' => lx.tok(Class::Number, number_end(s, start, 0)),
            b'.' if byte(s, start + 1).is_ascii_digit()
                && !is_ident(if start > 0 { byte(s, start - 1) } else { b' ' }) =>
            {
                lx.tok(Class::Number, number_end(s, start, 0));
            }
            _ if is_ident_start(c) => {
                let e = ident_end(s, start);
                let w = sub(s, start, e);
                if byte(s, e) == b'\''
                    && matches!(w, b"E" | b"e" | b"N" | b"n" | b"B" | b"b" | b"X" | b"x")
                {
                    lx.tok(Class::Str, sql_string_end(s, e));
                } else {
                    let mut buf = [0u8; 32];
                    let word = if after_dot {
                        None
                    } else {
                        sql_word(lower(w, &mut buf))
                    };
                    let class = if was_cast {
                        Some(Class::Type)
                    } else if word.is_some() {
                        word
                    } else if byte(s, e) == b'(' {
                        Some(Class::Function)
                    } else {
                        None
                    };
                    match class {
                        Some(class) => lx.tok(class, e),
                        None => lx.to(e),
                    }
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
        after_dot = c == b'.' && lx.i == start + 1;
    }
}

/// The end of an SQL string whose quote is at `i` (`''` escapes a quote; `E'…'` strings
/// also use backslashes, which are treated alike).
fn sql_string_end(s: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while let Some(&b) = s.get(j) {
        match b {
            b'\'' if byte(s, j + 1) == b'\'' => j += 2,
            b'\'' => return j + 1,
            b'\\' if i > 0 && matches!(byte(s, i - 1), b'E' | b'e') => j += 2,
            _ => j += 1,
        }
    }
    s.len()
}

// ---------------------------------------------------------------------------------------
// Diff and Markdown

fn lex_diff(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut prev_was_minus_header = false;
    for (a, b, _) in lines(s) {
        let line = sub(s, a, b);
        let next = sub(s, (b + 1).min(s.len()), line_end(s, (b + 1).min(s.len())));
        let minus_header = line.starts_with(b"--- ") && next.starts_with(b"+++ ");
        let class = if line.starts_with(b"@@")
            || minus_header
            || (prev_was_minus_header && line.starts_with(b"+++"))
            || [
                &b"diff "[..],
                b"index ",
                b"Index: ",
                b"====",
                b"new file mode",
                b"deleted file mode",
                b"old mode",
                b"new mode",
                b"similarity index",
                b"dissimilarity index",
                b"rename from",
                b"rename to",
                b"copy from",
                b"copy to",
                b"Binary files",
            ]
            .iter()
            .any(|p| line.starts_with(p))
        {
            Some(Class::Meta)
        } else {
            match line.first() {
                Some(b'+') => Some(Class::Inserted),
                Some(b'-') => Some(Class::Deleted),
                Some(b'\\') => Some(Class::Comment),
                _ => None,
            }
        };
        prev_was_minus_header = minus_header;
        lx.to(a);
        if let Some(class) = class {
            lx.tok(class, b);
        }
    }
}

/// How many times `c` repeats from `i`.
fn run_len(s: &[u8], i: usize, c: u8) -> usize {
    s.get(i..)
        .map_or(0, |r| r.iter().take_while(|&&b| b == c).count())
}

fn lex_markdown(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    while lx.i < s.len() {
        let ls = lx.i;
        let le = line_end(s, ls);
        let p = skip_blanks(s, ls);
        let ind = p - ls;
        let c = byte(s, p);
        let fence = run_len(s, p, c);
        if ind <= 3
            && (c == b'`' || c == b'~')
            && fence >= 3
            && (c == b'~' || find_byte(s, p + fence, b'`').is_none_or(|q| q >= le))
        {
            // A fenced code block, through its closing fence.
            let mut j = next_line(s, ls);
            let mut end = s.len();
            while j < s.len() {
                let e = line_end(s, j);
                let q = skip_blanks(s, j);
                let n = run_len(s, q, c);
                if q - j <= 3 && n >= fence && is_blank(sub(s, q + n, e)) {
                    end = e;
                    break;
                }
                j = next_line(s, j);
            }
            lx.to(p);
            lx.tok(Class::Str, end);
            let here = lx.i;
            lx.to(next_line(s, here));
            continue;
        }
        if ind <= 3
            && c == b'#'
            && fence <= 6
            && matches!(byte(s, p + fence), b' ' | b'\t' | b'\r' | b'\n' | 0)
        {
            lx.to(p);
            lx.tok(Class::Keyword, le);
        } else {
            lx.to(p);
            let n = byte(s, p + 1);
            if matches!(c, b'-' | b'*' | b'+') && matches!(n, b' ' | b'\t') {
                lx.tok(Class::Keyword, p + 1);
            } else if c.is_ascii_digit() {
                let mut e = p;
                while byte(s, e).is_ascii_digit() && e < p + 9 {
                    e += 1;
                }
                if matches!(byte(s, e), b'.' | b')') && matches!(byte(s, e + 1), b' ' | b'\t') {
                    lx.tok(Class::Keyword, e + 1);
                }
            } else if c == b'>' {
                lx.tok(Class::Comment, p + 1);
            }
            md_inline(lx, le);
        }
        let here = lx.i;
        lx.to(next_line(s, here));
    }
}

/// Inline Markdown up to `le`: code spans, link destinations, autolinks, HTML comments.
fn md_inline(lx: &mut Lx<'_, '_>, le: usize) {
    let s = lx.s;
    while lx.i < le {
        let start = lx.i;
        match byte(s, start) {
            b'\\' => {
                lx.skip(1);
                lx.skip_char();
            }
            b'`' => {
                let n = run_len(s, start, b'`');
                let mut j = start + n;
                let mut end = None;
                while let Some(q) = find_byte(s, j, b'`').filter(|&q| q < le && q < start + 1024) {
                    let m = run_len(s, q, b'`');
                    if m == n {
                        end = Some(q + m);
                        break;
                    }
                    j = q + m;
                }
                match end {
                    Some(end) => lx.tok(Class::Str, end),
                    None => lx.skip(n),
                }
            }
            b']' if byte(s, start + 1) == b'(' => {
                lx.skip(2);
                if let Some(close) = find_near(s, start + 2, b')', 512) {
                    lx.tok(Class::Str, close);
                }
            }
            b'<' if s.get(start..start + 4) == Some(b"<!--") => {
                lx.tok(
                    Class::Comment,
                    find(s, start + 4, b"-->").map_or(s.len(), |p| p + 3),
                );
            }
            b'<' if sub(s, start + 1, start + 5).eq_ignore_ascii_case(b"http")
                || sub(s, start + 1, start + 8).eq_ignore_ascii_case(b"mailto:") =>
            {
                match find_near(s, start, b'>', 512) {
                    Some(close) => lx.tok(Class::Str, close + 1),
                    None => lx.skip(1),
                }
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dockerfile and Makefile

fn docker_instruction(w: &[u8]) -> bool {
    matches!(
        w,
        b"from"
            | b"run"
            | b"cmd"
            | b"label"
            | b"maintainer"
            | b"expose"
            | b"env"
            | b"add"
            | b"copy"
            | b"entrypoint"
            | b"volume"
            | b"user"
            | b"workdir"
            | b"arg"
            | b"onbuild"
            | b"stopsignal"
            | b"healthcheck"
            | b"shell"
    )
}

/// The end of a logical line from `i`: the first newline not escaped by a backslash.
fn logical_line_end(s: &[u8], i: usize) -> usize {
    let mut j = i;
    loop {
        let e = line_end(s, j);
        let mut k = e;
        while k > j && matches!(byte(s, k - 1), b' ' | b'\t' | b'\r') {
            k -= 1;
        }
        if e >= s.len() || k == j || byte(s, k - 1) != b'\\' {
            return e;
        }
        j = e + 1;
    }
}

fn dockerfile(s: &[u8], out: &mut Vec<u8>) {
    run(out, s, |lx| {
        while lx.i < s.len() {
            let ls = lx.i;
            let p = skip_blanks(s, ls);
            lx.to(p);
            if byte(s, p) == b'#' {
                lx.tok(Class::Comment, line_end(s, p));
                let here = lx.i;
                lx.to(next_line(s, here));
                continue;
            }
            let e = ident_end(s, p);
            let mut buf = [0u8; 32];
            let w = lower(sub(s, p, e), &mut buf);
            if !docker_instruction(w) {
                lx.to(next_line(s, ls));
                continue;
            }
            lx.tok(Class::Keyword, e);
            let end = logical_line_end(s, e);
            lx.flush();
            let rest = sub(s, e, end);
            if w == b"from" {
                // FROM [--platform=…] image [AS name]
                run(lx.out, rest, |sub_lx| {
                    let r = sub_lx.s;
                    while let Some(c) = sub_lx.cur() {
                        let start = sub_lx.i;
                        if c.is_ascii_whitespace() {
                            sub_lx.skip(1);
                            continue;
                        }
                        let mut we = start;
                        while !matches!(byte(r, we), b' ' | b'\t' | b'\r' | b'\n' | 0) {
                            we += 1;
                        }
                        if sub(r, start, we).eq_ignore_ascii_case(b"as") {
                            sub_lx.tok(Class::Keyword, we);
                        } else {
                            sub_lx.to(we.min(r.len()));
                        }
                        if sub_lx.i == start {
                            sub_lx.skip_char();
                        }
                    }
                });
                lx.to(end);
                lx.mark = lx.i;
            } else {
                let cmd = matches!(
                    w,
                    b"run"
                        | b"cmd"
                        | b"entrypoint"
                        | b"shell"
                        | b"env"
                        | b"arg"
                        | b"label"
                        | b"onbuild"
                        | b"healthcheck"
                );
                let mut st = ShState::default();
                run(lx.out, rest, |sub_lx| lex_sh(sub_lx, &mut st, false, cmd));
                lx.to(end);
                lx.mark = lx.i;
                st.end_line();
                // A heredoc (RUN <<EOF): its body lines, through the delimiter.
                while st.heredoc.is_some() && lx.i < s.len() {
                    let a = lx.i;
                    let nl = if byte(s, a) == b'\n' { a + 1 } else { a };
                    lx.to(nl);
                    let b = line_end(s, nl);
                    lx.flush();
                    run(lx.out, sub(s, nl, b), |sub_lx| {
                        lex_sh(sub_lx, &mut st, false, true)
                    });
                    lx.to(b);
                    lx.mark = lx.i;
                    st.end_line();
                    if b >= s.len() {
                        break;
                    }
                }
            }
            let here = lx.i;
            lx.to(next_line(s, here));
        }
    });
}

fn make_directive(w: &[u8]) -> bool {
    matches!(
        w,
        b"ifeq"
            | b"ifneq"
            | b"ifdef"
            | b"ifndef"
            | b"else"
            | b"endif"
            | b"include"
            | b"-include"
            | b"sinclude"
            | b"define"
            | b"endef"
            | b"export"
            | b"unexport"
            | b"override"
            | b"vpath"
            | b"undefine"
            | b"private"
    )
}

/// Make text from `lx.i` to `end`: variables and comments.
fn make_text(lx: &mut Lx<'_, '_>, end: usize) {
    let s = lx.s;
    while lx.i < end {
        let start = lx.i;
        match byte(s, start) {
            b'#' => lx.tok(Class::Comment, end),
            b'\\' => {
                lx.skip(1);
                lx.skip_char();
            }
            b'$' => {
                let n = byte(s, start + 1);
                let e = match n {
                    b'(' | b'{' => {
                        let close = if n == b'(' { b')' } else { b'}' };
                        matching_on_line(s, start + 1, n, close).map_or(start + 2, |p| p + 1)
                    }
                    0 | b'\n' | b' ' => start + 1,
                    _ => start + 1 + char_len(n),
                };
                lx.tok(Class::Variable, e.min(end));
            }
            _ => lx.skip_char(),
        }
        if lx.i == start {
            lx.skip_char();
        }
    }
}

fn makefile(s: &[u8], out: &mut Vec<u8>) {
    let mut recipe = ShState::default();
    // Whether the last recipe line ended in a backslash (make joins it to the next).
    let mut joined = false;
    run(out, s, |lx| {
        while lx.i < s.len() {
            let ls = lx.i;
            let le = line_end(s, ls);
            if byte(s, ls) == b'\t' || joined {
                // A recipe line: shell, with make's variables. Each line is a shell of
                // its own unless joined.
                lx.flush();
                run(lx.out, sub(s, ls, le), |sub_lx| {
                    lex_sh(sub_lx, &mut recipe, true, true)
                });
                joined = sub(s, ls, le).trim_ascii_end().ends_with(b"\\");
                if !joined {
                    recipe = ShState::default();
                }
                lx.to(le);
                lx.mark = lx.i;
            } else {
                recipe = ShState::default();
                let p = skip_blanks(s, ls);
                lx.to(p);
                let mut we = p;
                while !matches!(
                    byte(s, we),
                    b' ' | b'\t' | b'\r' | b'\n' | b':' | b'=' | b'?' | b'+' | b'!' | b'#' | 0
                ) {
                    we += 1;
                }
                let first = sub(s, p, we);
                if byte(s, p) == b'#' {
                    lx.tok(Class::Comment, le);
                } else if make_directive(first) {
                    lx.tok(Class::Keyword, we);
                    make_text(lx, le);
                } else {
                    // VAR = value, VAR := value, targets: prerequisites
                    let mut j = p;
                    let mut depth = 0usize;
                    let mut found = None;
                    while j < le {
                        match byte(s, j) {
                            b'(' | b'{' => depth += 1,
                            b')' | b'}' => depth = depth.saturating_sub(1),
                            b'#' if depth == 0 => break,
                            b'=' if depth == 0 => {
                                found = Some((j, true));
                                break;
                            }
                            b':' | b'?' | b'+' | b'!' if depth == 0 && byte(s, j + 1) == b'=' => {
                                found = Some((j, true));
                                break;
                            }
                            b':' if depth == 0
                                && byte(s, j + 1) == b':'
                                && byte(s, j + 2) == b'=' =>
                            {
                                found = Some((j, true));
                                break;
                            }
                            b':' if depth == 0 => {
                                found = Some((j, false));
                                break;
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    match found {
                        Some((op, true)) => {
                            let mut k = op;
                            while k > p && matches!(byte(s, k - 1), b' ' | b'\t') {
                                k -= 1;
                            }
                            lx.tok(Class::Variable, k);
                            lx.to(op);
                            make_text(lx, le);
                        }
                        Some((colon, false)) => {
                            // Each target name is a function; special targets keywords.
                            while lx.i < colon {
                                let a = skip_blanks(s, lx.i);
                                lx.to(a.min(colon));
                                let mut e = lx.i;
                                while e < colon && !matches!(byte(s, e), b' ' | b'\t') {
                                    e += 1;
                                }
                                if byte(s, lx.i) == b'$' {
                                    make_text(lx, e);
                                } else {
                                    let class = if byte(s, lx.i) == b'.'
                                        && byte(s, lx.i + 1).is_ascii_uppercase()
                                    {
                                        Class::Keyword
                                    } else {
                                        Class::Function
                                    };
                                    lx.tok(class, e);
                                }
                                if lx.i < e {
                                    lx.to(e);
                                }
                            }
                            make_text(lx, le);
                        }
                        None => make_text(lx, le),
                    }
                }
                lx.to(le);
            }
            lx.to(le + 1);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSES: [&str; 16] = [
        "keyword", "string", "comment", "number", "function", "type", "constant", "builtin",
        "attr", "tag", "prompt", "output", "inserted", "deleted", "meta", "variable",
    ];

    /// Parses highlighter output into (class, text) runs, checking that it is
    /// well-formed: only known, non-nested, non-empty spans and the five entities.
    /// Plain text has the class "".
    fn parse(html: &str) -> Vec<(String, String)> {
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

    /// Highlights, checks the round trip, and returns the runs.
    fn runs(lang: &str, code: &str) -> Vec<(String, String)> {
        let html = highlight(lang, code).expect("known language");
        let runs = parse(&html);
        let text: String = runs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, code, "round trip of {lang} through {html:?}");
        let bytes = render(Lang::from_name(lang).unwrap(), code.as_bytes());
        assert!(
            String::from_utf8(bytes).is_ok(),
            "{lang}: invalid UTF-8 for {code:?}"
        );
        runs
    }

    /// Asserts that each (class, text) is a token of `code`'s highlighting.
    fn has(lang: &str, code: &str, expected: &[(&str, &str)]) {
        let runs = runs(lang, code);
        for (class, text) in expected {
            assert!(
                runs.iter().any(|(c, t)| c == class && t == text),
                "{lang}: expected {class} {text:?} in {runs:?}"
            );
        }
    }

    /// Asserts that no token of `code` is exactly `text` with a class.
    fn plain(lang: &str, code: &str, texts: &[&str]) {
        let runs = runs(lang, code);
        for text in texts {
            assert!(
                !runs.iter().any(|(c, t)| !c.is_empty() && t == text),
                "{lang}: {text:?} should be plain in {runs:?}"
            );
        }
    }

    /// The class of the run holding `needle` (a substring of one run).
    fn class_of(lang: &str, code: &str, needle: &str) -> String {
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
                ("string", "f\"{x}\""),
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

    #[test]
    fn console_session() {
        let code = "$ pip install \"requests>=2\" # pin\nCollecting requests\n(venv) $ export X=1 && echo $X ${Y}\n# apt-get install -y git\n% ls -la\n$ ./configure \\\n>   --prefix=/opt\nchecking... ok\n$ cat <<EOF > f\n> hello\n> EOF\n$\n";
        has(
            "console",
            code,
            &[
                ("prompt", "$ "),
                ("string", "\"requests>=2\""),
                ("comment", "# pin"),
                ("output", "Collecting requests"),
                ("prompt", "(venv) $ "),
                ("builtin", "export"),
                ("variable", "X"),
                ("variable", "$X"),
                ("variable", "${Y}"),
                ("prompt", "# "),
                ("prompt", "% "),
                ("prompt", "> "),
                ("output", "checking... ok"),
                ("string", "<<EOF"),
                ("string", "hello"),
                ("string", "EOF"),
                ("prompt", "$"),
            ],
        );
        plain("console", code, &["pip", "apt-get", "install", "ls"]);
        // Output is never lexed, even with quotes; a prompt-like word inside is not one.
        has(
            "console",
            "$ echo it\nit's a \"test\" # not a comment\n",
            &[("output", "it's a \"test\" # not a comment")],
        );
        // A quote left open goes on to the next line, which is not output.
        has(
            "console",
            "$ echo 'a\nb' c\nout\n",
            &[("string", "'a"), ("string", "b'"), ("output", "out")],
        );
        has(
            "console",
            "user@host:~/src$ make\n[me@box tmp]# id\n",
            &[
                ("prompt", "user@host:~/src$ "),
                ("prompt", "[me@box tmp]# "),
            ],
        );
        has(
            "console",
            "$ python3\n>>> print('hi')\nhi\n",
            &[
                ("prompt", ">>> "),
                ("builtin", "print"),
                ("string", "'hi'"),
                ("output", "hi"),
            ],
        );
    }

    #[test]
    fn open_quotes_end_at_the_next_command() {
        // An apostrophe leaves a quote open; the next `$ ` line is a command again.
        has(
            "console",
            "$ echo It's here\nwho knows\n$ ls\nok\n",
            &[("prompt", "$ "), ("builtin", "echo"), ("output", "ok")],
        );
        // In a Makefile each recipe line is a shell of its own.
        has("makefile", "a:\n\techo it's\nb: c\n", &[("function", "b")]);
    }

    #[test]
    fn windows_prompts_and_here_strings() {
        has(
            "console",
            "PS C:\\src> Get-Item -Path \"x\"\nC:\\src>py -m pip install x\nok\n",
            &[
                ("prompt", "PS C:\\src> "),
                ("function", "Get-Item"),
                ("string", "\"x\""),
                ("prompt", "C:\\src>"),
                ("output", "ok"),
            ],
        );
        // A shell block that starts with a prompt is a session.
        has(
            "sh",
            "$ ls\nfile.txt\n",
            &[("prompt", "$ "), ("output", "file.txt")],
        );
        // A here-string is not a heredoc: the next line is code.
        has("bash", "cat <<<EOF\necho x\n", &[("builtin", "echo")]);
    }

    #[test]
    fn bash() {
        let code = "#!/bin/bash\nname=\"${1:-world}\" # default\nif [ -n \"$name\" ]; then echo 'no $x' \"hi $name\" $'a\\tb' a#b; fi\n";
        has(
            "bash",
            code,
            &[
                ("comment", "#!/bin/bash"),
                ("variable", "name"),
                ("variable", "${1:-world}"),
                ("comment", "# default"),
                ("keyword", "if"),
                ("keyword", "then"),
                ("keyword", "fi"),
                ("string", "'no $x'"),
                ("string", "\"hi "),
                ("variable", "$name"),
                ("string", "$'a\\tb'"),
                ("builtin", "echo"),
            ],
        );
        plain("bash", code, &["a#b", "#b"]);
        // Keywords only in command position.
        plain("bash", "echo if then done\n", &["if", "then", "done"]);
        has(
            "bash",
            "greet() { echo \"$(date \"+%Y\")\"; }\nfunction f { :; }\n",
            &[
                ("function", "greet"),
                ("function", "f"),
                ("string", "\"+%Y\""),
            ],
        );
        has(
            "bash",
            "cat <<-'END'\n\traw $x\n\tEND\necho done\n",
            &[
                ("string", "<<-'END'"),
                ("string", "\traw $x\n\tEND"),
                ("builtin", "echo"),
            ],
        );
        has(
            "bash",
            "sleep 5; exit 1\n",
            &[("number", "5"), ("number", "1")],
        );
        plain("bash", "make -j2 python3.12\n", &["2", "3", "12"]);
    }

    #[test]
    fn powershell() {
        has(
            "powershell",
            "# c\n<# b\n#>\nfunction Get-X { param([string]$Name) $r = \"Hi $Name\"; if ($r -eq $null) { Write-Output 'it''s' } }\n",
            &[
                ("comment", "# c"),
                ("comment", "<# b\n#>"),
                ("keyword", "function"),
                ("function", "Get-X"),
                ("keyword", "param"),
                ("type", "[string]"),
                ("variable", "$Name"),
                ("variable", "$r"),
                ("string", "\"Hi "),
                ("keyword", "-eq"),
                ("constant", "$null"),
                ("function", "Write-Output"),
                ("string", "'it''s'"),
            ],
        );
    }

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

    #[test]
    fn data_formats() {
        has(
            "json",
            "{\"key\": \"value\", \"n\": -1.5e3, \"ok\": [true, null]}\n",
            &[
                ("attr", "\"key\""),
                ("string", "\"value\""),
                ("attr", "\"n\""),
                ("number", "-1.5e3"),
                ("constant", "true"),
                ("constant", "null"),
            ],
        );
        has(
            "yaml",
            "# c\ntitle: Hello world # x\nurl: https://x.org\nn: 42\non: yes\nq: \"a: b\"\n- item: [a, 1]\nblock: |\n  line one\n  line: two\nnext: ~\n",
            &[
                ("comment", "# c"),
                ("attr", "title"),
                ("string", "Hello world"),
                ("comment", "# x"),
                ("string", "https://x.org"),
                ("number", "42"),
                ("constant", "yes"),
                ("string", "\"a: b\""),
                ("attr", "item"),
                ("string", "a"),
                ("number", "1"),
                ("string", "line one\n  line: two"),
                ("attr", "next"),
                ("constant", "~"),
            ],
        );
        has(
            "toml",
            "# c\n[package]\nname = \"x\" # y\n[[bin]]\nd = 1979-05-27T07:32:00Z\nt = { a = true, b = 0x1F }\ns = '''\nraw'''\n",
            &[
                ("comment", "# c"),
                ("type", "[package]"),
                ("attr", "name"),
                ("string", "\"x\""),
                ("type", "[[bin]]"),
                ("number", "1979-05-27T07:32:00Z"),
                ("attr", "a"),
                ("constant", "true"),
                ("number", "0x1F"),
                ("string", "'''\nraw'''"),
            ],
        );
        has(
            "ini",
            "; c\n[server]\nport = 8080\n# d\n",
            &[
                ("comment", "; c"),
                ("type", "[server]"),
                ("attr", "port"),
                ("string", "8080"),
                ("comment", "# d"),
            ],
        );
    }

    #[test]
    fn markup_and_styles() {
        has(
            "html",
            "<!DOCTYPE html>\n<!-- c -->\n<a href=\"/x?a=1&amp;b\" data-x=y hidden>&copy; 1 < 2</a>\n<script>if (a < b) { x = \"</p>\"; }</script>\n",
            &[
                ("meta", "<!DOCTYPE html>"),
                ("comment", "<!-- c -->"),
                ("tag", "a"),
                ("attr", "href"),
                ("string", "\"/x?a=1&amp;b\""),
                ("attr", "data-x"),
                ("string", "y"),
                ("attr", "hidden"),
                ("constant", "&copy;"),
                ("keyword", "if"),
                ("string", "\"</p>\""),
                ("tag", "script"),
            ],
        );
        has(
            "css",
            "/* c */\nbody > a.link:hover, #id { color: #3776ab !important; margin: -1.5em 0; font: 12px \"Inter\"; width: calc(100% - 2px); --x: 1; }\n@media (max-width: 600px) { .card { padding: 0 } }\n",
            &[
                ("comment", "/* c */"),
                ("tag", "body"),
                ("tag", "a"),
                ("type", ".link"),
                ("keyword", ":hover"),
                ("type", "#id"),
                ("attr", "color"),
                ("number", "#3776ab"),
                ("keyword", "!important"),
                ("number", "-1.5em"),
                ("string", "\"Inter\""),
                ("function", "calc"),
                ("number", "100%"),
                ("variable", "--x"),
                ("keyword", "@media"),
                ("attr", "max-width"),
                ("number", "600px"),
                ("type", ".card"),
                ("attr", "padding"),
            ],
        );
        has(
            "markdown",
            "# Title\nSee `x()` and [docs](https://docs.python.org).\n- item\n```python\nx = 1\n```\n",
            &[
                ("keyword", "# Title"),
                ("string", "`x()`"),
                ("string", "https://docs.python.org"),
                ("keyword", "-"),
                ("string", "```python\nx = 1\n```"),
            ],
        );
    }

    #[test]
    fn sql() {
        has(
            "sql",
            "select u.id, COUNT(*) from users u where name = 'it''s' and x::int > 1.5 -- c\n/* b */ insert into t values ($1, NULL);\n",
            &[
                ("keyword", "select"),
                ("function", "COUNT"),
                ("keyword", "from"),
                ("string", "'it''s'"),
                ("type", "int"),
                ("number", "1.5"),
                ("comment", "-- c"),
                ("comment", "/* b */"),
                ("keyword", "insert"),
                ("variable", "$1"),
                ("constant", "NULL"),
            ],
        );
        plain("sql", "select u.select from selected\n", &["selected"]);
    }

    #[test]
    fn diff() {
        has(
            "diff",
            "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n--- removed dashes\n context\n",
            &[
                ("meta", "diff --git a/x b/x"),
                ("meta", "--- a/x"),
                ("meta", "+++ b/x"),
                ("meta", "@@ -1,2 +1,2 @@"),
                ("deleted", "-old"),
                ("inserted", "+new"),
                ("deleted", "--- removed dashes"),
            ],
        );
    }

    #[test]
    fn dockerfile_and_makefile() {
        has(
            "dockerfile",
            "# c\nFROM python:3.13 AS build\nENV A=1\nRUN apt-get update && \\\n    echo \"$A\" # d\nCMD [\"x\"]\n",
            &[
                ("comment", "# c"),
                ("keyword", "FROM"),
                ("keyword", "AS"),
                ("keyword", "ENV"),
                ("variable", "A"),
                ("keyword", "RUN"),
                ("variable", "$A"),
                ("comment", "# d"),
                ("keyword", "CMD"),
                ("string", "\"x\""),
            ],
        );
        has(
            "makefile",
            "# c\nCC := gcc\n.PHONY: all\nall: $(OBJS) main.o\n\t$(CC) -o $@ $^ # link\nifeq ($(X),1)\nendif\n",
            &[
                ("comment", "# c"),
                ("variable", "CC"),
                ("keyword", ".PHONY"),
                ("function", "all"),
                ("variable", "$(OBJS)"),
                ("variable", "$(CC)"),
                ("variable", "$@"),
                ("variable", "$^"),
                ("comment", "# link"),
                ("keyword", "ifeq"),
                ("variable", "$(X)"),
            ],
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
}
