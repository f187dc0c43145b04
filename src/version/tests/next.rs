//! The release proposed after another: clear cases and judgement calls, both schemes.

use super::*;
use crate::version::next::{Next, next};

/// The clear next release of `text` (read in `scheme`), or panics.
fn clear(text: &str, scheme: Scheme) -> String {
    match next(&in_scheme(text, scheme)) {
        Next::Clear { version, .. } => version.normalized(),
        other => panic!("{text}: {other:?}"),
    }
}

/// The choices after `text`.
fn choices(text: &str, scheme: Scheme) -> Vec<String> {
    match next(&in_scheme(text, scheme)) {
        Next::Choose { versions, .. } => versions.iter().map(Version::normalized).collect(),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn clear_cases_are_proposed() {
    for (old, new) in [
        ("3.12.0rc1", "3.12.0rc2"),
        ("3.12.0a3", "3.12.0a4"),
        ("3.12.0b2", "3.12.0b3"),
        ("3.12.0", "3.12.1"),
        ("3.12.9", "3.12.10"),
        ("3.13.0.dev1", "3.13.0.dev2"),
    ] {
        assert_eq!(clear(old, Scheme::Pep440), new, "{old}");
    }
    for (old, new) in [
        ("20.0.0", "20.0.1"),
        ("v20.0.0", "20.0.1"),
        ("1.0.0-rc.1", "1.0.0-rc.2"),
        ("1.0.0-beta.1", "1.0.0-beta.2"),
        ("2.0.0-rc1", "2.0.0-rc2"),
    ] {
        assert_eq!(clear(old, Scheme::SemVer), new, "{old}");
    }
    // Under `auto`, each by its own scheme.
    assert_eq!(clear("3.12.0rc1", Scheme::Auto), "3.12.0rc2");
    assert_eq!(clear("v20.0.0", Scheme::Auto), "20.0.1");
    let Next::Clear { why, .. } = next(&v("3.12.0rc1")) else {
        panic!()
    };
    assert_eq!(why, "the next release candidate");
}

#[test]
fn judgement_calls_name_the_choices() {
    assert_eq!(
        choices("3.12.0b4", Scheme::Pep440),
        ["3.12.0b5", "3.12.0rc1"]
    );
    assert_eq!(
        choices("3.12.0a7", Scheme::Pep440),
        ["3.12.0a8", "3.12.0b1"]
    );
    assert_eq!(
        choices("3.12.0rc2", Scheme::Pep440),
        ["3.12.0rc3", "3.12.0"]
    );
    assert_eq!(
        choices("3.12.0.post1", Scheme::Pep440),
        ["3.12.0.post2", "3.12.1"]
    );
    assert_eq!(choices("3.0", Scheme::Pep440), ["3.0.1", "3.1"]);
    assert_eq!(choices("19", Scheme::Pep440), ["19.0.1", "20"]);
    assert_eq!(
        choices("1.0.0-beta.4", Scheme::SemVer),
        ["1.0.0-beta.5", "1.0.0-rc.1"]
    );
    assert_eq!(
        choices("1.0.0-alpha.7", Scheme::SemVer),
        ["1.0.0-alpha.8", "1.0.0-beta.1"]
    );
    assert_eq!(
        choices("2.0.0-next.3", Scheme::SemVer),
        ["2.0.0-next.4", "2.0.0"]
    );
    assert_eq!(choices("1.0.0-canary", Scheme::SemVer), ["1.0.0"]);
    let Next::Choose { why, .. } = next(&v("3.12.0b4")) else {
        panic!()
    };
    assert!(
        why.contains("beta 4") && why.contains("release candidate"),
        "{why}"
    );
    // An epoch or a local part: nothing usual follows, and nothing panics.
    assert_eq!(choices("1!2.0", Scheme::Pep440), Vec::<String>::new());
    assert_eq!(
        choices("3.12.0+local", Scheme::Pep440),
        Vec::<String>::new()
    );
    let huge = format!("3.12.{}", u64::MAX);
    assert!(matches!(
        next(&in_scheme(&huge, Scheme::Pep440)),
        Next::Clear { .. }
    ));
}
