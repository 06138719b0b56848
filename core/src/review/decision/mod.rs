//! How a merged result becomes the panel's decision, as the office sets it
//! (the rubric's `[decision]`, or a merge option file; else the defaults
//! below): the assessment's grade from the final score's band and/or the
//! majority of the experts' conclusions; the applications' recommended list
//! by cut-off score, number of places and/or a majority of the first
//! conclusion (推荐). Pure rules: figures in, a decision and its reasons out.

mod apply;
mod spec;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{M, tr, trf};
use crate::review::rubric::Points;

pub use apply::{Figures, grade, recommend};
pub use spec::{DecisionError, DecisionSpec, read_option_file};

/// The grades of the default assessment rule, best first, with the least
/// final score of each (common practice for a 100-point rubric).
pub const DEFAULT_BANDS: [(&str, i64); 4] =
    [("优秀", 90), ("合格", 75), ("基本合格", 60), ("不合格", 0)];

/// What decides an assessed cluster's grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeBy {
    /// The band its final score falls in.
    Score,
    /// The grade more than half of the experts concluded.
    Majority,
    /// Both: the lower of the score's band and the majority's grade.
    LowerOfBoth,
}

/// What happens when no grade has more than half of the conclusions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// The best grade that more than half of the experts gave or bettered.
    Lower,
    /// The band of the final score.
    Score,
    /// Undecided: left to the panel or the office.
    Undecided,
}

/// What happens when clusters tied on the final score straddle the last
/// place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tie {
    /// All of them are recommended (the list grows).
    Include,
    /// None of them is.
    Exclude,
    /// Undecided: left to the panel or the office.
    Undecided,
}

/// The assessment's rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRule {
    pub by: GradeBy,
    /// Grades best first, each with the least final score it takes; the
    /// last starts at 0.
    pub bands: Vec<(String, Points)>,
    pub on_split: Split,
    /// Fewer complete reviews than this: undecided.
    pub min_reviews: usize,
}

/// The applications' rule: every criterion given must hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendRule {
    /// The least final score.
    pub cut_off: Option<Points>,
    /// At most this many, best first.
    pub places: Option<usize>,
    /// More than half of the conclusions are the round's first (推荐).
    pub majority: bool,
    pub on_tie: Tie,
    pub min_reviews: usize,
}

/// A round's rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionRule {
    Grade(GradeRule),
    Recommend(RecommendRule),
}

/// The rule a merge applied to a round, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleUsed {
    /// `default`, `rubric`, or the option file's name.
    pub source: String,
    pub rule: DecisionRule,
}

/// Why a cluster was decided as it was: figures, put into words (in the
/// reader's language) when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Fewer complete reviews than the rule asks.
    TooFew { valid: usize, min: usize },
    /// No final score (no complete review).
    NoScore,
    /// The final score's band (the last band reads as below the one
    /// before it).
    Band {
        score: Points,
        from: Points,
        grade: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        below: Option<Points>,
    },
    /// How many gave a conclusion, and whether that is more than half.
    Votes {
        opinion: String,
        count: usize,
        of: usize,
        met: bool,
    },
    /// No grade has more than half: the split rule and what it gave.
    Split {
        given: BTreeMap<String, usize>,
        rule: Split,
        grade: Option<String>,
    },
    /// The score's band and the majority differ: the lower stands.
    LowerOfBoth {
        by_score: String,
        by_majority: String,
    },
    CutOff {
        score: Points,
        cut_off: Points,
        met: bool,
    },
    /// Its place among the clusters that meet every other criterion.
    Place { at: usize, places: usize, met: bool },
    /// Tied on the final score across the last place.
    Tie {
        at: usize,
        places: usize,
        tied: usize,
        rule: Tie,
    },
}

/// A cluster's decision: a grade, or the round's first or last conclusion
/// (推荐 / 不推荐), or none (undecided), with every reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Option<String>,
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// The outcome as shown: undecided where there is none.
    pub fn outcome_text(&self) -> String {
        self.outcome
            .clone()
            .unwrap_or_else(|| tr(M::DecUndecided).to_string())
    }

    /// The reasons in the reader's language, one sentence.
    pub fn reasons_text(&self) -> String {
        let parts: Vec<String> = self.reasons.iter().map(Reason::text).collect();
        parts.join(tr(M::DecSeparator))
    }
}

impl Reason {
    pub fn text(&self) -> String {
        match self {
            Reason::TooFew { valid, min } => trf(M::DecTooFew, &[valid, min]),
            Reason::NoScore => tr(M::DecNoScore).to_string(),
            Reason::Band {
                score,
                grade,
                below: Some(below),
                ..
            } => trf(M::DecBandBelow, &[score, below, grade]),
            Reason::Band {
                score, from, grade, ..
            } => trf(M::DecBand, &[score, from, grade]),
            Reason::Votes {
                opinion,
                count,
                of,
                met,
            } => {
                let m = if *met {
                    M::DecVotesMet
                } else {
                    M::DecVotesMissed
                };
                trf(m, &[count, of, opinion])
            }
            Reason::Split { given, rule, grade } => {
                let given = given_text(given);
                let then = match (rule, grade) {
                    (Split::Undecided, _) | (_, None) => tr(M::DecSplitUndecided).to_string(),
                    (Split::Lower, Some(g)) => trf(M::DecSplitLower, &[g]),
                    (Split::Score, Some(g)) => trf(M::DecSplitScore, &[g]),
                };
                trf(M::DecSplit, &[&given, &then])
            }
            Reason::LowerOfBoth {
                by_score,
                by_majority,
            } => trf(M::DecLowerOfBoth, &[by_score, by_majority]),
            Reason::CutOff {
                score,
                cut_off,
                met,
            } => {
                let m = if *met {
                    M::DecCutOffMet
                } else {
                    M::DecCutOffMissed
                };
                trf(m, &[score, cut_off])
            }
            Reason::Place { at, places, met } => {
                let m = if *met {
                    M::DecPlaceMet
                } else {
                    M::DecPlaceMissed
                };
                trf(m, &[at, places])
            }
            Reason::Tie {
                at,
                places,
                tied,
                rule,
            } => {
                let then = match rule {
                    Tie::Include => tr(M::DecTieInclude),
                    Tie::Exclude => tr(M::DecTieExclude),
                    Tie::Undecided => tr(M::DecTieUndecided),
                };
                trf(M::DecTie, &[tied, at, places, &then])
            }
        }
    }
}

/// `优秀 2 / 合格 2 / 不合格 1`.
fn given_text(given: &BTreeMap<String, usize>) -> String {
    let parts: Vec<String> = given.iter().map(|(k, v)| format!("{k} {v}")).collect();
    parts.join(" / ")
}

impl DecisionRule {
    /// The default for a round whose conclusions are `opinions`: grades by
    /// the final score's band where the conclusions are the four grades,
    /// else by majority; applications by a majority of the first
    /// conclusion and a final score of at least 60.
    pub fn default_for(round: crate::model::Round, opinions: &[String]) -> DecisionRule {
        match round {
            crate::model::Round::Assessment => {
                let standard = opinions.len() == DEFAULT_BANDS.len()
                    && opinions.iter().zip(DEFAULT_BANDS).all(|(o, (g, _))| o == g);
                let bands = if standard {
                    DEFAULT_BANDS
                        .iter()
                        .map(|(g, from)| (g.to_string(), Points(from * 100)))
                        .collect()
                } else {
                    Vec::new()
                };
                DecisionRule::Grade(GradeRule {
                    by: if standard {
                        GradeBy::Score
                    } else {
                        GradeBy::Majority
                    },
                    bands,
                    on_split: Split::Lower,
                    min_reviews: 3,
                })
            }
            crate::model::Round::Application => DecisionRule::Recommend(RecommendRule {
                cut_off: Some(Points(6000)),
                places: None,
                majority: true,
                on_tie: Tie::Include,
                min_reviews: 3,
            }),
        }
    }

    /// The rule in words, as every output states it.
    pub fn describe(&self, positive: &str) -> String {
        let mut parts = Vec::new();
        match self {
            DecisionRule::Grade(g) => {
                // The last band (from 0) reads as below the one before it.
                let bands: Vec<String> = g
                    .bands
                    .iter()
                    .enumerate()
                    .map(|(i, (grade, from))| match i.checked_sub(1) {
                        Some(prev) if i + 1 == g.bands.len() => {
                            trf(M::DecRuleBandLast, &[grade, &g.bands[prev].1])
                        }
                        _ => trf(M::DecRuleBand, &[grade, from]),
                    })
                    .collect();
                let bands = bands.join(tr(M::DecListSeparator));
                parts.push(match g.by {
                    GradeBy::Score => trf(M::DecRuleByScore, &[&bands]),
                    GradeBy::Majority => tr(M::DecRuleByMajority).to_string(),
                    GradeBy::LowerOfBoth => trf(M::DecRuleLowerOfBoth, &[&bands]),
                });
                if g.by != GradeBy::Score {
                    parts.push(
                        match g.on_split {
                            Split::Lower => tr(M::DecRuleSplitLower),
                            Split::Score => tr(M::DecRuleSplitScore),
                            Split::Undecided => tr(M::DecRuleSplitUndecided),
                        }
                        .to_string(),
                    );
                }
                parts.push(trf(M::DecRuleMin, &[&g.min_reviews]));
            }
            DecisionRule::Recommend(r) => {
                let mut need = Vec::new();
                if let Some(c) = r.cut_off {
                    need.push(trf(M::DecRuleCutOff, &[&c]));
                }
                if r.majority {
                    need.push(trf(M::DecRuleMajority, &[&positive]));
                }
                parts.push(trf(
                    M::DecRuleRecommend,
                    &[&need.join(tr(M::DecListSeparator))],
                ));
                if let Some(p) = r.places {
                    let tie = match r.on_tie {
                        Tie::Include => tr(M::DecTieInclude),
                        Tie::Exclude => tr(M::DecTieExclude),
                        Tie::Undecided => tr(M::DecTieUndecided),
                    };
                    parts.push(trf(M::DecRulePlaces, &[&p, &tie]));
                }
                parts.push(trf(M::DecRuleMin, &[&r.min_reviews]));
            }
        }
        parts.join(tr(M::DecSeparator))
    }
}
