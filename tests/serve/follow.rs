//! What follows an edit beyond the post's own pages: the search index, the pages
//! that link to the post, and its release's series.

use super::*;

/// The search index's shards as served, in order.
fn served_shards(server: &Server) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&server.get("/search/index.json").body).unwrap();
    let shards = manifest["shards"].as_u64().unwrap();
    (0..shards)
        .map(|n| server.get(&format!("/search/t/{n}.json")).body)
        .collect()
}

/// An edit that moves no post leaves the search index to be brought up to date once
/// the page is served: a new word is soon found, a removed one gone, and the index is
/// then the one a build makes.
#[test]
fn the_search_index_catches_up_with_an_edit() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let has = |word: &str| {
        served_shards(&server)
            .iter()
            .any(|s| s.contains(&format!("\"{word}\"")))
    };
    assert!(has("first") && !has("zebrafinch"));
    let mut events = server.events();
    save_a(&site, "Post A", "Zebrafinch sighting.\n");
    events.next("reload");
    let start = Instant::now();
    while !has("zebrafinch") {
        assert!(start.elapsed() < PATIENCE, "the index never caught up");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !has("first"),
        "a word no post has any more is still indexed"
    );
    site.build().clean();
    let built: Vec<String> = (0..served_shards(&server).len())
        .map(|n| site.read(&format!("public/search/t/{n}.json")))
        .collect();
    assert_eq!(served_shards(&server), built);
    assert_eq!(
        server.get("/search/index.json").body,
        site.read("public/search/index.json")
    );
}

#[test]
fn search_results_follow_an_edit_while_another_post_of_their_file_is_broken() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    // A and B share the file of results search/d/0.json.
    save(&site, "content/posts/a.md", BROKEN_A);
    events.next("reload");
    save(
        &site,
        "content/posts/b.md",
        &post("Post B", "2024-02-01", "", "Zebras crossed B.\n"),
    );
    events.until(|| {
        server
            .get("/search/d/0.json")
            .body
            .contains("Zebras crossed B.")
    });
    let results: serde_json::Value =
        serde_json::from_str(&server.get("/search/d/0.json").body).unwrap();
    // Oldest first: B, then A as it last read.
    assert_eq!(results[0]["title"], "Post B");
    assert_eq!(results[1]["title"], "Post A");
    assert!(
        results[1]["text"]
            .as_str()
            .unwrap()
            .contains("First body of A.")
    );
}

#[test]
fn a_link_to_a_post_follows_it_when_it_moves_and_shows_in_the_overlay_when_broken() {
    let site = blog();
    site.file(
        "content/posts/a.md",
        post("Post A", "2024-03-01", "", "See [B]({% post_url b %}).\n"),
    );
    site.file(
        "content/posts/c.md",
        post("Post C", "2023-06-01", "", "Body of C.\n"),
    )
    .file(
        "content/posts/d.md",
        post("Post D", "2023-01-01", "", "Body of D.\n"),
    );
    let server = Server::start(&site, &[]);
    assert!(
        (server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/b/">B</a>"#),
        "{}",
        server.get("/2024/03/a/").body
    );
    let mut events = server.events();
    // B moves; A's text is the same, and its page follows.
    save(
        &site,
        "content/posts/b.md",
        &post("Post B", "2024-02-01", "slug: bee", "Body of B.\n"),
    );
    events.until(|| (server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/bee/">B</a>"#));
    // B goes: the link leads nowhere, which every page says until it is fixed.
    site.remove("content/posts/b.md");
    events.until(|| server.get("/").body.contains("id=\"bulletin-overlay\""));
    let home = server.get("/").body;
    assert!(
        home.contains("no post &#39;b&#39; to link to") || home.contains("no post 'b' to link to"),
        "{home}"
    );
    assert!(home.contains("content/posts/a.md:5:"), "{home}");
    // An edit of a post far from A looks at the links of that post only: A's problem
    // stays. (Waited for by the edit itself: counting the summary lines of stderr
    // raced with the removal's own line, which may be printed after its pages are
    // served.)
    save(
        &site,
        "content/posts/d.md",
        &post("Post D", "2023-01-01", "", "Body of D, edited.\n"),
    );
    events.until(|| (server.get("/2023/01/d/").body).contains("Body of D, edited."));
    assert!(server.get("/").body.contains("content/posts/a.md:5:"));
    site.file(
        "content/posts/b.md",
        post("Post B", "2024-02-01", "", "Body of B.\n"),
    );
    events.until(|| !server.get("/").body.contains("bulletin-overlay"));
    assert!((server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/b/">B</a>"#));
}

#[test]
fn a_release_post_follows_its_series_when_another_post_of_it_changes() {
    let site = blog();
    site.file(
        "content/posts/rc1.md",
        post(
            "Python 3.12.0rc1 released",
            "2023-08-06",
            "",
            "Body of rc1.\n",
        ),
    );
    let server = Server::start(&site, &[]);
    assert!(!server.get("/2023/08/rc1/").body.contains("A newer release"));
    let mut events = server.events();
    // A newer release of the series: rc1's page says so, though its text is the same.
    site.file(
        "content/posts/final.md",
        post(
            "Python 3.12.0 is now available",
            "2023-10-02",
            "",
            "Final.\n",
        ),
    );
    events.until(|| {
        let page = server.get("/2023/08/rc1/").body;
        page.contains("A newer release of this series is available")
            && page.contains("/2023/10/final/")
    });
    // Its title changes its version: rc1's next release follows.
    save(
        &site,
        "content/posts/final.md",
        &post(
            "Python 3.12.1 is now available",
            "2023-10-02",
            "",
            "Final.\n",
        ),
    );
    events.until(|| server.get("/2023/08/rc1/").body.contains(">3.12.1</a>"));
}
