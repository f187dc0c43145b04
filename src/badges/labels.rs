//! How the built-in rules label what they recognise: PEP numbers, docs pages, GitHub
//! repositories and users, CVE ids, Python versions.

use super::pattern::Captures;
use super::url::{Url, all_digits, strip_prefix_ci, strip_suffix_ci};

/// A PEP number as written (`0008`, `695`) without leading zeros; None unless 1–5 digits.
pub(super) fn pep_number(s: &str) -> Option<String> {
    if !all_digits(s) || s.len() > 5 {
        return None;
    }
    let n = s.trim_start_matches('0');
    Some(if n.is_empty() { "0" } else { n }.to_string())
}

pub(super) fn pep_label(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
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
pub(super) fn pep_from_text(text: &str) -> Option<String> {
    let rest = strip_prefix_ci(text.trim(), "pep")?;
    let digits = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    if rest.len() - digits.len() > 3 {
        return None;
    }
    pep_number(digits).map(|n| format!("PEP {n}"))
}

pub(super) fn is_lang(s: &str) -> bool {
    let (main, region) = s.split_once('-').unwrap_or((s, ""));
    main.len() == 2
        && main.bytes().all(|b| b.is_ascii_alphabetic())
        && (region.is_empty()
            || ((2..=4).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_alphabetic())))
}

/// `3`, `3.12`, `2.7`, `dev`, `py3k`: the floating versions of the docs.
pub(super) fn is_docs_version(s: &str) -> bool {
    s.eq_ignore_ascii_case("dev")
        || s.eq_ignore_ascii_case("py3k")
        || (!s.is_empty() && s.split('.').count() <= 2 && s.split('.').all(all_digits))
}

/// `3.12.2`, `3.8.2rc2`: a pinned release.
pub(super) fn is_release_version(s: &str) -> bool {
    let digits_end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(digits_end);
    num.split('.').all(all_digits) && valid_suffix(suffix)
}

/// A pre-release suffix: empty, or letters then digits (`rc1`, `a`, `b34`).
pub(super) fn valid_suffix(s: &str) -> bool {
    let letters_end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let (letters, digits) = s.split_at(letters_end);
    letters.len() <= 4 && (digits.is_empty() || (!letters.is_empty() && all_digits(digits)))
}

pub(super) fn docs_label(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    let segs = &url.segments;
    let mut i = 0;
    let mut lang = None;
    if segs.len() >= 2 && is_lang(&segs[0]) && (is_docs_version(&segs[1]) || segs[1] == "release") {
        lang = Some(segs[0].as_str());
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
    // The pages a release post links most, by their names.
    match (rest.as_slice(), pinned) {
        (["whatsnew", v], _) if dotted_version(v).is_some() => {
            return Some(format!("What’s New in {v}"));
        }
        (["whatsnew", "changelog"], Some(v)) => return Some(format!("Changelog of {v}")),
        (["whatsnew", "changelog"], None) => return Some("Changelog".to_string()),
        _ => {}
    }
    if rest.is_empty() {
        return Some(match (i, lang) {
            (0, _) => "docs.python.org".to_string(),
            (_, Some(lang)) => format!("docs: {} in {}", segs[1], language_name(lang)),
            _ => format!("docs: {}", segs[..i].join("/")),
        });
    }
    let mut label = format!("docs: {}", rest.join("/"));
    if let Some(v) = pinned {
        label.push_str(&format!(" ({v})"));
    }
    Some(label)
}

/// The English name of the language of a translation of the docs (`ru`, `pt-br`), or
/// the code itself for one not listed.
fn language_name(code: &str) -> &str {
    const NAMES: &[(&str, &str)] = &[
        ("bn-in", "Bengali"),
        ("de", "German"),
        ("el", "Greek"),
        ("es", "Spanish"),
        ("fr", "French"),
        ("id", "Indonesian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ko", "Korean"),
        ("pl", "Polish"),
        ("pt-br", "Brazilian Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("zh-cn", "Simplified Chinese"),
        ("zh-tw", "Traditional Chinese"),
    ];
    NAMES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map_or(code, |(_, name)| name)
}

/// GitHub's own top-level pages, which are not users or organisations.
pub(super) const GITHUB_RESERVED: &[&str] = &[
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
pub(super) fn is_github_owner(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !GITHUB_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
}

/// `owner/repo` from the captures, without a `.git` ending.
pub(super) fn github_owner_repo(c: &Captures<'_>) -> Option<String> {
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

pub(super) fn github_number(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    github_owner_repo(c).map(|r| format!("{r}#{}", c.get("n")))
}

pub(super) fn github_repo(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    github_owner_repo(c)
}

pub(super) fn github_user(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    let user = c.get("user");
    is_github_owner(user).then(|| format!("@{user}"))
}

/// `CVE-2023-24329` (any case, `CVE-` optional) in upper case.
pub(super) fn cve_id(s: &str) -> Option<String> {
    let s = s.trim();
    let body = strip_prefix_ci(s, "cve-").unwrap_or(s);
    let (year, num) = body.split_once('-')?;
    (year.len() == 4 && all_digits(year) && (4..=9).contains(&num.len()) && all_digits(num))
        .then(|| format!("CVE-{year}-{num}"))
}

pub(super) fn cve_from_path(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    cve_id(c.get("id"))
}

pub(super) fn cve_from_name_param(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    cve_id(&url.param("name")?)
}

pub(super) fn cve_from_id_param(_: &Captures<'_>, url: &Url<'_>) -> Option<String> {
    cve_id(&url.param("id")?)
}

pub(super) fn download_release(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
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

pub(super) fn download_old(c: &Captures<'_>, _: &Url<'_>) -> Option<String> {
    dotted_version(c.get("v")).map(|v| format!("Python {v}"))
}

/// `3.3.0`, `2.7`, `3.12.0rc1` as written (suffix in lower case); None for anything else.
pub(super) fn dotted_version(s: &str) -> Option<String> {
    let num_end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    let parts = num.split('.').count();
    ((1..=3).contains(&parts) && num.split('.').all(all_digits) && valid_suffix(suffix))
        .then(|| format!("{num}{}", suffix.to_ascii_lowercase()))
}
