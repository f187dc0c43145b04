//! SQL, in the common dialects (PostgreSQL, MySQL, SQLite).

use super::emit::{Class, Lx};
use super::scan::{
    block_comment_end, byte, find, find_byte, ident_end, is_ident, is_ident_start, is_member,
    line_end, lower, name_end, number_end, sub,
};

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

pub(super) fn lex_sql(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
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
                    let word = if is_member(s, start) {
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

#[cfg(test)]
mod tests {
    use crate::highlight::tests::{has, plain};

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
}
