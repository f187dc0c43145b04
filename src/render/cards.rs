//! Social cards in the output: where each card is, and [`SocialCards`], which draws
//! them (or takes them from the cache) for the renderer.

use std::path::PathBuf;

use super::Output;
use crate::site::Site;

/// The site's social card, at the root of the output.
pub const SITE_CARD: &str = "social.png";
/// A post's social card, beside its page.
pub const POST_CARD: &str = "social.png";

/// Where the social card of the post at `post_path` is: `social.png` in the post's
/// folder, or beside a page that is a file (`/blog/x.html` → `/blog/x.social.png`).
pub fn card_path(post_path: &str) -> String {
    if post_path.ends_with('/') {
        format!("{post_path}{POST_CARD}")
    } else {
        let stem = post_path.strip_suffix(".html").unwrap_or(post_path);
        format!("{stem}.{POST_CARD}")
    }
}

/// The social card of a post, as an absolute URL, when cards are made.
pub fn card_url(site: &Site, post_path: &str) -> Option<String> {
    (site.config.social_cards).then(|| site.config.base_url.absolute(&card_path(post_path)))
}

/// What social cards are drawn with, and where drawn cards are kept between builds.
#[derive(Debug, Default)]
pub struct SocialCards {
    /// The card renderer, made (fonts parsed) the first time a card must be drawn:
    /// when every card is in the cache, it never is.
    renderer: std::sync::OnceLock<Result<crate::social::CardRenderer, String>>,
    /// The cache folder; None renders every card every time.
    pub cache: Option<PathBuf>,
}

impl SocialCards {
    /// Cards cached in `cache`, if given.
    pub fn new(cache: Option<PathBuf>) -> Self {
        Self {
            renderer: std::sync::OnceLock::new(),
            cache,
        }
    }

    fn renderer(&self) -> Result<&crate::social::CardRenderer, String> {
        self.renderer
            .get_or_init(crate::social::CardRenderer::new)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The card under `key`: from the cache, or drawn by `draw`.
    pub(super) fn card(
        &self,
        key: &str,
        draw: impl FnOnce(&crate::social::CardRenderer) -> Result<Vec<u8>, String>,
    ) -> Result<Output, String> {
        match &self.cache {
            Some(dir) => {
                crate::social::cached_card(dir, key, || draw(self.renderer()?)).map(Output::Bytes)
            }
            None => draw(self.renderer()?).map(Output::Bytes),
        }
    }
}
