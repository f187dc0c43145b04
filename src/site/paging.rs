//! Listings split into numbered pages: `/blog/` by `posts_per_page`, and the page of a
//! year, tag, category, author or kind of release by `posts_per_list_page`, so that no
//! page (and no render of one) grows with the whole site.
//!
//! Page 1 is the listing's own path; page `n` after it is `<path><n>/`
//! (`/tags/release/2/`), as `/blog/2/` is.

/// How many pages a listing of `count` posts has, `per` to a page: at least one, so
/// that an empty listing still has its page.
pub fn pages(count: usize, per: usize) -> usize {
    count.div_ceil(per.max(1)).max(1)
}

/// The path of page `n` (from 1) of the listing at `path` (which ends in `/`).
pub fn page_path(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}{n}/")
    }
}

/// The posts on page `n` (from 1) of a listing of `posts`, `per` to a page; empty past
/// the last page.
pub fn page_of<T>(posts: &[T], n: usize, per: usize) -> &[T] {
    let per = per.max(1);
    let start = n.saturating_sub(1).saturating_mul(per).min(posts.len());
    &posts[start..start.saturating_add(per).min(posts.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_listing_has_one_page() {
        assert_eq!(pages(0, 20), 1);
        assert_eq!(pages(20, 20), 1);
        assert_eq!(pages(21, 20), 2);
        assert_eq!(pages(50_911, 250), 204);
    }

    #[test]
    fn the_first_page_is_the_listing_itself() {
        assert_eq!(page_path("/tags/release/", 1), "/tags/release/");
        assert_eq!(page_path("/tags/release/", 0), "/tags/release/");
        assert_eq!(page_path("/tags/release/", 3), "/tags/release/3/");
    }

    #[test]
    fn pages_split_the_posts_in_order() {
        let posts: Vec<usize> = (0..5).collect();
        assert_eq!(page_of(&posts, 1, 2), &[0, 1]);
        assert_eq!(page_of(&posts, 3, 2), &[4]);
        assert!(page_of(&posts, 4, 2).is_empty());
        assert_eq!(page_of(&posts, 0, 2), &[0, 1]);
        assert!(page_of(&posts, usize::MAX, 2).is_empty());
    }
}
