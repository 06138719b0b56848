//! Merging the panel's signed review files into one result.
//!
//! Every file is verified first (as `pingshen verify`) and read only from
//! its verified bytes; then the files are reconciled (one per reviewer: a
//! copy counts once, a newer export supersedes an older one, two different
//! files with the same number stop the merge until the operator picks one);
//! then every cluster is aggregated with the office's rule in exact decimal
//! arithmetic. The same files in any order give the same result.

mod aggregate;
pub mod calc;
pub mod check;
pub mod output;
mod reconcile;
pub mod reference;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bundle::manifest::sha256_bytes;
use crate::i18n::{M, tr, trf};
use crate::merge::calc::Stats;
pub use crate::merge::reference::Reference;
use crate::review::rubric::Points;
use crate::sign::allowed::Signer;
use crate::sign::file::{BundleRef, ReviewFile};

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
        }
    }
}

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
    pub options: Options,
    pub inputs: Vec<Input>,
    /// Paths given more than once (read once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<String>,
    pub reviewers: Vec<Reviewer>,
    /// By round, then rank, then id.
    pub clusters: Vec<ClusterResult>,
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
    #[error("{0}: {1}")]
    Read(String, String),
}

/// A file read and verified (or not).
struct Candidate {
    input: Input,
    file: Option<ReviewFile>,
}

fn refused(kind: &str, reason: String) -> Outcome {
    Outcome::Refused {
        kind: kind.to_string(),
        reason,
    }
}

/// Verifies one input file (payload and `FILE.sig`).
fn read_input(path: &Path, signers: &[Signer], now: i64) -> Candidate {
    let shown = path.display().to_string();
    let mut input = Input {
        path: shown.clone(),
        sha256: String::new(),
        reviewer: None,
        key: None,
        sequence: None,
        outcome: Outcome::Used,
    };
    let payload = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            input.outcome = refused("unreadable", e.to_string());
            return Candidate { input, file: None };
        }
    };
    input.sha256 = sha256_bytes(&payload).to_string();
    let sig_path = format!("{shown}.sig");
    let sig = match std::fs::read(&sig_path) {
        Ok(s) => String::from_utf8_lossy(&s).into_owned(),
        Err(e) => {
            input.outcome = refused("bad_signature", format!("{sig_path}: {e}"));
            return Candidate { input, file: None };
        }
    };
    match crate::sign::verify(&payload, &sig, signers, now) {
        Ok(v) => {
            input.reviewer = Some(v.file.reviewer.name.clone());
            input.key = Some(v.fingerprint.clone());
            input.sequence = Some(v.file.sequence);
            Candidate {
                input,
                file: Some(v.file),
            }
        }
        Err(e) => {
            input.outcome = refused(e.kind(), e.to_string());
            Candidate { input, file: None }
        }
    }
}

/// The paths in a fixed order, each file once: two names of one file (a
/// path given twice, `./a.json` and `a.json`) are read once and listed.
fn distinct(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut seen: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut sorted: Vec<&PathBuf> = paths.iter().collect();
    sorted.sort();
    let mut out = Vec::new();
    let mut repeated = Vec::new();
    for p in sorted {
        let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        if seen.insert(key, ()).is_some() {
            repeated.push(p.display().to_string());
        } else {
            out.push(p.clone());
        }
    }
    (out, repeated)
}

/// Merges the files: verify, check against the bundle, reconcile,
/// aggregate. `bundle` gives the bundle a file names, where it is at hand
/// (a store that holds it, or the bundle file); `prefer` settles two
/// different files of one reviewer with the same sequence number.
pub fn merge(
    paths: &[PathBuf],
    signers: &[Signer],
    now: i64,
    options: &Options,
    prefer: &[PathBuf],
    bundle: &dyn Fn(&str) -> Option<Reference>,
) -> Result<MergeResult, MergeError> {
    // The same files in any order: sorted by path, each read once.
    let (paths, repeated) = distinct(paths);
    let mut cands: Vec<Candidate> = std::thread::scope(|s| {
        let half = paths.len().div_ceil(2);
        let (a, b) = paths.split_at(half);
        let h = s.spawn(|| {
            b.iter()
                .map(|p| read_input(p, signers, now))
                .collect::<Vec<_>>()
        });
        let mut out: Vec<Candidate> = a.iter().map(|p| read_input(p, signers, now)).collect();
        // A reader that panicked read nothing: its files stand refused,
        // never silently missing.
        match h.join() {
            Ok(v) => out.extend(v),
            Err(_) => out.extend(b.iter().map(|p| Candidate {
                input: Input {
                    path: p.display().to_string(),
                    sha256: String::new(),
                    reviewer: None,
                    key: None,
                    sequence: None,
                    outcome: refused("unreadable", "internal error".into()),
                },
                file: None,
            })),
        }
        out
    });

    // The bundle: of the bundles at hand, the one most verified files name
    // (ties: the smallest id).
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in cands.iter().filter_map(|c| c.file.as_ref()) {
        *votes.entry(f.bundle.id.as_str()).or_default() += 1;
    }
    if votes.is_empty() {
        return Err(MergeError::Nothing(
            cands.into_iter().map(|c| c.input).collect(),
        ));
    }
    let mut ranked: Vec<(&str, usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let Some(reference) = ranked.iter().find_map(|(id, _)| bundle(id)) else {
        return Err(MergeError::NoBundle(
            ranked
                .iter()
                .map(|(id, _)| crate::text::short(id).to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    };
    // Each file checked against the bundle, half on another core.
    let check_one = |c: &mut Candidate| {
        let Some(f) = &c.file else { return };
        let reason = if f.bundle.id != reference.id {
            Some((
                "another_bundle",
                trf(
                    M::MergeOtherBundle,
                    &[
                        &crate::text::short(&f.bundle.id),
                        &crate::text::short(&reference.id),
                    ],
                ),
            ))
        } else {
            check::check(f, &reference)
                .err()
                .map(|e| ("invalid_content", trf(M::MergeInvalid, &[&e])))
        };
        if let Some((kind, why)) = reason {
            c.input.outcome = refused(kind, why);
            c.file = None;
        }
    };
    std::thread::scope(|s| {
        let half = cands.len().div_ceil(2);
        let (a, b) = cands.split_at_mut(half);
        s.spawn(|| b.iter_mut().for_each(check_one));
        a.iter_mut().for_each(check_one);
    });

    reconcile::reconcile(&mut cands, prefer)?;

    let used: Vec<(usize, &ReviewFile)> = cands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.file.as_ref().map(|f| (i, f)))
        .collect();
    if used.is_empty() {
        return Err(MergeError::Nothing(
            cands.into_iter().map(|c| c.input).collect(),
        ));
    }
    let reviewers: Vec<Reviewer> = used
        .iter()
        .map(|(i, f)| Reviewer {
            name: f.reviewer.name.clone(),
            key: f.reviewer.key.clone(),
            sequence: f.sequence,
            sha256: cands[*i].input.sha256.clone(),
            path: cands[*i].input.path.clone(),
            complete: f.complete,
        })
        .collect();
    let clusters = aggregate::aggregate(&reference, &used, options);
    let result = MergeResult {
        format: "pingshen-result".into(),
        version: 1,
        bundle: BundleRef {
            id: reference.id.clone(),
            manifest_sha256: reference.id.clone(),
            title: reference.title.clone(),
            year: reference.year,
        },
        rubrics: reference
            .rounds
            .iter()
            .map(|(k, r)| (k.clone(), r.sha256.clone()))
            .collect(),
        items: reference
            .rounds
            .iter()
            .map(|(k, r)| (k.clone(), r.rubric.item_ids()))
            .collect(),
        item_names: reference
            .rounds
            .iter()
            .map(|(k, r)| {
                (
                    k.clone(),
                    r.rubric.items.iter().map(|i| i.name.clone()).collect(),
                )
            })
            .collect(),
        options: options.clone(),
        reviewers,
        inputs: cands.into_iter().map(|c| c.input).collect(),
        repeated,
        clusters,
    };
    Ok(result)
}

impl MergeResult {
    /// The rule as people read it (in the reader's language).
    pub fn rule_text(&self) -> String {
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
            .map_err(|e| MergeError::Read(path.display().to_string(), e.to_string()))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| MergeError::Read(path.display().to_string(), e.to_string()))
    }
}
