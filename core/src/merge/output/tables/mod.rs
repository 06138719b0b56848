//! The result as tables: the panel's decisions (考核结果, 建议名单, 专家组意见,
//! 公示) and the figures (排名, 明细, 矩阵, 专家意见, 分歧, 来源), the same rows
//! to the workbook and to CSV; and each expert's score sheets (评分表), a
//! workbook of their own. Every table is meant for paper too: what it
//! is and the rule it follows above it, signature lines below.

mod data;
mod panel;
mod sheets;

use crate::i18n::{M, tr};
use crate::merge::calc::Stats;
use crate::merge::options::Rule;
use crate::merge::result::{ClusterResult, MergeResult, Outcome};
use crate::review::rubric::Points;

/// A cell of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Num(Points),
    Int(u64),
    Empty,
}

impl Cell {
    /// The cell as CSV holds it. A text that Excel or WPS would run as a
    /// formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR) is
    /// prefixed with `'` when `safe`, the prefix spreadsheets show as text.
    pub(super) fn csv(&self, safe: bool) -> String {
        match self {
            Cell::Text(t) if safe && t.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                format!("'{t}")
            }
            Cell::Text(t) => t.clone(),
            Cell::Num(p) => p.to_string(),
            Cell::Int(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(super) fn num(p: Option<Points>) -> Cell {
    p.map_or(Cell::Empty, Cell::Num)
}

/// A table: its sheet, its CSV file, what is said above and below it,
/// its header, rows and column widths.
pub struct Table {
    pub sheet: String,
    /// The CSV file's part of the name (`STEM.{file}.csv`); none: the
    /// workbook only.
    pub file: Option<&'static str>,
    /// Lines above the header: what the table is, the rule it follows.
    pub above: Vec<String>,
    pub headers: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns whose text wraps (opinions, reasons).
    pub wrap: Vec<usize>,
    /// Lines below the table: signature and date lines.
    pub below: Vec<String>,
}

impl Table {
    /// A table with headers and widths, nothing above or below.
    pub(super) fn new(
        sheet: &str,
        file: Option<&'static str>,
        headers: Vec<String>,
        widths: Vec<f64>,
    ) -> Table {
        Table {
            sheet: sheet.to_string(),
            file,
            above: Vec::new(),
            headers,
            widths,
            rows: Vec::new(),
            wrap: Vec::new(),
            below: Vec::new(),
        }
    }
}

/// The tables of the result's workbook: the decisions first (what the
/// office prints), then the figures.
pub fn tables(r: &MergeResult) -> Vec<Table> {
    let mut out = panel::tables(r);
    out.extend(data::tables(r));
    out
}

/// Each expert's score sheets, one per round they marked, made as they are
/// taken: a workbook of their own.
pub fn score_sheets(r: &MergeResult) -> impl Iterator<Item = Table> + '_ {
    sheets::tables(r)
}

/// Whether any expert has a score sheet (marked a cluster).
pub fn any_score_sheet(r: &MergeResult) -> bool {
    r.clusters
        .iter()
        .any(|c| c.marks.values().any(|m| m.status != "not_started"))
}

/// Headers from message keys.
pub(super) fn headers(ms: &[M]) -> Vec<String> {
    ms.iter().map(|m| tr(*m).to_string()).collect()
}

pub(super) fn round_name(r: &str) -> String {
    crate::model::Round::from_key(r)
        .map_or(r.to_string(), |x| crate::lookup::round_name(x).to_string())
}

pub(super) fn rule_name(r: Option<Rule>) -> String {
    match r {
        Some(Rule::Mean) => tr(M::RuleMeanShort).into(),
        Some(Rule::Median) => tr(M::RuleMedianShort).into(),
        Some(Rule::Trimmed) => tr(M::RuleTrimmedShort).into(),
        None => String::new(),
    }
}

/// Count, mean, median, min, max and spread of a set of scores.
pub(super) fn figures(s: Option<&Stats>) -> [Cell; 6] {
    [
        Cell::Int(s.map_or(0, |s| s.n as u64)),
        num(s.map(|s| s.mean)),
        num(s.map(|s| s.median)),
        num(s.map(|s| s.min)),
        num(s.map(|s| s.max)),
        num(s.map(|s| s.spread)),
    ]
}

pub(super) fn divergence_text(c: &ClusterResult) -> String {
    c.divergence
        .iter()
        .map(|d| d.text())
        .collect::<Vec<_>>()
        .join(tr(M::Semi))
}
