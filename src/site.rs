//! The site model: which posts are published, at which URLs, and how they group into
//! tags, categories, authors and years, plus the redirects from legacy URLs.
//!
//! [`Site::new`] takes parsed posts and author files and decides everything that
//! depends on more than one post. It reads no files and renders nothing.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;

pub mod paging;
pub mod post_links;
pub mod releases;

use crate::config::Config;
use crate::content::authors::{AuthorFile, AuthorInfo};
use crate::content::post::Post;
use crate::error::Diagnostic;
use crate::unique::UniqueNames;
use crate::url;

/// Which posts to publish besides the ordinary ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    /// Publish posts marked `published: false` / `draft: true`.
    pub drafts: bool,
    /// Publish posts dated after `now`.
    pub future: bool,
    /// A preview build (`build --preview`): drafts and future posts shown and marked,
    /// nothing for search engines.
    pub preview: bool,
}

/// A post with its place on the site.
#[derive(Debug, Clone)]
pub struct SitePost {
    /// The parsed post.
    pub post: Post,
    /// Its path on the site, without base path: `/2024/02/slug/`.
    pub path: Box<str>,
    /// Indexes into [`Site::authors`], then [`Site::tags`], then
    /// [`Site::categories`]: one block a post rather than three.
    indexes: Box<[usize]>,
    /// Where its tags and its categories start in `indexes`.
    starts: [u32; 2],
}

impl SitePost {
    /// Its authors: indexes into [`Site::authors`].
    pub fn authors(&self) -> &[usize] {
        &self.indexes[..self.starts[0] as usize]
    }

    /// Its terms of `taxonomy`: indexes into [`Site::terms`].
    pub fn terms(&self, taxonomy: Taxonomy) -> &[usize] {
        let [tags, categories] = self.starts.map(|s| s as usize);
        match taxonomy {
            Taxonomy::Tags => &self.indexes[tags..categories],
            Taxonomy::Categories => &self.indexes[categories..],
        }
    }

    /// Its tags: indexes into [`Site::tags`].
    pub fn tags(&self) -> &[usize] {
        self.terms(Taxonomy::Tags)
    }

    /// Gives it its authors and terms (front matter bounds their number well below
    /// `u32::MAX`).
    fn set_indexes(&mut self, authors: &[usize], tags: &[usize], categories: &[usize]) {
        self.starts = [authors.len(), authors.len() + tags.len()].map(|s| s as u32);
        self.indexes = [authors, tags, categories].concat().into();
    }
}

/// A way of grouping posts by the names their front matter gives, each name with a page
/// of its posts and an index of all names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Taxonomy {
    /// `tags`: the index is always made (it says when there are none).
    Tags,
    /// `categories`: pages only when a post has one.
    Categories,
}

impl Taxonomy {
    /// Every taxonomy.
    pub const ALL: [Taxonomy; 2] = [Taxonomy::Tags, Taxonomy::Categories];

    /// `tags`, `categories`: what its index's template calls the list of its terms.
    pub fn plural(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Categories => "categories",
        }
    }

    /// `tag`, `category`: one of its terms, in messages and in its page's template.
    pub fn singular(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tag",
            Taxonomy::Categories => "category",
        }
    }

    /// Its index: `/tags/`, `/categories/`.
    pub fn root(self) -> &'static str {
        match self {
            Taxonomy::Tags => "/tags/",
            Taxonomy::Categories => "/categories/",
        }
    }

    /// The names a post gives, as spelled.
    pub fn names(self, post: &Post) -> &[String] {
        match self {
            Taxonomy::Tags => &post.tags,
            Taxonomy::Categories => &post.categories,
        }
    }
}

/// A term of a taxonomy (a tag, a category) and its posts.
#[derive(Debug, Clone)]
pub struct TermGroup {
    /// The term as spelled (the most common spelling when posts differ in case).
    pub name: String,
    /// Its page: `/tags/<segment>/`, `/categories/<segment>/`.
    pub path: String,
    /// Indexes into [`Site::posts`], newest first.
    pub posts: Vec<usize>,
}

/// An author and their posts.
#[derive(Debug, Clone)]
pub struct AuthorGroup {
    /// The id: the author file's name, else a slug of the name.
    pub id: String,
    /// The display name.
    pub name: String,
    /// What the author file says, when there is one.
    pub info: Option<AuthorInfo>,
    /// The author's page: `/authors/<id>/`.
    pub path: String,
    /// Indexes into [`Site::posts`], newest first.
    pub posts: Vec<usize>,
}

/// A year and its posts.
#[derive(Debug, Clone)]
pub struct YearGroup {
    /// The year.
    pub year: i16,
    /// `/blog/year/<year>/`.
    pub path: String,
    /// Indexes into [`Site::posts`], newest first.
    pub posts: Vec<usize>,
}

/// A legacy URL that must send readers to a post.
#[derive(Debug, Clone)]
pub struct Redirect {
    /// The path as written: `/2023/08/x.html`; [`Redirect::file`] is where it is
    /// written.
    pub from: String,
    /// Index into [`Site::posts`].
    pub to: usize,
    /// Line where it was written, in the post's file.
    pub line: usize,
    /// Column where it was written.
    pub column: usize,
}

impl Redirect {
    /// The file it is written to, relative to the output: `2023/08/x.html`. Made when
    /// asked, not kept (100,000 posts' legacy URLs would hold 8 MB of them): the site
    /// keeps only redirects whose path makes a file, so it is never empty.
    pub fn file(&self) -> String {
        url::output_file(&self.from).unwrap_or_default()
    }
}

/// Posts left out of the build, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldBack {
    /// Unpublished posts.
    pub drafts: usize,
    /// Posts dated in the future.
    pub future: usize,
    /// Posts past their expiry date (Hugo's `expiryDate`).
    pub expired: usize,
}

/// Everything the renderer needs to know about the site.
#[derive(Debug)]
pub struct Site {
    /// Settings.
    pub config: Config,
    /// Published posts, newest first (ties: by slug, then path).
    pub posts: Vec<SitePost>,
    /// Tags, sorted by name, case-insensitively.
    pub tags: Vec<TermGroup>,
    /// Categories, sorted likewise.
    pub categories: Vec<TermGroup>,
    /// Authors, sorted by name, case-insensitively.
    pub authors: Vec<AuthorGroup>,
    /// Years, newest first.
    pub years: Vec<YearGroup>,
    /// Redirects, sorted by path.
    pub redirects: Vec<Redirect>,
    /// What was left out.
    pub held_back: HeldBack,
    /// The posts left out, for `check` to tell a link to one from a broken link.
    pub held: Vec<HeldPost>,
    /// A preview build: see [`Selection::preview`].
    pub preview: bool,
    /// `bulletin.lock`: the URL and guid of each post as first published.
    pub lock: crate::lock::Lock,
    /// What each post announces (parallel to `posts`).
    pub releases: Vec<releases::PostReleases>,
    /// The series of releases, by product and series.
    pub series: Vec<releases::SeriesGroup>,
    /// The kinds of release (`security`) that posts name, each with its page and feeds.
    pub kinds: Vec<releases::KindGroup>,
    /// When the build started: a post dated after it is shown as scheduled.
    pub now: Timestamp,
}

/// A post left out of the build.
#[derive(Debug, Clone)]
pub struct HeldPost {
    /// Its file, as shown.
    pub file: std::path::PathBuf,
    /// The path it will have once published.
    pub path: String,
    /// Unpublished (else: dated after now).
    pub draft: bool,
}

impl Site {
    /// Builds the model. Errors (a legacy URL that leaves the site, say) are pushed to
    /// `diags`; the site is still returned so that later stages can report theirs.
    pub fn new(
        config: Config,
        posts: Vec<Post>,
        author_files: Vec<AuthorFile>,
        selection: Selection,
        now: Timestamp,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut held_back = HeldBack::default();
        let mut held = Vec::new();
        let mut kept: Vec<SitePost> = Vec::with_capacity(posts.len());
        for post in posts {
            if post.expires().is_some_and(|e| e.timestamp() <= now) {
                held_back.expired += 1;
                continue;
            }
            let draft = !post.published && !selection.drafts;
            if draft || post.date.timestamp() > now && !selection.future {
                if draft {
                    held_back.drafts += 1;
                } else {
                    held_back.future += 1;
                }
                held.push(HeldPost {
                    file: post.file.to_path_buf(),
                    path: post_path(&config, &post),
                    draft,
                });
                continue;
            }
            kept.push(SitePost {
                path: post_path(&config, &post).into(),
                post,
                indexes: Box::default(),
                starts: [0; 2],
            });
        }
        kept.sort_by_cached_key(|sp| {
            (
                std::cmp::Reverse(sp.post.date.timestamp()),
                sp.post.slug().to_string(),
                sp.path.clone(),
            )
        });

        let (authors, by_author) =
            group_authors(&kept, author_files, config.default_author.as_deref());
        let (tags, by_tag) = group_terms(&kept, Taxonomy::Tags);
        let (categories, by_category) = group_terms(&kept, Taxonomy::Categories);
        for (i, sp) in kept.iter_mut().enumerate() {
            sp.set_indexes(&by_author[i], &by_tag[i], &by_category[i]);
        }
        let years = group_years(&kept);
        let redirects = collect_redirects(&kept, diags);
        let grouped = releases::group(&kept, config.releases.as_ref(), diags);
        Site {
            config,
            posts: kept,
            tags,
            categories,
            authors,
            years,
            redirects,
            held_back,
            held,
            preview: selection.preview,
            lock: crate::lock::Lock::default(),
            releases: grouped.posts,
            series: grouped.series,
            kinds: grouped.kinds,
            now,
        }
    }

    /// The terms of `taxonomy`.
    pub fn terms(&self, taxonomy: Taxonomy) -> &[TermGroup] {
        match taxonomy {
            Taxonomy::Tags => &self.tags,
            Taxonomy::Categories => &self.categories,
        }
    }

    /// The taxonomies that have pages: tags always, categories when a post has one.
    pub fn taxonomies(&self) -> impl Iterator<Item = Taxonomy> + '_ {
        Taxonomy::ALL
            .into_iter()
            .filter(|&t| t == Taxonomy::Tags || !self.terms(t).is_empty())
    }
}

/// Where a post is published: its own URL from front matter, else the permalink.
pub fn post_path(config: &Config, post: &Post) -> String {
    match &post.path {
        Some(own) => own.value.clone(),
        None => permalink(config, post),
    }
}

/// Fills the permalink pattern of `config` for a post. An empty `{section}` leaves
/// no empty segment behind.
pub fn permalink(config: &Config, post: &Post) -> String {
    let path_date = match config.permalink_date {
        crate::config::PermalinkDate::Path => post
            .source
            .name_date
            .as_deref()
            .and_then(|d| crate::content::date::PostDate::parse(d).ok()),
        crate::config::PermalinkDate::Post => None,
    };
    let d = path_date.unwrap_or(post.date).civil.date();
    let section = &*post.source.section;
    let mut pattern = std::borrow::Cow::Borrowed(config.permalink.as_str());
    if section.is_empty() {
        pattern = pattern
            .replace("/{section}/", "/")
            .replace("{section}/", "")
            .replace("/{section}", "")
            .into();
    }
    pattern
        .replace("{year}", &format!("{:04}", d.year()))
        .replace("{month}", &format!("{:02}", d.month()))
        .replace("{day}", &format!("{:02}", d.day()))
        .replace("{section}", section)
        .replace("{slug}", post.slug())
}

/// The authors (those of the author files, then those the posts name), and each post's
/// authors as indexes into them.
fn group_authors(
    posts: &[SitePost],
    files: Vec<AuthorFile>,
    default: Option<&str>,
) -> (Vec<AuthorGroup>, Vec<Vec<usize>>) {
    let mut groups: Vec<AuthorGroup> = files
        .into_iter()
        .map(|f| AuthorGroup {
            path: format!("/authors/{}/", f.id),
            id: f.id,
            name: f.info.name.clone(),
            info: Some(f.info),
            posts: Vec::new(),
        })
        .collect();
    // Look-ups by id, by name, and by name ignoring case.
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        by_key.entry(g.name.to_lowercase()).or_insert(i);
    }
    for (i, g) in groups.iter().enumerate() {
        by_key.insert(g.id.clone(), i);
        by_key.insert(g.name.clone(), i);
    }
    // The first group of each id, and the last post each group was given (a post that
    // names an author twice is listed once): looked up, never searched.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        by_id.entry(g.id.clone()).or_insert(i);
    }
    let mut last_post: Vec<Option<usize>> = vec![None; groups.len()];
    let mut per_post = Vec::with_capacity(posts.len());
    for (pi, sp) in posts.iter().enumerate() {
        let names: Vec<String> = if sp.post.authors.is_empty() {
            default.map(|d| vec![d.to_string()]).unwrap_or_default()
        } else {
            sp.post.authors.to_vec()
        };
        let mut ids = Vec::new();
        for name in names {
            let found = by_key
                .get(&name)
                .or_else(|| by_key.get(&name.to_lowercase()))
                .copied();
            let gi = found.unwrap_or_else(|| {
                let id = url::slugify(&name);
                *by_id.entry(id.clone()).or_insert_with(|| {
                    groups.push(AuthorGroup {
                        path: format!("/authors/{id}/"),
                        id,
                        name: name.clone(),
                        info: None,
                        posts: Vec::new(),
                    });
                    last_post.push(None);
                    groups.len() - 1
                })
            });
            by_key.insert(name, gi);
            if last_post[gi] != Some(pi) {
                last_post[gi] = Some(pi);
                ids.push(gi);
                groups[gi].posts.push(pi);
            }
        }
        per_post.push(ids);
    }
    // Sort by name and renumber the posts' references.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_cached_key(|&i| (groups[i].name.to_lowercase(), groups[i].id.clone()));
    let mut new_index = vec![0; groups.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for a in per_post.iter_mut().flatten() {
        *a = new_index[*a];
    }
    let mut slots: Vec<Option<AuthorGroup>> = groups.into_iter().map(Some).collect();
    let groups = order.iter().filter_map(|&i| slots[i].take()).collect();
    (groups, per_post)
}

/// Groups the posts by their terms of `taxonomy`, and gives each post's terms as
/// indexes into the groups.
fn group_terms(posts: &[SitePost], taxonomy: Taxonomy) -> (Vec<TermGroup>, Vec<Vec<usize>>) {
    // Spellings that differ only in case or in how accents are encoded are one term
    // (they would be one folder on macOS and Windows); it is shown as its most common
    // spelling.
    let mut groups: BTreeMap<String, (BTreeMap<String, usize>, Vec<usize>)> = BTreeMap::new();
    for (pi, sp) in posts.iter().enumerate() {
        for name in taxonomy.names(&sp.post) {
            let entry = groups.entry(url::folded(name)).or_default();
            *entry.0.entry(name.clone()).or_default() += 1;
            if entry.1.last() != Some(&pi) {
                entry.1.push(pi);
            }
        }
    }
    let mut terms = Vec::with_capacity(groups.len());
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    // Segments compare as macOS and Windows compare names (one folder there).
    let mut segments = UniqueNames::new(2, url::folded);
    for (key, (spellings, post_ids)) in groups {
        let name = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        // Terms that differ only in characters a URL cannot hold (`C` and `C?`) would
        // share a page: the later one (in sorted order) gets a number.
        let segment = segments.unique(&url::term_segment(&name, taxonomy.singular()));
        index.insert(key, terms.len());
        terms.push(TermGroup {
            path: format!("{}{segment}/", taxonomy.root()),
            name,
            posts: post_ids,
        });
    }
    // The last post each term was given: spellings of one term on one post count once.
    let mut last_post: Vec<Option<usize>> = vec![None; terms.len()];
    let mut per_post = Vec::with_capacity(posts.len());
    for (pi, sp) in posts.iter().enumerate() {
        let mut ids: Vec<usize> = Vec::new();
        for t in taxonomy.names(&sp.post) {
            if let Some(&i) = index.get(url::fold(t).as_ref())
                && last_post[i] != Some(pi)
            {
                last_post[i] = Some(pi);
                ids.push(i);
            }
        }
        per_post.push(ids);
    }
    (terms, per_post)
}

fn group_years(posts: &[SitePost]) -> Vec<YearGroup> {
    let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    for (i, sp) in posts.iter().enumerate() {
        years.entry(sp.post.date.civil.year()).or_default().push(i);
    }
    years
        .into_iter()
        .rev()
        .map(|(year, posts)| YearGroup {
            year,
            path: format!("/blog/year/{year}/"),
            posts,
        })
        .collect()
}

fn collect_redirects(posts: &[SitePost], diags: &mut Vec<Diagnostic>) -> Vec<Redirect> {
    let mut out = Vec::new();
    for (i, sp) in posts.iter().enumerate() {
        for r in &sp.post.redirects {
            match url::output_file(r.value.trim()) {
                Ok(_) => out.push(Redirect {
                    from: r.value.trim().to_string(),
                    to: i,
                    line: r.line,
                    column: r.column,
                }),
                Err(why) => diags.push(
                    Diagnostic::error(format!(
                        "legacy URL '{}' cannot be used: {why}",
                        shown_url(&r.value)
                    ))
                    .code("legacy-url")
                    .in_file(&sp.post.file)
                    .at(r.line, r.column)
                    .help("write the old URL's path on this site, like /2023/08/old-post.html"),
                ),
            }
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from).then(a.to.cmp(&b.to)));
    // The same legacy URL twice for the same post is harmless: keep one.
    out.dedup_by(|a, b| a.to == b.to && (a.from == b.from || a.file() == b.file()));
    out.shrink_to_fit();
    out
}

/// A URL as a message shows it: cut to 200 characters, with "…".
fn shown_url(url: &str) -> std::borrow::Cow<'_, str> {
    match url.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &url[..cut]).into(),
        None => url.into(),
    }
}
