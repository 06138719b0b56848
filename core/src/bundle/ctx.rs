//! What every workbook reader needs while it reads one file: where it is
//! (for errors by cell), the year, the prefecture of its folder, and the
//! problems found so far; with the helpers that turn a refused cell into a
//! positioned error. Shared by the table readers (`map`) and the form
//! readers (`form`), below both.

use crate::bundle::cells::{self, CellResult, Unit};
use crate::bundle::table::{self, Field, Found, Table};
use crate::bundle::workbook::{Row, Sheet, Value};
use crate::bundle::{Loc, Problems};
use crate::i18n::{M, trf};
use crate::model::canonical_prefecture;

/// What the readers need to know about the file they read.
pub struct Ctx<'a> {
    /// Bundle-relative path, `/`-separated.
    pub file: &'a str,
    pub year: i32,
    /// The prefecture of the folder the file sits in.
    pub prefecture: Option<&'static str>,
    pub problems: &'a mut Problems,
}

impl Ctx<'_> {
    pub(crate) fn at(&self, sheet: &Sheet, row: u32, col: u32) -> Loc {
        Loc::cell(self.file, &sheet.name, row, col)
    }

    /// Runs a cell parser; a refusal becomes a positioned error.
    pub(crate) fn take<T>(
        &mut self,
        t: &Table<'_>,
        row: &Row,
        key: &str,
        f: impl Fn(&Value) -> CellResult<T>,
    ) -> Option<T> {
        let col = t.col(key)?;
        match f(row.get(col)) {
            Ok(v) => v,
            Err(msg) => {
                let loc = self.at(t.sheet, row.index, col);
                self.problems.error(loc, msg);
                None
            }
        }
    }

    /// An amount in `unit`, with a warning where the cell states it more
    /// precisely than it is kept (rounded to the yuan or the person).
    pub(crate) fn take_amount(
        &mut self,
        t: &Table<'_>,
        row: &Row,
        key: &str,
        unit: Unit,
    ) -> Option<i64> {
        let v = self.take(t, row, key, |v| cells::scaled_int(v, unit));
        if v.is_some()
            && let Some(col) = t.col(key)
            && cells::excess_precision(row.get(col), unit)
        {
            let loc = self.at(t.sheet, row.index, col);
            self.problems
                .warn(loc, trf(M::PrecisionRounded, &[&row.get(col).describe()]));
        }
        v
    }

    /// Like `take`, and a blank cell is an error too.
    pub(crate) fn require<T>(
        &mut self,
        t: &Table<'_>,
        row: &Row,
        key: &str,
        what: M,
        f: impl Fn(&Value) -> CellResult<T>,
    ) -> Option<T> {
        let col = t.col(key)?;
        let v = self.take(t, row, key, f);
        if v.is_none() && row.get(col).is_empty() {
            let loc = self.at(t.sheet, row.index, col);
            self.problems.error(loc, cells::missing(what));
        }
        v
    }

    /// The unit of a money or people column, warning once when assumed.
    /// The unit of a money (default 万元) or people (default 人) column: its
    /// header's, else a 单位： note's when of the same kind, else the default
    /// with a warning. A header stating a unit of the wrong kind is an error.
    pub(crate) fn unit(&mut self, t: &Table<'_>, key: &str, default: Unit) -> Unit {
        let Some(col) = t.col(key) else {
            return default;
        };
        let fits = |u: Unit| match default {
            Unit::Person => matches!(u, Unit::Person | Unit::WanPerson),
            _ => matches!(u, Unit::Yuan | Unit::Wan | Unit::Yi),
        };
        let loc = self.at(t.sheet, t.header_row, col);
        if let Some((row, u)) = t.columns.get(key).and_then(|c| c.unit_conflict) {
            let header = t
                .columns
                .get(key)
                .and_then(|c| c.unit)
                .map_or("", |h| h.name());
            let at = self.at(t.sheet, row, col);
            self.problems
                .error(at, trf(M::UnitConflict, &[&u.name(), &header]));
            return default;
        }
        match t.columns.get(key).and_then(|c| c.unit) {
            Some(u) if fits(u) => u,
            Some(u) => {
                self.problems.error(loc, trf(M::UnknownUnit, &[&u.name()]));
                default
            }
            None => match t.note_unit.filter(|u| fits(*u)) {
                Some(u) => u,
                None => {
                    self.problems.warn(loc, cells::unit_assumed(default));
                    default
                }
            },
        }
    }

    /// Locates a table, or reports which columns its header lacks.
    pub(crate) fn table<'s>(&mut self, sheets: &'s [Sheet], fields: &[Field]) -> Option<Table<'s>> {
        match table::find(sheets, fields, self.year) {
            Some(Found::Table(t)) if !t.duplicates.is_empty() => {
                // Two visible columns for one field: neither is guessed.
                for (label, a, b) in &t.duplicates {
                    let loc = Loc::cell(self.file, &t.sheet.name, t.header_row, *b);
                    let first = crate::bundle::cell_name(t.header_row, *a);
                    let second = crate::bundle::cell_name(t.header_row, *b);
                    self.problems
                        .error(loc, trf(M::DuplicateColumn, &[label, &first, &second]));
                }
                None
            }
            Some(Found::Table(t)) => Some(t),
            Some(Found::Ambiguous(names)) => {
                let names: Vec<String> = names
                    .iter()
                    .map(|n| crate::text::inert(n).into_owned())
                    .collect();
                self.problems.error(
                    Loc::file(self.file),
                    trf(M::AmbiguousSheets, &[&names.join("、")]),
                );
                None
            }
            Some(Found::Missing {
                sheet,
                header_row,
                missing,
            }) => {
                let loc = match header_row {
                    Some(r) => Loc::cell(self.file, &sheet.name, r, 0),
                    None => Loc::sheet(self.file, &sheet.name),
                };
                self.problems
                    .error(loc, trf(M::MissingColumns, &[&missing.join("、")]));
                None
            }
            None => {
                let labels: Vec<&str> = fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.label)
                    .collect();
                self.problems
                    .error(Loc::file(self.file), trf(M::NoSheet, &[&labels.join("、")]));
                None
            }
        }
    }

    /// The prefecture named in a cell, checked against the folder's.
    pub(crate) fn prefecture(&mut self, loc: Loc, named: Option<String>) -> String {
        match (
            named.as_deref().map(|n| (n, canonical_prefecture(n))),
            self.prefecture,
        ) {
            (Some((n, None)), _) => {
                self.problems
                    .error(loc, trf(M::UnknownPrefecture, &[&crate::text::inert(n)]));
                n.to_string()
            }
            (Some((_, Some(p))), Some(folder)) if p != folder => {
                self.problems
                    .error(loc, trf(M::PrefectureMismatch, &[&p, &folder]));
                p.to_string()
            }
            (Some((_, Some(p))), _) => p.to_string(),
            (None, Some(folder)) => folder.to_string(),
            (None, None) => {
                self.problems.error(loc, trf(M::UnknownPrefecture, &[&""]));
                String::new()
            }
        }
    }
}
