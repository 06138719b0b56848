//! Where commands find what they read: the store (the user's, the demo's,
//! or `--db`), allowed_signers files and the bundle a review is checked
//! against.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use pingshen::i18n::{M, tr, trf};
use pingshen::merge;
use pingshen::sign::allowed;
use pingshen::store::Store;
use pingshen::text::inert;

/// An allowed_signers file, read as OpenSSH reads it; the lines OpenSSH
/// would skip are named on stderr.
pub fn read_signers(path: &Path) -> Result<Vec<allowed::Signer>> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    let a = allowed::parse(&bytes, &path.display().to_string());
    for e in &a.skipped {
        eprintln!("{}", inert(&format!("{e} — {}", tr(M::SignersSkipped))));
    }
    Ok(a.signers)
}

/// The bundle `id` as a store holds it: the store named by --db or
/// --demo, else the default one if it exists (never created here).
pub fn stored_reference(db: Option<&Path>, id: &str) -> Option<merge::Reference> {
    let path = db.map(Path::to_path_buf).or_else(Store::default_path)?;
    if !path.exists() {
        return None;
    }
    let store = Store::open_read_only(&path).ok()?;
    let b = store.bundle(Some(id)).ok().filter(|b| b.id == id)?;
    merge::Reference::from_store(&store, &b).ok()
}

/// The store the terminal UI opens: it must exist already (nothing is
/// made, nor folders, where a path was mistyped).
pub fn existing_store(db: Option<&Path>) -> Result<Store> {
    let path = existing_store_path(db)?;
    Ok(Store::open(&path)?)
}

/// Where the existing store is: an error naming what is missing if it is
/// not there.
fn existing_store_path(db: Option<&Path>) -> Result<PathBuf> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => Store::default_path().context("no platform data directory; use --db PATH")?,
    };
    if !path.exists() {
        if let Some(dir) = path
            .parent()
            .filter(|d| db.is_some() && !d.as_os_str().is_empty() && !d.exists())
        {
            return Err(anyhow!("{}", trf(M::StoreFolderMissing, &[&dir.display()])));
        }
        return Err(anyhow!("{}", trf(M::StoreMissing, &[&path.display()])));
    }
    Ok(path)
}

/// The store a lookup reads, opened for reading only (a shared store the
/// user may only read serves lookups too).
pub fn lookup_store(db: Option<&Path>) -> Result<Store> {
    let path = existing_store_path(db)?;
    Ok(Store::open_read_only(&path)?)
}

/// The store a command writes to, made if it is not there yet.
pub fn open_store(db: Option<&Path>) -> Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => Store::default_path().context("no platform data directory; use --db PATH")?,
    };
    Ok(Store::open(&path)?)
}

/// Where the demo keeps its store: `demo.db` beside the real one.
pub fn demo_store_path() -> Result<PathBuf> {
    Ok(Store::default_path()
        .context("no platform data directory; use --db PATH")?
        .with_file_name("demo.db"))
}
