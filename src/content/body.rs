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

/// MDX: drops `import`/`export` lines and component tags (`<Name ... />` or a
/// `<Name>`…`</Name>` block), warning for each component, since they need a
/// JavaScript runtime Bulletin does not have. Dropped lines become blank lines so
/// that line numbers stay right.
pub fn strip_mdx(body: &str, body_line: usize, file: &Path) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    let mut open_component: Option<String> = None;
    let mut statement_depth: i32 = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(name) = &open_component {
            if trimmed.starts_with(&format!("</{name}")) {
                open_component = None;
            }
            out.push_str(newline);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            out.push_str(line);
            continue;
        }
        if statement_depth > 0 {
            statement_depth += bracket_balance(line);
            out.push_str(newline);
            continue;
        }
        if trimmed.starts_with("import ") || trimmed.starts_with("export ") {
            // A statement may span lines (`import {\n  A,\n} from 'a';`): it goes
            // on while brackets are open.
            statement_depth = bracket_balance(line).max(0);
            out.push_str(newline);
            continue;
        }
        if let Some(name) = component_name(trimmed) {
            diags.push(
                Diagnostic::warning(format!("MDX component <{name}> is left out"))
                    .code("mdx-component")
                    .in_file(file)
                    .at(body_line + i, line.len() - line.trim_start().len() + 1)
                    .help("Bulletin renders Markdown and HTML only; replace the component with Markdown, or ignore this warning"),
            );
            let self_closing = trimmed.ends_with("/>");
            let closed_inline = trimmed.contains(&format!("</{name}"));
            if !self_closing && !closed_inline {
                open_component = Some(name);
            }
            out.push_str(newline);
            continue;
        }
        out.push_str(line);
    }
    (out, diags)
}

/// Opening minus closing brackets of a line of JavaScript (strings are not parsed:
/// enough for import and export statements).
fn bracket_balance(line: &str) -> i32 {
    line.chars()
        .map(|c| match c {
            '{' | '[' | '(' => 1,
            '}' | ']' | ')' => -1,
            _ => 0,
        })
        .sum()
}

/// `<ShowcaseSearch />` → `ShowcaseSearch`: a tag whose name starts with a capital
/// letter is a component in MDX (HTML tags are lowercase).
fn component_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix('<')?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(name)
}
