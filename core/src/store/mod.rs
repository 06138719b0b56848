//! The SQLite store: one file in the platform data directory (or `--db`),
//! readable by its owner alone, WAL, schema versioned with `user_version`.
//! Every write happens in a transaction.

mod import;
mod panel;
mod queries;
mod reviews;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use import::{ImportError, ImportOutcome, import, read_manifest};
pub use panel::PanelKept;
pub use queries::{BundleInfo, ClusterRow, Finding};
pub use reviews::{ClusterKey, Draft, How, LogEntry, Reviewer};

use crate::i18n::{M, trf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", trf(M::StoreOpen, &[&.0.display()]))]
    Open(PathBuf, #[source] crate::i18n::Cause),
    #[error("{}", trf(M::StoreNewer, &[&.0.display(), .1, .2]))]
    Newer(PathBuf, i64, i64),
    #[error("{}", trf(M::NotAStore, &[&.0.display()]))]
    NotAStore(PathBuf),
    #[error("{}", trf(M::StoreOldReadOnly, &[&.0.display(), .1, .2]))]
    OldReadOnly(PathBuf, i64, i64),
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{}", crate::i18n::tr(M::NoBundle))]
    NoBundle,
    #[error("{}", trf(M::UnknownBundle, &[.0]))]
    UnknownBundle(String),
    #[error("{}", crate::i18n::tr(M::Recused))]
    Recused,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// The page size of a new store, in bytes.
const PAGE_SIZE: i64 = 65536;

impl Store {
    /// The store's default location: `pingshen.db` in the platform data directory.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "pingshen").map(|d| d.data_dir().join("pingshen.db"))
    }

    /// Opens (creating if needed) the store at `path`, owner-only, and
    /// brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let err = |e: crate::i18n::Cause| StoreError::Open(path.to_path_buf(), e);
        // Nothing is created or changed until the file is known to be a
        // store (or absent, or empty).
        check_is_store(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private::create_dir_all(dir).map_err(|e| err(e.into()))?;
        }
        create_private_file(path).map_err(|e| err(e.into()))?;
        let conn = Connection::open(path).map_err(|e| err(e.into()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // A new store gets large pages: importing a national bundle writes
        // some 40 MB in one transaction, and its commit (and checkpoint) costs
        // a system call a page. Only an empty database takes this; a store
        // made before keeps its own.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store for reading only, as lookups do: nothing is
    /// created, tightened or written, so a shared store its user may only
    /// read (0444) serves `find` and `show`. A store of an older schema is
    /// brought up to date first where this account may write it.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let err = |e: crate::i18n::Cause| StoreError::Open(path.to_path_buf(), e);
        check_is_store(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let version = |c: &Connection| c.pragma_query_value(None, "user_version", |r| r.get(0));
        let conn = Connection::open_with_flags(path, flags).map_err(|e| err(e.into()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let (conn, have): (Connection, i64) = match version(&conn) {
            Ok(v) => (conn, v),
            // A WAL store in a folder this account may not write, with no
            // -wal or -shm beside it: no writer is at work (a writer makes
            // them), so it is read as the immutable file it is for us.
            Err(_) if !wal_files_exist(path) => {
                drop(conn);
                let uri = format!("{}?immutable=1", file_uri(path));
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                    .map_err(|e| err(e.into()))?;
                let v = version(&conn).map_err(|e| err(e.into()))?;
                (conn, v)
            }
            Err(e) => return Err(err(e.into())),
        };
        let latest = schema::MIGRATIONS.len() as i64;
        if have > latest {
            return Err(StoreError::Newer(path.to_path_buf(), have, latest));
        }
        if have < latest {
            drop(conn);
            return match Store::open(path) {
                Ok(store) => Ok(store),
                Err(StoreError::Open(..)) => {
                    Err(StoreError::OldReadOnly(path.to_path_buf(), have, latest))
                }
                Err(e) => Err(e),
            };
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, path: None };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let have: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let latest = schema::MIGRATIONS.len() as i64;
        if have > latest {
            return Err(StoreError::Newer(
                self.path.clone().unwrap_or_default(),
                have,
                latest,
            ));
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(have as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// Whether a writer has left its -wal or -shm file beside the store.
fn wal_files_exist(path: &Path) -> bool {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p).exists()
    };
    with("-wal") || with("-shm")
}

/// A `file:` URI for SQLite naming `path` (absolute, with every byte that
/// is not plainly safe percent-encoded).
fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    let bytes = crate::platform::os_bytes(abs.as_os_str()).map_or_else(
        || abs.to_string_lossy().into_owned().into_bytes(),
        <[u8]>::to_vec,
    );
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a file that is not a store, before anything touches it: an
/// absent or empty file is a store yet to be made; anything else must
/// begin as SQLite databases do.
fn check_is_store(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = match std::fs::File::open(path) {
        Ok(f) => {
            let mut n = 0;
            let mut f = f.take(16);
            while n < 16 {
                match f.read(&mut head[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(StoreError::Open(path.to_path_buf(), e.into())),
                }
            }
            n
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        // A folder, or a file this account may not read: SQLite says why.
        Err(_) => return Ok(()),
    };
    if n == 0 || head == *SQLITE_HEADER {
        Ok(())
    } else {
        Err(StoreError::NotAStore(path.to_path_buf()))
    }
}

/// Creates the database file owner-only before SQLite opens it (SQLite gives
/// its -wal and -shm files the same mode), and tightens an existing one.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    crate::platform::private_file(std::fs::OpenOptions::new().create(true).append(true))
        .open(path)?;
    crate::platform::make_private(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(path: &Path) -> i64 {
        let conn = Connection::open(path).unwrap();
        conn.pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_store_has_large_pages_and_an_old_one_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.db");
        drop(Store::open(&new).unwrap());
        assert_eq!(page_size(&new), PAGE_SIZE);

        let old = dir.path().join("old.db");
        {
            let conn = Connection::open(&old).unwrap();
            conn.pragma_update(None, "page_size", 4096).unwrap();
            conn.execute_batch("CREATE TABLE t (x); DROP TABLE t;")
                .unwrap();
        }
        let store = Store::open(&old).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO reviewers (name, created_at) VALUES ('a', 'now')",
                [],
            )
            .unwrap();
        drop(store);
        assert_eq!(page_size(&old), 4096);
    }

    #[test]
    fn a_store_of_schema_3_keeps_its_evidence_through_migration_4() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            for sql in &schema::MIGRATIONS[..3] {
                conn.execute_batch(sql).unwrap();
            }
            // Schema 3 kept digests as hex.
            let h = "0f".repeat(32);
            conn.execute_batch(&format!(
                "INSERT INTO bundles VALUES (1, 'b', 1, 't', 'i', 2018, 's', 'now', 'now');
                 INSERT INTO clusters (no, bundle, id, round, name, prefecture, county, industry, source, pinyin, initials)
                 VALUES (1, 1, 'KH-A', 'assessment', 'a', 'p', 'c', 'i', 's', '', ''),
                        (2, 1, 'KH-B', 'assessment', 'b', 'p', 'c', 'i', 's', '', ''),
                        (3, 1, 'KH-C', 'assessment', 'c', 'p', 'c', 'i', 's', '', '');
                 -- Written out of order, as an old import could have.
                 INSERT INTO evidence VALUES (2, 2, 'B2', 'P1', NULL, 'b/2', '{h}', 2);
                 INSERT INTO evidence VALUES (1, 3, 'A3', 'P1', 1, 'a/3', '{h}', 3);
                 INSERT INTO evidence VALUES (2, 1, 'B1', 'P2', NULL, 'b/1', '{h}', 1);
                 INSERT INTO evidence VALUES (1, 1, 'A1', 'P1', 1, 'a/1', '{h}', 1);
                 INSERT INTO evidence VALUES (1, 2, 'A2', 'P3', 2, 'a/2', '{h}', 2);
                 PRAGMA user_version = 3;"
            ))
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let titles = |id: &str| -> Vec<String> {
            store
                .evidence(1, id)
                .unwrap()
                .into_iter()
                .map(|e| e.title)
                .collect()
        };
        assert_eq!(titles("KH-A"), ["A1", "A2", "A3"]);
        assert_eq!(titles("kh-b"), ["B1", "B2"]);
        assert!(titles("KH-C").is_empty());
        let a2 = &store.evidence(1, "KH-A").unwrap()[1];
        assert_eq!(
            (a2.rubric_item.as_str(), a2.pages, a2.path.as_str(), a2.size),
            ("P3", Some(2), "a/2", 2)
        );
        assert_eq!(a2.sha256, crate::bundle::manifest::Digest([0x0f; 32]));
        let all: Vec<(String, u32, String)> = store.evidence_titles(1).unwrap();
        assert_eq!(
            all.iter()
                .map(|(c, s, t)| format!("{c} {s} {t}"))
                .collect::<Vec<_>>(),
            [
                "KH-A 1 A1",
                "KH-A 2 A2",
                "KH-A 3 A3",
                "KH-B 1 B1",
                "KH-B 2 B2"
            ]
        );
    }
}
