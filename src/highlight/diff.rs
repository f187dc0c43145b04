//! Unified diffs: headers, hunks, and inserted and deleted lines.

use super::emit::{Class, Lx};
use super::scan::{line_end, lines, sub};

pub(super) fn lex_diff(lx: &mut Lx<'_, '_>) {
    let s = lx.s;
    let mut prev_was_minus_header = false;
    for (a, b, _) in lines(s) {
        let line = sub(s, a, b);
        let next = sub(s, (b + 1).min(s.len()), line_end(s, (b + 1).min(s.len())));
        let minus_header = line.starts_with(b"--- ") && next.starts_with(b"+++ ");
        let class = if line.starts_with(b"@@")
            || minus_header
            || (prev_was_minus_header && line.starts_with(b"+++"))
            || [
                &b"diff "[..],
                b"index ",
                b"Index: ",
                b"====",
                b"new file mode",
                b"deleted file mode",
                b"old mode",
                b"new mode",
                b"similarity index",
                b"dissimilarity index",
                b"rename from",
                b"rename to",
                b"copy from",
                b"copy to",
                b"Binary files",
            ]
            .iter()
            .any(|p| line.starts_with(p))
        {
            Some(Class::Meta)
        } else {
            match line.first() {
                Some(b'+') => Some(Class::Inserted),
                Some(b'-') => Some(Class::Deleted),
                Some(b'\\') => Some(Class::Comment),
                _ => None,
            }
        };
        prev_was_minus_header = minus_header;
        lx.to(a);
        if let Some(class) = class {
            lx.tok(class, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::tests::has;

    #[test]
    fn diff() {
        has(
            "diff",
            "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n--- removed dashes\n context\n",
            &[
                ("meta", "diff --git a/x b/x"),
                ("meta", "--- a/x"),
                ("meta", "+++ b/x"),
                ("meta", "@@ -1,2 +1,2 @@"),
                ("deleted", "-old"),
                ("inserted", "+new"),
                ("deleted", "--- removed dashes"),
            ],
        );
    }
}
