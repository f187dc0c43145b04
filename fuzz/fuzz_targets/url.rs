//! The URL functions, with what src/url.rs promises of them.
//!
//! Input: one string, given to every function (and, when it does not start with `/`,
//! to `output_file` with one in front as well).
#![no_main]

use bulletin::url::{self, BaseUrl, MAX_PATH, MAX_SEGMENT};
use libfuzzer_sys::fuzz_target;

/// `output_file`'s promise: a plain relative path inside the output folder.
fn check_output_file(site_path: &str) {
    let Ok(file) = url::output_file(site_path) else {
        return;
    };
    assert!(!file.is_empty());
    assert!(!file.starts_with('/'), "{site_path:?} → {file:?}");
    assert!(!file.contains('\\'), "{site_path:?} → {file:?}");
    assert!(!file.contains('\0'), "{site_path:?} → {file:?}");
    assert!(
        !file.chars().any(char::is_control),
        "{site_path:?} → {file:?}"
    );
    assert!(
        file.len() <= MAX_PATH,
        "{site_path:?} → {} bytes",
        file.len()
    );
    for seg in file.split('/') {
        assert!(!seg.is_empty(), "{site_path:?} → {file:?}: empty segment");
        assert!(seg != "." && seg != "..", "{site_path:?} → {file:?}");
        assert!(
            seg.len() <= 255,
            "{site_path:?} → a segment of {} bytes",
            seg.len()
        );
    }
    let last = file.rsplit('/').next().unwrap_or("");
    assert!(
        last.rsplit_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty()),
        "{site_path:?} → {file:?}: the last segment has no extension"
    );
    // Its own path maps to it again (when decoding cannot change it).
    if !file.contains(['%', '?', '#']) {
        assert_eq!(
            url::output_file(&format!("/{file}")).as_deref(),
            Ok(file.as_str())
        );
    }
}

fn check_base_url(text: &str) {
    let Ok(base) = BaseUrl::parse(text) else {
        return;
    };
    let path = base.path();
    assert!(
        path.starts_with('/') && path.ends_with('/'),
        "{text:?} → {path:?}"
    );
    let full = base.full();
    assert!(
        full.starts_with("https://") || full.starts_with("http://"),
        "{full:?}"
    );
    assert!(full.ends_with(path));
    assert_eq!(
        BaseUrl::parse(&full).as_ref(),
        Ok(&base),
        "{text:?} → {full:?}"
    );
    for site_path in ["/", "/2024/02/x/", "x.html", text] {
        let link = base.link(site_path);
        assert!(link.starts_with(path), "{link:?}");
        assert_eq!(base.absolute(site_path), base.absolute_from_link(&link));
        assert!(base.absolute(site_path).starts_with(&full));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check_output_file(s);
    if !s.starts_with('/') {
        check_output_file(&format!("/{s}"));
    }
    check_base_url(s);

    // A tag's segment is one plain segment, and its page a file.
    let seg = url::tag_segment(s);
    assert!(url::is_plain_segment(&seg), "{s:?} → {seg:?}");
    assert!(seg.len() <= MAX_SEGMENT);
    assert!(
        url::output_file(&format!("/tags/{seg}/")).is_ok(),
        "{s:?} → {seg:?}"
    );

    // An author id: lower-case ASCII letters, digits and single inner dashes.
    let slug = url::slugify(s);
    assert!(url::is_plain_segment(&slug), "{s:?} → {slug:?}");
    assert!(slug.len() <= MAX_SEGMENT);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{s:?} → {slug:?}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-'),
        "{s:?} → {slug:?}"
    );

    // A plain segment (a post's slug) is a page of its own.
    if url::is_plain_segment(s) {
        assert!(url::output_file(&format!("/{s}/")).is_ok(), "{s:?}");
    }

    // Reserved names compare without case.
    assert_eq!(url::reserved(s), url::reserved(&s.to_ascii_uppercase()));
    let _ = url::is_external(s);
});
