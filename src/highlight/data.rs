//! Data and configuration formats: JSON, YAML, TOML and INI.

use super::emit::{Class, Lx};
use super::scan::{
    block_comment_end, byte, find, find_near, ident_end, is_blank, is_ident_start, is_plain_number,
    line_end, next_line, number_end, quoted_end, skip_blanks, skip_space, sub,
};

// ---------------------------------------------------------------------------------------
// JSON

pub(super) fn lex_json(lx: &mut Lx<'_, '_>) {
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

pub(super) fn lex_yaml(lx: &mut Lx<'_, '_>) {
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

pub(super) fn lex_toml(lx: &mut Lx<'_, '_>) {
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

pub(super) fn lex_ini(lx: &mut Lx<'_, '_>) {
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

#[cfg(test)]
mod tests {
    use crate::highlight::tests::has;

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
}
