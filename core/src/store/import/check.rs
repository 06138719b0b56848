//! The file checker: every entry of the archive against the manifest —
//! its size and SHA-256 as it streams past, nothing missing, nothing
//! extra.

use std::path::Path;

use crate::bundle::archive::{self, Bad};
use crate::bundle::manifest::{FileEntry, FileKind, Manifest};
use crate::bundle::source::SourceFile;
use crate::bundle::{Loc, Problems, Severity};
use crate::i18n::{M, trf};
use crate::model::canonical_prefecture;

use super::index::PathIndex;

/// A checked entry: the file the manifest lists, and the bytes of a
/// workbook or rubric.
pub(super) type Checked<'m> = (&'m FileEntry, Option<Vec<u8>>);

/// Checks the entries of a bundle against its manifest as they arrive:
/// every entry listed, regular, unchanged and seen once; every listed file
/// present.
pub(super) struct Checker<'m> {
    files: PathIndex<'m>,
    /// By position in `files`.
    seen: Vec<bool>,
    problems: Problems,
    /// The archive itself was damaged (it ended inside a file).
    damaged: bool,
    /// The bundle's path, where damage to the archive is reported.
    bundle: String,
}

impl<'m> Checker<'m> {
    /// Marks a file as read without checking it (the manifest, whose
    /// hash is the bundle's id).
    pub(super) fn mark_read(&mut self, path: &str) {
        if let Some(i) = self.files.position(path) {
            self.seen[i] = true;
        }
    }

    pub(super) fn new(m: &'m Manifest, bundle: &Path) -> Checker<'m> {
        let files = PathIndex::new(m, |_| true);
        Checker {
            seen: vec![false; files.files.len()],
            files,
            problems: Problems::default(),
            damaged: false,
            bundle: bundle.display().to_string(),
        }
    }

    /// Reads and checks the next entry of the archive: `None` at its end;
    /// otherwise the listed file it is, with the bytes of a workbook or a
    /// rubric (evidence is only hashed, straight from the read buffer), or
    /// `Some(None)` when it is not what the manifest says (noted).
    pub(super) fn next(
        &mut self,
        entries: &mut archive::Entries<'_>,
    ) -> Option<Option<Checked<'m>>> {
        let (files, seen) = (&self.files, &mut self.seen);
        let got =
            entries.next_streamed(|path, data| -> Result<Checked<'m>, Option<(M, String)>> {
                let Some(i) = files.position(path).filter(|&i| !seen[i]) else {
                    return Err(Some((M::NotInManifest, path.to_string())));
                };
                seen[i] = true;
                let f: &'m FileEntry = files.files[i];
                if data.left() != f.size {
                    return Err(Some((M::HashMismatch, path.to_string())));
                }
                // A read error is the archive's own damage, reported by the
                // entries themselves.
                let (digest, bytes) = if f.kind == FileKind::Evidence {
                    (
                        crate::digest::sha256_buffered(data).map_err(|_| None)?,
                        None,
                    )
                } else if f.size > crate::bundle::workbook::MAX_FILE {
                    // Not read into memory at all: no table is this large.
                    return Err(Some((M::BundledWorkbookTooLarge, path.to_string())));
                } else {
                    let bytes = archive::read_all(data).map_err(|_| None)?;
                    (crate::digest::sha256_bytes(&bytes), Some(bytes))
                };
                if digest != f.sha256 {
                    return Err(Some((M::HashMismatch, path.to_string())));
                }
                Ok((f, bytes))
            })?;
        crate::progress::add(0, 1);
        let (path, m) = match got {
            Ok(Ok(checked)) => return Some(Some(checked)),
            Ok(Err(None)) => return Some(None),
            Ok(Err(Some((m, path)))) => (path, m),
            Err(Bad::NotAFile(p)) | Err(Bad::Escapes(p)) => (p, M::PathEscapes),
            Err(Bad::Io(err)) => {
                self.damaged = true;
                self.problems.finding(
                    Severity::Error,
                    None,
                    M::DamagedBundle,
                    Loc::file(&self.bundle),
                    trf(M::DamagedBundle, &[&err]),
                );
                return Some(None);
            }
        };
        self.problems
            .error(Loc::file(&path), trf(m, &[&crate::text::inert(&path)]));
        Some(None)
    }

    /// Reports the listed files that never came: first, when the archive
    /// ended early, that cause with their count; then each (a terminal
    /// report shows the first few).
    pub(super) fn finish(mut self, ended_early: bool) -> Problems {
        let missing: Vec<&FileEntry> = self
            .files
            .files
            .iter()
            .zip(&self.seen)
            .filter(|(_, seen)| !**seen)
            .map(|(f, _)| *f)
            .collect();
        if !missing.is_empty() && (ended_early || self.damaged) {
            self.problems.finding(
                Severity::Error,
                None,
                M::BundleCutShort,
                Loc::file(&self.bundle),
                trf(
                    M::BundleCutShort,
                    &[&missing.len(), &self.files.files.len()],
                ),
            );
        }
        for f in missing {
            let (m, message) = if archive::plain(&f.path) {
                (
                    M::FileMissing,
                    trf(M::FileMissing, &[&crate::text::inert(&f.path)]),
                )
            } else {
                (
                    M::PathEscapes,
                    trf(M::PathEscapes, &[&crate::text::inert(&f.path)]),
                )
            };
            self.problems
                .finding(Severity::Error, None, m, Loc::file(&f.path), message);
        }
        self.problems
    }
}

pub(super) fn source_file(f: &FileEntry) -> SourceFile {
    SourceFile {
        rel: f.path.clone(),
        kind: f.kind,
        prefecture: f
            .path
            .split('/')
            .next()
            .and_then(canonical_prefecture)
            .unwrap_or(""),
    }
}
