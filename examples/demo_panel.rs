//! A scripted panel of five experts on the demo bundle, for the README's
//! walk through the panel's deliverable:
//!
//!     cargo run --example demo_panel -- panel
//!
//! writes panel/keys/ (each expert's key), panel/reviews/ (five signed
//! review files), panel/allowed_signers, panel/office_signers (the leader's
//! key for the panel's result), panel/rules.toml (the office's decision
//! rules) and panel/store.db (the store they scored in, holding the
//! bundle). See testdata-gen/src/panel.rs for what it is built to show.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "panel".into()));
    let bundle = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/bundle.tar");
    let p = pingshen_testdata::panel::make(&dir, &bundle)?;
    for r in &p.reviews {
        println!("{}", r.display());
    }
    println!("{}", p.allowed_signers.display());
    println!("{}", p.office_signers.display());
    println!("{}", p.rules.display());
    println!("{}", p.store.display());
    Ok(())
}
