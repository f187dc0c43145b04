//! Code blocks as HTML, highlighted when their language is known, and the escaping of
//! text for HTML.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

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
        html.push_str("<pre tabindex=\"0\"><code");
        if !class.is_empty() {
            html.push_str(" class=\"language-");
            escape_into(&mut html, class);
            html.push('"');
        }
        html.push('>');
        match highlighted {
            Some(h) => html.push_str(&h),
            None => escape_into(&mut html, &code),
        }
        html.push_str("</code></pre>\n");
        let end = j.min(events.len() - 1);
        events.splice(i..=end, std::iter::once(Event::Html(CowStr::from(html))));
        i += 1;
    }
}

/// Appends `text` to `out`, escaped for HTML text and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
