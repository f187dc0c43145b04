//! Tests of the build as a whole that need its internals.

use std::path::Path;

use super::*;

/// Every file under `dir`, relative to `root`, with its bytes.
fn files(root: &Path, dir: &Path, into: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, into);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            into.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn bodies_left_in_their_files_make_the_same_site() {
    let site = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "bulletin.yaml",
        "title: T\nbase_url: https://example.org/\nsocial_cards: false\n",
    );
    // A body as written, in a bundle and alone; one Bulletin changes (a control
    // character left out), which stays in memory; one linking to another post.
    write(
        "content/posts/one/index.md",
        "---\ntitle: One 1.0 released\ndate: 2024-01-02\ntags: [release]\n---\n\nThe *first* post, with `code`.\n\n## Notes\n\nMore text.\n",
    );
    write(
        "content/posts/two.md",
        "---\ntitle: Two\ndate: 2024-02-03\n---\nSecond, right after the front matter.\n",
    );
    write(
        "content/posts/three.md",
        "---\ntitle: Three\ndate: 2024-03-04\n---\n\nA bell \u{7} here.\n",
    );
    write(
        "content/posts/four.md",
        "---\ntitle: Four\ndate: 2024-04-05\n---\n\nSee [the first](one/index.md).\n",
    );
    let out = tempfile::tempdir().unwrap();
    let build = |name: &str, hold: usize| {
        let opts = BuildOptions {
            source: site.path().to_path_buf(),
            output: out.path().join(name),
            base_url: None,
            selection: Selection::default(),
            clean: false,
        };
        build_holding(&opts, hold).unwrap();
        let mut all = std::collections::BTreeMap::new();
        files(&opts.output, &opts.output, &mut all);
        all
    };
    let held = build("held", usize::MAX);
    let left = build("left", 0);
    assert_eq!(
        held.keys().collect::<Vec<_>>(),
        left.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &held {
        assert!(left[file] == *bytes, "{} differs", file.display());
    }
    let page = String::from_utf8(held[Path::new("2024/01/one/index.html")].clone());
    assert!(page.unwrap().contains("<em>first</em>"));
}
