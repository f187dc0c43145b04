//! The C family: Rust, C, C++, Go, JavaScript and TypeScript, one lexer with a word
//! table and the literal forms of each language.

use super::emit::{Class, Lx};
use super::scan::{
    block_comment_end, byte, char_len, dotted_end, find_byte, find_near, ident_end, is_ident,
    is_ident_start, is_member, line_end, number_end, quoted_end, skip_blanks, sub,
};

/// Which language of the family [`lex_c`] reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ck {
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

/// Whether the capitalised name that ends at `e`, first on its line, is a Go struct
/// field (`Name string`, `Tags []string`) rather than a type.
fn go_field(s: &[u8], e: usize) -> bool {
    let k = skip_blanks(s, e);
    k > e && (is_ident_start(byte(s, k)) || matches!(byte(s, k), b'*' | b'['))
}

/// The end of a C++ attribute `[[…]]` at `start`, on its line within 256 bytes.
fn cpp_attr_end(s: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 2;
    while j < start + 256 {
        match *s.get(j)? {
            b'\n' => return None,
            b']' if byte(s, j + 1) == b']' => return Some(j + 2),
            _ => j += 1,
        }
    }
    None
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

pub(super) fn lex_c(lx: &mut Lx<'_, '_>, k: Ck) {
    let s = lx.s;
    let js = matches!(k, Ck::Js | Ck::Ts);
    let caps_types = matches!(k, Ck::Rust | Ck::Go | Ck::Js | Ck::Ts);
    let sep = if k == Ck::Cpp { b'\'' } else { 0 };
    let mut line_start = true;
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
            b'[' if k == Ck::Cpp && byte(s, start + 1) == b'[' => match cpp_attr_end(s, start) {
                Some(e) => lx.tok(Class::Attr, e),
                None => lx.skip(1),
            },
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
                let word = if is_member(s, start) && !(k == Ck::Rust && w == b"await") {
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
                        && !(k == Ck::Go
                            && (is_member(s, start) || (line_start && go_field(s, e))))
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
    }
}

#[cfg(test)]
mod tests;
