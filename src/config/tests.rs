//! Tests of reading `bulletin.yaml`.

use super::*;

#[test]
fn an_unknown_key_names_the_one_it_probably_is() {
    let top = "unknown field `baseurl`, expected one of `title`, `base_url`, `check`";
    assert_eq!(
        unknown_key(top),
        Some((
            "unknown key `baseurl`; did you mean `base_url`?".to_string(),
            "known keys here: title, base_url, check".to_string()
        ))
    );
    let nested = "unknown field `ignor`, expected `ignore` or `elsewhere`";
    assert_eq!(
        unknown_key(nested).unwrap().0,
        "unknown key `ignor`; did you mean `ignore`?"
    );
    assert_eq!(
        unknown_key("unknown field `zzz`, expected `ignore` or `elsewhere`"),
        Some((
            "unknown key `zzz`".to_string(),
            "known keys here: ignore, elsewhere".to_string()
        ))
    );
    assert_eq!(unknown_key("invalid type: string"), None);
}

#[test]
fn defaults() {
    let c = Config::resolve(RawConfig::default(), &Overrides::default()).unwrap();
    assert_eq!(c.posts_per_page, 20);
    assert_eq!(c.posts_per_list_page, 250);
    assert_eq!(c.feed_limit, 50);
    assert_eq!(c.permalink, "/{year}/{month}/{slug}/");
}

#[test]
fn unknown_keys_are_errors() {
    let e = front_matter::from_yaml::<RawConfig>("titel: x\n").unwrap_err();
    assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
    assert_eq!(e.line, Some(1));
}

#[test]
fn override_wins_and_values_are_checked() {
    let raw: RawConfig = front_matter::from_yaml("base_url: https://a.example/\n").unwrap();
    let o = Overrides {
        base_url: Some("https://b.example/x/".into()),
    };
    assert_eq!(
        Config::resolve(raw, &o).unwrap().base_url.full(),
        "https://b.example/x/"
    );
    let raw: RawConfig = front_matter::from_yaml("permalink: /{year}/{title}/\n").unwrap();
    assert!(Config::resolve(raw, &Overrides::default()).is_err());
    let raw: RawConfig = front_matter::from_yaml("posts_per_page: 0\n").unwrap();
    assert!(Config::resolve(raw, &Overrides::default()).is_err());
}

#[test]
fn posts_folders_slug_style_and_permalink_forms() {
    let ok = |yaml: &str| {
        let raw: RawConfig = front_matter::from_yaml(yaml).unwrap();
        Config::resolve(raw, &Overrides::default())
    };
    let c =
        ok("posts: [_posts, blog/posts/]\nslug_style: slugify\npermalink_date: path\n").unwrap();
    assert_eq!(c.posts, ["_posts", "blog/posts/"]);
    assert_eq!(c.slug_style, SlugStyle::Slugify);
    assert_eq!(c.permalink_date, PermalinkDate::Path);
    let c = ok("").unwrap();
    assert_eq!(c.posts, [DEFAULT_POSTS]);
    assert_eq!(c.slug_style, SlugStyle::Keep);
    for p in [
        "/blog/{year}/{month}/{day}/{slug}",
        "/blog/{year}-{month}-{day}-{slug}.html",
        "/news/{section}/{slug}/",
    ] {
        assert!(ok(&format!("permalink: '{p}'\n")).is_ok(), "{p}");
    }
    for (yaml, key) in [
        ("posts: [/etc]\n", "posts"),
        ("posts: [../other]\n", "posts"),
        ("posts: [static/posts]\n", "posts"),
        ("posts: [blog, blog/old]\n", "posts"),
        ("posts: [.git]\n", "posts"),
        ("posts: []\n", "posts"),
        ("permalink: '/{slug}?x'\n", "permalink"),
        ("permalink: '/../{slug}/'\n", "permalink"),
        ("permalink: '{slug}/'\n", "permalink"),
    ] {
        assert_eq!(ok(yaml).unwrap_err().0, key, "{yaml}");
    }
    assert!(front_matter::from_yaml::<RawConfig>("slug_style: kebab\n").is_err());
}

#[test]
fn from_text_locates_errors_in_the_file() {
    let file = Path::new("site/bulletin.yaml");
    let c = Config::from_text("", file, &Overrides::default()).unwrap();
    assert_eq!(c.title, "Bulletin");
    let d = Config::from_text("title: T\nposts_per_page: 0\n", file, &Overrides::default())
        .unwrap_err();
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "site/bulletin.yaml:2:17: error[config]: `posts_per_page` must be at least 1"
    );
    let d = Config::from_text("posts_per_list_page: 0\n", file, &Overrides::default()).unwrap_err();
    assert_eq!(
        d.to_string().lines().next().unwrap(),
        "site/bulletin.yaml:1:22: error[config]: `posts_per_list_page` must be at least 1"
    );
    let bad = Overrides {
        base_url: Some("ftp://x".into()),
    };
    let d = Config::from_text("", file, &bad).unwrap_err();
    assert!(d.message.starts_with("--base-url: "), "{d}");
    // Found by fuzz/config: an error at the end of a file without a final line
    // break was put on a line after the last.
    let d = Config::from_text("title: ' s'\n/", file, &Overrides::default()).unwrap_err();
    assert_eq!((d.line, d.column), (Some(2), Some(2)), "{d}");
}
