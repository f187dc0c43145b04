//! Where the text of a card goes: the site name, the title (as large as fits, wrapped,
//! balanced, cut with "…" when it still does not fit), the author and date, and the tag
//! pills of a post's card; the name and description of the site's card.

use std::fmt::Write as _;

use super::logo::TILE;
use super::metrics::Metrics;
use super::shape::{Face, Line, Span};
use super::svg::{Scene, Style};
use super::{
    BAR_H, CAP_HEIGHT, CONTENT_W, CardRenderer, CardText, H, LOGO_Y, MARGIN_X, MAX_TAGS,
    META_BASELINE, META_SIZE, MUTED, NAVY, SITE_BASELINE, SITE_SIZE, TAG_GAP, TAG_H, TAG_MAX_W,
    TAG_PAD_X, TAG_SIZE, TITLE_BOTTOM, TITLE_LINE_HEIGHT, TITLE_MAX_LINES, TITLE_SIZES, TITLE_TOP,
    TITLE_TRACKING, W, WHITE, YELLOW,
};

impl CardRenderer {
    /// What a post's card draws over the background.
    pub(super) fn post_scene(&self, text: &CardText<'_>) -> Scene {
        let mut scene = Scene::default();

        // The site name, small, at the top, after the logo (on the background) or a
        // short yellow dash.
        let site = self.bold.drawable(text.site);
        let site_x = if self.logo {
            MARGIN_X + TILE + 20.0
        } else {
            MARGIN_X + 56.0
        };
        if !site.is_empty() {
            let (site, _) = self
                .bold
                .fit(&site, SITE_SIZE, 0.0, MARGIN_X + CONTENT_W - site_x);
            if !self.logo {
                let _ = write!(
                    scene.shapes,
                    r#"<rect x="{MARGIN_X}" y="{y:.1}" width="40" height="6" rx="3" fill="{YELLOW}"/>"#,
                    y = SITE_BASELINE - SITE_SIZE * CAP_HEIGHT / 2.0 - 3.0,
                );
            }
            let style = Style::bold(SITE_SIZE, WHITE);
            scene.line(site_x, SITE_BASELINE, style, &site);
        }

        // The title, as large as fits, centred in its band.
        let (size, lines) = self.layout_title(&self.bold.drawable(text.title));
        let line_h = size * TITLE_LINE_HEIGHT;
        let block_h = lines.len().saturating_sub(1) as f32 * line_h + size * CAP_HEIGHT;
        let mut baseline = (TITLE_TOP + TITLE_BOTTOM) / 2.0 - block_h / 2.0 + size * CAP_HEIGHT;
        for line in &lines {
            scene.line(MARGIN_X, baseline, Style::title(size), line);
            baseline += line_h;
        }

        // Tags, right-aligned on the bottom line: as many of the first three as leave
        // the author and date room.
        let author = self.bold.drawable(text.author);
        let date = self.regular.drawable(text.date);
        let sep = if author.is_empty() || date.is_empty() {
            ""
        } else {
            "  ·  "
        };
        let author_w = self.bold.width(&author, META_SIZE, 0.0);
        let rest = format!("{sep}{date}");
        let meta_w = author_w + self.regular.width(&rest, META_SIZE, 0.0);
        let mut pills: Vec<(String, f32)> = Vec::new();
        let mut pills_w = 0.0;
        for tag in text
            .tags
            .iter()
            .map(|t| self.bold.drawable(t))
            .filter(|t| !t.is_empty())
        {
            if pills.len() == MAX_TAGS {
                break;
            }
            let (label, label_w) = self
                .bold
                .fit(&tag, TAG_SIZE, 0.0, TAG_MAX_W - 2.0 * TAG_PAD_X);
            let pill_w = label_w + 2.0 * TAG_PAD_X;
            let gap = if pills.is_empty() { 0.0 } else { TAG_GAP };
            let room = if meta_w > 0.0 {
                CONTENT_W - meta_w - 40.0
            } else {
                CONTENT_W
            };
            if pills_w + gap + pill_w > room {
                break;
            }
            pills_w += gap + pill_w;
            pills.push((label, pill_w));
        }
        let pill_y = META_BASELINE - META_SIZE * CAP_HEIGHT / 2.0 - TAG_H / 2.0;
        let mut x = W - MARGIN_X - pills_w;
        for (label, pill_w) in &pills {
            let _ = write!(
                scene.shapes,
                r#"<rect x="{x:.1}" y="{pill_y:.1}" width="{pill_w:.1}" height="{TAG_H}" rx="{r}" fill="{NAVY}" fill-opacity="0.45" stroke="{YELLOW}" stroke-width="2"/>"#,
                r = TAG_H / 2.0,
            );
            let baseline = pill_y + TAG_H / 2.0 + TAG_SIZE * CAP_HEIGHT / 2.0;
            let style = Style::bold(TAG_SIZE, YELLOW);
            scene.line(x + TAG_PAD_X, baseline, style, label);
            x += pill_w + TAG_GAP;
        }

        // Author and date, bottom left, cut to the room the tags leave.
        if meta_w > 0.0 {
            let room = if pills.is_empty() {
                CONTENT_W
            } else {
                CONTENT_W - pills_w - 40.0
            };
            let (author, author_w) = self.bold.fit(&author, META_SIZE, 0.0, room);
            let (rest, _) = self.regular.fit(&rest, META_SIZE, 0.0, room - author_w);
            // One line in two faces, its spaces kept around the "·".
            scene.lines.push(Line {
                x: MARGIN_X,
                baseline: META_BASELINE,
                size: META_SIZE,
                tracking: 0.0,
                spans: vec![
                    Span {
                        face: Face::Bold,
                        fill: WHITE,
                        text: author,
                    },
                    Span {
                        face: Face::Regular,
                        fill: MUTED,
                        text: rest,
                    },
                ],
            });
        }
        scene
    }

    /// What the site's card draws over the background: the site name large, the
    /// description under it.
    pub(super) fn site_scene(&self, site: &str, description: &str) -> Scene {
        let mut scene = Scene::default();
        let site = self.bold.drawable(site);
        let description = self.regular.drawable(description);

        let (size, name_lines) = self.fit_block(&self.bold, &site, &[88.0, 76.0, 64.0, 56.0], 2);
        let name_line_h = size * 1.12;
        let desc_size = 34.0;
        let desc_line_h = desc_size * 1.4;
        let desc_lines = if description.is_empty() {
            Vec::new()
        } else {
            self.regular
                .wrap(&description, desc_size, 0.0, CONTENT_W, 3)
                .0
        };
        let bar_gap = 36.0;
        let desc_gap = 40.0;
        // The block, top to bottom: the name, a yellow dash, the description.
        let name_h = name_lines.len().saturating_sub(1) as f32 * name_line_h + size * CAP_HEIGHT;
        let desc_h = if desc_lines.is_empty() {
            0.0
        } else {
            desc_gap + (desc_lines.len() - 1) as f32 * desc_line_h + desc_size * CAP_HEIGHT
        };
        let block_h = name_h + bar_gap + 8.0 + desc_h;
        // Centred, and below the logo when there is one.
        let top = ((H - BAR_H) / 2.0 - block_h / 2.0).max(if self.logo {
            LOGO_Y + TILE + 48.0
        } else {
            0.0
        });
        let mut baseline = top + size * CAP_HEIGHT;
        for line in &name_lines {
            scene.line(MARGIN_X, baseline, Style::title(size), line);
            baseline += name_line_h;
        }
        let bar_y = top + name_h + bar_gap;
        let _ = write!(
            scene.shapes,
            r#"<rect x="{MARGIN_X}" y="{bar_y:.1}" width="96" height="8" rx="4" fill="{YELLOW}"/>"#
        );
        let mut baseline = bar_y + 8.0 + desc_gap + desc_size * CAP_HEIGHT;
        for line in &desc_lines {
            let style = Style {
                size: desc_size,
                weight: 400,
                fill: MUTED,
                tracking: 0.0,
            };
            scene.line(MARGIN_X, baseline, style, line);
            baseline += desc_line_h;
        }
        scene
    }

    /// The title's size and lines: the largest size at which it fits without cutting,
    /// else the smallest, cut with "…".
    fn layout_title(&self, title: &str) -> (f32, Vec<String>) {
        self.fit_block(&self.bold, title, &TITLE_SIZES, TITLE_MAX_LINES)
    }

    /// Wraps `text` at the first of `sizes` (largest first) at which it fits in
    /// `max_lines` lines of the title band without cutting or breaking a word.
    fn fit_block(
        &self,
        font: &Metrics,
        text: &str,
        sizes: &[f32],
        max_lines: usize,
    ) -> (f32, Vec<String>) {
        let band = TITLE_BOTTOM - TITLE_TOP;
        let mut last = (0.0, Vec::new());
        for &size in sizes {
            let tracking = TITLE_TRACKING * size;
            let fit_lines = ((band - size * CAP_HEIGHT) / (size * TITLE_LINE_HEIGHT)) as usize + 1;
            let lines = max_lines.min(fit_lines).max(1);
            let (wrapped, clean_fit) = font.wrap(text, size, tracking, CONTENT_W, lines);
            if clean_fit {
                return (size, font.balance(text, size, tracking, wrapped));
            }
            last = (size, wrapped);
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use resvg::usvg;

    use super::super::testing::*;
    use super::*;

    #[test]
    fn text_is_escaped() {
        let text = CardText {
            title: r#"Use <script> & "quotes" in 'titles'"#,
            author: "A & B <c>",
            date: "\"today\"",
            site: "Site <&>",
            tags: &["c<d", "e&f", "\"g\""],
            logo: "",
        };
        let scene = renderer().post_scene(&text);
        // The shapes are the design's alone; the text is in the lines, as given.
        for given in ["script", "A & B", "c<d", "e&f", "Site"] {
            assert!(!scene.shapes.contains(given), "{}", scene.shapes);
        }
        let lines: Vec<String> = (scene.lines.iter())
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert!(lines.contains(&"Site <&>".to_string()), "{lines:?}");
        // The scene's SVG, the picture's reference in tests, escapes it.
        let svg = scene.svg();
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.contains("&quot;quotes&quot;"), "{svg}");
        assert!(svg.contains("Use &lt;script&gt; &amp;"), "{svg}");
        assert!(svg.contains("&#39;titles&#39;"), "{svg}");
        assert!(svg.contains("A &amp; B &lt;c&gt;"), "{svg}");
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<c>"));
        assert!(usvg::Tree::from_str(&svg, &usvg::Options::default()).is_ok());
        let png = renderer().render(&text).unwrap();
        assert_eq!(png_size(&png), (1200, 630));
    }

    #[test]
    fn long_titles_shrink_wrap_and_are_cut() {
        let r = renderer();
        let (size, lines) = r.layout_title("Python 3.13.0 is released");
        assert_eq!((size, lines.len()), (TITLE_SIZES[0], 1));

        let medium = "Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available";
        let (size, lines) = r.layout_title(medium);
        assert!(
            size < TITLE_SIZES[0] && lines.len() <= TITLE_MAX_LINES,
            "{size} {lines:?}"
        );
        assert_eq!(lines.join(" "), medium, "fits without cutting");

        let long = "word ".repeat(200);
        let (size, lines) = r.layout_title(&long);
        assert_eq!(size, *TITLE_SIZES.last().unwrap());
        assert_eq!(lines.len(), TITLE_MAX_LINES);
        assert!(lines.last().unwrap().ends_with('…'));
        for line in &lines {
            assert!(
                r.bold.width(line, size, TITLE_TRACKING * size) <= CONTENT_W,
                "{line}"
            );
        }

        let unbroken = "x".repeat(5000);
        let (_, lines) = r.layout_title(&unbroken);
        assert_eq!(lines.len(), TITLE_MAX_LINES);
        assert!(lines.last().unwrap().ends_with('…'));

        let png = r
            .render(&CardText {
                title: &long,
                author: &unbroken,
                date: &unbroken,
                ..sample()
            })
            .unwrap();
        assert_eq!(png_size(&png), (1200, 630));
    }

    #[test]
    fn wrapped_titles_are_balanced() {
        let (_, lines) = renderer().layout_title("Python 3.8.5 released as a security hotfix. 3.9.0b5, the last beta before 3.9.0, also available");
        let words: Vec<usize> = lines.iter().map(|l| l.split(' ').count()).collect();
        assert!(
            words.iter().all(|&n| n >= 2),
            "no lone word on a line: {lines:?}"
        );
    }
}
