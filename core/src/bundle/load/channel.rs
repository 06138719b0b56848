//! Workbooks on their way to the parsers: the bytes of each with where it
//! came from, sent in small batches over a bounded channel so that reading
//! the archive and parsing overlap without the bundle piling up in memory.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::bundle::Problem;
use crate::bundle::manifest;
use crate::bundle::source::SourceFile;

use super::defines_clusters;

/// An evidence file's identity, as hashed by pack or listed by the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub sha256: manifest::Digest,
    pub size: u64,
}

/// A workbook to read: which file it is, and its bytes.
pub struct Book {
    pub file: SourceFile,
    pub bytes: Vec<u8>,
    /// The digest of `bytes` when the sender has already computed it (the
    /// import checks every file against its manifest); otherwise the parser
    /// computes it.
    pub sha256: Option<manifest::Digest>,
}

/// What the producer sends: a workbook, or why one could not be had.
pub type Sent = Result<Book, Box<Problem>>;

/// Workbooks travel to the parsers, and their outcomes back, a few at a
/// time: most are small, and one thread wake-up for each cost more than
/// a few percent of an import.
pub(super) const BATCH: usize = 8;

/// The producer's end of the way to [`load`]: workbooks are sent in
/// batches (a workbook that defines clusters at once, since the loader
/// waits for all of those); the rest goes when flushed or dropped.
pub struct Sender {
    pub(super) tx: SyncSender<Vec<Sent>>,
    pub(super) buf: Vec<Sent>,
}

/// A producer's end and the loader's end.
pub fn channel() -> (Sender, Receiver<Vec<Sent>>) {
    let (tx, rx) = sync_channel(1);
    (
        Sender {
            tx,
            buf: Vec::with_capacity(BATCH),
        },
        rx,
    )
}

impl Sender {
    /// Sends a workbook on (false once the loader has stopped).
    pub(crate) fn send(&mut self, sent: Sent) -> bool {
        let defining = sent.as_ref().is_ok_and(|b| defines_clusters(b.file.kind));
        self.buf.push(sent);
        if defining || self.buf.len() >= BATCH {
            self.flush()
        } else {
            true
        }
    }

    /// Sends whatever waits for a full batch.
    pub(crate) fn flush(&mut self) -> bool {
        if self.buf.is_empty() {
            return true;
        }
        let batch = std::mem::replace(&mut self.buf, Vec::with_capacity(BATCH));
        self.tx.send(batch).is_ok()
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::manifest::FileKind;

    fn book(rel: &str, kind: FileKind) -> Sent {
        Ok(Book {
            file: SourceFile {
                rel: rel.into(),
                kind,
                prefecture: "随州",
            },
            bytes: Vec::new(),
            sha256: None,
        })
    }

    fn names(batch: Vec<Sent>) -> Vec<String> {
        batch
            .into_iter()
            .map(|s| s.map(|b| b.file.rel).unwrap_or_default())
            .collect()
    }

    #[test]
    fn batches_fill_up_but_a_defining_workbook_and_the_end_go_at_once() {
        let (mut tx, rx) = channel();
        for i in 0..BATCH - 2 {
            assert!(tx.send(book(&format!("c{i}"), FileKind::Catalogue)));
        }
        assert!(rx.try_recv().is_err(), "a batch waits to be full");
        assert!(tx.send(book("t", FileKind::Table2)));
        let first = names(rx.try_recv().unwrap());
        assert_eq!(first.len(), BATCH - 1, "sent before the batch is full");
        assert_eq!(first.last().map(String::as_str), Some("t"));
        assert!(tx.send(book("last", FileKind::Catalogue)));
        drop(tx);
        assert_eq!(names(rx.try_recv().unwrap()), ["last"]);
        assert!(rx.recv().is_err(), "then the channel ends");
    }
}
