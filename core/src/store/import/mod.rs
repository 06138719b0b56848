//! `import`: read a bundle archive in one pass, checking every file
//! against the manifest's SHA-256 as it goes, and load it into the store in
//! one transaction. Nothing is committed unless every file matches and every
//! workbook reads; any error leaves the store as it was.
//!
//! `open` finds the manifest, `reader` runs the reading thread with `check`
//! (the file checker) and `index` (files by path), and `rows` writes what
//! the workbooks hold.

mod check;
mod index;
mod open;
mod reader;
mod rows;

use std::path::Path;
use std::sync::mpsc::sync_channel;

use crate::bundle::load;
use crate::bundle::manifest::{FORMAT, MANIFEST};
use crate::bundle::{Problem, Problems, Severity};
use crate::i18n::{M, trf};
use crate::store::{Store, StoreError};
use crate::trace;

use open::open_archive;
use reader::read_and_check;
use rows::load_into;

pub use open::read_manifest;

#[derive(Debug)]
pub enum ImportOutcome {
    Imported {
        id: String,
        /// The manifest's year and title (its file list is not kept).
        year: i32,
        title: String,
        clusters: usize,
        evidence: usize,
        warnings: Vec<Problem>,
    },
    AlreadyImported {
        id: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", trf(M::BundleMissing, &[.0]))]
    Missing(String),
    #[error("{}", trf(M::BundleIsFolder, &[.0]))]
    Folder(String),
    #[error("{}", trf(M::BundleUnreadable, &[.0]))]
    Unreadable(String, #[source] std::io::Error),
    #[error("{}", trf(M::NoManifest, &[.0]))]
    NoManifest(String),
    /// A compressed copy: (the file, its kind, how to unpack it).
    #[error("{}", trf(M::BundleCompressed, &[.0, .1, .2]))]
    Compressed(String, &'static str, String),
    #[error("{}", trf(M::BadToml, &[&MANIFEST, .0]))]
    BadManifest(String),
    #[error("{}", trf(M::FormatVersion, &[.0, &FORMAT]))]
    Format(u32),
    /// Files missing or changed, or workbooks with errors; nothing was imported.
    #[error("{}", crate::bundle::report_bounded(&.0.iter().collect::<Vec<_>>(), M::ReportMoreImport))]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A thread of the import failed: nothing is committed.
    #[error("{}", crate::i18n::tr(M::ImportInternal))]
    Internal,
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Store(StoreError::Sql(e))
    }
}

fn errors_only(p: Problems) -> ImportError {
    ImportError::Problems(
        p.sorted()
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect(),
    )
}

/// Imports the bundle archive `bundle` into `store`.
pub fn import(store: &mut Store, bundle: &Path) -> Result<ImportOutcome, ImportError> {
    trace::mark("import starts");
    let reader = open_archive(bundle)?;
    let size = std::fs::metadata(bundle).map_or(0, |m| m.len());
    let _progress = crate::progress::begin(crate::progress::Task::Import, size, 0);
    let (ptx, prx) = sync_channel(1);
    let (btx, brx) = load::channel();
    let (ctx, crx) = sync_channel::<()>(1);
    let lang = crate::i18n::lang();
    std::thread::scope(|s| {
        let reading = s.spawn(move || {
            let _lang = crate::i18n::speak(lang);
            read_and_check(bundle, reader, ptx, btx, crx)
        });
        let pre = match prx.recv() {
            Ok(Ok(pre)) => pre,
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(ImportError::NoManifest(bundle.display().to_string())),
        };
        let exists: bool = store.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM bundles WHERE id = ?1)",
            [&pre.id],
            |r| r.get(0),
        )?;
        if exists {
            // Nothing to load, but a bundle that was tampered with still says so.
            drop(brx);
            drop(ctx);
            // A checker that failed checked nothing: never "no problems".
            let problems = reading.join().map_err(|_| ImportError::Internal)?;
            return if problems.has_errors() {
                Err(errors_only(problems))
            } else {
                Ok(ImportOutcome::AlreadyImported { id: pre.id })
            };
        }
        let loaded = load_into(store, bundle, &pre, brx, ctx);
        // Dropping the books (on an error) lets the reading thread finish.
        let checked = reading.join().map_err(|_| ImportError::Internal)?;
        let (tx_done, loaded, problems) = loaded?;
        if problems.has_errors() || checked.has_errors() {
            let mut all = checked;
            all.0.extend(problems.0);
            return Err(errors_only(all));
        }
        tx_done.commit()?;
        trace::mark("committed");
        Ok(ImportOutcome::Imported {
            id: pre.id.clone(),
            year: pre.manifest.year,
            title: pre.manifest.title.clone(),
            clusters: loaded.clusters.len(),
            evidence: loaded.evidence,
            warnings: problems
                .sorted()
                .into_iter()
                .filter(|p| p.severity == Severity::Warning)
                .collect(),
        })
    })
}
