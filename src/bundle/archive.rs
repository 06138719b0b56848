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

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path};

use crate::bundle::manifest::{FileKind, MANIFEST};

/// The place of a kind of file in the archive.
pub fn rank(kind: FileKind) -> u8 {
    match kind {
        FileKind::Rubric => 1,
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
            append(&mut b, rel, &read(rel)?)?;
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

fn append(b: &mut tar::Builder<impl Write>, path: &str, data: &[u8]) -> io::Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    b.append_data(&mut h, path, data)
}

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

/// True for a relative path of plain names only.
pub fn plain(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Reads the entries of a bundle archive in order, one at a time.
pub struct Reader {
    archive: tar::Archive<BufReader<File>>,
}

impl Reader {
    pub fn open(path: &Path) -> io::Result<Reader> {
        let f = File::open(path)?;
        if !f.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file"));
        }
        Ok(Reader {
            archive: tar::Archive::new(BufReader::with_capacity(1 << 20, f)),
        })
    }

    /// The entries, in archive order. Damage to the archive itself ends
    /// them with one `Bad::Io`.
    pub fn entries(&mut self) -> Entries<'_> {
        match self.archive.entries() {
            Ok(inner) => Entries {
                inner: Some(inner),
                failed: None,
            },
            Err(e) => Entries {
                inner: None,
                failed: Some(e),
            },
        }
    }
}

/// The entries of a bundle archive; see [`Reader::entries`].
pub struct Entries<'a> {
    inner: Option<tar::Entries<'a, BufReader<File>>>,
    failed: Option<io::Error>,
}

impl Entries<'_> {
    /// The next entry, checked, handed to `f` as a stream instead of read
    /// whole (for the manifest, which can be large).
    pub fn next_streamed<T>(
        &mut self,
        f: impl FnOnce(&str, &mut dyn Read) -> T,
    ) -> Option<Result<T, Bad>> {
        if let Some(e) = self.failed.take() {
            return Some(Err(Bad::Io(e)));
        }
        let inner = self.inner.as_mut()?;
        let mut entry = match inner.next()? {
            Ok(e) => e,
            Err(e) => {
                self.inner = None;
                return Some(Err(Bad::Io(e)));
            }
        };
        let path = entry
            .path()
            .ok()
            .and_then(|p| p.to_str().map(str::to_string));
        let Some(path) = path.filter(|p| plain(p)) else {
            return Some(Err(Bad::Escapes(
                String::from_utf8_lossy(&entry.path_bytes()).to_string(),
            )));
        };
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Some(Err(Bad::NotAFile(path)));
        }
        Some(Ok(f(&path, &mut entry)))
    }
}

impl Iterator for Entries<'_> {
    type Item = Result<Entry, Bad>;

    fn next(&mut self) -> Option<Self::Item> {
        let got = self.next_streamed(|path, r| {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).map(|_| Entry {
                path: path.to_string(),
                bytes,
            })
        })?;
        Some(match got {
            Ok(Ok(e)) => Ok(e),
            Ok(Err(e)) => {
                self.inner = None;
                Err(Bad::Io(e))
            }
            Err(bad) => Err(bad),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_bundle_order_and_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("随州/材料/很长的中文文件名称以超过一百个字节的限制并检验长路径的处理方式是否正确无误.txt".to_string(), FileKind::Evidence),
            ("随州/目录.xlsx".to_string(), FileKind::Catalogue),
            ("随州/表二.xlsx".to_string(), FileKind::Table2),
            ("rubric/assessment.toml".to_string(), FileKind::Rubric),
        ];
        let read = |rel: &str| Ok(rel.as_bytes().to_vec());
        let a = dir.path().join("a.tar");
        let b = dir.path().join("b.tar");
        write(&a, "{}", &files, &read).unwrap();
        write(&b, "{}", &files, &read).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let seen: Vec<String> = Reader::open(&a)
            .unwrap()
            .entries()
            .map(|e| e.unwrap().path)
            .collect();
        assert_eq!(seen[0], MANIFEST);
        assert_eq!(
            &seen[1..],
            &[
                files[3].0.clone(),
                files[2].0.clone(),
                // Catalogues and evidence together, by path.
                files[0].0.clone(),
                files[1].0.clone()
            ]
        );
    }

    #[test]
    fn links_and_climbing_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evil.tar");
        let mut b = tar::Builder::new(File::create(&path).unwrap());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, "随州/a.txt", "/etc/passwd").unwrap();
        let mut h = tar::Header::new_old();
        h.set_size(1);
        h.set_entry_type(tar::EntryType::Regular);
        // Written raw: the builder itself refuses `..`.
        h.as_old_mut().name[..9].copy_from_slice(b"../x.txt\0");
        h.set_cksum();
        b.append(&h, &b"x"[..]).unwrap();
        b.finish().unwrap();
        drop(b);
        let got: Vec<String> = Reader::open(&path)
            .unwrap()
            .entries()
            .map(|e| match e {
                Err(Bad::NotAFile(p)) => format!("link {p}"),
                Err(Bad::Escapes(p)) => format!("escapes {p}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(got, ["link 随州/a.txt", "escapes ../x.txt"]);
    }
}
