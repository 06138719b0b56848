//! `import`: read a bundle archive in one pass, checking every file
//! against the manifest's SHA-256 as it goes, and load it into the store in
//! one transaction. Nothing is committed unless every file matches and every
//! workbook reads; any error leaves the store as it was.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::params;

use crate::bundle::archive::{self, Bad};
use crate::bundle::load::{self, Book, FileInfo, Input};
use crate::bundle::manifest::{self, FORMAT, FileEntry, FileKind, MANIFEST, Manifest};
use crate::bundle::source::SourceFile;
use crate::bundle::{Loc, Problem, Problems, Severity};
use crate::i18n::{M, trf};
use crate::model::{Cluster, Evidence, canonical_prefecture};
use crate::search;
use crate::store::{Store, StoreError};
use crate::trace;

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
    #[error("{}", trf(M::BundleUnreadable, &[.0, .1]))]
    Unreadable(String, String),
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

/// The manifest from the first entry of a bundle: (manifest, bundle id). The
/// id is the hash of exactly the bytes that were parsed.
fn manifest_of(
    bundle: &Path,
    entries: &mut archive::Entries<'_>,
) -> Result<(Manifest, String), ImportError> {
    let no = || ImportError::NoManifest(bundle.display().to_string());
    // Parsed as it is read, through the hash: the id is the hash of exactly
    // the bytes parsed, and the text is never held whole.
    let parsed = entries.next_streamed(|path, r| {
        if path != MANIFEST {
            return Err(no());
        }
        let len = r.left();
        let mut buffered =
            std::io::BufReader::with_capacity(1 << 16, manifest::HashingReader::new(r));
        let m = manifest::parse_streamed(&mut buffered, len).map_err(ImportError::BadManifest)?;
        let id = buffered.into_inner().finish().map_err(|_| no())?;
        Ok((m, id.to_string()))
    });
    let (m, id) = match parsed {
        Some(Ok(r)) => r?,
        _ => return Err(no()),
    };
    if m.format != FORMAT {
        return Err(ImportError::Format(m.format));
    }
    Ok((m, id))
}

/// Opens a bundle file, saying what is wrong where it cannot be: missing,
/// a folder, unreadable.
fn open_archive(bundle: &Path) -> Result<archive::Reader, ImportError> {
    let shown = bundle.display().to_string();
    if bundle.is_dir() {
        return Err(ImportError::Folder(shown));
    }
    let reader = archive::Reader::open(bundle).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ImportError::Missing(shown.clone()),
        _ => ImportError::Unreadable(shown.clone(), crate::i18n::io_error(&e)),
    })?;
    if let Some((kind, how)) = compressed(bundle) {
        return Err(ImportError::Compressed(shown, kind, how));
    }
    Ok(reader)
}

/// What a compressed file says it is, by its first bytes: (its kind, how
/// to unpack it). A bundle is a plain tar; copies are often compressed on
/// the way (a mail attachment, a USB stick).
fn compressed(bundle: &Path) -> Option<(&'static str, String)> {
    use std::io::Read;
    let mut head = [0u8; 6];
    let mut f = std::fs::File::open(bundle).ok()?;
    let n = f.read(&mut head).ok()?;
    let head = &head[..n];
    let name = crate::text::quote(&bundle.display().to_string(), 200);
    let (kind, how) = if head.starts_with(&[0x1f, 0x8b]) {
        ("gzip", format!("gunzip -k {name}"))
    } else if head.starts_with(b"BZh") {
        ("bzip2", format!("bunzip2 -k {name}"))
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        ("xz", format!("unxz -k {name}"))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        ("zstd", format!("unzstd {name}"))
    } else if head.starts_with(b"PK\x03\x04") {
        ("zip", format!("unzip {name}"))
    } else if head.starts_with(&[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c]) {
        ("7z", format!("7z x {name}"))
    } else if head.starts_with(b"Rar!") {
        ("rar", format!("unrar x {name}"))
    } else {
        return None;
    };
    Some((kind, how))
}

/// Reads a bundle's manifest only: (manifest, bundle id).
pub fn read_manifest(bundle: &Path) -> Result<(Manifest, String), ImportError> {
    let mut reader = open_archive(bundle)?;
    manifest_of(bundle, &mut reader.entries())
}

/// A checked entry: the file the manifest lists, and the bytes of a
/// workbook or rubric.
type Checked<'m> = (&'m FileEntry, Option<Vec<u8>>);

/// Checks the entries of a bundle against its manifest as they arrive:
/// every entry listed, regular, unchanged and seen once; every listed file
/// present.
struct Checker<'m> {
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
    fn new(m: &'m Manifest, bundle: &Path) -> Checker<'m> {
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
    fn next(&mut self, entries: &mut archive::Entries<'_>) -> Option<Option<Checked<'m>>> {
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
    fn finish(mut self, ended_early: bool) -> Problems {
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

fn source_file(f: &FileEntry) -> SourceFile {
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

/// What the reading thread learns first: the manifest, the bundle id and
/// the rubrics (they follow the manifest in the archive).
struct Preamble {
    manifest: Arc<Manifest>,
    /// How many of its workbooks define clusters.
    defining: usize,
    id: String,
    rubrics: Vec<(crate::model::Round, String, String)>,
    /// The roster of designated clusters, when the bundle has one.
    roster: Option<(String, String)>,
}

/// The reading thread: reads the archive once, checks every entry, and
/// passes the workbooks on to be parsed. Returns what was wrong.
fn read_and_check(
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
    let mut checker = Checker::new(&m, bundle);
    if let Some(i) = checker.files.position(MANIFEST) {
        checker.seen[i] = true;
    }
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

/// Imports the bundle archive `bundle` into `store`.
pub fn import(store: &mut Store, bundle: &Path) -> Result<ImportOutcome, ImportError> {
    trace::mark("import starts");
    let reader = open_archive(bundle)?;
    let (ptx, prx) = sync_channel(1);
    let (btx, brx) = load::channel();
    let (ctx, crx) = sync_channel::<()>(1);
    std::thread::scope(|s| {
        let reading = s.spawn(move || read_and_check(bundle, reader, ptx, btx, crx));
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

/// Files of the manifest by path, for the archive's entries and the
/// catalogues' lookups.
///
/// A sorted list searched from where the last lookup ended rather than a
/// hash map: the archive and the catalogues come in path order, so the next
/// file is nearly always the next in the list, and 178,000 lookups touch
/// memory in order instead of at random.
struct PathIndex<'m> {
    files: Vec<&'m FileEntry>,
    finger: AtomicUsize,
}

impl<'m> PathIndex<'m> {
    fn new(m: &'m Manifest, keep: impl Fn(&FileEntry) -> bool) -> PathIndex<'m> {
        let mut files: Vec<&FileEntry> = m.files.iter().filter(|f| keep(f)).collect();
        // A canonical manifest is sorted already.
        if !files.is_sorted_by(|a, b| a.path <= b.path) {
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        PathIndex {
            files,
            finger: AtomicUsize::new(0),
        }
    }

    fn get(&self, rel: &str) -> Option<&'m FileEntry> {
        self.position(rel).map(|i| self.files[i])
    }

    /// Where `rel` is in the list.
    fn position(&self, rel: &str) -> Option<usize> {
        let at = self.finger.load(Ordering::Relaxed);
        let near = [at, at + 1]
            .into_iter()
            .find(|&i| self.files.get(i).is_some_and(|f| f.path == rel));
        let i = match near {
            Some(i) => i,
            None => self
                .files
                .binary_search_by(|f| f.path.as_str().cmp(rel))
                .ok()?,
        };
        self.finger.store(i, Ordering::Relaxed);
        Some(i)
    }
}

/// Loads the workbooks as they come into a new transaction, left open for
/// the caller to commit once every file has been checked.
fn load_into<'s>(
    store: &'s mut Store,
    bundle: &Path,
    pre: &Preamble,
    books: Receiver<Vec<load::Sent>>,
    clusters_done: SyncSender<()>,
) -> Result<(rusqlite::Transaction<'s>, load::Loaded, Problems), ImportError> {
    let m = &pre.manifest;
    let evidence = PathIndex::new(m, |f| f.kind == FileKind::Evidence);
    let evidence_info = |rel: &str| {
        evidence.get(rel).map(|f| FileInfo {
            sha256: f.sha256,
            size: f.size,
        })
    };
    let input = Input {
        year: m.year,
        rubrics: pre.rubrics.clone(),
        roster: pre.roster.clone(),
        evidence: &evidence_info,
        root: None,
        defining: pre.defining,
    };
    let source = bundle
        .canonicalize()
        .unwrap_or_else(|_| bundle.to_path_buf())
        .display()
        .to_string();
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO bundles (id, format, title, issuer, year, source_path, imported_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        params![pre.id, m.format, m.title, m.issuer, m.year, source],
    )?;
    let bundle_no = tx.last_insert_rowid();
    let mut rows = Rows::new(&tx, bundle_no)?;
    rows.clusters_done = Some(clusters_done);
    let (loaded, problems) = load::load(&input, books, &mut rows);
    trace::mark("every workbook loaded");
    if let Some(e) = rows.failed.take() {
        return Err(e.into());
    }
    drop(rows);
    let mut ins =
        tx.prepare("INSERT INTO rubrics (bundle, round, title, source) VALUES (?1, ?2, ?3, ?4)")?;
    for (r, _) in &loaded.rubrics {
        let text = input
            .rubrics
            .iter()
            .find(|(round, _, _)| *round == r.round)
            .map_or("", |(_, _, t)| t.as_str());
        ins.execute(params![bundle_no, r.round.key(), r.title, text])?;
    }
    drop(ins);
    let mut ins = tx.prepare(
        "INSERT INTO findings (bundle, cluster, severity, kind, file, sheet, cell, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut kept: Vec<&Problem> = problems
        .0
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    kept.sort();
    kept.dedup();
    // The figures first, then 附件3, then the catalogues: as pack reports.
    kept.sort_by_key(|p| crate::bundle::cause_rank(p));
    for p in kept {
        ins.execute(params![
            bundle_no,
            p.cluster,
            "warning",
            p.kind,
            p.loc.file,
            p.loc.sheet,
            p.loc.cell.map(|(r, c)| crate::bundle::cell_name(r, c)),
            p.message
        ])?;
    }
    drop(ins);
    Ok((tx, loaded, problems))
}

/// Writes clusters, their indicators and evidence rows into the open
/// transaction as the loader reads them. The first error stops the writing
/// and is kept for the caller.
struct Rows<'t> {
    clusters: rusqlite::Statement<'t>,
    indicators: rusqlite::Statement<'t>,
    evidence: rusqlite::Statement<'t>,
    runs: rusqlite::Statement<'t>,
    bundle: i64,
    conn: &'t rusqlite::Connection,
    no: HashMap<String, i64>,
    failed: Option<rusqlite::Error>,
    /// Told once every cluster is in (the reader holds catalogues till then).
    clusters_done: Option<SyncSender<()>>,
}

impl<'t> Rows<'t> {
    fn new(conn: &'t rusqlite::Connection, bundle: i64) -> rusqlite::Result<Rows<'t>> {
        Ok(Rows {
            clusters: conn.prepare(
                "INSERT INTO clusters (bundle, id, round, name, prefecture, county, industry, above_scale, source, application, pinyin, initials)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            indicators: conn.prepare(
                "INSERT INTO indicators (cluster, kind, previous, current, increment) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            evidence: conn.prepare(
                "INSERT INTO evidence (cluster, seq, title, rubric_item, pages, path, sha256, size)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            runs: conn.prepare(
                "UPDATE clusters SET evidence_first = ?1, evidence_last = ?2 WHERE no = ?3",
            )?,
            bundle,
            conn,
            no: HashMap::new(),
            clusters_done: None,
            failed: None,
        })
    }

    fn cluster(&mut self, c: &Cluster) -> rusqlite::Result<()> {
        let app = c
            .application
            .as_ref()
            .and_then(|a| serde_json::to_string(a).ok());
        let (pinyin, initials) = search::romanize(&c.name);
        self.clusters.execute(params![
            self.bundle,
            c.id.0,
            c.round.key(),
            c.name,
            c.prefecture,
            c.county,
            c.industry,
            c.above_scale,
            c.source,
            app,
            pinyin,
            initials
        ])?;
        let no = self.conn.last_insert_rowid();
        for i in &c.indicators {
            self.indicators.execute(params![
                no,
                i.kind.key(),
                i.previous,
                i.current,
                i.increment
            ])?;
        }
        self.no.insert(c.id.0.clone(), no);
        Ok(())
    }
}

impl load::Sink for Rows<'_> {
    fn clusters(&mut self, clusters: &[Cluster]) {
        for c in clusters {
            if self.failed.is_none()
                && let Err(e) = self.cluster(c)
            {
                self.failed = Some(e);
            }
        }
        if let Some(done) = self.clusters_done.take() {
            let _ = done.send(());
        }
    }

    fn evidence(&mut self, rows: Vec<Evidence>) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.evidence_run(&rows) {
            self.failed = Some(e);
        }
    }
}

impl Rows<'_> {
    /// Writes one cluster's evidence rows as one run of rowids, and records
    /// the run on the cluster (schema migration 4).
    fn evidence_run(&mut self, rows: &[Evidence]) -> rusqlite::Result<()> {
        let Some(no) = rows
            .first()
            .and_then(|e| self.no.get(&e.cluster.0).copied())
        else {
            return Ok(());
        };
        let mut first = None;
        for e in rows {
            self.evidence.execute(params![
                no,
                e.seq,
                e.title,
                e.rubric_item,
                e.pages,
                e.path,
                &e.sha256.0[..],
                e.size as i64
            ])?;
            first.get_or_insert(self.conn.last_insert_rowid());
        }
        let Some(first) = first else {
            return Ok(());
        };
        let last = self.conn.last_insert_rowid();
        // Nothing else writes evidence meanwhile, so the run has no gaps;
        // checked, since lookups rely on it.
        if last - first + 1 != rows.len() as i64 {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL),
                Some("evidence rows of one cluster are not one run".into()),
            ));
        }
        self.runs.execute(params![first, last, no])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, kind: FileKind, n: u8) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            kind,
            size: u64::from(n),
            sha256: manifest::Digest([n; 32]),
        }
    }

    #[test]
    fn evidence_is_found_in_any_order_of_lookups_and_manifest() {
        let mut files: Vec<FileEntry> = (0..50u8)
            .map(|n| entry(&format!("随州/材料/{n:02}.pdf"), FileKind::Evidence, n))
            .collect();
        files.push(entry("随州/目录.xlsx", FileKind::Catalogue, 99));
        // Not in canonical order: the index sorts what it is given.
        files.reverse();
        let m = Manifest {
            format: FORMAT,
            title: String::new(),
            issuer: String::new(),
            year: 2018,
            rounds: Vec::new(),
            rubrics: Vec::new(),
            files,
        };
        let index = PathIndex::new(&m, |f| f.kind == FileKind::Evidence);
        let order: Vec<u8> = (0..50)
            .chain((0..50).rev())
            .chain([7, 31, 2, 49, 0])
            .collect();
        for n in order {
            let f = index.get(&format!("随州/材料/{n:02}.pdf")).unwrap();
            assert_eq!(f.size, u64::from(n));
        }
        assert!(index.get("随州/材料/50.pdf").is_none());
        assert!(index.get("随州/目录.xlsx").is_none(), "not evidence");
        assert!(index.get("").is_none());
    }
}
