//! The output folder: replaced all at once, only when Bulletin wrote it, never the
//! source, and no temporary folders left behind.

use crate::common::{Site, files, leftovers, post};

fn site() -> Site {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    site
}

#[test]
fn failed_build_leaves_the_previous_output_byte_identical() {
    let site = site();
    site.build().clean();
    let before = site.files("public");
    assert!(before.contains_key("index.html") && before.contains_key(".bulletin-output"));

    site.file("content/posts/b.md", post("B", "2024-02-30", "", "Body.\n"));
    site.build().fails().says("public was not changed");
    assert_eq!(site.files("public"), before);
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

#[test]
fn render_failure_leaves_the_previous_output_and_no_staging_folder() {
    let site = site();
    site.build().clean();
    let before = site.files("public");
    // Parses, but fails while rendering: the staging folder exists by then.
    site.file("templates/post.html", "{{ card.no_such_field }}\n");
    site.build().fails();
    assert_eq!(site.files("public"), before);
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

#[test]
fn successful_rebuild_replaces_the_output_and_removes_stale_files() {
    let site = site();
    site.file("content/posts/b.md", post("B", "2024-01-02", "", "Body.\n"));
    site.build().clean();
    assert!(site.exists("public/2024/01/b/index.html"));
    site.remove("content/posts/b.md");
    site.build().clean();
    assert!(!site.exists("public/2024/01/b"));
    assert!(site.exists("public/2024/01/a/index.html"));
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );
}

#[test]
fn output_folder_that_is_the_source_is_refused() {
    let site = site();
    let run = site.build_with(&["-o", "."]).fails();
    run.says("error: the output folder . is the source folder or contains it");
    assert!(!site.exists(".bulletin-output"));
    assert!(!site.exists("index.html"));
    let absolute = site.root().to_str().unwrap().to_string();
    site.build_with(&["-o", &absolute])
        .fails()
        .says("is the source folder or contains it");
}

#[test]
fn output_folder_containing_the_source_is_refused() {
    let site = site();
    let before = files(site.parent());
    site.build_with(&["-o", ".."])
        .fails()
        .says("error: the output folder .. is the source folder or contains it");
    assert_eq!(files(site.parent()), before);
}

#[test]
fn source_given_with_a_relative_path_is_protected_too() {
    let site = site();
    crate::common::run_in(
        site.parent(),
        &["build", "-s", "site", "-o", "site/../site"],
    )
    .fails()
    .says("is the source folder or contains it");
    assert!(!site.exists(".bulletin-output"));
}

#[test]
fn non_empty_folder_not_written_by_bulletin_is_refused_and_untouched() {
    let site = site();
    site.file("public/keep.txt", "mine");
    site.build()
        .fails()
        .says("error: public is not empty and was not written by Bulletin");
    assert_eq!(
        site.files("public").into_keys().collect::<Vec<_>>(),
        ["keep.txt"]
    );
}

#[test]
fn empty_existing_output_folder_is_used() {
    let site = site();
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build().clean();
    assert!(site.exists("public/index.html"));
}

#[test]
fn file_added_by_hand_to_a_previous_output_is_refused_by_name() {
    let site = site();
    site.build().clean();
    site.file("public/CNAME", "blog.example.org\n");
    let before = site.files("public");
    site.build()
        .fails()
        .says("error: the output folder holds files Bulletin did not write: public/CNAME");
    assert_eq!(site.files("public"), before);
}

#[test]
fn tampered_manifest_is_not_trusted() {
    let site = site();
    site.file("public/.bulletin-output", "index.html\n")
        .file("public/index.html", "mine");
    site.build().fails().says("was not written by Bulletin");
    assert_eq!(site.read("public/index.html"), "mine");
}

#[test]
fn output_that_is_a_file_is_refused() {
    let site = site();
    site.file("out", "a file");
    site.build_with(&["-o", "out"])
        .fails()
        .says("error: out exists and is not a folder");
    assert_eq!(site.read("out"), "a file");
}

#[test]
fn missing_output_folder_and_parents_are_created() {
    let site = site();
    let out = site.parent().join("deploy/nested/site");
    let run = site
        .build_with(&["--output", out.to_str().unwrap()])
        .clean();
    assert!(out.join("2024/01/a/index.html").is_file());
    assert!(
        run.stdout
            .trim_end()
            .ends_with(&format!("→ {}", out.display())),
        "{}",
        run.stdout
    );
    assert!(leftovers(out.parent().unwrap()).is_empty());
}

#[test]
fn no_staging_folder_is_left_after_success_or_failure() {
    let site = site();
    site.build_with(&["-o", "../out"]).clean();
    assert!(
        leftovers(site.parent()).is_empty(),
        "{:?}",
        leftovers(site.parent())
    );
    site.build_with(&["-o", "../out"]).clean();
    assert!(
        leftovers(site.parent()).is_empty(),
        "{:?}",
        leftovers(site.parent())
    );
    site.file("templates/post.html", "{{ nothing.here }}");
    site.build_with(&["-o", "../out"]).fails();
    site.build_with(&["-o", "../fresh"]).fails();
    assert!(
        leftovers(site.parent()).is_empty(),
        "{:?}",
        leftovers(site.parent())
    );
    assert!(
        !site.parent().join("fresh").exists(),
        "a failed first build creates nothing"
    );
}

#[test]
fn a_tool_changing_the_output_in_place_cannot_change_the_cards_of_later_builds() {
    let site = site();
    site.build().clean();
    let card = site.read_bytes("public/2024/01/a/social.png");
    // An optimiser rewrites the file where it is (same inode), as oxipng does.
    let path = site.root().join("public/2024/01/a/social.png");
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut file, b"optimised").unwrap();
    drop(file);
    assert_ne!(site.read_bytes("public/2024/01/a/social.png"), card);

    site.build_with(&["-o", "again"]).clean();
    assert_eq!(site.read_bytes("again/2024/01/a/social.png"), card);
}
