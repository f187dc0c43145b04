//! The front-matter keys Bulletin knows, in every generator's spelling, and the
//! known key an unknown one is probably a misspelling of.

/// The spellings of the publication date, first wins: Bulletin's and Hugo's
/// `publishDate` (`pubdate`, or `published` holding a date), then `date`, Astro's
/// `pubDate`, and `created_at` (nanoc, the Prometheus blog).
pub const DATE_KEYS: [&str; 7] = [
    "publishDate",
    "publishdate",
    "pubdate",
    "published",
    "date",
    "pubDate",
    "created_at",
];
/// The spellings of the update date.
pub const UPDATED_KEYS: [&str; 6] = [
    "updatedDate",
    "lastmod",
    "updated",
    "updated_at",
    "last_modified_at",
    "modified",
];
/// The spellings of the date after which a post is no longer published (Hugo).
pub const EXPIRY_KEYS: [&str; 2] = ["expiryDate", "expirydate"];
/// The spellings of the description.
pub const DESCRIPTION_KEYS: [&str; 3] = ["description", "summary", "excerpt"];
/// The spellings of the authors.
pub const AUTHOR_KEYS: [&str; 3] = ["author", "authors", "author_name"];
/// The spellings of the categories (Zola's `taxonomies.categories` too).
pub const CATEGORY_KEYS: [&str; 2] = ["categories", "category"];
/// The spellings of a post's own URL: Jekyll's `permalink`, Hugo's `url`, Zola's `path`.
pub const PATH_KEYS: [&str; 3] = ["permalink", "url", "path"];

/// The keys with a meaning that are spelled one way only.
const SINGLE_KEYS: [&str; 11] = [
    "title",
    "release",
    "guid",
    "tags",
    "taxonomies",
    "draft",
    "legacyUrl",
    "aliases",
    "redirect_from",
    "slug",
    "extra",
];

/// Every key with a meaning, in every spelling; anything else goes to `extra`.
pub(super) fn known_keys() -> impl Iterator<Item = &'static str> {
    [
        &SINGLE_KEYS[..],
        &DATE_KEYS,
        &UPDATED_KEYS,
        &EXPIRY_KEYS,
        &AUTHOR_KEYS,
        &DESCRIPTION_KEYS,
        &CATEGORY_KEYS,
        &PATH_KEYS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// True for a key with a meaning.
pub(super) fn is_known(key: &str) -> bool {
    known_keys().any(|k| k == key)
}

/// The known key an unknown front-matter key is probably a misspelling of: the same
/// letters in another case (`publishdate`), or two edits away (`tittle`).
pub fn typo_of(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    known_keys()
        .find(|k| k.eq_ignore_ascii_case(key))
        .or_else(|| {
            (key.chars().count() >= 4)
                .then(|| {
                    known_keys()
                        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
                        .filter(|(d, _)| *d <= 2)
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, k)| k)
                })
                .flatten()
        })
}
