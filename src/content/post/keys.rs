//! The front-matter keys Bulletin knows, in every generator's spelling, and the
//! known key an unknown one is probably a misspelling of.

/// The spellings of the publication date, first wins.
pub const DATE_KEYS: [&str; 3] = ["publishDate", "date", "pubDate"];
/// The spellings of the update date.
pub const UPDATED_KEYS: [&str; 3] = ["updatedDate", "lastmod", "updated"];
/// The spellings of the description.
pub const DESCRIPTION_KEYS: [&str; 3] = ["description", "summary", "excerpt"];
/// The spellings of the authors.
pub const AUTHOR_KEYS: [&str; 2] = ["author", "authors"];

/// Keys with a meaning; anything else goes to `extra`.
pub(super) const KNOWN_KEYS: [&str; 20] = [
    "title",
    "publishDate",
    "date",
    "pubDate",
    "updatedDate",
    "lastmod",
    "updated",
    "author",
    "authors",
    "description",
    "summary",
    "excerpt",
    "tags",
    "taxonomies",
    "published",
    "draft",
    "legacyUrl",
    "aliases",
    "redirect_from",
    "slug",
];

/// The known key an unknown front-matter key is probably a misspelling of: the same
/// letters in another case (`publishdate`), or two edits away (`tittle`).
pub fn typo_of(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    KNOWN_KEYS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(key))
        .or_else(|| {
            (key.chars().count() >= 4)
                .then(|| {
                    KNOWN_KEYS
                        .iter()
                        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
                        .filter(|(d, _)| *d <= 2)
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, k)| k)
                })
                .flatten()
        })
        .copied()
}
