//! Writes `testdata/messy/`: 表二 and 申报表 workbooks of 天门 filled the
//! ways offices fill them — one kind of mess each, and all at once — in
//! `.xlsx` and (through LibreOffice) legacy `.xls`, with `cases.json`
//! saying what each must read to or where it must be refused.
//! `tests/messy.rs` takes every one through pack → import → `show --json`.
//!
//!     cargo run --example gen_messy -- testdata/messy
//!
//! LibreOffice (`soffice`) must be installed to write the `.xls` files; the
//! committed files are what the tests use, so CI does not need it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use pingshen::bundle::fields::{TABLE2, TABLE2_TEMPLATE_ORDER};
use pingshen::bundle::template::{self, Cell, TABLE2_FIRST_ROW};
use rust_xlsxwriter::{Format, FormatBorder, Formula, Worksheet};
use serde_json::{Value as Json, json};

use book::*;
use cases::cases;
use data::*;

mod book;
mod cases;
mod data;
#[path = "../common/zip_edit.rs"]
mod zip_edit;

pub(crate) const YEAR: i32 = 2018;

pub(crate) const COUNTY: &str = "天门市";

pub(crate) const KINDS: [&str; 4] = ["sales", "employment", "investment", "taxes"];

/// What a case must read to.
pub(crate) enum Expect {
    /// The figures of `CLUSTERS` (and, for a 申报表, the demo's form),
    /// with these warnings.
    Read(Vec<&'static str>),
    /// Refused, the report saying each of these.
    Refused(Vec<&'static str>),
}

pub(crate) struct Case {
    stem: &'static str,
    /// "表二" or "申报表".
    target: &'static str,
    what: &'static str,
    sheets: Vec<Sheet>,
    expect: Expect,
    /// What the `.xls` must read to instead, when that differs.
    xls: Option<Expect>,
    /// The sheets the `.xls` is converted from, when not `sheets`: a legacy
    /// workbook always holds its formulas' values, so its case is the
    /// formula with the value Excel saved.
    xls_from: Option<Vec<Sheet>>,
    /// An edit of the written `.xlsx` package.
    patch: Option<fn(&Path) -> Result<()>>,
}

fn case(stem: &'static str, what: &'static str, sheets: Vec<Sheet>, expect: Expect) -> Case {
    Case {
        stem,
        target: "表二",
        what,
        sheets,
        expect,
        xls: None,
        xls_from: None,
        patch: None,
    }
}

fn read() -> Expect {
    Expect::Read(Vec::new())
}

/// The figures every case that reads must come to, as `show --json` says
/// them (yuan, persons).
fn expected_figures() -> Json {
    let clusters: serde_json::Map<String, Json> = CLUSTERS
        .iter()
        .map(|c| {
            let indicators: Vec<Json> = KINDS
                .iter()
                .zip(c.figures.iter())
                .map(|(kind, f)| {
                    let scale = if *kind == "employment" { 1.0 } else { 10_000.0 };
                    json!({
                        "kind": kind,
                        "previous": (f[0] * scale).round() as i64,
                        "current": (f[1] * scale).round() as i64,
                        "increment": (f[2] * scale).round() as i64,
                    })
                })
                .collect();
            (
                c.id.to_string(),
                json!({
                    "name": c.name,
                    "county": COUNTY,
                    "industry": c.industry,
                    "above_scale": c.above_scale as i64,
                    "indicators": indicators,
                }),
            )
        })
        .collect();
    json!({
        "clusters": clusters,
        "application": {
            "SB-429006-01": {
                "annual_sales": 1_976_840_000i64,
                "sales_growth_pct": 10.5,
                "region_growth_pct": 10.7,
                "employment": 5292,
                "brands": 5,
            }
        }
    })
}

fn expect_json(e: &Expect) -> Json {
    match e {
        Expect::Read(w) => json!({ "reads": true, "warnings": w }),
        Expect::Refused(m) => json!({ "reads": false, "errors": m }),
    }
}

/// Removes every formula's saved value and the recalculate-on-load mark:
/// the shape of a workbook openpyxl writes.
fn drop_formula_values(path: &Path) -> Result<()> {
    zip_edit::rewrite_zip(
        path,
        |name, text| {
            Ok(match name {
                "xl/workbook.xml" => text.replace(" fullCalcOnLoad=\"1\"", ""),
                n if n.starts_with("xl/worksheets/") => text.replace("</f><v>0</v>", "</f>"),
                _ => text,
            })
        },
        &[],
    )
}

/// Removes the recalculate-on-load mark rust_xlsxwriter sets: the values
/// saved with the formulas are then what Excel computed.
fn as_excel_saves(path: &Path) -> Result<()> {
    zip_edit::rewrite_zip(
        path,
        |name, text| {
            Ok(match name {
                "xl/workbook.xml" => text.replace(" fullCalcOnLoad=\"1\"", ""),
                _ => text,
            })
        },
        &[],
    )
}

/// Converts with LibreOffice into `dir` (format: "xls").
fn soffice(src: &Path, format: &str, dir: &Path) -> Result<PathBuf> {
    let tmp = tempfile::tempdir()?;
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(src)
        .env("HOME", tmp.path())
        .stdout(std::process::Stdio::null())
        .status()
        .context("LibreOffice (soffice) is needed to write the .xls files")?;
    if !status.success() {
        bail!("soffice failed on {}", src.display());
    }
    let stem = src
        .file_stem()
        .context("stem")?
        .to_string_lossy()
        .to_string();
    Ok(dir.join(format!("{stem}.{format}")))
}

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("testdata/messy"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let mut listed = Vec::new();
    for c in cases() {
        let xlsx = dir.join(format!("{}.xlsx", c.stem));
        write_book(&xlsx, &c.sheets)?;
        if let Some(patch) = c.patch {
            patch(&xlsx)?;
        }
        let xls = match &c.xls_from {
            Some(sheets) => {
                let tmp = tempfile::tempdir()?;
                let src = tmp.path().join(format!("{}.xlsx", c.stem));
                write_book(&src, sheets)?;
                soffice(&src, "xls", &dir)?
            }
            None => soffice(&xlsx, "xls", &dir)?,
        };
        if !xls.exists() {
            bail!("LibreOffice wrote no {}", xls.display());
        }
        for (file, e) in [
            (xlsx, &c.expect),
            (xls, c.xls.as_ref().unwrap_or(&c.expect)),
        ] {
            let name = file
                .file_name()
                .context("name")?
                .to_string_lossy()
                .to_string();
            let mut j = expect_json(e);
            j["file"] = json!(name);
            j["replaces"] = json!(c.target);
            j["what"] = json!(c.what);
            listed.push(j);
        }
    }
    let cases = json!({ "expected": expected_figures(), "cases": listed });
    fs::write(
        dir.join("cases.json"),
        serde_json::to_string_pretty(&cases)? + "\n",
    )?;
    println!("{} workbooks in {}", listed.len(), dir.display());
    Ok(())
}
