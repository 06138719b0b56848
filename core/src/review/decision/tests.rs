//! Every rule and tie case against a hand calculation.

use std::collections::BTreeMap;

use super::*;
use crate::i18n::{self, Lang};
use crate::model::Round;

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

fn grades() -> Vec<String> {
    ["优秀", "合格", "基本合格", "不合格"]
        .map(String::from)
        .to_vec()
}

fn votes(v: &[(&str, usize)]) -> BTreeMap<String, usize> {
    v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

fn spec(toml_text: &str) -> DecisionSpec {
    toml::from_str(toml_text).unwrap()
}

fn grade_rule(text: &str) -> GradeRule {
    match spec(text).rule(Round::Assessment, &grades()).unwrap() {
        DecisionRule::Grade(g) => g,
        other => panic!("{other:?}"),
    }
}

fn recommend_rule(text: &str) -> RecommendRule {
    let opinions = ["推荐", "不推荐"].map(String::from);
    match spec(text).rule(Round::Application, &opinions).unwrap() {
        DecisionRule::Recommend(r) => r,
        other => panic!("{other:?}"),
    }
}

fn graded(
    rule: &GradeRule,
    score: Option<&str>,
    valid: usize,
    v: &[(&str, usize)],
) -> Option<String> {
    let c = votes(v);
    let f = Figures {
        score: score.map(p),
        valid,
        conclusions: &c,
    };
    grade(rule, &grades(), &f).outcome
}

#[test]
fn the_default_grades_by_band_at_each_boundary() {
    let rule = grade_rule("");
    assert_eq!(rule.by, GradeBy::Score);
    for (score, want) in [
        ("100", "优秀"),
        ("90", "优秀"),
        ("89.99", "合格"),
        ("75", "合格"),
        ("74.99", "基本合格"),
        ("60", "基本合格"),
        ("59.99", "不合格"),
        ("0", "不合格"),
    ] {
        assert_eq!(
            graded(&rule, Some(score), 5, &[]).as_deref(),
            Some(want),
            "{score}"
        );
    }
    // Fewer complete reviews than three: undecided, whatever the score.
    let c = votes(&[]);
    let d = grade(
        &rule,
        &grades(),
        &Figures {
            score: Some(p("95")),
            valid: 2,
            conclusions: &c,
        },
    );
    assert_eq!(d.outcome, None);
    assert_eq!(d.reasons, [Reason::TooFew { valid: 2, min: 3 }]);
}

#[test]
fn a_majority_decides_and_each_split_rule_does_what_it_says() {
    let lower = grade_rule("by = \"majority\"");
    // 3 of 5: more than half.
    assert_eq!(
        graded(&lower, Some("50"), 5, &[("合格", 3), ("优秀", 2)]).as_deref(),
        Some("合格")
    );
    // 2 / 2 / 1: no majority. Best first: 优秀 2 (not > 2.5), then 合格
    // 2+2 = 4 > 2.5: 合格.
    let split = [("优秀", 2), ("合格", 2), ("不合格", 1)];
    assert_eq!(
        graded(&lower, Some("95"), 5, &split).as_deref(),
        Some("合格")
    );
    // An even split, 2 / 2: 优秀 2 is not more than half of 4; 合格 is.
    let even = [("优秀", 2), ("基本合格", 2)];
    assert_eq!(
        graded(&lower, Some("95"), 4, &even).as_deref(),
        Some("基本合格")
    );
    // Split, by the score's band instead.
    let score = grade_rule("by = \"majority\"\non_split = \"score\"");
    assert_eq!(
        graded(&score, Some("95"), 5, &split).as_deref(),
        Some("优秀")
    );
    // Split, left undecided.
    let open = grade_rule("by = \"majority\"\non_split = \"undecided\"");
    assert_eq!(graded(&open, Some("95"), 5, &split), None);
    // A majority is not a split: every split rule agrees.
    for r in [&lower, &score, &open] {
        assert_eq!(
            graded(r, Some("10"), 5, &[("优秀", 4), ("不合格", 1)]).as_deref(),
            Some("优秀")
        );
    }
}

#[test]
fn lower_of_both_takes_the_lower_grade_and_says_why() {
    let rule = grade_rule("by = \"lower_of_both\"");
    // Band 优秀 (92), majority 合格: 合格.
    let c = votes(&[("合格", 3), ("优秀", 2)]);
    let f = Figures {
        score: Some(p("92")),
        valid: 5,
        conclusions: &c,
    };
    let d = grade(&rule, &grades(), &f);
    assert_eq!(d.outcome.as_deref(), Some("合格"));
    assert!(d.reasons.contains(&Reason::LowerOfBoth {
        by_score: "优秀".into(),
        by_majority: "合格".into()
    }));
    // Band 基本合格 (61), majority 优秀: 基本合格.
    let c = votes(&[("优秀", 5)]);
    let f = Figures {
        score: Some(p("61")),
        valid: 5,
        conclusions: &c,
    };
    assert_eq!(
        grade(&rule, &grades(), &f).outcome.as_deref(),
        Some("基本合格")
    );
}

fn decide(
    rule: &RecommendRule,
    rows: &[(Option<&str>, usize, usize, usize)],
) -> Vec<Option<String>> {
    // (score, complete reviews, 推荐, 不推荐)
    let conclusions: Vec<BTreeMap<String, usize>> = rows
        .iter()
        .map(|(_, _, yes, no)| votes(&[("推荐", *yes), ("不推荐", *no)]))
        .collect();
    let figures: Vec<Figures> = rows
        .iter()
        .zip(&conclusions)
        .map(|((s, v, _, _), c)| Figures {
            score: s.map(p),
            valid: *v,
            conclusions: c,
        })
        .collect();
    recommend(rule, "推荐", "不推荐", &figures)
        .into_iter()
        .map(|d| d.outcome)
        .collect()
}

fn yes() -> Option<String> {
    Some("推荐".into())
}

fn no() -> Option<String> {
    Some("不推荐".into())
}

#[test]
fn the_default_recommends_on_a_majority_at_sixty_or_more() {
    let rule = recommend_rule("");
    assert_eq!(
        (rule.cut_off, rule.majority, rule.places),
        (Some(p("60")), true, None)
    );
    let got = decide(
        &rule,
        &[
            (Some("80"), 5, 3, 2),    // majority, above the line
            (Some("70"), 4, 2, 2),    // 2 of 4: not more than half
            (Some("60"), 5, 5, 0),    // exactly the line
            (Some("59.99"), 5, 5, 0), // under the line
            (Some("90"), 2, 2, 0),    // too few complete reviews
        ],
    );
    assert_eq!(got, [yes(), no(), yes(), no(), None]);
}

#[test]
fn places_and_every_tie_rule_at_the_last_place() {
    // Three places; the third and fourth eligible share 70.
    let rows = [
        (Some("90"), 5, 5, 0),
        (Some("80"), 5, 5, 0),
        (Some("75"), 5, 1, 4), // not a majority: not counted for places
        (Some("70"), 5, 5, 0),
        (Some("70"), 5, 5, 0),
        (Some("65"), 5, 5, 0),
    ];
    let include = recommend_rule("places = 3\nmajority = true");
    assert_eq!(
        include.cut_off, None,
        "places alone replace the default's cut-off"
    );
    assert_eq!(
        decide(&include, &rows),
        [yes(), yes(), no(), yes(), yes(), no()],
        "both tied at the third place are recommended"
    );
    let exclude = recommend_rule("places = 3\nmajority = true\non_tie = \"exclude\"");
    assert_eq!(
        decide(&exclude, &rows),
        [yes(), yes(), no(), no(), no(), no()]
    );
    let open = recommend_rule("places = 3\nmajority = true\non_tie = \"undecided\"");
    assert_eq!(decide(&open, &rows), [yes(), yes(), no(), None, None, no()]);
    // A tie inside the places is no tie at the last place.
    let four = recommend_rule("places = 4\nmajority = true\non_tie = \"exclude\"");
    assert_eq!(
        decide(&four, &rows),
        [yes(), yes(), no(), yes(), yes(), no()]
    );
    // Places by score alone, with a cut-off.
    let cut = recommend_rule("places = 2\ncut_off = 85");
    assert_eq!(decide(&cut, &rows), [yes(), no(), no(), no(), no(), no()]);
}

#[test]
fn rules_that_make_no_sense_are_refused_by_field() {
    let _lang = i18n::speak(Lang::En);
    let bad = |text: &str, round: Round| {
        let opinions = match round {
            Round::Assessment => grades(),
            Round::Application => ["推荐", "不推荐"].map(String::from).to_vec(),
        };
        spec(text).rule(round, &opinions).unwrap_err()
    };
    let e = bad("by = \"vote\"", Round::Assessment);
    assert_eq!(e.field, "by");
    assert!(e.message.contains("score, majority, lower_of_both"), "{e}");
    let e = bad("places = 3", Round::Assessment);
    assert_eq!(e.field, "places");
    let e = bad(
        "bands = [{ grade = \"良好\", from = 80 }, { grade = \"不合格\", from = 0 }]",
        Round::Assessment,
    );
    assert_eq!(e.field, "bands[0].grade");
    let e = bad(
        "bands = [{ grade = \"合格\", from = 60 }, { grade = \"优秀\", from = 90 }]",
        Round::Assessment,
    );
    assert_eq!(e.field, "bands");
    let e = bad("majority = false", Round::Application);
    assert_eq!(e.field, "majority", "no criterion left: {e}");
    let e = bad("places = 0", Round::Application);
    assert_eq!(e.field, "places");
    let e = bad("by = \"score\"", Round::Application);
    assert_eq!(e.field, "by");
    assert!(
        toml::from_str::<DecisionSpec>("grades = 3").is_err(),
        "unknown fields"
    );
}

#[test]
fn every_rule_and_reason_reads_in_both_languages() {
    let rule = DecisionRule::default_for(Round::Assessment, &grades());
    let zh = {
        let _lang = i18n::speak(Lang::Zh);
        rule.describe("推荐")
    };
    assert_eq!(
        zh,
        "考核等级按最终得分分档（优秀 ≥90，合格 ≥75，基本合格 ≥60，不合格 <60）；有效评审少于 3 份的待定"
    );
    let app = DecisionRule::default_for(Round::Application, &[]);
    let _lang = i18n::speak(Lang::En);
    assert_eq!(
        app.describe("推荐"),
        "recommended when all hold: a final score of at least 60, more than half of the conclusions 推荐; fewer than 3 complete reviews: undecided"
    );
    let d = Decision {
        outcome: None,
        reasons: vec![Reason::Tie {
            at: 3,
            places: 3,
            tied: 2,
            rule: Tie::Undecided,
        }],
    };
    assert_eq!(d.outcome_text(), "undecided");
    assert_eq!(
        d.reasons_text(),
        "2 clusters share the final score at place 3, across the last of 3 places: they are left undecided"
    );
}
