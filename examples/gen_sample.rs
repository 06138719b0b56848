//! Regenerates the demo submissions folder, deterministically:
//!
//!     cargo run --example gen_sample -- testdata/submissions
//!     cargo run -- pack testdata/submissions -o testdata/bundle.tar
//!
//! `tests/testdata.rs` checks that the committed folder is what this writes.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("testdata/submissions"));
    pingshen_testdata::write_demo(&dir, 2018)?;
    println!("wrote {}", dir.display());
    Ok(())
}
