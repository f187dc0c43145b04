//! Who a site is, besides its title: its logo, a tagline, the links of its footer, and
//! its copyright and licence lines (`logo`, `tagline`, `footer`, `copyright` and
//! `licence` in `bulletin.yaml`). The header, the footer, the feeds' images and the
//! social cards use them.
//!
//! Checked here for their form. That the logo is one of the site's static files is
//! checked once those are known ([`missing_logo`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// A link as written in `bulletin.yaml`: `{ text: Python.org, url: https://… }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    text: String,
    url: String,
}

/// A link of the footer, or the licence's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// What the link says.
    pub text: String,
    /// An `http(s)` URL, a `mailto:` address, or a path on the site from its root
    /// (`/about/`), which templates get under the base path.
    pub url: String,
}

/// The site's identity, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The logo: a file's path under `static/` (`logo.svg`).
    pub logo: Option<String>,
    /// A line saying what the site is, beside the title.
    pub tagline: Option<String>,
    /// The footer's links, in order.
    pub footer: Vec<Link>,
    /// The copyright line; `{year}` stands for the year of the newest post.
    pub copyright: Option<String>,
    /// The licence the posts are under, with a link to it.
    pub licence: Option<Link>,
}

/// Image files a logo may be.
const LOGO_EXTENSIONS: [&str; 7] = ["svg", "png", "webp", "avif", "jpg", "jpeg", "gif"];

impl Identity {
    /// Checks the keys as written; an error names the key and says what is wrong.
    pub fn resolve(
        logo: Option<String>,
        tagline: Option<String>,
        footer: Vec<RawLink>,
        copyright: Option<String>,
        licence: Option<RawLink>,
    ) -> Result<Self, (&'static str, String)> {
        Ok(Self {
            logo: logo
                .map(|l| logo_path(&l))
                .transpose()
                .map_err(|e| ("logo", e))?,
            tagline: one_line("tagline", tagline)?,
            footer: (footer.into_iter())
                .map(|l| link("footer", l))
                .collect::<Result<_, _>>()?,
            copyright: one_line("copyright", copyright)?,
            licence: licence.map(|l| link("licence", l)).transpose()?,
        })
    }

    /// The copyright line, `{year}` replaced by `year` (the newest post's), or left
    /// out when there is no post.
    pub fn copyright_line(&self, year: Option<i16>) -> Option<String> {
        let line = self.copyright.as_deref()?;
        match year {
            Some(y) => Some(line.replace("{year}", &y.to_string())),
            None if line.contains("{year}") => None,
            None => Some(line.to_string()),
        }
    }
}

/// `text` trimmed, one line, not empty (an empty value is as good as none).
fn one_line(
    key: &'static str,
    text: Option<String>,
) -> Result<Option<String>, (&'static str, String)> {
    let Some(text) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.contains(['\n', '\r']) {
        return Err((key, format!("`{key}` must be one line")));
    }
    Ok(Some(text))
}

/// A link, checked: some text, and a URL a reader can follow safely.
fn link(key: &'static str, raw: RawLink) -> Result<Link, (&'static str, String)> {
    let text = raw.text.trim();
    let url = raw.url.trim();
    if text.is_empty() {
        return Err((key, format!("a link of `{key}` has no text (to {url})")));
    }
    let lower = url.to_ascii_lowercase();
    let on_site = url.starts_with('/') && !url.starts_with("//");
    let web = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len());
    if !(on_site || web) || url.contains(char::is_whitespace) {
        return Err((
            key,
            format!(
                "the link `{text}` of `{key}` goes to `{url}`; use an http(s) URL, a mailto: \
                 address, or a path on the site from its root, like /about/"
            ),
        ));
    }
    Ok(Link {
        text: text.to_string(),
        url: url.to_string(),
    })
}

/// The logo's path under `static/`, checked: a relative path to an image, inside the
/// folder. `static/logo.svg` is read as `logo.svg`.
fn logo_path(written: &str) -> Result<String, String> {
    let path = written.trim();
    let path = path.strip_prefix("static/").unwrap_or(path);
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '?', '#'])
        && !path.contains(char::is_whitespace)
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.starts_with('.'));
    if !plain {
        return Err(format!(
            "logo `{written}` must be the path of a file in static/, like logo.svg \
             (no leading `/`, no `..`, no hidden folders)"
        ));
    }
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !extension.is_some_and(|e| LOGO_EXTENSIONS.contains(&e.as_str())) {
        return Err(format!(
            "logo `{written}` must be an image: {}",
            LOGO_EXTENSIONS.join(", ")
        ));
    }
    Ok(path.to_string())
}

/// The error for a logo that is not among the static files: at the `logo` key of the
/// config file `config_file` (shown as `shown`), when it can be found.
pub fn missing_logo(config_file: &Path, shown: &Path, logo: &str) -> Diagnostic {
    let mut d = Diagnostic::error(format!("logo `{logo}` is not in static/"))
        .code("config")
        .in_file(shown)
        .help(format!(
            "put the image at static/{logo} in the site's folder, or fix `logo` in bulletin.yaml"
        ));
    let text = crate::fsutil::Fence::new(config_file.parent().unwrap_or(Path::new(".")))
        .read_to_string(config_file)
        .unwrap_or_default();
    if let Some((line, column)) = crate::content::front_matter::key_position(&text, "logo") {
        d = d.at(line, column);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str, url: &str) -> RawLink {
        RawLink {
            text: text.into(),
            url: url.into(),
        }
    }

    #[test]
    fn links_go_to_the_web_mail_or_the_site() {
        for url in [
            "https://www.python.org/",
            "http://x.org",
            "mailto:a@b.org",
            "/about/",
        ] {
            assert!(link("footer", raw("A", url)).is_ok(), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "//evil.example/",
            "https://",
            "data:text/html,x",
            "about/",
            "https://a b",
            "",
        ] {
            let e = link("footer", raw("A", url)).unwrap_err();
            assert_eq!(e.0, "footer");
            assert!(e.1.contains("http(s) URL"), "{url}: {}", e.1);
        }
        assert!(
            link("licence", raw(" ", "/x/"))
                .unwrap_err()
                .1
                .contains("no text")
        );
    }

    #[test]
    fn a_logo_is_an_image_inside_static() {
        assert_eq!(logo_path("logo.svg").unwrap(), "logo.svg");
        assert_eq!(logo_path("static/img/Logo.PNG").unwrap(), "img/Logo.PNG");
        for bad in [
            "/logo.svg",
            "../logo.svg",
            "img/../../x.png",
            ".hidden/x.svg",
            "my logo.svg",
            "logo",
            "logo.txt",
            "",
        ] {
            assert!(logo_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_copyright_line_names_the_newest_year() {
        let id = Identity {
            copyright: Some("© {year} Python Software Foundation".into()),
            ..Default::default()
        };
        assert_eq!(
            id.copyright_line(Some(2026)).as_deref(),
            Some("© 2026 Python Software Foundation")
        );
        assert_eq!(id.copyright_line(None), None);
        assert_eq!(
            one_line("tagline", Some("  a \n b ".into())).unwrap_err().1,
            "`tagline` must be one line"
        );
        assert_eq!(one_line("tagline", Some("  ".into())).unwrap(), None);
    }
}
