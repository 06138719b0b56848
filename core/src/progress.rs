//! How far a long batch task has got — packing, importing, a merge's check
//! of the bundle — in bytes and files. The library only counts; a meter the
//! command line installs (when standard error is a terminal) shows it.
//! Without a meter every call returns at once.

use std::sync::{Arc, RwLock};

/// What is being measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// `pack`: reading and hashing the submitted files.
    Hash,
    /// `pack`: writing the bundle.
    Write,
    /// `import` (and `merge --bundle`): reading and checking the bundle.
    Import,
}

/// Shows progress: told when a task begins (its total bytes and files,
/// 0 when not known yet), as it advances, and when it ends.
pub trait Meter: Send + Sync {
    fn begin(&self, task: Task, bytes: u64, files: u64);
    /// The number of files, once it is known.
    fn files(&self, total: u64);
    fn add(&self, bytes: u64, files: u64);
    fn end(&self);
}

static METER: RwLock<Option<Arc<dyn Meter>>> = RwLock::new(None);

/// Installs the meter every task reports to from now on.
pub fn install(meter: Arc<dyn Meter>) {
    if let Ok(mut m) = METER.write() {
        *m = Some(meter);
    }
}

fn with(f: impl FnOnce(&dyn Meter)) {
    if let Ok(m) = METER.read()
        && let Some(m) = m.as_ref()
    {
        f(m.as_ref());
    }
}

/// Begins a task; it ends when the returned guard is dropped (also on an
/// error or a panic).
#[must_use = "the task ends when this is dropped"]
pub fn begin(task: Task, bytes: u64, files: u64) -> Span {
    with(|m| m.begin(task, bytes, files));
    Span
}

/// The number of files of the running task, once known.
pub fn files(total: u64) {
    with(|m| m.files(total));
}

/// `bytes` more read or written, `files` more done.
pub fn add(bytes: u64, files: u64) {
    with(|m| m.add(bytes, files));
}

/// A running task; see [`begin`].
pub struct Span;

impl Drop for Span {
    fn drop(&mut self) {
        with(|m| m.end());
    }
}

/// A reader that reports every byte it reads.
pub struct Metered<R>(pub R);

impl<R: std::io::Read> std::io::Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        add(n as u64, 0);
        Ok(n)
    }
}
