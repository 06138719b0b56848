//! The BIFF8 records of a legacy `.xls`, walked before calamine reads it:
//! declared dimensions or cell positions that would make it allocate a huge
//! grid are refused, and what calamine does not say is gathered — each
//! sheet's hidden rows and columns, and which number cells are formatted
//! as percentages.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use calamine::Dimensions;

use crate::bundle::sheet::{MAX_COLS, MAX_ROWS, MAX_XLS_AREA, ReadError};

/// What the records say of one sheet.
#[derive(Clone, Debug, Default)]
pub struct SheetInfo {
    pub hidden_rows: Vec<u32>,
    pub hidden_cols: Vec<(u32, u32)>,
    /// Number cells whose format is a percentage.
    pub percent: HashSet<(u32, u32)>,
}

fn open_err(e: impl std::fmt::Display) -> ReadError {
    ReadError::Open(e.to_string())
}

fn within_limits(d: &Dimensions) -> bool {
    d.end.0 < MAX_ROWS && d.end.1 < MAX_COLS
}

/// Whether a number format code shows a percentage: a `%` outside quotes
/// and escapes.
pub(crate) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|x| u16::from_le_bytes([x[0], x[1]]))
}

/// An XLUnicodeString (u16 length, flags, characters) at the start of `b`.
fn unicode_string(b: &[u8]) -> String {
    let Some(n) = u16_at(b, 0) else {
        return String::new();
    };
    let wide = b.get(2).is_some_and(|f| f & 1 == 1);
    let s = b.get(3..).unwrap_or_default();
    if wide {
        let units: Vec<u16> = s
            .chunks_exact(2)
            .take(n as usize)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().take(n as usize).map(|&b| b as char).collect()
    }
}

fn short_unicode(b: &[u8]) -> String {
    let n = b[0] as usize;
    let wide = b.get(1).is_some_and(|f| f & 1 == 1);
    let s = b.get(2..).unwrap_or_default();
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

/// The rows and columns calamine reserves for a DIMENSIONS record body,
/// and its last row and column (+ 1) as declared.
fn declared_area(r: &[u8]) -> Option<(u64, u64, u32, u32)> {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1);
    let cols = end_c.wrapping_sub(cf).wrapping_add(1);
    Some((u64::from(rows), u64::from(cols), rl, cl))
}

/// Walks the workbook stream: refuses absurd extents, and returns each
/// sheet's hidden rows and columns and percent cells, by sheet name.
pub fn walk(bytes: &[u8]) -> Result<HashMap<String, SheetInfo>, ReadError> {
    let mut comp = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let stream = if comp.is_stream("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut data = Vec::new();
    comp.open_stream(stream)
        .map_err(open_err)?
        .take(crate::bundle::sheet::MAX_XLS_FILE)
        .read_to_end(&mut data)
        .map_err(open_err)?;
    let mut sheet_no = 0usize;
    let mut extent: Option<Dimensions> = None;
    let mut pos = 0usize;
    let mut names: Vec<String> = Vec::new();
    // Number formats by id (custom ones; built-in 9 and 10 are 0% and 0.00%)
    // and each XF's format.
    let mut formats: HashMap<u16, bool> = HashMap::from([(9, true), (10, true)]);
    let mut xf_format: Vec<u16> = Vec::new();
    let mut out: HashMap<String, SheetInfo> = HashMap::new();
    let sheet_label = |names: &[String], n: usize| {
        // Substream 1 is the workbook globals; sheets follow in order.
        n.checked_sub(2)
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_else(|| format!("#{n}"))
    };
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        let body = &data[pos + 4..(pos + 4 + len).min(data.len())];
        pos += 4 + len;
        let percent_xf = |xf: u16| {
            xf_format
                .get(xf as usize)
                .is_some_and(|f| formats.get(f).copied().unwrap_or(false))
        };
        match typ {
            // BOF: a new substream begins.
            0x0809 => {
                sheet_no += 1;
                extent = None;
            }
            // BOUNDSHEET: a sheet's name (ShortXLUnicodeString at offset 6).
            0x0085 if body.len() >= 8 => names.push(short_unicode(&body[6..])),
            // FORMAT: a number format's id and code.
            0x041E if body.len() >= 5 => {
                if let Some(id) = u16_at(body, 0) {
                    formats.insert(id, is_percent_format(&unicode_string(&body[2..])));
                }
            }
            // XF: the format at offset 2.
            0x00E0 if body.len() >= 4 => xf_format.push(u16_at(body, 2).unwrap_or(0)),
            // DIMENSIONS (BIFF8: u32 first row, u32 last row + 1, u16 cols).
            // DIMENSIONS: calamine reserves the declared area before
            // reading a cell, computed as it computes it (BIFF5's short
            // record too; a first row past the last wraps to a vast count).
            0x0200 => {
                if let Some((rows, cols, rl, cl)) = declared_area(body)
                    && (rl > MAX_ROWS || cl > MAX_COLS || rows.saturating_mul(cols) > MAX_XLS_AREA)
                {
                    return Err(ReadError::AbsurdDimension {
                        sheet: sheet_label(&names, sheet_no),
                        dims: format!("{rows} × {cols}"),
                    });
                }
            }
            // ROW: hidden when its height is zero-flagged (fDyZero).
            0x0208 if body.len() >= 16 => {
                let r = u16::from_le_bytes([body[0], body[1]]) as u32;
                let flags = u16::from_le_bytes([body[12], body[13]]);
                if flags & 0x0020 != 0 {
                    out.entry(sheet_label(&names, sheet_no))
                        .or_default()
                        .hidden_rows
                        .push(r);
                }
            }
            // COLINFO: first and last column, hidden flag.
            0x007D if body.len() >= 10 => {
                let a = u16::from_le_bytes([body[0], body[1]]) as u32;
                let b = u16::from_le_bytes([body[2], body[3]]) as u32;
                let flags = u16::from_le_bytes([body[8], body[9]]);
                if flags & 1 != 0 && b >= a {
                    out.entry(sheet_label(&names, sheet_no))
                        .or_default()
                        .hidden_cols
                        .push((a, b.min(MAX_COLS)));
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
                // Numbers (NUMBER, RK, FORMULA) in a percent format.
                let percent: Vec<(u32, u32)> = match typ {
                    0x0203 | 0x027E | 0x0006 => u16_at(body, 4)
                        .filter(|&xf| percent_xf(xf))
                        .map(|_| vec![(r, c)])
                        .unwrap_or_default(),
                    // MULRK: (xf, rk) pairs from the first column on.
                    0x00BD => body[4..body.len().saturating_sub(2)]
                        .chunks_exact(6)
                        .enumerate()
                        .filter(|(_, p)| percent_xf(u16::from_le_bytes([p[0], p[1]])))
                        .map(|(k, _)| (r, c + k as u32))
                        .collect(),
                    _ => Vec::new(),
                };
                if !percent.is_empty() {
                    out.entry(sheet_label(&names, sheet_no))
                        .or_default()
                        .percent
                        .extend(percent);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_by_their_code() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0.00"));
        assert!(!is_percent_format("\"%\"0"), "a quoted %");
        assert!(!is_percent_format("0\\%"), "an escaped %");
    }
}
