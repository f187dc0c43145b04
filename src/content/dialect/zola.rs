//! Zola: internal links (`[x](@/news/x.md#anchor)`) link to the post; shortcodes
//! `{{ youtube(id="…") }}`, `{{ vimeo(id="…") }}` and `{{ gist(url="…") }}` become
//! links to what they embed, and body shortcodes of callouts
//! (`{% note() %}`…`{% end %}`, `{% admonition(type="tip") %}`…) asides. Other
//! shortcodes are left as text with a warning (a body shortcode's `{% end %}` too,
//! without a second warning).

use super::embed::{self, CalloutName};
use super::{OpenKey, Opened, Translator, links, shown};

const HELP: &str = "Bulletin does not run Zola shortcodes; write Markdown or HTML instead";

/// `name(args)` → (name, args) when `s` is a call of a shortcode.
pub(super) fn call(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let name = s[..open].trim_end();
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let args = s[open + 1..].strip_suffix(')')?;
    valid.then_some((name, args))
}

/// The named arguments of a call: `id="x", n=3` → [("id", "x"), ("n", "3")].
fn args(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let value = rest[eq + 1..].trim_start();
        let (value, after) = match value.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => match value[1..].find(q) {
                Some(i) => (&value[1..=i], &value[i + 2..]),
                None => (&value[1..], ""),
            },
            _ => {
                let end = value.find(',').unwrap_or(value.len());
                (value[..end].trim(), &value[end..])
            }
        };
        out.push((name, value));
        rest = after.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

fn named<'s>(args: &[(&str, &'s str)], name: &str) -> Option<&'s str> {
    args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

impl Translator<'_> {
    /// `{{ name(args) }}`, from `pos` to `end`.
    pub(super) fn zola_inline(&mut self, end: usize, name: &str, args_text: &str) -> bool {
        let a = args(args_text);
        let mut html = String::new();
        match name {
            "youtube" if named(&a, "id").is_some_and(embed::is_video_id) => {
                embed::youtube(&mut html, named(&a, "id").unwrap_or(""), None);
            }
            "vimeo" if named(&a, "id").is_some_and(embed::is_number) => {
                let id = named(&a, "id").unwrap_or("");
                let text = "▶ Watch the video on Vimeo";
                embed::embed_link(&mut html, "video-link", &["https://vimeo.com/", id], text);
            }
            "gist"
                if named(&a, "url").is_some_and(|u| u.starts_with("https://gist.github.com/")) =>
            {
                let url = named(&a, "url").unwrap_or("");
                let text = format!("View the gist {}", &url["https://gist.github.com/".len()..]);
                embed::embed_link(&mut html, "gist-link", &[url], &text);
            }
            _ => {
                let message = format!(
                    "Zola shortcode `{}` is left as text",
                    shown(&self.src[self.pos..end])
                );
                self.leave(end, message, HELP);
                return true;
            }
        }
        self.replace(end, &html);
        true
    }

    /// `{% name(args) %}`, a body shortcode, from `pos` to `end`.
    pub(super) fn zola_body(&mut self, end: usize, name: &str, call: &str) -> bool {
        let a = call
            .strip_prefix('(')
            .and_then(|c| c.trim_end().strip_suffix(')'))
            .map(args)
            .unwrap_or_default();
        match embed::callout_name(name) {
            Some(kind) => {
                let callout = match kind {
                    CalloutName::Fixed(c) => c,
                    CalloutName::Typed => embed::typed(named(&a, "type").or(named(&a, "kind"))),
                };
                let mut html = String::new();
                embed::callout_open(&mut html, callout, named(&a, "title"));
                self.push_open(OpenKey::Zola, Opened::Callout);
                self.block(end, &html, true);
            }
            None => {
                self.push_open(OpenKey::Zola, Opened::Text);
                let message = format!(
                    "Zola shortcode `{}` is left as text",
                    shown(&self.src[self.pos..end])
                );
                self.leave(end, message, HELP);
            }
        }
        true
    }

    /// `{% end %}`, from `pos` to `end`.
    pub(super) fn zola_end(&mut self, end: usize) -> bool {
        match self.pop_open(&OpenKey::Zola) {
            Some(Opened::Callout) => self.block(end, embed::CALLOUT_CLOSE, true),
            Some(_) => self.copy(end),
            None => {
                let message = "`{% end %}` ends no shortcode; left as text".to_string();
                self.leave(end, message, HELP);
            }
        }
        true
    }

    /// At `@`: `@/path.md#anchor` as a link destination (`](@/…)`, `]: @/…`,
    /// `href="@/…"`).
    pub(super) fn zola_link(&mut self) -> bool {
        let p = self.pos;
        let b = self.src.as_bytes();
        if b.get(p + 1) != Some(&b'/') {
            return false;
        }
        let before = &self.src[self.line_start.min(p)..p];
        let destination = before.ends_with("](")
            || before.ends_with("=\"")
            || before.ends_with("='")
            || (before.trim_end().ends_with("]:") && before.trim_start().starts_with('['));
        if !destination {
            return false;
        }
        let len = self.src[p..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>'))
            .unwrap_or(self.src.len() - p);
        let end = p + len;
        let target = &self.src[p + 2..end];
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        let key = links::post_key(path);
        self.post_link(end, &key, anchor);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, warnings};
    use super::*;

    #[test]
    fn calls_and_arguments() {
        assert_eq!(call("youtube(id=\"x\")"), Some(("youtube", "id=\"x\"")));
        assert_eq!(call("site.baseurl"), None);
        assert_eq!(call("a b(x)"), None);
        assert_eq!(
            args("id=\"a,b\", width=94, flag=true,t='q'"),
            [("id", "a,b"), ("width", "94"), ("flag", "true"), ("t", "q")]
        );
        assert!(args("").is_empty());
    }

    #[test]
    fn internal_links_become_markers() {
        let (out, w) = run(
            "See [22.12](@/news/2022-12-06-release-22.12-highlights.md#x) and\n[r]: @/a/index.md\n<a href=\"@/b.md\">b</a> mail@/x",
        );
        assert_eq!(
            out,
            "See [22.12](\u{1}news/2022-12-06-release-22.12-highlights#x\u{2}1:13\u{3}) and\n\
             [r]: \u{1}a\u{2}2:6\u{3}\n<a href=\"\u{1}b\u{2}3:10\u{3}\">b</a> mail@/x"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn shortcodes() {
        let (out, w) = run(
            "{{ youtube(id=\"dQw4w9WgXcQ\", autoplay=true) }}\n{{ gist(url=\"https://gist.github.com/Keats/e5fb\") }}\n{{ asciinema(id=\"smart-tab\", width=\"94\") }}\n",
        );
        assert_eq!(
            out,
            "<a class=\"video-link\" href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">▶ Watch the video on YouTube</a>\n\
             <a class=\"gist-link\" href=\"https://gist.github.com/Keats/e5fb\">View the gist Keats/e5fb</a>\n\
             {{ asciinema(id=\"smart-tab\", width=\"94\") }}\n"
        );
        assert_eq!(
            warnings(&w),
            [
                "3:1 foreign-syntax Zola shortcode `{{ asciinema(id=\"smart-tab\", width=\"94\") }}` is left as text"
            ]
        );
    }

    #[test]
    fn body_shortcodes() {
        let src = "{% admonition(type=\"danger\", title=\"Careful\") %}\nText\n{% end %}\n\n{% quote(author=\"A\") %}\nQ\n{% end %}\n{% end %}\n";
        let (out, w) = run(src);
        assert_eq!(
            out,
            "<aside class=\"callout callout-danger\"><p class=\"callout-title\">Careful</p>\n\nText\n</aside>\n\n\
             {% quote(author=\"A\") %}\nQ\n{% end %}\n{% end %}\n"
        );
        assert_eq!(
            warnings(&w),
            [
                "5:1 foreign-syntax Zola shortcode `{% quote(author=\"A\") %}` is left as text",
                "8:1 foreign-syntax `{% end %}` ends no shortcode; left as text",
            ]
        );
    }
}
