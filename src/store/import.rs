//! `import`: verify every hash of a bundle, read it, and load it into the
//! store in one transaction. Any error leaves the store as it was.

use std::path::Path;

use rusqlite::params;

use crate::bundle::load::{self, FileInfo, Input};
use std::collections::HashMap;

use crate::bundle::manifest::{self, FORMAT, FileEntry, FileKind, MANIFEST, Manifest};
use crate::bundle::pack::hash_all;
use crate::bundle::source::{Inside, SourceFile};
use crate::bundle::{Loc, Problem, Problems, Severity};
use crate::i18n::{M, trf};
use crate::model::canonical_prefecture;
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
pub fn read_manifest(dir: &Path) -> Result<(Manifest, String, String), ImportError> {
    let text = std::fs::read_to_string(dir.join(MANIFEST))
        .map_err(|_| ImportError::NoManifest(dir.display().to_string()))?;
    let m = Manifest::parse(&text).map_err(ImportError::BadManifest)?;
    if m.format != FORMAT {
        return Err(ImportError::Format(m.format));
    }
    let id = manifest::sha256_bytes(text.as_bytes());
    Ok((m, text, id))
}

/// Checks files of the manifest against their hashes, never through a link.
fn check(inside: &Inside<'_>, entries: &[&FileEntry]) -> Problems {
    let rels: Vec<&str> = entries.iter().map(|f| f.path.as_str()).collect();
    let mut problems = Problems::default();
    for (f, got) in entries.iter().zip(hash_all(inside, &rels)) {
        match got {
            Err(r) => problems.error(Loc::file(&f.path), load::refusal_message(&r, &f.path)),
            Ok(info) if info.sha256 != f.sha256 || info.size != f.size => problems.error(
                Loc::file(&f.path),
                trf(M::HashMismatch, &[&crate::text::inert(&f.path)]),
            ),
            Ok(_) => {}
        }
    }
    problems
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
    let (m, text, id) = read_manifest(dir)?;
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
    // the bytes it was hashed from) and loaded; nothing is committed unless
    // every hash matches.
    std::thread::scope(|s| {
        let checker = s.spawn(|| check(&inside, &evidence));
        let (loaded, problems) = load::load(&input);
        if problems.has_errors() {
            return Err(errors_only(problems));
        }
        let tx = store.conn.transaction()?;
        insert(&tx, &id, &m, &text, dir, &input, &loaded)?;
        let checked = checker.join().unwrap_or_default();
        if checked.has_errors() {
            return Err(errors_only(checked));
        }
        tx.commit()?;
        Ok(ImportOutcome::Imported {
            id: id.clone(),
            manifest: m.clone(),
            clusters: loaded.clusters.len(),
            evidence: loaded.evidence.len(),
            warnings: problems
                .sorted()
                .into_iter()
                .filter(|p| p.severity == Severity::Warning)
                .collect(),
        })
    })
}

/// Writes a loaded bundle into the open transaction.
fn insert(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    m: &Manifest,
    text: &str,
    dir: &Path,
    input: &Input<'_>,
    loaded: &load::Loaded,
) -> Result<(), ImportError> {
    let source = dir
        .canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string();
    tx.execute(
        "INSERT INTO bundles (id, format, title, issuer, year, manifest, source_path, imported_at, last_used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
        params![id, m.format, m.title, m.issuer, m.year, text, source],
    )?;
    let bundle = tx.last_insert_rowid();
    {
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
        let mut ins_c = tx.prepare(
            "INSERT INTO clusters (bundle, id, round, name, prefecture, county, industry, above_scale, source, application, pinyin, initials)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut ins_i = tx.prepare(
            "INSERT INTO indicators (cluster, kind, previous, current, increment) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ins_e = tx.prepare(
            "INSERT INTO evidence (cluster, seq, title, rubric_item, pages, path, sha256, size)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        // Clusters and evidence are both sorted by cluster id.
        let mut evidence = loaded.evidence.iter().peekable();
        for c in &loaded.clusters {
            let app = c
                .application
                .as_ref()
                .and_then(|a| serde_json::to_string(a).ok());
            let (pinyin, initials) = search::romanize(&c.name);
            ins_c.execute(params![
                bundle,
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
            let no = tx.last_insert_rowid();
            for i in &c.indicators {
                ins_i.execute(params![
                    no,
                    i.kind.key(),
                    i.previous,
                    i.current,
                    i.increment
                ])?;
            }
            while let Some(e) = evidence.next_if(|e| e.cluster <= c.id) {
                if e.cluster == c.id {
                    ins_e.execute(params![
                        no,
                        e.seq,
                        e.title,
                        e.rubric_item,
                        e.pages,
                        e.path,
                        e.sha256,
                        e.size as i64
                    ])?;
                }
            }
        }
    }
    Ok(())
}
