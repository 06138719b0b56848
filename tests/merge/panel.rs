//! The panel's deliverable on the scripted demo panel (five experts, a
//! split, a tie at the last place, a recusal), merged the way the office
//! merges it — `pingshen merge … --decision rules.toml` — and read back
//! from what it writes: the decisions against a hand calculation, the
//! documents to sign, the 公示 list that holds nothing else, and every
//! sheet as LibreOffice prints it.

use super::*;
use calamine::{Data, Reader, Xlsx};
use pingshen::digest::sha256_bytes;
use pingshen::review::decision::{Reason, Split, Tie};
use pingshen_testdata::panel::{self as demo, EXPERTS, RECUSAL, SPLIT};
use std::collections::BTreeMap;

/// The demo panel merged with its rules in a folder of its own.
pub(super) struct Merged {
    _tmp: tempfile::TempDir,
    pub(super) panel: demo::Panel,
    /// result/result.xlsx; the rest beside it.
    pub(super) out: PathBuf,
}

impl Merged {
    pub(super) fn new() -> Merged {
        let tmp = tempfile::tempdir().unwrap();
        let panel = demo::make(&tmp.path().join("panel"), &testdata("bundle.tar")).unwrap();
        let out = tmp.path().join("result").join("result.xlsx");
        Merged::merge_into(&panel, &out);
        Merged {
            _tmp: tmp,
            panel,
            out,
        }
    }

    /// `pingshen merge` of the panel's reviews with its rules into `out`,
    /// the result read back.
    pub(super) fn merge_into(panel: &demo::Panel, out: &Path) -> merge::MergeResult {
        let mut args: Vec<String> = vec![
            "--lang".into(),
            "zh".into(),
            "--db".into(),
            panel.store.display().to_string(),
            "merge".into(),
        ];
        args.extend(panel.reviews.iter().map(|p| p.display().to_string()));
        for (flag, path) in [
            ("--signers", &panel.allowed_signers),
            ("--decision", &panel.rules),
            ("-o", &out.to_path_buf()),
        ] {
            args.push(flag.into());
            args.push(path.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = pingshen(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        merge::MergeResult::read(&out.with_extension("json")).unwrap()
    }

    pub(super) fn beside(&self, suffix: &str) -> PathBuf {
        self.out.with_file_name(format!("result{suffix}"))
    }

    pub(super) fn result(&self) -> merge::MergeResult {
        serde_json::from_slice(&std::fs::read(self.beside(".json")).unwrap()).unwrap()
    }

    /// The result's workbook, and the experts' score sheets'.
    fn books(&self) -> [PathBuf; 2] {
        [self.out.clone(), self.beside(".scoresheets.xlsx")]
    }

    fn book(&self) -> Xlsx<std::io::BufReader<std::fs::File>> {
        calamine::open_workbook(&self.out).unwrap()
    }

    fn score_book(&self) -> Xlsx<std::io::BufReader<std::fs::File>> {
        calamine::open_workbook(self.beside(".scoresheets.xlsx")).unwrap()
    }

    /// A sheet's cells as text, row by row (from either workbook).
    pub(super) fn sheet(&self, name: &str) -> Vec<Vec<String>> {
        let mut book = self.book();
        let range = if book.sheet_names().iter().any(|n| n == name) {
            book.worksheet_range(name).unwrap()
        } else {
            self.score_book().worksheet_range(name).unwrap()
        };
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }
}

fn decided(r: &merge::MergeResult, id: &str) -> (Option<String>, Vec<Reason>) {
    let d = cluster(r, id).decision.clone().expect("decided");
    (d.outcome, d.reasons)
}

/// The decisions on the demo, each as the rules file and a hand count
/// give it: the lower of band and majority, a split resolved by the best
/// grade more than half gave or bettered, a recusal that leaves four
/// reviews, a tie across the last place included, too few reviews
/// undecided.
#[test]
fn the_demo_panels_decisions_follow_its_rules_by_hand() {
    let m = Merged::new();
    let r = m.result();
    assert_eq!(r.decisions["assessment"].source, "rules.toml");
    assert_eq!(r.decisions["application"].source, "rules.toml");

    // The split: 优秀 2, 合格 2, 基本合格 1 — no grade has three of five;
    // 合格 or better was given by four, 优秀 by only two: 合格. The score's
    // band is 合格 too, so the lower of both is 合格.
    let (outcome, reasons) = decided(&r, SPLIT.0);
    assert_eq!(outcome.as_deref(), Some("合格"));
    let split = reasons
        .iter()
        .find_map(|x| match x {
            Reason::Split { given, rule, grade } => Some((given.clone(), *rule, grade.clone())),
            _ => None,
        })
        .expect("the split rule applied");
    assert_eq!(
        split,
        (
            [
                ("优秀".into(), 2),
                ("合格".into(), 2),
                ("基本合格".into(), 1)
            ]
            .into(),
            Split::Lower,
            Some("合格".into())
        )
    );

    // KH-4201-01: the best cluster's final score reaches the 优秀 band, but
    // three of five concluded 合格: the lower of both stands.
    let (outcome, reasons) = decided(&r, "KH-4201-01");
    assert_eq!(outcome.as_deref(), Some("合格"));
    assert!(
        matches!(&reasons[0], Reason::Band { grade, from, .. } if grade == "优秀" && *from == p("90")),
        "{reasons:?}"
    );
    assert!(reasons.contains(&Reason::Votes {
        opinion: "合格".into(),
        count: 3,
        of: 5,
        met: true
    }));
    assert!(reasons.contains(&Reason::LowerOfBoth {
        by_score: "优秀".into(),
        by_majority: "合格".into()
    }));

    // The recusal: four complete reviews, all 合格.
    let c = cluster(&r, RECUSAL.1);
    assert_eq!(c.total.as_ref().map(|t| t.n), Some(4));
    let recused = EXPERTS.iter().position(|e| *e == RECUSAL.0).unwrap();
    assert_eq!(c.recused, [recused]);
    assert!(decided(&r, RECUSAL.1).1.contains(&Reason::Votes {
        opinion: "合格".into(),
        count: 4,
        of: 4,
        met: true
    }));

    // The applications: eight scored, the 3rd and 4th of equal quality tie
    // at 73 across the third place and both are recommended; the 5th meets
    // the cut-off and the majority but has no place left.
    let apps = &m.panel.applications;
    let recommended: Vec<&str> = r
        .clusters
        .iter()
        .filter(|c| c.round == "application")
        .filter(|c| c.decision.as_ref().and_then(|d| d.outcome.as_deref()) == Some("推荐"))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        recommended,
        apps[..4].iter().map(String::as_str).collect::<Vec<_>>()
    );
    for tied in &apps[2..4] {
        let c = cluster(&r, tied);
        assert_eq!((c.rank, c.tied, c.score), (Some(3), true, Some(p("73"))));
        assert!(decided(&r, tied).1.contains(&Reason::Tie {
            at: 3,
            places: 3,
            tied: 2,
            rule: Tie::Include
        }));
    }
    let (outcome, reasons) = decided(&r, &apps[4]);
    assert_eq!(outcome.as_deref(), Some("不推荐"));
    assert!(reasons.contains(&Reason::Place {
        at: 5,
        places: 3,
        met: false
    }));

    // Clusters nobody reviewed are undecided, and say why.
    assert_eq!(
        decided(&r, "KH-4203-01"),
        (None, vec![Reason::TooFew { valid: 0, min: 3 }])
    );
}

/// The documents: 考核结果 and 建议名单 with the rule stated above them,
/// five score sheets per round each naming the review file it comes from
/// and a line for its expert to sign, the panel sheet with a line for
/// every expert and the leader, and 公示 with clusters, prefectures and
/// decisions only.
#[test]
fn the_demo_panels_documents_are_the_ones_to_sign_and_publish() {
    let m = Merged::new();
    let names = m.score_book().sheet_names();
    assert_eq!(names.len(), 10, "{names:?}");
    for round in ["考核", "申报"] {
        let sheets: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with("评分表-") && n.ends_with(round))
            .collect();
        assert_eq!(sheets.len(), 5, "{names:?}");
    }

    // Each expert's sheet: from their signed file, with a line to sign.
    for (expert, review) in EXPERTS.iter().zip(&m.panel.reviews) {
        let rows = m.sheet(&format!("评分表-{expert}-考核"));
        let text = rows.concat().join("\n");
        let sha = sha256_bytes(&std::fs::read(review).unwrap()).to_string();
        assert!(
            text.contains(&format!("{expert}.review.json")) && text.contains(&sha),
            "{expert}: {text}"
        );
        assert!(text.contains(&format!("专家（{expert}）签字")), "{text}");
        assert!(text.contains("日期"), "{text}");
        // Thirteen assessed clusters, the recusal among them as such.
        let clusters = rows
            .iter()
            .filter(|r| r.first().is_some_and(|c| c.starts_with("KH-")))
            .count();
        assert_eq!(clusters, 13, "{expert}");
        if *expert == RECUSAL.0 {
            assert!(text.contains("回避"), "{text}");
        }
    }

    // The list: the four recommended in rank order, the rule above.
    let list = m.sheet("建议名单");
    let ids: Vec<&str> = list
        .iter()
        .filter_map(|r| r.get(2).map(String::as_str))
        .filter(|c| c.starts_with("SB-"))
        .collect();
    assert_eq!(
        ids,
        m.panel.applications[..4]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    let rule = list.concat().join("\n");
    assert!(
        rule.contains("rules.toml") && rule.contains("60 分") && rule.contains("名额 3 个"),
        "the rule stated: {rule}"
    );

    // The panel's sheet: every decision, a line for each to sign.
    let panel = m.sheet("专家组意见").concat().join("\n");
    for expert in EXPERTS {
        assert!(panel.contains(&format!("专家：{expert}")), "{panel}");
    }
    assert!(panel.contains("专家组组长签字"), "{panel}");
    assert!(panel.contains(SPLIT.0));

    // 公示: clusters, prefectures and decisions; no score, no expert.
    let public = m.sheet("公示");
    let head = public
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("序号"))
        .unwrap();
    assert_eq!(public[head], ["序号", "编号", "集群名称", "市州", "决定"]);
    let range = m.book().worksheet_range("公示").unwrap();
    let outcomes = ["优秀", "合格", "基本合格", "不合格", "推荐", "待定"];
    for row in range.rows().skip(head + 1) {
        assert!(matches!(row[0], Data::Float(_) | Data::Int(_)), "{row:?}");
        assert!(
            row[1..].iter().all(|c| matches!(c, Data::String(_))),
            "only text beside the number: {row:?}"
        );
        assert!(outcomes.contains(&row[4].to_string().as_str()), "{row:?}");
    }
    let csv = std::fs::read_to_string(m.beside(".public.csv")).unwrap();
    for text in [&public.concat().join("\n"), &csv] {
        for expert in EXPERTS {
            assert!(!text.contains(expert), "{expert} in 公示");
        }
    }
    assert_eq!(csv.lines().count(), public.len() - head);
    assert!(csv.starts_with("序号,编号,集群名称,市州,决定\n"), "{csv}");
}

/// Every sheet as LibreOffice prints it: A4 landscape; every page headed
/// by the bundle's title and its sheet's name, numbered "第 P 页，共 N 页"
/// with N the page count; every page of a sheet carries its header row,
/// first column to last (nothing cut off to a page of its own); the short
/// documents on one page each.
#[test]
fn the_demo_panels_sheets_print_on_a4_landscape_with_no_column_cut() {
    let m = Merged::new();
    let title = m.result().bundle.title;
    let mut on: BTreeMap<String, usize> = BTreeMap::new();
    for book in m.books() {
        let pdf = print_to_pdf(&book);
        let pages = pdf_pages(&pdf);
        let names = calamine::open_workbook_auto(&book).unwrap().sheet_names();
        let mut order: Vec<String> = Vec::new();
        for (i, (w, h)) in pages.iter().enumerate() {
            let n = i + 1;
            assert!(
                (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0,
                "page {n}: A4 landscape, not {w}×{h}"
            );
            let top = pdf_region(&pdf, n, 0.0, 36.0);
            assert!(top.starts_with(&title), "page {n} headed {top:?}");
            let sheet = top[title.len()..].trim().to_string();
            assert!(names.contains(&sheet), "page {n}: {sheet:?}");
            let foot = pdf_region(&pdf, n, h - 36.0, 36.0);
            assert_eq!(
                foot.trim(),
                format!("第 {n} 页，共 {} 页", pages.len()),
                "page {n}"
            );
            let page = pdf_page_text(&pdf, n);
            let rows = m.sheet(&sheet);
            let head = rows
                .iter()
                .find(|r| r.len() > 1 && r.iter().all(|c| !c.is_empty()))
                .unwrap();
            for h in [&head[0], &head[head.len() - 1]] {
                assert!(
                    page.contains(h.as_str()),
                    "page {n} ({sheet}) lacks column {h}"
                );
            }
            if order.last() != Some(&sheet) {
                order.push(sheet.clone());
            }
            *on.entry(sheet).or_default() += 1;
        }
        // Every sheet printed, its pages together, in the workbook's order.
        assert_eq!(order, names, "{on:?}");
    }
    for short in ["建议名单", "分歧"] {
        assert_eq!(on[short], 1, "{short} on one page: {on:?}");
    }
    for expert in EXPERTS {
        for round in ["考核", "申报"] {
            assert_eq!(on[&format!("评分表-{expert}-{round}")], 1, "{on:?}");
        }
    }
}
