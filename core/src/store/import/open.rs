//! Opening a bundle: the archive itself (missing, a folder, unreadable,
//! compressed on the way) and the manifest at its head, whose hash is the
//! bundle's id.

use std::path::Path;

use crate::bundle::archive;
use crate::bundle::manifest::{self, FORMAT, MANIFEST, Manifest};

use super::ImportError;

/// The manifest from the first entry of a bundle: (manifest, bundle id). The
/// id is the hash of exactly the bytes that were parsed.
pub(super) fn manifest_of(
    bundle: &Path,
    entries: &mut archive::Entries<'_>,
) -> Result<(Manifest, String), ImportError> {
    let no = || ImportError::NoManifest(bundle.display().to_string());
    // Parsed as it is read, through the hash: the id is the hash of exactly
    // the bytes parsed, and the text is never held whole.
    let parsed = entries.next_streamed(|path, r| {
        if path != MANIFEST {
            return Err(no());
        }
        let len = r.left();
        let mut buffered =
            std::io::BufReader::with_capacity(1 << 16, manifest::HashingReader::new(r));
        let m = manifest::parse_streamed(&mut buffered, len).map_err(ImportError::BadManifest)?;
        let id = buffered.into_inner().finish().map_err(|_| no())?;
        Ok((m, id.to_string()))
    });
    let (m, id) = match parsed {
        Some(Ok(r)) => r?,
        _ => return Err(no()),
    };
    if m.format != FORMAT {
        return Err(ImportError::Format(m.format));
    }
    Ok((m, id))
}

/// Opens a bundle file, saying what is wrong where it cannot be: missing,
/// a folder, unreadable.
pub(super) fn open_archive(bundle: &Path) -> Result<archive::Reader, ImportError> {
    let shown = bundle.display().to_string();
    if bundle.is_dir() {
        return Err(ImportError::Folder(shown));
    }
    let reader = archive::Reader::open(bundle).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ImportError::Missing(shown.clone()),
        _ => ImportError::Unreadable(shown.clone(), e),
    })?;
    if let Some((kind, how)) = compressed(bundle) {
        return Err(ImportError::Compressed(shown, kind, how));
    }
    Ok(reader)
}

/// What a compressed file says it is, by its first bytes: (its kind, how
/// to unpack it). A bundle is a plain tar; copies are often compressed on
/// the way (a mail attachment, a USB stick).
fn compressed(bundle: &Path) -> Option<(&'static str, String)> {
    use std::io::Read;
    let mut head = [0u8; 6];
    let mut f = std::fs::File::open(bundle).ok()?;
    let n = f.read(&mut head).ok()?;
    let head = &head[..n];
    let name = crate::text::quote(&bundle.display().to_string(), 200);
    let (kind, how) = if head.starts_with(&[0x1f, 0x8b]) {
        ("gzip", format!("gunzip -k {name}"))
    } else if head.starts_with(b"BZh") {
        ("bzip2", format!("bunzip2 -k {name}"))
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        ("xz", format!("unxz -k {name}"))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        ("zstd", format!("unzstd {name}"))
    } else if head.starts_with(b"PK\x03\x04") {
        ("zip", format!("unzip {name}"))
    } else if head.starts_with(&[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c]) {
        ("7z", format!("7z x {name}"))
    } else if head.starts_with(b"Rar!") {
        ("rar", format!("unrar x {name}"))
    } else {
        return None;
    };
    Some((kind, how))
}

/// Reads a bundle's manifest only: (manifest, bundle id).
pub fn read_manifest(bundle: &Path) -> Result<(Manifest, String), ImportError> {
    let mut reader = open_archive(bundle)?;
    manifest_of(bundle, &mut reader.entries())
}
