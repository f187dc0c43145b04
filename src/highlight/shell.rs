//! Shell code: bash scripts, and the commands of console sessions, Dockerfile instructions
//! and Makefile recipes. Quoting, expansions and heredocs carry across lines and chunks
//! in a [`ShState`].

mod words;

use super::emit::{Class, Lx};
use super::scan::{
    byte, find_byte, find_near, is_ident, line_end, matching_on_line, name_end, quoted_end,
    run_len, skip_blanks, sub,
};
use words::{sh_builtin, sh_keyword};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ShCtx {
    Single,
    AnsiC,
    Double,
    /// `$( … )`, with the depth of plain parentheses inside.
    Sub(u32),
    /// `$(( … ))` arithmetic, with the depth of parentheses inside.
    Arith(u32),
    Backtick,
}

#[derive(Debug)]
pub(super) struct Heredoc {
    delim: Vec<u8>,
    strip_tabs: bool,
}

/// What the shell lexer carries from one chunk of code to the next (a console session
/// lexes each command line as a chunk of its own).
#[derive(Default, Debug)]
pub(super) struct ShState {
    stack: Vec<ShCtx>,
    /// `<<EOF` seen on the current line: the body starts on the next.
    pending_heredoc: Option<Heredoc>,
    pub(super) heredoc: Option<Heredoc>,
    /// The last chunk ended in a backslash.
    pub(super) continued: bool,
    /// Command position at the end of the last chunk.
    cmd: bool,
}

impl ShState {
    /// Whether the command goes on past the end of the last chunk.
    pub(super) fn busy(&self) -> bool {
        self.continued
            || !self.stack.is_empty()
            || self.heredoc.is_some()
            || self.pending_heredoc.is_some()
    }

    /// At the end of a line: a heredoc announced on it starts.
    pub(super) fn end_line(&mut self) {
        if let Some(h) = self.pending_heredoc.take() {
            self.heredoc = Some(h);
        }
    }
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
        b'(' if byte(s, start + 2) == b'(' => {
            lx.tok(Class::Keyword, start + 3);
            st.stack.push(ShCtx::Arith(0));
        }
        b'(' => {
            lx.tok(Class::Keyword, start + 2);
            st.stack.push(ShCtx::Sub(0));
            return true;
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

/// One token of `$(( … ))` arithmetic at `lx.i`: a number, a name (a variable there),
/// an expansion, a parenthesis, or the `))` that ends it.
fn sh_arith(lx: &mut Lx<'_, '_>, st: &mut ShState, make: bool) {
    let s = lx.s;
    let start = lx.i;
    let Some(ShCtx::Arith(depth)) = st.stack.last_mut() else {
        return;
    };
    match byte(s, start) {
        b'(' => {
            *depth += 1;
            lx.skip(1);
        }
        b')' if *depth > 0 => {
            *depth -= 1;
            lx.skip(1);
        }
        b')' if byte(s, start + 1) == b')' => {
            st.stack.pop();
            lx.tok(Class::Keyword, start + 2);
        }
        b')' => {
            // `$(( … )` closed by one parenthesis: not arithmetic after all.
            st.stack.pop();
            lx.skip(1);
        }
        b'$' => {
            sh_dollar(lx, st, make);
        }
        b'0'..=b'9' => {
            let mut e = start;
            while byte(s, e).is_ascii_alphanumeric() || matches!(byte(s, e), b'#' | b'_') {
                e += 1;
            }
            lx.tok(Class::Number, e);
        }
        b'"' => {
            st.stack.push(ShCtx::Double);
            sh_double(lx, st, start + 1);
        }
        _ => {
            let e = name_end(s, start);
            if e > start {
                lx.tok(Class::Variable, e);
            } else {
                lx.skip_char();
            }
        }
    }
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
pub(super) fn lex_sh(lx: &mut Lx<'_, '_>, st: &mut ShState, make: bool, cmd_start: bool) {
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
                        lx.tok(Class::Str, start + 1);
                        cmd = true;
                    }
                    _ => sh_double(lx, st, start),
                },
                Some(ShCtx::Arith(_)) => sh_arith(lx, st, make),
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
                        lx.tok(Class::Str, start + 1);
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
                                lx.tok(Class::Keyword, start + 1);
                            }
                            Some(ShCtx::Sub(d)) => *d -= 1,
                            _ if parens == 0 => cmd = true,
                            _ => parens -= 1,
                        }
                        lx.to(start + 1);
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
                    b'>' if byte(s, start + 1) == b'&' && byte(s, start + 2).is_ascii_digit() => {
                        // `>&2`: the descriptor is a number.
                        lx.to(start + 2);
                        let mut e = start + 2;
                        while byte(s, e).is_ascii_digit() {
                            e += 1;
                        }
                        lx.tok(Class::Number, e);
                    }
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
                        } else if w == b"{" || w == b"!" {
                            // A group or a negation: a command follows (also after a
                            // function's `()`).
                            let mut b = start;
                            while b > 0 && matches!(byte(s, b - 1), b' ' | b'\t') {
                                b -= 1;
                            }
                            cmd = cmd || (b > 0 && byte(s, b - 1) == b')');
                            lx.to(e);
                        } else if w == b"}" {
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

#[cfg(test)]
mod tests;
