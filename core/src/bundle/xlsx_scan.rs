//! What calamine does not say of a `.xlsx`, read from the package itself:
//! how large its parts are before anything is decompressed, the shared
//! strings it claims, where each sheet's XML lies, and each sheet's hidden
//! rows and columns and merged regions.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use crate::bundle::sheet::ReadError;

/// Most bytes one XML part of a workbook may decompress to (a real 表二's
/// sheet is tens of kilobytes; 16 MB is some 35,000 full rows). A reader
/// may hold a part's longest run of text whole, twice over while it grows.
pub(crate) const MAX_PART: u64 = 16 << 20;
/// Most bytes all of a workbook's XML parts may decompress to.
pub(crate) const MAX_PARTS: u64 = 64 << 20;

type Zip<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn open_err(e: impl std::fmt::Display) -> ReadError {
    ReadError::Open(e.to_string())
}

/// Whether a part is one no reader of the package opens: pictures and
/// other binary payloads (bounded by the file's own size).
fn unread_payload(name: &str) -> bool {
    const BINARY: &[&str] = &[
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".bin",
    ];
    let lower = name.to_ascii_lowercase();
    BINARY.iter().any(|ext| lower.ends_with(ext))
}

/// Opens the package, refusing it when what it declares it holds is more
/// than a workbook ever needs (the sizes the zip reader then keeps to).
pub fn open(bytes: &[u8]) -> Result<Zip<'_>, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(open_err)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(open_err)?;
        if f.name().is_ok_and(|n| unread_payload(&n)) {
            continue;
        }
        let size = f.size();
        total = total.saturating_add(size);
        if size > MAX_PART {
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            return Err(ReadError::TooLarge(name, size));
        }
    }
    if total > MAX_PARTS {
        return Err(ReadError::TooLarge(
            crate::i18n::tr(crate::i18n::M::AllParts).to_string(),
            total,
        ));
    }
    Ok(zip)
}

/// The value of an attribute of an element, as XML reads it (either quote,
/// spaces around `=`, any position in the tag).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The start element of a part's root, read without reading the rest.
fn root_attr(zip: &mut Zip<'_>, part: &str, name: &str) -> Result<Option<String>, ReadError> {
    let Ok(f) = zip.by_name(part) else {
        return Ok(None);
    };
    let mut r = quick_xml::Reader::from_reader(std::io::BufReader::new(f.take(1 << 20)));
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => return Ok(attr(&e, name)),
            Ok(Event::Eof) => return Ok(None),
            Err(e) => return Err(open_err(e)),
            _ => {}
        }
        buf.clear();
    }
}

/// Refuses a shared-string table that claims more strings than its size
/// can hold: calamine reserves that many before reading one. Every part
/// named like one is checked, wherever the package puts its workbook and
/// however it spells the name.
pub(crate) fn check_shared_strings(zip: &mut Zip<'_>) -> Result<(), ReadError> {
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| {
            n.to_ascii_lowercase()
                .replace('\\', "/")
                .ends_with("sharedstrings.xml")
        })
        .collect();
    for part in parts {
        let size = match zip.by_name(&part) {
            Ok(f) => f.size(),
            Err(_) => continue,
        };
        if let Some(v) = root_attr(zip, &part, "uniqueCount")? {
            // Anything but a plain count is refused too: no reader should
            // be left to make sense of it.
            let n: u64 = v.trim().parse().unwrap_or(u64::MAX);
            // Every string takes at least `<si><t/></si>` (13 bytes).
            if n > size / 13 + 16 {
                let shown: String = v.trim().chars().take(40).collect();
                return Err(ReadError::AbsurdStrings(
                    crate::text::inert(&shown).into_owned(),
                ));
            }
        }
    }
    Ok(())
}

/// What the workbook part says of its sheets.
#[derive(Clone, Debug, Default)]
pub struct Book {
    /// Each sheet's part, by sheet name.
    pub parts: HashMap<String, String>,
    /// The workbook asks to be recalculated when opened
    /// (`<calcPr fullCalcOnLoad="1">`), as files written by programs that
    /// cannot calculate do: the values saved with its formulas are
    /// placeholders (rust_xlsxwriter and XlsxWriter write 0).
    pub recalc_on_load: bool,
}

/// Each sheet's part, by sheet name (from the workbook and its relations),
/// and whether the saved formula values can be trusted.
pub(crate) fn book(zip: &mut Zip<'_>) -> Result<Book, ReadError> {
    let read = |zip: &mut Zip<'_>, part: &str| -> Result<Vec<u8>, ReadError> {
        let mut out = Vec::new();
        if let Ok(f) = zip.by_name(part) {
            f.take(MAX_PART).read_to_end(&mut out).map_err(open_err)?;
        }
        Ok(out)
    };
    let mut targets: HashMap<String, String> = HashMap::new();
    let rels = read(zip, "xl/_rels/workbook.xml.rels")?;
    each_start(&rels, |e| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target"))
        {
            let path = match t.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{t}"),
            };
            targets.insert(id, path);
        }
    })?;
    let mut out = Book::default();
    let xml = read(zip, "xl/workbook.xml")?;
    each_start(&xml, |e| match e.local_name().as_ref() {
        "sheet" => {
            if let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "id"))
                && let Some(path) = targets.get(&id)
            {
                out.parts.insert(name, path.clone());
            }
        }
        "calcPr" => {
            out.recalc_on_load = attr(e, "fullCalcOnLoad").is_some_and(|v| truthy(&v));
        }
        _ => {}
    })?;
    Ok(out)
}

fn each_start(xml: &[u8], mut f: impl FnMut(&BytesStart<'_>)) -> Result<(), ReadError> {
    let mut r = quick_xml::Reader::from_reader(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e),
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(open_err(e)),
            _ => {}
        }
    }
}

/// What of a sheet's layout changes what its cells mean.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// 0-based.
    pub hidden_rows: Vec<u32>,
    /// 0-based, inclusive ranges.
    pub hidden_cols: Vec<(u32, u32)>,
    /// (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// Formula cells saved without a computed value (by a program that
    /// does not calculate): (row, col).
    pub uncached: Vec<(u32, u32)>,
}

impl Layout {
    pub(crate) fn is_empty(&self) -> bool {
        self.hidden_rows.is_empty()
            && self.hidden_cols.is_empty()
            && self.merges.is_empty()
            && self.uncached.is_empty()
    }
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "true")
}

/// A cell reference (`B12`) as 0-based (row, col).
pub(crate) fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0u32;
    for b in s[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u32 = s[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// A sheet's hidden rows and columns, merged regions and formulas without
/// a value to trust (none saved, or `recalc_on_load`).
pub(crate) fn layout(
    zip: &mut Zip<'_>,
    part: &str,
    recalc_on_load: bool,
) -> Result<Layout, ReadError> {
    let Ok(f) = zip.by_name(part) else {
        return Ok(Layout::default());
    };
    let declared = f.size();
    if declared > SMALL_PART {
        // Streamed: a large sheet is never held whole in memory.
        return scan(std::io::BufReader::new(f.take(MAX_PART)), recalc_on_load);
    }
    // A sheet of ordinary size is read at once, and scanned only when it
    // has the words.
    let mut xml = Vec::with_capacity(declared as usize);
    f.take(SMALL_PART).read_to_end(&mut xml).map_err(open_err)?;
    if memchr::memmem::find(&xml, b"hidden").is_none()
        && memchr::memmem::find(&xml, b"mergeCell").is_none()
        && memchr::memmem::find(&xml, b"<f").is_none()
    {
        return Ok(Layout::default());
    }
    match fast_scan(&xml, recalc_on_load) {
        Some(layout) => Ok(layout),
        None => scan(&xml[..], recalc_on_load),
    }
}

/// Parts up to this size are read whole before they are scanned.
const SMALL_PART: u64 = 2 << 20;

/// What a `row`, `col` or `mergeCell` tag says of the layout; `row` is
/// the row being read, kept for rows that do not say their number.
fn take_tag(e: &BytesStart<'_>, out: &mut Layout, row: &mut u32) {
    match e.local_name().as_ref() {
        "row" => {
            *row = attr(e, "r")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(*row);
            if attr(e, "hidden").is_some_and(|v| truthy(&v)) {
                out.hidden_rows.push(*row);
            }
        }
        "col" if attr(e, "hidden").is_some_and(|v| truthy(&v)) => {
            let n = |k: &str| attr(e, k).and_then(|v| v.trim().parse::<u32>().ok());
            if let (Some(a), Some(b)) = (n("min"), n("max"))
                && a >= 1
                && b >= a
            {
                out.hidden_cols.push((a - 1, b - 1));
            }
        }
        "mergeCell" => {
            if let Some(rf) = attr(e, "ref")
                && let Some((a, b)) = rf.split_once(':')
                && let (Some(s), Some(t)) = (cell_ref(a), cell_ref(b))
            {
                out.merges
                    .push((s.0.min(t.0), s.1.min(t.1), s.0.max(t.0), s.1.max(t.1)));
            }
        }
        _ => {}
    }
}

/// The tag that starts at `xml[at]` (a `<`), as quick-xml reads it.
fn tag_at(xml: &[u8], at: usize) -> Option<BytesStart<'_>> {
    let end = at + memchr::memchr(b'>', &xml[at..])?;
    let mut content = &xml[at + 1..end];
    if let Some(c) = content.strip_suffix(b"/") {
        content = c;
    }
    let name_len = content
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(content.len());
    Some(BytesStart::from_content(
        std::str::from_utf8(content).ok()?,
        name_len,
    ))
}

/// The layout found by searching the bytes for the few tags that matter,
/// without parsing the rest: a sheet is scanned many times faster than
/// by events. `None` where the sheet is not in the plain shape this relies
/// on (prefixed tags, rows or cells that do not say where they are); the
/// event scan reads those.
fn fast_scan(xml: &[u8], recalc_on_load: bool) -> Option<Layout> {
    use memchr::memmem;
    // Unprefixed tags only.
    memmem::find(xml, b"<sheetData")?;
    let mut out = Layout::default();
    let mut row = 0;
    for pos in memmem::find_iter(xml, b"<mergeCell ") {
        take_tag(&tag_at(xml, pos)?, &mut out, &mut row);
    }
    for pos in memmem::find_iter(xml, b"hidden") {
        let start = memchr::memrchr(b'<', &xml[..pos])?;
        if memchr::memchr(b'>', &xml[start..pos]).is_some() {
            continue; // in text, not in a tag
        }
        let tag = tag_at(xml, start)?;
        match tag.local_name().as_ref() {
            "row" if attr(&tag, "r").is_none() => return None,
            "row" | "col" => take_tag(&tag, &mut out, &mut row),
            _ => {}
        }
    }
    for pos in memmem::find_iter(xml, b"<f") {
        if !matches!(xml.get(pos + 2), Some(b'>' | b' ' | b'/')) {
            continue;
        }
        let open = memmem::rfind(&xml[..pos], b"<c ")?;
        if memmem::rfind(&xml[open..pos], b"</c>").is_some() {
            return None;
        }
        let cell = attr(&tag_at(xml, open)?, "r").and_then(|v| cell_ref(&v))?;
        let close = pos + memmem::find(&xml[pos..], b"</c>")?;
        let inner = &xml[pos..close];
        let value = memmem::find(inner, b"<v>").is_some_and(|v| inner.get(v + 3) != Some(&b'<'))
            || memmem::find(inner, b"<is>").is_some();
        if !value || recalc_on_load {
            out.uncached.push(cell);
        }
    }
    out.hidden_rows.sort_unstable();
    Some(out)
}

fn scan(reader: impl std::io::BufRead, recalc_on_load: bool) -> Result<Layout, ReadError> {
    let mut r = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut out = Layout::default();
    let mut row = 0u32;
    // The cell being read: its position, whether it has a formula, a value.
    let mut cell: Option<(u32, u32)> = None;
    let (mut formula, mut value) = (false, false);
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "c" => {
                cell = attr(&e, "r").and_then(|v| cell_ref(&v));
                (formula, value) = (false, false);
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "f" => {
                formula = true;
            }
            Ok(Event::Start(e)) if matches!(e.local_name().as_ref(), "v" | "is") => value = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "c" => {
                if formula
                    && (!value || recalc_on_load)
                    && let Some(p) = cell
                {
                    out.uncached.push(p);
                }
                cell = None;
            }
            Ok(Event::Start(e) | Event::Empty(e)) => take_tag(&e, &mut out, &mut row),
            Ok(Event::End(e)) if e.local_name().as_ref() == "row" => row += 1,
            Ok(Event::Eof) => break,
            Err(e) => return Err(open_err(e)),
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sheet of every workbook in testdata: the byte search finds
    /// what the event scan finds (where it takes the sheet on).
    #[test]
    fn the_fast_scan_agrees_with_the_event_scan() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "xlsx") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
        let mut files = Vec::new();
        for sub in [
            "messy",
            "broken",
            "submissions/天门",
            "submissions/神农架林区",
        ] {
            walk(&root.join(sub), &mut files);
        }
        let mut compared = 0;
        let mut with_layout = 0;
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            let Ok(mut zip) = open(&bytes) else { continue };
            let names: Vec<String> = zip
                .file_names()
                .filter_map(|n| n.ok().map(|n| n.to_string()))
                .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
                .collect();
            for n in names {
                let mut xml = Vec::new();
                zip.by_name(&n).unwrap().read_to_end(&mut xml).unwrap();
                for recalc in [false, true] {
                    let slow = scan(&xml[..], recalc).unwrap();
                    if let Some(fast) = fast_scan(&xml, recalc) {
                        assert_eq!(fast, slow, "{} {n}", f.display());
                        compared += 1;
                        with_layout += usize::from(!fast.is_empty());
                    }
                }
            }
        }
        assert!(
            compared > 100 && with_layout > 50,
            "{compared} {with_layout}"
        );
    }

    #[test]
    fn references_and_layouts() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("AB12"), Some((11, 27)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_ref("A0"), None);
    }
}
