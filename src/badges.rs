//! Reference badges: links in a post to PEPs, the Python docs, PyPI projects, GitHub
//! issues, pull requests, repositories and users, bugs.python.org issues, CVEs and
//! release downloads are recognised ([`Rules::classify`]) and shown as small badges,
//! an icon and a short label ([`badge_html`]); the post page lists them in a
//! "References" section grouped by kind ([`group`]).
//!
//! Pure: no I/O, no global state, no panics. The rules are data: a site switches
//! built-in rules off and adds its own in the `badges:` section of `bulletin.yaml`
//! ([`BadgesConfig`]), for example for a Node or Rust project:
//!
//! ```yaml
//! badges:
//!   disable: [github-user]
//!   rules:
//!     - id: npm
//!       label: npm package
//!       host: www.npmjs.com
//!       path: /package/{name+}
//!       badge: "npm: {name}"
//!       icon: package
//!     - id: crate
//!       label: Crate
//!       host: crates.io
//!       path: /crates/{name}/{version?}
//!       badge: "crates.io: {name} {version}"
//! ```
//!
//! # Site rules
//!
//! - `id`: lower-case letters, digits and `-`; it is the badge's kind and its CSS class
//!   `badge-{id}`. It may reuse a built-in id only if that rule is in `disable` (the
//!   site rule then replaces it).
//! - `label`: the kind as shown (the badge's `badge-kind` text, the References heading).
//! - `host`: a bare host name. `www.` is optional on both sides (`www.npmjs.com` also
//!   matches `npmjs.com` and the other way round); case, port, `http`/`https`, the query
//!   string and the fragment do not matter.
//! - `path`: a pattern for the URL's path (below).
//! - `badge`: the label template: `{name}` inserts a capture. An optional capture that
//!   matched nothing inserts nothing; runs of spaces are then collapsed and the ends
//!   trimmed. A label that comes out empty means "no match".
//! - `icon` (optional): one of [`ICON_NAMES`], or a built-in rule id for that rule's icon
//!   (`icon: pypi` is the `package` icon). Default: `link`.
//!
//! Site rules are tried before the built-in ones, in the order written, so a site rule
//! can claim links a built-in rule would otherwise take (e.g. `github.com`
//! `/rust-lang/rust/issues/{n:num}`). The first rule that matches wins.
//!
//! # Path patterns
//!
//! The pattern is matched against the URL's path segment by segment (split at `/`, each
//! percent-decoded). Empty segments are ignored, so a trailing slash or `//` never
//! matters; the query string and the fragment are not part of the path. The whole path
//! must be used up: `/package/{name}` does not match `/package/a/b`.
//!
//! | in a pattern | matches |
//! |---|---|
//! | `package` | that literal segment, ignoring ASCII case |
//! | `{name}` | any one segment, captured as `name` |
//! | `pep-{n}`, `issue{n}`, `{file}.html` | one segment with literal text around the capture (at most one capture per segment; the capture is not empty) |
//! | `{n:num}` | like `{n}`, digits only |
//! | `{v?}` | one segment or none (a whole segment; only at the end, possibly several) |
//! | `{rest*}` | all remaining segments, none or more, captured joined by `/` (a whole segment; last) |
//! | `{rest+}` | the same, at least one |
//!
//! # Built-in rules
//!
//! In this order (also the order of the References section): `pep`, `docs`, `pypi`,
//! `github-issue`, `github-pr`, `bpo`, `repo`, `github-user`, `cve`, `download`; see
//! [`BUILTIN_IDS`] and [`Rules::builtin`] for what each recognises and how it labels.

use std::collections::HashSet;

use percent_encoding::percent_decode_str;

/// A link recognised as a reference, ready to show as a badge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Badge {
    /// The id of the rule that matched, e.g. `pep`; the badge's CSS class is
    /// `badge-{kind}`.
    pub kind: String,
    /// The kind as shown: `PEP`, `Docs`, `PyPI`, `GitHub issue`, `GitHub PR`,
    /// `BPO issue`, `Repository`, `GitHub user`, `CVE`, `Download`, or a site rule's
    /// `label`.
    pub kind_label: String,
    /// The short label, e.g. `PEP 695`, `docs: library/asyncio`, `pypi: requests`,
    /// `gh-12345`, `pypa/pip#123`, `CVE-2023-24329`, `Python 3.12.0`.
    pub label: String,
    /// The link's URL as written in the post (fragment and query kept).
    pub url: String,
    /// The icon's name, one of [`ICON_NAMES`].
    pub icon: String,
}

/// The ids of the built-in rules, in the order they are tried and grouped.
pub const BUILTIN_IDS: &[&str] = &[
    "pep",
    "docs",
    "pypi",
    "github-issue",
    "github-pr",
    "bpo",
    "repo",
    "github-user",
    "cve",
    "download",
];

/// The icons [`badge_html`] can draw; a site rule's `icon` names one of them (or a
/// built-in rule id, meaning that rule's icon).
pub const ICON_NAMES: &[&str] = &[
    "link",
    "document",
    "book",
    "package",
    "issue",
    "pull-request",
    "bug",
    "code",
    "person",
    "shield",
    "download",
];

/// The `badges:` section of `bulletin.yaml`.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgesConfig {
    /// `false`: no badges at all (the rules are still checked).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Built-in rule ids to switch off (see [`BUILTIN_IDS`]).
    #[serde(default)]
    pub disable: Vec<String>,
    /// The site's own rules, tried before the built-in ones.
    #[serde(default)]
    pub rules: Vec<RuleConfig>,
}

/// One site rule in `badges.rules` (see the module documentation).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// The kind's id: lower-case letters, digits and `-`, e.g. `npm`.
    pub id: String,
    /// The kind as shown, e.g. `npm package`.
    pub label: String,
    /// The host, e.g. `www.npmjs.com` (matches with or without `www.`).
    pub host: String,
    /// The path pattern, e.g. `/package/{name+}` or `/crates/{name}/{version?}`.
    pub path: String,
    /// The label template, e.g. `npm: {name}`.
    pub badge: String,
    /// The icon: one of [`ICON_NAMES`] or a built-in rule id; `link` when not given.
    #[serde(default)]
    pub icon: Option<String>,
}

/// The rules in force: the built-in ones (minus those switched off) and the site's.
#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<Rule>,
}

impl Default for Rules {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Rules {
    /// The built-in rules, in the order of [`BUILTIN_IDS`]:
    ///
    /// - `pep`: `peps.python.org/pep-0695/` (also `/pep-695`, `.html`, any fragment) and
    ///   the old `python.org/dev/peps/pep-0008/`, `python.org/peps/pep-0008.html`,
    ///   `legacy.python.org/dev/peps/…` → `PEP 695`. Also any http(s) or relative link
    ///   whose text is `PEP 8`, `PEP 0008`, `PEP-8` or `PEP8` (any case), wherever it
    ///   points: `PEP 8`. The text rule is tried before every URL rule.
    /// - `docs`: `docs.python.org/…` → `docs: library/asyncio`. A language (`fr/`),
    ///   the version (`3`, `3.12`, `2.7`, `dev`, `py3k`) and `.html`/`index.html` are
    ///   dropped; a pinned release keeps its version in brackets
    ///   (`release/3.12.2/whatsnew/changelog.html` → `docs: whatsnew/changelog (3.12.2)`);
    ///   a version's front page is `docs: 3.12`, the site's root `docs.python.org`.
    /// - `pypi`: `pypi.org/project/<name>/[<version>/]` and the old
    ///   `pypi.python.org/pypi/<name>` → `pypi: <name>`.
    /// - `github-issue`, `github-pr`: `github.com/<owner>/<repo>/issues/<n>` and
    ///   `…/pull/<n>` (anything may follow, e.g. `/files`) → `owner/repo#n`; CPython's
    ///   own (`python/cpython`) are `gh-n`, as Python's changelogs and posts write them.
    /// - `bpo`: `bugs.python.org/issue<n>` → `bpo-n`.
    /// - `repo`: `github.com/<owner>/<repo>` with nothing, `/tree/…` or `/blob/…` after
    ///   → `owner/repo`.
    /// - `github-user`: `github.com/<user>` alone → `@user`.
    ///   GitHub's own pages (`/features`, `/sponsors/…`, `/orgs/…`, `/about`,
    ///   `/advisories/…` and the like) are neither repositories nor users.
    /// - `cve`: `nvd.nist.gov/vuln/detail/CVE-…`, `cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-…`,
    ///   `www.cve.org/CVERecord?id=CVE-…` → the id in upper case.
    /// - `download`: `python.org/downloads/release/python-3120/` → `Python 3.12.0`, and
    ///   the old `python.org/download/releases/3.3.0/` → `Python 3.3.0`. The release
    ///   page's digits are split as major (one digit), minor, micro, then the
    ///   pre-release suffix as written (`3120rc1` → `3.12.0rc1`). Digits after the major:
    ///   two → one each (`379` → 3.7.9); four → two each (`31013` → 3.10.13); three →
    ///   for Python 3 a leading 1, 2 or 3 starts a two-digit minor (`3101` → 3.10.1,
    ///   `3110` → 3.11.0), because 3.1, 3.2 and 3.3 never reached a micro version 10,
    ///   while 3.4 to 3.9 did (`3410` → 3.4.10, `3910` → 3.9.10); for other majors the
    ///   minor is one digit (`2718` → 2.7.18). A micro version never starts with 0
    ///   (`3401` → 3.40.1). Anything else is left alone.
    pub fn builtin() -> Self {
        Rules {
            rules: builtin_rules(),
        }
    }

    /// The rules `cfg` asks for: the built-in ones minus `disable`, with the site's
    /// `rules` tried first; none at all when `enabled` is false (the config is checked
    /// all the same). The error names the bad entry and says how to fix it.
    pub fn from_config(cfg: &BadgesConfig) -> Result<Self, String> {
        let mut disabled = HashSet::new();
        for id in &cfg.disable {
            if !BUILTIN_IDS.contains(&id.as_str()) {
                return Err(format!(
                    "badges.disable: {id:?} is not a built-in rule: the built-in rules are {}",
                    BUILTIN_IDS.join(", ")
                ));
            }
            disabled.insert(id.as_str());
        }
        let mut rules = Vec::new();
        let mut ids: HashSet<&str> = HashSet::new();
        for (i, rc) in cfg.rules.iter().enumerate() {
            let rule =
                custom_rule(rc).map_err(|e| format!("badges.rules[{i}] ({}): {e}", rc.id))?;
            if !ids.insert(rc.id.as_str()) {
                return Err(format!(
                    "badges.rules[{i}] ({}): the id {:?} is used by an earlier rule: give each rule its own id",
                    rc.id, rc.id
                ));
            }
            if BUILTIN_IDS.contains(&rc.id.as_str()) && !disabled.contains(rc.id.as_str()) {
                return Err(format!(
                    "badges.rules[{i}] ({}): {:?} is a built-in rule: pick another id, or add {:?} to badges.disable to replace the built-in rule",
                    rc.id, rc.id, rc.id
                ));
            }
            rules.push(rule);
        }
        if cfg.enabled == Some(false) {
            return Ok(Rules { rules: Vec::new() });
        }
        rules.extend(
            builtin_rules()
                .into_iter()
                .filter(|r| !disabled.contains(r.id.as_str())),
        );
        Ok(Rules { rules })
    }

    /// True when no rule is in force (`enabled: false`, or everything disabled):
    /// [`Rules::classify`] then never finds a badge.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The badge for a link to `url` whose text is `link_text`, if a rule recognises it.
    /// Only `http`, `https` and protocol-relative (`//host/…`) URLs are matched (the
    /// `PEP 8` text rule also takes relative links); anything else gives `None`.
    pub fn classify(&self, url: &str, link_text: &str) -> Option<Badge> {
        let url = url.trim();
        for rule in &self.rules {
            if let Some(text_fn) = rule.text
                && let Some(label) = text_fn(link_text)
                && text_rule_may_link(url)
            {
                return Some(rule.badge(label, url));
            }
        }
        let parsed = Url::parse(url)?;
        for rule in &self.rules {
            for m in &rule.matchers {
                if m.host != parsed.host {
                    continue;
                }
                let Some(caps) = m.path.matches(&parsed.segments) else {
                    continue;
                };
                let label = match &m.label {
                    Label::Template(t) => t.render(&caps),
                    Label::Func(f) => f(&caps, &parsed),
                };
                if let Some(label) = label {
                    return Some(rule.badge(label, url));
                }
            }
        }
        None
    }
}

/// The badge as HTML: `<a class="badge badge-{kind}" href="{url}"><svg class="badge-icon"
/// aria-hidden="true" …>…</svg><span class="badge-kind">{kind_label}</span> {label}</a>`,
/// everything escaped. The icon is drawn inline (16×16 view box, `fill="currentColor"`,
/// so it takes the text colour); an unknown icon name draws the `link` icon.
pub fn badge_html(b: &Badge) -> String {
    let class: String = b
        .kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "<a class=\"badge badge-{class}\" href=\"{href}\"><svg class=\"badge-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" fill=\"currentColor\">{icon}</svg><span class=\"badge-kind\">{kind}</span> {label}</a>",
        href = escape_html(&b.url),
        icon = icon_svg(&b.icon),
        kind = escape_html(&b.kind_label),
        label = escape_html(&b.label),
    )
}

/// Can the badge stand in for the link in running text without losing words? True when
/// the link's text is empty, the URL itself (`<https://…>`, `[https://…](https://…)`),
/// or already says what the label says (`gh-12345`, `PEP 0008` for `PEP 8`; any case).
/// Otherwise the text is the author's prose ("see [What's New](…)"): keep the link as
/// written and show the badge only in the References section.
pub fn can_replace_link(badge: &Badge, link_text: &str) -> bool {
    let text = link_text.trim();
    text.is_empty()
        || text.eq_ignore_ascii_case(&badge.label)
        || short_url_label(text) == short_url_label(&badge.url)
        || (badge.kind == "pep" && pep_from_text(text).as_deref() == Some(badge.label.as_str()))
}

/// A readable label for a bare URL: no scheme, no leading `www.`, host in lower case,
/// the path percent-decoded (when that gives readable UTF-8), no trailing `/`. Longer
/// than 60 characters, the middle is replaced by `…` (60 characters in all).
pub fn short_url_label(url: &str) -> String {
    const MAX: usize = 60;
    let s = url.trim();
    let rest = match s.find("://") {
        Some(i)
            if i > 0
                && s[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            &s[i + 3..]
        }
        _ => s.strip_prefix("//").unwrap_or(s),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let (path, after) = tail.split_at(path_end);
    let path = match percent_decode_str(path).decode_utf8() {
        Ok(p) if !p.chars().any(char::is_control) => p.into_owned(),
        _ => path.to_string(),
    };
    let mut label = format!("{host}{path}{after}");
    while label.ends_with('/') {
        label.pop();
    }
    let n = label.chars().count();
    if n <= MAX {
        return label;
    }
    let head = (MAX - 1) / 2;
    let tail_len = MAX - 1 - head;
    let mut out: String = label.chars().take(head).collect();
    out.push('…');
    out.extend(label.chars().skip(n - tail_len));
    out
}

/// The badges grouped for a References section: `(kind_label, badges)`. Kinds come in
/// the built-in order ([`BUILTIN_IDS`]), then site kinds in the order first seen;
/// badges with the same `kind_label` share a group. Within a group badges keep the
/// order they were first seen. A badge is dropped when its URL (ignoring scheme, `www.`,
/// host case and a trailing `/`) or its kind and label were seen before: the same
/// reference linked twice, or a PEP linked at two anchors, is listed once.
pub fn group(badges: &[Badge]) -> Vec<(String, Vec<Badge>)> {
    let mut seen_urls: HashSet<String> = HashSet::new();
    let mut seen_labels: HashSet<(&str, &str)> = HashSet::new();
    let mut groups: Vec<(usize, String, Vec<Badge>)> = Vec::new();
    for b in badges {
        let key = url_key(&b.url);
        if seen_urls.contains(&key)
            || seen_labels.contains(&(b.kind_label.as_str(), b.label.as_str()))
        {
            continue;
        }
        seen_urls.insert(key);
        seen_labels.insert((b.kind_label.as_str(), b.label.as_str()));
        match groups
            .iter_mut()
            .find(|(_, label, _)| *label == b.kind_label)
        {
            Some((_, _, list)) => list.push(b.clone()),
            None => {
                let rank = BUILTIN_IDS
                    .iter()
                    .position(|id| *id == b.kind)
                    .unwrap_or(BUILTIN_IDS.len() + groups.len());
                groups.push((rank, b.kind_label.clone(), vec![b.clone()]));
            }
        }
    }
    groups.sort_by_key(|(rank, _, _)| *rank);
    groups
        .into_iter()
        .map(|(_, label, list)| (label, list))
        .collect()
}

// ---------------------------------------------------------------------------------
// Rules

type LabelFn = fn(&Captures<'_>, &Url<'_>) -> Option<String>;
type TextFn = fn(&str) -> Option<String>;

#[derive(Debug, Clone)]
struct Rule {
    id: String,
    kind_label: String,
    icon: &'static str,
    matchers: Vec<Matcher>,
    /// A rule on the link text, tried before every URL rule.
    text: Option<TextFn>,
}

impl Rule {
    fn badge(&self, label: String, url: &str) -> Badge {
        Badge {
            kind: self.id.clone(),
            kind_label: self.kind_label.clone(),
            label,
            url: url.to_string(),
            icon: self.icon.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
struct Matcher {
    /// Lower case, without `www.`.
    host: String,
    path: Pattern,
    label: Label,
}

#[derive(Debug, Clone)]
enum Label {
    Template(Template),
    Func(LabelFn),
}

/// How a built-in matcher labels: a template or a function.
#[derive(Clone, Copy)]
enum Spec {
    T(&'static str),
    F(LabelFn),
}

fn matchers(specs: &[(&str, &str, Spec)]) -> Vec<Matcher> {
    specs
        .iter()
        .filter_map(|&(host, path, spec)| {
            let path = Pattern::parse(path).ok()?;
            let label = match spec {
                Spec::T(t) => Label::Template(Template::parse(t, &path).ok()?),
                Spec::F(f) => Label::Func(f),
            };
            Some(Matcher {
                host: strip_www(&host.to_ascii_lowercase()).to_string(),
                path,
                label,
            })
        })
        .collect()
}

fn builtin_rules() -> Vec<Rule> {
    use Spec::{F, T};
    let rule =
        |id: &str, kind_label: &str, icon: &'static str, specs: &[(&str, &str, Spec)]| Rule {
            id: id.to_string(),
            kind_label: kind_label.to_string(),
            icon,
            matchers: matchers(specs),
            text: None,
        };
    let mut pep = rule(
        "pep",
        "PEP",
        "document",
        &[
            ("peps.python.org", "/pep-{n}", F(pep_label)),
            ("python.org", "/dev/peps/pep-{n}", F(pep_label)),
            ("python.org", "/peps/pep-{n}", F(pep_label)),
            ("legacy.python.org", "/dev/peps/pep-{n}", F(pep_label)),
        ],
    );
    pep.text = Some(pep_from_text);
    vec![
        pep,
        rule(
            "docs",
            "Docs",
            "book",
            &[("docs.python.org", "/{path*}", F(docs_label))],
        ),
        rule(
            "pypi",
            "PyPI",
            "package",
            &[
                ("pypi.org", "/project/{name}/{version?}", T("pypi: {name}")),
                (
                    "pypi.python.org",
                    "/pypi/{name}/{version?}",
                    T("pypi: {name}"),
                ),
            ],
        ),
        rule(
            "github-issue",
            "GitHub issue",
            "issue",
            &[
                (
                    "github.com",
                    "/python/cpython/issues/{n:num}/{more*}",
                    T("gh-{n}"),
                ),
                (
                    "github.com",
                    "/{owner}/{repo}/issues/{n:num}/{more*}",
                    F(github_number),
                ),
            ],
        ),
        rule(
            "github-pr",
            "GitHub PR",
            "pull-request",
            &[
                (
                    "github.com",
                    "/python/cpython/pull/{n:num}/{more*}",
                    T("gh-{n}"),
                ),
                (
                    "github.com",
                    "/{owner}/{repo}/pull/{n:num}/{more*}",
                    F(github_number),
                ),
            ],
        ),
        rule(
            "bpo",
            "BPO issue",
            "bug",
            &[("bugs.python.org", "/issue{n:num}", T("bpo-{n}"))],
        ),
        rule(
            "repo",
            "Repository",
            "code",
            &[
                ("github.com", "/{owner}/{repo}", F(github_repo)),
                ("github.com", "/{owner}/{repo}/tree/{more*}", F(github_repo)),
                ("github.com", "/{owner}/{repo}/blob/{more*}", F(github_repo)),
            ],
        ),
        rule(
            "github-user",
            "GitHub user",
            "person",
            &[("github.com", "/{user}", F(github_user))],
        ),
        rule(
            "cve",
            "CVE",
            "shield",
            &[
                ("nvd.nist.gov", "/vuln/detail/{id}", F(cve_from_path)),
                (
                    "cve.mitre.org",
                    "/cgi-bin/cvename.cgi",
                    F(cve_from_name_param),
                ),
                ("cve.org", "/CVERecord", F(cve_from_id_param)),
            ],
        ),
        rule(
            "download",
            "Download",
            "download",
            &[
                (
                    "python.org",
                    "/downloads/release/python-{v}",
                    F(download_release),
                ),
                ("python.org", "/download/releases/{v}", F(download_old)),
            ],
        ),
    ]
}

fn custom_rule(rc: &RuleConfig) -> Result<Rule, String> {
    let id = rc.id.as_str();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || id.starts_with('-')
    {
        return Err(format!(
            "the id {id:?} is not valid: use lower-case letters, digits and \"-\" (it becomes the CSS class badge-<id>), e.g. \"npm\""
        ));
    }
    let kind_label = rc.label.trim();
    if kind_label.is_empty() {
        return Err(
            "label is empty: give the kind a name to show, e.g. \"npm package\"".to_string(),
        );
    }
    let host = rc.host.trim().to_ascii_lowercase();
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        || host.starts_with('.')
        || host.ends_with('.')
    {
        return Err(format!(
            "host {:?} is not a host name: write just the host, e.g. \"www.npmjs.com\" (no scheme, path or port)",
            rc.host
        ));
    }
    let path = Pattern::parse(&rc.path).map_err(|e| format!("path {:?}: {e}", rc.path))?;
    let template =
        Template::parse(&rc.badge, &path).map_err(|e| format!("badge {:?}: {e}", rc.badge))?;
    let icon = match &rc.icon {
        None => "link",
        Some(name) => resolve_icon(name.trim()).ok_or_else(|| {
            format!(
                "icon {name:?} is not a built-in icon: use one of {} (or a built-in rule id such as \"pypi\")",
                ICON_NAMES.join(", ")
            )
        })?,
    };
    Ok(Rule {
        id: id.to_string(),
        kind_label: kind_label.to_string(),
        icon,
        matchers: vec![Matcher {
            host: strip_www(&host).to_string(),
            path,
            label: Label::Template(template),
        }],
        text: None,
    })
}

/// An icon name, or a built-in rule id meaning its icon, as the canonical icon name.
fn resolve_icon(name: &str) -> Option<&'static str> {
    if let Some(n) = ICON_NAMES.iter().find(|n| **n == name) {
        return Some(n);
    }
    let alias = match name {
        "pep" => "document",
        "docs" => "book",
        "pypi" => "package",
        "github-issue" => "issue",
        "github-pr" => "pull-request",
        "bpo" => "bug",
        "repo" => "code",
        "github-user" => "person",
        "cve" => "shield",
        "download" => "download",
        _ => return None,
    };
    ICON_NAMES.iter().find(|n| **n == alias).copied()
}

// ---------------------------------------------------------------------------------
// URLs

/// The parts of an absolute http(s) URL that rules look at.
#[derive(Debug)]
struct Url<'a> {
    /// Lower case, no `www.`, no port, no user info.
    host: String,
    /// Percent-decoded, empty ones left out.
    segments: Vec<String>,
    /// The query string without `?` (not decoded).
    query: &'a str,
}

impl<'a> Url<'a> {
    fn parse(url: &'a str) -> Option<Self> {
        let rest = strip_prefix_ci(url, "https://")
            .or_else(|| strip_prefix_ci(url, "http://"))
            .or_else(|| url.strip_prefix("//"))?;
        let rest = rest.split('#').next().unwrap_or("");
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = match rest.find(['/', '\\']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = if host_port.starts_with('[') {
            host_port.split(']').next().unwrap_or("")
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host = strip_www(&host).to_string();
        if host.is_empty() {
            return None;
        }
        let segments = path
            .split(['/', '\\'])
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        Some(Url {
            host,
            segments,
            query,
        })
    }

    /// The first value of query parameter `key` (any case), decoded.
    fn param(&self, key: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            k.eq_ignore_ascii_case(key).then(|| {
                percent_decode_str(&v.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }
}

/// May the `PEP 8` text rule make a badge of a link to `url`? Yes for http(s) and
/// relative URLs; not for `javascript:`, `mailto:` and other schemes.
fn text_rule_may_link(url: &str) -> bool {
    if url.is_empty() {
        return false;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url[..end].find(':') {
        None => true,
        Some(i) => {
            let scheme = &url[..i];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
    }
}

/// The key under which [`group`] recognises the same URL.
fn url_key(url: &str) -> String {
    let s = url.trim();
    let rest = strip_prefix_ci(s, "https://")
        .or_else(|| strip_prefix_ci(s, "http://"))
        .or_else(|| s.strip_prefix("//"))
        .unwrap_or(s);
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    let host = host.to_ascii_lowercase();
    let mut key = format!("{}{tail}", strip_www(&host));
    while key.ends_with('/') {
        key.pop();
    }
    key
}

fn strip_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn strip_suffix_ci<'s>(s: &'s str, suffix: &str) -> Option<&'s str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        s.get(..cut)
    } else {
        None
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------
// Patterns and templates

#[derive(Debug, Clone)]
enum Seg {
    /// A literal segment (matched ignoring ASCII case).
    Lit(String),
    /// One segment: `prefix{name}suffix`.
    One {
        prefix: String,
        name: String,
        suffix: String,
        num: bool,
    },
    /// `{name?}`.
    Opt { name: String, num: bool },
    /// `{name*}` (min 0) or `{name+}` (min 1).
    Rest { name: String, min: usize },
}

#[derive(Debug, Clone)]
struct Pattern {
    segs: Vec<Seg>,
}

/// Captured values by name; a name that captured nothing reads as "".
#[derive(Debug, Default)]
struct Captures<'p> {
    values: Vec<(&'p str, String)>,
}

impl Captures<'_> {
    fn get(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl Pattern {
    fn parse(path: &str) -> Result<Self, String> {
        let path = path.trim();
        if !path.starts_with('/') {
            return Err("a path pattern starts with \"/\", e.g. \"/package/{name}\"".to_string());
        }
        let mut segs = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let seg = parse_segment(raw)?;
            if let Some(name) = seg_name(&seg) {
                if names.iter().any(|n| n == name) {
                    return Err(format!(
                        "the capture {{{name}}} appears twice: give each capture its own name"
                    ));
                }
                names.push(name.to_string());
            }
            match segs.last() {
                Some(Seg::Rest { name, .. }) => {
                    return Err(format!(
                        "{{{name}*}} / {{{name}+}} takes the rest of the path: it must be the last segment"
                    ));
                }
                Some(Seg::Opt { name, .. }) if !matches!(seg, Seg::Opt { .. }) => {
                    return Err(format!(
                        "the optional {{{name}?}} can only be followed by other optional segments: put it at the end"
                    ));
                }
                _ => {}
            }
            segs.push(seg);
        }
        Ok(Pattern { segs })
    }

    fn capture_names(&self) -> impl Iterator<Item = &str> {
        self.segs.iter().filter_map(seg_name)
    }

    fn matches(&self, segments: &[String]) -> Option<Captures<'_>> {
        let mut caps = Captures::default();
        let mut i = 0;
        for seg in &self.segs {
            match seg {
                Seg::Lit(lit) => {
                    if !segments.get(i)?.eq_ignore_ascii_case(lit) {
                        return None;
                    }
                    i += 1;
                }
                Seg::One {
                    prefix,
                    name,
                    suffix,
                    num,
                } => {
                    let s = segments.get(i)?;
                    let inner =
                        strip_prefix_ci(s, prefix).and_then(|r| strip_suffix_ci(r, suffix))?;
                    if inner.is_empty() || (*num && !all_digits(inner)) {
                        return None;
                    }
                    caps.values.push((name, inner.to_string()));
                    i += 1;
                }
                Seg::Opt { name, num } => {
                    if let Some(s) = segments.get(i) {
                        if *num && !all_digits(s) {
                            return None;
                        }
                        caps.values.push((name, s.clone()));
                        i += 1;
                    }
                }
                Seg::Rest { name, min } => {
                    let rest = segments.get(i..).unwrap_or(&[]);
                    if rest.len() < *min {
                        return None;
                    }
                    caps.values.push((name, rest.join("/")));
                    i = segments.len();
                }
            }
        }
        (i == segments.len()).then_some(caps)
    }
}

fn seg_name(seg: &Seg) -> Option<&str> {
    match seg {
        Seg::Lit(_) => None,
        Seg::One { name, .. } | Seg::Opt { name, .. } | Seg::Rest { name, .. } => Some(name),
    }
}

fn parse_segment(raw: &str) -> Result<Seg, String> {
    let Some(open) = raw.find('{') else {
        if raw.contains('}') {
            return Err(format!(
                "\"}}\" without an opening \"{{\" in {raw:?}: write captures as {{name}}"
            ));
        }
        return Ok(Seg::Lit(raw.to_string()));
    };
    let Some(close_rel) = raw[open..].find('}') else {
        return Err(format!(
            "\"{{\" without a closing \"}}\" in {raw:?}: write captures as {{name}}"
        ));
    };
    let close = open + close_rel;
    let prefix = &raw[..open];
    let inner = &raw[open + 1..close];
    let suffix = &raw[close + 1..];
    if prefix.contains('}') {
        return Err(format!(
            "\"}}\" without an opening \"{{\" in {raw:?}: write captures as {{name}}"
        ));
    }
    if suffix.contains('{') || suffix.contains('}') || inner.contains('{') {
        return Err(format!(
            "{raw:?} has more than one capture: use at most one {{capture}} per segment"
        ));
    }
    let (body, modifier) = match inner.chars().last() {
        Some(c @ ('?' | '*' | '+')) => (&inner[..inner.len() - 1], Some(c)),
        _ => (inner, None),
    };
    let (name, num) = match body.split_once(':') {
        None => (body, false),
        Some((name, "num")) => (name, true),
        Some((_, other)) => {
            return Err(format!(
                "unknown capture type \":{other}\" in {raw:?}: the only type is \":num\" (digits only)"
            ));
        }
    };
    if name.is_empty() {
        return Err(format!(
            "a capture without a name in {raw:?}: write {{name}}"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "the capture name {name:?} is not valid: use letters, digits, \"_\" and \"-\""
        ));
    }
    let name = name.to_string();
    if modifier.is_some() && (!prefix.is_empty() || !suffix.is_empty()) {
        return Err(format!(
            "{{{inner}}} must be a whole segment, not part of {raw:?}: write /{{{inner}}}"
        ));
    }
    match modifier {
        None => Ok(Seg::One {
            prefix: prefix.to_string(),
            name,
            suffix: suffix.to_string(),
            num,
        }),
        Some('?') => Ok(Seg::Opt { name, num }),
        Some(m) => {
            if num {
                return Err(format!(
                    "\":num\" cannot be used with {m:?} in {raw:?}: write {{{name}{m}}}"
                ));
            }
            Ok(Seg::Rest {
                name,
                min: usize::from(m == '+'),
            })
        }
    }
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Capture(String),
}

/// A label template: text with `{capture}`s.
#[derive(Debug, Clone)]
struct Template {
    parts: Vec<Part>,
}

impl Template {
    fn parse(template: &str, pattern: &Pattern) -> Result<Self, String> {
        if template.trim().is_empty() {
            return Err(
                "the badge label is empty: write a template, e.g. \"npm: {name}\"".to_string(),
            );
        }
        let mut parts = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                None => {
                    parts.push(Part::Text(rest.to_string()));
                    break;
                }
                Some(i) if rest[i..].starts_with('}') => {
                    return Err(
                        "\"}\" without an opening \"{\": write captures as {name}".to_string()
                    );
                }
                Some(i) => {
                    if i > 0 {
                        parts.push(Part::Text(rest[..i].to_string()));
                    }
                    let after = &rest[i + 1..];
                    let Some(close) = after.find('}') else {
                        return Err(
                            "\"{\" without a closing \"}\": write captures as {name}".to_string()
                        );
                    };
                    let name = &after[..close];
                    if !pattern.capture_names().any(|n| n == name) {
                        let names: Vec<&str> = pattern.capture_names().collect();
                        let known = if names.is_empty() {
                            "the path has no captures".to_string()
                        } else {
                            format!("its captures are {}", names.join(", "))
                        };
                        return Err(format!("{{{name}}} is not a capture of the path: {known}"));
                    }
                    parts.push(Part::Capture(name.to_string()));
                    rest = &after[close + 1..];
                }
            }
        }
        Ok(Template { parts })
    }

    fn render(&self, caps: &Captures<'_>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Capture(name) => out.push_str(caps.get(name)),
            }
        }
        let label = out.split_whitespace().collect::<Vec<_>>().join(" ");
        (!label.is_empty()).then_some(label)
    }
}

// ---------------------------------------------------------------------------------
// Built-in labels

/// A PEP number as written (`0008`, `695`) without leading zeros; None unless 1–5 digits.
fn pep_number(s: &str) -> Option<String> {
    if !all_digits(s) || s.len() > 5 {
        return None;
    }
    let n = s.trim_start_matches('0');
    Some(if n.is_empty() { "0" } else { n }.to_string())
}

fn pep_label(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    let mut n = c.get("n");
    for ext in [".html", ".htm", ".txt", ".rst"] {
        if let Some(stem) = strip_suffix_ci(n, ext) {
            n = stem;
            break;
        }
    }
    pep_number(n).map(|n| format!("PEP {n}"))
}

/// `PEP 8`, `PEP 0008`, `pep-8`, `PEP8`, `PEP\u{a0}8` → `PEP 8`.
fn pep_from_text(text: &str) -> Option<String> {
    let rest = strip_prefix_ci(text.trim(), "pep")?;
    let digits = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    if rest.len() - digits.len() > 3 {
        return None;
    }
    pep_number(digits).map(|n| format!("PEP {n}"))
}

fn is_lang(s: &str) -> bool {
    let (main, region) = s.split_once('-').unwrap_or((s, ""));
    main.len() == 2
        && main.bytes().all(|b| b.is_ascii_alphabetic())
        && (region.is_empty()
            || ((2..=4).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_alphabetic())))
}

/// `3`, `3.12`, `2.7`, `dev`, `py3k`: the floating versions of the docs.
fn is_docs_version(s: &str) -> bool {
    s.eq_ignore_ascii_case("dev")
        || s.eq_ignore_ascii_case("py3k")
        || (!s.is_empty() && s.split('.').count() <= 2 && s.split('.').all(all_digits))
}

/// `3.12.2`, `3.8.2rc2`: a pinned release.
fn is_release_version(s: &str) -> bool {
    let digits_end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(digits_end);
    num.split('.').all(all_digits) && valid_suffix(suffix)
}

/// A pre-release suffix: empty, or letters then digits (`rc1`, `a`, `b34`).
fn valid_suffix(s: &str) -> bool {
    let letters_end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let (letters, digits) = s.split_at(letters_end);
    letters.len() <= 4 && (digits.is_empty() || (!letters.is_empty() && all_digits(digits)))
}

fn docs_label(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    let segs = &url.segments;
    let mut i = 0;
    if segs.len() >= 2 && is_lang(&segs[0]) && (is_docs_version(&segs[1]) || segs[1] == "release") {
        i = 1;
    }
    let mut pinned = None;
    if segs
        .get(i)
        .is_some_and(|s| s.eq_ignore_ascii_case("release"))
        && segs.get(i + 1).is_some_and(|s| is_release_version(s))
    {
        pinned = segs.get(i + 1);
        i += 2;
    } else if segs.get(i).is_some_and(|s| is_docs_version(s)) {
        i += 1;
    }
    let mut rest: Vec<&str> = segs
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .map(String::as_str)
        .collect();
    if let Some(last) = rest.last_mut() {
        for ext in [".html", ".htm"] {
            if let Some(stem) = strip_suffix_ci(last, ext) {
                *last = stem;
                break;
            }
        }
    }
    if rest.last() == Some(&"index") {
        rest.pop();
    }
    if rest.is_empty() {
        return Some(if i == 0 {
            "docs.python.org".to_string()
        } else {
            format!("docs: {}", segs[..i].join("/"))
        });
    }
    let mut label = format!("docs: {}", rest.join("/"));
    if let Some(v) = pinned {
        label.push_str(&format!(" ({v})"));
    }
    Some(label)
}

/// GitHub's own top-level pages, which are not users or organisations.
const GITHUB_RESERVED: &[&str] = &[
    "about",
    "account",
    "advisories",
    "apps",
    "blog",
    "codespaces",
    "collections",
    "contact",
    "copilot",
    "customer-stories",
    "dashboard",
    "discussions",
    "downloads",
    "education",
    "enterprise",
    "events",
    "explore",
    "features",
    "git-guides",
    "github",
    "home",
    "issues",
    "join",
    "login",
    "logout",
    "marketplace",
    "mobile",
    "new",
    "nonprofit",
    "notifications",
    "open-source",
    "organizations",
    "orgs",
    "partners",
    "pricing",
    "pulls",
    "readme",
    "repositories",
    "resources",
    "search",
    "security",
    "sessions",
    "settings",
    "signup",
    "site",
    "solutions",
    "sponsors",
    "stars",
    "team",
    "topics",
    "trending",
    "users",
    "watching",
];

/// A GitHub user or organisation name that is not one of GitHub's own pages.
fn is_github_owner(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !GITHUB_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
}

/// `owner/repo` from the captures, without a `.git` ending.
fn github_owner_repo(c: &Captures<'_>) -> Option<String> {
    let owner = c.get("owner");
    let repo = c.get("repo");
    let repo = strip_suffix_ci(repo, ".git").unwrap_or(repo);
    let repo_ok = !repo.is_empty()
        && repo.len() <= 100
        && repo != "."
        && repo != ".."
        && repo
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'));
    (is_github_owner(owner) && repo_ok).then(|| format!("{owner}/{repo}"))
}

fn github_number(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    github_owner_repo(c).map(|r| format!("{r}#{}", c.get("n")))
}

fn github_repo(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    github_owner_repo(c)
}

fn github_user(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    let user = c.get("user");
    is_github_owner(user).then(|| format!("@{user}"))
}

/// `CVE-2023-24329` (any case, `CVE-` optional) in upper case.
fn cve_id(s: &str) -> Option<String> {
    let s = s.trim();
    let body = strip_prefix_ci(s, "cve-").unwrap_or(s);
    let (year, num) = body.split_once('-')?;
    (year.len() == 4 && all_digits(year) && (4..=9).contains(&num.len()) && all_digits(num))
        .then(|| format!("CVE-{year}-{num}"))
}

fn cve_from_path(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    cve_id(c.get("id"))
}

fn cve_from_name_param(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    cve_id(&url.param("name")?)
}

fn cve_from_id_param(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    cve_id(&url.param("id")?)
}

fn download_release(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    let v = c.get("v");
    if v.contains('.') {
        return dotted_version(v).map(|v| format!("Python {v}"));
    }
    let digits_end = v.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(v.len());
    let (digits, suffix) = v.split_at(digits_end);
    if digits.is_empty() || !valid_suffix(suffix) {
        return None;
    }
    let suffix = suffix.to_ascii_lowercase();
    let d = digits.as_bytes();
    let (major, r) = (&digits[..1], &digits[1..]);
    let version = match r.len() {
        0 => major.to_string(),
        1 => format!("{major}.{r}"),
        2 => format!("{major}.{}.{}", &r[..1], &r[1..]),
        3 => {
            let two_digit_minor = (major == "3" && matches!(d[1], b'1'..=b'3')) || d[2] == b'0';
            if two_digit_minor {
                format!("{major}.{}.{}", &r[..2], &r[2..])
            } else {
                format!("{major}.{}.{}", &r[..1], &r[1..])
            }
        }
        4 => format!("{major}.{}.{}", &r[..2], &r[2..]),
        _ => return None,
    };
    Some(format!("Python {version}{suffix}"))
}

fn download_old(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    dotted_version(c.get("v")).map(|v| format!("Python {v}"))
}

/// `3.3.0`, `2.7`, `3.12.0rc1` as written (suffix in lower case); None for anything else.
fn dotted_version(s: &str) -> Option<String> {
    let num_end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    let parts = num.split('.').count();
    ((1..=3).contains(&parts) && num.split('.').all(all_digits) && valid_suffix(suffix))
        .then(|| format!("{num}{}", suffix.to_ascii_lowercase()))
}

// ---------------------------------------------------------------------------------
// HTML

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::markdown::escape_into(&mut out, s);
    out
}

/// The inside of the `<svg>` for an icon (16×16, filled with `currentColor`).
fn icon_svg(name: &str) -> &'static str {
    match name {
        // A page with a folded corner and two lines of text.
        "document" => {
            r#"<path fill-rule="evenodd" d="M3 1h7l3.5 3.5V15H3zm1.5 1.5v11h7.5V5.5H9V2.5zM5.8 8h4.9v1.2H5.8zm0 2.6h4.9v1.2H5.8z"/>"#
        }
        // An open book.
        "book" => {
            r#"<path d="M1 3.2c2-.9 4.2-.8 6.3.4V14c-2.1-1.2-4.3-1.3-6.3-.4zm14 0c-2-.9-4.2-.8-6.3.4V14c2.1-1.2 4.3-1.3 6.3-.4z"/>"#
        }
        // A box seen from a corner, its three faces cut out.
        "package" => {
            r#"<path fill-rule="evenodd" d="M8 1l6.5 3.4v7.2L8 15l-6.5-3.4V4.4zm0 1.7L3.4 5.1 8 7.5l4.6-2.4zM2.9 6.3v4.8l4.4 2.4V8.6zm10.2 0L8.7 8.6v4.9l4.4-2.4z"/>"#
        }
        // A ring with a dot: an open issue.
        "issue" => {
            r#"<path fill-rule="evenodd" d="M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm0 1.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4z"/>"#
        }
        // Two branches and an arrow merging one into the other.
        "pull-request" => {
            r#"<path d="M4 1a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm0 10a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm-.75-7h1.5v8h-1.5zM12 11a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm-.75 1V6.5c0-.5-.4-.9-.9-.9H8.5V4.1h1.85a2.4 2.4 0 0 1 2.4 2.4V12zM9.2 2v5.2L6.1 4.6z"/>"#
        }
        // A beetle: body, head and legs.
        "bug" => {
            r#"<path d="M8 4.6c2.1 0 3.4 1.9 3.4 4.6S10.1 14.4 8 14.4s-3.4-2.5-3.4-5.2S5.9 4.6 8 4.6zM5.7 4.1a2.3 2.3 0 0 1 4.6 0zM1.5 6.6h2.8v1.2H1.5zm10.2 0h2.8v1.2h-2.8zM1.5 9.6h2.8v1.2H1.5zm10.2 0h2.8v1.2h-2.8zM1.8 13.1l2.6-1.4.6 1-2.6 1.4zm12.4 0-2.6-1.4-.6 1 2.6 1.4z"/>"#
        }
        // Angle brackets around a slash: source code.
        "code" => {
            r#"<path d="M5.1 4 6.2 5.1 3.3 8l2.9 2.9L5.1 12 1.1 8zm5.8 0 4 4-4 4-1.1-1.1L12.7 8 9.8 5.1zM9.1 2.5h1.5L6.9 13.5H5.4z"/>"#
        }
        // Head and shoulders.
        "person" => {
            r#"<path d="M8 1.5a3.2 3.2 0 1 1 0 6.4 3.2 3.2 0 0 1 0-6.4zM1.8 14.5c0-3.2 2.8-5.3 6.2-5.3s6.2 2.1 6.2 5.3z"/>"#
        }
        // A shield with an exclamation mark cut out.
        "shield" => {
            r#"<path fill-rule="evenodd" d="M8 .8l6.2 2.3v4.6c0 3.6-2.6 6.3-6.2 7.5-3.6-1.2-6.2-3.9-6.2-7.5V3.1zM7.2 4h1.6v5.2H7.2zm0 6.4h1.6V12H7.2z"/>"#
        }
        // An arrow down into a tray.
        "download" => {
            r#"<path d="M7.2 1.5h1.6v7.3l2.6-2.6 1.1 1.1L8 11.8 3.5 7.3l1.1-1.1 2.6 2.6zM1.5 10.5h1.6v3h9.8v-3h1.6V15h-13z"/>"#
        }
        // Two chain links.
        _ => {
            r#"<g transform="rotate(-45 8 8)"><path fill-rule="evenodd" d="M3 5.5h4a2.5 2.5 0 0 1 0 5H3a2.5 2.5 0 0 1 0-5zm0 1.3a1.2 1.2 0 0 0 0 2.4h4a1.2 1.2 0 0 0 0-2.4z"/><path fill-rule="evenodd" d="M9 5.5h4a2.5 2.5 0 0 1 0 5H9a2.5 2.5 0 0 1 0-5zm0 1.3a1.2 1.2 0 0 0 0 2.4h4a1.2 1.2 0 0 0 0-2.4z"/></g>"#
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(url: &str) -> Option<(String, String)> {
        Rules::builtin()
            .classify(url, "some text")
            .map(|b| (b.kind, b.label))
    }

    fn is(url: &str, kind: &str, want: &str) {
        assert_eq!(
            label(url),
            Some((kind.to_string(), want.to_string())),
            "{url}"
        );
    }

    #[test]
    fn peps() {
        is("https://peps.python.org/pep-0695/", "pep", "PEP 695");
        is("https://peps.python.org/pep-695", "pep", "PEP 695");
        is("https://peps.python.org/pep-0008.html", "pep", "PEP 8");
        is("https://peps.python.org/pep-0000/", "pep", "PEP 0");
        is("https://peps.python.org/pep-0011/#tier-2", "pep", "PEP 11");
        is("https://www.python.org/dev/peps/pep-0008/", "pep", "PEP 8");
        is("http://python.org/dev/peps/pep-3333", "pep", "PEP 3333");
        is("HTTPS://PEPS.Python.ORG/PEP-0695/?x=1", "pep", "PEP 695");
        let b = Rules::builtin()
            .classify("https://peps.python.org/pep-0011/#tier-2", "x")
            .unwrap();
        assert_eq!(b.url, "https://peps.python.org/pep-0011/#tier-2");
        assert_eq!(b.kind_label, "PEP");
        assert_eq!(label("https://peps.python.org/"), None);
        assert_eq!(label("https://peps.python.org/pep-abc/"), None);
        assert_eq!(label("https://peps.python.org/topic/packaging/"), None);
        assert_eq!(label("https://www.python.org/dev/peps/"), None);
    }

    #[test]
    fn pep_text_rule() {
        let rules = Rules::builtin();
        let text = |url: &str, text: &str| rules.classify(url, text).map(|b| (b.kind, b.label));
        let pep = |n: &str| Some(("pep".to_string(), format!("PEP {n}")));
        assert_eq!(
            text(
                "https://docs.python.org/3.14/whatsnew/3.14.html#whatsnew314-pep649",
                "PEP 649"
            ),
            pep("649")
        );
        assert_eq!(text("https://example.org/", "PEP 0008"), pep("8"));
        assert_eq!(text("/2024/01/x/", " pep-8 "), pep("8"));
        assert_eq!(text("https://example.org/", "PEP\u{a0}8"), pep("8"));
        assert_eq!(text("https://example.org/", "PEP8"), pep("8"));
        assert_eq!(text("https://example.org/", "PEP 8 and 9"), None);
        assert_eq!(text("https://example.org/", "PEPs"), None);
        assert_eq!(text("https://example.org/", "the PEP 8"), None);
        assert_eq!(text("javascript:alert(1)", "PEP 8"), None);
        assert_eq!(text("mailto:x@example.org", "PEP 8"), None);
        // Switched off with the rule.
        let cfg = BadgesConfig {
            disable: vec!["pep".into()],
            ..Default::default()
        };
        let rules = Rules::from_config(&cfg).unwrap();
        assert_eq!(rules.classify("https://example.org/", "PEP 8"), None);
    }

    #[test]
    fn docs() {
        is(
            "https://docs.python.org/3/library/asyncio.html",
            "docs",
            "docs: library/asyncio",
        );
        is(
            "https://docs.python.org/3.12/whatsnew/3.12.html#improved-error-messages",
            "docs",
            "docs: whatsnew/3.12",
        );
        is(
            "http://docs.python.org/dev/library/concurrent.futures.html",
            "docs",
            "docs: library/concurrent.futures",
        );
        is(
            "http://docs.python.org/library/urllib2#x",
            "docs",
            "docs: library/urllib2",
        );
        is(
            "http://docs.python.org/py3k/reference/index.html",
            "docs",
            "docs: reference",
        );
        is(
            "https://docs.python.org/release/3.12.2/whatsnew/changelog.html#security",
            "docs",
            "docs: whatsnew/changelog (3.12.2)",
        );
        is(
            "https://docs.python.org/release/3.8.2rc2/whatsnew/changelog.html",
            "docs",
            "docs: whatsnew/changelog (3.8.2rc2)",
        );
        is(
            "https://docs.python.org/fr/3/library/os.html",
            "docs",
            "docs: library/os",
        );
        is(
            "https://docs.python.org/c-api/intro.html",
            "docs",
            "docs: c-api/intro",
        );
        is("https://docs.python.org/3.12/", "docs", "docs: 3.12");
        is("https://docs.python.org/ru/3.14/", "docs", "docs: ru/3.14");
        is("https://docs.python.org/3/index.html", "docs", "docs: 3");
        is("https://docs.python.org", "docs", "docs.python.org");
        assert_eq!(label("https://devguide.python.org/"), None);
    }

    #[test]
    fn pypi() {
        is(
            "https://pypi.org/project/requests/",
            "pypi",
            "pypi: requests",
        );
        is(
            "https://pypi.org/project/requests/2.31.0/",
            "pypi",
            "pypi: requests",
        );
        is(
            "https://pypi.org/project/zope.interface",
            "pypi",
            "pypi: zope.interface",
        );
        is(
            "https://pypi.python.org/pypi/defusedxml",
            "pypi",
            "pypi: defusedxml",
        );
        is(
            "http://pypi.python.org/pypi/faulthandler/",
            "pypi",
            "pypi: faulthandler",
        );
        assert_eq!(label("https://pypi.org/"), None);
        assert_eq!(label("https://pypi.org/search/?q=requests"), None);
        assert_eq!(label("https://pypi.org/manage/account/#two-factor"), None);
        assert_eq!(label("https://test.pypi.org/project/x/"), None);
        assert_eq!(label("https://pypi.org/project/"), None);
    }

    #[test]
    fn github() {
        is(
            "https://github.com/python/cpython/issues/12345",
            "github-issue",
            "gh-12345",
        );
        is(
            "https://github.com/python/cpython/issues/12345/",
            "github-issue",
            "gh-12345",
        );
        is(
            "https://github.com/Python/CPython/issues/1#issuecomment-99",
            "github-issue",
            "gh-1",
        );
        is(
            "https://github.com/pypa/pip/issues/8",
            "github-issue",
            "pypa/pip#8",
        );
        is(
            "https://github.com/python/cpython/pull/99",
            "github-pr",
            "gh-99",
        );
        is(
            "https://github.com/python/cpython/pull/99/files",
            "github-pr",
            "gh-99",
        );
        is(
            "https://github.com/python/pythondotorg/pull/2154",
            "github-pr",
            "python/pythondotorg#2154",
        );
        is(
            "https://github.com/microsoft/mimalloc",
            "repo",
            "microsoft/mimalloc",
        );
        is(
            "https://github.com/python/cpython/",
            "repo",
            "python/cpython",
        );
        is(
            "https://github.com/cython/cython.git",
            "repo",
            "cython/cython",
        );
        is(
            "https://github.com/python/cpython/tree/branch-v3.9.0",
            "repo",
            "python/cpython",
        );
        is(
            "https://github.com/python/cpython/blob/abc123/Python/ceval.c#L10",
            "repo",
            "python/cpython",
        );
        is(
            "https://github.com/sethmlarson",
            "github-user",
            "@sethmlarson",
        );
        is(
            "https://www.github.com/faster-cpython/",
            "github-user",
            "@faster-cpython",
        );
        for not in [
            "https://github.com/features",
            "https://github.com/features/actions",
            "https://github.com/sponsors/python",
            "https://github.com/orgs/python/people",
            "https://github.com/about",
            "https://github.com/issues",
            "https://github.com/advisories/GHSA-xxxx-yyyy",
            "https://github.com/python/cpython/issues",
            "https://github.com/python/cpython/issues/new",
            "https://github.com/pypa/warehouse/milestone/13",
            "https://github.com/python/cpython/graphs/commit-activity",
            "https://github.com/",
            "https://gist.github.com/someone/abc",
        ] {
            assert_eq!(label(not), None, "{not}");
        }
    }

    #[test]
    fn bpo() {
        is("https://bugs.python.org/issue12345", "bpo", "bpo-12345");
        is("http://bugs.python.org/issue7#msg1", "bpo", "bpo-7");
        assert_eq!(label("https://bugs.python.org/"), None);
        assert_eq!(label("http://bugs.python.org/issue?@template=stats"), None);
    }

    #[test]
    fn cves() {
        is(
            "https://nvd.nist.gov/vuln/detail/CVE-2023-24329",
            "cve",
            "CVE-2023-24329",
        );
        is(
            "https://nvd.nist.gov/vuln/detail/cve-2023-24329/",
            "cve",
            "CVE-2023-24329",
        );
        is(
            "https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2019-9636",
            "cve",
            "CVE-2019-9636",
        );
        is(
            "https://www.cve.org/CVERecord?id=CVE-2024-12718",
            "cve",
            "CVE-2024-12718",
        );
        is(
            "https://cve.org/CVERecord?foo=1&ID=cve-2024-0450",
            "cve",
            "CVE-2024-0450",
        );
        assert_eq!(
            label("https://www.cve.org/PartnerInformation/ListofPartners/partner/PSF"),
            None
        );
        assert_eq!(label("https://www.cve.org/CVERecord?id=nonsense"), None);
        assert_eq!(label("https://nvd.nist.gov/vuln/detail/CVE-23-1"), None);
    }

    #[test]
    fn downloads() {
        let d = "https://www.python.org/downloads/release/python-";
        for (v, want) in [
            ("3120/", "Python 3.12.0"),
            ("3120rc1/", "Python 3.12.0rc1"),
            ("31013/", "Python 3.10.13"),
            ("2718/", "Python 2.7.18"),
            ("279/", "Python 2.7.9"),
            ("3100a1/", "Python 3.10.0a1"),
            ("3101/", "Python 3.10.1"),
            ("3110/", "Python 3.11.0"),
            ("3150b2", "Python 3.15.0b2"),
            ("3410/", "Python 3.4.10"),
            ("3910", "Python 3.9.10"),
            ("3401", "Python 3.40.1"),
            ("3", "Python 3"),
        ] {
            is(&format!("{d}{v}"), "download", want);
        }
        is(
            "http://www.python.org/download/releases/3.3.0/",
            "download",
            "Python 3.3.0",
        );
        is(
            "https://python.org/downloads/release/python-3.12.0/",
            "download",
            "Python 3.12.0",
        );
        assert_eq!(label("https://www.python.org/downloads/"), None);
        assert_eq!(
            label("https://www.python.org/downloads/latest/pymanager/"),
            None
        );
        assert_eq!(label(&format!("{d}3120!!/")), None);
        assert_eq!(label(&format!("{d}3123456/")), None);
        assert_eq!(
            label("https://www.python.org/downloads/release/library/tarfile.html"),
            None
        );
    }

    #[test]
    fn non_matches() {
        for url in [
            "https://example.org/",
            "https://example.org/pep-0008/",
            "https://discuss.python.org/t/123",
            "https://github.com/features",
            "https://pypi.org/search/?q=x",
            "mailto:someone@example.org",
            "#section",
            "",
            "https://",
            "http://[::1]:8000/x",
            "https://user@:80/",
        ] {
            assert_eq!(label(url), None, "{url:?}");
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let rules = Rules::builtin();
        for url in [
            "https://github.com/%FF%FE/x",
            "https://peps.python.org/pep-é",
            "https://docs.python.org/é/3/ü.html",
            "HTTPS://WWW.",
            "https://www.python.org/downloads/release/python-é/",
            "https://cve.org/CVERecord?id=%",
            "//peps.python.org/pep-8",
            "https:\\\\github.com\\python",
        ] {
            let _ = rules.classify(url, "PEPé");
            let _ = short_url_label(url);
        }
        assert_eq!(
            rules
                .classify("//peps.python.org/pep-8", "x")
                .map(|b| b.label),
            Some("PEP 8".to_string())
        );
    }

    fn npm() -> RuleConfig {
        RuleConfig {
            id: "npm".into(),
            label: "npm package".into(),
            host: "www.npmjs.com".into(),
            path: "/package/{name+}".into(),
            badge: "npm: {name}".into(),
            icon: Some("pypi".into()),
        }
    }

    #[test]
    fn custom_rule_from_yaml() {
        let yaml = r#"
disable: [github-user]
rules:
  - id: npm
    label: npm package
    host: www.npmjs.com
    path: /package/{name+}
    badge: "npm: {name}"
    icon: package
  - id: crate
    label: Crate
    host: crates.io
    path: /crates/{name}/{version?}
    badge: "crates.io: {name} {version}"
  - id: rust-issue
    label: Rust issue
    host: github.com
    path: /rust-lang/rust/issues/{n:num}
    badge: "rust#{n}"
"#;
        let cfg: BadgesConfig = serde_yaml::from_str(yaml).unwrap();
        let rules = Rules::from_config(&cfg).unwrap();
        let b = rules
            .classify("https://npmjs.com/package/@types/node?activeTab=code", "x")
            .unwrap();
        assert_eq!(
            (
                b.kind.as_str(),
                b.kind_label.as_str(),
                b.label.as_str(),
                b.icon.as_str()
            ),
            ("npm", "npm package", "npm: @types/node", "package")
        );
        assert_eq!(
            rules
                .classify("https://www.npmjs.com/package/left-pad", "x")
                .map(|b| b.label),
            Some("npm: left-pad".into())
        );
        assert_eq!(rules.classify("https://www.npmjs.com/package/", "x"), None);
        let c = |u: &str| rules.classify(u, "x").map(|b| (b.kind, b.label, b.icon));
        assert_eq!(
            c("https://crates.io/crates/serde"),
            Some(("crate".into(), "crates.io: serde".into(), "link".into()))
        );
        assert_eq!(
            c("https://crates.io/crates/serde/1.0.0/"),
            Some((
                "crate".into(),
                "crates.io: serde 1.0.0".into(),
                "link".into()
            ))
        );
        assert_eq!(c("https://crates.io/crates/serde/1.0.0/dependencies"), None);
        // Site rules come first: they may claim links a built-in rule would take.
        assert_eq!(
            c("https://github.com/rust-lang/rust/issues/42").map(|x| x.1),
            Some("rust#42".into())
        );
        assert_eq!(
            c("https://github.com/rust-lang/cargo/issues/42").map(|x| x.1),
            Some("rust-lang/cargo#42".into())
        );
        // github-user is off, the other built-ins are on.
        assert_eq!(c("https://github.com/sethmlarson"), None);
        assert_eq!(
            c("https://github.com/microsoft/mimalloc").map(|x| x.0),
            Some("repo".into())
        );
        assert!(!rules.is_empty());
    }

    #[test]
    fn unknown_config_keys_are_refused() {
        assert!(serde_yaml::from_str::<BadgesConfig>("enable: false").is_err());
        assert!(
            serde_yaml::from_str::<BadgesConfig>(
                "rules: [{id: a, label: A, host: a.org, path: /x, badge: x, colour: red}]"
            )
            .is_err()
        );
    }

    #[test]
    fn disabled_entirely() {
        let cfg: BadgesConfig = serde_yaml::from_str("enabled: false").unwrap();
        let rules = Rules::from_config(&cfg).unwrap();
        assert!(rules.is_empty());
        assert_eq!(
            rules.classify("https://peps.python.org/pep-0008/", "PEP 8"),
            None
        );
        // Still checked.
        let cfg = BadgesConfig {
            enabled: Some(false),
            disable: vec!["nope".into()],
            ..Default::default()
        };
        assert!(Rules::from_config(&cfg).is_err());
        // An empty section is the built-in rules.
        let rules = Rules::from_config(&BadgesConfig::default()).unwrap();
        assert_eq!(
            rules
                .classify("https://github.com/sethmlarson", "x")
                .map(|b| b.label),
            Some("@sethmlarson".into())
        );
    }

    fn err(rc: RuleConfig) -> String {
        let cfg = BadgesConfig {
            rules: vec![rc],
            ..Default::default()
        };
        Rules::from_config(&cfg).err().unwrap_or_default()
    }

    #[test]
    fn config_errors() {
        let e = err(RuleConfig {
            path: "/package/{name".into(),
            ..npm()
        });
        assert!(
            e.starts_with("badges.rules[0] (npm): path \"/package/{name\""),
            "{e}"
        );
        assert!(e.contains("without a closing"), "{e}");
        for (path, needle) in [
            ("package/{name}", "starts with \"/\""),
            ("/{a}-{b}", "more than one capture"),
            ("/{rest*}/x", "last segment"),
            ("/{v?}/x", "only be followed by other optional"),
            ("/x-{v?}", "whole segment"),
            ("/{}", "without a name"),
            ("/{n:int}", "only type is \":num\""),
            ("/{a}/{a}", "appears twice"),
            ("/a}", "without an opening"),
        ] {
            let e = err(RuleConfig {
                path: path.into(),
                badge: "x".into(),
                ..npm()
            });
            assert!(e.contains(needle), "{path}: {e}");
        }
        let e = err(RuleConfig {
            badge: "npm: {pkg}".into(),
            ..npm()
        });
        assert!(
            e.contains("{pkg} is not a capture") && e.contains("name"),
            "{e}"
        );
        let e = err(RuleConfig {
            host: "https://www.npmjs.com/".into(),
            ..npm()
        });
        assert!(e.contains("not a host name"), "{e}");
        let e = err(RuleConfig {
            icon: Some("rocket".into()),
            ..npm()
        });
        assert!(
            e.contains("icon \"rocket\"") && e.contains("package"),
            "{e}"
        );
        let e = err(RuleConfig {
            id: "Npm Packages".into(),
            ..npm()
        });
        assert!(e.contains("not valid"), "{e}");
        let e = err(RuleConfig {
            id: "pypi".into(),
            ..npm()
        });
        assert!(e.contains("badges.disable"), "{e}");
        let e = err(RuleConfig {
            label: " ".into(),
            ..npm()
        });
        assert!(e.contains("label is empty"), "{e}");
        let cfg = BadgesConfig {
            disable: vec!["github-users".into()],
            ..Default::default()
        };
        let e = Rules::from_config(&cfg).err().unwrap_or_default();
        assert!(
            e.contains("\"github-users\"") && e.contains("github-user,"),
            "{e}"
        );
        let cfg = BadgesConfig {
            rules: vec![npm(), npm()],
            ..Default::default()
        };
        let e = Rules::from_config(&cfg).err().unwrap_or_default();
        assert!(
            e.starts_with("badges.rules[1] (npm)") && e.contains("own id"),
            "{e}"
        );
    }

    #[test]
    fn replacing_a_builtin_rule() {
        let cfg = BadgesConfig {
            disable: vec!["pypi".into()],
            rules: vec![RuleConfig {
                id: "pypi".into(),
                label: "Package".into(),
                host: "pypi.org".into(),
                path: "/project/{name}".into(),
                badge: "{name}".into(),
                icon: None,
            }],
            ..Default::default()
        };
        let rules = Rules::from_config(&cfg).unwrap();
        let b = rules
            .classify("https://pypi.org/project/requests/", "x")
            .unwrap();
        assert_eq!(
            (b.kind_label.as_str(), b.label.as_str()),
            ("Package", "requests")
        );
    }

    #[test]
    fn builtin_matchers_all_parse() {
        let rules = Rules::builtin();
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, BUILTIN_IDS);
        let counts: Vec<usize> = rules.rules.iter().map(|r| r.matchers.len()).collect();
        assert_eq!(counts, [4, 1, 2, 2, 2, 1, 3, 1, 3, 2]);
        for r in &rules.rules {
            assert!(ICON_NAMES.contains(&r.icon), "{}", r.id);
            assert!(resolve_icon(&r.id).is_some(), "{}", r.id);
        }
    }

    #[test]
    fn html() {
        let b = Badge {
            kind: "x\" onclick=\"y".into(),
            kind_label: "A & <B>".into(),
            label: "<script>alert('1')</script>".into(),
            url: "https://example.org/?a=1&b=\"2\"".into(),
            icon: "nope".into(),
        };
        let h = badge_html(&b);
        assert!(h.starts_with("<a class=\"badge badge-x--onclick--y\" href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\"><svg class=\"badge-icon\" aria-hidden=\"true\""), "{h}");
        assert!(h.ends_with("<span class=\"badge-kind\">A &amp; &lt;B&gt;</span> &lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;</a>"), "{h}");
        assert!(!h.contains("<script>"));
        // Unknown icon: the link icon.
        assert!(h.contains("rotate(-45 8 8)"));
        let pep = Rules::builtin()
            .classify("https://peps.python.org/pep-0695/", "x")
            .unwrap();
        let h = badge_html(&pep);
        assert_eq!(
            h,
            format!(
                "<a class=\"badge badge-pep\" href=\"https://peps.python.org/pep-0695/\"><svg class=\"badge-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" fill=\"currentColor\">{}</svg><span class=\"badge-kind\">PEP</span> PEP 695</a>",
                icon_svg("document")
            )
        );
    }

    #[test]
    fn icons_are_distinct_and_well_formed() {
        let mut seen = HashSet::new();
        for name in ICON_NAMES {
            let svg = icon_svg(name);
            assert!(seen.insert(svg), "{name} repeats another icon");
            assert!(
                svg.starts_with('<') && svg.ends_with("/>") || svg.ends_with("</g>"),
                "{name}"
            );
            assert_eq!(svg.matches('<').count(), svg.matches('>').count(), "{name}");
            assert!(!svg.contains("stroke"), "{name}");
        }
    }

    #[test]
    fn short_labels() {
        for (url, want) in [
            ("https://www.example.org/", "example.org"),
            ("http://Example.ORG/a/b/", "example.org/a/b"),
            ("https://example.org", "example.org"),
            (
                "https://example.org/caf%C3%A9?q=%C3%A9",
                "example.org/café?q=%C3%A9",
            ),
            ("https://example.org/a%0Ab", "example.org/a%0Ab"),
            ("https://example.org/%FF", "example.org/%FF"),
            ("//cdn.example.org/x/", "cdn.example.org/x"),
            ("https://example.org/a#frag", "example.org/a#frag"),
            ("www.example.org/x", "example.org/x"),
            ("", ""),
        ] {
            assert_eq!(short_url_label(url), want, "{url}");
        }
        let long = format!("https://example.org/{}/end", "é".repeat(100));
        let s = short_url_label(&long);
        assert_eq!(s.chars().count(), 60);
        assert!(s.starts_with("example.org/éé"), "{s}");
        assert!(s.ends_with("éé/end"), "{s}");
        assert_eq!(s.matches('…').count(), 1);
        let exactly = format!("https://{}", "a".repeat(60));
        assert_eq!(short_url_label(&exactly), "a".repeat(60));
    }

    #[test]
    fn replacing_link_text() {
        let rules = Rules::builtin();
        let can = |url: &str, text: &str| {
            let b = rules.classify(url, text).unwrap();
            can_replace_link(&b, text)
        };
        let gh = "https://github.com/python/cpython/issues/12345";
        assert!(can(gh, gh));
        assert!(can(gh, "github.com/python/cpython/issues/12345/"));
        assert!(can(gh, "GH-12345"));
        assert!(can(gh, ""));
        assert!(!can(gh, "this bug"));
        assert!(!can(gh, "gh-1234"));
        assert!(can("https://peps.python.org/pep-0008/", "PEP 0008"));
        assert!(can("https://peps.python.org/pep-0008/", "pep 8"));
        // The text rule comes first: this is a badge for PEP 9, and says so.
        assert_eq!(
            rules
                .classify("https://peps.python.org/pep-0008/", "PEP 9")
                .map(|b| b.label),
            Some("PEP 9".to_string())
        );
        assert!(!can("https://peps.python.org/pep-0008/", "the style guide"));
        assert!(can("https://example.org/x", "PEP 8"));
        assert!(!can(
            "https://docs.python.org/3/whatsnew/3.12.html",
            "What's New"
        ));
    }

    fn badge(kind: &str, kind_label: &str, label: &str, url: &str) -> Badge {
        Badge {
            kind: kind.into(),
            kind_label: kind_label.into(),
            label: label.into(),
            url: url.into(),
            icon: "link".into(),
        }
    }

    #[test]
    fn grouping() {
        let rules = Rules::builtin();
        let urls = [
            "https://github.com/python/cpython/issues/2",
            "https://www.python.org/downloads/release/python-3120/",
            "https://peps.python.org/pep-0695/",
            "https://github.com/python/cpython/issues/1",
            "https://peps.python.org/pep-0008/",
            "http://peps.python.org/pep-0695",
            "https://peps.python.org/pep-0695/#schedule",
            "https://github.com/python/cpython/issues/2",
        ];
        let mut badges: Vec<Badge> = urls.iter().filter_map(|u| rules.classify(u, "x")).collect();
        badges.insert(
            0,
            badge(
                "npm",
                "npm package",
                "npm: a",
                "https://npmjs.com/package/a",
            ),
        );
        badges.push(badge(
            "crate",
            "Crate",
            "crates.io: b",
            "https://crates.io/crates/b",
        ));
        badges.push(badge(
            "npm",
            "npm package",
            "npm: c",
            "https://npmjs.com/package/c",
        ));
        let groups = group(&badges);
        let shown: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|(k, list)| (k.as_str(), list.iter().map(|b| b.label.as_str()).collect()))
            .collect();
        assert_eq!(
            shown,
            [
                ("PEP", vec!["PEP 695", "PEP 8"]),
                ("GitHub issue", vec!["gh-2", "gh-1"]),
                ("Download", vec!["Python 3.12.0"]),
                ("npm package", vec!["npm: a", "npm: c"]),
                ("Crate", vec!["crates.io: b"]),
            ]
        );
        // The first of the duplicates is kept.
        assert_eq!(groups[0].1[0].url, "https://peps.python.org/pep-0695/");
        assert!(group(&[]).is_empty());
    }

    #[test]
    fn patterns() {
        let p = Pattern::parse("/a/{x}.html/{n:num}/{opt?}").unwrap();
        let segs = |s: &str| -> Vec<String> {
            s.split('/')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        let c = p.matches(&segs("/A/page.HTML/12")).unwrap();
        assert_eq!((c.get("x"), c.get("n"), c.get("opt")), ("page", "12", ""));
        assert!(p.matches(&segs("/a/.html/12")).is_none());
        assert!(p.matches(&segs("/a/p.html/1x")).is_none());
        assert!(p.matches(&segs("/a/p.html/1/2/3")).is_none());
        assert_eq!(p.matches(&segs("/a/p.html/1/2")).unwrap().get("opt"), "2");
        let root = Pattern::parse("/").unwrap();
        assert!(root.matches(&[]).is_some());
        assert!(root.matches(&segs("/x")).is_none());
        let rest = Pattern::parse("/{r*}").unwrap();
        assert_eq!(rest.matches(&segs("/a/b/c")).unwrap().get("r"), "a/b/c");
    }
}
