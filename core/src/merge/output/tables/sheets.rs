//! Each expert's score sheet (专家评分表), one per round they reviewed:
//! their scores, total, conclusion and opinion on every cluster they
//! marked, the review file it comes from above, a line to sign below —
//! the sheet an expert signs by hand.

use super::*;
use crate::i18n::trf;

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, round: &str, taken: &[String]) -> String {
    let round = if round == "assessment" {
        "考核"
    } else {
        "申报"
    };
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let fixed = "评分表--".chars().count() + round.chars().count();
    for n in 0.. {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("{n}")
        };
        let room = 31 - fixed - suffix.chars().count();
        let short: String = clean.chars().take(room).collect();
        let s = format!("评分表-{short}{suffix}-{round}");
        if !taken.contains(&s) {
            return s;
        }
    }
    unreachable!("some suffix is free")
}

/// Each expert's score sheets, made one at a time as they are taken (a
/// national panel's are a million cells: never all held at once).
pub(super) fn tables(r: &MergeResult) -> impl Iterator<Item = Table> + '_ {
    // The sheets' names first (each unique), then the sheets.
    let mut taken: Vec<String> = Vec::new();
    let mut plan: Vec<(usize, &'static str, String)> = Vec::new();
    for (k, rv) in r.reviewers.iter().enumerate() {
        for round in ["assessment", "application"] {
            if marked(r, k, round).next().is_some() {
                let name = sheet_name(&rv.name, round, &taken);
                taken.push(name.clone());
                plan.push((k, round, name));
            }
        }
    }
    plan.into_iter().map(move |(k, round, name)| {
        let mut clusters: Vec<&ClusterResult> = marked(r, k, round).collect();
        clusters.sort_by(|a, b| a.id.cmp(&b.id));
        sheet(r, k, round, &clusters, name)
    })
}

/// The clusters of `round` expert `k` marked.
fn marked<'a>(
    r: &'a MergeResult,
    k: usize,
    round: &'a str,
) -> impl Iterator<Item = &'a ClusterResult> + 'a {
    r.clusters.iter().filter(move |c| {
        c.round == round && c.marks.get(&k).is_some_and(|m| m.status != "not_started")
    })
}

fn sheet(
    r: &MergeResult,
    k: usize,
    round: &str,
    clusters: &[&ClusterResult],
    name: String,
) -> Table {
    let rv = &r.reviewers[k];
    let items = r.items.get(round).cloned().unwrap_or_default();
    let names = r.item_names.get(round).cloned().unwrap_or_default();
    let maxima = r.item_max.get(round).cloned().unwrap_or_default();
    let mut head = headers(&[M::ColId, M::ColName, M::ColPrefecture]);
    let mut widths = vec![14.0, 26.0, 9.0];
    for id in &items {
        head.push(id.clone());
        widths.push(6.0);
    }
    head.extend(headers(&[
        M::ColTotal,
        M::FieldConclusion,
        M::FieldOpinion,
        M::ColProgress,
    ]));
    widths.extend([8.0, 10.0, 50.0, 18.0]);
    let mut t = Table::new(&name, None, head, widths);
    let n = items.len();
    t.wrap = vec![3 + n + 2, 3 + n + 3];
    t.above
        .push(trf(M::TitleScoreSheet, &[&rv.name, &round_name(round)]));
    t.above.push(trf(
        M::ScoreSheetSource,
        &[&rv.path, &rv.sha256, &rv.sequence],
    ));
    let legend: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let name = names.get(i).cloned().unwrap_or_default();
            let max = maxima.get(i).map(|m| m.to_string()).unwrap_or_default();
            trf(M::ItemLegend, &[id, &name, &max])
        })
        .collect();
    t.above
        .push(trf(M::LegendItems, &[&legend.join(tr(M::Semi))]));
    for c in clusters {
        let Some(m) = c.marks.get(&k) else { continue };
        let mut row = vec![text(&c.id), text(&c.name), text(&c.prefecture)];
        for i in 0..n {
            row.push(num(m.scores.get(i).copied().flatten()));
        }
        let status = match m.status.as_str() {
            "recused" => trf(
                M::RecusedBecause,
                &[&m.conflict.clone().unwrap_or_default()],
            ),
            "complete" => tr(M::ProgressComplete).to_string(),
            _ => tr(M::ProgressInProgress).to_string(),
        };
        row.extend([
            num(m.total),
            text(m.conclusion.clone().unwrap_or_default()),
            text(m.opinion.clone().unwrap_or_default()),
            text(status),
        ]);
        t.rows.push(row);
    }
    t.below.push(trf(M::SignThis, &[&rv.name]));
    t
}
