//! Merging signed review files: reviewers made by the tests (keys, scores,
//! exports from the demo bundle), figures checked against hand-computed
//! expectations, every refusal, order independence, and a workbook whose
//! text stays text.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use pingshen::merge::{self, MergeError, Options, Outcome, Rule};
use pingshen::review::rubric::Points;
use pingshen::review::score::Field;
use pingshen::session::Session;
use pingshen::sign::{self, allowed, keys};
use pingshen::store::Store;

const X: &str = "KH-4201-01";
const Y: &str = "KH-4201-02";
const Z: &str = "KH-4201-03";

/// What one reviewer does on the demo bundle.
struct Plan<'a> {
    name: &'a str,
    /// (cluster, P1 score, conclusion); every other item gets 5.
    scored: Vec<(&'a str, &'a str, &'a str)>,
    recused: Vec<&'a str>,
}

struct Panel {
    tmp: tempfile::TempDir,
    db: PathBuf,
    lines: Vec<String>,
}

impl Panel {
    fn new() -> Panel {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("s.db");
        let mut store = Store::open(&db).unwrap();
        pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
        Panel {
            tmp,
            db,
            lines: Vec::new(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Scores as planned (in the shared store) and exports to `file`.
    fn review(&mut self, plan: &Plan, file: &str) -> PathBuf {
        let key = self.path(&format!("{}.key", plan.name));
        if !key.exists() {
            let public = keys::generate(&key, plan.name, None).unwrap();
            self.lines
                .push(keys::allowed_signers_line(plan.name, &public).unwrap());
        }
        let mut store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        {
            let mut s = Session::begin(&store, &b, plan.name).unwrap();
            for (cluster, p1, conclusion) in &plan.scored {
                let items = s.rubric(cluster).unwrap().item_ids();
                for i in items {
                    let v = if i == "P1" { *p1 } else { "5" };
                    s.set(&mut store, cluster, Field::Score(i), Some(v))
                        .unwrap();
                }
                s.set(&mut store, cluster, Field::Conclusion, Some(conclusion))
                    .unwrap();
            }
            for cluster in &plan.recused {
                s.set(&mut store, cluster, Field::Conflict, Some("回避理由"))
                    .unwrap();
            }
        }
        let out = self.path(file);
        let r = store.reviewer(plan.name).unwrap();
        let public = keys::load_public(&key).unwrap();
        let mut private = || keys::load(&key, &mut || None);
        pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &out, true)
            .unwrap();
        out
    }

    /// `reviewer`'s comment on P1 of X and opinion on X, in the store.
    fn annotate(&self, reviewer: &str, comment: &str, opinion: &str) {
        let mut store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        let mut s = Session::begin(&store, &b, reviewer).unwrap();
        s.set(&mut store, X, Field::Comment("P1".into()), Some(comment))
            .unwrap();
        s.set(&mut store, X, Field::Opinion, Some(opinion)).unwrap();
    }

    fn signers(&self) -> Vec<allowed::Signer> {
        allowed::parse(self.lines.join("\n"), "allowed_signers").signers
    }

    /// Merges `files` with the default options, the panel's signers and
    /// its store's names, and no rival files.
    fn merge(&self, files: &[PathBuf]) -> merge::MergeResult {
        self.merge_with(files, &Options::default())
    }

    /// [`Panel::merge`] with options of the test's own.
    fn merge_with(&self, files: &[PathBuf], o: &Options) -> merge::MergeResult {
        merge::merge(files, &self.signers(), sign::now(), o, &[], &self.names()).unwrap()
    }

    fn signers_file(&self) -> PathBuf {
        let p = self.path("allowed_signers");
        std::fs::write(&p, self.lines.join("\n") + "\n").unwrap();
        p
    }

    /// The demo bundle as the panel's store holds it.
    fn reference(&self) -> merge::Reference {
        let store = Store::open(&self.db).unwrap();
        let b = store.bundle(None).unwrap();
        merge::Reference::from_store(&store, &b).unwrap()
    }

    /// The bundles at hand for a merge: the panel's.
    fn names(&self) -> impl Fn(&str) -> Option<merge::Reference> + '_ {
        let r = self.reference();
        move |id: &str| (id == r.id).then(|| r.clone())
    }
}

/// Five reviewers: on X all five complete (P1 10, 8, 12, 2, 9 → totals 65,
/// 63, 67, 57, 64), on Y four complete and E recused, on Z only A.
fn five(panel: &mut Panel) -> Vec<PathBuf> {
    let plans = [
        ("A", "10", "合格"),
        ("B", "8", "合格"),
        ("C", "12", "合格"),
        ("D", "2", "不合格"),
        ("E", "9", "合格"),
    ];
    let mut files = Vec::new();
    for (name, p1, conclusion) in plans {
        let mut scored = vec![(X, p1, conclusion)];
        let mut recused = Vec::new();
        if name == "E" {
            recused.push(Y);
        } else {
            scored.push((Y, p1, "合格"));
        }
        if name == "A" {
            scored.push((Z, "12", "优秀"));
        }
        files.push(panel.review(
            &Plan {
                name,
                scored,
                recused,
            },
            &format!("{name}.json"),
        ));
    }
    files
}

/// Gives `to` the signature of `from` (the file itself is copied or
/// changed by the caller).
fn copy_sig(from: &Path, to: &Path) {
    std::fs::copy(
        format!("{}.sig", from.display()),
        format!("{}.sig", to.display()),
    )
    .unwrap();
}

fn cluster<'a>(r: &'a merge::MergeResult, id: &str) -> &'a merge::ClusterResult {
    r.clusters.iter().find(|c| c.id == id).unwrap()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

#[test]
fn figures_by_hand_with_the_trimmed_rule_at_its_boundary_recusals_and_missing_scores() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    assert_eq!(r.reviewers.len(), 5);
    // X: five complete totals 57 63 64 65 67; trimmed drops 57 and 67.
    let x = cluster(&r, X);
    let t = x.total.as_ref().unwrap();
    assert_eq!(t.n, 5);
    assert_eq!((t.mean, t.median), (p("63.2"), p("64")));
    assert_eq!((t.min, t.max, t.spread), (p("57"), p("67"), p("10")));
    assert_eq!(x.score, Some(p("64")), "(63 + 64 + 65) / 3");
    assert_eq!(x.rule_used, Some(Rule::Trimmed));
    // Population sd of 57 63 64 65 67: √(56.8 / 5) = √11.36 = 3.370…
    assert_eq!(t.sd, p("3.37"));
    // P1's own figures: 2 8 9 10 12.
    let p1 = x.items[0].as_ref().unwrap();
    assert_eq!((p1.n, p1.mean, p1.final_score), (5, p("8.2"), p("9")));
    assert_eq!(x.conclusions["合格"], 4);
    assert!(
        x.divergence.iter().any(|d| d.text().contains("不合格 1")),
        "{:?}",
        x.divergence
    );
    // Y: E recused — left out, not a zero; four scores, below N = 5: the mean.
    let y = cluster(&r, Y);
    let t = y.total.as_ref().unwrap();
    assert_eq!(t.n, 4);
    assert_eq!(y.rule_used, Some(Rule::Mean));
    assert_eq!(y.score, Some(p("63")), "(65 + 63 + 67 + 57) / 4");
    assert_eq!(y.recused, vec![4]);
    // Z: only A; everyone else has not scored it.
    let z = cluster(&r, Z);
    assert_eq!(z.score, Some(p("67")));
    assert_eq!(z.missing.len(), 4);
    assert!(r.missing().contains(&("B", Z)));
    // Ranking within the round: Z 67, X 64, Y 63.
    assert_eq!((z.rank, x.rank, y.rank), (Some(1), Some(2), Some(3)));
    // With N = 4, Y is trimmed: drop 57 and 67 → (63 + 65) / 2 = 64.
    let o = Options {
        trim_from: 4,
        ..Options::default()
    };
    let r4 = panel.merge_with(&files, &o);
    let y = cluster(&r4, Y);
    assert_eq!((y.score, y.rule_used), (Some(p("64")), Some(Rule::Trimmed)));
    // The other rules.
    for (rule, want) in [(Rule::Mean, "63.2"), (Rule::Median, "64")] {
        let o = Options {
            rule,
            ..Options::default()
        };
        let r = panel.merge_with(&files, &o);
        assert_eq!(cluster(&r, X).score, Some(p(want)), "{rule:?}");
    }
    // A tighter spread threshold flags X.
    let o = Options {
        max_spread: p("9.5"),
        ..Options::default()
    };
    let r = panel.merge_with(&files, &o);
    assert!(
        cluster(&r, X)
            .divergence
            .iter()
            .any(|d| matches!(d, merge::Divergence::Spread { .. }))
    );
}

#[test]
fn refusals_each_with_a_reason_and_the_others_still_merged() {
    let mut panel = Panel::new();
    let mut files = five(&mut panel);
    // A tampered copy of B's file, under another name.
    let tampered = panel.path("B-tampered.json");
    let text = std::fs::read_to_string(&files[1]).unwrap().replacen(
        "\"status\":\"complete\"",
        "\"status\":\"in_progress\"",
        1,
    );
    std::fs::write(&tampered, text).unwrap();
    copy_sig(&files[1], &tampered);
    // A reviewer the office does not know.
    let stranger = panel.review(
        &Plan {
            name: "Stranger",
            scored: vec![(X, "12", "优秀")],
            recused: vec![],
        },
        "stranger.json",
    );
    panel.lines.pop();
    // An older export of A (replayed) beside the newer one, and a copy.
    let older = panel.path("A-old.json");
    std::fs::copy(&files[0], &older).unwrap();
    copy_sig(&files[0], &older);
    let newer = panel.review(
        &Plan {
            name: "A",
            scored: vec![(X, "11", "合格")],
            recused: vec![],
        },
        "A-new.json",
    );
    let copy = panel.path("A-new-copy.json");
    std::fs::copy(&newer, &copy).unwrap();
    copy_sig(&newer, &copy);
    // A file for another bundle: the demo's 武汉 alone, packed and imported.
    let (sub, src) = submissions(&["武汉"]);
    let bundle2 = sub.path().join("b2.tar");
    let o = pingshen(&[
        "pack",
        src.to_str().unwrap(),
        "-o",
        bundle2.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let db2 = sub.path().join("s2.db");
    let other_bundle = {
        let mut store = Store::open(&db2).unwrap();
        pingshen::store::import(&mut store, &bundle2).unwrap();
        let b = store.bundle(None).unwrap();
        let r = store.reviewer("C").unwrap();
        let key = panel.path("C.key");
        let public = keys::load_public(&key).unwrap();
        let mut private = || keys::load(&key, &mut || None);
        let out = panel.path("C-other-bundle.json");
        pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &out, true)
            .unwrap();
        out
    };
    files.extend([
        tampered.clone(),
        stranger,
        older.clone(),
        newer.clone(),
        copy,
        other_bundle,
    ]);
    files.retain(|f| f != &panel.path("A.json"));
    files.push(older.clone());
    let r = panel.merge(&files);
    let outcome = |name: &str| {
        r.inputs
            .iter()
            .find(|i| i.path.ends_with(name))
            .map(|i| i.outcome.clone())
            .unwrap()
    };
    let kind = |name: &str| match outcome(name) {
        Outcome::Refused { kind, .. } => kind,
        other => format!("{other:?}"),
    };
    assert_eq!(kind("B-tampered.json"), "bad_signature");
    assert_eq!(kind("stranger.json"), "unknown_signer");
    assert_eq!(kind("C-other-bundle.json"), "another_bundle");
    assert!(
        matches!(outcome("A-old.json"), Outcome::Superseded { by } if by.ends_with("A-new.json") || by.ends_with("A-new-copy.json"))
    );
    assert!(
        matches!(outcome("A-new-copy.json"), Outcome::Duplicate { .. })
            || matches!(outcome("A-new.json"), Outcome::Duplicate { .. })
    );
    assert_eq!(outcome("B.json"), Outcome::Used);
    assert_eq!(r.reviewers.len(), 5, "A (newer), B, C, D, E");
    // A's newer file counts: P1 11 on X.
    let a = r.reviewers.iter().position(|x| x.name == "A").unwrap();
    assert_eq!(cluster(&r, X).marks[&a].scores[0], Some(p("11")));
}

#[test]
fn two_different_files_with_one_number_stop_the_merge_until_one_is_preferred() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    // D exports number 1 again from another store: different, same sequence.
    let db2 = panel.path("s2.db");
    let mut store = Store::open(&db2).unwrap();
    pingshen::store::import(&mut store, &testdata("bundle.tar")).unwrap();
    let b = store.bundle(None).unwrap();
    let mut s = Session::begin(&store, &b, "D").unwrap();
    s.set(&mut store, X, Field::Score("P1".into()), Some("1"))
        .unwrap();
    drop(s);
    let r = store.reviewer("D").unwrap();
    let key = panel.path("D.key");
    let public = keys::load_public(&key).unwrap();
    let mut private = || keys::load(&key, &mut || None);
    let rival = panel.path("D-rival.json");
    pingshen::session::export::export(&mut store, &b, &r, &public, &mut private, &rival, true)
        .unwrap();
    let mut all = files.clone();
    all.push(rival.clone());
    let signers = panel.signers();
    let names = panel.names();
    match merge::merge(
        &all,
        &signers,
        sign::now(),
        &Options::default(),
        &[],
        &names,
    ) {
        Err(MergeError::SameSequence {
            name,
            sequence,
            files,
        }) => {
            assert_eq!((name.as_str(), sequence, files.len()), ("D", 1, 2));
        }
        other => panic!("{:?}", other.map(|r| r.inputs)),
    }
    let r = merge::merge(
        &all,
        &signers,
        sign::now(),
        &Options::default(),
        std::slice::from_ref(&rival),
        &names,
    )
    .unwrap();
    let d = r.reviewers.iter().position(|x| x.name == "D").unwrap();
    assert_eq!(cluster(&r, X).marks[&d].scores[0], Some(p("1")));
}

#[test]
fn any_order_gives_the_same_bytes_and_formula_looking_names_stay_text() {
    use calamine::{Reader, Xlsx};
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let signers = panel.signers();
    // A cluster name that looks like a formula, as a prefecture might type it.
    let mut reference = panel.reference();
    for c in reference.rounds.values_mut().flat_map(|r| &mut r.clusters) {
        if c.id == X {
            c.name = "=HYPERLINK(\"http://x\",\"点我\")".to_string();
        }
    }
    let names = |_: &str| Some(reference.clone());
    let out = |files: &[PathBuf], dir: &str| {
        let r = merge::merge(
            files,
            &signers,
            sign::now(),
            &Options::default(),
            &[],
            &names,
        )
        .unwrap();
        let d = panel.path(dir);
        std::fs::create_dir_all(&d).unwrap();
        merge::output::write(&r, &d.join("result.xlsx"), true).unwrap();
        d
    };
    let a = out(&files, "a");
    let mut shuffled = files.clone();
    shuffled.reverse();
    shuffled.swap(0, 2);
    let b = out(&shuffled, "b");
    for f in [
        "result.xlsx",
        "result.json",
        "result.ranking.csv",
        "result.detail.csv",
        "result.matrix.csv",
        "result.opinions.csv",
        "result.divergence.csv",
        "result.sources.csv",
        "result.manifest.json",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs with the input order"
        );
    }
    let mut wb: Xlsx<_> = calamine::open_workbook(a.join("result.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["排名", "明细", "矩阵", "意见", "分歧", "来源"]
    );
    let formulas = wb.worksheet_formula("排名").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere"
    );
    let sheet = wb.worksheet_range("排名").unwrap();
    let found = sheet.rows().any(|row| {
        row.iter()
            .any(|c| matches!(c, calamine::Data::String(s) if s.starts_with("=HYPERLINK")))
    });
    assert!(found, "the name is a text cell");
    let rule = sheet.get((0, 0)).unwrap().to_string();
    assert!(rule.contains("去掉一个最高分和一个最低分"), "{rule}");
}

#[test]
fn merge_and_results_through_the_command_line() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let signers = panel.signers_file();
    // The output folder is made as needed.
    let out = panel.path("out/result.xlsx");
    let mut args: Vec<String> = vec![
        "--db".into(),
        panel.db.display().to_string(),
        "merge".into(),
    ];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend([
        "--signers".into(),
        signers.display().to_string(),
        "--rule".into(),
        "trimmed".into(),
        "-o".into(),
        out.display().to_string(),
    ]);
    let mut signed = args.clone();
    signed.extend([
        "--sign".into(),
        "--reviewer".into(),
        "A".into(),
        "--key".into(),
        panel.path("A.key").display().to_string(),
    ]);
    let a: Vec<&str> = signed.iter().map(String::as_str).collect();
    let o = pingshen(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    // The manifest's signature checks out with OpenSSH, in its own namespace.
    let line = panel.lines[0].replace("pingshen-review", "pingshen-result");
    let office = panel.path("office_signers");
    std::fs::write(&office, line + "\n").unwrap();
    let manifest = panel.path("out/result.manifest.json");
    let v = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&office)
        .args(["-I", "A", "-n", "pingshen-result", "-s"])
        .arg(format!("{}.sig", manifest.display()))
        .stdin(std::fs::File::open(&manifest).unwrap())
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(stdout(&o).contains("已合并 5 位评审专家"), "{}", stdout(&o));
    assert!(stderr(&o).contains("B 未完成 138 个集群"), "{}", stderr(&o));
    assert!(stderr(&o).contains("A 未完成 137 个集群"), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(panel.path("out/result.json")).unwrap()).unwrap();
    let x = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == X)
        .unwrap();
    assert_eq!(x["score"], "64");
    assert_eq!(x["name"], "东西湖食品加工产业集群", "names from the store");
    let csv = std::fs::read_to_string(panel.path("out/result.ranking.csv")).unwrap();
    assert!(csv.lines().nth(1).unwrap().contains("KH-4201-03"), "{csv}");
    let manifest = std::fs::read_to_string(panel.path("out/result.manifest.json")).unwrap();
    assert_eq!(manifest.matches("\"used\"").count(), 5, "{manifest}");
    // A bad rule is refused with what was expected.
    let mut bad = a.clone();
    let i = bad.iter().position(|x| *x == "trimmed").unwrap();
    bad[i] = "average";
    let o = pingshen(&bad);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("mean, median, trimmed") && stderr(&o).contains("average"),
        "{}",
        stderr(&o)
    );
}

fn screen(app: &mut pingshen::tui::results::Results, w: u16, h: u16) -> String {
    frame_text(w, h, |f| app.draw(f))
}

/// The results view, read at a size that cuts nothing and shows every row.
fn drawn(app: &mut pingshen::tui::results::Results) -> common::screen::Drawn {
    common::screen::Drawn::new(screen(app, 160, 220))
}

/// The cluster ids of the rows of the results list.
fn ids(d: &common::screen::Drawn) -> Vec<String> {
    d.body()
        .iter()
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("KH-") || w.starts_with("SB-"))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_results_view_ranks_filters_and_lays_reviewers_side_by_side() {
    use pingshen::i18n::{self, Lang};
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let mut panel = Panel::new();
    let mut files = five(&mut panel);
    // A comment and an opinion to show beside the scores.
    panel.annotate("D", "销售数据存疑", "材料不足，\n建议不合格。");
    files[3] = panel.review(
        &Plan {
            name: "D",
            scored: vec![],
            recused: vec![],
        },
        "D2.json",
    );
    let r = panel.merge(&files);
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let _lang = i18n::speak(lang);
        let mut app = pingshen::tui::results::Results::new(
            r.clone(),
            load_keymap(Keys::Default, None).unwrap(),
            pingshen::tui::app::Look {
                color: true,
                ascii: false,
            },
        );
        let press =
            |app: &mut pingshen::tui::results::Results, k: &str| app.on_key(Key::parse(k).unwrap());
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("results_{tag}_{w}x{h}"), screen(&mut app, w, h));
        }
        // Divergent only: X (conclusions differ) alone.
        press(&mut app, "<F7>");
        let d = drawn(&mut app);
        assert_eq!(d.showing().0, 1);
        assert!(d.selected().unwrap().contains(X), "{}", d.text);
        press(&mut app, "<Enter>");
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen(&mut app, w, h);
            assert!(
                text.contains("销售数据存疑") && text.contains("建议不合格"),
                "{text}"
            );
            insta::assert_snapshot!(format!("results_cluster_{tag}_{w}x{h}"), text);
        }
        press(&mut app, "<Esc>");
        press(&mut app, "<F7>");
        // By prefecture: the one the title names; its clusters are the
        // rows, and only they.
        press(&mut app, "<F6>");
        let d = drawn(&mut app);
        let title = d.title();
        let p = title.split(" · ").nth(1).unwrap();
        let mut theirs: Vec<&str> = r
            .clusters
            .iter()
            .filter(|c| c.prefecture == p)
            .map(|c| c.id.as_str())
            .collect();
        theirs.sort();
        let mut shown = ids(&d);
        shown.sort();
        assert!(!shown.is_empty(), "{title}");
        assert_eq!(shown, theirs, "{title}");
        press(&mut app, "q");
        assert!(app.quitting());
    }
}

#[test]
fn a_score_on_a_recused_cluster_and_an_expired_signer_are_refused_with_reasons() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    // E recused Y; a forged file gives E a score there anyway, validly
    // signed with E's own key.
    let text = std::fs::read_to_string(&files[4]).unwrap();
    let forged = text.replacen(
        "\"id\":\"KH-4201-02\",\"status\":\"recused\"",
        "\"id\":\"KH-4201-02\",\"scores\":\"12 5 5 5 5 5 5 5 5 5 5 5\",\"status\":\"recused\"",
        1,
    );
    assert_ne!(forged, text, "the recused cluster is in the file");
    let key = keys::load(&panel.path("E.key"), &mut || None).unwrap();
    let f = panel.path("E-forged.json");
    std::fs::write(&f, &forged).unwrap();
    std::fs::write(
        format!("{}.sig", f.display()),
        sign::sign(&key, forged.as_bytes()).unwrap(),
    )
    .unwrap();
    // D's key expired before today.
    let lines: Vec<String> = panel
        .lines
        .iter()
        .map(|l| {
            if l.starts_with("D ") {
                l.replacen("namespaces=", "valid-before=\"20200101Z\",namespaces=", 1)
            } else {
                l.clone()
            }
        })
        .collect();
    let signers = allowed::parse(lines.join("\n"), "allowed_signers").signers;
    let mut all = files.clone();
    all.retain(|p| !p.ends_with("E.json"));
    all.push(f);
    let names = panel.names();
    let r = merge::merge(
        &all,
        &signers,
        sign::now(),
        &Options::default(),
        &[],
        &names,
    )
    .unwrap();
    let find = |name: &str| r.inputs.iter().find(|i| i.path.ends_with(name)).unwrap();
    match &find("E-forged.json").outcome {
        Outcome::Refused { kind, reason } => {
            assert_eq!(kind, "malformed");
            assert!(reason.contains("recused with scores"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&find("D.json").outcome, Outcome::Refused { kind, .. } if kind == "expired"));
    assert_eq!(r.reviewers.len(), 3, "A, B, C");
}

#[test]
fn the_results_view_draws_at_any_size() {
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    let mut app = pingshen::tui::results::Results::new(
        r,
        load_keymap(Keys::Default, None).unwrap(),
        pingshen::tui::app::Look {
            color: false,
            ascii: true,
        },
    );
    // No size panics, and a screen with room shows what it should: the
    // ranking first, then each view the keys lead to.
    assert!(screen(&mut app, 200, 60).contains(X));
    for k in ["<Enter>", "?", "<Esc>", "<Esc>", "<F7>", "<Enter>"] {
        for (w, h) in [(1, 1), (10, 3), (30, 8), (59, 11)] {
            screen(&mut app, w, h);
        }
        assert!(!screen(&mut app, 200, 60).trim().is_empty(), "after {k}");
        app.on_key(Key::parse(k).unwrap());
    }
}

/// A copy of `file` changed by `edit` (on the parsed review, the summary
/// counted again), signed with `reviewer`'s own allowed key: content no
/// review form allows, under a signature that checks out.
fn forge(
    panel: &Panel,
    file: &Path,
    reviewer: &str,
    name: &str,
    edit: impl FnOnce(&mut pingshen::sign::file::ReviewFile),
) -> PathBuf {
    use pingshen::sign::file::{ReviewFile, Summary};
    let mut f = ReviewFile::parse(&std::fs::read(file).unwrap()).unwrap();
    edit(&mut f);
    let mut s = Summary::default();
    for c in f.clusters.values().flatten() {
        s.clusters += 1;
        match c.status.as_str() {
            "complete" => s.complete += 1,
            "in_progress" => s.in_progress += 1,
            "recused" => s.recused += 1,
            _ => s.not_started += 1,
        }
    }
    f.complete = s.in_progress == 0 && s.not_started == 0;
    f.summary = s;
    let bytes = f.to_bytes();
    let key = keys::load(&panel.path(&format!("{reviewer}.key")), &mut || None).unwrap();
    let out = panel.path(name);
    std::fs::write(&out, &bytes).unwrap();
    std::fs::write(
        format!("{}.sig", out.display()),
        sign::sign(&key, &bytes).unwrap(),
    )
    .unwrap();
    out
}

fn cluster_mut<'a>(
    f: &'a mut pingshen::sign::file::ReviewFile,
    id: &str,
) -> &'a mut pingshen::sign::file::ClusterReview {
    f.clusters
        .values_mut()
        .flatten()
        .find(|c| c.id == id)
        .unwrap()
}

#[test]
fn content_no_review_form_allows_is_refused_by_cluster_item_and_value() {
    let _lang = pingshen::i18n::speak(pingshen::i18n::Lang::En);
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let [a, b, c, d, e] = [0, 1, 2, 3, 4].map(|i| files[i].clone());
    // A: 999 on the 12-point P1 (a total of 1,054): it would rank first.
    let a999 = forge(&panel, &a, "A", "A-999.json", |f| {
        cluster_mut(f, X).scores[0] = Some(p("999"));
    });
    // B: 7.3 on a 0.5-step item.
    let b73 = forge(&panel, &b, "B", "B-7.3.json", |f| {
        cluster_mut(f, X).scores[1] = Some(p("7.3"));
    });
    // C: complete with P3 left unscored.
    let c_gap = forge(&panel, &c, "C", "C-gap.json", |f| {
        cluster_mut(f, X).scores[2] = None;
    });
    // D: a conclusion no round offers.
    let d_con = forge(&panel, &d, "D", "D-conclusion.json", |f| {
        cluster_mut(f, X).conclusion = Some("一等奖".into());
    });
    // E, in a file named to sort first: three clusters left out and one
    // the bundle lacks.
    let e_odd = forge(&panel, &e, "E", "0-E-odd.json", |f| {
        let list = f.clusters.get_mut("assessment").unwrap();
        list.retain(|c| ![X, Y, Z].contains(&c.id.as_str()));
        list.push(pingshen::sign::file::ClusterReview {
            id: "KH-9999-99".into(),
            status: "not_started".into(),
            ..Default::default()
        });
    });
    let all = vec![a999, b73, c_gap, d_con, e_odd.clone()];
    let signers = panel.signers();
    let names = panel.names();
    match merge::merge(
        &all,
        &signers,
        sign::now(),
        &Options::default(),
        &[],
        &names,
    ) {
        Err(MergeError::Nothing(inputs)) => {
            let why = |name: &str| match &inputs
                .iter()
                .find(|i| i.path.ends_with(name))
                .unwrap()
                .outcome
            {
                Outcome::Refused { kind, reason } => {
                    assert_eq!(kind, "invalid_content", "{reason}");
                    reason.clone()
                }
                other => panic!("{name}: {other:?}"),
            };
            let r = why("A-999.json");
            assert!(
                r.contains(X) && r.contains("P1") && r.contains("999") && r.contains("0–12"),
                "{r}"
            );
            let r = why("B-7.3.json");
            assert!(
                r.contains("P2") && r.contains("7.3") && r.contains("step 0.5"),
                "{r}"
            );
            let r = why("C-gap.json");
            assert!(
                r.contains(X) && r.contains("complete") && r.contains("P3"),
                "{r}"
            );
            let r = why("D-conclusion.json");
            assert!(r.contains("一等奖") && r.contains("合格"), "{r}");
            let r = why("0-E-odd.json");
            assert!(
                r.contains("KH-9999-99") && r.contains("not in the bundle"),
                "{r}"
            );
        }
        other => panic!(
            "every file should be refused: {:?}",
            other.map(|r| r.inputs)
        ),
    }
    // Each beside the honest files: refused alone, the others merged, and
    // the clusters those of the bundle whatever sorts first.
    let r = panel.merge(&[files.clone(), vec![e_odd.clone()]].concat());
    let bundle_clusters: usize = panel
        .reference()
        .rounds
        .values()
        .map(|r| r.clusters.len())
        .sum();
    assert_eq!(r.clusters.len(), bundle_clusters);
    assert!(r.clusters.iter().all(|c| c.id != "KH-9999-99"));
    assert!(
        [X, Y, Z]
            .iter()
            .all(|id| r.clusters.iter().any(|c| c.id == *id))
    );
    // E's honest file and the odd one: different, the same sequence — the
    // odd one refused before it could compete.
    assert_eq!(r.reviewers.len(), 5);
    // Only the missing clusters: refused, naming the first.
    let missing = forge(&panel, &e, "E", "E-missing.json", |f| {
        f.clusters
            .get_mut("assessment")
            .unwrap()
            .retain(|c| c.id != Y);
    });
    let r = panel.merge(&[files[..4].to_vec(), vec![missing]].concat());
    let why = r
        .inputs
        .iter()
        .find_map(|i| match &i.outcome {
            Outcome::Refused { reason, .. } if i.path.ends_with("E-missing.json") => {
                Some(reason.clone())
            }
            _ => None,
        })
        .unwrap();
    assert!(why.contains(Y) && why.contains("missing"), "{why}");
    assert_eq!(r.reviewers.len(), 4);
}

#[test]
fn equal_final_scores_share_a_rank_marked_tied() {
    let mut panel = Panel::new();
    // X and Y get the same totals from everyone; Z one point more.
    let mut files = Vec::new();
    for (name, p1) in [("A", "10"), ("B", "8")] {
        files.push(panel.review(
            &Plan {
                name,
                scored: vec![(X, p1, "合格"), (Y, p1, "合格"), (Z, "12", "合格")],
                recused: vec![],
            },
            &format!("{name}.json"),
        ));
    }
    let r = panel.merge(&files);
    let (x, y, z) = (cluster(&r, X), cluster(&r, Y), cluster(&r, Z));
    assert_eq!((z.rank, z.tied), (Some(1), false));
    assert_eq!((x.rank, x.tied), (Some(2), true));
    assert_eq!((y.rank, y.tied), (Some(2), true));
    // The next rank after a tie of two is 4 (1, 2, 2, 4).
    let next = r
        .clusters
        .iter()
        .filter(|c| c.round == "assessment")
        .find_map(|c| c.rank.filter(|&k| k > 2));
    assert!(next.is_none_or(|k| k == 4), "{next:?}");
    let out = panel.path("t/result.xlsx");
    merge::output::write(&r, &out, true).unwrap();
    let csv = std::fs::read_to_string(panel.path("t/result.ranking.csv")).unwrap();
    let row = |id: &str| csv.lines().find(|l| l.contains(id)).unwrap().to_string();
    assert!(row(X).contains(",2,并列,"), "{}", row(X));
    assert!(row(Z).contains(",1,,"), "{}", row(Z));
}

#[test]
fn formula_looking_names_stay_text_in_csv_and_every_opinion_is_in_the_outputs() {
    let mut panel = Panel::new();
    let mut files = Vec::new();
    for name in ["=王五", "@赵六", "-钱七"] {
        files.push(panel.review(
            &Plan {
                name,
                scored: vec![(X, "9", "合格")],
                recused: vec![],
            },
            &format!("{}.json", name.trim_start_matches(['=', '@', '-'])),
        ));
    }
    panel.annotate("=王五", "+销售数据存疑", "材料齐全。\n建议合格。");
    files[0] = panel.review(
        &Plan {
            name: "=王五",
            scored: vec![],
            recused: vec![],
        },
        "王五-2.json",
    );
    let r = panel.merge(&files);
    let out = panel.path("o/result.xlsx");
    merge::output::write(&r, &out, true).unwrap();
    let matrix = std::fs::read_to_string(panel.path("o/result.matrix.csv")).unwrap();
    let head = matrix.lines().next().unwrap();
    assert!(
        head.contains("'=王五") && head.contains("'@赵六") && head.contains("'-钱七"),
        "{head}"
    );
    assert!(!matrix.contains(",=") && !matrix.contains(",@"), "{matrix}");
    let opinions = std::fs::read_to_string(panel.path("o/result.opinions.csv")).unwrap();
    assert!(opinions.contains("'+销售数据存疑"), "{opinions}");
    assert!(
        opinions.contains("新增销售收入"),
        "the item's name beside P1: {opinions}"
    );
    assert!(opinions.contains("建议合格"), "{opinions}");
    let detail = std::fs::read_to_string(panel.path("o/result.detail.csv")).unwrap();
    assert!(detail.contains("P1,新增销售收入"), "{detail}");
    // Raw, for scripts, when asked.
    merge::output::write(&r, &panel.path("raw/result.xlsx"), false).unwrap();
    let raw = std::fs::read_to_string(panel.path("raw/result.matrix.csv")).unwrap();
    assert!(raw.lines().next().unwrap().contains(",=王五"), "{raw}");
    // The workbook holds the opinions too, as text.
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("意见").unwrap();
    assert!(
        sheet.rows().any(|row| row
            .iter()
            .any(|c| matches!(c, calamine::Data::String(t) if t == "+销售数据存疑"))),
        "the comment, as written, in a text cell"
    );
}

#[test]
fn the_command_needs_the_bundle_reports_repeats_and_fails_when_a_file_is_refused() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let signers = panel.signers_file();
    let a999 = forge(&panel, &files[0], "A", "A-999.json", |f| {
        cluster_mut(f, X).scores[0] = Some(p("50"));
    });
    let run = |extra: &[&str], inputs: &[PathBuf], out: &str| {
        let mut args: Vec<String> = vec!["--lang".into(), "en".into()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push("merge".into());
        args.extend(inputs.iter().map(|f| f.display().to_string()));
        args.extend([
            "--signers".into(),
            signers.display().to_string(),
            "-o".into(),
            panel.path(out).display().to_string(),
        ]);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        // A home of its own: no default store to fall back on.
        std::process::Command::new(env!("CARGO_BIN_EXE_pingshen"))
            .args(&a)
            .env("HOME", panel.path("home"))
            .env("XDG_DATA_HOME", panel.path("home/data"))
            .env("XDG_CONFIG_HOME", panel.path("home/config"))
            .env_remove("PINGSHEN_LANG")
            .output()
            .unwrap()
    };
    // Without the bundle: refused, saying what to give.
    let o = run(&[], &files, "none/result.xlsx");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--bundle") && stderr(&o).contains("--db"),
        "{}",
        stderr(&o)
    );
    assert!(!panel.path("none/result.xlsx").exists());
    // With the bundle file: checked, merged.
    let bundle = testdata("bundle.tar");
    let o = run(&[], &[], "x");
    assert!(!o.status.success());
    let mut with_bundle = files.clone();
    with_bundle.push(files[1].clone());
    let args = ["--bundle", bundle.to_str().unwrap()];
    let o = {
        let mut a: Vec<String> = vec!["--lang".into(), "en".into(), "merge".into()];
        a.extend(with_bundle.iter().map(|f| f.display().to_string()));
        a.extend(args.iter().map(|s| s.to_string()));
        a.extend([
            "--signers".into(),
            signers.display().to_string(),
            "-o".into(),
            panel.path("b/result.xlsx").display().to_string(),
        ]);
        std::process::Command::new(env!("CARGO_BIN_EXE_pingshen"))
            .args(&a)
            .env("XDG_DATA_HOME", panel.path("home/data"))
            .env_remove("PINGSHEN_LANG")
            .output()
            .unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("given twice"), "{}", stderr(&o));
    // From the store, with a refused file: the outputs written, exit 1.
    let db = panel.db.display().to_string();
    let mut inputs = files[1..].to_vec();
    inputs.push(a999);
    let o = run(&["--db", &db], &inputs, "c/result.xlsx");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(panel.path("c/result.xlsx").exists());
    let err = stderr(&o);
    assert!(
        err.contains("A-999.json") && err.contains("50") && err.contains("P1"),
        "{err}"
    );
    assert!(err.contains("1 review files were refused"), "{err}");
    // pingshen verify says the same of the file, with the store or the bundle.
    for extra in [vec!["--db", db.as_str()], vec![]] {
        let mut a: Vec<&str> = vec!["--lang", "en"];
        a.extend(&extra);
        let f = panel.path("A-999.json").display().to_string();
        let s = signers.display().to_string();
        a.extend(["verify", f.as_str(), "--signers", s.as_str()]);
        if extra.is_empty() {
            a.extend(["--bundle", bundle.to_str().unwrap()]);
        }
        let o = pingshen(&a);
        assert_eq!(o.status.code(), Some(17), "{}", stderr(&o));
        assert!(stderr(&o).contains("0–12"), "{}", stderr(&o));
    }
}

#[test]
fn the_results_view_searches_says_why_and_by_which_rule_with_any_key_map() {
    use pingshen::tui::keymap::Key;
    use pingshen::tui::{Keys, load_keymap};
    let _lang = pingshen::i18n::speak(pingshen::i18n::Lang::Zh);
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    for keys in [Keys::Default, Keys::Vim] {
        let mut app = pingshen::tui::results::Results::new(
            r.clone(),
            load_keymap(keys, None).unwrap(),
            pingshen::tui::app::Look {
                color: true,
                ascii: false,
            },
        );
        let press =
            |app: &mut pingshen::tui::results::Results, k: &str| app.on_key(Key::parse(k).unwrap());
        // Why X diverges, and by which rule each final score came, in the list.
        let text = screen(&mut app, 80, 24);
        let row = text.lines().find(|l| l.contains(X)).unwrap();
        assert!(
            row.contains("结论不一") && row.contains("去高去低平均"),
            "{row}"
        );
        let row = text.lines().find(|l| l.contains(Y)).unwrap();
        assert!(row.contains("平均"), "{row}");
        // `/` finds by pinyin initials; Esc drops the search.
        press(&mut app, "/");
        for c in "dxh".chars() {
            press(&mut app, &c.to_string());
        }
        let d = drawn(&mut app);
        assert_eq!(d.showing().0, 1, "{keys:?}");
        assert_eq!(ids(&d), [X]);
        press(&mut app, "<Enter>");
        press(&mut app, "<Enter>");
        assert!(drawn(&mut app).title().starts_with(X), "X open");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("去掉一个最高分和一个最低分"), "{text}");
        press(&mut app, "<Esc>");
        press(&mut app, "<Esc>");
        let d = drawn(&mut app);
        assert!(
            d.showing().0 > 100 && !d.title().contains("dxh"),
            "{}",
            d.title()
        );
        // The vim map's keys work here too.
        if keys == Keys::Vim {
            let rows = ids(&d);
            let at = |d: &common::screen::Drawn| {
                let s = d.selected().unwrap();
                rows.iter().position(|id| s.contains(id.as_str())).unwrap()
            };
            let before = at(&d);
            press(&mut app, "j");
            assert_eq!(at(&drawn(&mut app)), before + 1);
        }
        // Help from the key map: the bindings and the intro.
        press(&mut app, "?");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("只看分歧") && text.contains("并列"), "{text}");
    }
}
