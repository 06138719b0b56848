//! Everything that differs between operating systems, in one place: the
//! rest of the program asks this module and never `libc` or `std::os::unix`
//! itself. `unix.rs` answers on Linux (the platform pingshen is built and
//! tested for); `other.rs` answers elsewhere, refusing plainly where there
//! is no answer yet. docs/platforms.md says what a port needs.

use std::ffi::OsStr;
use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(not(unix))]
mod other;
#[cfg(unix)]
mod unix;
#[cfg(not(unix))]
use other as imp;
#[cfg(unix)]
use unix as imp;

/// New folders from `b` readable by their owner alone (0700).
pub fn private_dir(b: &mut DirBuilder) -> &mut DirBuilder {
    imp::private_dir(b)
}

/// A new file from `o` readable by its owner alone (0600).
pub fn private_file(o: &mut OpenOptions) -> &mut OpenOptions {
    imp::private_file(o)
}

/// Opening through `o` refuses a symbolic link in the last place.
pub fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    imp::no_follow(o)
}

/// Makes an existing file readable by its owner alone.
pub fn make_private(path: &Path) -> io::Result<()> {
    imp::make_private(path)
}

/// The permission bits of a file (`0o600`), where the system has them.
pub fn mode(meta: &Metadata) -> Option<u32> {
    imp::mode(meta)
}

/// Takes an exclusive advisory lock on `file` without waiting: `Ok(false)`
/// when another process holds it. The system lets go when the process ends.
pub fn try_lock(file: &File) -> io::Result<bool> {
    imp::try_lock(file)
}

/// This machine's name, or empty.
pub fn hostname() -> String {
    imp::hostname()
}

/// Seconds since the epoch of a local date and time, as OpenSSH reads the
/// times in allowed_signers (`mktime`): `Some(None)` for a time it cannot
/// place, `None` where the system has no local time rules here (the caller
/// reads the time as UTC).
pub fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<Option<i64>> {
    imp::local_epoch(y, mo, d, h, mi, s)
}

/// A file name's bytes as the system keeps them, where names are bytes.
pub fn os_bytes(name: &OsStr) -> Option<&[u8]> {
    imp::os_bytes(name)
}

/// The process's user + system CPU time so far, in seconds.
pub fn cpu_seconds() -> f64 {
    imp::cpu_seconds()
}

/// Reads a passphrase from the terminal without echo; `None` without a
/// terminal (or where there is no way to turn echo off yet). However the
/// prompt ends — Enter, end of input, Ctrl-C, a hang-up, a kill — the
/// terminal gets its echo back.
pub fn read_passphrase(prompt: &str) -> Option<String> {
    imp::read_passphrase(prompt)
}

/// From now on a hang-up (a dropped SSH link, a closed tmux client) or a
/// request to terminate is noted instead of ending the process at once:
/// see [`stop_requested`].
pub fn catch_hangup() {
    imp::catch_hangup()
}

/// Whether a hang-up or termination was asked for since [`catch_hangup`].
pub fn stop_requested() -> bool {
    imp::stop_requested()
}

/// What the terminal (standard input) is doing.
pub enum Wait {
    /// Input to read, or a signal (a resize) to handle.
    Ready,
    /// Nothing for a while.
    Idle,
    /// Hung up or closed: nothing more will come.
    Ended,
}

/// Waits up to `ms` for standard input, on our own; `None` where the
/// system has no such wait here (the terminal library waits instead).
pub fn wait_input(ms: i32) -> Option<Wait> {
    imp::wait_input(ms)
}

/// `other.rs` is compiled and held to what it promises here too, where
/// nothing else builds it.
#[cfg(test)]
#[path = "other.rs"]
#[allow(dead_code)]
mod other_answers;

#[cfg(test)]
mod tests {
    use super::other_answers as other;

    #[test]
    fn elsewhere_a_session_is_refused_not_run_unlocked() {
        let tmp = tempfile::tempfile().unwrap();
        let e = other::try_lock(&tmp).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::Unsupported);
        assert!(other::read_passphrase("?").is_none());
        assert!(other::local_epoch(2026, 1, 1, 0, 0, 0).is_none());
        assert!(other::wait_input(0).is_none());
    }

    #[test]
    fn here_the_lock_is_exclusive_between_holders() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let a = std::fs::File::open(tmp.path()).unwrap();
        let b = std::fs::File::open(tmp.path()).unwrap();
        assert!(super::try_lock(&a).unwrap());
        assert!(!super::try_lock(&b).unwrap());
        drop(a);
        assert!(super::try_lock(&b).unwrap());
    }
}
