use super::*;

#[test]
fn points_are_exact() {
    assert_eq!(Points::parse("12.5"), Some(Points(1250)));
    assert_eq!(Points::parse("0.25"), Some(Points(25)));
    assert_eq!(Points::parse("1.234"), None);
    assert_eq!(Points(1250).to_string(), "12.5");
    assert_eq!(Points(25).to_string(), "0.25");
    assert_eq!(Points(1000).to_string(), "10");
}

#[test]
fn shipped_rubrics_are_valid() {
    for f in ["assessment", "application"] {
        let path = format!("{}/../testdata/rubric/{f}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let r = Rubric::parse(&text).unwrap();
        assert_eq!(r.total(), Points(10_000), "{f} adds up to 100");
    }
}

#[test]
fn catalogues_name_items_by_id_or_name_as_written_or_folded() {
    let path = format!(
        "{}/../testdata/rubric/assessment.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let r = Rubric::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let resolve = r.resolver();
    let first = &r.items[0];
    let id = |t: &str| resolve(t).map(|i| i.id.clone());
    assert_eq!(id(&first.id), Some(first.id.clone()));
    assert_eq!(id(&first.name), Some(first.id.clone()));
    // Lower case, full-width, spaces: the same item.
    let folded: String = first
        .id
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 0xff41).unwrap(),
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xff10).unwrap(),
            c => c,
        })
        .collect();
    assert_eq!(id(&format!(" {folded} ")), Some(first.id.clone()));
    assert_eq!(id("没有这一项"), None);
}

#[test]
fn bad_step_names_the_item_and_field() {
    let text = r#"
round = "assessment"
title = "t"
opinions = ["合格"]
[[items]]
id = "P1"
name = "新增销售收入"
group = "业绩指标"
max = 10
step = 3
"#;
    let e = Rubric::parse(text).unwrap_err();
    let want = trf(
        M::RubricLine,
        &[
            &5,
            &format!(
                "items[0] (P1).step: {}",
                M::RubricStep.text(crate::i18n::lang())
            ),
        ],
    );
    assert_eq!(e.to_string(), want);
}

fn rubric_with(items: &str) -> String {
    format!("round = \"assessment\"\ntitle = \"t\"\nopinions = [\"合格\"]\n{items}")
}

fn item(id: &str, max: &str, step: &str) -> String {
    format!("\n[[items]]\nid = \"{id}\"\nname = \"n\"\ngroup = \"g\"\nmax = {max}\nstep = {step}\n")
}

/// The field at fault, and the line of its item.
fn fault(text: &str) -> (Option<usize>, &'static str) {
    match Rubric::parse(text).unwrap_err() {
        RubricError::Item { line, field, .. } => (line, field),
        RubricError::Rubric { line, field, .. } => (line, field),
        RubricError::Toml(m) => panic!("{m}"),
    }
}

#[test]
fn limits_keep_totals_sensible_and_name_the_line() {
    let ok = item("P1", "10", "0.5");
    // Huge maxima no longer overflow the total: refused at their line.
    let huge = rubric_with(&format!("{ok}{}", item("P2", "92233720368547758", "1")));
    assert_eq!(fault(&huge), (Some(12), "max"));
    assert_eq!(
        fault(&rubric_with(&item("P1", "1001", "1"))),
        (Some(5), "max")
    );
    assert!(Rubric::parse(&rubric_with(&item("P1", "1000", "1"))).is_ok());
    // Several items over 1000 in all.
    let many: String = (0..3).map(|i| item(&format!("P{i}"), "400", "1")).collect();
    assert_eq!(fault(&rubric_with(&many)), (Some(19), "max"));
    // A step above the maximum, or not dividing it, or nothing.
    assert_eq!(
        fault(&rubric_with(&item("P1", "2", "4"))),
        (Some(5), "step")
    );
    assert_eq!(
        fault(&rubric_with(&item("P1", "10", "3"))),
        (Some(5), "step")
    );
    assert_eq!(
        fault(&rubric_with(&item("P1", "10", "0"))),
        (Some(5), "step")
    );
    assert_eq!(
        fault(&rubric_with(&item("P1", "10", "-1"))),
        (Some(5), "step")
    );
    // Ids unique as catalogues read them: case and width folded.
    let twice = rubric_with(&format!("{ok}{}", item("ｐ1", "10", "1")));
    assert_eq!(fault(&twice), (Some(12), "id"));
    // Control characters in what the screen shows.
    assert_eq!(
        fault(&rubric_with(&item("P\\u001b", "10", "1"))),
        (Some(5), "id")
    );
    assert_eq!(
        fault(&rubric_with(&item(&"P".repeat(17), "10", "1"))),
        (Some(5), "id")
    );
    let title = "round = \"assessment\"\ntitle = \"\\u001b]0;x\\u0007\"\nopinions = [\"合格\"]\n";
    assert_eq!(fault(&format!("{title}{ok}")), (None, "title"));
    let no_conclusion = "round = \"assessment\"\ntitle = \"t\"\nopinions = [\"合格\", \"合格\"]\n";
    assert_eq!(fault(&format!("{no_conclusion}{ok}")), (None, "opinions"));
}

/// A rubric line holding escape sequences is quoted inert: the TOML
/// error shows it, but as visible text.
#[test]
fn toml_errors_quote_the_line_inert_and_short() {
    let text = format!(
        "{}\nbroken = \x1b]0;pwned\x07\x1b[2J\u{202e}{}\n",
        rubric_with(&item("P1", "10", "1")),
        "x".repeat(5000)
    );
    let e = Rubric::parse(&text).unwrap_err().to_string();
    assert!(e.contains("\\u{1b}"), "{e}");
    assert!(
        !e.chars().any(|c| c != '\n' && crate::text::is_dangerous(c)),
        "{e:?}"
    );
    assert!(e.chars().count() <= 601, "{}", e.chars().count());
}

#[test]
fn a_decision_table_sets_the_rule_and_a_bad_one_names_its_field() {
    let _lang = crate::i18n::speak(crate::i18n::Lang::En);
    let base = std::fs::read_to_string("../testdata/rubric/assessment.toml").unwrap();
    let r = Rubric::parse(&base).unwrap();
    assert!(r.decision.is_none());
    let by_majority = format!("{base}\n[decision]\nby = \"majority\"\nmin_reviews = 4\n");
    let r = Rubric::parse(&by_majority).unwrap();
    match r.decision_rule() {
        crate::review::decision::DecisionRule::Grade(g) => {
            assert_eq!(g.by, crate::review::decision::GradeBy::Majority);
            assert_eq!(g.min_reviews, 4);
        }
        other => panic!("{other:?}"),
    }
    let bad = format!("{base}\n[decision]\nplaces = 3\n");
    let e = Rubric::parse(&bad).unwrap_err().to_string();
    assert!(e.contains("decision") && e.contains("places"), "{e}");
}
