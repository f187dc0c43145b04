//! `bulletin serve`: builds the site into a private temporary folder, serves it over
//! HTTP, and keeps it up to date as files change.
//!
//! [`live`] re-renders what a change affects, [`watch`] turns file-system events into
//! batches of changed paths, [`http`] serves the folder and tells open pages to reload,
//! [`listen`] accepts connections (with timeouts and a limit), and [`private`] makes
//! the temporary folder. The site's own `public/` is never touched, and the temporary
//! folder is removed on Ctrl-C (or by the next server, when this one was killed).

pub mod gate;
pub mod http;
pub mod listen;
pub mod live;
pub mod private;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::site::Selection;
use live::{Changes, Live, Outcome};

/// The port tried first when none is given; the next free one is taken if it is busy.
pub const DEFAULT_PORT: u16 = 1111;

/// What `bulletin serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; None: [`DEFAULT_PORT`] or the next free one. 0: any free port.
    pub port: Option<u16>,
    /// Which unpublished posts to include.
    pub selection: Selection,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Called after every update, when the memory of the previous model is free: the
    /// binary uses it to hand that memory back to the system.
    pub after_update: Option<fn()>,
}

/// Binds the port: the one asked for, else the default or the next free one after it.
fn bind(opts: &ServeOptions) -> Result<TcpListener, Diagnostic> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 100).collect(),
    };
    let mut last = None;
    for port in ports {
        match TcpListener::bind(SocketAddr::new(opts.bind, port)) {
            Ok(l) => {
                longer_backlog(&l);
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    let e = last.map_or_else(|| "no port to try".to_string(), |e| e.to_string());
    Err(
        Diagnostic::error(format!("cannot listen on {}: {e}", opts.bind)).help(match opts.port {
            Some(_) => "pick another --port, or --port 0 for any free one",
            None => "pass --port 0 to take any free port",
        }),
    )
}

/// Lets more connections wait to be accepted than the 128 the standard library asks
/// for: in a burst (a flood of half-open connections, which the server then closes) a
/// connection that does not fit waits a second for its SYN to be sent again.
fn longer_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: listen on a socket that is already listening only sets its backlog
        // (the kernel caps it at somaxconn); the descriptor is valid while `listener` is.
        unsafe {
            libc::listen(listener.as_raw_fd(), 1024);
        }
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// The overlay pages show while the site has errors (empty when it has none).
pub fn overlay_html(problems: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = problems.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return String::new();
    }
    let mut list = String::new();
    for d in &errors {
        list.push_str("<li><pre>");
        crate::escape::escape_into(&mut list, &d.to_string());
        list.push_str("</pre></li>");
    }
    format!(
        "<div id=\"bulletin-overlay\" role=\"alertdialog\" aria-modal=\"false\" \
         aria-labelledby=\"bulletin-overlay-title\"><style>{OVERLAY_CSS}</style>\
         <div class=\"bo-box\"><p class=\"bo-head\"><strong id=\"bulletin-overlay-title\">\
         {n} error{s} in the site</strong> <span>The last good version of each page is \
         shown. Save a fix and this clears by itself.</span>\
         <button type=\"button\">Dismiss</button></p><ol>{list}</ol></div></div>",
        n = errors.len(),
        s = if errors.len() == 1 { "" } else { "s" },
    )
}

const OVERLAY_CSS: &str = "#bulletin-overlay{position:fixed;inset:0;z-index:2147483647;\
background:rgba(15,15,20,.72);overflow:auto;padding:4vh 3vw;font:15px/1.5 system-ui,sans-serif}\
#bulletin-overlay .bo-box{max-width:60rem;margin:0 auto;background:#1c1b22;color:#f4f4f6;\
border-top:4px solid #ff5f56;border-radius:8px;padding:1rem 1.25rem;\
box-shadow:0 10px 40px rgba(0,0,0,.5)}\
#bulletin-overlay .bo-head{margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}\
#bulletin-overlay .bo-head strong{color:#ff8a80;font-size:1.1rem}\
#bulletin-overlay .bo-head span{flex:1 1 20rem;color:#c9c9d1}\
#bulletin-overlay button{font:inherit;color:inherit;background:#33323b;border:1px solid #55545e;\
border-radius:6px;padding:.2rem .7rem;cursor:pointer}\
#bulletin-overlay ol{margin:0;padding:0;list-style:none}\
#bulletin-overlay li{margin:.5rem 0}\
#bulletin-overlay pre{margin:0;white-space:pre-wrap;word-break:break-word;background:#111016;\
color:#f4f4f6;padding:.75rem;border-radius:6px;font:13px/1.45 ui-monospace,monospace}";

/// Prints what an update did. Problems are printed when they differ from last time;
/// an update that changed nothing prints nothing. The `first` update, which writes the
/// whole site, always says how many files it wrote.
fn report(outcome: &Outcome, last: &mut Vec<String>, first: bool) {
    let now: Vec<String> = outcome.problems.iter().map(ToString::to_string).collect();
    let changed = outcome.written.len() + outcome.removed.len();
    if !first && changed == 0 && now == *last {
        return;
    }
    let mut err = std::io::stderr().lock();
    if now != *last {
        for p in &now {
            let _ = writeln!(err, "{p}");
        }
        *last = now;
    }
    let errors = outcome.problems.iter().filter(|d| d.is_error()).count();
    let ms = outcome.elapsed.as_secs_f64() * 1000.0;
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    if first {
        let _ = writeln!(err, "wrote the site: {} in {ms:.1} ms", files(changed));
    }
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        let _ = writeln!(
            err,
            "{errors} error{s} (shown on every page); the last good version of each page is served"
        );
    } else if !first {
        let _ = writeln!(err, "updated {} in {ms:.1} ms", files(changed));
    }
}

/// Serves the site until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<(), Diagnostic> {
    let open_files = listen::raise_open_files_limit();
    crate::require_source(&opts.source)?;
    let source = opts
        .source
        .canonicalize()
        .map_err(|e| Diagnostic::io("open the site folder", &opts.source, &e))?;
    let listener = bind(opts)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(format!("cannot read the bound address: {e}")))?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let root = private::private_root();
    for stale in private::remove_stale(&root) {
        eprintln!(
            "removed {}, left by a server that was killed",
            stale.display()
        );
    }
    let tmp = private::PrivateDir::create(&root).map_err(|e| {
        Diagnostic::error(format!(
            "cannot make a temporary folder in {}: {e}",
            root.display()
        ))
        .help("set TMPDIR to a folder you can write to")
    })?;

    let mut live = Live::new(live::Options {
        source: source.clone(),
        shown: crate::shown_root(&opts.source),
        base_url: url.clone(),
        selection: opts.selection,
        out: tmp.site(),
    });
    // The server listens while the first render writes the site: a request waits for
    // the files it names, which are written next.
    let gate = Arc::new(gate::Gate::default());
    live.set_gate(Arc::clone(&gate));
    let shared = Arc::new(http::Shared::new(tmp.site(), Arc::clone(&gate)));
    let (fatal_tx, fatal_rx) = tokio::sync::oneshot::channel::<Diagnostic>();
    let loop_shared = Arc::clone(&shared);
    let after = opts.after_update;
    std::thread::spawn(move || {
        if let Err(d) = first_then_follow(live, &source, &loop_shared, after) {
            let _ = fatal_tx.send(d);
        }
    });

    // Files are read on tokio's blocking threads; a few are plenty for a preview, and
    // every extra thread keeps its own stack and allocator heap.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    let open = opts.open;
    let result = runtime.block_on(async move {
        let start = |e: std::io::Error| Diagnostic::error(format!("cannot start the server: {e}"));
        // Before the address is printed: Ctrl-C from then on stops the server cleanly.
        let stop = stop_signals().map_err(start)?;
        let listener = listener
            .set_nonblocking(true)
            .and_then(|()| tokio::net::TcpListener::from_std(listener))
            .map_err(start)?;
        // Not println!: a closed standard output must not stop the server.
        let _ = writeln!(std::io::stdout(), "serving {url} (press Ctrl-C to stop)");
        let _ = std::io::stdout().flush();
        if open && let Err(e) = webbrowser::open(&url) {
            eprintln!("could not open a browser ({e}); open {url} yourself");
        }
        let max = listen::max_connections(open_files);
        let server = listen::run(listener, http::router(shared), max);
        // Open pages hold event streams forever, so Ctrl-C ends the server at once
        // rather than waiting for connections to close.
        let result = tokio::select! {
            r = server => r.map_err(|e| Diagnostic::error(format!("the server stopped: {e}"))),
            () = stop => Ok(()),
            Ok(d) = fatal_rx => Err(d),
        };
        // A first render still writing stops at its next batch, before the folder
        // is removed.
        gate.stop();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), gate.until_open()).await;
        result
    });
    runtime.shutdown_background();
    drop(tmp);
    if result.is_ok() {
        eprintln!("stopped");
    }
    result
}

/// Resolves when the process is asked to stop: Ctrl-C, SIGTERM, or SIGHUP when its
/// terminal closes (so the temporary folder is removed then too). The handlers are
/// in place when this returns.
#[cfg(unix)]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Renders the site for the first time (while the server listens), then watches its
/// files and follows their changes. An error: the files cannot be watched.
fn first_then_follow(
    mut live: Live,
    source: &Path,
    shared: &http::Shared,
    after_update: Option<fn()>,
) -> Result<(), Diagnostic> {
    let since = std::time::SystemTime::now();
    let mut start_over = false;
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        live.update(&Changes::everything())
    }))
    .unwrap_or_else(|_| {
        start_over = true;
        crashed()
    });
    live.served_from_now();
    if shared.gate.is_stopped() {
        // The server is stopping: the render was cut short, and nothing is followed.
        shared.gate.open();
        return Ok(());
    }
    if let Some(f) = after_update {
        f();
    }
    let mut printed = Vec::new();
    report(&first, &mut printed, true);
    let overlay = overlay_html(&first.problems);
    if !overlay.is_empty() {
        if let Ok(mut o) = shared.overlay.write() {
            *o = overlay;
        }
        // Pages opened meanwhile reload to show it.
        shared.publish(None);
    }
    shared.gate.open();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let watcher = watch::Watcher::start(source, tx.clone())?;
    let missed = watch::modified_since(source, since);
    if !missed.is_empty() {
        let _ = tx.send(missed);
    }
    drop(tx);
    rebuild_loop(live, watcher, rx, shared, printed, after_update, start_over);
    Ok(())
}

/// The outcome of an update that crashed.
fn crashed() -> Outcome {
    Outcome {
        problems: vec![Diagnostic::error(
            "internal error: Bulletin crashed while updating the site",
        )
        .help("please report it with the change that caused it; save any file to rebuild everything")],
        ..Outcome::default()
    }
}

/// Waits for batches of changed files, updates the site, and tells open pages.
fn rebuild_loop(
    mut live: Live,
    mut watcher: watch::Watcher,
    rx: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    shared: &http::Shared,
    mut printed: Vec<String>,
    after_update: Option<fn()>,
    mut start_over: bool,
) {
    // The fingerprints the first render left for later, before any change is read.
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        live.catch_up_fingerprints()
    }))
    .is_err()
    {
        start_over = true;
    }
    while let Ok(mut paths) = rx.recv() {
        // Whatever else arrived meanwhile is one change.
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        watcher.follow_new_folders(&paths);
        let mut changes = live.classify(&paths);
        if std::mem::take(&mut start_over) {
            changes = Changes::everything();
        }
        if changes.is_empty() {
            continue;
        }
        // A bug in Bulletin must not silently freeze the preview: it is reported on
        // every page, and the next change reads everything again.
        let outcome = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            live.update(&changes)
        })) {
            Ok(outcome) => outcome,
            Err(_) => {
                start_over = true;
                crashed()
            }
        };
        report(&outcome, &mut printed, false);
        let overlay = overlay_html(&outcome.problems);
        let overlay_changed = shared.overlay.read().map_or(true, |o| *o != overlay);
        if overlay_changed && let Ok(mut o) = shared.overlay.write() {
            *o = overlay;
        }
        if outcome.only_css() && !overlay_changed {
            shared.publish(Some(outcome.written.clone()));
        } else if overlay_changed || !outcome.written.is_empty() || !outcome.removed.is_empty() {
            shared.publish(None);
        }
        // After the pages are told: the search index an edit left behind, then freeing
        // memory, neither of which may delay a reload.
        let caught_up =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| live.catch_up_search()));
        match caught_up {
            Ok(Some(outcome)) if !outcome.problems.is_empty() => {
                report(&outcome, &mut printed, false);
            }
            Ok(_) => {}
            Err(_) => start_over = true,
        }
        // A first render that only now succeeded (the site was broken at start-up).
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            live.catch_up_fingerprints()
        }))
        .is_err()
        {
            start_over = true;
        }
        if let Some(f) = after_update {
            f();
        }
    }
}
