//! The copy of an announcement, made for the new version: its front matter settled and
//! every mention of the old version replaced, line by line, so that what changed and
//! what to check are told by lines of the new file.
//!
//! Front matter is edited as text, line by line, so that every key keeps its spelling,
//! its quoting and its place:
//!
//! - the date keys (`publishDate`, `date`, `pubDate`…) get the new date: only the
//!   `YYYY-MM-DD` part when the new date is a day (a time and offset stay), the whole
//!   value otherwise, in the quotes it had;
//! - the draft key the post has (`published: true` → `published: false`, `draft: false`
//!   → `draft: true`) is set, unless `--publish`; a post with neither gets `published:
//!   false` (TOML, or YAML whose `published` holds a date: `draft: true`);
//! - keys that belong to the old post alone are dropped: its legacy URLs (`legacyUrl`,
//!   `aliases`, `redirect_from`), `guid`, its update and expiry dates (`updatedDate`,
//!   `lastmod`…);
//! - its own URL (`slug`, `permalink`, `url`, `path`) is kept with the new version when
//!   it names the old one, and dropped otherwise (it would be the old post's URL);
//! - `--author` and `--tag` replace the post's authors and tags;
//! - every other key, `title`, `description` and `release` among them, is text like the
//!   body.
//!
//! In text, each mention of the old version becomes the new one in the same form
//! ([`Replacer`]); links follow [`super::links`]. A post without front matter gets
//! one with the date (unless its path gives it) and the draft key.

use serde_json::Value;

use super::links;
use crate::content::date::PostDate;
use crate::content::front_matter::{self, Entry, Format, quote};
use crate::content::post::{AUTHOR_KEYS, DATE_KEYS, EXPIRY_KEYS, PATH_KEYS, UPDATED_KEYS};
use crate::version::forms::{self, Forms, Place, Replacer};
use crate::version::{Series, Version};

/// What the copy is made for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edit<'a> {
    /// The version the post announces.
    pub(super) old: &'a Version,
    /// The version the copy announces.
    pub(super) new: &'a Version,
    /// The old version's series, when the new version is of another.
    pub(super) old_series: Option<&'a Series>,
    /// The new series.
    pub(super) new_series: &'a Series,
    /// The publication date, as given (`YYYY-MM-DD` or RFC 3339).
    pub(super) date: &'a str,
    /// Its day, `YYYY-MM-DD`.
    pub(super) day: &'a str,
    /// The old post's day, `YYYY-MM-DD`: a post's own URL (`permalink`) that holds it
    /// (`/2023/08/06/x/`, `/2023/08/x/`) gets the new day.
    pub(super) old_day: &'a str,
    /// Published at once (`--publish`), else a draft.
    pub(super) publish: bool,
    /// The copy's path gives its date (`2023-09-06-x.md`): no date key is added.
    pub(super) path_dated: bool,
    /// `--tag`s, replacing the post's tags when there are any.
    pub(super) tags: &'a [String],
    /// `--author`, replacing the post's authors.
    pub(super) author: Option<&'a str>,
}

/// One replacement, at a line of the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Change {
    pub(super) line: usize,
    pub(super) old: String,
    pub(super) new: String,
}

/// A place a human must look at, at a line of the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Check {
    pub(super) line: usize,
    pub(super) why: String,
}

/// The copy.
#[derive(Debug, Clone)]
pub(super) struct Rewritten {
    /// The new file's text.
    pub(super) text: String,
    /// What was replaced.
    pub(super) changes: Vec<Change>,
    /// What to check, found while replacing (links kept, the old series, the new
    /// version named before).
    pub(super) checks: Vec<Check>,
    /// What was done to the front matter, one phrase each.
    pub(super) notes: Vec<String>,
    /// The lines written by `new` rather than copied (the date, the draft key).
    pub(super) ours: Vec<usize>,
}

/// Keys that belong to the old post alone, besides the update and expiry dates.
const DROPPED: [&str; 4] = ["legacyUrl", "aliases", "redirect_from", "guid"];

/// What happens to a key of the front matter, at the lines `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    /// Replaced like text.
    Keep,
    /// Left out.
    Drop,
    /// Its value is the new date.
    Date,
    /// Its value is this flag.
    Flag(bool),
    /// A URL: replaced with the URL-only forms too.
    Url,
    /// Written anew as these lines.
    Lines(Vec<String>),
}

/// Reads versions and writes lines of the copy.
struct Ctx<'a> {
    edit: &'a Edit<'a>,
    replacer: Replacer,
    old_forms: Forms,
    new_forms: Forms,
}

/// One line of the copy, and what replacing in it found.
struct Line {
    text: String,
    changes: Vec<(String, String)>,
    checks: Vec<String>,
}

/// The copy of `text` (a post file) for `edit`; an error says why the file cannot be
/// copied (its front matter does not parse).
pub(super) fn rewrite(text: &str, edit: &Edit<'_>) -> Result<Rewritten, String> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let split = front_matter::split(text).map_err(|_| "its front matter is not closed")?;
    let mapping = front_matter::parse(split.format, split.header)
        .map_err(|e| format!("its front matter cannot be read: {}", e.message))?;
    let toml = split.format == Format::Toml;
    let lines: Vec<(&str, &str)> = text
        .split_inclusive('\n')
        .map(|l| {
            let content = l.trim_end_matches(['\n', '\r']);
            (content, &l[content.len()..])
        })
        .collect();
    let ending = lines
        .iter()
        .map(|(_, e)| *e)
        .find(|e| !e.is_empty())
        .unwrap_or("\n");
    // The closing fence's line (0 without front matter).
    let close = if split.format == Format::None {
        0
    } else {
        split.body_line - 1
    };

    let mut keys: Vec<(usize, &Entry)> = (mapping.entries.iter())
        .map(|e| (split.header_line + e.at.key.line - 1, e))
        .collect();
    keys.sort_by_key(|(line, _)| *line);
    let mut notes = Vec::new();
    let mut plan = Plan::default();
    let published_is_date = mapping
        .get("published")
        .is_some_and(|e| matches!(&e.value, Value::String(s) if PostDate::parse(s).is_ok()));
    let mut dropped: Vec<&str> = Vec::new();
    for (i, (start, entry)) in keys.iter().enumerate() {
        let mut end = keys.get(i + 1).map_or(close, |(line, _)| *line);
        // Blank lines after a key stay, whatever happens to it.
        while end > start + 1 && lines.get(end - 2).is_some_and(|(l, _)| l.trim().is_empty()) {
            end -= 1;
        }
        let action = action(entry, edit, toml, &mut plan, &mut notes, &mut dropped);
        plan.spans.push((*start, end.max(start + 1), action));
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "dropped {} (of the old post alone)",
            dropped
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let inserted = inserted(edit, toml, published_is_date, &plan, &mut notes);

    let ctx = Ctx {
        edit,
        replacer: Replacer::new(edit.old, edit.new),
        old_forms: Forms::of(edit.old),
        new_forms: Forms::of(edit.new),
    };
    let mut out = Out::default();
    if split.format == Format::None && !inserted.is_empty() {
        out.ours("---", ending);
        for l in &inserted {
            out.ours(l, ending);
        }
        out.ours("---", ending);
    }
    // Where new keys go: before the closing fence, or before TOML's first table.
    let insert_at = if toml {
        let mut at = (split.header_line..close)
            .find(|n| lines[n - 1].0.starts_with('['))
            .unwrap_or(close);
        while at > split.header_line && lines[at - 2].0.trim().is_empty() {
            at -= 1;
        }
        at
    } else {
        close
    };
    for (i, (content, end)) in lines.iter().enumerate() {
        let n = i + 1;
        if n == insert_at && split.format != Format::None {
            for l in &inserted {
                out.ours(l, ending);
            }
        }
        let span = plan.spans.iter().find(|(s, e, _)| (*s..*e).contains(&n));
        match span.map(|(s, _, a)| (n == *s, a)) {
            Some((_, Action::Drop)) | Some((false, Action::Lines(_))) => {}
            Some((true, Action::Lines(new))) => {
                for l in new {
                    out.ours(l, ending);
                }
            }
            Some((true, Action::Date)) => out.ours(&set_value(content, toml, edit.date), end),
            Some((true, Action::Flag(on))) => {
                out.ours(&set_flag(content, toml, *on), end);
            }
            Some((_, Action::Url)) => out.copied(ctx.line(content, Place::Url), end),
            _ => out.copied(ctx.line(content, Place::Text), end),
        }
    }
    Ok(Rewritten {
        text: format!("{bom}{}", out.text),
        changes: out.changes,
        checks: out.checks,
        notes,
        ours: out.ours_lines,
    })
}

/// What the front matter has, as [`action`] finds it.
#[derive(Debug, Default)]
struct Plan {
    /// (first line, end line, action) of each key.
    spans: Vec<(usize, usize, Action)>,
    date: bool,
    flag: bool,
    author: bool,
    tags: bool,
}

/// What happens to `entry`.
fn action(
    entry: &Entry,
    edit: &Edit<'_>,
    toml: bool,
    plan: &mut Plan,
    notes: &mut Vec<String>,
    dropped: &mut Vec<&'static str>,
) -> Action {
    let key = entry.key.as_str();
    let known = |list: &[&'static str]| list.iter().copied().find(|k| *k == key);
    if let Some(k) = known(&DROPPED)
        .or_else(|| known(&UPDATED_KEYS))
        .or_else(|| known(&EXPIRY_KEYS))
    {
        dropped.push(k);
        return Action::Drop;
    }
    match &entry.value {
        Value::String(s) if DATE_KEYS.contains(&key) && PostDate::parse(s).is_ok() => {
            plan.date = true;
            notes.push(format!("`{key}`: {}", edit.date));
            return Action::Date;
        }
        Value::Bool(_) if key == "draft" || key == "published" => {
            plan.flag = true;
            let on = (key == "published") == edit.publish;
            notes.push(format!("`{key}: {on}`"));
            return Action::Flag(on);
        }
        _ => {}
    }
    if PATH_KEYS.contains(&key) || key == "slug" {
        let names = matches!(&entry.value, Value::String(s) if forms::names(s, edit.old));
        if names {
            notes.push(format!("`{key}` names {} now", edit.new));
            return Action::Url;
        }
        notes.push(format!(
            "dropped `{key}`: it does not name {}, so the new post would have the old one's URL",
            edit.old
        ));
        return Action::Drop;
    }
    if AUTHOR_KEYS.contains(&key)
        && let Some(author) = edit.author
    {
        if plan.author {
            return Action::Drop;
        }
        plan.author = true;
        notes.push(format!("`{key}`: {author}"));
        return Action::Lines(author_lines(author, toml));
    }
    if key == "tags" && !edit.tags.is_empty() {
        plan.tags = true;
        notes.push(format!("`tags`: {}", edit.tags.join(", ")));
        return Action::Lines(tag_lines(edit.tags, toml));
    }
    if key == "release" {
        notes.push(format!("`release`: {}", edit.new));
    }
    Action::Keep
}

/// The lines to add to the front matter for what it lacks.
fn inserted(
    edit: &Edit<'_>,
    toml: bool,
    published_is_date: bool,
    plan: &Plan,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    if !plan.date && !edit.path_dated {
        let line = if toml {
            format!("date = {}", edit.date)
        } else {
            format!("publishDate: {}", quote(edit.date))
        };
        notes.push(format!("added `{line}`"));
        out.push(line);
    }
    if !plan.flag && !edit.publish {
        let line = if toml {
            "draft = true"
        } else if published_is_date {
            "draft: true"
        } else {
            "published: false"
        };
        notes.push(format!("added `{line}`"));
        out.push(line.to_string());
    }
    if let Some(author) = edit.author
        && !plan.author
    {
        notes.push(format!("added the author {author}"));
        out.extend(author_lines(author, toml));
    }
    if !edit.tags.is_empty() && !plan.tags {
        notes.push(format!("added `tags`: {}", edit.tags.join(", ")));
        out.extend(tag_lines(edit.tags, toml));
    }
    out
}

fn author_lines(author: &str, toml: bool) -> Vec<String> {
    if toml {
        vec![format!("authors = [{}]", toml_string(author))]
    } else {
        vec![format!("author: {}", quote(author))]
    }
}

fn tag_lines(tags: &[String], toml: bool) -> Vec<String> {
    if toml {
        let list: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
        return vec![format!("tags = [{}]", list.join(", "))];
    }
    let mut out = vec!["tags:".to_string()];
    out.extend(tags.iter().map(|t| format!("  - {}", quote(t))));
    out
}

/// A TOML basic string (JSON's escapes are TOML's).
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `key: value` with the value set to `date`: only its `YYYY-MM-DD` part when `date` is
/// a day and the value has one, else the whole value, in the quotes it had.
fn set_value(line: &str, toml: bool, date: &str) -> String {
    let sep = if toml { '=' } else { ':' };
    let Some(i) = line.find(sep) else {
        return line.to_string();
    };
    let (prefix, rest) = line.split_at(i + 1);
    let lead = &rest[..rest.len() - rest.trim_start().len()];
    let lead = if lead.is_empty() { " " } else { lead };
    let value = rest.trim();
    let day = is_day(date);
    if day && let Some(at) = find_day(value) {
        let sep = &value[at + 4..at + 5];
        let new_day = date.replace('-', sep);
        return format!(
            "{prefix}{lead}{}{new_day}{}",
            &value[..at],
            &value[at + 10..]
        );
    }
    let quote = value
        .chars()
        .next()
        .filter(|q| matches!(q, '\'' | '"') && value.len() >= 2 && value.ends_with(*q));
    match quote {
        Some(q) => format!("{prefix}{lead}{q}{date}{q}"),
        None => format!("{prefix}{lead}{date}"),
    }
}

/// `key: on` (or `key = on`).
fn set_flag(line: &str, toml: bool, on: bool) -> String {
    let sep = if toml { '=' } else { ':' };
    match line.find(sep) {
        Some(i) => format!("{} {on}", &line[..=i]),
        None => line.to_string(),
    }
}

/// Whether `text` is a day, `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    text.len() == 10 && find_day(text) == Some(0) && text.as_bytes()[4] == b'-'
}

/// Where `text` writes a day (`2023-08-06` or `2023/08/06`).
fn find_day(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find(|&i| {
        let d = |j: usize| b[i + j].is_ascii_digit();
        let sep = b[i + 4];
        (0..4).all(d)
            && matches!(sep, b'-' | b'/')
            && d(5)
            && d(6)
            && b[i + 7] == sep
            && d(8)
            && d(9)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit())
    })
}

impl Ctx<'_> {
    /// One copied line: the old version replaced, in text and in the links that are
    /// rewritten (`place`: the whole line is a URL).
    fn line(&self, line: &str, place: Place) -> Line {
        let (old, new) = (self.edit.old, self.edit.new);
        let mut out = Line {
            text: String::with_capacity(line.len() + 8),
            changes: Vec::new(),
            checks: Vec::new(),
        };
        if !self.new_forms.find(line, Place::Url).is_empty() {
            out.checks.push(format!(
                "it named {new} before the copy (as “the next release”?): is it still right?"
            ));
        }
        // A key holding the post's own URL is one URL, always rewritten: kept, it would
        // be the old post's.
        let own_url = place == Place::Url;
        let spans = if own_url {
            std::iter::once(0..line.len()).collect()
        } else {
            links::url_spans(line)
        };
        let mut last = 0;
        for span in spans {
            self.replace(&line[last..span.start], Place::Text, &mut out);
            let url = &line[span.clone()];
            if self.old_forms.find(url, Place::Url).is_empty() {
                out.text.push_str(url);
            } else if let Some(number) = links::kept_for(url).filter(|_| !own_url) {
                out.text.push_str(url);
                out.checks.push(format!(
                    "link kept: {url} names {old} beside an id or a date of the old page \
                     ({number}), so a new version in it would lead nowhere; point it at {new}'s \
                     page once there is one"
                ));
            } else {
                self.replace(url, Place::Url, &mut out);
            }
            last = span.end;
        }
        self.replace(&line[last..], Place::Text, &mut out);
        if own_url {
            self.redate(&mut out);
        }
        if let Some(series) = self.edit.old_series
            && !forms::find_series(&out.text, series).is_empty()
        {
            out.checks.push(format!(
                "{series}, the old series (this post is of {}): keep it where {series} is meant",
                self.edit.new_series
            ));
        }
        out
    }

    /// The old day in a post's own URL made the new one: `/2023/08/06/`, `/2023/08/`,
    /// `2023-08-06`.
    fn redate(&self, out: &mut Line) {
        let parts = |day: &str| -> Option<[String; 3]> {
            let (ym, _) = day.rsplit_once('-')?;
            Some([day.replace('-', "/"), ym.replace('-', "/"), day.to_string()])
        };
        let (Some(old), Some(new)) = (parts(self.edit.old_day), parts(self.edit.day)) else {
            return;
        };
        for (o, n) in old.iter().zip(&new) {
            if o != n && out.text.contains(o.as_str()) {
                out.text = out.text.replace(o.as_str(), n);
                out.changes.push((o.clone(), n.clone()));
            }
        }
    }

    fn replace(&self, text: &str, place: Place, out: &mut Line) {
        let r = self.replacer.replace(text, place);
        out.text.push_str(&r.text);
        out.changes
            .extend(r.replaced.into_iter().map(|x| (x.old, x.new)));
        for m in r.left {
            out.checks.push(format!(
                "“{}” is said of {}; {} has no such phase: reword it",
                &text[m.range], self.edit.old, self.edit.new
            ));
        }
    }
}

/// The copy as it is written, line by line.
#[derive(Debug, Default)]
struct Out {
    text: String,
    lines: usize,
    changes: Vec<Change>,
    checks: Vec<Check>,
    ours_lines: Vec<usize>,
}

impl Out {
    /// A line written by `new`.
    fn ours(&mut self, text: &str, ending: &str) {
        self.push(text, ending);
        self.ours_lines.push(self.lines);
    }

    /// A copied line.
    fn copied(&mut self, line: Line, ending: &str) {
        self.push(&line.text, ending);
        let n = self.lines;
        self.changes
            .extend(
                line.changes
                    .into_iter()
                    .map(|(old, new)| Change { line: n, old, new }),
            );
        self.checks
            .extend(line.checks.into_iter().map(|why| Check { line: n, why }));
    }

    fn push(&mut self, text: &str, ending: &str) {
        self.text.push_str(text);
        self.text.push_str(ending);
        self.lines += 1;
    }
}
