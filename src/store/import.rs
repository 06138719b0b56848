//! `import`: verify every hash of a bundle, read it, and load it into the
//! store in one transaction. Any error leaves the store as it was.

use std::path::Path;

use rusqlite::params;

use crate::bundle::load::{self, FileInfo, Input};
use crate::bundle::manifest::{self, FORMAT, FileKind, MANIFEST, Manifest};
use crate::bundle::pack::hash_all;
use crate::bundle::source::{self, SourceFile};
use crate::bundle::{Loc, Problem, Problems};
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

/// Checks every file of the manifest against its hash.
fn verify(dir: &Path, m: &Manifest) -> Result<(), ImportError> {
    // Only regular files reached without following a link count as present.
    let present = source::scan(dir);
    let mut problems = Problems::default();
    let (here, absent): (Vec<_>, Vec<_>) = m.files.iter().partition(|f| present.contains(&f.path));
    for f in absent {
        let m = if dir.join(&f.path).symlink_metadata().is_ok() {
            M::PathEscapes
        } else {
            M::FileMissing
        };
        problems.error(Loc::file(&f.path), trf(m, &[&crate::text::inert(&f.path)]));
    }
    let rels: Vec<&str> = here.iter().map(|f| f.path.as_str()).collect();
    for (f, got) in here.iter().zip(hash_all(dir, &rels)) {
        match got {
            None => problems.error(Loc::file(&f.path), trf(M::FileMissing, &[&f.path])),
            Some(info) if info.sha256 != f.sha256 || info.size != f.size => {
                problems.error(Loc::file(&f.path), trf(M::HashMismatch, &[&f.path]))
            }
            Some(_) => {}
        }
    }
    if problems.has_errors() {
        return Err(ImportError::Problems(problems.sorted()));
    }
    Ok(())
}

/// Imports the bundle in `dir` into `store`.
pub fn import(store: &mut Store, dir: &Path) -> Result<ImportOutcome, ImportError> {
    let (m, text, id) = read_manifest(dir)?;
    verify(dir, &m)?;
    let exists: bool = store.conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM bundles WHERE id = ?1)",
        [&id],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(ImportOutcome::AlreadyImported { id });
    }

    let files: Vec<SourceFile> = m
        .files
        .iter()
        .filter(|f| f.kind != FileKind::Rubric)
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
    let mut rubrics = Vec::new();
    for r in &m.rubrics {
        let text = std::fs::read_to_string(dir.join(&r.path))
            .map_err(|_| ImportError::NoManifest(r.path.clone()))?;
        rubrics.push((r.round, r.path.clone(), text));
    }
    let evidence: std::collections::HashMap<&str, &crate::bundle::manifest::FileEntry> = m
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Evidence)
        .map(|f| (f.path.as_str(), f))
        .collect();
    let lookup = |rel: &str| {
        evidence.get(rel).map(|f| FileInfo {
            sha256: f.sha256.clone(),
            size: f.size,
        })
    };
    let input = Input {
        root: dir,
        year: m.year,
        files: &files,
        rubrics,
        evidence: &lookup,
    };
    let (loaded, problems) = load::load(&input);
    if problems.has_errors() {
        return Err(ImportError::Problems(
            problems
                .sorted()
                .into_iter()
                .filter(|p| p.severity == crate::bundle::Severity::Error)
                .collect(),
        ));
    }

    let source = dir
        .canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string();
    let tx = store.conn.transaction()?;
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
    tx.commit()?;
    Ok(ImportOutcome::Imported {
        id,
        manifest: m,
        clusters: loaded.clusters.len(),
        evidence: loaded.evidence.len(),
        warnings: problems
            .sorted()
            .into_iter()
            .filter(|p| p.severity == crate::bundle::Severity::Warning)
            .collect(),
    })
}
