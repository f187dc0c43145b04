//! A post's Markdown before it is rendered: what Bulletin takes out of it.

use std::path::Path;

use crate::error::Diagnostic;
use crate::fsutil::Fence;

/// Where a post's Markdown is in its file, for a build that reads it again when it
/// renders the post rather than holding the text of every post until then: a large
/// site's text is most of what a build would hold (344 MB for 100,000 posts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFile {
    /// Where the body starts (it runs to the end of the file).
    start: usize,
    /// The file's length and hash, as first read: a file changed since is refused,
    /// so that a page never shows text its listing's card was not made from.
    len: usize,
    hash: u64,
}

impl InFile {
    /// Where `body` is in `text`, the file it was read from: None unless the body is
    /// the file's text from some point to its end, as written (nothing was left out or
    /// translated, and no link was resolved in it).
    pub fn find(text: &str, body: &str) -> Option<Self> {
        text.ends_with(body).then(|| Self {
            start: text.len() - body.len(),
            len: text.len(),
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        })
    }

    /// Reads the body again from `path` (shown as `shown`) through `fence`. A file
    /// that changed since it was first read is an error: the build would mix its two
    /// versions.
    pub fn read(&self, fence: &Fence, path: &Path, shown: &Path) -> Result<String, Diagnostic> {
        let mut text = fence
            .read_to_string(path)
            .map_err(|e| e.diagnostic("read the post", shown))?;
        if text.len() != self.len || xxhash_rust::xxh3::xxh3_64(text.as_bytes()) != self.hash {
            return Err(
                Diagnostic::error("the post changed while the site was being built")
                    .code("changed-during-build")
                    .in_file(shown)
                    .help("build again once the file is saved"),
            );
        }
        text.drain(..self.start);
        Ok(text)
    }
}

/// A post's Markdown as the renderer gets it.
#[derive(Debug)]
pub enum Markdown {
    /// The text.
    Text(String),
    /// Left in the post's file, to be read when the post is rendered.
    InFile(InFile),
}

/// Leaves out the characters XML 1.0 forbids (controls other than tab and line ends,
/// U+FFFE, U+FFFF): they draw nothing on a page and would make the feeds unreadable.
/// A terminal's colour and cursor codes (`ESC [ 1 ; 32 m`, pasted from a terminal into
/// a code block) are left out whole, not only their ESC. A warning names the first
/// one's line, so that a stray character is noticed.
pub fn drop_forbidden(body: String, body_line: usize, file: &Path) -> (String, Option<Diagnostic>) {
    let Some((at, c)) = crate::escape::forbidden_char(&body) else {
        return (body, None);
    };
    let (line, column) = crate::error::line_col(&body, at);
    let mut out = String::with_capacity(body.len());
    let (mut codes, mut others) = (0, 0);
    let mut rest = &body[..];
    while let Some((at, c)) = crate::escape::forbidden_char(rest) {
        out.push_str(&rest[..at]);
        let after = &rest[at + c.len_utf8()..];
        match (c == ESC).then(|| terminal_code(after)).flatten() {
            Some(len) => {
                codes += 1;
                rest = &after[len..];
            }
            None => {
                others += 1;
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let what = match (codes, others) {
        (0, 1) => format!("the character U+{:04X} is left out", u32::from(c)),
        (0, n) => format!(
            "the character U+{:04X} and {} more like it are left out",
            u32::from(c),
            n - 1
        ),
        (1, 0) => "a terminal colour code (ESC [ … m) is left out".to_string(),
        (n, 0) => format!("{n} terminal colour codes (ESC [ … m) are left out"),
        (n, m) => format!(
            "{n} terminal colour code{} (ESC [ … m) and {m} other control character{} are left out",
            if n == 1 { "" } else { "s" },
            if m == 1 { "" } else { "s" },
        ),
    };
    let warning = Diagnostic::warning(format!("{what}: pages and feeds cannot show them"))
        .code("control-character")
        .in_file(file)
        .at(body_line + line - 1, column)
        .help(if codes > 0 {
            "paste the output without colours (`| ansi strip` in Nu, `NO_COLOR=1`, `--color never`)"
        } else {
            "delete it; most editors do not show it"
        });
    (out, Some(warning))
}

const ESC: char = '\u{1b}';

/// The length of the terminal code that `after` starts with, just after an ESC; None
/// when it is not one. Two kinds are pasted from terminals: colours and cursor moves
/// (CSI: `[`, digits and `;`, one of the letters those use), and links (OSC 8: `]`,
/// up to BEL or ESC `\`). Anything else loses only its ESC, so `ESC[Important` keeps
/// its text.
fn terminal_code(after: &str) -> Option<usize> {
    let bytes = after.as_bytes();
    match bytes.first() {
        Some(b'[') => {
            let params = bytes[1..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || matches!(b, b';' | b'?'))
                .count();
            let last = bytes.get(1 + params)?;
            b"mKJHABCDGfhl".contains(last).then_some(params + 2)
        }
        Some(b']') => {
            // It ends at the next BEL or ESC `\`; the search stops at the next ESC
            // either way, so no byte is looked at twice.
            let end = 1 + memchr::memchr2(0x07, 0x1b, &bytes[1..])?;
            match bytes[end] {
                0x07 => Some(end + 1),
                _ => (bytes.get(end + 1) == Some(&b'\\')).then_some(end + 2),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drop(text: &str) -> (String, String) {
        let (out, warning) = drop_forbidden(text.to_string(), 3, Path::new("p.md"));
        let w = warning.unwrap();
        let place = format!("{}:{}", w.line.unwrap_or(0), w.column.unwrap_or(0));
        (out, format!("{place} {}", w.message))
    }

    #[test]
    fn a_body_left_in_its_file_is_read_again_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        let text = "---\ntitle: T\n---\n\nBody *text*.\n";
        std::fs::write(&path, text).unwrap();
        let body = &text[text.find("\nBody").unwrap()..];
        let at = InFile::find(text, body).unwrap();
        let fence = Fence::new(dir.path());
        assert_eq!(at.read(&fence, &path, Path::new("p.md")).unwrap(), body);
        // A body Bulletin changed is not the file's: it is kept in memory.
        assert_eq!(InFile::find(text, "Body text.\n"), None);
        // A file changed since, even to the same length, is refused by name.
        std::fs::write(&path, text.replace("text", "TEXT")).unwrap();
        let e = at.read(&fence, &path, Path::new("p.md")).unwrap_err();
        assert_eq!(e.code, Some("changed-during-build"));
        assert_eq!(e.file.as_deref(), Some(Path::new("p.md")));
        std::fs::write(&path, format!("{text}more\n")).unwrap();
        assert!(at.read(&fence, &path, Path::new("p.md")).is_err());
    }

    #[test]
    fn terminal_colour_codes_are_left_out_whole() {
        assert_eq!(
            drop("```ansi\n\u{1b}[1m\u{1b}[32m0\u{1b}[22m\u{1b}[39m ok\u{1b}[0m\n```\n"),
            (
                "```ansi\n0 ok\n```\n".to_string(),
                "4:1 5 terminal colour codes (ESC [ … m) are left out: pages and feeds cannot show them"
                    .to_string()
            )
        );
        // Links, and what only looks like a code.
        assert_eq!(
            drop(
                "\u{1b}]8;;http://x.org\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{1b}[Important \u{1b}[```"
            )
            .0,
            "link [Important [```"
        );
        // An ESC not starting a code, and other controls, lose only themselves.
        assert_eq!(
            drop("a\u{1b}b\u{7}c\u{1b}[1"),
            (
                "abc[1".to_string(),
                "3:2 the character U+001B and 2 more like it are left out: pages and feeds cannot show them"
                    .to_string()
            )
        );
        assert_eq!(
            drop("x\u{1b}[2J\u{0}").1,
            "3:2 1 terminal colour code (ESC [ … m) and 1 other control character are left out: pages and feeds cannot show them"
        );
        assert_eq!(drop_forbidden("plain".into(), 1, Path::new("p")).0, "plain");
    }
}
