//! The bundle manifest: what the bundle is, and the SHA-256 of every file.
//! The bundle id is the SHA-256 of the manifest's bytes, so one id names the
//! whole bundle and every review file can refer to it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

pub use crate::digest::Digest;
use crate::model::Round;

/// The manifest's file name at the root of a bundle.
pub const MANIFEST: &str = "manifest.json";
/// The bundle format this build writes and reads.
pub const FORMAT: u32 = 1;

/// What a file of the bundle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// 表二 业绩指标, one per prefecture.
    Table2,
    /// 附件3 数据汇总表, one per prefecture.
    Summary,
    /// 申报表, one per applicant.
    Application,
    /// 证明材料目录, one per cluster.
    Catalogue,
    /// A file a catalogue lists.
    Evidence,
    /// The rubric of a round.
    Rubric,
    /// The roster of designated clusters (`roster.toml`).
    Roster,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    pub sha256: Digest,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricRef {
    pub round: Round,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub title: String,
    pub issuer: String,
    /// The assessment year (考核年度); applications are for the year after.
    pub year: i32,
    pub rounds: Vec<Round>,
    pub rubrics: Vec<RubricRef>,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// The manifest's canonical text: JSON, files sorted by path, one file a
    /// line, LF, no BOM. JSON rather than TOML because a national bundle
    /// lists some 180,000 files and must parse in a blink.
    pub fn to_text(&self) -> String {
        let mut m = self.clone();
        m.files.sort_by(|a, b| a.path.cmp(&b.path));
        m.rubrics.sort_by_key(|r| r.round);
        m.rounds.sort();
        m.rounds.dedup();
        let j = |v: &dyn erased::Json| v.json();
        let mut out = String::from("{\n");
        out.push_str(&format!("  \"format\": {},\n", m.format));
        out.push_str(&format!("  \"title\": {},\n", j(&m.title)));
        out.push_str(&format!("  \"issuer\": {},\n", j(&m.issuer)));
        out.push_str(&format!("  \"year\": {},\n", m.year));
        out.push_str(&format!("  \"rounds\": {},\n", j(&m.rounds)));
        out.push_str(&format!("  \"rubrics\": {},\n", j(&m.rubrics)));
        out.push_str("  \"files\": [\n");
        for (i, f) in m.files.iter().enumerate() {
            let sep = if i + 1 < m.files.len() { "," } else { "" };
            out.push_str(&format!("    {}{sep}\n", j(f)));
        }
        out.push_str("  ]\n}\n");
        out
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        Self::parse_bytes(text.as_bytes())
    }

    pub fn parse_bytes(bytes: &[u8]) -> Result<Manifest, String> {
        let m: Manifest =
            serde_json::from_slice(bytes).map_err(|e| crate::text::quote(&e.to_string(), 500))?;
        m.check_lengths()?;
        Ok(m)
    }

    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

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

/// The longest title or issuer a manifest may carry, in characters: they
/// are shown on one line.
pub const MAX_TITLE: usize = 200;
/// The longest path it may list, in bytes (Linux's own limit).
pub const MAX_PATH: usize = 4096;

impl Manifest {
    /// Refuses texts no screen can show and paths no file system holds.
    fn check_lengths(&self) -> Result<(), String> {
        for (field, v) in [("title", &self.title), ("issuer", &self.issuer)] {
            if v.chars().count() > MAX_TITLE {
                return Err(format!("{field}: longer than {MAX_TITLE} characters"));
            }
        }
        if let Some((i, _)) = self
            .files
            .iter()
            .enumerate()
            .find(|(_, f)| f.path.len() > MAX_PATH)
        {
            return Err(format!("files[{i}].path: longer than {MAX_PATH} bytes"));
        }
        Ok(())
    }
}

/// The shortest line of a file in a canonical manifest: an empty path, the
/// shortest kind, a one-digit size.
const MIN_LINE: u64 = r#"{"path":"","kind":"table2","size":0,"sha256":""},"#.len() as u64 + 64 + 1;

/// One file's line exactly as [`Manifest::to_text`] writes it
/// (`{"path":"…","kind":"…","size":N,"sha256":"…"}`, a path with no escapes),
/// read without serde: a national manifest has 180,000 of them. Anything
/// else is `None`, and serde_json reads it (or says what is wrong).
fn canonical_entry(line: &[u8]) -> Option<FileEntry> {
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

mod erased {
    /// Compact JSON of any serializable value (serialization of these plain
    /// types cannot fail).
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

/// A reader that hashes everything read through it, on a thread of its
/// own: a national manifest is 35 MB, and hashing it beside the parsing
/// takes a third off the time the import spends on it before anything else
/// can start.
pub struct HashingReader<R> {
    inner: R,
    chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    hasher: std::thread::JoinHandle<Digest>,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> HashingReader<R> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
        let hasher = std::thread::spawn(move || {
            let mut hash = Sha256::new();
            for chunk in rx {
                hash.update(&chunk);
            }
            Digest(hash.finalize().into())
        });
        HashingReader {
            inner,
            chunks: Some(tx),
            hasher,
        }
    }

    /// Reads what is left (a parser may stop before the end) and returns the
    /// digest of everything.
    pub fn finish(mut self) -> io::Result<Digest> {
        io::copy(&mut self, &mut io::sink())?;
        drop(self.chunks.take());
        self.hasher
            .join()
            .map_err(|_| io::Error::other("the hashing thread failed"))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0
            && let Some(tx) = &self.chunks
            && tx.send(buf[..n].to_vec()).is_err()
        {
            return Err(io::Error::other("the hashing thread failed"));
        }
        Ok(n)
    }
}

/// SHA-256 and size of a file, streamed.
pub fn sha256_file(path: &Path) -> io::Result<(Digest, u64)> {
    sha256_read(File::open(path)?)
}

/// SHA-256 and size of an open file, streamed. Small files (most of a
/// bundle) go through a buffer on the stack.
pub fn sha256_read(mut f: File) -> io::Result<(Digest, u64)> {
    let len = f.metadata().map_or(0, |m| m.len());
    let mut small = [0u8; 16 * 1024];
    let mut large = Vec::new();
    let buf: &mut [u8] = if len < small.len() as u64 {
        &mut small
    } else {
        large.resize(64 * 1024, 0);
        &mut large
    };
    let mut h = Sha256::new();
    let mut size = 0u64;
    loop {
        let n = f.read(buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
        // A short read of a regular file at its known length is its end:
        // no further read (and syscall) to learn it.
        if size >= len && n < buf.len() {
            break;
        }
    }
    Ok((Digest(h.finalize().into()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_lines_read_as_serde_reads_them() {
        let kinds = [
            FileKind::Table2,
            FileKind::Summary,
            FileKind::Application,
            FileKind::Catalogue,
            FileKind::Evidence,
            FileKind::Rubric,
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            let f = FileEntry {
                path: format!("随州/材料/{i} 文件.pdf"),
                kind,
                size: [0, 7, 10, 12345, u64::MAX, 1 << 40][i],
                sha256: Digest([i as u8 * 40; 32]),
            };
            let line = serde_json::to_string(&f).unwrap();
            assert_eq!(canonical_entry(line.as_bytes()), Some(f), "{line}");
        }
        // Lines the fast reader leaves to serde (escapes, other layouts,
        // leading zeros, upper-case hex, other keys, trailing text).
        let h = "ab".repeat(32);
        for line in [
            format!(r#"{{"path":"a\"b","kind":"evidence","size":1,"sha256":"{h}"}}"#),
            format!(r#"{{"path":"a\u0041","kind":"evidence","size":1,"sha256":"{h}"}}"#),
            format!(r#"{{"path": "a","kind":"evidence","size":1,"sha256":"{h}"}}"#),
            format!(r#"{{"path":"a","kind":"evidence","size":01,"sha256":"{h}"}}"#),
            format!(r#"{{"path":"a","kind":"evidence","size":1.0,"sha256":"{h}"}}"#),
            format!(r#"{{"path":"a","kind":"other","size":1,"sha256":"{h}"}}"#),
            format!(r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{h}","x":1}}"#),
            format!(r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{h}"}} "#),
            format!(
                r#"{{"path":"a","kind":"evidence","size":99999999999999999999,"sha256":"{h}"}}"#
            ),
        ] {
            assert_eq!(canonical_entry(line.as_bytes()), None, "{line}");
        }
        // Upper-case hex is read the same way by both.
        let upper = format!(
            r#"{{"path":"a","kind":"evidence","size":1,"sha256":"{}"}}"#,
            "AB".repeat(32)
        );
        let by_serde: FileEntry = serde_json::from_str(&upper).unwrap();
        assert_eq!(canonical_entry(upper.as_bytes()), Some(by_serde));
        // Not hex: refused by both.
        for bad in ["g", "é", " ", "ab\u{0}"] {
            let digits = format!("{}{bad}", "a".repeat(64 - bad.len()));
            assert_eq!(Digest::parse(&digits), None, "{digits:?}");
        }
        assert_eq!(Digest::parse(&"a".repeat(63)), None);
    }

    #[test]
    fn canonical_text_is_order_independent() {
        let e = |p: &str| FileEntry {
            path: p.into(),
            kind: FileKind::Evidence,
            size: 1,
            sha256: Digest([0; 32]),
        };
        let mut m = Manifest {
            format: FORMAT,
            title: "t".into(),
            issuer: "i".into(),
            year: 2018,
            rounds: vec![Round::Application, Round::Assessment],
            rubrics: vec![],
            files: vec![e("b"), e("a")],
        };
        let one = m.to_text();
        m.files.reverse();
        m.rounds.reverse();
        assert_eq!(one, m.to_text());
        let back = Manifest::parse(&one).unwrap();
        assert_eq!(back.files[0].path, "a");
        assert_eq!(
            crate::digest::sha256_bytes(b"abc").to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn sample() -> Manifest {
        let e = |p: &str, k| FileEntry {
            path: p.into(),
            kind: k,
            size: 7,
            sha256: Digest([3; 32]),
        };
        Manifest {
            format: FORMAT,
            title: "标题 \"引号\"\n换行".into(),
            issuer: "i".into(),
            year: 2018,
            rounds: vec![Round::Assessment],
            rubrics: vec![RubricRef {
                round: Round::Assessment,
                path: "rubric/assessment.toml".into(),
            }],
            files: vec![
                e("武汉/表二.xlsx", FileKind::Table2),
                e("武汉/证明材料/a, b.pdf", FileKind::Evidence),
            ],
        }
    }

    fn streamed(text: &str) -> Result<Manifest, String> {
        parse_streamed(
            &mut std::io::BufReader::new(text.as_bytes()),
            text.len() as u64,
        )
    }

    #[test]
    fn streamed_parsing_agrees_with_parsing_whole() {
        let m = sample();
        let text = m.to_text();
        assert_eq!(streamed(&text).unwrap(), Manifest::parse(&text).unwrap());
        // Other layouts of the same JSON: read whole.
        let compact = serde_json::to_string(&m).unwrap();
        assert_eq!(streamed(&compact).unwrap(), m);
        let pretty = serde_json::to_string_pretty(&m).unwrap();
        assert_eq!(streamed(&pretty).unwrap(), m);
        // No files at all.
        let mut empty = m.clone();
        empty.files.clear();
        assert_eq!(streamed(&empty.to_text()).unwrap(), empty);
    }

    #[test]
    fn streamed_parsing_refuses_what_parsing_whole_refuses() {
        let text = sample().to_text();
        assert!(streamed(&format!("{text}garbage")).is_err());
        let broken = text.replacen("\"kind\":\"table2\"", "\"kind\":\"spreadsheet\"", 1);
        let e = streamed(&broken).unwrap_err();
        assert!(e.starts_with("files[0]"), "{e}");
        assert!(streamed(&text.replacen("\"year\": 2018", "\"year\": \"x\"", 1)).is_err());
        let half = &text.as_bytes()[..text.len() / 2];
        assert!(parse_streamed(&mut std::io::BufReader::new(half), half.len() as u64).is_err());
    }
}
