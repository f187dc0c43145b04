//! The command line: clap definitions and their translation into library options.
//! Precedence (command line over config file over defaults) is settled in
//! [`crate::config`]; this module only carries what was typed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::BuildOptions;
use crate::site::Selection;

/// A static site generator for release-announcement blogs.
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files.
    Build(BuildArgs),
}

/// `bulletin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (holding content/, and optionally templates/, static/, bulletin.yaml).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Where to write the site [default: <source>/public].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The URL the site is deployed at, e.g. https://example.org/blog/ (overrides bulletin.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include unpublished posts (published: false / draft: true).
    #[arg(long)]
    pub drafts: bool,
    /// Include posts dated in the future.
    #[arg(long)]
    pub future: bool,
}

impl BuildArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            source: self.source.clone(),
            output: self
                .output
                .clone()
                .unwrap_or_else(|| crate::shown_root(&self.source).join("public")),
            base_url: self.base_url.clone(),
            selection: Selection {
                drafts: self.drafts,
                future: self.future,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn output_defaults_to_public_in_source() {
        let cli = Cli::parse_from(["bulletin", "build", "-s", "site"]);
        let Command::Build(args) = cli.command;
        assert_eq!(args.options().output, PathBuf::from("site/public"));
    }
}
