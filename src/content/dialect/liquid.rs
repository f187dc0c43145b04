//! Liquid, as Jekyll posts use it: `{% highlight %}` blocks become fenced code,
//! `{% raw %}` gives its text as it is, `{% comment %}` is left out, `{% post_url %}`
//! and `{% link _posts/… %}` link to the post, and `{{ site.baseurl }}` (or a path
//! through `relative_url`) is the path alone, since Bulletin gives root-relative links
//! the base path itself. Anything else (`{% include %}`, `{% if %}`, `{{ page.title }}`)
//! is left as text with a warning: no template is run.
//!
//! Zola's shortcodes share the delimiters; a tag whose name is followed by `(` or that
//! says `end` is Zola's ([`super::zola`]).

use super::{Translator, links, shown};

const HELP: &str = "Bulletin runs no template language over posts; write Markdown or HTML instead, or leave it if the text is meant";

/// Which Liquid end tag a block waits for.
#[derive(Debug, Clone, Copy)]
enum End {
    Highlight,
    Raw,
    Comment,
}

impl Translator<'_> {
    /// At `{%`.
    pub(super) fn liquid_tag(&mut self) -> bool {
        let p = self.pos;
        let bound = self.bound(p);
        let Some(close) = self
            .find
            .tag_end
            .find(self.src, p + 2)
            .filter(|&c| c < bound)
        else {
            return false;
        };
        let end = close + 2;
        let inner = trim_dashes(&self.src[p + 2..close]);
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let (name, args) = inner.split_at(name_len);
        if args.trim_start().starts_with('(') && !name.is_empty() {
            return self.zola_body(end, name, args.trim_start());
        }
        if inner == "end" {
            return self.zola_end(end);
        }
        let args = args.trim();
        match name {
            "highlight" => self.highlight(end, args),
            "raw" => self.raw(end),
            "comment" => self.comment(end),
            "post_url" if !args.is_empty() => {
                let key = links::post_key(args.split_whitespace().next().unwrap_or(""));
                self.post_link(end, &key, None);
                true
            }
            "link" if is_post_path(args) => {
                let key = links::post_key(args.split_whitespace().next().unwrap_or(""));
                self.post_link(end, &key, None);
                true
            }
            _ => {
                let message = format!("Liquid tag `{}` is left as text", shown(&self.src[p..end]));
                self.leave(end, message, HELP);
                true
            }
        }
    }

    /// At `{{` (not Hugo's `{{<` or `{{%`).
    pub(super) fn liquid_output(&mut self) -> bool {
        let p = self.pos;
        if p > 0 && self.src.as_bytes()[p - 1] == b'=' {
            // `style={{display: 'flex'}}`: a JSX attribute's object, not Liquid (whose
            // output in an attribute is quoted: `src="{{ site.baseurl }}/x.png"`).
            return false;
        }
        let bound = self.bound(p);
        let Some(close) = self
            .find
            .output_end
            .find(self.src, p + 2)
            .filter(|&c| c < bound)
        else {
            return false;
        };
        let end = close + 2;
        let inner = trim_dashes(&self.src[p + 2..close]);
        if let Some((name, args)) = super::zola::call(inner) {
            return self.zola_inline(end, name, args);
        }
        let compact: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
        if matches!(
            compact.as_str(),
            "site.baseurl" | "site.url" | "site.github.url"
        ) {
            self.replace(end, "");
            return true;
        }
        if let Some(path) = literal_path(inner) {
            let path = path.to_string();
            self.replace(end, &path);
            return true;
        }
        let message = format!(
            "Liquid output `{}` is left as text",
            shown(&self.src[p..end])
        );
        self.leave(end, message, HELP);
        true
    }

    /// A link to the post `key` written from `pos` to `end`: its marker (a page path,
    /// once resolved), or the text as it is, with a warning, when it names none.
    pub(super) fn post_link(&mut self, end: usize, key: &str, anchor: Option<&str>) {
        if key.is_empty() {
            match anchor {
                Some(anchor) => {
                    let same_page = format!("#{anchor}");
                    self.replace(end, &same_page);
                }
                None => {
                    let message = format!("`{}` names no post", shown(&self.src[self.pos..end]));
                    self.leave(end, message, "name the post's file: 2024-01-31-name");
                }
            }
            return;
        }
        let (line, column) = self.place(self.pos);
        let mut marker = String::new();
        links::push_marker(&mut marker, key, anchor, line, column);
        self.out.push_str(&marker);
        self.consume(end);
    }

    /// `{% highlight lang [linenos] %}`…`{% endhighlight %}` → a fenced code block.
    fn highlight(&mut self, open_end: usize, args: &str) -> bool {
        let Some((close, end)) = self.liquid_end(End::Highlight, open_end) else {
            let message = "`{% highlight %}` has no `{% endhighlight %}`; left as text".to_string();
            self.leave(open_end, message, "close it with {% endhighlight %}");
            return true;
        };
        let lang = args.split_whitespace().next().unwrap_or("");
        self.fenced(lang, open_end..close, end);
        true
    }

    /// `{% raw %}`…`{% endraw %}` → the text inside, as it is.
    fn raw(&mut self, open_end: usize) -> bool {
        let Some((close, end)) = self.liquid_end(End::Raw, open_end) else {
            let message = "`{% raw %}` has no `{% endraw %}`; left as text".to_string();
            self.leave(open_end, message, "close it with {% endraw %}");
            return true;
        };
        self.replace(open_end, "");
        if self.pos < close {
            self.copy(close);
        }
        self.replace(end, "");
        true
    }

    /// `{% comment %}`…`{% endcomment %}` → nothing.
    fn comment(&mut self, open_end: usize) -> bool {
        let Some((_, end)) = self.liquid_end(End::Comment, open_end) else {
            let message = "`{% comment %}` has no `{% endcomment %}`; left as text".to_string();
            self.leave(open_end, message, "close it with {% endcomment %}");
            return true;
        };
        self.replace(end, "");
        true
    }

    /// The next end tag of `which` after `from`: where it starts and ends.
    fn liquid_end(&mut self, which: End, from: usize) -> Option<(usize, usize)> {
        let src = self.src;
        let mut at = from;
        loop {
            let finder = match which {
                End::Highlight => &mut self.find.endhighlight,
                End::Raw => &mut self.find.endraw,
                End::Comment => &mut self.find.endcomment,
            };
            let word = finder.find(src, at)?;
            let len = match which {
                End::Highlight => "endhighlight".len(),
                End::Raw => "endraw".len(),
                End::Comment => "endcomment".len(),
            };
            let before = src[from..word].trim_end_matches([' ', '\t', '-']);
            let after = &src[word + len..];
            let after_trimmed = after.trim_start_matches([' ', '\t', '-']);
            if before.ends_with("{%") && after_trimmed.starts_with("%}") {
                let start = from + before.len() - 2;
                let end = src.len() - after_trimmed.len() + 2;
                return Some((start, end));
            }
            at = word + 1;
        }
    }
}

/// The inside of `{% %}` or `{{ }}` without whitespace control dashes and spaces.
fn trim_dashes(s: &str) -> &str {
    let s = s.strip_prefix('-').unwrap_or(s);
    let s = s.strip_suffix('-').unwrap_or(s);
    s.trim()
}

/// True for a `{% link %}` argument that names a post (`_posts/…`): other pages are
/// not Bulletin's.
fn is_post_path(args: &str) -> bool {
    let path = args.split_whitespace().next().unwrap_or("");
    path.trim_start_matches(['/', '.']).starts_with("_posts/") || path.contains("/_posts/")
}

/// `"/x/" | relative_url` → `/x/`: a quoted path through filters that only add the
/// base path or the site's URL.
fn literal_path(inner: &str) -> Option<&str> {
    let quote = inner.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &inner[1..];
    let close = rest.find(quote)?;
    let (path, filters) = (&rest[..close], &rest[close + 1..]);
    let known = filters.split('|').skip(1).all(|f| {
        let f: String = f.chars().filter(|c| !c.is_whitespace()).collect();
        matches!(
            f.as_str(),
            "relative_url" | "absolute_url" | "prepend:site.baseurl" | "prepend:site.url"
        )
    });
    (filters.trim().is_empty() || filters.trim_start().starts_with('|'))
        .then_some(path)
        .filter(|_| known)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, warnings};

    #[test]
    fn highlight_becomes_a_fence() {
        let (out, w) =
            run("a\n\n{% highlight ruby linenos %}\nputs {{ x }}\n{% endhighlight %}\n\nb\n");
        assert_eq!(out, "a\n\n```ruby\nputs {{ x }}\n```\n\nb\n");
        assert!(w.is_empty(), "{w:?}");
        let (out, _) = run("{%- highlight js -%}\n```\nx\n{%- endhighlight -%}\n");
        assert_eq!(out, "````js\n```\nx\n````\n");
        let (out, _) = run("- item\n\n  {% highlight c %}\n  x;\n  {% endhighlight %}\n");
        assert_eq!(out, "- item\n\n  ```c\n  x;\n  ```\n");
        let (out, _) = run("see {% highlight c %}int x;{% endhighlight %} here\n");
        assert_eq!(out, "see \n```c\nint x;\n```\n here\n");
    }

    #[test]
    fn raw_and_comment() {
        let (out, w) = run(
            "{% raw %}\n{{ kept }} {% if %}\n{% endraw %}\nx {% comment %}gone\n{% endcomment %} y\n",
        );
        assert_eq!(out, "\n{{ kept }} {% if %}\n\nx  y\n\n");
        assert!(w.is_empty(), "{w:?}");
        let (out, _) = run("a {% raw %}{{ b }}{% endraw %} c");
        assert_eq!(out, "a {{ b }} c");
    }

    #[test]
    fn base_url_and_relative_url() {
        let (out, w) = run(
            "[a]({{ site.baseurl }}/x/) ![i]({{site.url}}{{ site.baseurl }}/i.png) [p]({{ \"/f.pdf\" | relative_url }})",
        );
        assert_eq!(out, "[a](/x/) ![i](/i.png) [p](/f.pdf)");
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn post_links_become_markers() {
        let (out, _) = run(
            "[v]({% post_url 2022-09-07-homebrew-3.6.0 %}) [w]({% link _posts/2021-01-01-w.md %})",
        );
        assert_eq!(
            out,
            "[v](\u{1}2022-09-07-homebrew-3.6.0\u{2}1:5\u{3}) [w](\u{1}2021-01-01-w\u{2}1:51\u{3})"
        );
    }

    #[test]
    fn others_are_left_as_text_with_a_warning() {
        let src =
            "x\n  {% include note.html %} {{ page.title }}\n{% link about.md %} {% post_url %}\n";
        let (out, w) = run(src);
        assert_eq!(out, src);
        assert_eq!(
            warnings(&w),
            [
                "2:3 foreign-syntax Liquid tag `{% include note.html %}` is left as text",
                "2:27 foreign-syntax Liquid output `{{ page.title }}` is left as text",
                "3:1 foreign-syntax Liquid tag `{% link about.md %}` is left as text",
                "3:21 foreign-syntax Liquid tag `{% post_url %}` is left as text",
            ]
        );
    }

    #[test]
    fn unclosed_blocks_are_text() {
        let (out, w) = run("{% highlight go %}\nx\n\n{% raw %}\n");
        assert_eq!(out, "{% highlight go %}\nx\n\n{% raw %}\n");
        assert_eq!(w.len(), 2);
        let (out, w) = run("{{ a\n\nb }} {% c\n\nd %}");
        assert_eq!(
            out, "{{ a\n\nb }} {% c\n\nd %}",
            "no tag across a blank line"
        );
        assert!(w.is_empty());
    }
}
