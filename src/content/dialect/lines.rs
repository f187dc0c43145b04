//! Writing a construct's replacement so that the lines around it stay where they
//! were, and so that the Markdown around a block of HTML is still rendered: HTML that
//! must be a block of its own gets lines of its own (pulldown-cmark ends an HTML block
//! at a blank line only), and what a construct spanned becomes blank lines after it,
//! or, inside a paragraph, lines owed (see [`super::Translator::run`]).

use super::Translator;
use super::scan::{self, is_blank};

impl Translator<'_> {
    /// True when only spaces stand before `at` on its line.
    pub(super) fn alone_before(&self, at: usize) -> bool {
        at >= self.line_start && is_blank(&self.src[self.line_start..at])
    }

    /// The end of `end`'s line when only spaces follow `end` on it. (Reads the spaces
    /// only: a line may be the whole body.)
    pub(super) fn rest_blank(&self, end: usize) -> Option<usize> {
        let b = self.src.as_bytes();
        let mut i = end;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        (i == b.len() || b[i] == b'\n').then_some(i)
    }

    /// True when the line at `pos` (a line start) is blank or the body has ended.
    pub(super) fn next_line_blank(&self) -> bool {
        self.rest_blank(self.pos).is_some()
    }

    /// Replaces what stands from `pos` to `end` by `text` (no line breaks). Alone on its
    /// lines, it becomes one line (empty if `text` is) and blank lines for the others;
    /// inside a line, it is replaced in place and its line breaks are owed.
    pub(super) fn replace(&mut self, end: usize, text: &str) {
        self.out.push_str(text);
        match self.rest_blank(end).filter(|_| self.alone_before(self.pos)) {
            Some(e) => self.end_line(e),
            None => self.consume(end),
        }
    }

    /// Replaces what stands from `pos` to `end` by `text`, a block of HTML (one line)
    /// that must stand on lines of its own, so that the Markdown around it is rendered;
    /// with `blank_after`, the next line is blank too.
    pub(super) fn block(&mut self, end: usize, text: &str, blank_after: bool) {
        if !self.alone_before(self.pos) {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
        match self.rest_blank(end) {
            Some(e) => {
                let lines = self.line;
                self.end_line(e);
                if blank_after && self.line - lines == 1 && !self.next_line_blank() {
                    self.out.push('\n');
                }
            }
            None => {
                self.consume(end);
                self.out.push_str("\n\n");
            }
        }
    }

    /// Ends the output line at the line end `e`: consumes up to it and its line break,
    /// and writes a blank line for each line break passed before it.
    pub(super) fn end_line(&mut self, e: usize) {
        let before = self.line;
        self.consume(e);
        let passed = self.line - before;
        if e < self.src.len() {
            self.consume(e + 1);
        }
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n('\n', passed));
    }

    /// Writes `src[content]` as a fenced code block in `lang`, in place of the
    /// construct from `pos` to `end` whose opening tag ends at `content.start` and whose
    /// closing tag starts at `content.end`.
    pub(super) fn fenced(&mut self, lang: &str, content: std::ops::Range<usize>, end: usize) {
        let lang: String = lang
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-' | '.' | '#'))
            .collect();
        // The closing fence is indented as the opening one (in a list item, say).
        let src = self.src;
        let indent = if self.alone_before(self.pos) {
            &src[self.line_start..self.pos]
        } else {
            self.out.push('\n');
            ""
        };
        // From the line after the opening tag when nothing follows it on its line; up
        // to the closing tag's line when it stands alone there.
        let mut from = content.start;
        if let Some(e) = self.rest_blank(from) {
            from = (e + 1).min(content.end.max(from));
        }
        let mut to = content.end;
        let spaces = self.src[from..to].trim_end_matches([' ', '\t']).len() + from;
        if spaces == from || self.src.as_bytes()[spaces - 1] == b'\n' {
            to = spaces;
        }
        let to = to.max(from);
        let code = &self.src[from..to];
        let fence = "`".repeat(scan::longest_backtick_run(code).max(2) + 1);
        self.out.push_str(&fence);
        self.out.push_str(&lang);
        self.out.push('\n');
        scan::push_clean(&mut self.out, code);
        if !code.is_empty() && !code.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(indent);
        self.out.push_str(&fence);
        match self.rest_blank(end) {
            Some(e) => self.end_line_plain(e),
            None => {
                self.consume(end);
                self.out.push('\n');
            }
        }
    }

    /// Consumes up to the line end `e` and its line break, writing one line break.
    pub(super) fn end_line_plain(&mut self, e: usize) {
        self.consume(e);
        if e < self.src.len() {
            self.consume(e + 1);
        }
        self.out.push('\n');
    }
}
