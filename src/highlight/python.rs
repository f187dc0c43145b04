//! Python, and Python console sessions (`pycon`): prompt lines hold code, the others
//! output. `words` holds the table of Python's words, `fstring` the f-strings.

mod fstring;
mod words;

use super::emit::{Class, Lx, run, span};
use super::scan::{
    byte, dotted_end, ident_end, is_ident_start, is_member, line_end, lines, number_end,
    skip_blanks, sub,
};
use fstring::{FStack, Frame, Quote};
use words::py_word;

/// What the Python lexer carries from one chunk of code to the next (a session's
/// prompt lines).
#[derive(Clone, Default)]
pub(super) struct PyState {
    /// A string still open at the end of the last chunk: its quote and whether triple.
    open: Option<(u8, bool)>,
    /// The f-strings (and t-strings) open.
    fstack: FStack,
}

impl PyState {
    /// Forgets what was open: an output line of a session ends any string.
    pub(super) fn reset(&mut self) {
        self.open = None;
        self.fstack.0.clear();
    }
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

/// A string with prefix `w` (maybe empty) from `lx.i`, its quote at `q_at`: an f- or
/// t-string opens its text frame, any other is one token.
fn py_string_or_fstring(lx: &mut Lx<'_, '_>, st: &mut PyState, w: &[u8], q_at: usize) {
    let s = lx.s;
    let templated = w.iter().any(|b| matches!(b | 0x20, b'f' | b't'));
    if !templated || !st.fstack.has_room() {
        py_string(lx, st, q_at);
        return;
    }
    let q = byte(s, q_at);
    let triple = byte(s, q_at + 1) == q && byte(s, q_at + 2) == q;
    let raw = w.iter().any(|b| b | 0x20 == b'r');
    st.fstack.0.push(Frame::Text(Quote { q, triple, raw }));
    fstring::text(lx, &mut st.fstack, q_at + if triple { 3 } else { 1 });
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
        if st.fstack.in_text() {
            let from = lx.i;
            fstring::text(lx, &mut st.fstack, from);
            if lx.i >= s.len() {
                break;
            }
            continue;
        }
        let Some(c) = lx.cur() else { break };
        let start = lx.i;
        if fstring::field_char(lx, &mut st.fstack, c) {
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
    st.fstack.end_line();
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
mod tests;
