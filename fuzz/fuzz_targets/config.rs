//! `bulletin.yaml` through `Config::from_text`, and the badge rules it makes applied
//! to a few links.
//!
//! Input: the config file's text.
#![no_main]

use std::path::Path;

use bulletin::config::{Config, Overrides};
use bulletin::error::Severity;
use bulletin::markdown::{self, LinkBase};
use libfuzzer_sys::fuzz_target;

/// The lines of `text` as YAML counts them (the last one may be empty): `\r\n`, `\r`,
/// `\n`, U+0085, U+2028 and U+2029 each end one.
fn line_count(text: &str) -> usize {
    let breaks = text.replace("\r\n", "\n");
    1 + breaks
        .chars()
        .filter(|c| matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
}

/// Links of the kinds badge rules are written for.
const LINKS: &str = "[PEP 8](https://peps.python.org/pep-0008/) \
    <https://github.com/python/cpython/issues/1> \
    [x](https://www.npmjs.com/package/left-pad/v/1.0.0) \
    [docs](https://docs.python.org/3/library/os.html#os.walk) \
    <https://example.org/a/b/c?x=1>\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("site/bulletin.yaml");
    let config = match Config::from_text(text, file, &Overrides::default()) {
        Ok(c) => c,
        Err(d) => {
            assert_eq!(d.severity, Severity::Error);
            assert_eq!(d.code, Some("config"), "{d}");
            assert_eq!(d.file.as_deref(), Some(file), "{d}");
            if let Some(line) = d.line {
                let lines = line_count(text);
                assert!(
                    line >= 1 && line as usize <= lines,
                    "line {line} of {lines}: {d}"
                );
            }
            return;
        }
    };
    assert!(config.posts_per_page >= 1 && config.home_posts >= 1 && config.feed_limit >= 1);
    assert!(config.permalink.starts_with('/') && config.permalink.ends_with('/'));
    assert!(config.permalink.contains("{slug}"));
    let path = config.base_url.path();
    assert!(path.starts_with('/') && path.ends_with('/'));
    let _ = config
        .check_ignore
        .covers("image-alt", Path::new("content/posts/x/index.md"));
    let rendered = markdown::render(
        LINKS,
        LinkBase {
            base_path: path,
            page_path: "/2024/02/post/",
        },
        &config.badges,
    );
    assert!(bulletin::escape::forbidden_char(&rendered.html).is_none());
});
