//! The bundle a merge checks the review files against: its rubrics (and
//! their hashes) and its clusters, round by round. Read from a store that
//! holds the bundle, or from the bundle file itself.

use std::collections::BTreeMap;
use std::path::Path;

use crate::digest::sha256_bytes;
use crate::model::Round;
use crate::review::rubric::Rubric;
use crate::store::{BundleInfo, ImportError, ImportOutcome, Store, StoreError};

/// A cluster of the bundle, as the result names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterRef {
    pub id: String,
    pub name: String,
    pub prefecture: String,
}

/// One round of the bundle: its rubric, the rubric file's SHA-256, and
/// its clusters in id order.
#[derive(Clone, Debug)]
pub struct RoundRef {
    pub rubric: Rubric,
    pub sha256: String,
    pub clusters: Vec<ClusterRef>,
}

/// What a bundle says a review must fit.
#[derive(Clone, Debug)]
pub struct Reference {
    pub id: String,
    pub title: String,
    pub year: i64,
    /// By round key (`assessment`, `application`), rounds with a rubric.
    pub rounds: BTreeMap<String, RoundRef>,
}

/// Why the bundle could not be read for a merge.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Import(#[from] ImportError),
}

impl Reference {
    /// The bundle as a store holds it.
    pub fn from_store(store: &Store, b: &BundleInfo) -> Result<Reference, StoreError> {
        let mut rounds = BTreeMap::new();
        let rows = store.cluster_rows(b.no)?;
        for round in Round::ALL {
            let Some((rubric, source)) = store.rubric_with_source(b.no, round)? else {
                continue;
            };
            let mut clusters: Vec<ClusterRef> = rows
                .iter()
                .filter(|r| r.round == round)
                .map(|r| ClusterRef {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    prefecture: r.prefecture.clone(),
                })
                .collect();
            clusters.sort_by(|a, b| a.id.cmp(&b.id));
            rounds.insert(
                round.key().to_string(),
                RoundRef {
                    rubric,
                    sha256: sha256_bytes(source.as_bytes()).to_string(),
                    clusters,
                },
            );
        }
        Ok(Reference {
            id: b.id.clone(),
            title: b.title.clone(),
            year: i64::from(b.year),
            rounds,
        })
    }

    /// The bundle file itself: verified and read as `import` reads it
    /// (every hash, every workbook), into a store in memory.
    pub fn from_bundle(path: &Path) -> Result<Reference, ReferenceError> {
        let mut store = Store::open_in_memory()?;
        let id = match crate::store::import(&mut store, path)? {
            ImportOutcome::Imported { id, .. } | ImportOutcome::AlreadyImported { id } => id,
        };
        let b = store.bundle(Some(&id))?;
        Ok(Reference::from_store(&store, &b)?)
    }

    /// A cluster of the bundle by id: its round key and its entry.
    pub fn cluster(&self, id: &str) -> Option<(&str, &ClusterRef)> {
        self.rounds.iter().find_map(|(k, r)| {
            r.clusters
                .binary_search_by(|c| c.id.as_str().cmp(id))
                .ok()
                .map(|i| (k.as_str(), &r.clusters[i]))
        })
    }
}
