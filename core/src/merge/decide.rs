//! The panel's decisions: each round's rule (the option file's, else the
//! rubric's, else the default) applied to the ranked clusters.

use std::collections::BTreeMap;

use crate::merge::options::Options;
use crate::merge::reference::Reference;
use crate::merge::result::{ClusterResult, MergeError};
use crate::model::Round;
use crate::review::decision::{self, DecisionRule, Figures, RuleUsed};

/// Decides every cluster (ranked, by round) and returns the rules used.
pub(super) fn decide(
    reference: &Reference,
    clusters: &mut [ClusterResult],
    options: &Options,
) -> Result<BTreeMap<String, RuleUsed>, MergeError> {
    let mut used = BTreeMap::new();
    for (key, rr) in &reference.rounds {
        let Some(round) = Round::from_key(key) else {
            continue;
        };
        let rubric = &rr.rubric;
        let from_file = options
            .decision_file
            .as_ref()
            .and_then(|f| f.rounds.get(&round).map(|s| (f, s)));
        let (source, rule) = match from_file {
            Some((f, spec)) => {
                let rule = spec
                    .rule(round, &rubric.opinions)
                    .map_err(|e| MergeError::Decision(format!("{} [{key}]", f.name), e))?;
                (f.name.clone(), rule)
            }
            None if rubric.decision.is_some() => ("rubric".to_string(), rubric.decision_rule()),
            None => ("default".to_string(), rubric.decision_rule()),
        };
        // The round's clusters in rank order (the merge ranked them so).
        let mut round_clusters: Vec<&mut ClusterResult> =
            clusters.iter_mut().filter(|c| &c.round == key).collect();
        let figures = |c: &ClusterResult| (c.score, c.total.as_ref().map_or(0, |t| t.n));
        match &rule {
            DecisionRule::Grade(g) => {
                for c in round_clusters.iter_mut() {
                    let (score, valid) = figures(c);
                    let f = Figures {
                        score,
                        valid,
                        conclusions: &c.conclusions,
                    };
                    c.decision = Some(decision::grade(g, &rubric.opinions, &f));
                }
            }
            DecisionRule::Recommend(r) => {
                let positive = rubric.opinions.first().cloned().unwrap_or_default();
                let negative = match rubric.opinions.len() {
                    0 | 1 => crate::i18n::tr(crate::i18n::M::DecNotRecommended).to_string(),
                    n => rubric.opinions[n - 1].clone(),
                };
                let decisions = {
                    let figures: Vec<Figures> = round_clusters
                        .iter()
                        .map(|c| {
                            let (score, valid) = figures(c);
                            Figures {
                                score,
                                valid,
                                conclusions: &c.conclusions,
                            }
                        })
                        .collect();
                    decision::recommend(r, &positive, &negative, &figures)
                };
                for (c, d) in round_clusters.iter_mut().zip(decisions) {
                    c.decision = Some(d);
                }
            }
        }
        used.insert(key.clone(), RuleUsed { source, rule });
    }
    Ok(used)
}
