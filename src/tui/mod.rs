//! The terminal UI. The only part of pingshen that touches ratatui and
//! crossterm: a plain synchronous loop that draws from `&App`, reads one
//! event, and applies it through the key map.

pub mod action;
pub mod app;
pub mod keymap;
pub mod results;
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

/// Whether the terminal has hung up (a dropped SSH link, a closed pane):
/// asked of standard input without waiting, before every wait, because a
/// reader on a hung-up terminal is woken at once and forever.
fn hung_up() -> bool {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut fd, 1, 0) };
        n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A full-screen program the event loop drives: the reviewer's UI, or the
/// results view of a merge.
pub trait Screen {
    /// Draws the whole screen (`page` rows of the terminal are known).
    fn draw(&mut self, frame: &mut ratatui::Frame<'_>);
    fn key(&mut self, key: Key);
    fn paste(&mut self, _text: &str) {}
    /// Called while the user pauses (no input for a moment).
    fn idle(&mut self) {}
    /// Called between inputs: work that must not wait for a pause.
    fn tick(&mut self) {}
    fn quit(&self) -> bool;
    /// Called on every way out, before the terminal is restored.
    fn exit(&mut self) {}
}

impl Screen for App {
    fn draw(&mut self, frame: &mut ratatui::Frame<'_>) {
        self.page = (frame.area().height as usize).saturating_sub(6).max(1);
        views::draw(frame, self);
    }
    fn key(&mut self, key: Key) {
        update::on_key(self, key);
    }
    fn paste(&mut self, text: &str) {
        update::on_paste(self, text);
    }
    fn idle(&mut self) {
        score::idle(self);
        self.drafted = Some(Instant::now());
    }
    fn tick(&mut self) {
        // Typing without a pause still saves its draft every two seconds.
        let due = self.drafted.is_none_or(|t| t.elapsed() >= DRAFT_EVERY);
        if self.editor.as_ref().is_some_and(|e| e.dirty) && due {
            score::save_draft(self);
            self.drafted = Some(Instant::now());
        }
    }
    fn quit(&self) -> bool {
        self.quit
    }
    fn exit(&mut self) {
        // The draft and the spot: the terminal may be gone already.
        score::on_exit(self);
    }
}

/// Runs the reviewer's UI until the user quits, input ends, or a signal
/// arrives. Standard input must be the terminal.
pub fn run(app: &mut App) -> io::Result<()> {
    run_screen(app)
}

/// Runs a screen until it quits, input ends, or a signal arrives. The
/// terminal is restored on every way out, panics included (ratatui's hook).
pub fn run_screen(screen: &mut impl Screen) -> io::Result<()> {
    catch_signals();
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(io::stdout(), event::EnableBracketedPaste);
    let result = (|| -> io::Result<()> {
        let mut dirty = true;
        loop {
            if dirty {
                terminal.draw(|f| screen.draw(f))?;
                dirty = false;
            }
            if screen.quit() || STOP.load(Ordering::SeqCst) || hung_up() {
                return Ok(());
            }
            screen.tick();
            // crossterm waits on the terminal and on its window-size signal
            // together: a resize arrives as an event (and is drawn at once),
            // never as "input ready, nothing read".
            match event::poll(IDLE) {
                Ok(true) => {}
                Ok(false) => {
                    screen.idle();
                    continue;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return if hung_up() { Ok(()) } else { Err(e) },
            }
            loop {
                let ev = match event::read() {
                    Ok(ev) => ev,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => break,
                    Err(e) => return if hung_up() { Ok(()) } else { Err(e) },
                };
                match ev {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        if let Some(key) = Key::from_event(&k) {
                            screen.key(key);
                            dirty = true;
                        }
                    }
                    Event::Paste(text) => {
                        screen.paste(&text);
                        dirty = true;
                    }
                    Event::Resize(..) => {
                        // The next draw clears and lays out at the new size.
                        terminal.autoresize()?;
                        dirty = true;
                    }
                    _ => {}
                }
                if screen.quit() || !matches!(event::poll(Duration::ZERO), Ok(true)) {
                    break;
                }
            }
        }
    })();
    screen.exit();
    let _ = ratatui::crossterm::execute!(io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    result
}

/// How long a pause is before the screen's idle work runs.
const IDLE: Duration = Duration::from_millis(200);

/// Text being typed is saved at least this often.
const DRAFT_EVERY: Duration = Duration::from_secs(2);
