//! Python's f-strings and t-strings by PEP 701: their text, replacement fields
//! (Python code, lexed by the caller), format specs and nesting, as a stack of frames
//! carried from token to token and from line to line of a session.

use super::super::emit::{Class, Lx};
use super::super::scan::{byte, find_near, ident_end};

/// The quote of an f-string: its character, whether triple, whether raw.
#[derive(Clone, Copy, Debug)]
pub(super) struct Quote {
    pub(super) q: u8,
    pub(super) triple: bool,
    pub(super) raw: bool,
}

/// Where the lexer is inside an f-string (PEP 701): in its text, in a replacement
/// field's expression (with the depth of brackets open in it), or in a format spec
/// after `:` (text again, whose `{` opens a nested field). Each carries the quote of
/// the f-string it belongs to. The frames form a stack: text, field, spec, field…, and
/// a field may hold a whole new f-string, even with the same quote.
#[derive(Clone, Copy, Debug)]
pub(super) enum Frame {
    Text(Quote),
    Field(Quote, u32),
    Spec(Quote),
}

/// At most this many frames are open (CPython allows 150 nested f-strings; real code
/// uses two or three). Past it an f-string is read as a plain string and a `{` as
/// text, so hostile nesting costs nothing more.
pub(super) const MAX_FRAMES: usize = 24;

/// The frames open, innermost last.
#[derive(Clone, Default, Debug)]
pub(super) struct FStack(pub(super) Vec<Frame>);

impl FStack {
    /// At the end of a line: a single-quoted f-string cannot go on past it, so it and
    /// everything opened inside it end here (a triple-quoted one outside it goes on).
    pub(super) fn end_line(&mut self) {
        let lowest = self.0.iter().position(|f| match f {
            Frame::Text(q) | Frame::Field(q, _) | Frame::Spec(q) => !q.triple,
        });
        if let Some(k) = lowest {
            self.0.truncate(k);
        }
    }

    /// Whether the top frame is text (of the string or of a spec): the caller then
    /// calls [`text`].
    pub(super) fn in_text(&self) -> bool {
        matches!(self.0.last(), Some(Frame::Text(_) | Frame::Spec(_)))
    }

    /// Whether another f-string may open (see [`MAX_FRAMES`]).
    pub(super) fn has_room(&self) -> bool {
        self.0.len() < MAX_FRAMES
    }
}

/// The text of an f-string (or of a format spec) from `lx.i`, scanning from `from`:
/// up to a replacement field's `{` (a field frame is pushed), the `}` that ends a spec,
/// the closing quote, the end of a single-quoted one's line, or the end.
pub(super) fn text(lx: &mut Lx<'_, '_>, stack: &mut FStack, from: usize) {
    let s = lx.s;
    let (quote, spec) = match stack.0.last() {
        Some(Frame::Text(q)) => (*q, false),
        Some(Frame::Spec(q)) => (*q, true),
        _ => return,
    };
    let room = stack.0.len() < MAX_FRAMES;
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
                stack.0.push(Frame::Field(quote, 0));
                return;
            }
            b'}' if spec => {
                lx.tok(Class::Str, j);
                lx.to(j + 1);
                stack.0.pop();
                return;
            }
            _ if b == quote.q
                && (!quote.triple || (byte(s, j + 1) == b && byte(s, j + 2) == b)) =>
            {
                lx.tok(Class::Str, j + if quote.triple { 3 } else { 1 });
                // The f-string ends, with any field left open in it.
                while let Some(f) = stack.0.pop() {
                    if matches!(f, Frame::Text(_)) {
                        break;
                    }
                }
                return;
            }
            b'\n' if !quote.triple => {
                lx.tok(Class::Str, j);
                stack.end_line();
                return;
            }
            _ => j += 1,
        }
    }
}

/// What a character does inside a replacement field's expression, at `start`: the
/// brackets it opens or closes, and at depth 0 the `}` that ends the field, the `:` that
/// starts a format spec or the `!r` conversion. Returns whether it was consumed.
pub(super) fn field_char(lx: &mut Lx<'_, '_>, stack: &mut FStack, c: u8) -> bool {
    let s = lx.s;
    let start = lx.i;
    let Some(Frame::Field(quote, depth)) = stack.0.last_mut() else {
        return false;
    };
    let quote = *quote;
    match c {
        b'(' | b'[' | b'{' => *depth += 1,
        b')' | b']' => *depth = depth.saturating_sub(1),
        b'}' if *depth > 0 => *depth -= 1,
        b'}' => {
            stack.0.pop();
            lx.skip(1);
            return true;
        }
        b':' if *depth == 0 => {
            stack.0.pop();
            stack.0.push(Frame::Spec(quote));
            lx.skip(1);
            return true;
        }
        b'!' if *depth == 0 && byte(s, start + 1) != b'=' => {
            lx.to(ident_end(s, start + 1).max(start + 1));
            return true;
        }
        b'\n' => stack.end_line(),
        _ => {}
    }
    false
}
