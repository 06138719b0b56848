//! The bundle file: one tar archive, so that a bundle travels on a USB stick
//! as one file, cannot arrive half-copied, and is read in one sequential
//! pass (a national bundle holds 180,000 files; opening each from a folder
//! costs more than reading them all).
//!
//! The order of the entries is part of the format: `manifest.json` first,
//! then the rubrics, then the workbooks that define clusters (表二, 申报表,
//! 附件3), then the catalogues and evidence files together, each group
//! sorted by path (a cluster's evidence beside its catalogue, so that import
//! hashes evidence while workbooks are being parsed). Only regular files with plain relative paths are accepted; headers
//! carry no time, owner or mode of the packing machine, so packing the same
//! submissions twice gives the same bytes.

mod read;
mod write;

#[cfg(test)]
mod tests;

use std::io;
use std::path::{Component, Path};

pub use read::{Data, Entries, Reader, read_all};
pub use write::{rank, write};

/// One file of a bundle archive.
#[derive(Debug)]
pub struct Entry {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why an entry of an archive is refused.
#[derive(Debug)]
pub enum Bad {
    /// A link, a folder entry, a device…: bundles hold regular files only.
    NotAFile(String),
    /// An absolute path, `..`, or a name that is not UTF-8.
    Escapes(String),
    /// The archive itself is damaged or cannot be read.
    Io(io::Error),
}

/// True when every `/`-separated part of `s` is a name: not empty, not `.`
/// or `..` (so `s` is neither empty nor absolute).
pub(crate) fn names_only(s: &str) -> bool {
    // By bytes: `/` and `.` never occur inside a multi-byte character.
    s.as_bytes()
        .split(|b| *b == b'/')
        .all(|part| !part.is_empty() && part != b"." && part != b"..")
}

/// True for a relative path of plain names only.
pub(crate) fn plain(rel: &str) -> bool {
    // The common case at a glance; the rest as the platform reads paths.
    if !rel.contains('\\') && names_only(rel) {
        return true;
    }
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Reads one file of a bundle archive (front to back: an archive has no
/// index), or `None` when it holds no such file.
pub fn read_file(bundle: &Path, rel: &str) -> io::Result<Option<Vec<u8>>> {
    let mut reader = Reader::open(bundle)?;
    for e in reader.entries() {
        match e {
            Ok(e) if e.path == rel => return Ok(Some(e.bytes)),
            Err(Bad::Io(err)) => return Err(err),
            _ => {}
        }
    }
    Ok(None)
}
