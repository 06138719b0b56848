//! The progress bar of long tasks: drawn on standard error when it is a
//! terminal (here a pseudo-terminal made by `script`), and nothing extra
//! at all when it is not.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// `[--lang en] --db DB import BUNDLE` as arguments.
fn import_args<'a>(english: bool, db: &'a Path, bundle: &'a Path) -> Vec<&'a str> {
    let mut args = if english {
        vec!["--lang", "en"]
    } else {
        vec![]
    };
    args.extend([
        "--db",
        db.to_str().unwrap(),
        "import",
        bundle.to_str().unwrap(),
    ]);
    args
}

#[test]
fn import_shows_bytes_files_and_time_left_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let bundle = testdata("bundle.tar");
    let seen = on_terminal(&import_args(true, &db, &bundle));
    assert!(seen.contains("reading the bundle"), "{seen}");
    assert!(seen.contains("MiB/3.87 MiB"), "{seen}");
    assert!(seen.contains("/1363 files"), "{seen}");
    assert!(seen.contains("left 00:00:"), "{seen}");
    // Then the bar is gone and the import says what it did.
    assert!(seen.contains("imported bundle"), "{seen}");

    // In Chinese too.
    let db2 = tmp.path().join("t.db");
    let seen = on_terminal(&import_args(false, &db2, &bundle));
    assert!(seen.contains("读取并核验评审包"), "{seen}");
    assert!(seen.contains("个文件"), "{seen}");
}

#[test]
fn nothing_extra_when_standard_error_is_not_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let bundle = testdata("bundle.tar");
    let o = pingshen(&import_args(true, &db, &bundle));
    assert!(o.status.success(), "{}", stderr(&o));
    // The import's own report (its warnings) and nothing else: no bar, no
    // carriage returns or escape sequences in a log.
    for (name, text) in [("stderr", stderr(&o)), ("stdout", stdout(&o))] {
        assert!(!text.contains("reading the bundle"), "{name}: {text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\r'),
            "{name}: {text:?}"
        );
    }
    let quiet = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(import_args(true, &db, &bundle))
        .output()
        .unwrap();
    assert_eq!(
        stderr(&quiet),
        "",
        "an import already done prints nothing on stderr"
    );
}

#[test]
fn pack_shows_both_of_its_passes_on_a_terminal() {
    let (tmp, src) = submissions(&["随州"]);
    let out = tmp.path().join("b.tar");
    let seen = on_terminal(&[
        "--lang",
        "en",
        "pack",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(seen.contains("checking the files"), "{seen}");
    assert!(seen.contains("writing the bundle"), "{seen}");
    assert!(out.exists(), "{seen}");
}
