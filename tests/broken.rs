//! Broken and awkward workbooks (testdata/broken) through the real binary:
//! every refusal names file, sheet and cell; nothing is written or imported
//! half-way; awkward but valid layouts read to the same figures.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const PREF: &str = "神农架林区";
const CATALOGUE: &str = "神农架林区/考核材料/KH-429021-01 神农架绿色食品产业集群/证明材料目录.xlsx";

/// A one-prefecture submissions folder whose 表二 is the fixture `name`.
fn with_table2(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, src) = submissions(&[PREF]);
    fs::remove_file(src.join(PREF).join("表二 业绩指标.xlsx")).unwrap();
    let ext = Path::new(name).extension().unwrap().to_str().unwrap();
    fs::copy(
        testdata("broken").join(name),
        src.join(PREF).join(format!("表二 业绩指标.{ext}")),
    )
    .unwrap();
    (tmp, src)
}

/// Packs `src`; returns (exit code, stderr) and checks that a refused pack
/// leaves no bundle behind.
fn pack(src: &Path) -> (i32, String, PathBuf) {
    let out = src.parent().unwrap().join("bundle.tar");
    let o = pack_en(src, &out);
    let code = o.status.code().unwrap_or(-1);
    if code != 0 {
        assert!(!out.exists(), "a refused pack must not leave a bundle");
        let leftovers: Vec<_> = fs::read_dir(src.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "no partial bundle file is left");
    }
    (code, stderr(&o), out)
}

fn refused(fixture: &str, expected: &str) {
    let (_tmp, src) = with_table2(fixture);
    let (code, err, _) = pack(&src);
    assert_eq!(code, 1, "{fixture}: {err}");
    assert!(
        err.contains(expected),
        "{fixture}: expected {expected:?} in:\n{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
}

#[test]
fn wrong_type_names_file_sheet_and_cell() {
    refused(
        "表二-wrong-type.xlsx",
        "神农架林区/表二 业绩指标.xlsx 表二!H5: expected a number in 万元, found \"约3亿\"",
    );
}

#[test]
fn wrong_type_in_legacy_xls_saved_by_libreoffice() {
    refused(
        "表二-wrong-type.xls",
        "神农架林区/表二 业绩指标.xls 表二!H5: expected a number in 万元, found \"约3亿\"",
    );
}

#[test]
fn missing_column_is_named() {
    refused(
        "表二-missing-column.xlsx",
        "表二!A2: the header lacks the columns: 本年销售收入（万元）",
    );
}

#[test]
fn absurd_dimension_is_refused_before_reading() {
    refused(
        "表二-absurd-dimension.xlsx",
        "表二 业绩指标.xlsx 表二: the declared sheet dimension A1:XFD1048576 is absurd",
    );
}

#[test]
fn absurd_dimension_in_xls_is_refused_before_calamine_allocates() {
    refused(
        "表二-absurd-dimension.xls",
        "表二 业绩指标.xls 表二: the declared sheet dimension 2147483647 × 18 is absurd",
    );
}

#[test]
fn absurd_shared_string_count_is_refused() {
    refused(
        "表二-absurd-strings.xlsx",
        "the shared-string count 4000000000 does not fit the file size",
    );
}

#[test]
fn escape_sequences_in_errors_are_inert() {
    refused(
        "表二-escape-in-error.xlsx",
        "表二!H5: expected a number in 万元, found \"\\u{1b}[31m十六亿\"",
    );
}

#[test]
fn an_xml_spreadsheet_or_a_web_page_named_xls_is_named_for_what_it_is() {
    for (text, expected) in [
        (
            "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>",
            "神农架林区/表二 业绩指标.xls: this is an XML spreadsheet (Excel 2003 XML), not an Excel workbook: open it and save it as .xlsx",
        ),
        (
            "<html><head><meta name=\"Generator\" content=\"WPS Office ET\"></head><body><table></table></body></html>",
            "神农架林区/表二 业绩指标.xls: this is a web page (HTML) saved under an Excel name",
        ),
    ] {
        let (_tmp, src) = submissions(&[PREF]);
        fs::remove_file(src.join(PREF).join("表二 业绩指标.xlsx")).unwrap();
        fs::write(src.join(PREF).join("表二 业绩指标.xls"), text).unwrap();
        let (code, err, _) = pack(&src);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
}

#[test]
fn a_legacy_workbook_named_xlsx_reads() {
    let (tmp, src) = with_table2("表二.xls");
    fs::rename(
        src.join(PREF).join("表二 业绩指标.xls"),
        src.join(PREF).join("表二 业绩指标.xlsx"),
    )
    .unwrap();
    assert_figures(
        &show_packed(tmp.path(), &src, "表二.xls named .xlsx"),
        "renamed",
    );
}

#[test]
fn path_traversal_in_a_catalogue_is_refused() {
    let (_tmp, src) = submissions(&[PREF]);
    fs::copy(testdata("broken/目录-traversal.xlsx"), src.join(CATALOGUE)).unwrap();
    let (code, err, _) = pack(&src);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "证明材料目录.xlsx 目录!E5: the path escapes the bundle: ../../../../../etc/passwd"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_pointing_outside_is_refused() {
    let (_tmp, src) = submissions(&[PREF]);
    let dir = src.join(CATALOGUE).parent().unwrap().join("材料");
    let file = dir.join("01 集群发展规划及年度实施方案.txt");
    fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", &file).unwrap();
    let (code, err, _) = pack(&src);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("目录!E4: the path escapes the bundle"),
        "{err}"
    );
}

/// Packs and imports a one-prefecture folder with fixture `name` as its
/// 表二, and returns what `show KH-429021-01 --json` says.
fn imported_show(name: &str) -> serde_json::Value {
    let (tmp, src) = with_table2(name);
    show_packed(tmp.path(), &src, name)
}

/// Packs and imports `src` (in `tmp`), and returns what
/// `show KH-429021-01 --json` says.
fn show_packed(tmp: &Path, src: &Path, name: &str) -> serde_json::Value {
    let (code, err, out) = pack(src);
    assert_eq!(code, 0, "{name}: {err}");
    let db = tmp.join("store.db");
    let db = db.to_str().unwrap();
    let o = pingshen(&["--db", db, "import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pingshen(&["--db", db, "show", "KH-429021-01", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn indicator(v: &serde_json::Value, kind: &str) -> (i64, i64, i64) {
    let i = v["cluster"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .unwrap();
    (
        i["previous"].as_i64().unwrap(),
        i["current"].as_i64().unwrap(),
        i["increment"].as_i64().unwrap(),
    )
}

/// The figures every valid variant of the fixture must read to (yuan, persons).
fn assert_fixture_figures(name: &str) {
    assert_figures(&imported_show(name), name);
}

fn assert_figures(v: &serde_json::Value, name: &str) {
    assert_eq!(v["cluster"]["name"], "神农架绿色食品产业集群", "{name}");
    assert_eq!(
        indicator(v, "sales"),
        (1_523_000_000, 1_675_305_000, 152_305_000),
        "{name}"
    );
    assert_eq!(indicator(v, "employment"), (3_120, 3_388, 268), "{name}");
    assert_eq!(indicator(v, "taxes").1, 107_502_500, "{name}");
}

#[test]
fn merged_two_row_header_reads() {
    assert_fixture_figures("表二-merged-header.xlsx");
}

#[test]
fn full_width_digits_under_a_unit_note_read() {
    assert_fixture_figures("表二-full-width.xlsx");
}

#[test]
fn legacy_xls_from_libreoffice_reads() {
    assert_fixture_figures("表二.xls");
}

#[test]
fn xlsx_saved_by_libreoffice_reads() {
    assert_fixture_figures("表二-libreoffice.xlsx");
}

/// Built to WPS's shape (see `wps_shaped` in examples/gen_broken.rs): rich
/// text in the name, a line break in a header, a picture in a cell, a hidden
/// reserved sheet, the `etc:` namespace.
#[test]
fn xlsx_in_the_shape_wps_saves_reads() {
    assert_fixture_figures("表二-wps.xlsx");
}

#[test]
fn escape_sequences_in_names_are_stored_and_shown_inert() {
    let v = imported_show("表二-escape.xlsx");
    assert!(
        v["cluster"]["name"].as_str().unwrap().contains('\u{1b}'),
        "the data is kept as submitted"
    );
    let (tmp, src) = with_table2("表二-escape.xlsx");
    let (_, _, out) = pack(&src);
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    assert!(
        pingshen(&["--db", db, "import", out.to_str().unwrap()])
            .status
            .success()
    );
    for args in [vec!["show", "KH-429021-01"], vec!["find", "神农架"]] {
        let mut all = vec!["--db", db];
        all.extend(args);
        let o = pingshen(&all);
        let text = stdout(&o);
        assert!(
            !text
                .chars()
                .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{202e}' | '\u{9b}')),
            "{text}"
        );
        assert!(text.contains("\\u{1b}[2J"), "{text}");
    }
    // JSON escapes what serde_json leaves raw (bidirectional overrides, C1
    // controls), and reads back as the name submitted.
    for args in [
        vec!["show", "KH-429021-01", "--json"],
        vec!["find", "神农架", "--json"],
    ] {
        let mut all = vec!["--db", db];
        all.extend(args.clone());
        let o = pingshen(&all);
        let text = stdout(&o);
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && pingshen::text::is_dangerous(c)),
            "{args:?}: {text:?}"
        );
        assert!(
            text.contains("\\u202e") && text.contains("\\u009b"),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let name = if args[0] == "show" {
            &v["cluster"]["name"]
        } else {
            &v[0]["name"]
        };
        assert!(name.as_str().unwrap().contains('\u{202e}'), "{v}");
    }
}

#[test]
fn a_broken_bundle_leaves_the_store_exactly_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.db");
    let db = db.to_str().unwrap();
    // A store that already holds the demo bundle.
    import_demo(db);
    let store = pingshen::store::Store::open(Path::new(db)).unwrap();
    let before = (store.counts().unwrap(), store.bundles().unwrap().len());
    drop(store);

    let (_src_tmp, src) = with_table2("表二-wrong-type.xlsx");
    let bundle = tmp.path().join("broken-bundle.tar");
    unchecked_bundle(&src, &bundle);
    let o = pingshen(&[
        "--db",
        db,
        "--lang",
        "en",
        "import",
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("表二!H5: expected a number in 万元, found \"约3亿\""),
        "{err}"
    );

    let store = pingshen::store::Store::open(Path::new(db)).unwrap();
    assert_eq!(
        (store.counts().unwrap(), store.bundles().unwrap().len()),
        before
    );
}
