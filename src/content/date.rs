//! Post dates as authors write them: `2024-02-01`, RFC 3339 with or without an offset
//! (`2024-02-01T10:00:00+02:00`, `2024-02-01 10:00:00`), and Jekyll's
//! `2024-02-01 10:00:00 +0200`.
//!
//! A date keeps the wall-clock time as written: the URL's year and month come from it.
//! The instant used for ordering and feeds takes the offset when given, else UTC.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// A date (and maybe time and offset) from front matter or a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostDate {
    /// The wall-clock date and time as written (midnight when only a date is given).
    pub civil: DateTime,
    /// The UTC offset, when written.
    pub offset: Option<Offset>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PostDate {
    /// Parses one of the accepted forms. The error says what was wrong, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.len() < 10 || !text.is_char_boundary(10) {
            return Err(format!("invalid date '{text}'"));
        }
        let date: Date = text[..10]
            .parse()
            .map_err(|e: jiff::Error| format!("invalid date '{text}': {}", plain_jiff(&e)))?;
        let rest = text[10..].trim_start_matches(['T', 't', ' ']);
        if rest.is_empty() {
            return Self::checked(text, date.to_datetime(Time::midnight()), None);
        }
        let (time_part, offset) = split_offset(rest)
            .ok_or_else(|| format!("invalid date '{text}': cannot read the time zone offset"))?;
        let time: Time = time_part
            .trim()
            .parse()
            .map_err(|e: jiff::Error| format!("invalid date '{text}': {}", plain_jiff(&e)))?;
        Self::checked(text, date.to_datetime(time), offset)
    }

    /// A date whose instant exists (year 9999 near midnight with an offset may not).
    fn checked(text: &str, civil: DateTime, offset: Option<Offset>) -> Result<Self, String> {
        TimeZone::fixed(offset.unwrap_or(Offset::UTC))
            .to_timestamp(civil)
            .map_err(|_| format!("invalid date '{text}': out of the supported range"))?;
        Ok(Self { civil, offset })
    }

    /// The instant, taking UTC when no offset was written.
    pub fn timestamp(&self) -> Timestamp {
        let tz = TimeZone::fixed(self.offset.unwrap_or(Offset::UTC));
        tz.to_timestamp(self.civil).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn zoned(&self) -> ZonedDateTime {
        self.timestamp()
            .to_zoned_datetime(TimeZone::fixed(self.offset.unwrap_or(Offset::UTC)))
    }

    /// `2024-02-01`, the date as written.
    pub fn iso_date(&self) -> String {
        self.civil.date().to_string()
    }

    /// RFC 3339, for Atom and sitemaps: `2024-02-01T00:00:00+00:00`.
    pub fn rfc3339(&self) -> String {
        self.zoned().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// RFC 2822, for RSS: `Thu, 01 Feb 2024 00:00:00 +0000`.
    pub fn rfc2822(&self) -> String {
        self.zoned()
            .strftime("%a, %d %b %Y %H:%M:%S %z")
            .to_string()
    }

    /// For people: `February 1, 2024`.
    pub fn display(&self) -> String {
        let d = self.civil.date();
        let month = MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)];
        format!("{month} {}, {}", d.day(), d.year())
    }
}

/// Splits `10:00:00+02:00` / `10:00:00 +0200` / `10:00:00Z` into time and offset.
fn split_offset(rest: &str) -> Option<(&str, Option<Offset>)> {
    if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        return Some((t, Some(Offset::UTC)));
    }
    let Some(i) = rest.rfind(['+', '-']) else {
        return Some((rest, None));
    };
    let sign: i32 = if rest[i..].starts_with('-') { -1 } else { 1 };
    let digits: String = rest[i + 1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    Some((&rest[..i], Some(offset)))
}

/// jiff's messages are precise but long; keep the last, most specific clause.
fn plain_jiff(e: &jiff::Error) -> String {
    let s = e.to_string();
    s.rsplit(": ").next().unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = PostDate::parse("2024-02-01").unwrap();
        assert_eq!(d.iso_date(), "2024-02-01");
        assert_eq!(d.rfc3339(), "2024-02-01T00:00:00+00:00");
        assert_eq!(d.rfc2822(), "Thu, 01 Feb 2024 00:00:00 +0000");
        assert_eq!(d.display(), "February 1, 2024");

        let d = PostDate::parse("2024-02-01T23:30:00-05:00").unwrap();
        assert_eq!(d.iso_date(), "2024-02-01", "the date as written");
        assert_eq!(d.timestamp().to_string(), "2024-02-02T04:30:00Z");

        let d = PostDate::parse("2024-02-01 10:00:00 +0200").unwrap();
        assert_eq!(d.rfc3339(), "2024-02-01T10:00:00+02:00");
        assert!(
            PostDate::parse("2024-02-01T10:00:00")
                .unwrap()
                .offset
                .is_none()
        );
        assert!(PostDate::parse("2024-02-01T10:00:00.5Z").is_ok());
    }

    #[test]
    fn rejects_impossible_dates() {
        let e = PostDate::parse("2024-02-30").unwrap_err();
        assert!(e.starts_with("invalid date '2024-02-30'"), "{e}");
        assert!(PostDate::parse("yesterday").is_err());
        assert!(PostDate::parse("2024-02-01T25:00:00").is_err());
        assert!(PostDate::parse("2024-02-01T10:00:00+2500").is_err());
        assert!(PostDate::parse("2024-02-0é").is_err());
        assert!(PostDate::parse("9999-12-31T23:00:00-05:00").is_err());
    }
}
