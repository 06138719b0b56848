//! A sheet as read from a workbook (values, rows, sparse cells), the limits
//! a workbook must keep to be read at all, and why one could not be.

use crate::i18n::{M, tr, trf};

/// Most rows a sheet may have (the national bundle's largest table is far smaller).
pub(crate) const MAX_ROWS: u32 = 100_000;
/// Most columns a sheet may have.
pub(crate) const MAX_COLS: u32 = 512;
/// Most cells a workbook may hold (a national 表二 holds a few thousand).
pub(crate) const MAX_CELLS: usize = 250_000;
/// Most bytes a workbook file may have to be read at all (a real 表二 is
/// tens of kilobytes; pictures in cells can make one a few megabytes).
pub(crate) const MAX_FILE: u64 = 64 << 20;
/// Most bytes a legacy `.xls` may have (it is read uncompressed, and its
/// workbook stream copied whole by each reader).
pub(crate) const MAX_XLS_FILE: u64 = 16 << 20;
/// Most cells of the dense grid calamine builds for a legacy `.xls` sheet.
pub(crate) const MAX_XLS_AREA: u64 = 2_000_000;

/// A cell value as read, before any interpretation.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A number shown as a percentage (0.142 shown 14.2%): the stored
    /// fraction.
    Percent(f64),
    Bool(bool),
    Date(String),
    Error(String),
    /// A formula saved without its computed value.
    Uncached,
}

impl Value {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would read it in the cell.
    pub fn as_text(&self) -> String {
        self.text().into_owned()
    }

    /// [`Value::as_text`], borrowed where the cell holds text.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(s) | Value::Date(s) | Value::Error(s) => Cow::Borrowed(s),
            Value::Uncached => Cow::Borrowed(""),
            Value::Number(n) => Cow::Owned(format_number(*n)),
            Value::Percent(p) => Cow::Owned(format!("{}%", format_number(p * 100.0))),
            Value::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }

    /// How the value is described in an error message ("found …").
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => tr(M::FoundEmpty).to_string(),
            Value::Text(s) => format!("\"{}\"", crate::text::inert(s)),
            Value::Number(n) => format_number(*n),
            Value::Percent(p) => format!("{}%", format_number(p * 100.0)),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => trf(M::FoundDate, &[d]),
            Value::Error(e) => trf(M::FoundError, &[e]),
            Value::Uncached => tr(M::FoundUncached).to_string(),
        }
    }
}

pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        // The shortest text that reads back as the same number, as Excel
        // shows it (15 significant digits at most).
        let s = format!("{n:.15e}");
        let v: f64 = s.parse().unwrap_or(n);
        format!("{v}")
    }
}

/// One row of a sheet: its 0-based index and its non-empty cells by column.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    pub fn get(&self, col: u32) -> &Value {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &Value::Empty,
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, v)| v.is_empty())
    }
}

/// A sheet: its name and its rows in order, as a person sees it: hidden
/// rows and columns left out, and a value merged down over several rows
/// given to each of them. Hidden sheets are not read at all.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

impl Sheet {
    pub(crate) fn row(&self, index: u32) -> Option<&Row> {
        self.rows
            .binary_search_by_key(&index, |r| r.index)
            .ok()
            .map(|i| &self.rows[i])
    }

    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.row(row).map_or(&Value::Empty, |r| r.get(col))
    }

    pub(crate) fn from_cells(name: String, mut cells: Vec<(u32, u32, Value)>) -> Sheet {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<Row> = Vec::new();
        for (r, c, v) in cells {
            match rows.last_mut() {
                Some(last) if last.index == r => last.cells.push((c, v)),
                _ => rows.push(Row {
                    index: r,
                    cells: vec![(c, v)],
                }),
            }
        }
        Sheet { name, rows }
    }
}

/// Why a workbook could not be read. The caller adds the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", trf(M::CannotOpen, &[.0]))]
    Open(String),
    /// Not a workbook at all, though named like one: what it is instead.
    #[error("{}", tr(*.0))]
    NotAWorkbook(M),
    #[error("{}", trf(M::AbsurdDimension, &[.dims, &MAX_ROWS, &MAX_COLS, &MAX_XLS_AREA]))]
    AbsurdDimension { sheet: String, dims: String },
    #[error("{}", trf(M::AbsurdStrings, &[.0]))]
    AbsurdStrings(String),
    #[error("{}", trf(M::CellOutOfRange, &[&MAX_ROWS, &MAX_COLS]))]
    CellOutOfRange { sheet: String, row: u32, col: u32 },
    /// A part that decompresses to more than a workbook ever needs.
    #[error("{}", trf(M::WorkbookTooLarge, &[.0, &(.1 >> 20)]))]
    TooLarge(String, u64),
    #[error("{}", trf(M::LegacyTooLarge, &[&(.0 >> 20), &(MAX_XLS_FILE >> 20)]))]
    LegacyTooLarge(u64),
    #[error("{}", trf(M::TooManyCells, &[.0, &MAX_CELLS]))]
    TooManyCells(String),
    /// The reader failed on this file (a malformed workbook).
    #[error("{}", trf(M::ReaderFailed, &[.0]))]
    Crashed(String),
}

impl ReadError {
    /// The sheet the error concerns, where there is one.
    pub(crate) fn sheet(&self) -> Option<&str> {
        match self {
            ReadError::AbsurdDimension { sheet, .. }
            | ReadError::CellOutOfRange { sheet, .. }
            | ReadError::TooManyCells(sheet) => Some(sheet),
            _ => None,
        }
    }
}
