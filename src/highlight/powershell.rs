//! PowerShell: variables (also inside double-quoted strings), cmdlet names, `-operators`,
//! type literals and here-strings.

use super::emit::{Class, Lx};
use super::scan::{
    byte, find, find_near, ident_end, is_ident, is_ident_start, is_member, line_end, lower,
    number_end, skip_blanks, sub,
};

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

pub(super) fn lex_powershell(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut pending: Option<Class> = None;
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
                } else if !is_member(s, start) && ps_keyword(w) {
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
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::tests::has;

    /// Issue 14, defect 1: the "after a dot" state of `1..` survived the newline.
    #[test]
    fn keyword_after_range_line() {
        has(
            "powershell",
            "$r = 1..\nforeach ($i in $r) { $i.Count }\n",
            &[("keyword", "foreach"), ("keyword", "in")],
        );
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
}
