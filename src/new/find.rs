//! Finding the post `bulletin new --from POST` names, and reading it as a build would.
//!
//! POST is a post's slug (its bundle folder's or file's name, with or without its date
//! prefix and extension: `python-3120-release-candidate-1-released`,
//! `2023-08-06-homebrew-4.1.md`), or its file's path from the site's folder
//! (`content/posts/x/index.md`, or its bundle folder `content/posts/x`). Only the posts
//! a build reads are candidates (found by [`crate::content::discover`]), and the file
//! is read through the site's fence: a post that is a link out of the site is refused
//! with the error a build gives, and nothing of it is read.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, PostSource};
use crate::error::Diagnostic;
use crate::fsutil::Fence;

/// The post found, and its text.
#[derive(Debug)]
pub(super) struct Found {
    /// Where it is.
    pub(super) source: PostSource,
    /// Its file's text.
    pub(super) text: String,
}

/// How many near names a "not found" error offers.
const NEAR: usize = 3;

/// The post `wanted` names (see the module's comment).
pub(super) fn find(
    source: &Path,
    shown: &Path,
    config: &Config,
    wanted: &str,
) -> Result<Found, Diagnostic> {
    let wanted = wanted.trim();
    let how = "name the post by its folder or file name (its slug), or by its file's path \
               from the site's folder, like content/posts/x/index.md";
    if wanted.is_empty() || wanted.chars().any(char::is_control) {
        return Err(Diagnostic::error(format!("--from {wanted:?} names no post")).help(how));
    }
    let mut diags = Vec::new();
    let found = content::discover(source, shown, config.layout(), &mut diags);
    let as_path = relative(source, wanted)?;
    let by_path = wanted.contains(['/', std::path::MAIN_SEPARATOR]);
    let mut matches: Vec<&PostSource> = (found.posts.iter())
        .filter(|ps| {
            if by_path {
                ps.rel == as_path || (ps.assets.is_some() && ps.rel.parent() == Some(&as_path))
            } else {
                names(&ps.rel, ps.assets.is_some()).contains(&wanted) || *ps.slug == *wanted
            }
        })
        .collect();
    if matches.is_empty() && by_path {
        // A path from a posts folder, or from `content/`.
        matches = (found.posts.iter())
            .filter(|ps| ps.rel.ends_with(&as_path) && as_path.components().count() > 1)
            .collect();
    }
    let posts_folders = config.posts.join(", ");
    match matches.as_slice() {
        [one] => {
            let fence = Fence::for_site(source, &config.posts);
            let text = fence
                .read_to_string(&source.join(&one.rel))
                .map_err(|e| e.diagnostic("read the post", &shown.join(&one.rel)))?;
            Ok(Found {
                source: (*one).clone(),
                text,
            })
        }
        [] => {
            // The build's own error about it: a link out of the site, a broken link.
            let refused = diags.into_iter().find(|d| {
                d.is_error()
                    && d.file.as_deref().is_some_and(|f| {
                        let rel = f.strip_prefix(shown).unwrap_or(f);
                        if by_path {
                            rel == as_path || rel.parent() == Some(&as_path)
                        } else {
                            names(rel, false).contains(&wanted)
                                || names(rel, true).contains(&wanted)
                        }
                    })
            });
            if let Some(d) = refused {
                return Err(d);
            }
            if by_path && source.join(&as_path).exists() {
                return Err(Diagnostic::error(format!(
                    "{} is not a post of this site: posts are read from {posts_folders}",
                    shown.join(&as_path).display()
                ))
                .help(how));
            }
            let near = near_names(&found.posts, wanted);
            let help = if near.is_empty() {
                how.to_string()
            } else {
                format!("did you mean {}?", near.join(" or "))
            };
            Err(Diagnostic::error(format!(
                "no post {wanted:?} in {posts_folders}; nothing was written"
            ))
            .help(help))
        }
        many => {
            let list: Vec<String> = (many.iter())
                .map(|ps| shown.join(&ps.rel).display().to_string())
                .collect();
            Err(Diagnostic::error(format!(
                "--from {wanted:?} names {} posts: {}",
                many.len(),
                list.join(", ")
            ))
            .help(format!(
                "name the one you mean by its path: bulletin new --from {}",
                list[0]
            )))
        }
    }
}

/// `wanted` as a path relative to the site's folder: `./` and a trailing `/` left out,
/// an absolute path made relative (it must be inside the site).
fn relative(source: &Path, wanted: &str) -> Result<PathBuf, Diagnostic> {
    let path = Path::new(wanted);
    if !path.is_absolute() {
        return Ok(path
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect());
    }
    let roots = [source.to_path_buf(), crate::fsutil::absolute(source)];
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    roots
        .iter()
        .find_map(|root| {
            path.strip_prefix(root)
                .or_else(|_| canonical.strip_prefix(root))
                .ok()
        })
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Diagnostic::error(format!("{wanted} is outside the site's folder"))
                .help("name a post of this site, by its slug or its path from the site's folder")
        })
}

/// The names a post answers to: a bundle's folder name; a flat file's name and stem;
/// each without its date prefix too.
fn names(rel: &Path, bundle: bool) -> Vec<&str> {
    let name = if bundle {
        rel.parent().and_then(Path::file_name)
    } else {
        rel.file_name()
    };
    let stem = if bundle { name } else { rel.file_stem() };
    let mut out: Vec<&str> = [name, stem]
        .into_iter()
        .flatten()
        .filter_map(|n| n.to_str())
        .collect();
    let undated: Vec<&str> = (out.iter())
        .map(|n| content::split_date_prefix(n).1)
        .collect();
    out.extend(undated);
    out.dedup();
    out
}

/// The names of posts close to `wanted` (a typo, a version off by one), best first.
fn near_names<'a>(posts: &'a [PostSource], wanted: &str) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = (posts.iter())
        .filter_map(|ps| {
            let name = names(&ps.rel, ps.assets.is_some()).into_iter().next()?;
            let score = strsim::normalized_levenshtein(wanted, name);
            (score >= 0.75).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(NEAR).map(|(_, n)| n).collect()
}
