//! Dockerfile and Makefile: instructions, targets and variables, and the shell commands
//! inside them lexed as shell.

use super::emit::{Class, Lx, run};
use super::scan::{
    byte, char_len, ident_end, line_end, lower, matching_on_line, next_line, skip_blanks, sub,
};
use super::shell::{ShState, lex_sh};

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

pub(super) fn dockerfile(s: &[u8], out: &mut Vec<u8>) {
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
            let mut buf2 = [0u8; 32];
            let w = lower(sub(s, p, e), &mut buf);
            if !docker_instruction(w) {
                lx.to(next_line(s, ls));
                continue;
            }
            lx.tok(Class::Keyword, e);
            let end = logical_line_end(s, e);
            let mut e = e;
            let mut w = w;
            if matches!(w, b"healthcheck" | b"onbuild") {
                // The instruction inside: HEALTHCHECK --interval=5m CMD …, ONBUILD RUN …
                let mut k = skip_blanks(s, e);
                while sub(s, k, k + 2) == b"--" {
                    k = skip_blanks(
                        s,
                        sub(s, k, end)
                            .iter()
                            .position(|b| b.is_ascii_whitespace())
                            .map_or(end, |p| k + p),
                    );
                }
                let ke = ident_end(s, k);
                let inner = lower(sub(s, k, ke), &mut buf2);
                if docker_instruction(inner) || inner == b"none" {
                    lx.to(k);
                    lx.tok(Class::Keyword, ke);
                    e = ke;
                    w = if inner == b"none" { w } else { inner };
                }
            }
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

pub(super) fn makefile(s: &[u8], out: &mut Vec<u8>) {
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
    use crate::highlight::tests::has;

    /// Found by the comparison with Pygments: the instruction inside HEALTHCHECK.
    #[test]
    fn healthcheck_and_onbuild() {
        has(
            "dockerfile",
            "HEALTHCHECK --interval=5m CMD curl -f http://localhost/ || exit 1\nONBUILD RUN make\n",
            &[
                ("keyword", "HEALTHCHECK"),
                ("keyword", "CMD"),
                ("keyword", "ONBUILD"),
                ("keyword", "RUN"),
                ("builtin", "exit"),
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
}
