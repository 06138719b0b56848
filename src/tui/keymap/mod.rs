//! Key maps: TOML, one section per mode, each binding `{ on = [keys], run =
//! "action" }`. The shipped maps are `keymaps/default.toml` and
//! `keymaps/vim.toml`; a user file (`keymap.toml` in the config folder)
//! replaces single bindings of the chosen map. Errors name the line.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use crate::i18n::{M, trf};
use crate::tui::action::Action;

pub(crate) const DEFAULT: &str = include_str!("../../../keymaps/default.toml");

pub(crate) const VIM: &str = include_str!("../../../keymaps/vim.toml");

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mode {
    /// Everywhere, unless the current mode binds the key itself.
    Global,
    List,
    Detail,
    Evidence,
    /// Typing a search: letters go to the query, so only special keys bind.
    Search,
    Help,
    /// Typing a score, a comment, an opinion or a name: as in search,
    /// only special keys bind.
    Edit,
    /// Choosing from a short list (the conclusion).
    Choose,
}

impl Mode {
    pub(crate) const ALL: [Mode; 8] = [
        Mode::Global,
        Mode::List,
        Mode::Detail,
        Mode::Evidence,
        Mode::Search,
        Mode::Help,
        Mode::Edit,
        Mode::Choose,
    ];

    /// Whether the global bindings apply in this mode (not where keys type).
    pub(crate) fn takes_global(self) -> bool {
        !matches!(self, Mode::Search | Mode::Edit | Mode::Choose)
    }
}

/// A key with its modifiers, as written in a key map (`j`, `<C-c>`, `<F1>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub(crate) code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Code {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

const NAMED: &[(&str, Code)] = &[
    ("Enter", Code::Enter),
    ("Esc", Code::Esc),
    ("Tab", Code::Tab),
    ("BackTab", Code::BackTab),
    ("Backspace", Code::Backspace),
    ("Delete", Code::Delete),
    ("Up", Code::Up),
    ("Down", Code::Down),
    ("Left", Code::Left),
    ("Right", Code::Right),
    ("PageUp", Code::PageUp),
    ("PageDown", Code::PageDown),
    ("Home", Code::Home),
    ("End", Code::End),
    ("Space", Code::Char(' ')),
];

impl Key {
    /// Parses `j`, `G`, `/`, `<Enter>`, `<C-c>`, `<A-x>`, `<F1>`.
    pub fn parse(s: &str) -> Option<Key> {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(Key {
                code: Code::Char(c),
                ctrl: false,
                alt: false,
            });
        }
        let inner = s.strip_prefix('<')?.strip_suffix('>')?;
        let (mut ctrl, mut alt) = (false, false);
        let mut rest = inner;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == rest) {
            *c
        } else if let Some(n) = rest
            .strip_prefix('F')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            Code::F(n)
        } else {
            let mut cs = rest.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Code::Char(c),
                _ => return None,
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal event, if it is one a map can bind.
    pub(crate) fn from_event(e: &KeyEvent) -> Option<Key> {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) => Code::Char(c),
            KeyCode::F(n) => Code::F(n),
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => Code::BackTab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// True for a key that types text (no Ctrl or Alt).
    pub(crate) fn typed(&self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named = NAMED
            .iter()
            .find(|(_, c)| *c == self.code)
            .map(|(n, _)| n.to_string());
        let body = match self.code {
            Code::Char(c) if named.is_none() => c.to_string(),
            Code::F(n) => format!("F{n}"),
            _ => named.unwrap_or_default(),
        };
        match (self.ctrl, self.alt, body.chars().count()) {
            (false, false, 1) => f.write_str(&body),
            (ctrl, alt, _) => write!(
                f,
                "<{}{}{body}>",
                if ctrl { "C-" } else { "" },
                if alt { "A-" } else { "" }
            ),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    on: Vec<Spanned<String>>,
    run: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    keys: Vec<RawBinding>,
    /// The actions the footer offers in the mode, most wanted first.
    footer: Option<Vec<Spanned<String>>>,
    /// The same for the merged results' view, where the mode's screen
    /// offers other actions (none: as `footer`).
    results_footer: Option<Vec<Spanned<String>>>,
}

/// A key map that does not make sense, and where.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct KeymapError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

/// Keys → actions, per mode, in the order the map lists them (for help).
#[derive(Clone, Debug, Default)]
pub struct Keymap {
    bindings: BTreeMap<Mode, Vec<(Key, Action)>>,
    footers: BTreeMap<Mode, Vec<Action>>,
    results_footers: BTreeMap<Mode, Vec<Action>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Keymap {
    /// Parses a key map. Within a mode a key may be bound once.
    pub fn parse(text: &str, source_name: &str) -> Result<Keymap, KeymapError> {
        let err = |offset: usize, message: String| KeymapError {
            source_name: source_name.to_string(),
            line: line_of(text, offset),
            message,
        };
        let raw: BTreeMap<Mode, RawSection> = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            err(at, trf(M::KeymapSyntax, &[&e.message()]))
        })?;
        let action = |name: &Spanned<String>| {
            Action::from_name(name.get_ref()).ok_or_else(|| {
                let quoted = format!("{:?}", name.get_ref());
                err(name.span().start, trf(M::KeymapUnknownAction, &[&quoted]))
            })
        };
        let mut map = Keymap::default();
        for (mode, section) in raw {
            if let Some(footer) = section.footer {
                let actions = footer.iter().map(action).collect::<Result<_, _>>()?;
                map.footers.insert(mode, actions);
            }
            if let Some(footer) = section.results_footer {
                let actions = footer.iter().map(action).collect::<Result<_, _>>()?;
                map.results_footers.insert(mode, actions);
            }
            let list = map.bindings.entry(mode).or_default();
            for b in section.keys {
                let action = action(&b.run)?;
                for k in &b.on {
                    let key = Key::parse(k.get_ref()).ok_or_else(|| {
                        let quoted = format!("{:?}", k.get_ref());
                        err(k.span().start, trf(M::KeymapUnknownKey, &[&quoted]))
                    })?;
                    if list.iter().any(|(have, _)| *have == key) {
                        let section = format!("{mode:?}").to_lowercase();
                        return Err(err(
                            k.span().start,
                            trf(M::KeymapBoundTwice, &[&key, &section]),
                        ));
                    }
                    list.push((key, action));
                }
            }
        }
        Ok(map)
    }

    /// The map with the user's bindings over it: a key the user binds in a
    /// mode takes the user's action there, and a footer the user gives a
    /// mode replaces the shipped one.
    pub(crate) fn with_overrides(mut self, user: Keymap) -> Keymap {
        self.footers.extend(user.footers);
        self.results_footers.extend(user.results_footers);
        for (mode, list) in user.bindings {
            let mine = self.bindings.entry(mode).or_default();
            for (key, action) in list {
                match mine.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = action,
                    None => mine.push((key, action)),
                }
            }
        }
        self
    }

    /// The actions the footer offers in a mode, most wanted first (the
    /// section's `footer`; a user's section with one replaces it).
    pub(crate) fn footer(&self, mode: Mode) -> &[Action] {
        self.footers.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The actions the merged results' footer offers in a mode (the
    /// section's `results_footer`, else its `footer`).
    pub(crate) fn results_footer(&self, mode: Mode) -> &[Action] {
        match self.results_footers.get(&mode) {
            Some(f) => f,
            None => self.footer(mode),
        }
    }

    /// The action of a key in a mode (the mode's own binding, else the global one).
    pub(crate) fn action(&self, mode: Mode, key: &Key) -> Option<Action> {
        let find = |m: Mode| {
            self.bindings
                .get(&m)
                .and_then(|l| l.iter().find(|(k, _)| k == key))
                .map(|(_, a)| *a)
        };
        find(mode).or_else(|| {
            if mode.takes_global() {
                find(Mode::Global)
            } else {
                None
            }
        })
    }

    /// The keys bound to an action in a mode, mode's own first.
    pub(crate) fn keys_for(&self, mode: Mode, action: Action) -> Vec<Key> {
        let of = |m: Mode| -> Vec<Key> {
            self.bindings.get(&m).map_or(Vec::new(), |l| {
                l.iter()
                    .filter(|(_, a)| *a == action)
                    .map(|(k, _)| *k)
                    .collect()
            })
        };
        let mut keys = of(mode);
        if keys.is_empty() && mode.takes_global() {
            keys = of(Mode::Global);
        }
        keys
    }

    /// Every (keys, action) of a mode, for the help screen.
    pub(crate) fn listing(&self, mode: Mode) -> Vec<(Vec<Key>, Action)> {
        let mut out: Vec<(Vec<Key>, Action)> = Vec::new();
        for (k, a) in self.bindings.get(&mode).into_iter().flatten() {
            match out.iter_mut().find(|(_, have)| have == a) {
                Some((keys, _)) => keys.push(*k),
                None => out.push((vec![*k], *a)),
            }
        }
        out
    }
}
