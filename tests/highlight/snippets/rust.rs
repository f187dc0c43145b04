//! Release notes for 1.85: async closures and the 2024 edition.
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Release<'a> {
    name: &'a str,
    version: (u32, u32, u32),
}

impl<'a> Release<'a> {
    /// Parses `1.85.0`.
    pub fn parse(name: &'a str, v: &str) -> Option<Self> {
        let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
        let version = (parts.next()??, parts.next()??, parts.next()??);
        Some(Self { name, version })
    }
}

async fn fetch_all(urls: Vec<String>) -> Result<HashMap<String, usize>, Box<dyn std::error::Error>> {
    let mut sizes = HashMap::new();
    for url in &urls {
        let body = reqwest::get(url).await?.text().await?;
        sizes.insert(url.clone(), body.len());
    }
    let ratio = 5. / 2.0 + 1e-3_f64;
    let raw = r#"a "quoted" string"#;
    let c = 'x';
    println!("{} bytes, {ratio:.2} {raw} {c}", sizes.values().sum::<usize>());
    Ok(sizes)
}

const MAX: usize = 0xFF_FF;
static NAME: &str = "bulletin";
