//! Each input file verified (signature, signer, namespace), then checked
//! against the bundle it names: what is not proven is refused, never used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::digest::sha256_bytes;
use crate::i18n::{M, error_chain, io_error, tr, trf};
use crate::merge::check;
use crate::merge::reference::Reference;
use crate::merge::result::{Input, MergeError, Outcome};
use crate::sign::allowed::Signer;
use crate::sign::file::ReviewFile;

/// A file read and verified (or not).
pub(crate) struct Candidate {
    pub input: Input,
    pub file: Option<ReviewFile>,
}

pub(crate) fn refused(kind: &str, reason: String) -> Outcome {
    Outcome::Refused {
        kind: kind.to_string(),
        reason,
    }
}

/// Verifies one input file (payload and `FILE.sig`).
pub(crate) fn read_input(path: &Path, signers: &[Signer], now: i64) -> Candidate {
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
            input.outcome = refused("unreadable", error_chain(&e));
            return Candidate { input, file: None };
        }
    };
    input.sha256 = sha256_bytes(&payload).to_string();
    let sig_path = format!("{shown}.sig");
    let sig = match std::fs::read(&sig_path) {
        Ok(s) => String::from_utf8_lossy(&s).into_owned(),
        Err(e) => {
            input.outcome = refused(
                "bad_signature",
                format!("{sig_path}{}{}", tr(M::CauseSeparator), io_error(&e)),
            );
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
            input.outcome = refused(e.kind(), error_chain(&e));
            Candidate { input, file: None }
        }
    }
}

/// The paths in a fixed order, each file once: two names of one file (a
/// path given twice, `./a.json` and `a.json`) are read once and listed.
pub(crate) fn distinct(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
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

/// Every file read and verified, half on another core. A reader that
/// panicked read nothing: its files stand refused, never silently missing.
pub fn read_all(paths: &[PathBuf], signers: &[Signer], now: i64) -> Vec<Candidate> {
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        let half = paths.len().div_ceil(2);
        let (a, b) = paths.split_at(half);
        let h = s.spawn(move || {
            let _lang = crate::i18n::speak(lang);
            b.iter()
                .map(|p| read_input(p, signers, now))
                .collect::<Vec<_>>()
        });
        let mut out: Vec<Candidate> = a.iter().map(|p| read_input(p, signers, now)).collect();
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
    })
}

/// The bundle: of the bundles at hand, the one most verified files name
/// (ties: the smallest id).
pub(crate) fn choose_bundle(
    cands: Vec<Candidate>,
    bundle: &dyn Fn(&str) -> Option<Reference>,
) -> Result<(Vec<Candidate>, Reference), MergeError> {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in cands.iter().filter_map(|c| c.file.as_ref()) {
        *votes.entry(f.bundle.id.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if ranked.is_empty() {
        return Err(MergeError::Nothing(
            cands.into_iter().map(|c| c.input).collect(),
        ));
    }
    match ranked.iter().find_map(|(id, _)| bundle(id)) {
        Some(reference) => Ok((cands, reference)),
        None => Err(MergeError::NoBundle(
            ranked
                .iter()
                .map(|(id, _)| crate::text::short(id).to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

/// Each verified file checked against the bundle, half on another core: a
/// file of another bundle, or one the bundle does not allow, is refused.
pub(crate) fn check_all(cands: &mut [Candidate], reference: &Reference) {
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
            check::check(f, reference)
                .err()
                .map(|e| ("invalid_content", trf(M::MergeInvalid, &[&e])))
        };
        if let Some((kind, why)) = reason {
            c.input.outcome = refused(kind, why);
            c.file = None;
        }
    };
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        let half = cands.len().div_ceil(2);
        let (a, b) = cands.split_at_mut(half);
        s.spawn(move || {
            let _lang = crate::i18n::speak(lang);
            b.iter_mut().for_each(check_one)
        });
        a.iter_mut().for_each(check_one);
    });
}
