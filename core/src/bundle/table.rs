//! Finding a table in a sheet the way people lay it out: the header row found
//! by its text (with synonyms, in any column order, possibly two rows deep
//! under merged group labels, below merged title rows), the data rows under it
//! up to the notes, and a totals row set apart.

use std::collections::BTreeMap;

use crate::bundle::cells::Unit;
use crate::bundle::workbook::{Row, Sheet, Value};
use crate::text;

pub use crate::bundle::fields::Field;

/// Where a field was found, and the unit its header states.
#[derive(Clone, Debug)]
pub struct Column {
    pub col: u32,
    pub unit: Option<Unit>,
    /// A units row under the header that states another unit than the
    /// header does: (its row, its unit). Neither is guessed.
    pub unit_conflict: Option<(u32, Unit)>,
}

/// A table located in a sheet.
#[derive(Debug)]
pub struct Table<'s> {
    pub sheet: &'s Sheet,
    pub header_row: u32,
    pub columns: BTreeMap<&'static str, Column>,
    /// A 单位：… note above the header, for columns whose header states none.
    pub note_unit: Option<Unit>,
    pub rows: Vec<&'s Row>,
    pub totals: Vec<&'s Row>,
    /// Fields two visible columns claim: (label, first column, second).
    pub duplicates: Vec<(&'static str, u32, u32)>,
}

impl<'s> Table<'s> {
    pub(crate) fn col(&self, key: &str) -> Option<u32> {
        self.columns.get(key).map(|c| c.col)
    }

    pub(crate) fn cell<'r>(&self, row: &'r Row, key: &str) -> &'r Value {
        match self.col(key) {
            Some(c) => row.get(c),
            None => &Value::Empty,
        }
    }
}

/// The outcome of looking for a table: found, or the best near miss.
pub enum Found<'s> {
    Table(Table<'s>),
    /// The sheet that came closest, and the labels of the required fields it lacks.
    Missing {
        sheet: &'s Sheet,
        header_row: Option<u32>,
        missing: Vec<&'static str>,
    },
    /// Several sheets hold the table and none is named for it: their names.
    Ambiguous(Vec<&'s str>),
}

const HEADER_SCAN_ROWS: usize = 30;
const NOTE_PREFIXES: &[&str] = &[
    "注:",
    "注：",
    "注1",
    "注①",
    "备注",
    "说明",
    "填表说明",
    "填报说明",
    "附注",
    "数据来源",
    "*",
];
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计"];
/// Words of a sign-off row under a table: it ends the table.
const SIGN_OFF: &[&str] = &[
    "填表人",
    "填报人",
    "审核人",
    "负责人",
    "联系电话",
    "联系人",
    "填表日期",
    "填报日期",
    "单位负责人",
    "统计负责人",
];

/// Normalizes a header label: folded, and the report years named as
/// 上年/本年 so that "2017年销售收入" and "上年销售收入" are the same column.
pub(crate) fn header_label(s: &str, year: i32) -> String {
    let folded = text::fold(s);
    if !folded.contains('年') {
        return folded;
    }
    folded
        .replace(&format!("{}年", year - 1), "上年")
        .replace(&format!("{year}年"), "本年")
}

fn matches(field: &Field, label: &str) -> bool {
    !label.is_empty()
        && field
            .all_of
            .iter()
            .all(|group| group.iter().any(|w| label.contains(w)))
        && !field.none_of.iter().any(|w| label.contains(w))
}

fn non_empty(row: &Row) -> usize {
    row.cells.iter().filter(|(_, v)| !v.is_empty()).count()
}

/// The parent (group) label over each column: a group label (merged over
/// its sub-headers, so only in its first cell) is carried right over the
/// columns that have a sub-header, up to the next label.
fn parent_labels(parent: &Row, sub: &Row) -> BTreeMap<u32, String> {
    let mut out = BTreeMap::new();
    let mut carry: Option<String> = None;
    let last = sub
        .cells
        .last()
        .map_or(0, |(c, _)| *c)
        .max(parent.cells.last().map_or(0, |(c, _)| *c));
    for c in 0..=last {
        match parent.get(c) {
            v if !v.is_empty() => {
                let t = v.as_text();
                out.insert(c, t.clone());
                carry = Some(t);
            }
            _ if sub.get(c).is_empty() => carry = None,
            _ => {
                if let Some(p) = &carry {
                    out.insert(c, p.clone());
                }
            }
        }
    }
    out
}

type Assignment = BTreeMap<&'static str, Column>;

/// Fields two columns claim: (field label, first column, second column).
type Duplicates = Vec<(&'static str, u32, u32)>;

fn assign(fields: &[Field], labels: &BTreeMap<u32, String>) -> Assignment {
    assign_all(fields, labels).0
}

/// Each field's column, and the fields a later column claims too: a column
/// no other field takes, that matches a field already assigned.
fn assign_all(fields: &[Field], labels: &BTreeMap<u32, String>) -> (Assignment, Duplicates) {
    let mut out = Assignment::new();
    let mut dups = Duplicates::new();
    for (&col, label) in labels {
        if let Some(f) = fields
            .iter()
            .find(|f| !out.contains_key(f.key) && matches(f, label))
        {
            out.insert(
                f.key,
                Column {
                    col,
                    unit: Unit::in_label(label),
                    unit_conflict: None,
                },
            );
        } else if let Some(f) = fields.iter().find(|f| matches(f, label))
            && let Some(first) = out.get(f.key)
        {
            dups.push((f.label, first.col, col));
        }
    }
    (out, dups)
}

fn labels_of(
    row: &Row,
    parent: Option<&BTreeMap<u32, String>>,
    year: i32,
) -> BTreeMap<u32, String> {
    let mut out = BTreeMap::new();
    let mut cols: Vec<u32> = row.cells.iter().map(|(c, _)| *c).collect();
    if let Some(p) = parent {
        cols.extend(p.keys());
    }
    cols.sort_unstable();
    cols.dedup();
    for c in cols {
        let top = parent.and_then(|p| p.get(&c)).map_or("", String::as_str);
        let cell = row.get(c).text();
        let label = if top.is_empty() {
            header_label(&cell, year)
        } else {
            header_label(&format!("{top}{cell}"), year)
        };
        out.insert(c, label);
    }
    out
}

/// The best header of a sheet: (row, assignment).
fn best_header(sheet: &Sheet, fields: &[Field], year: i32) -> Option<(u32, Assignment)> {
    let mut best: Option<(u32, Assignment)> = None;
    let mut complete_at: Option<usize> = None;
    let scan = &sheet.rows[..sheet.rows.len().min(HEADER_SCAN_ROWS)];
    for (i, row) in scan.iter().enumerate() {
        // A complete header was found; only the row under it may still be
        // its second row, and only if it could name more fields. Data rows
        // need no looking at.
        if complete_at.is_some_and(|at| i > at + 1)
            || best.as_ref().is_some_and(|(_, b)| b.len() == fields.len())
        {
            break;
        }
        if non_empty(row) < 2 {
            continue;
        }
        let mut candidates = vec![assign(fields, &labels_of(row, None, year))];
        if let Some(parent) = i.checked_sub(1).map(|j| &scan[j])
            && parent.index + 1 == row.index
            && non_empty(parent) >= 2
        {
            let p = parent_labels(parent, row);
            candidates.push(assign(fields, &labels_of(row, Some(&p), year)));
        }
        for cand in candidates {
            if best.as_ref().is_none_or(|(_, b)| cand.len() > b.len()) {
                if fields
                    .iter()
                    .filter(|f| f.required)
                    .all(|f| cand.contains_key(f.key))
                {
                    complete_at.get_or_insert(i);
                }
                best = Some((row.index, cand));
            }
        }
    }
    best
}

/// True for a notes row (注：…, 填表说明…) or a sign-off row (填表人：…
/// 联系电话：…) under a table: the table ends there. Checked on every data
/// row, so without normalizing.
fn is_note(row: &Row) -> bool {
    let Some((_, Value::Text(s))) = row.cells.iter().find(|(_, v)| !v.is_empty()) else {
        return false;
    };
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    NOTE_PREFIXES.iter().any(|p| s.starts_with(p))
        || SIGN_OFF
            .iter()
            .any(|w| s.starts_with(w) || s.replace([' ', '\u{3000}'], "").starts_with(w))
}

/// True for a row under the header that only restates it: the units of
/// the columns (万元, 人, 亿元) or their codes (甲 乙 丙 …, 1 2 3 …).
fn is_header_aid(row: &Row, header: &Row) -> bool {
    let texts: Vec<String> = row
        .cells
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(_, v)| text::fold(&v.as_text()))
        .collect();
    if texts.len() < 2 {
        return false;
    }
    let unit = |t: &str| {
        let t = t.trim_matches(|c| c == '(' || c == ')');
        matches!(
            t,
            "万元"
                | "亿元"
                | "元"
                | "人"
                | "万人"
                | "家"
                | "个"
                | "件"
                | "项"
                | "%"
                | "吨标准煤/万元"
        )
    };
    let code = |t: &str| {
        const STEMS: &str = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";
        t.chars().count() == 1 && STEMS.contains(t)
    };
    if texts.iter().all(|t| unit(t) || code(t)) {
        return true;
    }
    // Column numbers 1, 2, 3 … under a header of words, one per column.
    let numbers: Vec<i64> = row
        .cells
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(_, v)| match v {
            Value::Number(n) if n.fract() == 0.0 => Some(*n as i64),
            Value::Text(t) => text::fold(t).parse().ok(),
            _ => None,
        })
        .collect();
    numbers.len() == texts.len()
        && numbers.len() >= 3
        && numbers.windows(2).all(|w| w[1] == w[0] + 1)
        && numbers[0] <= 1
        && header.cells.len() >= numbers.len()
}

fn is_total(v: &Value) -> bool {
    let Value::Text(s) = v else { return false };
    let t = s.trim();
    TOTAL_WORDS.iter().any(|w| t.contains(w))
        && t.chars().filter(|c| !c.is_whitespace()).count() <= 6
}

/// Whether a sheet is named for its table: by its name, or by a title
/// above its header.
fn named_for(sheet: &Sheet, header_row: u32, words: &[&str]) -> bool {
    let folded = text::fold(&sheet.name);
    words.iter().any(|w| folded.contains(w))
        || sheet
            .rows
            .iter()
            .take_while(|r| r.index < header_row)
            .flat_map(|r| r.cells.iter())
            .any(|(_, v)| {
                let t = text::fold(&v.as_text());
                words.iter().any(|w| t.contains(w))
            })
}

/// Finds the table with `fields` among `sheets` (the visible ones). Where
/// several sheets hold it, the one named for it is read; two candidates
/// with nothing to tell them apart are ambiguous, never a guess.
pub fn find<'s>(sheets: &'s [Sheet], fields: &[Field], year: i32) -> Option<Found<'s>> {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let mut near: Option<Found<'s>> = None;
    let mut near_score = 0usize;
    let mut complete: Vec<(&'s Sheet, u32, Assignment)> = Vec::new();
    for sheet in sheets {
        let Some((header_row, columns)) = best_header(sheet, fields, year) else {
            continue;
        };
        let missing: Vec<&'static str> = required
            .iter()
            .filter(|f| !columns.contains_key(f.key))
            .map(|f| f.label)
            .collect();
        if missing.is_empty() {
            complete.push((sheet, header_row, columns));
            continue;
        }
        if near.is_none() || columns.len() > near_score {
            near_score = columns.len();
            near = Some(Found::Missing {
                sheet,
                header_row: Some(header_row),
                missing,
            });
        }
    }
    if complete.len() > 1 {
        let words = crate::bundle::fields::sheet_words(fields);
        let named: Vec<usize> = (0..complete.len())
            .filter(|&i| named_for(complete[i].0, complete[i].1, words))
            .collect();
        if named.len() == 1 {
            let (sheet, header_row, columns) = complete.swap_remove(named[0]);
            return Some(Found::Table(build(
                sheet, header_row, columns, fields, year,
            )));
        }
        let among: Vec<usize> = if named.is_empty() {
            (0..complete.len()).collect()
        } else {
            named
        };
        return Some(Found::Ambiguous(
            among.iter().map(|&i| complete[i].0.name.as_str()).collect(),
        ));
    }
    if let Some((sheet, header_row, columns)) = complete.pop() {
        return Some(Found::Table(build(
            sheet, header_row, columns, fields, year,
        )));
    }
    near.or_else(|| {
        sheets.first().map(|sheet| Found::Missing {
            sheet,
            header_row: None,
            missing: required.iter().map(|f| f.label).collect(),
        })
    })
}

fn build<'s>(
    sheet: &'s Sheet,
    header_row: u32,
    mut columns: Assignment,
    fields: &[Field],
    year: i32,
) -> Table<'s> {
    // The same labels again, to find fields two columns claim.
    let duplicates = duplicates_at(sheet, header_row, fields, year);
    let note_unit = sheet
        .rows
        .iter()
        .take_while(|r| r.index < header_row)
        .flat_map(|r| r.cells.iter())
        .find_map(|(_, v)| Unit::in_note(&v.as_text()));
    let key_cols: Vec<u32> = ["id", "name", "seq"]
        .iter()
        .filter_map(|k| columns.get(k).map(|c| c.col))
        .collect();
    let mut rows = Vec::new();
    let mut totals = Vec::new();
    let header = sheet.row(header_row);
    let mut first = true;
    for row in sheet.rows.iter().filter(|r| r.index > header_row) {
        if row.is_blank() {
            continue;
        }
        if is_note(row) {
            break;
        }
        // A units row or a column-code row right under the header; the
        // units it states are its columns'.
        if first && header.is_some_and(|h| is_header_aid(row, h)) {
            take_units(row, &mut columns);
            continue;
        }
        first = false;
        let total = key_cols
            .iter()
            .chain(row.cells.first().map(|(c, _)| c))
            .any(|&c| is_total(row.get(c)));
        if total {
            totals.push(row);
        } else {
            rows.push(row);
        }
    }
    Table {
        sheet,
        header_row,
        columns,
        note_unit,
        rows,
        totals,
        duplicates,
    }
}

/// Gives each column the unit a units row states under it (万元, （人）):
/// kept where the header states none, a conflict where it states another.
fn take_units(row: &Row, columns: &mut Assignment) {
    for (col, v) in &row.cells {
        let t = text::fold(&v.as_text());
        let t = t.trim().trim_matches(|c| c == '(' || c == ')');
        let Some(u) = Unit::in_label(&format!("({t})")) else {
            continue;
        };
        if let Some(c) = columns.values_mut().find(|c| c.col == *col) {
            match c.unit {
                None => c.unit = Some(u),
                Some(h) if h != u => c.unit_conflict = Some((row.index, u)),
                Some(_) => {}
            }
        }
    }
}

/// The fields two columns of the header claim, with or without the row
/// above it as group labels (whichever made the header).
fn duplicates_at(sheet: &Sheet, header_row: u32, fields: &[Field], year: i32) -> Duplicates {
    let Some(row) = sheet.row(header_row) else {
        return Vec::new();
    };
    let plain = assign_all(fields, &labels_of(row, None, year));
    let parent = header_row
        .checked_sub(1)
        .and_then(|p| sheet.row(p))
        .filter(|p| non_empty(p) >= 2)
        .map(|p| assign_all(fields, &labels_of(row, Some(&parent_labels(p, row)), year)));
    match parent {
        Some(p) if p.0.len() > plain.0.len() => p.1,
        _ => plain.1,
    }
}
