//! The result manifest (`STEM.manifest.json`): what a result is made of and
//! what it decided — the bundle, the score rule, every input review's and
//! every output file's SHA-256, each cluster's decision and the panel's
//! opinions — and, once the panel's leader signs it, the signed final
//! result (`STEM.manifest.json.sig`, SSHSIG in the `pingshen-result`
//! namespace) that `pingshen verify` and stock `ssh-keygen -Y verify`
//! check alike.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ssh_key::PrivateKey;

use crate::digest::sha256_bytes;
use crate::i18n::{M, trf};
use crate::merge::result::{MergeResult, Outcome, PanelOpinions};
use crate::sign::allowed::Signer;
use crate::sign::{self, RESULT_NAMESPACE, VerifyError};

use super::{OutputError, io_err};

/// The manifest's `format`.
pub const FORMAT: &str = "pingshen-result-manifest";

/// The result manifest.
#[derive(Debug, Serialize, Deserialize)]
pub struct ResultManifest {
    pub format: String,
    pub bundle: String,
    pub rule: String,
    /// Each input: its path as given, its SHA-256, what became of it.
    pub inputs: Vec<(String, String, String)>,
    /// Each output beside the manifest: its file name and SHA-256.
    pub outputs: Vec<(String, String)>,
    /// Each cluster's decision (none: undecided), by id.
    #[serde(default)]
    pub decisions: BTreeMap<String, Option<String>>,
    /// The panel's opinions, once its leader wrote them.
    #[serde(default, skip_serializing_if = "PanelOpinions::is_empty")]
    pub panel: PanelOpinions,
}

impl ResultManifest {
    /// The manifest of `r` whose outputs are `files` (path, bytes).
    pub(super) fn of(r: &MergeResult, files: &[(PathBuf, Vec<u8>)]) -> ResultManifest {
        ResultManifest {
            format: FORMAT.into(),
            bundle: r.bundle.id.clone(),
            rule: r.rule_text(),
            inputs: r
                .inputs
                .iter()
                .map(|i| {
                    let outcome = match &i.outcome {
                        Outcome::Used => "used".to_string(),
                        Outcome::Duplicate { .. } => "duplicate".into(),
                        Outcome::Superseded { .. } => "superseded".into(),
                        Outcome::Refused { kind, .. } => format!("refused:{kind}"),
                    };
                    (i.path.clone(), i.sha256.clone(), outcome)
                })
                .collect(),
            outputs: files
                .iter()
                .map(|(p, b)| (file_name(p), sha256_bytes(b).to_string()))
                .collect(),
            decisions: r
                .clusters
                .iter()
                .map(|c| {
                    let outcome = c.decision.as_ref().and_then(|d| d.outcome.clone());
                    (c.id.clone(), outcome)
                })
                .collect(),
            panel: r.panel.clone(),
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Signs the manifest at `manifest` in the `pingshen-result` namespace,
/// beside it as `.sig`; returns the signature's path.
pub fn sign_manifest(manifest: &Path, key: &PrivateKey) -> Result<PathBuf, OutputError> {
    let bytes = std::fs::read(manifest).map_err(|e| io_err(manifest)(e.into()))?;
    let sig = sign::sign_in(RESULT_NAMESPACE, key, &bytes)
        .map_err(|e| io_err(manifest)(std::io::Error::other(e.to_string()).into()))?;
    let sig_path = PathBuf::from(format!("{}.sig", manifest.display()));
    super::write_whole(&sig_path, sig.as_bytes())?;
    Ok(sig_path)
}

/// The final result: `r` with the panel's opinions, its outputs written
/// again at `out` (the workbook; the rest beside it) and its manifest
/// signed by the leader's `key`. Returns every path written, the
/// signature last.
pub fn finalize(
    r: &mut MergeResult,
    panel: PanelOpinions,
    out: &Path,
    key: &PrivateKey,
) -> Result<Vec<PathBuf>, OutputError> {
    r.panel = panel;
    let mut written = super::write(r, out, !r.options.raw_csv)?;
    let manifest = written
        .iter()
        .find(|p| file_name(p).ends_with(".manifest.json"))
        .cloned()
        .ok_or_else(|| io_err(out)(std::io::Error::other("no manifest").into()))?;
    written.push(sign_manifest(&manifest, key)?);
    Ok(written)
}

/// Why a signed result is refused.
#[derive(Debug, thiserror::Error)]
pub enum ResultVerifyError {
    #[error("{0}")]
    Read(String, #[source] crate::i18n::Cause),
    #[error(transparent)]
    Signature(#[from] VerifyError),
    /// Signed, but not a result manifest (the file, what is wrong).
    #[error("{}", trf(M::ResultNotManifest, &[.0, .1]))]
    Malformed(String, String),
    /// The leader the manifest names is not whom the key belongs to.
    #[error("{}", trf(M::ResultSignerMismatch, &[.0, .1]))]
    SignerMismatch(String, String),
    /// An output the manifest lists is missing beside it.
    #[error("{}", trf(M::ResultOutputMissing, &[.0]))]
    OutputMissing(String),
    /// An output differs from what was signed.
    #[error("{}", trf(M::ResultOutputChanged, &[.0, .1, .2]))]
    OutputChanged(String, String, String),
}

impl ResultVerifyError {
    /// The exit status `pingshen verify` ends with: as for a review file,
    /// 17 for an output that is not what was signed.
    pub fn exit_code(&self) -> i32 {
        match self {
            ResultVerifyError::Read(..) => 1,
            ResultVerifyError::Signature(e) => e.exit_code(),
            ResultVerifyError::Malformed(..) => 14,
            ResultVerifyError::SignerMismatch(..) => 16,
            ResultVerifyError::OutputMissing(_) | ResultVerifyError::OutputChanged(..) => 17,
        }
    }
}

/// A signed result that passed: its manifest, who signed it, and the
/// outputs found unchanged beside it.
#[derive(Debug)]
pub struct VerifiedResult {
    pub manifest: ResultManifest,
    pub fingerprint: String,
    pub signer_line: usize,
    pub outputs: usize,
}

/// Checks a signed result: the signature over the manifest's exact bytes
/// in the `pingshen-result` namespace by a key allowed_signers admits for
/// it now; then the manifest, its leader against the key's principals,
/// and every output beside it against its SHA-256.
pub fn verify_result(
    manifest: &Path,
    signature: &Path,
    signers: &[Signer],
    now: i64,
) -> Result<VerifiedResult, ResultVerifyError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| ResultVerifyError::Read(p.display().to_string(), e.into()))
    };
    let payload = read(manifest)?;
    let sig = read(signature)?;
    let checked = sign::check_signature(
        RESULT_NAMESPACE,
        &payload,
        &String::from_utf8_lossy(&sig),
        signers,
        now,
    )?;
    let name = manifest.display().to_string();
    let m: ResultManifest = serde_json::from_slice(&payload)
        .map_err(|e| ResultVerifyError::Malformed(name.clone(), e.to_string()))?;
    if m.format != FORMAT {
        return Err(ResultVerifyError::Malformed(
            name,
            crate::text::inert(&m.format).into_owned(),
        ));
    }
    let line = match &m.panel.leader {
        Some(leader) => checked
            .signers
            .iter()
            .find(|s| s.names(leader))
            .map(|s| s.line)
            .ok_or_else(|| {
                ResultVerifyError::SignerMismatch(
                    crate::text::inert(leader).into_owned(),
                    checked.fingerprint.clone(),
                )
            })?,
        None => checked.signers.first().map_or(0, |s| s.line),
    };
    let dir = manifest.parent().unwrap_or(Path::new("."));
    for (file, sha) in &m.outputs {
        // Only a plain name beside the manifest is read.
        let plain = Path::new(file).file_name().map(|n| n.to_string_lossy()) == Some(file.into());
        let path = dir.join(file);
        if !plain || !path.is_file() {
            return Err(ResultVerifyError::OutputMissing(
                crate::text::inert(file).into_owned(),
            ));
        }
        let found = sha256_bytes(&read(&path)?).to_string();
        if &found != sha {
            return Err(ResultVerifyError::OutputChanged(
                crate::text::inert(file).into_owned(),
                sha.clone(),
                found,
            ));
        }
    }
    Ok(VerifiedResult {
        outputs: m.outputs.len(),
        manifest: m,
        fingerprint: checked.fingerprint,
        signer_line: line,
    })
}
