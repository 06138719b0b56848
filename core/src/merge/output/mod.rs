//! The merge's outputs: an Excel workbook (考核结果, 建议名单, 专家组意见, 公示,
//! 排名, 明细, 矩阵, 专家意见, 分歧, 来源), each expert's 评分表 in a workbook
//! of their own (`STEM.scoresheets.xlsx`), the same tables as CSV, the whole result as JSON, and a result manifest of
//! every input's and output's SHA-256 that a staff member can sign.
//!
//! Deterministic: the same result gives the same bytes (the workbook's
//! creation time is fixed; text cells are written as text, so a name that
//! starts with `=`, `+`, `-` or `@` never becomes a formula; in CSV such a
//! text starts with `'`).

mod csv;
mod manifest;
mod tables;
mod xlsx;

use std::path::{Path, PathBuf};

use crate::merge::result::MergeResult;

use csv::csv;

pub use manifest::{
    FORMAT, ResultManifest, ResultVerifyError, VerifiedResult, finalize, sign_manifest,
    verify_result,
};
pub use tables::{Cell, Table, any_score_sheet, score_sheets, tables};
pub use xlsx::{workbook, workbook_on_two};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}")]
    Write(String, #[source] crate::i18n::Cause),
}

fn io_err(p: &Path) -> impl Fn(crate::i18n::Cause) -> OutputError + '_ {
    move |e| OutputError::Write(p.display().to_string(), e)
}

/// Writes the workbook at `out` and beside it `STEM.json`, `STEM.*.csv`
/// and `STEM.manifest.json`; `safe_csv` keeps CSV text from being run as a
/// formula. Returns every path written.
pub fn write(r: &MergeResult, out: &Path, safe_csv: bool) -> Result<Vec<PathBuf>, OutputError> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir)(e.into()))?;
    }
    let stem = out.with_extension("");
    let name = |suffix: &str| PathBuf::from(format!("{}{suffix}", stem.display()));
    let any_sheet = any_score_sheet(r);
    // The two workbooks on a core each (each has a format table of its
    // own, so neither waits on the other), the JSON and the CSV between;
    // the score sheets start while the tables are made.
    let (book, (sheet_book, (json, csvs))) = std::thread::scope(|s| {
        let sheet_book = s.spawn(|| workbook(r, score_sheets(r)));
        let tables = std::sync::Arc::new(tables(r));
        let theirs = std::sync::Arc::clone(&tables);
        let book = s.spawn(move || workbook_on_two(r, &theirs));
        let json = serde_json::to_string(r).map(|j| j + "\n");
        let csvs: Vec<(PathBuf, Vec<u8>)> = tables
            .iter()
            .filter_map(|t| {
                let file = t.file?;
                Some((name(&format!(".{file}.csv")), csv(t, safe_csv).into_bytes()))
            })
            .collect();
        (book.join(), (sheet_book.join(), (json, csvs)))
    });
    let joined = |b: std::thread::Result<Result<Vec<u8>, rust_xlsxwriter::XlsxError>>,
                  at: &Path| {
        b.map_err(|_| io_err(at)(std::io::Error::other("the workbook writer failed").into()))?
            .map_err(|e| io_err(at)(e.into()))
    };
    let sheets_path = name(".scoresheets.xlsx");
    let book = joined(book, out)?;
    let sheet_book = if any_sheet {
        Some(joined(sheet_book, &sheets_path)?)
    } else {
        None
    };
    let json = json.map_err(|e| io_err(out)(e.into()))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(out.to_path_buf(), book)];
    files.extend(sheet_book.map(|b| (sheets_path, b)));
    files.push((name(".json"), json.into_bytes()));
    files.extend(csvs);
    let manifest = ResultManifest::of(r, &files);
    let m = serde_json::to_string_pretty(&manifest).map_err(|e| io_err(out)(e.into()))? + "\n";
    files.push((name(".manifest.json"), m.into_bytes()));
    // A signature of an earlier manifest no longer signs these outputs;
    // earlier score sheets are not this result's.
    let mut stale = vec![name(".manifest.json.sig")];
    if !any_sheet {
        stale.push(name(".scoresheets.xlsx"));
    }
    for p in stale.iter().filter(|p| p.exists()) {
        std::fs::remove_file(p).map_err(|e| io_err(p)(e.into()))?;
    }
    let mut written = Vec::new();
    for (p, bytes) in files {
        write_whole(&p, &bytes)?;
        written.push(p);
    }
    Ok(written)
}

/// Writes `bytes` at `p` whole or not at all: a file beside it, synced,
/// renamed into place.
fn write_whole(p: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    use std::io::Write;
    let tmp = p.with_file_name(format!(
        ".{}.tmp",
        p.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    let mut f = std::fs::File::create(&tmp).map_err(|e| io_err(p)(e.into()))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| io_err(p)(e.into()))?;
    std::fs::rename(&tmp, p).map_err(|e| io_err(p)(e.into()))?;
    Ok(())
}
