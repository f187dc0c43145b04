//! What `bulletin new --from` prints: the new file's path first (alone on its line, for
//! scripts), then where it came from, what it did to the front matter, each line where
//! the old version was replaced, and each line a human must check, as `file:line:
//! what`, which editors and terminals open at the line. Lines are lines of the new
//! file.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::error::Diagnostic;

/// At most this many lines of replacements are listed (all are counted).
const MAX_CHANGED_LINES: usize = 40;

/// Something to say about one line of the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line, from 1.
    pub line: usize,
    /// What is there.
    pub text: String,
}

/// What `bulletin new --from` did.
#[derive(Debug, Clone)]
pub struct FromReport {
    /// The new post's file, as shown.
    pub path: PathBuf,
    /// The post it was made from, as shown.
    pub from: PathBuf,
    /// The version that post announces.
    pub old: String,
    /// The version the new post announces.
    pub new: String,
    /// Why the new version was proposed, when it was not given.
    pub proposed: Option<String>,
    /// Each replacement: (line, old text, new text).
    pub changes: Vec<(usize, String, String)>,
    /// What was done to the front matter.
    pub notes: Vec<String>,
    /// The lines to check.
    pub checks: Vec<Line>,
    /// Warnings (a new version older than the old one), for standard error.
    pub warnings: Vec<Diagnostic>,
}

impl FromReport {
    /// The report as printed on standard output.
    pub fn text(&self) -> String {
        let file = self.path.display();
        let mut out = format!("{file}\n");
        let _ = write!(
            out,
            "from {}: {} → {}",
            self.from.display(),
            self.old,
            self.new
        );
        match &self.proposed {
            Some(why) => {
                let _ = writeln!(out, " (no VERSION given: {why})");
            }
            None => out.push('\n'),
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "front matter: {}", self.notes.join("; "));
        }

        // Replacements, one line of the file each: `a → b`, `c → d (2×)`.
        let mut by_line: Vec<(usize, Vec<(String, usize)>)> = Vec::new();
        for (line, old, new) in &self.changes {
            let pair = format!("{old} → {new}");
            if by_line.last().is_none_or(|(l, _)| l != line) {
                by_line.push((*line, Vec::new()));
            }
            if let Some((_, pairs)) = by_line.last_mut() {
                match pairs.iter_mut().find(|(p, _)| *p == pair) {
                    Some((_, n)) => *n += 1,
                    None => pairs.push((pair, 1)),
                }
            }
        }
        let _ = writeln!(
            out,
            "replaced {} on {}:",
            plural(self.changes.len(), "mention"),
            plural(by_line.len(), "line")
        );
        for (line, pairs) in by_line.iter().take(MAX_CHANGED_LINES) {
            let said: Vec<String> = (pairs.iter())
                .map(|(p, n)| {
                    if *n > 1 {
                        format!("{p} ({n}×)")
                    } else {
                        p.clone()
                    }
                })
                .collect();
            let _ = writeln!(out, "{file}:{line}: {}", said.join(", "));
        }
        if by_line.len() > MAX_CHANGED_LINES {
            let _ = writeln!(
                out,
                "… and {} more lines",
                by_line.len() - MAX_CHANGED_LINES
            );
        }

        // Checks, one line of the file each, in order.
        let mut checks = self.checks.clone();
        checks.sort_by_key(|c| c.line);
        let mut merged: Vec<(usize, Vec<&str>)> = Vec::new();
        for c in &checks {
            if merged.last().is_none_or(|(l, _)| *l != c.line) {
                merged.push((c.line, Vec::new()));
            }
            if let Some((_, whys)) = merged.last_mut()
                && !whys.contains(&c.text.as_str())
            {
                whys.push(&c.text);
            }
        }
        if merged.is_empty() {
            out.push_str(
                "nothing to check was found (the heuristics read English); read it through\n",
            );
        } else {
            let _ = writeln!(
                out,
                "to check ({}, found by heuristics that read English):",
                plural(merged.len(), "line")
            );
            for (line, whys) in &merged {
                let _ = writeln!(out, "{file}:{line}: {}", whys.join("; "));
            }
        }
        let _ = writeln!(
            out,
            "links naming {} lead nowhere until it is out: `bulletin check --external` tells",
            self.new
        );
        out
    }
}

/// `1 line`, `2 lines`.
fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
