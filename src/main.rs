//! The `bulletin` binary: parses the command line, runs the library, prints what
//! happened, and maps the outcome to an exit status (0 ok, 1 site errors, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use bulletin::cli::{Cli, Command};
use bulletin::error::Diagnostic;
use clap::Parser;

// A build allocates many short-lived strings on every core; mimalloc's per-thread
// heaps cut the time spent in the system allocator (measured in BENCHMARKS.md). Huge
// blocks go to the system allocator, which grows them in place (see the module).
#[global_allocator]
static GLOBAL: bulletin::allocator::Allocator = bulletin::allocator::Allocator;

fn main() -> ExitCode {
    let cli = Cli::parse();
    bulletin::allocator::set_up();
    match cli.command {
        Command::Build(args) => {
            let opts = args.options();
            bulletin::output::remove_staging_on_signals();
            match bulletin::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    let mut line = format!(
                        "built {}, {}, {}: {} in {} ms → {}",
                        plural(report.posts, "post"),
                        plural(report.pages, "page"),
                        plural(report.redirects, "redirect"),
                        files_summary(report.files),
                        report.elapsed.as_millis(),
                        opts.output.display()
                    );
                    let held = report.held_back;
                    if held.drafts + held.future > 0 {
                        line.push_str(&format!(
                            " (held back: {}, {}; --drafts / --future include them)",
                            plural(held.drafts, "draft"),
                            plural(held.future, "future post"),
                        ));
                    }
                    if held.expired > 0 {
                        line.push_str(&format!(
                            " ({} past its expiry date left out)",
                            plural(held.expired, "post")
                        ));
                    }
                    if report.up_to_date {
                        line.push_str(
                            "\nnothing rendered: the site's files and the output are as the \
                             last build left them (--clean builds anyway)",
                        );
                    }
                    say(&format!("{line}\n"));
                    say(&skipped_summary(&report.skipped, args.verbose));
                    if !report.warnings.is_empty() {
                        let _ = writeln!(
                            std::io::stderr(),
                            "{} above; `bulletin check` looks further (links, images, \
                             anchors, accessibility) before you publish",
                            plural(report.warnings.len(), "warning")
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    let _ = writeln!(
                        std::io::stderr(),
                        "build failed: {errors} error{}; {} was not changed",
                        if errors == 1 { "" } else { "s" },
                        opts.output.display()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Check(args) => {
            let findings = bulletin::check::check(&args.options());
            say(&bulletin::check::format(&findings, args.format));
            let errors = findings.iter().any(Diagnostic::is_error);
            if errors || (args.deny_warnings && !findings.is_empty()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Completions { shell } => {
            let _ = std::io::stdout().write_all(&bulletin::cli::completions(shell));
            ExitCode::SUCCESS
        }
        Command::Man { command } => match bulletin::cli::man_page(command.as_deref()) {
            Ok(page) => {
                let _ = std::io::stdout().write_all(&page);
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Init(args) => match bulletin::init::init(&args.options()) {
            Ok(report) => {
                say(&report.summary());
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
        Command::Import(args) => {
            let opts = args.options();
            match bulletin::import::import(&opts) {
                Ok(report) => {
                    say(&report.summary);
                    let _ = writeln!(
                        std::io::stderr(),
                        "{}",
                        bulletin::import::closing_line(&opts, &report)
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    let _ = writeln!(std::io::stderr(), "import failed; nothing was written");
                    ExitCode::from(1)
                }
            }
        }
        Command::Lock(args) => {
            match bulletin::lock_posts(&args.source, args.base_url.clone(), args.update) {
                Ok(r) => {
                    say(&format!(
                        "bulletin.lock: {} added, {} changed, {} taken out\n",
                        r.added, r.changed, r.removed
                    ));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    ExitCode::from(1)
                }
            }
        }
        Command::New(args) if args.from.is_some() => {
            let Some(opts) = args.from_options() else {
                return ExitCode::from(2);
            };
            match bulletin::new::new_from(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    say(&report.text());
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_diagnostics(&[d]);
                    ExitCode::from(1)
                }
            }
        }
        Command::New(args) => match bulletin::new::new_post(&args.options()) {
            Ok(path) => {
                say(&format!("{}\n", path.display()));
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
        Command::Serve(args) => match bulletin::serve::serve(&bulletin::serve::ServeOptions {
            after_update: Some(return_free_memory),
            ..args.options()
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                print_diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
    }
}

/// Hands memory mimalloc keeps for reuse back to the system: a server idles between
/// updates, and the peak of one update need not stay resident.
fn return_free_memory() {
    // SAFETY: mi_collect only walks mimalloc's own heaps; it is safe at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Prints to standard output. A reader that went away (`bulletin check | head`) is not
/// an error of Bulletin's: the rest is dropped, and the exit status still tells.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

/// `1 draft`, `2 drafts`, `1,234 drafts`.
fn plural(n: usize, what: &str) -> String {
    format!("{} {what}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// What the build did to the output folder: `3 files written, 22,462 unchanged` (and
/// `, 2 removed` when files went).
fn files_summary(files: bulletin::output::Written) -> String {
    let mut out = format!(
        "{} written, {} unchanged",
        plural(files.written, "file"),
        thousands(files.unchanged)
    );
    if files.removed > 0 {
        out.push_str(&format!(", {} removed", thousands(files.removed)));
    }
    out
}

/// What the build did not read as posts: one line with counts by reason, or with
/// `--verbose` every file.
fn skipped_summary(
    skipped: &[(std::path::PathBuf, bulletin::content::Skip)],
    verbose: bool,
) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut counts: std::collections::BTreeMap<bulletin::content::Skip, usize> =
        std::collections::BTreeMap::new();
    for (_, why) in skipped {
        *counts.entry(*why).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(why, n)| format!("{}: {n}", why.reason()))
        .collect();
    let mut out = format!(
        "skipped {} in the posts folders: {}{}\n",
        plural(skipped.len(), "file"),
        parts.join("; "),
        if verbose {
            ""
        } else {
            " (--verbose lists them)"
        }
    );
    if verbose {
        for (file, why) in skipped {
            out.push_str(&format!("  {}: {}\n", file.display(), why.reason()));
        }
    }
    out
}

/// 1234567 → "1,234,567".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
