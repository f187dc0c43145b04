//! The files the new site writes besides its posts' pages (listings, year, tag,
//! category and author pages, feeds, the search page…), found by planning the new site
//! with Bulletin's own [`crate::render::plan`]: an old URL that would land on one of
//! them cannot be a legacy URL or a post's page.

use std::collections::{BTreeMap, HashSet};

use super::model::{PlannedPost, new_post};
use crate::config::Config;
use crate::render::Job;
use crate::site::{Selection, Site};

/// Output files (in lower case, as case-insensitive hosts compare them) of the new
/// site, each post at its path in `paths`, other than posts' own files.
pub(super) fn fixed_outputs(
    planned: &[PlannedPost],
    config: &Config,
    paths: &[String],
) -> HashSet<String> {
    let posts = (planned.iter().zip(paths))
        .map(|(p, path)| {
            let mut post = new_post(p, Some(path.clone()));
            post.tags = p.post.tags.clone();
            post.categories = p.post.categories.clone();
            post.authors = p.post.authors.clone();
            post
        })
        .collect();
    let selection = Selection {
        drafts: true,
        future: true,
        preview: false,
    };
    let mut scratch = Vec::new();
    let site = Site::new(
        config.clone(),
        posts,
        Vec::new(),
        selection,
        jiff::Timestamp::now(),
        &mut scratch,
    );
    let jobs = crate::render::plan(&site, &BTreeMap::new(), &mut scratch);
    (jobs.into_iter())
        .filter(|(_, job)| !matches!(job, Job::Post(_) | Job::Asset(..) | Job::Card(_)))
        .map(|(file, _)| file.to_lowercase())
        .collect()
}
