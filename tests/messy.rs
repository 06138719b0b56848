//! Workbooks filled the ways offices fill them (testdata/messy, made by
//! `cargo run --example gen_messy`): each goes into 天门's submissions in
//! place of its 表二 or its 申报表, through pack → import → `show --json`,
//! and must read to exactly the figures its author meant or be refused
//! with the cell named, as `cases.json` says. Zero silently wrong.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

const PREF: &str = "天门";
const FORM_DIR: &str = "天门/申报材料/SB-429006-01 天门机电制造产业集群";

fn cases() -> Value {
    let text = fs::read_to_string(testdata("messy/cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs one case; returns what went wrong, if anything.
fn run(case: &Value, expected: &Value) -> Option<String> {
    let file = case["file"].as_str().unwrap();
    let ext = Path::new(file).extension().unwrap().to_str().unwrap();
    let (tmp, src) = submissions(&[PREF]);
    let (dir, stem) = match case["replaces"].as_str().unwrap() {
        "表二" => (src.join(PREF), "表二 业绩指标"),
        _ => (src.join(FORM_DIR), "申报表"),
    };
    fs::remove_file(dir.join(format!("{stem}.xlsx"))).unwrap();
    fs::copy(
        testdata("messy").join(file),
        dir.join(format!("{stem}.{ext}")),
    )
    .unwrap();
    let out = tmp.path().join("bundle.tar");
    let o = pack_en(&src, &out);
    let err = stderr(&o);
    // The evidence warnings of 天门 are the same in every case: the report
    // in a failure is kept to what concerns the replaced workbook.
    let report = |err: &str| -> String {
        err.lines()
            .filter(|l| l.contains(stem) || l.contains("errors found"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if err.contains('\u{1b}') {
        return Some(format!("{file}: a raw escape in the report"));
    }
    if case["reads"] == false {
        if o.status.success() || out.exists() {
            return Some(format!(
                "{file}: packed, but must be refused:\n{}",
                report(&err)
            ));
        }
        for m in case["errors"].as_array().unwrap() {
            let m = m.as_str().unwrap();
            if !err.contains(m) {
                return Some(format!("{file}: expected {m:?} in:\n{}", report(&err)));
            }
        }
        return None;
    }
    if !o.status.success() {
        return Some(format!("{file}: refused, but must read:\n{}", report(&err)));
    }
    for m in case["warnings"].as_array().unwrap() {
        let m = m.as_str().unwrap();
        if !err.contains(m) {
            return Some(format!(
                "{file}: expected the warning {m:?} in:\n{}",
                report(&err)
            ));
        }
    }
    let db = tmp.path().join("store.db");
    let db = db.to_str().unwrap();
    let o = pingshen(&["--db", db, "import", out.to_str().unwrap()]);
    if !o.status.success() {
        return Some(format!("{file}: import failed: {}", stderr(&o)));
    }
    let show = |id: &str| -> Value {
        let o = pingshen(&["--db", db, "show", id, "--json"]);
        assert!(o.status.success(), "{file} {id}: {}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()["cluster"].clone()
    };
    for (id, want) in expected["clusters"].as_object().unwrap() {
        let got = show(id);
        for key in ["name", "county", "industry", "above_scale", "indicators"] {
            if got[key] != want[key] {
                return Some(format!(
                    "{file}: {id} {key} read as {} where the author meant {}",
                    got[key], want[key]
                ));
            }
        }
    }
    for (id, want) in expected["application"].as_object().unwrap() {
        let got = show(id);
        for (key, v) in want.as_object().unwrap() {
            let g = &got["application"][key];
            let same = match (g.as_f64(), v.as_f64()) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                _ => g == v,
            };
            if !same {
                return Some(format!(
                    "{file}: {id} {key} read as {g} where the author meant {v}"
                ));
            }
        }
    }
    None
}

fn run_all(ext: &str) {
    let all = cases();
    let list: Vec<&Value> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["file"].as_str().unwrap().ends_with(ext))
        .collect();
    assert!(list.len() >= 20, "{} {ext} cases", list.len());
    let failures: Vec<String> = list
        .iter()
        .filter_map(|c| run(c, &all["expected"]))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n\n{}",
        failures.len(),
        list.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_messy_xlsx_reads_right_or_is_refused_by_cell() {
    run_all(".xlsx");
}

#[test]
fn every_messy_xls_reads_right_or_is_refused_by_cell() {
    run_all(".xls");
}

/// The committed files are what the generator writes (the `.xlsx`; the
/// `.xls` are LibreOffice's and need it installed).
#[test]
fn the_generator_lists_every_committed_workbook() {
    let all = cases();
    let listed: std::collections::BTreeSet<String> = all["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap().to_string())
        .collect();
    let present: std::collections::BTreeSet<String> = fs::read_dir(testdata("messy"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".xlsx") || n.ends_with(".xls"))
        .collect();
    assert_eq!(listed, present);
    assert!(listed.len() >= 40, "{}", listed.len());
}
