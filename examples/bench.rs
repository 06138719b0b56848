//! Benchmarks on the national-scale bundle (3,500 clusters, 175,000 evidence
//! rows), with the figures the README quotes:
//!
//!     cargo build --release && cargo run --release --example bench
//!
//! - import (hash verification included), as a whole `pingshen import`
//!   process, against calamine alone reading the same workbooks, in one run;
//! - the import's peak memory (the child's maximum resident set);
//! - `pingshen find` as a whole process.
//!
//! The national folder is generated once into `target/national` (about a
//! minute) and reused.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use calamine::{Reader, open_workbook_auto};
use pingshen::bundle::manifest::FileKind;

#[path = "common/child.rs"]
mod child;
use child::{binary, peak_mb, remove_db};

/// calamine runs here with the allocator the pingshen binary uses, so that
/// the ratio measures pingshen's own work, not a difference of allocators.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CLUSTERS: usize = 3_500;
const EVIDENCE: usize = 50;
const RUNS: usize = 15;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ensure_national(root: &Path, bin: &Path) -> Result<PathBuf> {
    let src = root.join("submissions");
    let bundle = root.join("bundle.tar");
    if bundle.exists() {
        return Ok(bundle);
    }
    if !src.join("pack.toml").exists() {
        let _ = std::fs::remove_dir_all(&src);
        let rubrics = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rubric");
        eprintln!(
            "generating {CLUSTERS} clusters × {EVIDENCE} evidence rows into {} …",
            src.display()
        );
        pingshen_testdata::write_national(&src, 2018, CLUSTERS, EVIDENCE, &rubrics)?;
    }
    let o = Command::new(bin)
        .args(["pack"])
        .arg(&src)
        .arg("-o")
        .arg(&bundle)
        .output()?;
    if !o.status.success() {
        bail!("pack failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    Ok(bundle)
}

/// Reads every workbook of the bundle with calamine, every sheet as a range
/// (from the submissions folder: the same files the bundle holds).
fn calamine_alone(src: &Path, books: &[String]) -> Result<usize> {
    let mut cells = 0;
    for rel in books {
        let mut wb = open_workbook_auto(src.join(rel))?;
        for name in wb.sheet_names() {
            cells += wb.worksheet_range(&name)?.used_cells().count();
        }
    }
    Ok(cells)
}

/// Runs the child to completion; returns its wall time.
fn timed(cmd: &mut Command) -> Result<Duration> {
    let t = Instant::now();
    let o = cmd.output()?;
    let d = t.elapsed();
    if !o.status.success() && o.status.code() != Some(1) {
        bail!("{:?} failed: {}", cmd, String::from_utf8_lossy(&o.stderr));
    }
    Ok(d)
}

fn main() -> Result<()> {
    let bin = binary()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/national");
    let bundle = ensure_national(&root, &bin)?;
    let src = root.join("submissions");
    // The import's peak memory.
    let fresh = root.join("bench-peak.db");
    remove_db(&fresh);
    let peak = peak_mb(
        Command::new(&bin)
            .arg("--db")
            .arg(&fresh)
            .arg("import")
            .arg(&bundle),
    )?;
    let (m, _) = pingshen::store::read_manifest(&bundle)?;
    let books: Vec<String> = m
        .files
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FileKind::Table2 | FileKind::Summary | FileKind::Catalogue | FileKind::Application
            )
        })
        .map(|f| f.path.clone())
        .collect();
    let evidence = m
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Evidence)
        .count();
    println!(
        "national bundle: {} workbooks, {} evidence files",
        books.len(),
        evidence
    );

    // Warm the page cache once so that both sides read from memory.
    calamine_alone(&src, &books)?;
    let mut cal = Vec::new();
    let mut imp = Vec::new();
    for i in 0..RUNS {
        let db = root.join(format!("bench-{i}.db"));
        remove_db(&db);
        let mut import = Command::new(&bin);
        import.arg("--db").arg(&db).arg("import").arg(&bundle);
        // Which goes first alternates, so that a drift of the machine's
        // speed does not favour either side.
        if i % 2 == 1 {
            imp.push(timed(&mut import)?);
        }
        let t = Instant::now();
        calamine_alone(&src, &books)?;
        cal.push(t.elapsed());
        if i % 2 == 0 {
            imp.push(timed(&mut import)?);
        }
    }
    // Each import is timed right after calamine: this machine's speed drifts
    // within a minute, so the ratio is taken pair by pair.
    let mut ratios: Vec<f64> = cal.iter().zip(&imp).map(|(c, i)| ms(*i) / ms(*c)).collect();
    if std::env::var_os("BENCH_PAIRS").is_some() {
        for (c, i) in cal.iter().zip(&imp) {
            eprintln!(
                "pair: calamine {:>6.0} ms  import {:>6.0} ms",
                ms(*c),
                ms(*i)
            );
        }
    }
    ratios.sort_by(f64::total_cmp);
    let (cal, imp) = (median(cal), median(imp));
    println!(
        "calamine alone, same workbooks (1 thread):  {:>8.0} ms",
        ms(cal)
    );
    println!(
        "pingshen import, whole process:              {:>8.0} ms",
        ms(imp)
    );
    println!(
        "import ÷ calamine, median of {RUNS} pairs:         {:>8.2}×  (pairs {:.2}–{:.2}×)",
        ratios[RUNS / 2],
        ratios[0],
        ratios[RUNS - 1]
    );
    println!(
        "pingshen import, peak resident memory:       {:>8.1} MB",
        peak
    );

    let db = root.join("bench-0.db");
    let mut find = Vec::new();
    for q in ["szzyc", "随州专用", "KH-4213-0100", "cyqjy", "wh"] {
        for _ in 0..RUNS {
            find.push(timed(
                Command::new(&bin).arg("--db").arg(&db).args(["find", q]),
            )?);
        }
    }
    println!(
        "pingshen find, whole process (median of {}):  {:>8.1} ms",
        find.len(),
        ms(median(find))
    );
    Ok(())
}
