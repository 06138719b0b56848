//! The command line: arguments (`args`), their help and errors in the
//! interface language (`help`), the settings they resolve to (`settings`),
//! and one file per group of commands.

mod args;
mod bundles;
mod demo;
mod help;
mod keys;
mod lookups;
mod manual;
mod merge;
mod progress;
mod review;
mod screens;
mod settings;
mod sources;

use std::path::PathBuf;

use anyhow::Result;

use pingshen::config::Config;
use pingshen::i18n;

use args::{Cli, Command};
pub use help::parse;
use settings::Settings;

/// What every command runs with: the store it uses (`--db`, or the demo
/// store with `--demo`), the `--key` and `--reviewer` flags as given, and
/// the resolved settings.
pub struct Run {
    db: Option<PathBuf>,
    key_flag: Option<PathBuf>,
    reviewer_flag: Option<String>,
    settings: Settings,
}

impl Run {
    /// The signing key of the reviewer, if there is one (see
    /// `settings::choose_key`).
    fn key(&self) -> Option<PathBuf> {
        settings::key_path(self.key_flag.as_deref(), self.settings.reviewer.as_deref())
    }
}

/// Runs a command; `Ok(false)` means it ran but found nothing or refused
/// (exit status 1, message already printed).
pub fn run(cli: Cli) -> Result<bool> {
    let config = match Config::path() {
        Some(p) => Config::load(&p)?,
        None => Config::default(),
    };
    let settings = Settings::resolve(&cli, &settings::process_env, &config)?;
    i18n::set_lang(settings.lang);
    let db = if cli.demo {
        Some(sources::demo_store_path()?)
    } else {
        cli.db
    };
    let run = Run {
        db,
        key_flag: cli.key,
        reviewer_flag: cli.reviewer,
        settings,
    };
    let Some(command) = cli.command else {
        let store = sources::existing_store(run.db.as_deref())?;
        let bundle = store.bundle(None)?;
        return screens::review(store, bundle, &run);
    };
    // Commands write through one lock of stdout. Those that draw the UI
    // write to the terminal themselves: the lock is the thread's own and
    // re-entrant, so that does not wait on it.
    if matches!(
        command,
        Command::Pack { .. } | Command::Import { .. } | Command::Merge(_) | Command::Open { .. }
    ) {
        progress::install_on_terminal();
    }
    let stdout = std::io::stdout();
    let out = &mut stdout.lock();
    match command {
        Command::Open { bundle } => bundles::open(&bundle, &run),
        Command::Results { result } => screens::results(result, &run),
        Command::Demo { bundle, query } => demo::demo(bundle, &query, &run, out),
        Command::Template { dir, year } => bundles::template(&dir, year, out),
        Command::Pack { src, out: dest } => bundles::pack(&src, &dest, out),
        Command::Import { bundle } => bundles::import(&bundle, &run, out),
        Command::Bundles => lookups::bundles(&run, out),
        Command::Find {
            query,
            bundle,
            limit,
            json,
        } => lookups::find(&run, &query, bundle.as_deref(), limit, json, out),
        Command::Show { id, bundle, json } => {
            lookups::show(&run, &id, bundle.as_deref(), json, out)
        }
        Command::Log {
            cluster,
            bundle,
            json,
        } => lookups::log(&run, cluster.as_deref(), bundle.as_deref(), json, out),
        Command::Keygen { no_passphrase } => keys::keygen(&run, no_passphrase, out),
        Command::Whoami => keys::whoami(&run, out),
        Command::Export {
            out: dest,
            incomplete,
            bundle,
        } => review::export(&run, &dest, incomplete, bundle.as_deref(), out),
        Command::Verify {
            file,
            sig,
            signers,
            bundle,
            json,
        } => review::verify(&run, &file, sig, &signers, bundle.as_deref(), json, out),
        Command::Merge(a) => merge::merge(&run, a, out),
        Command::Completions { shell } => manual::completions(shell, run.settings.lang, out),
        Command::Man { dir } => manual::man_pages(&dir, run.settings.lang, out),
    }
}

/// Prints an error for people: the message and its causes (the system's
/// in the reader's language), inert, of bounded length; a quoted file's
/// lines stay lines.
pub fn print_error(e: &anyhow::Error) {
    let said = i18n::error_chain(e.as_ref());
    eprintln!("pingshen: {}", pingshen::text::inert_lines(&said, 4000));
}
