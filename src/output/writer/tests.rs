//! Tests of the writer: hashing, the produced list, files written as they come.
use super::*;

#[test]
fn streaming_hashes_like_the_whole() {
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let entry = stream(&mut bytes.as_slice(), None).ok().unwrap();
    assert_eq!(entry, Entry::of(&bytes));
}

#[test]
fn a_produced_file_keeps_its_entry() {
    let high = Entry {
        hash: Some(u128::MAX - 5),
        size: 7,
    };
    for (entry, staged) in [
        (Entry::of(b"page"), true),
        (high, false),
        (Entry::UNKNOWN, true),
    ] {
        let p = Produced::new("a/index.html", entry, staged);
        assert_eq!(
            (&*p.file, p.entry(), p.staged),
            ("a/index.html", entry, staged)
        );
    }
    assert_eq!(std::mem::size_of::<Produced>(), 48);
}

#[test]
fn every_file_of_every_block_is_put_in_place_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let files: Vec<String> = (0..BLOCK * 2 + 3).map(|i| format!("p/{i}.html")).collect();
    let names = || files.iter().map(String::as_str);
    let writer = Writer::open(&output, &output, false, Lock::acquire(&output), names()).unwrap();
    for (i, file) in files.iter().enumerate().rev() {
        writer.write(file, i.to_string().as_bytes()).unwrap();
    }
    let finished = writer.finish(&output).unwrap();
    assert_eq!(finished.written.written, files.len());
    let manifest = std::fs::read_to_string(output.join(MANIFEST)).unwrap();
    let listed = manifest::parse(&manifest).unwrap();
    assert_eq!(listed.len(), files.len());
    for (i, file) in files.iter().enumerate() {
        let bytes = i.to_string();
        assert_eq!(std::fs::read_to_string(output.join(file)).unwrap(), bytes);
        assert_eq!(listed[file], Entry::of(bytes.as_bytes()));
    }
}

/// A file written as it is made is listed as if written whole, left untouched when
/// its bytes are unchanged, rewritten when they change, and a failure to make it
/// is an error naming it.
#[test]
fn a_file_written_as_it_comes() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let build = |bytes: &[u8]| {
        let files = ["list.json", "a/page.html"];
        let writer = Writer::open(
            &output,
            &output,
            false,
            Lock::acquire(&output),
            files.into_iter(),
        )
        .unwrap();
        writer
            .write_with("list.json", |out| {
                // In pieces, as the list is written.
                bytes.chunks(7_001).try_for_each(|c| out.write_all(c))
            })
            .unwrap();
        writer.write("a/page.html", b"page").unwrap();
        writer.finish(&output).unwrap().written
    };
    let first = build(&big);
    assert_eq!(first.written, 2);
    let listed = manifest::parse(&std::fs::read_to_string(output.join(MANIFEST)).unwrap());
    assert_eq!(listed.unwrap()["list.json"], Entry::of(&big));
    assert_eq!(std::fs::read(output.join("list.json")).unwrap(), big);
    let inode = std::fs::metadata(output.join("list.json")).unwrap().ino();

    let again = build(&big);
    assert_eq!((again.written, again.unchanged), (0, 2));
    assert_eq!(
        std::fs::metadata(output.join("list.json")).unwrap().ino(),
        inode
    );
    // Nowhere else: the staged copy went.
    fn named(dir: &Path, name: &str, found: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                named(&e.path(), name, found);
            } else if e.file_name() == name {
                found.push(e.path());
            }
        }
    }
    let mut copies = Vec::new();
    named(dir.path(), "list.json", &mut copies);
    assert_eq!(copies, [output.join("list.json")]);

    let changed = build(b"[]");
    assert_eq!((changed.written, changed.unchanged), (1, 1));
    assert_eq!(std::fs::read(output.join("list.json")).unwrap(), b"[]");

    let writer = Writer::open(
        &output,
        &output,
        false,
        Lock::acquire(&output),
        ["list.json"].into_iter(),
    )
    .unwrap();
    let failed = writer.write_with("list.json", |_| Err(std::io::Error::other("disk full")));
    let message = failed.unwrap_err().to_string();
    assert!(
        message.contains("list.json") && message.contains("disk full"),
        "{message}"
    );
}
