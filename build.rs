//! Embeds the default theme (`templates/` and `static/`) into the binary, so that
//! `bulletin build` works on any content folder. Generates `theme.rs` in OUT_DIR with
//! one `include_bytes!` per file, sorted by path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            files(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .expect("walked under root")
                    .to_path_buf(),
            );
        }
    }
}

fn table(name: &str, root: &Path) -> String {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut list = Vec::new();
    files(root, root, &mut list);
    list.sort();
    let mut s = format!(
        "/// Embedded files of `{name}/`: (path inside it, bytes).\npub(super) static {}: &[(&str, &[u8])] = &[\n",
        name.to_uppercase()
    );
    for rel in list {
        let rel_str = rel
            .to_str()
            .expect("theme file names are UTF-8")
            .replace('\\', "/");
        let full = root.join(&rel);
        println!("cargo:rerun-if-changed={}", full.display());
        writeln!(
            s,
            "    ({rel_str:?}, include_bytes!({:?})),",
            full.display().to_string()
        )
        .unwrap();
    }
    s.push_str("];\n");
    s
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let code = table("templates", &manifest.join("templates"))
        + &table("static", &manifest.join("static"));
    std::fs::write(out.join("theme.rs"), code).expect("OUT_DIR is writable");
}
