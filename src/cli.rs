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
    /// Preview the site: serve it locally and reload pages as files change.
    Serve(ServeArgs),
    /// Start a new blog in a folder: bulletin.yaml, an example post and its author.
    Init(InitArgs),
    /// Move a blog in from Jekyll, Hugo, Zola, VuePress, Next.js or Astro: a new
    /// Bulletin site in DEST where every old URL still answers.
    Import(ImportArgs),
    /// Keep each published post's URL and feed id in bulletin.lock, so that `check`
    /// fails when one changes.
    Lock(LockArgs),
    /// Start a new post: content/posts/<slug>/index.md with its front matter; or, with
    /// --from, the next release's announcement drafted from a previous one.
    New(NewArgs),
    /// Check the site for errors and likely mistakes, writing nothing (the CI gate).
    Check(CheckArgs),
    /// Print the shell completion script for SHELL (to source, or save where the
    /// shell loads completions from).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `bulletin man > bulletin.1`, or a command's:
    /// `bulletin man build > bulletin-build.1`.
    Man {
        /// The command whose page to print (build, serve, init, import, lock, new, check).
        command: Option<String>,
    },
}

/// The completion script of `shell` for the `bulletin` command line.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "bulletin",
        &mut out,
    );
    out
}

/// The manual page, in roff: `bulletin`'s (its commands listed), or `command`'s
/// (`bulletin-build`, with all its options). An unknown command is an error naming the
/// known ones.
pub fn man_page(command: Option<&str>) -> Result<Vec<u8>, String> {
    let cli = <Cli as clap::CommandFactory>::command();
    let man = match command {
        None => clap_mangen::Man::new(cli),
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let known: Vec<&str> = cli.get_subcommands().map(|s| s.get_name()).collect();
                return Err(format!(
                    "no command `{name}`; the commands are {}",
                    known.join(", ")
                ));
            };
            // A page's name is the command's own: `bulletin-build`.
            let page: &'static str = match sub.get_name() {
                "build" => "bulletin-build",
                "serve" => "bulletin-serve",
                "init" => "bulletin-init",
                "import" => "bulletin-import",
                "lock" => "bulletin-lock",
                "new" => "bulletin-new",
                "check" => "bulletin-check",
                "completions" => "bulletin-completions",
                _ => "bulletin-man",
            };
            let sub = (sub.clone()).name(page).version(env!("CARGO_PKG_VERSION"));
            clap_mangen::Man::new(sub)
        }
    };
    let mut out = Vec::new();
    man.render(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `bulletin check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Check unpublished posts too.
    #[arg(long)]
    pub drafts: bool,
    /// How to print findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: crate::check::Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The URL the site is deployed at (overrides bulletin.yaml); absolute links on it
    /// are checked as links of this site.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also fetch links to other sites (results are cached for a day).
    #[arg(long)]
    pub external: bool,
    /// Seconds one external link may take.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::external::TIMEOUT.as_secs())]
    pub timeout: u64,
}

impl CheckArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> crate::check::CheckOptions {
        crate::check::CheckOptions {
            source: self.source.clone(),
            selection: Selection {
                drafts: self.drafts,
                future: false,
                preview: false,
            },
            base_url: self.base_url.clone(),
            external: self.external,
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
        }
    }
}

/// `bulletin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The blog's folder (created when missing; refused when it holds a site).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The blog's title [default: Example Blog].
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The URL the blog will be deployed at, e.g. https://example.org/blog/
    /// [default: http://localhost/].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl InitArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> crate::init::InitOptions {
        crate::init::InitOptions {
            dir: self.dir.clone(),
            title: self.title.clone(),
            base_url: self.base_url.clone(),
        }
    }
}

/// The generators `bulletin import --from` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// Recognise it from its files.
    Auto,
    /// Jekyll (`_config.yml`, `_posts/`).
    Jekyll,
    /// Hugo (`hugo.toml`, `content/`).
    Hugo,
    /// Zola (`config.toml` with `base_url`, `+++` front matter).
    Zola,
    /// VuePress (`.vuepress/`; URLs are file paths with `.html`).
    Vuepress,
    /// Next.js (`next.config.*`; URLs are file paths).
    Next,
    /// Astro (`astro.config.*`; content collections).
    Astro,
    /// A folder of Markdown posts (old URLs only with --old-urls).
    Markdown,
}

/// `bulletin import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The old site's root (where its config file is), or its folder of posts.
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The new site's folder: missing or empty.
    #[arg(value_name = "DEST")]
    pub dest: PathBuf,
    /// The generator of the old site.
    #[arg(long, value_enum, default_value = "auto")]
    pub from: From,
    /// The old URLs' pattern, when the files cannot tell (or to override what they
    /// say): e.g. '/blog/{year}/{month}/{day}/{slug}.html'. Placeholders: {year},
    /// {month}, {day}, {slug}, {section}, {filename}, {title}, {categories}.
    #[arg(long, value_name = "PATTERN")]
    pub old_urls: Option<String>,
    /// Keep the posts at their old URLs (a `permalink` pattern, and a post's own where
    /// the pattern cannot say it) rather than redirecting them to Bulletin's.
    #[arg(long)]
    pub keep_urls: bool,
    /// Print the report and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl ImportArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> crate::import::ImportOptions {
        use crate::import::Generator as G;
        let from = match self.from {
            From::Auto => None,
            From::Jekyll => Some(G::Jekyll),
            From::Hugo => Some(G::Hugo),
            From::Zola => Some(G::Zola),
            From::Vuepress => Some(G::Vuepress),
            From::Next => Some(G::Next),
            From::Astro => Some(G::Astro),
            From::Markdown => Some(G::Markdown),
        };
        crate::import::ImportOptions {
            source: self.source.clone(),
            dest: self.dest.clone(),
            from,
            old_urls: self.old_urls.clone(),
            keep_urls: self.keep_urls,
            dry_run: self.dry_run,
        }
    }
}

/// `bulletin lock`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// The site's folder.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// The URL the site is deployed at (overrides bulletin.yaml): guids are made with it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Accept every change: locked posts get the URL and guid they have now, and posts
    /// no longer published are taken out.
    #[arg(long)]
    pub update: bool,
}

/// `bulletin new`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  bulletin new \"Python 3.12.0 release candidate 1 released\" --tag releases
  bulletin new --from python-3120-release-candidate-1-released 3.12.0rc2
  bulletin new --from content/posts/python-3120-release-candidate-1-released/index.md")]
pub struct NewArgs {
    /// The post's title, e.g. "Python 3.12.0 release candidate 1 released". With
    /// --from: the new version (VERSION), e.g. 3.12.0rc2; left out, the release that
    /// usually follows is taken when that is clear (rc1 → rc2, 3.12.0 → 3.12.1), and
    /// the choices are named when it is not (b4 → b5 or rc1?).
    #[arg(value_name = "TITLE|VERSION", required_unless_present = "from")]
    pub title: Option<String>,
    /// Draft the next release's announcement from POST, a post's slug (its folder or
    /// file name) or its file's path: a copy with every mention of its version
    /// replaced, dated today (or --date), a draft unless --publish. It prints what it
    /// replaced and each line to check (dates, "first release candidate", schedules,
    /// links kept).
    #[arg(long, value_name = "POST")]
    pub from: Option<String>,
    /// The site's folder.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// The author [default: default_author of bulletin.yaml, else git config user.name;
    /// with --from, the post's].
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// A tag (repeat for more); with --from, they replace the post's.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The publication date, YYYY-MM-DD or RFC 3339 [default: today].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Publish the post at once (published: true). Without it the post is a draft
    /// (published: false): its body is an outline to replace, or a copy to check.
    #[arg(long, conflicts_with = "draft")]
    pub publish: bool,
    /// Mark the post unpublished (published: false): the default.
    #[arg(long, hide = true)]
    pub draft: bool,
    /// Write content/posts/<slug>.md instead of a folder.
    #[arg(long)]
    pub flat: bool,
}

impl NewArgs {
    /// The library's options for these arguments, without --from.
    pub fn options(&self) -> crate::new::NewOptions {
        crate::new::NewOptions {
            source: self.source.clone(),
            title: self.title.clone().unwrap_or_default(),
            author: self.author.clone(),
            tags: self.tags.clone(),
            date: self.date.clone(),
            draft: !self.publish,
            flat: self.flat,
        }
    }

    /// The library's options with --from, if it was given.
    pub fn from_options(&self) -> Option<crate::new::FromOptions> {
        Some(crate::new::FromOptions {
            source: self.source.clone(),
            post: self.from.clone()?,
            version: self.title.clone(),
            author: self.author.clone(),
            tags: self.tags.clone(),
            date: self.date.clone(),
            draft: !self.publish,
            flat: self.flat,
        })
    }
}

/// `bulletin serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (holding content/, and optionally templates/, static/, bulletin.yaml).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// The port [default: 1111, or the next free one]; 0 takes any free port.
    #[arg(short, long, value_name = "N")]
    pub port: Option<u16>,
    /// The address to listen on (0.0.0.0 to preview from other devices).
    #[arg(short, long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Include unpublished posts, marked with a Draft banner (never in feeds or the sitemap).
    #[arg(long)]
    pub drafts: bool,
    /// Include posts dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

impl ServeArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> crate::serve::ServeOptions {
        crate::serve::ServeOptions {
            source: self.source.clone(),
            bind: self.bind,
            port: self.port,
            selection: Selection {
                drafts: self.drafts,
                future: self.future,
                preview: false,
            },
            open: self.open,
            after_update: None,
        }
    }
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
    /// A preview for a pull request: drafts and future posts included and marked, a
    /// banner on every page, nothing for search engines (noindex, no sitemap).
    #[arg(long)]
    pub preview: bool,
    /// List the files of the posts folders that are not posts, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Replace the output folder whole, in one step, instead of writing only the
    /// files whose bytes changed (readers of the folder never see a mix of two builds).
    #[arg(long)]
    pub clean: bool,
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
            // A preview shows what is not out yet, marked.
            selection: Selection {
                drafts: self.drafts || self.preview,
                future: self.future || self.preview,
                preview: self.preview,
            },
            clean: self.clean,
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
        let Command::Build(args) = cli.command else {
            panic!("not build");
        };
        assert_eq!(args.options().output, PathBuf::from("site/public"));
    }

    #[test]
    fn new_takes_a_title_or_from_and_a_version() {
        let cli = Cli::parse_from(["bulletin", "new", "--from", "x", "3.12.0rc2"]);
        let Command::New(args) = cli.command else {
            panic!("not new");
        };
        let opts = args.from_options().unwrap();
        assert_eq!(
            (opts.post.as_str(), opts.version.as_deref()),
            ("x", Some("3.12.0rc2"))
        );
        let cli = Cli::parse_from(["bulletin", "new", "--from", "x"]);
        let Command::New(args) = cli.command else {
            panic!("not new");
        };
        assert_eq!(args.from_options().unwrap().version, None);
        let cli = Cli::parse_from(["bulletin", "new", "A title"]);
        let Command::New(args) = cli.command else {
            panic!("not new");
        };
        assert!(args.from_options().is_none());
        assert_eq!(args.options().title, "A title");
        assert!(Cli::try_parse_from(["bulletin", "new"]).is_err());
    }
}
