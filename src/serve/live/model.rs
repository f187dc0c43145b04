//! The model an update renders: the last one patched when only the text of posts
//! changed, else a new one, which keeps what was rendered of the posts it still has.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::content::post::Post;
use crate::error::Diagnostic;
use crate::render;
use crate::site::Site;

use super::{Live, Model, Rendered};

impl Live {
    /// The model: rebuilt, or patched when only the text of posts changed. In a patched
    /// model only the edited posts and their neighbours can need new pages. None when
    /// the new model has errors: the last good site stays.
    pub(super) fn model(
        &mut self,
        config: Config,
        all: bool,
        rebuild: bool,
        patched: &[PathBuf],
        templates_changed: bool,
    ) -> Option<Model> {
        if !rebuild && let Some(mut b) = self.built.take() {
            let mut candidates = BTreeSet::new();
            // Pages that failed last time are tried again.
            let count = b.site.posts.len();
            for (i, sp) in b.site.posts.iter().enumerate() {
                if b.failed.is_empty() {
                    break;
                }
                let group = crate::search::doc_id(i, count) / crate::search::DOC_GROUP;
                let doc = crate::search::doc_file(group);
                if b.failed.contains(&doc)
                    || crate::url::page_file(&sp.path).is_ok_and(|f| b.failed.contains(&f))
                {
                    candidates.insert(i);
                }
            }
            for rel in patched {
                // Both paths come from the same walk: their bytes compare, which is
                // several times faster than their components (10,000 posts an edit).
                let found = (b.site.posts.iter())
                    .position(|sp| sp.post.source.rel.as_os_str() == rel.as_os_str());
                if let Some(i) = found {
                    b.site.posts[i].post = self.posts[rel].post.clone();
                    candidates.extend(i.saturating_sub(1)..(i + 2).min(b.site.posts.len()));
                }
            }
            return Some(Model {
                site: b.site,
                jobs: b.jobs,
                posts: b.posts,
                fps: b.fps,
                failed: b.failed,
                // New templates can change any page: every one is looked at.
                candidates: (!templates_changed).then(|| candidates.into_iter().collect()),
                statics_changed: false,
                search: b.search,
                fps_pending: b.fps_pending,
            });
        }
        let previous = self.built.take();
        let mut diags = Vec::new();
        let posts: Vec<Post> = self.posts.values().map(|r| r.post.clone()).collect();
        let site = Site::new(
            config,
            posts,
            self.authors.clone(),
            self.opts.selection,
            jiff::Timestamp::now(),
            &mut diags,
        );
        let jobs = render::plan(&site, &self.statics, &mut diags);
        let failed = diags.iter().any(Diagnostic::is_error);
        self.set_problems("site".into(), diags);
        if failed {
            self.built = previous;
            return None;
        }
        let fps_pending = previous.as_ref().is_some_and(|b| b.fps_pending);
        let (mut posts, fps, failed, search) = match previous {
            // The config or the base URL changed: nothing kept can be trusted.
            Some(b) if all => (Vec::new(), b.fps, b.failed, b.search),
            Some(b) => {
                let mut by_file: HashMap<PathBuf, Rendered> = (b.site.posts.into_iter())
                    .zip(b.posts)
                    .map(|(sp, r)| (sp.post.source.rel, r))
                    .collect();
                let kept = (site.posts.iter())
                    .map(|sp| by_file.remove(&sp.post.source.rel).unwrap_or_default())
                    .collect();
                (kept, b.fps, b.failed, b.search)
            }
            None => (Vec::new(), HashMap::new(), BTreeSet::new(), None),
        };
        posts.resize_with(site.posts.len(), Rendered::default);
        Some(Model {
            site,
            jobs,
            posts,
            fps,
            failed,
            candidates: None,
            statics_changed: false,
            search,
            fps_pending,
        })
    }
}
