//! The figures of a merge: hand-computed expectations under each rule, ties,
//! the same bytes in any order, and text that stays text in every output.

use super::*;

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
        "result.scoresheets.xlsx",
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
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "考核结果",
            "建议名单",
            "专家组意见",
            "公示",
            "排名",
            "明细",
            "矩阵",
            "专家意见",
            "分歧",
            "来源"
        ]
    );
    // One score sheet per expert and round they marked, in a workbook of
    // their own: each did the assessment only.
    let mut book: Xlsx<_> = calamine::open_workbook(a.join("result.scoresheets.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "评分表-A-考核",
            "评分表-B-考核",
            "评分表-C-考核",
            "评分表-D-考核",
            "评分表-E-考核"
        ]
    );
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula anywhere: {name}"
        );
    }
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula anywhere: {name}"
        );
    }
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
    let sheet = wb.worksheet_range("专家意见").unwrap();
    assert!(
        sheet.rows().any(|row| row
            .iter()
            .any(|c| matches!(c, calamine::Data::String(t) if t == "+销售数据存疑"))),
        "the comment, as written, in a text cell"
    );
}
