//! The review file: everything one reviewer recorded on one bundle, in a
//! deterministic JSON form that is signed byte for byte.
//!
//! Deterministic: keys sorted, scores as exact decimal strings (never binary
//! floats), text in NFC, LF line ends, no BOM, one top-level field a line
//! and one cluster a line. Exporting twice without changes gives the same
//! bytes but for `sequence`, `previous` and `exported_at`.
//!
//! Compact, because a national review has 3,500 clusters and every byte is
//! hashed when it is verified: clusters are grouped by round, and a
//! cluster's scores are one string of exact decimals separated by spaces,
//! in the order of its round's `items` (`-` where an item is not scored):
//! `"scores":"10 7.5 - 8"`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::i18n::{M, trf};
use crate::review::rubric::Points;

/// Scores as one string: `"10 7.5 - 8"`. Each is a canonical exact decimal
/// (as `Points` writes it: `8.5`, never `8.50` or `08.5`), `-` for none.
pub(crate) mod score_list {
    use crate::review::rubric::Points;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &[Option<Points>], s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<String> = v
            .iter()
            .map(|p| p.map_or("-".to_string(), |p| p.to_string()))
            .collect();
        s.serialize_str(&parts.join(" "))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Option<Points>>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.split(' ')
            .map(|t| {
                if t == "-" {
                    return Ok(None);
                }
                match Points::parse(t) {
                    Some(p) if p.0 >= 0 && p.to_string() == t => Ok(Some(p)),
                    _ => Err(serde::de::Error::custom(format!(
                        "a score is an exact decimal like 8.5 or -, found {t:?}"
                    ))),
                }
            })
            .collect()
    }
}

/// What the `format` field says.
pub const FORMAT: &str = "pingshen-review";
/// The version of the format this build writes and reads.
pub const VERSION: u64 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRef {
    /// The bundle id: the SHA-256 of its manifest.json.
    pub id: String,
    /// The same hash, named for what it is (equal to `id` by definition).
    pub manifest_sha256: String,
    pub title: String,
    pub year: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewerRef {
    pub name: String,
    /// The signing key's fingerprint, `SHA256:…`.
    pub key: String,
    /// The signing key, as an OpenSSH public key line.
    pub public_key: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub clusters: u64,
    pub complete: u64,
    pub in_progress: u64,
    pub not_started: u64,
    pub recused: u64,
}

/// One cluster as the reviewer left it. Empty parts are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterReview {
    pub id: String,
    /// not_started | in_progress | complete | recused
    pub status: String,
    /// In the order of the round's items; empty when nothing is scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "score_list")]
    pub scores: Vec<Option<Points>>,
    /// Comments by item id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// The reason of a declared conflict; such a cluster carries no scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    pub format: String,
    pub version: u64,
    pub bundle: BundleRef,
    /// SHA-256 of each round's rubric file, by round.
    pub rubrics: BTreeMap<String, String>,
    /// Each round's rubric item ids, in the order scores are listed.
    pub items: BTreeMap<String, Vec<String>>,
    pub reviewer: ReviewerRef,
    /// Grows by one with each export of this reviewer for this bundle.
    pub sequence: u64,
    /// SHA-256 of the previous export's file (none for the first).
    pub previous: Option<String>,
    /// When it was exported (UTC; informational).
    pub exported_at: String,
    /// Whether every cluster is complete or recused. An incomplete review
    /// is exported only when asked for, and says so here.
    pub complete: bool,
    pub summary: Summary,
    /// By round, in id order.
    pub clusters: BTreeMap<String, Vec<ClusterReview>>,
}

/// Why bytes are not a review file this build reads.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FileError {
    #[error("{}", trf(M::FileMalformed, &[&crate::text::quote(.0, 500)]))]
    Malformed(String),
    #[error("{}", trf(M::FileVersion, &[&crate::text::quote(.0, 60), &crate::text::quote(.1, 20), &FORMAT, &VERSION]))]
    Version(String, String),
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

impl ReviewFile {
    /// Text fields in NFC (they are stored so; this makes sure).
    pub(crate) fn normalize(&mut self) {
        self.reviewer.name = nfc(&self.reviewer.name);
        self.bundle.title = nfc(&self.bundle.title);
        for c in self.clusters.values_mut().flatten() {
            for v in c.comments.values_mut() {
                *v = nfc(v);
            }
            for v in [&mut c.conclusion, &mut c.opinion, &mut c.conflict]
                .into_iter()
                .flatten()
            {
                *v = nfc(v);
            }
        }
    }

    /// The exact bytes that are signed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        let mut out = String::from("{\n");
        if let serde_json::Value::Object(map) = value {
            // serde_json's map is ordered by key: sorted output.
            let n = map.len();
            for (i, (k, v)) in map.into_iter().enumerate() {
                out.push_str(&serde_json::to_string(&k).unwrap_or_default());
                out.push(':');
                match v {
                    serde_json::Value::Object(rounds) if k == "clusters" => {
                        out.push('{');
                        let r = rounds.len();
                        for (ri, (round, list)) in rounds.into_iter().enumerate() {
                            out.push_str(&serde_json::to_string(&round).unwrap_or_default());
                            out.push_str(":[\n");
                            let items = list.as_array().cloned().unwrap_or_default();
                            let m = items.len();
                            for (j, item) in items.into_iter().enumerate() {
                                out.push_str(&serde_json::to_string(&item).unwrap_or_default());
                                out.push_str(if j + 1 < m { ",\n" } else { "\n" });
                            }
                            out.push(']');
                            if ri + 1 < r {
                                out.push_str(",\n");
                            }
                        }
                        out.push('}');
                    }
                    v => out.push_str(&serde_json::to_string(&v).unwrap_or_default()),
                }
                out.push_str(if i + 1 < n { ",\n" } else { "\n" });
            }
        }
        out.push_str("}\n");
        out.into_bytes()
    }

    /// Reads verified bytes: the format and version first, then every field.
    pub fn parse(bytes: &[u8]) -> Result<ReviewFile, FileError> {
        if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
            return Err(FileError::Malformed("byte-order mark".into()));
        }
        /// The format and version alone, whatever else the file holds.
        #[derive(Deserialize)]
        struct Head {
            #[serde(default)]
            format: serde_json::Value,
            #[serde(default)]
            version: serde_json::Value,
        }
        let head: Head =
            serde_json::from_slice(bytes).map_err(|e| FileError::Malformed(e.to_string()))?;
        if head.format.as_str() != Some(FORMAT) || head.version.as_u64() != Some(VERSION) {
            let text = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "?".into(),
                v => v.to_string(),
            };
            return Err(FileError::Version(text(&head.format), text(&head.version)));
        }
        let file: ReviewFile =
            serde_json::from_slice(bytes).map_err(|e| FileError::Malformed(e.to_string()))?;
        file.check()?;
        Ok(file)
    }

    /// What a well-formed file holds beyond its types: decimals where
    /// scores are, the summary adding up, no scores on a recused cluster.
    fn check(&self) -> Result<(), FileError> {
        let bad = |m: String| Err(FileError::Malformed(m));
        if self.bundle.id != self.bundle.manifest_sha256 {
            return bad("bundle.manifest_sha256 differs from bundle.id".into());
        }
        let mut s = Summary::default();
        for (round, list) in &self.clusters {
            let Some(items) = self.items.get(round) else {
                return bad(format!("clusters.{round}: no items for the round"));
            };
            let mut last: Option<&str> = None;
            for (i, c) in list.iter().enumerate() {
                let at = || format!("clusters.{round}[{i}] ({})", c.id);
                if last.is_some_and(|l| l >= c.id.as_str()) {
                    return bad(format!("{}: not in id order", at()));
                }
                last = Some(&c.id);
                if !c.scores.is_empty() && c.scores.len() != items.len() {
                    return bad(format!(
                        "{}.scores: {} for {} items",
                        at(),
                        c.scores.len(),
                        items.len()
                    ));
                }
                if let Some(item) = c.comments.keys().find(|k| !items.contains(k)) {
                    return bad(format!("{}.comments: no item {item:?}", at()));
                }
                s.clusters += 1;
                match c.status.as_str() {
                    "complete" => s.complete += 1,
                    "in_progress" => s.in_progress += 1,
                    "not_started" => s.not_started += 1,
                    "recused" => {
                        s.recused += 1;
                        if c.conflict.is_none() || !c.scores.is_empty() {
                            return bad(format!("{}: recused with scores", at()));
                        }
                    }
                    other => return bad(format!("{}.status: {other:?}", at())),
                }
            }
        }
        if s != self.summary {
            return bad("summary does not match the clusters".into());
        }
        if self.complete != (s.in_progress == 0 && s.not_started == 0) {
            return bad("complete does not match the clusters".into());
        }
        Ok(())
    }
}
