//! The script cuts a query as the build cuts posts: `normalize`, `words` and `shardOf`
//! of `static/site.js`, run by Node on the same strings as `bulletin::search::text`.

use std::path::Path;
use std::process::Command;

/// Strings that have shown where the two could part, and generated ones from the
/// characters that matter (letters of several scripts, joiners, apostrophes, marks,
/// compatibility forms, spaces).
fn samples() -> Vec<String> {
    let mut all: Vec<String> = [
        "PEP 703: Making the GIL optional (free-threaded CPython)",
        "Don\u{ff07}t a\u{149}n it\u{2019}\u{2019}s 'quoted' rock'n'roll",
        "asyncio.TaskGroup I/O snake_case 3.13.0rc1 v1.2.3-beta.4",
        "non-free-threaded a-b-c-d x--y .x. -x- _x_ /x/",
        "Ünïcode Café ﬁle ① Ｆｕｌｌ ΟΔΟΣ İstanbul Straße",
        "日本語のテキスト abc日本 한국어 العربية עברית",
        "e\u{301}e\u{300}\u{301} \u{fdfa} \u{2010}hyphen non\u{2011}breaking",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let palette: Vec<char> = "aZ9é-._/'\u{2019}\u{2bc}\u{ff07}\u{149} \nΣςß\u{301}①ﬁİ日\u{2010}"
        .chars()
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        for k in 0..(seed % 24) {
            let pick = (seed.rotate_left(k as u32 * 5) % palette.len() as u64) as usize;
            s.push(palette[pick]);
        }
        all.push(s);
    }
    all
}

/// What the build makes of each sample: each term with `~` before a part or tail, and
/// the shard of each whole word (of 4,096).
fn build_side(samples: &[String]) -> Vec<String> {
    use bulletin::search::text::{MAX_TERM_BYTES, for_each_term, key, normalize, shard_of};
    samples
        .iter()
        .map(|s| {
            let norm = normalize(s);
            let mut out = vec![norm.clone()];
            for_each_term(&norm, |t, part| {
                out.push(format!("{}{t}", if part { "~" } else { "" }));
                if !part && t.len() <= MAX_TERM_BYTES {
                    out.push(format!("#{}", shard_of(key(t), 4096)));
                }
            });
            out.join("\u{1}")
        })
        .collect()
}

const SCRIPT: &str = r##"
const fs = require("fs");
const src = fs.readFileSync(process.argv[2], "utf8");
const a = src.indexOf("  var VERSION"), b = src.indexOf("  function Index(url)");
if (a < 0 || b < 0) throw new Error("site.js: the markers around normalize() moved");
const js = new Function(src.slice(a, b) + "\nreturn { normalize, words, shardOf, bytes };")();
const samples = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = samples.map((s) => {
  const norm = js.normalize(s);
  const o = [norm];
  for (const w of js.words(norm)) {
    if (js.bytes(w.whole) <= 40) { o.push(w.whole); o.push("#" + js.shardOf(w.whole, 4096)); }
    for (const t of w.tails) if (js.bytes(t) <= 40) o.push("~" + t);
    for (const p of w.parts) if (js.bytes(p) <= 40) o.push("~" + p);
  }
  return o.join("\u0001");
});
process.stdout.write(JSON.stringify(out));
"##;

#[test]
fn the_script_cuts_a_query_as_the_build_cuts_posts() {
    let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
    if Command::new(&node).arg("--version").output().is_err() {
        // CI has Node (the browser tests need it); a machine without it says so.
        eprintln!("skipped: no `{node}` to run static/site.js (set NODE to its path)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let samples = samples();
    let input = dir.path().join("samples.json");
    std::fs::write(&input, serde_json::to_vec(&samples).unwrap()).unwrap();
    let script = dir.path().join("cut.js");
    std::fs::write(&script, SCRIPT).unwrap();
    let site_js = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/site.js");
    let run = Command::new(&node)
        .args([&script, &site_js, &input])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let script_side: Vec<String> = serde_json::from_slice(&run.stdout).unwrap();
    let build_side = build_side(&samples);
    let differ: Vec<String> = (samples.iter().zip(build_side.iter().zip(&script_side)))
        .filter(|(_, (b, s))| b != s)
        .take(5)
        .map(|(sample, (b, s))| format!("{sample:?}\n  build:  {b:?}\n  script: {s:?}"))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
