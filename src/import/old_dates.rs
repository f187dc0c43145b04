//! An old post's dates and old aliases, as the new front matter writes them: dates in
//! one format, in the old site's time zone; aliases as paths of the site. What could be
//! read more than one way is noted for the report.

use jiff::tz::TimeZone;

use super::old_site::{Generator, OldSite};
use crate::content::date::PostDate;
use crate::content::post::Post;

/// The old site's time zone, when it names one jiff knows.
pub(super) fn time_zone(old: &OldSite, notes: &mut Vec<String>) -> Option<TimeZone> {
    let name = old.time_zone.as_deref()?;
    match TimeZone::get(name) {
        Ok(tz) => Some(tz),
        Err(_) => {
            notes.push(format!(
                "the old config's time zone {name:?} is not one of the IANA database; dates \
                 without an offset are read as UTC"
            ));
            None
        }
    }
}

/// A date as the new front matter writes it: `2024-05-01` for a date alone, else
/// RFC 3339 with its offset (`2024-05-01T10:00:00+02:00`). A time without an offset
/// takes the old site's time zone; with `convert`, a time with one is shown in that zone
/// (Jekyll's URLs use the date there).
pub(super) fn date_text(d: &PostDate, tz: Option<&TimeZone>, convert: bool) -> String {
    let midnight = d.civil.time() == jiff::civil::Time::midnight();
    if midnight && d.offset.is_none() {
        return d.civil.date().to_string();
    }
    let (civil, offset) = match (d.offset, tz) {
        (Some(_), Some(tz)) if convert => {
            let ts = d.timestamp();
            (tz.to_datetime(ts), Some(tz.to_offset(ts)))
        }
        (Some(o), _) => (d.civil, Some(o)),
        // A wall-clock time the zone skipped (a clock change) is the instant its rules
        // give, shown as the zone shows it.
        (None, Some(tz)) => match tz.to_timestamp(d.civil) {
            Ok(ts) => (tz.to_datetime(ts), Some(tz.to_offset(ts))),
            Err(_) => (d.civil, None),
        },
        (None, None) => (d.civil, None),
    };
    // An offset with seconds (a zone's old local mean time) has no RFC 3339 form: the
    // instant is written in UTC.
    let (civil, offset) = match offset {
        Some(o) if o.seconds() % 60 != 0 => (TimeZone::UTC.to_datetime(d.timestamp()), None),
        other => (civil, other),
    };
    let text = rfc3339(civil, offset);
    // A conversion past the years a date can have keeps the date as written.
    if PostDate::parse(&text).is_ok() {
        text
    } else {
        rfc3339(d.civil, d.offset)
    }
}

/// `2024-05-01T10:00:00+02:00`, or with `Z` for UTC and no offset.
fn rfc3339(civil: jiff::civil::DateTime, offset: Option<jiff::tz::Offset>) -> String {
    let base = civil.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    match offset {
        Some(o) => {
            let secs = o.seconds();
            let sign = if secs < 0 { '-' } else { '+' };
            let a = secs.unsigned_abs();
            format!("{base}{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
        }
        None => format!("{base}Z"),
    }
}

/// Dates that could be read more than one way.
pub(super) fn findings(
    old: &OldSite,
    post: &Post,
    shown: &str,
    tz: Option<&TimeZone>,
    out: &mut Vec<String>,
) {
    let has_tz = tz.is_some();
    if let (Some(tz), None) = (tz, post.date.offset)
        && let Ok(ts) = tz.to_timestamp(post.date.civil)
        && tz.to_datetime(ts) != post.date.civil
    {
        out.push(format!(
            "{shown}: {} does not exist in the old site's time zone (the clocks changed); read as {}",
            post.date.civil,
            tz.to_datetime(ts)
        ));
    }
    if let Some(name) = &post.source.name_date
        && **name != post.date.iso_date()
    {
        out.push(format!(
            "{shown}: the file name says {name}, the front matter {}; the post is dated {}",
            post.date.iso_date(),
            post.date.iso_date()
        ));
    }
    let timed = post.date.civil.time() != jiff::civil::Time::midnight();
    if timed && post.date.offset.is_none() && !has_tz {
        out.push(format!(
            "{shown}: {} has no time zone and the old config names none; read as UTC{}",
            post.date.civil,
            if old.generator == Generator::Jekyll {
                " (Jekyll used the building machine's zone)"
            } else {
                ""
            }
        ));
    }
}

/// The post's old aliases (`aliases`, `redirect_from`, `legacyUrl`) as paths: a Hugo
/// alias without a leading `/` is relative to the page's folder; one on another host
/// is left out (and listed).
pub(super) fn aliases(
    old: &OldSite,
    post: &Post,
    old_url: Option<&str>,
    clashes: &mut Vec<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &post.redirects {
        let v = r.value.trim();
        let path = if let Some((_, rest)) = v.split_once("://") {
            let (host, host_path) = rest
                .find('/')
                .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
            let old_host = (old.base_url.as_deref())
                .and_then(|b| b.split_once("://"))
                .map(|(_, b)| b.split('/').next().unwrap_or(""));
            let same_host = old_host.is_some_and(|h| h.eq_ignore_ascii_case(host));
            if !same_host {
                clashes.push(format!(
                    "{}:{}: the old alias {v} is on another host; left out",
                    post.file.display(),
                    r.line
                ));
                continue;
            }
            host_path.to_string()
        } else if v.starts_with('/') {
            v.to_string()
        } else if old.generator == Generator::Hugo {
            relative_alias(old_url.unwrap_or("/"), v)
        } else {
            format!("/{v}")
        };
        // Repeats are left out once the legacy URLs are settled.
        out.push(path);
    }
    out
}

/// A Hugo alias without a leading `/`, which is beside the page at `page_url`
/// (`old` beside `/posts/new/` is `/posts/old/`); one without an extension is a folder,
/// as Hugo writes it.
pub(super) fn relative_alias(page_url: &str, alias: &str) -> String {
    let base = crate::url::page_folder(page_url.trim_end_matches('/'));
    let path = normalize(&format!("{base}{alias}"));
    let last = path.rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.contains('.') {
        path
    } else {
        format!("{path}/")
    }
}

/// `..` and `.` segments resolved.
pub(super) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: &str, tz: Option<&str>, convert: bool) -> String {
        let tz = tz.map(|t| TimeZone::get(t).unwrap());
        date_text(&PostDate::parse(d).unwrap(), tz.as_ref(), convert)
    }

    #[test]
    fn dates_in_one_format() {
        assert_eq!(text("2024/05/01", None, false), "2024-05-01");
        assert_eq!(
            text("2024-05-01 4:05 +0000", None, false),
            "2024-05-01T04:05:00+00:00"
        );
        assert_eq!(
            text("2024-05-01T10:00:00", None, false),
            "2024-05-01T10:00:00Z"
        );
        // Without an offset: the old site's zone, summer or winter time.
        assert_eq!(
            text("2024-05-01T10:00:00", Some("Europe/Oslo"), false),
            "2024-05-01T10:00:00+02:00"
        );
        assert_eq!(
            text("2024-01-01T10:00:00", Some("Europe/Oslo"), false),
            "2024-01-01T10:00:00+01:00"
        );
        // With one: kept, unless converted into the zone (Jekyll).
        assert_eq!(
            text("2024-05-01T01:30:00Z", Some("America/New_York"), false),
            "2024-05-01T01:30:00+00:00"
        );
        assert_eq!(
            text("2024-05-01T01:30:00Z", Some("America/New_York"), true),
            "2024-04-30T21:30:00-04:00"
        );
        assert_eq!(
            text("2024-05-01T01:30:00+05:30", None, false),
            "2024-05-01T01:30:00+05:30"
        );
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("/a/b/../c/./d/"), "/a/c/d/");
        assert_eq!(normalize("/../../x"), "/x");
    }
}
