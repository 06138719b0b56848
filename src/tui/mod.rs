//! The terminal UI. The only part of pingshen that touches ratatui and
//! crossterm: a plain synchronous loop that draws from `&App`, reads one
//! event, and applies it through the key map.

pub mod action;
pub mod app;
pub mod keymap;
pub mod update;
pub mod views;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::tui::app::App;
use crate::tui::keymap::{Key, Keymap, KeymapError};

/// Which shipped key map to start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    Default,
    Vim,
}

/// The active key map: the shipped one, with the user's file over it.
pub fn load_keymap(keys: Keys, user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
    let (text, name) = match keys {
        Keys::Default => (keymap::DEFAULT, "keymaps/default.toml"),
        Keys::Vim => (keymap::VIM, "keymaps/vim.toml"),
    };
    let base = Keymap::parse(text, name)?;
    match user_file.and_then(|p| std::fs::read_to_string(p).ok().map(|t| (p, t))) {
        Some((path, text)) => {
            Ok(base.with_overrides(Keymap::parse(&text, &path.display().to_string())?))
        }
        None => Ok(base),
    }
}

/// The user's key map file: `keymap.toml` in the platform config folder.
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pingshen").map(|d| d.config_dir().join("keymap.toml"))
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// SIGHUP (a dropped SSH link, a closed tmux client) and SIGTERM end the
/// loop, so that the terminal is restored and the process exits.
fn catch_signals() {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic, which is signal-safe.
    unsafe {
        let handler = on_signal as *const () as libc::sighandler_t;
        libc::signal(libc::SIGHUP, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Runs the UI until the user quits, input ends, or a signal arrives. The
/// terminal is restored on every way out, panics included (ratatui's hook).
pub fn run(app: &mut App) -> io::Result<()> {
    catch_signals();
    let mut terminal = ratatui::init();
    let result = (|| -> io::Result<()> {
        let mut dirty = true;
        loop {
            if dirty {
                let size = terminal.size()?;
                app.page = (size.height as usize).saturating_sub(6).max(1);
                terminal.draw(|f| views::draw(f, app))?;
                dirty = false;
            }
            if app.quit || STOP.load(Ordering::SeqCst) {
                return Ok(());
            }
            // Wake now and then to notice a signal.
            if !event::poll(Duration::from_millis(200))? {
                continue;
            }
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if let Some(key) = Key::from_event(&k) {
                        update::on_key(app, key);
                        dirty = true;
                    }
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
    })();
    ratatui::restore();
    result
}
