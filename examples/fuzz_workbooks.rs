//! Reads a workbook mutated many ways (a few random bytes each, the same
//! ways every run) and reports what the readers made of them: read,
//! refused, or a reader's panic turned into the file's error. Run it in
//! release, where calamine's arithmetic wraps instead of panicking: an
//! allocation failure there aborts this program, as it would `pingshen`.
//!
//!     cargo run --release --example fuzz_workbooks -- testdata/broken/表二.xls [N] [DIR]
//!
//! Inputs whose reader panicked are written into DIR when given.

use std::path::PathBuf;

use anyhow::{Context, Result};
use pingshen::bundle::workbook::{ReadError, read_bytes};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(args.next().context("a workbook to mutate")?);
    let n: usize = args.next().map_or(Ok(20_000), |s| s.parse())?;
    let keep = args.next().map(PathBuf::from);
    let base = std::fs::read(&file)?;
    let xls = base.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // The panics are counted, not printed.
    std::panic::set_hook(Box::new(|_| {}));
    let (mut read, mut refused, mut crashed) = (0, 0, 0);
    for i in 0..n {
        let mut b = base.clone();
        for _ in 0..1 + next() % 8 {
            let p = (next() % b.len() as u64) as usize;
            b[p] = next() as u8;
        }
        match read_bytes(b.clone(), xls) {
            Ok(_) => read += 1,
            Err(ReadError::Crashed(why)) => {
                crashed += 1;
                if let Some(dir) = &keep {
                    std::fs::create_dir_all(dir)?;
                    let ext = if xls { "xls" } else { "xlsx" };
                    std::fs::write(dir.join(format!("crash-{i}.{ext}")), &b)?;
                    println!("{i}: {why}");
                }
            }
            Err(_) => refused += 1,
        }
    }
    println!(
        "{n} mutations of {}: {read} read, {refused} refused, {crashed} reader panics (each its file's error)",
        file.display()
    );
    Ok(())
}
