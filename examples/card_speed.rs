//! How long a social card takes to draw and encode, on one thread, and how big it is:
//! `cargo run --release --example card_speed`. The titles mix the lengths of a release
//! blog's (one line at the largest size to four lines at a smaller one); the first
//! hundred cards are drawn untimed, so the glyph cache is warm as in a build.

use bulletin::social::{CardRenderer, CardText};

fn main() {
    let renderer = CardRenderer::new(None).expect("the embedded fonts load");
    let titles: Vec<String> = (0..1000)
        .map(|i| match i % 4 {
            0 => format!("Python 3.{}.{} is out", i % 14, i % 9),
            1 => format!(
                "Python 3.{}.0 release candidate {} released",
                i % 14,
                i % 3 + 1
            ),
            2 => format!(
                "Python 3.{}.{} and 3.{}.{} are now available, with security fixes for the \
                 standard library",
                i % 14,
                i % 9,
                i % 13,
                i % 7
            ),
            _ => format!("The {i}th Python Language Summit: what we talked about, and why"),
        })
        .collect();
    let tags: &[&str] = &["releases", "3.12"];
    let card = |title: &str| {
        let text = CardText {
            title,
            author: "Łukasz Langa",
            date: "August 6, 2023",
            site: "Python Insider",
            tags,
            logo: "",
        };
        renderer.render(&text).expect("a card draws")
    };
    for title in &titles[..100] {
        card(title);
    }
    let start = std::time::Instant::now();
    let bytes: usize = titles.iter().map(|t| card(t).len()).sum();
    let elapsed = start.elapsed();
    let n = titles.len() as f64;
    println!(
        "{:.2} ms a card, {:.0} KB a card ({} cards)",
        elapsed.as_secs_f64() * 1000.0 / n,
        bytes as f64 / n / 1024.0,
        titles.len()
    );
}
