//! The batch commands end to end, as people use them from a shell.

#[path = "../common/mod.rs"]
mod common;
mod progress;
mod refusals;
mod shipping;
mod speech;

use common::*;
use pingshen::bundle::table::{self, Found};
use pingshen::bundle::{fields, workbook};
use pingshen::store::Store;
use std::fs;
use std::path::Path;

fn db(tmp: &tempfile::TempDir) -> String {
    tmp.path()
        .join("data/pingshen.db")
        .to_str()
        .unwrap()
        .to_string()
}

fn counts(db: &str) -> [i64; 5] {
    Store::open(Path::new(db)).unwrap().counts().unwrap()
}

#[test]
fn import_then_look_up_by_pinyin_initials() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    let o = pingshen(&[
        "--db",
        &db,
        "import",
        testdata("bundle.tar").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("140 个集群、1156 条证明材料"),
        "{}",
        stdout(&o)
    );

    let o = pingshen(&["--db", &db, "find", "szzyc"]);
    assert!(o.status.success());
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert!(
        first.starts_with("KH-4213-01") && first.contains("随州专用汽车产业集群"),
        "{first}"
    );

    let o = pingshen(&["--db", &db, "show", "kh-4213-01"]);
    let text = stdout(&o);
    for part in [
        "随州专用汽车产业集群",
        "销售收入",
        "1,679,493",
        "万元",
        "证明材料",
        "W1 工作规划及组织实施",
    ] {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "plain text, no escape sequences");
}

#[test]
fn json_for_scripts() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let o = pingshen(&["--db", &db, "find", "长阳", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"KH-4205-10") && ids.contains(&"SB-4205-03"),
        "{ids:?}"
    );

    let o = pingshen(&["--db", &db, "show", "SB-4205-03", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cluster"]["round"], "application");
    let checks = v["conditions"].as_array().unwrap();
    assert_eq!(checks.len(), 7);
    assert_eq!(checks[0]["condition"], "scale");
    // The three documents of the application, then its seven items.
    assert_eq!(v["evidence"].as_array().unwrap().len(), 10);
    assert_eq!(v["evidence"][0]["rubric_item"], "doc:request");
}

#[test]
fn an_application_below_the_threshold_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let store = Store::open(Path::new(&db)).unwrap();
    let b = store.bundle(None).unwrap();
    let below = store
        .cluster_rows(b.no)
        .unwrap()
        .into_iter()
        .filter(|r| r.id.starts_with("SB-"))
        .filter_map(|r| store.cluster(b.no, &r.id).unwrap())
        .find(|c| c.application.as_ref().unwrap().annual_sales.unwrap().0 < 2_000_000_000)
        .expect("the demo has an applicant under 20亿元");
    let o = pingshen(&["--db", &db, "show", &below.id.0]);
    let text = stdout(&o);
    let line = text.lines().find(|l| l.contains("规模较大")).unwrap();
    assert!(
        line.contains("不符合") && line.contains("亿元 ≤ 20亿元"),
        "{line}"
    );
}

#[test]
fn importing_again_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let before = counts(&db);
    let o = pingshen(&[
        "--db",
        &db,
        "--lang",
        "en",
        "import",
        testdata("bundle.tar").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("already imported; nothing changed"),
        "{}",
        stdout(&o)
    );
    assert_eq!(counts(&db), before);
}

#[test]
fn several_bundles_live_side_by_side() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let (_btmp, out) = small_bundle();
    assert!(
        pingshen(&["--db", &db, "import", out.to_str().unwrap()])
            .status
            .success()
    );

    let store = Store::open(Path::new(&db)).unwrap();
    let bundles = store.bundles().unwrap();
    assert_eq!(bundles.len(), 2);
    // The newest import is the default; the other is reached by its id.
    assert_eq!(bundles[0].clusters, 7);
    let demo = bundles.iter().find(|b| b.clusters == 140).unwrap();
    let o = pingshen(&["--db", &db, "find", "cyqjy"]);
    assert_eq!(o.status.code(), Some(1), "not in the 随州-only bundle");
    let o = pingshen(&["--db", &db, "find", "cyqjy", "--bundle", demo.short_id()]);
    assert!(stdout(&o).starts_with("KH-4205-10"), "{}", stdout(&o));
}

#[test]
fn unknown_cluster_and_empty_store_say_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    let o = pingshen(&["--db", &db, "find", "szzyc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pingshen --db"), "{}", stderr(&o));
    // The default store, on a machine where nothing was imported yet.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["find", "szzyc"])
        .env("XDG_DATA_HOME", tmp.path().join("fresh"))
        .env_remove("PINGSHEN_LANG")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pingshen import") && stderr(&o).contains("pingshen demo"),
        "{}",
        stderr(&o)
    );
    import_demo(&db);
    let o = pingshen(&["--db", &db, "--lang", "en", "show", "KH-9999-99"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no cluster with id KH-9999-99"));
}

#[cfg(unix)]
#[test]
fn the_store_is_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let mode = fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir = fs::metadata(Path::new(&db).parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir, 0o700);
    let store = Store::open(Path::new(&db)).unwrap();
    drop(store);
}

#[test]
fn blank_templates_are_recognized_by_the_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("templates");
    let o = pingshen(&["template", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (file, fields) in [
        ("表二 业绩指标.xlsx", fields::TABLE2),
        ("附件3 数据汇总表.xlsx", fields::SUMMARY),
        ("证明材料目录.xlsx", fields::CATALOGUE),
    ] {
        let sheets = workbook::read(&dir.join(file)).unwrap();
        assert!(
            matches!(table::find(&sheets, fields, 2018), Some(Found::Table(_))),
            "{file}"
        );
        let notes = sheets[0]
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|(_, v)| v.as_text().contains("填表说明"));
        assert!(notes, "{file} explains how to fill it");
    }
    let sheets = workbook::read(&dir.join("申报表.xlsx")).unwrap();
    let labels: Vec<(&str, &[&str])> = fields::FORM.iter().map(|(k, _, w)| (*k, *w)).collect();
    let hits = pingshen::bundle::form::label_values(&sheets[0], &labels, None);
    assert_eq!(
        hits.len(),
        fields::FORM.len(),
        "every label of the form is found"
    );
    assert!(
        hits.values().all(|h| h.value.is_none()),
        "and every value is blank"
    );
}

/// A one-prefecture bundle in a temporary folder.
fn small_bundle() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, src) = submissions(&["随州"]);
    let out = tmp.path().join("bundle.tar");
    let o = pingshen(&["pack", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}
