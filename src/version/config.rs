//! The `releases` section of `bulletin.yaml`: whether posts' versions are looked for,
//! in which scheme, how series are cut, and how titles are read.
//!
//! ```yaml
//! releases: false            # no versions at all
//! ```
//!
//! ```yaml
//! releases:
//!   scheme: semver           # auto (default) | pep440 | semver
//!   series: major            # minor (default) | major
//!   title_pattern:           # optional; replaces the built-in finder
//!     - '^(?P<product>Node(?:\.js)?) (?P<version>v\d+\.\d+\.\d+)'
//! ```
//!
//! Without the key (or with `releases: true`, or an empty mapping) everything is on with
//! the defaults. Unknown keys are errors, as everywhere in the config.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::title::{Found, TitleFinder};
use super::{Scheme, Series, SeriesStyle, Version, VersionError};

/// `releases` as written: `false`, `true`, or a mapping.
#[derive(Debug, Default)]
pub enum RawReleases {
    /// Not given, `true`, or an empty value: on, with the defaults.
    #[default]
    Default,
    /// `releases: false`.
    Off,
    /// A mapping of settings.
    On(RawSection),
}

/// The `releases` mapping as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    scheme: Option<Scheme>,
    series: Option<SeriesStyle>,
    title_pattern: Option<Vec<String>>,
}

impl<'de> Deserialize<'de> for RawReleases {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = RawReleases;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`false`, or a mapping with `scheme`, `series`, `title_pattern`")
            }

            fn visit_bool<E: de::Error>(self, on: bool) -> Result<RawReleases, E> {
                Ok(if on {
                    RawReleases::Default
                } else {
                    RawReleases::Off
                })
            }

            fn visit_unit<E: de::Error>(self) -> Result<RawReleases, E> {
                Ok(RawReleases::Default)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawReleases, A::Error> {
                RawSection::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawReleases::On)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// The resolved `releases` settings (the section is on).
#[derive(Debug, Clone, Default)]
pub struct Releases {
    /// How versions are read.
    pub scheme: Scheme,
    /// How many numbers a series has.
    pub series: SeriesStyle,
    /// How titles are read.
    pub titles: TitleFinder,
}

impl RawReleases {
    /// The settings, `None` when turned off. An error names the key whose value is
    /// wrong (`releases.title_pattern`).
    pub fn resolve(self) -> Result<Option<Releases>, (&'static str, String)> {
        let section = match self {
            RawReleases::Off => return Ok(None),
            RawReleases::Default => RawSection::default(),
            RawReleases::On(section) => section,
        };
        let titles = match section.title_pattern {
            None => TitleFinder::builtin(),
            Some(patterns) => TitleFinder::from_patterns(&patterns).map_err(|e| {
                (
                    "releases.title_pattern",
                    format!("releases.title_pattern: {e}"),
                )
            })?,
        };
        Ok(Some(Releases {
            scheme: section.scheme.unwrap_or_default(),
            series: section.series.unwrap_or_default(),
            titles,
        }))
    }
}

impl Releases {
    /// The versions a post's title names.
    pub fn find_in_title(&self, title: &str) -> Vec<Found> {
        self.titles.find(title, self.scheme)
    }

    /// Reads a version (from front matter, a command line) in the site's scheme.
    pub fn parse(&self, text: &str) -> Result<Version, VersionError> {
        Version::parse(text, self.scheme)
    }

    /// The series of `version`, cut as the site says.
    pub fn series_of(&self, version: &Version) -> Series {
        version.series(self.series)
    }
}
