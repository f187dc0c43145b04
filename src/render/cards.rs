//! Social cards in the output: where each card is, and [`SocialCards`], which draws
//! them (or takes them from the cache) for the renderer.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Output;
use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::site::Site;
use crate::social::{CardLogo, CardRenderer};
use crate::templates::StaticFile;

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
    renderer: std::sync::OnceLock<Result<CardRenderer, String>>,
    /// The cache folder; None renders every card every time.
    pub cache: Option<PathBuf>,
    /// The site's logo, drawn on every card.
    logo: Option<CardLogo>,
}

impl SocialCards {
    /// Cards cached in `cache`, if given.
    pub fn new(cache: Option<PathBuf>) -> Self {
        Self {
            renderer: std::sync::OnceLock::new(),
            cache,
            logo: None,
        }
    }

    /// Cards drawn with `logo` from now on (the renderer is made again if it changed).
    pub fn set_logo(&mut self, logo: Option<CardLogo>) {
        if logo.as_ref().map(CardLogo::key) != self.logo.as_ref().map(CardLogo::key) {
            self.logo = logo;
            self.renderer = std::sync::OnceLock::new();
        }
    }

    /// The key of the logo cards are drawn with ([`CardLogo::key`]), "" for none.
    pub fn logo_key(&self) -> &str {
        self.logo.as_ref().map_or("", CardLogo::key)
    }

    fn renderer(&self) -> Result<&CardRenderer, String> {
        self.renderer
            .get_or_init(|| CardRenderer::new(self.logo.as_ref()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The card under `key`: from the cache, or drawn by `draw`.
    pub(super) fn card(
        &self,
        key: &str,
        draw: impl FnOnce(&CardRenderer) -> Result<Vec<u8>, String>,
    ) -> Result<Output, String> {
        match &self.cache {
            Some(dir) => {
                crate::social::cached_card(dir, key, || draw(self.renderer()?)).map(Output::Bytes)
            }
            None => draw(self.renderer()?).map(Output::Bytes),
        }
    }
}

/// The site's logo (`logo` in bulletin.yaml, one of `statics`, read through `fence` as
/// every file of the site is) for its cards: None when it has none, or one in a format
/// cards do not draw.
pub fn card_logo(
    logo: Option<&str>,
    statics: &BTreeMap<String, StaticFile>,
    fence: &Fence,
) -> Result<Option<CardLogo>, Diagnostic> {
    let Some((name, file)) = logo.and_then(|l| statics.get_key_value(l)) else {
        return Ok(None);
    };
    let bytes = match file {
        StaticFile::Embedded(bytes) => bytes.to_vec(),
        StaticFile::Site { path, shown } => {
            (fence.read(path)).map_err(|e| e.diagnostic("read the logo", shown))?
        }
    };
    let Some(logo) = CardLogo::new(name, bytes) else {
        return Ok(None);
    };
    logo.check().map_err(|e| {
        let shown = match file {
            StaticFile::Site { shown, .. } => shown.clone(),
            StaticFile::Embedded(_) => PathBuf::from(name),
        };
        Diagnostic::error(format!("social cards: {e}"))
            .in_file(&shown)
            .help("fix or replace the image, or set `social_cards: false` in bulletin.yaml")
    })?;
    Ok(Some(logo))
}
