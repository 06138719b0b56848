//! The commands that open the terminal UI: on a bundle of the store, and on
//! a merged result.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Result, anyhow};

use pingshen::config::Profile;
use pingshen::i18n::{M, tr};
use pingshen::merge;
use pingshen::store::{BundleInfo, Store};
use pingshen::tui::app::{App, Look};
use pingshen::tui::session as tui_session;

use super::Run;

/// Refuses to draw a UI where there is no terminal to draw it on.
fn need_terminal() -> Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(anyhow!("{}", tr(M::NeedsTerminal)));
    }
    Ok(())
}

/// Colours unless `NO_COLOR` says otherwise; ASCII where asked.
fn look(run: &Run) -> Look {
    Look {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: run.settings.ascii,
    }
}

/// Runs the terminal UI on a bundle of the store.
pub fn review(store: Store, bundle: BundleInfo, run: &Run) -> Result<bool> {
    need_terminal()?;
    let user = pingshen::tui::user_keymap_path();
    let keymap = pingshen::tui::load_keymap(run.settings.keys, user.as_deref())?;
    store.touch(bundle.no)?;
    store.manual_checkpoints()?;
    let mut app = App::new(store, bundle, keymap, look(run))?;
    app.set_opener(run.settings.opener.clone());
    app.set_key(run.key());
    // The reviewer: named on the command line, or kept from an earlier
    // start (asked for, and kept, on the first).
    let name = match &run.settings.reviewer {
        Some(n) => Some(n.clone()),
        None => {
            let profile = Profile::path();
            app.set_profile(profile.clone());
            match &profile {
                Some(p) => Profile::load(p)?.map(|p| p.name),
                None => None,
            }
        }
    };
    match name {
        Some(n) => tui_session::begin(&mut app, n.trim()).map_err(|e| anyhow!(e))?,
        None => tui_session::ask_name(&mut app),
    }
    pingshen::tui::run(&mut app)?;
    Ok(true)
}

/// `results`: browse a merged result (its JSON, or the workbook beside it).
pub fn results(result: PathBuf, run: &Run) -> Result<bool> {
    // The workbook's name will do: the JSON lies beside it.
    let result = if result.extension().is_some_and(|e| e == "xlsx") {
        result.with_extension("json")
    } else {
        result
    };
    let r = merge::MergeResult::read(&result)?;
    need_terminal()?;
    let user = pingshen::tui::user_keymap_path();
    let keymap = pingshen::tui::load_keymap(run.settings.keys, user.as_deref())?;
    let mut app = pingshen::tui::results::Results::new(r, keymap, look(run));
    // The panel's leader writes its opinions into the store, and signs the
    // final result with their key, under their name.
    app.set_store(super::sources::open_store(run.db.as_deref())?);
    app.set_source(result);
    app.set_key(run.key());
    let name = match &run.settings.reviewer {
        Some(n) => Some(n.clone()),
        None => match Profile::path() {
            Some(p) => Profile::load(&p)?.map(|p| p.name),
            None => None,
        },
    };
    app.set_leader(name);
    pingshen::tui::results::run(&mut app)?;
    Ok(true)
}
