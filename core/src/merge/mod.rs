//! Merging the panel's signed review files into one result.
//!
//! Every file is verified first (as `pingshen verify`) and read only from
//! its verified bytes ([`verify`]); then the files are reconciled (one per
//! reviewer: a copy counts once, a newer export supersedes an older one, two
//! different files with the same number stop the merge until the operator
//! picks one); then every cluster is aggregated with the office's rule in
//! exact decimal arithmetic. The same files in any order give the same
//! result.

mod aggregate;
pub mod calc;
pub mod check;
mod decide;
pub mod options;
pub mod output;
mod reconcile;
pub mod reference;
pub mod result;
mod verify;

use std::path::PathBuf;

pub use options::{DecisionFile, Options, Rule};
pub use reference::Reference;
pub use result::{
    ClusterResult, Divergence, Input, Marks, MergeError, MergeResult, Outcome, PanelOpinions,
    Reviewer,
};

use crate::sign::allowed::Signer;
use crate::sign::file::{BundleRef, ReviewFile};
use verify::Candidate;

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
    let (paths, repeated) = verify::distinct(paths);
    let cands = verify::read_all(&paths, signers, now);
    let (mut cands, reference) = verify::choose_bundle(cands, bundle)?;
    verify::check_all(&mut cands, &reference);
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
    let reviewers = reviewers(&cands, &used);
    let mut clusters = aggregate::aggregate(&reference, &used, options);
    let decisions = decide::decide(&reference, &mut clusters, options)?;
    Ok(MergeResult {
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
        item_max: reference
            .rounds
            .iter()
            .map(|(k, r)| (k.clone(), r.rubric.items.iter().map(|i| i.max).collect()))
            .collect(),
        conclusions: reference
            .rounds
            .iter()
            .map(|(k, r)| (k.clone(), r.rubric.opinions.clone()))
            .collect(),
        options: options.clone(),
        reviewers,
        inputs: cands.into_iter().map(|c| c.input).collect(),
        repeated,
        clusters,
        decisions,
        panel: Default::default(),
    })
}

/// The reviewers whose files are used, in the files' order.
fn reviewers(cands: &[Candidate], used: &[(usize, &ReviewFile)]) -> Vec<Reviewer> {
    used.iter()
        .map(|(i, f)| Reviewer {
            name: f.reviewer.name.clone(),
            key: f.reviewer.key.clone(),
            sequence: f.sequence,
            sha256: cands[*i].input.sha256.clone(),
            path: cands[*i].input.path.clone(),
            complete: f.complete,
        })
        .collect()
}
