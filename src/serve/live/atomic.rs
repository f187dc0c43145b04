//! Output files replaced in one step: written aside, then renamed over the old file,
//! so the server never sends half a file. The first update, made before the server
//! listens, writes each file in place: nobody can be reading it yet, and the rename
//! would be a tenth of the start-up's CPU.

use std::path::Path;

use crate::error::Diagnostic;

/// Where an update writes: the private folder `dir`, which the server may be reading
/// once `served`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Out<'a> {
    pub(super) dir: &'a Path,
    pub(super) served: bool,
}

impl Out<'_> {
    /// Writes `bytes` at `file` (a path in the folder).
    pub(super) fn write(self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.make(file, |path| std::fs::write(path, bytes))
    }

    /// Writes the bytes of `from` at `file`.
    pub(super) fn copy(self, file: &str, from: &std::fs::File) -> Result<(), Diagnostic> {
        self.make(file, |path| copy_from(from, path))
    }

    fn make(
        self,
        file: &str,
        make: impl Fn(&Path) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        if self.served {
            replace(self.dir, file, make)
        } else {
            in_place(self.dir, file, make)
        }
    }
}

/// Makes `file` (a path in `out`) with `make`, its folder first when missing.
fn in_place(
    out: &Path,
    file: &str,
    make: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let target = out.join(file);
    make(&target)
        .or_else(|e| match (e.kind(), target.parent()) {
            (std::io::ErrorKind::NotFound, Some(parent)) => {
                std::fs::create_dir_all(parent)?;
                make(&target)
            }
            _ => Err(e),
        })
        .map_err(|e| Diagnostic::io("write", &target, &e))
}

fn copy_from(from: &std::fs::File, to: &Path) -> std::io::Result<()> {
    use std::io::Seek;
    let mut from = from;
    from.rewind()?;
    std::io::copy(&mut from, &mut std::fs::File::create(to)?).map(|_| ())
}

/// Makes `file` (a path in `out`) with `make` under a temporary name, then renames it
/// over the file, so that readers see the old file or the new one, never half of one.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_served_file_is_replaced_and_an_unserved_one_written_in_place() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let ino = |f: &str| std::fs::metadata(dir.path().join(f)).unwrap().ino();
        let first = Out {
            dir: dir.path(),
            served: false,
        };
        first.write("a/b/index.html", b"one").unwrap();
        let before = ino("a/b/index.html");
        first.write("a/b/index.html", b"two").unwrap();
        assert_eq!(ino("a/b/index.html"), before, "written in place");
        let served = Out {
            served: true,
            ..first
        };
        served.write("a/b/index.html", b"three").unwrap();
        assert_ne!(ino("a/b/index.html"), before, "replaced by a rename");
        assert_eq!(
            std::fs::read(dir.path().join("a/b/index.html")).unwrap(),
            b"three"
        );
        let from = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut &from, b"copied").unwrap();
        first.copy("c/d.txt", &from).unwrap();
        served.copy("c/e.txt", &from).unwrap();
        for f in ["c/d.txt", "c/e.txt"] {
            assert_eq!(std::fs::read(dir.path().join(f)).unwrap(), b"copied");
        }
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }
}
