//! A reviewer's signed file: `export` writes it, `verify` checks one as
//! the office will (signature, then content against its bundle).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use pingshen::i18n::{M, tr, trf};
use pingshen::merge;
use pingshen::session::export::{self, ExportError};
use pingshen::sign::{self, keys};
use pingshen::text::inert;

use super::Run;
use super::keys::{identity, passphrase};
use super::sources::{open_store, read_signers, stored_reference};

/// `export`: the signed review file (FILE and FILE.sig).
pub fn export(
    run: &Run,
    dest: &Path,
    incomplete: bool,
    bundle: Option<&str>,
    out: &mut impl Write,
) -> Result<bool> {
    let (name, path) = identity(run)?;
    let mut store = open_store(run.db.as_deref())?;
    let b = store.bundle(bundle)?;
    let public = keys::load_public(&path)?;
    let mut key = || keys::load(&path, &mut passphrase);
    let r = store.reviewer(&name)?;
    match export::export(&mut store, &b, &r, &public, &mut key, dest, incomplete) {
        Ok(e) => {
            let s = &e.file.summary;
            writeln!(
                out,
                "{}",
                trf(
                    M::Exported,
                    &[
                        &e.path.display(),
                        &e.file.sequence,
                        &(s.complete + s.recused),
                        &s.clusters,
                        &e.sig_path.display()
                    ]
                )
            )?;
            Ok(true)
        }
        Err(e @ ExportError::Incomplete(..)) => {
            eprintln!("{e}");
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// `verify`: a review file's signature against allowed_signers, then its
/// content against the bundle it names (the given file, else the store).
pub fn verify(
    run: &Run,
    file: &Path,
    sig: Option<PathBuf>,
    signers: &Path,
    bundle: Option<&Path>,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let payload = std::fs::read(file).with_context(|| file.display().to_string())?;
    let sig_path = sig.unwrap_or_else(|| PathBuf::from(format!("{}.sig", file.display())));
    // A panel's final result (its manifest) is checked as one.
    if is_result_manifest(&payload) {
        return verify_result(file, &sig_path, signers, json, out);
    }
    let sig_bytes = std::fs::read(&sig_path).with_context(|| sig_path.display().to_string())?;
    let list = read_signers(signers)?;
    let v = sign::verify(
        &payload,
        &String::from_utf8_lossy(&sig_bytes),
        &list,
        sign::now(),
    )?;
    // The content, against the bundle the file names.
    let reference = match bundle {
        Some(p) => Some(merge::Reference::from_bundle(p)?),
        None => stored_reference(run.db.as_deref(), &v.file.bundle.id),
    };
    let short = pingshen::text::short(&v.file.bundle.id);
    match &reference {
        Some(r) => {
            merge::check::check(&v.file, r)?;
            eprintln!("{}", trf(M::CheckedAgainst, &[&short]));
        }
        None => eprintln!("{}", trf(M::NotCheckedContent, &[&short])),
    }
    let f = &v.file;
    let s = &f.summary;
    if json {
        pingshen::json::write_inert(
            out,
            &serde_json::json!({
                "verified": true,
                "reviewer": f.reviewer.name,
                "key": v.fingerprint,
                "signer_line": v.signer_line,
                "bundle": f.bundle.id,
                "sequence": f.sequence,
                "sha256": v.sha256,
                "complete": f.complete,
                "summary": s,
            }),
        )?;
        return Ok(true);
    }
    let scores: usize = f
        .clusters
        .values()
        .flatten()
        .map(|c| c.scores.iter().flatten().count())
        .sum();
    writeln!(
        out,
        "{}",
        trf(
            M::Verified,
            &[&inert(&f.reviewer.name), &v.fingerprint, &v.signer_line]
        )
    )?;
    let state = tr(if f.complete {
        M::Complete
    } else {
        M::Incomplete
    });
    writeln!(
        out,
        "{}",
        trf(
            M::VerifiedBundle,
            &[&short, &inert(&f.bundle.title), &f.sequence, &state]
        )
    )?;
    writeln!(
        out,
        "{}",
        trf(
            M::VerifiedCounts,
            &[
                &s.clusters,
                &s.complete,
                &s.in_progress,
                &s.not_started,
                &s.recused,
                &scores
            ]
        )
    )?;
    Ok(true)
}

/// Whether bytes claim to be a result manifest (only which check applies
/// is read from them before the signature is checked).
fn is_result_manifest(payload: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(payload)
        .is_ok_and(|v| v["format"] == merge::output::FORMAT)
}

/// `verify` on a signed final result: the manifest's signature in the
/// `pingshen-result` namespace, its leader, and every output beside it.
fn verify_result(
    manifest: &Path,
    sig: &Path,
    signers: &Path,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let list = read_signers(signers)?;
    let v = merge::output::verify_result(manifest, sig, &list, sign::now())?;
    let m = &v.manifest;
    let leader = m.panel.leader.clone().unwrap_or_default();
    if json {
        pingshen::json::write_inert(
            out,
            &serde_json::json!({
                "verified": true,
                "kind": "result",
                "leader": leader,
                "key": v.fingerprint,
                "signer_line": v.signer_line,
                "bundle": m.bundle,
                "inputs": m.inputs.len(),
                "outputs": v.outputs,
                "decisions": m.decisions,
                "panel": m.panel,
            }),
        )?;
        return Ok(true);
    }
    writeln!(
        out,
        "{}",
        trf(
            M::VerifiedResult,
            &[&inert(&leader), &v.fingerprint, &v.signer_line]
        )
    )?;
    let decided = m.decisions.values().filter(|d| d.is_some()).count();
    writeln!(
        out,
        "{}",
        trf(
            M::VerifiedResultCounts,
            &[
                &pingshen::text::short(&m.bundle),
                &m.inputs.len(),
                &decided,
                &m.decisions.len(),
                &v.outputs
            ]
        )
    )?;
    Ok(true)
}
