//! The reading thread: reads the archive once, hands the preamble (the
//! manifest, rubrics, roster) to the loader first, checks every entry and
//! passes the workbooks on to be parsed.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender};

use crate::bundle::Problems;
use crate::bundle::archive;
use crate::bundle::load::{self, Book};
use crate::bundle::manifest::{FileKind, MANIFEST, Manifest};
use crate::trace;

use super::ImportError;
use super::check::{Checked, Checker, source_file};
use super::open::manifest_of;

/// What the reading thread learns first: the manifest, the bundle id and
/// the rubrics (they follow the manifest in the archive).
pub(super) struct Preamble {
    pub(super) manifest: Arc<Manifest>,
    /// How many of its workbooks define clusters.
    pub(super) defining: usize,
    pub(super) id: String,
    pub(super) rubrics: Vec<(crate::model::Round, String, String)>,
    /// The roster of designated clusters, when the bundle has one.
    pub(super) roster: Option<(String, String)>,
}

/// The reading thread: reads the archive once, checks every entry, and
/// passes the workbooks on to be parsed. Returns what was wrong.
pub(super) fn read_and_check(
    bundle: &Path,
    mut reader: archive::Reader,
    preamble: SyncSender<Result<Preamble, ImportError>>,
    mut books: load::Sender,
    clusters_done: Receiver<()>,
) -> Problems {
    let mut entries = reader.entries();
    let (m, id) = match manifest_of(bundle, &mut entries) {
        Ok(v) => v,
        Err(e) => {
            let _ = preamble.send(Err(e));
            return Problems::default();
        }
    };
    let m = Arc::new(m);
    trace::mark("manifest read");
    crate::progress::files(m.files.len() as u64);
    let mut checker = Checker::new(&m, bundle);
    checker.mark_read(MANIFEST);
    let mut rubrics = Vec::new();
    let mut roster = None;
    let mut first = None;
    while let Some(checked) = checker.next(&mut entries) {
        match checked {
            Some((f, Some(bytes))) if f.kind == FileKind::Roster => {
                roster = Some((f.path.clone(), String::from_utf8_lossy(&bytes).into_owned()));
            }
            Some((f, Some(bytes))) if f.kind == FileKind::Rubric => {
                if let Some(r) = m.rubrics.iter().find(|r| r.path == f.path) {
                    rubrics.push((
                        r.round,
                        r.path.clone(),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    ));
                }
            }
            other => {
                first = other;
                break;
            }
        }
    }
    let defining = m
        .files
        .iter()
        .filter(|f| load::defines_clusters(f.kind))
        .count();
    let _ = preamble.send(Ok(Preamble {
        manifest: Arc::clone(&m),
        defining,
        id,
        rubrics,
        roster,
    }));
    // A closed channel means nothing is being loaded (already imported, or
    // an error): the entries are still all checked.
    //
    // Catalogues wait in memory until every cluster is known; so once every
    // workbook that defines clusters has gone to the parsers, only
    // `AHEAD` catalogues more are sent before the reader waits for the
    // loader to have every cluster (it is told by `clusters_done`, or by its
    // end). The parsers stay busy while the clusters are written, and the
    // waiting catalogues stay few, whatever the parsers' timing. A catalogue
    // stored before the last such workbook is sent on at once (no waiting
    // then: the loader could not finish without that workbook).
    const AHEAD: usize = 256;
    let mut sent_defining = 0;
    let mut ahead = 0;
    let mut forward = |ok: Option<Checked<'_>>| {
        if let Some((f, Some(bytes))) = ok
            && !matches!(f.kind, FileKind::Rubric | FileKind::Roster)
        {
            if load::defines_clusters(f.kind) {
                sent_defining += 1;
            } else if sent_defining == defining && ahead <= AHEAD {
                ahead += 1;
                if ahead > AHEAD {
                    books.flush();
                    let _ = clusters_done.recv();
                    trace::mark("every cluster loaded");
                }
            }
            // Checked against the manifest: these bytes hash to its digest.
            books.send(Ok(Book {
                file: source_file(f),
                bytes,
                sha256: Some(f.sha256),
            }));
        }
    };
    forward(first);
    while let Some(checked) = checker.next(&mut entries) {
        forward(checked);
    }
    trace::mark("archive read");
    drop(books);
    checker.finish(entries.ended_early())
}
