//! The HTML that Markdown output gets from Bulletin itself (heading anchors, code
//! blocks, badges in [`crate::badges`]), written so that it is escaped by construction:
//! attribute names are literals, and every value and every piece of text goes through
//! the crate's one escaping function, [`escape_into`]. Nothing in `markdown` or
//! `badges` writes a `"` of its own around a value.

pub(crate) use crate::escape::escape_into;

/// A start tag being written: `open(out, "a").attr("href", url).close()` writes
/// `<a href="…">` with the value escaped.
pub(crate) struct StartTag<'o> {
    out: &'o mut String,
}

/// Starts the tag `name` (a literal).
pub(crate) fn open<'o>(out: &'o mut String, name: &'static str) -> StartTag<'o> {
    out.push('<');
    out.push_str(name);
    StartTag { out }
}

impl StartTag<'_> {
    /// Adds the attribute `name` (a literal) with `value`, escaped.
    pub(crate) fn attr(self, name: &'static str, value: &str) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(self.out, value);
        self.out.push('"');
        self
    }

    /// Adds the attribute `name` with the value made of `parts`, each escaped.
    pub(crate) fn attr_parts(self, name: &'static str, parts: &[&str]) -> Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        for part in parts {
            escape_into(self.out, part);
        }
        self.out.push('"');
        self
    }

    /// Ends the start tag.
    pub(crate) fn close(self) {
        self.out.push('>');
    }
}
