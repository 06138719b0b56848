//! The panel's decisions on a merge: the default rule, an option file's,
//! each recorded with where it came from, and a bad option file refused.

use super::*;
use pingshen::i18n::{self, Lang};
use pingshen::review::decision::{DecisionSpec, Reason};

fn decision(r: &merge::MergeResult, id: &str) -> (Option<String>, Vec<Reason>) {
    let d = cluster(r, id).decision.clone().expect("decided");
    (d.outcome, d.reasons)
}

fn with_file(rules: &str) -> Options {
    let spec: DecisionSpec = toml::from_str(rules).unwrap();
    Options {
        decision_file: Some(merge::DecisionFile {
            name: "rules.toml".into(),
            rounds: [(pingshen::model::Round::Assessment, spec)].into(),
        }),
        ..Options::default()
    }
}

#[test]
fn the_default_rule_grades_by_band_and_leaves_too_few_reviews_undecided() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge(&files);
    assert_eq!(r.decisions["assessment"].source, "default");
    assert_eq!(r.decisions["application"].source, "default");
    // X: totals 65, 63, 67, 57, 64; trimmed 64: the band from 60.
    let (outcome, reasons) = decision(&r, X);
    assert_eq!(outcome.as_deref(), Some("基本合格"));
    assert_eq!(
        reasons,
        [Reason::Band {
            score: p("64"),
            from: p("60"),
            grade: "基本合格".into(),
            below: None,
        }]
    );
    // Y: four complete (E recused), the mean 63.
    assert_eq!(decision(&r, Y).0.as_deref(), Some("基本合格"));
    // Z: one complete review, fewer than three.
    assert_eq!(
        decision(&r, Z),
        (None, vec![Reason::TooFew { valid: 1, min: 3 }])
    );
    // No application was reviewed: each undecided.
    let app = r
        .clusters
        .iter()
        .find(|c| c.round == "application")
        .unwrap();
    assert_eq!(app.decision.as_ref().unwrap().outcome, None);
    // The result read back has them.
    let json = serde_json::to_string(&r).unwrap();
    let back: merge::MergeResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back.decisions, r.decisions);
    assert_eq!(cluster(&back, X).decision, cluster(&r, X).decision);
}

#[test]
fn an_option_file_sets_the_rule_by_majority_or_the_lower_of_both() {
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = panel.merge_with(&files, &with_file("by = \"majority\""));
    assert_eq!(r.decisions["assessment"].source, "rules.toml");
    assert_eq!(r.decisions["application"].source, "default");
    // X: 合格 4, 不合格 1 — more than half.
    let (outcome, reasons) = decision(&r, X);
    assert_eq!(outcome.as_deref(), Some("合格"));
    assert_eq!(
        reasons,
        [Reason::Votes {
            opinion: "合格".into(),
            count: 4,
            of: 5,
            met: true
        }]
    );
    // Both: the band (基本合格) is lower than the majority (合格).
    let r = panel.merge_with(&files, &with_file("by = \"lower_of_both\""));
    let (outcome, reasons) = decision(&r, X);
    assert_eq!(outcome.as_deref(), Some("基本合格"));
    assert!(reasons.contains(&Reason::LowerOfBoth {
        by_score: "基本合格".into(),
        by_majority: "合格".into()
    }));
}

#[test]
fn an_option_file_that_does_not_fit_the_round_stops_the_merge_by_file_and_field() {
    let _lang = i18n::speak(Lang::En);
    let mut panel = Panel::new();
    let files = five(&mut panel);
    let r = merge::merge(
        &files,
        &panel.signers(),
        sign::now(),
        &with_file("bands = [{ grade = \"良好\", from = 0 }]"),
        &[],
        &panel.names(),
    );
    let e = r.unwrap_err().to_string();
    assert!(
        e.contains("rules.toml [assessment]") && e.contains("bands[0].grade") && e.contains("良好"),
        "{e}"
    );
    // Through the command line: a table that is no round, before any work.
    let rules = panel.path("rules.toml");
    std::fs::write(&rules, "[assesment]\nby = \"majority\"\n").unwrap();
    let signers = panel.signers_file();
    let db = panel.db.display().to_string();
    let mut args = vec!["--lang", "en", "--db", &db, "merge"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let (s, r, o) = (
        signers.display().to_string(),
        rules.display().to_string(),
        panel.path("out/result.xlsx").display().to_string(),
    );
    args.extend(["--signers", &s, "--decision", &r, "-o", &o]);
    let out = pingshen(&args);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("rules.toml") && stderr(&out).contains("no round named assesment"),
        "{}",
        stderr(&out)
    );
    assert!(!panel.path("out/result.xlsx").exists(), "nothing written");
}
