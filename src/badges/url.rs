//! The parts of a URL that badge rules look at, and how two URLs are told apart.

use percent_encoding::percent_decode_str;

/// The parts of an absolute http(s) URL that rules look at.
#[derive(Debug)]
pub(super) struct Url<'a> {
    /// Lower case, no `www.`, no port, no user info.
    pub(super) host: String,
    /// Percent-decoded, empty ones left out.
    pub(super) segments: Vec<String>,
    /// The query string without `?` (not decoded).
    pub(super) query: &'a str,
}

impl<'a> Url<'a> {
    pub(super) fn parse(url: &'a str) -> Option<Self> {
        let rest = strip_prefix_ci(url, "https://")
            .or_else(|| strip_prefix_ci(url, "http://"))
            .or_else(|| url.strip_prefix("//"))?;
        let rest = rest.split('#').next().unwrap_or("");
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = match rest.find(['/', '\\']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = if host_port.starts_with('[') {
            host_port.split(']').next().unwrap_or("")
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = strip_www(&host).to_string();
        if host.is_empty() {
            return None;
        }
        let segments = path
            .split(['/', '\\'])
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        Some(Url {
            host,
            segments,
            query,
        })
    }

    /// The first value of query parameter `key` (any case), decoded.
    pub(super) fn param(&self, key: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            k.eq_ignore_ascii_case(key).then(|| {
                percent_decode_str(&v.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }
}

/// May the `PEP 8` text rule make a badge of a link to `url`? Yes for http(s) and
/// relative URLs; not for `javascript:`, `mailto:` and other schemes.
pub(super) fn text_rule_may_link(url: &str) -> bool {
    if url.is_empty() {
        return false;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url[..end].find(':') {
        None => true,
        Some(i) => {
            let scheme = &url[..i];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
    }
}

/// The key under which [`group`] recognises the same URL.
pub(super) fn url_key(url: &str) -> String {
    let s = url.trim();
    let rest = strip_prefix_ci(s, "https://")
        .or_else(|| strip_prefix_ci(s, "http://"))
        .or_else(|| s.strip_prefix("//"))
        .unwrap_or(s);
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    let host = host.to_ascii_lowercase();
    let mut key = format!("{}{tail}", strip_www(&host));
    while key.ends_with('/') {
        key.pop();
    }
    key
}

pub(super) fn strip_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

pub(super) fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

pub(super) fn strip_suffix_ci<'s>(s: &'s str, suffix: &str) -> Option<&'s str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        s.get(..cut)
    } else {
        None
    }
}

pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}
