//! Python, and Python console sessions (`pycon`): prompt lines hold code, the others
//! output.

use super::emit::{Class, Lx, run, span};
use super::scan::{
    byte, dotted_end, find_near, ident_end, is_ident_start, is_member, line_end, lines, number_end,
    skip_blanks, sub,
};

/// What the Python lexer carries from one chunk of code to the next (a session's
/// prompt lines).
#[derive(Clone, Default)]
pub(super) struct PyState {
    /// A string still open at the end of the last chunk: its quote and whether triple.
    open: Option<(u8, bool)>,
    /// The f-strings (and t-strings) open, innermost last: see [`Frame`].
    fstack: Vec<Frame>,
}

impl PyState {
    /// Forgets what was open: an output line of a session ends any string.
    pub(super) fn reset(&mut self) {
        self.open = None;
        self.fstack.clear();
    }

    /// At the end of a line: a single-quoted f-string cannot go on past it, so it and
    /// everything opened inside it end here (a triple-quoted one outside it goes on).
    fn end_line(&mut self) {
        let lowest = self.fstack.iter().position(|f| match f {
            Frame::Text(q) | Frame::Field(q, _) | Frame::Spec(q) => !q.triple,
        });
        if let Some(k) = lowest {
            self.fstack.truncate(k);
        }
    }
}

/// The quote of an f-string: its character, whether triple, whether raw.
#[derive(Clone, Copy, Debug)]
struct Quote {
    q: u8,
    triple: bool,
    raw: bool,
}

/// Where the lexer is inside an f-string (PEP 701): in its text, in a replacement
/// field's expression (with the depth of brackets open in it), or in a format spec
/// after `:` (text again, whose `{` opens a nested field). Each carries the quote of
/// the f-string it belongs to. The frames form a stack: text, field, spec, field…, and
/// a field may hold a whole new f-string, even with the same quote.
#[derive(Clone, Copy, Debug)]
enum Frame {
    Text(Quote),
    Field(Quote, u32),
    Spec(Quote),
}

/// At most this many frames are open (CPython allows 150 nested f-strings; real code
/// uses two or three). Past it an f-string is read as a plain string and a `{` as
/// text, so hostile nesting costs nothing more.
const MAX_FRAMES: usize = 24;

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

/// Whether `start` follows `case` at the start of a line: `case _:` is the wildcard.
fn after_case(s: &[u8], start: usize) -> bool {
    let mut b = start;
    while b > 0 && matches!(byte(s, b - 1), b' ' | b'\t') {
        b -= 1;
    }
    if b == start || b < 4 || sub(s, b - 4, b) != b"case" {
        return false;
    }
    let mut a = b - 4;
    while a > 0 && matches!(byte(s, a - 1), b' ' | b'\t') {
        a -= 1;
    }
    a == 0 || byte(s, a - 1) == b'\n'
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

/// The text of an f-string (or of a format spec) from `lx.i`, scanning from `from`:
/// up to a replacement field's `{` (a field frame is pushed), the `}` that ends a spec,
/// the closing quote, the end of a single-quoted one's line, or the end.
fn fstring_text(lx: &mut Lx<'_, '_>, st: &mut PyState, from: usize) {
    let s = lx.s;
    let (quote, spec) = match st.fstack.last() {
        Some(Frame::Text(q)) => (*q, false),
        Some(Frame::Spec(q)) => (*q, true),
        _ => return,
    };
    let room = st.fstack.len() < MAX_FRAMES;
    let mut j = from;
    loop {
        let Some(&b) = s.get(j) else {
            lx.tok(Class::Str, s.len());
            return;
        };
        match b {
            // `\{` leaves the brace to be a field's (raw strings) or an error.
            b'\\' if matches!(byte(s, j + 1), b'{' | b'}') => j += 1,
            b'\\' if !quote.raw && byte(s, j + 1) == b'N' && byte(s, j + 2) == b'{' => {
                // A named character, `\N{DASH}`: its braces are no field.
                j = find_near(s, j + 3, b'}', 64).map_or(j + 3, |p| p + 1);
            }
            b'\\' => j += 2,
            b'{' if !spec && byte(s, j + 1) == b'{' => j += 2,
            b'}' if !spec && byte(s, j + 1) == b'}' => j += 2,
            b'{' if room => {
                lx.tok(Class::Str, j);
                lx.to(j + 1);
                st.fstack.push(Frame::Field(quote, 0));
                return;
            }
            b'}' if spec => {
                lx.tok(Class::Str, j);
                lx.to(j + 1);
                st.fstack.pop();
                return;
            }
            _ if b == quote.q
                && (!quote.triple || (byte(s, j + 1) == b && byte(s, j + 2) == b)) =>
            {
                lx.tok(Class::Str, j + if quote.triple { 3 } else { 1 });
                // The f-string ends, with any field left open in it.
                while let Some(f) = st.fstack.pop() {
                    if matches!(f, Frame::Text(_)) {
                        break;
                    }
                }
                return;
            }
            b'\n' if !quote.triple => {
                lx.tok(Class::Str, j);
                st.end_line();
                return;
            }
            _ => j += 1,
        }
    }
}

/// What a character does inside a replacement field's expression, at `start`: the
/// brackets it opens or closes, and at depth 0 the `}` that ends the field, the `:` that
/// starts a format spec or the `!r` conversion. Returns whether it was consumed.
fn field_char(lx: &mut Lx<'_, '_>, st: &mut PyState, c: u8) -> bool {
    let s = lx.s;
    let start = lx.i;
    let Some(Frame::Field(quote, depth)) = st.fstack.last_mut() else {
        return false;
    };
    let quote = *quote;
    match c {
        b'(' | b'[' | b'{' => *depth += 1,
        b')' | b']' => *depth = depth.saturating_sub(1),
        b'}' if *depth > 0 => *depth -= 1,
        b'}' => {
            st.fstack.pop();
            lx.skip(1);
            return true;
        }
        b':' if *depth == 0 => {
            st.fstack.pop();
            st.fstack.push(Frame::Spec(quote));
            lx.skip(1);
            return true;
        }
        b'!' if *depth == 0 && byte(s, start + 1) != b'=' => {
            lx.to(ident_end(s, start + 1).max(start + 1));
            return true;
        }
        b'\n' => st.end_line(),
        _ => {}
    }
    false
}

/// A string with prefix `w` (maybe empty) from `lx.i`, its quote at `q_at`: an f- or
/// t-string opens its text frame, any other is one token.
fn py_string_or_fstring(lx: &mut Lx<'_, '_>, st: &mut PyState, w: &[u8], q_at: usize) {
    let s = lx.s;
    let templated = w.iter().any(|b| matches!(b | 0x20, b'f' | b't'));
    if !templated || st.fstack.len() >= MAX_FRAMES {
        py_string(lx, st, q_at);
        return;
    }
    let q = byte(s, q_at);
    let triple = byte(s, q_at + 1) == q && byte(s, q_at + 2) == q;
    let raw = w.iter().any(|b| b | 0x20 == b'r');
    st.fstack.push(Frame::Text(Quote { q, triple, raw }));
    fstring_text(lx, st, q_at + if triple { 3 } else { 1 });
}

pub(super) fn lex_python(lx: &mut Lx<'_, '_>, st: &mut PyState) {
    let s = lx.s;
    if let Some((q, triple)) = st.open.take() {
        let (end, open) = py_str_end(s, lx.i, q, triple);
        lx.tok(Class::Str, end);
        st.open = open.then_some((q, triple));
    }
    let mut line_start = true;
    let mut pending: Option<Class> = None;
    loop {
        if matches!(st.fstack.last(), Some(Frame::Text(_) | Frame::Spec(_))) {
            let from = lx.i;
            fstring_text(lx, st, from);
            if lx.i >= s.len() {
                break;
            }
            continue;
        }
        let Some(c) = lx.cur() else { break };
        let start = lx.i;
        if field_char(lx, st, c) {
            continue;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') {
            line_start |= c == b'\n';
            lx.skip(1);
            continue;
        }
        let pend = pending.take();
        match c {
            b'#' => lx.tok(Class::Comment, line_end(s, start)),
            b'"' | b'\'' => py_string_or_fstring(lx, st, b"", start),
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
                    py_string_or_fstring(lx, st, w, e);
                } else {
                    let word = if is_member(s, start) {
                        None
                    } else {
                        py_word(w)
                    };
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
                        _ if w == b"_" && after_case(s, start) => Some(Class::Keyword),
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
    }
    // A chunk is a line of a session at most: what is single-quoted ends with it.
    st.end_line();
}

/// The length of a Python prompt (`>>> `, `... `, or `>>>`/`...` alone) at the start of
/// `line`.
pub(super) fn py_prompt_len(line: &[u8]) -> Option<usize> {
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

pub(super) fn pycon(s: &[u8], out: &mut Vec<u8>) {
    let mut st = PyState::default();
    for (a, b, newline) in lines(s) {
        let line = sub(s, a, b);
        if let Some(p) = py_prompt_len(line) {
            span(out, Class::Prompt, sub(line, 0, p));
            run(out, sub(line, p, line.len()), |lx| lex_python(lx, &mut st));
        } else {
            st.reset();
            span(out, Class::Output, line);
        }
        if newline {
            out.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
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

#[cfg(test)]
mod defect_tests {
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
