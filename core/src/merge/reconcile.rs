//! One file per reviewer, whatever the panel handed in: byte-identical
//! copies count once, a newer export supersedes an older one, two different
//! files with one sequence number wait for the operator's choice, and one
//! name under two keys stops the merge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::i18n::{M, trf};
use crate::merge::result::{MergeError, Outcome};
use crate::merge::verify::{Candidate, refused};

/// One file per reviewer: copies count once, a newer export supersedes an
/// older one, two different files with one number need `prefer`, and one
/// name under two keys stops the merge.
pub(super) fn reconcile(cands: &mut [Candidate], prefer: &[PathBuf]) -> Result<(), MergeError> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.file.is_some()
            && let Some(k) = &c.input.key
        {
            by_key.entry(k.clone()).or_default().push(i);
        }
    }
    let preferred: BTreeSet<String> = prefer.iter().map(|p| p.display().to_string()).collect();
    for list in by_key.values() {
        // Copies of one file count once.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut distinct = Vec::new();
        for &i in list {
            match seen.get(&cands[i].input.sha256) {
                Some(&first) => {
                    let of = cands[first].input.path.clone();
                    cands[i].input.outcome = Outcome::Duplicate { of };
                    cands[i].file = None;
                }
                None => {
                    seen.insert(cands[i].input.sha256.clone(), i);
                    distinct.push(i);
                }
            }
        }
        let top = distinct
            .iter()
            .filter_map(|&i| cands[i].input.sequence)
            .max()
            .unwrap_or(0);
        let mut newest: Vec<usize> = distinct
            .iter()
            .copied()
            .filter(|&i| cands[i].input.sequence == Some(top))
            .collect();
        if newest.len() > 1 {
            let picked: Vec<usize> = newest
                .iter()
                .copied()
                .filter(|&i| preferred.contains(&cands[i].input.path))
                .collect();
            if picked.len() != 1 {
                return Err(MergeError::SameSequence {
                    name: cands[newest[0]].input.reviewer.clone().unwrap_or_default(),
                    sequence: top,
                    files: newest
                        .iter()
                        .map(|&i| cands[i].input.path.clone())
                        .collect(),
                });
            }
            for &i in &newest {
                if i != picked[0] {
                    cands[i].input.outcome = refused(
                        "not_preferred",
                        trf(M::MergeNotPreferred, &[&cands[picked[0]].input.path]),
                    );
                    cands[i].file = None;
                }
            }
            newest = picked;
        }
        let keep = newest[0];
        for &i in &distinct {
            if i != keep && cands[i].file.is_some() {
                cands[i].input.outcome = Outcome::Superseded {
                    by: cands[keep].input.path.clone(),
                };
                cands[i].file = None;
            }
        }
    }
    // One name, one key: the same reviewer twice under two keys stops the merge.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in cands.iter().enumerate() {
        if let (Some(_), Some(n)) = (&c.file, &c.input.reviewer) {
            by_name.entry(n.clone()).or_default().push(i);
        }
    }
    for (name, list) in &by_name {
        if list.len() > 1 {
            return Err(MergeError::SameName {
                name: crate::text::inert(name).into_owned(),
                files: list.iter().map(|&i| cands[i].input.path.clone()).collect(),
            });
        }
    }
    Ok(())
}
