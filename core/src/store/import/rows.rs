//! The row writer: the workbooks' clusters, figures and evidence into one
//! transaction, left open for the caller to commit once every file has
//! been checked.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use rusqlite::params;

use crate::bundle::load::{self, FileInfo, Input};
use crate::bundle::manifest::FileKind;
use crate::bundle::{Problem, Problems, Severity};
use crate::model::{Cluster, Evidence};
use crate::search;
use crate::store::Store;
use crate::trace;

use super::ImportError;
use super::index::PathIndex;
use super::reader::Preamble;

/// Loads the workbooks as they come into a new transaction, left open for
/// the caller to commit once every file has been checked.
pub(super) fn load_into<'s>(
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
