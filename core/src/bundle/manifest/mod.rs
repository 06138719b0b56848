//! The bundle manifest: what the bundle is, and the SHA-256 of every file.
//! The bundle id is the SHA-256 of the manifest's bytes, so one id names the
//! whole bundle and every review file can refer to it.

mod hash;
mod parse;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::model::Round;

pub use crate::digest::Digest;
pub use hash::{HashingReader, sha256_file, sha256_read};
pub use parse::parse_streamed;

/// The manifest's file name at the root of a bundle.
pub(crate) const MANIFEST: &str = "manifest.json";

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
    /// The roster of designated clusters (`roster.toml`).
    Roster,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    pub sha256: Digest,
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
    /// The manifest's canonical text: JSON, files sorted by path, one file a
    /// line, LF, no BOM. JSON rather than TOML because a national bundle
    /// lists some 180,000 files and must parse in a blink.
    pub fn to_text(&self) -> String {
        let mut m = self.clone();
        m.files.sort_by(|a, b| a.path.cmp(&b.path));
        m.rubrics.sort_by_key(|r| r.round);
        m.rounds.sort();
        m.rounds.dedup();
        let j = |v: &dyn erased::Json| v.json();
        let mut out = String::from("{\n");
        out.push_str(&format!("  \"format\": {},\n", m.format));
        out.push_str(&format!("  \"title\": {},\n", j(&m.title)));
        out.push_str(&format!("  \"issuer\": {},\n", j(&m.issuer)));
        out.push_str(&format!("  \"year\": {},\n", m.year));
        out.push_str(&format!("  \"rounds\": {},\n", j(&m.rounds)));
        out.push_str(&format!("  \"rubrics\": {},\n", j(&m.rubrics)));
        out.push_str("  \"files\": [\n");
        for (i, f) in m.files.iter().enumerate() {
            let sep = if i + 1 < m.files.len() { "," } else { "" };
            out.push_str(&format!("    {}{sep}\n", j(f)));
        }
        out.push_str("  ]\n}\n");
        out
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        Self::parse_bytes(text.as_bytes())
    }

    pub fn parse_bytes(bytes: &[u8]) -> Result<Manifest, String> {
        let m: Manifest =
            serde_json::from_slice(bytes).map_err(|e| crate::text::quote(&e.to_string(), 500))?;
        m.check_lengths()?;
        Ok(m)
    }

    pub(crate) fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// The longest title or issuer a manifest may carry, in characters: they
/// are shown on one line.
pub(crate) const MAX_TITLE: usize = 200;

/// The longest path it may list, in bytes (Linux's own limit).
pub(crate) const MAX_PATH: usize = 4096;

impl Manifest {
    /// Refuses texts no screen can show and paths no file system holds.
    fn check_lengths(&self) -> Result<(), String> {
        for (field, v) in [("title", &self.title), ("issuer", &self.issuer)] {
            if v.chars().count() > MAX_TITLE {
                return Err(format!("{field}: longer than {MAX_TITLE} characters"));
            }
        }
        if let Some((i, _)) = self
            .files
            .iter()
            .enumerate()
            .find(|(_, f)| f.path.len() > MAX_PATH)
        {
            return Err(format!("files[{i}].path: longer than {MAX_PATH} bytes"));
        }
        Ok(())
    }
}

mod erased {
    /// Compact JSON of any serializable value (serialization of these plain
    /// types cannot fail).
    pub(crate) trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}
