//! Writes `testdata/hostile/`: workbooks made to crash a reader or exhaust
//! its memory, one for each guard (see its README.md), from 天门's 表二.
//!
//!     cargo run --release --example gen_hostile -- testdata/hostile
//!
//! The bombs hold a gigabyte of XML each in about a megabyte.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

#[path = "common/xls_edit.rs"]
mod xls_edit;

/// What a part is replaced by.
enum Part {
    Text(String),
    /// `before`, then `n` bytes of `fill`, then `after`, streamed.
    Bomb {
        before: String,
        fill: u8,
        n: u64,
        after: String,
    },
    /// Rows of `cols` cells holding 1, streamed.
    Cells {
        before: String,
        rows: u32,
        cols: u32,
        after: String,
    },
}

/// Reads every part of the base workbook as text.
fn parts(base: &Path) -> Result<Vec<(String, String)>> {
    let mut z = zip::ZipArchive::new(fs::File::open(base)?)?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let mut s = String::new();
        f.read_to_string(&mut s)?;
        out.push((f.name()?.to_string(), s));
    }
    Ok(out)
}

fn write(path: &Path, parts: Vec<(String, Part)>) -> Result<()> {
    let mut z = zip::ZipWriter::new(fs::File::create(path)?);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, part) in parts {
        z.start_file(name, opts)?;
        match part {
            Part::Text(s) => z.write_all(s.as_bytes())?,
            Part::Bomb {
                before,
                fill,
                n,
                after,
            } => {
                z.write_all(before.as_bytes())?;
                let chunk = vec![fill; 1 << 20];
                let mut left = n;
                while left > 0 {
                    let k = left.min(chunk.len() as u64) as usize;
                    z.write_all(&chunk[..k])?;
                    left -= k as u64;
                }
                z.write_all(after.as_bytes())?;
            }
            Part::Cells {
                before,
                rows,
                cols,
                after,
            } => {
                z.write_all(before.as_bytes())?;
                let row = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(cols as usize));
                for _ in 0..rows {
                    z.write_all(row.as_bytes())?;
                }
                z.write_all(after.as_bytes())?;
            }
        }
    }
    z.finish()?;
    Ok(())
}

/// The base parts with `edit` applied to the text of each.
fn edited(
    base: &[(String, String)],
    edit: impl Fn(&str, &str) -> Result<Part>,
) -> Result<Vec<(String, Part)>> {
    base.iter()
        .map(|(n, s)| Ok((n.clone(), edit(n, s)?)))
        .collect()
}

fn once(s: &str, from: &str, to: &str) -> Result<String> {
    if s.matches(from).count() != 1 {
        bail!("expected {from:?} once");
    }
    Ok(s.replacen(from, to, 1))
}

/// Splits `s` around its one `at`, keeping `at` on the left.
fn split_after(s: &str, at: &str) -> Result<(String, String)> {
    let i = s.find(at).context("split marker")? + at.len();
    Ok((s[..i].to_string(), s[i..].to_string()))
}

const SST: &str = "xl/sharedStrings.xml";
const SHEET: &str = "xl/worksheets/sheet1.xml";
const GB: u64 = 1 << 30;

/// The shared-string count rewritten as `attr` (the whole attribute).
fn sst_count(base: &[(String, String)], attr: &str) -> Result<Vec<(String, Part)>> {
    edited(base, |n, s| {
        Ok(Part::Text(if n == SST {
            let i = s.find("uniqueCount=\"").context("uniqueCount")?;
            let j = i + s[i + 13..].find('"').context("quote")? + 14;
            format!("{}{}{}", &s[..i], attr, &s[j..])
        } else {
            s.to_string()
        }))
    })
}

/// A gigabyte of `fill` in the sheet: after `<sheetData>` (spaces, NULs),
/// or as the digits of one cell's value.
fn bomb(base: &[(String, String)], fill: u8) -> Result<Vec<(String, Part)>> {
    edited(base, |n, s| {
        if n != SHEET {
            return Ok(Part::Text(s.to_string()));
        }
        let (before, after) = split_after(s, "<sheetData>")?;
        Ok(if fill == b'7' {
            Part::Bomb {
                before: before + "<row r=\"100\"><c r=\"A100\"><v>",
                fill,
                n: GB,
                after: "</v></c></row>".to_string() + &after,
            }
        } else {
            Part::Bomb {
                before,
                fill,
                n: GB,
                after,
            }
        })
    })
}

/// A sheet of `rows` × `cols` cells in place of the 表二 sheet's data.
fn cells(base: &[(String, String)], rows: u32, cols: u32) -> Result<Vec<(String, Part)>> {
    edited(base, |n, s| {
        if n != SHEET {
            return Ok(Part::Text(s.to_string()));
        }
        let (before, rest) = split_after(s, "<sheetData>")?;
        let after = &rest[rest.find("</sheetData>").context("end")?..];
        // No declared dimension: the cells alone say how many there are.
        let before = match before.find("<dimension") {
            Some(i) => {
                let j = i + before[i..].find("/>").context("/>")? + 2;
                format!("{}{}", &before[..i], &before[j..])
            }
            None => before,
        };
        Ok(Part::Cells {
            before,
            rows,
            cols,
            after: after.to_string(),
        })
    })
}

/// The workbook moved from `xl/` to `book/` (the package relations say
/// where it is; calamine follows them).
fn moved(base: &[(String, String)], count: Option<&str>) -> Result<Vec<(String, Part)>> {
    base.iter()
        .map(|(n, s)| {
            let mut s = match n.as_str() {
                "[Content_Types].xml" => s.replace("/xl/", "/book/"),
                "_rels/.rels" => once(s, "xl/workbook.xml", "book/workbook.xml")?,
                _ => s.clone(),
            };
            if n == SST
                && let Some(c) = count
            {
                let i = s.find("uniqueCount=\"").context("uniqueCount")?;
                let j = i + s[i + 13..].find('"').context("quote")? + 14;
                s = format!("{}uniqueCount=\"{c}\"{}", &s[..i], &s[j..]);
            }
            let name = match n.strip_prefix("xl/") {
                Some(rest) => format!("book/{rest}"),
                None => n.clone(),
            };
            Ok((name, Part::Text(s)))
        })
        .collect()
}

/// Rewrites the uncompressed size of `entry`, in its local header and in
/// the central directory, to `size`: a zip that lies about what it holds.
fn lie_about_size(path: &Path, entry: &str, size: u32) -> Result<()> {
    let mut b = fs::read(path)?;
    let name = entry.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < b.len() {
        let sig = u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        // Local file header: size at 22, name length at 26, name at 30.
        if sig == 0x0403_4b50 {
            let n = u16::from_le_bytes([b[i + 26], b[i + 27]]) as usize;
            if b.get(i + 30..i + 30 + n) == Some(name) {
                b[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        // Central directory header: size at 24, name length at 28, name at 46.
        if sig == 0x0201_4b50 {
            let n = u16::from_le_bytes([b[i + 28], b[i + 29]]) as usize;
            if b.get(i + 46..i + 46 + n) == Some(name) {
                b[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    if patched != 2 {
        bail!("patched {patched} headers of {entry}, expected 2");
    }
    fs::write(path, b)?;
    Ok(())
}

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("testdata/hostile"), PathBuf::from);
    fs::create_dir_all(&dir)?;
    let base = parts(Path::new("testdata/submissions/天门/表二 业绩指标.xlsx"))?;
    let out = |name: &str| dir.join(name);

    write(
        &out("sst-single-quotes.xlsx"),
        sst_count(&base, "uniqueCount='10000000000000'")?,
    )?;
    write(
        &out("sst-spaces.xlsx"),
        sst_count(&base, "uniqueCount = \"400000000000000000\"")?,
    )?;
    let junk: String = (0..100)
        .map(|i| format!("xmlns:p{i}=\"urn:pingshen:padding:{i}\" "))
        .collect();
    write(
        &out("sst-late.xlsx"),
        sst_count(&base, &format!("{junk}uniqueCount=\"10000000000000\""))?,
    )?;
    write(&out("moved.xlsx"), moved(&base, None)?)?;
    write(
        &out("sst-moved.xlsx"),
        moved(&base, Some("10000000000000"))?,
    )?;
    write(&out("bomb-spaces.xlsx"), bomb(&base, b' ')?)?;
    write(&out("bomb-nuls.xlsx"), bomb(&base, 0)?)?;
    write(&out("bomb-digits.xlsx"), bomb(&base, b'7')?)?;
    let lying = out("bomb-lying.xlsx");
    write(&lying, bomb(&base, b' ')?)?;
    let sheet_size = base
        .iter()
        .find(|(n, _)| n == SHEET)
        .map_or(0, |(_, s)| s.len() as u32);
    lie_about_size(&lying, SHEET, sheet_size)?;
    write(&out("cells-100000x200.xlsx"), cells(&base, 100_000, 200)?)?;
    write(&out("cells-2000x200.xlsx"), cells(&base, 2_000, 200)?)?;
    // The control for the part limit: 天门's 表二 with 15 MB of spaces
    // between its rows (just within the limit), a hidden row and a formula,
    // so that the sheet is scanned for them as well as read.
    write(
        &out("padded.xlsx"),
        edited(&base, |n, s| {
            if n != SHEET {
                return Ok(Part::Text(s.to_string()));
            }
            let (before, after) = split_after(s, "</row>")?;
            let after = once(
                &after,
                "<row r=\"8\"",
                "<row r=\"7\" hidden=\"1\"><c r=\"A7\"><f>1+1</f><v>2</v></c></row><row r=\"8\"",
            )?;
            Ok(Part::Bomb {
                before,
                fill: b' ',
                n: 15 << 20,
                after,
            })
        })?,
    )?;
    // A legacy workbook declaring the largest sheet each limit allows
    // alone: 100,000 rows of 512 columns.
    let area = out("dimension-area.xls");
    fs::copy("testdata/broken/表二.xls", &area)?;
    xls_edit::set_dimension(&area, 100_000, Some(512))?;
    for e in fs::read_dir(&dir)? {
        let e = e?;
        println!(
            "{:>10}  {}",
            e.metadata()?.len(),
            e.file_name().to_string_lossy()
        );
    }
    Ok(())
}
