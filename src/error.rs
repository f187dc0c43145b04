//! Diagnostics: every problem a user can cause, with the file, line and column it
//! comes from and a hint saying what to do.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a list and go
//! on with the next file, so one run reports everything at once. Printing is
//! compiler style (`path:line:col: error: message`), which editors can follow.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail the build, warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build cannot go on; exit status 1.
    Error,
    /// Something looks wrong but the output is still complete.
    Warning,
}

/// One located finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file it is about, as the user would type it (source folder joined with the
    /// file's path inside it), if it is about a file.
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The kind of finding (`broken-link`, `image-alt`…), which `bulletin check`
    /// reports and a site can silence; None for problems only `build` reports.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// An error not (yet) tied to a file.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    /// A warning not (yet) tied to a file.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Ties the finding to a file.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Ties the finding to a line and column of its file.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        self
    }

    /// Names the kind of finding.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds a hint saying what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An error for a failed file system operation on `path`.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Self::error(format!("cannot {action}: {err}")).in_file(path)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.code {
            Some(code) => write!(f, "{level}[{code}]: {}", self.message)?,
            None => write!(f, "{level}: {}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every finding code of `bulletin check` that is not a build error (the ones
/// `check.ignore` in bulletin.yaml can name).
pub const CODES: [&str; 31] = [
    "broken-link",
    "broken-anchor",
    "missing-image",
    "author-missing",
    "duplicate-title",
    "duplicate-slug",
    "front-matter-typo",
    "future-date",
    "updated-before-published",
    "description-missing",
    "description-long",
    "image-alt",
    "empty-link",
    "empty-heading",
    "mdx-component",
    "foreign-syntax",
    "control-character",
    "case-collision",
    "template-link",
    "redirect-target",
    "redirect-chain",
    "redirect-shadow",
    "feed-invalid",
    "sitemap-invalid",
    "external-link",
    "external-anchor",
    "url-changed",
    "guid-changed",
    "post-removed",
    "lock",
    "release",
];

/// Gives the findings pushed since index `from` the code `code`, where they have none:
/// a stage's default kind of finding.
pub fn default_code(diags: &mut [Diagnostic], from: usize, code: &'static str) {
    for d in diags.iter_mut().skip(from) {
        d.code.get_or_insert(code);
    }
}

/// Sorts findings so output is deterministic: by file, line, column, then message.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// Findings that differ only in their file, such as the same I/O error on every file
/// of a build when the disk is full, become one: located at the first file, with the
/// count in the message and the next few files in the help. Others are kept as they
/// are, in order.
pub fn summarize(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    /// Up to this many alike findings are all shown.
    const KEEP: usize = 3;
    type Cause = (Severity, Option<&'static str>, String, Option<String>);
    let mut groups: std::collections::HashMap<Cause, Vec<Diagnostic>> = Default::default();
    let mut order: Vec<Cause> = Vec::new();
    for d in diags {
        let cause = (d.severity, d.code, d.message.clone(), d.help.clone());
        let group = groups.entry(cause.clone()).or_default();
        if group.is_empty() {
            order.push(cause);
        }
        group.push(d);
    }
    let mut out = Vec::new();
    for cause in order {
        let mut group = groups.remove(&cause).unwrap_or_default();
        if group.len() <= KEEP || group.iter().any(|d| d.line.is_some()) {
            out.extend(group);
            continue;
        }
        let count = group.len();
        let next: Vec<String> = (group.iter().skip(1).take(KEEP))
            .filter_map(|d| d.file.as_ref().map(|f| f.display().to_string()))
            .collect();
        let mut first = group.swap_remove(0);
        first.message = format!("{} (the same for {count} files)", first.message);
        let also = format!(
            "also {}{}",
            next.join(", "),
            if count > KEEP + 1 {
                format!(" and {} more", count - 1 - next.len())
            } else {
                String::new()
            }
        );
        first.help = Some(match first.help {
            Some(help) => format!("{help}; {also}"),
            None => also,
        });
        out.push(first);
    }
    out
}

/// Turns a byte offset in `text` into a 1-based (line, column), column counted in
/// characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("invalid date '2024-02-30'")
            .in_file("content/posts/x/index.md")
            .at(3, 14)
            .help("use YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "content/posts/x/index.md:3:14: error: invalid date '2024-02-30'\n  = help: use YYYY-MM-DD"
        );
        assert_eq!(Diagnostic::warning("w").to_string(), "warning: w");
    }

    #[test]
    fn alike_findings_are_summarized() {
        let full = |i: usize| {
            Diagnostic::error("cannot write: No space left on device (os error 28)")
                .in_file(format!("out/{i}.html"))
        };
        let mut diags: Vec<Diagnostic> = (0..31_830).map(full).collect();
        diags.insert(1, Diagnostic::error("other").in_file("x"));
        diags.push(Diagnostic::error("located").in_file("a.md").at(1, 1));
        diags.push(Diagnostic::error("located").in_file("b.md").at(2, 1));
        let out = summarize(diags);
        assert_eq!(out.len(), 4, "{out:#?}");
        assert_eq!(
            out[0].to_string(),
            "out/0.html: error: cannot write: No space left on device (os error 28) (the same \
             for 31830 files)\n  = help: also out/1.html, out/2.html, out/3.html and 31826 more"
        );
        assert_eq!(out[1].message, "other");
        assert_eq!(out[2].file.as_deref(), Some(Path::new("a.md")));
        let few: Vec<Diagnostic> = (0..3).map(full).collect();
        assert_eq!(summarize(few.clone()), few);
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\nçd", 5), (2, 2));
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("abc", 99), (1, 4));
    }
}
