use proptest::prelude::*;

use crate::review::rubric::{Points, Rubric, RubricItem};

use super::*;

fn rubric() -> Rubric {
    let path = format!(
        "{}/../testdata/rubric/assessment.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    Rubric::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn item(max: i64, step: i64) -> RubricItem {
    let mut i = rubric().items[0].clone();
    i.max = Points(max);
    i.step = Points(step);
    i
}

#[test]
fn scores_within_range_and_on_step() {
    let p1 = item(1200, 50);
    assert_eq!(check_score(&p1, "8.5"), Ok(Points(850)));
    assert_eq!(check_score(&p1, " 12 "), Ok(Points(1200)));
    assert_eq!(check_score(&p1, "0"), Ok(Points(0)));
    assert_eq!(check_score(&p1, "８．５"), Ok(Points(850)), "full width");
    assert_eq!(
        check_score(&p1, "12.5"),
        Err(Refused::OutOfRange(Points(0), Points(1200)))
    );
    assert_eq!(
        check_score(&p1, "-1"),
        Err(Refused::OutOfRange(Points(0), Points(1200)))
    );
    assert_eq!(
        check_score(&p1, "8.3"),
        Err(Refused::OffStep(Points(50), Points(1200)))
    );
    assert!(matches!(
        check_score(&p1, "八"),
        Err(Refused::NotANumber(_))
    ));
    assert!(matches!(
        check_score(&p1, "8.125"),
        Err(Refused::NotANumber(_))
    ));
}

#[test]
fn stepping_stays_in_range() {
    let p1 = item(1200, 50);
    assert_eq!(stepped(&p1, None, true), Points(50));
    assert_eq!(stepped(&p1, None, false), Points(0));
    assert_eq!(stepped(&p1, Some(Points(1200)), true), Points(1200));
    assert_eq!(stepped(&p1, Some(Points(0)), false), Points(0));
    assert_eq!(stepped(&p1, Some(Points(820)), true), Points(850));
    assert_eq!(stepped(&p1, Some(Points(820)), false), Points(800));
}

#[test]
fn conclusions_come_from_the_rubric_and_conflicts_need_a_reason() {
    let r = rubric();
    assert_eq!(
        check(&r, &Field::Conclusion, Some("合格")),
        Ok(Some("合格".into()))
    );
    assert!(matches!(
        check(&r, &Field::Conclusion, Some("推荐")),
        Err(Refused::UnknownConclusion(..))
    ));
    assert_eq!(
        check(&r, &Field::Conflict, Some("  ")),
        Err(Refused::ReasonNeeded)
    );
    assert_eq!(
        check(&r, &Field::Score("Z9".into()), Some("1")),
        Err(Refused::UnknownItem("Z9".into()))
    );
}

#[test]
fn text_is_cleaned_and_lines_kept_only_in_opinions() {
    assert_eq!(
        clean_text(&Field::Opinion, "  第一行\t \r\n第二行\u{1b}[31m  \n").unwrap(),
        Some("第一行\n第二行[31m".into())
    );
    assert_eq!(
        clean_text(&Field::Comment("P1".into()), "a\nb").unwrap(),
        Some("ab".into())
    );
    assert_eq!(clean_text(&Field::Opinion, " \n ").unwrap(), None);
    let long = "字".repeat(MAX_LINE + 1);
    assert_eq!(
        clean_text(&Field::Comment("P1".into()), &long),
        Err(Refused::TooLong(MAX_LINE))
    );
}

#[test]
fn progress_needs_every_required_item_and_a_conclusion() {
    let r = rubric();
    let mut m = Marks::default();
    assert_eq!(m.progress(&r), Progress::NotStarted);
    m.set(&Field::Comment("P1".into()), Some("看材料".into()));
    assert_eq!(m.progress(&r), Progress::InProgress);
    for i in &r.items {
        m.set(&Field::Score(i.id.clone()), Some(i.max.to_string()));
    }
    assert_eq!(m.progress(&r), Progress::InProgress, "no conclusion yet");
    assert_eq!(m.total(&r), Points(10_000));
    m.set(&Field::Conclusion, Some("优秀".into()));
    assert_eq!(m.progress(&r), Progress::Complete);
    m.set(&Field::Score("W3".into()), None);
    assert_eq!(m.progress(&r), Progress::InProgress);
    assert_eq!(m.missing(&r)[0].id, "W3");
    m.set(&Field::Conflict, Some("本人曾参与该集群规划编制".into()));
    assert_eq!(m.progress(&r), Progress::Recused);
}

#[test]
fn field_keys_round_trip() {
    for f in [
        Field::Score("P1".into()),
        Field::Comment("W8".into()),
        Field::Conclusion,
        Field::Opinion,
        Field::Conflict,
    ] {
        assert_eq!(Field::parse(&f.key()), Some(f));
    }
    assert_eq!(Field::parse("total"), None);
}

proptest! {
    /// Whatever is typed, a score is accepted exactly when it is a
    /// number within range on the step, and is then kept exactly.
    #[test]
    fn accepted_scores_obey_range_and_step(
        max_steps in 1i64..60,
        step in prop::sample::select(vec![25i64, 50, 100, 200, 500]),
        hundredths in -500i64..7000,
    ) {
        let it = item(max_steps * step, step);
        let typed = Points(hundredths).to_string();
        match check_score(&it, &typed) {
            Ok(p) => {
                prop_assert_eq!(p, Points(hundredths));
                prop_assert!(p.0 >= 0 && p <= it.max && p.0 % step == 0);
                prop_assert_eq!(check_score(&it, &p.to_string()), Ok(p));
            }
            Err(Refused::OutOfRange(..)) => prop_assert!(hundredths < 0 || hundredths > it.max.0),
            Err(Refused::OffStep(..)) => prop_assert!(hundredths % step != 0),
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }

    /// Stepping from anything lands within range, on the step.
    #[test]
    fn steps_land_on_the_grid(
        max_steps in 1i64..60,
        step in prop::sample::select(vec![25i64, 50, 100]),
        from in prop::option::of(0i64..7000),
        up: bool,
    ) {
        let it = item(max_steps * step, step);
        let p = stepped(&it, from.map(Points), up);
        prop_assert!(p.0 >= 0 && p <= it.max && p.0 % step == 0);
        prop_assert!(check_score(&it, &p.to_string()).is_ok());
    }

    /// Any typed text is kept free of control characters.
    #[test]
    fn kept_text_has_no_control_characters(s in "\\PC*[\\x00-\\x1f\\x7f]?\\PC*") {
        if let Ok(Some(t)) = clean_text(&Field::Comment("P1".into()), &s) {
            prop_assert!(!t.chars().any(|c| c.is_control()));
        }
    }
}
