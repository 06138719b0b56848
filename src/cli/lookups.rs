//! The lookups staff run over SSH: `bundles`, `find`, `show` and `log`,
//! as text for people or JSON for scripts. They open the store read-only.

use std::io::Write;

use anyhow::Result;

use pingshen::i18n::{M, trf};
use pingshen::lookup;
use pingshen::text::inert;

use super::Run;
use super::sources::lookup_store;

/// `bundles`: the imported bundles, one a line.
pub fn bundles(run: &Run, out: &mut impl Write) -> Result<bool> {
    let store = lookup_store(run.db.as_deref())?;
    for b in store.bundles()? {
        writeln!(
            out,
            "{}  {}  {}  {}",
            b.short_id(),
            b.year,
            b.clusters,
            inert(&b.title)
        )?;
    }
    Ok(true)
}

/// `find`: clusters by name, pinyin initials or id.
pub fn find(
    run: &Run,
    query: &str,
    bundle: Option<&str>,
    limit: usize,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let store = lookup_store(run.db.as_deref())?;
    let b = store.bundle(bundle)?;
    let rows = lookup::find(&store, &b, query, limit)?;
    if json {
        pingshen::json::write_inert(out, &rows)?;
    } else if rows.is_empty() {
        eprintln!("{}", trf(M::NoMatches, &[&inert(query)]));
        return Ok(false);
    } else {
        out.write_all(lookup::find_text(&rows).as_bytes())?;
    }
    Ok(!rows.is_empty())
}

/// `show`: one cluster's figures, checks and evidence.
pub fn show(
    run: &Run,
    id: &str,
    bundle: Option<&str>,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let store = lookup_store(run.db.as_deref())?;
    let b = store.bundle(bundle)?;
    let Some(d) = lookup::detail(&store, &b, id)? else {
        if json {
            writeln!(out, "null")?;
        }
        eprintln!("{}", trf(M::NotFound, &[&inert(id)]));
        return Ok(false);
    };
    if json {
        pingshen::json::write_inert(out, &d)?;
    } else {
        out.write_all(lookup::detail_text(&d).as_bytes())?;
    }
    Ok(true)
}

/// `log`: every change of every mark, oldest first — of the reviewer
/// named by `--reviewer` only, when named.
pub fn log(
    run: &Run,
    cluster: Option<&str>,
    bundle: Option<&str>,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let store = lookup_store(run.db.as_deref())?;
    let b = store.bundle(bundle)?;
    let entries = store.log(b.no, run.reviewer_flag.as_deref(), cluster)?;
    if json {
        pingshen::json::write_inert(out, &entries)?;
    } else {
        out.write_all(pingshen::session::log_text(&entries).as_bytes())?;
    }
    Ok(true)
}
