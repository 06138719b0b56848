//! Phase timings for the developers: with `PINGSHEN_TRACE` set, long jobs
//! (import) print to stderr when each phase ends, with the wall time since
//! the first mark and the process's CPU time so far. Not for users: English,
//! and nothing at all unless asked for.

use std::sync::OnceLock;
use std::time::Instant;

/// When the first mark was made, if tracing is on.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("PINGSHEN_TRACE").map(|_| Instant::now()))
}

use crate::platform::cpu_seconds;

/// Marks the end of a phase (nothing unless `PINGSHEN_TRACE` is set).
pub fn mark(phase: &str) {
    if let Some(t) = start() {
        eprintln!(
            "trace {:8.3} s wall {:8.3} s cpu  {phase}",
            t.elapsed().as_secs_f64(),
            cpu_seconds()
        );
    }
}
