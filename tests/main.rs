//! Integration tests of `bulletin`: every test writes a tiny site inline, runs the
//! real binary on it, and checks the files it wrote or the messages it printed.
//!
//! One test binary (like ripgrep's and mdBook's), one module per area. Each module is
//! `tests/<area>/mod.rs`, not `tests/<area>.rs`: Cargo would build every `tests/*.rs`
//! file as a test binary of its own.

mod common;

mod build;
mod categories;
mod check;
mod cli;
mod content;
mod deploy;
mod determinism;
mod drafts;
mod errors;
mod feeds;
mod front_matter;
mod growth;
mod highlight;
mod hostile;
mod import;
mod init;
mod links;
mod listings;
mod lock;
mod new;
mod output_safety;
mod redirects;
mod releases;
mod search;
mod serve;
mod templates;
mod theme;
mod urls;
