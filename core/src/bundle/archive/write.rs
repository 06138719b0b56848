//! Writing the bundle file: the entries in the format's order, with headers
//! that carry nothing of the packing machine.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::bundle::manifest::{FileKind, MANIFEST};

/// The place of a kind of file in the archive.
pub fn rank(kind: FileKind) -> u8 {
    match kind {
        FileKind::Rubric | FileKind::Roster => 1,
        FileKind::Table2 | FileKind::Application | FileKind::Summary => 2,
        FileKind::Catalogue | FileKind::Evidence => 3,
    }
}

/// Writes a bundle archive to `out` (through a temporary file beside it,
/// renamed into place): the manifest, then `files` in bundle order, each
/// read through `read`.
pub fn write(
    out: &Path,
    manifest: &str,
    files: &[(String, FileKind)],
    read: &dyn Fn(&str) -> io::Result<Vec<u8>>,
) -> io::Result<()> {
    let name = out
        .file_name()
        .map_or("bundle".into(), |n| n.to_string_lossy().to_string());
    let tmp = out.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| {
        let mut b = tar::Builder::new(BufWriter::with_capacity(1 << 20, File::create(&tmp)?));
        append(&mut b, MANIFEST, manifest.as_bytes())?;
        let mut ordered: Vec<&(String, FileKind)> = files.iter().collect();
        ordered.sort_by(|a, b| (rank(a.1), &a.0).cmp(&(rank(b.1), &b.0)));
        for (rel, _) in ordered {
            let data = read(rel)?;
            append(&mut b, rel, &data)?;
            crate::progress::add(data.len() as u64, 1);
        }
        let mut w = b.into_inner()?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub(super) fn append(b: &mut tar::Builder<impl Write>, path: &str, data: &[u8]) -> io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    b.append_data(&mut h, path, data)
}
