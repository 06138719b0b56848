//! What the commands say: the log, errors in the reader's language, help
//! and argument errors in the interface language, findings with their cluster.

use super::*;

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
