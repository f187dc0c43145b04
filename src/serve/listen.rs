//! Accepting connections, so that no client can keep the preview server from the others.
//!
//! `axum::serve` sets no timeouts: a connection that sent half a request, or nothing,
//! stayed open for good, and about a thousand of them used up the usual open-files
//! limit, after which nobody was answered. Here hyper is driven directly:
//!
//! - A request's headers must arrive within [`HEADER_TIMEOUT`], counted from when the
//!   connection is ready for one: when it is accepted, and when the previous response
//!   was sent. So an idle keep-alive connection is closed after that time too.
//! - A response the client stops reading is dropped after [`SEND_TIMEOUT`] without
//!   progress. The live-reload event stream is a response being sent, so neither timeout
//!   ends it while the page reads it.
//! - At most [`max_connections`] are open at once, well below the open-files limit (the
//!   server raises its soft limit to the hard one at start, [`raise_open_files_limit`]).
//!   A new connection past that closes the one that has waited longest for its request,
//!   as nginx reuses such connections; failing that, the oldest live-reload stream (a
//!   page whose stream is closed opens another). A connection busy with any other
//!   request is never closed for this, so streams nobody reads cannot lock others out.
//! - `accept` failing for want of file descriptors closes a few such waiting
//!   connections too, and pauses briefly instead of trying again at once.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::Request;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// How long a client has to send a request's headers once the connection is ready for
/// one (just accepted, or idle after a response).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a response may wait for the client to read more of it.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// The most connections kept open, whatever the open-files limit: a preview has a few
/// browsers (each opens at most six connections to a host) and tools.
const MOST_CONNECTIONS: usize = 1024;
/// The soft open-files limit is raised no higher than this.
#[cfg(unix)]
const MOST_OPEN_FILES: libc::rlim_t = 1 << 16;
/// The pause after `accept` failed: when waiting connections were closed to make room
/// (time for their tasks to close them), and when none could be.
const PAUSE_AFTER_CLOSING: Duration = Duration::from_millis(10);
const PAUSE: Duration = Duration::from_millis(100);
/// How many waiting connections are closed when `accept` finds no file descriptor.
const CLOSE_AT_ONCE: usize = 32;
/// The same complaint is printed at most once in this time.
const NOTE_EVERY: Duration = Duration::from_secs(60);

/// Raises the soft limit on open files to the hard limit (at most 65,536), and returns
/// the soft limit now in force, when there is one.
pub fn raise_open_files_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes only the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return None;
        }
        let wanted = limit.rlim_max.min(MOST_OPEN_FILES);
        if wanted > limit.rlim_cur {
            let raised = libc::rlimit {
                rlim_cur: wanted,
                rlim_max: limit.rlim_max,
            };
            // SAFETY: setrlimit reads only the struct it is given.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit.rlim_cur = wanted;
            }
        }
        (limit.rlim_cur != libc::RLIM_INFINITY)
            .then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    None
}

/// How many connections are kept open with this open-files limit: a quarter of the
/// files (32 to 256) stay free for the site's own files, the watcher and the runtime.
pub fn max_connections(open_files: Option<usize>) -> usize {
    match open_files {
        None => MOST_CONNECTIONS,
        Some(n) => {
            let reserve = (n / 4).clamp(32, 256);
            n.saturating_sub(reserve).clamp(8, MOST_CONNECTIONS)
        }
    }
}

/// Serves `router` on `listener` until the task is dropped.
pub async fn run(listener: TcpListener, router: axum::Router, max: usize) -> io::Result<()> {
    let open = Arc::new(Open::new(max));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true);
    let (accept_failed, full) = (Note::default(), Note::default());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // The client gave up before it was accepted.
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors (or memory): connections still waiting for a
                // request make room (a batch, as nginx does, since the connections
                // queued behind this one need room too), and the next try waits a moment.
                let closed = open.close_longest_waiting(CLOSE_AT_ONCE);
                accept_failed.say(|| {
                    format!(
                        "cannot accept a connection ({e}); {}",
                        if closed > 0 {
                            "closing those that waited longest for a request"
                        } else {
                            "trying again shortly"
                        }
                    )
                });
                tokio::time::sleep(if closed > 0 {
                    PAUSE_AFTER_CLOSING
                } else {
                    PAUSE
                })
                .await;
                continue;
            }
        };
        if open.full() {
            let closed = open.close_longest_waiting(1) == 1 || open.close_oldest_stream();
            full.say(|| {
                if closed {
                    format!(
                        "{max} connections are open, the most this server keeps; closing \
                         those that waited longest for a request"
                    )
                } else {
                    format!("{max} connections are open, each busy with a request; refused another")
                }
            });
            if !closed {
                continue;
            }
        }
        // Live-reload events are small writes that should leave at once.
        let _ = stream.set_nodelay(true);
        let (conn, slot) = open.add();
        tokio::spawn(serve_connection(
            stream,
            conn,
            slot,
            router.clone(),
            http.clone(),
        ));
    }
}

/// Errors of one connection that did not make it, after which accepting goes on.
fn is_connection_error(e: &io::Error) -> bool {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    )
}

/// Serves one connection until it ends, its send timeout passes, or it is closed to
/// make room.
async fn serve_connection(
    stream: TcpStream,
    conn: Arc<Conn>,
    slot: Slot,
    router: axum::Router,
    http: http1::Builder,
) {
    let _slot = slot;
    let inner = TowerToHyperService::new(router);
    let busy_conn = Arc::clone(&conn);
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        // The headers are complete: from now on the connection is busy until the
        // response has been sent (or dropped).
        let busy = Busy::start(&busy_conn);
        if request.uri().path() == super::http::EVENTS {
            busy_conn.streaming.store(true, Ordering::Relaxed);
        }
        let response = hyper::service::Service::call(&inner, request);
        async move {
            let response = match response.await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            Ok::<_, Infallible>(response.map(|body| Tracked { body, _busy: busy }))
        }
    });
    let io = TokioIo::new(Watched {
        io: stream,
        conn: Arc::clone(&conn),
    });
    let mut connection = std::pin::pin!(http.serve_connection(io, service));
    loop {
        let stalled_until = conn.stalled_since().map(|t| t + SEND_TIMEOUT);
        tokio::select! {
            // Errors (a header timeout, a bad request, a reset) end only this connection.
            _ = connection.as_mut() => return,
            () = conn.wake.notified() => {}
            () = sleep_until(stalled_until) => {}
        }
        if conn.closing.load(Ordering::Relaxed) {
            return;
        }
        if conn
            .stalled_since()
            .is_some_and(|t| t.elapsed() >= SEND_TIMEOUT)
        {
            return;
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// The open connections.
struct Open {
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
    next_id: AtomicU64,
    max: usize,
    /// Times are kept as milliseconds since this.
    epoch: Instant,
}

impl Open {
    fn new(max: usize) -> Self {
        Self {
            conns: Mutex::new(HashMap::with_capacity(max.min(64))),
            next_id: AtomicU64::new(0),
            max,
            epoch: Instant::now(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn count(&self) -> usize {
        self.lock().len()
    }

    /// True when no more may be opened (those closing still count: their files are).
    fn full(&self) -> bool {
        self.count() >= self.max
    }

    /// A new connection, open until its slot is dropped.
    fn add(self: &Arc<Self>) -> (Arc<Conn>, Slot) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            epoch: self.epoch,
            in_flight: AtomicUsize::new(0),
            waiting_since: AtomicU64::new(0),
            stalled_since: AtomicU64::new(0),
            closing: AtomicBool::new(false),
            streaming: AtomicBool::new(false),
            wake: Notify::new(),
        });
        conn.waiting_since.store(conn.now(), Ordering::Relaxed);
        self.lock().insert(id, Arc::clone(&conn));
        (
            conn,
            Slot {
                open: Arc::clone(self),
                id,
            },
        )
    }

    /// Closes up to `n` of the connections that have waited longest for a request
    /// (fresh or idle, not serving one); returns how many. None when every connection
    /// is busy.
    fn close_longest_waiting(&self, n: usize) -> usize {
        let conns = self.lock();
        let mut waiting: Vec<&Arc<Conn>> = conns
            .values()
            .filter(|c| c.in_flight.load(Ordering::Relaxed) == 0)
            .filter(|c| !c.closing.load(Ordering::Relaxed))
            .collect();
        if n == 0 {
            return 0;
        }
        if waiting.len() > n {
            waiting.select_nth_unstable_by_key(n - 1, |c| c.waiting_since.load(Ordering::Relaxed));
            waiting.truncate(n);
        }
        for conn in &waiting {
            conn.closing.store(true, Ordering::Relaxed);
            conn.wake.notify_one();
        }
        waiting.len()
    }
}

impl Open {
    /// Closes the live-reload stream open longest, if there is one.
    fn close_oldest_stream(&self) -> bool {
        let conns = self.lock();
        let oldest = conns
            .values()
            .filter(|c| c.streaming.load(Ordering::Relaxed))
            .filter(|c| !c.closing.load(Ordering::Relaxed))
            .min_by_key(|c| c.waiting_since.load(Ordering::Relaxed));
        match oldest {
            Some(conn) => {
                conn.closing.store(true, Ordering::Relaxed);
                conn.wake.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A connection's place among the open ones, given up when its task ends.
struct Slot {
    open: Arc<Open>,
    id: u64,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.lock().remove(&self.id);
    }
}

/// What the accept loop and a connection's task know of the connection.
struct Conn {
    epoch: Instant,
    /// Requests whose headers are in and whose response is not yet sent (0 or 1).
    in_flight: AtomicUsize,
    /// Since when (ms) it has been waiting for a request.
    waiting_since: AtomicU64,
    /// Since when (ms, plus one) a write has been waiting for the client to read; 0 while
    /// writes go through.
    stalled_since: AtomicU64,
    /// Asked to close, to make room.
    closing: AtomicBool,
    /// Serving the live-reload stream, which may be closed to make room.
    streaming: AtomicBool,
    /// Wakes the connection's task: to close, or to time a write that waits.
    wake: Notify,
}

impl Conn {
    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn stalled_since(&self) -> Option<Instant> {
        match self.stalled_since.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(self.epoch + Duration::from_millis(ms - 1)),
        }
    }

    /// Notes whether a write had to wait for the client.
    fn wrote(&self, waiting: bool) {
        if !waiting {
            self.stalled_since.store(0, Ordering::Relaxed);
        } else if self.stalled_since.load(Ordering::Relaxed) == 0 {
            self.stalled_since.store(self.now() + 1, Ordering::Relaxed);
            self.wake.notify_one();
        }
    }
}

/// Marks its connection busy while a request is served.
struct Busy(Arc<Conn>);

impl Busy {
    fn start(conn: &Arc<Conn>) -> Self {
        conn.in_flight.fetch_add(1, Ordering::Relaxed);
        Self(Arc::clone(conn))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.waiting_since.store(self.0.now(), Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A response body that keeps its connection busy until it is sent or dropped.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, noting when writes wait for the client to read.
struct Watched {
    io: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write(cx, buf);
        self.conn.wrote(r.is_pending());
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.conn.wrote(r.is_pending());
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// A complaint printed at most once a minute, so that a flood of connections cannot
/// flood the terminal.
#[derive(Default)]
struct Note {
    last: Mutex<Option<Instant>>,
}

impl Note {
    fn say(&self, text: impl FnOnce() -> String) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if last.is_some_and(|t| t.elapsed() < NOTE_EVERY) {
            return;
        }
        *last = Some(Instant::now());
        eprintln!("{}", text());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_stay_well_below_the_open_files_limit() {
        assert_eq!(max_connections(Some(256)), 192);
        assert_eq!(max_connections(Some(1024)), 768);
        assert_eq!(max_connections(Some(4096)), MOST_CONNECTIONS);
        assert_eq!(max_connections(Some(40)), 8);
        assert_eq!(max_connections(Some(0)), 8);
        assert_eq!(max_connections(None), MOST_CONNECTIONS);
    }

    #[test]
    fn the_connection_waiting_longest_is_closed_never_a_busy_one() {
        let open = Arc::new(Open::new(3));
        let (a, _sa) = open.add();
        let (b, _sb) = open.add();
        let (c, sc) = open.add();
        a.waiting_since.store(5, Ordering::Relaxed);
        b.waiting_since.store(1, Ordering::Relaxed);
        c.waiting_since.store(3, Ordering::Relaxed);
        let busy = Busy::start(&b);
        assert!(open.full());
        assert_eq!(open.close_longest_waiting(1), 1);
        assert!(c.closing.load(Ordering::Relaxed), "not the longest waiting");
        assert!(!b.closing.load(Ordering::Relaxed), "a busy one was closed");
        drop(sc);
        assert_eq!(open.count(), 2);
        assert!(!open.full());
        assert_eq!(open.close_longest_waiting(5), 1, "closed a busy one");
        assert!(a.closing.load(Ordering::Relaxed));
        assert_eq!(open.close_longest_waiting(1), 0, "only a busy one is left");
        drop(busy);
        assert_eq!(open.close_longest_waiting(1), 1);
        assert!(b.closing.load(Ordering::Relaxed));
    }

    #[test]
    fn when_all_are_busy_the_oldest_live_reload_stream_makes_room() {
        let open = Arc::new(Open::new(3));
        let (page, _sp) = open.add();
        let (old, _so) = open.add();
        let (new, _sn) = open.add();
        let busy: Vec<Busy> = [&page, &old, &new].iter().map(|c| Busy::start(c)).collect();
        old.waiting_since.store(1, Ordering::Relaxed);
        new.waiting_since.store(2, Ordering::Relaxed);
        page.waiting_since.store(0, Ordering::Relaxed);
        assert!(!open.close_oldest_stream(), "no stream yet");
        old.streaming.store(true, Ordering::Relaxed);
        new.streaming.store(true, Ordering::Relaxed);
        assert_eq!(open.close_longest_waiting(1), 0);
        assert!(open.close_oldest_stream());
        assert!(old.closing.load(Ordering::Relaxed), "the oldest stream");
        assert!(
            !page.closing.load(Ordering::Relaxed),
            "never a page being sent"
        );
        assert!(open.close_oldest_stream());
        assert!(new.closing.load(Ordering::Relaxed));
        assert!(!open.close_oldest_stream(), "only the page is left");
        drop(busy);
    }

    #[test]
    fn a_write_that_waits_is_timed_from_when_it_first_waited() {
        let open = Arc::new(Open::new(1));
        let (conn, _slot) = open.add();
        assert_eq!(conn.stalled_since(), None);
        conn.wrote(true);
        let since = conn.stalled_since().expect("stalled");
        std::thread::sleep(Duration::from_millis(5));
        conn.wrote(true);
        assert_eq!(conn.stalled_since(), Some(since));
        conn.wrote(false);
        assert_eq!(conn.stalled_since(), None);
    }
}
