//! Exporting a reviewer's marks from the store as a signed review file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ssh_key::{PrivateKey, PublicKey};

use crate::digest::sha256_bytes;
use crate::i18n::{M, trf};
use crate::model::Round;
use crate::review::score::{Field, Progress};
use crate::sign::file::{self, BundleRef, ClusterReview, ReviewFile, ReviewerRef, Summary};
use crate::sign::{SignError, keys, sign};
use crate::store::{BundleInfo, Reviewer, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{}", trf(M::ExportIncomplete, &[.0, .1]))]
    Incomplete(u64, u64),
    #[error("{}", trf(M::ExportWrite, &[&.0.display()]))]
    Write(PathBuf, #[source] std::io::Error),
    #[error("{0}")]
    Sign(#[from] SignError),
    #[error(transparent)]
    Key(#[from] crate::sign::keys::KeyError),
    #[error("{}", crate::i18n::tr(M::KeyMismatch))]
    KeyMismatch,
}

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub file: ReviewFile,
    pub path: PathBuf,
    pub sig_path: PathBuf,
    pub sha256: String,
}

/// The review file of a reviewer's marks on a bundle, as they stand.
pub(crate) fn build(
    store: &Store,
    bundle: &BundleInfo,
    reviewer: &Reviewer,
    key: &PublicKey,
    sequence: u64,
    previous: Option<String>,
    exported_at: String,
) -> Result<ReviewFile, StoreError> {
    let marks = store.marks(reviewer.no, bundle.no)?;
    let mut rubrics = BTreeMap::new();
    let mut hashes = BTreeMap::new();
    for round in [Round::Assessment, Round::Application] {
        if let Some((rubric, source)) = store.rubric_with_source(bundle.no, round)? {
            hashes.insert(
                round.key().to_string(),
                sha256_bytes(source.as_bytes()).to_string(),
            );
            rubrics.insert(round, rubric);
        }
    }
    let mut keys: Vec<(String, Round)> = store
        .cluster_keys(bundle.no)?
        .into_iter()
        .map(|(id, k)| (id, k.round))
        .collect();
    keys.sort();
    let mut summary = Summary::default();
    let mut clusters: BTreeMap<String, Vec<ClusterReview>> = BTreeMap::new();
    for (id, round) in keys {
        let Some(rubric) = rubrics.get(&round) else {
            continue;
        };
        let m = marks.get(&id).cloned().unwrap_or_default();
        let progress = m.progress(rubric);
        summary.clusters += 1;
        let status = match progress {
            Progress::NotStarted => {
                summary.not_started += 1;
                "not_started"
            }
            Progress::InProgress => {
                summary.in_progress += 1;
                "in_progress"
            }
            Progress::Complete => {
                summary.complete += 1;
                "complete"
            }
            Progress::Recused => {
                summary.recused += 1;
                "recused"
            }
        };
        let mut c = ClusterReview {
            id: id.clone(),
            status: status.to_string(),
            ..ClusterReview::default()
        };
        if progress == Progress::Recused {
            // A recused cluster carries its reason and nothing else.
            c.conflict = m.conflict().map(str::to_string);
        } else {
            let scores: Vec<Option<crate::review::rubric::Points>> =
                rubric.items.iter().map(|i| m.score(&i.id)).collect();
            if scores.iter().any(Option::is_some) {
                c.scores = scores;
            }
            for (field, value) in &m.values {
                match field {
                    Field::Comment(i) if rubric.items.iter().any(|x| &x.id == i) => {
                        c.comments.insert(i.clone(), value.clone());
                    }
                    Field::Conclusion => c.conclusion = Some(value.clone()),
                    Field::Opinion => c.opinion = Some(value.clone()),
                    _ => {}
                }
            }
        }
        clusters.entry(round.key().to_string()).or_default().push(c);
    }
    let items: BTreeMap<String, Vec<String>> = rubrics
        .iter()
        .map(|(r, rb)| (r.key().to_string(), rb.item_ids()))
        .collect();
    let mut file = ReviewFile {
        format: file::FORMAT.into(),
        version: file::VERSION,
        bundle: BundleRef {
            id: bundle.id.clone(),
            manifest_sha256: bundle.id.clone(),
            title: bundle.title.clone(),
            year: i64::from(bundle.year),
        },
        rubrics: hashes,
        items,
        reviewer: ReviewerRef {
            name: reviewer.name.clone(),
            key: keys::fingerprint(key),
            public_key: {
                let mut k = key.clone();
                k.set_comment("");
                k.to_openssh().unwrap_or_default().trim().to_string()
            },
        },
        sequence,
        previous,
        exported_at,
        complete: summary.in_progress == 0 && summary.not_started == 0,
        summary,
        clusters,
    };
    file.normalize();
    Ok(file)
}

/// Exports and signs the reviewer's review to `out` and `out.sig`. An
/// incomplete review is refused unless `incomplete` is set — before the
/// private key is asked for: `key` is called only to sign. The export is
/// numbered in the store, and the files written atomically.
pub fn export(
    store: &mut Store,
    bundle: &BundleInfo,
    reviewer: &Reviewer,
    public: &PublicKey,
    key: &mut dyn FnMut() -> Result<PrivateKey, crate::sign::keys::KeyError>,
    out: &Path,
    incomplete: bool,
) -> Result<Exported, ExportError> {
    let (sequence, previous) = store.next_export(reviewer.no, bundle.no)?;
    let at = store.now()?;
    let file = build(store, bundle, reviewer, public, sequence, previous, at)?;
    if !file.complete && !incomplete {
        return Err(ExportError::Incomplete(
            file.summary.complete + file.summary.recused,
            file.summary.clusters,
        ));
    }
    let key = key()?;
    if key.public_key().key_data() != public.key_data() {
        return Err(ExportError::KeyMismatch);
    }
    let bytes = file.to_bytes();
    let sig = sign(&key, &bytes)?;
    let sha256 = sha256_bytes(&bytes).to_string();
    let sig_path = PathBuf::from(format!("{}.sig", out.display()));
    write_atomic(out, &bytes)?;
    write_atomic(&sig_path, sig.as_bytes())?;
    store.record_export(
        reviewer.no,
        bundle.no,
        sequence,
        &sha256,
        &out.display().to_string(),
    )?;
    Ok(Exported {
        file,
        path: out.to_path_buf(),
        sig_path,
        sha256,
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    use std::io::Write;
    let err = |e: std::io::Error| ExportError::Write(path.to_path_buf(), e);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}
