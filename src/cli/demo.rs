//! `demo`: pingshen on the sample bundle built into the binary — the
//! terminal UI on a terminal (in a demo store of its own), else a lookup
//! printed from a temporary store.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use pingshen::lookup;
use pingshen::store::{self, ImportOutcome, Store};
use pingshen::text::inert;

use super::bundles::outcome_line;
use super::sources::demo_store_path;
use super::{Run, screens};

/// The sample bundle, built into the binary: `demo` works from the binary
/// alone, wherever it was copied.
static SAMPLE_BUNDLE: &[u8] = include_bytes!("../../testdata/bundle.tar");

/// `demo`: the UI where there is a terminal, else a printed lookup.
pub fn demo(bundle: Option<PathBuf>, query: &str, run: &Run, out: &mut impl Write) -> Result<bool> {
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        review(bundle, run)
    } else {
        print(bundle, query, out)
    }
}

/// The terminal UI on the sample bundle, in a store of its own (`demo.db`
/// beside the real one, or `--db`): scores given in the demo are kept
/// there across restarts, apart from real reviews.
fn review(bundle: Option<PathBuf>, run: &Run) -> Result<bool> {
    let path = match &run.db {
        Some(p) => p.clone(),
        None => demo_store_path()?,
    };
    let mut store = Store::open(&path)?;
    let bundle = match bundle {
        Some(b) => b,
        // Beside the demo store, which opens evidence from it later.
        None => sample_bundle_in(path.parent().unwrap_or(Path::new(".")))?,
    };
    let id = match store::import(&mut store, &bundle)? {
        ImportOutcome::Imported { id, .. } | ImportOutcome::AlreadyImported { id } => id,
    };
    let b = store.bundle(Some(&id))?;
    screens::review(store, b, run)
}

/// Writes the built-in sample bundle to `dir` (unless it is there already,
/// byte for byte) and returns its path.
fn sample_bundle_in(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("sample-bundle.tar");
    let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == SAMPLE_BUNDLE.len() as u64)
        && std::fs::read(&path).is_ok_and(|b| b == SAMPLE_BUNDLE);
    if !same {
        pingshen::private::create_dir_all(dir)?;
        let tmp = dir.join(format!("sample-bundle.tar.{}.partial", std::process::id()));
        std::fs::write(&tmp, SAMPLE_BUNDLE).with_context(|| format!("{}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("{}", path.display()))?;
    }
    Ok(path)
}

/// Imports the sample into a temporary store (the user's store is not
/// touched), then shows what a lookup gives.
fn print(bundle: Option<PathBuf>, query: &str, out: &mut impl Write) -> Result<bool> {
    let dir = pingshen::private::fresh_dir(&std::env::temp_dir(), "pingshen-demo-")?;
    let result = (|| -> Result<bool> {
        let bundle = match bundle {
            Some(b) => b,
            None => sample_bundle_in(&dir)?,
        };
        let mut store = Store::open(&dir.join("demo.db"))?;
        let imported = outcome_line(&store::import(&mut store, &bundle)?);
        writeln!(out, "{imported}\n\n$ pingshen find {query}")?;
        let b = store.bundle(None)?;
        let rows = lookup::find(&store, &b, query, 10)?;
        out.write_all(lookup::find_text(&rows).as_bytes())?;
        if let Some(first) = rows.first()
            && let Some(d) = lookup::detail(&store, &b, &first.id)?
        {
            writeln!(out, "\n$ pingshen show {}", inert(&first.id))?;
            out.write_all(lookup::detail_text(&d).as_bytes())?;
        }
        Ok(!rows.is_empty())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
