//! Evidence files and their catalogues: small PDFs and text files, listed
//! in each cluster's 目录.

use std::fs;
use std::io;
use std::path::Path;

use pingshen_core::bundle::template::{self, Cell};

use super::figures::Rng;
use super::workbooks::xlsx;

pub(super) fn write_text(path: &Path, text: &str) -> io::Result<()> {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d)?;
    }
    fs::write(path, text)
}

/// Writes a cluster's evidence files and their catalogue.
pub(super) fn write_evidence(
    dir: &Path,
    id: &str,
    name: &str,
    items: &[(&str, String)],
    rng: &mut Rng,
    year: i32,
) -> io::Result<()> {
    write_catalogue_of(dir, id, name, &[], items, rng, year)
}

/// A cluster's evidence files and their catalogue: `docs` first (their
/// pages fixed, so that the random figures after them do not move), then
/// the `items`.
pub(super) fn write_catalogue_of(
    dir: &Path,
    id: &str,
    name: &str,
    docs: &[(&str, &str)],
    items: &[(&str, String)],
    rng: &mut Rng,
    year: i32,
) -> io::Result<()> {
    let all: Vec<(&str, String, Option<i64>)> = docs
        .iter()
        .enumerate()
        .map(|(k, (d, t))| (*d, t.to_string(), Some(3 + k as i64 * 4)))
        .chain(items.iter().map(|(i, t)| (*i, t.clone(), None)))
        .collect();
    let mut rows = Vec::new();
    for (k, (item, title, fixed)) in all.iter().enumerate() {
        let item = *item;
        let pages = fixed.unwrap_or_else(|| rng.range(1, 24));
        let ext = if k % 3 == 2 { "pdf" } else { "txt" };
        let rel = format!("材料/{:02} {title}.{ext}", k + 1);
        let body = format!(
            "{name}（{id}）\n{year}年度 {title}\n共 {pages} 页。\n\n本文件为演示数据，由 pingshen 生成。\n"
        );
        let content = if ext == "pdf" {
            tiny_pdf(&format!(
                "{id} {}",
                if item.is_ascii() { item } else { "doc" }
            ))
        } else {
            body
        };
        write_text(&dir.join(&rel), &content)?;
        rows.push(vec![
            Cell::Number(k as f64 + 1.0),
            Cell::Text(format!("{year}年度{title}")),
            Cell::from(item),
            Cell::Number(pages as f64),
            Cell::Text(rel),
        ]);
    }
    template::write_catalogue(&dir.join("证明材料目录.xlsx"), id, name, &rows).map_err(xlsx)
}

/// A minimal one-page PDF whose text is `label` (ASCII).
fn tiny_pdf(label: &str) -> String {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({label}) Tj ET");
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length {}>>stream\n{stream}\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        stream.len()
    )
}
