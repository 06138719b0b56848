//! What a merge refuses, each with its reason: bad signatures, expired
//! signers, content no review form allows, repeats, a missing bundle.

use super::*;

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
