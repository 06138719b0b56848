//! The office's pre-screen (形式审查) on a copy of the demo with the mess
//! the notice asks it to catch: a designated cluster missing, a 附件3 row
//! for an unknown id, an applicant named as a designated cluster, a missing
//! 请示, a core enterprise at 6,676万元 and a blank 三废 answer. Pack
//! reports each with its place and writes 形式审查.xlsx; after import the
//! expert sees each on its cluster.

mod common;

use std::fs;
use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use common::*;
use pingshen_testdata::{Variant, write_demo_with};

/// The name the demo's roster gives a designated cluster.
fn designated_name(id: &str) -> String {
    let text = fs::read_to_string(testdata("submissions/pack.toml")).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    v["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_str() == Some(id))
        .and_then(|r| r["name"].as_str())
        .unwrap()
        .to_string()
}

fn show(db: &str, id: &str) -> serde_json::Value {
    let o = pingshen(&["--db", db, "show", id, "--json"]);
    assert!(o.status.success(), "{id}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn kinds(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn condition(v: &serde_json::Value, name: &str) -> (String, String) {
    let c = v["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == name)
        .unwrap();
    (
        c["status"].as_str().unwrap().to_string(),
        c["reason"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_pre_screen_finds_what_the_notice_asks_and_the_expert_sees_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&testdata("rubric"), &tmp.path().join("rubric"));
    let src = tmp.path().join("submissions");
    let renamed = designated_name("KH-4213-02");
    let variant = Variant {
        drop_assessed: Some("KH-4213-03".into()),
        summary_extra: Some((
            "随州".into(),
            "KH-4213-99".into(),
            "随州虚构产业集群".into(),
        )),
        rename_applicant: Some(("SB-4213-01".into(), renamed.clone())),
        without_document: Some(("SB-4212-01".into(), "请示".into())),
        blank_emissions: Some("SB-4201-01".into()),
    };
    write_demo_with(&src, 2018, &variant).unwrap();
    let out = tmp.path().join("out").join("bundle.tar");
    fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = pack_en(&src, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "warnings only:\n{err}");
    let missing = designated_name("KH-4213-03");
    for expected in [
        format!("随州/表二 业绩指标.xlsx: the designated cluster KH-4213-03 {missing} is not in 随州's 表二"),
        "随州/附件3 数据汇总表.xlsx 附件3!A7: the cluster KH-4213-99 of 附件3 is not in the prefecture's 表二".to_string(),
        format!("SB-4213-01 may be the designated cluster KH-4213-02 {renamed} (the same name)"),
        "SB-4212-01: the application lacks its request for designation".to_string(),
        "申报表.xlsx 申报表!D8: the form's 工业“三废”排放达标 is blank".to_string(),
    ] {
        assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    }
    // Errors would come first, then the warnings under their heading.
    assert!(err.contains("warnings ("), "{err}");
    assert!(
        err.lines().count() < 80,
        "the report is bounded: {} lines",
        err.lines().count()
    );

    // The workbook for the prefectures, read back with calamine.
    let sheet_path = out.parent().unwrap().join("形式审查.xlsx");
    assert!(sheet_path.exists(), "形式审查.xlsx beside the bundle");
    let mut wb = open_workbook_auto(&sheet_path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "summary");
    assert!(names.iter().any(|n| n == "随州"), "{names:?}");
    let suizhou = wb.worksheet_range("随州").unwrap();
    let rows: Vec<String> = suizhou
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    let has = |what: &str| rows.iter().any(|r| r.contains(what));
    assert!(has("KH-4213-03"), "{rows:#?}");
    assert!(has("KH-4213-99"), "{rows:#?}");
    assert!(has("SB-4213-01 | 随州/申报材料"), "{rows:#?}");
    // Columns: no., kind, cluster, file, sheet, cell, finding.
    assert_eq!(rows[0].split(" | ").count(), 7, "{}", rows[0]);
    let summary = wb.worksheet_range("summary").unwrap();
    assert!(
        summary
            .rows()
            .any(|r| r[0] == "随州" && r[2].to_string().parse::<f64>().unwrap() >= 3.0)
    );

    // After import, each finding is on its cluster.
    let db = tmp.path().join("store.db");
    let db = db.to_str().unwrap();
    let o = pingshen(&["--db", db, "import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reapplied = show(db, "SB-4213-01");
    assert!(
        kinds(&reapplied).contains(&"Reapplication".to_string()),
        "{reapplied}"
    );
    let (status, why) = condition(&reapplied, "concentration");
    assert_eq!(status, "fail");
    assert!(why.contains("曾都楚天有限公司（6,676万元）"), "{why}");
    let no_request = show(db, "SB-4212-01");
    assert!(kinds(&no_request).contains(&"MissingDocument".to_string()));
    let blank = show(db, "SB-4201-01");
    assert!(kinds(&blank).contains(&"BlankFormField".to_string()));
    assert_eq!(
        condition(&blank, "green").0,
        "unknown",
        "a blank 三废 is never met"
    );
    let o = pingshen(&["--db", db, "show", "SB-4212-01"]);
    assert!(
        stdout(&o).contains("申报材料缺少 申报请示"),
        "{}",
        stdout(&o)
    );
    // The cluster left out is not there to see, and nothing else is lost.
    let o = pingshen(&["--db", db, "show", "KH-4213-03"]);
    assert!(!o.status.success());
    assert!(Path::new(db).exists());
}

/// The pre-screen is for paper: LibreOffice prints every sheet on A4
/// landscape, every column on the page, the header row on every page and
/// each finding whole.
#[test]
fn the_pre_screen_prints_on_a4_landscape_with_nothing_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bundle.tar");
    let o = pingshen(&[
        "pack",
        testdata("submissions").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let xlsx = tmp.path().join("形式审查.xlsx");
    let pdf = print_to_pdf(&xlsx);
    let pages = pdf_pages(&pdf);
    // The summary and one sheet per prefecture with findings (13 here),
    // each on one page of its own.
    let sheets = open_workbook_auto(&xlsx).unwrap().sheet_names().len();
    assert_eq!(pages.len(), sheets, "one page per sheet: {pages:?}");
    for (w, h) in &pages {
        assert!(
            (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0,
            "A4 landscape: {w}×{h}"
        );
    }
    let text = pdf_text(&pdf);
    // Every column's heading is on the page, and the widest finding is
    // printed whole on its line.
    for page in text.split('\u{c}').filter(|p| !p.trim().is_empty()) {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert!(
            first.contains("形式审查意见"),
            "the title heads each page: {first}"
        );
    }
    for h in [
        "序号",
        "类别",
        "集群编号",
        "文件",
        "工作表",
        "单元格",
        "问题",
    ] {
        assert!(text.contains(h), "column {h} printed");
    }
    assert!(
        text.lines().any(|l| l
            .contains("KH-4203-01 销售收入：新增 315,567.81 ≠ 本年 2,408,936.81 − 上年 2,105,714")),
        "{text}"
    );
    assert!(text.contains("第 1 页，共"), "page numbers in the footer");
}

/// Rewrites the first sheet of `path` as plain cells, without those `keep`
/// refuses, and with the text `edit` gives (how a prefecture's hand edit
/// arrives).
fn rewrite_cells(
    path: &Path,
    keep: impl Fn(u32, u32, &str) -> bool,
    edit: impl Fn(u32, u32, &str) -> Option<String>,
) {
    let mut wb = open_workbook_auto(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name(&name).unwrap();
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let text = v.to_string();
            if text.is_empty() || !keep(r, c, &text) {
                continue;
            }
            let text = edit(r, c, &text).unwrap_or(text);
            match text.parse::<f64>() {
                Ok(n) => ws.write_number(r, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r, c as u16, &text).unwrap(),
            };
        }
    }
    drop(wb);
    out.save(path).unwrap();
}

/// 附件3 against 表二 both ways, a figure that disagrees, a totals row that
/// does not add up, and a 申报表 without a field the form asks for: each
/// reported at its place.
#[test]
fn summary_and_form_gaps_are_reported_at_their_place() {
    let (tmp, src) = submissions(&["随州"]);
    let summary = src.join("随州/附件3 数据汇总表.xlsx");
    // Leave KH-4213-02 out of 附件3, and change KH-4213-01's new jobs.
    let row_of = |id: &str| {
        let mut wb = open_workbook_auto(&summary).unwrap();
        let r = wb.worksheet_range("附件3").unwrap();
        let (r0, _) = r.start().unwrap();
        r0 + r
            .rows()
            .position(|row| row.iter().any(|c| *c == id))
            .unwrap() as u32
    };
    let (dropped, changed) = (row_of("KH-4213-02"), row_of("KH-4213-01"));
    rewrite_cells(
        &summary,
        |r, _, _| r != dropped,
        |r, c, _| (r == changed && c == 4).then(|| "999999".to_string()),
    );
    let form = fs::read_dir(src.join("随州/申报材料"))
        .unwrap()
        .map(|e| e.unwrap().path().join("申报表.xlsx"))
        .find(|p| p.to_string_lossy().contains("SB-4213-01"))
        .unwrap();
    // The form loses its 有效专利数 label and value.
    let label_at = std::cell::Cell::new(None);
    rewrite_cells(
        &form,
        |r, c, t| {
            if t.starts_with("有效专利数") {
                label_at.set(Some((r, c)));
                return false;
            }
            label_at.get() != Some((r, c.wrapping_sub(1)))
        },
        |_, _, _| None,
    );
    let out = tmp.path().join("bundle.tar");
    let o = pack_en(&src, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "warnings only:\n{err}");
    for expected in [
        format!("附件3 数据汇总表.xlsx 附件3!E{}: 附件3 disagrees with 表二: KH-4213-01 employment is 999,999, 表二 says", changed + 1),
        "随州/附件3 数据汇总表.xlsx: 附件3 lacks cluster KH-4213-02".into(),
        "附件3!E8: 附件3 totals row: employment is 14,958, the rows add up to 1,007,268".into(),
        "SB-4213-01 曾都应急产业产业集群/申报表.xlsx 申报表: the form has no 有效专利数（件） field".into(),
    ] {
        assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    }
    let db = tmp.path().join("store.db");
    let db = db.to_str().unwrap();
    let o = pingshen(&["--db", db, "import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kinds_of = |id: &str| kinds(&show(db, id));
    assert!(kinds_of("KH-4213-02").contains(&"SummaryMissingCluster".to_string()));
    assert!(kinds_of("KH-4213-01").contains(&"SummaryMismatch".to_string()));
    assert!(kinds_of("SB-4213-01").contains(&"BlankFormField".to_string()));
}
