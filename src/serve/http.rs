//! The preview server's HTTP side: files of the output folder, with the right types and
//! statuses, plus the live-reload channel.
//!
//! `GET` and `HEAD` serve files of the private output folder; a folder's `index.html`
//! answers for the folder, and `/x` is sent to `/x/` when `x` is a folder with one.
//! A path is decoded once, then refused (400) if a segment is `..` or `.`, holds a
//! NUL or a backslash: nothing outside the output folder can be named, and symbolic
//! links are never followed (the output folder holds none). Anything else not found
//! gets the site's 404 page with status 404.
//!
//! While the first render is writing the folder, a request waits at the
//! [`Gate`] until the files it may name are written.
//!
//! HTML pages get a small script that listens on `/__bulletin/events` (server-sent
//! events) and reloads the page when the site changed, or swaps the stylesheets when
//! only CSS did; while the site has errors, they also get an overlay listing them.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::gate::Gate;

/// The script pages load for live reload and the error overlay.
const LIVE_JS: &str = include_str!("live.js");
/// Where the server answers with its own files: [`crate::url::SERVE_PREFIX`], which no
/// page or file of a site may take.
pub const PREFIX: &str = "/__bulletin/";
/// The live-reload event stream: a response that lasts as long as the page is open.
pub const EVENTS: &str = "/__bulletin/events";

/// What the server tells open pages.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// The site changed (or its problems did): reload. Carries the new version.
    Reload(u64),
    /// Only these stylesheets changed (paths under the site root).
    Css(u64, Vec<String>),
}

/// State shared by the server and the rebuild loop.
#[derive(Debug)]
pub struct Shared {
    /// The folder being served.
    pub out: PathBuf,
    /// Bumped by every update that changed something; pages carry the version they
    /// were served at and reload when they see a newer one on connecting.
    pub version: AtomicU64,
    /// HTML shown on every page while the site has errors; empty when it has none.
    pub overlay: RwLock<String>,
    /// Live-reload events.
    pub events: broadcast::Sender<LiveEvent>,
    /// Holds requests back while the first render writes the folder.
    pub gate: Arc<Gate>,
}

impl Shared {
    /// Serves `out`, as far as `gate` lets through.
    pub fn new(out: PathBuf, gate: Arc<Gate>) -> Self {
        Self {
            out,
            gate,
            version: AtomicU64::new(1),
            overlay: RwLock::new(String::new()),
            events: broadcast::channel(64).0,
        }
    }

    /// Tells open pages about an update.
    pub fn publish(&self, css_only: Option<Vec<String>>) {
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        let event = match css_only {
            Some(files) => LiveEvent::Css(version, files),
            None => LiveEvent::Reload(version),
        };
        // No receiver (no page open) is fine.
        let _ = self.events.send(event);
    }
}

/// The router: everything goes to [`respond`].
pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(respond).with_state(shared)
}

async fn respond(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let mut response = match uri.path() {
        EVENTS => events(&shared).into_response(),
        "/__bulletin/live.js" => typed(StatusCode::OK, "text/javascript; charset=utf-8", LIVE_JS),
        _ => file(&shared, &uri).await,
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn events(
    shared: &Shared,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<>> {
    // Subscribed first: an update published meanwhile is then either in the version
    // sent now or among the events that follow.
    let receiver = shared.events.subscribe();
    let version = shared.version.load(Ordering::SeqCst);
    let hello = Event::default().event("hello").data(version.to_string());
    let updates = BroadcastStream::new(receiver).map(move |e| {
        Ok(match e {
            Ok(LiveEvent::Css(v, files)) => Event::default()
                .event("css")
                .data(serde_json::json!({ "version": v, "files": files }).to_string()),
            Ok(LiveEvent::Reload(v)) => Event::default().event("reload").data(v.to_string()),
            // Missed events: the page is behind, so it reloads.
            Err(_) => Event::default().event("reload").data("0"),
        })
    });
    Sse::new(tokio_stream::once(Ok(hello)).chain(updates)).keep_alive(KeepAlive::default())
}

/// Why a request path cannot name a file.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Percent-encoding that does not decode to UTF-8.
    Encoding,
    /// A `..` or `.` segment, a NUL or a backslash.
    Unsafe,
}

/// The file a request path names, relative to the output folder, decoded: `""` for
/// the root, `a/b/` for a folder, `a/b.css` for a file.
pub fn site_file(path: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| BadPath::Encoding)?;
    let rel = decoded.strip_prefix('/').unwrap_or(&decoded);
    let unsafe_segment = rel.split('/').any(|s| s == ".." || s == ".");
    if unsafe_segment || rel.starts_with('/') || rel.contains(['\0', '\\']) || rel.contains("//") {
        return Err(BadPath::Unsafe);
    }
    Ok(rel.to_string())
}

async fn file(shared: &Shared, uri: &Uri) -> Response {
    let rel = match site_file(uri.path()) {
        Ok(rel) => rel,
        Err(_) => return plain(StatusCode::BAD_REQUEST, "bad path\n"),
    };
    if !shared.gate.is_open() {
        shared.gate.wait(&candidates(&rel)).await;
    }
    let mut path = shared.out.join(&rel);
    if rel.is_empty() || rel.ends_with('/') {
        path.push("index.html");
    } else if is_dir(&path).await && is_file(&path.join("index.html")).await {
        let location = match uri.query() {
            Some(q) => format!("{}/?{q}", uri.path()),
            None => format!("{}/", uri.path()),
        };
        let mut r = plain(StatusCode::MOVED_PERMANENTLY, "moved\n");
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    } else if !is_file(&path).await {
        // A page written as `name.html` is served at `name`, as static hosts do.
        let mut html = path.clone().into_os_string();
        html.push(".html");
        if is_file(Path::new(&html)).await {
            path = html.into();
        }
    }
    // The version is read before the file: a page never claims to be newer than it is.
    let version = shared.version.load(Ordering::SeqCst);
    if is_file(&path).await
        && let Ok(bytes) = tokio::fs::read(&path).await
    {
        return page(shared, version, StatusCode::OK, &path, bytes);
    }
    // The file named was not written (its page failed): the 404 page may still be.
    if !shared.gate.is_open() {
        shared.gate.wait(&["404.html".to_string()]).await;
    }
    let not_found = shared.out.join("404.html");
    match tokio::fs::read(&not_found).await {
        Ok(bytes) => page(shared, version, StatusCode::NOT_FOUND, &not_found, bytes),
        Err(_) => page(
            shared,
            version,
            StatusCode::NOT_FOUND,
            Path::new("404.html"),
            b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
        ),
    }
}

/// The files a request for `rel` can be answered with, in the order they are tried.
fn candidates(rel: &str) -> Vec<String> {
    if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![
            rel.to_string(),
            format!("{rel}/index.html"),
            format!("{rel}.html"),
        ]
    }
}

/// A regular file, not a link (the output folder holds none; this keeps it so).
async fn is_file(path: &Path) -> bool {
    tokio::fs::symlink_metadata(path)
        .await
        .is_ok_and(|m| m.is_file())
}

async fn is_dir(path: &Path) -> bool {
    tokio::fs::symlink_metadata(path)
        .await
        .is_ok_and(|m| m.is_dir())
}

fn page(
    shared: &Shared,
    version: u64,
    status: StatusCode,
    path: &Path,
    bytes: Vec<u8>,
) -> Response {
    let kind = content_type(path, &bytes);
    if !kind.starts_with("text/html") {
        return typed(status, kind, bytes);
    }
    let overlay = shared.overlay.read().map(|o| o.clone()).unwrap_or_default();
    let html = inject(
        &String::from_utf8_lossy(&bytes),
        &format!(
            "{overlay}<script src=\"{PREFIX}live.js\" data-version=\"{version}\" defer></script>"
        ),
    );
    typed(status, kind, html)
}

/// Puts `snippet` just before the page's last `</body>`, or at its end.
pub fn inject(html: &str, snippet: &str) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + snippet.len());
    out.push_str(&html[..at]);
    out.push_str(snippet);
    out.push_str(&html[at..]);
    out
}

/// The `Content-Type` of a file of the site. Text types say UTF-8 (Bulletin writes
/// nothing else); an extensionless file is XML when it says so (the Blogger feed path).
pub fn content_type(path: &Path, bytes: &[u8]) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml" | "xsl") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some(_) => mime_guess::from_path(path)
            .first_raw()
            .unwrap_or("application/octet-stream"),
        None if bytes.starts_with(b"<?xml") => "application/xml; charset=utf-8",
        None => "application/octet-stream",
    }
}

fn typed(status: StatusCode, kind: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    typed(status, "text/plain; charset=utf-8", text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_the_one_sites_cannot_use() {
        assert_eq!(PREFIX, format!("/{}", crate::url::SERVE_PREFIX));
        assert!(crate::url::reserved(&format!("{}live.js", crate::url::SERVE_PREFIX)).is_some());
    }

    #[test]
    fn request_paths_cannot_leave_the_site() {
        assert_eq!(site_file("/"), Ok(String::new()));
        assert_eq!(site_file("/2024/02/x/"), Ok("2024/02/x/".into()));
        assert_eq!(site_file("/a%20b.png"), Ok("a b.png".into()));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a/%2e/b",
            "/a%5c..%5cb",
            "/a%00b",
            "//etc/passwd",
            "/a//b",
        ] {
            assert_eq!(site_file(bad), Err(BadPath::Unsafe), "{bad}");
        }
        assert_eq!(site_file("/%ff"), Err(BadPath::Encoding));
    }

    #[test]
    fn content_types() {
        let t = |p: &str, b: &[u8]| content_type(Path::new(p), b);
        assert_eq!(t("a/index.html", b""), "text/html; charset=utf-8");
        assert_eq!(t("style.css", b""), "text/css; charset=utf-8");
        assert_eq!(t("site.js", b""), "text/javascript; charset=utf-8");
        assert_eq!(t("rss.xml", b""), "application/xml; charset=utf-8");
        assert_eq!(t("search-index.json", b""), "application/json");
        assert_eq!(
            t("feeds/posts/default", b"<?xml version"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(t("x/social.png", b""), "image/png");
        assert_eq!(t("favicon.svg", b""), "image/svg+xml");
        assert_eq!(t("blob", b"\x00"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        assert_eq!(
            inject("<body>x</body></html>", "S"),
            "<body>xS</body></html>"
        );
        assert_eq!(inject("no body", "S"), "no bodyS");
    }
}
