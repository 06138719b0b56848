//! One reviewer reviewing one bundle: their marks in memory, every change
//! validated, committed with its audit entry, and kept for undo and redo.
//!
//! A reviewer reviews a store from one process at a time: a second session
//! of the same reviewer on the same store is refused with a clear message
//! (an advisory lock the system drops with the process, even on `kill -9`).
//! Other reviewers work alongside; SQLite (WAL, busy timeout) keeps their
//! writes apart.

pub mod export;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::i18n::{M, trf};
use crate::model::Round;
use crate::review::rubric::Rubric;
use crate::review::score::{self, Field, Marks, Progress, Refused};
use crate::store::{BundleInfo, ClusterKey, How, Reviewer, Store, StoreError};

/// A change made: what, on which cluster, from what to what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub cluster: String,
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{0}")]
    Refused(#[from] Refused),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{}", trf(M::ReviewerBusy, &[.name, .holder]))]
    Busy { name: String, holder: String },
    #[error("{}", trf(M::NotFound, &[.0]))]
    UnknownCluster(String),
    #[error("{}", trf(M::NoRubric, &[.0]))]
    NoRubric(String),
    #[error("{0}")]
    Lock(String, #[source] std::io::Error),
}

pub struct Session {
    pub reviewer: Reviewer,
    pub bundle: i64,
    pub rubrics: BTreeMap<Round, Rubric>,
    /// The reviewer's marks, by cluster id.
    pub marks: HashMap<String, Marks>,
    clusters: HashMap<String, ClusterKey>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    _lock: Option<Lock>,
}

impl Session {
    /// Starts reviewing `bundle` as `name` (created in the store on first
    /// use), refused while another process reviews as `name` on this store.
    pub fn begin(store: &Store, bundle: &BundleInfo, name: &str) -> Result<Session, SessionError> {
        let reviewer = store.reviewer(name)?;
        let lock = match store.path() {
            Some(p) => Some(Lock::take(p, &reviewer)?),
            None => None,
        };
        let mut rubrics = BTreeMap::new();
        for round in [Round::Assessment, Round::Application] {
            if let Some(r) = store.rubric(bundle.no, round)? {
                rubrics.insert(round, r);
            }
        }
        Ok(Session {
            marks: store.marks(reviewer.no, bundle.no)?,
            clusters: store.cluster_keys(bundle.no)?,
            reviewer,
            bundle: bundle.no,
            rubrics,
            undo: Vec::new(),
            redo: Vec::new(),
            _lock: lock,
        })
    }

    fn key(&self, cluster: &str) -> Result<&ClusterKey, SessionError> {
        self.clusters
            .get(cluster)
            .ok_or_else(|| SessionError::UnknownCluster(cluster.to_string()))
    }

    /// The cluster's store key (for drafts).
    pub fn cluster_no(&self, cluster: &str) -> Option<i64> {
        self.clusters.get(cluster).map(|k| k.no)
    }

    /// The rubric a cluster is scored by.
    pub fn rubric(&self, cluster: &str) -> Option<&Rubric> {
        self.clusters
            .get(cluster)
            .and_then(|k| self.rubrics.get(&k.round))
    }

    /// A field's value kept for a cluster ("" for none).
    pub fn value(&self, cluster: &str, field: &Field) -> &str {
        self.marks
            .get(cluster)
            .and_then(|m| m.get(field))
            .unwrap_or_default()
    }

    pub fn marks_of(&self, cluster: &str) -> Option<&Marks> {
        self.marks.get(cluster)
    }

    pub fn progress(&self, cluster: &str) -> Progress {
        match (self.rubric(cluster), self.marks.get(cluster)) {
            (Some(r), Some(m)) => m.progress(r),
            _ => Progress::NotStarted,
        }
    }

    pub fn total(&self, cluster: &str) -> Option<crate::review::rubric::Points> {
        let m = self.marks.get(cluster)?;
        let r = self.rubric(cluster)?;
        m.values
            .keys()
            .any(|f| matches!(f, Field::Score(_)))
            .then(|| m.total(r))
    }

    /// Validates and records a new value (`None` clears), committed before
    /// it returns. `Ok(None)` when nothing changed.
    pub fn set(
        &mut self,
        store: &mut Store,
        cluster: &str,
        field: Field,
        typed: Option<&str>,
    ) -> Result<Option<Change>, SessionError> {
        let rubric = self
            .rubric(cluster)
            .ok_or_else(|| SessionError::NoRubric(cluster.to_string()))?;
        let new = score::check(rubric, &field, typed)?;
        if field != Field::Conflict
            && self
                .marks
                .get(cluster)
                .is_some_and(|m| m.conflict().is_some())
        {
            return Err(Refused::Recused.into());
        }
        let change = self.apply(store, cluster, field, new, How::Set)?;
        if change.is_some() {
            self.redo.clear();
        }
        if let Some(c) = &change {
            self.undo.push(c.clone());
        }
        Ok(change)
    }

    fn apply(
        &mut self,
        store: &mut Store,
        cluster: &str,
        field: Field,
        new: Option<String>,
        how: How,
    ) -> Result<Option<Change>, SessionError> {
        let no = self.key(cluster)?.no;
        let old = store
            .record(self.reviewer.no, no, &field, new.as_deref(), how)
            .map_err(|e| match e {
                StoreError::Recused => SessionError::Refused(Refused::Recused),
                e => e.into(),
            })?;
        if old == new {
            return Ok(None);
        }
        self.marks
            .entry(cluster.to_string())
            .or_default()
            .set(&field, new.clone());
        Ok(Some(Change {
            cluster: cluster.to_string(),
            field,
            old,
            new,
        }))
    }

    /// Undoes the last change of this session (recorded as an undo).
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<Change>, SessionError> {
        let Some(c) = self.undo.pop() else {
            return Ok(None);
        };
        match self.apply(store, &c.cluster, c.field.clone(), c.old.clone(), How::Undo) {
            Ok(_) => {
                self.redo.push(c.clone());
                Ok(Some(c))
            }
            Err(e) => {
                self.undo.push(c);
                Err(e)
            }
        }
    }

    /// Redoes the last undone change (recorded as a redo).
    pub fn redo(&mut self, store: &mut Store) -> Result<Option<Change>, SessionError> {
        let Some(c) = self.redo.pop() else {
            return Ok(None);
        };
        match self.apply(store, &c.cluster, c.field.clone(), c.new.clone(), How::Redo) {
            Ok(_) => {
                self.undo.push(c.clone());
                Ok(Some(c))
            }
            Err(e) => {
                self.redo.push(c);
                Err(e)
            }
        }
    }

    /// How many clusters of `ids` are settled (complete or recused).
    pub fn settled<'a>(&self, ids: impl Iterator<Item = &'a str>) -> (usize, usize) {
        let mut n = 0;
        let mut done = 0;
        for id in ids {
            n += 1;
            if self.progress(id).settled() {
                done += 1;
            }
        }
        (done, n)
    }
}

/// An advisory lock on `<store>.<reviewer>.lock`, held while the session
/// lives; the file names the process holding it.
struct Lock {
    _file: std::fs::File,
}

impl Lock {
    fn take(store: &std::path::Path, reviewer: &Reviewer) -> Result<Lock, SessionError> {
        use std::io::{Read, Seek, Write};
        let path = PathBuf::from(format!("{}.reviewer-{}.lock", store.display(), reviewer.no));
        let io = |e: std::io::Error| SessionError::Lock(path.display().to_string(), e);
        let mut file = crate::platform::private_file(
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
        )
        .open(&path)
        .map_err(io)?;
        // A lock just given up can still be held for a moment by a child
        // process forked in between (it shares the descriptor until it
        // execs): a holder that is really there holds it past half a second.
        let mut locked = false;
        for _ in 0..25 {
            locked = crate::platform::try_lock(&file).map_err(io)?;
            if locked {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if !locked {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(SessionError::Busy {
                name: reviewer.name.clone(),
                holder: crate::text::inert(holder.trim()).into_owned(),
            });
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        let host = crate::platform::hostname();
        write!(file, "pid {} {host}", std::process::id()).map_err(io)?;
        Ok(Lock { _file: file })
    }
}

/// The audit log as text: one line per change.
pub fn log_text(entries: &[crate::store::LogEntry]) -> String {
    use crate::text::{fit, inert, width};
    let name_w = entries
        .iter()
        .map(|e| width(&inert(&e.reviewer)))
        .max()
        .unwrap_or(0)
        .min(16);
    let mut out = String::new();
    for e in entries {
        let field = Field::parse(&e.field).map_or(e.field.clone(), |f| f.label());
        let value = |v: &Option<String>| match v {
            Some(v) => format!("“{}”", inert(&v.replace('\n', " / "))),
            None => crate::i18n::tr(M::Empty).to_string(),
        };
        let how = match e.how.as_str() {
            "undo" => format!("  ({})", crate::i18n::tr(M::HowUndo)),
            "redo" => format!("  ({})", crate::i18n::tr(M::HowRedo)),
            _ => String::new(),
        };
        let line = format!(
            "{}  {}  {}  {}  {}: {} → {}{how}",
            e.local_time,
            fit(&inert(&e.reviewer), name_w),
            inert(&e.cluster),
            inert(&e.cluster_name),
            field,
            value(&e.old),
            value(&e.new),
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}
