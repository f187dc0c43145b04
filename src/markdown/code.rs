//! Code blocks as HTML, highlighted when their language is known.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::html;

/// Writes each code block as one piece of HTML: `<pre tabindex="0">` (a block that
/// scrolls sideways must be reachable with the keyboard) around the code, highlighted
/// at build time ([`crate::highlight`]) when its language is known, escaped otherwise.
pub(super) fn render_code_blocks(events: &mut Vec<Event<'_>>) {
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &events[i] else {
            i += 1;
            continue;
        };
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split([' ', ',', '{']).next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => String::new(),
        };
        let mut j = i + 1;
        let mut code = String::new();
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
            if let Event::Text(t) = &events[j] {
                code.push_str(t);
            }
            j += 1;
        }
        let highlighted = crate::highlight::highlight(&lang, &code);
        let class = crate::highlight::canonical(&lang).unwrap_or(&lang);
        let mut html = String::with_capacity(code.len() * 2 + 64);
        html::open(&mut html, "pre").attr("tabindex", "0").close();
        let code_tag = html::open(&mut html, "code");
        if class.is_empty() {
            code_tag.close();
        } else {
            code_tag.attr_parts("class", &["language-", class]).close();
        }
        match highlighted {
            Some(h) => html.push_str(&h),
            None => html::escape_into(&mut html, &code),
        }
        html.push_str("</code></pre>\n");
        let end = j.min(events.len() - 1);
        events.splice(i..=end, std::iter::once(Event::Html(CowStr::from(html))));
        i += 1;
    }
}
