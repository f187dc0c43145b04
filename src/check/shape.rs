//! Findings about how a post is put together: hand-written HTML that does not hold
//! together (`broken-html`) and headings that skip a level (`heading-skip`), each at
//! the line where it is written.

use super::facts::Facts;
use crate::error::Diagnostic;
use crate::html::Problem;
use crate::site::Site;

/// The shape findings of every post, from what its Markdown holds (`facts[i]` of
/// `site.posts[i]`).
pub(super) fn shape_findings(site: &Site, facts: &[Facts], diags: &mut Vec<Diagnostic>) {
    for (sp, f) in site.posts.iter().zip(facts) {
        let file = &sp.post.file;
        for (problem, line, column) in &f.broken_html {
            let (message, help) = match problem {
                Problem::Unclosed(name, _) => (
                    format!("<{name}> is never closed"),
                    format!(
                        "close it with </{name}> where it ends, or write &lt;{name}&gt; if it is meant as text"
                    ),
                ),
                Problem::Stray(name, _) => (
                    format!("</{name}> closes nothing that is open"),
                    "remove it, or add the start tag it closes".to_string(),
                ),
                Problem::Unknown(name, _) => (
                    format!(
                        "<{name}> is not an element of HTML: browsers hide it, and the text after it shows without it"
                    ),
                    format!(
                        "put it in backticks (`<{name}>`) or write &lt;{name}&gt; to show it as text"
                    ),
                ),
                Problem::Doctype(_) => (
                    "<!DOCTYPE> inside a post: it belongs at the top of a page, not in a body"
                        .to_string(),
                    "remove it, or put it in backticks to show it as text".to_string(),
                ),
            };
            diags.push(
                Diagnostic::warning(message)
                    .code("broken-html")
                    .in_file(file)
                    .at(*line, *column)
                    .help(help),
            );
        }
        // The page's title is its one level-1 heading.
        let mut previous = 1;
        for &(level, line, column) in &f.headings {
            if level > previous + 1 {
                let skipped = if level == previous + 2 {
                    format!("level {} is skipped", previous + 1)
                } else {
                    format!("levels {} to {} are skipped", previous + 1, level - 1)
                };
                diags.push(
                    Diagnostic::warning(format!(
                        "a level-{level} heading follows a level-{previous} one: {skipped}"
                    ))
                    .code("heading-skip")
                    .in_file(file)
                    .at(line, column)
                    .help(format!(
                        "write it as {} (screen readers move through a page by heading level)",
                        "#".repeat(usize::from(previous) + 1)
                    )),
                );
            }
            previous = level;
        }
    }
}
