//! Post dates as generators write them: `2024-02-01` (or `2024/02/01`), RFC 3339 with
//! or without an offset and with fractional seconds (`2024-02-01T10:00:00.5+02:00`), YAML
//! and TOML timestamps, and Jekyll's `2024-02-01 4:00:00 +0000`: one- or two-digit hours,
//! optional seconds, and an offset written `+0000`, `+00:00`, `+00`, `Z`, `UTC`, `GMT` or
//! not at all, with any spacing between the parts.
//!
//! A date keeps the wall-clock time as written: the URL's year and month come from it.
//! The instant used for ordering and feeds takes the offset when given, else UTC.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// A date (and maybe time and offset) from front matter or a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostDate {
    /// The wall-clock date and time as written (midnight when only a date is given).
    pub civil: DateTime,
    /// The UTC offset, when written.
    pub offset: Option<Offset>,
}

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
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
        let invalid = |why: &str| format!("invalid date '{text}': {why}");
        let date = civil_date(text).map_err(|why| invalid(&why))?;
        // `civil_date` read ten ASCII bytes.
        let rest = text[10..].trim_start_matches(['T', 't', ' ', '\t']);
        if rest.is_empty() {
            return Self::checked(text, date.to_datetime(Time::midnight()), None);
        }
        let (time, rest) = clock(rest).map_err(|why| invalid(&why))?;
        let offset = offset(rest.trim_start_matches([' ', '\t'])).map_err(|why| invalid(&why))?;
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

/// The leading digits of `s` (at most `max`) as a number, and what follows.
fn number(s: &str, max: usize) -> Option<(i64, &str)> {
    let len = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    let n = s[..len].parse().ok()?;
    Some((n, &s[len..]))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD` at the start of `text`.
fn civil_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-' || *c == b'/',
            _ => c.is_ascii_digit(),
        })
        && b[4] == b[7];
    if !shape {
        return Err("write it as YYYY-MM-DD".into());
    }
    let part = |r: std::ops::Range<usize>| text[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (part(0..4), part(5..7), part(8..10));
    let m = i8::try_from(m).map_err(|_| "no such month".to_string())?;
    let d = i8::try_from(d).map_err(|_| "no such day".to_string())?;
    Date::new(y, m, d).map_err(|e| plain_jiff(&e))
}

/// `H:MM`, `HH:MM:SS` or `HH:MM:SS.fff` at the start of `s`, and what follows.
fn clock(s: &str) -> Result<(Time, &str), String> {
    let bad = || "cannot read the time; write it as HH:MM:SS".to_string();
    let (h, rest) = number(s, 2).ok_or_else(bad)?;
    let (m, mut rest) = rest
        .strip_prefix(':')
        .and_then(|r| number(r, 2).filter(|(_, after)| r.len() - after.len() == 2))
        .ok_or_else(bad)?;
    let mut sec = 0;
    let mut nanos = 0;
    if let Some((sv, after)) = rest
        .strip_prefix(':')
        .and_then(|r| number(r, 2).filter(|(_, after)| r.len() - after.len() == 2))
    {
        sec = sv;
        rest = after;
        if let Some(frac) = rest.strip_prefix(['.', ',']) {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            // Nanoseconds: the first nine digits, padded; more are cut off.
            let kept = &frac[..digits.min(9)];
            nanos = kept.parse::<i64>().unwrap_or(0) * 10_i64.pow(9 - kept.len() as u32);
            rest = &frac[digits..];
        }
    }
    let time = Time::new(
        i8::try_from(h).map_err(|_| bad())?,
        i8::try_from(m).map_err(|_| bad())?,
        i8::try_from(sec).map_err(|_| bad())?,
        i32::try_from(nanos).map_err(|_| bad())?,
    )
    .map_err(|e| plain_jiff(&e))?;
    Ok((time, rest))
}

/// The offset after the time: nothing, `Z`, `UTC`, `GMT`, `+02`, `+0200` or `+02:00`.
fn offset(s: &str) -> Result<Option<Offset>, String> {
    let s = s.trim_end();
    if s.is_empty() {
        return Ok(None);
    }
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("gmt")
    {
        return Ok(Some(Offset::UTC));
    }
    let bad = || format!("cannot read the time zone offset '{s}'; write it as +02:00 or Z");
    let (sign, digits) = match s.as_bytes()[0] {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let digits = digits.trim_start_matches([' ', '\t']);
    let (hours, minutes) = match digits.len() {
        2 => (digits, "0"),
        4 => (&digits[..2], &digits[2..]),
        5 if digits.as_bytes()[2] == b':' => (&digits[..2], &digits[3..]),
        _ => return Err(bad()),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return Err(bad());
    }
    let hours: i32 = hours.parse().map_err(|_| bad())?;
    let minutes: i32 = minutes.parse().map_err(|_| bad())?;
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60))
        .map(Some)
        .map_err(|_| bad())
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

    #[test]
    fn every_generators_spelling() {
        let utc = |t: &str| PostDate::parse(t).unwrap().timestamp().to_string();
        for text in [
            "2024-03-21 4:00:00 +0000",
            "2024-03-21 04:00:00 +00:00",
            "2024-03-21 4:00 Z",
            "2024-03-21T04:00:00Z",
            "2024-03-21t04:00:00z",
            "2024-03-21 04:00:00 UTC",
            "2024-03-21  4:00:00   +0000 ",
            "2024-03-21 6:00:00 +02",
            "2024-03-21 06:00:00+02:00",
            "2024-03-21 06:00:00 + 02:00",
            "2024-03-21T04:00:00.000000000Z",
            "2024-03-21T05:00:00.5+01:00",
            "2024-03-21 04:00 gmt",
        ] {
            assert_eq!(utc(text)[..16], *"2024-03-21T04:00", "{text}");
        }
        let d = PostDate::parse("2024/12/05").unwrap();
        assert_eq!(d.iso_date(), "2024-12-05");
        let d = PostDate::parse("2024-03-21 4:05").unwrap();
        assert_eq!((d.civil.hour(), d.civil.minute(), d.offset), (4, 5, None));
        let d = PostDate::parse("2024-03-21T04:05:06.123456789123Z").unwrap();
        assert_eq!(d.civil.subsec_nanosecond(), 123_456_789);
    }

    #[test]
    fn says_which_part_is_wrong() {
        for (text, why) in [
            ("2024-03-21 4:0", "cannot read the time"),
            ("2024-03-21 24:00", "hour"),
            ("2024-03-21 04:00 +25", "offset"),
            ("2024-03-21 04:00 CEST", "offset"),
            ("2024-03-21 04:00:00.", "cannot read the time"),
            ("2024/03-21", "YYYY-MM-DD"),
            ("2024-13-01", "month"),
            ("21.03.2024", "YYYY-MM-DD"),
        ] {
            let e = PostDate::parse(text).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
    }
}
