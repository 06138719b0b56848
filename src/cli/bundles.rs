//! The office's commands on bundles: blank templates for the prefectures,
//! `pack` (with its pre-screen), `import` and `open`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use pingshen::bundle::{self, pack, template};
use pingshen::i18n::{M, trf};
use pingshen::store::{self, ImportOutcome, Store};
use pingshen::text::inert;

use super::sources::open_store;
use super::{Run, screens};

/// `template`: blank workbooks to send to the prefectures.
pub fn template(dir: &Path, year: i32, out: &mut impl Write) -> Result<bool> {
    let n = template::write_blank(dir, year)?;
    writeln!(out, "{}", trf(M::TemplatesWritten, &[&n, &dir.display()]))?;
    Ok(true)
}

/// `pack`: a folder of submissions into a verified bundle, with the
/// pre-screen sheet beside it either way.
pub fn pack(src: &Path, dest: &Path, out: &mut impl Write) -> Result<bool> {
    let report = pack::pack(src, dest)?;
    // The pre-screen goes back to the prefectures, bundle or not.
    let sheet = bundle::prescreen::path_beside(dest);
    bundle::prescreen::write(&sheet, &report.problems)
        .with_context(|| sheet.display().to_string())?;
    let all: Vec<&bundle::Problem> = report.problems.iter().collect();
    eprint!("{}", bundle::report_bounded(&all, M::ReportMore));
    eprintln!("{}", trf(M::PrescreenWritten, &[&sheet.display()]));
    let errors = report.errors();
    if !errors.is_empty() {
        eprintln!("{}", trf(M::PackErrors, &[&errors.len()]));
        return Ok(false);
    }
    if let Some((m, id)) = &report.written {
        writeln!(
            out,
            "{}",
            trf(
                M::PackDone,
                &[
                    &dest.display(),
                    &report.clusters,
                    &report.evidence,
                    &m.files.len(),
                    id
                ]
            )
        )?;
    }
    Ok(true)
}

/// Imports a bundle; `None` when it has problems (said on stderr).
fn import_or_report(store: &mut Store, bundle: &Path) -> Result<Option<ImportOutcome>> {
    match store::import(store, bundle) {
        Ok(outcome) => Ok(Some(outcome)),
        Err(store::ImportError::Problems(p)) => {
            eprint!(
                "{}",
                bundle::report_bounded(&p.iter().collect::<Vec<_>>(), M::ReportMoreImport)
            );
            eprintln!("{}", trf(M::ImportErrors, &[&p.len()]));
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// `import`: verify a bundle and load it into the store.
pub fn import(bundle: &Path, run: &Run, out: &mut impl Write) -> Result<bool> {
    pingshen::trace::mark("command starts");
    let mut store = open_store(run.db.as_deref())?;
    let done = match import_or_report(&mut store, bundle)? {
        Some(outcome) => {
            if let ImportOutcome::Imported { warnings, .. } = &outcome
                && !warnings.is_empty()
            {
                eprint!(
                    "{}",
                    bundle::report_bounded(
                        &warnings.iter().collect::<Vec<_>>(),
                        M::ReportMoreImport
                    )
                );
            }
            writeln!(out, "{}", outcome_line(&outcome))?;
            true
        }
        None => false,
    };
    // Closing checkpoints the WAL into the database file.
    drop(store);
    pingshen::trace::mark("store closed");
    Ok(done)
}

/// `open`: import a bundle if needed, then review it in the terminal UI.
pub fn open(bundle: &Path, run: &Run) -> Result<bool> {
    let mut store = open_store(run.db.as_deref())?;
    let id = match import_or_report(&mut store, bundle)? {
        Some(ImportOutcome::Imported { id, .. } | ImportOutcome::AlreadyImported { id }) => id,
        None => return Ok(false),
    };
    let b = store.bundle(Some(&id))?;
    screens::review(store, b, run)
}

/// What an import says it did, in a line.
pub fn outcome_line(outcome: &ImportOutcome) -> String {
    match outcome {
        ImportOutcome::Imported {
            id,
            year,
            title,
            clusters,
            evidence,
            ..
        } => trf(
            M::Imported,
            &[
                &pingshen::text::short(id),
                year,
                &inert(title),
                clusters,
                evidence,
            ],
        ),
        ImportOutcome::AlreadyImported { id } => {
            trf(M::AlreadyImported, &[&pingshen::text::short(id)])
        }
    }
}
