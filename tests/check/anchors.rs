//! Anchors as browsers read them: every character reference decoded.

use crate::common::{Site, post};

#[test]
fn an_id_written_with_entities_is_the_anchor_it_decodes_to() {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n",
    )
    .file(
        "content/posts/cv.md",
        post(
            "CV",
            "2024-01-05",
            "description: d",
            "<p id=\"r&eacute;sum&eacute;\">Mine.</p>\n\nSee [it](#résumé) and [not it](#resume).\n",
        ),
    );
    let (code, out) = super::check(&site, &[]);
    assert_eq!(code, 1, "{out}");
    let findings: Vec<&str> = out.lines().filter(|l| l.contains("]: ")).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(
        findings[0].starts_with("content/posts/cv.md:8:23:")
            && findings[0].contains("error[broken-anchor]")
            && findings[0].contains("#resume"),
        "{out}"
    );
}
