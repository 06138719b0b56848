//! The bundle manifest: what the bundle is, and the SHA-256 of every file.
//! The bundle id is the SHA-256 of the manifest's bytes, so one id names the
//! whole bundle and every review file can refer to it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Round;

/// The manifest's file name at the root of a bundle.
pub const MANIFEST: &str = "manifest.toml";
/// The bundle format this build writes and reads.
pub const FORMAT: u32 = 1;

/// What a file of the bundle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// 表二 业绩指标, one per prefecture.
    Table2,
    /// 附件3 数据汇总表, one per prefecture.
    Summary,
    /// 申报表, one per applicant.
    Application,
    /// 证明材料目录, one per cluster.
    Catalogue,
    /// A file a catalogue lists.
    Evidence,
    /// The rubric of a round.
    Rubric,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricRef {
    pub round: Round,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub title: String,
    pub issuer: String,
    /// The assessment year (考核年度); applications are for the year after.
    pub year: i32,
    pub rounds: Vec<Round>,
    pub rubrics: Vec<RubricRef>,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The manifest's canonical text: files sorted by path, LF, no BOM.
    pub fn to_toml(&self) -> String {
        let mut m = self.clone();
        m.files.sort_by(|a, b| a.path.cmp(&b.path));
        m.rubrics.sort_by_key(|r| r.round);
        m.rounds.sort();
        m.rounds.dedup();
        let body = toml::to_string(&m).unwrap_or_default();
        format!(
            "# pingshen review bundle manifest. The bundle id is the SHA-256 of this file.\n{body}"
        )
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 and size of a file, streamed.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((hex(&h.finalize()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_is_order_independent() {
        let e = |p: &str| FileEntry {
            path: p.into(),
            kind: FileKind::Evidence,
            size: 1,
            sha256: "00".into(),
        };
        let mut m = Manifest {
            format: FORMAT,
            title: "t".into(),
            issuer: "i".into(),
            year: 2018,
            rounds: vec![Round::Application, Round::Assessment],
            rubrics: vec![],
            files: vec![e("b"), e("a")],
        };
        let one = m.to_toml();
        m.files.reverse();
        m.rounds.reverse();
        assert_eq!(one, m.to_toml());
        let back = Manifest::parse(&one).unwrap();
        assert_eq!(back.files[0].path, "a");
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
