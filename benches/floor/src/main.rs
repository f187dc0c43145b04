//! The floor of a blog build: what any generator must do for a site of Markdown posts
//! with YAML front matter, and nothing more. Every `.md` file under `SITE/content/` is
//! read, its front matter parsed (serde_yaml), its Markdown rendered (pulldown-cmark)
//! and one page written per post under `OUT/`, in parallel (rayon). No listings,
//! feeds, search, templates, checks or safe swap: the work Bulletin's time is compared
//! with in benches/scale.py.
//!
//! Usage: bulletin-floor SITE OUT

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, site, out] = args.as_slice() else {
        eprintln!("usage: bulletin-floor SITE OUT");
        std::process::exit(2);
    };
    let posts: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(site).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let written: usize = posts
        .par_iter()
        .enumerate()
        .map(|(i, path)| page(path, &Path::new(out).join(i.to_string())))
        .sum();
    println!("floor: {} posts, {written} bytes", posts.len());
}

/// Reads the post at `path` and writes its page as `dir/index.html`; the page's size.
fn page(path: &Path, dir: &Path) -> usize {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (front, body) = split(&text);
    let meta: serde_yaml::Value =
        serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let title = meta.get("title").and_then(|t| t.as_str()).unwrap_or("");
    let mut out = String::with_capacity(body.len() * 3 / 2 + 256);
    out.push_str("<!DOCTYPE html>\n<meta charset=\"utf-8\">\n<title>");
    escape(&mut out, title);
    out.push_str("</title>\n<h1>");
    escape(&mut out, title);
    out.push_str("</h1>\n");
    html::push_html(&mut out, Parser::new_ext(body, Options::all()));
    fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    fs::write(dir.join("index.html"), &out).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    out.len()
}

/// The front matter between `---` lines at the start, and the body after it.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}
