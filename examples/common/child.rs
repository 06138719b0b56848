//! What the benchmarks share about running the pingshen binary as a child.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The release binary beside the running example.
pub fn binary() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe.parent().and_then(Path::parent).context("target dir")?;
    let bin = dir.join("pingshen");
    if !bin.exists() {
        bail!("build the binary first: cargo build --release");
    }
    Ok(bin)
}

/// Removes a store and its WAL files.
pub fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

/// Runs a child to completion; returns its own maximum resident set in MB
/// (from `wait4`, so that nothing else is counted).
pub fn peak_mb(cmd: &mut Command) -> Result<f64> {
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 fills it for this child only.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    if pid < 0 || status != 0 {
        bail!("{cmd:?} failed");
    }
    Ok(ru.ru_maxrss as f64 / 1024.0)
}
