//! The tables as an Excel workbook: text cells as text (never formulas),
//! fixed creation time, so the same result gives the same bytes. Every
//! sheet is ready to print: A4 landscape, fitted to the page's width, the
//! header row repeated on each page, the bundle's title and the sheet's
//! name in the page header, page numbers in the footer, in a Chinese font
//! that Excel, WPS and LibreOffice all have (宋体 / SimSun).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::merge::result::MergeResult;
use crate::print;

use super::tables::{Cell, Table};

/// The formats a sheet uses.
struct Formats {
    head: Format,
    note: Format,
    body: Format,
    wrap: Format,
    decimal: Format,
    int: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = print::text().set_font_size(10.5);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            note: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            body: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            decimal: cell.clone().set_num_format("0.00"),
            int: cell,
        }
    }
}

/// The workbook's bytes.
pub fn workbook<T: std::borrow::Borrow<Table>>(
    r: &MergeResult,
    tables: impl IntoIterator<Item = T>,
) -> Result<Vec<u8>, XlsxError> {
    let (mut wb, f) = new_book()?;
    // Rows go to a temporary file as they are written: a national result
    // is two million cells, and held in memory they cost 300 MB.
    for t in tables {
        let t = t.borrow();
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&t.sheet)?;
        fill(ws, t, &f, &r.bundle.title)?;
    }
    wb.save_to_buffer()
}

/// [`workbook`] with its sheets filled on two threads, each taking about
/// half the cells.
pub fn workbook_on_two(r: &MergeResult, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let (mut wb, f) = new_book()?;
    for t in tables {
        wb.add_worksheet_with_constant_memory()?
            .set_name(&t.sheet)?;
    }
    let mut halves: [Vec<(&mut Worksheet, &Table)>; 2] = [Vec::new(), Vec::new()];
    let mut load = [0usize; 2];
    let mut pairs: Vec<(&mut Worksheet, &Table)> =
        wb.worksheets_mut().iter_mut().zip(tables).collect();
    pairs.sort_by_key(|(_, t)| std::cmp::Reverse(t.rows.len() * t.headers.len()));
    for (ws, t) in pairs {
        let k = usize::from(load[1] < load[0]);
        load[k] += t.rows.len() * t.headers.len() + 1;
        halves[k].push((ws, t));
    }
    let [a, b] = halves;
    let title = r.bundle.title.as_str();
    let fill_all = |half: Vec<(&mut Worksheet, &Table)>| -> Result<(), XlsxError> {
        half.into_iter()
            .try_for_each(|(ws, t)| fill(ws, t, &f, title))
    };
    std::thread::scope(|s| {
        let other = s.spawn(|| fill_all(b));
        let mine = fill_all(a);
        other
            .join()
            .unwrap_or_else(|_| Err(XlsxError::ParameterError("a sheet writer failed".into())))
            .and(mine)
    })?;
    wb.save_to_buffer()
}

/// A workbook set up as every result's is, and the formats its sheets use.
fn new_book() -> Result<(Workbook, Formats), XlsxError> {
    let mut wb = Workbook::new();
    // The fastest deflate: a national result has two million cells, and
    // the file is written once and read by people.
    wb.set_zip_compression_level(1);
    // The Chinese font for every cell, default ones included.
    wb.set_default_format(&print::text().set_font_size(11), 18, 72)?;
    // A fixed creation time: the same result, the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("pingshen 评审结果")
            .set_creation_datetime(&created),
    );
    Ok((wb, Formats::new()))
}

/// Writes one table into its sheet, ready to print.
fn fill(ws: &mut Worksheet, t: &Table, f: &Formats, title: &str) -> Result<(), XlsxError> {
    {
        // Lines above and below span the table's width and wrap in it, so
        // that fitting the page's width fits the table, not a long line.
        let last = t.headers.len().saturating_sub(1) as u16;
        let span: f64 = t.widths.iter().take(t.headers.len()).sum();
        let say = |ws: &mut Worksheet, y: u32, line: &str| -> Result<(), XlsxError> {
            ws.set_row_height(y, print::row_height(print::lines(line, span)) + 2.0)?;
            if last > 0 {
                ws.merge_range(y, 0, y, last, line, &f.note)?;
            } else {
                ws.write_string_with_format(y, 0, line, &f.note)?;
            }
            Ok(())
        };
        for (i, line) in t.above.iter().enumerate() {
            say(ws, i as u32, line)?;
        }
        let head = t.above.len() as u32;
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(head, c as u16, h, &f.head)?;
            ws.set_column_width(c as u16, t.widths.get(c).copied().unwrap_or(12.0))?;
        }
        ws.set_freeze_panes(head + 1, 0)?;
        print::paper(ws, title, Some(&t.sheet), head, head)?;
        for (i, row) in t.rows.iter().enumerate() {
            let y = head + 1 + i as u32;
            // A row as tall as its longest wrapped text.
            let tall = t
                .wrap
                .iter()
                .filter_map(|&c| match row.get(c) {
                    Some(Cell::Text(s)) => {
                        Some(print::lines(s, t.widths.get(c).copied().unwrap_or(12.0)))
                    }
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            if tall > 1 {
                ws.set_row_height(y, print::row_height(tall))?;
            }
            for (c, cell) in row.iter().enumerate() {
                let x = c as u16;
                let text_format = if t.wrap.contains(&c) {
                    &f.wrap
                } else {
                    &f.body
                };
                match cell {
                    // Always text: never a formula, whatever it starts with.
                    Cell::Text(s) => {
                        ws.write_string_with_format(y, x, s, text_format)?;
                    }
                    Cell::Num(p) => {
                        ws.write_number_with_format(y, x, p.0 as f64 / 100.0, &f.decimal)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number_with_format(y, x, *n as f64, &f.int)?;
                    }
                    Cell::Empty => {
                        ws.write_blank(y, x, &f.body)?;
                    }
                }
            }
        }
        // Below, after a blank row: a line each, with room to sign.
        let below = head + 1 + t.rows.len() as u32 + 1;
        for (i, line) in t.below.iter().enumerate() {
            say(ws, below + 2 * i as u32, line)?;
        }
    }
    Ok(())
}
