//! A real-size bundle: evidence as scanned PDFs of 1–50 MB, at least 5 GiB
//! in all. Reports `pingshen import` against reading the same archive with
//! `cat > /dev/null` and hashing it with `sha256sum`, and the import's peak
//! memory:
//!
//!     cargo build --release && cargo run --release --example bench_big
//!
//! The submissions (the sample's, with its PDFs grown to realistic sizes,
//! incompressible like scans) and their bundle are made once into
//! `target/big` (about 11 GiB of disk) and reused. `PINGSHEN_BIG_GIB`
//! changes the size. The archive is in the page cache for every run (the
//! pack just wrote it; each side reads it once more first), so the figures
//! compare the work of each, not the disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

#[path = "common/child.rs"]
mod child;
use child::{binary, peak_mb, remove_db};

const MB: u64 = 1 << 20;
const RUNS: usize = 3;

/// xorshift64*: incompressible bytes, the same every time.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            pdfs(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "pdf") {
            out.push(p);
        }
    }
    Ok(())
}

/// The sample's submissions with PDFs grown to 1–50 MB until the evidence
/// holds `want` bytes. Returns (files grown, evidence bytes).
fn grow(src: &Path, want: u64) -> Result<(usize, u64)> {
    let mut files = Vec::new();
    pdfs(src, &mut files)?;
    files.sort();
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let mut total = 0;
    let mut grown = 0;
    let mut buf = vec![0u8; MB as usize];
    for f in files {
        if total >= want {
            break;
        }
        let size = MB + noise.next() % (49 * MB);
        let mut w = std::io::BufWriter::new(std::fs::File::create(&f)?);
        w.write_all(b"%PDF-1.4\n% scanned pages\n")?;
        let mut left = size - 25;
        while left > 0 {
            let n = left.min(MB) as usize;
            noise.fill(&mut buf[..n]);
            w.write_all(&buf[..n])?;
            left -= n as u64;
        }
        w.flush()?;
        total += size;
        grown += 1;
    }
    if total < want {
        bail!("the sample has too few PDFs for {want} bytes");
    }
    Ok((grown, total))
}

fn run(cmd: &mut Command) -> Result<Duration> {
    let t = Instant::now();
    let s = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status()?;
    if !s.success() {
        bail!("{cmd:?} failed");
    }
    Ok(t.elapsed())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let bin = binary()?;
    let gib: u64 = std::env::var("PINGSHEN_BIG_GIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = repo.join(format!("target/big-{gib}g"));
    let src = root.join("submissions");
    let bundle = root.join("bundle.tar");
    if !bundle.exists() {
        let _ = std::fs::remove_dir_all(&src);
        let _ = std::fs::remove_dir_all(root.join("rubric"));
        eprintln!(
            "growing the sample's PDFs to {gib} GiB in {} …",
            src.display()
        );
        copy_tree(&repo.join("testdata/submissions"), &src)?;
        // pack.toml names the rubrics beside the submissions.
        copy_tree(&repo.join("testdata/rubric"), &root.join("rubric"))?;
        let (grown, bytes) = grow(&src, gib << 30)?;
        eprintln!(
            "{grown} PDFs, {:.2} GiB of evidence; packing …",
            bytes as f64 / (1u64 << 30) as f64
        );
        let t = run(Command::new(&bin)
            .arg("pack")
            .arg(&src)
            .arg("-o")
            .arg(&bundle))?;
        eprintln!("pack: {:.1} s", t.as_secs_f64());
    }
    let size = std::fs::metadata(&bundle)?.len();
    let db = root.join("bench.db");
    let mut cat = Vec::new();
    let mut sha = Vec::new();
    let mut imp = Vec::new();
    // Once each first, so that all read from the page cache.
    run(Command::new("cat").arg(&bundle))?;
    for i in 0..RUNS {
        // The order turns, so that a drift of the machine favours no side.
        for k in 0..3 {
            match (i + k) % 3 {
                0 => cat.push(run(Command::new("cat").arg(&bundle))?),
                1 => sha.push(run(Command::new("sha256sum").arg(&bundle))?),
                _ => {
                    remove_db(&db);
                    imp.push(run(Command::new(&bin)
                        .arg("--db")
                        .arg(&db)
                        .arg("import")
                        .arg(&bundle))?);
                }
            }
        }
    }
    remove_db(&db);
    let peak = peak_mb(
        Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&bundle),
    )?;
    remove_db(&db);
    let gb = size as f64 / (1u64 << 30) as f64;
    let line = |what: &str, d: Duration| {
        println!(
            "{what:<34} {:>7.2} s  {:>6.0} MiB/s",
            d.as_secs_f64(),
            size as f64 / MB as f64 / d.as_secs_f64()
        );
    };
    println!("bundle: {gb:.2} GiB ({size} bytes); medians of {RUNS} runs, page cache warm");
    let (c, s, m) = (median(cat), median(sha), median(imp));
    line("cat > /dev/null", c);
    line("sha256sum", s);
    line("pingshen import (fresh store)", m);
    let ratio = m.as_secs_f64() / s.as_secs_f64();
    println!(
        "import / sha256sum: {ratio:.2}× (target ≤ 1.3×: {})",
        if ratio <= 1.3 { "met" } else { "MISSED" }
    );
    println!(
        "import peak memory: {peak:.0} MB (target < 100 MB: {})",
        if peak < 100.0 { "met" } else { "MISSED" }
    );
    Ok(())
}
