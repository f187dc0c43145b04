//! The test harness: a site in a temporary folder, written file by file inline in each
//! test, built by running the real `bulletin` binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A site folder (`<tmp>/site`) inside a temporary folder that is removed on drop. The
/// temporary folder itself (`parent()`) is free for other output folders, so tests can
/// check what a build leaves beside its output.
pub(crate) struct Site {
    tmp: TempDir,
    root: PathBuf,
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Site {
    /// A site with an empty `content/posts/` folder, deployed at `http://localhost/`
    /// (see [`Site::file`]).
    pub(crate) fn new() -> Self {
        let site = Self::bare();
        std::fs::create_dir_all(site.root.join("content/posts")).unwrap();
        site.file("bulletin.yaml", "");
        site
    }

    /// A site folder with nothing in it.
    pub(crate) fn bare() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("bulletin-test-")
            .tempdir()
            .unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir(&root).unwrap();
        Self { tmp, root }
    }

    /// The site's folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site's folder.
    pub(crate) fn parent(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes a file of the site (parents created). `rel` is relative to the site folder.
    /// A `bulletin.yaml` that names no `base_url` gets `base_url: http://localhost/` at
    /// its end (its lines keep their numbers): a site without one is warned about,
    /// which is not what most tests are about. [`Site::file_as_is`] writes it as given.
    pub(crate) fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let contents = contents.as_ref();
        if rel == "bulletin.yaml"
            && let Ok(text) = std::str::from_utf8(contents)
            && !text.contains("base_url")
        {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            return self.file_as_is(rel, format!("{text}{sep}base_url: http://localhost/\n"));
        }
        self.file_as_is(rel, contents)
    }

    /// Writes a file of the site as given (parents created).
    pub(crate) fn file_as_is(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Removes a file of the site.
    pub(crate) fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// `bulletin build` in the site's folder (so messages show `content/…` paths and the
    /// output is `public/`).
    pub(crate) fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `bulletin build <args>` in the site's folder.
    pub(crate) fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `bulletin <args>` in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// A file of the site as text; panics listing what is there when it is missing.
    pub(crate) fn read(&self, rel: &str) -> String {
        String::from_utf8(self.read_bytes(rel)).unwrap()
    }

    /// A file of the site as bytes.
    pub(crate) fn read_bytes(&self, rel: &str) -> Vec<u8> {
        let path = self.root.join(rel);
        std::fs::read(&path).unwrap_or_else(|e| {
            let dir = self.root.join(rel.split('/').next().unwrap());
            let have: Vec<String> = files(&dir).into_keys().collect();
            panic!(
                "cannot read {rel}: {e}\nfiles under {}: {have:#?}",
                dir.display()
            )
        })
    }

    /// True when the file or folder exists.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).exists()
    }

    /// Every file under a folder of the site, by `/`-separated relative path.
    pub(crate) fn files(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        files(&self.root.join(rel))
    }
}

/// One cache folder for the whole test run (cards are keyed by content, so sharing it
/// between tests is safe), under the target folder.
fn test_cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bulletin-cache")
}

/// Runs the binary with `args` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .current_dir(dir)
        .env_remove("BULLETIN_TIMINGS")
        // Social cards drawn by tests go to a cache of the test run, not the user's.
        .env("BULLETIN_CACHE_DIR", test_cache_dir())
        .output()
        .expect("the bulletin binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    /// Asserts the build succeeded.
    #[track_caller]
    pub(crate) fn ok(self) -> Self {
        assert!(
            self.code == 0 && !self.stderr.contains("panicked"),
            "expected success, got exit {}\nstdout:\n{}\nstderr:\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts the build succeeded without printing anything on stderr.
    #[track_caller]
    pub(crate) fn clean(self) -> Self {
        let run = self.ok();
        assert!(run.stderr.is_empty(), "unexpected stderr:\n{}", run.stderr);
        run
    }

    /// Asserts the build failed with site errors (exit 1), without a panic.
    #[track_caller]
    pub(crate) fn fails(self) -> Self {
        assert!(
            self.code == 1 && !self.stderr.contains("panicked"),
            "expected exit 1, got exit {}\nstdout:\n{}\nstderr:\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that some line of stderr starts with `prefix`. Finding codes
    /// (`error[front-matter]:`) are read as their level alone (`error:`) unless `prefix`
    /// names one: the check tests cover the codes.
    #[track_caller]
    pub(crate) fn has_line(&self, prefix: &str) -> &Self {
        assert!(
            self.stderr
                .lines()
                .any(|l| l.starts_with(prefix) || without_code(l).starts_with(prefix)),
            "no stderr line starts with {prefix:?}\nstderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr contains `text` (codes read as in [`Run::has_line`]).
    #[track_caller]
    pub(crate) fn says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text) || without_code(&self.stderr).contains(text),
            "stderr does not contain {text:?}\nstderr:\n{}",
            self.stderr
        );
        self
    }

    /// The numbers of the summary's `(held back: N drafts, M future posts; …)` part,
    /// whatever the plural forms; `None` when nothing was held back.
    pub(crate) fn held_back(&self) -> Option<(usize, usize)> {
        let rest = self.stdout.split_once("(held back: ")?.1;
        let (drafts, rest) = rest.split_once(" draft")?;
        let future = rest.split_once(", ")?.1.split_once(" future")?.0;
        Some((drafts.parse().ok()?, future.parse().ok()?))
    }

    /// Lines of stderr that are errors or warnings (not help lines).
    pub(crate) fn diagnostics(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| {
                // `error: …`, or with a finding code: `warning[mdx-component]: …`.
                ["error", "warning"].iter().any(|level| {
                    l.contains(&format!("{level}: "))
                        || l.split_once(&format!("{level}["))
                            .is_some_and(|(_, rest)| rest.contains("]: "))
                })
            })
            .filter(|l| !l.starts_with("build failed"))
            .collect()
    }
}

/// `text` with finding codes left out: `error[front-matter]: x` → `error: x`.
pub(crate) fn without_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['[']) {
        let (head, tail) = rest.split_at(i);
        let level = head.ends_with("error") || head.ends_with("warning");
        match tail.find("]: ") {
            Some(end)
                if level
                    && tail[1..end]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '-') =>
            {
                out.push_str(head);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push_str(head);
                out.push('[');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A post file: front matter with `title`, `publishDate` (left out when `date` is
/// empty) and the `extra` lines as given, then the body. Line 1 is `---`, line 2 the
/// title, line 3 the date, the extra lines follow.
pub(crate) fn post(title: &str, date: &str, extra: &str, body: &str) -> String {
    let mut s = format!("---\ntitle: {}\n", serde_json::to_string(title).unwrap());
    if !date.is_empty() {
        s.push_str(&format!("publishDate: '{date}'\n"));
    }
    if !extra.is_empty() {
        s.push_str(extra.trim_end_matches('\n'));
        s.push('\n');
    }
    s.push_str("---\n");
    s.push_str(body);
    s
}

/// Copies the folder `from` to `to` (created), files and subfolders.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path (empty when `dir` is absent).
pub(crate) fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in read {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Names in `dir` (not recursive) that look like Bulletin's temporary folders.
pub(crate) fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bulletin-staging") || n.contains("bulletin-old"))
        .collect()
}

/// Fails, naming them, when builds left staging or old folders in `dir`.
#[track_caller]
pub(crate) fn no_leftovers(dir: &Path) {
    let left = leftovers(dir);
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// How many times `needle` occurs in `hay`.
pub(crate) fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The values of every `attr="…"` / `attr='…'` attribute in `html`.
pub(crate) fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!("{attr}={quote}");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            let before = rest[..i].chars().next_back();
            let after = &rest[i + needle.len()..];
            let end = after.find(quote).unwrap_or(after.len());
            if before.is_some_and(char::is_whitespace) {
                out.push(after[..end].to_string());
            }
            rest = &after[end..];
        }
    }
    out
}

/// The contents of every `<tag>…</tag>` (or `<tag attr…>…</tag>`) element, in order.
pub(crate) fn elements(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            out.push(String::new());
            rest = &after[gt + 1..];
            continue;
        }
        let body = &after[gt + 1..];
        let end = body.find(&close).expect("element is closed");
        out.push(body[..end].to_string());
        rest = &body[end + close.len()..];
    }
    out
}

/// Undoes XML escaping (for HTML carried inside a feed).
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// A small XML well-formedness check: an `<?xml` declaration first, one root element,
/// balanced tags, quoted attributes, and `&` only in entity references.
pub(crate) fn check_xml(text: &str) -> Result<(), String> {
    if !text.starts_with("<?xml") {
        return Err("does not start with <?xml".into());
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let at = |i: usize| {
        let line = text[..i].matches('\n').count() + 1;
        format!("line {line}")
    };
    while i < text.len() {
        let rest = &text[i..];
        let skip_to = |end: &str| -> Result<usize, String> {
            rest.find(end)
                .map(|j| i + j + end.len())
                .ok_or_else(|| format!("unclosed construct at {}", at(i)))
        };
        if rest.starts_with("<?") {
            i = skip_to("?>")?;
        } else if rest.starts_with("<!--") {
            i = skip_to("-->")?;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err(format!("CDATA outside the root at {}", at(i)));
            }
            i = skip_to("]]>")?;
        } else if rest.starts_with("<!") {
            return Err(format!("unexpected declaration at {}", at(i)));
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close
                .find('>')
                .ok_or_else(|| format!("unclosed end tag at {}", at(i)))?;
            let name = close[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => {
                    return Err(format!("</{name}> closes {other:?} at {}", at(i)));
                }
            }
            i += 2 + end + 1;
        } else if rest.starts_with('<') {
            let (name, len, self_closing) =
                start_tag(rest).map_err(|e| format!("{e} at {}", at(i)))?;
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
            i += len;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = &rest[..end];
            check_entities(chunk).map_err(|e| format!("{e} at {}", at(i)))?;
            if stack.is_empty() && !chunk.trim().is_empty() {
                return Err(format!("text outside the root at {}", at(i)));
            }
            i += end;
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements: {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

/// Parses a start tag at the start of `s`: (name, length, self-closing).
fn start_tag(s: &str) -> Result<(&str, usize, bool), String> {
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.');
    let body = &s[1..];
    let name_len = body.find(|c: char| !is_name(c)).unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() {
        return Err("a `<` that starts no tag".into());
    }
    let mut j = 1 + name_len;
    loop {
        let rest = &s[j..];
        let trimmed = rest.trim_start();
        j += rest.len() - trimmed.len();
        if trimmed.starts_with("/>") {
            return Ok((name, j + 2, true));
        }
        if trimmed.starts_with('>') {
            return Ok((name, j + 1, false));
        }
        let attr_len = trimmed.find(|c: char| !is_name(c)).unwrap_or(0);
        if attr_len == 0 {
            return Err(format!("bad attribute in <{name}>"));
        }
        let after_name = trimmed[attr_len..].trim_start();
        let Some(value) = after_name.strip_prefix('=') else {
            return Err(format!("attribute without value in <{name}>"));
        };
        let value = value.trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| format!("unquoted attribute in <{name}>"))?;
        let inner = &value[1..];
        let end = inner
            .find(quote)
            .ok_or_else(|| format!("unclosed attribute in <{name}>"))?;
        if inner[..end].contains('<') {
            return Err(format!("`<` in an attribute of <{name}>"));
        }
        check_entities(&inner[..end])?;
        let consumed = trimmed.len() - inner[end + 1..].len();
        j += consumed;
    }
}

fn check_entities(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        let after = &rest[i + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| format!("bare `&` before {:?}", &after[..after.len().min(20)]))?;
        let name = &after[..end];
        let fine = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !fine {
            return Err(format!("bad entity &{name};"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// A self-test of the XML check, so that feed tests can trust it.
#[test]
fn xml_check_finds_malformed_documents() {
    let ok = "<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; &#x2F; &#47;<c y='2'>u</c><![CDATA[<&]]></a>\n";
    assert_eq!(check_xml(ok), Ok(()));
    for bad in [
        "<a></a>",
        "<?xml?><a><b></a></b>",
        "<?xml?><a>&</a>",
        "<?xml?><a>&nbsp;</a>",
        "<?xml?><a x=1></a>",
        "<?xml?><a></a><b></b>",
        "<?xml?><a>",
        "<?xml?><a x=\"<\"></a>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad} should be refused");
    }
    assert_eq!(
        attr_values("<a href=\"/x\"><img src='/y' data-src=\"/z\">", "src"),
        ["/y"]
    );
    assert_eq!(
        elements("<g a=\"1\">x</g><gg>y</gg><g>z</g>", "g"),
        ["x", "z"]
    );
}

/// The search index's entry of every post under `out` (a built site), newest first:
/// `url`, `title`, `date`, `date_text`, `author`, `tags`, `description`, `text`.
pub(crate) fn search_docs(out: &Path) -> Vec<serde_json::Value> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("search/index.json")).unwrap()).unwrap();
    let posts = manifest["posts"].as_u64().unwrap();
    let group = manifest["group"].as_u64().unwrap();
    let mut all = Vec::new();
    for n in 0..posts.div_ceil(group) {
        let file = out.join(format!("search/d/{n}.json"));
        let docs: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        all.extend(docs);
    }
    assert_eq!(all.len() as u64, posts);
    all.reverse();
    all
}
