//! The entry points through which untrusted bytes reach the program, one
//! per parser, for fuzzing: the cargo-fuzz targets in `fuzz/` and the
//! seeded mutation harness in `tests/fuzz.rs` (which CI runs) both call
//! these. Each must return for any input — no panic, no abort, no
//! unbounded allocation — and whatever it reports must be safe to print:
//! no control or bidirectional character outside line breaks.

use std::io::Write;

/// Panics (a finding) if `text`, a message meant for a terminal, holds a
/// character that must never reach one raw.
fn assert_inert(what: &str, text: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| *c != '\n' && crate::text::is_dangerous(*c))
    {
        panic!("{what} prints {c:?} raw: {text:?}");
    }
}

/// A bundle archive: the tar reader and, through a whole import into a
/// store in memory, the manifest, the checks against it and the workbook
/// readers behind them.
pub fn bundle(bytes: &[u8]) {
    let Ok(mut f) = tempfile_in_memory() else {
        return;
    };
    if f.1.write_all(bytes).and_then(|_| f.1.flush()).is_err() {
        return;
    }
    let path = f.0.clone();
    if let Ok(mut reader) = crate::bundle::archive::Reader::open(&path) {
        for e in reader.entries().take(10_000) {
            if let Err(crate::bundle::archive::Bad::Io(e)) = e {
                assert_inert("the tar reader", &e.to_string());
            }
        }
    }
    if let Ok(mut store) = crate::store::Store::open_in_memory()
        && let Err(e) = crate::store::import(&mut store, &path)
    {
        assert_inert("import", &e.to_string());
    }
    let _ = std::fs::remove_file(&path);
}

/// A manifest, as import reads it from the stream.
pub fn manifest(bytes: &[u8]) {
    let mut r = std::io::Cursor::new(bytes);
    if let Err(e) = crate::bundle::manifest::parse_streamed(&mut r, bytes.len() as u64) {
        assert_inert("the manifest", &e);
    }
    if let Err(e) = crate::bundle::manifest::Manifest::parse_bytes(bytes) {
        assert_inert("the manifest", &e);
    }
}

/// A workbook, `.xlsx` or `.xls` (the guards before calamine, then
/// calamine, whose panics are caught for the one file).
pub fn workbook(bytes: &[u8]) {
    for xls in [false, true] {
        if let Err(e) = crate::bundle::workbook::read_bytes(bytes.to_vec(), xls) {
            assert_inert("a workbook", &e.to_string());
        }
    }
}

/// A signed review file and its signature.
pub fn review_file(bytes: &[u8]) {
    if let Err(e) = crate::sign::file::ReviewFile::parse(bytes) {
        assert_inert("a review file", &e.to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = ssh_key::SshSig::from_pem(text);
    }
}

/// An allowed_signers file.
pub fn allowed_signers(bytes: &[u8]) {
    let a = crate::sign::allowed::parse(bytes, "allowed_signers");
    for s in &a.skipped {
        assert_inert("allowed_signers", &s.message);
        assert_inert("allowed_signers", &s.path);
    }
    for s in &a.signers {
        assert_inert("allowed_signers", &s.principals_text());
    }
}

/// A rubric's TOML.
pub fn rubric(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Err(e) = crate::review::rubric::Rubric::parse(text)
    {
        assert_inert("a rubric", &e.to_string());
    }
}

/// A key map's TOML.
pub fn keymap(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Err(e) = crate::tui::keymap::Keymap::parse(text, "keymap.toml")
    {
        assert_inert("a key map", &e.to_string());
    }
}

/// A fuzz target: takes any bytes.
pub type Target = fn(&[u8]);

/// Every target by name, as `fuzz/` and `tests/fuzz.rs` know them.
pub const TARGETS: [(&str, Target); 7] = [
    ("bundle", bundle),
    ("manifest", manifest),
    ("workbook", workbook),
    ("review_file", review_file),
    ("allowed_signers", allowed_signers),
    ("rubric", rubric),
    ("keymap", keymap),
];

/// A new file of this process's own to hand the tar reader (it reads
/// files, as import does): in /dev/shm where there is one.
fn tempfile_in_memory() -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let path = dir.join(format!(
        "pingshen-fuzz-{}-{}.tar",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((path, f))
}
