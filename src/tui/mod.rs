//! The terminal UI. The only part of pingshen that touches ratatui and
//! crossterm: a plain synchronous loop that draws from `&App`, reads one
//! event, and applies it through the key map.

pub(crate) mod action;
pub mod app;
pub(crate) mod editor;
pub(crate) mod export;
pub mod keymap;
pub(crate) mod nav;
pub(crate) mod prompt;
pub mod results;
pub(crate) mod score;
pub mod session;
pub mod update;
pub mod views;

use crate::platform::{self, Wait};
use std::io;
use std::path::{Path, PathBuf};
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

/// Waits up to `ms` for the terminal: the platform's own wait where it
/// has one (it sees a hung-up terminal), else crossterm's.
fn wait(ms: i32) -> Wait {
    platform::wait_input(ms).unwrap_or_else(|| {
        match event::poll(Duration::from_millis(ms.max(0) as u64)) {
            Ok(true) => Wait::Ready,
            Ok(false) => Wait::Idle,
            Err(_) => Wait::Ended,
        }
    })
}

/// A full-screen program the event loop drives: the reviewer's UI, or the
/// results view of a merge.
pub(crate) trait Screen {
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
        session::idle(self);
        self.drafted = Some(Instant::now());
    }
    fn tick(&mut self) {
        // Typing without a pause still saves its draft every two seconds.
        let due = self.drafted.is_none_or(|t| t.elapsed() >= DRAFT_EVERY);
        if self.editor.as_ref().is_some_and(|e| e.dirty) && due {
            session::save_draft(self);
            self.drafted = Some(Instant::now());
        }
    }
    fn quit(&self) -> bool {
        self.quit
    }
    fn exit(&mut self) {
        // The draft and the spot: the terminal may be gone already.
        session::on_exit(self);
    }
}

/// Runs the reviewer's UI until the user quits, input ends, or a signal
/// arrives. Standard input must be the terminal.
pub fn run(app: &mut App) -> io::Result<()> {
    run_screen(app)
}

/// Runs a screen until it quits, input ends, or a signal arrives. The
/// terminal is restored on every way out, panics included (ratatui's hook).
pub(crate) fn run_screen(screen: &mut impl Screen) -> io::Result<()> {
    // SIGHUP (a dropped SSH link, a closed tmux client) and SIGTERM end the
    // loop, so that the terminal is restored and the process exits.
    platform::catch_hangup();
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(io::stdout(), event::EnableBracketedPaste);
    let result = (|| -> io::Result<()> {
        // crossterm starts listening for window-size signals on its first
        // poll: before the first draw, so that no resize goes unseen.
        if !matches!(wait(0), Wait::Ended) {
            let _ = event::poll(Duration::ZERO)?;
        }
        let mut dirty = true;
        loop {
            if dirty {
                terminal.draw(|f| screen.draw(f))?;
                dirty = false;
            }
            if screen.quit() || platform::stop_requested() {
                return Ok(());
            }
            screen.tick();
            match wait(IDLE_MS) {
                Wait::Ended => return Ok(()),
                Wait::Idle => screen.idle(),
                Wait::Ready => {}
            }
            if platform::stop_requested() || matches!(wait(0), Wait::Ended) {
                return Ok(());
            }
            // Everything crossterm has (keys, a paste, a resize), without
            // waiting: the terminal was just seen alive.
            while event::poll(Duration::ZERO)? {
                match event::read()? {
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
                        // The next draw lays out anew at the new size.
                        terminal.autoresize()?;
                        dirty = true;
                    }
                    _ => {}
                }
                if screen.quit() {
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

/// How long a pause is (ms) before the screen's idle work runs.
const IDLE_MS: i32 = 200;

/// Text being typed is saved at least this often.
pub(crate) const DRAFT_EVERY: Duration = Duration::from_secs(2);
