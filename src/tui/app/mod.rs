//! The state of the terminal UI. Views draw from `&App` only; `update.rs`
//! and the scoring modules (`score`, `session`, `export`, `prompt`) are the
//! only places it changes.

mod overlay;
mod place;

use std::path::PathBuf;

use crate::lookup::Detail;
use crate::model::Round;
use crate::review::score::{Field, Progress};
use crate::search::Matcher;
use crate::session::Session;
use crate::store::{BundleInfo, ClusterRow, Store};
use crate::tui::editor::Editor;
use crate::tui::keymap::{Keymap, Mode};

pub(crate) use overlay::{Chooser, Hit, Overlay, Purpose, SearchState, Viewer};
pub(crate) use place::{Place, Screen, Sort, Spot};

/// How the terminal may be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    /// False under `NO_COLOR`: selection by reverse video only.
    pub color: bool,
    /// ASCII borders and symbols.
    pub ascii: bool,
}

pub struct App {
    pub(crate) store: Store,
    pub(crate) bundle: BundleInfo,
    pub(crate) keymap: Keymap,
    pub(crate) look: Look,
    pub(crate) rows: Vec<ClusterRow>,
    /// Indices into `rows` that the filters let through, in sort order.
    pub(crate) shown: Vec<usize>,
    pub(crate) round: Option<Round>,
    pub(crate) prefecture: Option<String>,
    pub(crate) sort: Sort,
    pub(crate) screen: Screen,
    /// The selected row of the current screen.
    pub(crate) selected: usize,
    pub(crate) back: Vec<Place>,
    pub(crate) forward: Vec<Place>,
    /// The cluster shown on the detail and evidence screens.
    pub(crate) detail: Option<Detail>,
    /// The rubric item the evidence list is filtered by.
    pub(crate) item: Option<String>,
    pub(crate) search: Option<SearchState>,
    /// Evidence titles, loaded on the first search.
    pub(crate) titles: Vec<crate::search::TitleRow>,
    pub(crate) help: bool,
    /// The first help line shown (the help scrolls on a small terminal).
    pub(crate) help_scroll: usize,
    /// An evidence file shown as text, or its particulars.
    pub(crate) viewer: Option<Viewer>,
    pub(crate) status: Option<String>,
    /// The status says something went as asked (saved, exported), not
    /// that something was refused: drawn apart.
    pub(crate) status_good: bool,
    /// The command that opens evidence files where there is a display
    /// (`PINGSHEN_OPENER` or `opener` in config.toml; else xdg-open).
    pub(crate) opener: Option<String>,
    /// Where evidence handed to a viewer is written; removed with the app.
    pub(crate) hand_over: Option<crate::handover::HandOver>,
    pub(crate) quit: bool,
    /// Rows the list shows at once (set by the last draw), for paging.
    pub(crate) page: usize,
    pub(crate) matcher: Matcher,
    /// The reviewer's review of this bundle; none until a name is given.
    pub(crate) review: Option<Session>,
    /// A text field being typed.
    pub(crate) editor: Option<Editor>,
    /// A choice list shown.
    pub(crate) chooser: Option<Chooser>,
    /// The progress overlay shown.
    pub(crate) progress: bool,
    /// Where the reviewer's name is kept once typed (`reviewer.toml`).
    pub(crate) profile: Option<PathBuf>,
    /// The spot last saved to the store.
    pub(crate) saved_spot: Option<Spot>,
    /// Commits since the last checkpoint.
    pub(crate) commits: usize,
    /// The signing key (private key file), for exports.
    pub(crate) key: Option<PathBuf>,
    /// When the text being typed was last saved as a draft.
    pub(crate) drafted: Option<std::time::Instant>,
    /// The widest value of each list column and the decimals of the sales
    /// figures: the rows do not change, so they are measured once.
    pub(crate) measured: Measured,
    /// How far the detail is scrolled from where the selection puts it
    /// (PgUp/PgDn), until the selection moves.
    pub(crate) detail_offset: isize,
    /// The fields with text typed but not confirmed, by cluster: marked in
    /// the list and the detail, and named before an export.
    pub(crate) drafts: std::collections::BTreeSet<(String, Field)>,
}

/// Widths of the cluster list's values, measured once per bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Measured {
    pub id: usize,
    pub prefecture: usize,
    pub industry: usize,
    pub sales: usize,
    /// Decimals that show every sales figure in 万元 exactly.
    pub decimals: usize,
}

impl Measured {
    pub(crate) fn of(rows: &[ClusterRow]) -> Measured {
        use crate::model::Yuan;
        use crate::text::width;
        let decimals = rows
            .iter()
            .filter_map(|r| r.sales_increment)
            .map(|v| Yuan(v).wan_decimals())
            .max()
            .unwrap_or(0);
        let max = |f: &dyn Fn(&ClusterRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
        Measured {
            id: max(&|r| width(&r.id)),
            prefecture: max(&|r| width(&r.prefecture)),
            industry: max(&|r| width(&r.industry)),
            sales: max(&|r| {
                r.sales_increment
                    .map_or(0, |v| width(&Yuan(v).wan_fixed(decimals)))
            }),
            decimals,
        }
    }
}

impl App {
    /// A status that reports success.
    pub(crate) fn done(&mut self, msg: String) {
        self.status = Some(msg);
        self.status_good = true;
    }

    pub fn new(
        store: Store,
        bundle: BundleInfo,
        keymap: Keymap,
        look: Look,
    ) -> Result<App, crate::store::StoreError> {
        let rows = store.cluster_rows(bundle.no)?;
        let mut app = App {
            store,
            bundle,
            keymap,
            look,
            rows,
            shown: Vec::new(),
            round: None,
            prefecture: None,
            sort: Sort::Id,
            screen: Screen::List,
            selected: 0,
            back: Vec::new(),
            forward: Vec::new(),
            detail: None,
            item: None,
            search: None,
            titles: Vec::new(),
            help: false,
            help_scroll: 0,
            viewer: None,
            status: None,
            status_good: false,
            opener: None,
            hand_over: None,
            quit: false,
            page: 10,
            matcher: Matcher::default(),
            review: None,
            editor: None,
            chooser: None,
            progress: false,
            profile: None,
            saved_spot: None,
            commits: 0,
            key: None,
            drafted: None,
            drafts: Default::default(),
            detail_offset: 0,
            measured: Default::default(),
        };
        app.measured = Measured::of(&app.rows);
        app.refilter();
        Ok(app)
    }

    /// The command that opens evidence files where there is a display
    /// (none: shown in the terminal).
    pub fn set_opener(&mut self, opener: Option<String>) {
        self.opener = opener;
    }

    /// The private key that signs exports.
    pub fn set_key(&mut self, key: Option<PathBuf>) {
        self.key = key;
    }

    /// Where the reviewer's name is kept once typed.
    pub fn set_profile(&mut self, profile: Option<PathBuf>) {
        self.profile = profile;
    }

    /// Whether the user asked to quit: the event loop ends.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The overlay on top, if any: the help over the field being typed over
    /// the choice list over the viewer over the progress over the search.
    pub(crate) fn overlay(&self) -> Option<Overlay> {
        if self.help {
            Some(Overlay::Help)
        } else if self.editor.is_some() {
            Some(Overlay::Editor)
        } else if self.chooser.is_some() {
            Some(Overlay::Chooser)
        } else if self.viewer.is_some() {
            Some(Overlay::Viewer)
        } else if self.progress {
            Some(Overlay::Progress)
        } else if self.search.is_some() {
            Some(Overlay::Search)
        } else {
            None
        }
    }

    /// The mode whose key bindings apply now.
    pub(crate) fn mode(&self) -> Mode {
        match self.overlay() {
            Some(Overlay::Editor) => Mode::Edit,
            Some(Overlay::Chooser) => Mode::Choose,
            Some(Overlay::Help | Overlay::Viewer | Overlay::Progress) => Mode::Help,
            Some(Overlay::Search) => Mode::Search,
            None => match self.screen {
                Screen::List => Mode::List,
                Screen::Detail(_) => Mode::Detail,
                Screen::Evidence(_) => Mode::Evidence,
            },
        }
    }

    /// Whether a cluster has a field with a pending draft.
    pub(crate) fn has_draft(&self, cluster: &str) -> bool {
        self.drafts
            .range((cluster.to_string(), Field::Score(String::new()))..)
            .next()
            .is_some_and(|(c, _)| c == cluster)
    }

    /// The prefectures present, in id order of their first cluster.
    pub(crate) fn prefectures(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.prefecture) {
                out.push(r.prefecture.clone());
            }
        }
        out
    }

    /// Recomputes the shown rows from the filters and the sort; the
    /// selected cluster stays selected where it is still shown.
    pub(crate) fn refilter(&mut self) {
        let keep = self.shown.get(self.selected).copied();
        self.sort_rows();
        if let Some(p) = keep.and_then(|k| self.shown.iter().position(|&i| i == k)) {
            self.selected = p;
        }
    }

    fn sort_rows(&mut self) {
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.round.is_none_or(|x| r.round == x)
                    && self.prefecture.as_ref().is_none_or(|p| &r.prefecture == p)
            })
            .collect();
        let rows = &self.rows;
        // Stable sorts: equal keys keep the id order.
        let by_growth = |i: &usize| {
            rows[*i]
                .sales_growth
                .map(|g| -(g * 1000.0) as i64)
                .unwrap_or(i64::MAX)
        };
        match self.sort {
            Sort::Id => {}
            Sort::Name => shown.sort_by(|a, b| rows[*a].pinyin.cmp(&rows[*b].pinyin)),
            // The province's order (its list of prefecture-level units).
            Sort::Prefecture => shown.sort_by_key(|i| {
                crate::model::PREFECTURES
                    .iter()
                    .position(|(p, _, _)| *p == rows[*i].prefecture)
                    .unwrap_or(usize::MAX)
            }),
            // By pinyin, as names are.
            Sort::Industry => {
                shown.sort_by_cached_key(|i| crate::search::romanize(&rows[*i].industry).0)
            }
            Sort::Round => shown.sort_by_key(|i| rows[*i].round),
            Sort::Sales => {
                shown.sort_by(|a, b| rows[*b].sales_increment.cmp(&rows[*a].sales_increment))
            }
            Sort::Growth => shown.sort_by_key(by_growth),
            Sort::Flags => shown.sort_by_key(|i| !rows[*i].flagged),
            Sort::Progress => {
                if let Some(r) = &self.review {
                    shown.sort_by_key(|i| r.progress(&rows[*i].id));
                }
            }
            Sort::Total => {
                if let Some(r) = &self.review {
                    shown.sort_by_key(|i| std::cmp::Reverse(r.total(&rows[*i].id)));
                }
            }
        }
        self.shown = shown;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The evidence rows of the evidence screen, after the item filter.
    pub(crate) fn evidence_rows(&self) -> Vec<&crate::model::Evidence> {
        self.detail
            .as_ref()
            .map(|d| {
                d.evidence
                    .iter()
                    .filter(|e| self.item.as_ref().is_none_or(|i| &e.rubric_item == i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many rows the current screen has to select from.
    pub(crate) fn row_count(&self) -> usize {
        if let Some(s) = &self.search {
            return s.hits.len();
        }
        match self.screen {
            Screen::List => self.shown.len(),
            Screen::Detail(_) => self.detail_rows(),
            Screen::Evidence(_) => self.evidence_rows().len(),
        }
    }

    /// The selectable rows of the detail screen: the rubric's items, then
    /// the conclusion and the opinion.
    pub(crate) fn detail_rows(&self) -> usize {
        self.detail
            .as_ref()
            .and_then(|d| d.rubric.as_ref())
            .map_or(0, |r| r.items.len() + 2)
    }

    /// What the selected detail row is.
    pub(crate) fn detail_row(&self) -> Option<Row> {
        let r = self.detail.as_ref()?.rubric.as_ref()?;
        let n = r.items.len();
        match self.selected {
            i if i < n => Some(Row::Item(r.items[i].id.clone())),
            i if i == n => Some(Row::Conclusion),
            i if i == n + 1 => Some(Row::Opinion),
            _ => None,
        }
    }

    /// The cluster open on the detail or evidence screen.
    pub(crate) fn cluster(&self) -> Option<&str> {
        match &self.screen {
            Screen::Detail(id) | Screen::Evidence(id) => Some(&id.0),
            Screen::List => None,
        }
    }

    /// A cluster's progress for the reviewer.
    pub(crate) fn progress_of(&self, id: &str) -> Progress {
        self.review
            .as_ref()
            .map_or(Progress::NotStarted, |r| r.progress(id))
    }

    /// Where the reviewer is now.
    pub(crate) fn spot(&self) -> Spot {
        Spot {
            screen: match self.screen {
                Screen::List => "list",
                Screen::Detail(_) => "detail",
                Screen::Evidence(_) => "evidence",
            }
            .into(),
            cluster: self.cluster().map(str::to_string),
            selected: self.selected,
            round: self.round.map(|r| r.key().to_string()),
            prefecture: self.prefecture.clone(),
            sort: self.sort.key().into(),
        }
    }
}

/// A selectable row of the detail screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Row {
    Item(String),
    Conclusion,
    Opinion,
}
