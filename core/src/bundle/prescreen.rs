//! The office's pre-screen (形式审查) as a workbook to send back to the
//! prefectures: a summary sheet, then one sheet per prefecture with a row
//! per finding — where it is (file, sheet, cell), the cluster it concerns,
//! and what was expected. Written by `pack` beside the bundle, whether or
//! not the bundle itself could be written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::bundle::{Problem, Severity, cell_name};
use crate::i18n::{M, tr};
use crate::print;

/// The file name of the pre-screen workbook, beside the bundle.
pub(crate) const FILE_NAME: &str = "形式审查.xlsx";

/// Where the pre-screen of a bundle written to `bundle` goes.
pub fn path_beside(bundle: &Path) -> PathBuf {
    bundle
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILE_NAME)
}

/// The prefecture folder a finding belongs to (the first part of its
/// path), or 全省 for the bundle's own files.
fn prefecture_of(p: &Problem) -> String {
    match p.loc.file.split_once('/') {
        Some((first, _)) if !first.is_empty() => first.to_string(),
        _ => tr(M::WholeProvince).to_string(),
    }
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters.
fn sheet_name(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.is_empty() {
        "-".to_string()
    } else {
        clean
    }
}

/// The widths of a prefecture sheet's columns, in Excel's character units.
const WIDTHS: [u16; 7] = [6, 8, 14, 30, 14, 8, 64];

/// Writes the pre-screen of `problems` to `path` (through a temporary file
/// beside it, renamed into place).
pub fn write(path: &Path, problems: &[Problem]) -> Result<(), XlsxError> {
    let mut by_pref: BTreeMap<String, Vec<&Problem>> = BTreeMap::new();
    for p in problems {
        by_pref.entry(prefecture_of(p)).or_default().push(p);
    }
    let mut wb = Workbook::new();
    let head = print::head();
    let body = print::body();
    let error = body.clone().set_font_color("C00000");

    let summary = wb.add_worksheet();
    summary.set_name(tr(M::PrescreenSummary))?;
    let cols = [
        tr(M::PrescreenPrefecture),
        tr(M::PrescreenErrors),
        tr(M::PrescreenWarnings),
    ];
    for (c, h) in cols.iter().enumerate() {
        summary.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, (pref, list)) in by_pref.iter().enumerate() {
        let r = i as u32 + 1;
        let errors = list
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        summary.write_string_with_format(r, 0, pref, &body)?;
        summary.write_number_with_format(r, 1, errors as f64, &body)?;
        summary.write_number_with_format(r, 2, (list.len() - errors) as f64, &body)?;
    }
    summary.set_column_width(0, 16)?;
    summary.set_column_width(1, 10)?;
    summary.set_column_width(2, 10)?;
    print::paper(summary, tr(M::PrescreenTitle), None, 0, 0)?;

    let cols = [
        tr(M::PrescreenSeq),
        tr(M::PrescreenSeverity),
        tr(M::PrescreenCluster),
        tr(M::PrescreenFile),
        tr(M::PrescreenSheet),
        tr(M::PrescreenCell),
        tr(M::PrescreenWhat),
    ];
    for (pref, mut list) in by_pref {
        list.sort_by(|a, b| (a.severity, &a.loc).cmp(&(b.severity, &b.loc)));
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&pref))?;
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        for (i, p) in list.iter().enumerate() {
            let r = i as u32 + 1;
            let f = if p.severity == Severity::Error {
                &error
            } else {
                &body
            };
            let severity = tr(match p.severity {
                Severity::Error => M::PrescreenError,
                Severity::Warning => M::PrescreenWarning,
            });
            let cell = p.loc.cell.map(|(r, c)| cell_name(r, c)).unwrap_or_default();
            let texts = [
                severity,
                p.cluster.as_deref().unwrap_or(""),
                p.loc.file.as_str(),
                p.loc.sheet.as_deref().unwrap_or(""),
                cell.as_str(),
                p.message.as_str(),
            ];
            ws.write_number_with_format(r, 0, r as f64, f)?;
            for (c, t) in texts.iter().enumerate() {
                ws.write_string_with_format(r, c as u16 + 1, *t, f)?;
            }
            let lines = texts
                .iter()
                .zip(&WIDTHS[1..])
                .map(|(t, w)| print::lines(t, f64::from(*w)))
                .max()
                .unwrap_or(1);
            ws.set_row_height(r, print::row_height(lines))?;
        }
        for (c, w) in WIDTHS.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        print::paper(
            ws,
            &format!("{} · {pref}", tr(M::PrescreenTitle)),
            None,
            0,
            0,
        )?;
        ws.autofilter(0, 0, list.len() as u32, 6)?;
    }
    let tmp = path.with_extension("xlsx.partial");
    wb.save(&tmp)?;
    std::fs::rename(&tmp, path).map_err(XlsxError::IoError)
}
