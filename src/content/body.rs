//! A post's Markdown before it is rendered: what Bulletin takes out of it.

use std::path::Path;

use crate::error::Diagnostic;

/// Leaves out the characters XML 1.0 forbids (controls other than tab and line ends,
/// U+FFFE, U+FFFF): they draw nothing on a page and would make the feeds unreadable.
/// A warning names the first one's line, so that a stray character is noticed.
pub fn drop_forbidden(body: String, body_line: usize, file: &Path) -> (String, Option<Diagnostic>) {
    let Some((at, c)) = crate::escape::forbidden_char(&body) else {
        return (body, None);
    };
    let (line, column) = crate::error::line_col(&body, at);
    let count = body
        .chars()
        .filter(|&c| !crate::escape::is_xml_char(c))
        .count();
    let warning = Diagnostic::warning(format!(
        "the character U+{:04X}{} left out: feeds cannot carry {}",
        u32::from(c),
        if count > 1 {
            format!(" and {} more like it are", count - 1)
        } else {
            " is".to_string()
        },
        if count > 1 { "them" } else { "it" },
    ))
    .code("control-character")
    .in_file(file)
    .at(body_line + line - 1, column)
    .help("delete it; most editors do not show it");
    (
        crate::escape::drop_forbidden(&body).into_owned(),
        Some(warning),
    )
}
