//! Workbooks → sheets of cells, with calamine, for `.xlsx` and legacy `.xls`.
//!
//! Sheets are kept sparse (only the cells that hold something), and a sheet
//! whose declared or actual extent is absurd is refused before anything large
//! is allocated: calamine reserves memory from the declared dimensions of a
//! `.xls` sheet and from the shared-string count of a `.xlsx`, so both are
//! checked from the raw file first.

use std::io::Read;
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, Xls, Xlsx};

use crate::i18n::{M, tr, trf};

/// Most rows a sheet may have (the national bundle's largest table is far smaller).
pub const MAX_ROWS: u32 = 100_000;
/// Most columns a sheet may have.
pub const MAX_COLS: u32 = 512;
/// Most cells of the dense grid calamine builds for a legacy `.xls` sheet.
const MAX_XLS_AREA: u64 = 2_000_000;

/// A cell value as read, before any interpretation.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(String),
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would read it in the cell.
    pub fn as_text(&self) -> String {
        self.text().into_owned()
    }

    /// [`Value::as_text`], borrowed where the cell holds text.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(s) | Value::Date(s) | Value::Error(s) => Cow::Borrowed(s),
            Value::Number(n) => Cow::Owned(format_number(*n)),
            Value::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }

    /// How the value is described in an error message ("found …").
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => tr(M::FoundEmpty).to_string(),
            Value::Text(s) => format!("\"{}\"", crate::text::inert(s)),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => format!("{} {}", tr(M::FoundDate), d),
            Value::Error(e) => trf(M::FoundError, &[e]),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet: its 0-based index and its non-empty cells by column.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    pub fn get(&self, col: u32) -> &Value {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &Value::Empty,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, v)| v.is_empty())
    }
}

/// A sheet: its name and its rows in order.
///
/// Merged regions are not read: reading them parses each sheet a second
/// time, and header detection carries group labels over the columns they
/// span without them.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

impl Sheet {
    pub fn row(&self, index: u32) -> Option<&Row> {
        self.rows
            .binary_search_by_key(&index, |r| r.index)
            .ok()
            .map(|i| &self.rows[i])
    }

    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.row(row).map_or(&Value::Empty, |r| r.get(col))
    }

    fn from_cells(name: String, mut cells: Vec<(u32, u32, Value)>) -> Sheet {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<Row> = Vec::new();
        for (r, c, v) in cells {
            match rows.last_mut() {
                Some(last) if last.index == r => last.cells.push((c, v)),
                _ => rows.push(Row {
                    index: r,
                    cells: vec![(c, v)],
                }),
            }
        }
        Sheet { name, rows }
    }
}

/// Why a workbook could not be read. The caller adds the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", trf(M::CannotOpen, &[.0]))]
    Open(String),
    /// Not a workbook at all, though named like one: what it is instead.
    #[error("{}", tr(*.0))]
    NotAWorkbook(M),
    #[error("{}", trf(M::AbsurdDimension, &[.dims, &MAX_ROWS, &MAX_COLS]))]
    AbsurdDimension { sheet: String, dims: String },
    #[error("{}", trf(M::AbsurdStrings, &[.0]))]
    AbsurdStrings(u64),
    #[error("{}", trf(M::CellOutOfRange, &[&MAX_ROWS, &MAX_COLS]))]
    CellOutOfRange { sheet: String, row: u32, col: u32 },
}

impl ReadError {
    /// The sheet the error concerns, where there is one.
    pub fn sheet(&self) -> Option<&str> {
        match self {
            ReadError::AbsurdDimension { sheet, .. } | ReadError::CellOutOfRange { sheet, .. } => {
                Some(sheet)
            }
            _ => None,
        }
    }
}

/// Reads every sheet of a `.xlsx` or `.xls` workbook file.
pub fn read(path: &Path) -> Result<Vec<Sheet>, ReadError> {
    let bytes = std::fs::read(path).map_err(open_err)?;
    read_bytes(bytes, is_xls(path))
}

/// True when the file name says legacy `.xls`.
pub fn is_xls(path: &Path) -> bool {
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

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    check_shared_strings(&bytes)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let names = wb.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
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
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(open_err)? {
            let (r, c) = cell.get_position();
            if r >= MAX_ROWS || c >= MAX_COLS {
                return Err(ReadError::CellOutOfRange {
                    sheet: name,
                    row: r,
                    col: c,
                });
            }
            let v = from_ref(cell.get_value());
            if !v.is_empty() {
                cells.push((r, c, v));
            }
        }
        drop(reader);
        sheets.push(Sheet::from_cells(name, cells));
    }
    Ok(sheets)
}

fn from_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => Value::Date(dt.to_string()),
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
        Data::DateTime(dt) => Value::Date(dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// Refuses a `.xlsx` whose shared-string table claims more strings than its
/// size can hold (calamine reserves that many up front).
fn check_shared_strings(bytes: &[u8]) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let Ok(entry) = zip.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let size = entry.size();
    let mut head = Vec::with_capacity(1024);
    entry.take(1024).read_to_end(&mut head).map_err(open_err)?;
    let head = String::from_utf8_lossy(&head);
    for attr in ["uniqueCount=\"", "count=\""] {
        if let Some(i) = head.find(attr) {
            let digits: String = head[i + attr.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let n: u64 = digits.parse().unwrap_or(u64::MAX);
            // Every string takes at least `<si><t/></si>` (13 bytes) on disk.
            if attr == "uniqueCount=\"" && n > size / 13 + 16 {
                return Err(ReadError::AbsurdStrings(n));
            }
        }
    }
    Ok(())
}

fn read_xls(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    check_xls_extents(&bytes)?;
    let mut wb = Xls::new(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let names = wb.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = wb.worksheet_range(&name).map_err(open_err)?;
        let mut cells = Vec::new();
        for (r, c, v) in range.used_cells() {
            let (sr, sc) = range.start().unwrap_or((0, 0));
            let v = from_data(v);
            if !v.is_empty() {
                cells.push((sr + r as u32, sc + c as u32, v));
            }
        }
        sheets.push(Sheet::from_cells(name, cells));
    }
    Ok(sheets)
}

/// Walks the BIFF records of a `.xls` before calamine does, refusing declared
/// dimensions or cell positions that would make it allocate a huge grid.
fn check_xls_extents(bytes: &[u8]) -> Result<(), ReadError> {
    let mut comp = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let stream = if comp.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut data = Vec::new();
    comp.open_stream(stream)
        .map_err(open_err)?
        .read_to_end(&mut data)
        .map_err(open_err)?;
    let mut sheet_no = 0usize;
    let mut extent: Option<Dimensions> = None;
    let mut pos = 0usize;
    let mut names: Vec<String> = Vec::new();
    let sheet_label = |names: &[String], n: usize| {
        // Substream 1 is the workbook globals; worksheets follow in order.
        n.checked_sub(2)
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_else(|| format!("#{n}"))
    };
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        let body = &data[pos + 4..(pos + 4 + len).min(data.len())];
        pos += 4 + len;
        match typ {
            // BOF: a new substream begins; close the extent of the previous one.
            0x0809 => {
                sheet_no += 1;
                extent = None;
            }
            // BOUNDSHEET: a sheet's name (ShortXLUnicodeString at offset 6).
            0x0085 if body.len() >= 8 => names.push(short_unicode(&body[6..])),
            // DIMENSIONS (BIFF8: u32 first row, u32 last row + 1, u16 cols).
            0x0200 if body.len() >= 14 => {
                let rl = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
                let cl = u16::from_le_bytes([body[10], body[11]]) as u32;
                if rl > MAX_ROWS || cl > MAX_COLS {
                    return Err(ReadError::AbsurdDimension {
                        sheet: sheet_label(&names, sheet_no),
                        dims: format!("{} × {}", rl, cl),
                    });
                }
            }
            // Cell records start with a u16 row and a u16 column.
            0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x0006 | 0x00FD | 0x027E | 0x00BD | 0x00D6
                if body.len() >= 4 =>
            {
                let r = u16::from_le_bytes([body[0], body[1]]) as u32;
                let c = u16::from_le_bytes([body[2], body[3]]) as u32;
                let d = extent.get_or_insert(Dimensions::new((r, c), (r, c)));
                d.start = (d.start.0.min(r), d.start.1.min(c));
                d.end = (d.end.0.max(r), d.end.1.max(c));
                if d.len() > MAX_XLS_AREA || !within_limits(d) {
                    return Err(ReadError::CellOutOfRange {
                        sheet: sheet_label(&names, sheet_no),
                        row: r,
                        col: c,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn short_unicode(b: &[u8]) -> String {
    let n = b[0] as usize;
    let wide = b[1] & 1 == 1;
    let s = &b[2..];
    if wide {
        let units: Vec<u16> = s
            .chunks_exact(2)
            .take(n)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().take(n).map(|&b| b as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testdata/broken")
                .join(name),
        )
        .unwrap()
    }

    fn first_cell_text(sheets: &[Sheet]) -> String {
        sheets[0].rows[0].cells[0].1.as_text()
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
