//! The review bundle: workbook templates, reading workbooks as people fill
//! them, the manifest, `pack` and the loading of a bundle for import.
//!
//! The layout of a bundle and of the folder `pack` reads is documented in
//! `docs/bundle.md`.

pub mod archive;
pub mod biff;
pub mod cells;
pub mod ctx;
pub mod fields;
pub mod form;
pub mod load;
pub mod manifest;
pub mod map;
pub mod pack;
pub mod prescreen;
pub mod roster;
pub mod sheet;
pub mod source;
pub mod table;
pub mod template;
pub mod workbook;
pub mod xlsx_scan;

use std::fmt;

use serde::Serialize;

/// The spreadsheet name of a 0-based cell position (`(11, 5)` → `F12`).
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// The spreadsheet name of a 0-based column (`0` → `A`, `26` → `AA`).
pub(crate) fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where a problem is: file, and where known the sheet and the cell.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Loc {
    /// Bundle- or source-relative path, `/`-separated.
    pub file: String,
    pub sheet: Option<String>,
    /// 0-based (row, column).
    pub cell: Option<(u32, u32)>,
}

impl Loc {
    pub(crate) fn file(file: &str) -> Loc {
        Loc {
            file: file.to_string(),
            sheet: None,
            cell: None,
        }
    }

    pub(crate) fn sheet(file: &str, sheet: &str) -> Loc {
        Loc {
            sheet: Some(sheet.to_string()),
            ..Loc::file(file)
        }
    }

    pub(crate) fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Loc {
        Loc {
            cell: Some((row, col)),
            ..Loc::sheet(file, sheet)
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::inert(&self.file))?;
        if let Some(sheet) = &self.sheet {
            write!(f, " {}", crate::text::inert(sheet))?;
            if let Some((r, c)) = self.cell {
                write!(f, "!{}", cell_name(r, c))?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A positioned error or warning found while reading a bundle.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub loc: Loc,
    pub message: String,
    /// The cluster it concerns, where it concerns one: stored with it and
    /// shown on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// What kind of finding it is (its message key), where reports group
    /// many alike.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
}

impl Problem {
    pub fn new(severity: Severity, loc: Loc, message: impl Into<String>) -> Problem {
        Problem {
            severity,
            loc,
            message: message.into(),
            cluster: None,
            kind: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.loc, self.message)
    }
}

/// Problems collected while reading; errors stop a pack or an import.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub(crate) fn error(&mut self, loc: Loc, message: impl Into<String>) {
        self.0.push(Problem::new(Severity::Error, loc, message));
    }

    pub(crate) fn warn(&mut self, loc: Loc, message: impl Into<String>) {
        self.0.push(Problem::new(Severity::Warning, loc, message));
    }

    /// A finding of kind `kind` on `cluster` (when it concerns one).
    pub(crate) fn finding(
        &mut self,
        severity: Severity,
        cluster: Option<&str>,
        kind: crate::i18n::M,
        loc: Loc,
        message: impl Into<String>,
    ) {
        self.0.push(Problem {
            cluster: cluster.map(str::to_string),
            kind: Some(kind.key()),
            ..Problem::new(severity, loc, message)
        });
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.severity == Severity::Error)
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Sorted by prefecture folder, file, sheet and cell, for grouped reports.
    pub(crate) fn sorted(mut self) -> Vec<Problem> {
        self.0
            .sort_by(|a, b| a.loc.cmp(&b.loc).then(a.message.cmp(&b.message)));
        self.0.dedup();
        self.0
    }
}

/// How many findings of one kind a terminal report shows before it counts
/// the rest (the pre-screen workbook has them all).
pub(crate) const SHOWN_PER_KIND: usize = 5;
/// How many problems of one file, of no particular kind, it shows.
pub(crate) const SHOWN_PER_FILE: usize = 20;
/// How many problems of one severity it shows in all.
pub(crate) const SHOWN_IN_ALL: usize = 40;

/// The order problems are best read in: those of the workbooks that define
/// clusters first (a 表二 that cannot be read is why its catalogues find
/// no cluster), then catalogues, then the rest; by place within each.
pub(crate) fn cause_rank(p: &Problem) -> u8 {
    // A bundle cut short is why its files are missing.
    let archive = [
        crate::i18n::M::BundleCutShort,
        crate::i18n::M::DamagedBundle,
    ];
    if archive.iter().any(|m| p.kind == Some(m.key())) {
        return 0;
    }
    let name = p.loc.file.rsplit('/').next().unwrap_or_default();
    match source::classify(name) {
        Some(manifest::FileKind::Table2 | manifest::FileKind::Application) => 1,
        Some(manifest::FileKind::Summary) => 2,
        Some(manifest::FileKind::Catalogue) => 3,
        _ => 4,
    }
}

/// A terminal report of problems: errors under one heading, then warnings
/// under another, each grouped by file; past `SHOWN_PER_KIND` findings of a
/// kind (or `SHOWN_PER_FILE` of a file), a count of the rest.
/// `more` words the count of the rest: pack's names the pre-screen
/// workbook that has them all, import's does not.
pub fn report_bounded(problems: &[&Problem], more: crate::i18n::M) -> String {
    let mut out = String::new();
    for (severity, heading) in [
        (Severity::Error, crate::i18n::M::ReportErrors),
        (Severity::Warning, crate::i18n::M::ReportWarnings),
    ] {
        let mut these: Vec<&Problem> = problems
            .iter()
            .copied()
            .filter(|p| p.severity == severity)
            .collect();
        if these.is_empty() {
            continue;
        }
        these.sort_by(|a, b| (cause_rank(a), &a.loc).cmp(&(cause_rank(b), &b.loc)));
        out.push_str(&crate::i18n::trf(heading, &[&these.len()]));
        out.push('\n');
        let mut per_kind: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut per_file: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut shown: Vec<&Problem> = Vec::new();
        for p in &these {
            let n = match p.kind {
                Some(k) => per_kind.entry(k).or_default(),
                None => per_file.entry(p.loc.file.as_str()).or_default(),
            };
            *n += 1;
            let limit = if p.kind.is_some() {
                SHOWN_PER_KIND
            } else {
                SHOWN_PER_FILE
            };
            if *n <= limit && shown.len() < SHOWN_IN_ALL {
                shown.push(p);
            }
        }
        out.push_str(&report(&shown));
        let hidden_kinds = per_kind.values().filter(|&&n| n > SHOWN_PER_KIND).count();
        let hidden = these.len() - shown.len();
        if hidden > 0 {
            out.push_str(&crate::i18n::trf(more, &[&hidden, &hidden_kinds]));
            out.push('\n');
        }
    }
    out
}

/// Writes problems grouped by file, one heading a file, as `pack` and
/// `import` report them.
pub(crate) fn report(problems: &[&Problem]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for p in problems {
        if last != Some(p.loc.file.as_str()) {
            out.push_str(&format!("{}\n", crate::text::quote(&p.loc.file, 300)));
            last = Some(&p.loc.file);
        }
        // Whatever a file made of it, a problem reaches the terminal inert
        // and of bounded length; its quoted lines stay lines.
        let text = crate::text::inert_lines(&p.to_string(), MAX_PROBLEM_CHARS);
        out.push_str("  ");
        out.push_str(&text.replace('\n', "\n    "));
        out.push('\n');
    }
    out
}

/// The most characters of one problem a terminal report prints.
pub(crate) const MAX_PROBLEM_CHARS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn reports_put_errors_first_causes_first_and_count_what_they_leave_out() {
        use crate::i18n::{M, trf};
        let mut p = Problems::default();
        for i in 0..12 {
            p.finding(
                Severity::Warning,
                Some("KH-4213-01"),
                crate::i18n::M::ItemNoEvidence,
                Loc::file("随州/表二 业绩指标.xlsx"),
                format!("item {i}"),
            );
        }
        p.error(
            Loc::file("随州/考核材料/KH-4213-01 x/证明材料目录.xlsx"),
            "the catalogue's cluster is in no 表二",
        );
        p.error(
            Loc::cell("随州/表二 业绩指标.xlsx", "表二", 4, 7),
            "bad cell",
        );
        let all: Vec<&Problem> = p.0.iter().collect();
        let text = report_bounded(&all, crate::i18n::M::ReportMore);
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
        assert!(at(&trf(M::ReportErrors, &[&2])) < at("bad cell"));
        assert!(at("bad cell") < at("in no 表二"), "the 表二 first: {text}");
        assert!(at("in no 表二") < at(&trf(M::ReportWarnings, &[&12])));
        assert_eq!(text.matches("item ").count(), SHOWN_PER_KIND);
        assert!(text.contains(&trf(M::ReportMore, &[&7, &1])), "{text}");
    }

    #[test]
    fn loc_display() {
        let l = Loc::cell("襄阳/表二.xlsx", "表二", 11, 5);
        assert_eq!(l.to_string(), "襄阳/表二.xlsx 表二!F12");
    }
}
