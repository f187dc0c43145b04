//! Path patterns (`/package/{name+}`) and label templates (`npm: {name}`) of badge
//! rules.

use super::url::{all_digits, strip_prefix_ci, strip_suffix_ci};

#[derive(Debug, Clone)]
pub(super) enum Seg {
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
pub(super) struct Pattern {
    pub(super) segs: Vec<Seg>,
}

/// Captured values by name; a name that captured nothing reads as "".
#[derive(Debug, Default)]
pub(super) struct Captures<'p> {
    pub(super) values: Vec<(&'p str, String)>,
}

impl Captures<'_> {
    pub(super) fn get(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

impl Pattern {
    pub(super) fn parse(path: &str) -> Result<Self, String> {
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

    pub(super) fn capture_names(&self) -> impl Iterator<Item = &str> {
        self.segs.iter().filter_map(seg_name)
    }

    pub(super) fn matches(&self, segments: &[String]) -> Option<Captures<'_>> {
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

pub(super) fn seg_name(seg: &Seg) -> Option<&str> {
    match seg {
        Seg::Lit(_) => None,
        Seg::One { name, .. } | Seg::Opt { name, .. } | Seg::Rest { name, .. } => Some(name),
    }
}

pub(super) fn parse_segment(raw: &str) -> Result<Seg, String> {
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
pub(super) enum Part {
    Text(String),
    Capture(String),
}

/// A label template: text with `{capture}`s.
#[derive(Debug, Clone)]
pub(super) struct Template {
    pub(super) parts: Vec<Part>,
}

impl Template {
    pub(super) fn parse(template: &str, pattern: &Pattern) -> Result<Self, String> {
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

    pub(super) fn render(&self, caps: &Captures<'_>) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
