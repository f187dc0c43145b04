//! Custom containers of VuePress, VitePress and Docusaurus: a line `::: warning Title`
//! (or `:::tip`) opens one and a line `:::` closes it. A callout kind becomes a callout
//! aside, `details` a `<details>` element with the title as its summary, and any other
//! kind a note, with a located warning. Fenced code is never read.
//!
//! A line that only asks for a table of contents (`[[toc]]`, `[TOC]`, `${toc}`, as
//! markdown-it and Python-Markdown plugins read them, and kramdown's `{:toc}` under its
//! list item) becomes a blank line: a post's page has its table of contents already.
//!
//! The opening line becomes the aside's opening tags and a blank line (the Markdown
//! inside must start a block of its own), the closing line the closing tag and a blank
//! line (the Markdown after it too). So that later lines keep their numbers, each blank
//! line this adds takes the place of one the writer left beside it: the one before, or
//! a second blank line later on. A container written with no blank line around it
//! moves the lines after it down by one.

use std::path::Path;

use super::embed::{CALLOUT_CLOSE, callout_open, callout_type, typed};
use super::{FOREIGN, KEPT};
use crate::error::Diagnostic;
use crate::markdown::html::escape_into;

/// True when `body` may hold a container (a line starting with `:::`) or a table of
/// contents marker.
pub(super) fn may_hold(body: &str) -> bool {
    let bytes = body.as_bytes();
    // `:::` after at most three spaces at a line's start (a container in a list item).
    memchr::memmem::find_iter(bytes, b":::").any(|i| {
        let line = body[..i].rfind('\n').map_or(0, |n| n + 1);
        i - line <= 3 && bytes[line..i].iter().all(|&b| b == b' ')
    }) || memchr::memchr2_iter(b']', b'}', bytes)
        .any(|i| i >= 2 && bytes[i - 2..i].eq_ignore_ascii_case(b"oc"))
}

/// Whether a line (without its indentation and line end) only asks for a table of
/// contents: `[[toc]]`, `[toc]`, `${toc}` in any case. kramdown's `{:toc}` is
/// [`KRAMDOWN_TOC`].
fn asks_for_toc(text: &str) -> bool {
    let t = text.trim_end().to_ascii_lowercase();
    matches!(t.as_str(), "[[toc]]" | "[toc]" | "${toc}")
}

/// kramdown's table of contents: this line under a one-item list (`* TOC`).
const KRAMDOWN_TOC: &str = "{:toc}";

/// What an open container ends with.
enum Close {
    Aside,
    Details,
}

/// Rewrites the containers of `body` (its first line is line `body_line` of `file`),
/// warning about kinds it does not know and containers left open (at most [`KEPT`]).
pub(super) fn translate(body: &str, body_line: usize, file: &Path) -> (String, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut warn = |line: usize, column: usize, message: String, help: &str| {
        if warnings.len() < KEPT {
            warnings.push(
                Diagnostic::warning(message)
                    .code(FOREIGN)
                    .in_file(file)
                    .at(line, column)
                    .help(help),
            );
        }
    };
    let mut out = String::with_capacity(body.len() + 64);
    let mut open: Vec<(Close, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // Lines added and not yet taken back; whether the last line written is blank.
    let mut owed = 0;
    let mut blank = false;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let text = trimmed.trim_start_matches(' ');
        let indent = trimmed.len() - text.len();
        // Fenced code: copied as it is, up to its closing fence.
        let run = |c: u8| text.bytes().take_while(|&b| b == c).count();
        if let Some((c, n)) = fence {
            if indent < 4 && run(c) >= n && text.trim_end().bytes().all(|b| b == c) {
                fence = None;
            }
            out.push_str(line);
            blank = false;
            continue;
        }
        if indent < 4
            && let Some(c) = [b'`', b'~'].into_iter().find(|&c| run(c) >= 3)
        {
            fence = Some((c, run(c)));
            out.push_str(line);
            blank = false;
            continue;
        }
        let newline = &line[trimmed.len()..];
        let newline = if newline.is_empty() { "\n" } else { newline };
        // A line of tags followed by a blank line, in place of the blank line before
        // when there is one.
        let pad = &trimmed[..indent];
        let mut tags_and_blank = |out: &mut String, write: &dyn Fn(&mut String)| {
            if blank {
                // The one blank line written last goes.
                let body = out.strip_suffix('\n').unwrap_or(out);
                let last = body.rfind('\n').map_or(0, |i| i + 1);
                out.truncate(last);
            } else {
                owed += 1;
            }
            // As indented as the `:::`, so a container in a list item stays in it.
            out.push_str(pad);
            write(out);
            out.push_str(newline);
            out.push_str(newline);
        };
        match text.strip_prefix(":::").filter(|_| indent < 4) {
            Some(rest) if rest.trim().is_empty() && !open.is_empty() => {
                let (close, _) = open.pop().unwrap_or((Close::Aside, 0));
                tags_and_blank(&mut out, &|out| {
                    out.push_str(match close {
                        Close::Aside => CALLOUT_CLOSE,
                        Close::Details => "</details>",
                    })
                });
                blank = true;
            }
            Some(rest) if !rest.trim().is_empty() && !rest.starts_with(':') => {
                let rest = rest.trim();
                let (kind, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let title = (!title.trim().is_empty()).then_some(title.trim());
                if kind.eq_ignore_ascii_case("details") {
                    tags_and_blank(&mut out, &|out| {
                        out.push_str("<details><summary>");
                        escape_into(out, title.unwrap_or("Details"));
                        out.push_str("</summary>");
                    });
                    open.push((Close::Details, i));
                } else {
                    let callout = callout_type(kind).unwrap_or_else(|| {
                        warn(
                            body_line + i,
                            indent + 1,
                            format!("container kind `{kind}` is not known; it is shown as a note"),
                            "use note, tip, info, warning, danger or details",
                        );
                        typed(None)
                    });
                    tags_and_blank(&mut out, &|out| callout_open(out, callout, title));
                    open.push((Close::Aside, i));
                }
                blank = true;
            }
            _ if indent < 4 && asks_for_toc(text) => {
                out.push_str(newline);
                blank = true;
            }
            _ if indent < 4 && text.trim_end() == KRAMDOWN_TOC => {
                // Its list item, the line before, goes too.
                let kept = out.trim_end_matches(['\n', '\r']).len();
                let item = out[..kept].rfind('\n').map_or(0, |i| i + 1);
                let item_text = out[item..kept].trim_start();
                let right_above = out[kept..].matches('\n').count() == 1;
                if right_above
                    && (item_text.starts_with(['*', '-', '+']) || item_text.starts_with("1."))
                {
                    out.truncate(item);
                    out.push_str(newline);
                }
                out.push_str(newline);
                blank = true;
            }
            // A second blank line takes back a line added before.
            _ if owed > 0 && blank && text.trim().is_empty() => owed -= 1,
            _ => {
                out.push_str(line);
                blank = text.trim().is_empty();
            }
        }
    }
    for (close, at) in open.into_iter().rev() {
        warn(
            body_line + at,
            1,
            "this container is not closed; it ends with the post".to_string(),
            "close it with a line `:::`",
        );
        out.push('\n');
        out.push_str(match close {
            Close::Aside => CALLOUT_CLOSE,
            Close::Details => "</details>",
        });
        out.push('\n');
    }
    (out, warnings)
}
