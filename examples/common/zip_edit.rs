//! Rewriting the parts of an `.xlsx` (a zip), for the fixture generators.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::Result;

/// Rewrites a zip (an .xlsx): every text entry through `edit` (by name),
/// then the `extra` entries added.
pub fn rewrite_zip(
    path: &Path,
    edit: impl Fn(&str, String) -> Result<String>,
    extra: &[(&str, &[u8])],
) -> Result<()> {
    let bytes = fs::read(path)?;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        let data = edit(&name, String::from_utf8(data)?)?;
        out.start_file(name, opts)?;
        out.write_all(data.as_bytes())?;
    }
    for (name, data) in extra {
        out.start_file(*name, opts)?;
        out.write_all(data)?;
    }
    let cursor = out.finish()?;
    fs::write(path, cursor.into_inner())?;
    Ok(())
}
