//! Symbolic links in a site: one rule in every command. A link whose target resolves
//! outside the site's folder is an error naming the link and its target, and nothing
//! of it is read or published; links inside the site keep working.

use std::os::unix::fs::symlink;

use crate::common::{Site, files, post};

const SECRET: &str = "TOKEN=ghp_not_for_publishing";

/// A site with one bundle post, and a secret file beside the site's folder.
fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/a/index.md",
        post("A", "2024-01-01", "", "![x](./pic.png)\n"),
    );
    site.file("content/posts/a/pic.png", "png");
    std::fs::write(site.parent().join("secret.txt"), SECRET).unwrap();
    site
}

/// Links `rel` (in the site) to `target`, in place of the file there, if any.
fn link(site: &Site, target: &std::path::Path, rel: &str) {
    let path = site.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    symlink(target, path).unwrap();
}

/// Builds, expects failure naming `rel` and the secret's path, and checks that no byte
/// of the secret reached the output (there is no output: the first build failed).
#[track_caller]
fn refused(site: &Site, rel: &str) {
    let run = site.build().fails();
    let target = site.parent().canonicalize().unwrap().join("secret.txt");
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(rel))
        .unwrap_or_else(|| panic!("no error at {rel}:\n{}", run.stderr));
    assert!(
        line.contains("outside the site's folder") && line.contains(&*target.to_string_lossy()),
        "{line}"
    );
    assert!(!site.exists("public"));
    // Nothing beside the site (a staging folder left behind) holds it either.
    for (name, bytes) in files(site.parent()) {
        let written = !name.starts_with("site/") && name != "secret.txt";
        assert!(
            !written || !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{name} holds the secret"
        );
    }
}

#[test]
fn a_bundle_file_linking_outside_is_refused() {
    let site = site();
    link(
        &site,
        &site.parent().join("secret.txt"),
        "content/posts/a/env.txt",
    );
    refused(&site, "content/posts/a/env.txt");
}

#[test]
fn proc_self_environ_is_never_published() {
    let site = site();
    link(
        &site,
        std::path::Path::new("/proc/self/environ"),
        "content/posts/a/env.txt",
    );
    site.build()
        .fails()
        .has_line("content/posts/a/env.txt: error")
        .says("outside the site's folder");
}

#[test]
fn a_static_file_linking_outside_is_refused() {
    let site = site();
    link(
        &site,
        &site.parent().join("secret.txt"),
        "static/robots.txt",
    );
    refused(&site, "static/robots.txt");
}

#[test]
fn a_post_file_linking_outside_is_refused() {
    let site = site();
    std::fs::write(
        site.parent().join("secret.txt"),
        post(SECRET, "2024-01-01", "", SECRET),
    )
    .unwrap();
    link(
        &site,
        &site.parent().join("secret.txt"),
        "content/posts/b.md",
    );
    let run = site.build().fails();
    run.has_line("content/posts/b.md: error")
        .says("outside the site's folder");
}

#[test]
fn templates_authors_and_the_config_linking_outside_are_refused() {
    for rel in [
        "templates/post.html",
        "content/authors/ann.yaml",
        "bulletin.yaml",
    ] {
        let site = site();
        link(&site, &site.parent().join("secret.txt"), rel);
        refused(&site, rel);
    }
}

#[test]
fn a_linked_folder_leading_outside_is_refused() {
    let site = site();
    let outside = site.parent().join("elsewhere");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    // The static folder itself, and a folder inside the posts.
    symlink(&outside, site.root().join("static")).unwrap();
    let run = site.build().fails();
    run.has_line("static: error")
        .says("outside the site's folder");

    std::fs::remove_file(site.root().join("static")).unwrap();
    symlink(&outside, site.root().join("content/posts/b")).unwrap();
    site.build()
        .fails()
        .has_line("content/posts/b: error")
        .says("outside the site's folder");

    // A linked folder inside the site is not followed either: a warning says so.
    std::fs::remove_file(site.root().join("content/posts/b")).unwrap();
    site.file(
        "content/drafts/c/index.md",
        post("C", "2024-01-03", "", SECRET),
    );
    symlink(
        site.root().join("content/drafts/c"),
        site.root().join("content/posts/c"),
    )
    .unwrap();
    let run = site.build().ok();
    run.has_line("content/posts/c: warning")
        .says("linked folders are not followed");
    let published = files(&site.root().join("public"));
    assert!(
        published
            .values()
            .all(|b| !String::from_utf8_lossy(b).contains(SECRET))
    );
}

#[test]
fn links_inside_the_site_keep_working() {
    let site = site();
    site.file("static/img/logo.png", "logo");
    site.file(
        "content/drafts/b.txt",
        post("B", "2024-01-02", "", "Linked post.\n"),
    );
    link(
        &site,
        &site.root().join("static/img/logo.png"),
        "content/posts/a/logo.png",
    );
    link(
        &site,
        std::path::Path::new("../drafts/b.txt"),
        "content/posts/b.md",
    );
    link(
        &site,
        std::path::Path::new("img/logo.png"),
        "static/logo.png",
    );
    site.build().ok();
    assert_eq!(site.read("public/2024/01/a/logo.png"), "logo");
    assert_eq!(site.read("public/logo.png"), "logo");
    assert!(
        site.read("public/2024/01/b/index.html")
            .contains("Linked post.")
    );
}

#[test]
fn a_broken_link_is_an_error() {
    let site = site();
    link(
        &site,
        &site.root().join("nothing.png"),
        "content/posts/a/gone.png",
    );
    site.build()
        .fails()
        .has_line("content/posts/a/gone.png: error")
        .says("a link to nothing");
}

#[test]
fn check_reports_the_link_too() {
    let site = site();
    link(&site, &site.parent().join("secret.txt"), "static/env.txt");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("static/env.txt") && all.contains("outside the site's folder"),
        "{all}"
    );
}

#[test]
fn new_never_writes_through_a_link_out_of_the_site() {
    let site = Site::bare();
    let outside = site.parent().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    symlink(&outside, site.root().join("content/posts")).unwrap();
    let run = site.run(&["new", "Hello"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the site's folder"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_link_to_a_file_of_the_site_outside_the_folders_a_build_reads_is_refused() {
    // The site is usually the repository: its .git/config can hold the CI job's token.
    for (target, rel) in [
        (".git/config", "static/cfg.txt"),
        (".env", "content/posts/a/env.txt"),
        ("notes/todo.md", "content/posts/todo.md"),
    ] {
        let site = site();
        site.file(target, SECRET);
        link(&site, &site.root().join(target), rel);
        let run = site.build().fails();
        run.has_line(&format!("{rel}: error"))
            .says("which is not in content/, static/, templates/ or a posts folder");
        assert!(!site.exists("public"));
    }
    // A read folder that is itself a link into a hidden folder.
    let site = site();
    site.file(".git/hooks/x.txt", SECRET);
    symlink(site.root().join(".git/hooks"), site.root().join("static")).unwrap();
    site.build().fails().has_line("static: error");
}

#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let site = site();
    let victim = site.parent().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("keep.txt"), "mine").unwrap();
    symlink(&victim, site.root().join("public")).unwrap();
    site.build().fails().says("is a symbolic link");
    assert_eq!(
        files(&victim).len(),
        1,
        "the folder the link names is untouched"
    );
    // An empty folder too (an empty folder was replaced before).
    std::fs::remove_file(victim.join("keep.txt")).unwrap();
    site.build().fails().says("is a symbolic link");
    assert!(files(&victim).is_empty());
}

#[test]
fn an_output_through_a_linked_parent_is_resolved_before_it_is_checked() {
    let site = site();
    site.file("static/style.txt", "s");
    let alias = site.parent().join("alias");
    symlink(site.root().join("static"), &alias).unwrap();
    site.build_with(&["-o", &alias.join("out").to_string_lossy()])
        .fails()
        .says("which the build reads");
    // Inside the site as written, outside it through a link.
    let outside = site.parent().join("outside");
    std::fs::create_dir(&outside).unwrap();
    symlink(&outside, site.root().join("build")).unwrap();
    site.build_with(&["-o", "build/out"])
        .fails()
        .says("a symbolic link takes it to");
    assert!(files(&outside).is_empty());
}
