//! How findings are printed: for people, as one JSON document, or as GitHub Actions
//! workflow commands (annotations on a pull request).

use crate::error::{Diagnostic, Severity};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: error[code]: message`, with hints.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// The findings as `format` prints them.
pub fn format(findings: &[Diagnostic], format: Format) -> String {
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    match format {
        Format::Human => {
            let mut out = String::new();
            for d in findings {
                out.push_str(&d.to_string());
                out.push('\n');
            }
            out.push_str(&format!(
                "check: {errors} error{}, {warnings} warning{}\n",
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            ));
            out
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = findings
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "code": d.code.unwrap_or("build"),
                        "severity": if d.is_error() { "error" } else { "warning" },
                        "file": d.file.as_ref().map(|f| f.display().to_string()),
                        "line": d.line,
                        "column": d.column,
                        "message": d.message,
                        "help": d.help,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "findings": items,
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            )
        }
        Format::Github => {
            let mut out = String::new();
            for d in findings {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let mut props = Vec::new();
                if let Some(f) = &d.file {
                    props.push(format!("file={}", gh_property(&f.display().to_string())));
                }
                if let Some(l) = d.line {
                    props.push(format!("line={l}"));
                }
                if let Some(c) = d.column {
                    props.push(format!("col={c}"));
                }
                props.push(format!("title={}", gh_property(d.code.unwrap_or("build"))));
                let mut message = d.message.clone();
                if let Some(h) = &d.help {
                    message.push_str(&format!("\nhelp: {h}"));
                }
                out.push_str(&format!(
                    "::{level} {}::{}\n",
                    props.join(","),
                    gh_data(&message)
                ));
            }
            out
        }
    }
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        let d = Diagnostic::error("a, b: 100%\nc")
            .in_file("content/a,b.md")
            .at(3, 4)
            .code("broken-link")
            .help("fix");
        assert_eq!(
            format(&[d], Format::Github),
            "::error file=content/a%2Cb.md,line=3,col=4,title=broken-link::a, b: 100%25%0Ac%0Ahelp: fix\n"
        );
    }
}
