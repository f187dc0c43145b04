//! Output files replaced in one step: written aside, then renamed over the old file,
//! so the server never sends half a file.

use std::path::Path;

use crate::error::Diagnostic;

/// Writes `bytes` at `file` (a path in `out`) by renaming a finished temporary file
/// over it, so that readers see the old file or the new one, never half of one.
pub(super) fn write_atomic(out: &Path, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    replace(out, file, |tmp| std::fs::write(tmp, bytes))
}

/// Like [`write_atomic`], with the bytes of an open file.
pub(super) fn copy_atomic(out: &Path, file: &str, from: &std::fs::File) -> Result<(), Diagnostic> {
    use std::io::Seek;
    replace(out, file, |tmp| {
        let mut from = from;
        from.rewind()?;
        std::io::copy(&mut from, &mut std::fs::File::create(tmp)?).map(|_| ())
    })
}

fn replace(
    out: &Path,
    file: &str,
    make: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let target = out.join(file);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.{:?}.tmp", std::thread::current().id()));
    let attempt = || make(&tmp).and_then(|()| std::fs::rename(&tmp, &target));
    attempt()
        .or_else(|e| {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(e);
            }
            let parent = target.parent().unwrap_or(out);
            std::fs::create_dir_all(parent)?;
            attempt()
        })
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::io("write", &target, &e)
        })
}
