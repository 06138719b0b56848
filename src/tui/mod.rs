//! The terminal UI. The only part of pingshen that touches ratatui and
//! crossterm: a plain synchronous loop that draws from `&App`, reads one
//! event, and applies it through the key map.

pub mod action;
pub mod app;
pub mod keymap;
pub mod score;
pub mod update;
pub mod views;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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

/// What the terminal's input is doing.
enum Input {
    Ready,
    Idle,
    /// Hung up or closed: nothing more will come.
    Ended,
}

/// Waits up to `ms` for input on the terminal (standard input). Polled here
/// rather than in crossterm, which spins on a hung-up terminal; a signal
/// interrupts the wait.
fn wait_input(ms: i32) -> Input {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut fd, 1, ms) };
        if n < 0 {
            return Input::Idle;
        }
        if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Input::Ended;
        }
        if fd.revents & libc::POLLIN != 0 {
            Input::Ready
        } else {
            Input::Idle
        }
    }
    #[cfg(not(unix))]
    {
        match event::poll(Duration::from_millis(ms as u64)) {
            Ok(true) => Input::Ready,
            Ok(false) => Input::Idle,
            Err(_) => Input::Ended,
        }
    }
}

/// Runs the UI until the user quits, input ends, or a signal arrives. The
/// terminal is restored on every way out, panics included (ratatui's hook).
/// Standard input must be the terminal.
pub fn run(app: &mut App) -> io::Result<()> {
    catch_signals();
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(io::stdout(), event::EnableBracketedPaste);
    let result = (|| -> io::Result<()> {
        let mut dirty = true;
        // When the text being typed was last saved as a draft.
        let mut drafted = Instant::now();
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
            // Typing without a pause still saves its draft every two seconds.
            if app.editor.as_ref().is_some_and(|e| e.dirty) && drafted.elapsed() >= DRAFT_EVERY {
                score::save_draft(app);
                drafted = Instant::now();
            }
            match wait_input(200) {
                Input::Ended => return Ok(()),
                Input::Idle => {
                    score::idle(app);
                    drafted = Instant::now();
                    continue;
                }
                Input::Ready => {}
            }
            let mut any = false;
            while event::poll(Duration::ZERO)? {
                any = true;
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        if let Some(key) = Key::from_event(&k) {
                            update::on_key(app, key);
                            dirty = true;
                        }
                    }
                    Event::Paste(text) => {
                        update::on_paste(app, &text);
                        dirty = true;
                    }
                    Event::Resize(..) => dirty = true,
                    _ => {}
                }
            }
            // Readable but no event: the input was closed.
            if !any {
                return Ok(());
            }
        }
    })();
    // The draft and the spot first: the terminal may be gone already.
    score::on_exit(app);
    let _ = ratatui::crossterm::execute!(io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    result
}

/// Text being typed is saved at least this often.
const DRAFT_EVERY: Duration = Duration::from_secs(2);
