//! What a merge gives (every input's fate, the reviewers used, each
//! cluster's figures), or why it gave nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::i18n::{M, tr, trf};
use crate::merge::calc::Stats;
use crate::merge::options::{Options, Rule};
use crate::review::rubric::Points;
use crate::sign::file::BundleRef;

/// What became of an input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Used,
    /// A byte-identical copy of a file used: counted once.
    Duplicate {
        of: String,
    },
    /// An older export of the same reviewer.
    Superseded {
        by: String,
    },
    /// Refused, with the reason.
    Refused {
        kind: String,
        reason: String,
    },
}

/// One input file and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    pub path: String,
    pub sha256: String,
    pub reviewer: Option<String>,
    pub key: Option<String>,
    pub sequence: Option<u64>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// A reviewer whose file is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    pub name: String,
    pub key: String,
    pub sequence: u64,
    pub sha256: String,
    pub path: String,
    pub complete: bool,
}

/// One reviewer's marks on one cluster, as the file has them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    pub status: String,
    /// As in the review file: `"10 7.5 - 8"` in the round's item order.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        default,
        with = "crate::sign::file::score_list"
    )]
    pub scores: Vec<Option<Points>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub total: Option<Points>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub comments: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conclusion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub opinion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conflict: Option<String>,
}

/// Why a cluster is flagged: kept as figures, put into words (in the
/// reader's language) when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Divergence {
    /// The reviewers' totals spread wider than the limit.
    Spread { spread: Points, limit: Points },
    /// Their standard deviation exceeds the limit.
    Sd { sd: Points, limit: Points },
    /// Their conclusions differ (each with how many gave it).
    Conclusions { given: BTreeMap<String, usize> },
}

impl Divergence {
    pub fn text(&self) -> String {
        match self {
            Divergence::Spread { spread, limit } => trf(M::DivSpread, &[spread, limit]),
            Divergence::Sd { sd, limit } => trf(M::DivSd, &[sd, limit]),
            Divergence::Conclusions { given } => {
                let parts: Vec<String> = given.iter().map(|(k, v)| format!("{k} {v}")).collect();
                trf(M::DivConclusions, &[&parts.join(" / ")])
            }
        }
    }
}

/// A cluster's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterResult {
    pub id: String,
    pub round: String,
    pub name: String,
    pub prefecture: String,
    /// The rank within its round (none without any complete review).
    pub rank: Option<usize>,
    /// Whether another cluster of the round has the same final score
    /// (and so the same rank): 并列.
    #[serde(default)]
    pub tied: bool,
    /// The final score by the rule, to 0.01.
    pub score: Option<Points>,
    /// The rule actually applied (the mean where too few for trimming).
    pub rule_used: Option<Rule>,
    /// The reviewers' complete totals.
    pub total: Option<Stats>,
    /// Per item, in the round's item order.
    pub items: Vec<Option<Stats>>,
    /// Conclusions given, with how many gave each.
    pub conclusions: BTreeMap<String, usize>,
    /// Why the cluster is flagged as divergent.
    pub divergence: Vec<Divergence>,
    /// Reviewers (indices into `reviewers`) who declared a conflict.
    pub recused: Vec<usize>,
    /// Reviewers who have not completed it.
    pub missing: Vec<usize>,
    /// Each used reviewer's marks, by reviewer index.
    pub marks: BTreeMap<usize, Marks>,
    /// The panel's decision by the round's rule, with its reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<crate::review::decision::Decision>,
}

/// The merged result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeResult {
    pub format: String,
    pub version: u64,
    pub bundle: BundleRef,
    pub rubrics: BTreeMap<String, String>,
    pub items: BTreeMap<String, Vec<String>>,
    /// Each round's item names, in the order of `items`.
    #[serde(default)]
    pub item_names: BTreeMap<String, Vec<String>>,
    /// Each round's item maxima, in the order of `items`.
    #[serde(default)]
    pub item_max: BTreeMap<String, Vec<Points>>,
    /// Each round's conclusions, best first (the first recommends).
    #[serde(default)]
    pub conclusions: BTreeMap<String, Vec<String>>,
    pub options: Options,
    pub inputs: Vec<Input>,
    /// Paths given more than once (read once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<String>,
    pub reviewers: Vec<Reviewer>,
    /// By round, then rank, then id.
    pub clusters: Vec<ClusterResult>,
    /// The rule each round was decided by, and where it came from.
    #[serde(default)]
    pub decisions: BTreeMap<String, crate::review::decision::RuleUsed>,
    /// The panel's own opinions, written by its leader (`pingshen results`).
    #[serde(default, skip_serializing_if = "PanelOpinions::is_empty")]
    pub panel: PanelOpinions,
}

/// The panel's opinion on each cluster and on the whole, in its leader's
/// words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelOpinions {
    /// Who wrote them (the group leader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<String>,
    /// By cluster id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clusters: BTreeMap<String, String>,
}

impl PanelOpinions {
    pub fn is_empty(&self) -> bool {
        self.leader.is_none() && self.overall.is_none() && self.clusters.is_empty()
    }
}

/// Why a merge cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}", trf(M::MergeSameSequence, &[.name, .sequence, &.files.join(", ")]))]
    SameSequence {
        name: String,
        sequence: u64,
        files: Vec<String>,
    },
    #[error("{}", trf(M::MergeSameName, &[.name, &.files.join(", ")]))]
    SameName { name: String, files: Vec<String> },
    #[error("{}", tr(M::MergeNothing))]
    Nothing(Vec<Input>),
    /// No bundle the verified files name is at hand (their short ids).
    #[error("{}", trf(M::MergeNoBundle, &[.0]))]
    NoBundle(String),
    #[error("{0}")]
    Read(String, #[source] crate::i18n::Cause),
    /// The option file's rule does not fit a round's rubric.
    #[error("{}: {}", .0, .1)]
    Decision(String, crate::review::decision::DecisionError),
}

impl MergeResult {
    /// What this result is, whatever it was merged with: its bundle and the
    /// review files it used (their SHA-256, in order). The panel's opinions
    /// are kept under it, so that merging the same files again finds them,
    /// and files added or changed do not.
    pub fn identity(&self) -> String {
        let mut used: Vec<&str> = self
            .inputs
            .iter()
            .filter(|i| matches!(i.outcome, Outcome::Used))
            .map(|i| i.sha256.as_str())
            .collect();
        used.sort_unstable();
        let text = format!("{}\n{}", self.bundle.id, used.join("\n"));
        crate::digest::sha256_bytes(text.as_bytes()).to_string()
    }

    /// The rule a round was decided by, in words (the round's first
    /// conclusion is the one that recommends).
    pub fn decision_text(&self, round: &str) -> Option<String> {
        let used = self.decisions.get(round)?;
        let positive = self.opinions(round).first().cloned().unwrap_or_default();
        Some(used.rule.describe(&positive))
    }

    /// The conclusions of a round, best first, as its rubric lists them.
    pub fn opinions(&self, round: &str) -> Vec<String> {
        self.conclusions.get(round).cloned().unwrap_or_default()
    }

    /// The rule as people read it (in the reader's language).
    pub(crate) fn rule_text(&self) -> String {
        self.options.rule.describe(self.options.trim_from)
    }

    /// Clusters some reviewer has not completed: (reviewer, cluster).
    pub fn missing(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for c in &self.clusters {
            for &k in &c.missing {
                if let Some(r) = self.reviewers.get(k) {
                    out.push((r.name.as_str(), c.id.as_str()));
                }
            }
        }
        out
    }

    /// Reads a result written by [`output::write`] (its JSON).
    pub fn read(path: &Path) -> Result<MergeResult, MergeError> {
        let bytes = std::fs::read(path)
            .map_err(|e| MergeError::Read(path.display().to_string(), e.into()))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| MergeError::Read(path.display().to_string(), e.into()))
    }
}
