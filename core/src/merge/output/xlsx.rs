//! The tables as an Excel workbook: text cells as text (never formulas),
//! fixed creation time, so the same result gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

use crate::i18n::{M, tr};
use crate::merge::result::MergeResult;

use super::tables::{Cell, Table};

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
