//! Rewriting records of a legacy `.xls` (BIFF8), for the fixture generators.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use anyhow::{Result, bail};

/// Sets the first worksheet's DIMENSIONS record to `rows` (last row + 1)
/// and, when given, `cols` (last column + 1).
pub fn set_dimension(path: &Path, rows: u32, cols: Option<u16>) -> Result<()> {
    let mut comp = cfb::open_rw(path)?;
    let mut data = Vec::new();
    comp.open_stream("/Workbook")?.read_to_end(&mut data)?;
    let mut pos = 0;
    let mut bofs = 0;
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        if typ == 0x0809 {
            bofs += 1;
        }
        if typ == 0x0200 && bofs >= 2 {
            data[pos + 8..pos + 12].copy_from_slice(&rows.to_le_bytes());
            if let Some(c) = cols {
                data[pos + 14..pos + 16].copy_from_slice(&c.to_le_bytes());
            }
            let mut s = comp.open_stream("/Workbook")?;
            s.seek(SeekFrom::Start(0))?;
            s.write_all(&data)?;
            return Ok(());
        }
        pos += 4 + len;
    }
    bail!("no DIMENSIONS record in {}", path.display())
}
