//! Rows → model: 表二, 附件3 and evidence catalogues, with every refused cell
//! reported by file, sheet, row and column.

use crate::bundle::cells::{self, Unit};
pub use crate::bundle::ctx::Ctx;
use crate::bundle::fields::{self, CATALOGUE, SUMMARY, TABLE2};
use crate::bundle::workbook::{Row, Sheet};
use crate::bundle::{Loc, Severity, form};
use crate::i18n::{M, trf};
use crate::model::{Cluster, ClusterId, Indicator, IndicatorKind, Round};

/// Reads a 表二 业绩指标 workbook: one assessed cluster per row.
pub(crate) fn read_table2(sheets: &[Sheet], ctx: &mut Ctx<'_>) -> Vec<Cluster> {
    let Some(t) = ctx.table(sheets, TABLE2) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &t.rows {
        let id = ctx.require(&t, row, "id", M::FieldId, cells::cluster_id);
        let name = ctx.require(&t, row, "name", M::FieldName, cells::text_of);
        let pref_col = t.col("prefecture").unwrap_or(0);
        let named = ctx.take(&t, row, "prefecture", cells::text_of);
        let prefecture = ctx.prefecture(ctx.at(t.sheet, row.index, pref_col), named);
        let county = ctx
            .take(&t, row, "county", cells::text_of)
            .unwrap_or_default();
        let industry = ctx
            .take(&t, row, "industry", cells::text_of)
            .unwrap_or_default();
        let above_scale = ctx.take(&t, row, "above_scale", cells::whole);
        let mut indicators = Vec::new();
        for kind in IndicatorKind::ALL {
            let default = if kind.is_money() {
                Unit::Wan
            } else {
                Unit::Person
            };
            let [kp, kc, ki] = fields::indicator_keys(kind);
            let what = M::MissingValue;
            let read = |ctx: &mut Ctx<'_>, key: &str| {
                let unit = ctx.unit(&t, key, default);
                ctx.take_amount(&t, row, key, unit)
            };
            let prev = read(ctx, kp);
            let cur = read(ctx, kc);
            let inc = read(ctx, ki);
            for (key, v) in [(kp, prev), (kc, cur)] {
                if v.is_none()
                    && let Some(col) = t.col(key)
                    && row.get(col).is_empty()
                {
                    let loc = ctx.at(t.sheet, row.index, col);
                    let label = TABLE2
                        .iter()
                        .find(|f| f.key == key)
                        .map_or(key, |f| f.label);
                    ctx.problems.error(loc, trf(what, &[&label]));
                }
            }
            if let (Some(previous), Some(current)) = (prev, cur) {
                indicators.push(Indicator {
                    kind,
                    previous,
                    current,
                    increment: inc.unwrap_or(current - previous),
                });
            }
        }
        if let (Some(id), Some(name)) = (id, name) {
            let cluster = Cluster {
                id: ClusterId(id),
                round: Round::Assessment,
                name,
                prefecture,
                county,
                industry,
                above_scale,
                indicators,
                application: None,
                source: ctx.file.to_string(),
            };
            // A stated increment that is not current − previous, reported
            // at its cell.
            for flag in crate::review::conditions::flags(&cluster) {
                let [_, _, ki] = fields::indicator_keys(flag.indicator);
                let loc = match t.col(ki) {
                    Some(col) => ctx.at(t.sheet, row.index, col),
                    None => Loc::sheet(ctx.file, &t.sheet.name),
                };
                ctx.problems.finding(
                    Severity::Warning,
                    Some(&cluster.id.0),
                    M::IncrementMismatch,
                    loc,
                    flag.message,
                );
            }
            out.push(cluster);
        }
    }
    out
}

/// One row of 附件3: a cluster's four increments.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub id: Option<String>,
    pub name: String,
    pub loc: Loc,
    pub increments: [Option<i64>; 4],
    /// Where each increment is (the row's first cell when its column is
    /// missing).
    pub at: [Loc; 4],
}

/// 附件3 数据汇总表: the rows and the totals row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub rows: Vec<SummaryRow>,
    pub totals: Option<SummaryRow>,
}

pub(crate) fn read_summary(sheets: &[Sheet], ctx: &mut Ctx<'_>) -> Summary {
    let Some(t) = ctx.table(sheets, SUMMARY) else {
        return Summary::default();
    };
    let read_row = |ctx: &mut Ctx<'_>, row: &Row| -> SummaryRow {
        let mut increments = [None; 4];
        let first = ctx.at(t.sheet, row.index, 0);
        let mut at = [first.clone(), first.clone(), first.clone(), first.clone()];
        for (i, kind) in IndicatorKind::ALL.into_iter().enumerate() {
            let key = fields::indicator_keys(kind)[2];
            if let Some(col) = t.col(key) {
                at[i] = ctx.at(t.sheet, row.index, col);
            }
            let default = if kind.is_money() {
                Unit::Wan
            } else {
                Unit::Person
            };
            let unit = ctx.unit(&t, key, default);
            increments[i] = ctx.take_amount(&t, row, key, unit);
        }
        SummaryRow {
            id: ctx.take(&t, row, "id", cells::cluster_id),
            name: cells::text_of(t.cell(row, "name"))
                .ok()
                .flatten()
                .unwrap_or_default(),
            loc: first,
            increments,
            at,
        }
    };
    let rows = t.rows.iter().map(|r| read_row(ctx, r)).collect();
    let totals = t.totals.first().map(|r| read_row(ctx, r));
    Summary { rows, totals }
}

/// One row of an evidence catalogue, as written (paths not yet resolved).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CatalogueItem {
    pub seq: u32,
    pub title: String,
    pub rubric_item: String,
    pub pages: Option<u32>,
    pub path: String,
    /// The 0-based row, for errors about the item.
    pub row: u32,
}

/// A cluster's evidence catalogue (证明材料目录).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Catalogue {
    pub cluster: ClusterId,
    pub items: Vec<CatalogueItem>,
    pub sheet: String,
    pub path_col: u32,
    pub rubric_col: u32,
}

impl Catalogue {
    /// Where an item's file path is (`file` is the catalogue's path).
    pub(crate) fn path_loc(&self, file: &str, item: &CatalogueItem) -> Loc {
        Loc::cell(file, &self.sheet, item.row, self.path_col)
    }

    /// Where an item's rubric item is.
    pub(crate) fn rubric_loc(&self, file: &str, item: &CatalogueItem) -> Loc {
        Loc::cell(file, &self.sheet, item.row, self.rubric_col)
    }
}

pub(crate) fn read_catalogue(sheets: &[Sheet], ctx: &mut Ctx<'_>) -> Option<Catalogue> {
    let t = ctx.table(sheets, CATALOGUE)?;
    let labels = [(
        fields::CATALOGUE_CLUSTER_LABEL,
        &["集群编号", "申报编号", "编号"][..],
    )];
    let found = form::label_values(t.sheet, &labels, Some(t.header_row));
    let cluster = match found.get(fields::CATALOGUE_CLUSTER_LABEL) {
        Some(hit) => match cells::cluster_id(hit.get()) {
            Ok(Some(id)) => Some(ClusterId(id)),
            Ok(None) => {
                let (r, c) = hit.pos();
                ctx.problems
                    .error(ctx.at(t.sheet, r, c), cells::missing(M::FieldId));
                None
            }
            Err(msg) => {
                let (r, c) = hit.pos();
                ctx.problems.error(ctx.at(t.sheet, r, c), msg);
                None
            }
        },
        None => {
            ctx.problems.error(
                Loc::sheet(ctx.file, &t.sheet.name),
                crate::i18n::tr(M::CatalogueNoCluster),
            );
            None
        }
    };
    let mut items = Vec::new();
    for row in &t.rows {
        let seq = ctx.require(&t, row, "seq", M::FieldSeq, cells::whole);
        let title = ctx.require(&t, row, "title", M::FieldTitle, cells::text_of);
        let rubric_item = ctx
            .take(&t, row, "rubric_item", cells::text_of)
            .unwrap_or_default();
        let pages = ctx.take(&t, row, "pages", cells::whole);
        let path = ctx.require(&t, row, "path", M::FieldPath, cells::text_of);
        if let (Some(seq), Some(title), Some(path)) = (seq, title, path) {
            items.push(CatalogueItem {
                seq: u32::try_from(seq).unwrap_or(0),
                title,
                rubric_item,
                pages: pages.and_then(|p| u32::try_from(p).ok()),
                path,
                row: row.index,
            });
        }
    }
    Some(Catalogue {
        cluster: cluster?,
        items,
        sheet: t.sheet.name.clone(),
        path_col: t.col("path").unwrap_or(0),
        rubric_col: t.col("rubric_item").unwrap_or(0),
    })
}
