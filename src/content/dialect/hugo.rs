//! Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`, their closing forms, and
//! the escaped `{{</* name */>}}` that prints a shortcode as text): `ref` and `relref`
//! link to the post, `highlight` is a fenced code block, `figure` a figure, `youtube`,
//! `vimeo`, `tweet` (`x`) and `gist` links to what they embed, and callout shortcodes
//! of common themes (`notice`, `alert`, `callout`, `admonition`, `hint`, `note`, `tip`,
//! `warning`…) asides. Other shortcodes are left as text with a warning.

use std::borrow::Cow;

use super::embed::{self, CalloutName};
use super::{OpenKey, Opened, Translator, links, shown};

const HELP: &str = "Bulletin does not run Hugo shortcodes; write Markdown or HTML instead";

/// The arguments of a shortcode: positional ones (name None) and named ones.
type Args<'s> = Vec<(Option<&'s str>, Cow<'s, str>)>;

impl Translator<'_> {
    /// At `{{<` or `{{%`.
    pub(super) fn hugo(&mut self) -> bool {
        let p = self.pos;
        let angle = self.src.as_bytes()[p + 2] == b'<';
        let bound = self.bound(p);
        if self.src[p + 3..].starts_with("/*") {
            let finder = if angle {
                &mut self.find.hugo_angle_escape_end
            } else {
                &mut self.find.hugo_percent_escape_end
            };
            let Some(close) = finder.find(self.src, p + 5).filter(|&c| c < bound) else {
                return false;
            };
            push_unescaped(&mut self.out, &self.src[p..close + 5], angle);
            self.consume(close + 5);
            return true;
        }
        let finder = if angle {
            &mut self.find.hugo_angle_end
        } else {
            &mut self.find.hugo_percent_end
        };
        let Some(close) = finder.find(self.src, p + 3).filter(|&c| c < bound) else {
            return false;
        };
        let end = close + 3;
        let inner = self.src[p + 3..close].trim();
        if let Some(name) = inner.strip_prefix('/') {
            match self.pop_open(&OpenKey::Hugo(name.trim().to_string())) {
                Some(Opened::Callout) => self.block(end, embed::CALLOUT_CLOSE, true),
                Some(_) => self.replace(end, ""),
                // The end of a shortcode left as text (warned at its start).
                None => self.copy(end),
            }
            return true;
        }
        let name_len = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let (name, rest) = inner.split_at(name_len);
        let args = parse_args(rest);
        match name {
            "ref" | "relref" => {
                let target = arg(&args, 0, "path").unwrap_or_default().into_owned();
                let (path, anchor) = match target.split_once('#') {
                    Some((path, anchor)) => (path, Some(anchor)),
                    None => (target.as_str(), None),
                };
                let key = links::post_key(path);
                self.post_link(end, &key, anchor);
            }
            "highlight" => return self.hugo_highlight(end, angle, &args),
            "figure" => self.figure(end, &args),
            "youtube" => {
                let id = arg(&args, 0, "id").unwrap_or_default();
                if embed::is_video_id(&id) {
                    let mut html = String::new();
                    embed::youtube(&mut html, &id, arg(&args, usize::MAX, "title").as_deref());
                    self.replace(end, &html);
                } else {
                    self.unknown(end, "its video id is not one");
                }
            }
            "vimeo" => {
                let id = arg(&args, 0, "id").unwrap_or_default();
                if embed::is_number(&id) {
                    let mut html = String::new();
                    let text = "▶ Watch the video on Vimeo";
                    embed::embed_link(&mut html, "video-link", &["https://vimeo.com/", &id], text);
                    self.replace(end, &html);
                } else {
                    self.unknown(end, "its video id is not one");
                }
            }
            "tweet" | "x" => {
                let id = arg(&args, 0, "id").unwrap_or_default();
                let user = arg(&args, usize::MAX, "user").unwrap_or(Cow::Borrowed("i"));
                let user_ok = user.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if embed::is_number(&id) && user_ok && !user.is_empty() {
                    let mut html = String::new();
                    let parts = ["https://x.com/", &*user, "/status/", &*id];
                    embed::embed_link(&mut html, "post-link", &parts, "View the post on X");
                    self.replace(end, &html);
                } else {
                    self.unknown(end, "its post id is not one");
                }
            }
            "gist" => self.gist(end, &args),
            _ => match embed::callout_name(name) {
                Some(kind) => {
                    let callout = match kind {
                        CalloutName::Fixed(c) => c,
                        CalloutName::Typed => embed::typed(arg(&args, 0, "type").as_deref()),
                    };
                    let title = arg(&args, usize::MAX, "title");
                    let mut html = String::new();
                    embed::callout_open(&mut html, callout, title.as_deref());
                    self.push_open(OpenKey::Hugo(name.to_string()), Opened::Callout);
                    self.block(end, &html, true);
                }
                None => self.unknown(end, "Bulletin does not know it"),
            },
        }
        true
    }

    /// Leaves the shortcode from `pos` to `end` as text, with a warning saying `why`.
    fn unknown(&mut self, end: usize, why: &str) {
        let message = format!(
            "Hugo shortcode `{}` is left as text: {why}",
            shown(&self.src[self.pos..end])
        );
        self.leave(end, message, HELP);
    }

    fn hugo_highlight(&mut self, open_end: usize, angle: bool, args: &Args<'_>) -> bool {
        let src = self.src;
        let mut at = open_end;
        let closing = loop {
            let Some(word) = self.find.hugo_highlight_end.find(src, at) else {
                break None;
            };
            let before = src[open_end..word].trim_end();
            let after = src[word + "/highlight".len()..].trim_start();
            let (open, close) = if angle {
                ("{{<", ">}}")
            } else {
                ("{{%", "%}}")
            };
            if before.ends_with(open) && after.starts_with(close) {
                break Some((open_end + before.len() - 3, src.len() - after.len() + 3));
            }
            at = word + 1;
        };
        let Some((close, end)) = closing else {
            self.unknown(open_end, "it has no {{< /highlight >}}");
            return true;
        };
        let lang = arg(args, 0, "lang").unwrap_or_default();
        self.fenced(&lang, open_end..close, end);
        true
    }

    fn figure(&mut self, end: usize, args: &Args<'_>) {
        let named = |name: &str| arg(args, usize::MAX, name).filter(|v| !v.is_empty());
        let Some(src) = named("src") else {
            self.unknown(end, "it has no src");
            return;
        };
        let (alt, title, caption, link) = (
            named("alt"),
            named("title"),
            named("caption"),
            named("link"),
        );
        let (width, height) = (named("width"), named("height"));
        let mut html = String::new();
        embed::figure(
            &mut html,
            &embed::Figure {
                src: &src,
                alt: alt.as_deref(),
                title: title.as_deref(),
                caption: caption.as_deref(),
                link: link.as_deref(),
                width: width.as_deref(),
                height: height.as_deref(),
            },
        );
        self.replace(end, &html);
    }

    fn gist(&mut self, end: usize, args: &Args<'_>) {
        let user = arg(args, 0, "user").unwrap_or_default();
        let id = arg(args, 1, "id").unwrap_or_default();
        let file = arg(args, 2, "file");
        let word = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !word(&user) || !word(&id) {
            self.unknown(end, "its user or id is not one");
            return;
        }
        let mut text = format!("View the gist {user}/{id}");
        let mut anchor = String::new();
        if let Some(file) = file.filter(|f| !f.is_empty()) {
            text.push_str(&format!(" ({file})"));
            // GitHub's anchor of a file of a gist: `file-` and its name, lowercased,
            // with anything but letters and digits as `-`.
            anchor = format!(
                "#file-{}",
                file.chars()
                    .map(|c| if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    })
                    .collect::<String>()
            );
        }
        let mut html = String::new();
        let parts = ["https://gist.github.com/", &*user, "/", &*id, &*anchor];
        embed::embed_link(&mut html, "gist-link", &parts, &text);
        self.replace(end, &html);
    }
}

/// Appends an escaped shortcode (`{{</* x */>}}`, `{{%/* x */%}}`) as Hugo prints it:
/// `{{< x >}}`, `{{% x %}}`.
pub(super) fn push_unescaped(out: &mut String, s: &str, angle: bool) {
    let (open, close) = if angle {
        ("{{<", ">}}")
    } else {
        ("{{%", "%}}")
    };
    let inner = &s[5..s.len() - 5];
    out.push_str(open);
    super::scan::push_clean(out, inner);
    out.push_str(close);
}

/// The value of the argument named `name`, else of the positional argument `index`.
fn arg<'s>(args: &'s Args<'_>, index: usize, name: &str) -> Option<Cow<'s, str>> {
    args.iter()
        .find(|(n, _)| *n == Some(name))
        .or_else(|| args.iter().filter(|(n, _)| n.is_none()).nth(index))
        .map(|(_, v)| Cow::Borrowed(v.as_ref()))
}

/// Splits a shortcode's arguments: `"quoted \" strings"`, `` `raw strings` ``, bare
/// words, each positional or `name=value`.
fn parse_args(s: &str) -> Args<'_> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let (first, after) = token(rest);
        let after_eq = after.trim_start();
        if let (Cow::Borrowed(name), Some(value)) = (&first, after_eq.strip_prefix('=')) {
            let (value, after) = token(value.trim_start());
            out.push((Some(*name), value));
            rest = after.trim_start();
        } else {
            out.push((None, first));
            rest = after.trim_start();
        }
    }
    out
}

/// The first token of `s` (not empty) and what follows it.
fn token(s: &str) -> (Cow<'_, str>, &str) {
    match s.as_bytes().first() {
        Some(b'"') => {
            let mut value = String::new();
            let mut chars = s[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => return (Cow::Owned(value), &s[i + 2..]),
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(next);
                        }
                    }
                    c => value.push(c),
                }
            }
            (Cow::Owned(value), "")
        }
        Some(b'`') => match s[1..].find('`') {
            Some(i) => (Cow::Borrowed(&s[1..=i]), &s[i + 2..]),
            None => (Cow::Borrowed(&s[1..]), ""),
        },
        _ => {
            // A bare word ends at a space or `=`; a stray `=` is a token of its own.
            let end = s
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(s.len())
                .max(1);
            (Cow::Borrowed(&s[..end]), &s[end..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, warnings};
    use super::*;

    #[test]
    fn arguments() {
        let args = parse_args(r#"go "linenos=table" src="a b.png" alt=`x "y"` n=3 "q\"r""#);
        let shown: Vec<_> = args.iter().map(|(n, v)| format!("{n:?}={v}")).collect();
        assert_eq!(
            shown,
            [
                "None=go",
                "None=linenos=table",
                "Some(\"src\")=a b.png",
                "Some(\"alt\")=x \"y\"",
                "Some(\"n\")=3",
                "None=q\"r"
            ]
        );
        assert!(parse_args("  ").is_empty());
        assert_eq!(parse_args("=x").len(), 2, "no loop on a stray =");
    }

    #[test]
    fn refs_become_markers() {
        let (out, w) = run(
            "[a]({{< ref \"/news/x.md#sec\" >}}) [b]({{% relref path=\"y\" %}}) [c]({{< ref \"#here\" >}})",
        );
        assert_eq!(
            out,
            "[a](\u{1}news/x#sec\u{2}1:5\u{3}) [b](\u{1}y\u{2}1:39\u{3}) [c](#here)"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn highlight_becomes_a_fence() {
        let (out, w) = run(
            "{{< highlight go \"linenos=table\" >}}\nfunc main() {{< x >}}\n{{< /highlight >}}\n",
        );
        assert_eq!(out, "```go\nfunc main() {{< x >}}\n```\n");
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn figures_and_embeds() {
        let (out, w) = run(
            "{{< figure src=\"a.png\" alt=\"A <b>\" caption=\"It's\" >}}\n\n{{< youtube w7Ft2ymGmfc >}} {{< youtube id=\"x\" title=\"T\" >}}\n{{< gist spf13 7896402 \"img.html\" >}}\n{{< vimeo 146022717 >}} {{< tweet user=\"a_b\" id=\"123\" >}}\n",
        );
        assert_eq!(
            out,
            "<figure><img src=\"a.png\" alt=\"A &lt;b&gt;\"><figcaption>It&#39;s</figcaption></figure>\n\n\
             <a class=\"video-link\" href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">▶ Watch the video on YouTube</a> \
             <a class=\"video-link\" href=\"https://www.youtube.com/watch?v=x\">▶ T (video on YouTube)</a>\n\
             <a class=\"gist-link\" href=\"https://gist.github.com/spf13/7896402#file-img-html\">View the gist spf13/7896402 (img.html)</a>\n\
             <a class=\"video-link\" href=\"https://vimeo.com/146022717\">▶ Watch the video on Vimeo</a> \
             <a class=\"post-link\" href=\"https://x.com/a_b/status/123\">View the post on X</a>\n"
        );
        assert!(w.is_empty(), "{w:?}");
        let (out, w) = run("{{< youtube \"a b\" >}}");
        assert_eq!(out, "{{< youtube \"a b\" >}}");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn escapes_print_the_shortcode_even_in_code() {
        let (out, w) = run("{{</* ref \"x\" */>}} `{{</* y */>}}`\n\n```\n{{%/* z */%}}\n```\n");
        assert_eq!(
            out,
            "{{< ref \"x\" >}} `{{< y >}}`\n\n```\n{{% z %}}\n```\n"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn callouts() {
        let (out, w) = run(
            "{{< notice warning >}}\nCareful *now*.\n{{< /notice >}}\n\n{{% tip title=\"T\" %}}x{{% /tip %}}\n",
        );
        assert_eq!(
            out,
            "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>\n\nCareful *now*.\n</aside>\n\n\
             <aside class=\"callout callout-tip\"><p class=\"callout-title\">T</p>\n\nx\n\n</aside>\n"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn unknown_shortcodes_are_text_with_a_warning() {
        let src = "* Fix {{<gh 2090 >}}\n\n{{< imgproc sunset Fill \"600x300\" >}}\nCaption\n{{< /imgproc >}}\n\nA {{< gh\n  \"@bep\" >}} b\n";
        let (out, w) = run(src);
        assert_eq!(out, src);
        assert_eq!(
            warnings(&w),
            [
                "1:7 foreign-syntax Hugo shortcode `{{<gh 2090 >}}` is left as text: Bulletin does not know it",
                "3:1 foreign-syntax Hugo shortcode `{{< imgproc sunset Fill \"600x300\" >}}` is left as text: Bulletin does not know it",
                "7:3 foreign-syntax Hugo shortcode `{{< gh…` is left as text: Bulletin does not know it",
            ]
        );
    }
}
