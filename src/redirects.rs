//! Redirect files for hosts that can answer a legacy URL with a real 301, which feed
//! readers and search engines follow (a meta refresh page is the fallback everywhere).
//!
//! - [`host_file`]: `_redirects`, read by Netlify and Cloudflare Pages: one
//!   `from to 301` line per legacy URL.
//! - [`nginx_map`]: the body of an nginx `map` block, one `"from" "to";` line per
//!   legacy URL, keyed by the decoded path nginx keeps in `$uri`.
//!
//! Both hold paths under the site's base path and are sorted by legacy URL, so the
//! files are deterministic.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::site::Site;

/// What must be escaped in a path written into `_redirects`: whitespace separates the
/// fields, and `#` starts a comment.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Every legacy URL with the post it goes to, both as links under the base path, then
/// the config's `redirects` of pages (to a link, or to another site's URL).
fn pairs(site: &Site) -> Vec<(String, String)> {
    let base = &site.config.base_url;
    let posts =
        (site.redirects.iter()).map(|r| (base.link(&r.from), base.link(&site.posts[r.to].path)));
    let pages = site.config.redirects.iter().map(|r| {
        let to = if r.leaves() {
            r.to.clone()
        } else {
            base.link(&r.to)
        };
        (base.link(&r.from), to)
    });
    posts.chain(pages).collect()
}

/// `_redirects`: the site's own rules (`static/_redirects`) first, then one 301 per
/// legacy URL.
pub fn host_file(site: &Site, own: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(own) = own.filter(|o| !o.trim().is_empty()) {
        out.push_str("# From static/_redirects\n");
        out.push_str(own.trim_end());
        out.push_str("\n\n");
    }
    out.push_str(
        "# Legacy URLs of posts (and `redirects` of pages), written by Bulletin: from, to, status.\n",
    );
    for (from, to) in pairs(site) {
        let from = utf8_percent_encode(&from, PATH_ESCAPES);
        let to = utf8_percent_encode(&to, PATH_ESCAPES);
        out.push_str(&format!("{from} {to} 301\n"));
    }
    out
}

/// `nginx-redirects.map`: lines for an nginx `map` on `$uri`, which holds the decoded
/// path. Include it as the README shows.
///
/// nginx compares a map's strings ignoring case, so a legacy URL that differs from a
/// page of the site only in case is left out (it would redirect the page to itself,
/// forever), as is one that differs from an earlier legacy URL only in case (nginx
/// refuses the file). Both are named in a comment.
pub fn nginx_map(site: &Site) -> String {
    let mut out = String::from(
        "# Legacy URLs of posts (and `redirects` of pages), written by Bulletin. In nginx's\n\
         # http block:\n\
         #   map $uri $bulletin_redirect { default \"\"; include nginx-redirects.map; }\n\
         # and in the server block:\n\
         #   if ($bulletin_redirect) { return 301 $bulletin_redirect; }\n",
    );
    let base = &site.config.base_url;
    let pages: std::collections::HashSet<String> = site
        .posts
        .iter()
        .map(|sp| base.link(&sp.path).to_lowercase())
        .collect();
    let mut keys = std::collections::HashSet::new();
    for (from, to) in pairs(site) {
        let from = percent_decode_str(&from).decode_utf8_lossy();
        let folded = from.to_lowercase();
        if pages.contains(&folded) {
            out.push_str(&format!("# left out, a page but for case: {from}\n"));
            continue;
        }
        if !keys.insert(folded) {
            out.push_str(&format!("# left out, another key but for case: {from}\n"));
            continue;
        }
        // `$` in the target would be read as a variable.
        let to = utf8_percent_encode(&to, PATH_ESCAPES)
            .to_string()
            .replace('$', "%24");
        out.push_str(&format!("{} {};\n", nginx_string(&from), nginx_string(&to)));
    }
    out
}

/// A quoted nginx string: `"` and `\` escaped. (A map's keys are not read for variables,
/// so `$` stays as it is.)
fn nginx_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_strings_are_quoted() {
        assert_eq!(nginx_string("/a b/"), "\"/a b/\"");
        assert_eq!(nginx_string("/a\"$x\\"), "\"/a\\\"$x\\\\\"");
    }

    #[test]
    fn paths_with_spaces_stay_one_field() {
        let encoded = utf8_percent_encode("/old page#1.html", PATH_ESCAPES).to_string();
        assert_eq!(encoded, "/old%20page%231.html");
        assert_eq!(
            utf8_percent_encode("/caf\u{e9}/", PATH_ESCAPES).to_string(),
            "/caf%C3%A9/"
        );
        // Existing escapes are kept as written.
        assert_eq!(
            utf8_percent_encode("/a%20b", PATH_ESCAPES).to_string(),
            "/a%20b"
        );
    }
}
