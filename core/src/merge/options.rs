//! The office's choice of how a cluster's final score is formed.

use serde::{Deserialize, Serialize};

use crate::i18n::{M, tr, trf};
use crate::review::rubric::Points;

/// How the final score of a cluster is formed from the reviewers' scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Mean,
    Median,
    /// 去掉一个最高分和一个最低分: drop one highest and one lowest, then the
    /// mean — once at least `trim_from` valid scores exist; below that, the
    /// mean (and the result says so).
    Trimmed,
}

impl Rule {
    pub fn parse(s: &str) -> Option<Rule> {
        match s {
            "mean" => Some(Rule::Mean),
            "median" => Some(Rule::Median),
            "trimmed" => Some(Rule::Trimmed),
            _ => None,
        }
    }

    pub fn describe(self, trim_from: usize) -> String {
        match self {
            Rule::Mean => tr(M::RuleMean).to_string(),
            Rule::Median => tr(M::RuleMedian).to_string(),
            Rule::Trimmed => trf(M::RuleTrimmed, &[&trim_from]),
        }
    }
}

/// The office's settings for a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    pub rule: Rule,
    /// The fewest valid scores for the trimmed rule (default 5).
    pub trim_from: usize,
    /// A cluster diverges when its reviewers' totals spread wider than this.
    pub max_spread: Points,
    /// … or their standard deviation exceeds this.
    pub max_sd: Points,
    /// The office's decision rules from an option file, over the rubrics'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_file: Option<DecisionFile>,
    /// CSV text written as it is (`--raw-csv`), not kept from running as a
    /// formula; kept so that the outputs written again match.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw_csv: bool,
}

/// A merge option file of decision rules: its name, and its rules by round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFile {
    pub name: String,
    pub rounds:
        std::collections::BTreeMap<crate::model::Round, crate::review::decision::DecisionSpec>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rule: Rule::Trimmed,
            trim_from: 5,
            max_spread: Points(1500),
            // The population sd of totals within a spread of 15 is at
            // most 7.5: 6 flags a panel split into two camps on its own.
            max_sd: Points(600),
            decision_file: None,
            raw_csv: false,
        }
    }
}
