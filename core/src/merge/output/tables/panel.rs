//! The panel's decisions, for the office to print and the panel to sign:
//! 考核结果, 建议名单, 专家组意见 and 公示 (clusters and decisions only).

use super::*;
use crate::i18n::trf;

/// The rule of a round as every decision sheet states it.
fn rule_line(r: &MergeResult, round: &str) -> Option<String> {
    let used = r.decisions.get(round)?;
    let source = match used.source.as_str() {
        "default" => tr(M::SourceDefault).to_string(),
        "rubric" => tr(M::SourceRubric).to_string(),
        file => trf(M::SourceFile, &[&file]),
    };
    let rule = r.decision_text(round)?;
    Some(trf(M::RuleStated, &[&round_name(round), &rule, &source]))
}

fn outcome(c: &ClusterResult) -> String {
    c.decision
        .as_ref()
        .map_or_else(|| tr(M::DecUndecided).to_string(), |d| d.outcome_text())
}

fn grounds(c: &ClusterResult) -> String {
    c.decision
        .as_ref()
        .map(|d| d.reasons_text())
        .unwrap_or_default()
}

fn rank(c: &ClusterResult) -> Cell {
    c.rank.map_or(Cell::Empty, |x| Cell::Int(x as u64))
}

/// The bundle's title, as the documents name it.
fn title(r: &MergeResult) -> String {
    crate::text::inert(&r.bundle.title).into_owned()
}

pub(super) fn tables(r: &MergeResult) -> Vec<Table> {
    let mut out = Vec::new();
    let has = |round: &str| r.decisions.contains_key(round);
    if has("assessment") {
        out.push(assessment(r));
    }
    if has("application") {
        out.push(recommended(r));
    }
    out.push(panel(r));
    out.push(public(r));
    out
}

/// 考核结果: every assessed cluster, its final score and grade.
fn assessment(r: &MergeResult) -> Table {
    let mut t = Table::new(
        "考核结果",
        Some("assessment"),
        headers(&[
            M::ColRank,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColFinal,
            M::ColGrade,
            M::ColGrounds,
            M::ColDivergence,
        ]),
        vec![6.0, 14.0, 30.0, 10.0, 10.0, 10.0, 50.0, 36.0],
    );
    t.above.push(trf(M::TitleAssessment, &[&title(r)]));
    t.above.extend(rule_line(r, "assessment"));
    t.wrap = vec![6, 7];
    for c in r.clusters.iter().filter(|c| c.round == "assessment") {
        t.rows.push(vec![
            rank(c),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            num(c.score),
            text(outcome(c)),
            text(grounds(c)),
            text(divergence_text(c)),
        ]);
    }
    t
}

/// 建议名单: the recommended applications in rank order, the rule (and its
/// cut-off) stated above, the undecided named below.
fn recommended(r: &MergeResult) -> Table {
    let positive = r
        .opinions("application")
        .first()
        .cloned()
        .unwrap_or_default();
    let mut t = Table::new(
        "建议名单",
        Some("recommended"),
        headers(&[
            M::ColSeq,
            M::ColRank,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColFinal,
            M::ColVotes,
            M::ColGrounds,
        ]),
        vec![6.0, 6.0, 14.0, 30.0, 10.0, 10.0, 8.0, 60.0],
    );
    t.above.push(trf(M::TitleRecommended, &[&title(r)]));
    t.above.extend(rule_line(r, "application"));
    t.wrap = vec![7];
    let round: Vec<&ClusterResult> = r
        .clusters
        .iter()
        .filter(|c| c.round == "application")
        .collect();
    let mut n = 0;
    for c in round
        .iter()
        .filter(|c| c.decision.as_ref().and_then(|d| d.outcome.as_ref()) == Some(&positive))
    {
        n += 1;
        let of: usize = c.conclusions.values().sum();
        let yes = c.conclusions.get(&positive).copied().unwrap_or(0);
        t.rows.push(vec![
            Cell::Int(n),
            rank(c),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            num(c.score),
            text(format!("{yes}/{of}")),
            text(grounds(c)),
        ]);
    }
    if n == 0 {
        t.below.push(tr(M::NoneRecommended).to_string());
    }
    let undecided: Vec<&str> = round
        .iter()
        .filter(|c| c.decision.as_ref().is_none_or(|d| d.outcome.is_none()))
        .map(|c| c.id.as_str())
        .collect();
    if !undecided.is_empty() {
        t.below
            .push(trf(M::UndecidedList, &[&undecided.join(tr(M::ListSep))]));
    }
    t
}

/// 专家组意见: every decision with its grounds and the panel's opinion,
/// the panel's overall opinion above, a signature line for every expert
/// and for the leader below.
fn panel(r: &MergeResult) -> Table {
    let mut t = Table::new(
        "专家组意见",
        Some("panel"),
        headers(&[
            M::ColRound,
            M::ColRank,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColFinal,
            M::ColDecision,
            M::ColGrounds,
            M::ColPanelOpinion,
        ]),
        vec![8.0, 6.0, 14.0, 26.0, 10.0, 9.0, 9.0, 44.0, 44.0],
    );
    t.above.push(trf(M::TitlePanel, &[&title(r)]));
    for round in ["assessment", "application"] {
        t.above.extend(rule_line(r, round));
    }
    let overall = r
        .panel
        .overall
        .clone()
        .unwrap_or_else(|| tr(M::NotWritten).to_string());
    t.above.push(trf(M::PanelOverall, &[&overall]));
    t.wrap = vec![7, 8];
    for c in &r.clusters {
        t.rows.push(vec![
            text(round_name(&c.round)),
            rank(c),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            num(c.score),
            text(outcome(c)),
            text(grounds(c)),
            text(r.panel.clusters.get(&c.id).cloned().unwrap_or_default()),
        ]);
    }
    for rv in &r.reviewers {
        t.below.push(trf(M::SignExpert, &[&rv.name]));
    }
    t.below.push(tr(M::SignLeader).to_string());
    t
}

/// 公示: the assessed clusters with their grades and the recommended
/// applications — clusters, prefectures and decisions, nothing else (no
/// score, no expert's name).
fn public(r: &MergeResult) -> Table {
    let positive = r
        .opinions("application")
        .first()
        .cloned()
        .unwrap_or_default();
    let mut t = Table::new(
        "公示",
        Some("public"),
        headers(&[
            M::ColSeq,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColDecision,
        ]),
        vec![6.0, 14.0, 36.0, 12.0, 12.0],
    );
    t.above.push(trf(M::TitlePublic, &[&title(r)]));
    let shown = r.clusters.iter().filter(|c| {
        c.round == "assessment"
            || c.decision.as_ref().and_then(|d| d.outcome.as_ref()) == Some(&positive)
    });
    for (n, c) in shown.enumerate() {
        t.rows.push(vec![
            Cell::Int(n as u64 + 1),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            text(outcome(c)),
        ]);
    }
    t
}
