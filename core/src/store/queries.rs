//! Reading the store: bundles, clusters, indicators, evidence, rubrics.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use crate::bundle::manifest::Digest;
use crate::model::{Cluster, ClusterId, Evidence, Indicator, IndicatorKind, Round};
use crate::review::rubric::Rubric;
use crate::store::{Store, StoreError};

/// An imported bundle.
#[derive(Clone, Debug, Serialize)]
pub struct BundleInfo {
    /// The store's key for the bundle.
    #[serde(skip)]
    pub no: i64,
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub year: i32,
    pub source_path: String,
    pub imported_at: String,
    pub last_used_at: String,
    pub clusters: i64,
}

impl BundleInfo {
    /// The first 12 hex digits of the id, as shown to people.
    pub fn short_id(&self) -> &str {
        crate::text::short(&self.id)
    }
}

/// What lists and search need of a cluster.
/// A finding of the pre-screen, as stored with its cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: String,
    /// Its message key (`ItemNoEvidence`), where it has one.
    pub kind: Option<String>,
    pub file: String,
    pub sheet: Option<String>,
    /// A1 style.
    pub cell: Option<String>,
    pub message: String,
}

impl Finding {
    /// `file sheet!cell` (what it has of them).
    pub fn place(&self) -> String {
        let mut s = self.file.clone();
        if let Some(sh) = &self.sheet {
            s.push(' ');
            s.push_str(sh);
            if let Some(c) = &self.cell {
                s.push('!');
                s.push_str(c);
            }
        }
        s
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ClusterRow {
    pub id: String,
    pub round: Round,
    pub name: String,
    pub prefecture: String,
    pub industry: String,
    #[serde(skip)]
    pub pinyin: String,
    #[serde(skip)]
    pub initials: String,
    /// 新增销售收入, yuan.
    pub sales_increment: Option<i64>,
    /// Growth of sales over the previous year, percent (one decimal in
    /// JSON, as on screen; named as the form's own growth figures are).
    #[serde(
        rename = "sales_growth_pct",
        serialize_with = "crate::json::one_decimal"
    )]
    pub sales_growth: Option<f64>,
    /// Any indicator whose stated increment is not current − previous.
    pub flagged: bool,
}

const BUNDLE_COLS: &str =
    "b.id, b.title, b.issuer, b.year, b.source_path, b.imported_at, b.last_used_at,
     (SELECT count(*) FROM clusters c WHERE c.bundle = b.no), b.no";

fn bundle_row(r: &Row<'_>) -> rusqlite::Result<BundleInfo> {
    Ok(BundleInfo {
        id: r.get(0)?,
        title: r.get(1)?,
        issuer: r.get(2)?,
        year: r.get(3)?,
        source_path: r.get(4)?,
        imported_at: r.get(5)?,
        last_used_at: r.get(6)?,
        clusters: r.get(7)?,
        no: r.get(8)?,
    })
}

impl Store {
    /// Every imported bundle, most recently used first.
    pub fn bundles(&self) -> Result<Vec<BundleInfo>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {BUNDLE_COLS} FROM bundles b ORDER BY b.last_used_at DESC, b.id"
        ))?;
        let rows = st
            .query_map([], bundle_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The bundle whose id starts with `prefix`, or the most recently used one.
    pub fn bundle(&self, prefix: Option<&str>) -> Result<BundleInfo, StoreError> {
        let all = self.bundles()?;
        match prefix {
            None => all.into_iter().next().ok_or(StoreError::NoBundle),
            Some(p) => {
                let p = p.to_ascii_lowercase();
                let mut hits = all.into_iter().filter(|b| b.id.starts_with(&p));
                match (hits.next(), hits.next()) {
                    (Some(b), None) if !p.is_empty() => Ok(b),
                    _ => Err(StoreError::UnknownBundle(p)),
                }
            }
        }
    }

    /// Marks a bundle as the most recently used.
    pub fn touch(&self, bundle: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE bundles SET last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE no = ?1",
            [bundle],
        )?;
        Ok(())
    }

    /// Every cluster of a bundle, in id order, with what search needs.
    pub fn cluster_rows(&self, bundle: i64) -> Result<Vec<ClusterRow>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.round, c.name, c.prefecture, c.industry, c.pinyin, c.initials, i.increment, i.previous, i.current,
                    EXISTS(SELECT 1 FROM indicators f WHERE f.cluster = c.no AND f.increment != f.current - f.previous)
             FROM clusters c LEFT JOIN indicators i ON i.cluster = c.no AND i.kind = 'sales'
             WHERE c.bundle = ?1 ORDER BY c.no",
        )?;
        let rows = st
            .query_map([bundle], |r| {
                let round: String = r.get(1)?;
                Ok(ClusterRow {
                    id: r.get(0)?,
                    round: Round::from_key(&round).unwrap_or(Round::Assessment),
                    name: r.get(2)?,
                    prefecture: r.get(3)?,
                    industry: r.get(4)?,
                    pinyin: r.get(5)?,
                    initials: r.get(6)?,
                    sales_increment: r.get(7)?,
                    sales_growth: match (r.get::<_, Option<i64>>(8)?, r.get::<_, Option<i64>>(9)?) {
                        (Some(p), Some(c)) if p > 0 => Some((c - p) as f64 * 100.0 / p as f64),
                        _ => None,
                    },
                    flagged: r.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// One cluster with its indicators and application figures; ids match
    /// without regard to case.
    pub fn cluster(&self, bundle: i64, id: &str) -> Result<Option<Cluster>, StoreError> {
        let found = self
            .conn
            .query_row(
                "SELECT id, round, name, prefecture, county, industry, above_scale, source, application, no
                 FROM clusters WHERE bundle = ?1 AND id = ?2 COLLATE NOCASE",
                params![bundle, id.trim()],
                |r| {
                    let round: String = r.get(1)?;
                    let app: Option<String> = r.get(8)?;
                    let no: i64 = r.get(9)?;
                    Ok((no, Cluster {
                        id: ClusterId(r.get(0)?),
                        round: Round::from_key(&round).unwrap_or(Round::Assessment),
                        name: r.get(2)?,
                        prefecture: r.get(3)?,
                        county: r.get(4)?,
                        industry: r.get(5)?,
                        above_scale: r.get(6)?,
                        indicators: Vec::new(),
                        application: app.and_then(|a| serde_json::from_str(&a).ok()),
                        source: r.get(7)?,
                    }))
                },
            )
            .optional()?;
        let Some((no, mut c)) = found else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT kind, previous, current, increment FROM indicators WHERE cluster = ?1",
        )?;
        let mut inds: Vec<Indicator> = st
            .query_map([no], |r| {
                let kind: String = r.get(0)?;
                Ok((kind, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(k, previous, current, increment)| {
                Some(Indicator {
                    kind: IndicatorKind::from_key(&k)?,
                    previous,
                    current,
                    increment,
                })
            })
            .collect();
        inds.sort_by_key(|i| i.kind);
        c.indicators = inds;
        Ok(Some(c))
    }

    /// A cluster's evidence catalogue, in catalogue order.
    pub(crate) fn evidence(&self, bundle: i64, cluster: &str) -> Result<Vec<Evidence>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, e.seq, e.title, e.rubric_item, e.pages, e.path, e.sha256, e.size
             FROM clusters c JOIN evidence e ON e.rowid BETWEEN c.evidence_first AND c.evidence_last
             WHERE c.bundle = ?1 AND c.id = ?2 COLLATE NOCASE ORDER BY e.seq",
        )?;
        let rows = st
            .query_map(params![bundle, cluster], |r| {
                Ok(Evidence {
                    cluster: ClusterId(r.get(0)?),
                    seq: r.get(1)?,
                    title: r.get(2)?,
                    rubric_item: r.get(3)?,
                    pages: r.get(4)?,
                    path: r.get(5)?,
                    sha256: digest_column(r, 6)?,
                    size: r.get::<_, i64>(7)? as u64,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// What the pre-screen found on a cluster of a bundle, in report order.
    pub(crate) fn findings(&self, bundle: i64, cluster: &str) -> Result<Vec<Finding>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT severity, kind, file, sheet, cell, message FROM findings
             WHERE bundle = ?1 AND cluster = ?2 COLLATE NOCASE ORDER BY rowid",
        )?;
        let rows = st
            .query_map(params![bundle, cluster], |r| {
                Ok(Finding {
                    severity: r.get(0)?,
                    kind: r.get(1)?,
                    file: r.get(2)?,
                    sheet: r.get(3)?,
                    cell: r.get(4)?,
                    message: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The rubric of a round of a bundle.
    pub fn rubric(&self, bundle: i64, round: Round) -> Result<Option<Rubric>, StoreError> {
        Ok(self.rubric_with_source(bundle, round)?.map(|(r, _)| r))
    }

    /// A round's rubric with the text it was read from.
    pub(crate) fn rubric_with_source(
        &self,
        bundle: i64,
        round: Round,
    ) -> Result<Option<(Rubric, String)>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT source FROM rubrics WHERE bundle = ?1 AND round = ?2",
                params![bundle, round.key()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.and_then(|t| Rubric::parse(&t).ok().map(|r| (r, t))))
    }

    /// Every evidence title of a bundle: (cluster id, item number, title).
    pub fn evidence_titles(&self, bundle: i64) -> Result<Vec<(String, u32, String)>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, e.seq, e.title
             FROM clusters c JOIN evidence e ON e.rowid BETWEEN c.evidence_first AND c.evidence_last
             WHERE c.bundle = ?1 ORDER BY c.id, e.seq",
        )?;
        let rows = st
            .query_map([bundle], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Row counts of the main tables, for checks that an import changed nothing.
    pub fn counts(&self) -> Result<[i64; 5], StoreError> {
        let mut out = [0; 5];
        for (i, t) in ["bundles", "rubrics", "clusters", "indicators", "evidence"]
            .iter()
            .enumerate()
        {
            out[i] = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        }
        Ok(out)
    }
}

/// A SHA-256 stored as its 32 bytes.
fn digest_column(r: &Row<'_>, i: usize) -> rusqlite::Result<Digest> {
    let bytes: Vec<u8> = r.get(i)?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map(Digest)
        .map_err(|_| {
            rusqlite::Error::InvalidColumnType(i, "sha256".into(), rusqlite::types::Type::Blob)
        })
}

impl crate::search::Searchable for ClusterRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn prefecture(&self) -> &str {
        &self.prefecture
    }
    fn pinyin(&self) -> &str {
        &self.pinyin
    }
    fn initials(&self) -> &str {
        &self.initials
    }
}
