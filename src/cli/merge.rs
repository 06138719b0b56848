//! `merge`: the panel's signed review files into one result — every file
//! checked (signature, bundle, content) before it counts.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use pingshen::i18n::{M, tr, trf};
use pingshen::merge;
use pingshen::sign::{self, keys};
use pingshen::text::inert;

use super::Run;
use super::args::MergeArgs;
use super::keys::{identity, passphrase};
use super::sources::{lookup_store, read_signers, stored_reference};

/// `merge`; `Ok(false)` when any input was refused (outputs are written
/// either way, and a script tells by the status).
pub fn merge(run: &Run, a: MergeArgs, out: &mut impl Write) -> Result<bool> {
    let options = merge::Options {
        rule: a.rule.into(),
        trim_from: a.trim_from,
        max_spread: a.max_spread,
        max_sd: a.max_sd,
        decision_file: match &a.decision {
            Some(p) => Some(merge::DecisionFile {
                name: p
                    .file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into()),
                rounds: pingshen::review::decision::read_option_file(p)?,
            }),
            None => None,
        },
        raw_csv: a.raw_csv,
    };
    let list = read_signers(&a.signers)?;
    // Every review is checked against its bundle: the bundle file, or a
    // store that imported it.
    let given = match &a.bundle {
        Some(p) => Some(merge::Reference::from_bundle(p)?),
        None => None,
    };
    let db = run.db.clone();
    let at_hand = move |id: &str| -> Option<merge::Reference> {
        match &given {
            Some(r) => (r.id == id).then(|| r.clone()),
            None => stored_reference(db.as_deref(), id),
        }
    };
    let result = match merge::merge(&a.files, &list, sign::now(), &options, &a.prefer, &at_hand) {
        Ok(r) => r,
        Err(merge::MergeError::Nothing(inputs)) => {
            for i in &inputs {
                print_input(i);
            }
            eprintln!("{}", tr(M::MergeNothing));
            return Ok(false);
        }
        Err(
            e @ (merge::MergeError::SameSequence { .. }
            | merge::MergeError::SameName { .. }
            | merge::MergeError::NoBundle(_)),
        ) => {
            eprintln!("{}", inert(&e.to_string()));
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    for i in &result.inputs {
        print_input(i);
    }
    for p in &result.repeated {
        eprintln!("{}", inert(&trf(M::MergeGivenTwice, &[p])));
    }
    print_missing(&result);
    // The panel's opinions its leader kept on these very reviews (in
    // `pingshen results`) go into the outputs again.
    let mut result = result;
    if let Ok(store) = lookup_store(run.db.as_deref())
        && let Ok(kept) = store.panel_opinions(&result.identity())
    {
        result.panel.overall = kept.overall;
        result.panel.clusters = kept.clusters;
    }
    let written = merge::output::write(&result, &a.out, !a.raw_csv)?;
    let divergent = result
        .clusters
        .iter()
        .filter(|c| !c.divergence.is_empty())
        .count();
    writeln!(
        out,
        "{}",
        trf(
            M::MergeDone,
            &[&result.reviewers.len(), &result.clusters.len(), &divergent]
        )
    )?;
    for p in &written {
        writeln!(out, "  {}", p.display())?;
    }
    if a.sign {
        let manifest = written
            .iter()
            .find(|p| p.to_string_lossy().ends_with(".manifest.json"))
            .cloned()
            .context("no manifest")?;
        writeln!(out, "  {}", sign_manifest(run, &manifest)?.display())?;
    }
    let refused = result
        .inputs
        .iter()
        .filter(|i| matches!(i.outcome, merge::Outcome::Refused { .. }))
        .count();
    if refused > 0 {
        eprintln!("{}", trf(M::MergeRefusedSome, &[&refused]));
    }
    Ok(refused == 0)
}

/// Who has not completed what: a line per reviewer (the workbook lists
/// every cluster).
fn print_missing(result: &merge::MergeResult) {
    let mut by_reviewer: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (who, cluster) in result.missing() {
        by_reviewer.entry(who).or_default().push(cluster);
    }
    for (who, list) in &by_reviewer {
        let mut ids: Vec<String> = list.iter().take(5).map(|c| inert(c).into_owned()).collect();
        if list.len() > 5 {
            ids.push("…".into());
        }
        eprintln!(
            "{}",
            trf(
                M::MergeMissing,
                &[&inert(who), &list.len(), &ids.join("、")]
            )
        );
    }
}

/// Signs the result manifest in the `pingshen-result` namespace; returns
/// the signature's path.
fn sign_manifest(run: &Run, manifest: &std::path::Path) -> Result<PathBuf> {
    let (_, key_file) = identity(run)?;
    let key = keys::load(&key_file, &mut passphrase)?;
    Ok(merge::output::sign_manifest(manifest, &key)?)
}

/// One line per input file of a merge: what became of it (on stderr when
/// refused).
fn print_input(i: &merge::Input) {
    let (what, why) = match &i.outcome {
        merge::Outcome::Used => (tr(M::OutcomeUsed), String::new()),
        merge::Outcome::Duplicate { of } => (tr(M::OutcomeDuplicate), of.clone()),
        merge::Outcome::Superseded { by } => (tr(M::OutcomeSuperseded), by.clone()),
        merge::Outcome::Refused { reason, .. } => (tr(M::OutcomeRefused), reason.clone()),
    };
    let line = trf(M::MergeInput, &[&i.path, &what, &why]);
    let line = inert(line.trim_end()).into_owned();
    if matches!(i.outcome, merge::Outcome::Refused { .. }) {
        eprintln!("{line}");
    } else {
        // A closed pipe here is the reader's choice, not an error.
        let _ = writeln!(std::io::stdout(), "{line}");
    }
}
