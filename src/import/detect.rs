//! Which generator made the old site: recognised from its files (`--from auto`) or
//! as asked, then read by `generators`.

use std::path::Path;

use super::generators::{self, HUGO_CONFIGS, jekyll_posts};
use super::old_site::{Generator, OldSite, first_dir, first_file, read_config};
use crate::error::Diagnostic;

/// Recognises the generator of the site at `src` and reads what its config says.
/// `asked` is `--from` (`None` for `auto`).
pub fn read(src: &Path, asked: Option<Generator>) -> Result<OldSite, Diagnostic> {
    let (generator, evidence) = match asked {
        Some(g) => (g, format!("as asked with --from {}", g.name())),
        None => recognise(src),
    };
    let mut site = OldSite::new(generator, evidence);
    match generator {
        Generator::Jekyll => generators::jekyll(src, &mut site)?,
        Generator::Hugo => generators::hugo(src, &mut site)?,
        Generator::Zola => generators::zola(src, &mut site)?,
        Generator::Vuepress => generators::vuepress(src, &mut site),
        Generator::Next => generators::next(src, &mut site),
        Generator::Astro => generators::astro(src, &mut site),
        Generator::Markdown => generators::markdown(src, &mut site),
    }
    if site.posts.is_empty() {
        return Err(Diagnostic::error(format!(
            "found no folder of posts in {} ({} site, {})",
            src.display(),
            generator.title(),
            site.evidence
        ))
        .code("import")
        .help("pass the old site's root (where its config file is) or the folder of its posts"));
    }
    Ok(site)
}

/// The generator whose files `src` has, and what gave it away.
fn recognise(src: &Path) -> (Generator, String) {
    if let Some(c) = first_file(src, &["_config.yml", "_config.yaml", "_config.toml"])
        && let Some(p) = jekyll_posts(src).first()
    {
        return (Generator::Jekyll, format!("found {c} and {p}/"));
    }
    if let Some(c) = first_file(src, &["config.toml"])
        && src.join("content").is_dir()
        && read_config(src, c.as_ref()).is_ok_and(|m| m.contains_key("base_url"))
    {
        return (
            Generator::Zola,
            format!("found {c} with `base_url` and content/"),
        );
    }
    if let Some(c) = first_file(src, &HUGO_CONFIGS)
        && src.join("content").is_dir()
    {
        return (Generator::Hugo, format!("found {c} and content/"));
    }
    if let Some(d) = first_dir(src, &[".vuepress", "docs/.vuepress", "src/.vuepress"]) {
        return (Generator::Vuepress, format!("found {d}/"));
    }
    let js = |stem: &str| {
        ["js", "mjs", "cjs", "ts", "mts"]
            .iter()
            .map(|e| format!("{stem}.{e}"))
            .find(|n| src.join(n).is_file())
    };
    if let Some(c) = js("next.config") {
        return (Generator::Next, format!("found {c}"));
    }
    if let Some(c) = js("astro.config") {
        return (Generator::Astro, format!("found {c}"));
    }
    (
        Generator::Markdown,
        "found no generator's config; reading its Markdown files as posts".to_string(),
    )
}
