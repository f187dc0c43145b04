//! The same input gives the same bytes, wherever it is built, and the output says
//! nothing about the machine it was built on.

use crate::common::{Site, files, post, run_in};

fn rich_site() -> Site {
    let site = Site::new();
    site.file(
        "content/authors/mira.json",
        r#"{"name": "Mira", "featured": true}"#,
    )
    .file("content/authors/tomas.yaml", "name: Tomas\n")
    .file(
        "content/posts/a/index.md",
        post(
            "A",
            "2024-01-01T10:00:00+02:00",
            "author: mira\ntags: [Zeta, alpha, Beta]\nlegacyUrl: /old/a.html",
            "# Heading\n\n## Heading\n\n![p](pic.png) [b](../b/)\n",
        ),
    )
    .file("content/posts/a/pic.png", "png")
    .file(
        "content/posts/b.md",
        post(
            "B",
            "2024-01-01T10:00:00+02:00",
            "authors: [tomas, mira]\ntags: [beta, alpha]",
            "Same instant as A.\n",
        ),
    )
    .file(
        "content/posts/c.md",
        post(
            "C",
            "2024-01-01T09:00:00+01:00",
            "tags: [Beta]\naliases: [/c/, /cc.html]",
            "Also the same instant.\n",
        ),
    )
    .file(
        "content/posts/2023-05-05-d.md",
        post("D", "", "author: Someone Else", "Old.\n"),
    )
    .file("static/extra.txt", "static");
    site
}

#[test]
fn two_builds_into_different_folders_are_byte_identical() {
    let site = rich_site();
    let parent = site.parent().to_str().unwrap().to_string();
    site.build_with(&["-o", &format!("{parent}/one")]).clean();
    site.build_with(&[
        "-o",
        &format!("{parent}/two"),
        "-s",
        site.root().to_str().unwrap(),
    ])
    .clean();
    let one = files(&site.parent().join("one"));
    let two = files(&site.parent().join("two"));
    assert!(one.len() > 25, "{:?}", one.keys());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one {
        assert!(two[name] == *bytes, "{name} differs between builds");
    }
}

#[test]
fn a_copy_of_the_site_elsewhere_builds_the_same_bytes() {
    let a = rich_site();
    let b = rich_site();
    a.build().clean();
    run_in(
        b.parent(),
        &[
            "build",
            "--source",
            b.root().to_str().unwrap(),
            "--output",
            "elsewhere",
        ],
    )
    .clean();
    let one = a.files("public");
    let two = files(&b.parent().join("elsewhere"));
    assert_eq!(one, two);
}

#[test]
fn no_absolute_path_of_the_source_appears_in_the_output() {
    let site = rich_site();
    let root = site.root().to_str().unwrap().to_string();
    let canonical = site
        .root()
        .canonicalize()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let tmp = site
        .parent()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    site.build_with(&["-s", &root, "-o", &format!("{root}/public")])
        .clean();
    let output = site.files("public");
    assert!(!output.is_empty());
    for (name, bytes) in output {
        let text = String::from_utf8_lossy(&bytes);
        for needle in [&root, &canonical, &tmp] {
            assert!(!text.contains(needle.as_str()), "{name} contains {needle}");
        }
    }
}
