//! Workbooks made to crash a reader or exhaust its memory
//! (testdata/hostile, made by `cargo run --release --example gen_hostile`):
//! each is refused for its file with what is wrong with it, by the real
//! binary, before anything large is read. Their peak memory is measured by
//! `cargo run --release --example bench_hostile`.

mod common;

use std::fs;

use common::*;

const PREF: &str = "天门";

/// Packs 天门 with `fixture` as its 表二; returns (exit code, stderr).
fn pack_with(fixture: &str) -> (i32, String) {
    pack_bytes(
        fixture,
        &fs::read(testdata("hostile").join(fixture)).unwrap(),
    )
}

/// Packs 天门 with `bytes` as its 表二 (named like `fixture`).
fn pack_bytes(fixture: &str, bytes: &[u8]) -> (i32, String) {
    let (tmp, src) = submissions(&[PREF]);
    fs::remove_file(src.join(PREF).join("表二 业绩指标.xlsx")).unwrap();
    let ext = fixture.rsplit('.').next().unwrap();
    fs::write(src.join(PREF).join(format!("表二 业绩指标.{ext}")), bytes).unwrap();
    let out = tmp.path().join("bundle.tar");
    let o = pack_en(&src, &out);
    let code = o.status.code().unwrap_or(-1);
    if code != 0 {
        assert!(!out.exists(), "{fixture}: a refused pack leaves no bundle");
    }
    (code, stderr(&o))
}

fn refused(fixture: &str, expected: &str) {
    let (code, err) = pack_with(fixture);
    assert_eq!(code, 1, "{fixture}: {err}");
    let line = format!("天门/表二 业绩指标.{}", fixture.rsplit('.').next().unwrap());
    assert!(
        err.lines()
            .any(|l| l.contains(&line) && l.contains(expected)),
        "{fixture}: expected {expected:?} on the line of its file in:\n{err}"
    );
}

#[test]
fn shared_string_counts_are_read_as_xml_reads_them() {
    for (fixture, count) in [
        ("sst-single-quotes.xlsx", "10000000000000"),
        ("sst-spaces.xlsx", "400000000000000000"),
        ("sst-late.xlsx", "10000000000000"),
        ("sst-moved.xlsx", "10000000000000"),
    ] {
        refused(
            fixture,
            &format!("the shared-string count {count} does not fit the file size, refused"),
        );
    }
}

#[test]
fn workbooks_within_every_limit_still_read() {
    // The same package as sst-moved.xlsx with an honest count: the guard
    // above is what refuses that one.
    let (code, err) = pack_with("moved.xlsx");
    assert_eq!(code, 0, "{err}");
    // A sheet padded to just within the part limit, with a hidden row and
    // a formula for the layout scan to find.
    let (code, err) = pack_with("padded.xlsx");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_file_larger_than_any_workbook_is_not_read_by_pack_or_import() {
    let (tmp, src) = submissions(&[PREF]);
    let file = src.join(PREF).join("表二 业绩指标.xlsx");
    fs::remove_file(&file).unwrap();
    // 65 MB (sparse: nothing is written).
    fs::File::create(&file).unwrap().set_len(65 << 20).unwrap();
    let out = tmp.path().join("bundle.tar");
    let o = pack_en(&src, &out);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("天门/表二 业绩指标.xlsx: the workbook is 65 MB, more than any table needs (at most 64 MB); not read"),
        "{err}"
    );
    // The same file in a bundle made without checks.
    unchecked_bundle(&src, &out);
    let db = tmp.path().join("s.db");
    let o = pingshen(&[
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "en",
        "import",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "larger than any table needs (at most 64 MB); not read: 天门/表二 业绩指标.xlsx"
        ),
        "{err}"
    );
}

#[test]
fn a_gigabyte_of_xml_in_a_megabyte_is_refused_before_it_is_inflated() {
    for fixture in ["bomb-spaces.xlsx", "bomb-nuls.xlsx", "bomb-digits.xlsx"] {
        assert!(
            fs::metadata(testdata("hostile").join(fixture))
                .unwrap()
                .len()
                < 2 << 20
        );
        refused(
            fixture,
            "the workbook's xl/worksheets/sheet1.xml decompresses to 1024 MB, far more than any table needs; refused",
        );
    }
}

#[test]
fn a_part_larger_than_it_declares_is_cut_off_where_it_lies() {
    refused(
        "bomb-lying.xlsx",
        "File is larger than its declared uncompressed size",
    );
}

#[test]
fn too_many_cells_are_refused_by_size_or_by_count() {
    refused(
        "cells-100000x200.xlsx",
        "decompresses to 287 MB, far more than any table needs",
    );
    refused(
        "cells-2000x200.xlsx",
        "表二: the sheet 表二 holds more than 250000 cells; refused",
    );
}

#[test]
fn a_legacy_workbook_larger_than_any_table_is_refused_before_it_is_parsed() {
    // The real one, then zeros to 20 MB (made here: 20 MB is not worth
    // keeping in the repository).
    let mut bytes = fs::read(testdata("broken/表二.xls")).unwrap();
    bytes.resize(20 << 20, 0);
    let (code, err) = pack_bytes("large.xls", &bytes);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("天门/表二 业绩指标.xls: the legacy workbook (.xls) is 20 MB, more than any table needs (at most 16 MB); refused"),
        "{err}"
    );
}

#[test]
fn a_legacy_sheet_declaring_a_vast_area_is_refused_before_it_is_reserved() {
    refused(
        "dimension-area.xls",
        "表二: the declared sheet dimension 100000 × 512 is absurd",
    );
}

/// Found by mutating 表二.xls at random (as the test below does): a
/// reader's panic (calamine indexes past a record) is this file's error,
/// and a declared first row past the last, which calamine turns into four
/// billion rows to reserve, is refused before it is.
#[test]
fn workbooks_found_by_mutation_are_refused_for_themselves() {
    refused(
        "fuzz-panic.xls",
        "the workbook reader failed (the file may be damaged): range end index 2 out of range for slice of length 0",
    );
    refused(
        "fuzz-dimension-wrap.xls",
        "表二: the declared sheet dimension 4289003527 × 18 is absurd",
    );
}

/// Thousands of workbooks a few bytes away from real ones, read in this
/// process: each is read or refused, none takes the process down (an
/// allocation failure would abort the test).
#[test]
fn mutated_workbooks_never_take_the_process_down() {
    use pingshen::bundle::workbook::read_bytes;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (file, xls) in [
        ("broken/表二.xls", true),
        ("messy/表二-all-at-once.xls", true),
        ("submissions/天门/表二 业绩指标.xlsx", false),
    ] {
        let base = fs::read(testdata(file)).unwrap();
        let (mut read, mut refused) = (0, 0);
        for _ in 0..1500 {
            let mut b = base.clone();
            for _ in 0..1 + next() % 8 {
                let p = (next() % b.len() as u64) as usize;
                b[p] = next() as u8;
            }
            match read_bytes(b, xls) {
                Ok(_) => read += 1,
                Err(_) => refused += 1,
            }
        }
        assert_eq!(read + refused, 1500, "{file}");
    }
}
