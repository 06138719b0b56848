//! The results view of a merge (`pingshen results RESULT.json`): the
//! ranking by round, filtered by round and prefecture, divergent clusters
//! highlighted (or alone); a cluster's scores side by side per reviewer with
//! their comments, conclusions and opinions.

mod panel;
mod panel_view;
mod view;

use ratatui::Frame;

use crate::merge::MergeResult;
use crate::tui::action::Action;
use crate::tui::app::Look;
use crate::tui::keymap::{Key, Keymap, Mode};

pub struct Results {
    pub(crate) result: MergeResult,
    pub(crate) keymap: Keymap,
    pub(crate) look: Look,
    pub(crate) round: Option<String>,
    pub(crate) prefecture: Option<String>,
    pub(crate) only_divergent: bool,
    /// Indices into `result.clusters` shown, in rank order.
    pub(crate) shown: Vec<usize>,
    pub(crate) selected: usize,
    /// The cluster open, if any.
    pub(crate) open: Option<usize>,
    pub(crate) scroll: usize,
    pub(crate) help: bool,
    pub(crate) help_scroll: usize,
    pub(crate) quit: bool,
    pub(crate) page: usize,
    /// What is searched for (`/`): the list shows what matches it.
    pub(crate) query: Option<String>,
    /// Typing the query (keys go into it).
    pub(crate) typing: bool,
    /// Each cluster's (full pinyin, initials), for the search.
    romanized: Vec<(String, String)>,
    matcher: crate::search::Matcher,
    /// The panel leader's part: the opinions, the final result.
    pub(crate) leader: panel::Leader,
}

/// A cluster of the result as the search sees it.
struct Entry<'a>(&'a crate::merge::ClusterResult, &'a (String, String));

impl crate::search::Searchable for Entry<'_> {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn name(&self) -> &str {
        &self.0.name
    }
    fn prefecture(&self) -> &str {
        &self.0.prefecture
    }
    fn pinyin(&self) -> &str {
        &self.1.0
    }
    fn initials(&self) -> &str {
        &self.1.1
    }
}

impl Results {
    pub fn new(result: MergeResult, keymap: Keymap, look: Look) -> Results {
        let mut r = Results {
            result,
            keymap,
            look,
            round: None,
            prefecture: None,
            only_divergent: false,
            shown: Vec::new(),
            selected: 0,
            open: None,
            scroll: 0,
            help: false,
            help_scroll: 0,
            quit: false,
            page: 10,
            query: None,
            typing: false,
            romanized: Vec::new(),
            matcher: crate::search::Matcher::default(),
            leader: panel::Leader::default(),
        };
        r.romanized = r
            .result
            .clusters
            .iter()
            .map(|c| crate::search::romanize(&c.name))
            .collect();
        r.refilter();
        r
    }

    fn refilter(&mut self) {
        let keep = self.shown.get(self.selected).copied();
        let r = &self.result;
        let q = self.query.as_deref().filter(|q| !q.is_empty());
        self.shown = (0..r.clusters.len())
            .filter(|&i| {
                let c = &r.clusters[i];
                self.round.as_ref().is_none_or(|x| &c.round == x)
                    && self.prefecture.as_ref().is_none_or(|p| &c.prefecture == p)
                    && (!self.only_divergent || !c.divergence.is_empty())
                    && q.is_none_or(|q| {
                        self.matcher
                            .score(&Entry(c, &self.romanized[i]), q)
                            .is_some()
                    })
            })
            .collect();
        match keep.and_then(|k| self.shown.iter().position(|&i| i == k)) {
            Some(p) => self.selected = p,
            None => self.selected = self.selected.min(self.shown.len().saturating_sub(1)),
        }
    }

    fn rounds(&self) -> Vec<String> {
        let mut v: Vec<String> = self.result.items.keys().cloned().collect();
        v.sort();
        v
    }

    fn prefectures(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for c in &self.result.clusters {
            if !c.prefecture.is_empty() && !v.contains(&c.prefecture) {
                v.push(c.prefecture.clone());
            }
        }
        v.sort();
        v
    }

    fn mode(&self) -> Mode {
        if self.leader.editor.is_some() {
            Mode::Edit
        } else if self.leader.confirming.is_some() {
            Mode::Choose
        } else if self.help {
            Mode::Help
        } else if self.typing {
            Mode::Search
        } else if self.open.is_some() {
            Mode::Detail
        } else {
            Mode::List
        }
    }

    /// Applies a key through the key map.
    /// Whether the user asked to quit: the event loop ends.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    pub fn on_key(&mut self, key: Key) {
        let mode = self.mode();
        self.leader.status = None;
        match mode {
            Mode::Edit => return self.edit_key(self.keymap.action(mode, &key), key.typed()),
            Mode::Choose => return self.answer(self.keymap.action(mode, &key), key.typed()),
            _ => {}
        }
        let Some(action) = self.keymap.action(mode, &key) else {
            // Typed into the search.
            if mode == Mode::Search
                && let Some(c) = key.typed()
            {
                self.query.get_or_insert_default().push(c);
                self.refilter();
            }
            return;
        };
        if mode == Mode::Search {
            match action {
                Action::Cancel => {
                    self.query = None;
                    self.typing = false;
                }
                Action::Open => self.typing = false,
                Action::DeleteBack => {
                    if let Some(q) = self.query.as_mut() {
                        q.pop();
                    }
                }
                Action::Up => self.step(-1),
                Action::Down => self.step(1),
                Action::Help => self.help = true,
                _ => {}
            }
            self.refilter();
            return;
        }
        let next = |all: Vec<String>, now: &Option<String>| match now {
            None => all.first().cloned(),
            Some(x) => all
                .iter()
                .position(|a| a == x)
                .and_then(|i| all.get(i + 1).cloned()),
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Cancel if self.help => self.help = false,
            Action::Search if self.open.is_none() => {
                self.typing = true;
                self.query.get_or_insert_default();
            }
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-(self.page as isize)),
            Action::PageDown => self.step(self.page as isize),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Open | Action::Edit if self.open.is_none() => {
                self.open = self.shown.get(self.selected).copied();
                self.scroll = 0;
            }
            Action::Back | Action::Cancel if self.open.is_some() => {
                self.open = None;
            }
            // Back on the list: the search is dropped first.
            Action::Back | Action::Cancel if self.query.is_some() => {
                self.query = None;
                self.refilter();
            }
            Action::NextRound => {
                self.round = next(self.rounds(), &self.round);
                self.refilter();
            }
            Action::NextPrefecture => {
                self.prefecture = next(self.prefectures(), &self.prefecture);
                self.refilter();
            }
            Action::NextSort | Action::Progress => {
                self.only_divergent = !self.only_divergent;
                self.refilter();
            }
            // The panel's opinion: on the cluster open, else the overall one.
            Action::Opinion => {
                let cluster = self.open.map(|i| self.result.clusters[i].id.clone());
                self.open_opinion(cluster);
            }
            Action::Export => self.ask_finalize(),
            _ => {}
        }
    }

    fn step(&mut self, by: isize) {
        if self.help {
            self.help_scroll = (self.help_scroll as isize)
                .saturating_add(by)
                .clamp(0, 10_000) as usize;
            return;
        }
        if self.open.is_some() {
            self.scroll = (self.scroll as isize).saturating_add(by).clamp(0, 10_000) as usize;
            return;
        }
        let n = self.shown.len();
        self.selected = if n == 0 {
            0
        } else {
            (self.selected as isize)
                .saturating_add(by)
                .clamp(0, n as isize - 1) as usize
        };
    }
}

impl crate::tui::Screen for Results {
    fn draw(&mut self, frame: &mut Frame<'_>) {
        Results::draw(self, frame);
    }
    fn key(&mut self, key: Key) {
        self.on_key(key);
    }
    fn paste(&mut self, text: &str) {
        self.paste_text(text);
    }
    fn idle(&mut self) {
        self.save_draft();
    }
    fn tick(&mut self) {
        // Typing without a pause still saves its draft every two seconds.
        let due = self
            .leader
            .drafted
            .is_none_or(|t| t.elapsed() >= crate::tui::DRAFT_EVERY);
        if due {
            self.save_draft();
        }
    }
    fn quit(&self) -> bool {
        self.quit
    }
    fn exit(&mut self) {
        // The draft: the terminal may be gone already.
        self.save_draft();
    }
}

/// Runs the results view until the user quits.
pub fn run(app: &mut Results) -> std::io::Result<()> {
    crate::tui::run_screen(app)
}
