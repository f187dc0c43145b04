//! Other generators' syntax in a post's Markdown: what Jekyll (Liquid), Hugo, Zola and
//! MDX posts say that Markdown does not, made into Markdown and HTML Bulletin renders.
//!
//! Bulletin never runs a template language over a post: release notes' code holds
//! `{{ }}` and `{% %}` of their own. [`translate`] reads a body once, from start to end,
//! and knows a fixed set of constructs (modules `liquid`, `hugo`, `zola`, `mdx`); it
//! leaves anything else as text, with a located warning (code `foreign-syntax`, or
//! `mdx-component` for components), so that nothing disappears unnoticed. Code blocks
//! and code spans, as pulldown-cmark sees them, are copied as they are (one exception:
//! Hugo's escaped shortcodes, `{{</* x */>}}`, which exist to show a shortcode in code,
//! become what they show, as Hugo prints them).
//!
//! Lines stay where they were: a construct that stood alone on its lines becomes one
//! line and blank lines; one inside a paragraph that spanned lines owes the lines it
//! took, and they are given back at the next blank line. The few constructs that must
//! add lines (a callout or code fence opened in the middle of a line) are taken back
//! where two blank lines meet. So later diagnostics, made from the translated body,
//! still point at the lines the writer sees.
//!
//! Links to other posts become markers that [`resolve_post_links`] replaces once every
//! post's page is known (module `links`).
//!
//! Time is linear in the size of the body: each search for a closing delimiter keeps
//! its answer (`scan::Finder`), a tag is not looked for across a blank line or into a
//! code block, and a JSX tag that does not close is not looked into again.

mod containers;
mod embed;
mod hugo;
mod lines;
mod links;
mod liquid;
mod mdx;
mod scan;
mod zola;

#[cfg(test)]
mod tests;

pub use links::{
    PostLink, broken_post_link, has_post_links, key_matches, key_suffixes, post_key, post_links,
    resolve_post_links,
};

use std::collections::HashMap;
use std::path::Path;

use crate::error::Diagnostic;
use scan::{Finder, is_blank, line_end};

/// The code of a construct left as text.
const FOREIGN: &str = "foreign-syntax";
/// The code of an MDX component left out (or whose tags are).
const COMPONENT: &str = "mdx-component";
/// Warnings kept per code and post; more are counted in one summary.
const KEPT: usize = 20;

/// Translates the constructs of other generators in a post's `body` (its Markdown
/// after the front matter, starting at line `body_line` of `file`) into Markdown and
/// HTML, with warnings for what is left as text. A body that holds none is returned as
/// it is. Leave out the characters XML forbids (`content::body::drop_forbidden`)
/// before, not after: the link markers are made of such characters (any the writer
/// typed are taken out here).
pub fn translate(body: String, body_line: usize, file: &Path) -> (String, Vec<Diagnostic>) {
    let (body, mut found) = if containers::may_hold(&body) {
        containers::translate(&body, body_line, file)
    } else {
        (body, Vec::new())
    };
    if !scan::may_hold_foreign(&body) {
        return (body, found);
    }
    let mut t = Translator::new(&body, body_line, file);
    t.run();
    found.extend(t.warnings.finish(file));
    (t.out, found)
}

/// Bytes at which the copy loop stops to look.
const STOPS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'{' as usize] = true;
    t[b'<' as usize] = true;
    t[b'@' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'\n' as usize] = true;
    t[1] = true;
    t[2] = true;
    t[3] = true;
    t
};

/// What a container that is still open was made into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    /// An aside: its end writes `</aside>`.
    Callout,
    /// Tags left out, content kept.
    Dropped,
    /// Left as text (a Zola shortcode Bulletin does not know): its end is too.
    Text,
}

/// Which closing tag ends a container.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OpenKey {
    /// `</Name>`.
    Jsx(String),
    /// `{{< /name >}}`.
    Hugo(String),
    /// Zola's `{% end %}`.
    Zola,
}

#[derive(Debug)]
struct Open {
    key: OpenKey,
    what: Opened,
    /// Where it was opened: line of the body, its start, and the offset.
    at: (usize, usize, usize),
}

/// The closing delimiters searched for, each searched once ([`Finder`]).
struct Finders {
    output_end: Finder,
    tag_end: Finder,
    hugo_angle_end: Finder,
    hugo_percent_end: Finder,
    hugo_angle_escape_end: Finder,
    hugo_percent_escape_end: Finder,
    jsx_comment_end: Finder,
    html_comment_end: Finder,
    endhighlight: Finder,
    endraw: Finder,
    endcomment: Finder,
    hugo_highlight_end: Finder,
    terminal_end: Finder,
}

impl Finders {
    const fn new() -> Self {
        Self {
            output_end: Finder::new("}}"),
            tag_end: Finder::new("%}"),
            hugo_angle_end: Finder::new(">}}"),
            hugo_percent_end: Finder::new("%}}"),
            hugo_angle_escape_end: Finder::new("*/>}}"),
            hugo_percent_escape_end: Finder::new("*/%}}"),
            jsx_comment_end: Finder::new("*/}"),
            html_comment_end: Finder::new("-->"),
            endhighlight: Finder::new("endhighlight"),
            endraw: Finder::new("endraw"),
            endcomment: Finder::new("endcomment"),
            hugo_highlight_end: Finder::new("/highlight"),
            terminal_end: Finder::new("</TerminalBlock"),
        }
    }
}

/// The warnings of one body, at most [`KEPT`] per code.
#[derive(Default)]
struct Warnings {
    kept: Vec<Diagnostic>,
    /// Per code: how many were not kept, and where the first of them was.
    over: HashMap<&'static str, (usize, usize, usize)>,
}

impl Warnings {
    fn finish(mut self, file: &Path) -> Vec<Diagnostic> {
        let mut over: Vec<_> = self.over.into_iter().collect();
        over.sort();
        for (code, (count, line, column)) in over {
            self.kept.push(
                Diagnostic::warning(format!(
                    "{count} more constructs like the {KEPT} above ({code}) are not listed"
                ))
                .code(code)
                .in_file(file)
                .at(line, column)
                .help("they are left as text or left out like the others"),
            );
        }
        self.kept
    }
}

/// One body being translated.
struct Translator<'a> {
    src: &'a str,
    file: &'a Path,
    body_line: usize,
    /// What is read next.
    pos: usize,
    out: String,
    /// The line of the body at `pos` (1-based) and where it starts.
    line: usize,
    line_start: usize,
    /// The line start whose rules were applied last.
    line_checked: usize,
    /// Lines written minus lines read: what later blank lines give back or take.
    drift: isize,
    code: Vec<scan::Code>,
    /// The first code range that ends after `pos`.
    next_code: usize,
    /// Starts of the code blocks, in order.
    blocks: Vec<usize>,
    blank: scan::BlankLines,
    find: Finders,
    /// JSX tags starting before this are not looked at: one that began earlier did
    /// not close, and its search went this far.
    jsx_tried_until: usize,
    stack: Vec<Open>,
    open: HashMap<OpenKey, usize>,
    warnings: Warnings,
    /// The last column found: line start, offset, characters before it.
    column: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Translator<'a> {
    fn new(src: &'a str, body_line: usize, file: &'a Path) -> Self {
        let code = scan::code_ranges(src);
        let blocks = code
            .iter()
            .filter(|c| c.block)
            .map(|c| c.range.start)
            .collect();
        Self {
            src,
            file,
            body_line,
            pos: 0,
            out: String::with_capacity(src.len() + src.len() / 16),
            line: 1,
            line_start: 0,
            line_checked: usize::MAX,
            drift: 0,
            code,
            next_code: 0,
            blocks,
            blank: scan::BlankLines::default(),
            find: Finders::new(),
            jsx_tried_until: 0,
            stack: Vec::new(),
            open: HashMap::new(),
            warnings: Warnings::default(),
            column: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    fn run(&mut self) {
        let b = self.src.as_bytes();
        while self.pos < b.len() {
            if self.pos == self.line_start && self.line_checked != self.pos {
                self.line_checked = self.pos;
                if self.line_start_rules() {
                    continue;
                }
            }
            let code = self.code_start();
            if code <= self.pos {
                self.copy_code();
                continue;
            }
            let stop = code.min(b.len());
            let at = b[self.pos..stop]
                .iter()
                .position(|&c| STOPS[usize::from(c)])
                .map_or(stop, |i| self.pos + i);
            self.out.push_str(&self.src[self.pos..at]);
            self.pos = at;
            if at == stop {
                continue;
            }
            let (mark, line) = (self.out.len(), self.line);
            let handled = match b[at] {
                b'\n' => {
                    self.out.push('\n');
                    self.consume(at + 1);
                    true
                }
                b'{' => self.brace(),
                b'<' => self.angle(),
                b'@' => self.zola_link(),
                b'\\' => {
                    // A backslash escape is the writer's: `\<Note>`, `\{{` stay text.
                    let next = b.get(at + 1).copied().unwrap_or(b'\n');
                    let len = if next.is_ascii_punctuation() { 2 } else { 1 };
                    self.out.push_str(&self.src[at..at + len]);
                    self.pos += len;
                    true
                }
                _ => {
                    // A marker byte typed by the writer (see `links`).
                    self.pos += 1;
                    true
                }
            };
            if handled {
                let written = self.out[mark..].bytes().filter(|&c| c == b'\n').count();
                self.drift += written as isize - (self.line - line) as isize;
            } else {
                self.out.push(char::from(b[at]));
                self.pos += 1;
            }
        }
        self.close_all();
        // Lines still owed are given back at the end, so that the body keeps its length.
        if self.drift < 0 {
            self.out
                .extend(std::iter::repeat_n('\n', self.drift.unsigned_abs()));
        }
    }

    fn brace(&mut self) -> bool {
        let b = &self.src.as_bytes()[self.pos..];
        match (b.get(1), b.get(2)) {
            (Some(b'{'), Some(b'<' | b'%')) => self.hugo(),
            (Some(b'{'), _) => self.liquid_output(),
            (Some(b'%'), _) => self.liquid_tag(),
            (Some(b'/'), Some(b'*')) => self.jsx_comment(),
            _ => false,
        }
    }

    fn angle(&mut self) -> bool {
        let b = &self.src.as_bytes()[self.pos..];
        if b.starts_with(b"<!--") {
            return self.html_comment();
        }
        match (b.get(1), b.get(2)) {
            (Some(c), _) if c.is_ascii_uppercase() => self.jsx_open(),
            (Some(b'/'), Some(c)) if c.is_ascii_uppercase() => self.jsx_close(),
            _ => false,
        }
    }

    /// Copies an HTML comment as it is: what it holds is not shown.
    fn html_comment(&mut self) -> bool {
        match self.find.html_comment_end.find(self.src, self.pos + 4) {
            Some(end) => {
                self.copy(end + 3);
                true
            }
            None => false,
        }
    }

    /// Rules for the start of a line: a blank line settles the drift; `import` and
    /// `export` may start an MDX statement. True when the line was dealt with.
    fn line_start_rules(&mut self) -> bool {
        let end = line_end(self.src, self.pos);
        let text = &self.src[self.pos..end];
        let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
        if self.code_start() <= self.pos + indent {
            return false;
        }
        if is_blank(text) {
            if end == self.src.len() {
                return false;
            }
            if self.drift < 0 {
                let owed = self.drift.unsigned_abs();
                self.out.extend(std::iter::repeat_n('\n', owed));
                self.drift = 0;
            } else if self.drift > 0 && self.out.ends_with("\n\n") {
                // A second blank line in a row says nothing more: it pays back a line
                // written earlier.
                self.consume(end + 1);
                self.drift -= 1;
                return true;
            }
            return false;
        }
        if indent == 0 && (text.starts_with("import") || text.starts_with("export")) {
            let (mark, line) = (self.out.len(), self.line);
            if self.esm() {
                let written = self.out[mark..].bytes().filter(|&c| c == b'\n').count();
                self.drift += written as isize - (self.line - line) as isize;
                return true;
            }
        }
        false
    }

    /// Where the next code span or block starts (at or before `pos` when `pos` is in
    /// one), or `usize::MAX`.
    fn code_start(&mut self) -> usize {
        while self
            .code
            .get(self.next_code)
            .is_some_and(|c| c.range.end <= self.pos)
        {
            self.next_code += 1;
        }
        self.code
            .get(self.next_code)
            .map_or(usize::MAX, |c| c.range.start)
    }

    /// Copies the code range at `pos` as it is (Hugo's escaped shortcodes aside).
    fn copy_code(&mut self) {
        let end = self.code[self.next_code].range.end;
        let mut at = self.pos;
        while let Some((open, angle)) =
            next_hugo_escape(&self.src[at..end]).map(|(i, a)| (at + i, a))
        {
            let finder = if angle {
                &mut self.find.hugo_angle_escape_end
            } else {
                &mut self.find.hugo_percent_escape_end
            };
            let Some(close) = finder.find(self.src, open + 5).filter(|&c| c + 5 <= end) else {
                break;
            };
            scan::push_clean(&mut self.out, &self.src[at..open]);
            hugo::push_unescaped(&mut self.out, &self.src[open..close + 5], angle);
            at = close + 5;
        }
        scan::push_clean(&mut self.out, &self.src[at..end]);
        self.consume(end);
    }

    /// Moves `pos` to `to`, counting the lines passed.
    fn consume(&mut self, to: usize) {
        let passed = &self.src[self.pos..to];
        if let Some(last) = passed.rfind('\n') {
            self.line += passed.bytes().filter(|&c| c == b'\n').count();
            self.line_start = self.pos + last + 1;
        }
        self.pos = to;
    }

    /// Copies the text from `pos` to `to` as it is.
    fn copy(&mut self, to: usize) {
        scan::push_clean(&mut self.out, &self.src[self.pos..to]);
        self.consume(to);
    }

    /// Where a tag starting at `from` must have ended: the next blank line or code
    /// block.
    fn bound(&mut self, from: usize) -> usize {
        let blank = self.blank.after(self.src, from);
        let i = self.blocks.partition_point(|&s| s <= from);
        blank.min(self.blocks.get(i).copied().unwrap_or(usize::MAX))
    }

    /// Leaves the construct from `pos` to `end` as text, with a warning.
    fn leave(&mut self, end: usize, message: String, help: &str) {
        self.warn(self.pos, FOREIGN, message, help);
        self.copy(end);
    }

    /// The line of the body and column of `at`. Columns are counted on from the last
    /// one asked for on the same line, so that asking along a long line reads it once.
    fn place(&self, at: usize) -> (usize, usize) {
        if at < self.line_start {
            return crate::error::line_col(self.src, at);
        }
        let (line_start, last, chars) = self.column.get();
        let (from, before) = if line_start == self.line_start && last <= at {
            (last, chars)
        } else {
            (self.line_start, 0)
        };
        let chars = before + self.src[from..at].chars().count();
        self.column.set((self.line_start, at, chars));
        (self.line, chars + 1)
    }

    /// A warning at `at` (a position on the current line, or before it).
    fn warn(&mut self, at: usize, code: &'static str, message: String, help: &str) {
        self.note(|t| t.place(at), code, message, help);
    }

    /// Keeps a warning, or counts it once [`KEPT`] of its code are kept (`place` is
    /// then only asked for the first one counted: finding a column reads its line).
    fn note(
        &mut self,
        place: impl FnOnce(&Self) -> (usize, usize),
        code: &'static str,
        message: String,
        help: &str,
    ) {
        let kept = self
            .warnings
            .kept
            .iter()
            .filter(|d| d.code == Some(code))
            .count();
        if kept >= KEPT {
            if let Some(over) = self.warnings.over.get_mut(code) {
                over.0 += 1;
            } else {
                let (line, column) = place(self);
                let line = self.body_line + line - 1;
                self.warnings.over.insert(code, (1, line, column));
            }
            return;
        }
        let (line, column) = place(self);
        let d = Diagnostic::warning(message)
            .code(code)
            .in_file(self.file)
            .at(self.body_line + line - 1, column)
            .help(help);
        self.warnings.kept.push(d);
    }

    /// Opens a container that a closing tag with `key` ends.
    fn push_open(&mut self, key: OpenKey, what: Opened) {
        let at = (self.line, self.line_start, self.pos);
        *self.open.entry(key.clone()).or_default() += 1;
        self.stack.push(Open { key, what, at });
    }

    /// Closes the innermost container with `key`, and any opened inside it that are
    /// still open; what it was, or None when none with `key` is open.
    fn pop_open(&mut self, key: &OpenKey) -> Option<Opened> {
        if self.open.get(key).copied().unwrap_or(0) == 0 {
            return None;
        }
        while let Some(open) = self.stack.pop() {
            if let Some(n) = self.open.get_mut(&open.key) {
                *n -= 1;
            }
            if open.key == *key {
                return Some(open.what);
            }
            self.unclosed(&open);
            if open.what == Opened::Callout {
                self.out.push_str("\n\n");
                self.out.push_str(embed::CALLOUT_CLOSE);
                self.out.push_str("\n\n");
            }
        }
        None
    }

    /// At the end of the body: closes what is still open.
    fn close_all(&mut self) {
        while let Some(open) = self.stack.pop() {
            self.unclosed(&open);
            if open.what == Opened::Callout {
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push('\n');
                self.out.push_str(embed::CALLOUT_CLOSE);
                self.out.push('\n');
            }
        }
    }

    fn unclosed(&mut self, open: &Open) {
        let (code, name) = match &open.key {
            OpenKey::Jsx(name) => (COMPONENT, format!("<{name}>")),
            OpenKey::Hugo(name) => (FOREIGN, format!("the shortcode {{{{< {name} >}}}}")),
            OpenKey::Zola if open.what == Opened::Callout => (FOREIGN, "the Zola shortcode".into()),
            OpenKey::Zola => return,
        };
        let (line, line_start, pos) = open.at;
        let src = self.src;
        self.note(
            |_| (line, src[line_start..pos].chars().count() + 1),
            code,
            format!("{name} is not closed"),
            "close it; it is taken to end here",
        );
    }
}

/// The first Hugo escaped shortcode opener (`{{</*` or `{{%/*`) in `s`: its offset,
/// and true for the `<` form.
fn next_hugo_escape(s: &str) -> Option<(usize, bool)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("{{").map(|i| from + i) {
        match s.as_bytes().get(i + 2..i + 5) {
            Some(b"</*") => return Some((i, true)),
            Some(b"%/*") => return Some((i, false)),
            _ => from = i + 1,
        }
    }
    None
}

/// A construct as shown in a message: its first line, at most 60 characters.
fn shown(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}
