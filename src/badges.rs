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

mod html;
mod labels;
mod pattern;
mod rules;
#[cfg(test)]
mod tests;
mod url;

use std::collections::HashSet;

use percent_encoding::percent_decode_str;

pub use html::badge_html;
use labels::pep_from_text;
use rules::{Label, Rule, builtin_rules, custom_rule};
use url::{Url, text_rule_may_link, url_key};

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
