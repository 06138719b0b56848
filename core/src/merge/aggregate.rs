//! Every cluster of the bundle from the reviewers' marks: the figures of
//! each item and of the totals under the office's rule, what makes a
//! cluster divergent, and the ranking within each round.

use std::collections::BTreeMap;

use crate::merge::calc::Stats;
use crate::merge::options::Options;
use crate::merge::reference::{self, Reference};
use crate::merge::result::{ClusterResult, Divergence, Marks};
use crate::review::rubric::Points;
use crate::sign::file::ReviewFile;

/// Every cluster of the bundle, ranked within its round.
pub(super) fn aggregate(
    reference: &Reference,
    used: &[(usize, &ReviewFile)],
    options: &Options,
) -> Vec<ClusterResult> {
    // Each reviewer's clusters, by id.
    let index: Vec<BTreeMap<&str, &crate::sign::file::ClusterReview>> = used
        .iter()
        .map(|(_, f)| {
            f.clusters
                .values()
                .flatten()
                .map(|c| (c.id.as_str(), c))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    // The assessment first, then the applications, as the notice has them.
    let mut rounds: Vec<(&String, &reference::RoundRef)> = reference.rounds.iter().collect();
    rounds.sort_by_key(|(r, _)| match r.as_str() {
        "assessment" => 0,
        "application" => 1,
        _ => 2,
    });
    for (round, rr) in rounds {
        let n_items = rr.rubric.items.len();
        let mut results: Vec<ClusterResult> = Vec::with_capacity(rr.clusters.len());
        for c in &rr.clusters {
            let mut r = ClusterResult {
                id: c.id.clone(),
                round: round.clone(),
                name: c.name.clone(),
                prefecture: c.prefecture.clone(),
                rank: None,
                tied: false,
                score: None,
                rule_used: None,
                total: None,
                items: vec![None; n_items],
                conclusions: BTreeMap::new(),
                divergence: Vec::new(),
                recused: Vec::new(),
                missing: Vec::new(),
                marks: BTreeMap::new(),
                decision: None,
            };
            let mut per_item: Vec<Vec<i64>> = vec![Vec::new(); n_items];
            let mut totals: Vec<i64> = Vec::new();
            for (k, idx) in index.iter().enumerate() {
                let Some(m) = idx.get(c.id.as_str()) else {
                    r.missing.push(k);
                    continue;
                };
                match m.status.as_str() {
                    "recused" => r.recused.push(k),
                    "complete" => {}
                    _ => r.missing.push(k),
                }
                let total = (!m.scores.is_empty())
                    .then(|| Points(m.scores.iter().flatten().map(|p| p.0).sum()));
                if m.status != "recused" {
                    for (i, s) in m.scores.iter().enumerate() {
                        if let (Some(p), Some(v)) = (s, per_item.get_mut(i)) {
                            v.push(p.0);
                        }
                    }
                    if m.status == "complete"
                        && let Some(t) = total
                    {
                        totals.push(t.0);
                    }
                    if let Some(con) = &m.conclusion {
                        *r.conclusions.entry(con.clone()).or_default() += 1;
                    }
                }
                r.marks.insert(
                    k,
                    Marks {
                        status: m.status.clone(),
                        scores: m.scores.clone(),
                        total,
                        comments: m.comments.clone(),
                        conclusion: m.conclusion.clone(),
                        opinion: m.opinion.clone(),
                        conflict: m.conflict.clone(),
                    },
                );
            }
            for (i, v) in per_item.iter().enumerate() {
                r.items[i] = Stats::of(v, options);
            }
            if let Some(t) = Stats::of(&totals, options) {
                r.score = Some(t.final_score);
                r.rule_used = Some(t.rule_used);
                if t.spread > options.max_spread {
                    r.divergence.push(Divergence::Spread {
                        spread: t.spread,
                        limit: options.max_spread,
                    });
                }
                // The figure shown is the figure compared: never "8 more
                // than 8" for an sd of 8.0035.
                if t.sd > options.max_sd {
                    r.divergence.push(Divergence::Sd {
                        sd: t.sd,
                        limit: options.max_sd,
                    });
                }
                r.total = Some(t);
            }
            if r.conclusions.len() > 1 {
                r.divergence.push(Divergence::Conclusions {
                    given: r.conclusions.clone(),
                });
            }
            results.push(r);
        }
        rank(&mut results);
        out.extend(results);
    }
    out
}

/// Ranks a round by the final score as published (to 0.01), best first:
/// equal scores share a rank and are marked tied (1, 2, 2, 4); the order
/// within a tie is by id.
fn rank(results: &mut [ClusterResult]) {
    results.sort_by(|a, b| {
        let (x, y) = (a.score.map(|p| p.0), b.score.map(|p| p.0));
        // Scored before unscored, then higher first.
        y.is_some()
            .cmp(&x.is_some())
            .then(y.cmp(&x))
            .then(a.id.cmp(&b.id))
    });
    let mut i = 0;
    while i < results.len() {
        let Some(score) = results[i].score else { break };
        let j = i + results[i..]
            .iter()
            .take_while(|r| r.score == Some(score))
            .count();
        for r in &mut results[i..j] {
            r.rank = Some(i + 1);
            r.tied = j - i > 1;
        }
        i = j;
    }
}
