//! `import`: verify every hash of a bundle, read it, and load it into the
//! store in one transaction. Any error leaves the store as it was.

use std::path::Path;

use rusqlite::params;

use crate::bundle::load::{self, FileInfo, Input};
use std::collections::HashMap;

use crate::bundle::manifest::{self, FORMAT, FileEntry, FileKind, MANIFEST, Manifest};
use crate::bundle::source::{Inside, Refusal, SourceFile};
use crate::bundle::{Loc, Problem, Problems, Severity};
use crate::i18n::{M, trf};
use crate::model::{Cluster, Evidence, canonical_prefecture};
use crate::search;
use crate::store::{Store, StoreError};

#[derive(Debug)]
pub enum ImportOutcome {
    Imported {
        id: String,
        manifest: Manifest,
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
    #[error("{}", trf(M::NoManifest, &[.0]))]
    NoManifest(String),
    #[error("{}", trf(M::BadToml, &[&MANIFEST, .0]))]
    BadManifest(String),
    #[error("{}", trf(M::FormatVersion, &[.0, &FORMAT]))]
    Format(u32),
    /// Files missing or changed, or workbooks with errors; nothing was imported.
    #[error("{}", crate::bundle::report(&.0.iter().collect::<Vec<_>>()))]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Store(StoreError::Sql(e))
    }
}

/// Reads and verifies a bundle's manifest: (manifest, its text, bundle id).
/// Reads a bundle's manifest: (manifest, bundle id). The id is the hash of
/// exactly the bytes that were parsed.
pub fn read_manifest(dir: &Path) -> Result<(Manifest, String), ImportError> {
    let bytes = Inside::new(dir)
        .read(MANIFEST)
        .map_err(|_| ImportError::NoManifest(dir.display().to_string()))?;
    let id = manifest::sha256_bytes(&bytes);
    let m = Manifest::parse_bytes(&bytes).map_err(ImportError::BadManifest)?;
    if m.format != FORMAT {
        return Err(ImportError::Format(m.format));
    }
    Ok((m, id))
}

/// Checks files of the manifest against their hashes, never through a
/// link, on every core; only what is wrong is kept. The entries are sorted
/// by path, so each thread opens a folder once for all its files.
fn check(inside: &Inside<'_>, entries: &[&FileEntry]) -> Problems {
    let run = |part: &[&FileEntry]| {
        let mut problems = Problems::default();
        let mut folder = Folder::default();
        for f in part {
            let got = folder.open(inside, &f.path).and_then(|(file, len)| {
                manifest::sha256_read_len(file, len).map_err(Refusal::Unreadable)
            });
            match got {
                Err(r) => problems.error(Loc::file(&f.path), load::refusal_message(&r, &f.path)),
                Ok((sha256, size)) if sha256 != f.sha256 || size != f.size => problems.error(
                    Loc::file(&f.path),
                    trf(M::HashMismatch, &[&crate::text::inert(&f.path)]),
                ),
                Ok(_) => {}
            }
        }
        problems
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| s.spawn(move || run(part)))
            .collect();
        let mut all = Problems::default();
        for h in handles {
            all.0.extend(h.join().unwrap_or_default().0);
        }
        all
    })
}

/// The folder a checking thread has open.
#[derive(Default)]
struct Folder {
    #[cfg(unix)]
    open: Option<(String, std::os::fd::OwnedFd)>,
}

impl Folder {
    #[cfg(unix)]
    fn open(&mut self, inside: &Inside<'_>, rel: &str) -> Result<(std::fs::File, u64), Refusal> {
        let Some((dir, name)) = rel.rsplit_once('/') else {
            let f = inside.open(rel)?;
            let len = f.metadata().map_err(Refusal::Unreadable)?.len();
            return Ok((f, len));
        };
        if self.open.as_ref().is_none_or(|(d, _)| d != dir) {
            self.open = Some((dir.to_string(), inside.open_dir(dir)?));
        }
        match &self.open {
            Some((_, fd)) => Inside::open_in(fd, name),
            None => Err(Refusal::Missing),
        }
    }

    #[cfg(not(unix))]
    fn open(&mut self, inside: &Inside<'_>, rel: &str) -> Result<(std::fs::File, u64), Refusal> {
        let f = inside.open(rel)?;
        let len = f.metadata().map_err(Refusal::Unreadable)?.len();
        Ok((f, len))
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

/// Imports the bundle in `dir` into `store`.
pub fn import(store: &mut Store, dir: &Path) -> Result<ImportOutcome, ImportError> {
    let (m, id) = read_manifest(dir)?;
    let inside = Inside::new(dir);
    let exists: bool = store.conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM bundles WHERE id = ?1)",
        [&id],
        |r| r.get(0),
    )?;
    if exists {
        // Nothing to load, but a bundle that was tampered with still says so.
        let all: Vec<&FileEntry> = m.files.iter().collect();
        let problems = check(&inside, &all);
        if problems.has_errors() {
            return Err(errors_only(problems));
        }
        return Ok(ImportOutcome::AlreadyImported { id });
    }

    let mut problems = Problems::default();
    let mut rubrics = Vec::new();
    for r in &m.rubrics {
        let want = m.file(&r.path).filter(|f| f.kind == FileKind::Rubric);
        match inside.read(&r.path) {
            Ok(bytes) if want.is_some_and(|w| w.sha256 == manifest::sha256_bytes(&bytes)) => {
                rubrics.push((
                    r.round,
                    r.path.clone(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ))
            }
            Ok(_) => problems.error(
                Loc::file(&r.path),
                trf(M::HashMismatch, &[&crate::text::inert(&r.path)]),
            ),
            Err(e) => problems.error(Loc::file(&r.path), load::refusal_message(&e, &r.path)),
        }
    }
    if problems.has_errors() {
        return Err(errors_only(problems));
    }
    let files: Vec<SourceFile> = m
        .files
        .iter()
        .filter(|f| !matches!(f.kind, FileKind::Rubric | FileKind::Evidence))
        .map(|f| SourceFile {
            rel: f.path.clone(),
            kind: f.kind,
            prefecture: f
                .path
                .split('/')
                .next()
                .and_then(canonical_prefecture)
                .unwrap_or(""),
        })
        .collect();
    let by_path: HashMap<&str, &FileEntry> = m.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let info = |rel: &str, evidence: bool| {
        by_path
            .get(rel)
            .filter(|f| (f.kind == FileKind::Evidence) == evidence)
            .map(|f| FileInfo {
                sha256: f.sha256.clone(),
                size: f.size,
            })
    };
    let evidence_info = |rel: &str| info(rel, true);
    let workbook_info = |rel: &str| info(rel, false);
    let input = Input {
        root: dir,
        year: m.year,
        files: &files,
        rubrics,
        evidence: &evidence_info,
        expected: &workbook_info,
    };
    let evidence: Vec<&FileEntry> = m
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Evidence)
        .collect();

    // The evidence files are hashed while the workbooks are read (each from
    // the bytes it was hashed from) and their rows written; nothing is
    // committed unless every hash matches and every workbook reads.
    let source = dir
        .canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string();
    // A larger page cache while loading keeps the B-trees from spilling.
    store.conn.pragma_update(None, "cache_size", -16_000)?;
    let tx = store.conn.transaction()?;
    tx.execute(
        "INSERT INTO bundles (id, format, title, issuer, year, source_path, imported_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        params![id, m.format, m.title, m.issuer, m.year, source],
    )?;
    let bundle = tx.last_insert_rowid();
    std::thread::scope(|s| {
        let checker = s.spawn(|| check(&inside, &evidence));
        let mut rows = Rows::new(&tx, bundle)?;
        let (loaded, problems) = load::load(&input, &mut rows);
        if let Some(e) = rows.failed.take() {
            return Err(e.into());
        }
        drop(rows);
        let mut checked = checker.join().unwrap_or_default();
        if problems.has_errors() || checked.has_errors() {
            checked.0.extend(problems.0);
            return Err(errors_only(checked));
        }
        let mut ins = tx.prepare(
            "INSERT INTO rubrics (bundle, round, title, source) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (r, _) in &loaded.rubrics {
            let text = input
                .rubrics
                .iter()
                .find(|(round, _, _)| *round == r.round)
                .map_or("", |(_, _, t)| t.as_str());
            ins.execute(params![bundle, r.round.key(), r.title, text])?;
        }
        drop(ins);
        Ok((loaded, problems))
    })
    .and_then(|(loaded, problems)| {
        tx.commit()?;
        Ok(ImportOutcome::Imported {
            id,
            manifest: m,
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

/// Writes clusters, their indicators and evidence rows into the open
/// transaction as the loader reads them. The first error stops the writing
/// and is kept for the caller.
struct Rows<'t> {
    clusters: rusqlite::Statement<'t>,
    indicators: rusqlite::Statement<'t>,
    evidence: rusqlite::Statement<'t>,
    bundle: i64,
    conn: &'t rusqlite::Connection,
    no: HashMap<String, i64>,
    failed: Option<rusqlite::Error>,
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
            bundle,
            conn,
            no: HashMap::new(),
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
    }

    fn evidence(&mut self, e: Evidence) {
        let Some(&no) = self.no.get(&e.cluster.0) else {
            return;
        };
        if self.failed.is_none()
            && let Err(err) = self.evidence.execute(params![
                no,
                e.seq,
                e.title,
                e.rubric_item,
                e.pages,
                e.path,
                e.sha256,
                e.size as i64
            ])
        {
            self.failed = Some(err);
        }
    }
}
