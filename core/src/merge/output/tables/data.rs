//! The figures of a result: 排名 (with the rule stated above it), 明细,
//! 矩阵, 专家意见, 分歧, 来源.

use super::*;

/// The figures: 排名, 明细, 矩阵, 专家意见, 分歧, 来源.
pub(super) fn tables(r: &MergeResult) -> Vec<Table> {
    let h = |ms: &[M]| ms.iter().map(|m| tr(*m).to_string()).collect::<Vec<_>>();
    let names = |idx: &[usize]| {
        idx.iter()
            .filter_map(|&k| r.reviewers.get(k).map(|x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(tr(M::ListSep))
    };
    let mut ranking = Table {
        sheet: "排名".into(),
        file: Some("ranking"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[
            M::ColRound,
            M::ColRank,
            M::ColTied,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColFinal,
            M::ColRule,
            M::ColCount,
            M::ColMean,
            M::ColMedian,
            M::ColMin,
            M::ColMax,
            M::ColSpread,
            M::ColSd,
            M::FieldConclusion,
            M::ColRecused,
            M::ColMissing,
            M::ColDivergence,
        ]),
        widths: vec![
            8.0, 6.0, 6.0, 14.0, 30.0, 10.0, 10.0, 14.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 20.0,
            14.0, 14.0, 40.0,
        ],
        rows: Vec::new(),
    };
    // The ranking states its rule above the table.
    ranking.above.push(format!(
        "{}：{}；{}；{} {}",
        tr(M::ColRule),
        r.rule_text(),
        tr(M::RoundingRule),
        tr(M::LabelBundle),
        r.bundle.id
    ));
    let mut detail = Table {
        sheet: "明细".into(),
        file: Some("detail"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[
            M::ColRound,
            M::ColId,
            M::ColName,
            M::ColItem,
            M::ColItemName,
            M::ColCount,
            M::ColMean,
            M::ColMedian,
            M::ColMin,
            M::ColMax,
            M::ColSpread,
            M::ColFinal,
        ]),
        widths: vec![
            8.0, 14.0, 30.0, 8.0, 24.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 10.0,
        ],
        rows: Vec::new(),
    };
    let mut matrix = Table {
        sheet: "矩阵".into(),
        file: Some("matrix"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[M::ColRound, M::ColId, M::ColName]),
        widths: vec![8.0, 14.0, 30.0],
        rows: Vec::new(),
    };
    for rv in &r.reviewers {
        matrix.headers.push(rv.name.clone());
        matrix.widths.push(12.0);
    }
    let mut opinions = Table {
        sheet: "专家意见".into(),
        file: Some("opinions"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[
            M::ColRound,
            M::ColId,
            M::ColName,
            M::LabelReviewer,
            M::ColItem,
            M::ColItemName,
            M::ColKind,
            M::ColText,
        ]),
        widths: vec![8.0, 14.0, 30.0, 12.0, 8.0, 24.0, 10.0, 80.0],
        rows: Vec::new(),
    };
    opinions.wrap.push(7);
    let mut divergence = Table {
        sheet: "分歧".into(),
        file: Some("divergence"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[M::ColRound, M::ColId, M::ColName, M::ColDivergence]),
        widths: vec![8.0, 14.0, 30.0, 60.0],
        rows: Vec::new(),
    };
    for c in &r.clusters {
        let t = c.total.as_ref();
        let conclusions = c
            .conclusions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(" / ");
        let mut row = vec![
            text(round_name(&c.round)),
            c.rank.map_or(Cell::Empty, |x| Cell::Int(x as u64)),
            text(if c.tied { tr(M::Tied) } else { "" }),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            num(c.score),
            text(rule_name(c.rule_used)),
        ];
        row.extend(figures(t));
        row.extend([
            num(t.map(|s| s.sd)),
            text(conclusions),
            text(names(&c.recused)),
            text(names(&c.missing)),
            text(divergence_text(c)),
        ]);
        ranking.rows.push(row);
        let items = r.items.get(&c.round).cloned().unwrap_or_default();
        let item_names = r.item_names.get(&c.round).cloned().unwrap_or_default();
        for (i, s) in c.items.iter().enumerate() {
            let s = s.as_ref();
            let mut row = vec![
                text(round_name(&c.round)),
                text(&c.id),
                text(&c.name),
                text(items.get(i).cloned().unwrap_or_default()),
                text(item_names.get(i).cloned().unwrap_or_default()),
            ];
            row.extend(figures(s));
            row.push(num(s.map(|s| s.final_score)));
            detail.rows.push(row);
        }
        let mut row = vec![text(round_name(&c.round)), text(&c.id), text(&c.name)];
        for k in 0..r.reviewers.len() {
            row.push(match c.marks.get(&k) {
                Some(m) if m.status == "recused" => text(tr(M::ProgressRecused)),
                Some(m) if m.status == "complete" => num(m.total),
                Some(m) => m.total.map_or(text(tr(M::ProgressNotStarted)), |t| {
                    text(format!("{} ({})", t, tr(M::ProgressInProgress)))
                }),
                None => text(tr(M::ProgressNotStarted)),
            });
        }
        matrix.rows.push(row);
        for (k, m) in &c.marks {
            let who = r
                .reviewers
                .get(*k)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let mut say = |item: &str, kind: M, t: &str| {
                let name = items
                    .iter()
                    .position(|i| i == item)
                    .and_then(|i| item_names.get(i).cloned())
                    .unwrap_or_default();
                opinions.rows.push(vec![
                    text(round_name(&c.round)),
                    text(&c.id),
                    text(&c.name),
                    text(&who),
                    text(item),
                    text(name),
                    text(tr(kind)),
                    text(t),
                ]);
            };
            // In the rubric's order, then the cluster's own words.
            for item in &items {
                if let Some(t) = m.comments.get(item) {
                    say(item, M::FieldComment, t);
                }
            }
            if let Some(t) = &m.conclusion {
                say("", M::FieldConclusion, t);
            }
            if let Some(t) = &m.opinion {
                say("", M::FieldOpinion, t);
            }
            if let Some(t) = &m.conflict {
                say("", M::FieldConflict, t);
            }
        }
        if !c.divergence.is_empty() {
            divergence.rows.push(vec![
                text(round_name(&c.round)),
                text(&c.id),
                text(&c.name),
                text(divergence_text(c)),
            ]);
        }
    }
    let mut sources = Table {
        sheet: "来源".into(),
        file: Some("sources"),
        above: Vec::new(),
        wrap: Vec::new(),
        below: Vec::new(),
        headers: h(&[
            M::ColFile,
            M::LabelReviewer,
            M::ColKey,
            M::ColSha,
            M::ColSequence,
            M::ColOutcome,
            M::ColWhy,
        ]),
        widths: vec![30.0, 12.0, 52.0, 66.0, 8.0, 10.0, 60.0],
        rows: Vec::new(),
    };
    for i in &r.inputs {
        let (outcome, why) = match &i.outcome {
            Outcome::Used => (tr(M::OutcomeUsed).to_string(), String::new()),
            Outcome::Duplicate { of } => (tr(M::OutcomeDuplicate).to_string(), of.clone()),
            Outcome::Superseded { by } => (tr(M::OutcomeSuperseded).to_string(), by.clone()),
            Outcome::Refused { reason, .. } => (tr(M::OutcomeRefused).to_string(), reason.clone()),
        };
        sources.rows.push(vec![
            text(&i.path),
            text(i.reviewer.clone().unwrap_or_default()),
            text(i.key.clone().unwrap_or_default()),
            text(&i.sha256),
            i.sequence.map_or(Cell::Empty, Cell::Int),
            text(outcome),
            text(why),
        ]);
    }
    vec![ranking, detail, matrix, opinions, divergence, sources]
}
