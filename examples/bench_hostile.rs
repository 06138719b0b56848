//! Peak resident memory of `pingshen pack` refusing each hostile workbook
//! of `testdata/hostile` (put in place of 天门's 表二), measured by
//! `/usr/bin/time -f %M` around the real binary:
//!
//!     cargo build --release && cargo run --release --example bench_hostile
//!
//! Fails when a workbook is not refused or a refusal peaks at 150 MB or more.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const LIMIT_KB: u64 = 150 * 1024;

/// Workbooks within every limit, which must read: the package moved
/// elsewhere, and a sheet padded to near the part limit.
const CONTROLS: &[&str] = &["moved.xlsx", "padded.xlsx"];

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let exe = std::env::current_exe()?;
    let bin: PathBuf = exe
        .parent()
        .and_then(Path::parent)
        .context("target dir")?
        .join("pingshen");
    if !bin.exists() {
        bail!("build the binary first: cargo build --release");
    }
    let mut fixtures: Vec<PathBuf> = fs::read_dir("testdata/hostile")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xls"))
        .collect();
    fixtures.sort();
    // A legacy workbook of 20 MB (the real one, then zeros), made here.
    let extra = tempfile::tempdir()?;
    let big = extra.path().join("large.xls");
    let mut bytes = fs::read("testdata/broken/表二.xls")?;
    bytes.resize(20 << 20, 0);
    fs::write(&big, bytes)?;
    fixtures.push(big);
    let mut worst = 0u64;
    let mut failed = Vec::new();
    println!("{:<26} {:>10} {:>10}  outcome", "workbook", "file", "peak");
    for f in &fixtures {
        let tmp = tempfile::tempdir()?;
        let src = tmp.path().join("submissions");
        copy_dir(Path::new("testdata/rubric"), &tmp.path().join("rubric"))?;
        copy_dir(Path::new("testdata/submissions/天门"), &src.join("天门"))?;
        fs::copy("testdata/submissions/pack.toml", src.join("pack.toml"))?;
        fs::remove_file(src.join("天门/表二 业绩指标.xlsx"))?;
        let ext = f.extension().context("ext")?.to_string_lossy();
        fs::copy(f, src.join(format!("天门/表二 业绩指标.{ext}")))?;
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(&bin)
            .args(["--lang", "en", "pack"])
            .arg(&src)
            .arg("-o")
            .arg(tmp.path().join("b.tar"))
            .output()
            .context("/usr/bin/time is needed")?;
        let err = String::from_utf8_lossy(&out.stderr);
        let kb: u64 = err
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .context("no peak from /usr/bin/time")?;
        // pack exits 1 on a refusal; anything else (a crash, an abort) or
        // a bundle written is a failure.
        let refused = out.status.code() == Some(1) && !tmp.path().join("b.tar").exists();
        let name = f.file_name().context("name")?.to_string_lossy().to_string();
        let outcome = if CONTROLS.contains(&name.as_str()) {
            // The controls: workbooks within every limit read.
            if out.status.success() {
                "read (control)".to_string()
            } else {
                failed.push(format!("{name}: the control did not read"));
                "NOT READ".to_string()
            }
        } else if refused {
            "refused".to_string()
        } else {
            failed.push(format!("{name}: not refused ({:?})", out.status.code()));
            "NOT REFUSED".to_string()
        };
        if kb >= LIMIT_KB {
            failed.push(format!("{name}: peak {} MB", kb / 1024));
        }
        worst = worst.max(kb);
        println!(
            "{:<26} {:>7} KB {:>7.1} MB  {}",
            name,
            fs::metadata(f)?.len() / 1024,
            kb as f64 / 1024.0,
            outcome
        );
    }
    println!(
        "worst peak {:.1} MB (limit {} MB)",
        worst as f64 / 1024.0,
        LIMIT_KB / 1024
    );
    if !failed.is_empty() {
        bail!("{}", failed.join("\n"));
    }
    Ok(())
}
