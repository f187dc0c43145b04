//! The folder of drawn cards kept between builds, keyed by a hash of everything drawn
//! on a card.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{CARD_VERSION, FONT_BOLD, FONT_REGULAR};

/// A stable hash of the design version, the fonts and `fields`: 32 hex characters.
pub(super) fn key_of(fields: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(CARD_VERSION.as_bytes());
    field(&(FONT_REGULAR.len() as u64).to_le_bytes());
    field(&(FONT_BOLD.len() as u64).to_le_bytes());
    for f in fields {
        field(f);
    }
    let digest = hasher.finalize();
    let mut key = String::with_capacity(32);
    for byte in &digest[..16] {
        let _ = write!(key, "{byte:02x}");
    }
    key
}

/// Where drawn cards are kept between builds: `social-cards` in Bulletin's cache folder
/// ([`crate::fsutil::cache_dir`]). Cards are stored by a hash of everything drawn on
/// them, so one folder serves every site and an edited post simply gets a new file.
pub fn default_cache_dir() -> Option<std::path::PathBuf> {
    crate::fsutil::cache_dir().map(|d| d.join("social-cards"))
}

/// The card under `key`: read from `cache_dir` when it is there and whole, else drawn
/// with `draw` and stored.
///
/// The output gets the bytes, never a link to the cache file, so a tool that changes
/// the output in place (an image optimiser) cannot change the cache. A cache file is
/// the PNG followed by a checksum of it (16 bytes, XXH3-128): a file
/// changed since it was stored (by anything) no longer matches and is drawn again.
/// Files are stored through a temporary name and a rename, so a file present under its
/// final name is complete.
pub fn cached_card(
    cache_dir: &Path,
    key: &str,
    draw: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let path = card_path(cache_dir, key);
    if let Ok(mut stored) = fs::read(&path)
        && verified_len(&stored).is_some_and(|len| {
            stored.truncate(len);
            true
        })
    {
        return Ok(stored);
    }
    let mut file = draw()?;
    let png_len = file.len();
    file.extend_from_slice(&checksum(&file));
    crate::fsutil::write_replacing(&path, &file)
        .map_err(|e| format!("{}: cannot store social card: {e}", path.display()))?;
    file.truncate(png_len);
    Ok(file)
}

/// Where the card under `key` is kept.
fn card_path(cache_dir: &Path, key: &str) -> PathBuf {
    cache_dir.join(format!("{key}.card"))
}

/// Bytes of the checksum after the PNG in a cache file.
const CHECKSUM_LEN: usize = 16;

fn checksum(bytes: &[u8]) -> [u8; CHECKSUM_LEN] {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// The length of the PNG in a cache file whose checksum matches, else None.
fn verified_len(file: &[u8]) -> Option<usize> {
    let len = file.len().checked_sub(CHECKSUM_LEN).filter(|&l| l > 0)?;
    (checksum(&file[..len])[..] == file[len..]).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{CardRenderer, CardText};
    use super::*;

    #[test]
    fn cache_key_covers_every_field_and_is_stable() {
        let key = CardRenderer::cache_key(&sample());
        // Pinned: a key must not change between runs, machines or toolchains; change it
        // only together with CARD_VERSION or the fonts.
        assert_eq!(key, "987c835108ca74b8bb3aef506a55eec3");
        assert_eq!(key.len(), 32);
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(key, CardRenderer::cache_key(&sample()));
        let base = sample();
        let variants = [
            CardText {
                title: "other",
                ..base
            },
            CardText { author: "", ..base },
            CardText {
                date: "August 7, 2023",
                ..base
            },
            CardText {
                site: "Other",
                ..base
            },
            CardText {
                tags: &["releases"],
                ..base
            },
            CardText {
                tags: &["releases", "3.1", "2"],
                ..base
            },
            CardText {
                tags: &["releases3.12"],
                ..base
            },
        ];
        for variant in variants {
            assert_ne!(CardRenderer::cache_key(&variant), key, "{variant:?}");
        }
        // Moving text between fields changes the key too.
        let a = CardText {
            title: "ab",
            author: "c",
            ..base
        };
        let b = CardText {
            title: "a",
            author: "bc",
            ..base
        };
        assert_ne!(CardRenderer::cache_key(&a), CardRenderer::cache_key(&b));
    }

    /// Through the cache, counting how often a card is drawn.
    fn cached(text: &CardText<'_>, dir: &Path, drawn: &std::cell::Cell<u32>) -> Vec<u8> {
        let key = CardRenderer::cache_key(text);
        cached_card(dir, &key, || {
            drawn.set(drawn.get() + 1);
            renderer().render(text)
        })
        .unwrap()
    }

    #[test]
    fn cache_hit_is_not_drawn_again() {
        let dir = tempfile::tempdir().unwrap();
        let text = sample();
        let drawn = std::cell::Cell::new(0);
        let first = cached(&text, dir.path(), &drawn);
        assert_eq!(first, renderer().render(&text).unwrap());
        let files: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "no temporary file left behind");
        assert_eq!(cached(&text, dir.path(), &drawn), first);
        assert_eq!(drawn.get(), 1, "the second call used the cache");
        let other = CardText {
            title: "Other",
            ..text
        };
        cached(&other, dir.path(), &drawn);
        assert_eq!(drawn.get(), 2, "another text is another card");
    }

    #[test]
    fn empty_cache_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let text = sample();
        let path = card_path(dir.path(), &CardRenderer::cache_key(&text));
        fs::write(&path, b"").unwrap();
        let drawn = std::cell::Cell::new(0);
        let png = cached(&text, dir.path(), &drawn);
        assert_eq!(drawn.get(), 1);
        assert_eq!(png, renderer().render(&text).unwrap());
    }

    #[test]
    fn a_changed_cache_file_is_drawn_again() {
        let dir = tempfile::tempdir().unwrap();
        let text = sample();
        let drawn = std::cell::Cell::new(0);
        let png = cached(&text, dir.path(), &drawn);
        let path = card_path(dir.path(), &CardRenderer::cache_key(&text));
        let stored = fs::read(&path).unwrap();
        assert_eq!(&stored[..png.len()], &png[..], "the PNG, then its checksum");
        // What an optimiser rewriting the file in place leaves: another valid file, and
        // one byte changed; then a file cut short.
        let mut tampered = [
            renderer()
                .render(&CardText {
                    title: "Evil",
                    ..text
                })
                .unwrap(),
            stored.clone(),
            stored[..stored.len() - 1].to_vec(),
        ];
        tampered[1][100] ^= 1;
        for (n, bytes) in tampered.iter().enumerate() {
            fs::write(&path, bytes).unwrap();
            assert_eq!(cached(&text, dir.path(), &drawn), png, "case {n}");
            assert_eq!(drawn.get(), 2 + n as u32, "case {n} is drawn again");
            assert_eq!(fs::read(&path).unwrap(), stored, "case {n} is stored again");
        }
    }

    #[test]
    fn cache_dir_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        let png = cached(&sample(), &nested, &std::cell::Cell::new(0));
        assert_eq!(png_size(&png), (1200, 630));
    }
}
