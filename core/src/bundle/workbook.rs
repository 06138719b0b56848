//! Workbooks → sheets of cells, with calamine, for `.xlsx` and legacy `.xls`.
//!
//! Sheets are kept sparse (only the cells that hold something), and a sheet
//! whose declared or actual extent is absurd is refused before anything large
//! is allocated: calamine reserves memory from the declared dimensions of a
//! `.xls` sheet and from the shared-string count of a `.xlsx`, so both are
//! checked from the raw file first.

use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, Xls, Xlsx};

use crate::bundle::sheet::format_number;
use crate::bundle::xlsx_scan;
use crate::i18n::M;

pub use crate::bundle::sheet::*;

/// Reads every sheet of a `.xlsx` or `.xls` workbook file.
pub fn read(path: &Path) -> Result<Vec<Sheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(open_err)?;
    read_bytes(bytes, is_xls(path))
}

/// True when the file name says legacy `.xls`.
pub(crate) fn is_xls(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xls"))
}

/// Reads every sheet of a workbook held in memory (so that what is parsed
/// is exactly what was hashed).
///
/// What the bytes are decides how they are read, not the name: a legacy
/// workbook renamed `.xlsx` (or the reverse) is read all the same. `xls` is
/// what the name says, for bytes that are neither.
pub fn read_bytes(bytes: Vec<u8>, xls: bool) -> Result<Vec<Sheet>, ReadError> {
    // A reader that fails on a malformed file fails for that file alone.
    std::panic::catch_unwind(move || read_kind(bytes, xls)).unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadError::Crashed(crate::text::inert(&why).into_owned()))
    })
}

fn read_kind(bytes: Vec<u8>, xls: bool) -> Result<Vec<Sheet>, ReadError> {
    match Kind::of(&bytes) {
        Kind::Zip => read_xlsx(bytes),
        Kind::Compound => read_xls(bytes),
        Kind::XmlSpreadsheet => Err(ReadError::NotAWorkbook(M::XmlSpreadsheet)),
        Kind::WebPage => Err(ReadError::NotAWorkbook(M::WebPageWorkbook)),
        Kind::Other if xls => read_xls(bytes),
        Kind::Other => Err(ReadError::NotAWorkbook(M::NotAWorkbook)),
    }
}

/// What a file that should be a workbook holds, by its first bytes.
#[derive(Debug, PartialEq)]
enum Kind {
    /// A zip package: `.xlsx`.
    Zip,
    /// An OLE compound file: legacy `.xls`.
    Compound,
    /// Excel 2003 XML ("XML 电子表格"), which Excel and WPS save on request.
    XmlSpreadsheet,
    /// HTML, which web systems export (and office suites save) as `.xls`.
    WebPage,
    Other,
}

impl Kind {
    fn of(bytes: &[u8]) -> Kind {
        if bytes.starts_with(b"PK\x03\x04") {
            return Kind::Zip;
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Kind::Compound;
        }
        // Text: look at the start, past a byte-order mark and white space.
        let head = &bytes[..bytes.len().min(4096)];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let head = String::from_utf8_lossy(head.trim_ascii_start()).to_ascii_lowercase();
        if head.starts_with("<?xml")
            && head.contains("urn:schemas-microsoft-com:office:spreadsheet")
        {
            Kind::XmlSpreadsheet
        } else if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || (head.starts_with('<') && head.contains("<table"))
        {
            Kind::WebPage
        } else {
            Kind::Other
        }
    }
}

fn open_err(e: impl std::fmt::Display) -> ReadError {
    ReadError::Open(e.to_string())
}

fn dims_text(d: &Dimensions) -> String {
    format!(
        "{}:{}",
        crate::bundle::cell_name(d.start.0, d.start.1),
        crate::bundle::cell_name(d.end.0, d.end.1)
    )
}

fn within_limits(d: &Dimensions) -> bool {
    d.end.0 < MAX_ROWS && d.end.1 < MAX_COLS
}

/// Whether a style's number format shows a percentage.
fn percent_style(style: &calamine::Style) -> bool {
    style.number_format.as_ref().is_some_and(|f| {
        matches!(f.format_id, Some(9 | 10))
            || crate::bundle::biff::is_percent_format(&f.format_code)
    })
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    let (parts, layouts) = {
        let mut zip = xlsx_scan::open(&bytes)?;
        xlsx_scan::check_shared_strings(&mut zip)?;
        let parts = xlsx_scan::book(&mut zip)?;
        (parts, zip)
    };
    let mut zip = layouts;
    let mut wb = Xlsx::new(std::io::Cursor::new(&bytes[..])).map_err(open_err)?;
    let visible: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(visible.len());
    let mut total = 0usize;
    for name in visible {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // Chart sheets and the like hold no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(open_err(e)),
        };
        let declared = reader.dimensions();
        if !within_limits(&declared) {
            return Err(ReadError::AbsurdDimension {
                sheet: name,
                dims: dims_text(&declared),
            });
        }
        let percent: Vec<bool> = reader.styles().iter().map(percent_style).collect();
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(open_err)? {
            let (r, c) = cell.get_position();
            if r >= MAX_ROWS || c >= MAX_COLS {
                return Err(ReadError::CellOutOfRange {
                    sheet: name,
                    row: r,
                    col: c,
                });
            }
            let v = match from_ref(cell.get_value()) {
                Value::Number(n) if percent.get(style).copied().unwrap_or(false) => {
                    Value::Percent(n)
                }
                v => v,
            };
            if !v.is_empty() {
                cells.push((r, c, v));
                total += 1;
                if total > MAX_CELLS {
                    return Err(ReadError::TooManyCells(name));
                }
            }
        }
        drop(reader);
        let layout = match parts.parts.get(&name) {
            Some(part) => xlsx_scan::layout(&mut zip, part, parts.recalc_on_load)?,
            None => xlsx_scan::Layout::default(),
        };
        sheets.push(Sheet::from_cells(name, apply(cells, &layout)));
    }
    Ok(sheets)
}

/// The cells as a person sees them: those in hidden rows and columns left
/// out; a value merged over several rows given to every cell it covers.
fn apply(cells: Vec<(u32, u32, Value)>, layout: &xlsx_scan::Layout) -> Vec<(u32, u32, Value)> {
    if layout.is_empty() {
        return cells;
    }
    let hidden = |r: u32, c: u32| {
        layout.hidden_rows.binary_search(&r).is_ok()
            || layout
                .hidden_cols
                .iter()
                .any(|&(a, b)| (a..=b).contains(&c))
    };
    let mut out: Vec<(u32, u32, Value)> = Vec::with_capacity(cells.len());
    let mut by_pos: std::collections::HashMap<(u32, u32), Value> = std::collections::HashMap::new();
    // A formula without a value to trust is said to be one, not taken for
    // blank or for the placeholder saved with it.
    let uncached: std::collections::HashSet<(u32, u32)> = layout.uncached.iter().copied().collect();
    for (r, c, v) in cells {
        if !hidden(r, c) && !uncached.contains(&(r, c)) {
            by_pos.insert((r, c), v.clone());
            out.push((r, c, v));
        }
    }
    for &(r, c) in &layout.uncached {
        if !hidden(r, c) && !by_pos.contains_key(&(r, c)) {
            by_pos.insert((r, c), Value::Uncached);
            out.push((r, c, Value::Uncached));
        }
    }
    for &(r0, c0, r1, c1) in &layout.merges {
        if r1 == r0 {
            continue;
        }
        let Some(v) = by_pos.get(&(r0, c0)).cloned() else {
            continue;
        };
        for r in r0..=r1.min(MAX_ROWS) {
            for c in c0..=c1.min(MAX_COLS) {
                if (r, c) != (r0, c0) && !hidden(r, c) && !by_pos.contains_key(&(r, c)) {
                    by_pos.insert((r, c), v.clone());
                    out.push((r, c, v.clone()));
                }
            }
        }
    }
    out
}

/// A date-formatted cell as the date it shows (`2029-09-04`, with the
/// time when it has one), in the 1900 date system; a duration as its
/// number of days.
fn date_text(dt: &calamine::ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if !dt.is_datetime() || !(1.0..2_958_466.0).contains(&serial) {
        return format_number(serial);
    }
    let days = serial.floor() as i64;
    // Serial 60 is the 29 February 1900 that never was (kept from Lotus 1-2-3).
    let from_epoch = if days < 60 { days + 1 } else { days } - 25_569;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = from_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}",
            secs / 3600,
            secs / 60 % 60
        )
    }
}

fn from_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => Value::Date(date_text(dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => Value::Date(date_text(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn read_xls(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    // Its stream is copied whole by each reader: bounded before either.
    if bytes.len() as u64 > MAX_XLS_FILE {
        return Err(ReadError::LegacyTooLarge(bytes.len() as u64));
    }
    let infos = crate::bundle::biff::walk(&bytes)?;
    let mut wb = Xls::new(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let visible: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(visible.len());
    let mut total = 0usize;
    for name in visible {
        let range = wb.worksheet_range(&name).map_err(open_err)?;
        let info = infos.get(&name).cloned().unwrap_or_default();
        let mut cells = Vec::new();
        let (sr, sc) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (r, c) = (sr + r as u32, sc + c as u32);
            let v = match from_data(v) {
                Value::Number(n) if info.percent.contains(&(r, c)) => Value::Percent(n),
                v => v,
            };
            if !v.is_empty() {
                cells.push((r, c, v));
                total += 1;
                if total > MAX_CELLS {
                    return Err(ReadError::TooManyCells(name));
                }
            }
        }
        let mut layout = xlsx_scan::Layout {
            hidden_rows: info.hidden_rows.clone(),
            hidden_cols: info.hidden_cols.clone(),
            merges: wb
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect(),
            uncached: Vec::new(),
        };
        layout.hidden_rows.sort_unstable();
        sheets.push(Sheet::from_cells(name, apply(cells, &layout)));
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../testdata/broken")
                .join(name),
        )
        .unwrap()
    }

    fn first_cell_text(sheets: &[Sheet]) -> String {
        sheets[0].rows[0].cells[0].1.as_text()
    }

    #[test]
    fn dates_are_shown_as_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let d = |v: f64| date_text(&ExcelDateTime::new(v, DateTime, false));
        assert_eq!(d(1.0), "1900-01-01");
        assert_eq!(d(59.0), "1900-02-28");
        assert_eq!(d(61.0), "1900-03-01");
        assert_eq!(d(43_101.0), "2018-01-01");
        assert_eq!(d(47_366.0), "2029-09-05");
        assert_eq!(d(43_101.5), "2018-01-01 12:00");
        assert_eq!(d(2_169_058.41), "7838-09-04 09:50");
    }

    #[test]
    fn what_the_bytes_are_decides_how_they_are_read_not_the_name() {
        let xls = broken("表二.xls");
        let xlsx = broken("表二-libreoffice.xlsx");
        let as_named = first_cell_text(&read_bytes(xls.clone(), true).unwrap());
        // A legacy workbook renamed .xlsx, and a package renamed .xls.
        assert_eq!(first_cell_text(&read_bytes(xls, false).unwrap()), as_named);
        assert_eq!(
            first_cell_text(&read_bytes(xlsx.clone(), true).unwrap()),
            first_cell_text(&read_bytes(xlsx, false).unwrap())
        );
        assert!(as_named.contains("表二"), "{as_named}");
    }

    #[test]
    fn xml_spreadsheets_and_web_pages_named_xls_are_named_for_what_they_are() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
                   <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">\
                   <Worksheet ss:Name=\"表二\"><Table/></Worksheet></Workbook>";
        let html = "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n\
                    <head><meta name=\"Generator\" content=\"WPS Office ET\"></head>\
                    <body><table><tr><td>集群编号</td></tr></table></body></html>";
        for (bytes, want) in [
            (xml.as_bytes(), M::XmlSpreadsheet),
            (html.as_bytes(), M::WebPageWorkbook),
            (
                b"\n\n  <!DOCTYPE html><p>x</p>".as_slice(),
                M::WebPageWorkbook,
            ),
        ] {
            for xls in [true, false] {
                match read_bytes(bytes.to_vec(), xls) {
                    Err(ReadError::NotAWorkbook(m)) if m == want => {}
                    other => panic!("{want:?}, named xls {xls}: {other:?}"),
                }
            }
        }
        // Anything else: named .xlsx, it is no workbook; named .xls, the
        // legacy reader says why it cannot open it.
        let csv = b"name,sales\nKH-1,3".to_vec();
        assert!(matches!(
            read_bytes(csv.clone(), false),
            Err(ReadError::NotAWorkbook(M::NotAWorkbook))
        ));
        assert!(matches!(read_bytes(csv, true), Err(ReadError::Open(_))));
    }
}
