//! Build facts for `pingshen --version`: the commit the binary was built
//! from and the day it was built.
//!
//! The commit comes from `PINGSHEN_COMMIT`, else the `COMMIT` file a
//! source archive carries (it has no `.git`), else `git rev-parse`; the
//! date from `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PINGSHEN_COMMIT");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rerun-if-changed=COMMIT");
    // A new commit moves the branch HEAD names (or HEAD itself, detached).
    let mut watched = vec![".git/HEAD".to_string(), ".git/packed-refs".to_string()];
    if let Ok(head) = std::fs::read_to_string(".git/HEAD")
        && let Some(r) = head.trim().strip_prefix("ref: ")
    {
        watched.push(format!(".git/{r}"));
    }
    for f in watched.iter().filter(|f| Path::new(f).exists()) {
        println!("cargo:rerun-if-changed={f}");
    }
    let commit = std::env::var("PINGSHEN_COMMIT")
        .ok()
        .or_else(|| std::fs::read_to_string("COMMIT").ok())
        .or_else(git_commit)
        .map(|c| c.trim().chars().take(12).collect::<String>())
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_hexdigit()))
        .unwrap_or_else(|| "unknown".into());
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let date = civil(secs.div_euclid(86_400));
    println!("cargo:rustc-env=PINGSHEN_DATE={date}");
    println!(
        "cargo:rustc-env=PINGSHEN_VERSION={} (commit {commit}, built {date})",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default()
    );
}

fn git_commit() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Days since 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
