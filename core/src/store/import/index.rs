//! The manifest's files by path, looked up in archive order.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::bundle::manifest::{FileEntry, Manifest};

/// Files of the manifest by path, for the archive's entries and the
/// catalogues' lookups.
///
/// A sorted list searched from where the last lookup ended rather than a
/// hash map: the archive and the catalogues come in path order, so the next
/// file is nearly always the next in the list, and 178,000 lookups touch
/// memory in order instead of at random.
pub(super) struct PathIndex<'m> {
    pub(super) files: Vec<&'m FileEntry>,
    finger: AtomicUsize,
}

impl<'m> PathIndex<'m> {
    pub(super) fn new(m: &'m Manifest, keep: impl Fn(&FileEntry) -> bool) -> PathIndex<'m> {
        let mut files: Vec<&FileEntry> = m.files.iter().filter(|f| keep(f)).collect();
        // A canonical manifest is sorted already.
        if !files.is_sorted_by(|a, b| a.path <= b.path) {
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        PathIndex {
            files,
            finger: AtomicUsize::new(0),
        }
    }

    pub(super) fn get(&self, rel: &str) -> Option<&'m FileEntry> {
        self.position(rel).map(|i| self.files[i])
    }

    /// Where `rel` is in the list.
    pub(super) fn position(&self, rel: &str) -> Option<usize> {
        let at = self.finger.load(Ordering::Relaxed);
        let near = [at, at + 1]
            .into_iter()
            .find(|&i| self.files.get(i).is_some_and(|f| f.path == rel));
        let i = match near {
            Some(i) => i,
            None => self
                .files
                .binary_search_by(|f| f.path.as_str().cmp(rel))
                .ok()?,
        };
        self.finger.store(i, Ordering::Relaxed);
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::manifest::{self, FORMAT, FileEntry, FileKind, Manifest};

    fn entry(path: &str, kind: FileKind, n: u8) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            kind,
            size: u64::from(n),
            sha256: manifest::Digest([n; 32]),
        }
    }

    #[test]
    fn evidence_is_found_in_any_order_of_lookups_and_manifest() {
        let mut files: Vec<FileEntry> = (0..50u8)
            .map(|n| entry(&format!("随州/材料/{n:02}.pdf"), FileKind::Evidence, n))
            .collect();
        files.push(entry("随州/目录.xlsx", FileKind::Catalogue, 99));
        // Not in canonical order: the index sorts what it is given.
        files.reverse();
        let m = Manifest {
            format: FORMAT,
            title: String::new(),
            issuer: String::new(),
            year: 2018,
            rounds: Vec::new(),
            rubrics: Vec::new(),
            files,
        };
        let index = PathIndex::new(&m, |f| f.kind == FileKind::Evidence);
        let order: Vec<u8> = (0..50)
            .chain((0..50).rev())
            .chain([7, 31, 2, 49, 0])
            .collect();
        for n in order {
            let f = index.get(&format!("随州/材料/{n:02}.pdf")).unwrap();
            assert_eq!(f.size, u64::from(n));
        }
        assert!(index.get("随州/材料/50.pdf").is_none());
        assert!(index.get("随州/目录.xlsx").is_none(), "not evidence");
        assert!(index.get("").is_none());
    }
}
