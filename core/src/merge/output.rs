//! The merge's outputs: an Excel workbook (排名, 明细, 矩阵, 意见, 分歧, 来源), the
//! same tables as CSV, the whole result as JSON, and a result manifest of
//! every input's and output's SHA-256 that a staff member can sign.
//!
//! Deterministic: the same result gives the same bytes (the workbook's
//! creation time is fixed; text cells are written as text, so a name that
//! starts with `=`, `+`, `-` or `@` never becomes a formula; in CSV such a
//! text starts with `'`).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Serialize;

use crate::digest::sha256_bytes;
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
    fn csv(&self, safe: bool) -> String {
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

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(p: Option<Points>) -> Cell {
    p.map_or(Cell::Empty, Cell::Num)
}

/// A table: its sheet name, its file name for CSV, headers, rows, widths.
pub struct Table {
    pub sheet: &'static str,
    pub file: &'static str,
    pub headers: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
}

fn round_name(r: &str) -> String {
    crate::model::Round::from_key(r)
        .map_or(r.to_string(), |x| crate::lookup::round_name(x).to_string())
}

fn rule_name(r: Option<Rule>) -> String {
    match r {
        Some(Rule::Mean) => tr(M::RuleMeanShort).into(),
        Some(Rule::Median) => tr(M::RuleMedianShort).into(),
        Some(Rule::Trimmed) => tr(M::RuleTrimmedShort).into(),
        None => String::new(),
    }
}

/// Count, mean, median, min, max and spread of a set of scores.
fn figures(s: Option<&Stats>) -> [Cell; 6] {
    [
        Cell::Int(s.map_or(0, |s| s.n as u64)),
        num(s.map(|s| s.mean)),
        num(s.map(|s| s.median)),
        num(s.map(|s| s.min)),
        num(s.map(|s| s.max)),
        num(s.map(|s| s.spread)),
    ]
}

fn divergence_text(c: &ClusterResult) -> String {
    c.divergence
        .iter()
        .map(|d| d.text())
        .collect::<Vec<_>>()
        .join(tr(M::Semi))
}

/// The five tables of a result.
pub fn tables(r: &MergeResult) -> Vec<Table> {
    let h = |ms: &[M]| ms.iter().map(|m| tr(*m).to_string()).collect::<Vec<_>>();
    let names = |idx: &[usize]| {
        idx.iter()
            .filter_map(|&k| r.reviewers.get(k).map(|x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(tr(M::ListSep))
    };
    let mut ranking = Table {
        sheet: "排名",
        file: "ranking",
        headers: h(&[
            M::ColRound,
            M::ColRank,
            M::ColTied,
            M::ColId,
            M::ColName,
            M::ColPrefecture,
            M::ColFinal,
            M::ColRule,
            M::ColCount,
            M::ColMean,
            M::ColMedian,
            M::ColMin,
            M::ColMax,
            M::ColSpread,
            M::ColSd,
            M::FieldConclusion,
            M::ColRecused,
            M::ColMissing,
            M::ColDivergence,
        ]),
        widths: vec![
            8.0, 6.0, 6.0, 14.0, 30.0, 10.0, 10.0, 14.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 20.0,
            14.0, 14.0, 40.0,
        ],
        rows: Vec::new(),
    };
    let mut detail = Table {
        sheet: "明细",
        file: "detail",
        headers: h(&[
            M::ColRound,
            M::ColId,
            M::ColName,
            M::ColItem,
            M::ColItemName,
            M::ColCount,
            M::ColMean,
            M::ColMedian,
            M::ColMin,
            M::ColMax,
            M::ColSpread,
            M::ColFinal,
        ]),
        widths: vec![
            8.0, 14.0, 30.0, 8.0, 24.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 10.0,
        ],
        rows: Vec::new(),
    };
    let mut matrix = Table {
        sheet: "矩阵",
        file: "matrix",
        headers: h(&[M::ColRound, M::ColId, M::ColName]),
        widths: vec![8.0, 14.0, 30.0],
        rows: Vec::new(),
    };
    for rv in &r.reviewers {
        matrix.headers.push(rv.name.clone());
        matrix.widths.push(12.0);
    }
    let mut opinions = Table {
        sheet: "意见",
        file: "opinions",
        headers: h(&[
            M::ColRound,
            M::ColId,
            M::ColName,
            M::LabelReviewer,
            M::ColItem,
            M::ColItemName,
            M::ColKind,
            M::ColText,
        ]),
        widths: vec![8.0, 14.0, 30.0, 12.0, 8.0, 24.0, 10.0, 80.0],
        rows: Vec::new(),
    };
    let mut divergence = Table {
        sheet: "分歧",
        file: "divergence",
        headers: h(&[M::ColRound, M::ColId, M::ColName, M::ColDivergence]),
        widths: vec![8.0, 14.0, 30.0, 60.0],
        rows: Vec::new(),
    };
    for c in &r.clusters {
        let t = c.total.as_ref();
        let conclusions = c
            .conclusions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(" / ");
        let mut row = vec![
            text(round_name(&c.round)),
            c.rank.map_or(Cell::Empty, |x| Cell::Int(x as u64)),
            text(if c.tied { tr(M::Tied) } else { "" }),
            text(&c.id),
            text(&c.name),
            text(&c.prefecture),
            num(c.score),
            text(rule_name(c.rule_used)),
        ];
        row.extend(figures(t));
        row.extend([
            num(t.map(|s| s.sd)),
            text(conclusions),
            text(names(&c.recused)),
            text(names(&c.missing)),
            text(divergence_text(c)),
        ]);
        ranking.rows.push(row);
        let items = r.items.get(&c.round).cloned().unwrap_or_default();
        let item_names = r.item_names.get(&c.round).cloned().unwrap_or_default();
        for (i, s) in c.items.iter().enumerate() {
            let s = s.as_ref();
            let mut row = vec![
                text(round_name(&c.round)),
                text(&c.id),
                text(&c.name),
                text(items.get(i).cloned().unwrap_or_default()),
                text(item_names.get(i).cloned().unwrap_or_default()),
            ];
            row.extend(figures(s));
            row.push(num(s.map(|s| s.final_score)));
            detail.rows.push(row);
        }
        let mut row = vec![text(round_name(&c.round)), text(&c.id), text(&c.name)];
        for k in 0..r.reviewers.len() {
            row.push(match c.marks.get(&k) {
                Some(m) if m.status == "recused" => text(tr(M::ProgressRecused)),
                Some(m) if m.status == "complete" => num(m.total),
                Some(m) => m.total.map_or(text(tr(M::ProgressNotStarted)), |t| {
                    text(format!("{} ({})", t, tr(M::ProgressInProgress)))
                }),
                None => text(tr(M::ProgressNotStarted)),
            });
        }
        matrix.rows.push(row);
        for (k, m) in &c.marks {
            let who = r
                .reviewers
                .get(*k)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let mut say = |item: &str, kind: M, t: &str| {
                let name = items
                    .iter()
                    .position(|i| i == item)
                    .and_then(|i| item_names.get(i).cloned())
                    .unwrap_or_default();
                opinions.rows.push(vec![
                    text(round_name(&c.round)),
                    text(&c.id),
                    text(&c.name),
                    text(&who),
                    text(item),
                    text(name),
                    text(tr(kind)),
                    text(t),
                ]);
            };
            // In the rubric's order, then the cluster's own words.
            for item in &items {
                if let Some(t) = m.comments.get(item) {
                    say(item, M::FieldComment, t);
                }
            }
            if let Some(t) = &m.opinion {
                say("", M::FieldOpinion, t);
            }
            if let Some(t) = &m.conflict {
                say("", M::FieldConflict, t);
            }
        }
        if !c.divergence.is_empty() {
            divergence.rows.push(vec![
                text(round_name(&c.round)),
                text(&c.id),
                text(&c.name),
                text(divergence_text(c)),
            ]);
        }
    }
    let mut sources = Table {
        sheet: "来源",
        file: "sources",
        headers: h(&[
            M::ColFile,
            M::LabelReviewer,
            M::ColKey,
            M::ColSha,
            M::ColSequence,
            M::ColOutcome,
            M::ColWhy,
        ]),
        widths: vec![30.0, 12.0, 52.0, 66.0, 8.0, 10.0, 60.0],
        rows: Vec::new(),
    };
    for i in &r.inputs {
        let (outcome, why) = match &i.outcome {
            Outcome::Used => (tr(M::OutcomeUsed).to_string(), String::new()),
            Outcome::Duplicate { of } => (tr(M::OutcomeDuplicate).to_string(), of.clone()),
            Outcome::Superseded { by } => (tr(M::OutcomeSuperseded).to_string(), by.clone()),
            Outcome::Refused { reason, .. } => (tr(M::OutcomeRefused).to_string(), reason.clone()),
        };
        sources.rows.push(vec![
            text(&i.path),
            text(i.reviewer.clone().unwrap_or_default()),
            text(i.key.clone().unwrap_or_default()),
            text(&i.sha256),
            i.sequence.map_or(Cell::Empty, Cell::Int),
            text(outcome),
            text(why),
        ]);
    }
    vec![ranking, detail, matrix, opinions, divergence, sources]
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}: {1}")]
    Write(String, String),
}

fn io_err(p: &Path) -> impl Fn(&dyn std::fmt::Display) -> OutputError + '_ {
    move |e| OutputError::Write(p.display().to_string(), e.to_string())
}

/// The workbook's bytes.
pub fn workbook(r: &MergeResult, tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    // The fastest deflate: a national result has 600,000 cells, and the
    // file is written once and read by people.
    wb.set_zip_compression_level(1);
    // A fixed creation time: the same result, the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("pingshen 评审结果")
            .set_creation_datetime(&created),
    );
    let head = Format::new().set_bold().set_align(FormatAlign::Center);
    let note = Format::new().set_italic();
    let decimal = Format::new().set_num_format("0.00");
    for t in tables {
        // Rows go to a temporary file as they are written: a national
        // result is a million cells, and held in memory they cost 300 MB.
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(t.sheet)?;
        // The ranking states its rule above the table.
        let first = if t.file == "ranking" {
            let line = format!(
                "{}：{}；{}；{} {}",
                tr(M::ColRule),
                r.rule_text(),
                tr(M::RoundingRule),
                tr(M::LabelBundle),
                r.bundle.id
            );
            ws.write_string_with_format(0, 0, &line, &note)?;
            1
        } else {
            0
        };
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(first, c as u16, h, &head)?;
            ws.set_column_width(c as u16, t.widths.get(c).copied().unwrap_or(12.0))?;
        }
        ws.set_freeze_panes(first + 1, 0)?;
        for (i, row) in t.rows.iter().enumerate() {
            let y = first + 1 + i as u32;
            for (c, cell) in row.iter().enumerate() {
                let x = c as u16;
                match cell {
                    // Always text: never a formula, whatever it starts with.
                    Cell::Text(s) => {
                        ws.write_string(y, x, s)?;
                    }
                    Cell::Num(p) => {
                        ws.write_number_with_format(y, x, p.0 as f64 / 100.0, &decimal)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(y, x, *n as f64)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    wb.save_to_buffer()
}

fn csv(t: &Table, safe: bool) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = t
        .headers
        .iter()
        .map(|h| field(&Cell::Text(h.clone()).csv(safe)))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in &t.rows {
        out.push_str(
            &row.iter()
                .map(|c| field(&c.csv(safe)))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// The result manifest: every input's and output's SHA-256.
#[derive(Debug, Serialize)]
pub struct ResultManifest {
    pub format: &'static str,
    pub bundle: String,
    pub rule: String,
    pub inputs: Vec<(String, String, String)>,
    pub outputs: Vec<(String, String)>,
}

/// Writes the workbook at `out` and beside it `STEM.json`, `STEM.*.csv`
/// and `STEM.manifest.json`; `safe_csv` keeps CSV text from being run as a
/// formula. Returns every path written.
pub fn write(r: &MergeResult, out: &Path, safe_csv: bool) -> Result<Vec<PathBuf>, OutputError> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir)(&e))?;
    }
    let stem = out.with_extension("");
    let name = |suffix: &str| PathBuf::from(format!("{}{suffix}", stem.display()));
    let tables = tables(r);
    // The workbook on one core, the JSON and the CSV on the other.
    let (book, (json, csvs)) = std::thread::scope(|s| {
        let book = s.spawn(|| workbook(r, &tables));
        let json = serde_json::to_string(r).map(|j| j + "\n");
        let csvs: Vec<(PathBuf, Vec<u8>)> = tables
            .iter()
            .map(|t| {
                (
                    name(&format!(".{}.csv", t.file)),
                    csv(t, safe_csv).into_bytes(),
                )
            })
            .collect();
        (book.join(), (json, csvs))
    });
    let book = book
        .map_err(|_| io_err(out)(&"the workbook writer failed"))?
        .map_err(|e| io_err(out)(&e))?;
    let json = json.map_err(|e| io_err(out)(&e))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (out.to_path_buf(), book),
        (name(".json"), json.into_bytes()),
    ];
    files.extend(csvs);
    let manifest = ResultManifest {
        format: "pingshen-result-manifest",
        bundle: r.bundle.id.clone(),
        rule: r.rule_text(),
        inputs: r
            .inputs
            .iter()
            .map(|i| {
                let outcome = match &i.outcome {
                    Outcome::Used => "used".to_string(),
                    Outcome::Duplicate { .. } => "duplicate".into(),
                    Outcome::Superseded { .. } => "superseded".into(),
                    Outcome::Refused { kind, .. } => format!("refused:{kind}"),
                };
                (i.path.clone(), i.sha256.clone(), outcome)
            })
            .collect(),
        outputs: files
            .iter()
            .map(|(p, b)| {
                (
                    p.file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    sha256_bytes(b).to_string(),
                )
            })
            .collect(),
    };
    let m = serde_json::to_string_pretty(&manifest).map_err(|e| io_err(out)(&e))? + "\n";
    files.push((name(".manifest.json"), m.into_bytes()));
    let mut written = Vec::new();
    for (p, bytes) in files {
        let tmp = p.with_file_name(format!(
            ".{}.tmp",
            p.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        ));
        std::fs::write(&tmp, &bytes).map_err(|e| io_err(&p)(&e))?;
        std::fs::rename(&tmp, &p).map_err(|e| io_err(&p)(&e))?;
        written.push(p);
    }
    Ok(written)
}
