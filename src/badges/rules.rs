//! The rules that recognise links: the built-in ones and a site's own, from
//! `bulletin.yaml`.

use super::labels::*;
use super::pattern::{Captures, Pattern, Template};
use super::url::{Url, strip_www};
use super::{Badge, ICON_NAMES, RuleConfig};

pub(super) type LabelFn = fn(&Captures<'_>, &Url<'_>) -> Option<String>;
pub(super) type TextFn = fn(&str) -> Option<String>;

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) id: String,
    pub(super) kind_label: String,
    pub(super) icon: &'static str,
    pub(super) matchers: Vec<Matcher>,
    /// A rule on the link text, tried before every URL rule.
    pub(super) text: Option<TextFn>,
}

impl Rule {
    pub(super) fn badge(&self, label: String, url: &str) -> Badge {
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
pub(super) struct Matcher {
    /// Lower case, without `www.`.
    pub(super) host: String,
    pub(super) path: Pattern,
    pub(super) label: Label,
}

#[derive(Debug, Clone)]
pub(super) enum Label {
    Template(Template),
    Func(LabelFn),
}

/// How a built-in matcher labels: a template or a function.
#[derive(Clone, Copy)]
pub(super) enum Spec {
    T(&'static str),
    F(LabelFn),
}

pub(super) fn matchers(specs: &[(&str, &str, Spec)]) -> Vec<Matcher> {
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

pub(super) fn builtin_rules() -> Vec<Rule> {
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

pub(super) fn custom_rule(rc: &RuleConfig) -> Result<Rule, String> {
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
pub(super) fn resolve_icon(name: &str) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

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
        let cfg: BadgesConfig = crate::content::front_matter::from_yaml(yaml).unwrap();
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
        assert!(crate::content::front_matter::from_yaml::<BadgesConfig>("enable: false").is_err());
        assert!(
            crate::content::front_matter::from_yaml::<BadgesConfig>(
                "rules: [{id: a, label: A, host: a.org, path: /x, badge: x, colour: red}]"
            )
            .is_err()
        );
    }

    #[test]
    fn disabled_entirely() {
        let cfg: BadgesConfig = crate::content::front_matter::from_yaml("enabled: false").unwrap();
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
}
