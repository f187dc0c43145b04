//! What each post announces, and the series its releases make: a post's versions come
//! from its `release:` front matter, else from its title (`releases.title_pattern` or
//! the built-in finder); each version belongs to a series (`3.12`) of its product, and
//! a series lists its releases in version order, not date order.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::version::{Phase, Releases, Series, Version};

use super::SitePost;

/// Where the series pages are.
pub const RELEASES: &str = "/releases/";

/// One version a post announces.
#[derive(Debug, Clone)]
pub struct Announced {
    /// The version.
    pub version: Version,
    /// Its series, with its product (`Python`, when the post or its title names one):
    /// index into [`Site::series`](super::Site::series).
    pub group: usize,
}

/// What a post announces: its versions (most posts: one) and the kind of release.
#[derive(Debug, Clone, Default)]
pub struct PostReleases {
    /// The versions, in the order written.
    pub versions: Box<[Announced]>,
    /// `release.kind` (`security`, `bugfix`…), when given.
    pub kind: Option<Box<str>>,
    /// Whether the versions come from the title rather than `release:`.
    pub from_title: bool,
}

/// A series of one product: its releases in version order.
#[derive(Debug, Clone)]
pub struct SeriesGroup {
    /// The product, when named.
    pub product: Option<String>,
    /// The series.
    pub series: Series,
    /// Its releases, oldest version first: (post, version). A version announced twice
    /// (a post and its re-announcement) is listed once, by its first post.
    pub releases: Vec<(usize, Version)>,
    /// Its page: `/releases/3.12/` (`/releases/pip-20.1/` on a site of several products).
    pub path: String,
    /// Its posts, newest first (indexes into the site's posts), each once.
    pub posts: Vec<usize>,
}

impl SeriesGroup {
    /// The newest release of the series: (post, version).
    pub fn latest(&self) -> Option<&(usize, Version)> {
        self.releases.last()
    }

    /// Whether the series has had a final release.
    pub fn released(&self) -> bool {
        self.releases.iter().any(|(_, v)| v.phase() == Phase::Final)
    }
}

/// The posts of one kind of release (`security`): their page and feeds are
/// `/releases/security/`.
#[derive(Debug, Clone)]
pub struct KindGroup {
    /// The kind, as its newest post writes it.
    pub name: String,
    /// Its page: `/releases/security/`.
    pub path: String,
    /// Its posts, newest first.
    pub posts: Vec<usize>,
}

impl KindGroup {
    /// Its title: "Security releases".
    pub fn title(&self) -> String {
        let mut chars = self.name.chars();
        let first: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .collect();
        format!("{first}{} releases", chars.as_str())
    }
}

/// What the site's posts announce: per post, per series and per kind.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    /// Each post's versions, by post index.
    pub posts: Vec<PostReleases>,
    /// The series.
    pub series: Vec<SeriesGroup>,
    /// The kinds, by name.
    pub kinds: Vec<KindGroup>,
}

/// Reads each post's versions and groups them into series and kinds. A `release:`
/// version that the site's scheme cannot read is an error at the post.
pub fn group(
    posts: &[SitePost],
    releases: Option<&Releases>,
    diags: &mut Vec<Diagnostic>,
) -> Grouped {
    let Some(settings) = releases else {
        return Grouped {
            posts: vec![PostReleases::default(); posts.len()],
            ..Grouped::default()
        };
    };
    // (product, series) → group index.
    let mut index: BTreeMap<(Option<String>, Series), usize> = BTreeMap::new();
    let mut groups: Vec<SeriesGroup> = Vec::new();
    let mut out = Vec::with_capacity(posts.len());
    let mut read = Vec::with_capacity(posts.len());
    for sp in posts {
        let p = &sp.post;
        let mut found: Vec<(Version, Option<String>)> = Vec::new();
        let mut kind = None;
        let mut from_title = false;
        match &p.release {
            Some(r) if r.off => {}
            Some(r) => {
                kind = r.kind.clone();
                for text in &r.versions {
                    match settings.parse(text) {
                        Ok(v) => found.push((v, r.product.clone())),
                        Err(e) => diags.push(
                            Diagnostic::error(format!("`release`: {e}"))
                                .code("release")
                                .in_file(&p.file)
                                .at(r.line, r.column)
                                .help("write a version the site's scheme reads, like '3.12.0rc1' or '20.1.0'"),
                        ),
                    }
                }
                // The title may name the product the front matter leaves out.
                if r.product.is_none()
                    && let Some(named) = settings
                        .find_in_title(&p.title)
                        .into_iter()
                        .find_map(|f| f.product)
                {
                    for (_, product) in &mut found {
                        product.get_or_insert_with(|| named.clone());
                    }
                }
            }
            None => {
                from_title = true;
                // A title naming a series in passing ("Python 3.15's JIT") is not an
                // announcement: a short version counts when the title says release.
                let says = says_release(&p.title);
                found = (settings.find_in_title(&p.title).into_iter())
                    .filter(|f| says || f.version.release().len() >= 3)
                    .map(|f| (f.version, f.product))
                    .collect();
                if !found.is_empty() && says_security(&p.title) {
                    kind = Some("security".to_string());
                }
            }
        }
        read.push((found, kind, from_title));
    }
    // On a site whose posts name one product, a version that names none is of it.
    let named: std::collections::BTreeSet<&String> = (read.iter())
        .flat_map(|(found, ..)| found.iter().filter_map(|(_, p)| p.as_ref()))
        .collect();
    let only = (named.len() == 1)
        .then(|| named.into_iter().next().cloned())
        .flatten();
    for (pi, (found, kind, from_title)) in read.into_iter().enumerate() {
        let mut versions = Vec::with_capacity(found.len());
        for (version, product) in found {
            let key = (
                product.or_else(|| only.clone()),
                settings.series_of(&version),
            );
            let gi = match index.get(&key) {
                Some(&gi) => gi,
                None => {
                    groups.push(SeriesGroup {
                        product: key.0.clone(),
                        series: key.1.clone(),
                        releases: Vec::new(),
                        path: String::new(),
                        posts: Vec::new(),
                    });
                    index.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            groups[gi].releases.push((pi, version.clone()));
            versions.push(Announced { version, group: gi });
        }
        out.push(PostReleases {
            versions: versions.into(),
            kind: kind.map(String::into_boxed_str),
            from_title,
        });
    }
    // Pages: the series alone, or with its product when the site has several; two that
    // would share a segment (case, characters a URL cannot hold) are numbered.
    let products: std::collections::BTreeSet<&Option<String>> =
        groups.iter().map(|g| &g.product).collect();
    let several = products.len() > 1;
    let mut segments = crate::unique::UniqueNames::new(2, crate::url::folded);
    let names: Vec<String> = (groups.iter())
        .map(|g| match (&g.product, several) {
            (Some(p), true) => format!("{}-{}", crate::url::slugify(p), g.series.as_str()),
            _ => g.series.as_str().to_string(),
        })
        .collect();
    for (g, name) in groups.iter_mut().zip(names) {
        let segment = segments.unique(&crate::url::term_segment(&name, "series"));
        g.path = format!("{RELEASES}{segment}/");
    }
    let mut kinds = kinds_of(&out);
    for k in &mut kinds {
        let segment = segments.unique(&crate::url::term_segment(&k.name, "kind"));
        k.path = format!("{RELEASES}{segment}/");
    }
    for g in &mut groups {
        // Posts are newest first: of two posts announcing one version, the older
        // (the later index) is the announcement.
        g.releases.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        g.releases.dedup_by(|later, earlier| later.1 == earlier.1);
        g.posts = g.releases.iter().map(|(p, _)| *p).collect();
        g.posts.sort_unstable();
        g.posts.dedup();
    }
    Grouped {
        posts: out,
        series: groups,
        kinds,
    }
}

/// The kinds the posts name, case folded, in name order; each lists its posts.
fn kinds_of(posts: &[PostReleases]) -> Vec<KindGroup> {
    let mut by_name: BTreeMap<String, KindGroup> = BTreeMap::new();
    for (pi, pr) in posts.iter().enumerate() {
        let Some(kind) = &pr.kind else { continue };
        (by_name.entry(kind.to_lowercase()))
            .or_insert_with(|| KindGroup {
                name: kind.to_string(),
                path: String::new(),
                posts: Vec::new(),
            })
            .posts
            .push(pi);
    }
    by_name.into_values().collect()
}

/// [`title_releases`]: each version a title names (normalized, as written) with its
/// product; whether it says release; whether it says security.
pub type TitleReleases = (Vec<(String, String, Option<String>)>, bool, bool);

/// What of a post's title its releases are read from, with `settings` the site's
/// `releases`: each version the title names (normalized and as written) with its
/// product, and whether the title says release and security. Two titles alike in this
/// give a post the same releases, so `serve` patches the model for such an edit
/// rather than building it again.
pub fn title_releases(settings: Option<&Releases>, title: &str) -> TitleReleases {
    let Some(settings) = settings else {
        return (Vec::new(), false, false);
    };
    let found = (settings.find_in_title(title).into_iter())
        .map(|f| {
            (
                f.version.normalized(),
                f.version.text().to_string(),
                f.product,
            )
        })
        .collect();
    (found, says_release(title), says_security(title))
}

/// Whether a title says its release is a security one ("security updates now
/// available", "a security hotfix", "One Security Patch").
fn says_security(title: &str) -> bool {
    (title.split(|c: char| !c.is_alphanumeric())).any(|w| w.eq_ignore_ascii_case("security"))
}

/// Whether a title says it announces something: `released`, `available`, `announcing`…
fn says_release(title: &str) -> bool {
    const WORDS: [&str; 9] = [
        "release",
        "available",
        "announc",
        "introduc",
        " is out",
        " is here",
        "launch",
        "ships",
        "now out",
    ];
    let lower = title.to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// A post's place in a series: the releases before and after its version there, and
/// the newest of the series when it is newer.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The release just before, in version order: (post, version).
    pub previous: Option<(usize, Version)>,
    /// The release just after.
    pub next: Option<(usize, Version)>,
    /// The newest release of the series, when newer than this one.
    pub newer: Option<(usize, Version)>,
}

/// Where `version` stands in `group`.
pub fn place(group: &SeriesGroup, version: &Version) -> Place {
    let releases = &group.releases;
    let at = releases.partition_point(|(_, v)| v < version);
    let previous = at.checked_sub(1).map(|i| releases[i].clone());
    let after = if releases.get(at).is_some_and(|(_, v)| v == version) {
        at + 1
    } else {
        at
    };
    let next = releases.get(after).cloned();
    let newer = (releases.last()).filter(|(_, v)| v > version).cloned();
    Place {
        previous,
        next,
        newer,
    }
}
