//! GitHub's emoji shortcodes (`:tada:` → 🎉), which GitHub, VuePress and Jekyll's jemoji
//! render: with `emoji_shortcodes: true`, in a post's text (never in code).

/// `text` with each `:name:` that is a GitHub shortcode replaced by its emoji; None
/// when there is none. Each colon is looked at once.
pub(super) fn replace(text: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find(':').map(|i| from + i) {
        let name_start = open + 1;
        let name_len = text[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
            .count();
        let close = name_start + name_len;
        if name_len == 0 || text.as_bytes().get(close) != Some(&b':') {
            from = close.max(name_start);
            continue;
        }
        match emojis::get_by_shortcode(&text[name_start..close]) {
            Some(emoji) => {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..open]);
                out.push_str(emoji.as_str());
                copied = close + 1;
                from = close + 1;
            }
            // The closing colon may open the next one (`:not-one:tada:`).
            None => from = close,
        }
    }
    out.map(|mut out| {
        out.push_str(&text[copied..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_become_emoji() {
        assert_eq!(
            replace("bugs :pray: and :sparkles:").as_deref(),
            Some("bugs 🙏 and ✨")
        );
        assert_eq!(replace("x:no-such:tada:").as_deref(), Some("x:no-such🎉"));
        assert_eq!(replace("+1 :+1:").as_deref(), Some("+1 👍"));
        for none in [
            "12:30:45",
            "a: b: c",
            "::",
            ":not an emoji:",
            "no colon",
            ":",
        ] {
            assert_eq!(replace(none), None, "{none}");
        }
    }
}
