//! Reading the bundle file in one sequential pass: a tar reader of our own
//! that takes only what the writer writes (regular files, plain paths,
//! bounded headers) and streams each entry's data.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::{Bad, Entry, plain};
use crate::progress::Metered;

/// Reads the entries of a bundle archive in order, one at a time.
///
/// Written for this format rather than through the `tar` crate: a national
/// bundle holds some 180,000 small files, and the reader's cost per entry
/// (it zeroes a 128 KB buffer for every one) came to a fifth of an import.
/// It reads the v7, ustar and GNU layouts, GNU long names and pax `path`
/// records, checks every header's checksum, and hands each entry's data out
/// straight from its buffer.
pub struct Reader {
    pub(super) input: BufReader<Metered<File>>,
}

/// The largest long name or pax header accepted (a path is far shorter).
const MAX_META: u64 = 1 << 16;

pub(super) fn damaged(what: &str) -> io::Error {
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
pub(super) struct Raw {
    pub(super) name: Vec<u8>,
    pub(super) kind: u8,
    pub(super) size: u64,
}

impl Reader {
    pub fn open(path: &Path) -> io::Result<Reader> {
        let f = File::open(path)?;
        if !f.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file"));
        }
        Ok(Reader {
            // Every byte read counts towards the progress shown (when shown).
            input: BufReader::with_capacity(1 << 20, Metered(f)),
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
    pub(super) input: &'a mut BufReader<Metered<File>>,
    pub(super) done: bool,
    /// The archive ended without its end marker (a copy cut short).
    pub(super) early: bool,
}

impl Entries<'_> {
    /// Whether the archive ended before its end marker: cut short, unless
    /// its last entries were simply never written.
    pub(crate) fn ended_early(&self) -> bool {
        self.early
    }
}

/// The data of one entry, read from the archive's buffer; it ends with the
/// entry, and an archive that ends first is an error.
pub struct Data<'a> {
    pub(super) input: &'a mut BufReader<Metered<File>>,
    pub(super) left: u64,
}

impl Data<'_> {
    /// The size of the data not read yet.
    pub(crate) fn left(&self) -> u64 {
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
    pub(crate) fn next_streamed<T>(
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
