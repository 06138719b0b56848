//! Reading a manifest as it streams in, line by line, without holding its
//! text whole: the canonical form `pack` writes is read fast, anything else
//! through serde.

use std::io;

use super::{Digest, FileEntry, FileKind, Manifest};

/// Parses a manifest as it is read, never holding its text whole: the
/// canonical layout ([`Manifest::to_text`], one file a line) line by line,
/// each file's line parsed on its own — several times faster than
/// serde_json's byte-by-byte reader on a national manifest. Any other
/// layout of valid JSON is read whole and parsed as such.
///
/// `len` is the manifest's length as its archive entry declares it: room
/// for the files it can hold is reserved at once (at most a million), since
/// growing the list of a national manifest step by step copies it and
/// touches twice the memory, and fresh memory is what costs most here.
pub fn parse_streamed(r: &mut impl io::BufRead, len: u64) -> Result<Manifest, String> {
    // What the parser quotes of the file is shown inert, and short.
    parse_streamed_raw(r, len).map_err(|e| crate::text::quote(&e, 500))
}

fn parse_streamed_raw(r: &mut impl io::BufRead, len: u64) -> Result<Manifest, String> {
    let mut head: Vec<u8> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let read_line = |r: &mut dyn io::BufRead, line: &mut Vec<u8>| -> Result<bool, String> {
        line.clear();
        r.read_until(b'\n', line)
            .map(|n| n > 0)
            .map_err(|e| e.to_string())
    };
    // Whatever does not fit the canonical layout: read the rest, parse it all.
    let whole = |r: &mut dyn io::BufRead, mut text: Vec<u8>| -> Result<Manifest, String> {
        r.read_to_end(&mut text).map_err(|e| e.to_string())?;
        serde_json::from_slice(&text).map_err(|e| e.to_string())
    };
    loop {
        if !read_line(r, &mut line)? {
            return whole(r, head);
        }
        if line.trim_ascii() == b"\"files\": [" {
            break;
        }
        head.extend_from_slice(&line);
    }
    let mut files = Vec::with_capacity((len / MIN_LINE).min(1 << 20) as usize);
    loop {
        if !read_line(r, &mut line)? {
            head.extend_from_slice(b"\"files\": [\n");
            return whole(r, head);
        }
        let t = line.trim_ascii();
        if t == b"]" {
            break;
        }
        let entry = t.strip_suffix(b",").unwrap_or(t);
        if !(entry.starts_with(b"{") && entry.ends_with(b"}")) {
            // Not one entry a line: the same JSON laid out otherwise. What
            // was read is written back (its entries exactly as parsed) and
            // the rest read with it.
            head.extend_from_slice(b"\"files\": [\n");
            for f in &files {
                head.extend_from_slice(serde_json::to_string(f).map_err(|e| err(&e))?.as_bytes());
                head.extend_from_slice(b",\n");
            }
            head.extend_from_slice(&line);
            return whole(r, head);
        }
        let parsed = match canonical_entry(entry) {
            Some(f) => f,
            None => serde_json::from_slice::<FileEntry>(entry)
                .map_err(|e| format!("files[{}]: {e}", files.len()))?,
        };
        files.push(parsed);
    }
    // The end: the closing brace and nothing but white space.
    let mut rest = Vec::new();
    r.read_to_end(&mut rest).map_err(|e| err(&e))?;
    if rest.trim_ascii() != b"}" {
        return Err("expected the end of the manifest after the files".into());
    }
    head.extend_from_slice(b"\"files\": []\n}\n");
    let mut m: Manifest = serde_json::from_slice(&head).map_err(|e| err(&e))?;
    m.files = files;
    m.check_lengths()?;
    Ok(m)
}

/// The shortest line of a file in a canonical manifest: an empty path, the
/// shortest kind, a one-digit size.
const MIN_LINE: u64 = r#"{"path":"","kind":"table2","size":0,"sha256":""},"#.len() as u64 + 64 + 1;

/// One file's line exactly as [`Manifest::to_text`] writes it
/// (`{"path":"…","kind":"…","size":N,"sha256":"…"}`, a path with no escapes),
/// read without serde: a national manifest has 180,000 of them. Anything
/// else is `None`, and serde_json reads it (or says what is wrong).
pub(super) fn canonical_entry(line: &[u8]) -> Option<FileEntry> {
    let rest = line.strip_prefix(br#"{"path":""#)?;
    let end = rest
        .iter()
        .position(|b| *b == b'"' || *b == b'\\' || *b < 0x20)?;
    if rest[end] != b'"' {
        return None;
    }
    // SIMD validation: paths are mostly Chinese, where the standard
    // library's check goes a character at a time.
    let path = simdutf8::basic::from_utf8(&rest[..end]).ok()?;
    let rest = rest[end..].strip_prefix(br#"","kind":""#)?;
    let end = rest.iter().position(|b| *b == b'"')?;
    let kind = match &rest[..end] {
        b"table2" => FileKind::Table2,
        b"summary" => FileKind::Summary,
        b"application" => FileKind::Application,
        b"catalogue" => FileKind::Catalogue,
        b"evidence" => FileKind::Evidence,
        b"rubric" => FileKind::Rubric,
        _ => return None,
    };
    let rest = rest[end..].strip_prefix(br#"","size":"#)?;
    let end = rest.iter().position(|b| !b.is_ascii_digit())?;
    // JSON numbers have no leading zeros.
    if end == 0 || (end > 1 && rest[0] == b'0') {
        return None;
    }
    let size: u64 = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
    let rest = rest[end..].strip_prefix(br#","sha256":""#)?;
    let sha256 = Digest::parse_bytes(rest.get(..64)?)?;
    if &rest[64..] != br#""}"# {
        return None;
    }
    Some(FileEntry {
        path: path.to_string(),
        kind,
        size,
        sha256,
    })
}
