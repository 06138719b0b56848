//! SHA-256 of what the bundle holds: files hashed as they are read, the
//! manifest hashed on a thread of its own beside its parsing.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::digest::Digest;

/// A reader that hashes everything read through it, on a thread of its
/// own: a national manifest is 35 MB, and hashing it beside the parsing
/// takes a third off the time the import spends on it before anything else
/// can start.
pub struct HashingReader<R> {
    pub(super) inner: R,
    pub(super) chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    pub(super) hasher: std::thread::JoinHandle<Digest>,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> HashingReader<R> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let hasher = std::thread::spawn(move || {
            let mut hash = Sha256::new();
            for chunk in rx {
                hash.update(&chunk);
            }
            Digest(hash.finalize().into())
        });
        HashingReader {
            inner,
            chunks: Some(tx),
            hasher,
        }
    }

    /// Reads what is left (a parser may stop before the end) and returns the
    /// digest of everything.
    pub(crate) fn finish(mut self) -> io::Result<Digest> {
        io::copy(&mut self, &mut io::sink())?;
        drop(self.chunks.take());
        self.hasher
            .join()
            .map_err(|_| io::Error::other("the hashing thread failed"))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0
            && let Some(tx) = &self.chunks
            && tx.send(buf[..n].to_vec()).is_err()
        {
            return Err(io::Error::other("the hashing thread failed"));
        }
        Ok(n)
    }
}

/// SHA-256 and size of a file, streamed.
pub fn sha256_file(path: &Path) -> io::Result<(Digest, u64)> {
    sha256_read(File::open(path)?)
}

/// SHA-256 and size of an open file, streamed. Small files (most of a
/// bundle) go through a buffer on the stack.
pub fn sha256_read(mut f: File) -> io::Result<(Digest, u64)> {
    let len = f.metadata().map_or(0, |m| m.len());
    let mut small = [0u8; 16 * 1024];
    let mut large = Vec::new();
    let buf: &mut [u8] = if len < small.len() as u64 {
        &mut small
    } else {
        large.resize(64 * 1024, 0);
        &mut large
    };
    let mut h = Sha256::new();
    let mut size = 0u64;
    loop {
        let n = f.read(buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
        // A short read of a regular file at its known length is its end:
        // no further read (and syscall) to learn it.
        if size >= len && n < buf.len() {
            break;
        }
    }
    Ok((Digest(h.finalize().into()), size))
}
