//! Reviews in the store: reviewers, their marks, the audit log, drafts of
//! text being typed, and where each reviewer left off.
//!
//! Every confirmed change is one transaction — the mark and its audit entry
//! together — committed (WAL, `synchronous=FULL`) before the caller returns,
//! so that what the screen acknowledges is on disk.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::model::Round;
use crate::review::score::{Field, Marks};
use crate::store::{Store, StoreError};

/// A reviewer known to the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reviewer {
    pub no: i64,
    pub name: String,
}

/// How a change came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    Set,
    Undo,
    Redo,
}

impl How {
    fn key(self) -> &'static str {
        match self {
            How::Set => "set",
            How::Undo => "undo",
            How::Redo => "redo",
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub seq: i64,
    /// UTC, ISO 8601 with milliseconds.
    pub at: String,
    /// The same in the machine's local time, as people read it.
    pub local_time: String,
    pub reviewer: String,
    pub cluster: String,
    pub cluster_name: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub how: String,
}

/// Text typed but not confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub cluster: String,
    pub field: Field,
    pub text: String,
    /// When it was saved, in local time.
    pub at: String,
}

/// A cluster as reviews need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterKey {
    pub no: i64,
    pub round: Round,
}

pub(super) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

impl Store {
    /// The reviewer of this name, created on first use.
    pub fn reviewer(&self, name: &str) -> Result<Reviewer, StoreError> {
        self.conn.execute(
            &format!("INSERT OR IGNORE INTO reviewers (name, created_at) VALUES (?1, {NOW})"),
            [name],
        )?;
        let no = self
            .conn
            .query_row("SELECT no FROM reviewers WHERE name = ?1", [name], |r| {
                r.get(0)
            })?;
        Ok(Reviewer {
            no,
            name: name.to_string(),
        })
    }

    /// The clusters of a bundle by id, with their store key and round.
    pub(crate) fn cluster_keys(
        &self,
        bundle: i64,
    ) -> Result<HashMap<String, ClusterKey>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, no, round FROM clusters WHERE bundle = ?1")?;
        let rows = st.query_map([bundle], |r| {
            let round: String = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                ClusterKey {
                    no: r.get(1)?,
                    round: Round::from_key(&round).unwrap_or(Round::Assessment),
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A reviewer's marks on a bundle, by cluster id.
    pub fn marks(&self, reviewer: i64, bundle: i64) -> Result<HashMap<String, Marks>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT c.id, m.field, m.value FROM marks m JOIN clusters c ON c.no = m.cluster
             WHERE m.reviewer = ?1 AND c.bundle = ?2",
        )?;
        let mut out: HashMap<String, Marks> = HashMap::new();
        let mut rows = st.query(params![reviewer, bundle])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(1)?;
            if let Some(field) = Field::parse(&key) {
                out.entry(r.get(0)?)
                    .or_default()
                    .set(&field, Some(r.get(2)?));
            }
        }
        Ok(out)
    }

    /// Sets (or, with `None`, clears) one mark and appends the change to
    /// the audit log, in one committed transaction. Returns the old value;
    /// nothing is written when the value does not change. A cluster the
    /// reviewer declared a conflict on takes no mark but the conflict.
    pub fn record(
        &mut self,
        reviewer: i64,
        cluster: i64,
        field: &Field,
        new: Option<&str>,
        how: How,
    ) -> Result<Option<String>, StoreError> {
        let key = field.key();
        let tx = self.conn.transaction()?;
        let get = |f: &str| -> rusqlite::Result<Option<String>> {
            tx.query_row(
                "SELECT value FROM marks WHERE reviewer = ?1 AND cluster = ?2 AND field = ?3",
                params![reviewer, cluster, f],
                |r| r.get(0),
            )
            .optional()
        };
        if *field != Field::Conflict && get("conflict")?.is_some() {
            return Err(StoreError::Recused);
        }
        let old = get(&key)?;
        // A confirmed value supersedes the draft it was typed in, changed
        // or not (the same opinion saved again leaves no stale draft).
        tx.execute(
            "DELETE FROM drafts WHERE reviewer = ?1 AND cluster = ?2 AND field = ?3",
            params![reviewer, cluster, key],
        )?;
        if old.as_deref() == new {
            tx.commit()?;
            return Ok(old);
        }
        match new {
            Some(v) => tx.execute(
                &format!(
                    "INSERT INTO marks (reviewer, cluster, field, value, at) VALUES (?1, ?2, ?3, ?4, {NOW})
                     ON CONFLICT (reviewer, cluster, field) DO UPDATE SET value = excluded.value, at = excluded.at"
                ),
                params![reviewer, cluster, key, v],
            )?,
            None => tx.execute(
                "DELETE FROM marks WHERE reviewer = ?1 AND cluster = ?2 AND field = ?3",
                params![reviewer, cluster, key],
            )?,
        };
        tx.execute(
            &format!(
                "INSERT INTO audit (reviewer, cluster, field, old, new, how, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, {NOW})"
            ),
            params![reviewer, cluster, key, old, new, how.key()],
        )?;
        tx.commit()?;
        Ok(old)
    }

    /// The audit log of a bundle, oldest first, optionally of one reviewer
    /// or one cluster.
    pub fn log(
        &self,
        bundle: i64,
        reviewer: Option<&str>,
        cluster: Option<&str>,
    ) -> Result<Vec<LogEntry>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT a.seq, a.at, r.name, c.id, c.name, a.field, a.old, a.new, a.how,
                    datetime(a.at, 'localtime')
             FROM audit a JOIN reviewers r ON r.no = a.reviewer JOIN clusters c ON c.no = a.cluster
             WHERE c.bundle = ?1 AND (?2 IS NULL OR r.name = ?2)
               AND (?3 IS NULL OR c.id = ?3 COLLATE NOCASE)
             ORDER BY a.seq",
        )?;
        let rows = st.query_map(params![bundle, reviewer, cluster.map(str::trim)], |r| {
            Ok(LogEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                reviewer: r.get(2)?,
                cluster: r.get(3)?,
                cluster_name: r.get(4)?,
                field: r.get(5)?,
                old: r.get(6)?,
                new: r.get(7)?,
                how: r.get(8)?,
                local_time: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps text being typed; an empty text removes the draft.
    pub fn save_draft(
        &self,
        reviewer: i64,
        cluster: i64,
        field: &Field,
        text: &str,
    ) -> Result<(), StoreError> {
        if text.is_empty() {
            return self.drop_draft(reviewer, cluster, field);
        }
        self.conn.execute(
            &format!(
                "INSERT INTO drafts (reviewer, cluster, field, text, at) VALUES (?1, ?2, ?3, ?4, {NOW})
                 ON CONFLICT (reviewer, cluster, field) DO UPDATE SET text = excluded.text, at = excluded.at"
            ),
            params![reviewer, cluster, field.key(), text],
        )?;
        Ok(())
    }

    pub fn drop_draft(&self, reviewer: i64, cluster: i64, field: &Field) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM drafts WHERE reviewer = ?1 AND cluster = ?2 AND field = ?3",
            params![reviewer, cluster, field.key()],
        )?;
        Ok(())
    }

    /// The draft of one field: (text, when saved in local time).
    pub fn draft(
        &self,
        reviewer: i64,
        cluster: i64,
        field: &Field,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT text, datetime(at, 'localtime') FROM drafts
                 WHERE reviewer = ?1 AND cluster = ?2 AND field = ?3",
                params![reviewer, cluster, field.key()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// A reviewer's drafts on a bundle, newest first.
    pub fn drafts(&self, reviewer: i64, bundle: i64) -> Result<Vec<Draft>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT c.id, d.field, d.text, datetime(d.at, 'localtime') FROM drafts d JOIN clusters c ON c.no = d.cluster
             WHERE d.reviewer = ?1 AND c.bundle = ?2 ORDER BY d.at DESC, c.id",
        )?;
        let rows = st.query_map(params![reviewer, bundle], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (cluster, key, text, at) = row?;
            if let Some(field) = Field::parse(&key) {
                out.push(Draft {
                    cluster,
                    field,
                    text,
                    at,
                });
            }
        }
        Ok(out)
    }

    /// Remembers where a reviewer is in a bundle (opaque text to the store).
    pub fn save_place(&self, reviewer: i64, bundle: i64, place: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO places (reviewer, bundle, place) VALUES (?1, ?2, ?3)
             ON CONFLICT (reviewer, bundle) DO UPDATE SET place = excluded.place",
            params![reviewer, bundle, place],
        )?;
        Ok(())
    }

    pub fn place(&self, reviewer: i64, bundle: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT place FROM places WHERE reviewer = ?1 AND bundle = ?2",
                params![reviewer, bundle],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Moves the write-ahead log into the database when nobody is reading
    /// (called when the UI is idle, so that no keystroke waits for it).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Leaves checkpoints to [`Store::checkpoint`]: a commit then never
    /// waits for one.
    pub fn manual_checkpoints(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Where the store lives (none for a store in memory).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The number of the next export of a reviewer's review of a bundle,
    /// and the SHA-256 of the last one.
    pub(crate) fn next_export(
        &self,
        reviewer: i64,
        bundle: i64,
    ) -> Result<(u64, Option<String>), StoreError> {
        let last: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT seq, sha256 FROM exports WHERE reviewer = ?1 AND bundle = ?2
                 ORDER BY seq DESC LIMIT 1",
                params![reviewer, bundle],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match last {
            Some((n, sha)) => (n as u64 + 1, Some(sha)),
            None => (1, None),
        })
    }

    pub(crate) fn record_export(
        &self,
        reviewer: i64,
        bundle: i64,
        seq: u64,
        sha256: &str,
        path: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO exports (reviewer, bundle, seq, sha256, path, at) VALUES (?1, ?2, ?3, ?4, ?5, {NOW})"
            ),
            params![reviewer, bundle, seq as i64, sha256, path],
        )?;
        Ok(())
    }

    /// The time now as the store writes it (UTC, ISO 8601, seconds).
    pub fn now(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now')", [], |r| {
                r.get(0)
            })?)
    }
}
