//! Helpers of `tests/corpora.rs`: finding a corpus, reading a post's front matter the
//! way its own generator would (a few scalar keys, YAML or TOML), building a copy of the
//! corpus with the real binary, and checking the pages it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The folder of a corpus, `<project>/../shared/corpus/<name>`; panics when it is absent
/// (the corpus tests are not skipped).
pub(crate) fn corpus(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    assert!(
        dir.join("SOURCE.md").is_file(),
        "the {name} corpus is absent: {} should hold it, with its SOURCE.md \
         (the corpus tests need ../shared/corpus/ beside the project folder)",
        dir.display()
    );
    dir
}

/// A post file as the test reads it.
pub(crate) struct Post {
    /// The file's path in the corpus, for messages.
    pub(crate) rel: String,
    /// Scalar values of the front matter's top-level keys; `None` without front matter.
    keys: Option<BTreeMap<String, String>>,
    body: String,
}

/// What a post should become.
pub(crate) struct Expected {
    /// The post file's path in the corpus.
    pub(crate) rel: String,
    /// Its URL path on the live site.
    pub(crate) url: String,
    /// Its title (front matter, or the first `# ` heading); `None` when it has neither.
    pub(crate) title: Option<String>,
    /// False for drafts (`draft: true`, `published: false`): no page.
    pub(crate) published: bool,
}

impl Post {
    /// Reads `file`, a file of the corpus at `root`.
    pub(crate) fn read(root: &Path, file: &Path) -> Self {
        let rel = file
            .strip_prefix(root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let (keys, body) = match split_front_matter(&text) {
            Some((delimiter, block, body)) => (Some(keys(block, delimiter)), body.to_string()),
            None => (None, text),
        };
        Self { rel, keys, body }
    }

    /// The value of a front matter key, when it is there and not empty.
    pub(crate) fn value(&self, key: &str) -> Option<String> {
        self.keys
            .as_ref()?
            .get(key)
            .filter(|v| !v.is_empty())
            .cloned()
    }

    /// The title: `title` of the front matter, else the first `# ` heading.
    fn title(&self) -> Option<String> {
        self.value("title").or_else(|| first_heading(&self.body))
    }

    /// False for a draft.
    fn published(&self) -> bool {
        self.value("draft").as_deref() != Some("true")
            && self.value("published").as_deref() != Some("false")
    }

    /// The expectation of this post: a page at `url` (a path from the site's root).
    pub(crate) fn expect(self, url: String) -> Expected {
        assert!(
            url.starts_with('/'),
            "{}: URL {url} is not a path",
            self.rel
        );
        Expected {
            title: self.title(),
            published: self.published(),
            url,
            rel: self.rel,
        }
    }
}

/// Splits off front matter: YAML between `---` lines or TOML between `+++` lines, at the
/// start of the file after blank lines (some Hugo files start with one). Returns the
/// delimiter, the block and the body.
fn split_front_matter(text: &str) -> Option<(&'static str, &str, &str)> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let delimiter = ["---", "+++"]
        .into_iter()
        .find(|d| start.lines().next().is_some_and(|l| l.trim_end() == *d))?;
    let after = &start[start.find('\n')? + 1..];
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end() == delimiter {
            return Some((delimiter, &after[..offset], &after[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// The top-level `key: value` (YAML) or `key = value` (TOML) lines of a front matter
/// block, values unquoted. Top level is the least indented (one corpus file indents
/// every key by a space); nested keys and list items are left out, as are values that
/// are not scalars (the test only reads scalars). The first of a repeated key wins.
fn keys(block: &str, delimiter: &str) -> BTreeMap<String, String> {
    let separator = if delimiter == "+++" { '=' } else { ':' };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = block
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    let top = lines.iter().map(|l| indent(l)).min().unwrap_or(0);
    let mut out = BTreeMap::new();
    for line in lines.iter().filter(|l| indent(l) == top) {
        let Some((key, value)) = line.trim().split_once(separator) else {
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        out.entry(key.to_string())
            .or_insert_with(|| unquote(value.trim()));
    }
    out
}

/// A scalar as written: `"…"` with backslash escapes, `'…'` with `''` for a quote, or a
/// plain value up to a ` #` comment.
fn unquote(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    } else if let Some(rest) = value.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    break;
                }
            } else {
                out.push(c);
            }
        }
        out
    } else {
        let plain = value.split(" #").next().unwrap_or_default().trim();
        // `|` and `>` start block scalars, `[` and `{` collections: not read here.
        if plain.starts_with(['|', '>', '[', '{']) {
            String::new()
        } else {
            plain.to_string()
        }
    }
}

/// The text of the first `# ` heading outside fenced code, without a closing `#` run.
fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
        } else if trimmed.starts_with("~~~") {
            fence = Some("~~~");
        } else if let Some(text) = line.strip_prefix("# ") {
            let text = text.trim().trim_end_matches('#').trim();
            return Some(text.to_string()).filter(|t| !t.is_empty());
        }
    }
    None
}

/// `YYYY`, `MM` and `DD` of a name that starts with `YYYY-MM-DD`.
pub(crate) fn date_prefix(name: &str) -> Option<(&str, &str, &str)> {
    let b = name.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b[i].is_ascii_digit());
    (b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| (&name[..4], &name[5..7], &name[8..10]))
}

/// Zola's slug of a name (`slugify` strategy): lower case, every run of characters
/// other than ASCII letters and digits one `-`, none at either end. (Zola also
/// transliterates other letters first; the corpus's names are ASCII.)
pub(crate) fn zola_slugify(name: &str) -> String {
    assert!(
        name.is_ascii(),
        "{name:?}: the test slugifies ASCII names only"
    );
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Every file under `dir`, by `/`-separated path relative to it, sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()))
        {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.push((rel.replace('\\', "/"), path));
            }
        }
    }
    out.sort();
    out
}

/// A finished build of a copy of a corpus.
pub(crate) struct Built {
    /// The temporary folders holding the copy and the output, removed when dropped.
    pub(crate) _tmp: Vec<TempDir>,
    /// The output folder.
    pub(crate) out: PathBuf,
    /// What the build printed on stdout.
    pub(crate) stdout: String,
}

/// The real binary, run with the test run's cache (anything cached, such as drawn social
/// cards, goes there, not to the user's cache) and without timings.
pub(crate) fn bulletin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command.env_remove("BULLETIN_TIMINGS").env(
        "BULLETIN_CACHE_DIR",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bulletin-cache"),
    );
    command
}

/// Copies the corpus into a temporary folder, writes `config` there as `bulletin.yaml`,
/// and runs `bulletin build --source <copy> --output <tmp>/public`; panics, showing
/// everything it printed, unless the build succeeds.
pub(crate) fn build(name: &str, config: &str) -> Built {
    let source = corpus(name);
    let tmp = tempfile::Builder::new()
        .prefix("bulletin-corpus-")
        .tempdir()
        .unwrap();
    let site = tmp.path().join("site");
    copy_tree(&source, &site);
    std::fs::write(site.join("bulletin.yaml"), config).unwrap();
    let out = tmp.path().join("public");
    let output = bulletin()
        .arg("build")
        .arg("--source")
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .current_dir(tmp.path())
        .output()
        .expect("the bulletin binary runs");
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        code == 0 && !stderr.contains("panicked"),
        "{name}: `bulletin build` failed (exit {code}) with this bulletin.yaml:\n{config}\
         stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    Built {
        _tmp: vec![tmp],
        out,
        stdout,
    }
}

/// Copies the folder `from` to `to` (created): files and subfolders.
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

/// The file a URL path is served from: `<path>index.html` for a path ending in `/`, the
/// file itself for one ending in `.html`, else `<path>.html`.
pub(crate) fn page_file(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel.ends_with(".html") {
        rel.to_string()
    } else {
        format!("{rel}.html")
    }
}

/// Checks the output of a build: every published post has its page at its URL, showing
/// its title; no draft has one; the build counted as many posts as there are published
/// post files. All failures are reported together.
pub(crate) fn expect_pages(name: &str, built: &Built, posts: &[Expected]) {
    let mut urls: BTreeMap<&str, &str> = BTreeMap::new();
    for p in posts {
        if let Some(other) = urls.insert(&p.url, &p.rel) {
            panic!(
                "{name}: the test expects {other} and {} at the same URL {}",
                p.rel, p.url
            );
        }
    }
    let mut problems = Vec::new();
    for p in posts {
        if !p.published {
            let file = page_file(&p.url);
            if built.out.join(&file).exists() {
                problems.push(format!("{}: a draft, has a page {file}", p.rel));
            }
            continue;
        }
        problems.extend(page_problem(name, &built.out, p, &p.url));
    }
    conclude(name, built, posts, &problems);
}

/// What is wrong with the page of the published post `p` at `url` in the output `out`:
/// `None` when it is there and shows the post's title.
pub(crate) fn page_problem(name: &str, out: &Path, p: &Expected, url: &str) -> Option<String> {
    let file = page_file(url);
    let Ok(html) = std::fs::read_to_string(out.join(&file)) else {
        return Some(format!("{}: no page {file} (for {url})", p.rel));
    };
    if is_redirect(&html) {
        return Some(format!("{}: {file} (for {url}) is a redirect page", p.rel));
    }
    match &p.title {
        Some(title) if !shows_title(&html, title) => Some(format!(
            "{}: the page {file} does not show the title {title:?}; its <title> and <h1>: {:?}",
            p.rel,
            headings(&html)
        )),
        Some(_) => None,
        None => {
            println!("note: {name}: {} has no title to check", p.rel);
            None
        }
    }
}

/// Concludes a check of a build's output: panics with every problem found, and some of
/// the pages the build wrote, unless there are none; then checks that the build counted
/// as many posts as are published.
pub(crate) fn conclude(name: &str, built: &Built, posts: &[Expected], problems: &[String]) {
    if !problems.is_empty() {
        let pages: Vec<String> = files_under(&built.out)
            .into_iter()
            .map(|(rel, _)| rel)
            .filter(|rel| rel.ends_with(".html"))
            .take(40)
            .collect();
        let shown = problems.len().min(40);
        panic!(
            "{name}: {} of {} post files are wrong:\n{}{}\nsome pages the build wrote:\n{}",
            problems.len(),
            posts.len(),
            problems[..shown].join("\n"),
            if shown < problems.len() {
                format!("\n… and {} more", problems.len() - shown)
            } else {
                String::new()
            },
            pages.join("\n")
        );
    }
    let published = posts.iter().filter(|p| p.published).count();
    assert!(
        built
            .stdout
            .starts_with(&format!("built {published} posts,")),
        "{name}: {published} published post files, but the build says:\n{}",
        built.stdout
    );
}

/// True for a redirect page: a `<meta http-equiv="refresh">` in its head.
pub(crate) fn is_redirect(html: &str) -> bool {
    let head = html.split("</head>").next().unwrap_or_default();
    head.contains("<meta http-equiv=\"refresh\"")
}

/// True when the page's `<title>` or an `<h1>` holds the words of `title` in order (HTML
/// unescaped; words are runs of letters and digits, so quotes, dashes, Markdown marks
/// and smart punctuation do not matter).
fn shows_title(html: &str, title: &str) -> bool {
    let want = words(&unescape(title));
    headings(html).iter().any(|h| {
        let have = words(h);
        want.is_empty() || have.windows(want.len()).any(|w| w == want.as_slice())
    })
}

/// The text of the page's `<title>` and `<h1>` elements, tags left out, unescaped.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["title", "h1"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let after = &rest[i + open.len()..];
            rest = after;
            if !after.starts_with(['>', ' ', '\n', '\t']) {
                continue;
            }
            let Some(gt) = after.find('>') else { break };
            let inner = &after[gt + 1..];
            let end = inner.find(&close).unwrap_or(inner.len());
            out.push(unescape(&strip_tags(&inner[..end])));
            rest = &inner[end..];
        }
    }
    out
}

/// `html` without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Character references replaced by their characters (numeric ones, and the named ones
/// a title may hold).
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => ' ',
                    "ndash" => '–',
                    "mdash" => '—',
                    "lsquo" => '‘',
                    "rsquo" => '’',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "hellip" => '…',
                    _ => return None,
                })
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words of a text, lower case: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Self-tests of the helpers the expectations rest on.
#[test]
fn helpers_read_what_the_corpora_write() {
    assert_eq!(
        zola_slugify("release-22.03-highlights"),
        "release-22-03-highlights"
    );
    assert_eq!(zola_slugify("--A  b__C.."), "a-b-c");
    assert_eq!(date_prefix("2022-03-28-x"), Some(("2022", "03", "28")));
    assert_eq!(date_prefix("release-25.01"), None);
    assert_eq!(page_file("/a/b/"), "a/b/index.html");
    assert_eq!(page_file("/blog/x.html"), "blog/x.html");
    assert_eq!(
        page_file("/blog/2024/12/05/react-19"),
        "blog/2024/12/05/react-19.html"
    );

    let (d, block, body) = split_front_matter(
        "\n---\n title: 'It''s'\n slug: \"a\\\"b\" # c\n list:\n  - x\n---\nBody\n",
    )
    .unwrap();
    assert_eq!((d, body), ("---", "Body\n"));
    let k = keys(block, d);
    assert_eq!(k["title"], "It's");
    assert_eq!(k["slug"], "a\"b");
    assert_eq!(k["list"], "");
    assert!(!k.contains_key("x"));
    let (d, block, _) =
        split_front_matter("+++\ntitle = \"T\"\ndate = 2022-03-28T16:25:00Z\n+++\n").unwrap();
    assert_eq!(keys(block, d)["date"], "2022-03-28T16:25:00Z");
    assert_eq!(keys(block, d)["title"], "T");
    assert!(split_front_matter("# Title\n\n---\nx: y\n---\n").is_none());
    assert_eq!(
        first_heading("## Nushell\n```\n# a comment\n```\n# Real title #\n"),
        Some("Real title".to_string())
    );

    let page = "<title>It&#x27;s 6.0.0 &amp; more · Blog</title><h1 class=\"t\">Other</h1>";
    assert!(shows_title(page, "It's 6.0.0 & more"));
    assert!(shows_title(page, "Other"));
    assert!(!shows_title(page, "6.0.1"));
    assert!(shows_title(
        "<h1>Homebrew’s <code>x</code></h1>",
        "Homebrew's `x`"
    ));
}
