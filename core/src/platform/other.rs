//! The answers where pingshen is not built yet (not Unix): what a port
//! must replace, each refusing or doing without plainly. See
//! docs/platforms.md.

use std::ffi::OsStr;
use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::path::Path;

use super::Wait;

pub fn private_dir(b: &mut DirBuilder) -> &mut DirBuilder {
    b
}

pub fn private_file(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

pub fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

pub fn make_private(_path: &Path) -> io::Result<()> {
    Ok(())
}

pub fn mode(_meta: &Metadata) -> Option<u32> {
    None
}

/// No lock, no session: a review is never run unlocked.
pub fn try_lock(_file: &File) -> io::Result<bool> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "locking needs a Unix system",
    ))
}

pub fn hostname() -> String {
    String::new()
}

/// No `mktime` here: the caller reads the time as UTC.
pub fn local_epoch(_: i64, _: i64, _: i64, _: i64, _: i64, _: i64) -> Option<Option<i64>> {
    None
}

pub fn os_bytes(_name: &OsStr) -> Option<&[u8]> {
    None
}

pub fn cpu_seconds() -> f64 {
    0.0
}

pub fn read_passphrase(_prompt: &str) -> Option<String> {
    None
}

pub fn catch_hangup() {}

pub fn stop_requested() -> bool {
    false
}

pub fn wait_input(_ms: i32) -> Option<Wait> {
    None
}
