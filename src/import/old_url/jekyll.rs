//! Jekyll's old URLs: its `permalink` templates and named styles, its slugs, and the
//! date its URLs show (in the site's time zone); and the names of months and days that
//! Jekyll's and Hugo's placeholders write.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Facts, fill};
use crate::content::date::PostDate;

/// Jekyll's named permalink styles.
pub(super) fn jekyll_style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

/// The date Jekyll's URL shows: the instant in the site's time zone when the date
/// gave an offset, else the date as written (read in the site's time zone).
pub fn jekyll_date(date: &PostDate, tz: Option<&TimeZone>) -> Date {
    match (date.offset, tz) {
        (Some(_), Some(tz)) => tz.to_datetime(date.timestamp()).date(),
        (Some(_), None) => TimeZone::UTC.to_datetime(date.timestamp()).date(),
        (None, _) => date.civil.date(),
    }
}

/// Jekyll's `slugify` in `pretty` mode, case kept (`:title`), or in `default` mode,
/// lower case (`:slug`).
pub fn jekyll_slugify(text: &str, pretty: bool) -> String {
    let keep = |c: char| c.is_alphanumeric() || (pretty && "._~!$&'()+,;=@".contains(c));
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if pretty {
        out.to_string()
    } else {
        out.to_lowercase()
    }
}

pub(super) fn jekyll(permalink: &str, f: &Facts<'_>) -> String {
    let template = match f.own {
        Some(own) => own,
        None => jekyll_style(permalink).unwrap_or(permalink),
    };
    if !template.contains(':') {
        return template.to_string();
    }
    let d = jekyll_date(&f.date, f.tz);
    // Folder categories (`blog/_posts/`) come first, then the front matter's.
    let mut cats: Vec<String> = Vec::new();
    let above = f.posts_dir.strip_suffix("_posts").unwrap_or("");
    for c in above.split('/').filter(|c| !c.is_empty()) {
        cats.push(c.to_lowercase());
    }
    for c in f.categories {
        let c = c.to_lowercase();
        if !cats.contains(&c) {
            cats.push(c);
        }
    }
    let slug = f.slug.unwrap_or(f.name_sans_date());
    let week = d.iso_week_date();
    let values: [(&str, String); 17] = [
        (":categories", cats.join("/")),
        (":output_ext", ".html".to_string()),
        (":short_year", format!("{:02}", d.year() % 100)),
        (":short_month", month_name(d)[..3].to_string()),
        (":long_month", month_name(d).to_string()),
        (":short_day", weekday(d)[..3].to_string()),
        (":long_day", weekday(d).to_string()),
        (":i_month", d.month().to_string()),
        (":i_day", d.day().to_string()),
        (":y_day", format!("{:03}", d.day_of_year())),
        (":year", format!("{:04}", d.year())),
        (":month", format!("{:02}", d.month())),
        (":day", format!("{:02}", d.day())),
        (":week", format!("{:02}", week.week())),
        (":title", jekyll_slugify(slug, true)),
        (":slug", jekyll_slugify(slug, false)),
        (":name", jekyll_slugify(slug, false)),
    ];
    fill(template, &values).replace(' ', "%20")
}

pub(super) fn month_name(d: Date) -> &'static str {
    crate::content::date::MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)]
}

pub(super) fn weekday(d: Date) -> &'static str {
    const W: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    W[usize::try_from(d.weekday().to_monday_zero_offset()).unwrap_or(0)]
}
