//! The floor of a blog build: what any generator must do for a site of Markdown posts
//! with YAML front matter, and nothing more. Every `.md` file under `SITE/content/` is
//! read, its front matter parsed (serde_yaml), its Markdown rendered (pulldown-cmark)
//! and one page written per post under `OUT/`, in parallel (rayon). No listings,
//! feeds, search, templates, checks or safe swap: the work Bulletin's time is compared
//! with in benches/scale.py.
//!
//! Usage: bulletin-floor SITE OUT [FILES]
//!
//! With FILES (lines of `size<TAB>path`), it also writes those files under OUT/files/,
//! each of its size, in parallel once the pages are written: what writing the other
//! files of a build costs the machine by itself (scale.py lists those Bulletin wrote
//! besides its post pages), without the work of making their bytes. A file whose
//! size is `link` is made a hard link to one file, as Bulletin links cached cards.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (site, out, files) = match args.as_slice() {
        [_, site, out] => (site, out, None),
        [_, site, out, files] => (site, out, Some(files)),
        _ => {
            eprintln!("usage: bulletin-floor SITE OUT [FILES]");
            std::process::exit(2);
        }
    };
    // (size, path); no size: a link.
    let extra: Vec<(Option<usize>, String)> = files.map_or_else(Vec::new, |f| {
        let list = fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        (list.lines())
            .filter_map(|l| l.split_once('\t'))
            .map(|(size, path)| (size.parse().ok(), path.to_string()))
            .collect()
    });
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
    let filler = vec![b'x'; extra.iter().filter_map(|e| e.0).max().unwrap_or(0)];
    let linked = Path::new(out).join("linked");
    fs::write(&linked, &filler).unwrap_or_else(|e| panic!("{}: {e}", linked.display()));
    let others: usize = extra
        .par_iter()
        .map(|(size, path)| {
            let file = Path::new(out).join("files").join(path);
            if let Some(dir) = file.parent() {
                fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            }
            let done = match size {
                Some(size) => fs::write(&file, &filler[..*size]),
                None => fs::hard_link(&linked, &file),
            };
            done.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            size.unwrap_or(0)
        })
        .sum();
    println!("floor: {} posts, {written} bytes; {} other files, {others} bytes", posts.len(), extra.len());
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
