//! The rules applied: a grade for an assessed cluster, the recommended
//! list for a round of applications.

use std::collections::BTreeMap;

use super::{Decision, GradeBy, GradeRule, Reason, RecommendRule, Split, Tie};
use crate::review::rubric::Points;

/// A cluster's figures, as the merge has them.
#[derive(Clone, Debug)]
pub struct Figures<'a> {
    /// The final score by the office's rule.
    pub score: Option<Points>,
    /// How many reviewers completed it.
    pub valid: usize,
    /// The conclusions given, with how many gave each.
    pub conclusions: &'a BTreeMap<String, usize>,
}

/// The grade a score's band gives (bands best first), its least score, and
/// for the last band the least score of the one before it.
fn band(bands: &[(String, Points)], score: Points) -> Option<(&str, Points, Option<Points>)> {
    let i = bands.iter().position(|(_, from)| score >= *from)?;
    let below = (i + 1 == bands.len() && i > 0).then(|| bands[i - 1].1);
    Some((bands[i].0.as_str(), bands[i].1, below))
}

/// The conclusion more than half gave, or none.
fn majority(conclusions: &BTreeMap<String, usize>) -> (Option<&str>, usize) {
    let of: usize = conclusions.values().sum();
    let m = conclusions
        .iter()
        .find(|(_, n)| **n * 2 > of)
        .map(|(g, _)| g.as_str());
    (m, of)
}

/// The best grade that more than half of the experts gave or bettered
/// (`opinions` best first).
fn lower<'a>(opinions: &'a [String], conclusions: &BTreeMap<String, usize>) -> Option<&'a str> {
    let of: usize = conclusions.values().sum();
    let mut seen = 0;
    for o in opinions {
        seen += conclusions.get(o).copied().unwrap_or(0);
        if seen * 2 > of {
            return Some(o);
        }
    }
    None
}

/// An assessed cluster's grade. `opinions` are the round's conclusions,
/// best first.
pub fn grade(rule: &GradeRule, opinions: &[String], f: &Figures) -> Decision {
    let mut reasons = Vec::new();
    if f.valid < rule.min_reviews {
        reasons.push(Reason::TooFew {
            valid: f.valid,
            min: rule.min_reviews,
        });
        return Decision {
            outcome: None,
            reasons,
        };
    }
    // The score's band.
    let by_score = |reasons: &mut Vec<Reason>| match f.score {
        Some(score) => band(&rule.bands, score).map(|(g, from, below)| {
            reasons.push(Reason::Band {
                score,
                from,
                grade: g.to_string(),
                below,
            });
            g.to_string()
        }),
        None => {
            reasons.push(Reason::NoScore);
            None
        }
    };
    // The majority's grade, or the split rule's.
    let by_majority = |reasons: &mut Vec<Reason>| {
        let (m, of) = majority(f.conclusions);
        if let Some(g) = m {
            reasons.push(Reason::Votes {
                opinion: g.to_string(),
                count: f.conclusions[g],
                of,
                met: true,
            });
            return Some(g.to_string());
        }
        let grade = match rule.on_split {
            Split::Lower => lower(opinions, f.conclusions).map(str::to_string),
            Split::Score => f
                .score
                .and_then(|s| band(&rule.bands, s))
                .map(|(g, _, _)| g.to_string()),
            Split::Undecided => None,
        };
        reasons.push(Reason::Split {
            given: f.conclusions.clone(),
            rule: rule.on_split,
            grade: grade.clone(),
        });
        grade
    };
    let outcome = match rule.by {
        GradeBy::Score => by_score(&mut reasons),
        GradeBy::Majority => by_majority(&mut reasons),
        GradeBy::LowerOfBoth => {
            let s = by_score(&mut reasons);
            let m = by_majority(&mut reasons);
            match (s, m) {
                (Some(s), Some(m)) => {
                    let at = |g: &str| opinions.iter().position(|o| o == g);
                    if s == m {
                        Some(s)
                    } else {
                        let lower = if at(&s) > at(&m) {
                            s.clone()
                        } else {
                            m.clone()
                        };
                        reasons.push(Reason::LowerOfBoth {
                            by_score: s,
                            by_majority: m,
                        });
                        Some(lower)
                    }
                }
                _ => None,
            }
        }
    };
    Decision { outcome, reasons }
}

/// A round of applications decided: `ranked` in rank order (best final
/// score first, unscored last), `positive` the conclusion that recommends
/// (推荐) and `negative` the one that does not.
pub fn recommend(
    rule: &RecommendRule,
    positive: &str,
    negative: &str,
    ranked: &[Figures],
) -> Vec<Decision> {
    struct Step {
        reasons: Vec<Reason>,
        undecided: bool,
        eligible: bool,
    }
    let mut steps: Vec<Step> = ranked
        .iter()
        .map(|f| {
            let mut reasons = Vec::new();
            if f.valid < rule.min_reviews {
                reasons.push(Reason::TooFew {
                    valid: f.valid,
                    min: rule.min_reviews,
                });
                return Step {
                    reasons,
                    undecided: true,
                    eligible: false,
                };
            }
            let mut eligible = true;
            match (f.score, rule.cut_off) {
                (None, _) => {
                    reasons.push(Reason::NoScore);
                    eligible = false;
                }
                (Some(score), Some(cut_off)) => {
                    let met = score >= cut_off;
                    reasons.push(Reason::CutOff {
                        score,
                        cut_off,
                        met,
                    });
                    eligible &= met;
                }
                (Some(_), None) => {}
            }
            if rule.majority {
                let of: usize = f.conclusions.values().sum();
                let count = f.conclusions.get(positive).copied().unwrap_or(0);
                let met = count * 2 > of;
                reasons.push(Reason::Votes {
                    opinion: positive.to_string(),
                    count,
                    of,
                    met,
                });
                eligible &= met;
            }
            Step {
                reasons,
                undecided: false,
                eligible,
            }
        })
        .collect();
    // The places, among the eligible in rank order; equal final scores
    // across the last place follow the tie rule.
    if let Some(places) = rule.places {
        let eligible: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].eligible).collect();
        let mut k = 0;
        while k < eligible.len() {
            let score = ranked[eligible[k]].score;
            let end = k + eligible[k..]
                .iter()
                .take_while(|&&i| ranked[i].score == score)
                .count();
            let straddles = k < places && end > places;
            for (at, &i) in eligible.iter().enumerate().take(end).skip(k) {
                let s = &mut steps[i];
                if straddles {
                    s.reasons.push(Reason::Tie {
                        at: k + 1,
                        places,
                        tied: end - k,
                        rule: rule.on_tie,
                    });
                    match rule.on_tie {
                        Tie::Include => {}
                        Tie::Exclude => s.eligible = false,
                        Tie::Undecided => s.undecided = true,
                    }
                } else {
                    let met = at < places;
                    s.reasons.push(Reason::Place {
                        at: at + 1,
                        places,
                        met,
                    });
                    s.eligible &= met;
                }
            }
            k = end;
        }
    }
    steps
        .into_iter()
        .map(|s| Decision {
            outcome: if s.undecided {
                None
            } else if s.eligible {
                Some(positive.to_string())
            } else {
                Some(negative.to_string())
            },
            reasons: s.reasons,
        })
        .collect()
}
