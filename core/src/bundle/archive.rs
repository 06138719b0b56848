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
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path};

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

/// True when every `/`-separated part of `s` is a name: not empty, not `.`
/// or `..` (so `s` is neither empty nor absolute).
pub fn names_only(s: &str) -> bool {
    // By bytes: `/` and `.` never occur inside a multi-byte character.
    s.as_bytes()
        .split(|b| *b == b'/')
        .all(|part| !part.is_empty() && part != b"." && part != b"..")
}

/// True for a relative path of plain names only.
pub fn plain(rel: &str) -> bool {
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

/// Reads the entries of a bundle archive in order, one at a time.
///
/// Written for this format rather than through the `tar` crate: a national
/// bundle holds some 180,000 small files, and the reader's cost per entry
/// (it zeroes a 128 KB buffer for every one) came to a fifth of an import.
/// It reads the v7, ustar and GNU layouts, GNU long names and pax `path`
/// records, checks every header's checksum, and hands each entry's data out
/// straight from its buffer.
pub struct Reader {
    input: BufReader<File>,
}

/// The largest long name or pax header accepted (a path is far shorter).
const MAX_META: u64 = 1 << 16;

fn damaged(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("damaged archive: {what}"),
    )
}

/// A numeric header field: octal digits (space or NUL padded), or GNU's
/// base-256 when its first byte has the high bit set.
fn number(field: &[u8]) -> io::Result<u64> {
    if let Some((&first, rest)) = field.split_first()
        && first & 0x80 != 0
    {
        let mut n: u64 = u64::from(first & 0x7f);
        for &b in rest {
            n = n
                .checked_mul(256)
                .and_then(|n| n.checked_add(u64::from(b)))
                .ok_or_else(|| damaged("number too large"))?;
        }
        return Ok(n);
    }
    let digits = field
        .iter()
        .skip_while(|b| **b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(*b));
    let mut n: u64 = 0;
    for &b in digits {
        n = n
            .checked_mul(8)
            .map(|n| n + u64::from(b - b'0'))
            .ok_or_else(|| damaged("number too large"))?;
    }
    Ok(n)
}

/// The padding after `size` bytes of data, to the next 512-byte block.
fn padding(size: u64) -> u64 {
    (512 - size % 512) % 512
}

/// A header as read: its path (raw bytes), type flag and data size.
struct Raw {
    name: Vec<u8>,
    kind: u8,
    size: u64,
}

impl Reader {
    pub fn open(path: &Path) -> io::Result<Reader> {
        let f = File::open(path)?;
        if !f.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file"));
        }
        Ok(Reader {
            input: BufReader::with_capacity(1 << 20, f),
        })
    }

    /// The entries, in archive order. Damage to the archive itself ends
    /// them with one `Bad::Io`.
    pub fn entries(&mut self) -> Entries<'_> {
        Entries {
            input: &mut self.input,
            done: false,
            early: false,
        }
    }
}

/// The entries of a bundle archive; see [`Reader::entries`].
pub struct Entries<'a> {
    input: &'a mut BufReader<File>,
    done: bool,
    /// The archive ended without its end marker (a copy cut short).
    early: bool,
}

impl Entries<'_> {
    /// Whether the archive ended before its end marker: cut short, unless
    /// its last entries were simply never written.
    pub fn ended_early(&self) -> bool {
        self.early
    }
}

/// The data of one entry, read from the archive's buffer; it ends with the
/// entry, and an archive that ends first is an error.
pub struct Data<'a> {
    input: &'a mut BufReader<File>,
    left: u64,
}

impl Data<'_> {
    /// The size of the data not read yet.
    pub fn left(&self) -> u64 {
        self.left
    }
}

impl Read for Data<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Data<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.left == 0 {
            return Ok(&[]);
        }
        let left = self.left;
        let buf = self.input.fill_buf()?;
        if buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "damaged archive: it ends inside a file",
            ));
        }
        let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        Ok(&buf[..n])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(usize::try_from(self.left).unwrap_or(usize::MAX));
        self.input.consume(n);
        self.left -= n as u64;
    }
}

impl Entries<'_> {
    /// Reads and discards `n` bytes.
    fn skip(&mut self, n: u64) -> io::Result<()> {
        let mut d = Data {
            input: self.input,
            left: n,
        };
        while d.left > 0 {
            let k = d.fill_buf()?.len();
            d.consume(k);
        }
        Ok(())
    }

    /// Reads `size` bytes of metadata (a long name, a pax header) and its padding.
    fn meta(&mut self, size: u64) -> io::Result<Vec<u8>> {
        if size > MAX_META {
            return Err(damaged("header data too large"));
        }
        let mut v = Vec::with_capacity(size as usize);
        Data {
            input: self.input,
            left: size,
        }
        .read_to_end(&mut v)?;
        self.skip(padding(size))?;
        Ok(v)
    }

    /// The next file's header, past long names and pax headers; `None` at the
    /// end of the archive.
    fn header(&mut self) -> io::Result<Option<Raw>> {
        let mut long_name: Option<Vec<u8>> = None;
        loop {
            let mut block = [0u8; 512];
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                // No end marker: the archive simply ends here.
                self.early = true;
                return Ok(None);
            }
            if buf.len() >= 512 {
                block.copy_from_slice(&buf[..512]);
                self.input.consume(512);
            } else {
                self.input
                    .read_exact(&mut block)
                    .map_err(|_| damaged("truncated header"))?;
            }
            if block.iter().all(|b| *b == 0) {
                return Ok(None);
            }
            let stored = number(&block[148..156])?;
            // The checksum counts its own field as eight spaces.
            let all: u32 = block.iter().map(|b| u32::from(*b)).sum();
            let field: u32 = block[148..156].iter().map(|b| u32::from(*b)).sum();
            let sum = u64::from(all - field + 8 * u32::from(b' '));
            if stored != sum {
                return Err(damaged("header checksum"));
            }
            let size = number(&block[124..136])?;
            let kind = block[156];
            match kind {
                // GNU long name: the data is the next entry's path.
                b'L' => {
                    let mut name = self.meta(size)?;
                    while name.last() == Some(&0) {
                        name.pop();
                    }
                    long_name = Some(name);
                }
                // pax extended header: its `path` record names the next entry.
                b'x' => {
                    if let Some(p) = pax_path(&self.meta(size)?) {
                        long_name = Some(p);
                    }
                }
                // pax global header, GNU long link name: nothing for us.
                b'g' | b'K' => {
                    self.meta(size)?;
                }
                _ => {
                    let name = match long_name.take() {
                        Some(n) => n,
                        None => {
                            let until_nul =
                                |f: &[u8]| f.iter().position(|b| *b == 0).unwrap_or(f.len());
                            let name = &block[..until_nul(&block[..100])];
                            // Only POSIX ustar headers have a prefix field.
                            let prefix = if &block[257..263] == b"ustar\0" {
                                &block[345..345 + until_nul(&block[345..500])]
                            } else {
                                &[]
                            };
                            if prefix.is_empty() {
                                name.to_vec()
                            } else {
                                [prefix, b"/", name].concat()
                            }
                        }
                    };
                    return Ok(Some(Raw { name, kind, size }));
                }
            }
        }
    }

    /// The next entry, checked, handed to `f` with its data to read as a
    /// stream (whatever `f` leaves unread is skipped).
    pub fn next_streamed<T>(
        &mut self,
        f: impl FnOnce(&str, &mut Data<'_>) -> T,
    ) -> Option<Result<T, Bad>> {
        if self.done {
            return None;
        }
        let got = (|| -> io::Result<Option<Result<T, Bad>>> {
            let Some(raw) = self.header()? else {
                return Ok(None);
            };
            let path = String::from_utf8(raw.name)
                .map_err(|e| String::from_utf8_lossy(e.as_bytes()).to_string());
            let out = match path {
                Err(lossy) => Err(Bad::Escapes(lossy)),
                Ok(p) if !plain(&p) => Err(Bad::Escapes(p)),
                Ok(p) if raw.kind != b'0' && raw.kind != 0 => Err(Bad::NotAFile(p)),
                Ok(p) => {
                    let mut data = Data {
                        input: self.input,
                        left: raw.size,
                    };
                    let t = f(&p, &mut data);
                    let left = data.left;
                    self.skip(left)?;
                    Ok(t)
                }
            };
            if out.is_err() {
                self.skip(raw.size)?;
            }
            self.skip(padding(raw.size))?;
            Ok(Some(out))
        })();
        match got {
            Ok(Some(r)) => Some(r),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(Bad::Io(e)))
            }
        }
    }
}

/// The `path` record of a pax extended header ("LEN path=VALUE\n" records).
fn pax_path(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut found = None;
    while !data.is_empty() {
        let sp = data.iter().position(|b| *b == b' ')?;
        let len: usize = std::str::from_utf8(&data[..sp]).ok()?.parse().ok()?;
        if len <= sp || len > data.len() {
            return None;
        }
        let record = &data[sp + 1..len];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        if let Some(v) = record.strip_prefix(b"path=") {
            found = Some(v.to_vec());
        }
        data = &data[len..];
    }
    found
}

/// Reads one entry's data whole (a workbook, a rubric), its buffer sized
/// once from the header.
pub fn read_all(data: &mut Data<'_>) -> io::Result<Vec<u8>> {
    // The header's size is not trusted for more than a first allocation.
    let mut bytes = Vec::with_capacity(data.left().min(16 << 20) as usize);
    data.read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl Iterator for Entries<'_> {
    type Item = Result<Entry, Bad>;

    fn next(&mut self) -> Option<Self::Item> {
        let got = self.next_streamed(|path, r| {
            read_all(r).map(|bytes| Entry {
                path: path.to_string(),
                bytes,
            })
        })?;
        Some(match got {
            Ok(Ok(e)) => Ok(e),
            Ok(Err(e)) => {
                self.done = true;
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

    /// Reads every entry of the archive at `path`: its path and its data, or
    /// what was wrong.
    fn listing(path: &Path) -> Vec<String> {
        Reader::open(path)
            .unwrap()
            .entries()
            .map(|e| match e {
                Ok(e) => format!("{} {}", e.path, String::from_utf8_lossy(&e.bytes)),
                Err(Bad::Io(e)) => format!("io {e}"),
                Err(other) => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn ustar_prefixes_pax_paths_and_gnu_long_names_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("layouts.tar");
        let long = format!("{}/{}", "目录".repeat(30), "很长的文件名.txt");
        let mut b = tar::Builder::new(File::create(&path).unwrap());
        // ustar: the builder splits the long path into prefix and name.
        let mut h = tar::Header::new_ustar();
        h.set_size(5);
        b.append_data(
            &mut h,
            format!("u/{}", "a".repeat(120)) + "/b.txt",
            &b"ustar"[..],
        )
        .unwrap();
        // pax: a `path` record names the next entry.
        b.append_pax_extensions([("path", long.as_bytes())])
            .unwrap();
        let mut h = tar::Header::new_ustar();
        h.set_size(3);
        h.set_path("short-name.txt").unwrap();
        h.set_cksum();
        b.append(&h, &b"pax"[..]).unwrap();
        // GNU long name, and data of exactly one block.
        let mut h = tar::Header::new_gnu();
        h.set_size(512);
        b.append_data(&mut h, format!("g/{long}"), &[b'x'; 512][..])
            .unwrap();
        b.finish().unwrap();
        drop(b);
        let got = listing(&path);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], format!("u/{}/b.txt ustar", "a".repeat(120)));
        assert_eq!(got[1], format!("{long} pax"));
        assert_eq!(got[2], format!("g/{long} {}", "x".repeat(512)));
    }

    #[test]
    fn a_damaged_header_or_a_cut_file_is_an_error_not_an_end() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.tar");
        let files = vec![
            ("a/1.txt".to_string(), FileKind::Evidence),
            ("a/2.txt".to_string(), FileKind::Evidence),
        ];
        write(&good, "{}", &files, &|rel: &str| {
            Ok(rel.repeat(200).into_bytes())
        })
        .unwrap();
        let bytes = std::fs::read(&good).unwrap();
        assert_eq!(listing(&good).len(), 3);

        // A flipped byte in the second file's header name.
        let second = 512 + 512 + 512 + 1536;
        let mut bad = bytes.clone();
        bad[second] ^= 1;
        let flipped = dir.path().join("flipped.tar");
        std::fs::write(&flipped, &bad).unwrap();
        let got = listing(&flipped);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[2].starts_with("io ") && got[2].contains("checksum"),
            "{got:?}"
        );

        // Cut inside the second file's data.
        let cut = dir.path().join("cut.tar");
        std::fs::write(&cut, &bytes[..second + 512 + 100]).unwrap();
        let got = listing(&cut);
        assert!(got[2].starts_with("io "), "{got:?}");
    }
}
