//! Markup and styles: HTML and XML (with the JavaScript and CSS inside them), CSS, and
//! Markdown.

use super::clike::{Ck, lex_c};
use super::emit::{Class, Lx, run};
use super::scan::{
    block_comment_end, byte, find, find_byte, find_ci, find_near, is_blank, is_ident,
    is_ident_start, line_end, next_line, quoted_end, run_len, skip_blanks, skip_space, sub,
};

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

pub(super) fn lex_html(lx: &mut Lx<'_, '_>) {
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

pub(super) fn lex_css(lx: &mut Lx<'_, '_>) {
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
// Markdown

pub(super) fn lex_markdown(lx: &mut Lx<'_, '_>) {
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

#[cfg(test)]
mod tests {
    use crate::highlight::tests::has;

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
}
