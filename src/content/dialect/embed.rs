//! The HTML the translation writes for constructs Markdown has no syntax for: callout
//! asides, figures, and links standing for embedded videos and gists. Every value goes
//! through the crate's escaping ([`crate::markdown::html`]), attribute names and classes
//! are literals or come from fixed lists, and every piece is one line, so that a
//! construct keeps the lines it had.

use crate::markdown::html::{escape_into, open};

/// A styled aside: `<aside class="callout callout-{kind}">`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Callout {
    /// One of `note`, `tip`, `important`, `warning`, `danger`, `intro` (the theme
    /// styles these).
    pub kind: &'static str,
    /// The label shown above the content (empty: none).
    pub label: &'static str,
}

const fn callout(kind: &'static str, label: &'static str) -> Callout {
    Callout { kind, label }
}

/// How a container's name says what callout it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CalloutName {
    /// The name is the kind (`<Warning>`, `{{< tip >}}`).
    Fixed(Callout),
    /// A generic container whose `type` argument says it (`<Admonition type="tip">`,
    /// `{{< notice warning >}}`); note when it says nothing known.
    Typed,
}

/// The callout a container named `name` (any case) is, if it is one.
pub(super) fn callout_name(name: &str) -> Option<CalloutName> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "callout" | "admonition" | "aside" | "notice" | "alert" | "hint" => CalloutName::Typed,
        "intro" => CalloutName::Fixed(callout("intro", "")),
        "deepdive" => CalloutName::Fixed(callout("note", "Deep dive")),
        "youwilllearn" => CalloutName::Fixed(callout("note", "You will learn")),
        other => CalloutName::Fixed(callout_type(other).filter(|_| other != "default")?),
    })
}

/// The callout a `type` value stands for (any case), from a fixed list.
pub(super) fn callout_type(value: &str) -> Option<Callout> {
    Some(match value.to_ascii_lowercase().as_str() {
        "note" | "default" | "secondary" => callout("note", "Note"),
        "info" | "information" => callout("note", "Info"),
        "tip" | "hint" | "success" | "check" => callout("tip", "Tip"),
        "important" => callout("important", "Important"),
        "warning" | "warn" => callout("warning", "Warning"),
        "caution" => callout("warning", "Caution"),
        "pitfall" => callout("warning", "Pitfall"),
        "deprecated" => callout("warning", "Deprecated"),
        "danger" | "error" => callout("danger", "Danger"),
        _ => return None,
    })
}

/// The callout of a [`CalloutName::Typed`] container whose type is `value`.
pub(super) fn typed(value: Option<&str>) -> Callout {
    value
        .and_then(callout_type)
        .unwrap_or(callout("note", "Note"))
}

/// Writes the start of a callout: the aside, and its label as a first paragraph.
/// `title` (the writer's) replaces the label.
pub(super) fn callout_open(out: &mut String, c: Callout, title: Option<&str>) {
    open(out, "aside")
        .attr_parts("class", &["callout callout-", c.kind])
        .close();
    let label = title.map(str::trim).unwrap_or(c.label);
    if !label.is_empty() {
        open(out, "p").attr("class", "callout-title").close();
        escape_into(out, label);
        out.push_str("</p>");
    }
}

/// The end of a callout.
pub(super) const CALLOUT_CLOSE: &str = "</aside>";

/// What a figure shows.
#[derive(Debug, Default)]
pub(super) struct Figure<'a> {
    pub src: &'a str,
    pub alt: Option<&'a str>,
    pub title: Option<&'a str>,
    pub caption: Option<&'a str>,
    pub link: Option<&'a str>,
    pub width: Option<&'a str>,
    pub height: Option<&'a str>,
}

/// Writes a figure: the image (in a link if it has one) and a caption of its title and
/// caption. Without alt text, the caption or title describes the image.
pub(super) fn figure(out: &mut String, f: &Figure<'_>) {
    out.push_str("<figure>");
    if let Some(link) = f.link {
        open(out, "a").attr("href", link).close();
    }
    let alt = f.alt.or(f.caption).or(f.title).unwrap_or("");
    let mut img = open(out, "img").attr("src", f.src).attr("alt", alt);
    for (name, value) in [("width", f.width), ("height", f.height)] {
        if let Some(v) = value.filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())) {
            img = img.attr(name, v);
        }
    }
    img.close();
    if f.link.is_some() {
        out.push_str("</a>");
    }
    if f.title.is_some() || f.caption.is_some() {
        out.push_str("<figcaption>");
        if let Some(title) = f.title {
            out.push_str("<strong>");
            escape_into(out, title);
            out.push_str("</strong>");
            if f.caption.is_some() {
                out.push(' ');
            }
        }
        if let Some(caption) = f.caption {
            escape_into(out, caption);
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
}

/// True for a YouTube video id (letters, digits, `-`, `_`).
pub(super) fn is_video_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// True for a string of digits (tweet and Vimeo ids).
pub(super) fn is_number(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Writes a link standing for an embedded video or post of another site: no player,
/// no script and no request to that site until the reader follows it.
pub(super) fn embed_link(out: &mut String, class: &'static str, parts: &[&str], text: &str) {
    open(out, "a")
        .attr("class", class)
        .attr_parts("href", parts)
        .close();
    escape_into(out, text);
    out.push_str("</a>");
}

/// Writes the link for the YouTube video `id` (checked with [`is_video_id`]).
pub(super) fn youtube(out: &mut String, id: &str, title: Option<&str>) {
    let text = match title {
        Some(t) if !t.trim().is_empty() => format!("▶ {} (video on YouTube)", t.trim()),
        _ => "▶ Watch the video on YouTube".to_string(),
    };
    embed_link(
        out,
        "video-link",
        &["https://www.youtube.com/watch?v=", id],
        &text,
    );
}

/// The YouTube video id in an embed or watch URL
/// (`https://www.youtube.com/embed/ID?t=1`, `https://youtu.be/ID`, `…/watch?v=ID`).
pub(super) fn youtube_id_in_url(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    let id = match host {
        "youtube.com" | "youtube-nocookie.com" | "m.youtube.com" => {
            if let Some(id) = path.strip_prefix("embed/") {
                id
            } else {
                let query = path.strip_prefix("watch?")?;
                query.split('&').find_map(|kv| kv.strip_prefix("v="))?
            }
        }
        "youtu.be" => path,
        _ => return None,
    };
    let id = id.split(['?', '&', '#', '/']).next().unwrap_or("");
    is_video_id(id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callouts_come_from_fixed_lists() {
        assert_eq!(
            callout_name("Note"),
            Some(CalloutName::Fixed(callout("note", "Note")))
        );
        assert_eq!(
            callout_name("Pitfall"),
            Some(CalloutName::Fixed(callout("warning", "Pitfall")))
        );
        assert_eq!(callout_name("Admonition"), Some(CalloutName::Typed));
        assert_eq!(callout_name("Sandpack"), None);
        assert_eq!(callout_name("Default"), None);
        assert_eq!(typed(Some("DANGER")).kind, "danger");
        assert_eq!(typed(Some("x\" onmouseover=\"y")).kind, "note");
        assert_eq!(typed(None).label, "Note");
        let mut out = String::new();
        callout_open(&mut out, typed(Some("tip")), Some("<b>Hi</b>"));
        assert_eq!(
            out,
            "<aside class=\"callout callout-tip\"><p class=\"callout-title\">&lt;b&gt;Hi&lt;/b&gt;</p>"
        );
    }

    #[test]
    fn figures_escape_everything() {
        let mut out = String::new();
        figure(
            &mut out,
            &Figure {
                src: "a\".png",
                caption: Some("<x> & y"),
                link: Some("/big.png"),
                width: Some("300\""),
                height: Some("200"),
                ..Figure::default()
            },
        );
        assert_eq!(
            out,
            "<figure><a href=\"/big.png\"><img src=\"a&quot;.png\" alt=\"&lt;x&gt; &amp; y\" height=\"200\"></a><figcaption>&lt;x&gt; &amp; y</figcaption></figure>"
        );
    }

    #[test]
    fn youtube_ids() {
        assert_eq!(
            youtube_id_in_url("https://www.youtube.com/embed/T8TZQ6k4SLE?t=973s"),
            Some("T8TZQ6k4SLE")
        );
        assert_eq!(youtube_id_in_url("https://youtu.be/abc_-1"), Some("abc_-1"));
        assert_eq!(
            youtube_id_in_url("https://www.youtube.com/watch?v=xyz&t=1"),
            Some("xyz")
        );
        assert_eq!(youtube_id_in_url("https://evil.com/embed/x"), None);
        assert_eq!(youtube_id_in_url("https://youtube.com/embed/a\"b"), None);
        assert!(!is_video_id("a b") && is_number("123") && !is_number("12a"));
    }
}
