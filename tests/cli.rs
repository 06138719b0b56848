//! The batch commands end to end, as people use them from a shell.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use pingshen::bundle::table::{self, Found};
use pingshen::bundle::{fields, workbook};
use pingshen::store::Store;

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
fn a_changed_file_is_refused_by_name_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let before = counts(&db);

    let (_btmp, out) = small_bundle();
    let changed =
        "随州/考核材料/KH-4213-01 随州专用汽车产业集群/材料/02 公共服务平台建设情况说明.txt";
    rewrite(&out, |path, bytes| {
        vec![Raw::File(
            path.to_string(),
            if path == changed {
                b"tampered".to_vec()
            } else {
                bytes
            },
        )]
    });
    let o = pingshen(&["--db", &db, "--lang", "en", "import", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "the file was changed (SHA-256 mismatch): {changed}"
        )),
        "{}",
        stderr(&o)
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

/// Import is refused with one of `expected` and leaves the store empty.
fn import_refused(bundle: &Path, expected: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    let o = pingshen(&[
        "--db",
        &db,
        "--lang",
        "en",
        "import",
        bundle.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        expected.iter().any(|e| stderr(&o).contains(e)),
        "{expected:?} in\n{}",
        stderr(&o)
    );
    let store = Store::open(Path::new(&db)).unwrap();
    assert_eq!(store.counts().unwrap(), [0; 5], "nothing was imported");
}

#[test]
fn a_changed_workbook_is_refused_before_it_is_read() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, mut bytes| {
        if path == "随州/表二 业绩指标.xlsx" {
            let n = bytes.len();
            bytes[n - 30] ^= 1;
        }
        vec![Raw::File(path.to_string(), bytes)]
    });
    import_refused(
        &bundle,
        &["the file was changed (SHA-256 mismatch): 随州/表二 业绩指标.xlsx"],
    );
}

#[test]
fn a_link_in_a_bundle_is_not_followed() {
    let (_tmp, bundle) = small_bundle();
    let file = "随州/考核材料/KH-4213-01 随州专用汽车产业集群/材料/02 公共服务平台建设情况说明.txt";
    rewrite(&bundle, |path, bytes| match path == file {
        true => vec![Raw::Link(path.to_string(), "/etc/passwd".to_string())],
        false => vec![Raw::File(path.to_string(), bytes)],
    });
    import_refused(&bundle, &[&format!("the path escapes the bundle: {file}")]);
}

#[test]
fn a_file_the_manifest_does_not_list_is_refused() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, bytes| {
        let mut out = vec![Raw::File(path.to_string(), bytes)];
        if path.ends_with("表二 业绩指标.xlsx") {
            out.push(Raw::File("随州/extra.txt".into(), b"slipped in".to_vec()));
        }
        out
    });
    import_refused(
        &bundle,
        &["a file the manifest does not list (or lists once): 随州/extra.txt"],
    );
}

#[test]
fn a_manifest_path_that_climbs_out_is_refused() {
    let (_tmp, bundle) = small_bundle();
    rewrite(&bundle, |path, bytes| {
        let bytes = match path {
            "manifest.json" => String::from_utf8(bytes)
                .unwrap()
                .replacen(
                    "\"path\":\"随州/考核材料/",
                    "\"path\":\"../随州/考核材料/",
                    1,
                )
                .into_bytes(),
            _ => bytes,
        };
        vec![Raw::File(path.to_string(), bytes)]
    });
    import_refused(&bundle, &["the path escapes the bundle: ../随州/考核材料/"]);
}

#[test]
fn a_truncated_bundle_is_refused() {
    let (_tmp, bundle) = small_bundle();
    let bytes = fs::read(&bundle).unwrap();
    fs::write(&bundle, &bytes[..bytes.len() * 2 / 3]).unwrap();
    import_refused(
        &bundle,
        &["the bundle file is damaged", "the bundle lacks the file"],
    );
}

#[test]
fn log_prints_every_change_of_every_reviewer_or_of_one() {
    use pingshen::review::score::Field;
    use pingshen::session::Session;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db").display().to_string();
    import_demo(&db);
    {
        let mut store = pingshen::store::Store::open(std::path::Path::new(&db)).unwrap();
        let b = store.bundle(None).unwrap();
        let mut zhang = Session::begin(&store, &b, "张三").unwrap();
        zhang
            .set(
                &mut store,
                "KH-4201-01",
                Field::Score("P1".into()),
                Some("8"),
            )
            .unwrap();
        zhang
            .set(
                &mut store,
                "KH-4201-01",
                Field::Score("P1".into()),
                Some("9.5"),
            )
            .unwrap();
        zhang.undo(&mut store).unwrap();
        let mut li = Session::begin(&store, &b, "李四").unwrap();
        li.set(
            &mut store,
            "KH-4201-02",
            Field::Conflict,
            Some("曾参与\u{1b}[2J规划"),
        )
        .unwrap();
    }
    let o = pingshen(&["--db", &db, "log"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].contains("张三") && lines[0].contains("P1 分数: （空） → “8”"));
    assert!(lines[2].contains("“9.5” → “8”") && lines[2].contains("撤销"));
    assert!(lines[3].contains("李四") && lines[3].contains("回避"));
    assert!(!text.contains('\u{1b}'), "reasons are printed inert");
    let o = pingshen(&["--db", &db, "--reviewer", "李四", "log", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["field"], "conflict");
    assert_eq!(v[0]["cluster"], "KH-4201-02");
    let o = pingshen(&["--db", &db, "log", "--cluster", "kh-4201-01", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}

#[test]
fn errors_say_what_happened_in_the_readers_language() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.tar");
    let o = pingshen(&["open", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("不存在") && stderr(&o).contains("missing.tar"),
        "{}",
        stderr(&o)
    );
    let o = pingshen(&["--lang", "en", "import", tmp.path().to_str().unwrap()]);
    assert!(
        stderr(&o).contains("is a folder, not a bundle file"),
        "{}",
        stderr(&o)
    );
    // A lookup on a store that is not there: said, and nothing made.
    let db = tmp.path().join("no/such/dir/x.db");
    let o = pingshen(&["--db", db.to_str().unwrap(), "find", "szzyc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("文件夹") && stderr(&o).contains("不存在"),
        "{}",
        stderr(&o)
    );
    assert!(
        !tmp.path().join("no").exists(),
        "no folder made by a lookup"
    );
    let db = tmp.path().join("x.db");
    let o = pingshen(&[
        "--lang",
        "en",
        "--db",
        db.to_str().unwrap(),
        "show",
        "KH-4201-01",
    ]);
    assert!(
        stderr(&o).contains("does not exist: no bundle imported yet"),
        "{}",
        stderr(&o)
    );
    assert!(!db.exists());
    // The system's own words in Chinese, not English.
    let o = pingshen(&["verify", "/nope.json", "--signers", "/nope"]);
    assert!(stderr(&o).contains("文件或文件夹不存在"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("No such file"), "{}", stderr(&o));
}

#[test]
fn help_and_argument_errors_speak_the_interface_language() {
    let english = [
        "Usage",
        "Options",
        "Commands",
        "Print help",
        "[default",
        "[OPTIONS]",
    ];
    for args in [
        vec!["--help"],
        vec!["merge", "--help"],
        vec!["find", "--help"],
        vec!["keygen", "--help"],
    ] {
        let o = pingshen(&args);
        assert!(o.status.success(), "{args:?}");
        let out = stdout(&o);
        for w in english {
            assert!(!out.contains(w), "{args:?}: {w} in\n{out}");
        }
        assert!(out.contains("用法：") && out.contains("选项"), "{out}");
    }
    // English where asked for.
    let o = pingshen(&["--lang", "en", "--help"]);
    assert!(stdout(&o).contains("Usage") && !stdout(&o).contains("用法"));
    // Argument errors: what is wrong, a suggestion, where to look; exit 2.
    let o = pingshen(&["mergee"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("未知的命令：mergee") && err.contains("merge") && err.contains("--help"),
        "{err}"
    );
    assert!(
        !err.contains("error:") && !err.contains("unrecognized"),
        "{err}"
    );
    let o = pingshen(&["--keys", "emacs", "bundles"]);
    assert!(
        stderr(&o).contains("的值应为 default, vim 之一"),
        "{}",
        stderr(&o)
    );
    // Options with fixed values are checked by clap, in the same words;
    // a threshold says what a threshold looks like.
    for (bad, said) in [
        (
            "--rule=avg",
            "的值应为 mean, median, trimmed 之一，实为 avg",
        ),
        ("--max-sd=-1", "的值 -1 无效：应为不小于 0 的分值"),
    ] {
        let o = pingshen(&["merge", "a.json", "--signers", "s", "-o", "r.xlsx", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(said), "{bad}: {}", stderr(&o));
    }
    // A bad value from the environment names the variable.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(["bundles"])
        .env("PINGSHEN_KEYS", "emacs")
        .env_remove("PINGSHEN_LANG")
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("PINGSHEN_KEYS 的值应为 default, vim 之一，实为 emacs"),
        "{}",
        stderr(&o)
    );
}

/// What pack and import find is kept with the cluster it concerns and
/// shown there, in text and JSON.
#[test]
fn findings_travel_with_their_cluster() {
    let tmp = tempfile::tempdir().unwrap();
    let db = db(&tmp);
    import_demo(&db);
    let o = pingshen(&["--db", &db, "show", "KH-4203-01", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["IncrementMismatch", "ItemNoEvidence"], "{v}");
    assert_eq!(v["findings"][0]["file"], "十堰/表二 业绩指标.xlsx");
    assert_eq!(v["findings"][0]["cell"], "H4");
    let o = pingshen(&["--db", &db, "show", "KH-4203-01"]);
    let text = stdout(&o);
    assert!(text.contains("审查提示（2 条）"), "{text}");
    assert!(text.contains("评分项 W6 集群品牌 没有证明材料"), "{text}");
    // A cluster nothing was found on says nothing of it.
    let o = pingshen(&["--db", &db, "show", "KH-4205-10"]);
    assert!(!stdout(&o).contains("审查提示"));
}
