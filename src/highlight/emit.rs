//! What every lexer writes through: the token classes, the span writer and the
//! cursor [`Lx`] that moves over one chunk of code, escaping as it goes. With `scan`
//! the lowest stage of `highlight`: it knows no language.
//
// The lexers are in other modules, so in other codegen units: the small functions here
// that they call for every token or character are `#[inline]`, without which the
// benchmark's code highlights about 5% slower.

use super::scan::{byte, char_len};
use crate::escape::escape_bytes_into;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    Keyword,
    Str,
    Comment,
    Number,
    Function,
    Type,
    Constant,
    Builtin,
    Attr,
    Tag,
    Prompt,
    Output,
    Inserted,
    Deleted,
    Meta,
    Variable,
}

impl Class {
    pub(super) fn open(self) -> &'static [u8] {
        match self {
            Class::Keyword => b"<span class=\"hl-keyword\">",
            Class::Str => b"<span class=\"hl-string\">",
            Class::Comment => b"<span class=\"hl-comment\">",
            Class::Number => b"<span class=\"hl-number\">",
            Class::Function => b"<span class=\"hl-function\">",
            Class::Type => b"<span class=\"hl-type\">",
            Class::Constant => b"<span class=\"hl-constant\">",
            Class::Builtin => b"<span class=\"hl-builtin\">",
            Class::Attr => b"<span class=\"hl-attr\">",
            Class::Tag => b"<span class=\"hl-tag\">",
            Class::Prompt => b"<span class=\"hl-prompt\">",
            Class::Output => b"<span class=\"hl-output\">",
            Class::Inserted => b"<span class=\"hl-inserted\">",
            Class::Deleted => b"<span class=\"hl-deleted\">",
            Class::Meta => b"<span class=\"hl-meta\">",
            Class::Variable => b"<span class=\"hl-variable\">",
        }
    }
}

/// Appends `text` in a span of `class`, escaped (nothing if that leaves it empty: a
/// token of only characters XML forbids).
#[inline]
pub(super) fn span(out: &mut Vec<u8>, class: Class, text: &[u8]) {
    if !text.is_empty() {
        let open = out.len();
        out.extend_from_slice(class.open());
        let body = out.len();
        escape_bytes_into(out, text);
        if out.len() == body {
            out.truncate(open);
        } else {
            out.extend_from_slice(b"</span>");
        }
    }
}

/// A cursor over one chunk of code that writes it out: `mark..i` is text read but not
/// yet written (plain, escaped when flushed); a token writes `i..end` in a span.
/// Positions only move forward, so every byte goes through the escaping exactly once, in
/// order.
pub(super) struct Lx<'a, 'o> {
    pub(super) s: &'a [u8],
    pub(super) i: usize,
    pub(super) mark: usize,
    pub(super) out: &'o mut Vec<u8>,
}

impl<'a, 'o> Lx<'a, 'o> {
    pub(super) fn new(s: &'a [u8], out: &'o mut Vec<u8>) -> Self {
        Lx {
            s,
            i: 0,
            mark: 0,
            out,
        }
    }

    pub(super) fn cur(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    pub(super) fn flush(&mut self) {
        if let Some(text) = self.s.get(self.mark..self.i) {
            escape_bytes_into(self.out, text);
            self.mark = self.i;
        }
    }

    /// Writes `i..end` as a token of `class` (nothing if it is empty).
    pub(super) fn tok(&mut self, class: Class, end: usize) {
        let end = end.min(self.s.len());
        if end <= self.i {
            return;
        }
        self.flush();
        if let Some(text) = self.s.get(self.i..end) {
            span(self.out, class, text);
        }
        self.i = end;
        self.mark = end;
    }

    /// Moves on to `end` as plain text.
    pub(super) fn to(&mut self, end: usize) {
        self.i = end.min(self.s.len()).max(self.i);
    }

    pub(super) fn skip(&mut self, n: usize) {
        self.to(self.i.saturating_add(n));
    }

    /// Moves past one character as plain text.
    #[inline]
    pub(super) fn skip_char(&mut self) {
        self.skip(char_len(byte(self.s, self.i)));
    }

    pub(super) fn finish(&mut self) {
        self.i = self.s.len();
        self.flush();
    }
}

/// Runs `lex` over `chunk` as a code fragment of its own, writing to `out`.
#[inline]
pub(super) fn run<F: FnOnce(&mut Lx<'_, '_>)>(out: &mut Vec<u8>, chunk: &[u8], lex: F) {
    let mut lx = Lx::new(chunk, out);
    lex(&mut lx);
    lx.finish();
}
