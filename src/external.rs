//! External links for `bulletin check --external`: each URL fetched once, many at a
//! time but at most [`PER_HOST`] per host, with a timeout, and the results kept in a
//! cache (`links.json` in Bulletin's cache folder) so a second run asks again only for
//! links that failed or are older than a day.
//!
//! Pages whose links carry a `#fragment` are read for their `id`s, so a docs anchor
//! that moved between pre-releases is found.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Requests in flight to one host, at most: politeness to docs.python.org and GitHub.
pub const PER_HOST: usize = 2;
/// Requests in flight in all.
pub const WORKERS: usize = 16;
/// How long one URL may take.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How long a good result is trusted.
const FRESH: u64 = 24 * 60 * 60;

/// What fetching a URL gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// A 2xx answer (after redirects); the page's ids when they were asked for.
    Ok {
        /// `id`s of the page, when read.
        ids: Option<BTreeSet<String>>,
    },
    /// An HTTP status that is not 2xx.
    Status(u16),
    /// No answer: DNS, connection, TLS, timeout.
    Failed(String),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// URL → (outcome, seconds since 1970 when checked).
    links: BTreeMap<String, (Outcome, u64)>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Fetches every URL of `urls` (no fragments); reads the ids of those in `with_ids`.
/// `cache` is the folder of the cache file, if any.
pub fn check(
    urls: &BTreeSet<String>,
    with_ids: &BTreeSet<String>,
    cache: Option<&Path>,
    timeout: Duration,
) -> BTreeMap<String, Outcome> {
    let file: Option<PathBuf> = cache.map(|d| d.join("links.json"));
    let mut known: Cache = file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut results = BTreeMap::new();
    let mut todo = VecDeque::new();
    for url in urls {
        match known.links.get(url) {
            Some((outcome @ Outcome::Ok { ids }, at))
                if now().saturating_sub(*at) < FRESH
                    && (ids.is_some() || !with_ids.contains(url)) =>
            {
                results.insert(url.clone(), outcome.clone());
            }
            _ => todo.push_back(url.clone()),
        }
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("bulletin-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new((todo, HashMap::<String, usize>::new()));
    let ready = Condvar::new();
    let fetched = Mutex::new(Vec::new());
    let workers = WORKERS.min(queue.lock().map_or(0, |q| q.0.len()));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    // The next URL whose host has room.
                    let url = {
                        let Ok(mut q) = queue.lock() else { return };
                        loop {
                            if q.0.is_empty() {
                                return;
                            }
                            let (todo, busy) = &mut *q;
                            let pick = todo.iter().position(|u| {
                                busy.get(host_of(u)).copied().unwrap_or(0) < PER_HOST
                            });
                            if let Some(i) = pick {
                                let url = todo.remove(i).expect("index from position");
                                *busy.entry(host_of(&url).to_string()).or_default() += 1;
                                break url;
                            }
                            q = match ready.wait(q) {
                                Ok(q) => q,
                                Err(_) => return,
                            };
                        }
                    };
                    let outcome = fetch(&agent, &url, with_ids.contains(&url));
                    if let Ok(mut q) = queue.lock()
                        && let Some(n) = q.1.get_mut(host_of(&url))
                    {
                        *n = n.saturating_sub(1);
                    }
                    ready.notify_all();
                    if let Ok(mut f) = fetched.lock() {
                        f.push((url, outcome));
                    }
                }
            });
        }
    });
    let stamp = now();
    for (url, outcome) in fetched.into_inner().unwrap_or_default() {
        if matches!(outcome, Outcome::Ok { .. }) {
            known.links.insert(url.clone(), (outcome.clone(), stamp));
        } else {
            known.links.remove(&url);
        }
        results.insert(url, outcome);
    }
    if let Some(file) = file
        && let Ok(json) = serde_json::to_vec(&known)
    {
        // A cache that cannot be written costs the next run time, nothing else.
        let _ = crate::fsutil::write_replacing(&file, &json);
    }
    results
}

/// Whether the `#fragment` of a link to `url` names an element a fetched page can be
/// searched for. Not: text fragments (`#:~:text=`), script routes (`#!/`, `#/`), and
/// GitHub's line and diff anchors, which its scripts resolve.
pub fn checkable(url: &str, fragment: &str) -> bool {
    let github = host_of(url) == "github.com";
    let github_line = |f: &str| {
        f.strip_prefix('L')
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            || f.starts_with("diff-")
    };
    let scripted = fragment.starts_with([':', '!', '/']) || github && github_line(fragment);
    !fragment.is_empty() && !scripted
}

/// Whether a fetched page has the id a fragment names. GitHub prefixes the ids of a
/// rendered README's headings with `user-content-`, and finds them by script.
pub fn has_id(ids: &BTreeSet<String>, fragment: &str) -> bool {
    ids.contains(fragment) || ids.contains(&format!("user-content-{fragment}"))
}

/// A URL as a browser sends it: spaces, quotes and non-ASCII characters after the host
/// percent-escaped (an author writes `café.html`; the request must say `caf%C3%A9.html`).
fn as_sent(url: &str) -> String {
    const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`');
    let host_end = url
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| url[start..].find('/').map(|p| p + start))
        .unwrap_or(url.len());
    let (head, rest) = url.split_at(host_end);
    format!(
        "{head}{}",
        percent_encoding::utf8_percent_encode(rest, ESCAPED)
    )
}

fn fetch(agent: &ureq::Agent, url: &str, ids: bool) -> Outcome {
    match agent.get(&as_sent(url)).call() {
        Ok(mut response) => {
            let status = response.status().as_u16();
            if !(200..300).contains(&status) {
                return Outcome::Status(status);
            }
            let ids = ids.then(|| {
                let html = response.body_mut().read_to_string().unwrap_or_default();
                crate::html::page_facts(&html).ids
            });
            Outcome::Ok { ids }
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_sent_escaped_after_the_host() {
        assert_eq!(
            as_sent("https://docs.example.org/a b/café.html?q=x y"),
            "https://docs.example.org/a%20b/caf%C3%A9.html?q=x%20y"
        );
        assert_eq!(as_sent("https://x.org/a%20b"), "https://x.org/a%20b");
        assert_eq!(as_sent("https://x.org"), "https://x.org");
    }

    #[test]
    fn fragments_that_scripts_resolve_are_not_checked() {
        let gh = "https://github.com/python/cpython/blob/main/Python/ceval.c";
        assert!(!checkable(gh, "L1141"));
        assert!(!checkable(gh, "L10-L12"));
        assert!(!checkable(
            "https://github.com/python/x/commit/0be4",
            "diff-79d9R12"
        ));
        assert!(checkable("https://github.com/python/cpython", "readme"));
        assert!(!checkable("https://docs.python.org/3/", ":~:text=asyncio"));
        assert!(!checkable("https://app.example.org/", "/settings"));
        assert!(checkable(
            "https://docs.python.org/3/whatsnew/3.12.html",
            "pep-695"
        ));
        assert!(checkable("https://example.org/", "L10"));
        let ids = BTreeSet::from(["user-content-install".to_string(), "x".to_string()]);
        assert!(has_id(&ids, "install") && has_id(&ids, "x") && !has_id(&ids, "y"));
    }
}
