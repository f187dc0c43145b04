//! Code blocks as HTML, highlighted when their language is known.

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use super::html;
use crate::highlight::Budget;

/// One code block as one piece of HTML: `<pre tabindex="0">` (a block that scrolls
/// sideways must be reachable with the keyboard) around the code, highlighted at build
/// time ([`crate::highlight`]) when its language is known, escaped otherwise. `events`
/// run from the block's start to its end; `budget` is the post's allowance of code for
/// the fallback highlighter.
pub(super) fn code_block_html(events: &[Event<'_>], budget: &mut Budget) -> String {
    let lang = match events.first() {
        Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) => {
            info.split([' ', ',', '{']).next().unwrap_or("")
        }
        _ => "",
    };
    let mut code = String::new();
    for ev in events {
        if let Event::Text(t) = ev {
            code.push_str(t);
        }
    }
    let highlighted = crate::highlight::highlight_in(lang, &code, budget);
    let class = crate::highlight::canonical(lang).unwrap_or(lang);
    let mut out = String::with_capacity(code.len() * 2 + 64);
    html::open(&mut out, "pre").attr("tabindex", "0").close();
    let code_tag = html::open(&mut out, "code");
    if class.is_empty() {
        code_tag.close();
    } else {
        code_tag.attr_parts("class", &["language-", class]).close();
    }
    match highlighted {
        Some(h) => out.push_str(&h),
        None => html::escape_into(&mut out, &code),
    }
    out.push_str("</code></pre>\n");
    out
}
