//! The answers on Linux (and other Unix systems): file modes, `flock`,
//! termios, signals, `poll`, `mktime`, `getrusage`.

use std::ffi::OsStr;
use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Wait;

pub fn private_dir(b: &mut DirBuilder) -> &mut DirBuilder {
    b.mode(0o700)
}

pub fn private_file(o: &mut OpenOptions) -> &mut OpenOptions {
    o.mode(0o600)
}

pub fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    o.custom_flags(libc::O_NOFOLLOW)
}

pub fn make_private(path: &Path) -> io::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

pub fn mode(meta: &Metadata) -> Option<u32> {
    Some(meta.permissions().mode() & 0o777)
}

pub fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: flock on a descriptor the caller owns for the call.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

pub fn local_epoch(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<Option<i64>> {
    // SAFETY: a zeroed tm is valid; mktime reads and normalizes it. As in
    // OpenSSH, tm_isdst stays 0.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = (y - 1900) as libc::c_int;
        tm.tm_mon = (mo - 1) as libc::c_int;
        tm.tm_mday = d as libc::c_int;
        tm.tm_hour = h as libc::c_int;
        tm.tm_min = mi as libc::c_int;
        tm.tm_sec = s as libc::c_int;
        let t = libc::mktime(&mut tm);
        Some((t >= 0).then_some(t as i64))
    }
}

pub fn os_bytes(name: &OsStr) -> Option<&[u8]> {
    Some(name.as_bytes())
}

pub fn cpu_seconds() -> f64 {
    // SAFETY: a zeroed rusage is valid; getrusage only fills it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(ru.ru_utime) + secs(ru.ru_stime)
}

/// Reads a passphrase from the terminal without echo (`/dev/tty`, so that
/// standard input may carry other things). `None` without a terminal.
/// However the prompt ends — Enter, end of input, Ctrl-C, a hang-up, a
/// kill — the terminal gets its echo back.
pub fn read_passphrase(prompt: &str) -> Option<String> {
    use std::io::{BufRead, Write};
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let fd = tty.as_raw_fd();
    let guard = echo::Off::new(fd)?;
    let mut w = &tty;
    let _ = write!(w, "{prompt}");
    let _ = w.flush();
    let mut line = String::new();
    let ok = std::io::BufReader::new(&tty).read_line(&mut line).is_ok();
    drop(guard);
    ok.then(|| line.trim_end_matches(['\n', '\r']).to_string())
}

/// Echo off for a prompt, restored on drop and by the signals that end a
/// process at a prompt (the handler restores the terminal, then lets the
/// signal do what it would have done).
mod echo {
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The terminal whose settings the handler puts back (-1: none).
    static FD: AtomicI32 = AtomicI32::new(-1);
    /// Its settings before the prompt. Written before FD is set, read only
    /// by the handler while FD is set.
    static mut SAVED: Option<libc::termios> = None;

    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

    extern "C" fn restore_and_reraise(sig: libc::c_int) {
        let fd = FD.swap(-1, Ordering::SeqCst);
        // SAFETY: tcsetattr, write, signal and raise are async-signal-safe;
        // SAVED was written before FD was published.
        unsafe {
            if fd >= 0
                && let Some(t) = (*std::ptr::addr_of!(SAVED)).as_ref()
            {
                libc::tcsetattr(fd, libc::TCSANOW, t);
                libc::write(fd, b"\n".as_ptr().cast(), 1);
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    pub(crate) struct Off {
        fd: libc::c_int,
        old: libc::termios,
        handlers: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Off {
        pub fn new(fd: libc::c_int) -> Option<Off> {
            // SAFETY: termios and sigaction calls on a descriptor we own;
            // everything is put back in Drop.
            unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(fd, &mut t) != 0 {
                    return None;
                }
                let old = t;
                *std::ptr::addr_of_mut!(SAVED) = Some(old);
                FD.store(fd, Ordering::SeqCst);
                let mut handlers = Vec::new();
                for sig in SIGNALS {
                    let mut act: libc::sigaction = std::mem::zeroed();
                    act.sa_sigaction = restore_and_reraise as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut act.sa_mask);
                    let mut prev: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(sig, &act, &mut prev) == 0 {
                        handlers.push((sig, prev));
                    }
                }
                t.c_lflag &= !libc::ECHO;
                t.c_lflag |= libc::ECHONL;
                libc::tcsetattr(fd, libc::TCSANOW, &t);
                Some(Off { fd, old, handlers })
            }
        }
    }

    impl Drop for Off {
        fn drop(&mut self) {
            FD.store(-1, Ordering::SeqCst);
            // SAFETY: as in new.
            unsafe {
                libc::tcsetattr(self.fd, libc::TCSANOW, &self.old);
                for (sig, prev) in &self.handlers {
                    libc::sigaction(*sig, prev, std::ptr::null_mut());
                }
            }
        }
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

pub fn catch_hangup() {
    // SAFETY: the handler only stores to an atomic, which is signal-safe.
    unsafe {
        let handler = on_signal as *const () as libc::sighandler_t;
        libc::signal(libc::SIGHUP, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// `poll(2)` on standard input: the terminal library must not be asked to
/// read a hung-up terminal (crossterm reads end-of-file in a loop that
/// never returns). A signal — a resize (SIGWINCH), a hang-up — interrupts
/// the wait.
pub fn wait_input(ms: i32) -> Option<Wait> {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut fd, 1, ms) };
    Some(if n < 0 {
        // Interrupted by a signal: a resize is waiting in the terminal library.
        Wait::Ready
    } else if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Wait::Ended
    } else if n > 0 {
        Wait::Ready
    } else {
        Wait::Idle
    })
}
